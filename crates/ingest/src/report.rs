//! What an import tells its caller: the summary, progress, and errors that
//! stop it (errors of single files do not; they are in the summary).

use pressroom_store::StoreError;
use serde::Serialize;
use std::path::PathBuf;

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

impl ImportSummary {
    pub(crate) fn add(&mut self, other: &ImportSummary) {
        self.unchanged_files += other.unchanged_files;
        self.new_documents += other.new_documents;
        self.changed_documents += other.changed_documents;
        self.unchanged_documents += other.unchanged_documents;
    }
}

/// A file (or a part of one) that was not imported, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

/// Errors that stop an import as a whole.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}: not a file pressroom imports (supported: .txt, .text, .html, .htm, .xhtml, .warc, .warc.gz)",
        .0.display()
    )]
    Unsupported(PathBuf),
    #[error("{}: not a regular file (a pipe or device would never end)", .0.display())]
    NotRegular(PathBuf),
    #[error("writing to the store")]
    Store(#[from] StoreError),
    #[error("an import worker stopped without a result")]
    WorkerStopped,
}

/// Told of an import's progress, by the thread that writes the store.
pub trait ImportProgress {
    /// The number of files the import will go through.
    fn files_found(&mut self, files: u64);
    /// One more file written (or recognised unchanged, or failed).
    fn file_done(&mut self);
}

/// Progress nobody watches.
pub struct NoProgress;

impl ImportProgress for NoProgress {
    fn files_found(&mut self, _: u64) {}
    fn file_done(&mut self) {}
}
