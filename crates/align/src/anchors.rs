//! Lexical anchors: what an English text and its Russian translation share
//! even though their words differ.
//!
//! Four kinds of evidence survive translation: figures (`10,000` /
//! `10 000`), names (Latin and Cyrillic spellings meet in
//! [`name_key`]), words the bilingual [`Dictionary`] knows, and quotation
//! marks (a quoted statement stays quoted). Each text is reduced once to a
//! [`Features`] bag; comparing two bags is cheap, so the sentence aligner can
//! score every candidate bead and the document matcher every candidate pair.

use pressroom_analysis::fold::is_cyrillic;
use pressroom_analysis::glossary::glossary;
use pressroom_analysis::key::index_key;
use pressroom_analysis::lexicon::lexicon;
use pressroom_analysis::numbers::numbers_in;
use pressroom_analysis::tokens::words;
use pressroom_analysis::translit::name_key;
use pressroom_model::Lang;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

/// Senses of the general lexicon used per English word.
const GENERAL_SENSES: usize = 3;

/// English word key → Russian word keys that translate it. Keys are
/// [`index_key`]s on both sides, so inflected forms meet.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    en_ru: HashMap<String, Vec<String>>,
    /// Every Russian key some English key translates to: a Russian word
    /// outside it cannot be matched, so it must not count against a pair.
    ru_vocab: HashSet<String>,
    /// Also consult the built-in glossary and general lexicon of
    /// `pressroom-analysis` (looked up per word, so nothing is copied).
    general: bool,
}

impl Dictionary {
    /// Add `english` ↔ `russian` (single words; phrases are skipped because
    /// anchors compare single-word keys).
    pub fn insert(&mut self, english: &str, russian: &str) {
        if english.contains(' ') || russian.contains(' ') {
            return;
        }
        let (Some(en), Some(ru)) = (index_key(english, Lang::En), index_key(russian, Lang::Ru))
        else {
            return;
        };
        if en.is_empty() || ru.is_empty() || en.chars().all(|c| c.is_ascii_digit()) {
            return;
        }
        let list = self.en_ru.entry(en).or_default();
        if !list.contains(&ru) {
            list.push(ru.clone());
        }
        self.ru_vocab.insert(ru);
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Dictionary {
        let mut d = Dictionary::default();
        for (en, ru) in pairs {
            d.insert(en, ru);
        }
        d
    }

    /// The built-in domain glossary and general lexicon (Mueller's
    /// dictionary), plus whatever pairs are inserted later.
    pub fn general() -> Dictionary {
        Dictionary {
            general: true,
            ..Dictionary::default()
        }
    }

    /// Number of inserted English keys (the built-in dictionaries not counted).
    pub fn len(&self) -> usize {
        self.en_ru.len()
    }

    pub fn is_empty(&self) -> bool {
        self.en_ru.is_empty()
    }

    pub fn merge(&mut self, other: &Dictionary) {
        for (en, rus) in &other.en_ru {
            let list = self.en_ru.entry(en.clone()).or_default();
            for ru in rus {
                if !list.contains(ru) {
                    list.push(ru.clone());
                }
            }
        }
        self.ru_vocab.extend(other.ru_vocab.iter().cloned());
        self.general |= other.general;
    }

    /// Russian keys translating the English `word` (whose key is `en_key`).
    fn translations(&self, word: &str, en_key: &str) -> Vec<String> {
        let mut out: Vec<String> = self.en_ru.get(en_key).cloned().unwrap_or_default();
        if self.general {
            let lower = word.to_lowercase();
            let glossary = glossary()
                .lookup(&lower, Lang::En)
                .map(|e| e.ru.clone())
                .unwrap_or_default();
            // The first senses are the common ones; later senses mostly add
            // false matches.
            let lexicon = lexicon().en_to_ru(&lower).into_iter().take(GENERAL_SENSES);
            for ru in glossary.iter().map(String::as_str).chain(lexicon) {
                if ru.contains(' ') {
                    continue;
                }
                if let Some(k) = index_key(ru, Lang::Ru)
                    && !out.contains(&k)
                {
                    out.push(k);
                }
            }
        }
        out
    }

    /// Whether some English word translates to the Russian `word`.
    fn knows_russian(&self, word: &str, key: &str) -> bool {
        self.ru_vocab.contains(key)
            || (self.general
                && (!lexicon().ru_to_en(word).is_empty()
                    || glossary().lookup(word, Lang::Ru).is_some()))
    }
}

/// What a text offers for anchoring, reduced once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Length in characters (Gale–Church works on characters).
    pub chars: usize,
    /// Normalised figures, sorted, with repeats.
    pub numbers: Vec<String>,
    /// Name keys of capitalised words and Latin words in Cyrillic text, sorted.
    pub names: Vec<String>,
    /// English side: for each dictionary word, its Russian keys. Russian
    /// side: unused.
    pub translatable: Vec<Vec<String>>,
    /// Russian side: keys of content words the dictionary can reach.
    pub ru_keys: Vec<String>,
    /// The text contains quotation marks.
    pub quoted: bool,
}

