//! Main text and metadata of one HTML page.
//!
//! A press release page carries far more than the release: navigation,
//! share bars, related-article lists, cookie banners, footers with postal
//! addresses. Indexing that chrome would make every page of a site match
//! every query about its menu, and would poison sentence alignment. So the
//! extractor keeps only the article's own paragraphs and headings, in order.
//!
//! Two layers:
//!
//! * **Per-source rules** (`[source.extract]` in `corpus/sources.toml`, see
//!   [`ExtractRules`]): when the caller knows the page's source and a rule's
//!   selector matches, the article container, title, date, authors and
//!   language switcher come from the markup the site actually uses. Rules are
//!   data so that a changed site template is fixed by editing a file.
//! * **Generic extraction** ([`blocks`], [`generic`]): for any other page, or
//!   when a rule no longer matches. Text blocks are scored readability-style
//!   (length, commas, link density, class/id hints) and credited to their
//!   ancestors; the best-scoring container wins, together with siblings that
//!   hold article-like text. The quality of this layer is measured by
//!   [`crate::eval`] against a human-annotated benchmark.
//!
//! Metadata ([`meta`]) is read from JSON-LD, `<meta>` tags, `<time>`
//! elements and `<link>` tags before falling back to visible text.

mod blocks;
mod boilerplate;
mod class_words;
mod declared;
mod depth;
mod generic;
mod meta;
mod noscript;
mod repeated;
mod rescue;
mod responsive;
mod script;
mod streamed;
mod tree;

pub(crate) use blocks::{is_streamed_segment, revealed_ids};
pub use depth::parse_document;
pub(crate) use noscript::parse_for_reading;

use crate::ParseError;
use chrono::NaiveDate;
use pressroom_model::Lang;
use pressroom_model::sources::ExtractRules;
use scraper::{Html, Selector};

/// What one HTML page holds, before language splitting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedPage {
    /// Headline, without the site-name suffix of `<title>`; empty when none.
    pub title: String,
    /// Publication date stated by the page (metadata first, then visible text).
    pub published: Option<NaiveDate>,
    /// Main text in reading order; headings are paragraphs of their own. The
    /// headline itself is not repeated here.
    pub paragraphs: Vec<String>,
    /// `<link rel="canonical">` or `og:url`, resolved against the page URL.
    pub canonical_url: Option<String>,
    /// Other language versions of this page (`hreflang` links and language
    /// switchers), absolute URLs, without the page itself.
    pub alternates: Vec<(Lang, String)>,
    /// People or organisations credited with the text, where the page says.
    pub authors: Vec<String>,
    /// Language declared by `<html lang>` (or `og:locale`); a hint only, since
    /// bilingual pages declare one language for both halves.
    pub lang_hint: Option<Lang>,
    /// Site name (`og:site_name` or JSON-LD publisher), when the page states it.
    pub publisher: Option<String>,
}

impl ExtractedPage {
    /// Paragraphs joined by blank lines, the shape of `Document::body`.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Extract the main text and metadata of an HTML page.
///
/// `url` is the page's address (to resolve relative links); `rules` are the
/// page's source rules when the caller identified the source. Errors only when
/// no main text at all is found.
pub fn extract_html(
    html: &str,
    url: Option<&str>,
    rules: Option<&ExtractRules>,
) -> Result<ExtractedPage, ParseError> {
    let doc = noscript::parse_for_reading(html);
    let rules = rules.filter(|r| !rules_empty(r));
    let base = url.and_then(|u| url::Url::parse(u).ok());

    let mut meta = meta::read_metadata(&doc, base.as_ref(), rules);
    let removed = rules
        .map(|r| blocks::matched_nodes(&doc, &r.remove))
        .unwrap_or_default();

    // A rule-selected container is trusted as a whole; the generic scorer
    // only runs when no rule applies or the rule no longer matches.
    let container = rules.and_then(|r| first_match(&doc, &r.article));
    let generic::MainText {
        mut paragraphs,
        date_lines,
    } = match container {
        Some(el) => generic::MainText {
            paragraphs: blocks::container_paragraphs(el, &removed, true),
            date_lines: Vec::new(),
        },
        None => generic::main_text(&doc, &removed, meta.declared_lang.as_deref()),
    };

    drop_headline(&mut paragraphs, &meta.title);
    if let (None, Some(d)) = (container, meta.product_description.as_deref()) {
        declared::join_product_description(&mut paragraphs, d);
    }
    if let Some(r) = rules {
        apply_stop_lines(&mut paragraphs, &r.stop_lines);
    }
    if paragraphs.is_empty() {
        return Err(ParseError::NoText("no article text in the page".into()));
    }
    if meta.published.is_none() {
        // Date lines cut from around the article are searched first: a line
        // standing alone above it is the likeliest publication date.
        let text = date_lines
            .iter()
            .chain(paragraphs.iter())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n");
        meta.published = crate::date::find_publication_date(&text);
    }

    Ok(ExtractedPage {
        title: meta.title,
        published: meta.published,
        paragraphs,
        canonical_url: meta.canonical_url,
        alternates: meta.alternates,
        authors: meta.authors,
        lang_hint: meta.lang_hint,
        publisher: meta.publisher,
    })
}

fn rules_empty(r: &ExtractRules) -> bool {
    r.article.is_empty()
        && r.title.is_empty()
        && r.date.is_empty()
        && r.author.is_empty()
        && r.remove.is_empty()
        && r.language_switcher.is_empty()
        && r.stop_lines.is_empty()
}

/// Selectors in a rules file are user input: an invalid one is skipped rather
/// than failing every page of the source.
pub(crate) fn parse_selectors(list: &[String]) -> Vec<Selector> {
    list.iter()
        .filter_map(|s| Selector::parse(s).ok())
        .collect()
}

/// The first element matched by the first selector (in list order) that
/// matches anything.
pub(crate) fn first_match<'a>(doc: &'a Html, list: &[String]) -> Option<scraper::ElementRef<'a>> {
    parse_selectors(list)
        .iter()
        .find_map(|sel| doc.select(sel).next())
}

/// The headline is kept in `title`; repeating it as the first paragraph would
/// double it in the index and the language splitter.
fn drop_headline(paragraphs: &mut Vec<String>, title: &str) {
    let t = boilerplate::fold_key(title);
    if t.is_empty() {
        return;
    }
    if let Some(pos) = paragraphs
        .iter()
        .take(3)
        .position(|p| boilerplate::fold_key(p) == t)
    {
        paragraphs.remove(pos);
    }
}

/// Cut the text at the first paragraph that is one of the source's stop lines
/// ("Related articles", "Читайте также").
fn apply_stop_lines(paragraphs: &mut Vec<String>, stop_lines: &[String]) {
    if stop_lines.is_empty() {
        return;
    }
    let stops: Vec<String> = stop_lines
        .iter()
        .map(|s| boilerplate::fold_key(s))
        .collect();
    if let Some(pos) = paragraphs.iter().position(|p| {
        let k = boilerplate::fold_key(p);
        stops
            .iter()
            .any(|s| !s.is_empty() && k.starts_with(s.as_str()) && k.len() <= s.len() + 3)
    }) {
        paragraphs.truncate(pos);
    }
}
