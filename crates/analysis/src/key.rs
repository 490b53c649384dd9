//! The key of a word, the one pipeline every stage uses so that a word
//! always meets itself:
//!
//! ```text
//! fold (lowercase, ё→е) → stop (drop function words) → lemma (Russian forms
//! Snowball splits) → stem (Snowball, by the word's script)
//! ```
//!
//! Each step is a module of its own and testable alone ([`crate::fold`],
//! [`crate::stop`], [`crate::lemma`], [`crate::stem`]); this module only
//! chains them, once. [`index_key`] runs every step and is what indexing,
//! querying, highlighting and alignment use. [`term_key`] is the same chain
//! without the stop step, for glossary and lexicon terms: a term is matched
//! as a whole sequence of keys, where a stop word is part of it (`right to
//! life`, `freedom of assembly`), so it must have a key too.

use crate::fold::{fold, is_cyrillic};
use crate::lemma::lemma;
use crate::stem::stem;
use crate::stop::is_stop_word;
use pressroom_model::Lang;

/// The language whose stop list and lemmas apply to a folded word: that of
/// its own script, so a Latin name in a Russian text keys as it does in an
/// English one.
fn script_lang(folded: &str) -> Lang {
    if is_cyrillic(folded) {
        Lang::Ru
    } else {
        Lang::En
    }
}

/// The pipeline. `stop_in`: the language of the text when stop words are
/// dropped, `None` to keep them.
fn key(word: &str, stop_in: Option<Lang>) -> Option<String> {
    let folded = fold(word);
    let script = script_lang(&folded);
    if let Some(lang) = stop_in
        // A stop word is one in the language of its own script, or of the
        // text it stands in.
        && (is_stop_word(&folded, script) || (lang != script && is_stop_word(&folded, lang)))
    {
        return None;
    }
    // Only Cyrillic words have a Russian lemma; Latin ones skip the table.
    let lemma = if script == Lang::Ru {
        lemma(&folded)
    } else {
        None
    };
    Some(stem(lemma.unwrap_or(&folded)))
}

/// The index key of `word` in a text of language `lang`, or `None` for a
/// stop word.
pub fn index_key(word: &str, lang: Lang) -> Option<String> {
    key(word, Some(lang))
}

/// The key of a word of a glossary or lexicon term: [`index_key`] without
/// the stop step (see the module docs).
pub fn term_key(word: &str) -> String {
    key(word, None).unwrap_or_default()
}

/// Term keys of the words of a text, in order (segmented as the index does).
pub fn text_keys(text: &str) -> Vec<String> {
    crate::tokens::words(text)
        .iter()
        .map(|w| term_key(&w.text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_share_a_key() {
        assert_eq!(index_key("пытки", Lang::Ru), index_key("пытках", Lang::Ru));
        assert_eq!(
            index_key("Torture", Lang::En),
            index_key("tortured", Lang::En)
        );
        assert_eq!(index_key("Алёна", Lang::Ru), index_key("Алена", Lang::Ru));
    }

    #[test]
    fn keys_do_not_depend_on_the_document_language() {
        assert_eq!(
            index_key("Tokayev", Lang::Ru),
            index_key("Tokayev", Lang::En)
        );
        assert_eq!(index_key("Токаев", Lang::En), index_key("Токаев", Lang::Ru));
    }

    #[test]
    fn stop_words_have_no_index_key_but_a_term_key() {
        assert_eq!(index_key("The", Lang::En), None);
        assert_eq!(index_key("и", Lang::Ru), None);
        assert_eq!(term_key("of"), "of");
        assert_eq!(text_keys("freedom of assembly").len(), 3);
    }

    #[test]
    fn fleeting_vowel_and_participles_meet_their_lemma() {
        assert_eq!(term_key("пыток"), term_key("пытки"));
        assert_eq!(term_key("задержан"), term_key("задержание"));
        assert_eq!(term_key("Правозащитников"), term_key("правозащитник"));
    }

    #[test]
    fn reflexive_verbs_keep_out_of_families_of_their_base_verb() {
        // пытать (torture) is in the family of пытка; пытаться (try) is not.
        assert_eq!(term_key("пытали"), term_key("пытки"));
        for trying in ["пытается", "пытались", "пытаясь", "пытаться"]
        {
            assert_ne!(term_key(trying), term_key("пытки"), "{trying}");
        }
        // A family may list reflexive members of its own.
        assert_eq!(term_key("вмешивается"), term_key("вмешательство"));
        assert_eq!(term_key("вмешались"), term_key("вмешательства"));
    }

    #[test]
    fn a_word_that_is_no_stop_word_has_the_same_key_either_way() {
        for w in ["Tokayev", "пыток", "detained", "задержан", "2022", "Алёна"] {
            assert_eq!(
                index_key(w, Lang::Ru).as_deref(),
                Some(term_key(w).as_str())
            );
        }
        assert_eq!(term_key("Tokayev"), stem("tokayev"));
    }
}
