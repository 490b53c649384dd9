//! Query translation between English and Russian, explainable term by term.
//!
//! A query is segmented as the index segments text; at each position the
//! longest curated glossary term wins (`freedom of assembly` → `свобода
//! собраний`, never word by word). A single word not in the glossary is
//! translated from, in order of trust:
//!
//! | source | weight | why |
//! |---|---|---|
//! | glossary | 1.0 | curated for the domain |
//! | learned  | ≤ 0.8 | induced from this corpus's own parallel sentences |
//! | lexicon  | ≤ 0.6 | general dictionary: broad, but senses are not domain-ranked |
//! | translit | ≤ 0.4 | a guess at a name's spelling in the other script |
//!
//! Names (capitalised words, and words no dictionary knows) are
//! transliterated; numbers carry over unchanged. Translations with the same
//! index key are merged (`пытка`/`пытки`) and each term fans out to at most
//! [`MAX_FANOUT`] translations so that a query stays fast and precise.

use crate::fold::{fold, is_cyrillic};
use crate::glossary::glossary;
use crate::key::{term_key, text_keys};
use crate::lexicon::lexicon;
use crate::stop::is_stop_word;
use crate::translit::{cyrillic_variants, latin_variants};
use pressroom_model::Lang;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// Translations kept per query term.
pub const MAX_FANOUT: usize = 4;

const W_GLOSSARY: f32 = 1.0;
const W_LEARNED: f32 = 0.8;
const W_LEXICON: f32 = 0.6;
const W_TRANSLIT: f32 = 0.4;
/// Each further sense of the same source is trusted a little less.
const RANK_DECAY: f32 = 0.9;

/// Where a translation came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    Glossary,
    Learned,
    Lexicon,
    Translit,
    /// Written the same in both languages (numbers).
    Same,
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Via::Glossary => "glossary",
            Via::Learned => "learned",
            Via::Lexicon => "lexicon",
            Via::Translit => "translit",
            Via::Same => "same",
        })
    }
}

/// One translation of a query term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Translation {
    /// Lowercase text in the target language (a word or a phrase).
    pub text: String,
    pub lang: Lang,
    pub via: Via,
    /// Trust in (0, 1]; see the module table.
    pub weight: f32,
}

/// A word or glossary phrase of the query with its translations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryTerm {
    /// The term as written in the query.
    pub source: String,
    pub lang: Lang,
    /// Best first; empty when nothing is known (the term still searches as
    /// itself).
    pub translations: Vec<Translation>,
}

impl fmt::Display for QueryTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.source, self.lang)?;
        if self.translations.is_empty() {
            return write!(f, " → (no translation)");
        }
        for (i, t) in self.translations.iter().enumerate() {
            let sep = if i == 0 { " → " } else { ", " };
            write!(f, "{sep}{} [{} {:.2}]", t.text, t.via, t.weight)?;
        }
        Ok(())
    }
}

/// The language of a query from its script: the script of most words,
/// ties going to the first word's (`пытки Tokayev` is a Russian query about
/// a name written in Latin).
pub fn detect_query_lang(text: &str) -> Lang {
    let words = crate::tokens::words(text);
    let scripts: Vec<bool> = words
        .iter()
        .filter(|w| w.text.chars().any(char::is_alphabetic))
        .map(|w| is_cyrillic(&w.text))
        .collect();
    let cyr = scripts.iter().filter(|&&c| c).count();
    let lat = scripts.len() - cyr;
    let russian = cyr > lat || (cyr == lat && scripts.first() == Some(&true));
    if russian { Lang::Ru } else { Lang::En }
}

/// Learned pairs indexed by source key, best first.
type LearnedIndex = HashMap<String, Vec<(String, f32)>>;

/// Translates queries with the glossary, the general lexicon, an optional
/// learned lexicon and transliteration.
#[derive(Debug, Clone)]
pub struct Translator {
    learned_en_ru: LearnedIndex,
    learned_ru_en: LearnedIndex,
    fanout: usize,
}

impl Default for Translator {
    fn default() -> Self {
        Translator {
            learned_en_ru: LearnedIndex::new(),
            learned_ru_en: LearnedIndex::new(),
            fanout: MAX_FANOUT,
        }
    }
}

impl Translator {
    /// A translator with the built-in glossary and lexicon.
    pub fn new() -> Translator {
        Translator::default()
    }

