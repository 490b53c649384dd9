//! pressroom end to end on a generated corpus: import into a real store
//! (through `pressroom import`'s own writer, `pressroom_ingest::write_in_order`,
//! one document standing for one file, with `pressroom import`'s SQLite
//! settings and batching: a savepoint per document, a commit every `--batch`
//! documents or `--batch-secs`), build the index (`pressroom index --rebuild` when
//! `--cli` names the binary, else `SearchIndex::rebuild` in this process),
//! then time the shared query set. Prints one JSON report (see
//! `scale::measure::Report`).
//!
//! The home directory gets the CLI's layout (`corpus/store.sqlite`,
//! `index/`), so `pressroom search --home DIR` can be timed on it afterwards.

use anyhow::{Context, Result};
use clap::Parser;
use pressroom_benches::scale::{corpus, measure, queries};
use pressroom_ingest::{NoProgress, PreparedFile, PreparedPage};
use pressroom_search::SearchIndex;
use pressroom_store::Store;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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
    /// Documents per store transaction, at most (each in its own
    /// savepoint). Default: what `pressroom import` does with files
    /// (`pressroom_store::IMPORT_SETTINGS`); 1 is what it did before
    /// batching, 500 before 20,000.
    #[arg(long)]
    batch: Option<usize>,
    /// Seconds after which a batch is committed even if not full. Default:
    /// what `pressroom import` does.
    #[arg(long)]
    batch_secs: Option<f64>,
    /// Build the index with this `pressroom` binary (`index --rebuild`, a
    /// child process, memory sampled from its /proc status) instead of in
    /// this process: measures what the CLI does with its own budget.
    #[arg(long)]
    cli: Option<PathBuf>,
    /// Keep the store already in HOME and only rebuild the index (memory
    /// and build-time experiments).
    #[arg(long)]
    reuse_store: bool,
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
    /// Answer each query as the server's full answer does: the page and the
    /// facets of every match (language, source, month), the total exact.
    #[arg(long)]
    facets: bool,
    /// `exact`: count every match; `topk`: count up to 10,000 (the CLI's default).
    #[arg(long, value_enum, default_value_t = queries::Totals::Exact)]
    totals: queries::Totals,
    /// Stop after the store import: no index, no queries (import timing).
    #[arg(long)]
    import_only: bool,
    /// SQLite page cache during the import, MB (default: what `pressroom
    /// import` uses, `pressroom_store::IMPORT_SETTINGS`; 2 is SQLite's
    /// default, what imports used before).
    #[arg(long)]
    cache_mb: Option<i64>,
    /// WAL size at which SQLite checkpoints during the import, MB (default:
    /// what `pressroom import` uses; 4 is SQLite's default, used before).
    #[arg(long)]
    checkpoint_mb: Option<i64>,
    /// Import through the WAL although the store is new (what `pressroom
    /// import` did with a first import before it took a rollback journal).
    #[arg(long)]
    wal: bool,
    /// Documents the reading thread hands to the writer at once (default:
    /// what `pressroom import` does with files; 1 is what it did before
    /// its workers took runs of files).
    #[arg(long)]
    files_per_run: Option<usize>,
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
        let import_secs = if args.reuse_store {
            anyhow::ensure!(
                store_path.exists(),
                "--reuse-store: no store at {}",
                store_path.display()
            );
            let store = Store::open(&store_path)?;
            report.docs = pressroom_store::count_changed_since(store.conn(), i64::MIN)?;
            report.input_bytes = std::fs::metadata(&args.corpus).map_or(0, |m| m.len());
            report
                .notes
                .push("store reused from an earlier run: import not timed".into());
            if index_dir.exists() {
                std::fs::remove_dir_all(&index_dir)?;
            }
            None
        } else {
            if args.home.exists() {
                std::fs::remove_dir_all(&args.home)
                    .with_context(|| format!("emptying {}", args.home.display()))?;
            }
            let cpu = measure::CpuClock::start(measure::CpuOf::This);
            let secs = import(&args, &store_path, &mut report)?;
            report.import_secs = Some(secs);
            report.import_cpu_secs = cpu.secs();
            report.import_peak_rss_mb = measure::peak_rss_mb();
            if args.import_only {
                report.store_bytes = Some(measure::dir_bytes(&args.home.join("corpus")));
                println!("{}", serde_json::to_string(&report)?);
                return Ok(());
            }
            Some(secs)
        };
        let start = Instant::now();
        let indexed = if let Some(cli) = &args.cli {
            let cpu = measure::CpuClock::start(measure::CpuOf::WaitedChildren);
            let mut child = Command::new(cli)
                .arg("--home")
                .arg(&args.home)
                .args(["index", "--rebuild", "--json"])
                .stdout(Stdio::piped())
                .spawn()
                .with_context(|| format!("running {}", cli.display()))?;
            let sampler = measure::MemSampler::start(Some(child.id()));
            let mut out = String::new();
            child
                .stdout
                .take()
                .expect("piped")
                .read_to_string(&mut out)?;
            let peaks = sampler.finish();
            let status = child.wait()?;
            report.index_cpu_secs = cpu.secs();
            anyhow::ensure!(
                status.success(),
                "pressroom index --rebuild failed: {status}"
            );
            report.index_peak_rss_mb = Some(peaks.hwm_mb.max(peaks.rss_mb));
            report.index_peak_rss_anon_mb = Some(peaks.anon_mb);
            report.index_peak_rss_file_mb = Some(peaks.file_mb);
            report.notes.push(
                "index: `pressroom index --rebuild` (the CLI's own memory budget), memory sampled from its /proc status every 20 ms".into(),
            );
            let json: serde_json::Value = serde_json::from_str(out.trim())
                .with_context(|| format!("pressroom index --json printed {out:?}"))?;
            if let Some(m) = json.get("memory") {
                report.notes.push(format!(
                    "CLI memory plan: budget {} MB, reserved {} MB, tantivy writer {} MB",
                    m["budget_mb"], m["reserved_mb"], m["writer_mb"]
                ));
                report.writer_heap_mb = m["writer_mb"].as_u64();
            }
            json["indexed"].as_u64().unwrap_or(0)
        } else {
            if !measure::reset_peak_rss() {
                report
                    .notes
                    .push("peak RSS could not be reset: index peak includes import".into());
            }
            let store = Store::open(&store_path)?;
            let sampler = measure::MemSampler::start(None);
            let cpu = measure::CpuClock::start(measure::CpuOf::This);
            let (_, update) =
                SearchIndex::rebuild(&index_dir, store.conn(), args.budget_mb << 20, |_, _| {})?;
            report.index_cpu_secs = cpu.secs();
            let peaks = sampler.finish();
            report.index_peak_rss_mb = measure::peak_rss_mb();
            report.index_peak_rss_anon_mb = Some(peaks.anon_mb);
            report.index_peak_rss_file_mb = Some(peaks.file_mb);
            report.notes.push(format!(
                "index: SearchIndex::rebuild in the bench process, budget {} MB passed to tantivy",
                args.budget_mb
            ));
            report.writer_heap_mb = Some(args.budget_mb as u64);
            update.indexed
        };
        report.index_secs = start.elapsed().as_secs_f64();
        report.total_secs = import_secs.unwrap_or(0.0) + report.index_secs;
        anyhow::ensure!(
            indexed == report.docs,
            "indexed {} of {} documents",
            indexed,
            report.docs
        );
        report.store_bytes = Some(measure::dir_bytes(&args.home.join("corpus")));
        SearchIndex::open(&index_dir)?
    };
    report.index_bytes = measure::dir_bytes(&index_dir.join("tantivy"));
    report.notes.push(if args.facets {
        "queries: top 10 with snippets and the facets of every match (exact total), through SearchIndex::search_page_with_facets".to_string()
    } else {
        format!(
            "queries: top 10 with snippets, {}, through SearchIndex::search",
            args.totals.describe()
        )
    });
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
    // Snippets are cut from the bodies in the store, as the CLI and the
    // server do: a read-only connection per querying thread, pooled.
    let readers = std::sync::Mutex::new(Vec::<Store>::new());
    let run = |q: &queries::BenchQuery| -> Result<usize> {
        let pooled = readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let store = match pooled {
            Some(store) => store,
            None => Store::open_reader(&store_path)?,
        };
        let req = q.request(args.limit, args.totals);
        let total = if args.facets {
            let order = pressroom_search::SortOrder::Relevance;
            index
                .search_page_with_facets(&req, 0, order, store.conn())?
                .0
                .total
        } else {
            index.search(&req, store.conn())?.total
        };
        readers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(store);
        Ok(total)
    };
    measure::time_queries_and_print(&mut report, &queries, args.reps, args.qps_secs, run)
}

