//! The top k of "a term of every group" with block-max pruning.
//!
//! A query of several words is a conjunction of groups: each word is a
//! disjunction of its keys in the title and body fields of both languages,
//! its name key and its translations. tantivy prunes a top-k search of a
//! disjunction of terms (block-max WAND) and of a conjunction of terms, but
//! scores every match of a conjunction of disjunctions, and filters make
//! any query one. The matches grow with the corpus, so multi-word and
//! filtered queries grew with it too.
//!
//! [`TermGroupsQuery`] walks such a query's postings in windows no wider
//! than any term's current block of 128 documents. A window where some
//! group has no document, or where the block maxima of the terms in it add
//! up to no more than the k-th best score so far, is skipped without
//! matching or scoring its documents; in the others, documents are matched
//! group by group (the leapfrog of an intersection) and scored as tantivy
//! scores the same boolean query: the sum of the matching terms' BM25
//! scores. A document's text is in one language's fields, so the bound
//! adds the block maxima of one language's terms only, the larger.
//! Everything but the top-k walk (counting, snippets, `explain`) uses that
//! boolean query itself.
//!
//! What it cannot do is tantivy's shallow skip: read a block's maximum from
//! the skip list without decoding the block (tantivy keeps that, and its
//! term scorer, to itself), so every block of every term is decoded. With
//! frequent words and their translations in every group that cost more
//! than the pruning saved (`benches/runs/notebook.md`, item 30). So a
//! segment where every clause is frequent is ranked from its bitset of
//! matches (`dense`), and the walk takes the filtered queries left; an
//! unfiltered one with a rare word goes to tantivy's boolean query.

use super::clause::{Alternative, alternative_query, should};
use super::dense::{Clause, MatchesMemo, dense_matches, score_matches};
use super::topk::{TopKWalk, Walked, WithTopKWalk};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{Bm25Weight, BooleanQuery, EnableScoring, Occur, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Score, SegmentReader, TERMINATED, Term};

/// Documents holding a term of every group and matching every filter,
/// scored by the sum of their terms' scores (each times its boost);
/// filters add nothing to the score.
#[derive(Debug)]
pub(crate) struct TermGroupsQuery {
    groups: Vec<Vec<(Term, Score)>>,
    filters: Vec<Box<dyn Query>>,
    /// Sets of fields of which a document fills at most one (the fields
    /// of each language: a document's text is in one language).
    exclusive: Vec<Vec<Field>>,
    /// The same query as tantivy's boolean query.
    boolean: BooleanQuery,
    /// The matches of each segment where every group is dense.
    memo: MatchesMemo,
}

impl TermGroupsQuery {
    /// `filters` must score nothing (a `ConstScoreQuery` of 0).
    pub(crate) fn new(
        groups: Vec<Vec<(Term, Score)>>,
        filters: Vec<Box<dyn Query>>,
        exclusive: Vec<Vec<Field>>,
    ) -> Self {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = groups
            .iter()
            .map(|group| {
                let union = should(group.iter().map(|(term, boost)| {
                    alternative_query(Alternative::Term(term.clone()), *boost)
                }));
                (Occur::Must, Box::new(union) as Box<dyn Query>)
            })
            .collect();
        clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
        TermGroupsQuery {
            boolean: BooleanQuery::new(clauses),
            groups,
            filters,
            exclusive,
            memo: MatchesMemo::default(),
        }
    }
}

impl TermGroupsQuery {
    /// The same query as tantivy's boolean query: a required union of
    /// terms for each group, and the filters.
    pub(crate) fn boolean(&self) -> &BooleanQuery {
        &self.boolean
    }

    /// The matches found so far in each segment where the query is dense.
    pub(crate) fn memo(&self) -> &MatchesMemo {
        &self.memo
    }
}

impl Clone for TermGroupsQuery {
    fn clone(&self) -> Self {
        TermGroupsQuery {
            groups: self.groups.clone(),
            filters: self.filters.iter().map(|f| f.box_clone()).collect(),
            exclusive: self.exclusive.clone(),
            boolean: self.boolean.clone(),
            memo: self.memo.clone(),
        }
    }
}

