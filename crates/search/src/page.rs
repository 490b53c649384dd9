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
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::index::SegmentId;
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
        let answer = Answer {
            searcher: &searcher,
            query: query.as_ref(),
            req,
        };
        let top = top(&answer, offset, order)?;
        self.page(&answer, explanations, top, offset, None, bodies)
    }

    /// [`SearchIndex::search_page`] and [`SearchIndex::facets`] of one
    /// request, planned once and answered from one view of the index. The
    /// facets' pass counts every match, so the total is exact and no
    /// separate count is made.
    pub fn search_page_with_facets(
        &self,
        req: &SearchRequest,
        offset: usize,
        order: SortOrder,
        bodies: &dyn BodySource,
    ) -> Result<(SearchResults, Facets), SearchError> {
        let (query, explanations) = self.planner().plan(req)?;
        let searcher = self.reader.searcher();
        let answer = Answer {
            searcher: &searcher,
            query: query.as_ref(),
            req,
        };
        let counter = FacetCounter {
            fields: &self.fields,
        };
        // A walk that visits every match anyway (a date order, a phrase,
        // which has no block maxima to prune by) counts the facets on the
        // way; otherwise the pruned top-k walk and an unscored pass over
        // the matches cost less than one scored pass over all of them.
        let (top, facets) = if order != SortOrder::Relevance || holds_phrase(req) {
            top_and_facets(&answer, offset, order, counter)?
        } else {
            let top = top(&answer, offset, order)?;
            (top, searcher.search(query.as_ref(), &counter)?)
        };
        let total = Some(facets.total);
        let results = self.page(&answer, explanations, top, offset, total, bodies)?;
        Ok((results, facets))
    }

    /// The page of `answer` whose best documents are `top`; `total`, when
    /// known, spares the count.
    fn page(
        &self,
        answer: &Answer<'_>,
        explanations: Vec<crate::request::TermExplanation>,
        top: Vec<(f32, DocAddress)>,
        offset: usize,
        total: Option<u64>,
        bodies: &dyn BodySource,
    ) -> Result<SearchResults, SearchError> {
        let Answer {
            searcher,
            query,
            req,
        } = *answer;
        let limit = req.limit.max(1);
        let wanted = offset + limit;
        let (total, total_exact) = if let Some(total) = total {
            (total as usize, true)
        } else if top.len() < limit && (offset == 0 || !top.is_empty()) {
            (offset + top.len(), true)
        } else if req.exact_total {
            (searcher.search(query, &Count)?, true)
        } else {
            count_up_to(searcher, query, crate::EXACT_TOTAL_UP_TO.max(wanted))?
        };
        let mut snippets = SnippetMakers::new(searcher, query, &self.fields);
        let hits = top
            .into_iter()
            .map(|(score, addr)| self.hit(searcher, addr, score, &mut snippets, bodies))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchResults {
            total,
            total_exact,
            hits,
            explanations,
        })
    }

    /// Facets of every match of `req` (its limit is ignored): one pass over
    /// the matches without scoring, each match adding one to three counters
    /// through its segment's [`FacetColumns`].
    pub fn facets(&self, req: &SearchRequest) -> Result<Facets, SearchError> {
        let (query, _) = self.planner().plan(req)?;
        let counter = FacetCounter {
            fields: &self.fields,
        };
        Ok(self.reader.searcher().search(query.as_ref(), &counter)?)
    }
}

/// The best `limit` documents of `answer` from `offset` in `order`. Alone,
/// the collector by score takes the pruned walks (tantivy's block-max WAND
/// and [`crate::query::topk`]'s).
fn top(
    answer: &Answer<'_>,
    offset: usize,
    order: SortOrder,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let top = TopDocs::with_limit(answer.req.limit.max(1)).and_offset(offset);
    let (searcher, query) = (answer.searcher, answer.query);
    Ok(match date_order(order) {
        None => searcher.search(query, &top.order_by_score())?,
        Some(direction) => {
            let by_date = top.order_by_fast_field::<tantivy::DateTime>("published", direction);
            unscored(searcher.search(query, &by_date)?)
        }
    })
}

