//! Crawl state in the store's SQLite file (`crawl_*` tables).
//!
//! A URL row is the frontier entry, the validator cache and the outcome log
//! at once. A page's row is updated in the same transaction that stores its
//! documents and queues the links it revealed, so after `kill -9` the store
//! and the frontier always agree: a page is either fully done or still
//! pending.
//!
//! Runs: each `fetch` invocation works in a run. A run left unfinished (the
//! process died) is resumed by the next invocation with the same scope;
//! URLs done in it are not fetched again.

use rusqlite::{Connection, OptionalExtension, params};

pub const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS crawl_runs (
    id          INTEGER PRIMARY KEY,
    scope       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    pages       INTEGER NOT NULL DEFAULT 0,
    summary     TEXT
);
CREATE TABLE IF NOT EXISTS crawl_urls (
    url            TEXT PRIMARY KEY,   -- canonical form (see canon.rs)
    source         TEXT NOT NULL,
    host           TEXT NOT NULL,      -- politeness key: host[:port]
    kind           TEXT NOT NULL,      -- robots | feed | sitemap | listing | auto | article
    lang           TEXT,
    entry          INTEGER,            -- index of the entry point it came from
    priority       INTEGER NOT NULL,
    state          TEXT NOT NULL,      -- pending | done | failed | skipped
    run_id         INTEGER NOT NULL,   -- last run that queued or visited it
    attempts       INTEGER NOT NULL DEFAULT 0,
    not_before     INTEGER NOT NULL DEFAULT 0, -- unix ms; retry backoff
    last_error     TEXT,
    http_status    INTEGER,
    etag           TEXT,
    last_modified  TEXT,
    fetched_at     TEXT,
    warc_record_id TEXT,
    final_url      TEXT,
    doc_ids        TEXT,               -- JSON array of the documents stored from it
    outcome        TEXT,               -- new | changed | unchanged | not_modified | ...
    discovered_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS crawl_urls_frontier ON crawl_urls(run_id, state, host, priority);
-- Language versions a page announces, to link translations whichever is stored first.
CREATE TABLE IF NOT EXISTS crawl_alternates (
    from_url TEXT NOT NULL,
    to_url   TEXT NOT NULL,
    PRIMARY KEY (from_url, to_url)
);
CREATE INDEX IF NOT EXISTS crawl_alternates_to ON crawl_alternates(to_url);
-- Every failure, kept after the URL later succeeds.
CREATE TABLE IF NOT EXISTS crawl_failures (
    url    TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    at     TEXT NOT NULL,
    reason TEXT NOT NULL
);
"#;

pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)
}

/// Frontier kinds, with their crawl priority (lower first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    Robots,
    Feed,
    Sitemap,
    Listing,
    /// An ad-hoc URL whose kind is sniffed from its content.
    Auto,
    Article,
}

impl UrlKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UrlKind::Robots => "robots",
            UrlKind::Feed => "feed",
            UrlKind::Sitemap => "sitemap",
            UrlKind::Listing => "listing",
            UrlKind::Auto => "auto",
            UrlKind::Article => "article",
        }
    }

    pub fn parse(s: &str) -> UrlKind {
        match s {
            "robots" => UrlKind::Robots,
            "feed" => UrlKind::Feed,
            "sitemap" => UrlKind::Sitemap,
            "listing" => UrlKind::Listing,
            "auto" => UrlKind::Auto,
            _ => UrlKind::Article,
        }
    }

    pub fn priority(self) -> i64 {
        match self {
            UrlKind::Robots => 0,
            UrlKind::Feed | UrlKind::Sitemap | UrlKind::Auto => 1,
            UrlKind::Listing => 2,
            UrlKind::Article => 3,
        }
    }
}

