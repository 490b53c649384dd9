//! The JSON of a search answer: one shape for `pressroom search --json` and
//! the web API, so the two cannot drift apart.

use crate::SearchResults;
use pressroom_store::LinkedDocument;
use serde_json::{Value, json};
use std::ops::Range;

/// `{"query", "total", "total_exact", "took_ms", "hits": [...],
/// "query_translations"}`, each hit with its snippet's highlights as
/// character offsets and the documents `linked` to it (one list per hit).
pub fn search_json(
    query: &str,
    results: &SearchResults,
    linked: &[Vec<LinkedDocument>],
    took_ms: f64,
) -> Value {
    json!({
        "query": query,
        "total": results.total,
        "total_exact": results.total_exact,
        "took_ms": (took_ms * 1000.0).round() / 1000.0,
        "hits": results.hits.iter().zip(linked).map(|(h, linked)| json!({
            "id": h.id,
            "title": h.title,
            "source": h.source,
            "origin": h.origin,
            "lang": h.lang,
            "published": h.published.map(|d| d.format("%Y-%m-%d").to_string()),
            "score": h.score,
            "snippet": h.snippet.text,
            "highlights": char_ranges(&h.snippet.text, &h.snippet.highlights),
            "linked": linked,
        })).collect::<Vec<_>>(),
        "query_translations": results.explanations,
    })
}

/// Byte ranges of `text` as `[start, end)` pairs of character (Unicode code
/// point) offsets, as Python indexes a string.
pub fn char_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<[usize; 2]> {
    let chars_before = |byte: usize| text.get(..byte).map_or(0, |s| s.chars().count());
    ranges
        .iter()
        .map(|r| [chars_before(r.start), chars_before(r.end)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_are_character_offsets() {
        let text = "Пытки в Алматы: torture";
        let bytes = |word: &str| {
            let start = text.find(word).unwrap();
            start..start + word.len()
        };
        assert_eq!(
            char_ranges(text, &[bytes("Пытки"), bytes("Алматы"), bytes("torture")]),
            [[0, 5], [8, 14], [16, 23]]
        );
    }
}
