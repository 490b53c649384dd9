//! The tantivy face of `pressroom_analysis`: one tokenizer per index
//! language, both built from the same segmentation and index-key steps, so
//! indexing, querying and snippet highlighting always agree.

use crate::memo::KeyMemo;
use pressroom_analysis::{
    key::index_key,
    tokens::{WordRef, WordRefs, capitalised_words, word_refs},
    translit::name_key,
};
use pressroom_model::Lang;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;
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
    word_refs(text)
        .enumerate()
        .filter_map(|(position, w)| {
            cached_index_key(&w.text, lang).map(|key| KeyToken {
                key,
                position,
                start: w.start,
                end: w.end,
            })
        })
        .collect()
}

/// Joins the two keys of a word pair; no key contains it, and it sorts
/// before every letter, so pairs stay apart from single keys in the term
/// dictionary. Repeated once more per stop word skipped between the two.
const PAIR_JOIN: char = '\u{1}';

/// The key of two neighbouring index keys `gap` stop words apart
/// (`freedom` and `express`, one apart, in "freedom of expression").
pub fn pair_key(first: &str, gap: usize, second: &str) -> String {
    let mut key = String::with_capacity(first.len() + second.len() + gap + 1);
    key.push_str(first);
    key.extend(std::iter::repeat_n(PAIR_JOIN, gap + 1));
    key.push_str(second);
    key
}

/// The keys a pair key joins; `None` for a single key.
pub fn pair_parts(key: &str) -> Option<(&str, &str)> {
    let start = key.find(PAIR_JOIN)?;
    let rest = key[start..].trim_start_matches(PAIR_JOIN);
    Some((&key[..start], rest))
}

/// The keys frequent enough in a corpus to be paired with each other in
/// the index (Lucene's common grams, with the list taken from the corpus).
/// A phrase lookup is slow when its words are frequent, as their position
/// lists are long; pairs make it one short list. Only two common
/// neighbours make a pair. Pairing every key, as the index did first,
/// doubled the tokens and the build time, mostly for pairs of rare words
/// whose positions are cheap to intersect anyway. Pairing a common key
/// with any neighbour, as it did next, still added half as many tokens
/// again and a term for almost every rare word's neighbour; a phrase with
/// a rare word is driven by that word's short list, so those pairs saved
/// little (`benches/runs/notebook.md`).
///
/// The set is part of the index: chosen when it is created, kept in every
/// commit, and used by queries to know which pairs exist. An index built
/// when either common neighbour made a pair holds every pair this rule
/// looks up, so it answers alike without a rebuild.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommonKeys(FxHashSet<String>);

/// How many keys of each language's documents are common.
pub const COMMON_KEYS_PER_LANGUAGE: usize = 256;

impl CommonKeys {
    /// The [`COMMON_KEYS_PER_LANGUAGE`] most frequent keys of each
    /// language's texts among `texts` (a sample of the corpus).
    pub fn from_texts<'t>(texts: impl IntoIterator<Item = (&'t str, Lang)>) -> CommonKeys {
        let mut counts: [FxHashMap<String, u64>; 2] = Default::default();
        for (text, lang) in texts {
            let table = usize::from(lang == Lang::Ru);
            for token in analyze(text, lang) {
                *counts[table].entry(token.key).or_default() += 1;
            }
        }
        let mut common = FxHashSet::default();
        for table in counts {
            let mut keys: Vec<(String, u64)> = table.into_iter().collect();
            // Ties by key, so a sample always gives the same set.
            keys.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            common.extend(
                keys.into_iter()
                    .take(COMMON_KEYS_PER_LANGUAGE)
                    .map(|(key, _)| key),
            );
        }
        CommonKeys(common)
    }

    pub fn from_keys(keys: impl IntoIterator<Item = String>) -> CommonKeys {
        CommonKeys(keys.into_iter().collect())
    }

    /// The keys, sorted (as stored with the index).
    pub fn to_sorted_vec(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.0.iter().cloned().collect();
        keys.sort_unstable();
        keys
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the index holds the pair of these neighbouring keys.
    fn pairs(&self, first: &str, second: &str) -> bool {
        self.contains(first) && self.contains(second)
    }
}