/// Import the corpus into a new store at `store_path` as `pressroom import`
/// does with files (without reading and parsing them): each document in its
/// own savepoint with its `imports` check and record, a commit every
/// `--batch` documents or `--batch-secs` seconds. Returns the seconds taken.
fn import(args: &Args, store_path: &Path, report: &mut measure::Report) -> Result<f64> {
    let store = Store::open(store_path)?;
    let start = Instant::now();
    let defaults = pressroom_store::IMPORT_SETTINGS;
    let settings = pressroom_store::ImportSettings {
        cache_mb: args.cache_mb.unwrap_or(defaults.cache_mb),
        checkpoint_mb: args.checkpoint_mb.unwrap_or(defaults.checkpoint_mb),
        batch_files: args.batch.unwrap_or(defaults.batch_files).max(1),
        batch_time: args
            .batch_secs
            .map_or(defaults.batch_time, Duration::from_secs_f64),
        rollback_journal_when_empty: defaults.rollback_journal_when_empty && !args.wal,
        files_per_run: args.files_per_run.unwrap_or(defaults.files_per_run).max(1),
    };
    report.notes.push(format!(
        "store: SQLite page cache {} MB, WAL checkpoint every {} MB during the import (`pressroom import`: {} MB, {} MB)",
        settings.cache_mb, settings.checkpoint_mb, defaults.cache_mb, defaults.checkpoint_mb
    ));
    report.notes.push(format!(
        "store: documents handed to the writer in runs of {} (`pressroom import`: {})",
        settings.files_per_run, defaults.files_per_run
    ));
    report.notes.push(format!(
        "store: sixteen documents to a savepoint, a commit every {} documents or {} s (`pressroom import`: {}, {} s); a preparing worker per core",
        settings.batch_files,
        settings.batch_time.as_secs_f64(),
        defaults.batch_files,
        defaults.batch_time.as_secs_f64()
    ));
    store.with_settings(settings, |journal| {
        report.notes.push(format!(
            "store: the import wrote through {}",
            match journal {
                pressroom_store::ImportJournal::Wal => "the WAL",
                pressroom_store::ImportJournal::Rollback => "a rollback journal (a new store)",
            }
        ));
        import_docs(&args.corpus, settings, &store, report)
    })??;
    Ok(start.elapsed().as_secs_f64())
}

