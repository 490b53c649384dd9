use crate::context::Context;
use crate::output::progress;
use anyhow::{Context as _, Result, bail};
use indicatif::ProgressBar;
use pressroom_model::sources::SourcesConfig;
use pressroom_parse::{ContentKind, Input};
use pressroom_store::{ImportJournal, ImportRecord, Store, StoredContent, Upsert};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct ImportArgs {
    /// Files or folders (searched recursively for .txt, .html, .htm, .warc and .warc.gz).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Re-parse files even when their content has not changed.
    #[arg(long)]
    force: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// Files read and parsed at once, on this many threads (one thread
    /// writes them to the store, in order). Default: one per available core.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    jobs: Option<u32>,
}

/// What an import did, file by file.
#[derive(Debug, Default, Serialize)]
pub struct ImportSummary {
    pub files: u64,
    pub unchanged_files: u64,
    pub new_documents: u64,
    pub changed_documents: u64,
    pub unchanged_documents: u64,
    pub failed: Vec<Failure>,
    /// Files that were parsed (not in the JSON: unchanged files are
    /// recognised before parsing, and tests check that they are).
    #[serde(skip)]
    pub parsed_files: u64,
}

#[derive(Debug, Serialize)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

/// What an importable file holds.
#[derive(Clone, Copy)]
enum FileKind {
    Page(ContentKind),
    /// A web archive written by `pressroom fetch` (or any WARC crawler).
    Warc,
}

fn kind_of(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return Some(FileKind::Warc);
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" | "md" | "markdown" => Some(FileKind::Page(ContentKind::Text)),
        "html" | "htm" | "xhtml" => Some(FileKind::Page(ContentKind::Html)),
        _ => None,
    }
}

/// Files to import under `paths`, in a stable order. Explicitly named files
/// of an unknown kind are errors; inside folders they are skipped.
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file() && kind_of(e.path()).is_some())
                .map(|e| e.into_path())
                .collect();
            found.sort();
            files.extend(found);
        } else if kind_of(path).is_some() {
            files.push(path.clone());
        } else {
            bail!(
                "{}: not a file pressroom imports (supported: .txt, .text, .html, .htm, .xhtml, .warc, .warc.gz)",
                path.display()
            );
        }
    }
    Ok(files)
}

/// Files per store transaction: committing every file costs a WAL commit
/// each (half the import time at 100k documents), committing never would
/// lose everything to a kill. A batch ends at whichever of this and
/// [`BATCH_TIME`] comes first (see `pressroom_store::ImportSettings`).
const BATCH_FILES: usize = pressroom_store::IMPORT_SETTINGS.batch_files;
const BATCH_TIME: Duration = pressroom_store::IMPORT_SETTINGS.batch_time;

/// Worker threads by default: one per available core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Import `paths` into `store`. Files are read, hashed and parsed on `jobs`
/// worker threads while this thread writes them to the store one by one in
/// the order of [`collect_files`], so the documents, their change sequence
/// and the summary do not depend on `jobs`. Files are committed in batches
/// (see [`BATCH_FILES`]), each file inside its own savepoint: a file that
/// fails rolls back only its own writes and leaves an error record (so it is
/// retried next time), and the batch goes on. A kill loses at most the batch
/// in progress, which the next run imports again (unchanged files are
/// recognised by path and SHA-256 in the `imports` table, before parsing).
pub fn import_paths_with_jobs(
    ctx: &Context,
    store: &mut Store,
    paths: &[PathBuf],
    force: bool,
    jobs: usize,
) -> Result<ImportSummary> {
    let files = collect_files(paths)?;
    import_files(ctx, store, &files, force, BATCH_FILES, jobs)
}

/// [`import_paths_with_jobs`] with one worker per available core.
pub fn import_paths(
    ctx: &Context,
    store: &mut Store,
    paths: &[PathBuf],
    force: bool,
) -> Result<ImportSummary> {
    import_paths_with_jobs(ctx, store, paths, force, default_jobs())
}

/// Runs of files between the workers and the writer at most, per worker:
/// enough to keep every worker busy while the writer waits for a slow run,
/// few enough that memory stays bounded by a few runs of parsed files.
const IN_FLIGHT_PER_JOB: usize = 4;

