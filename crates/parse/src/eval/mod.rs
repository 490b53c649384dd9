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

mod report;
mod score;
mod split;
mod view;

use crate::encoding;
use crate::html::extract_html;
pub use score::{PageCounts, Scores, metrics, shingle_match, token_match};
use score::{precision_of, recall_of};
use serde::{Deserialize, Serialize};
pub use split::Split;
use split::site_of;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
pub use view::{View, paragraphs_as_breaks, without_landmarks, without_names};

/// Options of one evaluation run.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Which part of the folder to score.
    pub split: Split,
    /// Folder of peers' `<tool>.json` outputs (default: `peer-output/` of
    /// the data folder).
    pub peers: Option<PathBuf>,
    /// How our extractor is shown the pages ([`View`]); peers' outputs
    /// stay those they were given (write a view's pages with the
    /// `view_folder` example to score peers on them).
    pub view: View,
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
    /// How our extractor was shown the pages, when not as served (the
    /// peers' figures are those of the pages they were given).
    #[serde(default, skip_serializing_if = "View::is_as_served")]
    pub view: View,
    /// Whether that view was `without-names` (kept for readers of reports
    /// written before views had names).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub without_names: bool,
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
        ours.push(extract_body(&options.view.apply(&html), page.url));
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
        view: options.view,
        without_names: options.view == View::WithoutNames,
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