/// A frontier row to work on.
#[derive(Debug, Clone)]
pub struct UrlRow {
    pub url: String,
    pub source: String,
    pub host: String,
    pub kind: UrlKind,
    pub lang: Option<String>,
    pub entry: Option<i64>,
    pub attempts: i64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub warc_record_id: Option<String>,
    pub doc_ids: Vec<String>,
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Resume the unfinished run with this scope, or start a new one (closing
/// any other unfinished run). Returns the run id and whether it resumed.
pub fn begin_run(conn: &Connection, scope: &str) -> rusqlite::Result<(i64, bool)> {
    let open: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, scope FROM crawl_runs WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let now = chrono::Utc::now().to_rfc3339();
    match open {
        Some((id, s)) if s == scope => return Ok((id, true)),
        Some((id, _)) => {
            conn.execute(
                "UPDATE crawl_runs SET finished_at = ?2, summary = '\"abandoned\"' WHERE id = ?1",
                params![id, now],
            )?;
        }
        None => {}
    }
    conn.execute(
        "INSERT INTO crawl_runs(scope, started_at) VALUES (?1, ?2)",
        params![scope, now],
    )?;
    Ok((conn.last_insert_rowid(), false))
}

pub fn finish_run(conn: &Connection, run: i64, summary_json: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE crawl_runs SET finished_at = ?2, summary = ?3 WHERE id = ?1",
        params![run, chrono::Utc::now().to_rfc3339(), summary_json],
    )?;
    Ok(())
}

pub fn run_pages(conn: &Connection, run: i64) -> rusqlite::Result<u64> {
    conn.query_row("SELECT pages FROM crawl_runs WHERE id = ?1", [run], |r| {
        r.get::<_, i64>(0).map(|n| n as u64)
    })
}

/// Article pages of `source` visited (fetched or given up) in `run`.
pub fn source_articles_visited(conn: &Connection, run: i64, source: &str) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT COUNT(*) FROM crawl_urls WHERE run_id = ?1 AND source = ?2 AND kind = 'article'
         AND state != 'pending'",
        params![run, source],
        |r| r.get::<_, i64>(0).map(|n| n as u64),
    )
}

pub fn count_page(conn: &Connection, run: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE crawl_runs SET pages = pages + 1 WHERE id = ?1",
        [run],
    )?;
    Ok(())
}

/// Put failed and left-over pending URLs of `source` back into `run`, with
/// fresh attempt counts: a new run retries what an earlier one could not do,
/// except pages that made the parser panic, which would only fail the same way.
pub fn requeue_unfinished(conn: &Connection, run: i64, source: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE crawl_urls SET state = 'pending', run_id = ?1, attempts = 0, not_before = 0
         WHERE source = ?2 AND state IN ('pending', 'failed') AND run_id <> ?1
           AND outcome IS NOT 'panicked'",
        params![run, source],
    )
}

/// A URL to queue.
pub struct NewUrl<'a> {
    pub url: &'a str,
    pub source: &'a str,
    pub host: &'a str,
    pub kind: UrlKind,
    pub lang: Option<&'a str>,
    pub entry: Option<i64>,
}

/// Queue a URL for this run unless this run has already queued or visited
/// it. Returns whether the URL was never seen before (by any run).
pub fn enqueue(conn: &Connection, run: i64, u: &NewUrl<'_>) -> rusqlite::Result<bool> {
    let inserted = conn.execute(
        "INSERT INTO crawl_urls(url, source, host, kind, lang, entry, priority, state, run_id, discovered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8, ?9)
         ON CONFLICT(url) DO NOTHING",
        params![
            u.url,
            u.source,
            u.host,
            u.kind.as_str(),
            u.lang,
            u.entry,
            u.kind.priority(),
            run,
            chrono::Utc::now().to_rfc3339()
        ],
    )?;
    if inserted == 0 {
        // Seen in an earlier run: revisit (conditionally) in this one.
        conn.execute(
            "UPDATE crawl_urls SET state = 'pending', run_id = ?2, attempts = 0, not_before = 0,
                 lang = COALESCE(lang, ?3)
             WHERE url = ?1 AND run_id <> ?2 AND outcome IS NOT 'panicked'",
            params![u.url, run, u.lang],
        )?;
    }
    Ok(inserted > 0)
}

/// Hosts with pending work in this run.
pub fn pending_hosts(conn: &Connection, run: i64) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT DISTINCT host FROM crawl_urls WHERE run_id = ?1 AND state = 'pending'")?
        .query_map([run], |r| r.get(0))?
        .collect()
}

pub enum Next {
    Ready(Box<UrlRow>),
    /// Only URLs in backoff: the earliest may be tried at this unix ms.
    Wait(i64),
    Empty,
}

