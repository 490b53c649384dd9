//! The index key of a word: fold → stop words → Russian lemma → Snowball
//! stem. One function, used alike for indexing, querying, highlighting and
//! alignment, so that the same word always meets itself.

use crate::fold::{fold, is_cyrillic};
use crate::stop::is_stop_word;
use pressroom_model::Lang;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));

/// Snowball stem of an already folded word, by the word's own script:
/// Latin words inside Russian text (names, acronyms) are stemmed as English
/// and Cyrillic words inside English text as Russian, so a name gets the
/// same key wherever it appears.
pub fn stem(folded: &str) -> String {
    if is_cyrillic(folded) {
        RUSSIAN.stem(folded).into_owned()
    } else if folded.chars().any(|c| c.is_ascii_alphabetic()) {
        ENGLISH.stem(folded).into_owned()
    } else {
        folded.to_string()
    }
}

/// The index key of `word` in a text of language `lang`, or `None` for a
/// stop word.
pub fn index_key(word: &str, lang: Lang) -> Option<String> {
    let folded = fold(word);
    // A stop word is one in the language of its own script.
    let script_lang = if is_cyrillic(&folded) {
        Lang::Ru
    } else {
        Lang::En
    };
    if is_stop_word(&folded, script_lang) || (lang != script_lang && is_stop_word(&folded, lang)) {
        return None;
    }
    // Russian forms that Snowball splits (пытки/пыток) meet through their lemma.
    // Only Cyrillic words can have a Russian lemma; Latin ones skip loading the table.
    let lemma = if script_lang == Lang::Ru {
        crate::lemma::lemma(&folded)
    } else {
        None
    };
    Some(stem(lemma.unwrap_or(&folded)))
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
    fn stop_words_have_no_key() {
        assert_eq!(index_key("The", Lang::En), None);
        assert_eq!(index_key("и", Lang::Ru), None);
    }
}
