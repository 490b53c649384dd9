//! WARC records to pages: the HTML pages a web archive holds, through the
//! one page function.

use crate::page::{PageDocuments, PageHints, WebPage, page_documents};
use pressroom_model::sources::SourcesConfig;
use std::path::Path;

/// What a WARC file gave: its pages, and what could not be read.
#[derive(Debug, Default)]
pub struct ArchivePages {
    pub pages: Vec<PageDocuments>,
    /// Records skipped (too large, undecodable) and where the archive was
    /// cut short, each a message naming the file and the byte.
    pub problems: Vec<String>,
}

/// The HTML pages archived in a WARC file, parsed. Responses that are not
/// HTML, not 200, or do not parse are skipped: an archive holds feeds,
/// robots.txt and errors too. So are pages our crawler archived as
/// listings, feeds, sitemaps or robots.txt: it stored no document from them. A record that cannot be read is a problem of
/// its own, and an archive cut short keeps the pages before the cut.
pub fn warc_pages(path: &Path, sources: &SourcesConfig) -> ArchivePages {
    let mut found = ArchivePages::default();
    for response in pressroom_warc::read_warc(path) {
        let response = match response {
            Ok(response) => response,
            Err(err) => {
                found.problems.push(err.to_string());
                continue;
            }
        };
        let content_type = response.header("content-type");
        let is_html = content_type.is_none_or(|ct| ct.to_ascii_lowercase().contains("html"));
        if response.status != 200 || !is_html || !archived_as_article(&response) {
            continue;
        }
        let page = WebPage {
            url: &response.target_uri,
            body: &response.body,
            content_type,
            status: response.status,
            fetched_at: response.date,
            warc_record_id: Some(&response.record_id),
        };
        if let Ok(page) = page_documents(&page, &PageHints::default(), sources) {
            found.pages.push(page);
        }
    }
    found
}

/// Whether a response may hold an article: our crawler names the role of
/// each page it archives, and only its `listing`, `feed`, `sitemap` and
/// `robots` pages are known not to be articles. A record without the role
/// (another crawler's archive) or with one we do not know is parsed as a
/// page, as before roles were written.
fn archived_as_article(response: &pressroom_warc::WarcResponse) -> bool {
    !response.role.as_deref().is_some_and(|role| {
        ["listing", "feed", "sitemap", "robots"]
            .iter()
            .any(|r| role.eq_ignore_ascii_case(r))
    })
}
