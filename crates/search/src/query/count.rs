//! Counting a query's matches, up to a cap.

use crate::SearchError;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocSet, Searcher, TERMINATED};

/// Matches of `query`, counted up to `cap`: `(count, true)` when that is all
/// of them, `(cap, false)` when there are more. Stops at the first match
/// past `cap`, and without scoring.
pub fn count_up_to(
    searcher: &Searcher,
    query: &dyn Query,
    cap: usize,
) -> Result<(usize, bool), SearchError> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut count = 0;
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                if count == cap {
                    return Ok((cap, false));
                }
                count += 1;
            }
            doc = scorer.advance();
        }
    }
    Ok((count, true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::Term;
    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;

    #[test]
    fn counting_stops_past_the_cap_and_skips_deleted_documents() {
        let mut schema = tantivy::schema::Schema::builder();
        let text = schema.add_text_field("text", tantivy::schema::TEXT);
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for i in 0..30 {
            let word = if i % 2 == 0 { "even" } else { "odd" };
            writer
                .add_document(tantivy::doc!(text => format!("{word} n{i}")))
                .unwrap();
        }
        writer.commit().unwrap();
        writer.delete_term(Term::from_field_text(text, "n0"));
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let even = TermQuery::new(
            Term::from_field_text(text, "even"),
            IndexRecordOption::Basic,
        );
        // 15 even documents, one deleted.
        assert_eq!(count_up_to(&searcher, &even, 100).unwrap(), (14, true));
        assert_eq!(count_up_to(&searcher, &even, 14).unwrap(), (14, true));
        assert_eq!(count_up_to(&searcher, &even, 13).unwrap(), (13, false));
        assert_eq!(count_up_to(&searcher, &even, 5).unwrap(), (5, false));
    }
}
