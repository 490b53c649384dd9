//! The tantivy face of `pressroom_analysis`: one tokenizer per index
//! language, both built from the same segmentation and index-key steps, so
//! indexing, querying and snippet highlighting always agree.

use pressroom_analysis::{stem::index_key, tokens::words};
use pressroom_model::Lang;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

pub const EN_TOKENIZER: &str = "pressroom_en";
pub const RU_TOKENIZER: &str = "pressroom_ru";
pub const LOWER_TOKENIZER: &str = "pressroom_lower";

/// A token as the index sees it: key, position and byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyToken {
    pub key: String,
    pub position: usize,
    pub start: usize,
    pub end: usize,
}

/// Analyse `text` as a text of language `lang`. Stop words are dropped but
/// keep their position, so phrase queries across them still match.
pub fn analyze(text: &str, lang: Lang) -> Vec<KeyToken> {
    words(text)
        .into_iter()
        .enumerate()
        .filter_map(|(position, w)| {
            index_key(&w.text, lang).map(|key| KeyToken {
                key,
                position,
                start: w.start,
                end: w.end,
            })
        })
        .collect()
}

#[derive(Clone)]
pub struct PressroomTokenizer {
    lang: Lang,
}

pub struct KeyTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for KeyTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for PressroomTokenizer {
    type TokenStream<'a> = KeyTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> KeyTokenStream {
        let tokens = analyze(text, self.lang)
            .into_iter()
            .map(|t| Token {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                text: t.key,
                position_length: 1,
            })
            .collect();
        KeyTokenStream { tokens, next: 0 }
    }
}

/// Register the pressroom tokenizers on an index.
pub fn register(index: &tantivy::Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(
        EN_TOKENIZER,
        TextAnalyzer::from(PressroomTokenizer { lang: Lang::En }),
    );
    tokenizers.register(
        RU_TOKENIZER,
        TextAnalyzer::from(PressroomTokenizer { lang: Lang::Ru }),
    );
    tokenizers.register(
        LOWER_TOKENIZER,
        TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .build(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_leave_position_gaps() {
        let toks = analyze("freedom of assembly", Lang::En);
        assert_eq!(toks.len(), 2);
        assert_eq!((toks[0].position, toks[1].position), (0, 2));
    }
}