impl Query for TermGroupsQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let boolean = self.boolean.weight(enable_scoring)?;
        let EnableScoring::Enabled {
            statistics_provider,
            searcher,
        } = enable_scoring
        else {
            return Ok(boolean);
        };
        // As `TermQuery` weighs a term, and `BoostQuery` boosts it.
        let groups = self
            .groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|(term, boost)| {
                        let bm25 =
                            Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(term))?;
                        let class = self
                            .exclusive
                            .iter()
                            .position(|fields| fields.contains(&term.field()))
                            .map_or(0, |i| i + 1);
                        Ok((term.clone(), bm25.boost_by(*boost), class))
                    })
                    .collect::<tantivy::Result<Vec<_>>>()
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let filters = self
            .filters
            .iter()
            .map(|f| f.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let unscored = EnableScoring::disabled_from_searcher(searcher);
        let clauses = self
            .boolean
            .clauses()
            .iter()
            .map(|(occur, q)| Ok((*occur, q.box_clone(), q.weight(unscored)?)))
            .collect::<tantivy::Result<Vec<Clause>>>()?;
        Ok(Box::new(WithTopKWalk {
            boolean,
            walk: TermGroupsWeight {
                groups,
                filters,
                classes: self.exclusive.len() + 1,
                clauses,
                memo: self.memo.clone(),
            },
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.boolean.query_terms(visitor);
    }
}

/// The walk's weights: the boolean query's weight does the rest.
struct TermGroupsWeight {
    /// Each term with its class: 0 for a field of no exclusive set, else
    /// 1 + the set's index.
    groups: Vec<Vec<(Term, Bm25Weight, usize)>>,
    filters: Vec<Box<dyn Weight>>,
    classes: usize,
    /// The boolean query's clauses, unscored, for [`dense_matches`].
    clauses: Vec<Clause>,
    memo: MatchesMemo,
}

/// Each group's cursors, and the filters' scorers.
type SegmentCursors = (Vec<Vec<TermCursor>>, Vec<Box<dyn Scorer>>);

impl TermGroupsWeight {
    /// A segment's cursors for [`walk`]: each group's terms that occur in
    /// the segment, and the filters.
    fn segment_cursors(&self, reader: &SegmentReader) -> tantivy::Result<SegmentCursors> {
        let mut groups = Vec::with_capacity(self.groups.len());
        for group in &self.groups {
            let mut cursors = Vec::with_capacity(group.len());
            for (term, bm25, class) in group {
                let postings = reader
                    .inverted_index(term.field())?
                    .read_block_postings(term, IndexRecordOption::WithFreqs)?;
                if let Some(postings) = postings {
                    // As `TermWeight`: a field without norms counts as one word long.
                    let fieldnorms = reader
                        .fieldnorms_readers()
                        .get_field(term.field())?
                        .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
                    cursors.push(TermCursor::new(postings, fieldnorms, bm25.clone(), *class));
                }
            }
            groups.push(cursors);
        }
        let filters = self
            .filters
            .iter()
            .map(|f| f.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok((groups, filters))
    }
}

impl TopKWalk for TermGroupsWeight {
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<Walked> {
        // A dense query is ranked from its matches; a sparse one by the
        // pruned walk with filters, by tantivy without (see the notes).
        let dense = self
            .memo
            .get_or_find(reader, || dense_matches(&self.clauses, reader))?;
        if let Some(matches) = dense {
            score_matches(&self.groups, &matches, reader, threshold, callback)?;
            return Ok(Walked::Done);
        }
        if self.filters.is_empty() {
            return Ok(Walked::Declined);
        }
        let (groups, filters) = self.segment_cursors(reader)?;
        walk(groups, filters, self.classes, threshold, callback);
        Ok(Walked::Done)
    }
}

/// One term's postings in a segment with its BM25 weight, scored as
/// tantivy's `TermScorer` scores them (which tantivy does not export), and
/// with the block maxima its skip list keeps.
struct TermCursor {
    postings: BlockSegmentPostings,
    /// Where in the current block, and the document there.
    index: usize,
    doc: DocId,
    fieldnorms: FieldNormReader,
    bm25: Bm25Weight,
    /// See `TermGroupsWeight::groups`.
    class: usize,
}

impl TermCursor {
    fn new(
        postings: BlockSegmentPostings,
        fieldnorms: FieldNormReader,
        bm25: Bm25Weight,
        class: usize,
    ) -> Self {
        let doc = postings.docs().first().copied().unwrap_or(TERMINATED);
        TermCursor {
            postings,
            index: 0,
            doc,
            fieldnorms,
            bm25,
            class,
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    /// Move to the first document at or after `target`, if before it.
    fn catch_up(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let docs = self.postings.docs();
        if docs.last().is_some_and(|&last| last >= target) {
            self.index += docs[self.index..].partition_point(|&d| d < target);
        } else {
            self.index = self.postings.seek(target);
        }
        self.doc = self
            .postings
            .docs()
            .get(self.index)
            .copied()
            .unwrap_or(TERMINATED);
        self.doc
    }

    /// The last document of the current block.
    fn last_in_block(&self) -> DocId {
        self.postings.docs().last().copied().unwrap_or(TERMINATED)
    }

    /// No document of the current block scores more.
    fn block_max_score(&mut self) -> Score {
        self.postings.block_max_score(&self.fieldnorms, &self.bm25)
    }

    fn max_score(&self) -> Score {
        self.bm25.max_score()
    }

    fn score(&self) -> Score {
        let freq = self.postings.freqs().get(self.index).copied().unwrap_or(1);
        self.bm25
            .score(self.fieldnorms.fieldnorm_id(self.doc), freq)
    }

    fn cost(&self) -> u32 {
        self.postings.doc_freq()
    }
}

/// Move a filter to its first document at or after `target`, if before it.
fn catch_up(filter: &mut dyn Scorer, target: DocId) -> DocId {
    if filter.doc() < target {
        filter.seek(target)
    } else {
        filter.doc()
    }
}

/// The first document from `target` on, up to `last`, that holds a term of
/// every group and matches every filter: a leapfrog, each group standing
/// at its lowest term. Nothing is moved to a target past `last`, so no
/// cursor skips a document of a later window.
fn next_match(
    groups: &mut [Vec<TermCursor>],
    filters: &mut [Box<dyn Scorer>],
    mut target: DocId,
    last: DocId,
) -> Option<DocId> {
    loop {
        let start = target;
        for group in groups.iter_mut() {
            let lowest = group
                .iter_mut()
                .map(|term| term.catch_up(target))
                .min()
                .unwrap_or(TERMINATED);
            if lowest > last {
                return None;
            }
            target = lowest.max(target);
        }
        for filter in filters.iter_mut() {
            let at = catch_up(filter.as_mut(), target);
            if at > last {
                return None;
            }
            target = at.max(target);
        }
        if target == start {
            return Some(target);
        }
    }
}

/// The block-max walk: calls `callback` with every document whose score
/// exceeds the threshold of the moment (and maybe some that do not), as
/// tantivy's `Weight::for_each_pruning` asks; `callback` returns the new
/// threshold.
fn walk(
    mut groups: Vec<Vec<TermCursor>>,
    mut filters: Vec<Box<dyn Scorer>>,
    classes: usize,
    mut threshold: Score,
    callback: &mut dyn FnMut(DocId, Score) -> Score,
) {
    // The most a document can score from terms of each class: one
    // document has terms of at most one exclusive class besides class 0.
    let mut by_class: Vec<Score> = vec![0.0; classes];
    let bound =
        |by_class: &[Score]| by_class[0] + by_class[1..].iter().copied().fold(0.0, Score::max);
    if groups.is_empty() || groups.iter().any(Vec::is_empty) {
        return;
    }
    // The group with the fewest postings first: the leapfrog then mostly
    // jumps by its documents.
    groups.sort_by_cached_key(|g| g.iter().map(|t| u64::from(t.cost())).sum::<u64>());
    for term in groups.iter().flatten() {
        by_class[term.class] += term.max_score();
    }
    let best_possible = bound(&by_class);
    let mut start: DocId = 0;
    while start != TERMINATED && best_possible > threshold {
        // Every term at or after `start`; the window ends where the first
        // of their current blocks does, so each block maximum holds for
        // the whole window.
        let mut last = TERMINATED;
        for term in groups.iter_mut().flatten() {
            if term.catch_up(start) != TERMINATED {
                last = last.min(term.last_in_block());
            }
        }
        // A group whose terms are all past their last document ends it.
        if groups
            .iter()
            .any(|g| g.iter().all(|t| t.doc() == TERMINATED))
        {
            return;
        }
        // The most a document of the window can score: the block maxima of
        // the terms with a document in it; none if a group has none there.
        by_class.fill(0.0);
        let mut every_group_present = true;
        for group in groups.iter_mut() {
            let mut present = false;
            for term in group.iter_mut().filter(|t| t.doc() <= last) {
                present = true;
                by_class[term.class] += term.block_max_score();
            }
            every_group_present &= present;
        }
        if every_group_present && bound(&by_class) > threshold {
            let mut target = start;
            while let Some(doc) = next_match(&mut groups, &mut filters, target, last) {
                let score: Score = groups
                    .iter()
                    .flatten()
                    .filter(|t| t.doc() == doc)
                    .map(TermCursor::score)
                    .sum();
                if score > threshold {
                    threshold = callback(doc, score);
                }
                if doc >= last {
                    break;
                }
                target = doc + 1;
            }
        }
        start = last.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::{ConstScoreQuery, RangeQuery, TermQuery};
    use tantivy::schema::{FAST, INDEXED, STRING, Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    struct Fields {
        title: [Field; 2],
        body: [Field; 2],
        lang: Field,
        year: Field,
    }

    /// A deterministic pseudo-random index as ours: each document's title
    /// and body in the fields of its language (English or Russian), words
    /// of a small vocabulary with skewed frequencies ("w0" in most
    /// documents, "w19" in few), a language and a year; several segments,
    /// a fifth of the documents deleted.
    fn random_index() -> (Index, Fields) {
        let mut schema = Schema::builder();
        let fields = Fields {
            title: [
                schema.add_text_field("title_en", TEXT),
                schema.add_text_field("title_ru", TEXT),
            ],
            body: [
                schema.add_text_field("body_en", TEXT),
                schema.add_text_field("body_ru", TEXT),
            ],
            lang: schema.add_text_field("lang", STRING),
            year: schema.add_u64_field("year", INDEXED | FAST),
        };
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut state: u64 = 42;
        let mut next = move |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        let word = |next: &mut dyn FnMut(u64) -> u64| loop {
            let i = next(20);
            if next(i + 1) == 0 {
                return format!("w{i}");
            }
        };
        for doc in 0..3_000u64 {
            let mut d = TantivyDocument::default();
            let title: Vec<String> = (0..1 + next(4)).map(|_| word(&mut next)).collect();
            let body: Vec<String> = (0..5 + next(60)).map(|_| word(&mut next)).collect();
            let lang = usize::from(next(3) == 0);
            d.add_text(fields.title[lang], title.join(" "));
            d.add_text(fields.body[lang], body.join(" "));
            d.add_text(fields.lang, ["en", "ru"][lang]);
            d.add_u64(fields.year, 2000 + next(25));
            writer.add_document(d).unwrap();
            if doc % 700 == 699 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        for year in [2001, 2007, 2013, 2019, 2024] {
            writer.delete_term(Term::from_field_u64(fields.year, year));
        }
        writer.commit().unwrap();
        (index, fields)
    }

    #[test]
    fn the_pruned_top_k_is_the_boolean_querys() {
        let (index, f) = random_index();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let word = |field, w: &str| Term::from_field_text(field, w);
        // A word in both languages' fields, and others in one language's
        // body (translations, as the searcher adds them).
        let group = |w: &str, en: &[&str], ru: &[&str]| {
            let mut g = Vec::new();
            for lang in 0..2 {
                g.push((word(f.title[lang], w), 2.0));
                g.push((word(f.body[lang], w), 1.0));
            }
            g.extend(en.iter().map(|e| (word(f.body[0], e), 0.75)));
            g.extend(ru.iter().map(|r| (word(f.body[1], r), 0.75)));
            g
        };
        let filter = |query: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(query, 0.0))
        };
        let english = || {
            filter(Box::new(TermQuery::new(
                word(f.lang, "en"),
                IndexRecordOption::Basic,
            )))
        };
        let recent = || {
            filter(Box::new(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_u64(f.year, 2010)),
                std::ops::Bound::Unbounded,
            )))
        };
        type Case = (Vec<Vec<(Term, Score)>>, Vec<Box<dyn Query>>);
        let cases: Vec<Case> = vec![
            (vec![group("w0", &[], &[]), group("w1", &[], &[])], vec![]),
            (
                vec![group("w0", &["w2"], &["w5"]), group("w3", &["w4"], &["w0"])],
                vec![],
            ),
            (
                vec![
                    group("w1", &[], &[]),
                    group("w5", &[], &["w2"]),
                    group("w9", &[], &[]),
                ],
                vec![],
            ),
            (vec![group("w0", &["w1"], &["w1"])], vec![english()]),
            (vec![group("w7", &[], &[])], vec![recent()]),
            (
                vec![group("w2", &[], &[]), group("w0", &["w3"], &[])],
                vec![english(), recent()],
            ),
            (
                vec![group("w19", &[], &[]), group("w0", &["w1"], &[])],
                vec![],
            ),
            // A word no document has: nothing matches.
            (
                vec![group("w0", &[], &[]), group("nowhere", &[], &[])],
                vec![],
            ),
        ];
        let exclusive = vec![vec![f.title[0], f.body[0]], vec![f.title[1], f.body[1]]];
        for (groups, filters) in cases {
            let query = TermGroupsQuery::new(groups, filters, exclusive.clone());
            crate::query::topk::assert_same_top_k(&searcher, &query, &query.boolean);
        }
    }
}