/// Consecutive files a worker prepares as one job, at most (a WARC file,
/// which holds many, is a run of its own). With a job per file, every file
/// cost a thread wake-up on each side of each channel once the writer was
/// the slower side, which it is when parsing is cheap: a 1M-document store
/// import spent a fifth of its profile in futex calls and took 48–54 s
/// against 43–45 s (BENCHMARKS.md, item 40). A run of parsed pages is
/// small beside the page cache the writer holds; only a run of very large
/// HTML files would weigh more than the single files did.
const FILES_PER_RUN: usize = pressroom_store::IMPORT_SETTINGS.files_per_run;

/// Where the run of at most `max_files` files starting at `start` ends
/// (exclusive).
fn run_end(files: &[PathBuf], start: usize, max_files: usize) -> usize {
    let is_warc = |path: &PathBuf| matches!(kind_of(path), Some(FileKind::Warc));
    if is_warc(&files[start]) {
        return start + 1;
    }
    let limit = files.len().min(start + max_files.max(1));
    (start + 1..limit)
        .find(|&index| is_warc(&files[index]))
        .unwrap_or(limit)
}

fn import_files(
    ctx: &Context,
    store: &mut Store,
    files: &[PathBuf],
    force: bool,
    batch_files: usize,
    jobs: usize,
) -> Result<ImportSummary> {
    let sources = ctx.sources()?;
    let store = &*store;
    let jobs = jobs.max(1);
    let in_flight = IN_FLIGHT_PER_JOB * jobs;
    let bar = progress(files.len() as u64, "importing");
    // The feeder hands out runs of files in order; each run gets a one-slot
    // channel for its results, and the writer receives those channels in the
    // same order through a bounded queue, so it writes in file order however
    // the workers finish, and at most about `in_flight` runs are read ahead.
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(in_flight);
    let (order_tx, order_rx) = mpsc::sync_channel::<Receiver<Vec<Prepared>>>(in_flight);
    let job_rx = Mutex::new(job_rx);
    let store_path = store.path();
    let summary = store.with_import_settings(|journal| {
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let mut start = 0;
                while start < files.len() {
                    let end = run_end(files, start, FILES_PER_RUN);
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
                scope.spawn(|| {
                    // A connection of its own to look up import records:
                    // unchanged files are skipped without being parsed. A
                    // first import (rollback journal) has none to look up,
                    // and a reader would stall the writer's commits.
                    let reader = (journal == ImportJournal::Wal)
                        .then(|| Store::open_reader(store_path).ok())
                        .flatten();
                    loop {
                        let job = job_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        let Ok((run, result_tx)) = job else { break };
                        let prepared = files[run]
                            .iter()
                            .map(|path| {
                                std::panic::catch_unwind(AssertUnwindSafe(|| {
                                    prepare(ctx, reader.as_ref(), &sources, path, force)
                                }))
                                .unwrap_or_else(|panic| Prepared::panicked(ctx, path, panic))
                            })
                            .collect();
                        // The writer may have stopped on an error; then the
                        // results are not wanted.
                        let _ = result_tx.send(prepared);
                    }
                });
            }
            write_in_order(store, files, order_rx, force, batch_files, &bar)
        })
    });
    bar.finish_and_clear();
    summary?
}

/// A run of files to prepare (their indexes in the file list) and where to
/// send them, prepared, in the same order.
type Job = (Range<usize>, SyncSender<Vec<Prepared>>);