/// Runs of documents between the reading thread and the writer at most, as
/// `pressroom import` keeps a few runs of files per worker in flight.
const IN_FLIGHT_RUNS: usize = 8;

/// A run of documents as read, each with its position and line length.
type ReadRun = Vec<(u64, corpus::GenDoc, usize)>;

fn import_docs(
    corpus: &Path,
    settings: pressroom_store::ImportSettings,
    store: &Store,
    report: &mut measure::Report,
) -> Result<()> {
    // `pressroom import` reads, hashes and parses runs of files on a worker
    // per core while one thread writes to the store. Here one thread reads
    // the corpus and parses its JSON; a worker per core makes each run's
    // documents (the file's SHA-256 the CLI computes, then the document's
    // hash and compressed body) and this thread writes the runs in corpus
    // order: run k goes to worker k mod n and is taken back from it.
    let run_len = settings.files_per_run.max(1);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let in_flight = IN_FLIGHT_RUNS.div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let mut to_workers = Vec::new();
        let mut from_workers = Vec::new();
        let mut preparing = Vec::new();
        for _ in 0..workers {
            let (to, runs) = std::sync::mpsc::sync_channel::<ReadRun>(in_flight);
            let (done, from) = std::sync::mpsc::sync_channel::<Vec<PreparedFile>>(in_flight);
            to_workers.push(to);
            from_workers.push(from);
            preparing.push(scope.spawn(move || -> Result<()> {
                for run in runs {
                    let mut files = Vec::with_capacity(run.len());
                    for (position, doc, bytes) in run {
                        let doc = doc.into_document(position).map_err(anyhow::Error::msg)?;
                        let record = pressroom_store::ImportRecord {
                            path: doc.origin.clone(),
                            sha256: doc.content_hash(),
                            size: bytes as i64,
                            documents: 1,
                            error: None,
                        };
                        // Hashed again and compressed, as the CLI's workers
                        // hash a file's bytes (the record) and then prepare
                        // its document.
                        let label = doc.origin.clone();
                        let page = PreparedPage::new(doc.origin.clone(), vec![doc], Vec::new());
                        files.push(PreparedFile::parsed(label, record, vec![page]));
                    }
                    if done.send(files).is_err() {
                        // The writer stopped on an error, which it reports.
                        break;
                    }
                }
                Ok(())
            }));
        }
        let reader = scope.spawn(move || -> Result<(u64, u64)> {
            let (mut docs, mut input_bytes) = (0u64, 0u64);
            let mut run = Vec::with_capacity(run_len);
            let mut runs = 0usize;
            // A send fails only when a worker or the writer stopped on an
            // error, which they report.
            let stopped = |_| anyhow::anyhow!("the store writer stopped");
            corpus::for_each_doc(corpus, |doc, bytes| {
                run.push((docs, doc, bytes));
                docs += 1;
                input_bytes += bytes as u64;
                if run.len() >= run_len {
                    let full = std::mem::replace(&mut run, Vec::with_capacity(run_len));
                    to_workers[runs % to_workers.len()]
                        .send(full)
                        .map_err(stopped)?;
                    runs += 1;
                }
                Ok(())
            })?;
            if !run.is_empty() {
                to_workers[runs % to_workers.len()]
                    .send(run)
                    .map_err(stopped)?;
            }
            Ok((docs, input_bytes))
        });
        // The store half is `pressroom import`'s own writer. The runs come
        // back in the order they were dealt; the first worker with no run
        // left when its turn comes means the corpus has been read.
        let mut turn = 0usize;
        let runs = std::iter::from_fn(|| {
            let run = from_workers[turn % from_workers.len()].recv().ok();
            turn += 1;
            run
        });
        let files = runs.flatten().map(Ok);
        let written =
            pressroom_ingest::write_in_order(store, files, false, &settings, &mut NoProgress);
        drop(from_workers);
        let read = reader
            .join()
            .map_err(|_| anyhow::anyhow!("the corpus reader panicked"))?;
        let prepared: Vec<Result<()>> = preparing
            .into_iter()
            .map(|w| {
                w.join()
                    .map_err(|_| anyhow::anyhow!("a preparing worker panicked"))?
            })
            .collect();
        // The writer's error first, then a worker's: the reader's is then
        // only their echo.
        let summary = written?;
        prepared.into_iter().collect::<Result<()>>()?;
        let (docs, input_bytes) = read?;
        anyhow::ensure!(
            summary.unchanged_files == 0 && summary.failed.is_empty(),
            "generated documents imported twice or refused: {summary:?}"
        );
        anyhow::ensure!(
            summary.files == docs,
            "{docs} documents read but {} written",
            summary.files
        );
        report.docs += docs;
        report.input_bytes += input_bytes;
        Ok(())
    })
}
