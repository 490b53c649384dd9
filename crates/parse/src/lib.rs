//! Raw bytes to clean pressroom documents.
//!
//! The fetcher hands over HTML bytes with their HTTP headers and URL; users
//! import HTML and plain-text files. Both go through [`parse`], which
//!
//! 1. decodes the bytes ([`encoding`]: HTTP charset, BOM, `<meta charset>`,
//!    XML declaration, then detection when those are absent or lie),
//! 2. extracts the main text and metadata ([`html`] for pages, [`text`] for
//!    plain text, [`markdown`] first for Markdown and its front matter),
//! 3. splits the text into one document per language block (a CIVICUS page
//!    holding English then Russian becomes two documents linked as
//!    translations),
//! 4. normalises the text for indexing and alignment.
//!
//! Errors are per input ([`ParseError`]) so that one bad file never stops a
//! batch.

pub mod date;
pub mod encoding;
pub mod eval;
pub mod html;
pub mod markdown;
pub mod text;

use pressroom_model::sources::SourcesConfig;
use pressroom_model::{Document, Link};

/// What kind of content the bytes hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    Html,
    Text,
    /// Decide from the content type, the file name and the bytes themselves.
    Auto,
}

/// One page or file to parse.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub bytes: &'a [u8],
    /// Where it came from: the page URL, or the file path relative to the corpus.
    /// Document ids derive from it.
    pub origin: &'a str,
    /// Page URL when fetched from the web (used to identify the source and
    /// resolve relative links).
    pub url: Option<&'a str>,
    /// HTTP `Content-Type` header, when there was one.
    pub content_type: Option<&'a str>,
    pub kind: ContentKind,
}

/// The documents found in one input and the links between them.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub links: Vec<Link>,
}

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("empty input")]
    Empty,
    #[error("binary content, not text or HTML ({0})")]
    Binary(String),
    #[error("no main text found ({0})")]
    NoText(String),
    #[error("cannot decode text: {0}")]
    Encoding(String),
}

/// Parse one input into documents. See the crate docs for the steps.
pub fn parse(input: &Input<'_>, sources: &SourcesConfig) -> Result<Parsed, ParseError> {
    let decoded = encoding::decode(input.bytes, input.content_type)?;
    let text = decoded.text.as_str();
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    if control_share(text) > 0.05 {
        return Err(ParseError::Binary(
            "control characters in decoded text".into(),
        ));
    }
    let kind = match input.kind {
        ContentKind::Auto => detect_kind(input, text),
        k => k,
    };
    match kind {
        ContentKind::Html => parse_html(text, input, sources),
        _ => text::parse_text(text, input.origin, input.url, sources),
    }
}

/// Share of characters that no text holds (C0 controls other than
/// whitespace), the mark of binary data that happened to decode.
fn control_share(text: &str) -> f64 {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(100_000) {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    control as f64 / total.max(1) as f64
}

fn detect_kind(input: &Input<'_>, text: &str) -> ContentKind {
    if input
        .content_type
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("html"))
    {
        return ContentKind::Html;
    }
    let origin = input.origin.to_ascii_lowercase();
    // Markdown may hold inline HTML; it is still text.
    if origin.ends_with(".md") || origin.ends_with(".markdown") {
        return ContentKind::Text;
    }
    if origin.ends_with(".html") || origin.ends_with(".htm") || origin.ends_with(".xhtml") {
        return ContentKind::Html;
    }
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.trim_start();
    let markup = ["<!doctype html", "<html", "<head", "<body"];
    if markup.iter().any(|m| head.starts_with(m)) || (head.starts_with('<') && head.contains("<p"))
    {
        ContentKind::Html
    } else {
        ContentKind::Text
    }
}

fn parse_html(
    html_text: &str,
    input: &Input<'_>,
    sources: &SourcesConfig,
) -> Result<Parsed, ParseError> {
    let host_source = input
        .url
        .and_then(|u| text::identify_source("", Some(u), sources).source);
    let rules = host_source.map(|s| &s.extract);
    let page = html::extract_html(html_text, input.url, rules)?;
    let body = page.body();
    let source = host_source
        .or_else(|| page.publisher.as_deref().and_then(|p| sources.by_name(p)))
        .or_else(|| text::identify_source(&body, None, sources).source)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let meta = pressroom_model::DocMeta {
        url: page
            .canonical_url
            .clone()
            .or_else(|| input.url.map(str::to_string)),
        alternates: page.alternates.clone(),
        authors: page.authors.clone(),
        ..Default::default()
    };
    let title = (!page.title.trim().is_empty()).then(|| page.title.clone());
    text::split_into_documents(
        text::Page {
            title,
            paragraphs: page.paragraphs,
            published: page.published,
            declared_date: None,
            source,
            meta,
        },
        input.origin,
    )
}
