//! The crawl, one concern a module, each depending only on those above it:
//!
//! * [`options`]: what shapes a crawl, and its errors;
//! * [`report`]: the typed outcome of a URL, progress and the summary;
//! * [`plan`]: each source's URL rules and entry points;
//! * [`politeness`]: robots.txt rules, per-host delays, pauses, backoff;
//! * [`exchange`]: one URL's HTTP exchange, archived, as a typed outcome;
//! * [`page`]: the pure page step (documents and discovered URLs), panics isolated;
//! * [`commit`]: one transaction per page;
//! * [`run`]: the loop that ties them together.

mod commit;
mod exchange;
mod options;
mod page;
mod plan;
mod politeness;
mod report;
mod run;

pub use options::{CrawlError, CrawlOptions, ROBOTS_TOKEN, Target, default_user_agent};
pub use report::{
    Failure, HostPause, LogProgress, NoProgress, Progress, RejectedLinks, SourceCounts, Summary,
    UrlOutcome,
};
pub use run::Crawler;
