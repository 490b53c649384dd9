//! Which pages a change moved: two files of `extraction_jsonl` (before and
//! after), compared page by page, for all pages and for each half of the
//! sites, so that a rule chosen by looking at one half is judged on the
//! other.
//!
//! ```text
//! cargo run --release -p pressroom-parse --example extraction_diff -- \
//!     BEFORE.jsonl AFTER.jsonl [--pages]
//! ```
//!
//! For each group: the group's F1 before and after as the scorer reports
//! it (from the mean precision and the mean recall, so a page that goes
//! from no output to a little moves it otherwise than its own F1 does),
//! the pages whose F1 rose or fell by more than 0.01 (how many, and the
//! sum of their changes), and the pages whose snippet checks newly pass or
//! newly fail. Pages without gold bodies count for their checks only.
//! `--pages` also lists every page that moved.

use pressroom_parse::eval::{PageCounts, metrics};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// An F1 change smaller than this is noise of the scoring, not a move.
const MOVED: f64 = 0.01;

#[derive(Deserialize)]
struct Page {
    id: String,
    #[serde(default)]
    half: Option<String>,
    #[serde(rename = "type", default)]
    page_type: Option<String>,
    ours: Option<PageCounts>,
    ours_check: Option<bool>,
}

fn read(path: &Path) -> Result<BTreeMap<String, Page>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str::<Page>(l)
                .map(|p| (p.id.clone(), p))
                .map_err(|e| format!("{} line {}: {e}", path.display(), i + 1))
        })
        .collect()
}

#[derive(Default)]
struct Moves {
    better: usize,
    better_sum: f64,
    worse: usize,
    worse_sum: f64,
    newly_pass: usize,
    newly_fail: usize,
    counts_before: Vec<PageCounts>,
    counts_after: Vec<PageCounts>,
}

/// Which pages a change moved, between two runs of `extraction_jsonl`.
#[derive(clap::Parser)]
struct Args {
    /// The run before the change.
    before: PathBuf,
    /// The run after it.
    after: PathBuf,
    /// Also list every page that moved.
    #[arg(long)]
    pages: bool,
}

fn main() {
    let Args {
        before,
        after,
        pages: list_pages,
    } = clap::Parser::parse();
    let (before, after) = match (read(&before), read(&after)) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("extraction_diff: {e}");
            std::process::exit(1);
        }
    };
    let mut groups: BTreeMap<String, Moves> = BTreeMap::new();
    let mut lines: Vec<String> = Vec::new();
    for (id, b) in &before {
        let Some(a) = after.get(id) else { continue };
        let half = format!(
            "half {}",
            b.half.as_deref().or(a.half.as_deref()).unwrap_or("?")
        );
        let mut moved = Vec::new();
        let delta = match (b.ours, a.ours) {
            (Some(cb), Some(ca)) => metrics(&[ca]).f1 - metrics(&[cb]).f1,
            _ => 0.0,
        };
        for g in ["all", half.as_str()] {
            let m = groups.entry(g.to_string()).or_default();
            if delta > MOVED {
                m.better += 1;
                m.better_sum += delta;
            } else if delta < -MOVED {
                m.worse += 1;
                m.worse_sum += delta;
            }
            if let (Some(cb), Some(ca)) = (b.ours, a.ours) {
                m.counts_before.push(cb);
                m.counts_after.push(ca);
            }
            match (b.ours_check, a.ours_check) {
                (Some(false), Some(true)) => m.newly_pass += 1,
                (Some(true), Some(false)) => m.newly_fail += 1,
                _ => {}
            }
        }
        if delta.abs() > MOVED {
            moved.push(format!("F1 {delta:+.3}"));
        }
        if b.ours_check.is_some() && b.ours_check != a.ours_check {
            moved.push(format!(
                "checks {}",
                if a.ours_check == Some(true) {
                    "newly pass"
                } else {
                    "newly fail"
                }
            ));
        }
        if list_pages && !moved.is_empty() {
            lines.push(format!(
                "{id} ({}, {half}): {}",
                b.page_type.as_deref().unwrap_or("-"),
                moved.join(", ")
            ));
        }
    }
    for (g, m) in &groups {
        let f1 = if m.counts_before.is_empty() {
            String::new()
        } else {
            format!(
                "F1 {:.4} -> {:.4}; ",
                metrics(&m.counts_before).f1,
                metrics(&m.counts_after).f1
            )
        };
        lines.push(format!(
            "{g:<7} {f1}better {} ({:+.2}), worse {} ({:+.2}); checks newly pass {}, newly fail {}",
            m.better, m.better_sum, m.worse, m.worse_sum, m.newly_pass, m.newly_fail
        ));
    }
    // A closed pipe (`| head`) ends the listing quietly.
    let mut out = std::io::stdout().lock();
    for line in lines {
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}
