//! The one page function: a fetched or archived web page to the documents
//! and links the store keeps.

use chrono::{DateTime, SubsecRound, Utc};
use pressroom_model::canon::{canonical_string, canonicalize, site_host};
use pressroom_model::sources::SourcesConfig;
use pressroom_model::{Document, Lang, Link};
use pressroom_parse::{ContentKind, Input, ParseError};
use url::Url;

/// A web page as fetched, or as a WARC `response` record holds it.
#[derive(Debug, Clone, Copy)]
pub struct WebPage<'a> {
    /// The address the page was served at (after redirects): the crawler's
    /// final URL, a WARC record's `WARC-Target-URI`.
    pub url: &'a str,
    /// The body with transfer and content codings removed.
    pub body: &'a [u8],
    /// The HTTP `Content-Type` header, when there was one.
    pub content_type: Option<&'a str>,
    pub status: u16,
    pub fetched_at: Option<DateTime<Utc>>,
    /// The WARC record that archives the response, when archived.
    pub warc_record_id: Option<&'a str>,
}

/// What the caller knows about a page beyond its bytes. The crawler knows
/// the source it crawls and the language of the site section that listed
/// the page; an archive knows neither (`PageHints::default()`).
#[derive(Debug, Clone, Copy, Default)]
pub struct PageHints<'a> {
    /// Source for documents the parser could not attribute; without it,
    /// the source whose hosts include the page's host.
    pub source: Option<&'a str>,
    /// Language for documents whose language could not be detected.
    pub lang: Option<Lang>,
}

/// The documents of one page, ready for `pressroom_store::replace_origin`.
#[derive(Debug, Clone)]
pub struct PageDocuments {
    /// The page's identity: its canonical URL (see [`page_documents`]).
    pub origin: String,
    pub documents: Vec<Document>,
    /// Links between the page's own documents (a bilingual page split in two).
    pub links: Vec<Link>,
    /// Canonical URLs of the page's other language versions, as its
    /// `hreflang` alternates name them (never the page itself), in order.
    pub alternates: Vec<Url>,
}

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("parse: {0}")]
    Parse(#[from] ParseError),
    #[error("parse: no documents")]
    NoDocuments,
}