/// The next URL of `host` to fetch.
pub fn next_for_host(conn: &Connection, run: i64, host: &str, now: i64) -> rusqlite::Result<Next> {
    let row = conn
        .query_row(
            "SELECT url, source, host, kind, lang, entry, attempts, etag, last_modified,
                    warc_record_id, doc_ids
             FROM crawl_urls WHERE run_id = ?1 AND state = 'pending' AND host = ?2 AND not_before <= ?3
             ORDER BY priority, rowid LIMIT 1",
            params![run, host, now],
            |r| {
                let kind: String = r.get(3)?;
                let doc_ids: Option<String> = r.get(10)?;
                Ok(UrlRow {
                    url: r.get(0)?,
                    source: r.get(1)?,
                    host: r.get(2)?,
                    kind: UrlKind::parse(&kind),
                    lang: r.get(4)?,
                    entry: r.get(5)?,
                    attempts: r.get(6)?,
                    etag: r.get(7)?,
                    last_modified: r.get(8)?,
                    warc_record_id: r.get(9)?,
                    doc_ids: doc_ids
                        .and_then(|d| serde_json::from_str(&d).ok())
                        .unwrap_or_default(),
                })
            },
        )
        .optional()?;
    if let Some(row) = row {
        return Ok(Next::Ready(Box::new(row)));
    }
    let wait: Option<i64> = conn.query_row(
        "SELECT MIN(not_before) FROM crawl_urls WHERE run_id = ?1 AND state = 'pending' AND host = ?2",
        params![run, host],
        |r| r.get(0),
    )?;
    Ok(wait.map_or(Next::Empty, Next::Wait))
}

/// What to record for a URL once its fetch is over.
pub struct Outcome<'a> {
    pub state: &'a str,
    pub outcome: &'a str,
    pub http_status: Option<u16>,
    pub error: Option<&'a str>,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    pub fetched_at: Option<&'a str>,
    pub warc_record_id: Option<&'a str>,
    pub final_url: Option<&'a str>,
    pub doc_ids: Option<&'a [String]>,
}

pub fn record(conn: &Connection, run: i64, url: &str, o: &Outcome<'_>) -> rusqlite::Result<()> {
    let doc_ids = o
        .doc_ids
        .map(|ids| serde_json::to_string(ids).expect("strings serialise"));
    conn.execute(
        "UPDATE crawl_urls SET state = ?2, outcome = ?3, http_status = COALESCE(?4, http_status),
             last_error = ?5, etag = COALESCE(?6, etag), last_modified = COALESCE(?7, last_modified),
             fetched_at = COALESCE(?8, fetched_at), warc_record_id = COALESCE(?9, warc_record_id),
             final_url = COALESCE(?10, final_url), doc_ids = COALESCE(?11, doc_ids), run_id = ?12
         WHERE url = ?1",
        params![
            url,
            o.state,
            o.outcome,
            o.http_status,
            o.error,
            o.etag,
            o.last_modified,
            o.fetched_at,
            o.warc_record_id,
            o.final_url,
            doc_ids,
            run
        ],
    )?;
    if let Some(reason) = o.error {
        conn.execute(
            "INSERT INTO crawl_failures(url, run_id, at, reason) VALUES (?1, ?2, ?3, ?4)",
            params![url, run, chrono::Utc::now().to_rfc3339(), reason],
        )?;
    }
    Ok(())
}

/// Keep the URL pending but try again no earlier than `not_before`.
pub fn postpone(
    conn: &Connection,
    run: i64,
    url: &str,
    not_before: i64,
    reason: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE crawl_urls SET attempts = attempts + 1, not_before = ?2, last_error = ?3 WHERE url = ?1",
        params![url, not_before, reason],
    )?;
    conn.execute(
        "INSERT INTO crawl_failures(url, run_id, at, reason) VALUES (?1, ?2, ?3, ?4)",
        params![url, run, chrono::Utc::now().to_rfc3339(), reason],
    )?;
    Ok(())
}

/// State of a URL, if known: (state, run_id, doc_ids).
pub fn url_state(
    conn: &Connection,
    url: &str,
) -> rusqlite::Result<Option<(String, i64, Vec<String>)>> {
    conn.query_row(
        "SELECT state, run_id, doc_ids FROM crawl_urls WHERE url = ?1",
        [url],
        |r| {
            let ids: Option<String> = r.get(2)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                ids.and_then(|d| serde_json::from_str(&d).ok())
                    .unwrap_or_default(),
            ))
        },
    )
    .optional()
}

/// Pending URLs of a run, for `--dry-run`.
pub fn pending_urls(
    conn: &Connection,
    run: i64,
) -> rusqlite::Result<Vec<(String, String, String)>> {
    conn.prepare(
        "SELECT source, kind, url FROM crawl_urls WHERE run_id = ?1 AND state = 'pending'
         ORDER BY source, priority, rowid",
    )?
    .query_map([run], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}
