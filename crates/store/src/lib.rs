//! The SQLite document store: the one durable home of parsed documents,
//! their metadata, the links between them, which files were imported, and
//! (through the fetch crate's own `crawl_*` tables) the crawl state.
//!
//! Why SQLite: a single file that survives `kill -9` (WAL + transactions),
//! that users can inspect with `sqlite3`, and that lets the fetcher commit a
//! fetched page and its crawl bookkeeping atomically. Bodies are the one
//! column not readable there: they are zstd frames (see `body.rs` for why).
//! Everything else (the tantivy index) is derived from it and can be rebuilt
//! at any time.
//!
//! Changes are numbered: every insert, update or removal of a document takes
//! the next value of a store-wide sequence (`documents.seq`,
//! `tombstones.seq`). The index remembers the last sequence it has seen, so
//! an incremental update reads only what changed since.
//!
//! Functions that write take a `&rusqlite::Connection` rather than the
//! [`Store`], so callers can run them inside their own transaction
//! (a `rusqlite::Transaction` derefs to a `Connection`).

mod batch;
mod body;
mod documents;
mod export;
mod imports;
mod learned;
mod links;
mod schema;

pub use batch::{ImportBatch, in_savepoint};
pub use documents::{
    Stats, StoredContent, Upsert, count_changed_since, document_rows_changed_since,
    documents_changed_since, for_each_document, for_each_document_row, for_each_sampled_document,
    get_body, get_document, has_documents, max_seq, recent_text_bytes, remove_document,
    replace_origin, replace_origin_prepared, resolve_id, stats, tombstones_since, upsert_document,
};
pub use export::{EXPORT_COLUMNS, ExportRow};
pub use imports::{ImportRecord, import_record, record_import};
pub use learned::{LearnedTerm, learned_terms, replace_learned_terms};
pub use links::{LinkedDocument, all_links, linked_documents, links_for, upsert_link};
pub use schema::SCHEMA_VERSION;

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create store directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("store {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "store {path} has schema version {found}, newer than this pressroom understands ({supported}); upgrade pressroom"
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("no store at {0}")]
    Missing(PathBuf),
    #[error(
        "store {path} has schema version {found}; it must be opened for writing to be migrated"
    )]
    NeedsMigration { path: PathBuf, found: i64 },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("corrupt row for document {id}: {message}")]
    Corrupt { id: String, message: String },
    #[error("no document with id {0}")]
    NotFound(String),
    #[error("id prefix {prefix} is ambiguous: {count} documents match")]
    Ambiguous { prefix: String, count: usize },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// Whether another connection's lock stopped this one (SQLite's
    /// `SQLITE_BUSY` or `SQLITE_LOCKED`): another process is writing.
    pub fn is_busy(&self) -> bool {
        let sql = match self {
            StoreError::Sql(e) | StoreError::Open { source: e, .. } => e,
            _ => return false,
        };
        matches!(
            sql.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }
}

/// How a connection is set up for a bulk import ([`Store::with_import_settings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSettings {
    /// SQLite page cache, MB. A batch of files dirties pages all over
    /// the primary-key index (document ids are random) and, for web pages,
    /// the `origin` index and the `imports` path index; with the default
    /// 2 MB cache they are spilled to the WAL before the commit and read
    /// back once the store outgrows the cache. A larger cache keeps more of
    /// those indexes in memory; the figures that chose the size are in
    /// BENCHMARKS.md's "Kept" list.
    pub cache_mb: i64,
    /// WAL size, MB, at which SQLite checkpoints it into the database
    /// (`wal_autocheckpoint`; default 4 MB). Each checkpoint syncs the WAL
    /// and the database, which at the default size was most of an import's
    /// time.
    pub checkpoint_mb: i64,
    /// Files (each in its own savepoint) per import transaction, at most.
    /// Every commit writes each page its transaction dirtied to the WAL,
    /// and the documents' random ids (and a crawl's origins) spread a
    /// batch's index entries over most leaf pages of those indexes, so a
    /// small batch rewrites more index pages than it adds text. Larger
    /// batches rewrite them less often, until a transaction outgrows the
    /// page cache and spills; the chosen size is one among near equals.
    pub batch_files: usize,
    /// Time after which a batch is committed even if not full: what a kill
    /// can lose (the next run imports those files again).
    pub batch_time: std::time::Duration,
    /// Whether a store that holds nothing yet is imported through a
    /// rollback journal instead of the WAL (see [`Store::with_settings`]):
    /// through the WAL, a first import writes every page twice.
    pub rollback_journal_when_empty: bool,
    /// Files an import worker prepares as one job and hands to the writer
    /// at once. Not a setting of the connection, but of the import around
    /// it, kept here so `bench_pressroom` imports as `pressroom import`
    /// does. The store's single writer is the slower side of an import, so
    /// with a file per job each file cost a futex wake-up on each side of
    /// the channel, and cross-thread frees contended for malloc's locks.
    pub files_per_run: usize,
}

