//! A query's alternatives before they become a tantivy query.
//!
//! Each query group ("torture", or "journalist" with its translations) is a
//! set of alternatives: terms and phrases in several fields, each with a
//! weight. Built as nested boolean queries (language → field → term), tantivy
//! would score every matching document; given as one flat disjunction of
//! weighted terms, it runs block-max WAND and skips the documents that cannot
//! reach the top k. So alternatives are collected flat, with their boosts
//! multiplied through, and only then turned into a query.

use super::mixed::PhrasesThenTermsQuery;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

/// One way for a document to match a group.
#[derive(Debug, Clone)]
pub(crate) enum Alternative {
    Term(Term),
    /// Terms at these offsets from the first, exactly.
    Phrase(Vec<(usize, Term)>),
}

/// A flat disjunction of weighted alternatives.
#[derive(Debug, Clone, Default)]
pub(crate) struct Alternatives(Vec<(Alternative, f32)>);

impl Alternatives {
    pub(crate) fn push(&mut self, alternative: Alternative, boost: f32) {
        self.0.push((alternative, boost));
    }

    /// All of `other`'s alternatives, weighted by `boost` as well.
    pub(crate) fn extend_boosted(&mut self, other: Alternatives, boost: f32) {
        self.0
            .extend(other.0.into_iter().map(|(a, b)| (a, b * boost)));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The alternatives as weighted terms, when there is no phrase among them.
    pub(crate) fn terms(&self) -> Option<Vec<(Term, f32)>> {
        self.0
            .iter()
            .map(|(alternative, boost)| match alternative {
                Alternative::Term(term) => Some((term.clone(), *boost)),
                Alternative::Phrase(_) => None,
            })
            .collect()
    }

    /// As one [`PhrasesThenTermsQuery`], when there are both phrases and
    /// terms among the alternatives: for a query of this group alone.
    pub(crate) fn phrases_then_terms(&self) -> Option<PhrasesThenTermsQuery> {
        let (phrases, terms): (Vec<_>, Vec<_>) = self
            .0
            .iter()
            .partition(|(alternative, _)| matches!(alternative, Alternative::Phrase(_)));
        if phrases.is_empty() || terms.is_empty() {
            return None;
        }
        let queries = |alternatives: Vec<&(Alternative, f32)>| {
            alternatives
                .into_iter()
                .map(|(alternative, boost)| alternative_query(alternative.clone(), *boost))
                .collect()
        };
        Some(PhrasesThenTermsQuery::new(queries(phrases), queries(terms)))
    }

    /// The tantivy query: the alternative itself when there is one, else a
    /// flat boolean disjunction, which tantivy prunes with block-max WAND
    /// when every alternative is a term.
    pub(crate) fn into_query(self) -> Box<dyn Query> {
        let mut queries: Vec<Box<dyn Query>> = self
            .0
            .into_iter()
            .map(|(alternative, boost)| alternative_query(alternative, boost))
            .collect();
        if queries.len() == 1 {
            return queries.pop().expect("one query");
        }
        Box::new(should(queries))
    }
}

/// Any of `queries`, scored by the sum of those that match.
pub(crate) fn should(queries: impl IntoIterator<Item = Box<dyn Query>>) -> BooleanQuery {
    BooleanQuery::new(queries.into_iter().map(|q| (Occur::Should, q)).collect())
}

/// The query of one alternative, times `boost`.
pub(crate) fn alternative_query(alternative: Alternative, boost: f32) -> Box<dyn Query> {
    let q: Box<dyn Query> = match alternative {
        Alternative::Term(term) => Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
        Alternative::Phrase(terms) => Box::new(PhraseQuery::new_with_offset(terms)),
    };
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// Clauses that must all hold, as one boolean query; a single required
/// clause is returned as it is, since tantivy prunes only when the query it
/// is given is itself a flat disjunction or conjunction of terms.
pub(crate) fn conjunction(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    if clauses.len() == 1 && clauses[0].0 == Occur::Must {
        return clauses.pop().expect("one clause").1;
    }
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, doc};

    /// The flat query scores every document as the nested one it replaces.
    #[test]
    fn flat_alternatives_score_as_the_nested_query() {
        let mut schema = Schema::builder();
        let a = schema.add_text_field("a", TEXT);
        let b = schema.add_text_field("b", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for (x, y) in [
            ("torture in prison", "пытки"),
            ("torture", "нет"),
            ("prison", "пытки пытки"),
        ] {
            writer.add_document(doc!(a => x, b => y)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |f, t: &str| Term::from_field_text(f, t);

        let mut inner = Alternatives::default();
        inner.push(Alternative::Term(term(a, "torture")), 2.0);
        inner.push(
            Alternative::Phrase(vec![(0, term(a, "in")), (1, term(a, "prison"))]),
            1.0,
        );
        let mut flat = Alternatives::default();
        flat.extend_boosted(inner, 0.5);
        flat.push(Alternative::Term(term(b, "пытки")), 1.0);

        let nested = BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(BooleanQuery::new(vec![
                        (
                            Occur::Should,
                            Box::new(BoostQuery::new(
                                Box::new(TermQuery::new(
                                    term(a, "torture"),
                                    IndexRecordOption::WithFreqs,
                                )),
                                2.0,
                            )) as Box<dyn Query>,
                        ),
                        (
                            Occur::Should,
                            Box::new(PhraseQuery::new(vec![term(a, "in"), term(a, "prison")])),
                        ),
                    ])),
                    0.5,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    term(b, "пытки"),
                    IndexRecordOption::WithFreqs,
                )),
            ),
        ]);
        let top = |q: &dyn Query| {
            let mut hits = searcher
                .search(q, &TopDocs::with_limit(10).order_by_score())
                .unwrap();
            hits.sort_by_key(|(_, addr)| addr.doc_id);
            hits
        };
        let (flat, nested) = (top(flat.into_query().as_ref()), top(&nested));
        assert_eq!(flat.len(), 3);
        for ((s1, d1), (s2, d2)) in flat.iter().zip(&nested) {
            assert_eq!(d1, d2);
            assert!((s1 - s2).abs() < 1e-5, "{s1} vs {s2}");
        }
    }
}
