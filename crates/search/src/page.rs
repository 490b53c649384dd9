//! Answering a request: the best hits with their snippets, a page further
//! down the ranking, the newest or oldest matches first, the ids of every
//! match (for export), and the facets of every match (counts by language,
//! source and month), so a reader can narrow a search by what it found.

use crate::SearchError;
use crate::index::{SearchIndex, indexed_body, text_of};
use crate::query::count::count_up_to;
use crate::request::{Hit, SearchRequest, SearchResults};
use crate::snippet::{BodySource, Snippet, SnippetMakers};
use chrono::Datelike;
use pressroom_model::{DocId, Lang};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use tantivy::collector::{Count, TopDocs};
use tantivy::index::SegmentId;
use tantivy::query::EnableScoring;
use tantivy::schema::Value;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, TantivyDocument};
use tantivy::{DocSet, Order, SegmentReader, TERMINATED};

/// The order of a results page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Best match first (BM25).
    #[default]
    Relevance,
    /// Latest publication date first.
    Newest,
    /// Earliest publication date first.
    Oldest,
}

/// Counts over every match of a request.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Facets {
    /// Every match.
    pub total: u64,
    /// Matches by language code.
    pub langs: BTreeMap<String, u64>,
    /// Matches by source, keyed by the lowercased source name (the key the
    /// source filter compares with).
    pub sources: BTreeMap<String, u64>,
    /// Matches by publication month, `YYYY-MM`.
    pub months: BTreeMap<String, u64>,
    /// Matches without a publication date.
    pub undated: u64,
}

impl SearchIndex {
    /// Run a query: the total number of matches and the best `limit` hits,
    /// with snippets cut from the bodies `bodies` holds (the store).
    pub fn search(
        &self,
        req: &SearchRequest,
        bodies: &dyn BodySource,
    ) -> Result<SearchResults, SearchError> {
        self.search_page(req, 0, SortOrder::Relevance, bodies)
    }

    /// Ids of every matching document, best first, without a cap.
    pub fn search_all_ids(&self, req: &SearchRequest) -> Result<Vec<DocId>, SearchError> {
        let (query, _) = self.planner().plan(req)?;
        let searcher = self.reader.searcher();
        let total = searcher.search(&query, &Count)?;
        if total == 0 {
            return Ok(Vec::new());
        }
        let top = searcher.search(&query, &TopDocs::with_limit(total).order_by_score())?;
        top.into_iter()
            .map(|(_, addr)| {
                let doc: TantivyDocument = searcher.doc(addr)?;
                Ok(DocId(text_of(&doc, self.fields.id)))
            })
            .collect()
    }