    /// Add translation pairs induced from the corpus's aligned sentences:
    /// `(english, russian, weight)`, weight in (0, 1] (higher = more
    /// reliable). Both directions are used.
    pub fn with_learned(pairs: Vec<(String, String, f32)>) -> Translator {
        let mut t = Translator::default();
        for (en, ru, w) in pairs {
            let w = w.clamp(0.0, 1.0);
            if w <= 0.0 || en.trim().is_empty() || ru.trim().is_empty() {
                continue;
            }
            let (en, ru) = (en.to_lowercase(), ru.to_lowercase());
            t.learned_en_ru
                .entry(text_keys(&en).join(" "))
                .or_default()
                .push((ru.clone(), w));
            t.learned_ru_en
                .entry(text_keys(&ru).join(" "))
                .or_default()
                .push((en, w));
        }
        for list in t
            .learned_en_ru
            .values_mut()
            .chain(t.learned_ru_en.values_mut())
        {
            list.sort_by(|a, b| b.1.total_cmp(&a.1));
        }
        t
    }

    /// Allow up to `n` translations per term (default [`MAX_FANOUT`]): more
    /// recall for matching whole sentences or documents, where a wrong sense
    /// costs less than in a query.
    pub fn with_fanout(mut self, n: usize) -> Translator {
        self.fanout = n.max(1);
        self
    }

    /// Number of learned source entries (both directions).
    pub fn learned_len(&self) -> usize {
        self.learned_en_ru.len() + self.learned_ru_en.len()
    }

    /// Split `text` into terms (glossary phrases first, longest match) and
    /// translate each into the other language. Stop words are left out.
    pub fn translate_query(&self, text: &str, from: Lang) -> Vec<QueryTerm> {
        let from = if from == Lang::Ru { Lang::Ru } else { Lang::En };
        let to = if from == Lang::Ru { Lang::En } else { Lang::Ru };
        let tokens = crate::tokens::words(text);
        let keys: Vec<String> = tokens.iter().map(|t| term_key(&t.text)).collect();
        let mut terms = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let matched = glossary().longest_match(&keys, i, from);
            let n = matched.map_or(1, |(n, _)| n);
            let source = &text[tokens[i].start..tokens[i + n - 1].end];
            let folded = fold(&tokens[i].text);
            let is_stop = n == 1 && is_stop_word(&folded, from);
            if is_stop && matched.is_none() {
                i += 1;
                continue;
            }
            let mut out: Vec<Translation> = Vec::new();
            if let Some((_, entry)) = matched {
                for (rank, t) in entry.terms(to).iter().enumerate() {
                    push(&mut out, t, to, Via::Glossary, W_GLOSSARY * decay(rank));
                }
            }
            if n == 1 && out.is_empty() {
                self.translate_word(&tokens[i].text, &keys[i], from, to, &mut out);
            }
            out.truncate(self.fanout);
            terms.push(QueryTerm {
                source: source.to_string(),
                lang: from,
                translations: out,
            });
            i += n;
        }
        terms
    }

    fn translate_word(
        &self,
        word: &str,
        key: &str,
        from: Lang,
        to: Lang,
        out: &mut Vec<Translation>,
    ) {
        let folded = fold(word);
        if folded.chars().all(|c| c.is_ascii_digit()) {
            push(out, &folded, to, Via::Same, W_GLOSSARY);
            return;
        }
        let dictionary = if from == Lang::Ru {
            lexicon().ru_to_en(&folded)
        } else {
            lexicon().en_to_ru(&folded)
        };
        let learned = if from == Lang::Ru {
            &self.learned_ru_en
        } else {
            &self.learned_en_ru
        };
        let dictionary_keys: Vec<Vec<String>> = dictionary
            .iter()
            .map(|t| text_keys(&t.to_lowercase()))
            .collect();
        for (rank, (t, w)) in learned.get(key).into_iter().flatten().take(3).enumerate() {
            // The corpus confirming a dictionary sense makes it the one to
            // use. A sense the dictionary lacks may be a domain usage the
            // dictionary misses or an alignment accident, so it must be
            // well supported to outrank the dictionary: its weight is
            // squared (a pair seen in two sentences of one release stays
            // low, one seen across many pairs keeps most of its weight).
            let weight = if dictionary.is_empty()
                || dictionary_keys.contains(&text_keys(&t.to_lowercase()))
            {
                (W_LEARNED * w).max(W_LEXICON)
            } else {
                W_LEARNED * w * w
            } * decay(rank);
            push(out, t, to, Via::Learned, weight);
        }
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        // A capitalised word the dictionaries do not know is a name; a known
        // capitalised word may be either (`Smith`, `Mangystau`), so it gets
        // both, dictionary first.
        let name_like = capitalised || (dictionary.is_empty() && out.is_empty());
        for (rank, t) in dictionary
            .iter()
            .take(self.fanout.saturating_sub(1).max(3))
            .enumerate()
        {
            push(out, t, to, Via::Lexicon, W_LEXICON * decay(rank));
        }
        if name_like && is_cyrillic(&folded) == (from == Lang::Ru) {
            let variants = if from == Lang::Ru {
                latin_variants(&folded)
            } else {
                cyrillic_variants(&folded)
            };
            for (rank, v) in variants.iter().take(2).enumerate() {
                push(out, v, to, Via::Translit, W_TRANSLIT * decay(rank));
            }
        }
        out.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    }
}