impl Features {
    /// Features of several texts taken together (a 2–1 bead).
    pub fn merged(parts: &[&Features]) -> Features {
        let mut out = Features::default();
        for p in parts {
            out.chars += p.chars;
            out.numbers.extend(p.numbers.iter().cloned());
            out.names.extend(p.names.iter().cloned());
            out.translatable.extend(p.translatable.iter().cloned());
            out.ru_keys.extend(p.ru_keys.iter().cloned());
            out.quoted |= p.quoted;
        }
        out.numbers.sort();
        out.names.sort();
        out.ru_keys.sort();
        out
    }

    fn anchor_count(&self) -> usize {
        self.numbers.len() + self.names.len() + self.translatable.len() + self.ru_keys.len()
    }
}

/// Scores how well an English text and a Russian text anchor each other.
#[derive(Debug, Default)]
pub struct AnchorScorer {
    dict: Dictionary,
    /// Dictionary answers per lower-case word. Looking a word up in the
    /// built-in dictionaries means lemmatising and stemming every sense, and
    /// a corpus repeats its vocabulary endlessly.
    en_cache: RwLock<HashMap<String, Arc<Vec<String>>>>,
    ru_cache: RwLock<HashMap<String, bool>>,
}

/// Names shorter than this (after keying) collide too often to count.
const MIN_NAME_KEY: usize = 3;

