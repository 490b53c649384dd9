//! The top k of a disjunction of phrases and terms: phrases first, then
//! the terms pruned.
//!
//! A phrase searched across languages is one group of alternatives: the
//! phrase as typed, in both languages' fields, and its translations, some
//! of them single words ("human rights defenders" → правозащитник). tantivy
//! prunes a disjunction of terms (block-max WAND), but one phrase among
//! them makes it score every document that any alternative matches, the
//! frequent translated word's included. [`PhrasesThenTermsQuery`] scores
//! the phrases' matches exhaustively (a phrase has no block maxima), each
//! with the scores of the terms it also holds, then gives the terms alone
//! to tantivy's pruned disjunction with the threshold those documents set,
//! passing over the documents already given. Each document is given once,
//! with the score the boolean disjunction of all the alternatives gives it;
//! everything but the top-k walk (counting, snippets, `explain`) uses that
//! boolean query itself.

use super::dense::{MatchesMemo, insert, no_matches};
use super::topk::{TopKWalk, Walked, WithTopKWalk};
use tantivy::query::{BooleanQuery, EnableScoring, Query, Weight};
use tantivy::{DocId, Score, SegmentReader, TERMINATED, Term};

#[derive(Debug)]
pub(crate) struct PhrasesThenTermsQuery {
    /// Each alternative (a phrase, or a term query, maybe boosted) as
    /// `Should` clauses: the phrases, the terms, and both.
    phrases: BooleanQuery,
    terms: Vec<Box<dyn Query>>,
    boolean: BooleanQuery,
    /// The documents of each segment that hold a phrase, as the walk
    /// found them, for the facets counted after it.
    phrase_matches: MatchesMemo,
}

impl PhrasesThenTermsQuery {
    pub(crate) fn new(phrases: Vec<Box<dyn Query>>, terms: Vec<Box<dyn Query>>) -> Self {
        let boolean = any_of(phrases.iter().chain(&terms).map(|q| q.box_clone()));
        PhrasesThenTermsQuery {
            phrases: any_of(phrases),
            terms,
            boolean,
            phrase_matches: MatchesMemo::default(),
        }
    }
}

impl PhrasesThenTermsQuery {
    /// The phrases, as one disjunction.
    pub(crate) fn phrases(&self) -> &BooleanQuery {
        &self.phrases
    }

    /// The terms, each a query.
    pub(crate) fn terms(&self) -> &[Box<dyn Query>] {
        &self.terms
    }

    /// The documents of each segment the walk found holding a phrase.
    pub(crate) fn phrase_matches(&self) -> &MatchesMemo {
        &self.phrase_matches
    }
}

impl Clone for PhrasesThenTermsQuery {
    fn clone(&self) -> Self {
        PhrasesThenTermsQuery {
            phrases: self.phrases.clone(),
            terms: self.terms.iter().map(|q| q.box_clone()).collect(),
            boolean: self.boolean.clone(),
            phrase_matches: self.phrase_matches.clone(),
        }
    }
}

