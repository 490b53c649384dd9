//! A bound on the documents waiting in tantivy's index writer.
//!
//! tantivy queues up to 10,000 documents between `add_document` and its
//! indexing threads, and reading the store is faster than indexing, so the
//! queue stays full: a third of the default budget held by text that only
//! waits. Each document handed to the writer carries a
//! ticket that is given back when the writer drops the document (right
//! after indexing it), and the producer waits while [`MAX_QUEUED_DOCUMENTS`]
//! tickets are out, so the memory goes to the writer's arenas instead:
//! larger segments, fewer merges.

use std::sync::{Arc, Condvar, Mutex};
use tantivy::TantivyDocument;
use tantivy::schema::document::Document;

/// Documents handed to the writer and not yet indexed, at most. A thousand
/// keep both indexing threads fed: the store reads several times faster.
pub const MAX_QUEUED_DOCUMENTS: usize = 1_000;

/// Counts the documents out, and wakes the producer when half are back.
pub(crate) struct Pacer {
    out: Mutex<usize>,
    drained: Condvar,
    max: usize,
}

impl Pacer {
    pub(crate) fn new(max: usize) -> Arc<Pacer> {
        Arc::new(Pacer {
            out: Mutex::new(0),
            drained: Condvar::new(),
            max: max.max(2),
        })
    }

    /// A ticket for one more document, waiting while `max` are out. Waking
    /// only at half (not at every returned ticket) spares a context switch
    /// per document.
    pub(crate) fn ticket(self: &Arc<Pacer>) -> Ticket {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        while *out >= self.max {
            out = self.drained.wait(out).unwrap_or_else(|e| e.into_inner());
        }
        *out += 1;
        Ticket(Arc::clone(self))
    }

    #[cfg(test)]
    fn out(&self) -> usize {
        *self.out.lock().unwrap()
    }
}

/// Given back to its [`Pacer`] when dropped.
pub(crate) struct Ticket(Arc<Pacer>);

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut out = self.0.out.lock().unwrap_or_else(|e| e.into_inner());
        *out -= 1;
        if *out == self.0.max / 2 {
            self.0.drained.notify_one();
        }
    }
}

/// A document on its way through the writer, with its ticket.
pub(crate) struct PacedDocument {
    pub(crate) document: TantivyDocument,
    pub(crate) _ticket: Ticket,
}

impl Document for PacedDocument {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.document.iter_fields_and_values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_producer_waits_until_half_the_tickets_are_back() {
        let pacer = Pacer::new(4);
        let mut held: Vec<Ticket> = (0..4).map(|_| pacer.ticket()).collect();
        let p = Arc::clone(&pacer);
        let producer = std::thread::spawn(move || p.ticket());
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(pacer.out(), 4, "a fifth ticket waits");
        // Back to half: the producer goes on.
        held.truncate(2);
        let fifth = producer.join().unwrap();
        assert_eq!(pacer.out(), 3);
        drop(fifth);
        drop(held);
        assert_eq!(pacer.out(), 0);
    }
}