/// What the title and body fields index: every key of [`analyze`], each
/// followed by the pair it makes with the next key (at the first key's
/// position, spanning both words) when both are `common`.
/// A phrase query then looks up pairs instead of intersecting the
/// positions of common words: a two-word phrase becomes one term, which
/// top-k pruning handles like a word (Elasticsearch's `index_phrases` and
/// Lucene's common grams do the same).
pub fn index_tokens(text: &str, lang: Lang, common: &CommonKeys) -> Vec<KeyToken> {
    key_tokens(IndexTokenStream::new(text, lang, common))
}

/// The tokens of `stream`, each with its key, position and offsets.
fn key_tokens(mut stream: impl TokenStream) -> Vec<KeyToken> {
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push(KeyToken {
            key: t.text.clone(),
            position: t.position,
            start: t.offset_from,
            end: t.offset_to,
        });
    }
    out
}

/// Words an [`IndexTokenStream`] segments ahead of the one it looks up.
const LOOKAHEAD: usize = 4;

/// A key of [`IndexTokenStream`] with where its word is.
#[derive(Default)]
struct KeySlot {
    key: String,
    /// The key is one of the common keys (it may pair).
    common: bool,
    position: usize,
    start: usize,
    end: usize,
}

/// [`index_tokens`] one token at a time, into one token whose text buffer
/// is reused: the index writer copies each token's text into its own
/// arena anyway, so a `String` per token (and per pair) would be an
/// allocation and a free for nothing.
pub struct IndexTokenStream<'a> {
    words: std::iter::Enumerate<pressroom_analysis::tokens::WordRefs<'a>>,
    /// The next words, segmented [`LOOKAHEAD`] words before their keys are
    /// looked up, so their memo slots are prefetched in the meantime.
    coming: VecDeque<(usize, WordRef<'a>)>,
    lang: Lang,
    common: &'a CommonKeys,
    /// The key given last.
    current: KeySlot,
    /// The key after it, looked at to decide the pair; valid if `has_ahead`.
    ahead: KeySlot,
    has_ahead: bool,
    started: bool,
    /// The pair of `current` and `ahead` is the next token.
    pair_due: bool,
    token: Token,
}

impl<'a> IndexTokenStream<'a> {
    pub fn new(text: &'a str, lang: Lang, common: &'a CommonKeys) -> IndexTokenStream<'a> {
        IndexTokenStream {
            words: word_refs(text).enumerate(),
            coming: VecDeque::with_capacity(LOOKAHEAD + 1),
            lang,
            common,
            current: KeySlot::default(),
            ahead: KeySlot::default(),
            has_ahead: false,
            started: false,
            pair_due: false,
            token: Token::default(),
        }
    }

    /// Read the next word with a key (stop words have none) into `ahead`.
    fn read_ahead(&mut self) -> bool {
        while let Some((position, word)) = self.next_word() {
            if copy_index_key(&word.text, self.lang, &mut self.ahead.key) {
                self.ahead.common = self.common.contains(&self.ahead.key);
                self.ahead.position = position;
                self.ahead.start = word.start;
                self.ahead.end = word.end;
                return true;
            }
        }
        false
    }

    /// The next word and its position, segmenting [`LOOKAHEAD`] words ahead.
    fn next_word(&mut self) -> Option<(usize, WordRef<'a>)> {
        while self.coming.len() <= LOOKAHEAD {
            let Some((position, word)) = self.words.next() else {
                break;
            };
            prefetch_index_key(&word.text, self.lang);
            self.coming.push_back((position, word));
        }
        self.coming.pop_front()
    }

    fn give(&mut self, position: usize, start: usize, end: usize) {
        self.token.position = position;
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position_length = 1;
    }
}

