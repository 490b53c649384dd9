//! Conjunctions of frequent words, answered as bitsets.
//!
//! When every required clause of a conjunction (a word with its keys and
//! translations, a filter) matches a large share of a segment, the leapfrog
//! of an intersection seeks into every union of keys for every candidate,
//! and tantivy's union answers each seek by reading and scoring a window of
//! 4,096 documents. Walking each clause once, in order, into a bitset and
//! intersecting the bitsets costs less. [`dense_matches`] gives those
//! matches; the facets count them, and [`score_matches`] ranks them term at
//! a time: each term's postings read once, in order, scored only where a
//! document matches.

use std::sync::{Arc, Mutex};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::query::{Bm25Weight, BooleanQuery, BoostQuery, Occur, Query, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term};

/// A clause of a conjunction: how it occurs, its query and its unscored
/// weight.
pub(crate) type Clause = (Occur, Box<dyn Query>, Box<dyn Weight>);

/// A query and its unscored weight.
pub(crate) type QueryWeight = (Box<dyn Query>, Box<dyn Weight>);

/// The matches of a segment as a bitset of 64-document words.
pub(crate) type Matches = Arc<Vec<u64>>;

/// What one request found of its conjunction in each segment: the matches
/// when dense, `None` when sparse. The top-k walk fills it and the facet
/// count after it reads it, so the clauses are walked once.
#[derive(Debug, Default, Clone)]
pub(crate) struct MatchesMemo(Arc<Mutex<Vec<SegmentMatches>>>);

/// A segment, and its matches when the query is dense there.
type SegmentMatches = (SegmentId, Option<Matches>);

impl MatchesMemo {
    /// The matches of `reader`'s segment, found by `find` the first time.
    pub(crate) fn get_or_find(
        &self,
        reader: &SegmentReader,
        find: impl FnOnce() -> tantivy::Result<Option<Vec<u64>>>,
    ) -> tantivy::Result<Option<Matches>> {
        let segment = reader.segment_id();
        let known = |memo: &Self| {
            let seen = memo.0.lock().unwrap_or_else(|e| e.into_inner());
            seen.iter()
                .find(|(s, _)| *s == segment)
                .map(|(_, m)| m.clone())
        };
        if let Some(matches) = known(self) {
            return Ok(matches);
        }
        let matches = find()?.map(Arc::new);
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        seen.push((segment, matches.clone()));
        Ok(matches)
    }

    /// Remember `matches` as those of `reader`'s segment, unless known.
    pub(crate) fn remember(&self, reader: &SegmentReader, matches: Vec<u64>) {
        let segment = reader.segment_id();
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !seen.iter().any(|(s, _)| *s == segment) {
            seen.push((segment, Some(Arc::new(matches))));
        }
    }
}

/// A clause is dense in a segment when it may match at least one document
/// in this many. tantivy's union answers a seek past its window by filling
/// the next 4,096 documents, so an intersection whose rarest clause matches
/// one document in a few hundred reads its unions whole anyway, and reads
/// them through a call per posting where a bitset takes them in blocks.
const DENSE_ONE_IN: u64 = 256;

/// The same bound when a clause is a phrase: walking a phrase whole reads
/// the positions of every document holding its words, which the leapfrog
/// reads only for the candidates the rarer clauses leave.
const DENSE_ONE_IN_WITH_PHRASES: u64 = 16;

/// The documents of `reader` matching every required clause and no
/// excluded one, as a bitset of 64-document words, when every required
/// clause of terms is dense there; `None` when one is sparse (the leapfrog
/// of an intersection skips most of the others' documents then).
pub(crate) fn dense_matches(
    clauses: &[Clause],
    reader: &SegmentReader,
) -> tantivy::Result<Option<Vec<u64>>> {
    let max_doc = reader.max_doc();
    // Clauses of terms are walked into bitsets; clauses of none (a date
    // range, read from a fast field) are checked on the candidates left.
    let mut walked = Vec::new();
    let mut checked = Vec::new();
    let one_in = if needs_positions(clauses) {
        DENSE_ONE_IN_WITH_PHRASES
    } else {
        DENSE_ONE_IN
    };
    for (occur, query, weight) in clauses {
        match most_matches(query.as_ref(), reader)? {
            None => checked.push((*occur, weight)),
            Some(n) if *occur == Occur::Must && n * one_in < max_doc as u64 => {
                return Ok(None);
            }
            Some(_) => walked.push((*occur, query, weight)),
        }
    }
    if !walked.iter().any(|(occur, _, _)| *occur == Occur::Must) {
        return Ok(None);
    }
    let words = (max_doc as usize).div_ceil(64);
    let mut matches = vec![u64::MAX; words];
    let mut bits = vec![0u64; words];
    for (occur, query, weight) in walked {
        bits.iter_mut().for_each(|w| *w = 0);
        add_matches(query.as_ref(), weight.as_ref(), reader, &mut bits)?;
        match occur {
            Occur::MustNot => matches.iter_mut().zip(&bits).for_each(|(m, b)| *m &= !b),
            _ => matches.iter_mut().zip(&bits).for_each(|(m, b)| *m &= b),
        }
    }
    for (occur, weight) in checked {
        let mut scorer = weight.scorer(reader, 1.0)?;
        for (word_at, word) in matches.iter_mut().enumerate() {
            let mut left = *word;
            while left != 0 {
                let bit = left.trailing_zeros();
                left &= left - 1;
                let doc = (word_at * 64) as u32 + bit;
                let found = scorer.doc() == doc || (scorer.doc() < doc && scorer.seek(doc) == doc);
                if found == (occur == Occur::MustNot) {
                    *word &= !(1u64 << bit);
                }
            }
        }
    }
    Ok(Some(matches))
}

