//! The run loop: plan the run (or resume it), then hand each URL whose
//! host's turn has come to a worker thread, at most one per host, and
//! commit what the workers bring back, until nothing is left.
//!
//! This thread keeps the store, the frontier and every commit; a worker
//! only makes the HTTP exchange (robots.txt, the GET, redirects, archiving)
//! with its own client. A kill loses what is in flight, which is still
//! pending in the store and fetched again by the next run.

use super::commit::{self, Decided, PANICKED, PageCommit};
use super::exchange::{Exchanger, Fetched, Shared};
use super::options::{CrawlError, CrawlOptions, Target};
use super::page::Discovered;
use super::page::{FetchedPage, PageError, PageResult, PageRules, page_step};
use super::plan::{self, Entry, Plan, host_key};
use super::politeness::backoff;
use super::report::{Failure, Progress, RejectedLinks, Summary, UrlOutcome};
use crate::canon::canonicalize;
use crate::state::{self, NewUrl, Next, UrlKind, UrlRow};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;
use std::collections::{BTreeSet, HashSet};
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use url::Url;

pub struct Crawler<'a> {
    store: &'a mut Store,
    sources: &'a SourcesConfig,
    options: CrawlOptions,
    shared: Arc<Shared>,
    /// Hosts that may have pending URLs in this run.
    active: BTreeSet<String>,
    plans: Vec<Plan>,
    run: i64,
    summary: Summary,
}

