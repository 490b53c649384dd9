//! A weight that is a boolean query's in everything but how it finds its
//! top k.
//!
//! The queries of `groups` and `mixed` match and score exactly as a
//! boolean query does; only their `for_each_pruning`, which tantivy's
//! top-k collector calls, walks the postings their own way. Counting,
//! snippets and `explain` go to the boolean query's weight.

use tantivy::query::{Explanation, Scorer, Weight};
use tantivy::{DocId, Score, SegmentReader};

/// How a query finds its top k in a segment: call `callback` with every
/// document whose score exceeds the threshold of the moment (and maybe
/// some that do not); `callback` returns the new threshold.
pub(crate) trait TopKWalk: Send + Sync + 'static {
    /// [`Walked::Declined`], having called `callback` for nothing, leaves
    /// the segment to the boolean query's own pruned walk.
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<Walked>;
}

/// Whether a [`TopKWalk`] walked a segment.
pub(crate) enum Walked {
    Done,
    Declined,
}

/// `boolean`'s weight, with `walk` for the top k.
pub(crate) struct WithTopKWalk<W> {
    pub(crate) boolean: Box<dyn Weight>,
    pub(crate) walk: W,
}

impl<W: TopKWalk> Weight for WithTopKWalk<W> {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.boolean.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.boolean.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.boolean.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.boolean.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.boolean.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        match self.walk.for_each_pruning(threshold, reader, callback)? {
            Walked::Done => Ok(()),
            Walked::Declined => self.boolean.for_each_pruning(threshold, reader, callback),
        }
    }
}

/// Test support: the top k of a query with its own walk, checked against
/// its boolean query's.
#[cfg(test)]
pub(crate) fn assert_same_top_k(
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    boolean: &dyn tantivy::query::Query,
) {
    use tantivy::collector::{Count, TopDocs};
    for k in [1, 10, 100] {
        let pruned = searcher
            .search(query, &TopDocs::with_limit(k).order_by_score())
            .unwrap();
        // Every match scored: the tuple collector turns off pruning.
        let (exhaustive, total) = searcher
            .search(boolean, &(TopDocs::with_limit(k).order_by_score(), Count))
            .unwrap();
        assert_eq!(pruned.len(), total.min(k), "{query:?} k={k}");
        assert_eq!(pruned.len(), exhaustive.len(), "{query:?} k={k}");
        for ((s1, d1), (s2, d2)) in pruned.iter().zip(&exhaustive) {
            assert!((s1 - s2).abs() < 1e-4, "{query:?} k={k}: {s1} vs {s2}");
            // Equal scores may come in another order.
            if (s1 - s2).abs() < 1e-6 && d1 != d2 {
                continue;
            }
            assert_eq!(d1, d2, "{query:?} k={k}");
        }
    }
}
