//! The HTTP exchange of one URL: robots.txt first, the GET (archived to
//! WARC before anything else happens), redirects followed one hop at a time
//! and the answer classified into a typed [`Fetched`].

use super::options::{CrawlOptions, ROBOTS_TOKEN};
use super::plan::host_key;
use super::politeness::{Politeness, backoff};
use super::report::HostPause;
use crate::canon::canonicalize;
use crate::http::{HttpClient, HttpError, Response, Validators, retry_after};
use crate::state::{UrlKind, UrlRow};
use crate::warc::{Exchange as WarcExchange, WarcWriter};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use texting_robots::Robot;
use url::Url;

/// How the exchange of one URL ended.
pub(crate) enum Fetched {
    /// A 200 of a wanted content type, at `final_url` after redirects.
    Page {
        response: Response,
        record_id: String,
        final_url: Url,
    },
    /// The conditional GET found the page unchanged (304).
    NotModified {
        response: Response,
        record_id: String,
    },
    /// Failed for this run.
    Failed { reason: String, status: Option<u16> },
    /// Worth another try later in this run, after a backoff.
    Transient { reason: String, status: Option<u16> },
    /// The server named when to come back (within the cap).
    RetryAfter {
        wait: Duration,
        reason: String,
        status: u16,
    },
    /// Not fetched on purpose (robots.txt).
    Skipped { reason: String, status: Option<u16> },
}

/// Requests made, counted as they go.
#[derive(Default)]
pub(crate) struct Counters {
    pub requests: u64,
    pub retries: u64,
    pub per_source: BTreeMap<String, u64>,
    pub paused_hosts: Vec<HostPause>,
}

