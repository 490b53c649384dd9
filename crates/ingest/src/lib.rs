//! Pages and files to stored documents.
//!
//! A web page reaches the store by two roads: the crawler fetches it, or
//! `pressroom import` reads it back from a WARC archive (the crawler's own or
//! another tool's). Both go through [`page_documents`], so a page gets the
//! same origin, the same document ids and the same metadata whichever way it
//! came, and re-importing a crawl's archive changes nothing.

pub mod page;

pub use page::{PageDocuments, PageError, PageHints, WebPage, page_documents};
