//! Facets: the counts of every match of a request by language, source and
//! publication month, which a reader narrows a search by.
//!
//! Each segment gets [`FacetColumns`] once: every document's language,
//! source and month as positions in the segment's lists of them, so a match
//! adds one to three counters. [`FacetCounter`] is a tantivy collector, so
//! a walk that ranks every match anyway (a phrase, a date order) counts on
//! the way. A disjunction (a word's keys and translations) and a
//! conjunction of clauses that each match a large share of a segment
//! (words with their translations, a date range) are counted from their
//! matches as a bitset (`query::dense`), the conjunction's shared with its
//! ranking; a phrase with one-word translations from the phrase matches its
//! ranking walk kept and its words' postings.

use crate::SearchError;
use crate::query::dense::{
    Clause, MatchesMemo, QueryWeight, add_matches, any_matches, dense_matches, for_each_match,
    no_matches,
};
use crate::query::groups::TermGroupsQuery;
use crate::query::mixed::PhrasesThenTermsQuery;
use chrono::Datelike;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, SegmentReader, TERMINATED};

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

/// Collects the [`Facets`] of the matches: each adds one to three counters
/// through its segment's [`FacetColumns`].
pub(crate) struct FacetCounter<'a> {
    fields: &'a crate::schema::Fields,
}

impl<'a> FacetCounter<'a> {
    pub(crate) fn new(fields: &'a crate::schema::Fields) -> Self {
        FacetCounter { fields }
    }

    /// The facets of every match of `query` in `searcher`. A conjunction
    /// dense in a segment is counted from its matches as a bitset
    /// ([`dense_matches`]), those its top-k walk found when it ran first.
    pub(crate) fn count(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> Result<Facets, SearchError> {
        if let Some(mixed) = query.downcast_ref::<PhrasesThenTermsQuery>() {
            return self.count_phrases_then_terms(searcher, mixed);
        }
        if let Some(alternatives) = disjunction(query) {
            let scoring = EnableScoring::disabled_from_searcher(searcher);
            let alternatives = alternatives
                .iter()
                .map(|(_, q)| Ok((q.box_clone(), q.weight(scoring)?)))
                .collect::<tantivy::Result<Vec<_>>>()?;
            let mut segments = Vec::new();
            for (ord, reader) in searcher.segment_readers().iter().enumerate() {
                let matches = any_matches(&alternatives, reader)?;
                segments.push(self.count_matches(ord as u32, reader, &matches)?);
            }
            return Ok(self.merge_fruits(segments)?);
        }
        let Some(clauses) = conjunction(query) else {
            return Ok(searcher.search(query, self)?);
        };
        let memo = query
            .downcast_ref::<TermGroupsQuery>()
            .map_or_else(MatchesMemo::default, |groups| groups.memo().clone());
        let scoring = EnableScoring::disabled_from_searcher(searcher);
        let clauses = clauses
            .iter()
            .map(|(occur, q)| Ok((*occur, q.box_clone(), q.weight(scoring)?)))
            .collect::<tantivy::Result<Vec<Clause>>>()?;
        let whole = query.weight(scoring)?;
        let mut segments = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            match memo.get_or_find(reader, || dense_matches(&clauses, reader))? {
                Some(matches) => segments.push(self.count_matches(ord as u32, reader, &matches)?),
                None => segments.push(self.collect_segment(whole.as_ref(), ord as u32, reader)?),
            }
        }
        Ok(self.merge_fruits(segments)?)
    }
}

impl FacetCounter<'_> {
    /// The facets of a phrase and its translations: the documents its walk
    /// found holding a phrase (walked here when it has not run), and those
    /// of its terms.
    fn count_phrases_then_terms(
        &self,
        searcher: &Searcher,
        mixed: &PhrasesThenTermsQuery,
    ) -> Result<Facets, SearchError> {
        let scoring = EnableScoring::disabled_from_searcher(searcher);
        let phrases = mixed.phrases().weight(scoring)?;
        let terms = mixed
            .terms()
            .iter()
            .map(|q| Ok((q.box_clone(), q.weight(scoring)?)))
            .collect::<tantivy::Result<Vec<QueryWeight>>>()?;
        let mut segments = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let phrase_matches = mixed.phrase_matches().get_or_find(reader, || {
                let mut bits = no_matches(reader);
                add_matches(mixed.phrases(), phrases.as_ref(), reader, &mut bits)?;
                Ok(Some(bits))
            })?;
            let mut matches = any_matches(&terms, reader)?;
            if let Some(phrase_matches) = phrase_matches {
                matches
                    .iter_mut()
                    .zip(phrase_matches.iter())
                    .for_each(|(m, p)| *m |= p);
            }
            segments.push(self.count_matches(ord as u32, reader, &matches)?);
        }
        Ok(self.merge_fruits(segments)?)
    }

    /// The facets of the live documents of `matches` in `reader`.
    fn count_matches(
        &self,
        ord: u32,
        reader: &SegmentReader,
        matches: &[u64],
    ) -> tantivy::Result<Facets> {
        let mut child = self.for_segment(ord, reader)?;
        let alive = reader.alive_bitset();
        for_each_match(matches, |doc| {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                child.collect(doc, 0.0);
            }
        });
        Ok(child.harvest())
    }
}

/// The alternatives of a disjunction (a word's keys and translations);
/// `None` for any other query.
fn disjunction(query: &dyn Query) -> Option<&[(Occur, Box<dyn Query>)]> {
    let clauses = query.downcast_ref::<BooleanQuery>()?.clauses();
    clauses
        .iter()
        .all(|(o, _)| *o == Occur::Should)
        .then_some(clauses)
}

/// The clauses of a conjunction of two or more required clauses (and any
/// excluded ones), as the planner makes a query of several words or with
/// filters; `None` for any other query.
fn conjunction(query: &dyn Query) -> Option<&[(Occur, Box<dyn Query>)]> {
    let boolean = match query.downcast_ref::<TermGroupsQuery>() {
        Some(groups) => groups.boolean(),
        None => query.downcast_ref::<BooleanQuery>()?,
    };
    let clauses = boolean.clauses();
    let required = clauses.iter().filter(|(o, _)| *o == Occur::Must).count();
    let only_required_or_excluded = clauses.iter().all(|(o, _)| *o != Occur::Should);
    (required >= 2 && only_required_or_excluded).then_some(clauses)
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
pub(crate) struct SegmentFacetCounter {
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