/// Which content types are worth downloading.
pub(crate) fn wanted_content_type(ct: &str) -> bool {
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

/// What the exchanges of every worker share: host politeness, the archive
/// and the request counters. Each lock is held for a lookup or one archive
/// append, never across a request or a politeness sleep.
pub(crate) struct Shared {
    pub politeness: Mutex<Politeness>,
    warc: Mutex<Option<WarcWriter>>,
    pub counters: Mutex<Counters>,
}

impl Shared {
    pub fn new(options: &CrawlOptions) -> Shared {
        Shared {
            politeness: Mutex::new(Politeness::new(options.max_crawl_delay)),
            warc: Mutex::new(None),
            counters: Mutex::new(Counters::default()),
        }
    }

    pub fn politeness(&self) -> MutexGuard<'_, Politeness> {
        self.politeness
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn counters(&self) -> MutexGuard<'_, Counters> {
        self.counters.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The HTTP side of a crawl, one per worker: its own client, and the
/// politeness and archive all workers share.
pub(crate) struct Exchanger {
    http: HttpClient,
    options: CrawlOptions,
    shared: Arc<Shared>,
    /// Requests made since [`Exchanger::take_requests`] was last called.
    requests: u64,
}

impl Exchanger {
    pub fn new(options: CrawlOptions, shared: Arc<Shared>) -> Result<Exchanger, HttpError> {
        Ok(Exchanger {
            http: HttpClient::new(options.http.clone())?,
            options,
            shared,
            requests: 0,
        })
    }

    /// The requests made since the last call (the run's page count is
    /// kept by the thread that holds the store).
    pub fn take_requests(&mut self) -> u64 {
        std::mem::take(&mut self.requests)
    }

    fn politeness(&self) -> MutexGuard<'_, Politeness> {
        self.shared.politeness()
    }

    /// One GET, archived, counted and spaced by the host's delay.
    fn request(
        &mut self,
        (url, source, base_delay): (&Url, &str, Duration),
        validators: &Validators,
        refers_to: Option<&str>,
        role: UrlKind,
    ) -> Result<(Response, String), HttpError> {
        let host = host_key(url);
        let at = self.politeness().ready_at(&host, base_delay);
        let now = Instant::now();
        if at > now {
            std::thread::sleep(at - now);
        }
        let result = self.http.get(url, validators, &wanted_content_type);
        self.politeness().after_request(&host);
        self.requests += 1;
        {
            let mut counters = self.shared.counters();
            counters.requests += 1;
            *counters.per_source.entry(source.to_string()).or_default() += 1;
        }
        let response = result?;
        let mut warc = self
            .shared
            .warc
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let warc = match warc.as_mut() {
            Some(w) => w,
            None => {
                let w = WarcWriter::create(
                    &self.options.warc_dir,
                    &format!("pressroom-fetch/{}", env!("CARGO_PKG_VERSION")),
                    &self.options.http.user_agent,
                )
                .map_err(|e| HttpError::Request(format!("cannot archive: {e}")))?;
                warc.insert(w)
            }
        };
        let id = warc
            .write_exchange_in_role(
                &WarcExchange {
                    target_uri: url.as_str(),
                    date: response.fetched_at,
                    request_head: &response.request_head,
                    response_head: &response.response_head,
                    body: &response.raw_body,
                    status: response.status,
                    ip: response.ip,
                    refers_to,
                },
                Some(role.as_str()),
            )
            .map_err(|e| HttpError::Request(format!("cannot archive: {e}")))?;
        Ok((response, id))
    }

    /// Fetch and parse robots.txt of `url`'s host once per run; returns
    /// the sitemaps it names when it was read now.
    pub fn ensure_robots(
        &mut self,
        (url, source, base_delay): (&Url, &str, Duration),
    ) -> Option<Vec<String>> {
        let host = host_key(url);
        if self.politeness().robots_loaded(&host) {
            return None;
        }
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        let mut robots = None;
        let mut error = None;
        let mut tries = 0;
        loop {
            tries += 1;
            let target = (&robots_url, source, base_delay);
            match self.request(target, &Validators::default(), None, UrlKind::Robots) {
                Ok((resp, _)) if resp.status == 200 => {
                    robots = Robot::new(ROBOTS_TOKEN, &resp.body).ok();
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
            std::thread::sleep(backoff(self.options.backoff_base, i64::from(tries)));
            self.shared.counters().retries += 1;
            error = None;
        }
        let sitemaps = robots.as_ref().map(|r: &Robot| r.sitemaps.clone());
        self.politeness()
            .set_robots(&host, robots, error, base_delay);
        sitemaps
    }

    /// Read robots.txt of `url`'s host again, for a robots entry point:
    /// the sitemaps it names, or why it could not be read.
    pub fn read_robots(&mut self, target: (&Url, &str, Duration)) -> Result<Vec<String>, String> {
        let host = host_key(target.0);
        self.politeness().forget_robots(&host);
        let sitemaps = self.ensure_robots(target);
        match self.politeness().robots_error(&host) {
            Some(err) => Err(err),
            None => Ok(sitemaps.unwrap_or_default()),
        }
    }

    /// The whole exchange for a page URL (not robots.txt).
    pub fn fetch(&mut self, row: &UrlRow, url: &Url, base_delay: Duration) -> Fetched {
        debug_assert!(row.kind != UrlKind::Robots);
        let source = row.source.as_str();
        self.ensure_robots((url, source, base_delay));
        let host = host_key(url);
        if let Some(reason) = self.politeness().robots_error(&host) {
            return Fetched::Failed {
                reason,
                status: None,
            };
        }
        if !self.politeness().allowed(&host, url.as_str()) {
            return Fetched::Skipped {
                reason: "disallowed by robots.txt".into(),
                status: None,
            };
        }
        let validators = Validators {
            etag: row.etag.clone(),
            last_modified: row.last_modified.clone(),
        };
        let mut current = url.clone();
        let mut seen = vec![current.to_string()];
        // Follow redirects ourselves, so each hop is archived, checked
        // against robots.txt and loop-detected.
        let (response, record_id) = loop {
            let v = if current == *url {
                validators.clone()
            } else {
                Validators::default()
            };
            let target = (&current, source, base_delay);
            let refers_to = row.warc_record_id.as_deref();
            let (resp, id) = match self.request(target, &v, refers_to, row.kind) {
                Ok(r) => r,
                Err(e) if e.is_transient() => {
                    return Fetched::Transient {
                        reason: e.to_string(),
                        status: None,
                    };
                }
                Err(e) => {
                    return Fetched::Failed {
                        reason: e.to_string(),
                        status: None,
                    };
                }
            };
            if !(300..400).contains(&resp.status) || resp.status == 304 {
                break (resp, id);
            }
            let status = Some(resp.status);
            let failed = |reason: String| Fetched::Failed { reason, status };
            let Some(next) = resp
                .header("location")
                .and_then(|l| current.join(l.trim()).ok())
            else {
                return failed(format!("HTTP {} without Location", resp.status));
            };
            let Some(next) = canonicalize(next.as_str()) else {
                return failed(format!("redirect to a non-web URL {next}"));
            };
            if seen.contains(&next.to_string()) {
                return failed(format!("redirect loop via {next}"));
            }
            if seen.len() > self.options.max_redirects {
                return failed(format!(
                    "more than {} redirects",
                    self.options.max_redirects
                ));
            }
            self.ensure_robots((&next, source, base_delay));
            if !self.politeness().allowed(&host_key(&next), next.as_str()) {
                return Fetched::Skipped {
                    reason: "redirect target disallowed by robots.txt".into(),
                    status,
                };
            }
            seen.push(next.to_string());
            current = next;
        };
        self.classify(&host, response, record_id, current)
    }

    /// What a final (non-redirect) answer means for the URL and its host.
    fn classify(
        &mut self,
        host: &str,
        response: Response,
        record_id: String,
        final_url: Url,
    ) -> Fetched {
        let status = response.status;
        match status {
            200 => {}
            304 => {
                return Fetched::NotModified {
                    response,
                    record_id,
                };
            }
            429 | 503 => {
                let reason = format!("HTTP {status}");
                let Some(wait) = response
                    .header("retry-after")
                    .and_then(|v| retry_after(v, std::time::SystemTime::now()))
                else {
                    return Fetched::Transient {
                        reason,
                        status: Some(status),
                    };
                };
                if wait > self.options.max_retry_after {
                    // The whole host asked for the pause, not only this URL:
                    // its other URLs wait for the next run.
                    let pause = format!(
                        "{reason} with Retry-After {}s, beyond the {}s cap: \
                         its other URLs wait for the next run",
                        wait.as_secs(),
                        self.options.max_retry_after.as_secs()
                    );
                    self.politeness().pause(host, pause.clone());
                    self.shared.counters().paused_hosts.push(HostPause {
                        host: host.to_string(),
                        reason: pause,
                    });
                    let reason = format!("{reason}, Retry-After {}s too long", wait.as_secs());
                    return Fetched::Failed {
                        reason,
                        status: Some(status),
                    };
                }
                self.politeness().hold(host, wait);
                return Fetched::RetryAfter {
                    wait,
                    reason: format!("{reason} (Retry-After {}s)", wait.as_secs()),
                    status,
                };
            }
            500..=599 => {
                return Fetched::Transient {
                    reason: format!("HTTP {status}"),
                    status: Some(status),
                };
            }
            _ => {
                return Fetched::Failed {
                    reason: format!("HTTP {status}"),
                    status: Some(status),
                };
            }
        }
        let content_type = response.header("content-type").unwrap_or("");
        if !wanted_content_type(content_type) {
            return Fetched::Failed {
                reason: format!("content type {content_type} not accepted"),
                status: Some(status),
            };
        }
        Fetched::Page {
            response,
            record_id,
            final_url,
        }
    }
}
