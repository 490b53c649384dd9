//! A polite, resumable crawler for the organisations' sites.
//!
//! `pressroom fetch` keeps the corpus up to date from the NGOs' own feeds,
//! sitemaps and listing pages. Three promises shape the design:
//!
//! * **Polite.** robots.txt is obeyed ([`texting_robots`]), every host gets
//!   at most one request at a time spaced by a per-host delay of at least the
//!   robots `Crawl-delay` (capped), `Retry-After` is honoured and errors back
//!   off exponentially with jitter. Conditional GETs (ETag/Last-Modified)
//!   make a re-run download only what changed.
//! * **Loses nothing.** The frontier, validators and outcomes live in
//!   `crawl_*` tables of the store's SQLite file ([`state`]); a page's
//!   documents and its crawl bookkeeping are committed in one transaction, so
//!   `kill -9` at any moment, then a re-run, neither loses nor duplicates.
//!   Failures are recorded per URL with their reason and retried next run.
//! * **Archived.** Every exchange goes to WARC 1.1 files ([`warc`]) with
//!   digests, and [`read_warc`] gives the responses back so a crawl can be
//!   re-parsed without the network.
//!
//! Why one thread and our own scheduler rather than async tasks and
//! `governor`: politeness makes a crawl of a
//! handful of hosts latency-bound by design (one request per host every few
//! seconds), so one thread that always serves the host whose turn comes
//! first is as fast as any concurrency we are allowed, and far simpler to
//! make crash-safe: each page is one synchronous transaction. A per-host
//! "next allowed instant" also models `Crawl-delay` and `Retry-After` pauses
//! directly, which a token bucket does not. Each request still runs on a
//! small async runtime owned by the HTTP client, so that one timer bounds
//! the whole exchange (a server trickling its body is cut off at
//! [`HttpOptions::total_timeout`], robots.txt included).
//!
//! Tests never touch the Internet: [`HttpOptions::host_map`] sends the real
//! host names (`www.hrw.org`) to a local server while keeping URLs, `Host`
//! headers and archive records as they would be, and `offline` refuses any
//! host not mapped.

pub use pressroom_model::canon;
pub use pressroom_warc::content;
mod crawl;
pub mod discover;
pub mod http;
pub mod state;
pub mod testsite;
pub use pressroom_warc as warc;

pub use crawl::{
    CrawlError, CrawlOptions, Crawler, Failure, HostPause, LogProgress, NoProgress, Progress,
    ROBOTS_TOKEN, RejectedLinks, SourceCounts, Summary, Target, UrlOutcome, default_user_agent,
};
pub use http::HttpOptions;
pub use url::Url;
pub use warc::{WarcError, WarcResponse, read_warc};
