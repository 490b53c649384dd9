//! Answering a request: the best hits with their snippets, a page further
//! down the ranking, the newest or oldest matches first, the ids of every
//! match (for export), and the facets of every match (counts by language,
//! source and month), so a reader can narrow a search by what it found.

use crate::SearchError;
use crate::facets::{FacetCounter, Facets};
use crate::index::{SearchIndex, indexed_body, text_of};
use crate::query::count::count_up_to;
use crate::query::mixed::PhrasesThenTermsQuery;
use crate::request::{Hit, SearchRequest, SearchResults};
use crate::snippet::{BodySource, Snippet, SnippetMakers};
use pressroom_model::{DocId, Lang};
use tantivy::Order;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

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
        self.answer(req, |answer, explanations| {
            let top = top(answer, offset, order)?;
            self.page(answer, explanations, top, offset, None, bodies)
        })
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
        self.answer(req, |answer, explanations| {
            let counter = FacetCounter::new(&self.fields);
            // A walk that visits every match anyway (a date order, a phrase,
            // which has no block maxima to prune by) counts the facets on
            // the way; otherwise the pruned top-k walk and an unscored pass
            // over the matches cost less than one scored pass over them all.
            // A phrase with translations that are words is such a case: its
            // walk prunes the words and keeps the phrases' matches for the
            // facets.
            let walks_every_match = order != SortOrder::Relevance
                || (holds_phrase(req) && !answer.query.is::<PhrasesThenTermsQuery>());
            let (top, facets) = if walks_every_match {
                top_and_facets(answer, offset, order, counter)?
            } else {
                let top = top(answer, offset, order)?;
                (top, counter.count(answer.searcher, answer.query)?)
            };
            let total = Some(facets.total);
            let results = self.page(answer, explanations, top, offset, total, bodies)?;
            Ok((results, facets))
        })
    }

    /// `f` given `req` planned and the view of the index that answers it,
    /// with the translations the plan used.
    fn answer<T>(
        &self,
        req: &SearchRequest,
        f: impl FnOnce(&Answer<'_>, Vec<crate::request::TermExplanation>) -> Result<T, SearchError>,
    ) -> Result<T, SearchError> {
        let (query, explanations) = self.planner().plan(req)?;
        let searcher = self.reader.searcher();
        let answer = Answer {
            searcher: &searcher,
            query: query.as_ref(),
            req,
        };
        f(&answer, explanations)
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
        FacetCounter::new(&self.fields).count(&self.reader.searcher(), query.as_ref())
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

/// A planned request and the view of the index that answers it.
#[derive(Clone, Copy)]
struct Answer<'a> {
    searcher: &'a Searcher,
    query: &'a dyn tantivy::query::Query,
    req: &'a SearchRequest,
}
