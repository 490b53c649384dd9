//! The curated English↔Russian glossary of the domain.
//!
//! A general dictionary translates `assembly` as `сборка` and `defender` as
//! `защитник`; the press says `свобода собраний` and `правозащитник`. The
//! glossary (`data/glossary-en-ru.tsv`, written for this project) holds the
//! domain's terms, organisations, UN mechanisms, places and people, many of
//! them multi-word, and is consulted first, longest match first.
//!
//! Terms are matched by key sequence ([`crate::key::term_key`] of each
//! word), so `Freedoms of Assembly` or `свободу собраний` find their entry.

use pressroom_model::Lang;
use std::collections::HashMap;
use std::sync::LazyLock;

static GLOSSARY_TSV: &str = include_str!("../data/glossary-en-ru.tsv");

/// One glossary line: the English and Russian spellings of a concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    /// English terms, preferred first.
    pub en: Vec<String>,
    /// Russian terms, preferred first.
    pub ru: Vec<String>,
    /// Domain category (`rights`, `law`, `place`, `org`, …).
    pub category: String,
}

impl GlossaryEntry {
    /// The terms of the entry in `lang` (English for anything but Russian).
    pub fn terms(&self, lang: Lang) -> &[String] {
        if lang == Lang::Ru { &self.ru } else { &self.en }
    }
}

/// The loaded glossary with key-sequence indexes for both languages.
pub struct Glossary {
    entries: Vec<GlossaryEntry>,
    en_index: HashMap<Vec<String>, usize>,
    ru_index: HashMap<Vec<String>, usize>,
    max_words: usize,
}

static GLOSSARY: LazyLock<Glossary> = LazyLock::new(|| Glossary::parse(GLOSSARY_TSV));

/// The process-wide glossary, parsed on first use.
pub fn glossary() -> &'static Glossary {
    &GLOSSARY
}

/// Keys of the words of a term or text, in order.
pub use crate::key::text_keys as term_keys;

impl Glossary {
    /// Parse glossary text (`en<TAB>ru<TAB>category`, `|`-separated
    /// alternatives, `#` comments, one header line `en ru category`).
    pub fn parse(text: &str) -> Glossary {
        let mut g = Glossary {
            entries: Vec::new(),
            en_index: HashMap::new(),
            ru_index: HashMap::new(),
            max_words: 1,
        };
        for line in text.lines() {
            if line.starts_with('#') || line.starts_with("en\t") || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 {
                continue;
            }
            let split = |s: &str| -> Vec<String> {
                s.split('|')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            let entry = GlossaryEntry {
                en: split(cols[0]),
                ru: split(cols[1]),
                category: cols.get(2).unwrap_or(&"").trim().to_string(),
            };
            if entry.en.is_empty() || entry.ru.is_empty() {
                continue;
            }
            let idx = g.entries.len();
            for (terms, index) in [(&entry.en, &mut g.en_index), (&entry.ru, &mut g.ru_index)] {
                for t in terms {
                    let keys = term_keys(t);
                    if keys.is_empty() {
                        continue;
                    }
                    g.max_words = g.max_words.max(keys.len());
                    // The first line that defines a term owns it.
                    index.entry(keys).or_insert(idx);
                }
            }
            g.entries.push(entry);
        }
        g
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[GlossaryEntry] {
        &self.entries
    }

    /// The entry whose `lang` term has exactly these word keys.
    pub fn lookup_keys(&self, keys: &[String], lang: Lang) -> Option<&GlossaryEntry> {
        let index = if lang == Lang::Ru {
            &self.ru_index
        } else {
            &self.en_index
        };
        index.get(keys).map(|&i| &self.entries[i])
    }

    /// The entry for a term written in `lang`, in any inflected form.
    pub fn lookup(&self, term: &str, lang: Lang) -> Option<&GlossaryEntry> {
        self.lookup_keys(&term_keys(term), lang)
    }

    /// The longest glossary term starting at `keys[start]`: its length in
    /// words and its entry.
    pub fn longest_match(
        &self,
        keys: &[String],
        start: usize,
        lang: Lang,
    ) -> Option<(usize, &GlossaryEntry)> {
        let longest = self.max_words.min(keys.len().saturating_sub(start));
        (1..=longest)
            .rev()
            .find_map(|n| Some((n, self.lookup_keys(&keys[start..start + n], lang)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_is_large_and_well_formed() {
        let g = glossary();
        assert!(g.entries().len() >= 300, "{}", g.entries().len());
        assert!(g.entries().iter().all(|e| !e.category.is_empty()));
    }

    #[test]
    fn multi_word_terms_match_in_any_form() {
        let g = glossary();
        let e = g.lookup("Freedom of Assembly", Lang::En).expect("entry");
        assert_eq!(e.ru[0], "свобода собраний");
        let e = g.lookup("свободу собраний", Lang::Ru).expect("entry");
        assert_eq!(e.en[0], "freedom of assembly");
        let e = g.lookup("узников совести", Lang::Ru).expect("entry");
        assert_eq!(e.en[0], "prisoner of conscience");
        assert_eq!(
            g.lookup("Кровавого января", Lang::Ru).unwrap().en[0],
            "Bloody January"
        );
    }

    #[test]
    fn longest_term_wins() {
        let g = glossary();
        let keys = term_keys("human rights defenders in Almaty");
        let (n, e) = g.longest_match(&keys, 0, Lang::En).expect("match");
        assert_eq!(n, 3);
        assert_eq!(e.ru[0], "правозащитник");
        let (n, e) = g.longest_match(&keys, 4, Lang::En).expect("match");
        assert_eq!((n, e.ru[0].as_str()), (1, "Алматы"));
    }
}
