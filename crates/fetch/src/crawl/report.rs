//! What a crawl tells its caller: the typed outcome of each URL, progress
//! as it goes and the end-of-run summary.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// What became of one URL in this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlOutcome {
    /// An article whose documents were not in the store before.
    New,
    /// An article whose documents changed.
    Changed,
    /// An article fetched again with the same documents.
    Unchanged,
    /// A conditional GET answered 304.
    NotModified,
    /// A feed, sitemap, listing or robots.txt read.
    Done,
    /// Not stored on purpose (robots.txt, topic, date).
    Skipped(String),
    /// Failed for this run.
    Failed(String),
    /// Tried again later in this run.
    Retry { wait: Duration, reason: String },
}

impl UrlOutcome {
    /// The `crawl_urls.outcome` value recorded for it.
    pub(crate) fn recorded(&self) -> String {
        match self {
            UrlOutcome::New => "new".into(),
            UrlOutcome::Changed => "changed".into(),
            UrlOutcome::Unchanged => "unchanged".into(),
            UrlOutcome::NotModified => "not_modified".into(),
            UrlOutcome::Done => "done".into(),
            UrlOutcome::Skipped(reason) => format!("skipped: {reason}"),
            UrlOutcome::Failed(_) => "failed".into(),
            UrlOutcome::Retry { .. } => "retry".into(),
        }
    }
}

impl fmt::Display for UrlOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlOutcome::Failed(reason) => write!(f, "failed: {reason}"),
            UrlOutcome::Retry { wait, reason } => {
                write!(f, "retry in {:.1}s: {reason}", wait.as_secs_f32())
            }
            other => f.write_str(&other.recorded()),
        }
    }
}

/// A failed URL and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Failure {
    pub url: String,
    pub reason: String,
}

/// A host left alone for the rest of the run, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HostPause {
    pub host: String,
    pub reason: String,
}

/// An entry point (feed, sitemap, listing) on which the source's
/// `article_url_patterns` rejected every link found: the source yields
/// nothing from it, which is almost always a pattern out of date.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RejectedLinks {
    pub source: String,
    pub url: String,
    /// Links found on the page, every one rejected.
    pub links_found: u64,
    /// A few of them, the source's own hosts first.
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceCounts {
    pub requests: u64,
    pub new: u64,
    pub changed: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub failed: u64,
}

/// The end-of-run report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub run_id: i64,
    pub resumed: bool,
    /// HTTP requests made (robots.txt, redirects and retries included).
    pub requests: u64,
    /// Pages whose documents were new / changed / the same (304s included).
    pub new: u64,
    pub changed: u64,
    pub unchanged: u64,
    pub documents_stored: u64,
    /// Pages not stored on purpose, by reason (robots.txt, topic, date).
    pub skipped: BTreeMap<String, u64>,
    /// Requests retried after a transient failure.
    pub retries: u64,
    /// URLs that failed for this run (retried on the next one, except
    /// pages that made the parser panic).
    pub failed: Vec<Failure>,
    /// Hosts paused for the rest of the run; their pending URLs wait for the next run.
    pub paused_hosts: Vec<HostPause>,
    /// Entry points whose every link the source's patterns rejected.
    pub rejected_links: Vec<RejectedLinks>,
    pub per_source: BTreeMap<String, SourceCounts>,
    pub stopped_at_max_pages: bool,
}

/// Receives progress as the crawl goes.
pub trait Progress {
    /// A URL was dealt with; `what` is its outcome (`new`, `failed: …`).
    fn page(&mut self, source: &str, url: &str, what: &str);
}

/// Plain log lines on stderr, for non-terminals.
pub struct LogProgress;

impl Progress for LogProgress {
    fn page(&mut self, source: &str, url: &str, what: &str) {
        eprintln!("[{source}] {what}: {url}");
    }
}

pub struct NoProgress;

impl Progress for NoProgress {
    fn page(&mut self, _: &str, _: &str, _: &str) {}
}
