use crate::Result;
use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};

/// What the store remembers of an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    pub path: String,
    pub sha256: String,
    pub size: i64,
    pub documents: i64,
    pub error: Option<String>,
}

pub fn import_record(conn: &Connection, path: &str) -> Result<Option<ImportRecord>> {
    Ok(conn
        .prepare_cached("SELECT path, sha256, size, documents, error FROM imports WHERE path = ?1")?
        .query_row([path], |r| {
            Ok(ImportRecord {
                path: r.get(0)?,
                sha256: r.get(1)?,
                size: r.get(2)?,
                documents: r.get(3)?,
                error: r.get(4)?,
            })
        })
        .optional()?)
}

pub fn record_import(conn: &Connection, record: &ImportRecord) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO imports(path, sha256, size, documents, error, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
             documents = excluded.documents, error = excluded.error,
             imported_at = excluded.imported_at",
    )?
    .execute(params![
        record.path,
        record.sha256,
        record.size,
        record.documents,
        record.error,
        Utc::now().to_rfc3339()
    ])?;
    Ok(())
}
