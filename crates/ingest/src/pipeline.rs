//! The import pipeline: worker threads read, hash and parse runs of files
//! while the calling thread writes them to the store in file order.

use crate::files::{collect_files, run_end};
use crate::prepare::{PreparedFile, prepare};
use crate::report::{ImportError, ImportProgress, ImportSummary};
use crate::writer::write_in_order;
use pressroom_model::sources::SourcesConfig;
use pressroom_store::{ImportJournal, ImportSettings, Store};
use std::ops::Range;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, SyncSender};

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Files inside it are remembered by their path relative to it (their
    /// origin), so a corpus can move; files outside by their absolute path.
    pub corpus_dir: PathBuf,
    /// Sources, to attribute and extract documents.
    pub sources: SourcesConfig,
    /// Re-parse files even when their content has not changed.
    pub force: bool,
    /// Worker threads that read and parse (one more writes).
    pub jobs: usize,
    /// Store settings and batching ([`pressroom_store::IMPORT_SETTINGS`]).
    pub settings: ImportSettings,
}

impl ImportOptions {
    /// `pressroom import`'s defaults: no forcing, a worker per core.
    pub fn new(corpus_dir: PathBuf, sources: SourcesConfig) -> ImportOptions {
        ImportOptions {
            corpus_dir,
            sources,
            force: false,
            jobs: default_jobs(),
            settings: pressroom_store::IMPORT_SETTINGS,
        }
    }
}

/// Worker threads by default: one per available core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs of files between the workers and the writer at most, per worker:
/// enough to keep every worker busy while the writer waits for a slow run,
/// few enough that memory stays bounded by a few runs of parsed files.
const IN_FLIGHT_PER_JOB: usize = 4;

/// Import the files under `paths` (see [`collect_files`]) into `store`.
pub fn import_paths(
    store: &mut Store,
    paths: &[PathBuf],
    options: &ImportOptions,
    progress: &mut dyn ImportProgress,
) -> Result<ImportSummary, ImportError> {
    let found = collect_files(paths)?;
    let mut summary = import_files(store, &found.files, options, progress)?;
    summary.failed.splice(0..0, found.problems);
    Ok(summary)
}

/// Import `files`, in this order. Files are read, hashed and parsed on
/// `options.jobs` worker threads, in runs of consecutive files (each
/// hand-over can cost a thread wake-up on both sides), while this thread
/// writes them one by one in order ([`write_in_order`]), so the documents,
/// their change sequence and the summary do not depend on the number of
/// workers. A parser that panics fails its file alone.
pub fn import_files(
    store: &mut Store,
    files: &[PathBuf],
    options: &ImportOptions,
    progress: &mut dyn ImportProgress,
) -> Result<ImportSummary, ImportError> {
    let store = &*store;
    let jobs = options.jobs.max(1);
    let in_flight = IN_FLIGHT_PER_JOB * jobs;
    let files_per_run = options.settings.files_per_run;
    progress.files_found(files.len() as u64);
    // The feeder hands out runs of files in order; each run gets a one-slot
    // channel for its results, and the writer receives those channels in the
    // same order through a bounded queue, so it writes in file order however
    // the workers finish, and at most about `in_flight` runs are read ahead.
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(in_flight);
    let (order_tx, order_rx) = mpsc::sync_channel::<Receiver<Vec<PreparedFile>>>(in_flight);
    let job_rx = Mutex::new(job_rx);
    let store_path = store.path();
    let summary = store.with_settings(options.settings, |journal| {
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let mut start = 0;
                while start < files.len() {
                    let end = run_end(files, start, files_per_run);
                    let (result_tx, result_rx) = mpsc::sync_channel(1);
                    // Either send fails only when the writer or every
                    // worker has stopped: then there is nothing left to do.
                    if job_tx.send((start..end, result_tx)).is_err()
                        || order_tx.send(result_rx).is_err()
                    {
                        break;
                    }
                    start = end;
                }
            });
            for _ in 0..jobs {
                scope.spawn(|| worker(store_path, journal, files, &job_rx, options));
            }
            let prepared = order_rx.iter().flat_map(|run| match run.recv() {
                Ok(run) => run.into_iter().map(Ok).collect::<Vec<_>>(),
                Err(_) => vec![Err(ImportError::WorkerStopped)],
            });
            write_in_order(store, prepared, options.force, &options.settings, progress)
        })
    });
    summary?
}

/// A run of files to prepare (their indexes in the file list) and where to
/// send them, prepared, in the same order.
type Job = (Range<usize>, SyncSender<Vec<PreparedFile>>);

fn worker(
    store_path: &Path,
    journal: ImportJournal,
    files: &[PathBuf],
    jobs: &Mutex<Receiver<Job>>,
    options: &ImportOptions,
) {
    // A connection of its own to look up import records: unchanged files
    // are skipped without being parsed. A first import (rollback journal)
    // has none to look up, and a reader would stall the writer's commits.
    let reader = (journal == ImportJournal::Wal)
        .then(|| Store::open_reader(store_path).ok())
        .flatten();
    loop {
        let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((run, result_tx)) = job else { break };
        let prepared = files[run]
            .iter()
            .map(|path| {
                std::panic::catch_unwind(AssertUnwindSafe(|| {
                    prepare(
                        reader.as_ref(),
                        &options.sources,
                        &options.corpus_dir,
                        path,
                        options.force,
                    )
                }))
                .unwrap_or_else(|panic| PreparedFile::panicked(&options.corpus_dir, path, panic))
            })
            .collect();
        // The writer may have stopped on an error; then the results are
        // not wanted.
        let _ = result_tx.send(prepared);
    }
}