impl TokenStream for IndexTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.pair_due {
            self.pair_due = false;
            let (first, second) = (&self.current, &self.ahead);
            let text = &mut self.token.text;
            text.clear();
            text.push_str(&first.key);
            // One join, and one more per stop word between (as `pair_key`).
            text.extend(std::iter::repeat_n(
                PAIR_JOIN,
                second.position - first.position,
            ));
            text.push_str(&second.key);
            let (position, start, end) = (first.position, first.start, second.end);
            self.give(position, start, end);
            return true;
        }
        if !self.started {
            self.started = true;
            self.has_ahead = self.read_ahead();
        }
        if !self.has_ahead {
            return false;
        }
        std::mem::swap(&mut self.current, &mut self.ahead);
        self.has_ahead = self.read_ahead();
        // As `CommonKeys::pairs`, each key looked up once.
        self.pair_due = self.has_ahead && self.current.common && self.ahead.common;
        self.token.text.clear();
        self.token.text.push_str(&self.current.key);
        let (position, start, end) = (self.current.position, self.current.start, self.current.end);
        self.give(position, start, end);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The terms an exact phrase of `tokens` (from [`analyze`]) must hold in an
/// index of [`index_tokens`], each with its offset from the phrase's first
/// word: the pair of two neighbouring words where the index holds it, else
/// both words. One term for a one-word phrase or a two-word phrase with a
/// common word.
pub fn phrase_terms(tokens: &[KeyToken], common: &CommonKeys) -> Vec<(usize, String)> {
    let Some(first) = tokens.first().map(|t| t.position) else {
        return Vec::new();
    };
    if tokens.len() == 1 {
        return vec![(0, tokens[0].key.clone())];
    }
    let mut terms: Vec<(usize, String)> = Vec::new();
    let mut push = |term: (usize, String)| {
        if !terms.contains(&term) {
            terms.push(term);
        }
    };
    for w in tokens.windows(2) {
        let offsets = (w[0].position - first, w[1].position - first);
        if common.pairs(&w[0].key, &w[1].key) {
            let gap = w[1].position - w[0].position - 1;
            push((offsets.0, pair_key(&w[0].key, gap, &w[1].key)));
        } else {
            push((offsets.0, w[0].key.clone()));
            push((offsets.1, w[1].key.clone()));
        }
    }
    terms
}

/// Whether a word gets a name key: capitalised and longer than two letters.
fn may_be_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.nth(1).is_some()
}

thread_local! {
    /// Name keys, so a name (or a sentence's first word) that recurs
    /// across documents is transliterated once.
    static NAME_KEYS: RefCell<KeyMemo> = RefCell::new(KeyMemo::new());
    /// Index keys of words in English and in Russian texts (the language
    /// decides which stop list applies to a word of the other script).
    /// The index's two threads hold three tables each, ~15 MB when full.
    static INDEX_KEYS: RefCell<[KeyMemo; 2]> = RefCell::new([KeyMemo::new(), KeyMemo::new()]);
}

/// [`name_key`], memoised per thread.
fn cached_name_key(word: &str) -> String {
    let mut key = String::new();
    push_name_key(word, &mut key);
    key
}

/// [`name_key`] of `word`, memoised per thread, appended to `out`.
fn push_name_key(word: &str, out: &mut String) {
    NAME_KEYS.with(|memo| {
        memo.borrow_mut().with(
            word,
            |w| Some(name_key(w)),
            |key| out.push_str(key.unwrap_or_default()),
        )
    })
}

