//! Measurements of the cross-language building blocks on real data that
//! nobody on the project wrote (see `../shared/eval/README.md`): name
//! transliteration recall and sentence matching accuracy.
//!
//! Reports are plain serialisable structs with a human rendering, so the CLI
//! can print either, and figures are reported per held-out split so that
//! tuning on the training part shows up as a gap rather than hiding.

use crate::fold::is_cyrillic;
use crate::key::term_key;
use crate::stop::is_stop_word;
use crate::translate::Translator;
use crate::translit::{cyrillic_variants, latin_variants, name_key, strip_diacritics};
use pressroom_model::Lang;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
}

pub(crate) fn read_tsv(path: &Path, expected: &[&str]) -> Result<Vec<Vec<String>>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    if header.len() < expected.len() || header[..expected.len()] != *expected {
        return Err(EvalError::Format {
            path: path.to_path_buf(),
            message: format!("expected columns {expected:?}, found {header:?}"),
        });
    }
    Ok(lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect::<Vec<_>>())
        .filter(|cols| cols.len() >= expected.len())
        .collect())
}

/// Recall of one direction on one split.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NameRecall {
    /// Name pairs evaluated.
    pub pairs: usize,
    /// Pairs whose target spelling is among the generated variants.
    pub variant_hits: usize,
    /// Pairs matched by variants or by equal [`name_key`]s.
    pub hits: usize,
    /// `hits / pairs`.
    pub recall: f64,
    /// Recall weighted by how often each name occurs (`count` column).
    pub weighted_recall: f64,
    /// `variant_hits / pairs`: exact spelling generation alone.
    pub variant_recall: f64,
}

/// Both directions on one split.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SplitNames {
    pub en_to_ru: NameRecall,
    pub ru_to_en: NameRecall,
}

/// Transliteration recall per split value (`train80`, `test20`, …) and overall.
#[derive(Debug, Clone, Serialize)]
pub struct NamesReport {
    pub file: PathBuf,
    pub splits: BTreeMap<String, SplitNames>,
    pub overall: SplitNames,
    /// Pairs where the key alone matches but so do many other names: how
    /// lossy the key is (share of random English/Russian pairs with equal
    /// keys, sampled), a precision caveat for the key-based recall.
    pub key_collision_rate: f64,
}

#[derive(Default)]
struct Tally {
    pairs: usize,
    variant_hits: usize,
    hits: usize,
    weight: f64,
    weight_hits: f64,
}

impl Tally {
    fn add(&mut self, variant: bool, key: bool, count: f64) {
        self.pairs += 1;
        self.weight += count;
        if variant {
            self.variant_hits += 1;
        }
        if variant || key {
            self.hits += 1;
            self.weight_hits += count;
        }
    }
    fn finish(&self) -> NameRecall {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        NameRecall {
            pairs: self.pairs,
            variant_hits: self.variant_hits,
            hits: self.hits,
            recall: ratio(self.hits as f64, self.pairs as f64),
            weighted_recall: ratio(self.weight_hits, self.weight),
            variant_recall: ratio(self.variant_hits as f64, self.pairs as f64),
        }
    }
}

/// Transliteration recall over a names file with columns `english`,
/// `russian`, `count`, `split` (one token pair per line).
///
/// EN→RU: the Russian form is among [`cyrillic_variants`] of the English
/// token, or both have the same [`name_key`]. RU→EN: the English form (with
/// diacritics reduced) is among [`latin_variants`], or the keys match.
pub fn evaluate_names(path: &Path) -> Result<NamesReport, EvalError> {
    let rows = read_tsv(path, &["english", "russian", "count", "split"])?;
    let mut per_split: BTreeMap<String, (Tally, Tally)> = BTreeMap::new();
    let mut all = (Tally::default(), Tally::default());
    let mut keys: Vec<(String, String)> = Vec::with_capacity(rows.len());
    for cols in &rows {
        let (en, ru, split) = (cols[0].trim(), cols[1].trim(), cols[3].trim());
        let count: f64 = cols[2].trim().parse().unwrap_or(1.0);
        let en_plain = strip_diacritics(en);
        let ru_folded = crate::fold::fold(ru);
        let (ken, kru) = (name_key(en), name_key(ru));
        let key = !ken.is_empty() && ken == kru;
        let en_ru = cyrillic_variants(en)
            .iter()
            .any(|v| crate::fold::fold(v) == ru_folded);
        let ru_en = latin_variants(ru).contains(&en_plain);
        let entry = per_split.entry(split.to_string()).or_default();
        entry.0.add(en_ru, key, count);
        entry.1.add(ru_en, key, count);
        all.0.add(en_ru, key, count);
        all.1.add(ru_en, key, count);
        keys.push((ken, kru));
    }
    // Pair each English key with the Russian key of a row far away: equal
    // keys there are accidental collisions.
    let n = keys.len();
    let sample = n.min(20_000);
    let collisions = (0..sample)
        .filter(|&i| {
            let j = (i * 7919 + n / 2) % n.max(1);
            j != i && keys[i].0 == keys[j].1
        })
        .count();
    Ok(NamesReport {
        file: path.to_path_buf(),
        splits: per_split
            .into_iter()
            .map(|(k, (a, b))| {
                (
                    k,
                    SplitNames {
                        en_to_ru: a.finish(),
                        ru_to_en: b.finish(),
                    },
                )
            })
            .collect(),
        overall: SplitNames {
            en_to_ru: all.0.finish(),
            ru_to_en: all.1.finish(),
        },
        key_collision_rate: if sample > 0 {
            collisions as f64 / sample as f64
        } else {
            0.0
        },
    })
}