/// [`top`] and the facets of every match, in one walk over them all.
fn top_and_facets(
    answer: &Answer<'_>,
    offset: usize,
    order: SortOrder,
    counter: FacetCounter<'_>,
) -> Result<(Vec<(f32, DocAddress)>, Facets), SearchError> {
    let top = TopDocs::with_limit(answer.req.limit.max(1)).and_offset(offset);
    let (searcher, query) = (answer.searcher, answer.query);
    Ok(match date_order(order) {
        None => searcher.search(query, &(top.order_by_score(), counter))?,
        Some(direction) => {
            let by_date = top.order_by_fast_field::<tantivy::DateTime>("published", direction);
            let (top, facets) = searcher.search(query, &(by_date, counter))?;
            (unscored(top), facets)
        }
    })
}

/// The direction of a date order; `None` for relevance.
fn date_order(order: SortOrder) -> Option<Order> {
    match order {
        SortOrder::Relevance => None,
        SortOrder::Newest => Some(Order::Desc),
        SortOrder::Oldest => Some(Order::Asc),
    }
}

/// Documents ranked by date, with the score a date order gives (none).
fn unscored<T>(top: Vec<(T, DocAddress)>) -> Vec<(f32, DocAddress)> {
    top.into_iter().map(|(_, addr)| (0.0, addr)).collect()
}

/// Whether `req` asks for a phrase: its top-k walk scores every match.
fn holds_phrase(req: &SearchRequest) -> bool {
    req.query.as_deref().is_some_and(|q| q.contains('"'))
}

/// Collects the [`Facets`] of the matches: each adds one to three counters
/// through its segment's [`FacetColumns`].
struct FacetCounter<'a> {
    fields: &'a crate::schema::Fields,
}

impl Collector for FacetCounter<'_> {
    type Fruit = Facets;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let columns = cached_columns(reader, self.fields)
            .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
        Ok(SegmentFacetCounter {
            langs: vec![0; columns.langs.len() + 1],
            sources: vec![0; columns.sources.len() + 1],
            months: vec![0; columns.months.len() + 1],
            columns,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Facets>) -> tantivy::Result<Facets> {
        let mut facets = Facets::default();
        for segment in segments {
            facets.total += segment.total;
            facets.undated += segment.undated;
            for (into, from) in [
                (&mut facets.langs, segment.langs),
                (&mut facets.sources, segment.sources),
                (&mut facets.months, segment.months),
            ] {
                for (name, count) in from {
                    *into.entry(name).or_default() += count;
                }
            }
        }
        Ok(facets)
    }
}

/// [`FacetCounter`] in one segment: counts by position in its columns.
struct SegmentFacetCounter {
    columns: Arc<FacetColumns>,
    langs: Vec<u64>,
    sources: Vec<u64>,
    months: Vec<u64>,
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Facets;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        if let Some(&[lang, source, month]) = self.columns.of_doc.get(doc as usize) {
            self.langs[lang as usize] += 1;
            self.sources[source as usize] += 1;
            self.months[month as usize] += 1;
        }
    }

    fn harvest(self) -> Facets {
        // Position 0 counts the documents without a value.
        fn named<T>(
            values: &[T],
            counts: &[u64],
            name: impl Fn(&T) -> String,
        ) -> BTreeMap<String, u64> {
            values
                .iter()
                .zip(&counts[1..])
                .filter(|(_, count)| **count > 0)
                .map(|(value, count)| (name(value), *count))
                .collect()
        }
        Facets {
            total: self.langs.iter().sum(),
            langs: named(&self.columns.langs, &self.langs, String::clone),
            sources: named(&self.columns.sources, &self.sources, String::clone),
            months: named(&self.columns.months, &self.months, |(y, m)| {
                format!("{y:04}-{m:02}")
            }),
            undated: self.months[0],
        }
    }
}

/// A planned request and the view of the index that answers it.
#[derive(Clone, Copy)]
struct Answer<'a> {
    searcher: &'a Searcher,
    query: &'a dyn tantivy::query::Query,
    req: &'a SearchRequest,
}

