//! The data model every pressroom stage shares.
//!
//! Fetching, parsing, storing, indexing and aligning all speak in terms of
//! [`Document`] and [`Link`]. Keeping them in one small crate with no heavy
//! dependencies means each stage can be built and tested alone while agreeing
//! on what a document *is*: one text in one language, from one origin.
//!
//! A page that holds an English release followed by its Russian translation is
//! therefore two documents, joined by a [`Link`] of kind
//! [`LinkKind::Translation`].

pub mod canon;
mod document;
mod lang;
pub mod sources;

pub use document::{DocId, DocMeta, Document, Evidence, Link, LinkKind};
pub use lang::{Lang, UnknownLang};
