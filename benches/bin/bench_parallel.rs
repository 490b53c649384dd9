//! Parallel-document finding time per 1,000 documents at growing corpus
//! sizes, to show that candidate generation through the index stays near
//! linear (one index query per document, never all pairs).
//!
//! The corpus is built from the real parallel-news articles
//! (`../shared/eval/parallel-news/docs.jsonl`): copies of the 194 article
//! pairs, each copy with its own publication date spread over ten years, so
//! a larger corpus is also a denser one, as a growing archive is.
//!
//! `cargo run --release -p pressroom-benches --bin bench_parallel -- [--sizes 1000,2000,4000]`

use anyhow::{Context, Result};
use chrono::{Days, NaiveDate};
use clap::Parser;
use pressroom_align::eval::load_records;
use pressroom_align::{AnchorScorer, Dictionary, PairOptions, find_pairs};
use pressroom_model::{DocId, DocMeta, Document, Lang};
use pressroom_search::SearchIndex;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[derive(Parser)]
struct Args {
    /// Parallel-news file.
    #[arg(long, default_value = "../shared/eval/parallel-news/docs.jsonl")]
    data: PathBuf,
    /// Corpus sizes in documents.
    #[arg(long, value_delimiter = ',', default_value = "1000,2000,4000")]
    sizes: Vec<usize>,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let records = load_records(&args.data)
        .with_context(|| format!("reading {} (pass --data)", args.data.display()))?;
    anyhow::ensure!(!records.is_empty(), "no records in {}", args.data.display());
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).context("date")?;
    let scorer = AnchorScorer::with_dictionary(Dictionary::general());
    println!(
        "| documents | index build (s) | find pairs (s) | s per 1,000 docs | links found | true pairs found |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for &size in &args.sizes {
        let dir = tempfile::tempdir()?;
        let store = pressroom_store::Store::open(&dir.path().join("store.sqlite"))?;
        let tx = store.conn().unchecked_transaction()?;
        // Which generated pair each document belongs to, to count correct links.
        let mut pair_of = std::collections::HashMap::new();
        for i in 0..size / 2 {
            let rec = &records[i % records.len()];
            // A fixed pseudo-random spread over ten years; both sides share it.
            let published = start.checked_add_days(Days::new((i as u64 * 7919) % 3650));
            for (lang, paras) in [
                (Lang::En, &rec.en_paragraphs),
                (Lang::Ru, &rec.ru_paragraphs),
            ] {
                let origin = format!("bench/{i}/{}#{}", rec.id, lang.code());
                pair_of.insert(DocId::derive(&origin, 0), i);
                let body = paras
                    .iter()
                    .map(|p| p.join(" "))
                    .collect::<Vec<_>>()
                    .join("\n\n");
                pressroom_store::upsert_document(
                    &tx,
                    &Document {
                        id: DocId::derive(&origin, 0),
                        source: "bench".into(),
                        origin,
                        lang,
                        title: String::new(),
                        published,
                        body,
                        meta: DocMeta::default(),
                    },
                )?;
            }
        }
        tx.commit()?;
        let t = Instant::now();
        let (index, _) = SearchIndex::rebuild(
            &dir.path().join("index"),
            store.conn(),
            100_000_000,
            |_, _| {},
        )?;
        let index =
            index.with_translator(Arc::new(pressroom_analysis::translate::Translator::new()));
        let build = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let links = find_pairs(store.conn(), &index, &scorer, &PairOptions::default())?;
        let pairing = t.elapsed().as_secs_f64();
        let correct = links
            .iter()
            .filter(|l| pair_of.contains_key(&l.a) && pair_of.get(&l.a) == pair_of.get(&l.b))
            .count();
        println!(
            "| {size} | {build:.1} | {pairing:.1} | {:.2} | {} | {correct} of {} |",
            pairing / size as f64 * 1000.0,
            links.len(),
            size / 2
        );
    }
    Ok(())
}