/// Write the prepared files in order, in batches, each in its savepoint.
fn write_in_order(
    store: &Store,
    files: &[PathBuf],
    runs: Receiver<Receiver<Vec<Prepared>>>,
    force: bool,
    batch_files: usize,
    bar: &ProgressBar,
) -> Result<ImportSummary> {
    let mut summary = ImportSummary::default();
    let mut batch = Batch::begin(store)?;
    let mut run = Vec::new().into_iter();
    for path in files {
        let file = match run.next() {
            Some(file) => file,
            None => {
                run = runs
                    .recv()
                    .ok()
                    .and_then(|result| result.recv().ok())
                    .context("an import worker stopped without a result")?
                    .into_iter();
                run.next().context("an import worker sent an empty run")?
            }
        };
        summary.files += 1;
        summary.parsed_files += u64::from(file.parsed);
        let mut tally = ImportSummary::default();
        let outcome = match file.content {
            Ok(Content::Unchanged) => {
                tally.unchanged_files += 1;
                Ok(())
            }
            Ok(Content::Parsed { record, pages }) => in_savepoint(store, || {
                write_file(store, record, &pages, force, &mut tally)
            }),
            Err(failure) => Err(failure),
        };
        match outcome {
            Ok(()) => summary.add(&tally),
            Err(failure) => {
                let mut reason = format!("{:#}", failure.error);
                // Remember the failure so the file is retried next time
                // (its own writes were rolled back with its savepoint), and
                // report it without stopping the batch.
                if let Some(mut record) = failure.record {
                    record.error = Some(reason.clone());
                    record.documents = 0;
                    if let Err(err) = in_savepoint(store, || {
                        pressroom_store::record_import(store.conn(), &record)
                            .map_err(anyhow::Error::from)
                    }) {
                        reason = format!("{reason} (and the failure was not recorded: {err:#})");
                    }
                }
                summary.failed.push(Failure {
                    path: path.display().to_string(),
                    reason,
                });
            }
        }
        batch.files += 1;
        if batch.files >= batch_files || batch.started.elapsed() >= BATCH_TIME {
            batch.commit()?;
            batch = Batch::begin(store)?;
        }
        bar.inc(1);
    }
    batch.commit()?;
    Ok(summary)
}

/// The open store transaction of a batch of files. Dropped without
/// [`Batch::commit`] (an error on the way), it rolls back, so the store's
/// connection is left usable.
struct Batch<'s> {
    store: &'s Store,
    open: bool,
    files: usize,
    started: Instant,
}

impl<'s> Batch<'s> {
    fn begin(store: &'s Store) -> Result<Batch<'s>> {
        // IMMEDIATE: take the write lock up front, so a concurrent writer
        // (a crawl) makes us wait (busy timeout) instead of failing the
        // batch when a read has to turn into a write.
        store
            .conn()
            .execute_batch("BEGIN IMMEDIATE")
            .context("starting an import transaction")?;
        Ok(Batch {
            store,
            open: true,
            files: 0,
            started: Instant::now(),
        })
    }

    fn commit(mut self) -> Result<()> {
        self.store
            .conn()
            .execute_batch("COMMIT")
            .context("committing imported files")?;
        self.open = false;
        Ok(())
    }
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.store.conn().execute_batch("ROLLBACK");
        }
    }
}

/// Run `f` inside a savepoint: its writes are kept when it succeeds and
/// rolled back when it fails.
fn in_savepoint<T, E: From<anyhow::Error>>(
    store: &Store,
    f: impl FnOnce() -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    let conn = store.conn();
    conn.execute_batch("SAVEPOINT import_file")
        .map_err(|e| E::from(anyhow::Error::from(e)))?;
    match f() {
        Ok(value) => {
            conn.execute_batch("RELEASE import_file")
                .map_err(|e| E::from(anyhow::Error::from(e)))?;
            Ok(value)
        }
        Err(err) => {
            // Undo the file's writes; RELEASE then pops the savepoint.
            let _ = conn.execute_batch("ROLLBACK TO import_file; RELEASE import_file");
            Err(err)
        }
    }
}

impl ImportSummary {
    fn add(&mut self, other: &ImportSummary) {
        self.unchanged_files += other.unchanged_files;
        self.new_documents += other.new_documents;
        self.changed_documents += other.changed_documents;
        self.unchanged_documents += other.unchanged_documents;
    }
}

/// Why a file was not imported; `record` is what to remember of it (absent
/// when the file could not even be read).
struct FileFailure {
    record: Option<ImportRecord>,
    error: anyhow::Error,
}

impl From<anyhow::Error> for FileFailure {
    fn from(error: anyhow::Error) -> FileFailure {
        FileFailure {
            record: None,
            error,
        }
    }
}

/// A file as a worker hands it to the writer.
struct Prepared {
    /// Whether it went through a parser (unchanged files do not).
    parsed: bool,
    content: std::result::Result<Content, FileFailure>,
}

enum Content {
    /// Same path and SHA-256 as an earlier successful import: not parsed.
    Unchanged,
    /// Parsed: each page it holds (one for a `.txt` or `.html` file, one
    /// per archived page for a WARC file).
    Parsed {
        record: ImportRecord,
        pages: Vec<Page>,
    },
}