    pub(crate) fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: f32,
        snippets: &mut SnippetMakers<'_>,
        bodies: &dyn BodySource,
    ) -> Result<Hit, SearchError> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let lang: Lang = text_of(&doc, f.lang).parse().unwrap_or(Lang::Other);
        let published = doc
            .get_first(f.published)
            .and_then(|v| v.as_datetime())
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| d.date_naive());
        let id = DocId(text_of(&doc, f.id));
        let snippet = match bodies.body(&id)? {
            Some(body) => snippets.make(lang, indexed_body(&body))?,
            None => Snippet::default(),
        };
        Ok(Hit {
            id,
            title: text_of(&doc, f.title),
            source: text_of(&doc, f.source),
            origin: text_of(&doc, f.origin),
            lang,
            published,
            score,
            snippet,
        })
    }

    /// The hits ranked `offset..offset + req.limit` in `order`, with the
    /// total counted as [`SearchIndex::search`] counts it. Dates order the
    /// matches through the `published` fast field; ties and undated
    /// documents keep index order.
    pub fn search_page(
        &self,
        req: &SearchRequest,
        offset: usize,
        order: SortOrder,
        bodies: &dyn BodySource,
    ) -> Result<SearchResults, SearchError> {
        let (query, explanations) = self.planner().plan(req)?;
        let searcher = self.reader.searcher();
        let limit = req.limit.max(1);
        let wanted = offset + limit;
        let top: Vec<(f32, tantivy::DocAddress)> = match order {
            SortOrder::Relevance => searcher.search(
                &query,
                &TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_score(),
            )?,
            SortOrder::Newest | SortOrder::Oldest => {
                let direction = if order == SortOrder::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let collector = TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_fast_field::<tantivy::DateTime>("published", direction);
                searcher
                    .search(&query, &collector)?
                    .into_iter()
                    .map(|(_, addr)| (0.0, addr))
                    .collect()
            }
        };
        let (total, total_exact) = if top.len() < limit && (offset == 0 || !top.is_empty()) {
            (offset + top.len(), true)
        } else if req.exact_total {
            (searcher.search(&query, &Count)?, true)
        } else {
            let (count, exact) = count_up_to(
                &searcher,
                query.as_ref(),
                crate::EXACT_TOTAL_UP_TO.max(wanted),
            )?;
            (count, exact)
        };
        let mut snippets = SnippetMakers::new(&searcher, query.as_ref(), &self.fields);
        let hits = top
            .into_iter()
            .map(|(score, addr)| self.hit(&searcher, addr, score, &mut snippets, bodies))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchResults {
            total,
            total_exact,
            hits,
            explanations,
        })
    }

    /// Facets of every match of `req` (its limit is ignored): one pass over
    /// the matches without scoring.
    pub fn facets(&self, req: &SearchRequest) -> Result<Facets, SearchError> {
        let (query, _) = self.planner().plan(req)?;
        let searcher = self.reader.searcher();
        let weight = query.weight(EnableScoring::disabled_from_searcher(&searcher))?;
        let mut facets = Facets::default();
        // Matches are counted by day, then days by month: the calendar is
        // consulted once per distinct day, not per document.
        let mut by_month: BTreeMap<(i32, u32), u64> = BTreeMap::new();
        for reader in searcher.segment_readers() {
            let mut scorer = weight.scorer(reader, 1.0)?;
            let alive = reader.alive_bitset();
            let langs = cached_ordinals(reader, self.fields.lang)?;
            let sources = cached_ordinals(reader, self.fields.source_key)?;
            let ((lang_names, lang_of), (source_names, source_of)) = (&*langs, &*sources);
            let published = reader.fast_fields().date("published")?;
            let mut lang_counts = vec![0u64; lang_names.len()];
            let mut source_counts = vec![0u64; source_names.len()];
            let mut day_counts: FxHashMap<i64, u64> = FxHashMap::default();
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    facets.total += 1;
                    if let Some(&ord) = lang_of.get(doc as usize).filter(|&&o| o != NONE) {
                        lang_counts[ord as usize] += 1;
                    }
                    if let Some(&ord) = source_of.get(doc as usize).filter(|&&o| o != NONE) {
                        source_counts[ord as usize] += 1;
                    }
                    match published.first(doc) {
                        Some(date) => {
                            *day_counts
                                .entry(date.into_timestamp_secs().div_euclid(86_400))
                                .or_default() += 1
                        }
                        None => facets.undated += 1,
                    }
                }
                doc = scorer.advance();
            }
            for (name, count) in lang_names.iter().zip(lang_counts) {
                if count > 0 {
                    *facets.langs.entry(name.clone()).or_default() += count;
                }
            }
            for (name, count) in source_names.iter().zip(source_counts) {
                if count > 0 {
                    *facets.sources.entry(name.clone()).or_default() += count;
                }
            }
            for (day, count) in day_counts {
                if let Some(date) = chrono::DateTime::from_timestamp(day * 86_400, 0) {
                    *by_month.entry((date.year(), date.month())).or_default() += count;
                }
            }
        }
        facets.months = by_month
            .into_iter()
            .map(|((y, m), count)| (format!("{y:04}-{m:02}"), count))
            .collect();
        Ok(facets)
    }
}

/// No term of the field for this document.
const NONE: u16 = u16::MAX;

/// The terms of a one-term-per-document `field` in `reader`, and for each
/// document the ordinal of its term ([`NONE`] when it has none). Fields with
/// more distinct terms than fit are cut at the limit: a facet of 65,535
/// values is not one a page shows.
fn term_ordinals(reader: &SegmentReader, field: Field) -> Result<Ordinals, SearchError> {
    let inverted = reader.inverted_index(field)?;
    let mut names = Vec::new();
    let mut of_doc = vec![NONE; reader.max_doc() as usize];
    let mut terms = inverted
        .terms()
        .stream()
        .map_err(tantivy::TantivyError::from)?;
    while terms.advance() {
        if names.len() >= NONE as usize {
            break;
        }
        let ord = names.len() as u16;
        names.push(String::from_utf8_lossy(terms.key()).into_owned());
        let mut postings = inverted
            .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if let Some(slot) = of_doc.get_mut(doc as usize) {
                *slot = ord;
            }
            doc = postings.advance();
        }
    }
    Ok(Arc::new((names, of_doc)))
}

/// A field's terms and each document's term ordinal, for one segment.
type Ordinals = Arc<(Vec<String>, Vec<u16>)>;

/// Segments at most kept in [`cached_ordinals`]' cache (two fields each).
const CACHED_SEGMENTS: usize = 64;

/// [`term_ordinals`], kept per segment: a segment never changes (deletes
/// are a separate bitset), and rebuilding the table decodes the postings
/// of every document of the segment, on every query. The cache is emptied
/// when it outgrows [`CACHED_SEGMENTS`], which merges replacing segments
/// make it do now and then.
fn cached_ordinals(reader: &SegmentReader, field: Field) -> Result<Ordinals, SearchError> {
    static CACHE: OnceLock<Mutex<HashMap<(SegmentId, u32), Ordinals>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    let key = (reader.segment_id(), field.field_id());
    if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(found.clone());
    }
    let built = term_ordinals(reader, field)?;
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= 2 * CACHED_SEGMENTS {
        cache.clear();
    }
    cache.insert(key, built.clone());
    Ok(built)
}
