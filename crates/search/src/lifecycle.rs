//! The index lifecycle: making sure an index exists and reflects the store,
//! shared by every caller (the CLI, a server).
//!
//! [`ensure_current`] is the one call: on first use it lets the caller fill
//! an empty store ([`IndexHooks::fill_empty_store`]), builds a missing
//! index, rebuilds one of another schema or one whose common keys the store
//! has outgrown, and otherwise updates it incrementally, with the memory
//! shared out by a [`MemoryPlan`].
//!
//! Writers take an exclusive lock on a file beside the index
//! ([`WRITER_LOCK_FILE`]) for the whole build or update, so two processes
//! never write at once (a rebuild's `tantivy.new` included). Readers never
//! take it: a reader that finds the index behind the store while another
//! process writes answers from the last commit and says so
//! ([`IndexAction::Behind`]); one that finds no index at all waits for the
//! writer to finish it.

use crate::index::{IndexUpdate, SearchIndex, UPDATE_COMMIT_EVERY};
use crate::{MAX_QUEUED_DOCUMENTS, SearchError};
use pressroom_store::Store;
use std::fs::File;
use std::path::Path;

/// Memory an index build or update may use: what [`MemoryPlan`] shares out.
pub const INDEX_MEMORY_BUDGET: usize = 200 * 1024 * 1024;

/// The file, in the index directory, a writer holds locked.
pub const WRITER_LOCK_FILE: &str = "writer.lock";

/// The rest of the process: heap of the binary, SQLite's page cache, the
/// indexing threads' name-key caches, segment flush and merge buffers
/// (sized from a 1M rebuild's measured peak, with a margin).
const PROCESS_BYTES: usize = 60 << 20;
/// The final commit flushes every indexing thread's segment at once while
/// merges of earlier segments still run.
const COMMIT_BYTES: usize = 30 << 20;
/// Documents waiting between the store and the writer's indexing threads:
/// the search crate holds the producer back at this many (tantivy alone
/// would queue 10,000). Reading the store is faster than indexing, so the
/// queue stays full.
const QUEUED_DOCUMENTS: usize = MAX_QUEUED_DOCUMENTS;
/// Per queued document beyond its text: field values, allocation slack.
const QUEUED_DOCUMENT_OVERHEAD: usize = 512;
/// Each `delete_term` an update of a non-empty index issues (one per
/// changed document the index already holds; a rebuild, into an empty
/// index, issues none) stays in tantivy's delete queue until the next
/// commit, at most [`UPDATE_COMMIT_EVERY`] documents later (the size is
/// what bare tantivy's delete queue measured per document).
const BYTES_PER_DELETE: usize = 1_400;
/// Merging large segments costs memory that grows with them (document id
/// maps, field norms, the term merger's cursors): ~32 bytes per document
/// indexed, capped since tantivy stops merging segments past 10M
/// documents. Set aside only where merges run while the writer indexes (an
/// update of a populated index): a rebuild merges after its last commit, in
/// the memory the writer's arenas gave back.
const MERGE_BYTES_PER_DOCUMENT: usize = 32;
const MAX_MERGE_BYTES: usize = 64 << 20;
/// Two indexing threads at tantivy's minimum arena (15 MB each).
const MIN_WRITER_BYTES: usize = 30 << 20;

/// How a memory budget is shared out for indexing `changed` documents: what
/// the process needs besides the index writer's arenas (the writer's
/// document queue, its delete queue, the final commit's flush, merges, the
/// rest) is set aside, and the writer gets what is left, but never less
/// than [`MIN_WRITER_BYTES`]. The budget is for anonymous memory: the pages
/// of the index segments tantivy maps while merging are page cache the
/// kernel can reclaim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryPlan {
    pub budget: usize,
    /// Set aside for everything but the writer's arenas.
    pub reserved: usize,
    /// Passed to tantivy's writer (shared by its threads).
    pub writer: usize,
}

impl MemoryPlan {
    pub fn new(
        budget: usize,
        changed: u64,
        deletes: u64,
        merges_while_indexing: bool,
        title_bytes: f64,
        body_bytes: f64,
    ) -> MemoryPlan {
        // Each queued document holds the title three times (stored, the
        // language field, names), the body once (language field) and the
        // body's capitalised words for names (a tenth to a quarter of it):
        // twice the body is what the queue was measured to cost.
        let per_doc = (3.0 * title_bytes + 2.0 * body_bytes) as usize + QUEUED_DOCUMENT_OVERHEAD;
        let queued = QUEUED_DOCUMENTS.min(changed as usize) * per_doc;
        let deletes = deletes as usize * BYTES_PER_DELETE;
        let merges = if merges_while_indexing {
            (changed as usize)
                .saturating_mul(MERGE_BYTES_PER_DOCUMENT)
                .min(MAX_MERGE_BYTES)
        } else {
            0
        };
        let reserved = PROCESS_BYTES + COMMIT_BYTES + queued + deletes + merges;
        MemoryPlan {
            budget,
            reserved,
            writer: budget.saturating_sub(reserved).max(MIN_WRITER_BYTES),
        }
    }

