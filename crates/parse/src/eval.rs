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
//!
//! Other folder shapes score the same way, with what they hold:
//!
//! * `checks.json` — `{id: {"with": [...], "without": [...]}}`: a page passes
//!   when every `with` snippet is in the output and no `without` snippet is
//!   (whitespace runs compared as one space). A folder may hold checks only.
//! * `meta.json` — `{id: {"page_type", "domain", "url", ...}}`: scores are
//!   also reported per page type, and the site (domain, else the URL's host)
//!   decides the split.
//!
//! **Splits.** Rules tuned by looking at pages must be measured on pages of
//! sites nobody looked at. [`Split`] cuts every folder the same fixed way by
//! a hash of each page's site: a third of the sites are the held-out part,
//! the rest the tuning part. Whole sites go one way, so a held-out figure
//! says how the extractor does on templates it has never seen.

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

/// Which pages of a folder a run scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Pages of the sites rules may be tuned on (about two thirds).
    Tune,
    /// Pages of the other sites: never looked at one by one.
    Holdout,
    /// Every page.
    #[default]
    All,
}

impl Split {
    /// Whether a page of site `site` belongs to this split.
    pub fn contains(self, site: &str) -> bool {
        match self {
            Split::All => true,
            Split::Holdout => is_holdout_site(site),
            Split::Tune => !is_holdout_site(site),
        }
    }
}

impl fmt::Display for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Split::Tune => "tune",
            Split::Holdout => "holdout",
            Split::All => "all",
        })
    }
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "tune" => Ok(Split::Tune),
            "holdout" => Ok(Split::Holdout),
            "all" => Ok(Split::All),
            other => Err(format!(
                "unknown split {other:?} (expected tune, holdout or all)"
            )),
        }
    }
}

/// A third of the sites, chosen by a fixed hash (64-bit FNV-1a, which no
/// library version can change) of the site name.
fn is_holdout_site(site: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in site.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h.is_multiple_of(3)
}

/// The site of a page: its domain, else its URL's host (without `www.`),
/// else its id (a page of unknown origin is a site of its own).
fn site_of(id: &str, domain: Option<&str>, url: Option<&str>) -> String {
    let host = domain.map(str::to_string).or_else(|| {
        url.and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_string))
    });
    match host {
        Some(h) => h
            .to_ascii_lowercase()
            .trim_start_matches("www.")
            .to_string(),
        None => format!("page:{id}"),
    }
}

/// Options of one evaluation run.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Which part of the folder to score.
    pub split: Split,
    /// Folder of peers' `<tool>.json` outputs (default: `peer-output/` of
    /// the data folder).
    pub peers: Option<PathBuf>,
}

/// Snippet checks: the share of pages passing, ours and every peer's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckScores {
    pub pages: usize,
    pub passed: usize,
    pub pass_rate: f64,
    /// Share of `with` snippets found, over all pages' snippets.
    pub with_found: f64,
    /// Share of `without` snippets absent, over all pages' snippets.
    pub without_absent: f64,
    pub peers: BTreeMap<String, f64>,
}

/// Scores of the pages of one type (`meta.json` `page_type`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeScores {
    /// Pages of this type with a ground-truth body.
    pub pages: usize,
    pub ours: Scores,
    pub peers: BTreeMap<String, Scores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<CheckScores>,
}

/// Our scores and every peer's, on the same pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractionReport {
    /// The part of the folder scored.
    pub split: Split,
    /// Pages with a ground-truth body (the P/R/F1 figures' pages).
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub peers: BTreeMap<String, Scores>,
    /// The same comparison over bags of whitespace tokens ([`token_match`]).
    pub whitespace_tokens: TokenBagScores,
    /// Snippet checks, where the folder has `checks.json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<CheckScores>,
    /// Scores per page type, where the folder has `meta.json` page types.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_type: BTreeMap<String, TypeScores>,
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
    /// Whether the page passed its snippet checks, where it has some.
    pub checks_passed: Option<bool>,
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
    #[error(
        "no page of {0} has both a ground-truth.json or checks.json entry and an html/<id>.html.gz file"
    )]
    NoPages(PathBuf),
    #[error("no page of {dir} is in the {split} split")]
    EmptySplit { dir: PathBuf, split: Split },
}

