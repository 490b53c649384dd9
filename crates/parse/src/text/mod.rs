//! Plain text to documents: page chrome removed, source identified, one
//! document per language block.
//!
//! Plain-text releases are mostly copies of web pages (select-all, copy) or
//! exports of other tools, so they carry the page's chrome as lines:
//! language switchers, menus, breadcrumbs, share bars, "Related articles"
//! lists, postal addresses. Rules that recognise chrome are generic and data
//! (`stop_lines` in `[source.extract]` of `corpus/sources.toml` add to the
//! built-in ones), never tied to one page, so that they hold on releases we
//! have not seen:
//!
//! * **stop lines** end the article (`Related articles`, `Share this`,
//!   `Subscribe to our …`), but only once some article text has been seen, so
//!   a menu entry at the top cannot swallow the page;
//! * **chrome lines** are removed wherever they are: lines made only of
//!   share/print/menu words, language switchers, breadcrumbs, logo captions,
//!   menus glued into one line, runs of short bullet items, markdown image
//!   debris;
//! * **metadata blocks** (`Date: …`, `Type: …` lines under a `Properties`
//!   header) are removed after their date is read;
//! * **contact blocks** (telephone, fax, e-mail, P.O. box and the address
//!   lines around them) are removed.
//!
//! The cleaned paragraphs then go through [`split_into_documents`], which the
//! HTML path shares.

mod chrome;
mod split;

pub use chrome::is_chrome_line;
use chrome::{ORIGINAL_LINK, clean_lines, paragraphs};
pub(crate) use split::{Page, split_into_documents};

use crate::markdown;
use crate::{ParseError, Parsed};
use pressroom_model::DocMeta;
use pressroom_model::sources::{SourceConfig, SourcesConfig};

/// Where the text says it came from.
pub struct Provenance<'a> {
    pub source: Option<&'a SourceConfig>,
    pub original_url: Option<String>,
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// The publisher of a text: by the page URL's host, else by a leading
/// `[Original news] (URL)` line, else by the source whose self-references
/// (`text_markers`) the text holds most often.
pub fn identify_source<'a>(
    text: &str,
    url: Option<&str>,
    sources: &'a SourcesConfig,
) -> Provenance<'a> {
    let original_url = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| ORIGINAL_LINK.captures(l))
        .map(|c| c[2].to_string());
    let by_host = |u: &str| host_of(u).and_then(|h| sources.for_host(h));
    if let Some(source) = url.and_then(by_host) {
        return Provenance {
            source: Some(source),
            original_url,
        };
    }
    if let Some(source) = original_url.as_deref().and_then(by_host) {
        return Provenance {
            source: Some(source),
            original_url,
        };
    }
    let lower = text.to_lowercase();
    let best = sources
        .sources
        .iter()
        .map(|s| {
            let hits: usize = s
                .text_markers
                .iter()
                .filter(|m| !m.trim().is_empty())
                .map(|m| lower.matches(&m.to_lowercase()).count())
                .sum();
            (hits, s)
        })
        .filter(|(hits, _)| *hits > 0)
        .max_by_key(|(hits, _)| *hits);
    Provenance {
        source: best.map(|(_, s)| s),
        original_url,
    }
}

/// Parse decoded plain text into documents.
pub fn parse_text(
    text: &str,
    origin: &str,
    url: Option<&str>,
    sources: &SourcesConfig,
) -> Result<Parsed, ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    let (front_matter, text) = markdown::split_front_matter(text);
    let front_matter = front_matter.unwrap_or_default();
    let url = url.or(front_matter.url.as_deref());
    let provenance = identify_source(text, url, sources);
    let stop_lines: &[String] = provenance.source.map_or(&[], |s| &s.extract.stop_lines);
    let mut body_text = text;
    if provenance.original_url.is_some() {
        // Drop the `[Original news] (URL)` line itself.
        let skip = text.find('\n').map_or(text.len(), |i| i + 1);
        body_text = &text[skip..];
    }
    let rendered;
    if markdown::looks_like_markdown(body_text, origin) {
        rendered = markdown::to_plain_text(body_text);
        body_text = &rendered;
    }
    let cleaned = clean_lines(body_text, stop_lines);
    let paragraphs = paragraphs(&cleaned.lines);
    let page = Page {
        title: front_matter.title.filter(|t| !t.trim().is_empty()),
        paragraphs,
        published: cleaned.labelled_date,
        declared_date: front_matter.date,
        source: provenance
            .source
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        meta: DocMeta {
            url: url.map(str::to_string),
            original_url: provenance.original_url,
            ..DocMeta::default()
        },
    };
    split_into_documents(page, origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn chrome_lines() {
        for l in [
            "English  |  Français  |  Español",
            "OMCT LogoOMCT logo",
            " Save as PDF Print version",
            "Monitoring protection mechanisms / Urgent Interventions / Kazakhstan / 2016 / November",
            "Make a donationRSSOMCT on FacebookOMCT on TwitterOMCT BlogHomeAbout OMCT",
            "Tweet",
            "  • Privacy Policy",
        ] {
            assert!(is_chrome_line(l), "{l:?}");
        }
        for l in [
            "Kazakhstan: EU urged to insist on concrete measures to address pressing human rights issues",
            "Share the blame: the EU and Kazakhstan",
            "Kazakhstan downgraded as civic freedoms deteriorate",
            "Human rights defender Makhambet Abzhan was convicted / sentenced.",
        ] {
            assert!(!is_chrome_line(l), "{l:?}");
        }
    }

    #[test]
    fn stop_lines_need_article_text_first() {
        let menu = "Related articles\nTitle of the release here\n\n".to_string();
        let body = "Body sentence with enough words to count as article text. ".repeat(10);
        let text = format!("{menu}{body}\n\nRelated articles\nOther story one\nOther story two");
        let cleaned = clean_lines(&text, &[]);
        let joined = cleaned.lines.join("\n");
        assert!(joined.contains("Title of the release here"));
        assert!(!joined.contains("Other story"));
    }

    #[test]
    fn metadata_and_contact_blocks_are_removed() {
        let text = "Body.\n\nProperties\n\nDate: November 23, 2016\nType: Urgent Interventions\n\nOMCT Europe\nRue Franklin 111\n1000 Brussels\nTel. / Fax: +32 2 218 37 19\nE-mail:\n";
        let cleaned = clean_lines(text, &[]);
        let joined = cleaned.lines.join("\n");
        assert_eq!(joined.trim(), "Body.");
        assert_eq!(cleaned.labelled_date, NaiveDate::from_ymd_opt(2016, 11, 23));
    }

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            host_of("https://www.hrw.org/news/2021"),
            Some("www.hrw.org")
        );
        assert_eq!(
            host_of("http://user@bureau.kz:8080/?p=1"),
            Some("bureau.kz")
        );
    }
}