    /// The plan for bringing an index from store sequence `since` up to
    /// date (`i64::MIN`: a rebuild) within `budget`, sizing the queue from
    /// the documents written last.
    pub fn for_store(store: &Store, since: i64, budget: usize) -> Result<MemoryPlan, SearchError> {
        let changed = pressroom_store::count_changed_since(store.conn(), since)?;
        let (title, body) =
            pressroom_store::recent_text_bytes(store.conn(), 1_000, crate::MAX_INDEXED_BODY_BYTES)?;
        let rebuild = since == i64::MIN;
        let deletes = if rebuild {
            0
        } else {
            changed.min(UPDATE_COMMIT_EVERY)
        };
        Ok(MemoryPlan::new(
            budget, changed, deletes, !rebuild, title, body,
        ))
    }

    /// Whether the estimate exceeds the budget even with the smallest writer.
    pub fn over_budget(&self) -> bool {
        self.reserved + self.writer > self.budget
    }
}

/// Why an index was built from the whole store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebuildReason {
    /// There was none.
    Missing,
    /// The caller asked for it.
    Requested,
    /// It had another schema version (the message says which).
    Schema(String),
    /// The store has grown to this many documents, past twice the sample
    /// the index's common keys were chosen from.
    Outgrown(u64),
}

/// What [`ensure_current`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexAction {
    /// The index already reflected the store.
    UpToDate,
    /// It was updated incrementally.
    Updated,
    Rebuilt(RebuildReason),
    /// Another process is writing the index: it is read as of its last
    /// commit, which lacks this many changed documents of the store.
    Behind(u64),
}

/// The outcome of [`ensure_current`]: the index, ready for queries, and
/// what was done to it.
pub struct IndexStatus {
    pub index: SearchIndex,
    pub action: IndexAction,
    /// Documents indexed and removed (zero unless built or updated).
    pub update: IndexUpdate,
    /// The memory plan of the build or update, if one ran.
    pub plan: Option<MemoryPlan>,
}

/// What happens before a build or update, told to the caller to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexNotice {
    /// A full build starts.
    Rebuilding(RebuildReason),
    /// An incremental update of this many changed documents starts.
    Updating(u64),
    /// Another process holds the writer's lock and there is no index to
    /// read yet: waiting for it.
    WaitingForWriter,
}

impl std::fmt::Display for IndexNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexNotice::Rebuilding(RebuildReason::Missing) => {
                f.write_str("Building the search index ...")
            }
            IndexNotice::Rebuilding(RebuildReason::Requested) => {
                f.write_str("Rebuilding the search index ...")
            }
            IndexNotice::Rebuilding(RebuildReason::Schema(why)) => {
                write!(f, "{why}\nRebuilding the index from the store ...")
            }
            IndexNotice::Rebuilding(RebuildReason::Outgrown(documents)) => write!(
                f,
                "The store has grown to {documents} documents: rebuilding the index, so the words it pairs for phrases come from them ..."
            ),
            IndexNotice::Updating(changed) => {
                write!(
                    f,
                    "Updating the search index ({changed} changed documents) ..."
                )
            }
            IndexNotice::WaitingForWriter => f.write_str(
                "Another pressroom process is building the search index; waiting for it ...",
            ),
        }
    }
}

/// The caller's part in [`ensure_current`]: showing what happens, and
/// filling a store that holds nothing yet.
pub trait IndexHooks {
    fn notice(&mut self, _notice: &IndexNotice) {}
    /// Documents indexed so far, of `total`. After the last one the index
    /// still commits (and a rebuild merges its segments).
    fn progress(&mut self, _done: u64, _total: u64) {}
    /// Called once a build or update has ended, well or not.
    fn finished(&mut self) {}
    /// Called, with the writer's lock held, when the store holds no
    /// document: fill it (the CLI imports its bundled sample corpus), or
    /// refuse with an error. By default the index is built empty.
    fn fill_empty_store(
        &mut self,
        _store: &mut Store,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        Ok(())
    }
}

