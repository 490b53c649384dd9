//! pressroom end to end on a generated corpus: import into a real store
//! (`pressroom_store::replace_origin`), build the index
//! (`SearchIndex::rebuild`), then time the shared query set. Prints one JSON
//! report (see `scale::measure::Report`).
//!
//! The home directory gets the CLI's layout (`corpus/store.sqlite`,
//! `index/`), so `pressroom search --home DIR` can be timed on it afterwards.

use anyhow::{Context, Result};
use clap::Parser;
use pressroom_benches::scale::{corpus, measure, queries};
use pressroom_search::SearchIndex;
use pressroom_store::Store;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    #[arg(long)]
    corpus: PathBuf,
    /// Emptied and filled with `corpus/store.sqlite` and `index/`.
    #[arg(long)]
    home: PathBuf,
    #[arg(long, default_value = "scripts/bench/queries.tsv")]
    queries: PathBuf,
    /// Index writer memory budget, MB (the CLI uses 200).
    #[arg(long, default_value_t = 200)]
    budget_mb: usize,
    /// Documents per store transaction. 1 is what `pressroom import` does
    /// (one transaction per imported file).
    #[arg(long, default_value_t = 1)]
    batch: usize,
    /// Rounds over the query set for latency percentiles.
    #[arg(long, default_value_t = 20)]
    reps: usize,
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Seconds of the multi-threaded throughput run.
    #[arg(long, default_value_t = 5.0)]
    qps_secs: f64,
    /// Hits asked per query (each gets a snippet).
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Run cross-language queries without a translator (literally).
    #[arg(long)]
    no_translator: bool,
    /// Reuse the store and index already in HOME (query timing only).
    #[arg(long)]
    queries_only: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let queries = queries::load(&args.queries)?;
    let store_path = args.home.join("corpus/store.sqlite");
    let index_dir = args.home.join("index");
    let mut report = measure::Report {
        engine: "pressroom".into(),
        qps_threads: args.threads,
        ..Default::default()
    };
    let index = if args.queries_only {
        SearchIndex::open(&index_dir)?
    } else {
        if args.home.exists() {
            std::fs::remove_dir_all(&args.home)
                .with_context(|| format!("emptying {}", args.home.display()))?;
        }
        let mut store = Store::open(&store_path)?;
        let start = Instant::now();
        let batch = args.batch.max(1);
        let mut pending = Vec::with_capacity(batch);
        let mut write = |pending: &mut Vec<pressroom_model::Document>| -> Result<()> {
            let tx = store.conn_mut().transaction()?;
            for doc in pending.drain(..) {
                pressroom_store::replace_origin(&tx, &doc.origin, std::slice::from_ref(&doc))?;
            }
            tx.commit()?;
            Ok(())
        };
        corpus::for_each_doc(&args.corpus, |doc, bytes| {
            report.docs += 1;
            report.input_bytes += bytes as u64;
            pending.push(doc.to_document().map_err(anyhow::Error::msg)?);
            if pending.len() >= batch {
                write(&mut pending)?;
            }
            Ok(())
        })?;
        write(&mut pending)?;
        let import_secs = start.elapsed().as_secs_f64();
        report.import_secs = Some(import_secs);
        report.import_peak_rss_mb = measure::peak_rss_mb();
        if !measure::reset_peak_rss() {
            report
                .notes
                .push("peak RSS could not be reset: index peak includes import".into());
        }
        let start = Instant::now();
        let (index, update) =
            SearchIndex::rebuild(&index_dir, store.conn(), args.budget_mb << 20, |_, _| {})?;
        report.index_secs = start.elapsed().as_secs_f64();
        report.index_peak_rss_mb = measure::peak_rss_mb();
        report.total_secs = import_secs + report.index_secs;
        anyhow::ensure!(
            update.indexed == report.docs,
            "indexed {} of {} documents",
            update.indexed,
            report.docs
        );
        report.store_bytes = Some(measure::dir_bytes(&args.home.join("corpus")));
        report.notes.push(format!(
            "store: {} doc(s) per transaction; index budget {} MB",
            batch, args.budget_mb
        ));
        index
    };
    report.index_bytes = measure::dir_bytes(&index_dir.join("tantivy"));
    report
        .notes
        .push("queries: top 10 with snippets and exact total, through SearchIndex::search".into());
    // As the CLI does: the built-in glossary, lexicon and transliteration.
    let index = if args.no_translator {
        report
            .notes
            .push("cross-language: no translator, cross queries run literally".into());
        index
    } else {
        report
            .notes
            .push("cross-language: pressroom_analysis::translate::Translator::new()".into());
        index.with_translator(std::sync::Arc::new(
            pressroom_analysis::translate::Translator::new(),
        ))
    };
    let run = |q: &queries::BenchQuery| -> Result<usize> {
        Ok(index.search(&q.request(args.limit))?.total)
    };
    let (latency, hits) = measure::latencies(&queries, args.reps, run)?;
    report.latency_ms = latency;
    report.hits = hits;
    report.qps = measure::throughput(
        &queries,
        args.threads,
        Duration::from_secs_f64(args.qps_secs),
        run,
    )?;
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
