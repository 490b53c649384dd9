//! The bridge from `pressroom_analysis::translate::Translator` (glossary,
//! general lexicon, learned pairs, transliteration) to the index's
//! [`QueryTranslator`]: the translator works on text, the index on the
//! query's words, so term positions are mapped back to word spans.

use crate::{QueryTranslator, TranslatedSpan, Translation};
use pressroom_analysis::translate::{Translator, detect_query_lang};

impl QueryTranslator for Translator {
    fn translate_words(&self, words: &[String]) -> Vec<TranslatedSpan> {
        // Byte range of each word in the joined text.
        let mut text = String::new();
        let mut ranges = Vec::with_capacity(words.len());
        for w in words {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(w);
            ranges.push(start..text.len());
        }
        let from = detect_query_lang(&text);
        let mut cursor = 0;
        let mut spans = Vec::new();
        for term in self.translate_query(&text, from) {
            let Some(found) = text[cursor..].find(&term.source) else {
                continue;
            };
            let (start, end) = (cursor + found, cursor + found + term.source.len());
            cursor = end;
            let first = ranges.iter().position(|r| r.end > start);
            let last = ranges.iter().rposition(|r| r.start < end);
            let (Some(first), Some(last)) = (first, last) else {
                continue;
            };
            if term.translations.is_empty() {
                continue;
            }
            spans.push(TranslatedSpan {
                start: first,
                end: last + 1,
                translations: term
                    .translations
                    .into_iter()
                    .map(|t| Translation {
                        text: t.text,
                        lang: t.lang,
                        weight: t.weight,
                        via: t.via.to_string(),
                    })
                    .collect(),
            });
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pressroom_model::Lang;

    #[test]
    fn multi_word_terms_map_back_to_their_words() {
        let words: Vec<String> = ["torture", "freedom", "of", "assembly", "Tokayev"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let spans = Translator::new().translate_words(&words);
        let span = |text: &str| {
            spans
                .iter()
                .find(|s| s.translations.iter().any(|t| t.text.contains(text)))
                .unwrap_or_else(|| panic!("no span translating to {text}: {spans:?}"))
        };
        assert_eq!((span("пытк").start, span("пытк").end), (0, 1));
        assert_eq!((span("собран").start, span("собран").end), (1, 4));
        let tokayev = span("токаев");
        assert_eq!((tokayev.start, tokayev.end), (4, 5));
        assert!(
            tokayev
                .translations
                .iter()
                .all(|t| t.lang == Lang::Ru || t.lang == Lang::En)
        );
    }
}
