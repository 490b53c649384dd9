//! What a search asks for and what it answers.

use crate::Translation;
use crate::snippet::Snippet;
use chrono::NaiveDate;
use pressroom_model::{DocId, Lang};
use serde::Serialize;

/// Matches a search counts exactly; beyond, it reports "at least this many"
/// (as Elasticsearch does by default). Counting every one of 200k matches
/// costs more than finding the best ten, which top-k pruning (block-max
/// WAND) does without visiting every match.
pub const EXACT_TOTAL_UP_TO: usize = 10_000;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query; `None` matches every document (filters still apply).
    pub query: Option<String>,
    /// Only documents in this language.
    pub lang: Option<Lang>,
    /// Only documents from this source (case-insensitive name).
    pub source: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub limit: usize,
    /// Also search translations of the query terms (needs a translator).
    pub cross_language: bool,
    /// Count every match, however many; otherwise counting stops past
    /// [`EXACT_TOTAL_UP_TO`].
    pub exact_total: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: DocId,
    pub title: String,
    pub source: String,
    pub origin: String,
    pub lang: Lang,
    pub published: Option<NaiveDate>,
    pub score: f32,
    pub snippet: Snippet,
}

/// Which translations a query term used.
#[derive(Debug, Clone, Serialize)]
pub struct TermExplanation {
    pub term: String,
    pub translations: Vec<Translation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Matches counted: all of them when `total_exact`, else a lower bound.
    pub total: usize,
    pub total_exact: bool,
    pub hits: Vec<Hit>,
    pub explanations: Vec<TermExplanation>,
}
