//! Write a deterministic corpus of N generated press releases as JSONL
//! (one document per line: id, source, lang, published, title, body).
//!
//! `gen_corpus --docs 100000 --seed 42 --out benches/data/corpus-100k.jsonl`

use anyhow::{Context, Result};
use clap::Parser;
use pressroom_benches::scale::corpus::{Generator, Pools};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// Number of documents.
    #[arg(long)]
    docs: u64,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The shared evaluation data folder (sentences and names).
    #[arg(long, default_value = "../shared/eval")]
    eval: PathBuf,
    /// The sample releases (`*.txt`).
    #[arg(long, default_value = "corpus/sample")]
    sample: PathBuf,
    #[arg(long)]
    out: PathBuf,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let pools = Pools::load(&args.eval, &args.sample)?;
    let generator = Generator::new(pools, args.seed);
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    // Written beside and renamed, so an interrupted run never leaves a
    // short corpus that looks complete.
    let partial = args.out.with_extension("partial");
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("creating {}", partial.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut bytes = 0u64;
    for i in 0..args.docs {
        let line = serde_json::to_string(&generator.doc(i))?;
        bytes += line.len() as u64 + 1;
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    drop(out);
    std::fs::rename(&partial, &args.out)?;
    eprintln!(
        "{} documents, {:.1} MB -> {}",
        args.docs,
        bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(())
}
