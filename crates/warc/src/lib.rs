//! WARC 1.1 archive of every HTTP exchange, and reading it back.
//!
//! Each run writes a new `.warc.gz` file (one gzip member per record, as
//! web archives customarily do, so a reader can seek and a torn tail loses
//! only its last record) starting with a `warcinfo` record. A fetch adds a
//! `request` and a `response` record, or a `revisit` (profile
//! *server-not-modified*) for a 304. Digests are SHA-1 in base32, the form
//! every WARC tool expects: the block digest over the whole record block
//! (HTTP head + body), the payload digest over the body as transferred
//! (still content-encoded, never chunked).
//!
//! The crawler marks each `response` / `revisit` record with the role its
//! page played (`WARC-Pressroom-Role: article`, `listing`, `feed`,
//! `sitemap`, `robots`, `auto`), an extension field as WARC 1.1 allows, so
//! an import of the archive stores the articles and passes over the pages
//! the crawl only followed links from. Records of other crawlers have no
//! such field.
//!
//! We write our own rather than use the `warc` crate: it computes no
//! digests, knows nothing of HTTP heads, and the writer is a small part of
//! this crate compared with getting the record semantics right.

pub mod content;
mod read;
mod write;

pub use read::{MAX_READ_BODY, MAX_RECORD_BLOCK, WarcResponse, read_warc};
pub use write::{Exchange, WarcWriter};

use sha1::{Digest, Sha1};

/// The WARC extension field naming the role a fetched page played in the
/// crawl that archived it.
pub const ROLE_HEADER: &str = "WARC-Pressroom-Role";
use std::io;
use std::path::PathBuf;

/// Why an archive, or one record of it, could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    #[error("WARC file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("WARC file {path}: malformed record at byte {offset}: {message}")]
    Malformed {
        path: PathBuf,
        offset: u64,
        message: String,
    },
    #[error("WARC file {path}: cut short at byte {offset}: the records before it were read")]
    Truncated { path: PathBuf, offset: u64 },
    #[error(
        "WARC file {path}: record at byte {offset} declares {length} bytes, more than the {limit} read back; skipped"
    )]
    RecordTooLarge {
        path: PathBuf,
        offset: u64,
        length: u64,
        limit: u64,
    },
    #[error("WARC file {path}: record at byte {offset} skipped: {message}")]
    BadRecord {
        path: PathBuf,
        offset: u64,
        message: String,
    },
}

impl WarcError {
    /// Whether the archive can be read past this error: a record was
    /// skipped, and the ones after it follow.
    pub fn is_per_record(&self) -> bool {
        matches!(
            self,
            WarcError::RecordTooLarge { .. } | WarcError::BadRecord { .. }
        )
    }
}

/// `sha1:BASE32`, as in `WARC-Block-Digest` / `WARC-Payload-Digest`.
pub fn sha1_digest(data: &[u8]) -> String {
    format!("sha1:{}", data_encoding::BASE32.encode(&Sha1::digest(data)))
}

/// A new `<urn:uuid:…>` record id.
pub fn new_record_id() -> String {
    format!("<urn:uuid:{}>", uuid::Uuid::new_v4())
}
