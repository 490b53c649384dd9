//! The tantivy face of `pressroom_analysis`: one tokenizer per index
//! language, both built from the same segmentation and index-key steps, so
//! indexing, querying and snippet highlighting always agree.

use pressroom_analysis::{stem::index_key, tokens::words, translit::name_key};
use pressroom_model::Lang;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

pub const EN_TOKENIZER: &str = "pressroom_en";
pub const RU_TOKENIZER: &str = "pressroom_ru";
pub const LOWER_TOKENIZER: &str = "pressroom_lower";
pub const NAMES_TOKENIZER: &str = "pressroom_names";

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

/// Script-independent keys of the capitalised words of `text` (names, in
/// practice): `Tokayev`, `Tokaev` and `Токаев` all give one key, so a name
/// matches however it was transliterated.
pub fn name_keys(text: &str) -> Vec<KeyToken> {
    words(text)
        .into_iter()
        .enumerate()
        .filter(|(_, w)| {
            w.text.chars().next().is_some_and(char::is_uppercase) && w.text.chars().count() > 2
        })
        .map(|(position, w)| KeyToken {
            key: name_key(&w.text),
            position,
            start: w.start,
            end: w.end,
        })
        .filter(|t| !t.key.is_empty())
        .collect()
}

#[derive(Clone)]
pub struct PressroomTokenizer {
    lang: Lang,
}

#[derive(Clone)]
pub struct NameKeyTokenizer;

impl Tokenizer for NameKeyTokenizer {
    type TokenStream<'a> = KeyTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> KeyTokenStream {
        KeyTokenStream::new(name_keys(text))
    }
}

impl KeyTokenStream {
    fn new(tokens: Vec<KeyToken>) -> KeyTokenStream {
        let tokens = tokens
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
        KeyTokenStream::new(analyze(text, self.lang))
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
    tokenizers.register(NAMES_TOKENIZER, TextAnalyzer::from(NameKeyTokenizer));
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
    fn names_share_a_key_across_spellings_and_scripts() {
        let keys = |t: &str| name_keys(t).into_iter().map(|k| k.key).collect::<Vec<_>>();
        assert_eq!(keys("President Tokayev"), keys("President Tokaev"));
        assert_eq!(keys("Tokayev")[0], keys("Токаев")[0]);
        assert!(
            keys("the torture of people").is_empty(),
            "only capitalised words"
        );
    }

    #[test]
    fn stop_words_leave_position_gaps() {
        let toks = analyze("freedom of assembly", Lang::En);
        assert_eq!(toks.len(), 2);
        assert_eq!((toks[0].position, toks[1].position), (0, 2));
    }
}