/// A parsed page as the writer stores it.
struct Page {
    origin: String,
    parsed: pressroom_parse::Parsed,
    /// Each document's hash and compressed body, prepared by the worker:
    /// the store's one writing thread is the slower side of an import.
    contents: Vec<StoredContent>,
}

impl Page {
    fn new((origin, parsed): (String, pressroom_parse::Parsed)) -> Page {
        let contents = parsed.documents.iter().map(StoredContent::of).collect();
        Page {
            origin,
            parsed,
            contents,
        }
    }
}

impl Prepared {
    /// A file whose parser panicked: it fails alone, like a parse error.
    fn panicked(ctx: &Context, path: &Path, panic: Box<dyn std::any::Any + Send>) -> Prepared {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        let error = anyhow::anyhow!("the parser panicked: {message}");
        // Record it (so it is retried) when the file can still be hashed.
        let record = std::fs::read(path)
            .ok()
            .map(|bytes| record_of(ctx.origin_of(path), &bytes));
        Prepared {
            parsed: true,
            content: Err(FileFailure { record, error }),
        }
    }
}

/// The import record of a file with these bytes, before its documents are
/// counted: what recognises it unchanged next time (path, SHA-256, size).
fn record_of(origin: String, bytes: &[u8]) -> ImportRecord {
    ImportRecord {
        path: origin,
        sha256: hex::encode(Sha256::digest(bytes)),
        size: bytes.len() as i64,
        documents: 0,
        error: None,
    }
}

/// Read, hash and (unless unchanged) parse one file: the workers' part.
/// `reader` looks up earlier imports; without it every file is parsed and
/// the writer alone recognises unchanged ones.
fn prepare(
    ctx: &Context,
    reader: Option<&Store>,
    sources: &SourcesConfig,
    path: &Path,
    force: bool,
) -> Prepared {
    let bytes = match std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    {
        Ok(bytes) => bytes,
        Err(error) => {
            return Prepared {
                parsed: false,
                content: Err(error.into()),
            };
        }
    };
    let origin = ctx.origin_of(path);
    let record = record_of(origin.clone(), &bytes);
    if !force
        && let Some(reader) = reader
        && let Ok(Some(known)) = pressroom_store::import_record(reader.conn(), &origin)
        && is_unchanged(&known, &record)
    {
        return Prepared {
            parsed: false,
            content: Ok(Content::Unchanged),
        };
    }
    let pages = (|| -> Result<Vec<(String, pressroom_parse::Parsed)>> {
        match kind_of(path) {
            Some(FileKind::Warc) => parse_warc(path, sources),
            Some(FileKind::Page(kind)) => {
                let input = Input {
                    bytes: &bytes,
                    origin: &origin,
                    url: None,
                    content_type: None,
                    kind,
                };
                Ok(vec![(
                    origin.clone(),
                    pressroom_parse::parse(&input, sources)?,
                )])
            }
            None => bail!("not a file pressroom imports"),
        }
    })();
    Prepared {
        parsed: true,
        content: match pages {
            Ok(pages) => Ok(Content::Parsed {
                record,
                pages: pages.into_iter().map(Page::new).collect(),
            }),
            Err(error) => Err(FileFailure {
                record: Some(record),
                error,
            }),
        },
    }
}

/// Whether an import record says the file was imported with this content.
fn is_unchanged(known: &ImportRecord, now: &ImportRecord) -> bool {
    known.sha256 == now.sha256 && known.error.is_none()
}

/// Write one parsed file (the caller wraps it in a savepoint). The
/// unchanged check is repeated here, against the writer's own view: a file
/// listed twice in one run is written once.
fn write_file(
    store: &Store,
    mut record: ImportRecord,
    pages: &[Page],
    force: bool,
    summary: &mut ImportSummary,
) -> std::result::Result<(), FileFailure> {
    let conn = store.conn();
    let result = (|| -> Result<()> {
        if !force
            && pressroom_store::import_record(conn, &record.path)?
                .is_some_and(|known| is_unchanged(&known, &record))
        {
            summary.unchanged_files += 1;
            return Ok(());
        }
        for Page {
            origin,
            parsed,
            contents,
        } in pages
        {
            let outcomes = pressroom_store::replace_origin_prepared(
                conn,
                origin,
                &parsed.documents,
                contents,
            )?;
            for outcome in outcomes {
                match outcome {
                    Upsert::New => summary.new_documents += 1,
                    Upsert::Changed => summary.changed_documents += 1,
                    Upsert::Unchanged => summary.unchanged_documents += 1,
                }
            }
            for link in &parsed.links {
                pressroom_store::upsert_link(conn, link)?;
            }
            record.documents += parsed.documents.len() as i64;
        }
        pressroom_store::record_import(conn, &record)?;
        Ok(())
    })();
    result.map_err(|error| FileFailure {
        record: Some(record),
        error,
    })
}

