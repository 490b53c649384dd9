//! The page step: one fetched 200 response in, documents and discovered
//! URLs out. Pure (no HTTP, no store), so it unit-tests on a built
//! [`Response`], and isolated: a panic inside (a parser bug on hostile
//! input) becomes [`PageError::Panicked`] instead of ending the crawl.

use super::plan::Plan;
use crate::canon::canonicalize;
use crate::discover::{self, Found, PageKind};
use crate::http::Response;
use crate::state::{UrlKind, UrlRow};
use chrono::NaiveDate;
use pressroom_ingest::{PageHints, WebPage, page_documents};
use pressroom_model::sources::SourcesConfig;
use pressroom_model::{Document, Link};
use std::panic::{AssertUnwindSafe, catch_unwind};
use url::Url;

/// How many rejected links a page keeps as examples.
const REJECTED_EXAMPLES: usize = 5;

/// What a page step needs besides the page.
pub(crate) struct PageRules<'a> {
    /// The source's plan (none: the source is not part of this run).
    pub plan: Option<&'a Plan>,
    pub sources: &'a SourcesConfig,
    pub since: Option<NaiveDate>,
    pub topic_filter: bool,
    /// See `CrawlOptions::panic_marker`.
    pub panic_marker: Option<&'a [u8]>,
}

/// A fetched page: the URL row it answers, where it ended up, the answer
/// and its archive record.
pub(crate) struct FetchedPage<'a> {
    pub row: &'a UrlRow,
    pub final_url: &'a Url,
    pub response: &'a Response,
    pub record_id: &'a str,
}

/// A URL found on a page, to queue.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Discovered {
    pub url: Url,
    pub kind: UrlKind,
    pub lang: Option<String>,
    pub entry: Option<i64>,
}

/// Links the source's rules turned down on a discovery page.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Rejected {
    pub count: u64,
    /// Some of them, the source's own hosts first.
    pub examples: Vec<String>,
}

/// Result of one page, to commit in one transaction.
#[derive(Debug, Default)]
pub(crate) struct PageResult {
    pub docs: Vec<Document>,
    pub links: Vec<Link>,
    pub found: Vec<Discovered>,
    /// A next listing page, followed only if this page showed new articles.
    pub next_listing: Option<Discovered>,
    pub alternates: Vec<String>,
    /// The canonical URL the documents are stored under.
    pub origin: Option<String>,
    pub skip_reason: Option<String>,
    pub rejected: Rejected,
}

/// Why a page gave nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PageError {
    /// The page cannot be read (bad feed, no documents, …).
    #[error("{0}")]
    Unreadable(String),
    /// Reading it panicked: a bug, not a property of the page alone.
    #[error("parser panicked: {0}")]
    Panicked(String),
}

impl From<String> for PageError {
    fn from(reason: String) -> PageError {
        PageError::Unreadable(reason)
    }
}

/// The page step, with any panic inside caught and reported as such.
pub(crate) fn page_step(
    rules: &PageRules<'_>,
    page: &FetchedPage<'_>,
) -> Result<PageResult, PageError> {
    catch_unwind(AssertUnwindSafe(|| read_page(rules, page))).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        Err(PageError::Panicked(message))
    })
}

fn read_page(rules: &PageRules<'_>, page: &FetchedPage<'_>) -> Result<PageResult, PageError> {
    if let Some(marker) = rules.panic_marker
        && !marker.is_empty()
        && page
            .response
            .body
            .windows(marker.len())
            .any(|w| w == marker)
    {
        panic!("test hook: page carries the panic marker");
    }
    let kind = match page.row.kind {
        UrlKind::Article => return read_article(rules, page),
        UrlKind::Feed => PageKind::Feed,
        UrlKind::Sitemap => PageKind::Sitemap,
        UrlKind::Listing => PageKind::Listing,
        UrlKind::Auto | UrlKind::Robots => {
            let body = &page.response.body;
            discover::sniff(&String::from_utf8_lossy(&body[..body.len().min(4096)]))
        }
    };
    read_discovery(rules, page, kind)
}