/// Hooks that show nothing and leave an empty store empty.
pub struct Quiet;
impl IndexHooks for Quiet {}

/// What a caller of [`ensure_current`] wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnsureOptions {
    /// Memory the build or update may use ([`MemoryPlan`]).
    pub budget: usize,
    /// Build from the whole store even if the index could be updated.
    pub rebuild: bool,
    /// When another process writes the index: `true` reads its last commit
    /// (a search), `false` fails with [`SearchError::WriterBusy`] (the
    /// `index` command).
    pub read_while_busy: bool,
}

impl EnsureOptions {
    /// A reader's options: update if possible, else read the last commit.
    pub fn for_reading() -> EnsureOptions {
        EnsureOptions {
            budget: INDEX_MEMORY_BUDGET,
            rebuild: false,
            read_while_busy: true,
        }
    }

    /// A writer's options: the index is brought up to date or the call fails.
    pub fn for_writing(rebuild: bool) -> EnsureOptions {
        EnsureOptions {
            budget: INDEX_MEMORY_BUDGET,
            rebuild,
            read_while_busy: false,
        }
    }
}

/// The exclusive right to write the index under a directory: an OS file
/// lock, released when dropped or when the process dies.
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    fn file(dir: &Path) -> Result<File, SearchError> {
        let io = |source| SearchError::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let path = dir.join(WRITER_LOCK_FILE);
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| SearchError::Io { path, source })
    }

    /// The lock, or `None` when another process holds it.
    pub fn try_acquire(dir: &Path) -> Result<Option<WriterLock>, SearchError> {
        let file = Self::file(dir)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(WriterLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(source)) => Err(SearchError::Io {
                path: dir.join(WRITER_LOCK_FILE),
                source,
            }),
        }
    }

    /// The lock, waiting for another process to release it.
    pub fn acquire(dir: &Path) -> Result<WriterLock, SearchError> {
        let file = Self::file(dir)?;
        file.lock().map_err(|source| SearchError::Io {
            path: dir.join(WRITER_LOCK_FILE),
            source,
        })?;
        Ok(WriterLock { _file: file })
    }
}

/// Changed documents of the store the index at `last_seq` lacks.
fn documents_behind(store: &Store, last_seq: i64) -> Result<u64, SearchError> {
    Ok(pressroom_store::count_changed_since(
        store.conn(),
        last_seq,
    )?)
}

/// Whether `index` needs no writing: it holds the store's last change and
/// its common keys still fit the store.
fn is_current(index: &SearchIndex, store: &Store) -> Result<bool, SearchError> {
    Ok(index.last_seq()? >= pressroom_store::max_seq(store.conn())?
        && outgrown_by(index, store)?.is_none())
}

/// The store's documents when they have outgrown `index`'s common keys
/// ([`SearchIndex::common_keys_outgrown`]); counted only when the keys
/// could be outgrown.
fn outgrown_by(index: &SearchIndex, store: &Store) -> Result<Option<u64>, SearchError> {
    if index.common_keys_settled() {
        return Ok(None);
    }
    let documents = pressroom_store::count_changed_since(store.conn(), i64::MIN)?;
    Ok(index.common_keys_outgrown(documents).then_some(documents))
}

