//! Query translation for the aligner's own cross-language searches.
//!
//! Candidate generation and the retrieval evaluation ask the search index
//! for documents in the other language. The index translates query words
//! through a [`QueryTranslator`]; this adapter lends it the analysis crate's
//! [`Translator`] (glossary phrases, general lexicon, learned pairs,
//! transliterated names), mapping each translated term back to the query
//! words it covers.

use pressroom_analysis::tokens::words;
use pressroom_analysis::translate::{Translator, detect_query_lang};
use pressroom_search::{QueryTranslator, TranslatedSpan, Translation};

/// [`Translator`] as the search index's [`QueryTranslator`].
#[derive(Debug, Clone, Default)]
pub struct AnchorTranslator {
    inner: Translator,
}

impl AnchorTranslator {
    pub fn new(inner: Translator) -> AnchorTranslator {
        AnchorTranslator { inner }
    }
}

impl QueryTranslator for AnchorTranslator {
    fn translate_words(&self, query_words: &[String]) -> Vec<TranslatedSpan> {
        let text = query_words.join(" ");
        // Byte start of each query word in `text`.
        let mut starts = Vec::with_capacity(query_words.len());
        let mut pos = 0;
        for w in query_words {
            starts.push(pos);
            pos += w.len() + 1;
        }
        let word_at = |byte: usize| starts.partition_point(|&s| s <= byte).saturating_sub(1);
        let mut out = Vec::new();
        let mut cursor = 0;
        for term in self.inner.translate_query(&text, detect_query_lang(&text)) {
            // Terms come in text order, each a slice of `text`.
            let Some(found) = text[cursor..].find(&term.source) else {
                continue;
            };
            let (start, end) = (cursor + found, cursor + found + term.source.len());
            cursor = end;
            if term.translations.is_empty() || words(&term.source).is_empty() {
                continue;
            }
            out.push(TranslatedSpan {
                start: word_at(start),
                end: word_at(end.saturating_sub(1)) + 1,
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
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_words_they_translate() {
        let t = AnchorTranslator::default();
        let q: Vec<String> = ["Tokayev", "restricts", "freedom", "of", "assembly"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let spans = t.translate_words(&q);
        let name = spans
            .iter()
            .find(|s| s.start == 0)
            .expect("name translated");
        assert_eq!(name.end, 1);
        assert!(name.translations.iter().any(|t| t.text == "токаев"));
        assert!(
            spans.iter().any(|s| s.start == 2 && s.end == 5),
            "the glossary phrase is one span: {spans:?}"
        );
    }
}