/// The journal an import's writes go through ([`Store::with_settings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportJournal {
    /// The store's usual write-ahead log: other connections read while the
    /// import writes.
    Wal,
    /// A rollback journal, for the first import into an empty store: a
    /// reader waits while the import commits, so the import's own workers
    /// do not read the store (it holds nothing they could look up).
    Rollback,
}

/// What `pressroom import` uses. The cache is memory only while importing,
/// which never runs alongside indexing; it is sized so an import's peak
/// stays within the memory budget that indexing is given. The WAL is disk, and
/// is folded back into the database by the next checkpoint or when the
/// store is closed.
pub const IMPORT_SETTINGS: ImportSettings = ImportSettings {
    cache_mb: 128,
    checkpoint_mb: 64,
    batch_files: 20_000,
    batch_time: std::time::Duration::from_secs(10),
    rollback_journal_when_empty: true,
    files_per_run: 16,
};

/// Whether the store holds no document, import record or tombstone.
fn holds_nothing(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT (EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM imports)
                     OR EXISTS (SELECT 1 FROM tombstones))",
        [],
        |r| r.get(0),
    )?)
}

/// How long a connection waits for another's lock before failing.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// An open store. Cheap to keep open for the whole process.
pub struct Store {
    conn: rusqlite::Connection,
    path: PathBuf,
}

