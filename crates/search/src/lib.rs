//! The search index: tantivy with English and Russian analysis, ranked
//! bilingual queries, filters and snippets.
//!
//! The index is derived data. The SQLite store is the truth; [`SearchIndex`]
//! can be rebuilt from it at any time and is updated incrementally by change
//! sequence (see `pressroom_store`). The last sequence indexed is written in
//! the tantivy commit payload, so it moves atomically with the indexed data:
//! a crash mid-update leaves the previous commit and its sequence intact.
//!
//! Each document's text goes into the fields of its language (`title_en`,
//! `body_en` or `title_ru`, `body_ru`), analysed by that language's analyzer.
//! A query runs against both languages unless narrowed; with a
//! [`QueryTranslator`] each query term also searches its translations in the
//! other language.
//!
//! Phrases are what make a large index slow: the positions of frequent
//! words are long lists. So the text fields also hold the pair two
//! neighbouring words make when both are among the index's
//! [`CommonKeys`], chosen from a sample of the store when the index is
//! created and kept in the commit payload beside the sequence, so writers
//! and queries always agree on which pairs exist.

mod analyzer;
mod bulk;
mod directory;
mod facets;
mod index;
pub mod json;
mod lifecycle;
mod memo;
mod pacing;
mod page;
pub mod query;
mod request;
mod schema;
mod snippet;
mod translator;

pub use analyzer::{
    COMMON_KEYS_PER_LANGUAGE, CommonKeys, KeyToken, PressroomTokenizer, analyze, index_tokens,
    phrase_terms,
};
pub use facets::Facets;
pub use index::{
    COMMON_KEYS_SAMPLE, Freshness, IndexUpdate, MAX_INDEXED_BODY_BYTES, SearchIndex,
    UPDATE_COMMIT_EVERY,
};
pub use lifecycle::{
    EnsureOptions, INDEX_MEMORY_BUDGET, IndexAction, IndexHooks, IndexNotice, IndexStatus,
    MemoryPlan, Quiet, RebuildReason, WRITER_LOCK_FILE, WriterLock, ensure_current,
};
pub use pacing::MAX_QUEUED_DOCUMENTS;
pub use page::SortOrder;
pub use query::count::count_up_to;
pub use request::{EXACT_TOTAL_UP_TO, Hit, SearchRequest, SearchResults, TermExplanation};
pub use schema::{SCHEMA_VERSION, index_lang};
pub use snippet::{BodySource, NoSnippets, Snippet};

use pressroom_model::Lang;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("no index at {0}; run `pressroom index` to build it")]
    Missing(PathBuf),
    #[error(
        "the index at {path} was built with schema version {found}, this pressroom uses {expected}; run `pressroom index --rebuild`"
    )]
    SchemaMismatch {
        path: PathBuf,
        found: String,
        expected: u32,
    },
    #[error(
        "the index at {path} cannot be read ({reason}); rebuild it from the store: pressroom index --rebuild"
    )]
    Corrupt { path: PathBuf, reason: String },
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("cannot open index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("index I/O error at {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("store error: {0}")]
    Store(#[from] pressroom_store::StoreError),
    #[error("another pressroom process is indexing {0}; try again when it has finished")]
    WriterBusy(PathBuf),
    #[error("filling the empty store: {0}")]
    Bootstrap(Box<dyn std::error::Error + Send + Sync>),
}

/// One translation of a query word or phrase.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Translation {
    pub text: String,
    pub lang: Lang,
    /// Relative trust in `(0, 1]`; scales the translation's contribution.
    pub weight: f32,
    /// Where it came from ("glossary", "lexicon", "learned", "translit").
    pub via: String,
}

/// Translations for the words `start..end` of a run of query words.
#[derive(Debug, Clone, PartialEq)]
pub struct TranslatedSpan {
    pub start: usize,
    pub end: usize,
    pub translations: Vec<Translation>,
}

/// Translates query words into the other language, for cross-language
/// search. Spans let a multi-word term (`freedom of assembly`) translate as
/// one unit (`свобода собраний`).
pub trait QueryTranslator: Send + Sync {
    fn translate_words(&self, words: &[String]) -> Vec<TranslatedSpan>;
}
