//! The crawl loop: pick the next polite request, fetch, archive, parse,
//! store, queue what was found, all committed together.

use crate::canon::{canonical_string, canonicalize, site_host};
use crate::discover::{self, Found, PageKind};
use crate::http::{HttpClient, HttpError, HttpOptions, Response, Validators, retry_after};
use crate::state::{self, NewUrl, Next, Outcome, UrlKind, UrlRow};
use crate::warc::{Exchange, WarcWriter};
use chrono::NaiveDate;
use pressroom_model::sources::{EntryKind, SourceConfig, SourcesConfig};
use pressroom_model::{DocId, Document, Evidence, Lang, Link, LinkKind};
use pressroom_parse::{ContentKind, Input};
use pressroom_store::{Store, Upsert};
use regex::Regex;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use texting_robots::Robot;
use url::Url;

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
    #[error("unknown source {0:?} (see corpus/sources.toml)")]
    UnknownSource(String),
    #[error("not an http(s) URL: {0}")]
    BadUrl(String),
    #[error("invalid article_url_patterns of {source_name}: {message}")]
    BadPattern {
        source_name: String,
        message: String,
    },
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
    /// Longest `Retry-After` waited for; longer ones fail the URL for this run.
    pub max_retry_after: Duration,
    pub since: Option<NaiveDate>,
    /// Upper bound on requests in this run.
    pub max_pages: Option<u64>,
    /// Apply the sources' `topic_filter` (off: keep every article).
    pub topic_filter: bool,
    pub warc_dir: PathBuf,
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

/// A failed URL and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Failure {
    pub url: String,
    pub reason: String,
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
    /// URLs that failed for this run (retried on the next one).
    pub failed: Vec<Failure>,
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

/// Crawl rules for one source (or the generic rules for an ad-hoc URL).
struct Plan {
    name: String,
    hosts: Vec<String>,
    patterns: Vec<Regex>,
    topic: Vec<String>,
    delay: Option<Duration>,
    /// `[source.crawl] max_pages`: article pages this source may visit per
    /// run. Feeds, sitemaps and listings do not count, or a small cap would
    /// be spent on entry points every run and the crawl never progress.
    max_pages: Option<u64>,
    entries: Vec<pressroom_model::sources::EntryPoint>,
    generic: bool,
}

