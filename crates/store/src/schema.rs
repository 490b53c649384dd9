use crate::{Result, StoreError};
use rusqlite::Connection;
use std::path::Path;

/// Bumped whenever a migration is appended to [`MIGRATIONS`].
pub const SCHEMA_VERSION: i64 = 3;

/// Applied in order; entry `i` takes the schema from version `i` to `i + 1`.
/// Never edit an entry once released: append a new one.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    source       TEXT NOT NULL,
    origin       TEXT NOT NULL,
    lang         TEXT NOT NULL,
    title        TEXT NOT NULL,
    published    TEXT,               -- YYYY-MM-DD, NULL when the document states none
    body         TEXT NOT NULL,
    meta         TEXT NOT NULL,      -- JSON of pressroom_model::DocMeta
    content_hash TEXT NOT NULL,
    seq          INTEGER NOT NULL,   -- change sequence, see crate docs
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX documents_origin ON documents(origin);
CREATE INDEX documents_seq ON documents(seq);

-- Removed documents, so an incremental index update can delete them too.
CREATE TABLE tombstones (
    id  TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX tombstones_seq ON tombstones(seq);

-- One row per unordered pair and kind: a < b.
CREATE TABLE links (
    a        TEXT NOT NULL,
    b        TEXT NOT NULL,
    kind     TEXT NOT NULL,
    score    REAL NOT NULL,
    evidence TEXT NOT NULL,          -- JSON array of pressroom_model::Evidence
    updated_at TEXT NOT NULL,
    PRIMARY KEY (a, b, kind)
);
CREATE INDEX links_b ON links(b);

-- Files given to `pressroom import`, to make importing idempotent.
CREATE TABLE imports (
    path        TEXT PRIMARY KEY,    -- relative to the corpus directory when inside it
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    documents   INTEGER NOT NULL,
    error       TEXT,
    imported_at TEXT NOT NULL
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters(name, value) VALUES ('seq', 0);
"#,
    r#"
-- Word pairs learned from aligned translation pairs (see learned.rs).
CREATE TABLE learned_terms (
    en     TEXT NOT NULL,
    ru     TEXT NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (en, ru)
);
"#,
    r#"
-- No table changes. From version 3 on, documents.body is written as a zstd
-- frame (a BLOB, see body.rs); rows written before stay TEXT and are read as
-- they are. The version changes so that an older pressroom, which would fail
-- on the first compressed body, refuses the store at once and says to upgrade.
"#,
];

pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (version, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        // Two processes opening a new store at once both saw the old
        // version: each step takes the write lock first and checks again,
        // so the second waits and then finds the step done.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > version as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Take the next change sequence number. Call inside the writing transaction.
pub(crate) fn next_seq(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value")?
        .query_row([], |r| r.get(0))?)
}