/// Whether a clause needs positions (holds a phrase).
fn needs_positions(clauses: &[Clause]) -> bool {
    let mut positions = false;
    for (_, query, _) in clauses {
        query.query_terms(&mut |_, needed| positions |= needed);
    }
    positions
}

/// The documents of `reader` matching any of `alternatives` (each a query
/// with its unscored weight), as a bitset of 64-document words.
pub(crate) fn any_matches(
    alternatives: &[QueryWeight],
    reader: &SegmentReader,
) -> tantivy::Result<Vec<u64>> {
    let mut bits = no_matches(reader);
    for (query, weight) in alternatives {
        add_matches(query.as_ref(), weight.as_ref(), reader, &mut bits)?;
    }
    Ok(bits)
}

/// A bitset of `reader`'s documents with none set.
pub(crate) fn no_matches(reader: &SegmentReader) -> Vec<u64> {
    vec![0u64; (reader.max_doc() as usize).div_ceil(64)]
}

/// Set the bit of every document of `reader` that `query` matches.
pub(crate) fn add_matches(
    query: &dyn Query,
    weight: &dyn Weight,
    reader: &SegmentReader,
    bits: &mut [u64],
) -> tantivy::Result<()> {
    let mut add = |docs: &[DocId]| {
        for &doc in docs {
            insert(bits, doc);
        }
    };
    match union_of_terms(query) {
        // Each term's postings read straight, where a union would merge
        // them through its window one call per posting.
        Some(terms) => {
            for term in terms {
                let postings = reader
                    .inverted_index(term.field())?
                    .read_block_postings(term, IndexRecordOption::Basic)?;
                if let Some(mut postings) = postings {
                    while !postings.docs().is_empty() {
                        add(postings.docs());
                        postings.advance();
                    }
                }
            }
        }
        None => weight.for_each_no_score(reader, &mut add)?,
    }
    Ok(())
}

/// The terms of `query` when it matches exactly the documents holding any
/// of them: a term, or a disjunction of terms, each maybe boosted.
fn union_of_terms(query: &dyn Query) -> Option<Vec<&Term>> {
    let single = |q: &dyn Query| q.is::<TermQuery>() || q.is::<BoostQuery>();
    let parts: Vec<&dyn Query> = match query.downcast_ref::<BooleanQuery>() {
        Some(union) => {
            let clauses = union.clauses();
            if clauses.iter().any(|(occur, _)| *occur != Occur::Should) {
                return None;
            }
            clauses.iter().map(|(_, q)| q.as_ref()).collect()
        }
        None => vec![query],
    };
    let mut terms = Vec::new();
    for part in parts {
        if !single(part) {
            return None;
        }
        // A boosted phrase has several terms, with positions.
        let mut found = Vec::new();
        part.query_terms(&mut |term, positions| found.push((term, positions)));
        match found.as_slice() {
            [(term, false)] => terms.push(*term),
            _ => return None,
        }
    }
    Some(terms)
}

/// At most how many documents of `reader` `query` matches: the sum of its
/// terms' document frequencies; `None` for a query of no terms (a date
/// range).
fn most_matches(query: &dyn Query, reader: &SegmentReader) -> tantivy::Result<Option<u64>> {
    let mut terms = Vec::new();
    query.query_terms(&mut |term, _| terms.push(term.clone()));
    if terms.is_empty() {
        return Ok(None);
    }
    let mut total = 0;
    for term in &terms {
        total += reader.inverted_index(term.field())?.doc_freq(term)? as u64;
    }
    Ok(Some(total))
}

