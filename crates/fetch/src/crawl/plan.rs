//! URL plans: each source's crawl rules (hosts, article patterns, topic,
//! delay, page cap, entry points), or the generic rules for an ad-hoc URL.

use super::options::{CrawlError, Target};
use crate::canon::{canonical_string, canonicalize, site_host};
use crate::state::UrlKind;
use pressroom_model::Document;
use pressroom_model::sources::{ArticleUrls, EntryKind, EntryPoint, SourceConfig, SourcesConfig};
use std::time::Duration;
use url::Url;

/// Crawl rules for one source (or the generic rules for an ad-hoc URL).
pub(crate) struct Plan {
    pub name: String,
    hosts: Vec<String>,
    patterns: ArticleUrls,
    topic: Vec<String>,
    pub delay: Option<Duration>,
    /// `[source.crawl] max_pages`: article pages this source may visit per
    /// run. Feeds, sitemaps and listings do not count, or a small cap would
    /// be spent on entry points every run and the crawl never progress.
    pub max_pages: Option<u64>,
    pub entries: Vec<EntryPoint>,
    generic: bool,
}

/// An entry point to queue.
pub(crate) struct Entry {
    pub source: String,
    pub kind: UrlKind,
    /// Canonical URL.
    pub url: String,
    pub lang: Option<String>,
    /// Index in the source's entry list (none for an ad-hoc URL).
    pub index: Option<i64>,
}

impl Plan {
    fn from_source(s: &SourceConfig) -> Result<Plan, CrawlError> {
        let patterns = s.article_urls()?;
        Ok(Plan {
            name: s.name.clone(),
            hosts: s
                .hosts
                .iter()
                .map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
                .collect(),
            patterns,
            topic: s.topic_filter.iter().map(|t| t.to_lowercase()).collect(),
            delay: s.crawl.delay_ms.map(Duration::from_millis),
            max_pages: s.crawl.max_pages,
            entries: s.entries.clone(),
            generic: false,
        })
    }

    fn generic(name: String, host: String) -> Plan {
        Plan {
            name,
            hosts: vec![host],
            patterns: ArticleUrls::default(),
            topic: Vec::new(),
            delay: None,
            max_pages: None,
            entries: Vec::new(),
            generic: true,
        }
    }

    pub fn owns(&self, url: &Url) -> bool {
        let host = site_host(url);
        self.hosts
            .iter()
            .any(|h| host == *h || host.ends_with(&format!(".{h}")))
    }

    /// Whether a discovered link is an article page of this source.
    pub fn is_article(&self, url: &Url, listing: Option<&Url>) -> bool {
        if !self.owns(url) {
            return false;
        }
        if !self.patterns.is_empty() {
            return self.patterns.matches(url.as_str());
        }
        if !self.generic {
            return true;
        }
        // Generic rules: a same-site page deeper than the site root that is
        // neither the listing itself, its pagination, nor a file.
        let path = url.path().to_ascii_lowercase();
        let is_file = [
            ".jpg", ".png", ".gif", ".pdf", ".css", ".js", ".zip", ".xml", ".svg",
        ]
        .iter()
        .any(|ext| path.ends_with(ext));
        let segments = path.split('/').filter(|s| !s.is_empty()).count();
        let is_post_query = url.query_pairs().any(|(k, _)| k == "p");
        let pagination = path.contains("/page/") || url.query_pairs().any(|(k, _)| k == "page");
        !is_file
            && !pagination
            && (segments >= 2 || is_post_query)
            && listing.is_none_or(|l| l.path() != url.path())
    }

    pub fn on_topic(&self, docs: &[Document]) -> bool {
        self.topic.is_empty()
            || docs.iter().any(|d| {
                let title = d.title.to_lowercase();
                let body = d.body.to_lowercase();
                self.topic
                    .iter()
                    .any(|t| title.contains(t) || body.contains(t))
            })
    }
}

/// The plans and entry points of `target`.
pub(crate) fn make_plans(
    sources: &SourcesConfig,
    target: &Target,
) -> Result<(Vec<Plan>, Vec<Entry>), CrawlError> {
    let mut plans = Vec::new();
    let mut entries = Vec::new();
    match target {
        Target::Sources(names) => {
            let chosen: Vec<&SourceConfig> = if names.is_empty() {
                sources
                    .sources
                    .iter()
                    .filter(|s| !s.entries.is_empty())
                    .collect()
            } else {
                names
                    .iter()
                    .map(|n| {
                        sources
                            .by_name(n)
                            .ok_or_else(|| CrawlError::UnknownSource(n.clone()))
                    })
                    .collect::<Result<_, _>>()?
            };
            for s in chosen {
                let plan = Plan::from_source(s)?;
                for (i, e) in plan.entries.iter().enumerate() {
                    let url = canonical_string(&e.url)
                        .ok_or_else(|| CrawlError::BadUrl(e.url.clone()))?;
                    entries.push(Entry {
                        source: plan.name.clone(),
                        kind: entry_kind(e.kind),
                        url,
                        lang: e.lang.map(|l| l.code().to_string()),
                        index: Some(i as i64),
                    });
                }
                plans.push(plan);
            }
        }
        Target::Url(raw) => {
            let url = canonicalize(raw).ok_or_else(|| CrawlError::BadUrl(raw.clone()))?;
            let host = site_host(&url);
            let name = sources
                .for_host(&host)
                .map_or(host.clone(), |s| s.name.clone());
            plans.push(Plan::generic(name.clone(), host));
            entries.push(Entry {
                source: name,
                kind: UrlKind::Auto,
                url: url.to_string(),
                lang: None,
                index: None,
            });
        }
    }
    Ok((plans, entries))
}

/// The name a run is resumed under: the same target gives the same scope.
pub(crate) fn scope(target: &Target) -> String {
    match target {
        Target::Sources(names) => {
            let mut n: Vec<String> = names.iter().map(|s| s.to_lowercase()).collect();
            n.sort();
            format!("sources:{}", n.join(","))
        }
        Target::Url(u) => format!("url:{}", canonical_string(u).unwrap_or_else(|| u.clone())),
    }
}

/// The politeness key of a URL: host and explicit port.
pub(crate) fn host_key(url: &Url) -> String {
    match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    }
}

fn entry_kind(kind: EntryKind) -> UrlKind {
    match kind {
        EntryKind::Feed => UrlKind::Feed,
        EntryKind::Sitemap => UrlKind::Sitemap,
        EntryKind::Listing => UrlKind::Listing,
        EntryKind::Robots => UrlKind::Robots,
    }
}
