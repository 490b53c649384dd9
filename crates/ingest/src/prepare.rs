//! The workers' part of an import: read, hash and (unless unchanged) parse
//! one file, and prepare its documents for the store.

use crate::archive::warc_pages;
use crate::files::{FileKind, kind_of, origin_of};
use pressroom_model::sources::SourcesConfig;
use pressroom_model::{Document, Link};
use pressroom_parse::Input;
use pressroom_store::{ImportRecord, Store, StoredContent};
use sha2::{Digest, Sha256};
use std::path::Path;

/// A file as a worker hands it to the writer.
pub struct PreparedFile {
    /// How the file is named in the summary.
    pub(crate) label: String,
    /// Whether it went through a parser (unchanged files do not).
    pub(crate) parsed: bool,
    pub(crate) content: Result<Content, FileFailure>,
}

pub(crate) enum Content {
    /// Same path and SHA-256 as an earlier successful import: not parsed.
    Unchanged,
    /// Parsed: each page it holds (one for a `.txt` or `.html` file, one
    /// per archived page for a WARC file).
    Parsed {
        record: ImportRecord,
        pages: Vec<PreparedPage>,
        /// Parts of the file that were not imported (records of an archive).
        problems: Vec<String>,
    },
}

/// Why a file was not imported; `record` is what to remember of it (absent
/// when the file could not even be read).
pub(crate) struct FileFailure {
    pub(crate) record: Option<ImportRecord>,
    pub(crate) reason: String,
}

/// A parsed page as the writer stores it.
pub struct PreparedPage {
    pub(crate) origin: String,
    pub(crate) documents: Vec<Document>,
    pub(crate) links: Vec<Link>,
    /// Each document's hash and compressed body, prepared by the worker:
    /// the store's one writing thread is the slower side of an import.
    pub(crate) contents: Vec<StoredContent>,
}

impl PreparedPage {
    /// The documents of one origin (and the links between them), with their
    /// stored form computed here, off the writing thread.
    pub fn new(origin: String, documents: Vec<Document>, links: Vec<Link>) -> PreparedPage {
        let contents = documents.iter().map(StoredContent::of).collect();
        PreparedPage {
            origin,
            documents,
            links,
            contents,
        }
    }
}

impl PreparedFile {
    /// A parsed file with its import record and pages, named `label` in the
    /// summary.
    pub fn parsed(label: String, record: ImportRecord, pages: Vec<PreparedPage>) -> PreparedFile {
        PreparedFile {
            label,
            parsed: true,
            content: Ok(Content::Parsed {
                record,
                pages,
                problems: Vec::new(),
            }),
        }
    }

    /// A file whose parser panicked: it fails alone, like a parse error.
    pub(crate) fn panicked(
        corpus_dir: &Path,
        path: &Path,
        panic: Box<dyn std::any::Any + Send>,
    ) -> PreparedFile {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        // Record it (so it is retried) when the file can still be hashed.
        let record = std::fs::read(path)
            .ok()
            .map(|bytes| record_of(origin_of(corpus_dir, path), &bytes));
        PreparedFile {
            label: path.display().to_string(),
            parsed: true,
            content: Err(FileFailure {
                record,
                reason: format!("the parser panicked: {message}"),
            }),
        }
    }
}

/// The import record of a file with these bytes, before its documents are
/// counted: what recognises it unchanged next time (path, SHA-256, size).
pub fn record_of(origin: String, bytes: &[u8]) -> ImportRecord {
    ImportRecord {
        path: origin,
        sha256: hex::encode(Sha256::digest(bytes)),
        size: bytes.len() as i64,
        documents: 0,
        error: None,
    }
}

/// Whether an import record says the file was imported with this content.
pub(crate) fn is_unchanged(known: &ImportRecord, now: &ImportRecord) -> bool {
    known.sha256 == now.sha256 && known.error.is_none()
}

/// Read, hash and (unless unchanged) parse one file. `reader` looks up
/// earlier imports; without it every file is parsed and the writer alone
/// recognises unchanged ones.
pub(crate) fn prepare(
    reader: Option<&Store>,
    sources: &SourcesConfig,
    corpus_dir: &Path,
    path: &Path,
    force: bool,
) -> PreparedFile {
    let label = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return PreparedFile {
                label,
                parsed: false,
                content: Err(FileFailure {
                    record: None,
                    reason: format!("cannot read {}: {e}", path.display()),
                }),
            };
        }
    };
    let origin = origin_of(corpus_dir, path);
    let record = record_of(origin.clone(), &bytes);
    if !force
        && let Some(reader) = reader
        && let Ok(Some(known)) = pressroom_store::import_record(reader.conn(), &origin)
        && is_unchanged(&known, &record)
    {
        return PreparedFile {
            label,
            parsed: false,
            content: Ok(Content::Unchanged),
        };
    }
    let pages = match kind_of(path) {
        Some(FileKind::Warc) => {
            let archive = warc_pages(path, sources);
            if archive.pages.is_empty() && !archive.problems.is_empty() {
                // Nothing readable: the file fails (and is retried next time).
                Err(archive.problems.join("; "))
            } else {
                let pages = archive
                    .pages
                    .into_iter()
                    .map(|p| PreparedPage::new(p.origin, p.documents, p.links))
                    .collect();
                Ok((pages, archive.problems))
            }
        }
        Some(FileKind::Page(kind)) => {
            let input = Input {
                bytes: &bytes,
                origin: &origin,
                url: None,
                content_type: None,
                kind,
            };
            pressroom_parse::parse(&input, sources)
                .map(|parsed| {
                    let page = PreparedPage::new(origin, parsed.documents, parsed.links);
                    (vec![page], Vec::new())
                })
                .map_err(|e| e.to_string())
        }
        None => Err("not a file pressroom imports".to_string()),
    };
    PreparedFile {
        label,
        parsed: true,
        content: match pages {
            Ok((pages, problems)) => Ok(Content::Parsed {
                record,
                pages,
                problems,
            }),
            Err(reason) => Err(FileFailure {
                record: Some(record),
                reason,
            }),
        },
    }
}
