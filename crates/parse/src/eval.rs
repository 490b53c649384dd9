//! Extraction quality against human-annotated article bodies.
//!
//! The folder layout and the scoring follow the scrapinghub
//! article-extraction-benchmark, so that our figures sit next to published
//! ones for other extractors:
//!
//! * `html/<id>.html.gz` — raw pages; `ground-truth.json` —
//!   `{id: {"articleBody", "url"}}`; `peer-output/<tool>.json` —
//!   `{id: {"articleBody"}}`, other tools' output on the same pages.
//! * Each text is cut into `\w+` tokens and then into overlapping 4-token
//!   shingles (a text shorter than four tokens is one shingle). True
//!   positives, false positives and false negatives are counted over the
//!   shingle multisets and normalised by their sum, so that long pages weigh
//!   no more than short ones.
//! * Precision is averaged over pages with a non-empty prediction, recall over
//!   pages with a non-empty truth (an empty output therefore costs recall but
//!   not precision, exactly as upstream), and F1 is the harmonic mean of the
//!   two averages.
//!
//! Peers are scored on exactly the pages we score (those with both a
//! ground-truth entry and an HTML file); a page a peer did not output counts
//! as an empty output.

use crate::encoding;
use crate::html::extract_html;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use unicode_normalization::char::is_combining_mark;

/// Shingle length used by the benchmark.
const SHINGLE: usize = 4;

/// Precision, recall and F1 of one extractor over the evaluated pages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Our scores and every peer's, on the same pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractionReport {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub peers: BTreeMap<String, Scores>,
    /// The same comparison over bags of whitespace tokens ([`token_match`]).
    pub whitespace_tokens: TokenBagScores,
    /// Our precision and recall per page, to find where extraction fails;
    /// not part of the JSON report.
    #[serde(skip)]
    pub per_page: Vec<PageScore>,
}

/// Ours and every peer's scores over bags of whitespace tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenBagScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub peers: BTreeMap<String, Scores>,
}

/// Our result on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageScore {
    pub id: String,
    pub url: Option<String>,
    pub precision: f64,
    pub recall: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid JSON in {path}: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("no page of {0} has both a ground-truth entry and an html/<id>.html.gz file")]
    NoPages(PathBuf),
}

#[derive(Debug, Deserialize)]
struct Truth {
    #[serde(default, rename = "articleBody")]
    article_body: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PeerItem {
    #[serde(default, rename = "articleBody")]
    article_body: Option<String>,
}

/// Evaluate our extractor and the peers on the benchmark folder `dir`.
pub fn evaluate_extraction(dir: &Path) -> Result<ExtractionReport, EvalError> {
    evaluate_extraction_with_progress(dir, &mut |_, _| {})
}

/// As [`evaluate_extraction`], calling `progress(done, total)` after each page.
pub fn evaluate_extraction_with_progress(
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExtractionReport, EvalError> {
    let truth: BTreeMap<String, Truth> = read_json(&dir.join("ground-truth.json"))?;
    let pages: Vec<(&String, &Truth, PathBuf)> = truth
        .iter()
        .map(|(id, t)| (id, t, dir.join("html").join(format!("{id}.html.gz"))))
        .filter(|(_, _, p)| p.is_file())
        .collect();
    if pages.is_empty() {
        return Err(EvalError::NoPages(dir.to_path_buf()));
    }

    let mut ours = Vec::with_capacity(pages.len());
    let mut ours_tokens = Vec::with_capacity(pages.len());
    let mut per_page = Vec::with_capacity(pages.len());
    for (i, (id, t, path)) in pages.iter().enumerate() {
        let html = read_page(path)?;
        let predicted = extract_body(&html, t.url.as_deref());
        let counts = shingle_match(truth_body(t), &predicted);
        ours.push(counts);
        ours_tokens.push(token_match(truth_body(t), &predicted));
        per_page.push(PageScore {
            id: id.to_string(),
            url: t.url.clone(),
            precision: precision_of(counts),
            recall: recall_of(counts),
        });
        progress(i + 1, pages.len());
    }
    let own = metrics(&ours);

    let own_tokens = metrics(&ours_tokens);

    let mut peers = BTreeMap::new();
    let mut token_peers = BTreeMap::new();
    for (name, output) in read_peers(&dir.join("peer-output"))? {
        let predictions: Vec<(&str, &str)> = pages
            .iter()
            .map(|(id, t, _)| {
                let pred = output
                    .get(*id)
                    .and_then(|p| p.article_body.as_deref())
                    .unwrap_or("");
                (truth_body(t), pred)
            })
            .collect();
        let score = |m: fn(&str, &str) -> PageCounts| {
            metrics(&predictions.iter().map(|(t, p)| m(t, p)).collect::<Vec<_>>())
        };
        peers.insert(name.clone(), score(shingle_match));
        token_peers.insert(name, score(token_match));
    }

    Ok(ExtractionReport {
        pages: pages.len(),
        precision: own.precision,
        recall: own.recall,
        f1: own.f1,
        peers,
        whitespace_tokens: TokenBagScores {
            precision: own_tokens.precision,
            recall: own_tokens.recall,
            f1: own_tokens.f1,
            peers: token_peers,
        },
        per_page,
    })
}

/// Decode raw page bytes the way the importer does.
pub fn decode_page(bytes: &[u8]) -> String {
    encoding::decode(bytes, None)
        .map(|d| d.text)
        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
}

/// Our extracted body as the benchmark sees it: title excluded, paragraphs
/// joined; an extraction failure is an empty output.
pub fn extract_body(html: &str, url: Option<&str>) -> String {
    extract_html(html, url, None)
        .map(|p| p.paragraphs.join("\n"))
        .unwrap_or_default()
}

/// Read and gunzip one benchmark page, then decode it.
pub fn read_page(path: &Path) -> Result<String, EvalError> {
    let io = |source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(decode_page(&bytes))
}

fn truth_body(t: &Truth) -> &str {
    t.article_body.as_deref().unwrap_or("")
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        source,
    })
}