/// What the facets count of one segment's documents: the segment's
/// languages, sources and publication months, and for each document the
/// 1-based position of its language, source and month in those lists (0:
/// none). A segment never changes (deletes are a separate bitset), so this
/// is built once per segment rather than per query, where it would decode
/// every posting of the two fields and every date.
#[derive(Debug)]
struct FacetColumns {
    langs: Vec<String>,
    sources: Vec<String>,
    months: Vec<(i32, u32)>,
    of_doc: Vec<[u16; 3]>,
}

/// Distinct values one facet column of a segment holds at most; values past
/// it count as none. A facet of 65,535 values is not one a page shows.
const MAX_VALUES: usize = u16::MAX as usize;

impl FacetColumns {
    fn build(reader: &SegmentReader, fields: &crate::schema::Fields) -> Result<Self, SearchError> {
        let mut of_doc = vec![[0u16; 3]; reader.max_doc() as usize];
        let langs = term_positions(reader, fields.lang, &mut of_doc, 0)?;
        let sources = term_positions(reader, fields.source_key, &mut of_doc, 1)?;
        // Days map to months through the calendar once per distinct day.
        let published = reader.fast_fields().date("published")?;
        let mut month_of_day: FxHashMap<i64, u16> = FxHashMap::default();
        let mut months: Vec<(i32, u32)> = Vec::new();
        let mut position_of_month: FxHashMap<(i32, u32), u16> = FxHashMap::default();
        for (doc, slot) in of_doc.iter_mut().enumerate() {
            let Some(date) = published.first(doc as u32) else {
                continue;
            };
            let day = date.into_timestamp_secs().div_euclid(86_400);
            let position = *month_of_day.entry(day).or_insert_with(|| {
                let Some(date) = chrono::DateTime::from_timestamp(day * 86_400, 0) else {
                    return 0;
                };
                let month = (date.year(), date.month());
                *position_of_month.entry(month).or_insert_with(|| {
                    if months.len() >= MAX_VALUES - 1 {
                        return 0;
                    }
                    months.push(month);
                    months.len() as u16
                })
            });
            slot[2] = position;
        }
        Ok(FacetColumns {
            langs,
            sources,
            months,
            of_doc,
        })
    }
}

/// The terms of a one-term-per-document `field` in `reader`, writing each
/// document's 1-based term position into `column` of `of_doc`.
fn term_positions(
    reader: &SegmentReader,
    field: Field,
    of_doc: &mut [[u16; 3]],
    column: usize,
) -> Result<Vec<String>, SearchError> {
    let inverted = reader.inverted_index(field)?;
    let mut names = Vec::new();
    let mut terms = inverted
        .terms()
        .stream()
        .map_err(tantivy::TantivyError::from)?;
    while terms.advance() {
        if names.len() >= MAX_VALUES - 1 {
            break;
        }
        names.push(String::from_utf8_lossy(terms.key()).into_owned());
        let position = names.len() as u16;
        let mut postings = inverted
            .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if let Some(slot) = of_doc.get_mut(doc as usize) {
                slot[column] = position;
            }
            doc = postings.advance();
        }
    }
    Ok(names)
}

/// Segments at most kept in [`cached_columns`]' cache.
const CACHED_SEGMENTS: usize = 64;

/// [`FacetColumns`], kept per segment. The cache is emptied when it
/// outgrows [`CACHED_SEGMENTS`], which merges replacing segments make it do
/// now and then.
fn cached_columns(
    reader: &SegmentReader,
    fields: &crate::schema::Fields,
) -> Result<Arc<FacetColumns>, SearchError> {
    static CACHE: OnceLock<Mutex<HashMap<SegmentId, Arc<FacetColumns>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    let key = reader.segment_id();
    if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(found.clone());
    }
    let built = Arc::new(FacetColumns::build(reader, fields)?);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= CACHED_SEGMENTS {
        cache.clear();
    }
    cache.insert(key, built.clone());
    Ok(built)
}