impl fmt::Display for NamesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "names: {}", self.file.display())?;
        writeln!(
            f,
            "{:<10} {:>8}  {:>9} {:>9} {:>9}  {:>9} {:>9} {:>9}",
            "split", "pairs", "EN→RU", "weighted", "spelling", "RU→EN", "weighted", "spelling"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, s: &SplitNames| {
            writeln!(
                f,
                "{:<10} {:>8}  {:>8.1}% {:>8.1}% {:>8.1}%  {:>8.1}% {:>8.1}% {:>8.1}%",
                name,
                s.en_to_ru.pairs,
                s.en_to_ru.recall * 100.0,
                s.en_to_ru.weighted_recall * 100.0,
                s.en_to_ru.variant_recall * 100.0,
                s.ru_to_en.recall * 100.0,
                s.ru_to_en.weighted_recall * 100.0,
                s.ru_to_en.variant_recall * 100.0,
            )
        };
        for (name, s) in &self.splits {
            row(f, name, s)?;
        }
        row(f, "overall", &self.overall)?;
        writeln!(
            f,
            "recall = spelling among generated variants or equal name keys; \
             spelling = variants alone; weighted = by occurrence count"
        )?;
        write!(
            f,
            "name-key collision rate between unrelated names: {:.2}%",
            self.key_collision_rate * 100.0
        )
    }
}

/// Accuracy of one matching direction.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Matching {
    /// Source sentences whose true translation ranked first.
    pub correct: usize,
    pub total: usize,
    /// `correct / total` (top-1 accuracy).
    pub accuracy: f64,
    /// Share of source content terms that got at least one translation.
    pub term_coverage: f64,
}

/// Sentence matching with lexical signals only, both directions.
#[derive(Debug, Clone, Serialize)]
pub struct SentencesReport {
    pub file: PathBuf,
    pub sentences: usize,
    pub en_to_ru: Matching,
    pub ru_to_en: Matching,
    pub elapsed_ms: u128,
}

/// Keys of the content words of a text (stop words of the word's script
/// dropped), plus `#`-prefixed name keys of capitalised words.
fn sentence_keys(text: &str) -> HashSet<String> {
    let mut keys = HashSet::new();
    for (i, w) in crate::tokens::words(text).iter().enumerate() {
        let folded = crate::fold::fold(&w.text);
        let script = if is_cyrillic(&folded) {
            Lang::Ru
        } else {
            Lang::En
        };
        if is_stop_word(&folded, script) {
            continue;
        }
        keys.insert(term_key(&folded));
        if i > 0 && w.text.chars().next().is_some_and(char::is_uppercase) {
            keys.insert(format!("#{}", name_key(&w.text)));
        }
    }
    keys
}

/// Content keys of a translation (a word or phrase): all must be present.
fn translation_keys(text: &str) -> Vec<String> {
    crate::tokens::words(text)
        .iter()
        .map(|w| crate::fold::fold(&w.text))
        .filter(|f| {
            let script = if is_cyrillic(f) { Lang::Ru } else { Lang::En };
            !is_stop_word(f, script)
        })
        .map(|f| term_key(&f))
        .collect()
}

/// One source sentence as alternatives per term: (keys, weight).
type Alternatives = Vec<Vec<(Vec<String>, f32)>>;