/// Parse a web page into the documents the store keeps.
///
/// The page's origin, from which its document ids derive, is the canonical
/// form of the address it was served at, unless the page names a canonical
/// URL of its own on the same site (`<link rel=canonical>`): then that one,
/// so `?p=ID` and the permalink of one post are one page. A canonical URL on
/// another site is ignored, as a page cannot claim another site's identity.
///
/// Every document records the page's URL, HTTP status, fetch time (whole
/// seconds, as `WARC-Date` keeps it, so a page read back from its archive
/// is identical) and WARC record id; the hints fill in source and language
/// where the parser left them empty.
pub fn page_documents(
    page: &WebPage<'_>,
    hints: &PageHints<'_>,
    sources: &SourcesConfig,
) -> Result<PageDocuments, PageError> {
    let served_at = canonicalize(page.url);
    let parse = |origin: &str| {
        pressroom_parse::parse(
            &Input {
                bytes: page.body,
                origin,
                url: Some(page.url),
                content_type: page.content_type,
                kind: ContentKind::Html,
            },
            sources,
        )
    };
    let mut origin = canonical_string(page.url).unwrap_or_else(|| page.url.to_string());
    let mut parsed = parse(&origin)?;
    if let Some(served_at) = &served_at
        && let Some(canonical) = parsed
            .documents
            .first()
            .and_then(|d| d.meta.url.as_deref())
            .and_then(canonicalize)
            .filter(|c| c.as_str() != origin && site_host(c) == site_host(served_at))
    {
        origin = canonical.to_string();
        parsed = parse(&origin)?;
    }
    if parsed.documents.is_empty() {
        return Err(PageError::NoDocuments);
    }
    let source = hints.source.map(str::to_string).or_else(|| {
        let host = served_at.as_ref().map(site_host)?;
        sources.for_host(&host).map(|s| s.name.clone())
    });
    let fetched_at = page.fetched_at.map(|t| t.trunc_subsecs(0));
    let mut alternates: Vec<Url> = Vec::new();
    for doc in &mut parsed.documents {
        doc.meta.fetched_at = fetched_at;
        doc.meta.http_status = Some(page.status);
        doc.meta.warc_record_id = page.warc_record_id.map(str::to_string);
        if doc.meta.url.is_none() {
            doc.meta.url = Some(origin.clone());
        }
        if doc.source.is_empty()
            && let Some(source) = &source
        {
            doc.source = source.clone();
        }
        if doc.lang == Lang::Other
            && let Some(lang) = hints.lang
        {
            doc.lang = lang;
        }
        for (_, alternate) in &doc.meta.alternates {
            let resolved = match &served_at {
                Some(base) => base.join(alternate).ok(),
                None => Url::parse(alternate).ok(),
            };
            if let Some(alternate) = resolved.and_then(|u| canonicalize(u.as_str()))
                && alternate.as_str() != origin
                && !alternates.contains(&alternate)
            {
                alternates.push(alternate);
            }
        }
    }
    Ok(PageDocuments {
        origin,
        documents: parsed.documents,
        links: parsed.links,
        alternates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const SOURCES: &str = r#"
[[source]]
name = "Kazakhstan Bureau for Human Rights"
hosts = ["bureau.kz"]
"#;

    fn article(head: &str) -> Vec<u8> {
        format!(
            "<html><head><title>Court fines journalist</title>{head}</head><body><article>\
             <h1>Court fines journalist</h1>\
             <p>A court in Astana fined the journalist for a post about the detention of protesters.</p>\
             <p>The bureau asks the appeal court to overturn the decision and drop the charges.</p>\
             </article></body></html>"
        )
        .into_bytes()
    }

    fn page<'a>(url: &'a str, body: &'a [u8]) -> WebPage<'a> {
        WebPage {
            url,
            body,
            content_type: Some("text/html; charset=utf-8"),
            status: 200,
            fetched_at: Some(Utc.with_ymd_and_hms(2024, 3, 1, 10, 0, 0).unwrap()),
            warc_record_id: Some("<urn:uuid:1>"),
        }
    }

    #[test]
    fn a_same_site_canonical_link_is_the_origin_whatever_the_address() {
        let sources = SourcesConfig::from_toml(SOURCES).unwrap();
        let body = article(r#"<link rel="canonical" href="https://bureau.kz/news/court-fines/">"#);
        let by_id = page_documents(
            &page("https://bureau.kz/?p=44991&utm_source=rss", &body),
            &PageHints::default(),
            &sources,
        )
        .unwrap();
        let by_permalink = page_documents(
            &page("https://bureau.kz/news/court-fines/", &body),
            &PageHints::default(),
            &sources,
        )
        .unwrap();
        assert_eq!(by_id.origin, "https://bureau.kz/news/court-fines/");
        assert_eq!(by_id.documents[0].id, by_permalink.documents[0].id);
        assert_eq!(
            by_id.documents[0].source,
            "Kazakhstan Bureau for Human Rights"
        );
    }

    #[test]
    fn another_sites_canonical_link_is_ignored_and_tracking_goes() {
        let body = article(r#"<link rel="canonical" href="https://elsewhere.example/copy">"#);
        let docs = page_documents(
            &page("https://bureau.kz/news/x?utm_medium=rss#top", &body),
            &PageHints::default(),
            &SourcesConfig::default(),
        )
        .unwrap();
        assert_eq!(docs.origin, "https://bureau.kz/news/x");
        assert_eq!(docs.documents[0].source, "", "no source config, no hint");
    }

    #[test]
    fn hints_fill_only_what_the_parser_left_empty() {
        let sources = SourcesConfig::from_toml(SOURCES).unwrap();
        let body = article("");
        let hints = PageHints {
            source: Some("Crawled Source"),
            lang: Some(Lang::Ru),
        };
        let docs = page_documents(&page("https://bureau.kz/a", &body), &hints, &sources).unwrap();
        let doc = &docs.documents[0];
        assert_eq!(
            doc.source, "Kazakhstan Bureau for Human Rights",
            "the parser's source"
        );
        assert_eq!(doc.lang, Lang::En, "the detected language");
        let other =
            page_documents(&page("https://unknown.example/a", &body), &hints, &sources).unwrap();
        assert_eq!(other.documents[0].source, "Crawled Source");
    }

    #[test]
    fn metadata_is_recorded_in_whole_seconds_and_alternates_are_canonical() {
        let body = article(
            r#"<link rel="alternate" hreflang="ru" href="/ru/a?utm_source=x">
               <link rel="alternate" hreflang="en" href="https://bureau.kz/a">"#,
        );
        let mut fetched = page("https://bureau.kz/a", &body);
        fetched.fetched_at = Some(
            Utc.with_ymd_and_hms(2024, 3, 1, 10, 0, 0).unwrap()
                + chrono::Duration::milliseconds(750),
        );
        let docs =
            page_documents(&fetched, &PageHints::default(), &SourcesConfig::default()).unwrap();
        let meta = &docs.documents[0].meta;
        assert_eq!(
            meta.fetched_at,
            Some(Utc.with_ymd_and_hms(2024, 3, 1, 10, 0, 0).unwrap())
        );
        assert_eq!(meta.http_status, Some(200));
        assert_eq!(meta.warc_record_id.as_deref(), Some("<urn:uuid:1>"));
        assert_eq!(meta.url.as_deref(), Some("https://bureau.kz/a"));
        let alternates: Vec<&str> = docs.alternates.iter().map(Url::as_str).collect();
        assert_eq!(alternates, ["https://bureau.kz/ru/a"]);
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        let err = page_documents(
            &page("https://bureau.kz/empty", b""),
            &PageHints::default(),
            &SourcesConfig::default(),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("parse:"), "{err}");
    }
}
