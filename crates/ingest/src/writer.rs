//! The writer's part of an import: prepared files into the store, in the
//! order given, in batches, each file in its own savepoint.

use crate::prepare::{Content, FileFailure, PreparedFile, PreparedPage, is_unchanged};
use crate::report::{Failure, ImportError, ImportProgress, ImportSummary};
use pressroom_store::{ImportBatch, ImportRecord, ImportSettings, Store, StoreError, Upsert};
use rusqlite::Connection;

/// Files written in one savepoint, at most. A savepoint copies each page
/// it changes first (16 KB, in 1 KB allocations), and one file's rows touch
/// nearly as many pages (the counter's, the tables' last leaves) as sixteen
/// files' do: a savepoint per file was an eighth of a bulk import's CPU.
const FILES_PER_SAVEPOINT: usize = 16;

/// Write `files` to `store` in their order, committing in batches as
/// `settings` says (see [`ImportBatch`]). A file that fails rolls back only
/// its own writes and leaves an error record, so it is retried next time;
/// the batch goes on. The documents, their change sequence and the summary
/// depend only on the order of `files`.
///
/// Parsed files are written [`FILES_PER_SAVEPOINT`] to a savepoint; when
/// one of them fails, the group is rolled back and written again a
/// savepoint per file, so the failure is still the bad file's alone.
pub fn write_in_order(
    store: &Store,
    files: impl IntoIterator<Item = Result<PreparedFile, ImportError>>,
    force: bool,
    settings: &ImportSettings,
    progress: &mut dyn ImportProgress,
) -> Result<ImportSummary, ImportError> {
    let mut writer = Writer {
        store,
        batch: ImportBatch::begin(store.conn())?,
        force,
        settings,
        progress,
        summary: ImportSummary::default(),
    };
    let mut group: Vec<PreparedFile> = Vec::with_capacity(FILES_PER_SAVEPOINT);
    for file in files {
        let file = file?;
        if is_plain(&file) {
            group.push(file);
            if group.len() == FILES_PER_SAVEPOINT {
                writer.write_group(&mut group)?;
            }
        } else {
            writer.write_group(&mut group)?;
            writer.write_one(file)?;
        }
    }
    writer.write_group(&mut group)?;
    writer.batch.commit()?;
    Ok(writer.summary)
}

/// A parsed file read whole: nothing to report before its writes.
fn is_plain(file: &PreparedFile) -> bool {
    matches!(&file.content, Ok(Content::Parsed { problems, .. }) if problems.is_empty())
}

/// The state of [`write_in_order`].
struct Writer<'s, 'p> {
    store: &'s Store,
    batch: ImportBatch<'s>,
    force: bool,
    settings: &'s ImportSettings,
    progress: &'p mut dyn ImportProgress,
    summary: ImportSummary,
}

impl Writer<'_, '_> {
    /// Write the plain files of `group` in one savepoint, or each in its
    /// own if one of them fails; `group` is left empty.
    fn write_group(&mut self, group: &mut Vec<PreparedFile>) -> Result<(), ImportError> {
        if group.len() > 1 {
            let mut tally = ImportSummary::default();
            let force = self.force;
            let together = self.batch.files_together(group.len(), |conn| {
                group.iter().try_for_each(|file| match &file.content {
                    Ok(Content::Parsed { record, pages, .. }) => {
                        write_file(conn, record, pages, force, &mut tally)
                    }
                    _ => Ok(()),
                })
            });
            if together.is_ok() {
                for file in group.drain(..) {
                    self.count_file(file.parsed);
                }
                self.summary.add(&tally);
                return self.commit_if_due();
            }
        }
        for file in group.drain(..) {
            self.write_one(file)?;
        }
        Ok(())
    }

    /// Write one file in its own savepoint, or record why it failed.
    fn write_one(&mut self, file: PreparedFile) -> Result<(), ImportError> {
        let parsed = file.parsed;
        let summary = &mut self.summary;
        let mut tally = ImportSummary::default();
        let outcome = match file.content {
            Ok(Content::Unchanged) => {
                tally.unchanged_files += 1;
                self.batch.skip_file();
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
                let force = self.force;
                self.batch
                    .file(|conn| write_file(conn, &record, &pages, force, &mut tally))
                    .map_err(|e: StoreError| FileFailure {
                        record: Some(record),
                        reason: e.to_string(),
                    })
            }
            Err(failure) => {
                self.batch.skip_file();
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
                    if let Err(err) = pressroom_store::in_savepoint(self.store.conn(), |conn| {
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
        self.count_file(parsed);
        self.commit_if_due()
    }

    /// Count a file handled, in the summary and the progress.
    fn count_file(&mut self, parsed: bool) {
        self.summary.files += 1;
        self.summary.parsed_files += u64::from(parsed);
        self.progress.file_done();
    }

    fn commit_if_due(&mut self) -> Result<(), ImportError> {
        if self.batch.is_due(self.settings) {
            self.batch.commit_and_continue()?;
        }
        Ok(())
    }
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