/// The index key of `word` in a text of `lang`, memoised per thread for
/// English and Russian texts, written into `out` (a reused buffer); false
/// for a word without a key (a stop word).
fn copy_index_key(word: &str, lang: Lang, out: &mut String) -> bool {
    let table = match lang {
        Lang::En => 0,
        Lang::Ru => 1,
        _ => {
            return index_key(word, lang).is_some_and(|key| {
                *out = key;
                true
            });
        }
    };
    INDEX_KEYS.with(|memo| {
        memo.borrow_mut()[table].with(
            word,
            |w| index_key(w, lang),
            |key| {
                key.is_some_and(|key| {
                    out.clear();
                    out.push_str(key);
                    true
                })
            },
        )
    })
}

/// Start loading where the memo of [`copy_index_key`] keeps `word`.
fn prefetch_index_key(word: &str, lang: Lang) {
    let table = match lang {
        Lang::En => 0,
        Lang::Ru => 1,
        _ => return,
    };
    INDEX_KEYS.with(|memo| memo.borrow()[table].prefetch(word));
}

/// [`index_key`], memoised per thread for English and Russian texts.
fn cached_index_key(word: &str, lang: Lang) -> Option<String> {
    let mut key = String::new();
    copy_index_key(word, lang, &mut key).then_some(key)
}

/// Script-independent keys of the capitalised words of `text` (names, in
/// practice): `Tokayev`, `Tokaev` and `Токаев` all give one key, so a name
/// matches however it was transliterated. The segmentation copies nothing,
/// so the words that cannot be names cost only the scan.
pub fn name_keys(text: &str) -> Vec<KeyToken> {
    word_refs(text)
        .enumerate()
        .filter(|(_, w)| may_be_name(&w.text))
        .map(|(position, w)| KeyToken {
            key: cached_name_key(&w.text),
            position,
            start: w.start,
            end: w.end,
        })
        .filter(|t| !t.key.is_empty())
        .collect()
}

/// The words of `text` that may carry a name key, joined by spaces: what the
/// `names` field is given instead of the whole body. [`name_keys`] of it
/// yields the keys of `text` (positions aside, which the field does not
/// record), and a document waiting in the index writer's queue holds a
/// tenth of its body here instead of a second copy.
pub fn name_words(text: &str) -> String {
    let mut out = String::new();
    for word in capitalised_words(text).filter(|w| may_be_name(w)) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[derive(Clone)]
pub struct PressroomTokenizer {
    lang: Lang,
    common: Arc<CommonKeys>,
}

#[derive(Clone)]
pub struct NameKeyTokenizer;

impl Tokenizer for NameKeyTokenizer {
    type TokenStream<'a> = NameKeyStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> NameKeyStream<'a> {
        NameKeyStream {
            words: word_refs(text).enumerate(),
            token: Token::default(),
        }
    }
}

/// The tokens of [`name_keys`], each key written into the one token the
/// stream hands out: the `names` field of every document goes through
/// here, so no key or token is allocated per word.
pub struct NameKeyStream<'a> {
    words: std::iter::Enumerate<WordRefs<'a>>,
    token: Token,
}

