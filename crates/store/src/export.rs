//! How a document leaves pressroom (`pressroom export`, `GET /api/export`):
//! one CSV row or one JSON line, the same fields in the same order.

use pressroom_model::Document;

/// The export's columns, in order; `text` is the body.
pub const EXPORT_COLUMNS: [&str; 7] = [
    "id",
    "source",
    "origin",
    "lang",
    "published",
    "title",
    "text",
];

/// One document as the export writes it.
pub struct ExportRow<'a> {
    doc: &'a Document,
    published: Option<String>,
}

impl<'a> ExportRow<'a> {
    pub fn new(doc: &'a Document) -> ExportRow<'a> {
        ExportRow {
            doc,
            published: doc.published.map(|d| d.format("%Y-%m-%d").to_string()),
        }
    }

    /// The CSV row, in [`EXPORT_COLUMNS`] order (an undated document has an
    /// empty `published`).
    pub fn fields(&self) -> [&str; 7] {
        let d = self.doc;
        [
            d.id.as_str(),
            &d.source,
            &d.origin,
            d.lang.code(),
            self.published.as_deref().unwrap_or(""),
            &d.title,
            &d.body,
        ]
    }

    /// The JSON line (an undated document has `"published": null`).
    pub fn json(&self) -> serde_json::Value {
        let d = self.doc;
        serde_json::json!({
            "id": d.id, "source": d.source, "origin": d.origin, "lang": d.lang,
            "published": self.published, "title": d.title, "text": d.body,
        })
    }
}
