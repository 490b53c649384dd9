//! The text report: ours and every peer side by side.

use super::{CheckScores, ExtractionReport, Scores};
use std::collections::BTreeMap;
use std::fmt;

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
        if !self.view.is_as_served() {
            writeln!(
                f,
                "Our extractor read {}; the peers' figures are those of the pages they were given.",
                self.view.describe()
            )?;
        }
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