impl TokenStream for NameKeyStream<'_> {
    fn advance(&mut self) -> bool {
        for (position, word) in self.words.by_ref() {
            if !may_be_name(&word.text) {
                continue;
            }
            let token = &mut self.token;
            token.text.clear();
            push_name_key(&word.text, &mut token.text);
            if token.text.is_empty() {
                continue;
            }
            token.position = position;
            token.offset_from = word.start;
            token.offset_to = word.end;
            token.position_length = 1;
            return true;
        }
        false
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl PressroomTokenizer {
    /// The tokenizer of [`index_tokens`] for texts in `lang`.
    pub fn new(lang: Lang, common: Arc<CommonKeys>) -> PressroomTokenizer {
        PressroomTokenizer { lang, common }
    }
}

impl Tokenizer for PressroomTokenizer {
    type TokenStream<'a> = IndexTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> IndexTokenStream<'a> {
        IndexTokenStream::new(text, self.lang, &self.common)
    }
}

/// Register the pressroom tokenizers on an index whose common keys are
/// `common`.
pub fn register(index: &tantivy::Index, common: &Arc<CommonKeys>) {
    let tokenizers = index.tokenizers();
    for (name, lang) in [(EN_TOKENIZER, Lang::En), (RU_TOKENIZER, Lang::Ru)] {
        let common = Arc::clone(common);
        tokenizers.register(
            name,
            TextAnalyzer::from(PressroomTokenizer { lang, common }),
        );
    }
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
    fn name_words_give_the_same_name_keys_as_the_whole_text() {
        let keys = |t: &str| name_keys(t).into_iter().map(|k| k.key).collect::<Vec<_>>();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
        let mut texts: Vec<String> = std::fs::read_dir(&dir)
            .expect("the sample corpus ships with the repository")
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.push(
            "Kassym-Jomart Tokayev, O\u{2019}Brien and Ғалым Әбілқасымов met in \
             Nur-Sultan on 5 January 2022; 10 000 people (ALMATY) «Казахстан»."
                .into(),
        );
        for (i, text) in texts.iter().enumerate() {
            let words = name_words(text);
            assert_eq!(keys(&words), keys(text));
            // Releases: a small part of the text (the made-up line is all names).
            if i + 1 < texts.len() {
                assert!(words.len() * 3 < text.len(), "{words}");
            }
        }
    }

    #[test]
    fn the_names_tokenizer_gives_the_name_keys() {
        let text = "Kassym-Jomart Tokayev met Ғалым Әбілқасымов and the ОБСЕ in Nur-Sultan: \
                    «Токаев» and O\u{2019}Brien, 10 000 people, Ab Ёж.";
        let streamed = key_tokens(NameKeyTokenizer.token_stream(text));
        let expected = name_keys(text);
        assert_eq!(streamed, expected);
        assert!(expected.len() >= 8, "{expected:?}");
    }

    #[test]
    fn memoised_keys_are_the_keys() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
        let mut words = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("the sample corpus ships with the repository") {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            words.extend(word_refs(&text).map(|w| w.text.to_string()));
        }
        // Twice, both languages interleaved: first computed, then memoised.
        for _ in 0..2 {
            for word in &words {
                for lang in [Lang::En, Lang::Ru, Lang::Kk] {
                    assert_eq!(
                        cached_index_key(word, lang),
                        index_key(word, lang),
                        "{word}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_token_stream_gives_each_key_then_its_pair_on_the_sample_corpus() {
        // The rule written plainly over `analyze`, against the stream.
        fn spelled_out(text: &str, lang: Lang, common: &CommonKeys) -> Vec<KeyToken> {
            let keys = analyze(text, lang);
            let mut out = Vec::new();
            for (i, key) in keys.iter().enumerate() {
                out.push(key.clone());
                if let Some(next) = keys.get(i + 1)
                    && common.contains(&key.key)
                    && common.contains(&next.key)
                {
                    out.push(KeyToken {
                        key: pair_key(&key.key, next.position - key.position - 1, &next.key),
                        position: key.position,
                        start: key.start,
                        end: next.end,
                    });
                }
            }
            out
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
        let texts: Vec<String> = std::fs::read_dir(&dir)
            .expect("the sample corpus ships with the repository")
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        let common = CommonKeys::from_texts(
            texts
                .iter()
                .flat_map(|t| [(t.as_str(), Lang::En), (t.as_str(), Lang::Ru)]),
        );
        let mut pairs = 0;
        for text in &texts {
            for lang in [Lang::En, Lang::Ru, Lang::Kk] {
                let expected = spelled_out(text, lang, &common);
                pairs += expected
                    .iter()
                    .filter(|t| pair_parts(&t.key).is_some())
                    .count();
                assert_eq!(index_tokens(text, lang, &common), expected);
            }
        }
        assert!(pairs > 1000, "{pairs} pairs: the sample exercises pairing");
        assert!(index_tokens("", Lang::En, &common).is_empty());
        assert!(index_tokens("of the and", Lang::En, &common).is_empty());
    }

    #[test]
    fn the_index_holds_each_key_and_the_pair_it_makes_with_the_next_when_both_are_common() {
        let text = "Freedom of expression, jailed. Peaceful protesters";
        let key = |word: &str| analyze(word, Lang::En)[0].key.clone();
        let (freedom, express, jail) = (&key("freedom"), &key("expression"), &key("jailed"));
        let (peace, protest) = (&key("peaceful"), &key("protesters"));
        let common = CommonKeys::from_keys([freedom.clone(), express.clone(), protest.clone()]);
        let toks = index_tokens(text, Lang::En, &common);
        let keys: Vec<_> = toks.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                freedom.as_str(),
                &pair_key(freedom, 1, express),
                express,
                // No pair where only one of two words is common
                // ("expression jailed", "peaceful protesters") or neither
                // is ("jailed peaceful").
                jail,
                peace,
                protest,
            ]
        );
        // The phrase terms: pairs where indexed, else the words.
        let terms = |phrase: &str| phrase_terms(&analyze(phrase, Lang::En), &common);
        assert_eq!(
            terms("freedom of expression"),
            [(0, pair_key(freedom, 1, express))]
        );
        assert_eq!(
            terms("freedom of expression jailed"),
            [
                (0, pair_key(freedom, 1, express)),
                (2, express.clone()),
                (3, jail.clone())
            ]
        );
        assert_eq!(
            terms("jailed, peaceful protesters"),
            [(0, jail.clone()), (1, peace.clone()), (2, protest.clone())]
        );
        assert_eq!(terms("Freedom"), [(0, freedom.clone())]);
        assert!(terms("of the").is_empty());
        // A pair sits at its first word and spans both words.
        assert_eq!(toks[1].position, toks[0].position);
        assert_eq!(&text[toks[1].start..toks[1].end], "Freedom of expression");
        assert_eq!(
            pair_parts(&toks[1].key),
            Some((freedom.as_str(), express.as_str()))
        );
        assert_eq!(pair_parts(freedom), None);
        // The gap is part of the key: "freedom expression" is another pair.
        assert_ne!(pair_key(freedom, 0, express), pair_key(freedom, 1, express));
    }

    #[test]
    fn common_keys_are_each_languages_most_frequent() {
        let en: String = (0..COMMON_KEYS_PER_LANGUAGE + 10)
            .map(|i| format!("zq{i:04} "))
            .collect();
        let common = CommonKeys::from_texts([
            ("torture torture torture detention detention", Lang::En),
            (en.as_str(), Lang::En),
            ("пытки пытки", Lang::Ru),
            ("пыток задержание", Lang::Ru),
        ]);
        let key = |w: &str, lang| analyze(w, lang)[0].key.clone();
        assert!(common.contains(&key("torture", Lang::En)));
        assert!(common.contains(&key("detention", Lang::En)));
        // Russian keys compete only with Russian ones, and inflections count
        // together.
        assert!(common.contains(&key("пытка", Lang::Ru)));
        assert!(common.contains(&key("задержание", Lang::Ru)));
        assert_eq!(common.len(), COMMON_KEYS_PER_LANGUAGE + 2);
        // Ties among the once-seen words: the first keys in order, always.
        assert!(
            common.contains("zq0000")
                && !common.contains(&format!("zq{:04}", COMMON_KEYS_PER_LANGUAGE + 9))
        );
        assert_eq!(
            CommonKeys::from_keys(common.to_sorted_vec()),
            common,
            "round trip as stored with the index"
        );
    }

    #[test]
    fn stop_words_leave_position_gaps() {
        let toks = analyze("freedom of assembly", Lang::En);
        assert_eq!(toks.len(), 2);
        assert_eq!((toks[0].position, toks[1].position), (0, 2));
    }
}