impl Query for PhrasesThenTermsQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let boolean = self.boolean.weight(enable_scoring)?;
        if !enable_scoring.is_scoring_enabled() {
            return Ok(boolean);
        }
        Ok(Box::new(WithTopKWalk {
            boolean,
            walk: PhrasesThenTermsWeight {
                phrases: self.phrases.weight(enable_scoring)?,
                terms: self
                    .terms
                    .iter()
                    .map(|t| t.weight(enable_scoring))
                    .collect::<tantivy::Result<_>>()?,
                term_union: any_of(self.terms.iter().map(|t| t.box_clone()))
                    .weight(enable_scoring)?,
                phrase_matches: self.phrase_matches.clone(),
            },
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.boolean.query_terms(visitor);
    }
}

/// The walk's weights: the boolean query's weight does the rest.
struct PhrasesThenTermsWeight {
    phrases: Box<dyn Weight>,
    /// Each term alone, to add its score to a phrase's match.
    terms: Vec<Box<dyn Weight>>,
    /// The terms as one disjunction, which tantivy prunes.
    term_union: Box<dyn Weight>,
    phrase_matches: MatchesMemo,
}

impl TopKWalk for PhrasesThenTermsWeight {
    fn for_each_pruning(
        &self,
        mut threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<Walked> {
        let mut phrases = self.phrases.scorer(reader, 1.0)?;
        let mut terms = self
            .terms
            .iter()
            .map(|t| t.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()?;
        // Documents given so far, in increasing order.
        let mut given: Vec<DocId> = Vec::new();
        let mut doc = phrases.doc();
        while doc != TERMINATED {
            let mut score = phrases.score();
            for term in terms.iter_mut() {
                if term.doc() < doc {
                    term.seek(doc);
                }
                if term.doc() == doc {
                    score += term.score();
                }
            }
            given.push(doc);
            if score > threshold {
                threshold = callback(doc, score);
            }
            doc = phrases.advance();
        }
        let mut matches = no_matches(reader);
        given.iter().for_each(|&doc| insert(&mut matches, doc));
        self.phrase_matches.remember(reader, matches);
        // A document without a phrase scores its terms' scores alone.
        self.term_union
            .for_each_pruning(threshold, reader, &mut |doc, score| {
                if given.binary_search(&doc).is_err() && score > threshold {
                    threshold = callback(doc, score);
                }
                threshold
            })?;
        Ok(Walked::Done)
    }
}

/// Any of `queries`, scored by the sum of those that match.
fn any_of(queries: impl IntoIterator<Item = Box<dyn Query>>) -> BooleanQuery {
    BooleanQuery::new(
        queries
            .into_iter()
            .map(|q| (tantivy::query::Occur::Should, q))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::{BoostQuery, PhraseQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    #[test]
    fn the_top_k_is_the_boolean_disjunctions() {
        let mut schema = Schema::builder();
        let en = schema.add_text_field("en", TEXT);
        let ru = schema.add_text_field("ru", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut state: u64 = 7;
        let mut next = move |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        // Words "w0" (most documents) to "w9" (few), in runs that make
        // phrases; a third of the documents in the other field.
        for doc in 0..4_000u64 {
            let words: Vec<String> = (0..3 + next(40))
                .map(|_| {
                    let i = next(10);
                    if next(i + 1) == 0 {
                        format!("w{i}")
                    } else {
                        format!("w{}", next(3))
                    }
                })
                .collect();
            let mut d = TantivyDocument::default();
            d.add_text(if next(3) == 0 { ru } else { en }, words.join(" "));
            writer.add_document(d).unwrap();
            if doc % 900 == 899 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        writer.delete_term(Term::from_field_text(en, "w9"));
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);

        let term = |f, w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        let phrase = |f, ws: &[&str], boost: Score| -> Box<dyn Query> {
            let terms = ws.iter().map(|w| Term::from_field_text(f, w)).collect();
            Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost))
        };
        let boosted =
            |q: Box<dyn Query>, boost| -> Box<dyn Query> { Box::new(BoostQuery::new(q, boost)) };
        // Phrases, terms.
        type Case = (Vec<Box<dyn Query>>, Vec<Box<dyn Query>>);
        let cases: Vec<Case> = vec![
            (vec![phrase(en, &["w0", "w1"], 1.0)], vec![term(ru, "w2")]),
            (
                vec![
                    phrase(en, &["w3", "w0"], 2.0),
                    phrase(ru, &["w1", "w0"], 0.7),
                ],
                vec![term(ru, "w0"), boosted(term(en, "w4"), 0.5)],
            ),
            // Terms that phrase matches also hold.
            (
                vec![phrase(en, &["w1", "w2", "w0"], 1.0)],
                vec![term(en, "w1"), term(en, "w5")],
            ),
            // Terms that outweigh the phrase whose matches hold them: each
            // document must still come once, with both scores.
            (
                vec![phrase(en, &["w0", "w1"], 0.01)],
                vec![boosted(term(en, "w1"), 3.0), term(en, "w0")],
            ),
            // A phrase no document has.
            (
                vec![phrase(en, &["w9", "w9", "w9"], 1.0)],
                vec![term(en, "w3")],
            ),
        ];
        for (phrases, terms) in cases {
            let query = PhrasesThenTermsQuery::new(phrases, terms);
            crate::query::topk::assert_same_top_k(&searcher, &query, &query.boolean);
        }
    }
}
