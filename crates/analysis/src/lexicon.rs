//! A general English↔Russian lexicon for query translation.
//!
//! Data: `data/lexicon-en-ru.tsv.gz`, converted by `scripts/build_lexicon.py`
//! from Debian's `mueller7-dict` (V. K. Mueller's dictionary, GPL-2+, see
//! `data/LICENCE-lexicon.txt`): ~41k English headwords with their first few
//! Russian senses, in dictionary order (the first sense is the commonest).
//!
//! Only English→Russian is stored; the Russian→English direction is inverted
//! at load time, keyed by the Russian lemma key ([`crate::key::term_key`])
//! so that any form of a Russian word finds its English translations. The
//! file is compiled into the binary and decoded once per process on first
//! use (tens of milliseconds), so a CLI command that never translates pays
//! nothing.

use crate::key::text_keys;
use rustc_hash::FxHashMap as HashMap;
use std::io::Read;
use std::sync::LazyLock;

static LEXICON_GZ: &[u8] = include_bytes!("../data/lexicon-en-ru.tsv.gz");

/// Senses kept per direction and word after inversion.
const MAX_SENSES: usize = 6;

/// The loaded lexicon, both directions.
pub struct Lexicon {
    /// English headword (lowercase) → Russian translations, best first.
    en_ru: HashMap<&'static str, &'static [&'static str]>,
    /// English Snowball stem → headwords, for inflected English queries.
    en_stems: HashMap<String, Vec<&'static str>>,
    /// Russian key (of a word, or of each word of a phrase joined by spaces)
    /// → English headwords, best first. Built on the first Russian lookup:
    /// keying ~200k Russian senses is most of the load cost, and an English
    /// query never needs it.
    ru_en: LazyLock<RuIndex, BuildRuIndex>,
}

type RuIndex = HashMap<String, Vec<&'static str>>;
type BuildRuIndex = Box<dyn FnOnce() -> RuIndex + Send>;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// The process-wide lexicon, loaded on first call.
pub fn lexicon() -> &'static Lexicon {
    &LEXICON
}

/// The key a Russian word or phrase is looked up by.
pub fn ru_phrase_key(text: &str) -> String {
    text_keys(text).join(" ")
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut text = String::new();
        // Compiled-in data checked by tests; a corrupt artefact leaves the
        // lexicon empty (translation falls back to glossary and names).
        if flate2::read::GzDecoder::new(LEXICON_GZ)
            .read_to_string(&mut text)
            .is_err()
        {
            text.clear();
        }
        let text: &'static str = Box::leak(text.into_boxed_str());
        let mut en_ru = HashMap::with_capacity_and_hasher(45_000, Default::default());
        let mut en_stems: HashMap<String, Vec<&'static str>> =
            HashMap::with_capacity_and_hasher(45_000, Default::default());
        let mut forward: Vec<(&'static str, &'static [&'static str])> = Vec::new();
        for line in text.lines() {
            let Some((en, list)) = line.split_once('\t') else {
                continue;
            };
            let senses: &'static [&'static str] = Vec::leak(list.split('|').collect());
            forward.push((en, senses));
            if !en.contains(' ') {
                en_stems
                    .entry(crate::key::term_key(en))
                    .or_default()
                    .push(en);
            }
            en_ru.insert(en, senses);
        }
        Lexicon {
            en_ru,
            en_stems,
            ru_en: LazyLock::new(Box::new(move || invert(forward))),
        }
    }

    /// Number of English headwords.
    pub fn len(&self) -> usize {
        self.en_ru.len()
    }

    /// Whether the lexicon is empty (only if the data failed to decode).
    pub fn is_empty(&self) -> bool {
        self.en_ru.is_empty()
    }

    /// Russian translations of an English word or short phrase, best first:
    /// the headword itself, else a headword with the same Snowball stem
    /// (`detained` → `detain`).
    pub fn en_to_ru(&self, english: &str) -> Vec<&'static str> {
        let lower = english.to_lowercase();
        if let Some(v) = self.en_ru.get(lower.as_str()) {
            return v.to_vec();
        }
        if lower.contains(' ') {
            return Vec::new();
        }
        let Some(heads) = self.en_stems.get(&crate::key::term_key(&lower)) else {
            return Vec::new();
        };
        // The shortest headword of the stem is the base form.
        let Some(head) = heads.iter().min_by_key(|h| (h.len(), **h)) else {
            return Vec::new();
        };
        self.en_ru.get(head).map(|v| v.to_vec()).unwrap_or_default()
    }

    /// English translations of a Russian word or phrase in any form, best
    /// first.
    pub fn ru_to_en(&self, russian: &str) -> Vec<&'static str> {
        self.ru_en
            .get(&ru_phrase_key(russian))
            .cloned()
            .unwrap_or_default()
    }
}

/// Russian → English, from the forward entries.
fn invert(forward: Vec<(&'static str, &'static [&'static str])>) -> RuIndex {
    // (english, sense rank) per Russian key; ranked after collection.
    let mut ranked: HashMap<String, Vec<(&'static str, usize)>> =
        HashMap::with_capacity_and_hasher(120_000, Default::default());
    // The same Russian sense recurs under many headwords: key it once.
    let mut keys: HashMap<&'static str, String> =
        HashMap::with_capacity_and_hasher(120_000, Default::default());
    for (en, senses) in forward {
        for (rank, ru) in senses.iter().enumerate() {
            let key = keys.entry(ru).or_insert_with(|| ru_phrase_key(ru)).clone();
            ranked.entry(key).or_default().push((en, rank));
        }
    }
    ranked
        .into_iter()
        .map(|(k, mut v)| {
            // An English word whose first sense is this Russian word is a
            // better back-translation than one listing it sixth; among
            // equals, single words before phrases, shorter first.
            v.sort_by_key(|(en, rank)| (*rank, en.contains(' '), en.len(), *en));
            let mut out: Vec<&'static str> = Vec::new();
            for (en, _) in v {
                if !out.contains(&en) {
                    out.push(en);
                }
            }
            out.truncate(MAX_SENSES);
            (k, out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_directions_find_domain_words() {
        let lx = lexicon();
        assert!(lx.len() > 30_000, "{}", lx.len());
        assert_eq!(lx.en_to_ru("torture").first(), Some(&"пытка"));
        assert!(lx.en_to_ru("Detention").contains(&"задержание"));
        assert!(
            lx.en_to_ru("detained")
                .iter()
                .any(|r| r.starts_with("задерж"))
        );
        assert!(lx.ru_to_en("пытки").contains(&"torture"));
        assert!(lx.ru_to_en("журналистов").contains(&"journalist"));
    }

    #[test]
    fn unknown_words_have_no_translation() {
        assert!(lexicon().en_to_ru("zhanaozen").is_empty());
        assert!(lexicon().ru_to_en("жанаозен").is_empty());
    }
}
