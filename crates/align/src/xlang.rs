//! Query translation for the aligner's own cross-language searches.
//!
//! Candidate generation asks the search index for documents in the other
//! language that share a document's salient words. The index translates
//! query words through a [`QueryTranslator`]; this one uses what the aligner
//! itself trusts: names transliterated into the other script (each variant
//! the transliteration scheme ranks plausible) and the bilingual word pairs
//! given to it (the general lexicon, a learned lexicon, a glossary).

use pressroom_analysis::fold::is_cyrillic;
use pressroom_analysis::translit::{cyrillic_variants, latin_variants};
use pressroom_model::Lang;
use pressroom_search::{QueryTranslator, TranslatedSpan, Translation};
use std::collections::HashMap;

/// Variants of a name kept per word: the scheme ranks them, and the tail
/// rarely helps while it widens every query.
const NAME_VARIANTS: usize = 3;

/// Names and word pairs, both directions.
#[derive(Debug, Default, Clone)]
pub struct AnchorTranslator {
    /// Lower-case word → translations into the other language.
    words: HashMap<String, Vec<(String, Lang)>>,
}

impl AnchorTranslator {
    pub fn new() -> AnchorTranslator {
        AnchorTranslator::default()
    }

    /// Add word pairs (English, Russian), usable in both directions.
    pub fn with_pairs<'a>(mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        for (en, ru) in pairs {
            let (en, ru) = (en.to_lowercase(), ru.to_lowercase());
            self.words
                .entry(en.clone())
                .or_default()
                .push((ru.clone(), Lang::Ru));
            self.words.entry(ru).or_default().push((en, Lang::En));
        }
        self
    }
}

impl QueryTranslator for AnchorTranslator {
    fn translate_words(&self, words: &[String]) -> Vec<TranslatedSpan> {
        let mut out = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let mut translations: Vec<Translation> = Vec::new();
            if w.chars().next().is_some_and(char::is_uppercase) {
                let (variants, lang) = if is_cyrillic(w) {
                    (latin_variants(w), Lang::En)
                } else {
                    (cyrillic_variants(w), Lang::Ru)
                };
                for (rank, v) in variants.into_iter().take(NAME_VARIANTS).enumerate() {
                    translations.push(Translation {
                        text: v,
                        lang,
                        weight: 1.0 / (1.0 + rank as f32),
                        via: "translit".into(),
                    });
                }
            }
            if let Some(list) = self.words.get(&w.to_lowercase()) {
                for (rank, (t, lang)) in list.iter().enumerate() {
                    translations.push(Translation {
                        text: t.clone(),
                        lang: *lang,
                        weight: 0.8 / (1.0 + rank as f32),
                        via: "lexicon".into(),
                    });
                }
            }
            if !translations.is_empty() {
                out.push(TranslatedSpan {
                    start: i,
                    end: i + 1,
                    translations,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cross_scripts_and_words_both_ways() {
        let t = AnchorTranslator::new().with_pairs([("torture", "пытка")]);
        let spans = t.translate_words(&["Tokayev".into(), "torture".into(), "пытка".into()]);
        assert_eq!(spans.len(), 3);
        assert!(spans[0].translations.iter().any(|t| t.text == "токаев"));
        assert_eq!(spans[1].translations[0].text, "пытка");
        assert_eq!(spans[2].translations[0].text, "torture");
    }
}