fn source_alternatives(translator: &Translator, text: &str, from: Lang) -> (Alternatives, usize) {
    let terms = translator.translate_query(text, from);
    let mut covered = 0;
    let mut out = Vec::with_capacity(terms.len());
    for (i, term) in terms.iter().enumerate() {
        let mut alts: Vec<(Vec<String>, f32)> = term
            .translations
            .iter()
            .map(|t| (translation_keys(&t.text), t.weight))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        if !alts.is_empty() {
            covered += 1;
        }
        // A capitalised word may be a name however it was translated.
        let not_first = i > 0 || text.trim_start().find(&term.source) != Some(0);
        if not_first && term.source.chars().next().is_some_and(char::is_uppercase) {
            alts.push((vec![format!("#{}", name_key(&term.source))], 0.5));
        }
        out.push(alts);
    }
    (out, covered)
}

fn char_len(s: &str) -> f64 {
    (s.chars().filter(|c| !c.is_whitespace()).count().max(1)) as f64
}

/// For each source, rank all targets and count how often the aligned one
/// (same index) is first.
fn match_direction(
    translator: &Translator,
    sources: &[&str],
    targets: &[&str],
    from: Lang,
) -> Matching {
    let target_keys: Vec<HashSet<String>> = targets.iter().map(|t| sentence_keys(t)).collect();
    // The typical length ratio between the two languages, from the sides'
    // overall lengths (not from the pairing being evaluated).
    let mean_log = |xs: &[&str]| xs.iter().map(|s| char_len(s).ln()).sum::<f64>() / xs.len() as f64;
    let log_ratio = mean_log(targets) - mean_log(sources);
    let (mut correct, mut terms, mut covered) = (0, 0, 0);
    for (i, src) in sources.iter().enumerate() {
        let (alts, cov) = source_alternatives(translator, src, from);
        terms += alts.len();
        covered += cov;
        let src_len = char_len(src).ln();
        let mut best = (f64::NEG_INFINITY, usize::MAX);
        for (j, keys) in target_keys.iter().enumerate() {
            let matched: f64 = alts
                .iter()
                .map(|term| {
                    term.iter()
                        .filter(|(k, _)| k.iter().all(|k| keys.contains(k)))
                        .map(|(_, w)| f64::from(*w))
                        .fold(0.0, f64::max)
                })
                .sum();
            let norm = ((alts.len().max(1) * keys.len().max(1)) as f64).sqrt();
            let length = (char_len(targets[j]).ln() - src_len - log_ratio).abs();
            let score = matched / norm - 0.1 * length;
            if score > best.0 {
                best = (score, j);
            }
        }
        if best.1 == i {
            correct += 1;
        }
    }
    let total = sources.len();
    Matching {
        correct,
        total,
        accuracy: if total > 0 {
            correct as f64 / total as f64
        } else {
            0.0
        },
        term_coverage: if terms > 0 {
            covered as f64 / terms as f64
        } else {
            0.0
        },
    }
}

/// Top-1 sentence matching over a file with columns `en`, `ru` (one pair
/// per line): each English sentence's Russian translation must score
/// highest among all Russian sentences, using only lexical signals (query
/// translation of the source, lemma keys of the target, numbers, name keys,
/// length ratio); and the reverse.
pub fn evaluate_sentences(
    path: &Path,
    translator: &Translator,
) -> Result<SentencesReport, EvalError> {
    let started = std::time::Instant::now();
    let rows = read_tsv(path, &["en", "ru"])?;
    let en: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let ru: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    let en_to_ru = match_direction(translator, &en, &ru, Lang::En);
    let ru_to_en = match_direction(translator, &ru, &en, Lang::Ru);
    Ok(SentencesReport {
        file: path.to_path_buf(),
        sentences: rows.len(),
        en_to_ru,
        ru_to_en,
        elapsed_ms: started.elapsed().as_millis(),
    })
}

impl fmt::Display for SentencesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sentences: {} ({} pairs)",
            self.file.display(),
            self.sentences
        )?;
        for (name, m) in [("EN→RU", &self.en_to_ru), ("RU→EN", &self.ru_to_en)] {
            writeln!(
                f,
                "{name}: top-1 accuracy {:.1}% ({}/{}), source terms translated {:.1}%",
                m.accuracy * 100.0,
                m.correct,
                m.total,
                m.term_coverage * 100.0
            )?;
        }
        write!(
            f,
            "lexical signals only (glossary, lexicon, transliteration, numbers, length); \
             neural anchor LaBSE 95.3%; {} ms",
            self.elapsed_ms
        )
    }
}
