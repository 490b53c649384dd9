use crate::context::Context;
use crate::output::progress;
use anyhow::{Context as _, Result, bail};
use pressroom_model::sources::SourcesConfig;
use pressroom_parse::{ContentKind, Input};
use pressroom_store::{ImportRecord, Store, Upsert};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
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
        "txt" | "text" => Some(FileKind::Page(ContentKind::Text)),
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

/// Files per store transaction: committing every file costs an fsync-like
/// WAL commit each (half the import time at 100k documents), committing
/// never would lose everything to a kill. A batch ends at whichever of
/// these comes first.
const BATCH_FILES: usize = 500;
const BATCH_TIME: Duration = Duration::from_secs(1);

/// Import `paths` into `store`. Files are committed in batches (see
/// [`BATCH_FILES`]), each file inside its own savepoint: a file that fails
/// rolls back only its own writes and leaves an error record (so it is
/// retried next time), and the batch goes on. A kill loses at most the
/// batch in progress, which the next run imports again (unchanged files are
/// recognised by path and SHA-256 in the `imports` table).
pub fn import_paths(
    ctx: &Context,
    store: &mut Store,
    paths: &[PathBuf],
    force: bool,
) -> Result<ImportSummary> {
    let files = collect_files(paths)?;
    import_files(ctx, store, &files, force, BATCH_FILES)
}

fn import_files(
    ctx: &Context,
    store: &mut Store,
    files: &[PathBuf],
    force: bool,
    batch_files: usize,
) -> Result<ImportSummary> {
    let sources = ctx.sources()?;
    let bar = progress(files.len() as u64, "importing");
    let mut summary = ImportSummary::default();
    let store = &*store;
    let mut batch = Batch::begin(store)?;
    for path in files {
        summary.files += 1;
        let mut tally = ImportSummary::default();
        let outcome = in_savepoint(store, || {
            import_file(ctx, store, &sources, path, force, &mut tally)
        });
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
    bar.finish_and_clear();
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

/// Import one file (the caller wraps it in a savepoint).
fn import_file(
    ctx: &Context,
    store: &Store,
    sources: &SourcesConfig,
    path: &Path,
    force: bool,
    summary: &mut ImportSummary,
) -> std::result::Result<(), FileFailure> {
    let conn = store.conn();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let origin = ctx.origin_of(path);
    let mut record = ImportRecord {
        path: origin.clone(),
        sha256: hex::encode(Sha256::digest(&bytes)),
        size: bytes.len() as i64,
        documents: 0,
        error: None,
    };
    let result = (|| -> Result<()> {
        if !force
            && pressroom_store::import_record(conn, &origin)?
                .is_some_and(|r| r.sha256 == record.sha256 && r.error.is_none())
        {
            summary.unchanged_files += 1;
            return Ok(());
        }
        let pages = match kind_of(path) {
            Some(FileKind::Warc) => parse_warc(path, sources)?,
            Some(FileKind::Page(kind)) => {
                let input = Input {
                    bytes: &bytes,
                    origin: &origin,
                    url: None,
                    content_type: None,
                    kind,
                };
                vec![(origin.clone(), pressroom_parse::parse(&input, sources)?)]
            }
            None => bail!("not a file pressroom imports"),
        };
        for (page_origin, parsed) in &pages {
            let outcomes = pressroom_store::replace_origin(conn, page_origin, &parsed.documents)?;
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
    let summary = import_paths(ctx, &mut store, &args.paths, args.force)?;
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
        let mut store = ctx.open_store().unwrap();
        let files = collect_files(&[dir.to_path_buf()]).unwrap();
        import_files(ctx, &mut store, &files, false, batch_files).unwrap()
    }

    #[test]
    fn a_bad_file_mid_batch_fails_alone_and_is_recorded() {
        let home = tempfile::tempdir().unwrap();
        let ctx = Context::new(Some(home.path().to_path_buf()));
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

    #[test]
    fn an_uncommitted_batch_leaves_nothing_behind() {
        let home = tempfile::tempdir().unwrap();
        let ctx = Context::new(Some(home.path().to_path_buf()));
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
}
