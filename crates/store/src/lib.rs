//! The SQLite document store: the one durable home of parsed documents,
//! their metadata, the links between them, which files were imported, and
//! (through the fetch crate's own `crawl_*` tables) the crawl state.
//!
//! Why SQLite: a single file that survives `kill -9` (WAL + transactions),
//! that users can inspect with `sqlite3`, and that lets the fetcher commit a
//! fetched page and its crawl bookkeeping atomically. Everything else (the
//! tantivy index) is derived from it and can be rebuilt at any time.
//!
//! Changes are numbered: every insert, update or removal of a document takes
//! the next value of a store-wide sequence (`documents.seq`,
//! `tombstones.seq`). The index remembers the last sequence it has seen, so
//! an incremental update reads only what changed since.
//!
//! Functions that write take a `&rusqlite::Connection` rather than the
//! [`Store`], so callers can run them inside their own transaction
//! (a `rusqlite::Transaction` derefs to a `Connection`).

mod documents;
mod imports;
mod learned;
mod links;
mod schema;

pub use documents::{
    Stats, Upsert, count_changed_since, documents_changed_since, for_each_document, get_document,
    has_documents, max_seq, recent_text_bytes, remove_document, replace_origin, resolve_id, stats,
    tombstones_since, upsert_document,
};
pub use imports::{ImportRecord, import_record, record_import};
pub use learned::{LearnedTerm, learned_terms, replace_learned_terms};
pub use links::{all_links, links_for, upsert_link};
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
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(open_err)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        )
        .map_err(open_err)?;
        schema::migrate(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
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
