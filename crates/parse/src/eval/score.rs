//! The benchmark's token and shingle overlap scores.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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

pub(super) fn precision_of((tp, fp, fn_): PageCounts) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

pub(super) fn recall_of((tp, fp, fn_): PageCounts) -> f64 {
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
