//! Extraction speed: pages per second of our HTML extractor on the extraction
//! benchmark pages, and of trafilatura 2.x on the same pages in the same run.
//!
//! Both sides time extraction only: pages are read, gunzipped and decoded
//! before the clock starts. trafilatura runs through
//! `benches/trafilatura/run.sh`, which builds its virtualenv on first use.
//!
//! Usage: `cargo run --release -p pressroom-benches --bin bench_extraction --
//! [--data DIR] [--rounds N] [--no-trafilatura]`.

use anyhow::{Context, Result, bail};
use clap::Parser;
use pressroom_parse::eval::{evaluate_extraction, read_page};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(Parser)]
struct Args {
    /// Folder in the article-extraction-benchmark layout.
    #[arg(long, default_value = "../shared/eval/extraction")]
    data: PathBuf,
    /// Passes over all pages (more rounds, steadier figures).
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Only time our extractor.
    #[arg(long)]
    no_trafilatura: bool,
}

#[derive(Deserialize)]
struct Truth {
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
struct PySpeed {
    pages: usize,
    seconds: f64,
    pages_per_second: f64,
    version: String,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let truth_path = args.data.join("ground-truth.json");
    let truth: std::collections::BTreeMap<String, Truth> = serde_json::from_str(
        &std::fs::read_to_string(&truth_path)
            .with_context(|| format!("reading {}", truth_path.display()))?,
    )?;
    let mut pages = Vec::new();
    for (id, t) in &truth {
        let path = args.data.join("html").join(format!("{id}.html.gz"));
        if path.is_file() {
            pages.push((read_page(&path)?, t.url.clone()));
        }
    }
    if pages.is_empty() {
        bail!("no pages under {}", args.data.display());
    }
    let rounds = args.rounds.max(1);

    let start = Instant::now();
    let mut chars = 0usize;
    for _ in 0..rounds {
        for (html, url) in &pages {
            chars += pressroom_parse::eval::extract_body(html, url.as_deref()).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let ours = (pages.len() * rounds) as f64 / secs;
    let quality = evaluate_extraction(&args.data)?;
    println!(
        "pressroom: {} pages x {rounds} rounds in {secs:.2}s = {ours:.1} pages/s (F1 {:.3}, {chars} chars out)",
        pages.len(),
        quality.f1
    );

    if args.no_trafilatura {
        return Ok(());
    }
    let py = trafilatura_speed(&args.data, rounds)?;
    println!(
        "trafilatura {}: {} pages in {:.2}s = {:.1} pages/s",
        py.version, py.pages, py.seconds, py.pages_per_second
    );
    println!(
        "ratio: pressroom is {:.1}x trafilatura's speed",
        ours / py.pages_per_second
    );
    Ok(())
}

fn trafilatura_speed(data: &Path, rounds: usize) -> Result<PySpeed> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("trafilatura/run.sh");
    let out = Command::new("sh")
        .arg(&script)
        .arg(data)
        .arg(rounds.to_string())
        .output()
        .with_context(|| format!("running {}", script.display()))?;
    if !out.status.success() {
        bail!(
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line).with_context(|| format!("unexpected output: {stdout}"))
}