#[derive(Debug, Deserialize)]
struct Truth {
    #[serde(default, rename = "articleBody")]
    article_body: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Checks {
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Meta {
    #[serde(default)]
    page_type: Option<String>,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PeerItem {
    #[serde(default, rename = "articleBody")]
    article_body: Option<String>,
}

/// Evaluate our extractor and the peers on every page of the folder `dir`.
pub fn evaluate_extraction(dir: &Path) -> Result<ExtractionReport, EvalError> {
    evaluate_extraction_with(dir, &EvalOptions::default(), &mut |_, _| {})
}

/// As [`evaluate_extraction`], calling `progress(done, total)` after each page.
pub fn evaluate_extraction_with_progress(
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExtractionReport, EvalError> {
    evaluate_extraction_with(dir, &EvalOptions::default(), progress)
}

/// One page to score, with whatever gold the folder has for it.
struct Page<'a> {
    id: &'a str,
    path: PathBuf,
    url: Option<&'a str>,
    truth: Option<&'a str>,
    checks: Option<&'a Checks>,
    page_type: Option<&'a str>,
}

/// Evaluate the pages of one split of `dir`, with peers read from
/// `options.peers`, calling `progress(done, total)` after each page.
pub fn evaluate_extraction_with(
    dir: &Path,
    options: &EvalOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExtractionReport, EvalError> {
    let truth: BTreeMap<String, Truth> = read_optional_json(&dir.join("ground-truth.json"))?;
    let checks: BTreeMap<String, Checks> = read_optional_json(&dir.join("checks.json"))?;
    let meta: BTreeMap<String, Meta> = read_optional_json(&dir.join("meta.json"))?;
    let ids: std::collections::BTreeSet<&String> = truth.keys().chain(checks.keys()).collect();
    let all_pages: Vec<Page<'_>> = ids
        .into_iter()
        .map(|id| {
            let t = truth.get(id);
            let m = meta.get(id);
            Page {
                id,
                path: dir.join("html").join(format!("{id}.html.gz")),
                url: t
                    .and_then(|t| t.url.as_deref())
                    .or_else(|| m.and_then(|m| m.url.as_deref())),
                truth: t.map(truth_body),
                checks: checks.get(id),
                page_type: m.and_then(|m| m.page_type.as_deref()),
            }
        })
        .filter(|p| p.path.is_file())
        .collect();
    if all_pages.is_empty() {
        return Err(EvalError::NoPages(dir.to_path_buf()));
    }
    let pages: Vec<Page<'_>> = all_pages
        .into_iter()
        .filter(|p| {
            let m = meta.get(p.id);
            let site = site_of(p.id, m.and_then(|m| m.domain.as_deref()), p.url);
            options.split.contains(&site)
        })
        .collect();
    if pages.is_empty() {
        return Err(EvalError::EmptySplit {
            dir: dir.to_path_buf(),
            split: options.split,
        });
    }

    let mut ours: Vec<String> = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        let html = read_page(&page.path)?;
        ours.push(extract_body(&html, page.url));
        progress(i + 1, pages.len());
    }
    let peer_dir = options
        .peers
        .clone()
        .unwrap_or_else(|| dir.join("peer-output"));
    let peer_outputs = read_peers(&peer_dir)?;
    let peer_texts: BTreeMap<&String, Vec<&str>> = peer_outputs
        .iter()
        .map(|(name, output)| {
            let texts = pages
                .iter()
                .map(|p| {
                    output
                        .get(p.id)
                        .and_then(|o| o.article_body.as_deref())
                        .unwrap_or("")
                })
                .collect();
            (name, texts)
        })
        .collect();

    let per_page = pages
        .iter()
        .zip(&ours)
        .map(|(p, out)| {
            let counts = shingle_match(p.truth.unwrap_or(""), out);
            PageScore {
                id: p.id.to_string(),
                url: p.url.map(str::to_string),
                precision: precision_of(counts),
                recall: recall_of(counts),
                checks_passed: p.checks.map(|c| check_page(c, out).passed),
            }
        })
        .collect();

    let all: Vec<usize> = (0..pages.len()).collect();
    let whole = score_group(&pages, &all, &ours, &peer_texts);
    let mut types: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(t) = p.page_type {
            types.entry(t).or_default().push(i);
        }
    }
    let by_type = types
        .into_iter()
        .map(|(t, members)| {
            let g = score_group(&pages, &members, &ours, &peer_texts);
            (
                t.to_string(),
                TypeScores {
                    pages: g.gold_pages,
                    ours: g.ours,
                    peers: g.peers,
                    checks: g.checks,
                },
            )
        })
        .collect();

    Ok(ExtractionReport {
        split: options.split,
        pages: whole.gold_pages,
        precision: whole.ours.precision,
        recall: whole.ours.recall,
        f1: whole.ours.f1,
        peers: whole.peers,
        whitespace_tokens: whole.tokens,
        checks: whole.checks,
        by_type,
        per_page,
    })
}

/// Scores of a group of pages (by index), ours and the peers'.
struct GroupScores {
    gold_pages: usize,
    ours: Scores,
    peers: BTreeMap<String, Scores>,
    tokens: TokenBagScores,
    checks: Option<CheckScores>,
}

fn score_group(
    pages: &[Page<'_>],
    members: &[usize],
    ours: &[String],
    peers: &BTreeMap<&String, Vec<&str>>,
) -> GroupScores {
    let gold: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| pages[i].truth.is_some())
        .collect();
    let score = |texts: &[&str], m: fn(&str, &str) -> PageCounts| {
        metrics(
            &gold
                .iter()
                .map(|&i| m(pages[i].truth.unwrap_or(""), texts[i]))
                .collect::<Vec<_>>(),
        )
    };
    let own: Vec<&str> = ours.iter().map(String::as_str).collect();
    let own_scores = score(&own, shingle_match);
    let own_tokens = score(&own, token_match);
    let mut peer_scores = BTreeMap::new();
    let mut token_peers = BTreeMap::new();
    for (&name, texts) in peers {
        peer_scores.insert(name.clone(), score(texts, shingle_match));
        token_peers.insert(name.clone(), score(texts, token_match));
    }

    let checked: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| pages[i].checks.is_some())
        .collect();
    let checks = (!checked.is_empty()).then(|| {
        let tally = |texts: &[&str]| {
            let mut total = CheckTally::default();
            for &i in &checked {
                if let Some(c) = pages[i].checks {
                    total.add(check_page(c, texts[i]));
                }
            }
            total
        };
        let mine = tally(&own);
        CheckScores {
            pages: checked.len(),
            passed: mine.passed,
            pass_rate: mine.pass_rate(),
            with_found: ratio(mine.with_found, mine.with_total),
            without_absent: ratio(mine.without_absent, mine.without_total),
            peers: peers
                .iter()
                .map(|(&name, texts)| (name.clone(), tally(texts).pass_rate()))
                .collect(),
        }
    });

    GroupScores {
        gold_pages: gold.len(),
        ours: own_scores,
        peers: peer_scores,
        tokens: TokenBagScores {
            precision: own_tokens.precision,
            recall: own_tokens.recall,
            f1: own_tokens.f1,
            peers: token_peers,
        },
        checks,
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Snippet-check counts over pages.
#[derive(Debug, Default, Clone, Copy)]
struct CheckTally {
    pages: usize,
    passed: usize,
    with_found: usize,
    with_total: usize,
    without_absent: usize,
    without_total: usize,
}

impl CheckTally {
    fn add(&mut self, page: PageChecks) {
        self.pages += 1;
        self.passed += usize::from(page.passed);
        self.with_found += page.with_found;
        self.with_total += page.with_total;
        self.without_absent += page.without_absent;
        self.without_total += page.without_total;
    }

    fn pass_rate(&self) -> f64 {
        ratio(self.passed, self.pages)
    }
}

/// One page's snippet checks against an output.
#[derive(Debug, Clone, Copy)]
struct PageChecks {
    passed: bool,
    with_found: usize,
    with_total: usize,
    without_absent: usize,
    without_total: usize,
}

fn check_page(c: &Checks, output: &str) -> PageChecks {
    let out = squash_spaces(output);
    let found = |s: &String| {
        let s = squash_spaces(s);
        !s.is_empty() && out.contains(&s)
    };
    let with_found = c.with.iter().filter(|s| found(s)).count();
    let without_absent = c.without.iter().filter(|s| !found(s)).count();
    PageChecks {
        passed: with_found == c.with.len() && without_absent == c.without.len(),
        with_found,
        with_total: c.with.len(),
        without_absent,
        without_total: c.without.len(),
    }
}

/// Whitespace runs as one space, trimmed: the gold snippets and the outputs
/// break lines differently.
fn squash_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// A JSON file that a folder may lack: absent is empty.
fn read_optional_json<T: serde::de::DeserializeOwned + Default>(
    path: &Path,
) -> Result<T, EvalError> {
    if path.exists() {
        read_json(path)
    } else {
        Ok(T::default())
    }
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
        writeln!(f, "Split: {}", self.split)?;
        if self.pages > 0 {
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
            )?;
        }
        if let Some(c) = &self.checks {
            if self.pages > 0 {
                writeln!(f)?;
            }
            write_checks(f, "Snippet checks", c)?;
        }
        if !self.by_type.is_empty() {
            writeln!(f)?;
            writeln!(
                f,
                "Per page type (4-token shingles; F1, then snippet pass rate)"
            )?;
            let mut names: Vec<&String> =
                self.by_type.values().flat_map(|t| t.peers.keys()).collect();
            names.sort();
            names.dedup();
            write!(
                f,
                "{:<14} {:>5} {:>18}",
                "type", "pages", "pressroom (ours)"
            )?;
            for n in &names {
                write!(f, " {:>18}", n)?;
            }
            writeln!(f)?;
            for (t, s) in &self.by_type {
                write!(
                    f,
                    "{:<14} {:>5} {:>18}",
                    t,
                    s.pages,
                    cell(s.ours.f1, s.checks.as_ref().map(|c| c.pass_rate))
                )?;
                for n in &names {
                    let f1 = s.peers.get(*n).map_or(0.0, |p| p.f1);
                    let pass = s.checks.as_ref().and_then(|c| c.peers.get(*n).copied());
                    write!(f, " {:>18}", cell(f1, pass))?;
                }
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

fn cell(f1: f64, pass: Option<f64>) -> String {
    match pass {
        Some(p) => format!("{f1:.3} / {p:.3}"),
        None => format!("{f1:.3}"),
    }
}

fn write_checks(f: &mut fmt::Formatter<'_>, heading: &str, c: &CheckScores) -> fmt::Result {
    writeln!(
        f,
        "{heading} on {} pages (a page passes with every `with` snippet and no `without` snippet)",
        c.pages
    )?;
    writeln!(f, "{:<24} {:>9}", "extractor", "pass rate")?;
    let mut rows: Vec<(String, f64)> = vec![("pressroom (ours)".to_string(), c.pass_rate)];
    rows.extend(c.peers.iter().map(|(k, v)| (k.clone(), *v)));
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (name, rate) in rows {
        writeln!(f, "{:<24} {:>9.3}", name, rate)?;
    }
    writeln!(
        f,
        "ours: {:.3} of `with` snippets found, {:.3} of `without` snippets absent",
        c.with_found, c.without_absent
    )
}
