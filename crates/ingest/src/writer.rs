//! The writer's part of an import: prepared files into the store, in the
//! order given, in batches, each file in its own savepoint.

use crate::prepare::{Content, FileFailure, PreparedFile, PreparedPage, is_unchanged};
use crate::report::{Failure, ImportError, ImportProgress, ImportSummary};
use pressroom_store::{ImportBatch, ImportRecord, ImportSettings, Store, StoreError, Upsert};
use rusqlite::Connection;

/// Write `files` to `store` in their order, committing in batches as
/// `settings` says (see [`ImportBatch`]). A file that fails rolls back only
/// its own writes and leaves an error record, so it is retried next time;
/// the batch goes on. The documents, their change sequence and the summary
/// depend only on the order of `files`.
pub fn write_in_order(
    store: &Store,
    files: impl IntoIterator<Item = Result<PreparedFile, ImportError>>,
    force: bool,
    settings: &ImportSettings,
    progress: &mut dyn ImportProgress,
) -> Result<ImportSummary, ImportError> {
    let mut summary = ImportSummary::default();
    let mut batch = ImportBatch::begin(store.conn())?;
    for file in files {
        let file = file?;
        summary.files += 1;
        summary.parsed_files += u64::from(file.parsed);
        let mut tally = ImportSummary::default();
        let outcome = match file.content {
            Ok(Content::Unchanged) => {
                tally.unchanged_files += 1;
                batch.skip_file();
                Ok(())
            }
            Ok(Content::Parsed {
                mut record,
                pages,
                problems,
            }) => {
                if !problems.is_empty() {
                    // Remembered, so the file is read (and reported) again.
                    record.error = Some(problems.join("; "));
                }
                // The parts of the file that could not be read are reported;
                // the rest of it is imported.
                summary
                    .failed
                    .extend(problems.into_iter().map(|reason| Failure {
                        path: file.label.clone(),
                        reason,
                    }));
                batch
                    .file(|conn| write_file(conn, &record, &pages, force, &mut tally))
                    .map_err(|e: StoreError| FileFailure {
                        record: Some(record),
                        reason: e.to_string(),
                    })
            }
            Err(failure) => {
                batch.skip_file();
                Err(failure)
            }
        };
        match outcome {
            Ok(()) => summary.add(&tally),
            Err(failure) => {
                let mut reason = failure.reason;
                // Remember the failure so the file is retried next time
                // (its own writes were rolled back with its savepoint), and
                // report it without stopping the batch.
                if let Some(mut record) = failure.record {
                    record.error = Some(reason.clone());
                    record.documents = 0;
                    if let Err(err) = pressroom_store::in_savepoint(store.conn(), |conn| {
                        pressroom_store::record_import(conn, &record)
                    }) {
                        reason = format!("{reason} (and the failure was not recorded: {err})");
                    }
                }
                summary.failed.push(Failure {
                    path: file.label,
                    reason,
                });
            }
        }
        if batch.is_due(settings) {
            batch.commit_and_continue()?;
        }
        progress.file_done();
    }
    batch.commit()?;
    Ok(summary)
}

/// Write one parsed file (the caller wraps it in a savepoint). The
/// unchanged check is repeated here, against the writer's own view: a file
/// listed twice in one run is written once.
fn write_file(
    conn: &Connection,
    record: &ImportRecord,
    pages: &[PreparedPage],
    force: bool,
    summary: &mut ImportSummary,
) -> Result<(), StoreError> {
    if !force
        && pressroom_store::import_record(conn, &record.path)?
            .is_some_and(|known| is_unchanged(&known, record))
    {
        summary.unchanged_files += 1;
        return Ok(());
    }
    let mut record = record.clone();
    for page in pages {
        let outcomes = pressroom_store::replace_origin_prepared(
            conn,
            &page.origin,
            &page.documents,
            &page.contents,
        )?;
        for outcome in outcomes {
            match outcome {
                Upsert::New => summary.new_documents += 1,
                Upsert::Changed => summary.changed_documents += 1,
                Upsert::Unchanged => summary.unchanged_documents += 1,
            }
        }
        for link in &page.links {
            pressroom_store::upsert_link(conn, link)?;
        }
        record.documents += page.documents.len() as i64;
    }
    pressroom_store::record_import(conn, &record)
}