impl Plan {
    fn from_source(s: &SourceConfig) -> Result<Plan, CrawlError> {
        let patterns = s
            .article_url_patterns
            .iter()
            .map(|p| Regex::new(p))
            .collect::<Result<_, _>>()
            .map_err(|e| CrawlError::BadPattern {
                source_name: s.name.clone(),
                message: e.to_string(),
            })?;
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

    fn owns(&self, url: &Url) -> bool {
        let host = site_host(url);
        self.hosts
            .iter()
            .any(|h| host == *h || host.ends_with(&format!(".{h}")))
    }

    /// Whether a discovered link is an article page of this source.
    fn is_article(&self, url: &Url, listing: Option<&Url>) -> bool {
        if !self.owns(url) {
            return false;
        }
        if !self.patterns.is_empty() {
            return self.patterns.iter().any(|p| p.is_match(url.as_str()));
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

    fn on_topic(&self, docs: &[Document]) -> bool {
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

/// An entry point to queue: (source, kind, canonical URL, language, entry index or -1).
type EntryRow = (String, UrlKind, String, Option<String>, i64);

struct HostState {
    robots: Option<Robot>,
    robots_loaded: bool,
    /// Why robots.txt could not be read (then nothing on the host is fetched this run).
    robots_error: Option<String>,
    delay: Duration,
    next_allowed: Instant,
}

/// Result of handling one fetched page, to commit in one transaction.
#[derive(Default)]
struct PageResult {
    docs: Vec<Document>,
    links: Vec<Link>,
    found: Vec<(Url, UrlKind, Option<String>, Option<i64>)>,
    /// A next listing page, followed only if this page showed new articles.
    next_listing: Option<(Url, Option<String>, Option<i64>)>,
    alternates: Vec<String>,
    origin: Option<String>,
    skip_reason: Option<String>,
}

pub struct Crawler<'a> {
    store: &'a mut Store,
    sources: &'a SourcesConfig,
    options: CrawlOptions,
    http: HttpClient,
    warc: Option<WarcWriter>,
    hosts: HashMap<String, HostState>,
    active: BTreeSet<String>,
    plans: Vec<Plan>,
    run: i64,
    summary: Summary,
}

fn host_key(url: &Url) -> String {
    match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    }
}

fn wanted_content_type(ct: &str) -> bool {
    let ct = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    ct.is_empty()
        || ct.starts_with("text/")
        || ct.contains("xml")
        || ct.contains("html")
        || ct == "application/octet-stream"
}

fn entry_kind(kind: EntryKind) -> UrlKind {
    match kind {
        EntryKind::Feed => UrlKind::Feed,
        EntryKind::Sitemap => UrlKind::Sitemap,
        EntryKind::Listing => UrlKind::Listing,
        EntryKind::Robots => UrlKind::Robots,
    }
}

impl<'a> Crawler<'a> {
    /// Prepare a crawl of `target`: creates the crawl tables if needed.
    pub fn new(
        store: &'a mut Store,
        sources: &'a SourcesConfig,
        options: CrawlOptions,
    ) -> Result<Crawler<'a>, CrawlError> {
        state::migrate(store.conn())?;
        let http = HttpClient::new(options.http.clone())?;
        Ok(Crawler {
            store,
            sources,
            options,
            http,
            warc: None,
            hosts: HashMap::new(),
            active: BTreeSet::new(),
            plans: Vec::new(),
            run: 0,
            summary: Summary::default(),
        })
    }

    fn make_plans(&self, target: &Target) -> Result<(Vec<Plan>, Vec<EntryRow>), CrawlError> {
        let mut plans = Vec::new();
        let mut entries = Vec::new();
        match target {
            Target::Sources(names) => {
                let chosen: Vec<&SourceConfig> = if names.is_empty() {
                    self.sources
                        .sources
                        .iter()
                        .filter(|s| !s.entries.is_empty())
                        .collect()
                } else {
                    names
                        .iter()
                        .map(|n| {
                            self.sources
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
                        entries.push((
                            plan.name.clone(),
                            entry_kind(e.kind),
                            url,
                            e.lang.map(|l| l.code().to_string()),
                            i as i64,
                        ));
                    }
                    plans.push(plan);
                }
            }
            Target::Url(raw) => {
                let url = canonicalize(raw).ok_or_else(|| CrawlError::BadUrl(raw.clone()))?;
                let host = site_host(&url);
                let name = self
                    .sources
                    .for_host(&host)
                    .map_or(host.clone(), |s| s.name.clone());
                plans.push(Plan {
                    name: name.clone(),
                    hosts: vec![host],
                    patterns: Vec::new(),
                    topic: Vec::new(),
                    delay: None,
                    max_pages: None,
                    entries: Vec::new(),
                    generic: true,
                });
                entries.push((name, UrlKind::Auto, url.to_string(), None, -1));
            }
        }
        Ok((plans, entries))
    }

    fn scope(target: &Target) -> String {
        match target {
            Target::Sources(names) => {
                let mut n: Vec<String> = names.iter().map(|s| s.to_lowercase()).collect();
                n.sort();
                format!("sources:{}", n.join(","))
            }
            Target::Url(u) => format!("url:{}", canonical_string(u).unwrap_or_else(|| u.clone())),
        }
    }

    /// Queue the entry points (or resume the unfinished run) inside `conn`.
    fn plan_run(
        conn: &rusqlite::Connection,
        scope: &str,
        plans: &[Plan],
        entries: &[EntryRow],
    ) -> Result<(i64, bool), CrawlError> {
        let (run, resumed) = state::begin_run(conn, scope)?;
        if !resumed {
            for plan in plans {
                state::requeue_unfinished(conn, run, &plan.name)?;
            }
            for (source, kind, url, lang, entry) in entries {
                let parsed = Url::parse(url).map_err(|_| CrawlError::BadUrl(url.clone()))?;
                state::enqueue(
                    conn,
                    run,
                    &NewUrl {
                        url,
                        source,
                        host: &host_key(&parsed),
                        kind: *kind,
                        lang: lang.as_deref(),
                        entry: (*entry >= 0).then_some(*entry),
                    },
                )?;
            }
        }
        Ok((run, resumed))
    }

    /// What a run would fetch first (entry points, retries, left-overs),
    /// without touching the network or changing the crawl state.
    pub fn dry_run(
        &mut self,
        target: &Target,
    ) -> Result<Vec<(String, String, String)>, CrawlError> {
        let (plans, entries) = self.make_plans(target)?;
        let scope = Self::scope(target);
        let tx = self.store.conn_mut().transaction()?;
        let (run, _) = Self::plan_run(&tx, &scope, &plans, &entries)?;
        let pending = state::pending_urls(&tx, run)?;
        tx.rollback()?;
        Ok(pending)
    }

    /// Crawl `target` until nothing is left (or `max_pages` is reached).
    pub fn run(
        mut self,
        target: &Target,
        progress: &mut dyn Progress,
    ) -> Result<Summary, CrawlError> {
        let (plans, entries) = self.make_plans(target)?;
        let scope = Self::scope(target);
        let tx = self.store.conn_mut().transaction()?;
        let (run, resumed) = Self::plan_run(&tx, &scope, &plans, &entries)?;
        tx.commit()?;
        self.plans = plans;
        self.run = run;
        self.summary.run_id = run;
        self.summary.resumed = resumed;
        self.active = state::pending_hosts(self.store.conn(), run)?
            .into_iter()
            .collect();

        loop {
            if let Some(max) = self.options.max_pages
                && state::run_pages(self.store.conn(), run)? >= max
            {
                self.summary.stopped_at_max_pages = !self.active.is_empty();
                break;
            }
            let Some((row, at)) = self.pick()? else { break };
            if self.source_at_max_pages(&row.source)? {
                // Its hosts rest for the rest of the run; what is left
                // pending is requeued by the next run, like --max-pages.
                self.active.remove(&row.host);
                self.summary.stopped_at_max_pages = true;
                continue;
            }
            let now = Instant::now();
            if at > now {
                std::thread::sleep(at - now);
            }
            let source = row.source.clone();
            let url = row.url.clone();
            let what = self.process(*row)?;
            progress.page(&source, &url, &what);
        }
        let json = serde_json::to_string(&self.summary).unwrap_or_default();
        // A run stopped by --max-pages is over too: its left-overs are
        // requeued by the next run rather than resumed.
        state::finish_run(self.store.conn(), run, &json)?;
        Ok(self.summary)
    }

    /// The URL that may be fetched soonest, and when.
    fn pick(&mut self) -> Result<Option<(Box<UrlRow>, Instant)>, CrawlError> {
        loop {
            if self.active.is_empty() {
                return Ok(None);
            }
            let now_ms = state::now_ms();
            let now = Instant::now();
            let mut best: Option<(Instant, String)> = None;
            let mut empty = Vec::new();
            for host in &self.active {
                let ready = self.hosts.get(host).map_or(now, |h| h.next_allowed);
                let at = match state::next_for_host(self.store.conn(), self.run, host, now_ms)? {
                    Next::Ready(_) => ready,
                    Next::Wait(ms) => {
                        ready.max(now + Duration::from_millis((ms - now_ms).max(0) as u64))
                    }
                    Next::Empty => {
                        empty.push(host.clone());
                        continue;
                    }
                };
                if best.as_ref().is_none_or(|(t, _)| at < *t) {
                    best = Some((at, host.clone()));
                }
            }
            for host in empty {
                self.active.remove(&host);
            }
            let Some((at, host)) = best else { continue };
            if at > now {
                std::thread::sleep(at - now);
            }
            if let Next::Ready(row) =
                state::next_for_host(self.store.conn(), self.run, &host, state::now_ms())?
            {
                return Ok(Some((row, Instant::now())));
            }
        }
    }

    /// Whether `source` has visited its `[source.crawl] max_pages` articles in this run
    /// (counted in the store, so a resumed run remembers).
    fn source_at_max_pages(&self, source: &str) -> Result<bool, CrawlError> {
        let Some(max) = self
            .plan_index(source)
            .and_then(|i| self.plans[i].max_pages)
        else {
            return Ok(false);
        };
        Ok(state::source_articles_visited(self.store.conn(), self.run, source)? >= max)
    }

    fn plan_index(&self, source: &str) -> Option<usize> {
        self.plans.iter().position(|p| p.name == source)
    }

    fn host_delay(&self, source: &str, robot_delay: Option<f32>) -> Duration {
        let base = self.options.delay.unwrap_or_else(|| {
            self.plan_index(source)
                .and_then(|i| self.plans[i].delay)
                .unwrap_or(self.options.default_delay)
        });
        let crawl_delay = robot_delay
            .filter(|d| d.is_finite() && *d > 0.0)
            .map(|d| Duration::from_secs_f32(d).min(self.options.max_crawl_delay))
            .unwrap_or_default();
        base.max(crawl_delay)
    }

    fn wait_host(&mut self, host: &str, source: &str) {
        if !self.hosts.contains_key(host) {
            let delay = self.host_delay(source, None);
            self.hosts.insert(
                host.to_string(),
                HostState {
                    robots: None,
                    robots_loaded: false,
                    robots_error: None,
                    delay,
                    next_allowed: Instant::now(),
                },
            );
        }
        let h = &self.hosts[host];
        let now = Instant::now();
        if h.next_allowed > now {
            std::thread::sleep(h.next_allowed - now);
        }
    }

    fn after_request(&mut self, host: &str) {
        if let Some(h) = self.hosts.get_mut(host) {
            h.next_allowed = Instant::now() + h.delay;
        }
    }

    /// One GET, archived, counted and spaced by the host's delay.
    fn request(
        &mut self,
        url: &Url,
        source: &str,
        validators: &Validators,
        refers_to: Option<&str>,
    ) -> Result<(Response, String), HttpError> {
        let host = host_key(url);
        self.wait_host(&host, source);
        let result = self.http.get(url, validators, &wanted_content_type);
        self.after_request(&host);
        self.summary.requests += 1;
        self.summary
            .per_source
            .entry(source.to_string())
            .or_default()
            .requests += 1;
        // Counting is best effort: it only bounds --max-pages.
        let _ = state::count_page(self.store.conn(), self.run);
        let response = result?;
        let warc = match self.warc.as_mut() {
            Some(w) => w,
            None => {
                let w = WarcWriter::create(
                    &self.options.warc_dir,
                    &format!("pressroom-fetch/{}", env!("CARGO_PKG_VERSION")),
                    &self.options.http.user_agent,
                )
                .map_err(|e| HttpError::Request(format!("cannot archive: {e}")))?;
                self.warc.insert(w)
            }
        };
        let id = warc
            .write_exchange(&Exchange {
                target_uri: url.as_str(),
                date: response.fetched_at,
                request_head: &response.request_head,
                response_head: &response.response_head,
                body: &response.raw_body,
                status: response.status,
                ip: response.ip,
                refers_to,
            })
            .map_err(|e| HttpError::Request(format!("cannot archive: {e}")))?;
        Ok((response, id))
    }

    /// Fetch and parse robots.txt of `url`'s host once per run.
    fn ensure_robots(&mut self, url: &Url, source: &str) -> Option<Vec<String>> {
        let host = host_key(url);
        if self.hosts.get(&host).is_some_and(|h| h.robots_loaded) {
            return None;
        }
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        let mut result = None;
        let mut error = None;
        let mut tries = 0;
        loop {
            tries += 1;
            match self.request(&robots_url, source, &Validators::default(), None) {
                Ok((resp, _)) if resp.status == 200 => {
                    result = Robot::new(ROBOTS_TOKEN, &resp.body).ok();
                    break;
                }
                // No robots.txt (or a forbidden one): no restrictions, as RFC 9309 says.
                Ok((resp, _)) if (400..500).contains(&resp.status) && resp.status != 429 => break,
                Ok((resp, _)) => {
                    error = Some(format!("robots.txt unavailable: HTTP {}", resp.status))
                }
                Err(e) => error = Some(format!("robots.txt unavailable: {e}")),
            }
            if tries >= self.options.max_attempts {
                break;
            }
            let wait = self.backoff(tries as i64);
            std::thread::sleep(wait);
            self.summary.retries += 1;
            error = None;
        }
        let sitemaps = result.as_ref().map(|r: &Robot| r.sitemaps.clone());
        let delay = self.host_delay(source, result.as_ref().and_then(|r| r.delay));
        if let Some(h) = self.hosts.get_mut(&host) {
            h.robots = result;
            h.robots_loaded = true;
            h.robots_error = error;
            h.delay = delay;
            h.next_allowed = Instant::now() + delay;
        }
        sitemaps
    }

    fn backoff(&self, attempts: i64) -> Duration {
        let factor = 2f64.powi(attempts.clamp(0, 10) as i32) * (0.5 + fastrand::f64());
        self.options
            .backoff_base
            .mul_f64(factor)
            .min(Duration::from_secs(300))
    }

    /// Deal with one URL; returns a short description of the outcome.
    fn process(&mut self, row: UrlRow) -> Result<String, CrawlError> {
        let Ok(url) = Url::parse(&row.url) else {
            return self.finish_failed(&row, "unparsable URL".into(), None);
        };
        let source = row.source.clone();
        // robots.txt first; a robots entry row *is* that fetch.
        let robots_sitemaps = if row.kind == UrlKind::Robots {
            self.hosts
                .entry(host_key(&url))
                .and_modify(|h| h.robots_loaded = false);
            self.ensure_robots(&url, &source)
        } else {
            self.ensure_robots(&url, &source);
            None
        };
        let host = host_key(&url);
        if let Some(h) = self.hosts.get(&host) {
            if let Some(err) = h.robots_error.clone() {
                return self.finish_failed(&row, err, None);
            }
            if row.kind != UrlKind::Robots
                && h.robots.as_ref().is_some_and(|r| !r.allowed(url.as_str()))
            {
                return self.finish_skipped(&row, "disallowed by robots.txt", None);
            }
        }
        if row.kind == UrlKind::Robots {
            let mut result = PageResult::default();
            for s in robots_sitemaps.unwrap_or_default() {
                if let Some(u) = canonicalize(&s) {
                    result
                        .found
                        .push((u, UrlKind::Sitemap, row.lang.clone(), row.entry));
                }
            }
            return self.commit_page(&row, result, 200, None, None, None, "done");
        }

        // Fetch, following redirects ourselves.
        let validators = Validators {
            etag: row.etag.clone(),
            last_modified: row.last_modified.clone(),
        };
        let mut current = url.clone();
        let mut seen = vec![current.to_string()];
        let (response, record_id) = loop {
            let v = if current == url {
                validators.clone()
            } else {
                Validators::default()
            };
            let (resp, id) =
                match self.request(&current, &source, &v, row.warc_record_id.as_deref()) {
                    Ok(r) => r,
                    Err(e) => {
                        return self.transient_or_failed(
                            &row,
                            e.is_transient(),
                            e.to_string(),
                            None,
                        );
                    }
                };
            if !(300..400).contains(&resp.status) || resp.status == 304 {
                break (resp, id);
            }
            let Some(next) = resp
                .header("location")
                .and_then(|l| current.join(l.trim()).ok())
            else {
                return self.finish_failed(
                    &row,
                    format!("HTTP {} without Location", resp.status),
                    Some(resp.status),
                );
            };
            let Some(next) = canonicalize(next.as_str()) else {
                return self.finish_failed(
                    &row,
                    format!("redirect to a non-web URL {next}"),
                    Some(resp.status),
                );
            };
            if seen.contains(&next.to_string()) {
                return self.finish_failed(
                    &row,
                    format!("redirect loop via {next}"),
                    Some(resp.status),
                );
            }
            if seen.len() > self.options.max_redirects {
                return self.finish_failed(
                    &row,
                    format!("more than {} redirects", self.options.max_redirects),
                    Some(resp.status),
                );
            }
            self.ensure_robots(&next, &source);
            if self
                .hosts
                .get(&host_key(&next))
                .and_then(|h| h.robots.as_ref())
                .is_some_and(|r| !r.allowed(next.as_str()))
            {
                return self.finish_skipped(
                    &row,
                    "redirect target disallowed by robots.txt",
                    Some(resp.status),
                );
            }
            seen.push(next.to_string());
            current = next;
        };
        let status = response.status;
        match status {
            200 => {}
            304 => {
                let result = PageResult::default();
                return self.commit_page(
                    &row,
                    result,
                    304,
                    Some(&response),
                    Some(&record_id),
                    None,
                    "not_modified",
                );
            }
            429 | 503 => {
                let wait = response
                    .header("retry-after")
                    .and_then(|v| retry_after(v, std::time::SystemTime::now()));
                let reason = format!("HTTP {status}");
                if let Some(wait) = wait {
                    if wait > self.options.max_retry_after {
                        return self.finish_failed(
                            &row,
                            format!("{reason}, Retry-After {}s too long", wait.as_secs()),
                            Some(status),
                        );
                    }
                    if let Some(h) = self.hosts.get_mut(&host) {
                        h.next_allowed = h.next_allowed.max(Instant::now() + wait);
                    }
                    return self.retry_at(
                        &row,
                        wait,
                        format!("{reason} (Retry-After {}s)", wait.as_secs()),
                        status,
                    );
                }
                return self.transient_or_failed(&row, true, reason, Some(status));
            }
            500..=599 => {
                return self.transient_or_failed(
                    &row,
                    true,
                    format!("HTTP {status}"),
                    Some(status),
                );
            }
            _ => return self.finish_failed(&row, format!("HTTP {status}"), Some(status)),
        }
        let content_type = response.header("content-type").unwrap_or("").to_string();
        if !wanted_content_type(&content_type) {
            return self.finish_failed(
                &row,
                format!("content type {content_type} not accepted"),
                Some(status),
            );
        }
        let final_url = current;
        let result = match self.handle_page(&row, &final_url, &response, &record_id) {
            Ok(r) => r,
            Err(reason) => return self.finish_failed(&row, reason, Some(status)),
        };
        self.commit_page(
            &row,
            result,
            status,
            Some(&response),
            Some(&record_id),
            Some(final_url.as_str()),
            if row.kind == UrlKind::Article {
                ""
            } else {
                "done"
            },
        )
    }

    /// Turn a 200 response into documents and discoveries.
    fn handle_page(
        &self,
        row: &UrlRow,
        final_url: &Url,
        resp: &Response,
        record_id: &str,
    ) -> Result<PageResult, String> {
        let plan = self.plan_index(&row.source).map(|i| &self.plans[i]);
        let entry = row.entry.and_then(|i| plan?.entries.get(i as usize));
        let mut result = PageResult::default();
        let content_type = resp.header("content-type");
        let kind = match row.kind {
            UrlKind::Article => None,
            UrlKind::Feed => Some(PageKind::Feed),
            UrlKind::Sitemap => Some(PageKind::Sitemap),
            UrlKind::Listing => Some(PageKind::Listing),
            UrlKind::Auto | UrlKind::Robots => {
                let text =
                    String::from_utf8_lossy(&resp.body[..resp.body.len().min(4096)]).into_owned();
                Some(discover::sniff(&text))
            }
        };
        let since_ok = |d: Option<NaiveDate>| match (self.options.since, d) {
            (Some(since), Some(d)) => d >= since,
            _ => true,
        };
        // Links are judged and queued in canonical form only.
        let is_article = |u: &mut Url, listing: Option<&Url>| {
            match canonicalize(u.as_str()) {
                Some(c) => *u = c,
                None => return false,
            }
            plan.is_some_and(|p| p.is_article(u, listing))
        };
        match kind {
            Some(PageKind::Sitemap) => {
                let text = pressroom_parse::encoding::decode(&resp.body, content_type)
                    .map_err(|e| format!("sitemap: {e}"))?
                    .text;
                let links = discover::sitemap_links(&text, final_url)?;
                for s in links.sitemaps {
                    if since_ok(s.date) && plan.is_some_and(|p| p.owns(&s.url)) {
                        result
                            .found
                            .push((s.url, UrlKind::Sitemap, row.lang.clone(), row.entry));
                    }
                }
                for mut p in links.pages {
                    if since_ok(p.date) && is_article(&mut p.url, None) {
                        result
                            .found
                            .push((p.url, UrlKind::Article, row.lang.clone(), row.entry));
                    }
                }
            }
            Some(PageKind::Feed) => {
                for Found { mut url, date } in discover::feed_links(&resp.body, final_url)? {
                    if since_ok(date) && is_article(&mut url, None) {
                        result
                            .found
                            .push((url, UrlKind::Article, row.lang.clone(), row.entry));
                    }
                }
            }
            Some(PageKind::Listing) => {
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
                    if is_article(&mut l.url, Some(final_url)) {
                        result
                            .found
                            .push((l.url, UrlKind::Article, row.lang.clone(), row.entry));
                    }
                }
                result.next_listing = links
                    .next
                    .and_then(|n| canonicalize(n.as_str()))
                    .filter(|n| plan.is_some_and(|p| p.owns(n)))
                    .map(|n| (n, row.lang.clone(), row.entry));
            }
            None => self.handle_article(row, final_url, resp, record_id, plan, &mut result)?,
        }
        Ok(result)
    }

    fn handle_article(
        &self,
        row: &UrlRow,
        final_url: &Url,
        resp: &Response,
        record_id: &str,
        plan: Option<&Plan>,
        result: &mut PageResult,
    ) -> Result<(), String> {
        let content_type = resp.header("content-type");
        let parse = |origin: &str| {
            pressroom_parse::parse(
                &Input {
                    bytes: &resp.body,
                    origin,
                    url: Some(final_url.as_str()),
                    content_type,
                    kind: ContentKind::Html,
                },
                self.sources,
            )
            .map_err(|e| format!("parse: {e}"))
        };
        let mut origin = final_url.to_string();
        let mut parsed = parse(&origin)?;
        // One document per canonical URL: the page's own canonical link wins
        // over the address it was reached by (`?p=ID` vs permalink).
        if let Some(canonical) = parsed
            .documents
            .first()
            .and_then(|d| d.meta.url.as_deref())
            .and_then(canonicalize)
            .filter(|c| c.as_str() != origin && site_host(c) == site_host(final_url))
        {
            origin = canonical.to_string();
            parsed = parse(&origin)?;
        }
        if parsed.documents.is_empty() {
            return Err("parse: no documents".into());
        }
        if self.options.topic_filter && plan.is_some_and(|p| !p.on_topic(&parsed.documents)) {
            result.skip_reason = Some("off topic".into());
            return Ok(());
        }
        if let Some(since) = self.options.since
            && parsed
                .documents
                .iter()
                .all(|d| d.published.is_some_and(|p| p < since))
        {
            result.skip_reason = Some("older than --since".into());
            return Ok(());
        }
        let section_lang: Option<Lang> = row.lang.as_deref().and_then(|l| l.parse().ok());
        for mut doc in parsed.documents {
            doc.meta.fetched_at = Some(resp.fetched_at);
            doc.meta.http_status = Some(resp.status);
            doc.meta.warc_record_id = Some(record_id.to_string());
            if doc.meta.url.is_none() {
                doc.meta.url = Some(origin.clone());
            }
            if doc.source.is_empty() {
                doc.source = row.source.clone();
            }
            if doc.lang == Lang::Other
                && let Some(lang) = section_lang
            {
                doc.lang = lang;
            }
            for (_, alt) in &doc.meta.alternates {
                if let Some(alt) = final_url
                    .join(alt)
                    .ok()
                    .and_then(|u| canonicalize(u.as_str()))
                    && alt.as_str() != origin
                    && !result.alternates.contains(&alt.to_string())
                {
                    result.alternates.push(alt.to_string());
                    // Other language versions are articles too, even when
                    // no listing we read shows them.
                    if plan.is_some_and(|p| p.is_article(&alt, None)) {
                        result.found.push((alt, UrlKind::Article, None, row.entry));
                    }
                }
            }
            result.docs.push(doc);
        }
        result.links = parsed.links;
        result.origin = Some(origin);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn commit_page(
        &mut self,
        row: &UrlRow,
        page: PageResult,
        status: u16,
        response: Option<&Response>,
        record_id: Option<&str>,
        final_url: Option<&str>,
        fixed_outcome: &str,
    ) -> Result<String, CrawlError> {
        let run = self.run;
        let mut active_add = Vec::new();
        let tx = self.store.conn_mut().transaction()?;
        let mut outcome = if fixed_outcome.is_empty() {
            "unchanged"
        } else {
            fixed_outcome
        }
        .to_string();
        let mut doc_ids = Vec::new();
        let mut new_links = 0usize;
        for (url, kind, lang, entry) in &page.found {
            let host = host_key(url);
            let is_new = state::enqueue(
                &tx,
                run,
                &NewUrl {
                    url: url.as_str(),
                    source: &row.source,
                    host: &host,
                    kind: *kind,
                    lang: lang.as_deref(),
                    entry: *entry,
                },
            )?;
            new_links += usize::from(is_new);
            active_add.push(host);
        }
        // Incremental paging: a listing page showing nothing new means the
        // rest of the listing is known too.
        if let Some((next, lang, entry)) = &page.next_listing
            && new_links > 0
        {
            let host = host_key(next);
            state::enqueue(
                &tx,
                run,
                &NewUrl {
                    url: next.as_str(),
                    source: &row.source,
                    host: &host,
                    kind: UrlKind::Listing,
                    lang: lang.as_deref(),
                    entry: *entry,
                },
            )?;
            active_add.push(host);
        }
        let mut stored = 0u64;
        if let Some(origin) = &page.origin {
            let results = pressroom_store::replace_origin(&tx, origin, &page.docs)?;
            for r in &results {
                outcome = match (r, outcome.as_str()) {
                    (Upsert::New, _) => "new".into(),
                    (Upsert::Changed, o) if o != "new" => "changed".into(),
                    _ => outcome,
                };
            }
            stored = page.docs.len() as u64;
            doc_ids = page.docs.iter().map(|d| d.id.to_string()).collect();
            for link in &page.links {
                pressroom_store::upsert_link(&tx, link)?;
            }
            for alt in &page.alternates {
                tx.execute(
                    "INSERT OR IGNORE INTO crawl_alternates(from_url, to_url) VALUES (?1, ?2)",
                    [origin.as_str(), alt.as_str()],
                )?;
            }
            link_translations(&tx, origin, &page.docs)?;
            if origin.as_str() != row.url {
                // The canonical URL is done too, so it is not fetched again under that name.
                let host = Url::parse(origin).map(|u| host_key(&u)).unwrap_or_default();
                state::enqueue(
                    &tx,
                    run,
                    &NewUrl {
                        url: origin,
                        source: &row.source,
                        host: &host,
                        kind: UrlKind::Article,
                        lang: row.lang.as_deref(),
                        entry: row.entry,
                    },
                )?;
                state::record(
                    &tx,
                    run,
                    origin,
                    &Outcome {
                        state: "done",
                        outcome: "alias",
                        http_status: Some(status),
                        error: None,
                        etag: None,
                        last_modified: None,
                        fetched_at: None,
                        warc_record_id: record_id,
                        final_url: None,
                        doc_ids: Some(&doc_ids),
                    },
                )?;
            }
        }
        let skipped = page.skip_reason.clone();
        let fetched_at = response.map(|r| r.fetched_at.to_rfc3339());
        let state_name = if skipped.is_some() { "skipped" } else { "done" };
        if let Some(reason) = &skipped {
            outcome = format!("skipped: {reason}");
        }
        state::record(
            &tx,
            run,
            &row.url,
            &Outcome {
                state: state_name,
                outcome: &outcome,
                http_status: Some(status),
                error: None,
                etag: response.and_then(|r| r.header("etag")),
                last_modified: response.and_then(|r| r.header("last-modified")),
                fetched_at: fetched_at.as_deref(),
                warc_record_id: record_id,
                final_url,
                doc_ids: page.origin.as_ref().map(|_| doc_ids.as_slice()),
            },
        )?;
        tx.commit()?;
        self.active.extend(active_add);
        self.summary.documents_stored += stored;
        let counts = self
            .summary
            .per_source
            .entry(row.source.clone())
            .or_default();
        if row.kind == UrlKind::Article {
            match outcome.as_str() {
                "new" => {
                    self.summary.new += 1;
                    counts.new += 1;
                }
                "changed" => {
                    self.summary.changed += 1;
                    counts.changed += 1;
                }
                "unchanged" | "not_modified" => {
                    self.summary.unchanged += 1;
                    counts.unchanged += 1;
                }
                _ => {}
            }
        }
        if let Some(reason) = skipped {
            counts.skipped += 1;
            *self.summary.skipped.entry(reason).or_default() += 1;
        }
        Ok(outcome)
    }

    fn finish_skipped(
        &mut self,
        row: &UrlRow,
        reason: &str,
        status: Option<u16>,
    ) -> Result<String, CrawlError> {
        state::record(
            self.store.conn(),
            self.run,
            &row.url,
            &Outcome {
                state: "skipped",
                outcome: &format!("skipped: {reason}"),
                http_status: status,
                error: None,
                etag: None,
                last_modified: None,
                fetched_at: None,
                warc_record_id: None,
                final_url: None,
                doc_ids: None,
            },
        )?;
        self.summary
            .per_source
            .entry(row.source.clone())
            .or_default()
            .skipped += 1;
        *self.summary.skipped.entry(reason.to_string()).or_default() += 1;
        Ok(format!("skipped: {reason}"))
    }

    fn finish_failed(
        &mut self,
        row: &UrlRow,
        reason: String,
        status: Option<u16>,
    ) -> Result<String, CrawlError> {
        state::record(
            self.store.conn(),
            self.run,
            &row.url,
            &Outcome {
                state: "failed",
                outcome: "failed",
                http_status: status,
                error: Some(&reason),
                etag: None,
                last_modified: None,
                fetched_at: None,
                warc_record_id: None,
                final_url: None,
                doc_ids: None,
            },
        )?;
        self.summary
            .per_source
            .entry(row.source.clone())
            .or_default()
            .failed += 1;
        let what = format!("failed: {reason}");
        self.summary.failed.push(Failure {
            url: row.url.clone(),
            reason,
        });
        Ok(what)
    }

    fn transient_or_failed(
        &mut self,
        row: &UrlRow,
        transient: bool,
        reason: String,
        status: Option<u16>,
    ) -> Result<String, CrawlError> {
        if !transient || row.attempts + 1 >= i64::from(self.options.max_attempts) {
            let attempts = row.attempts + 1;
            let reason = if transient {
                format!("{reason} (after {attempts} attempts)")
            } else {
                reason
            };
            return self.finish_failed(row, reason, status);
        }
        let wait = self.backoff(row.attempts);
        self.retry_at(row, wait, reason, status.unwrap_or(0))
    }

    fn retry_at(
        &mut self,
        row: &UrlRow,
        wait: Duration,
        reason: String,
        status: u16,
    ) -> Result<String, CrawlError> {
        if row.attempts + 1 >= i64::from(self.options.max_attempts) {
            let attempts = row.attempts + 1;
            return self.finish_failed(
                row,
                format!("{reason} (after {attempts} attempts)"),
                Some(status).filter(|s| *s > 0),
            );
        }
        let at = state::now_ms() + wait.as_millis() as i64;
        state::postpone(self.store.conn(), self.run, &row.url, at, &reason)?;
        self.summary.retries += 1;
        Ok(format!("retry in {:.1}s: {reason}", wait.as_secs_f32()))
    }
}

/// Link the documents of `origin` with those of the pages it names as other
/// language versions, and of the pages naming it, whichever was stored first.
fn link_translations(
    conn: &rusqlite::Connection,
    origin: &str,
    docs: &[Document],
) -> Result<(), CrawlError> {
    let mut others: Vec<(String, String, String)> = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT d.id, d.lang, a.to_url FROM crawl_alternates a JOIN documents d ON d.origin = a.to_url
         WHERE a.from_url = ?1
         UNION
         SELECT d.id, d.lang, a.from_url FROM crawl_alternates a JOIN documents d ON d.origin = a.from_url
         WHERE a.to_url = ?1",
    )?;
    let rows = stmt.query_map([origin], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    for row in rows {
        others.push(row?);
    }
    for doc in docs {
        for (id, lang, other_url) in &others {
            if lang == doc.lang.code() || *id == doc.id.0 {
                continue;
            }
            pressroom_store::upsert_link(
                conn,
                &Link {
                    a: doc.id.clone(),
                    b: DocId(id.clone()),
                    kind: LinkKind::Translation,
                    score: 0.95,
                    evidence: vec![Evidence {
                        signal: "hreflang".into(),
                        weight: 0.95,
                        detail: format!(
                            "{origin} and {other_url} name each other as language versions"
                        ),
                    }],
                },
            )?;
        }
    }
    Ok(())
}