/// Every `peer-output/<tool>.json`, by tool name; none when the folder is absent.
fn read_peers(dir: &Path) -> Result<BTreeMap<String, HashMap<String, PeerItem>>, EvalError> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        out.insert(name.to_string(), read_json(&path)?);
    }
    Ok(out)
}

/// Normalised (tp, fp, fn) of one page.
pub type PageCounts = (f64, f64, f64);

/// `\w+` tokens as Python's `re` finds them: runs of letters, digits and `_`.
/// Python's letters exclude combining marks (Devanagari vowel signs, Arabic
/// harakat) that Rust's `is_alphanumeric` includes, so marks split tokens.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c == '_' || (c.is_alphanumeric() && !is_combining_mark(c))))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    let n = toks.len().saturating_sub(SHINGLE) + 1;
    for i in 0..n {
        let end = (i + SHINGLE).min(toks.len());
        *out.entry(toks[i..end].to_vec()).or_insert(0) += 1;
    }
    out
}

/// Shingle overlap of one page, normalised so that tp + fp + fn = 1 (all zero
/// when both texts are empty).
pub fn shingle_match(truth: &str, predicted: &str) -> PageCounts {
    overlap(&shingles(truth), &shingles(predicted))
}

/// Overlap of the bags of whitespace-separated tokens of one page, normalised
/// as [`shingle_match`]: the plainer measure the evaluation data's notes
/// describe, reported beside the benchmark's own.
pub fn token_match(truth: &str, predicted: &str) -> PageCounts {
    overlap(&token_bag(truth), &token_bag(predicted))
}

fn token_bag(text: &str) -> HashMap<Vec<&str>, usize> {
    let mut out = HashMap::new();
    for t in text.split_whitespace() {
        *out.entry(vec![t]).or_insert(0) += 1;
    }
    out
}

fn overlap(t: &HashMap<Vec<&str>, usize>, p: &HashMap<Vec<&str>, usize>) -> PageCounts {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, &tc) in t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc);
        fn_ += tc.saturating_sub(pc);
    }
    for (k, &pc) in p {
        fp += pc.saturating_sub(t.get(k).copied().unwrap_or(0));
    }
    let s = (tp + fp + fn_) as f64;
    if s == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / s, fp as f64 / s, fn_ as f64 / s)
}

fn precision_of((tp, fp, fn_): PageCounts) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn recall_of((tp, fp, fn_): PageCounts) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// Page-averaged precision and recall, and their harmonic mean.
pub fn metrics(pages: &[PageCounts]) -> Scores {
    let precision = mean(
        pages
            .iter()
            .filter(|c| c.0 + c.1 > 0.0)
            .map(|&c| precision_of(c)),
    );
    let recall = mean(
        pages
            .iter()
            .filter(|c| c.0 + c.2 > 0.0)
            .map(|&c| recall_of(c)),
    );
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        precision,
        recall,
        f1,
    }
}

/// One table: ours and every peer side by side, best F1 first.
fn write_table(
    f: &mut fmt::Formatter<'_>,
    heading: &str,
    ours: Scores,
    peers: &BTreeMap<String, Scores>,
) -> fmt::Result {
    writeln!(f, "{heading}")?;
    writeln!(
        f,
        "{:<24} {:>9} {:>9} {:>9}",
        "extractor", "precision", "recall", "F1"
    )?;
    let mut rows: Vec<(String, Scores)> = vec![("pressroom (ours)".to_string(), ours)];
    rows.extend(peers.iter().map(|(k, v)| (k.clone(), *v)));
    rows.sort_by(|a, b| b.1.f1.total_cmp(&a.1.f1));
    for (name, s) in rows {
        writeln!(
            f,
            "{:<24} {:>9.3} {:>9.3} {:>9.3}",
            name, s.precision, s.recall, s.f1
        )?;
    }
    Ok(())
}

impl fmt::Display for ExtractionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_table(
            f,
            &format!(
                "Extraction on {} pages (the benchmark's scoring: 4-token shingles, page-averaged)",
                self.pages
            ),
            Scores {
                precision: self.precision,
                recall: self.recall,
                f1: self.f1,
            },
            &self.peers,
        )?;
        writeln!(f)?;
        let bag = &self.whitespace_tokens;
        write_table(
            f,
            "Bags of whitespace tokens, page-averaged",
            Scores {
                precision: bag.precision,
                recall: bag.recall,
                f1: bag.f1,
            },
            &bag.peers,
        )
    }
}
