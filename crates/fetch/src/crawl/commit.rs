//! The commit: a page's documents, links, discovered URLs and crawl
//! bookkeeping written in one transaction, which is what makes `kill -9`
//! at any moment safe.

use super::options::CrawlError;
use super::page::{Discovered, PageResult};
use super::plan::host_key;
use super::report::UrlOutcome;
use crate::http::Response;
use crate::state::{self, NewUrl, Outcome, UrlKind, UrlRow};
use pressroom_model::{DocId, Document, Evidence, Link, LinkKind};
use pressroom_store::{Store, Upsert};
use rusqlite::Connection;
use url::Url;

/// The `crawl_urls.outcome` of a page that made the parser panic: not
/// queued again by later runs, since it would only fail the same way.
pub(crate) const PANICKED: &str = "panicked";

/// How the outcome of a committed page is decided.
pub(crate) enum Decided {
    /// An article: new, changed or unchanged, as the store finds its documents.
    ByStore,
    /// Known before the commit (a feed read, a 304).
    Already(UrlOutcome),
}

/// One page to commit.
pub(crate) struct PageCommit<'a> {
    pub row: &'a UrlRow,
    pub page: PageResult,
    pub status: u16,
    pub response: Option<&'a Response>,
    pub record_id: Option<&'a str>,
    pub final_url: Option<&'a str>,
    pub decided: Decided,
}

/// What the commit did.
pub(crate) struct Committed {
    pub outcome: UrlOutcome,
    pub documents_stored: u64,
    /// Hosts that got new pending URLs.
    pub hosts: Vec<String>,
}

fn enqueue(
    conn: &Connection,
    run: i64,
    source: &str,
    found: &Discovered,
) -> Result<bool, CrawlError> {
    Ok(state::enqueue(
        conn,
        run,
        &NewUrl {
            url: found.url.as_str(),
            source,
            host: &host_key(&found.url),
            kind: found.kind,
            lang: found.lang.as_deref(),
            entry: found.entry,
        },
    )?)
}

pub(crate) fn commit_page(
    store: &mut Store,
    run: i64,
    c: PageCommit<'_>,
) -> Result<Committed, CrawlError> {
    let PageCommit { row, page, .. } = &c;
    let tx = store.conn_mut().transaction()?;
    let mut hosts = Vec::new();
    let mut new_links = 0usize;
    for found in &page.found {
        new_links += usize::from(enqueue(&tx, run, &row.source, found)?);
        hosts.push(host_key(&found.url));
    }
    // Incremental paging: a listing page showing nothing new means the
    // rest of the listing is known too.
    if let Some(next) = &page.next_listing
        && new_links > 0
    {
        enqueue(&tx, run, &row.source, next)?;
        hosts.push(host_key(&next.url));
    }
    let mut outcome = match &c.decided {
        Decided::ByStore => UrlOutcome::Unchanged,
        Decided::Already(o) => o.clone(),
    };
    let mut doc_ids = Vec::new();
    let mut stored = 0u64;
    if let Some(origin) = &page.origin {
        let results = pressroom_store::replace_origin(&tx, origin, &page.docs)?;
        if matches!(c.decided, Decided::ByStore) {
            for r in &results {
                match r {
                    Upsert::New => outcome = UrlOutcome::New,
                    Upsert::Changed if outcome != UrlOutcome::New => outcome = UrlOutcome::Changed,
                    _ => {}
                }
            }
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
            if let Ok(url) = Url::parse(origin) {
                let alias = Discovered {
                    url,
                    kind: UrlKind::Article,
                    lang: row.lang.clone(),
                    entry: row.entry,
                };
                enqueue(&tx, run, &row.source, &alias)?;
            }
            state::record(
                &tx,
                run,
                origin,
                &Outcome {
                    state: "done",
                    outcome: "alias",
                    http_status: Some(c.status),
                    error: None,
                    etag: None,
                    last_modified: None,
                    fetched_at: None,
                    warc_record_id: c.record_id,
                    final_url: None,
                    doc_ids: Some(&doc_ids),
                },
            )?;
        }
    }
    let state_name = match &page.skip_reason {
        Some(reason) => {
            outcome = UrlOutcome::Skipped(reason.clone());
            "skipped"
        }
        None => "done",
    };
    let fetched_at = c.response.map(|r| r.fetched_at.to_rfc3339());
    state::record(
        &tx,
        run,
        &row.url,
        &Outcome {
            state: state_name,
            outcome: &outcome.recorded(),
            http_status: Some(c.status),
            error: None,
            etag: c.response.and_then(|r| r.header("etag")),
            last_modified: c.response.and_then(|r| r.header("last-modified")),
            fetched_at: fetched_at.as_deref(),
            warc_record_id: c.record_id,
            final_url: c.final_url,
            doc_ids: page.origin.as_ref().map(|_| doc_ids.as_slice()),
        },
    )?;
    tx.commit()?;
    Ok(Committed {
        outcome,
        documents_stored: stored,
        hosts,
    })
}

/// Record `row` as not stored on purpose.
pub(crate) fn record_skipped(
    conn: &Connection,
    run: i64,
    row: &UrlRow,
    reason: &str,
    status: Option<u16>,
) -> Result<(), CrawlError> {
    let outcome = UrlOutcome::Skipped(reason.to_string()).recorded();
    record_end(conn, run, row, ("skipped", &outcome, None), status)
}

/// Record `row` as failed for this run; `outcome` is `failed`, or
/// [`PANICKED`] for a page no later run should try again.
pub(crate) fn record_failed(
    conn: &Connection,
    run: i64,
    row: &UrlRow,
    (outcome, reason): (&str, &str),
    status: Option<u16>,
) -> Result<(), CrawlError> {
    record_end(conn, run, row, ("failed", outcome, Some(reason)), status)
}

fn record_end(
    conn: &Connection,
    run: i64,
    row: &UrlRow,
    (state_name, outcome, error): (&str, &str, Option<&str>),
    status: Option<u16>,
) -> Result<(), CrawlError> {
    state::record(
        conn,
        run,
        &row.url,
        &Outcome {
            state: state_name,
            outcome,
            http_status: status,
            error,
            etag: None,
            last_modified: None,
            fetched_at: None,
            warc_record_id: None,
            final_url: None,
            doc_ids: None,
        },
    )?;
    Ok(())
}

/// Link the documents of `origin` with those of the pages it names as other
/// language versions, and of the pages naming it, whichever was stored first.
fn link_translations(conn: &Connection, origin: &str, docs: &[Document]) -> Result<(), CrawlError> {
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
