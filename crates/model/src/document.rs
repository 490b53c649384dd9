use crate::Lang;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// Stable identifier of a document: derived from where it came from, never
/// from when it was imported, so re-importing or rebuilding yields the same id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl DocId {
    /// Id of the `part`-th document cut from the page or file at `origin`
    /// (part 0 for single-language pages).
    pub fn derive(origin: &str, part: usize) -> DocId {
        let mut hasher = Sha256::new();
        hasher.update(origin.as_bytes());
        hasher.update(b"#");
        hasher.update(part.to_string().as_bytes());
        let digest = hasher.finalize();
        DocId(hex::encode(&digest[..6]))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One text in one language, from one origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    /// Publishing organisation, as named in `corpus/sources.toml` (e.g. "CIVICUS").
    /// Empty when it could not be identified.
    pub source: String,
    /// Page URL when the document came from the web, else the imported file's
    /// path relative to the corpus directory.
    pub origin: String,
    pub lang: Lang,
    pub title: String,
    /// Publication date stated by the document; `None` when it states none.
    /// Never the fetch or import time.
    pub published: Option<NaiveDate>,
    /// Clean main text: paragraphs separated by a blank line.
    pub body: String,
    #[serde(default)]
    pub meta: DocMeta,
}

impl Document {
    /// Body paragraphs, without empty ones.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }

    /// Hash of everything that the index sees, to tell changed documents apart.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [
            self.source.as_str(),
            self.origin.as_str(),
            self.lang.code(),
            self.title.as_str(),
            &self.published.map(|d| d.to_string()).unwrap_or_default(),
            self.body.as_str(),
        ] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        hex::encode(&hasher.finalize()[..16])
    }
}

/// Metadata that not every document has.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Canonical page URL (`<link rel=canonical>` or the normalised fetch URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// URL of the original this document reprints or translates, when stated
    /// (e.g. bureau.kz's `[Original news] (URL)` line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_url: Option<String>,
    /// Other language versions announced by the page (`hreflang`, switchers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternates: Vec<(Lang, String)>,
    /// People or organisations named as issuing the statement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warc_record_id: Option<String>,
}

/// How two documents relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// One is a translation of the other (either direction).
    Translation,
    /// One reports on or reprints the other (a partner's report of a release).
    Report,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Translation => "translation",
            LinkKind::Report => "report",
        }
    }

    pub fn parse(s: &str) -> Option<LinkKind> {
        match s {
            "translation" => Some(LinkKind::Translation),
            "report" => Some(LinkKind::Report),
            _ => None,
        }
    }
}

/// One reason to believe in a link, with its contribution to the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Signal name, e.g. `same_page_split`, `hreflang`, `shared_numbers`.
    pub signal: String,
    pub weight: f32,
    /// Human-readable detail ("shared numbers: 10000, 5000, 2022").
    pub detail: String,
}

/// A relation between two documents. Stored once per unordered pair and kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub a: DocId,
    pub b: DocId,
    pub kind: LinkKind,
    /// Confidence in `[0, 1]`.
    pub score: f32,
    pub evidence: Vec<Evidence>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct_per_part() {
        let a = DocId::derive("sample/x.txt", 0);
        assert_eq!(a, DocId::derive("sample/x.txt", 0));
        assert_ne!(a, DocId::derive("sample/x.txt", 1));
        assert_eq!(a.as_str().len(), 12);
    }
}