/// An index under `dir` that reflects `store`: built on first use (after
/// [`IndexHooks::fill_empty_store`] when the store is empty), rebuilt when
/// its schema is outdated or the store has outgrown its common keys,
/// updated when the store has changed since, and left alone otherwise.
///
/// Writing takes the [`WriterLock`]. When another process holds it, a
/// reader (`read_while_busy`) gets the last commit
/// ([`IndexAction::Behind`]), or waits if there is no index yet; a writer
/// gets [`SearchError::WriterBusy`].
pub fn ensure_current(
    dir: &Path,
    store: &mut Store,
    options: EnsureOptions,
    hooks: &mut dyn IndexHooks,
) -> Result<IndexStatus, SearchError> {
    let unchanged = |index| IndexStatus {
        index,
        action: IndexAction::UpToDate,
        update: IndexUpdate::default(),
        plan: None,
    };
    // Readers first look without the lock: most of the time there is
    // nothing to write.
    if !options.rebuild
        && pressroom_store::has_documents(store.conn())?
        && let Ok(index) = SearchIndex::open(dir)
        && is_current(&index, store)?
    {
        return Ok(unchanged(index));
    }
    let read_last_commit =
        |index: SearchIndex, store: &Store| -> Result<IndexStatus, SearchError> {
            let behind = documents_behind(store, index.last_seq()?)?;
            Ok(IndexStatus {
                index,
                action: IndexAction::Behind(behind),
                update: IndexUpdate::default(),
                plan: None,
            })
        };
    let _lock = match WriterLock::try_acquire(dir) {
        Ok(Some(lock)) => lock,
        Ok(None) if !options.read_while_busy => {
            return Err(SearchError::WriterBusy(dir.to_path_buf()));
        }
        Ok(None) => match SearchIndex::open(dir) {
            Ok(index) => return read_last_commit(index, store),
            Err(_) => {
                hooks.notice(&IndexNotice::WaitingForWriter);
                WriterLock::acquire(dir)?
            }
        },
        // A home a reader cannot write (read-only): the index as it is.
        Err(err) if options.read_while_busy => match SearchIndex::open(dir) {
            Ok(index) => return read_last_commit(index, store),
            Err(_) => return Err(err),
        },
        Err(err) => return Err(err),
    };
    if !pressroom_store::has_documents(store.conn())? {
        hooks
            .fill_empty_store(store)
            .map_err(SearchError::Bootstrap)?;
    }
    let reason = if options.rebuild {
        Some(RebuildReason::Requested)
    } else {
        match SearchIndex::open(dir) {
            Ok(index) => {
                if let Some(documents) = outgrown_by(&index, store)? {
                    drop(index);
                    Some(RebuildReason::Outgrown(documents))
                } else if index.last_seq()? >= pressroom_store::max_seq(store.conn())? {
                    return Ok(unchanged(index));
                } else {
                    let plan = MemoryPlan::for_store(store, index.last_seq()?, options.budget)?;
                    hooks.notice(&IndexNotice::Updating(documents_behind(
                        store,
                        index.last_seq()?,
                    )?));
                    let update = index.update(store.conn(), plan.writer, |done, total| {
                        hooks.progress(done, total)
                    });
                    hooks.finished();
                    return Ok(IndexStatus {
                        index,
                        action: IndexAction::Updated,
                        update: update?,
                        plan: Some(plan),
                    });
                }
            }
            Err(SearchError::Missing(_)) => Some(RebuildReason::Missing),
            Err(err @ SearchError::SchemaMismatch { .. }) => {
                Some(RebuildReason::Schema(err.to_string()))
            }
            Err(err) => return Err(err),
        }
    };
    let reason = reason.unwrap_or(RebuildReason::Requested);
    let plan = MemoryPlan::for_store(store, i64::MIN, options.budget)?;
    hooks.notice(&IndexNotice::Rebuilding(reason.clone()));
    let built = SearchIndex::rebuild(dir, store.conn(), plan.writer, |done, total| {
        hooks.progress(done, total)
    });
    hooks.finished();
    let (index, update) = built?;
    Ok(IndexStatus {
        index,
        action: IndexAction::Rebuilt(reason),
        update,
        plan: Some(plan),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: usize = 1 << 20;

    #[test]
    fn the_writer_gets_what_the_rest_of_the_process_leaves() {
        // A small update: little queued, the writer gets most of the budget.
        let small = MemoryPlan::new(200 * MB, 100, 100, true, 80.0, 3_000.0);
        assert_eq!(small.writer + small.reserved, 200 * MB);
        assert!(small.writer > 50 * MB, "{small:?}");
        assert!(!small.over_budget());
        // A full queue of 3 KB documents and 100k deletes leave nothing:
        // the writer runs at its minimum and the estimate says so.
        let big = MemoryPlan::new(200 * MB, 100_000, 100_000, true, 80.0, 3_000.0);
        assert_eq!(big.writer, MIN_WRITER_BYTES);
        assert!(big.over_budget(), "{big:?}");
        // A rebuild of as many queues no deletes (137 MB less set aside),
        // and merges only once the writer is done.
        let rebuild = MemoryPlan::new(200 * MB, 100_000, 0, false, 80.0, 3_000.0);
        assert_eq!(
            big.reserved - rebuild.reserved,
            100_000 * BYTES_PER_DELETE + 100_000 * MERGE_BYTES_PER_DOCUMENT
        );
        assert!(rebuild.writer > 40 * MB, "{rebuild:?}");
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriterLock::try_acquire(dir.path()).unwrap();
        assert!(first.is_some());
        assert!(WriterLock::try_acquire(dir.path()).unwrap().is_none());
        drop(first);
        assert!(WriterLock::try_acquire(dir.path()).unwrap().is_some());
    }
}