impl Store {
    /// Open (creating if needed) the store at `path` and bring its schema up
    /// to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = rusqlite::Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // temp_store: an import gives each file its own savepoint, and
        // SQLite keeps a savepoint's undo pages in a temporary file by
        // default; in memory they cost a few pages each, and an import of
        // many files takes half the time (`benches/runs/notebook.md`).
        // page_size: bodies are compressed rows of one to a few KB, and a
        // page keeps what is left after its last whole row unused (and a
        // row longer than a page leaves most of its overflow page empty):
        // with 4 KB pages a quarter of the documents table was unused
        // space, with 16 KB pages it is a few percent. Only a new store
        // takes it: SQLite fixes the page size when the file is created.
        // Turning a new store to WAL needs it to itself, and SQLite does not
        // always wait for that: a process opening it at the same moment as
        // another retries until the busy timeout.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            match conn.execute_batch(
                "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;",
            ) {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy
                        && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                other => break other.map_err(open_err)?,
            }
        }
        schema::migrate(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Open an existing store for a command that only reads it, read-only,
    /// so it works in a read-only home and never waits for a writer's lock
    /// to change the journal mode. A missing store is an error
    /// ([`StoreError::Missing`]), not created; one of an older schema (or
    /// still being created by another process) is
    /// [`StoreError::NeedsMigration`]: open it with [`Store::open`].
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let store = Store::open_reader(path)?;
        let found: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        if found > schema::SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew {
                path: path.to_path_buf(),
                found,
                supported: schema::SCHEMA_VERSION,
            });
        }
        if found < schema::SCHEMA_VERSION {
            return Err(StoreError::NeedsMigration {
                path: path.to_path_buf(),
                found,
            });
        }
        Ok(store)
    }

    /// Open an existing store read-only, without touching its schema: a
    /// second connection for a thread that only looks things up (WAL lets
    /// it read while another connection writes; it sees committed data).
    pub fn open_reader(path: &Path) -> Result<Store> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Run `f` (a bulk import on this connection) with [`IMPORT_SETTINGS`].
    pub fn with_import_settings<T>(&self, f: impl FnOnce(ImportJournal) -> T) -> Result<T> {
        self.with_settings(IMPORT_SETTINGS, f)
    }

    /// Run `f` with `settings` on this connection, then restore what it had
    /// and give the cache's memory back (`shrink_memory`), also when `f`
    /// fails or panics, so a process that goes on to index does not keep it.
    ///
    /// A store that holds nothing yet (no document, no import record, no
    /// tombstone: a first import) is written through a rollback journal
    /// instead of the WAL, when this is its only connection; `f` is told
    /// which ([`ImportJournal`]). The WAL writes every page twice (into the
    /// WAL, then into the database at the checkpoint), and in a first import
    /// almost every page is new: a rollback journal keeps only the pages
    /// that existed before each transaction, so the documents are written
    /// once. It is as safe against a kill (the hot journal is rolled back
    /// when the store is next opened), but while it is in use a reader waits
    /// whenever the writer commits, so a store with earlier imports, whose
    /// import workers read it concurrently, keeps the WAL. The WAL comes
    /// back when `f` returns (and, failing that, at the next [`Store::open`]).
    pub fn with_settings<T>(
        &self,
        settings: ImportSettings,
        f: impl FnOnce(ImportJournal) -> T,
    ) -> Result<T> {
        struct Restore<'c> {
            conn: &'c rusqlite::Connection,
            cache_size: i64,
            checkpoint_pages: i64,
            journal: ImportJournal,
        }
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                if self.journal == ImportJournal::Rollback {
                    // Needs this to be the only connection again; if
                    // another came meanwhile, Store::open sets it later.
                    let _ = self
                        .conn
                        .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()));
                }
                let _ = self.conn.pragma_update(None, "cache_size", self.cache_size);
                let _ = self
                    .conn
                    .pragma_update(None, "wal_autocheckpoint", self.checkpoint_pages);
                let _ = self.conn.execute_batch("PRAGMA shrink_memory");
            }
        }
        let get = |pragma: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))?)
        };
        let mut restore = Restore {
            conn: &self.conn,
            cache_size: get("cache_size")?,
            checkpoint_pages: get("wal_autocheckpoint")?,
            journal: ImportJournal::Wal,
        };
        let page_size = get("page_size")?.max(512);
        // Negative: a size in KiB rather than in pages.
        self.conn
            .pragma_update(None, "cache_size", -(settings.cache_mb * 1024))?;
        self.conn.pragma_update(
            None,
            "wal_autocheckpoint",
            (settings.checkpoint_mb << 20) / page_size,
        )?;
        if settings.rollback_journal_when_empty && holds_nothing(&self.conn)? {
            restore.journal = self.leave_wal();
        }
        let value = f(restore.journal);
        drop(restore);
        Ok(value)
    }

    /// Switch this connection's store from the WAL to a rollback journal
    /// (`TRUNCATE`: the journal file is kept between transactions, emptied).
    /// SQLite refuses while another connection has the store open; then the
    /// WAL stays.
    fn leave_wal(&self) -> ImportJournal {
        // Without waiting: another connection would keep the store open
        // for longer than a wait is worth.
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        let mode: rusqlite::Result<String> =
            self.conn
                .query_row("PRAGMA journal_mode = TRUNCATE", [], |r| r.get(0));
        let _ = self.conn.busy_timeout(BUSY_TIMEOUT);
        match mode {
            Ok(mode) if mode.eq_ignore_ascii_case("truncate") => ImportJournal::Rollback,
            _ => ImportJournal::Wal,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &rusqlite::Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut rusqlite::Connection {
        &mut self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pragma(store: &Store, name: &str) -> i64 {
        store
            .conn()
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn another_connections_lock_is_told_apart_from_other_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let writer = Store::open(&path).unwrap();
        // As during a first import: a rollback journal, where a writer's
        // exclusive lock keeps readers out (the WAL lets them in).
        writer
            .conn()
            .query_row("PRAGMA journal_mode = TRUNCATE", [], |_| Ok(()))
            .unwrap();
        writer.conn().execute_batch("BEGIN EXCLUSIVE").unwrap();
        let reader = Store::open_reader(&path).unwrap();
        reader
            .conn()
            .busy_timeout(std::time::Duration::ZERO)
            .unwrap();
        let err = has_documents(reader.conn()).unwrap_err();
        assert!(err.is_busy(), "{err}");
        assert!(!StoreError::NotFound("x".into()).is_busy());
    }

    #[test]
    fn a_read_only_open_never_creates_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus/store.sqlite");
        assert!(matches!(
            Store::open_read_only(&path),
            Err(StoreError::Missing(_))
        ));
        assert!(!dir.path().join("corpus").exists());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        rusqlite::Connection::open(&path).unwrap();
        assert!(matches!(
            Store::open_read_only(&path),
            Err(StoreError::NeedsMigration { found: 0, .. })
        ));
        Store::open(&path).unwrap();
        let store = Store::open_read_only(&path).unwrap();
        assert!(store.conn().execute_batch("CREATE TABLE t (x)").is_err());
    }

    #[test]
    fn savepoint_journals_are_kept_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        // 2 = MEMORY.
        assert_eq!(pragma(&store, "temp_store"), 2);
    }

    #[test]
    fn import_settings_hold_inside_and_are_restored_afterwards_even_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        let before = (
            pragma(&store, "cache_size"),
            pragma(&store, "wal_autocheckpoint"),
        );
        let inside = store
            .with_import_settings(|_| {
                (
                    pragma(&store, "cache_size"),
                    pragma(&store, "wal_autocheckpoint") * pragma(&store, "page_size"),
                )
            })
            .unwrap();
        assert_eq!(
            inside,
            (
                -IMPORT_SETTINGS.cache_mb * 1024,
                IMPORT_SETTINGS.checkpoint_mb << 20
            )
        );
        let after = |store: &Store| {
            (
                pragma(store, "cache_size"),
                pragma(store, "wal_autocheckpoint"),
            )
        };
        assert_eq!(after(&store), before);
        let failed: std::result::Result<(), &str> =
            store.with_import_settings(|_| Err("no")).unwrap();
        assert!(failed.is_err());
        assert_eq!(after(&store), before);
    }

    fn journal_mode(store: &Store) -> String {
        store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    }

    fn a_record(path: &str) -> ImportRecord {
        ImportRecord {
            path: path.into(),
            sha256: "0".repeat(64),
            size: 1,
            documents: 0,
            error: None,
        }
    }

    #[test]
    fn a_first_import_writes_through_a_rollback_journal_then_the_wal_returns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let store = Store::open(&path).unwrap();
        let (journal, inside) = store
            .with_import_settings(|journal| {
                store.conn().execute_batch("BEGIN").unwrap();
                record_import(store.conn(), &a_record("a.txt")).unwrap();
                store.conn().execute_batch("COMMIT").unwrap();
                (journal, journal_mode(&store))
            })
            .unwrap();
        assert_eq!(
            (journal, inside.as_str()),
            (ImportJournal::Rollback, "truncate")
        );
        assert_eq!(journal_mode(&store), "wal");
        drop(store);
        let reopened = Store::open(&path).unwrap();
        assert!(import_record(reopened.conn(), "a.txt").unwrap().is_some());
        // A store that holds something keeps the WAL: its import workers
        // read it while the import writes.
        let journal = reopened
            .with_import_settings(|journal| {
                assert_eq!(journal_mode(&reopened), "wal");
                journal
            })
            .unwrap();
        assert_eq!(journal, ImportJournal::Wal);
    }

    #[test]
    fn an_empty_store_open_elsewhere_keeps_the_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let store = Store::open(&path).unwrap();
        let reader = Store::open_reader(&path).unwrap();
        // The reader has read once, so it holds the WAL's shared memory.
        assert!(import_record(reader.conn(), "a.txt").unwrap().is_none());
        let journal = store.with_import_settings(|journal| journal).unwrap();
        assert_eq!(journal, ImportJournal::Wal);
        assert_eq!(journal_mode(&store), "wal");
        // Asked not to, an empty store keeps the WAL too.
        drop(reader);
        let settings = ImportSettings {
            rollback_journal_when_empty: false,
            ..IMPORT_SETTINGS
        };
        let journal = store.with_settings(settings, |journal| journal).unwrap();
        assert_eq!(journal, ImportJournal::Wal);
    }

    #[test]
    fn a_reader_sees_committed_writes_and_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let store = Store::open(&path).unwrap();
        let reader = Store::open_reader(&path).unwrap();
        let record = a_record("a.txt");
        store.conn().execute_batch("BEGIN").unwrap();
        record_import(store.conn(), &record).unwrap();
        assert_eq!(import_record(reader.conn(), "a.txt").unwrap(), None);
        store.conn().execute_batch("COMMIT").unwrap();
        assert_eq!(
            import_record(reader.conn(), "a.txt").unwrap(),
            Some(record.clone())
        );
        assert!(record_import(reader.conn(), &record).is_err());
    }
}