/// A feed, sitemap or listing: the URLs it leads to.
fn read_discovery(
    rules: &PageRules<'_>,
    page: &FetchedPage<'_>,
    kind: PageKind,
) -> Result<PageResult, PageError> {
    let FetchedPage {
        row,
        final_url,
        response: resp,
        ..
    } = *page;
    let plan = rules.plan;
    let entry = row.entry.and_then(|i| plan?.entries.get(i as usize));
    let mut result = PageResult::default();
    let content_type = resp.header("content-type");
    let since_ok = |d: Option<NaiveDate>| match (rules.since, d) {
        (Some(since), Some(d)) => d >= since,
        _ => true,
    };
    let found = |url: Url, kind: UrlKind| Discovered {
        url,
        kind,
        lang: row.lang.clone(),
        entry: row.entry,
    };
    // Links are judged and queued in canonical form only; rejected ones
    // are counted so a source whose patterns reject everything says so.
    let mut rejected_other = Vec::new();
    let mut is_article = |u: &mut Url, listing: Option<&Url>, rejected: &mut Rejected| {
        match canonicalize(u.as_str()) {
            Some(c) => *u = c,
            None => return false,
        }
        let accepted = plan.is_some_and(|p| p.is_article(u, listing));
        if !accepted {
            rejected.count += 1;
            let own = plan.is_some_and(|p| p.owns(u));
            if own && rejected.examples.len() < REJECTED_EXAMPLES {
                rejected.examples.push(u.to_string());
            } else if !own && rejected_other.len() < REJECTED_EXAMPLES {
                rejected_other.push(u.to_string());
            }
        }
        accepted
    };
    match kind {
        PageKind::Sitemap => {
            let text = pressroom_parse::encoding::decode(&resp.body, content_type)
                .map_err(|e| format!("sitemap: {e}"))?
                .text;
            let links = discover::sitemap_links(&text, final_url)?;
            for s in links.sitemaps {
                if since_ok(s.date) && plan.is_some_and(|p| p.owns(&s.url)) {
                    result.found.push(found(s.url, UrlKind::Sitemap));
                }
            }
            for mut p in links.pages {
                if since_ok(p.date) && is_article(&mut p.url, None, &mut result.rejected) {
                    result.found.push(found(p.url, UrlKind::Article));
                }
            }
        }
        PageKind::Feed => {
            for Found { mut url, date } in discover::feed_links(&resp.body, final_url)? {
                if since_ok(date) && is_article(&mut url, None, &mut result.rejected) {
                    result.found.push(found(url, UrlKind::Article));
                }
            }
        }
        PageKind::Listing => {
            let text = pressroom_parse::encoding::decode(&resp.body, content_type)
                .map_err(|e| format!("listing: {e}"))?
                .text;
            let links = discover::listing_links(
                &text,
                final_url,
                entry.and_then(|e| e.link_selector.as_deref()),
                entry.and_then(|e| e.next_selector.as_deref()),
            )?;
            for mut l in links.links {
                if is_article(&mut l.url, Some(final_url), &mut result.rejected) {
                    result.found.push(found(l.url, UrlKind::Article));
                }
            }
            result.next_listing = links
                .next
                .and_then(|n| canonicalize(n.as_str()))
                .filter(|n| plan.is_some_and(|p| p.owns(n)))
                .map(|n| found(n, UrlKind::Listing));
        }
    }
    let room = REJECTED_EXAMPLES - result.rejected.examples.len();
    result
        .rejected
        .examples
        .extend(rejected_other.into_iter().take(room));
    Ok(result)
}

