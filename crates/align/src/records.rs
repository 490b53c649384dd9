//! The parallel-news evaluation's records and scores, shared by the pairing
//! evaluation ([`crate::eval`]) and the link-kind evaluation
//! ([`crate::kind_eval`]).

use crate::AlignError;
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::Path;

/// One line of the evaluation file.
#[derive(Debug, Clone, Deserialize)]
pub struct ParallelRecord {
    pub id: String,
    #[serde(default)]
    pub origlang: String,
    pub en_paragraphs: Vec<Vec<String>>,
    pub ru_paragraphs: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn from_counts(correct: usize, predicted: usize, gold: usize) -> Prf {
        Prf::new(ratio(correct, predicted), ratio(correct, gold))
    }

    pub fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b > 0 { a as f64 / b as f64 } else { 0.0 }
}

/// Below this content similarity two documents are not called a pair.
pub const MIN_PAIR_SCORE: f32 = 0.05;

/// Read an evaluation file.
pub fn load_records(path: &Path) -> Result<Vec<ParallelRecord>, AlignError> {
    let file = std::fs::File::open(path).map_err(|source| AlignError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| AlignError::Io {
            path: path.display().to_string(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: ParallelRecord = serde_json::from_str(&line).map_err(|e| AlignError::Format {
            path: path.display().to_string(),
            line: n + 1,
            message: e.to_string(),
        })?;
        out.push(rec);
    }
    Ok(out)
}
