//! Pages and files to stored documents.
//!
//! A web page reaches the store by two roads: the crawler fetches it, or
//! `pressroom import` reads it back from a WARC archive (the crawler's own or
//! another tool's). Both go through [`page_documents`], so a page gets the
//! same origin, the same document ids and the same metadata whichever way it
//! came, and re-importing a crawl's archive changes nothing.
//!
//! The import of files ([`import_paths`]) is a pipeline: [`files`] finds
//! what to read, worker threads read, hash and parse runs of files
//! (`prepare`; a WARC file's records go through [`archive`]), and the
//! calling thread writes them in file order ([`write_in_order`]), in store
//! batches with a savepoint per file (`pressroom_store::ImportBatch`). It
//! takes an [`ImportOptions`] and reports progress through
//! [`ImportProgress`], so the CLI, a server or a benchmark can drive it.

pub mod archive;
pub mod files;
pub mod page;
mod pipeline;
mod prepare;
mod report;
mod writer;

pub use page::{PageDocuments, PageError, PageHints, WebPage, page_documents};
pub use pipeline::{ImportOptions, default_jobs, import_files, import_paths};
pub use prepare::{PreparedFile, PreparedPage, record_of};
pub use report::{Failure, ImportError, ImportProgress, ImportSummary, NoProgress};
pub use writer::write_in_order;
