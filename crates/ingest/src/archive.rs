//! WARC records to pages: the HTML pages a web archive holds, through the
//! one page function.

use crate::page::{PageDocuments, PageHints, WebPage, page_documents};
use pressroom_model::sources::SourcesConfig;
use std::path::Path;

/// The HTML pages archived in a WARC file, parsed. Responses that are not
/// HTML, not 200, or do not parse are skipped: an archive holds feeds,
/// robots.txt and errors too. A malformed or unreadable archive is an error
/// (the message names the file).
pub fn warc_pages(path: &Path, sources: &SourcesConfig) -> Result<Vec<PageDocuments>, String> {
    let mut pages = Vec::new();
    for response in pressroom_warc::read_warc(path) {
        let response = response.map_err(|e| format!("reading {}: {e}", path.display()))?;
        let content_type = response.header("content-type");
        let is_html = content_type.is_none_or(|ct| ct.to_ascii_lowercase().contains("html"));
        if response.status != 200 || !is_html {
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
            pages.push(page);
        }
    }
    Ok(pages)
}
