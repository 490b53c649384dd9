//! Host politeness: robots.txt rules, the per-host delay, `Retry-After`
//! pauses and the backoff between retries.
//!
//! A per-host "next allowed instant" models `Crawl-delay` and
//! `Retry-After` directly, which a token bucket does not.

use std::collections::HashMap;
use std::time::{Duration, Instant};
use texting_robots::Robot;

struct HostState {
    robots: Option<Robot>,
    robots_loaded: bool,
    /// Why robots.txt could not be read (then nothing on the host is fetched this run).
    robots_error: Option<String>,
    delay: Duration,
    next_allowed: Instant,
    /// Why the host is left alone for the rest of the run.
    paused: Option<String>,
}

/// The politeness state of every host met in this run.
pub(crate) struct Politeness {
    hosts: HashMap<String, HostState>,
    max_crawl_delay: Duration,
}

impl Politeness {
    pub fn new(max_crawl_delay: Duration) -> Politeness {
        Politeness {
            hosts: HashMap::new(),
            max_crawl_delay,
        }
    }

    fn host(&mut self, host: &str, base_delay: Duration) -> &mut HostState {
        self.hosts
            .entry(host.to_string())
            .or_insert_with(|| HostState {
                robots: None,
                robots_loaded: false,
                robots_error: None,
                delay: base_delay,
                next_allowed: Instant::now(),
                paused: None,
            })
    }

    /// When `host` may be sent its next request, meeting the host if new.
    /// The caller sleeps until then without holding the politeness state,
    /// which the other hosts' requests share.
    pub fn ready_at(&mut self, host: &str, base_delay: Duration) -> Instant {
        self.host(host, base_delay).next_allowed
    }

    /// A request to `host` just ended: the next waits a delay from now.
    pub fn after_request(&mut self, host: &str) {
        if let Some(h) = self.hosts.get_mut(host) {
            h.next_allowed = Instant::now() + h.delay;
        }
    }

    /// When `host` may be sent its next request (now for a host not met yet).
    pub fn next_allowed(&self, host: &str) -> Option<Instant> {
        self.hosts.get(host).map(|h| h.next_allowed)
    }

    pub fn robots_loaded(&self, host: &str) -> bool {
        self.hosts.get(host).is_some_and(|h| h.robots_loaded)
    }

    /// Read robots.txt of `host` again (a robots entry point is that fetch).
    pub fn forget_robots(&mut self, host: &str) {
        if let Some(h) = self.hosts.get_mut(host) {
            h.robots_loaded = false;
        }
    }

    /// Keep what robots.txt said (or why it could not be read); its
    /// `Crawl-delay` raises the host's delay, up to the cap.
    pub fn set_robots(
        &mut self,
        host: &str,
        robots: Option<Robot>,
        error: Option<String>,
        base_delay: Duration,
    ) {
        let crawl_delay = robots
            .as_ref()
            .and_then(|r| r.delay)
            .filter(|d| d.is_finite() && *d > 0.0)
            .map(|d| Duration::from_secs_f32(d).min(self.max_crawl_delay))
            .unwrap_or_default();
        let delay = base_delay.max(crawl_delay);
        let h = self.host(host, base_delay);
        h.robots = robots;
        h.robots_loaded = true;
        h.robots_error = error;
        h.delay = delay;
        h.next_allowed = Instant::now() + delay;
    }

    pub fn robots_error(&self, host: &str) -> Option<String> {
        self.hosts.get(host).and_then(|h| h.robots_error.clone())
    }

    /// Whether robots.txt of `host` lets us fetch `url`.
    pub fn allowed(&self, host: &str, url: &str) -> bool {
        self.hosts
            .get(host)
            .and_then(|h| h.robots.as_ref())
            .is_none_or(|r| r.allowed(url))
    }

    /// No request to `host` before `wait` from now (`Retry-After`).
    pub fn hold(&mut self, host: &str, wait: Duration) {
        if let Some(h) = self.hosts.get_mut(host) {
            h.next_allowed = h.next_allowed.max(Instant::now() + wait);
        }
    }

    /// No request to `host` for the rest of the run.
    pub fn pause(&mut self, host: &str, reason: String) {
        if let Some(h) = self.hosts.get_mut(host) {
            h.paused = Some(reason);
        }
    }

    pub fn paused(&self, host: &str) -> bool {
        self.hosts.get(host).is_some_and(|h| h.paused.is_some())
    }
}

/// How long to wait before try number `attempts + 1`: exponential with jitter, at most 5 minutes.
pub(crate) fn backoff(base: Duration, attempts: i64) -> Duration {
    let factor = 2f64.powi(attempts.clamp(0, 10) as i32) * (0.5 + fastrand::f64());
    base.mul_f64(factor).min(Duration::from_secs(300))
}