/// The HTML pages archived in a WARC file, parsed, keyed by page URL. Pages
/// that are not HTML, not 200, or do not parse are skipped: an archive holds
/// feeds, robots.txt and errors too.
fn parse_warc(
    path: &Path,
    sources: &SourcesConfig,
) -> Result<Vec<(String, pressroom_parse::Parsed)>> {
    let mut pages = Vec::new();
    for response in pressroom_fetch::read_warc(path) {
        let response = response.with_context(|| format!("reading {}", path.display()))?;
        let content_type = response.header("content-type").map(str::to_string);
        let is_html = content_type
            .as_deref()
            .is_none_or(|ct| ct.to_ascii_lowercase().contains("html"));
        if response.status != 200 || !is_html {
            continue;
        }
        let origin = pressroom_fetch::canon::canonical_string(&response.target_uri)
            .unwrap_or_else(|| response.target_uri.clone());
        let input = Input {
            bytes: &response.body,
            origin: &origin,
            url: Some(&response.target_uri),
            content_type: content_type.as_deref(),
            kind: ContentKind::Html,
        };
        let Ok(mut parsed) = pressroom_parse::parse(&input, sources) else {
            continue;
        };
        for doc in &mut parsed.documents {
            doc.meta.fetched_at = response.date;
            doc.meta.http_status = Some(response.status);
            doc.meta.warc_record_id = Some(response.record_id.clone());
        }
        pages.push((origin, parsed));
    }
    Ok(pages)
}