impl<'a> Crawler<'a> {
    /// Prepare a crawl: creates the crawl tables if needed.
    pub fn new(
        store: &'a mut Store,
        sources: &'a SourcesConfig,
        options: CrawlOptions,
    ) -> Result<Crawler<'a>, CrawlError> {
        state::migrate(store.conn())?;
        // The HTTP options are checked now, before anything is queued.
        drop(Exchanger::new(
            options.clone(),
            Arc::new(Shared::new(&options)),
        )?);
        Ok(Crawler {
            store,
            sources,
            shared: Arc::new(Shared::new(&options)),
            options,
            active: BTreeSet::new(),
            plans: Vec::new(),
            run: 0,
            summary: Summary::default(),
        })
    }

    /// Queue the entry points (or resume the unfinished run) inside `conn`.
    fn plan_run(
        conn: &rusqlite::Connection,
        scope: &str,
        plans: &[Plan],
        entries: &[Entry],
    ) -> Result<(i64, bool), CrawlError> {
        let (run, resumed) = state::begin_run(conn, scope)?;
        if !resumed {
            for plan in plans {
                state::requeue_unfinished(conn, run, &plan.name)?;
            }
            for e in entries {
                let parsed = Url::parse(&e.url).map_err(|_| CrawlError::BadUrl(e.url.clone()))?;
                state::enqueue(
                    conn,
                    run,
                    &NewUrl {
                        url: &e.url,
                        source: &e.source,
                        host: &host_key(&parsed),
                        kind: e.kind,
                        lang: e.lang.as_deref(),
                        entry: e.index,
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
        let (plans, entries) = plan::make_plans(self.sources, target)?;
        let scope = plan::scope(target);
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
        let (plans, entries) = plan::make_plans(self.sources, target)?;
        let scope = plan::scope(target);
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

        // A page cap is exact only one request at a time.
        let capped =
            self.options.max_pages.is_some() || self.plans.iter().any(|p| p.max_pages.is_some());
        let slots = if capped {
            1
        } else {
            self.options.workers.max(1)
        };
        let (job_tx, job_rx) = mpsc::channel::<Job>();
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        for _ in 0..slots {
            let (options, shared) = (self.options.clone(), self.shared.clone());
            let (jobs, done) = (job_rx.clone(), done_tx.clone());
            // Each worker builds its own client, so the crawl starts without
            // waiting for them one by one (their options were checked by new).
            std::thread::spawn(move || {
                if let Ok(exchanger) = Exchanger::new(options, shared) {
                    work(exchanger, &jobs, &done);
                }
            });
        }
        drop(done_tx);
        let mut in_flight: HashSet<String> = HashSet::new();
        loop {
            while let Ok(done) = done_rx.try_recv() {
                self.settle(done, &mut in_flight, progress)?;
            }
            let mut wait_until = None;
            if in_flight.len() < slots {
                if let Some(max) = self.options.max_pages
                    && state::run_pages(self.store.conn(), run)? >= max
                {
                    if in_flight.is_empty() {
                        self.summary.stopped_at_max_pages = !self.active.is_empty();
                        break;
                    }
                } else {
                    match self.pick(&in_flight)? {
                        Pick::Ready(row) => {
                            self.dispatch(row, &job_tx, &mut in_flight, progress)?;
                            continue;
                        }
                        Pick::At(at) => wait_until = Some(at),
                        Pick::Nothing if in_flight.is_empty() => break,
                        Pick::Nothing => {}
                    }
                }
            }
            let done = match wait_until {
                Some(at) => {
                    match done_rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                        Ok(done) => done,
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => return Err(workers_gone()),
                    }
                }
                None => done_rx.recv().map_err(|_| workers_gone())?,
            };
            self.settle(done, &mut in_flight, progress)?;
        }
        drop(job_tx);
        self.fold_counters();
        let json = serde_json::to_string(&self.summary).unwrap_or_default();
        // A run stopped by --max-pages is over too: its left-overs are
        // requeued by the next run rather than resumed.
        state::finish_run(self.store.conn(), run, &json)?;
        Ok(self.summary)
    }

    fn fold_counters(&mut self) {
        let counters = std::mem::take(&mut *self.shared.counters());
        self.summary.requests += counters.requests;
        self.summary.retries += counters.retries;
        for (source, requests) in counters.per_source {
            self.summary.per_source.entry(source).or_default().requests += requests;
        }
        self.summary.paused_hosts.extend(counters.paused_hosts);
    }

    /// A URL whose host's turn has come, of a host with no request in
    /// flight; else when the soonest such turn comes.
    fn pick(&mut self, in_flight: &HashSet<String>) -> Result<Pick, CrawlError> {
        // A paused host keeps its pending URLs for the next run.
        let politeness = self.shared.politeness();
        self.active.retain(|h| !politeness.paused(h));
        let now_ms = state::now_ms();
        let now = Instant::now();
        let mut best: Option<(Instant, String)> = None;
        let mut empty = Vec::new();
        // Hosts in the order politeness lets them go, so the store is asked
        // only about hosts that could go before the best found so far: a
        // URL never goes before its host's turn.
        let mut by_turn: Vec<(Instant, &String)> = self
            .active
            .iter()
            .filter(|h| !in_flight.contains(*h))
            .map(|h| (politeness.next_allowed(h).unwrap_or(now), h))
            .collect();
        by_turn.sort();
        for (ready, host) in by_turn {
            if best.as_ref().is_some_and(|(t, _)| ready >= *t) {
                break;
            }
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
        drop(politeness);
        for host in empty {
            self.active.remove(&host);
        }
        let Some((at, host)) = best else {
            return Ok(Pick::Nothing);
        };
        if at > Instant::now() {
            return Ok(Pick::At(at));
        }
        Ok(
            match state::next_for_host(self.store.conn(), self.run, &host, state::now_ms())? {
                Next::Ready(row) => Pick::Ready(row),
                // Its retry time has not quite come: look again right away.
                _ => Pick::At(Instant::now()),
            },
        )
    }

    /// Hand `row` to a worker, or settle it here when it cannot be fetched.
    fn dispatch(
        &mut self,
        row: Box<UrlRow>,
        jobs: &Sender<Job>,
        in_flight: &mut HashSet<String>,
        progress: &mut dyn Progress,
    ) -> Result<(), CrawlError> {
        if self.source_at_max_pages(&row.source)? {
            // Its hosts rest for the rest of the run; what is left
            // pending is requeued by the next run, like --max-pages.
            self.active.remove(&row.host);
            self.summary.stopped_at_max_pages = true;
            return Ok(());
        }
        let Ok(url) = Url::parse(&row.url) else {
            let outcome = self.fail(&row, "unparsable URL".into(), None)?;
            self.count(&row, &outcome);
            progress.page(&row.source, &row.url, &outcome.to_string());
            return Ok(());
        };
        let base_delay = self.base_delay(&row.source);
        in_flight.insert(row.host.clone());
        jobs.send(Job {
            row,
            url,
            base_delay,
        })
        .map_err(|_| workers_gone())
    }

    /// Commit what a worker brought back.
    fn settle(
        &mut self,
        done: Done,
        in_flight: &mut HashSet<String>,
        progress: &mut dyn Progress,
    ) -> Result<(), CrawlError> {
        in_flight.remove(&done.row.host);
        for _ in 0..done.requests {
            // Counting is best effort: it only bounds --max-pages.
            let _ = state::count_page(self.store.conn(), self.run);
        }
        let row = done.row;
        let outcome = self.process(&row, done.answer)?;
        self.count(&row, &outcome);
        progress.page(&row.source, &row.url, &outcome.to_string());
        Ok(())
    }

    /// Whether `source` has visited its `[source.crawl] max_pages` articles in this run
    /// (counted in the store, so a resumed run remembers).
    fn source_at_max_pages(&self, source: &str) -> Result<bool, CrawlError> {
        let Some(max) = self.plan(source).and_then(|p| p.max_pages) else {
            return Ok(false);
        };
        Ok(state::source_articles_visited(self.store.conn(), self.run, source)? >= max)
    }

    fn plan(&self, source: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.name == source)
    }

    /// The delay between two requests to a host of `source`, before robots.txt.
    fn base_delay(&self, source: &str) -> Duration {
        self.options.delay.unwrap_or_else(|| {
            self.plan(source)
                .and_then(|p| p.delay)
                .unwrap_or(self.options.default_delay)
        })
    }

    /// Deal with one URL's answer, up to the commit.
    fn process(&mut self, row: &UrlRow, answer: Answer) -> Result<UrlOutcome, CrawlError> {
        let fetched = match answer {
            Answer::Fetched(fetched) => *fetched,
            Answer::Robots(robots) => {
                return match robots {
                    Err(reason) => self.fail(row, reason, None),
                    Ok(sitemaps) => {
                        let found = sitemaps
                            .iter()
                            .filter_map(|s| canonicalize(s))
                            .map(|url| Discovered {
                                url,
                                kind: UrlKind::Sitemap,
                                lang: row.lang.clone(),
                                entry: row.entry,
                            })
                            .collect();
                        let page = PageResult {
                            found,
                            ..PageResult::default()
                        };
                        self.commit(PageCommit {
                            row,
                            page,
                            status: 200,
                            response: None,
                            record_id: None,
                            final_url: None,
                            decided: Decided::Already(UrlOutcome::Done),
                        })
                    }
                };
            }
        };
        match fetched {
            Fetched::Failed { reason, status } => self.fail(row, reason, status),
            Fetched::Skipped { reason, status } => {
                commit::record_skipped(self.store.conn(), self.run, row, &reason, status)?;
                Ok(UrlOutcome::Skipped(reason))
            }
            Fetched::Transient { reason, status } => self.retry_or_fail(row, None, reason, status),
            Fetched::RetryAfter {
                wait,
                reason,
                status,
            } => self.retry_or_fail(row, Some(wait), reason, Some(status)),
            Fetched::NotModified {
                response,
                record_id,
            } => self.commit(PageCommit {
                row,
                page: PageResult::default(),
                status: 304,
                response: Some(&response),
                record_id: Some(&record_id),
                final_url: None,
                decided: Decided::Already(UrlOutcome::NotModified),
            }),
            Fetched::Page {
                response,
                record_id,
                final_url,
            } => {
                let rules = PageRules {
                    plan: self.plan(&row.source),
                    sources: self.sources,
                    since: self.options.since,
                    topic_filter: self.options.topic_filter,
                    panic_marker: self.options.panic_marker.as_deref(),
                };
                let fetched = FetchedPage {
                    row,
                    final_url: &final_url,
                    response: &response,
                    record_id: &record_id,
                };
                let status = Some(response.status);
                let page = match page_step(&rules, &fetched) {
                    Ok(page) => page,
                    Err(e @ PageError::Panicked(_)) => {
                        return self.fail_as(row, PANICKED, e.to_string(), status);
                    }
                    Err(e) => return self.fail(row, e.to_string(), status),
                };
                self.note_rejected(row, &page);
                self.commit(PageCommit {
                    row,
                    page,
                    status: response.status,
                    response: Some(&response),
                    record_id: Some(&record_id),
                    final_url: Some(final_url.as_str()),
                    decided: if row.kind == UrlKind::Article {
                        Decided::ByStore
                    } else {
                        Decided::Already(UrlOutcome::Done)
                    },
                })
            }
        }
    }

    /// A discovery page whose links were all turned down is named in the summary.
    fn note_rejected(&mut self, row: &UrlRow, page: &PageResult) {
        if row.kind != UrlKind::Article && page.found.is_empty() && page.rejected.count > 0 {
            self.summary.rejected_links.push(RejectedLinks {
                source: row.source.clone(),
                url: row.url.clone(),
                links_found: page.rejected.count,
                examples: page.rejected.examples.clone(),
            });
        }
    }

    fn commit(&mut self, c: PageCommit<'_>) -> Result<UrlOutcome, CrawlError> {
        let committed = commit::commit_page(self.store, self.run, c)?;
        self.active.extend(committed.hosts);
        self.summary.documents_stored += committed.documents_stored;
        Ok(committed.outcome)
    }

    fn fail(
        &mut self,
        row: &UrlRow,
        reason: String,
        status: Option<u16>,
    ) -> Result<UrlOutcome, CrawlError> {
        self.fail_as(row, "failed", reason, status)
    }

    fn fail_as(
        &mut self,
        row: &UrlRow,
        recorded: &str,
        reason: String,
        status: Option<u16>,
    ) -> Result<UrlOutcome, CrawlError> {
        commit::record_failed(
            self.store.conn(),
            self.run,
            row,
            (recorded, &reason),
            status,
        )?;
        Ok(UrlOutcome::Failed(reason))
    }

    /// Try again after `wait` (or a backoff), unless the tries are spent.
    fn retry_or_fail(
        &mut self,
        row: &UrlRow,
        wait: Option<Duration>,
        reason: String,
        status: Option<u16>,
    ) -> Result<UrlOutcome, CrawlError> {
        let attempts = row.attempts + 1;
        if attempts >= i64::from(self.options.max_attempts) {
            return self.fail(row, format!("{reason} (after {attempts} attempts)"), status);
        }
        let wait = wait.unwrap_or_else(|| backoff(self.options.backoff_base, row.attempts));
        let at = state::now_ms() + wait.as_millis() as i64;
        state::postpone(self.store.conn(), self.run, &row.url, at, &reason)?;
        self.summary.retries += 1;
        Ok(UrlOutcome::Retry { wait, reason })
    }

    /// Add one URL's outcome to the summary.
    fn count(&mut self, row: &UrlRow, outcome: &UrlOutcome) {
        let counts = self
            .summary
            .per_source
            .entry(row.source.clone())
            .or_default();
        match outcome {
            UrlOutcome::New if row.kind == UrlKind::Article => {
                self.summary.new += 1;
                counts.new += 1;
            }
            UrlOutcome::Changed if row.kind == UrlKind::Article => {
                self.summary.changed += 1;
                counts.changed += 1;
            }
            UrlOutcome::Unchanged | UrlOutcome::NotModified if row.kind == UrlKind::Article => {
                self.summary.unchanged += 1;
                counts.unchanged += 1;
            }
            UrlOutcome::Skipped(reason) => {
                counts.skipped += 1;
                *self.summary.skipped.entry(reason.clone()).or_default() += 1;
            }
            UrlOutcome::Failed(reason) => {
                counts.failed += 1;
                self.summary.failed.push(Failure {
                    url: row.url.clone(),
                    reason: reason.clone(),
                });
            }
            _ => {}
        }
    }
}

/// A URL handed to a worker.
struct Job {
    row: Box<UrlRow>,
    url: Url,
    base_delay: Duration,
}

/// What a worker's exchange of one URL gave.
enum Answer {
    /// A robots entry point: the sitemaps robots.txt names, or why it could not be read.
    Robots(Result<Vec<String>, String>),
    Fetched(Box<Fetched>),
}

/// A worker's answer, with the requests it took.
struct Done {
    row: Box<UrlRow>,
    answer: Answer,
    requests: u64,
}

enum Pick {
    Ready(Box<UrlRow>),
    At(Instant),
    Nothing,
}

fn workers_gone() -> CrawlError {
    CrawlError::WorkersEnded
}

/// A worker: exchanges URLs until the run drops its end of the queue. A
/// panic in an exchange fails its URL rather than the worker.
fn work(mut exchanger: Exchanger, jobs: &Mutex<Receiver<Job>>, done: &Sender<Done>) {
    loop {
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = job else { return };
        let target = (&job.url, job.row.source.as_str(), job.base_delay);
        let answer = std::panic::catch_unwind(AssertUnwindSafe(|| {
            if job.row.kind == UrlKind::Robots {
                Answer::Robots(exchanger.read_robots(target))
            } else {
                Answer::Fetched(Box::new(exchanger.fetch(
                    &job.row,
                    &job.url,
                    job.base_delay,
                )))
            }
        }))
        .unwrap_or_else(|_| {
            Answer::Fetched(Box::new(Fetched::Failed {
                reason: "the HTTP exchange panicked".into(),
                status: None,
            }))
        });
        let requests = exchanger.take_requests();
        let reply = Done {
            row: job.row,
            answer,
            requests,
        };
        if done.send(reply).is_err() {
            return;
        }
    }
}
