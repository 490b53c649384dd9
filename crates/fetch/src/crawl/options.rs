//! What shapes a crawl besides the sources, and how it can fail.

use crate::http::{HttpError, HttpOptions};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// The product token robots.txt rules are matched against.
pub const ROBOTS_TOKEN: &str = "pressroom";

/// The default honest User-Agent.
pub fn default_user_agent() -> String {
    format!(
        "pressroom/{} (+https://example.invalid/pressroom; research crawler of NGO press releases)",
        env!("CARGO_PKG_VERSION")
    )
}

#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("store: {0}")]
    Store(#[from] pressroom_store::StoreError),
    #[error("archive: {0}")]
    Warc(#[from] crate::warc::WarcError),
    #[error("HTTP client: {0}")]
    Http(#[from] HttpError),
    #[error("the crawl's worker threads ended before their URLs were answered")]
    WorkersEnded,
    #[error("unknown source {0:?} (see corpus/sources.toml)")]
    UnknownSource(String),
    #[error("not an http(s) URL: {0}")]
    BadUrl(String),
    #[error(transparent)]
    BadPattern(#[from] pressroom_model::sources::PatternError),
}

/// Everything that shapes a crawl besides the sources.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    pub http: HttpOptions,
    /// Per-host delay for every source, overriding `[source.crawl] delay_ms`
    /// and the default (robots.txt `Crawl-delay` still applies, capped).
    pub delay: Option<Duration>,
    pub default_delay: Duration,
    /// Cap on a robots.txt `Crawl-delay`.
    pub max_crawl_delay: Duration,
    pub max_redirects: usize,
    /// Tries per URL within one run before it is recorded as failed.
    pub max_attempts: u32,
    /// First retry waits about this long; each further retry doubles it.
    pub backoff_base: Duration,
    /// Longest `Retry-After` waited for; a longer one fails the URL and
    /// pauses its host for the rest of the run.
    pub max_retry_after: Duration,
    pub since: Option<NaiveDate>,
    /// Upper bound on requests in this run.
    pub max_pages: Option<u64>,
    /// Apply the sources' `topic_filter` (off: keep every article).
    pub topic_filter: bool,
    pub warc_dir: PathBuf,
    /// Requests in flight at once, each to a different host (at least 1).
    /// A host never has more than one; with a page cap (`max_pages`, or a
    /// source's) the crawl makes one request at a time, so the cap is exact.
    pub workers: usize,
    /// Test hook: a page whose body contains these bytes makes the page
    /// step panic, standing in for a parser bug on hostile input.
    #[doc(hidden)]
    pub panic_marker: Option<Vec<u8>>,
}

impl CrawlOptions {
    /// Defaults polite enough for the real sites, unattended.
    pub fn polite(warc_dir: PathBuf) -> CrawlOptions {
        CrawlOptions {
            http: HttpOptions {
                user_agent: default_user_agent(),
                connect_timeout: Duration::from_secs(15),
                total_timeout: Duration::from_secs(60),
                max_body: 20 << 20,
                host_map: HashMap::new(),
                offline: false,
            },
            delay: None,
            default_delay: Duration::from_secs(5),
            max_crawl_delay: Duration::from_secs(60),
            max_redirects: 5,
            max_attempts: 3,
            backoff_base: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(600),
            since: None,
            max_pages: None,
            topic_filter: true,
            warc_dir,
            workers: 64,
            panic_marker: None,
        }
    }
}

/// What to crawl.
#[derive(Debug, Clone)]
pub enum Target {
    /// These sources (names or ids); empty: every source with entry points.
    Sources(Vec<String>),
    /// One ad-hoc feed, sitemap or listing page, with the generic rules.
    Url(String),
}