/// How far apart two counts of sorted items are: the size of the multiset
/// intersection.
fn sorted_overlap(a: &[String], b: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Per-signal matches between two feature bags.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AnchorMatch {
    pub numbers: usize,
    pub names: usize,
    pub words: usize,
    /// Anchors on both sides, halved: the denominator of [`AnchorMatch::similarity`].
    pub possible: f32,
    /// Figures present on one side only.
    pub number_mismatch: usize,
}

impl AnchorMatch {
    /// Dice-style share of anchors that found a partner, in `[0, 1]`.
    pub fn similarity(&self) -> f32 {
        if self.possible <= 0.0 {
            return 0.0;
        }
        ((self.numbers + self.names + self.words) as f32 / self.possible).min(1.0)
    }
}

impl AnchorScorer {
    /// Numbers, names and quotes only.
    pub fn new() -> AnchorScorer {
        AnchorScorer::default()
    }

    /// Also match words through `dict`.
    pub fn with_dictionary(dict: Dictionary) -> AnchorScorer {
        AnchorScorer {
            dict,
            ..AnchorScorer::default()
        }
    }

    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    fn translations(&self, word: &str, key: &str) -> Arc<Vec<String>> {
        let lower = word.to_lowercase();
        if let Some(hit) = self
            .en_cache
            .read()
            .ok()
            .and_then(|c| c.get(&lower).cloned())
        {
            return hit;
        }
        let tr = Arc::new(self.dict.translations(word, key));
        if let Ok(mut c) = self.en_cache.write() {
            c.insert(lower, tr.clone());
        }
        tr
    }

    fn knows_russian(&self, word: &str, key: &str) -> bool {
        let lower = word.to_lowercase();
        if let Some(hit) = self
            .ru_cache
            .read()
            .ok()
            .and_then(|c| c.get(&lower).copied())
        {
            return hit;
        }
        let known = self.dict.knows_russian(word, key);
        if let Ok(mut c) = self.ru_cache.write() {
            c.insert(lower, known);
        }
        known
    }

    /// Reduce `text`, written in `lang`, to its anchors.
    pub fn features(&self, text: &str, lang: Lang) -> Features {
        let mut f = Features {
            chars: text.chars().filter(|c| !c.is_whitespace()).count(),
            numbers: numbers_in(text),
            quoted: text.contains(['"', '«', '»', '“', '”', '„']),
            ..Features::default()
        };
        let mut seen_words = HashSet::new();
        for tok in words(text) {
            let w = tok.text.as_str();
            if w.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let first = w.chars().next().unwrap_or(' ');
            // A Latin word inside Russian text is a name or an acronym as
            // surely as a capitalised one.
            let latin_in_ru = lang == Lang::Ru && !is_cyrillic(w);
            if first.is_uppercase() || latin_in_ru {
                let key = name_key(w);
                if key.chars().count() >= MIN_NAME_KEY {
                    f.names.push(key);
                }
            }
            let Some(key) = index_key(w, lang) else {
                continue;
            };
            match lang {
                Lang::Ru => {
                    if !seen_words.contains(&key) && self.knows_russian(w, &key) {
                        seen_words.insert(key.clone());
                        f.ru_keys.push(key);
                    }
                }
                _ => {
                    if seen_words.insert(key.clone()) {
                        let tr = self.translations(w, &key);
                        if !tr.is_empty() {
                            f.translatable.push(tr.to_vec());
                        }
                    }
                }
            }
        }
        f.numbers.sort();
        f.names.sort();
        f.ru_keys.sort();
        f
    }

    /// Compare an English bag with a Russian one.
    pub fn compare(&self, en: &Features, ru: &Features) -> AnchorMatch {
        let numbers = sorted_overlap(&en.numbers, &ru.numbers);
        let names = sorted_overlap(&en.names, &ru.names);
        let mut used = vec![false; ru.ru_keys.len()];
        let mut words = 0;
        for tr in &en.translatable {
            let hit = tr
                .iter()
                .find_map(|k| ru.ru_keys.binary_search(k).ok().filter(|&i| !used[i]));
            if let Some(i) = hit {
                used[i] = true;
                words += 1;
            }
        }
        AnchorMatch {
            numbers,
            names,
            words,
            possible: (en.anchor_count() + ru.anchor_count()) as f32 / 2.0,
            number_mismatch: en.numbers.len() + ru.numbers.len() - 2 * numbers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_names_meet_across_scripts() {
        let s = AnchorScorer::new();
        let en = s.features("Tokayev said 10,000 people were detained.", Lang::En);
        let ru = s.features("Токаев заявил, что задержаны 10 000 человек.", Lang::Ru);
        let m = s.compare(&en, &ru);
        assert_eq!(m.numbers, 1);
        assert_eq!(m.names, 1);
        assert_eq!(m.number_mismatch, 0);
        let other = s.features("Погода была хорошей 5 мая.", Lang::Ru);
        assert!(s.compare(&en, &other).similarity() < m.similarity());
    }

    #[test]
    fn dictionary_words_match_in_any_form() {
        let dict = Dictionary::from_pairs([("torture", "пытка"), ("prison", "тюрьма")]);
        let s = AnchorScorer::with_dictionary(dict);
        let en = s.features("Torture in prisons", Lang::En);
        let ru = s.features("Пытки в тюрьмах", Lang::Ru);
        assert_eq!(s.compare(&en, &ru).words, 2);
    }

    #[test]
    fn general_dictionary_matches_common_words() {
        let s = AnchorScorer::with_dictionary(Dictionary::general());
        let en = s.features("The court sentenced the journalist to prison.", Lang::En);
        let ru = s.features("Суд приговорил журналиста к тюрьме.", Lang::Ru);
        assert!(s.compare(&en, &ru).words >= 2, "{en:?} {ru:?}");
    }
}
