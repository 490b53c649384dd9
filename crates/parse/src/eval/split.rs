//! Which pages of a folder a run scores: whole sites, by a fixed hash.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which pages of a folder a run scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Pages of the sites rules may be tuned on (about two thirds).
    Tune,
    /// Pages of the other sites: never looked at one by one.
    Holdout,
    /// Every page.
    #[default]
    All,
}

impl Split {
    /// Whether a page of site `site` belongs to this split.
    pub fn contains(self, site: &str) -> bool {
        match self {
            Split::All => true,
            Split::Holdout => is_holdout_site(site),
            Split::Tune => !is_holdout_site(site),
        }
    }
}

impl fmt::Display for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Split::Tune => "tune",
            Split::Holdout => "holdout",
            Split::All => "all",
        })
    }
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "tune" => Ok(Split::Tune),
            "holdout" => Ok(Split::Holdout),
            "all" => Ok(Split::All),
            other => Err(format!(
                "unknown split {other:?} (expected tune, holdout or all)"
            )),
        }
    }
}

/// A third of the sites, chosen by a fixed hash (64-bit FNV-1a, which no
/// library version can change) of the site name.
fn is_holdout_site(site: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in site.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h.is_multiple_of(3)
}

/// The site of a page: its domain, else its URL's host (without `www.`),
/// else its id (a page of unknown origin is a site of its own).
pub(super) fn site_of(id: &str, domain: Option<&str>, url: Option<&str>) -> String {
    let host = domain.map(str::to_string).or_else(|| {
        url.and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_string))
    });
    match host {
        Some(h) => h
            .to_ascii_lowercase()
            .trim_start_matches("www.")
            .to_string(),
        None => format!("page:{id}"),
    }
}