pub fn run(args: &ImportArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.open_store()?;
    let jobs = args.jobs.map_or_else(default_jobs, |n| n as usize);
    let summary = import_paths_with_jobs(ctx, &mut store, &args.paths, args.force, jobs)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!(
            "{} files read ({} unchanged): {} new documents, {} changed, {} unchanged, {} failed",
            summary.files,
            summary.unchanged_files,
            summary.new_documents,
            summary.changed_documents,
            summary.unchanged_documents,
            summary.failed.len()
        );
        for f in &summary.failed {
            println!("  failed: {}: {}", f.path, f.reason);
        }
        if summary.new_documents + summary.changed_documents > 0 {
            println!("Run `pressroom index` (or just search) to make them searchable.");
        }
    }
    if !summary.failed.is_empty() {
        bail!(
            "{} of {} files could not be imported",
            summary.failed.len(),
            summary.files
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(ctx: &Context, dir: &Path, batch_files: usize) -> ImportSummary {
        import_jobs(ctx, dir, batch_files, 2)
    }

    fn import_jobs(ctx: &Context, dir: &Path, batch_files: usize, jobs: usize) -> ImportSummary {
        let mut store = ctx.open_store().unwrap();
        let files = collect_files(&[dir.to_path_buf()]).unwrap();
        import_files(ctx, &mut store, &files, false, batch_files, jobs).unwrap()
    }

    /// An empty pressroom home, removed when the first value drops.
    fn temp_home() -> (tempfile::TempDir, Context) {
        let home = tempfile::tempdir().unwrap();
        let ctx = Context::new(Some(home.path().to_path_buf()));
        (home, ctx)
    }

    #[test]
    fn a_bad_file_mid_batch_fails_alone_and_is_recorded() {
        let (home, ctx) = temp_home();
        let dir = home.path().join("corpus/in");
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in [
            (
                "a.txt",
                "First title\n\nTorture of detainees reported in Almaty.",
            ),
            (
                "b.txt",
                "Second title\n\nA court in Astana fined the journalist.",
            ),
            ("c.txt", ""),
            (
                "d.txt",
                "Third title\n\nThe ombudsman visited the prison in Karaganda.",
            ),
            (
                "e.txt",
                "Fourth title\n\nProtesters were detained in Shymkent.",
            ),
        ] {
            std::fs::write(dir.join(name), text).unwrap();
        }
        // Batches of 2 files: the bad file shares its transaction with d.txt.
        let first = import(&ctx, &dir, 2);
        assert_eq!(first.files, 5);
        assert_eq!(first.new_documents, 4, "{first:?}");
        assert_eq!(first.failed.len(), 1, "{first:?}");
        assert!(first.failed[0].path.ends_with("c.txt"));

        let store = ctx.open_store().unwrap();
        assert_eq!(pressroom_store::stats(store.conn()).unwrap().documents, 4);
        for name in ["a.txt", "b.txt", "d.txt", "e.txt"] {
            let record = pressroom_store::import_record(store.conn(), &format!("in/{name}"))
                .unwrap()
                .unwrap_or_else(|| panic!("no import record for {name}"));
            assert_eq!((record.documents, record.error), (1, None), "{name}");
        }
        let bad = pressroom_store::import_record(store.conn(), "in/c.txt")
            .unwrap()
            .expect("the failure is recorded");
        assert!(bad.error.is_some());
        assert_eq!(bad.documents, 0);
        drop(store);

        // Idempotent: the good files are skipped, the failed one retried.
        let again = import(&ctx, &dir, 2);
        assert_eq!(again.unchanged_files, 4, "{again:?}");
        assert_eq!(again.new_documents, 0);
        assert_eq!(again.failed.len(), 1);
    }

    /// Files of every kind the parsers see: the sample releases (one of
    /// them a bilingual page split in two linked documents), English and
    /// Russian text, HTML, and an empty file that fails.
    fn mixed_files(dir: &Path) {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
        for entry in std::fs::read_dir(sample).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
        for i in 0..40 {
            let (name, text) = match i % 4 {
                0 => (
                    format!("{i:02}.txt"),
                    format!(
                        "Release {i}\n\n{d} March 2021\n\nTorture of detainees number {i} was reported in Almaty.\n\nThe bureau asks for an investigation.",
                        d = 1 + i % 28
                    ),
                ),
                1 => (
                    format!("{i:02}.txt"),
                    format!(
                        "Заявление {i}\n\nСуд в Астане оштрафовал журналиста номер {i}.\n\nБюро требует отменить решение."
                    ),
                ),
                2 => (
                    format!("{i:02}.html"),
                    format!(
                        "<html><head><title>Statement {i}</title></head><body><article><h1>Statement {i}</h1><p>The ombudsman visited prison number {i} in Karaganda and met the hunger strikers.</p><p>Their lawyers were not admitted.</p></article></body></html>"
                    ),
                ),
                _ if i == 23 => (format!("{i:02}.txt"), String::new()),
                _ => (
                    format!("{i:02}.txt"),
                    format!("Protest {i}\n\nProtesters were detained in Shymkent, {i} of them."),
                ),
            };
            std::fs::write(dir.join(name), text).unwrap();
        }
    }

    /// Everything an import leaves in the store that must not depend on
    /// the number of workers: documents with their change sequence, links,
    /// import records.
    fn store_contents(ctx: &Context) -> Vec<String> {
        let store = ctx.open_store().unwrap();
        let mut rows = Vec::new();
        for (table, sql) in [
            (
                "doc",
                "SELECT id || ' ' || seq || ' ' || origin || ' ' || lang || ' ' || title || ' ' || content_hash FROM documents ORDER BY seq",
            ),
            (
                "link",
                "SELECT a || ' ' || b || ' ' || kind || ' ' || score FROM links ORDER BY a, b, kind",
            ),
            (
                "import",
                "SELECT path || ' ' || sha256 || ' ' || documents || ' ' || (error IS NULL) FROM imports ORDER BY path",
            ),
        ] {
            let mut stmt = store.conn().prepare(sql).unwrap();
            let found: Vec<String> = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(|r| format!("{table} {}", r.unwrap()))
                .collect();
            rows.extend(found);
        }
        rows
    }

    #[test]
    fn one_or_two_workers_give_the_same_documents_ids_and_order() {
        let input = tempfile::tempdir().unwrap();
        mixed_files(input.path());
        let mut results = Vec::new();
        for jobs in [1, 2] {
            let (_home, ctx) = temp_home();
            // Batches of 7 files: several commits, one of them with the bad file.
            let summary = import_jobs(&ctx, input.path(), 7, jobs);
            assert_eq!(summary.files, 45, "{summary:?}");
            assert_eq!(summary.failed.len(), 1, "{summary:?}");
            assert!(summary.failed[0].path.ends_with("23.txt"), "{summary:?}");
            let contents = store_contents(&ctx);
            results.push((jobs, summary.new_documents, summary.parsed_files, contents));
        }
        let (_, new_1, parsed_1, contents_1) = &results[0];
        let (_, new_2, parsed_2, contents_2) = &results[1];
        assert_eq!((new_1, parsed_1), (new_2, parsed_2));
        assert!(
            *new_1 >= 44,
            "the bilingual sample page gives two documents"
        );
        assert!(
            contents_1.iter().any(|r| r.starts_with("link ")),
            "the split page is linked"
        );
        assert_eq!(contents_1, contents_2);
    }

    #[test]
    fn reimport_skips_unchanged_files_without_parsing_them() {
        let (home, ctx) = temp_home();
        let dir = home.path().join("corpus/in");
        std::fs::create_dir_all(&dir).unwrap();
        mixed_files(&dir);
        let first = import(&ctx, &dir, BATCH_FILES);
        assert_eq!(first.parsed_files, 45);
        let before = store_contents(&ctx);

        let again = import(&ctx, &dir, BATCH_FILES);
        // The failed file is retried (parsed again); no other file is.
        assert_eq!(again.parsed_files, 1, "{again:?}");
        assert_eq!(again.unchanged_files, 44, "{again:?}");
        assert_eq!(again.new_documents + again.changed_documents, 0);
        assert_eq!(store_contents(&ctx), before);

        // A changed file is parsed and replaces its document; the rest are not parsed.
        std::fs::write(
            dir.join("04.txt"),
            "Release 4, corrected\n\nTorture of detainees was reported in Almaty and Taraz.",
        )
        .unwrap();
        let changed = import(&ctx, &dir, BATCH_FILES);
        assert_eq!(changed.parsed_files, 2, "{changed:?}");
        assert_eq!(changed.changed_documents, 1, "{changed:?}");
        assert_eq!(changed.unchanged_files, 43, "{changed:?}");
    }

    #[test]
    fn a_file_listed_twice_is_written_once() {
        let (home, ctx) = temp_home();
        let dir = home.path().join("in");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.txt");
        std::fs::write(&file, "Title\n\nTorture of detainees reported in Almaty.").unwrap();
        let mut store = ctx.open_store().unwrap();
        let summary = import_files(&ctx, &mut store, &[file.clone(), file], false, 500, 2).unwrap();
        assert_eq!(
            (
                summary.files,
                summary.new_documents,
                summary.unchanged_files
            ),
            (2, 1, 1),
            "{summary:?}"
        );
    }

    #[test]
    fn an_uncommitted_batch_leaves_nothing_behind() {
        let (_home, ctx) = temp_home();
        let store = ctx.open_store().unwrap();
        {
            let batch = Batch::begin(&store).unwrap();
            let record = ImportRecord {
                path: "x.txt".into(),
                sha256: "0".repeat(64),
                size: 1,
                documents: 0,
                error: None,
            };
            pressroom_store::record_import(store.conn(), &record).unwrap();
            drop(batch); // as an error on the way out would
        }
        assert!(store.conn().is_autocommit(), "the transaction is closed");
        assert!(
            pressroom_store::import_record(store.conn(), "x.txt")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn runs_of_files_stop_at_their_length_and_around_each_warc() {
        let mut files: Vec<PathBuf> = (0..12).map(|i| format!("{i:02}.txt").into()).collect();
        files[5] = "05.warc.gz".into();
        files[6] = "06.warc".into();
        let mut runs = Vec::new();
        let mut start = 0;
        while start < files.len() {
            let end = run_end(&files, start, 4);
            runs.push(start..end);
            start = end;
        }
        assert_eq!(runs, [0..4, 4..5, 5..6, 6..7, 7..11, 11..12]);
    }
}
