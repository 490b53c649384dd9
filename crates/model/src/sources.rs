//! `corpus/sources.toml`: the organisations pressroom knows, shared by the
//! fetcher (where to crawl) and the parser (how to recognise and extract).
//!
//! Rules are data, not Rust: a user adds a source or fixes a selector by
//! editing the file. Every field but `name` is optional so that a minimal
//! entry (`name` and `hosts`) already works with the generic rules.

use crate::Lang;
use crate::canon::canonical_string;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesConfig {
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceConfig>,
}

#[derive(Debug, thiserror::Error)]
pub enum SourcesError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid sources file {path}: {message}")]
    Invalid { path: String, message: String },
}

impl SourcesConfig {
    pub fn load(path: &Path) -> Result<Self, SourcesError> {
        let text = std::fs::read_to_string(path).map_err(|source| SourcesError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text).map_err(|message| SourcesError::Invalid {
            path: path.display().to_string(),
            message,
        })
    }

    pub fn from_toml(text: &str) -> Result<Self, String> {
        let config: SourcesConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        for s in &config.sources {
            if s.name.trim().is_empty() {
                return Err("a [[source]] has an empty name".into());
            }
        }
        Ok(config)
    }

    /// The source whose hosts include the URL's host (or a parent domain of
    /// it). The most specific host wins, so a subdomain run as a site of its
    /// own (`eurasia.amnesty.org`) is not claimed by its parent's entry.
    pub fn for_host(&self, host: &str) -> Option<&SourceConfig> {
        let host = host.trim_start_matches("www.").to_ascii_lowercase();
        let mut best: Option<(&SourceConfig, usize)> = None;
        for s in &self.sources {
            for h in &s.hosts {
                let h = h.trim_start_matches("www.").to_ascii_lowercase();
                let owns = host == h || host.ends_with(&format!(".{h}"));
                if owns && best.is_none_or(|(_, len)| h.len() > len) {
                    best = Some((s, h.len()));
                }
            }
        }
        best.map(|(s, _)| s)
    }

    pub fn by_name(&self, name: &str) -> Option<&SourceConfig> {
        self.sources.iter().find(|s| {
            s.name.eq_ignore_ascii_case(name)
                || s.id
                    .as_deref()
                    .is_some_and(|id| id.eq_ignore_ascii_case(name))
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Display name, stored as the document's `source` ("Human Rights Watch").
    pub name: String,
    /// Short id for the command line (`hrw`); defaults to the name.
    #[serde(default)]
    pub id: Option<String>,
    /// Host names of the organisation's sites.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// Phrases that identify the publisher in plain text without a URL
    /// (self-references such as "As ACCA already reported", contact addresses).
    #[serde(default)]
    pub text_markers: Vec<String>,
    /// Languages the source publishes in.
    #[serde(default)]
    pub languages: Vec<Lang>,
    /// Where crawling starts.
    #[serde(default, rename = "entry")]
    pub entries: Vec<EntryPoint>,
    /// Regular expressions an article URL must match (any of them), in its
    /// canonical form ([`crate::canon`]: no tracking parameters, fragment or
    /// AMP suffix, query sorted); empty: all same-host pages found in
    /// feeds/sitemaps count as articles.
    #[serde(default)]
    pub article_url_patterns: Vec<String>,
    /// Only keep articles whose text mentions one of these (case-insensitive);
    /// empty keeps everything.
    #[serde(default)]
    pub topic_filter: Vec<String>,
    /// Extraction rules for this source's pages.
    #[serde(default)]
    pub extract: ExtractRules,
    /// Crawl politeness overrides.
    #[serde(default)]
    pub crawl: CrawlSettings,
}

impl SourceConfig {
    pub fn short_id(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.name)
    }

    /// The source's `article_url_patterns`, compiled: the one test of which
    /// links are its articles, made by the crawler on every link it finds.
    pub fn article_urls(&self) -> Result<ArticleUrls, PatternError> {
        self.article_url_patterns
            .iter()
            .map(|p| regex::Regex::new(p))
            .collect::<Result<_, _>>()
            .map(ArticleUrls)
            .map_err(|e| PatternError {
                source_name: self.name.clone(),
                message: e.to_string(),
            })
    }

    /// Whether `url` is an article of this source as the crawler judges it:
    /// canonicalised first ([`crate::canon`]), then matched against
    /// [`SourceConfig::article_urls`]. Here so that a source's patterns can
    /// be tried on real permalinks without a crawl.
    pub fn is_article_url(&self, url: &str) -> Result<bool, PatternError> {
        let canonical = canonical_string(url).unwrap_or_else(|| url.to_string());
        Ok(self.article_urls()?.matches(&canonical))
    }
}

/// Compiled `article_url_patterns`. No patterns: every URL of the source's
/// hosts is an article.
#[derive(Debug, Clone, Default)]
pub struct ArticleUrls(Vec<regex::Regex>);

impl ArticleUrls {
    /// Whether the source declares no patterns.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a canonical URL is an article: it matches a pattern, or
    /// there are none.
    pub fn matches(&self, canonical_url: &str) -> bool {
        self.0.is_empty() || self.0.iter().any(|re| re.is_match(canonical_url))
    }
}

/// An `article_url_patterns` entry that is not a valid regular expression.
#[derive(Debug, thiserror::Error)]
#[error("invalid article_url_patterns of {source_name}: {message}")]
pub struct PatternError {
    pub source_name: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// RSS or Atom feed.
    Feed,
    /// XML sitemap or sitemap index.
    Sitemap,
    /// HTML listing page, followed through pagination.
    Listing,
    /// robots.txt, to discover sitemaps.
    Robots,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryPoint {
    pub kind: EntryKind,
    pub url: String,
    /// Language of the pages reached from here, when the section has one.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// CSS selector of article links on a listing page.
    #[serde(default)]
    pub link_selector: Option<String>,
    /// CSS selector of the "next page" link on a listing page.
    #[serde(default)]
    pub next_selector: Option<String>,
}

/// CSS selectors, tried in order; the first that matches wins.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractRules {
    #[serde(default)]
    pub article: Vec<String>,
    #[serde(default)]
    pub title: Vec<String>,
    #[serde(default)]
    pub date: Vec<String>,
    #[serde(default)]
    pub author: Vec<String>,
    /// Elements removed from the article before text is taken.
    #[serde(default)]
    pub remove: Vec<String>,
    /// Selector of language-switcher links (`a[href]` to other versions).
    #[serde(default)]
    pub language_switcher: Vec<String>,
    /// Plain-text lines that end the article (e.g. "Related articles").
    #[serde(default)]
    pub stop_lines: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrawlSettings {
    /// Minimum delay between requests to one host, in milliseconds.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Upper bound on article pages fetched per run (feeds, sitemaps and
    /// listings are not counted, so successive capped runs make progress).
    #[serde(default)]
    pub max_pages: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_entry_parses_and_matches_subdomains() {
        let cfg =
            SourcesConfig::from_toml("[[source]]\nname = \"CIVICUS\"\nhosts = [\"civicus.org\"]\n")
                .unwrap();
        assert_eq!(cfg.for_host("monitor.civicus.org").unwrap().name, "CIVICUS");
        assert_eq!(cfg.for_host("www.civicus.org").unwrap().name, "CIVICUS");
        assert!(cfg.for_host("notcivicus.org").is_none());
    }

    #[test]
    fn unknown_fields_are_rejected_with_a_message() {
        let err = SourcesConfig::from_toml("[[source]]\nname = \"X\"\nhostz = []\n").unwrap_err();
        assert!(err.contains("hostz"), "{err}");
    }
}
