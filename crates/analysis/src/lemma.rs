//! Russian lemmas where Snowball alone splits a word's forms.
//!
//! Snowball strips endings, so `пытки` and `пыткам` meet, but forms whose
//! stem changes inside the paradigm do not: `пыток` (fleeting vowel),
//! `задержан` (short participle of `задержать`), `шел`/`идти`. Two layers
//! repair this, both applied to a folded word *before* stemming, at index and
//! query time alike (the pipeline is [`crate::key`]):
//!
//! 1. **Inflection** — a form → lemma table from the OpenCorpora dictionary
//!    (`data/lemmas-ru.tsv.gz`, built by `scripts/build_lemmas.py`). It lists
//!    only forms whose Snowball stem differs from their lemma's stem, so it
//!    stays small; every other form already meets its lemma.
//! 2. **Derivation** — hand-written groups (and a few form overrides where
//!    the dictionary's likeliest reading is not the domain's) of the domain's word families
//!    (`data/derivations-ru.txt`: `задержание задержать задерживать …`).
//!    Dictionaries keep `задержать` and `задержание` apart, but a reader
//!    searching for detention wants both. Groups are keyed by stem, so every
//!    form of every member joins the group's head.
//!
//! The inflection table is compiled into an FST by `build.rs` and lives in
//! the binary's read-only pages; the small derivation tables are built once
//! per process, on first use.

use crate::stem::stem;
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

/// Form → packed (offset, length) of its lemma in [`LEMMAS`].
static FORMS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lemma-forms.fst"));
/// Every lemma, one after another (no separators).
static LEMMAS: &str = include_str!(concat!(env!("OUT_DIR"), "/lemmas.txt"));
static DERIVATIONS: &str = include_str!("../data/derivations-ru.txt");

struct Tables {
    /// Form → lemma, for forms whose stem differs from the lemma's.
    forms: Option<fst::Map<&'static [u8]>>,
    /// Forms whose domain reading overrides the dictionary's (`= form lemma`).
    overrides: HashMap<&'static str, &'static str>,
    /// Stem of a derivation-group member → the group's head word.
    groups: HashMap<String, &'static str>,
    /// The same for reflexive members (`вмешиваться`). Kept apart because
    /// Snowball strips `-ся`: `пытается` (tries) has the stem of `пытать`
    /// (to torture) and must not join the family of `пытка`.
    reflexive_groups: HashMap<String, &'static str>,
}

impl Tables {
    fn form_lemma(&self, form: &str) -> Option<&'static str> {
        if let Some(lemma) = self.overrides.get(form) {
            return Some(lemma);
        }
        let packed = self.forms.as_ref()?.get(form)?;
        let (offset, len) = ((packed >> 8) as usize, (packed & 0xff) as usize);
        LEMMAS.get(offset..offset + len)
    }
}

fn is_reflexive(word: &str) -> bool {
    word.ends_with("ся") || word.ends_with("сь")
}

static TABLES: LazyLock<Tables> = LazyLock::new(load);

fn load() -> Tables {
    // The FST is written by build.rs and checked by tests; a corrupt build
    // artefact degrades to Snowball-only keys rather than a panic.
    let forms = fst::Map::new(FORMS_FST).ok();
    let mut tables = Tables {
        forms,
        overrides: HashMap::default(),
        groups: HashMap::default(),
        reflexive_groups: HashMap::default(),
    };
    // `= form lemma` lines override the dictionary's likeliest reading where
    // the domain's is another (`судов`: of courts, not of ships).
    for line in DERIVATIONS.lines() {
        if let Some(rest) = line.strip_prefix('=')
            && let [form, lemma] = rest.split_whitespace().collect::<Vec<_>>()[..]
        {
            tables.overrides.insert(form, lemma);
        }
    }
    for line in DERIVATIONS.lines().filter(|l| !l.starts_with('=')) {
        let line = line.split('#').next().unwrap_or("").trim();
        let mut words = line.split_whitespace();
        let Some(head) = words.next() else { continue };
        for w in std::iter::once(head).chain(words) {
            let base = tables.form_lemma(w).unwrap_or(w);
            let key = stem(base);
            let map = if is_reflexive(base) {
                &mut tables.reflexive_groups
            } else {
                &mut tables.groups
            };
            map.insert(key, head);
        }
    }
    tables
}

/// Force loading the tables (for timing, or to pay the cost up front).
pub fn preload() {
    LazyLock::force(&TABLES);
}

/// The lemma (or derivation-group head) to stem instead of `word`, which
/// must be lowercase with `ё` folded to `е`. `None` when the word's own
/// Snowball stem is already its family's key.
pub fn lemma(word: &str) -> Option<&'static str> {
    let tables = &*TABLES;
    let from_table = tables.form_lemma(word);
    let base = from_table.unwrap_or(word);
    let groups = if is_reflexive(word) || is_reflexive(base) {
        &tables.reflexive_groups
    } else {
        &tables.groups
    };
    if let Some(head) = groups.get(&stem(base)) {
        return Some(head);
    }
    from_table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fleeting_vowel_and_participles_have_a_lemma() {
        assert_eq!(lemma("пыток"), Some("пытка"));
        assert_eq!(lemma("шел"), Some("идти"));
        assert!(lemma("задержан").is_some());
    }

    #[test]
    fn the_compiled_table_holds_every_form_of_the_dictionary() {
        // build.rs writes one entry per distinct form of data/lemmas-ru.tsv.gz.
        let forms = TABLES.forms.as_ref().expect("the compiled FST opens");
        assert_eq!(forms.len(), 560_148);
    }

    #[test]
    fn plain_forms_need_no_entry() {
        assert_eq!(lemma("студентами"), None);
        assert_eq!(lemma("tokayev"), None);
    }
}
