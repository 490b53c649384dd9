//! Batches of files for a bulk import: one transaction per batch, a
//! savepoint per file inside it.
//!
//! A commit per file would cost a WAL commit each; one transaction for the
//! whole import would lose everything to a kill. A batch ends after
//! [`ImportSettings::batch_files`](crate::ImportSettings) files or
//! `batch_time`, whichever comes first, and a file that fails rolls back its
//! own savepoint alone, so the batch goes on.

use crate::{ImportSettings, Result, StoreError};
use rusqlite::Connection;
use std::time::Instant;

/// The open transaction of a batch of files. Dropped without
/// [`ImportBatch::commit`] (an error on the way), it rolls back, so the
/// connection is left usable.
pub struct ImportBatch<'c> {
    conn: &'c Connection,
    open: bool,
    files: usize,
    started: Instant,
}

impl<'c> ImportBatch<'c> {
    /// Begin a batch on `conn`. IMMEDIATE: the write lock is taken up front,
    /// so a concurrent writer (a crawl) makes the batch wait (busy timeout)
    /// instead of failing it when a read has to turn into a write.
    pub fn begin(conn: &'c Connection) -> Result<ImportBatch<'c>> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(ImportBatch {
            conn,
            open: true,
            files: 0,
            started: Instant::now(),
        })
    }

    /// Run `f` on the batch's connection inside a savepoint: its writes are
    /// kept when it succeeds and rolled back when it fails. Counts one file.
    pub fn file<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Connection) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.files += 1;
        in_savepoint(self.conn, f)
    }

    /// Run `f`, the writes of `files` files, inside one savepoint: kept
    /// (and the files counted) when it succeeds, all rolled back when it
    /// fails.
    pub fn files_together<T, E: From<StoreError>>(
        &mut self,
        files: usize,
        f: impl FnOnce(&Connection) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let value = in_savepoint(self.conn, f)?;
        self.files += files;
        Ok(value)
    }

    /// Count a file that wrote nothing (unchanged, or failed before writing).
    pub fn skip_file(&mut self) {
        self.files += 1;
    }

    /// Files counted in this batch.
    pub fn files(&self) -> usize {
        self.files
    }

    /// Whether the batch is full or old enough to commit under `settings`.
    pub fn is_due(&self, settings: &ImportSettings) -> bool {
        self.files >= settings.batch_files.max(1) || self.started.elapsed() >= settings.batch_time
    }

    /// Commit this batch and begin the next on the same connection.
    pub fn commit_and_continue(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        self.open = true;
        self.files = 0;
        self.started = Instant::now();
        Ok(())
    }

    pub fn commit(mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }
}

impl Drop for ImportBatch<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Run `f` inside a savepoint of `conn`: its writes are kept when it
/// succeeds and rolled back when it fails.
pub fn in_savepoint<T, E: From<StoreError>>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    conn.execute_batch("SAVEPOINT import_file")
        .map_err(|e| E::from(StoreError::from(e)))?;
    match f(conn) {
        Ok(value) => {
            conn.execute_batch("RELEASE import_file")
                .map_err(|e| E::from(StoreError::from(e)))?;
            Ok(value)
        }
        Err(err) => {
            // Undo the file's writes; RELEASE then pops the savepoint.
            let _ = conn.execute_batch("ROLLBACK TO import_file; RELEASE import_file");
            Err(err)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ImportRecord, Store, import_record, record_import};

    fn record(path: &str) -> ImportRecord {
        ImportRecord {
            path: path.into(),
            sha256: "0".repeat(64),
            size: 1,
            documents: 0,
            error: None,
        }
    }

    #[test]
    fn an_uncommitted_batch_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        {
            let mut batch = ImportBatch::begin(store.conn()).unwrap();
            batch
                .file(|conn| record_import(conn, &record("x.txt")))
                .unwrap();
            drop(batch); // as an error on the way out would
        }
        assert!(store.conn().is_autocommit(), "the transaction is closed");
        assert!(import_record(store.conn(), "x.txt").unwrap().is_none());
    }

    #[test]
    fn a_failing_file_rolls_back_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        let mut batch = ImportBatch::begin(store.conn()).unwrap();
        batch
            .file(|conn| record_import(conn, &record("a.txt")))
            .unwrap();
        let failed: Result<()> = batch.file(|conn| {
            record_import(conn, &record("b.txt"))?;
            Err(StoreError::NotFound("on purpose".into()))
        });
        assert!(failed.is_err());
        batch.commit_and_continue().unwrap();
        batch
            .file(|conn| record_import(conn, &record("c.txt")))
            .unwrap();
        assert_eq!(batch.files(), 1);
        batch.commit().unwrap();
        let known = |p: &str| import_record(store.conn(), p).unwrap().is_some();
        assert_eq!(
            (known("a.txt"), known("b.txt"), known("c.txt")),
            (true, false, true)
        );
    }
}