fn decay(rank: usize) -> f32 {
    RANK_DECAY.powi(rank as i32)
}

/// Add a translation unless one with the same index keys is already there.
fn push(out: &mut Vec<Translation>, text: &str, lang: Lang, via: Via, weight: f32) {
    let text = text.to_lowercase();
    let keys = text_keys(&text);
    if keys.is_empty() || out.iter().any(|t| text_keys(&t.text) == keys) {
        return;
    }
    out.push(Translation {
        text,
        lang,
        via,
        weight,
    });
}

/// A multi-line explanation of a translated query, one term per line.
pub fn explain(terms: &[QueryTerm]) -> String {
    terms
        .iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str, from: Lang) -> Vec<Translation> {
        Translator::new()
            .translate_query(text, from)
            .into_iter()
            .next()
            .map(|t| t.translations)
            .unwrap_or_default()
    }

    #[test]
    fn domain_terms_use_the_glossary() {
        let t = first("torture", Lang::En);
        assert!(t.iter().any(|t| term_key(&t.text) == term_key("пытки")));
        assert_eq!(t[0].via, Via::Glossary);
        let t = first("freedom of assembly", Lang::En);
        assert_eq!(t[0].text, "свобода собраний");
        let t = first("задержание", Lang::Ru);
        assert_eq!(t[0].text, "detention");
    }

    #[test]
    fn names_are_transliterated() {
        let t = first("Tokayev", Lang::En);
        assert!(t.iter().any(|t| t.text == "токаев"), "{t:?}");
        let t = first("Жовтис", Lang::Ru);
        assert!(t.iter().any(|t| t.text == "zhovtis"), "{t:?}");
        let t = first("Бекмуханбетова", Lang::Ru);
        assert_eq!(t[0].via, Via::Translit);
        assert!(t[0].text.starts_with("bekmukhanbetov"), "{t:?}");
    }

    #[test]
    fn query_is_split_into_terms_stop_words_dropped() {
        let terms = Translator::new()
            .translate_query("torture of human rights defenders in 2022", Lang::En);
        let sources: Vec<&str> = terms.iter().map(|t| t.source.as_str()).collect();
        assert_eq!(sources, ["torture", "human rights defenders", "2022"]);
        assert_eq!(terms[2].translations[0].text, "2022");
        assert!(terms.iter().all(|t| t.translations.len() <= MAX_FANOUT));
    }

    #[test]
    fn weights_rank_sources() {
        let learned = Translator::with_learned(vec![("wrench".into(), "ключ".into(), 1.0)]);
        let t = &learned.translate_query("wrench", Lang::En)[0].translations;
        assert_eq!(t[0].via, Via::Learned);
        assert!(t.iter().any(|t| t.via == Via::Lexicon));
        assert!(t.windows(2).all(|w| w[0].weight >= w[1].weight));
        let back = &learned.translate_query("ключом", Lang::Ru)[0];
        assert_eq!(back.translations[0].text, "wrench");
    }

    #[test]
    fn learned_senses_the_lexicon_contradicts_rank_below_it() {
        // Alignment noise from one release: "security" next to "ранения".
        let learned = Translator::with_learned(vec![
            ("security".into(), "ранения".into(), 0.5),
            ("zorbex".into(), "зорбекс".into(), 0.5),
        ]);
        let t = &learned.translate_query("security", Lang::En)[0].translations;
        assert_eq!(t[0].via, Via::Lexicon, "{t:?}");
        let noise = t
            .iter()
            .find(|t| t.text == "ранения")
            .expect("kept, ranked low");
        assert!(noise.weight < W_LEXICON, "{t:?}");
        // A word no dictionary knows takes the corpus's translation first.
        let t = &learned.translate_query("zorbex", Lang::En)[0].translations;
        assert_eq!(
            (t[0].text.as_str(), t[0].via),
            ("зорбекс", Via::Learned),
            "{t:?}"
        );
    }

    #[test]
    fn script_decides_query_language() {
        assert_eq!(detect_query_lang("пытки Tokayev"), Lang::Ru);
        assert_eq!(detect_query_lang("torture Токаев"), Lang::En);
        assert_eq!(detect_query_lang("2022"), Lang::En);
    }
}