/// An article: its documents under their canonical origin, by the same
/// page function a WARC import uses, so a page gets the same ids either way.
fn read_article(rules: &PageRules<'_>, page: &FetchedPage<'_>) -> Result<PageResult, PageError> {
    let FetchedPage {
        row,
        final_url,
        response: resp,
        record_id,
    } = *page;
    let plan = rules.plan;
    let mut result = PageResult::default();
    let web_page = WebPage {
        url: final_url.as_str(),
        body: &resp.body,
        content_type: resp.header("content-type"),
        status: resp.status,
        fetched_at: Some(resp.fetched_at),
        warc_record_id: Some(record_id),
    };
    let hints = PageHints {
        source: Some(&row.source),
        lang: row.lang.as_deref().and_then(|l| l.parse().ok()),
    };
    let parsed = page_documents(&web_page, &hints, rules.sources)
        .map_err(|e| PageError::Unreadable(e.to_string()))?;
    if rules.topic_filter && plan.is_some_and(|p| !p.on_topic(&parsed.documents)) {
        result.skip_reason = Some("off topic".into());
        return Ok(result);
    }
    if let Some(since) = rules.since
        && parsed
            .documents
            .iter()
            .all(|d| d.published.is_some_and(|p| p < since))
    {
        result.skip_reason = Some("older than --since".into());
        return Ok(result);
    }
    for alternate in parsed.alternates {
        result.alternates.push(alternate.to_string());
        // Other language versions are articles too, even when no listing
        // we read shows them.
        if plan.is_some_and(|p| p.is_article(&alternate, None)) {
            result.found.push(Discovered {
                url: alternate,
                kind: UrlKind::Article,
                lang: None,
                entry: row.entry,
            });
        }
    }
    result.docs = parsed.documents;
    result.links = parsed.links;
    result.origin = Some(parsed.origin);
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crawl::options::Target;
    use crate::crawl::plan::make_plans;

    const CONFIG: &str = r#"
[[source]]
name = "Example"
hosts = ["example.org"]
article_url_patterns = ['^https://example\.org/news/']
[[source.entry]]
kind = "feed"
url = "https://example.org/feed.xml"
"#;

    fn row(kind: UrlKind, url: &str) -> UrlRow {
        UrlRow {
            url: url.into(),
            source: "Example".into(),
            host: "example.org".into(),
            kind,
            lang: Some("en".into()),
            entry: Some(0),
            attempts: 0,
            etag: None,
            last_modified: None,
            warc_record_id: None,
            doc_ids: Vec::new(),
        }
    }

    fn response(content_type: &str, body: &str) -> Response {
        Response {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            raw_body: body.as_bytes().to_vec(),
            body: body.as_bytes().to_vec(),
            ip: None,
            request_head: Vec::new(),
            response_head: Vec::new(),
            fetched_at: chrono::Utc::now(),
        }
    }

    fn rss(links: &[&str]) -> String {
        let items: String = links
            .iter()
            .map(|l| format!("<item><title>t</title><link>{l}</link></item>"))
            .collect();
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>{items}</channel></rss>"
        )
    }

    /// Run the page step on `body` served at `url` as a `kind` page.
    fn step(
        kind: UrlKind,
        url: &str,
        content_type: &str,
        body: &str,
        marker: Option<&[u8]>,
    ) -> Result<PageResult, PageError> {
        let sources = SourcesConfig::from_toml(CONFIG).unwrap();
        let (plans, _) = make_plans(&sources, &Target::Sources(vec![])).unwrap();
        let rules = PageRules {
            plan: plans.first(),
            sources: &sources,
            since: None,
            topic_filter: false,
            panic_marker: marker,
        };
        let row = row(kind, url);
        let final_url = Url::parse(url).unwrap();
        let response = response(content_type, body);
        page_step(
            &rules,
            &FetchedPage {
                row: &row,
                final_url: &final_url,
                response: &response,
                record_id: "<urn:uuid:test>",
            },
        )
    }

    #[test]
    fn a_feed_gives_its_article_links_in_canonical_form_and_counts_the_rest() {
        let feed = rss(&[
            "https://example.org/news/one?utm_source=rss",
            "https://example.org/about/",
            "https://elsewhere.example/news/x",
        ]);
        let page = step(
            UrlKind::Feed,
            "https://example.org/feed.xml",
            "application/rss+xml",
            &feed,
            None,
        )
        .unwrap();
        let urls: Vec<&str> = page.found.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls, ["https://example.org/news/one"]);
        assert_eq!(page.found[0].kind, UrlKind::Article);
        assert_eq!(page.rejected.count, 2);
        assert_eq!(
            page.rejected.examples,
            [
                "https://example.org/about/",
                "https://elsewhere.example/news/x"
            ],
            "the source's own hosts come first"
        );
    }

    #[test]
    fn an_unreadable_feed_is_an_error_not_a_panic() {
        let err = step(
            UrlKind::Feed,
            "https://example.org/feed.xml",
            "application/rss+xml",
            "<rss><channel><item><link>",
            None,
        )
        .unwrap_err();
        assert!(matches!(err, PageError::Unreadable(_)), "{err:?}");
    }

    #[test]
    fn a_panic_in_the_page_step_is_caught_and_named() {
        let body = "<html><body><p>PANIC-HERE</p></body></html>";
        let err = step(
            UrlKind::Article,
            "https://example.org/news/boom",
            "text/html",
            body,
            Some(b"PANIC-HERE"),
        )
        .unwrap_err();
        assert_eq!(
            err,
            PageError::Panicked("test hook: page carries the panic marker".into())
        );
    }
}