/// Each document of `matches` with its score, the sum of its terms' BM25
/// scores (each group's terms summed, then the groups, as tantivy's
/// conjunction of disjunctions sums them), given to `callback` when it
/// exceeds the threshold of the moment, as `Weight::for_each_pruning` asks.
pub(crate) fn score_matches<C>(
    groups: &[Vec<(Term, Bm25Weight, C)>],
    matches: &[u64],
    reader: &SegmentReader,
    mut threshold: Score,
    callback: &mut dyn FnMut(DocId, Score) -> Score,
) -> tantivy::Result<()> {
    // Scores are kept for the matches only, each at its rank among them:
    // arrays the size of the segment cost more to clear than to fill.
    let mut ranks = Vec::with_capacity(matches.len());
    let mut count = 0u32;
    for word in matches {
        ranks.push(count);
        count += word.count_ones();
    }
    let rank_of = |doc: DocId| -> Option<usize> {
        let word = matches[doc as usize / 64];
        let below = (1u64 << (doc % 64)) - 1;
        (word >> (doc % 64) & 1 == 1)
            .then(|| (ranks[doc as usize / 64] + (word & below).count_ones()) as usize)
    };
    let mut total = vec![0.0 as Score; count as usize];
    let mut group_score = vec![0.0 as Score; count as usize];
    for group in groups {
        for (term, bm25, _) in group {
            let postings = reader
                .inverted_index(term.field())?
                .read_block_postings(term, IndexRecordOption::WithFreqs)?;
            let Some(mut postings) = postings else {
                continue;
            };
            // As `TermWeight`: a field without norms counts as one word long.
            let fieldnorms = reader
                .fieldnorms_readers()
                .get_field(term.field())?
                .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
            loop {
                let docs = postings.docs();
                if docs.is_empty() {
                    break;
                }
                let freqs = postings.freqs();
                for (i, &doc) in docs.iter().enumerate() {
                    if let Some(rank) = rank_of(doc) {
                        let freq = freqs.get(i).copied().unwrap_or(1);
                        group_score[rank] += bm25.score(fieldnorms.fieldnorm_id(doc), freq);
                    }
                }
                postings.advance();
            }
        }
        for (total, group) in total.iter_mut().zip(group_score.iter_mut()) {
            *total += *group;
            *group = 0.0;
        }
    }
    let mut rank = 0;
    for_each_match(matches, |doc| {
        let score = total[rank];
        rank += 1;
        if score > threshold {
            threshold = callback(doc, score);
        }
    });
    Ok(())
}

/// Add `doc` to the bitset `bits`.
pub(crate) fn insert(bits: &mut [u64], doc: DocId) {
    bits[doc as usize / 64] |= 1 << (doc % 64);
}

/// `f` of every document of `matches`, in order.
pub(crate) fn for_each_match(matches: &[u64], mut f: impl FnMut(DocId)) {
    for (word_at, &word) in matches.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            f((word_at * 64) as DocId + word.trailing_zeros());
            word &= word - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::PhraseQuery;
    use tantivy::schema::{Schema, TEXT};

    #[test]
    fn only_a_union_of_plain_terms_is_read_term_by_term() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let term = |w: &str| Term::from_field_text(body, w);
        let plain = || -> Box<dyn Query> {
            Box::new(TermQuery::new(
                term("torture"),
                IndexRecordOption::WithFreqs,
            ))
        };
        let boosted = || -> Box<dyn Query> { Box::new(BoostQuery::new(plain(), 2.0)) };
        let phrase = || -> Box<dyn Query> {
            Box::new(BoostQuery::new(
                Box::new(PhraseQuery::new(vec![term("human"), term("rights")])),
                2.0,
            ))
        };
        let any = |qs: Vec<Box<dyn Query>>| {
            BooleanQuery::new(qs.into_iter().map(|q| (Occur::Should, q)).collect())
        };
        let count = |q: &dyn Query| union_of_terms(q).map(|t| t.len());
        assert_eq!(count(plain().as_ref()), Some(1));
        assert_eq!(count(boosted().as_ref()), Some(1));
        assert_eq!(count(&any(vec![plain(), boosted()])), Some(2));
        // A phrase needs its positions; a conjunction matches fewer documents.
        assert_eq!(count(phrase().as_ref()), None);
        assert_eq!(count(&any(vec![plain(), phrase()])), None);
        let both = BooleanQuery::new(vec![(Occur::Must, plain()), (Occur::Must, boosted())]);
        assert_eq!(count(&both), None);
    }
}
