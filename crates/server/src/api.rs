//! The JSON API under `/api/`. Every handler only reads: the store through
//! read-only connections, the index through its reader. Search and store
//! work runs on the blocking pool, off the async workers.

use crate::error::ApiError;
use crate::params::{RawSearchParams, SearchParams, month_end};
use crate::state::{AppState, OpenIndex};
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use pressroom_align::{AlignedDocs, AnchorScorer, Dictionary, align_documents};
use pressroom_model::{DocId, Document, Lang, Link};
use pressroom_search::{Facets, SearchResults};
use pressroom_store::Store;
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

pub type Shared = Arc<AppState>;

/// Run blocking work (search, SQLite, alignment) on the blocking pool once
/// one of `state`'s work slots is free. The slot goes with the work, so a
/// request cut by its deadline frees it only when the work is done.
pub async fn blocking<T: Send + 'static>(
    state: Shared,
    f: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let slot = Arc::clone(&state.work_slots)
        .acquire_owned()
        .await
        .map_err(|_| ApiError::Unavailable("the server is stopping".into()))?;
    tokio::task::spawn_blocking(move || {
        let result = f(&state);
        drop(slot);
        result
    })
    .await?
}

pub use pressroom_store::LinkedDocument as Linked;

/// One search: a page of hits, their links and (when asked) the facets.
pub struct SearchOutcome {
    pub params: SearchParams,
    pub results: SearchResults,
    pub linked: Vec<Vec<Linked>>,
    pub facets: Option<Facets>,
    pub took_ms: f64,
    pub index: Arc<OpenIndex>,
}

pub fn run_search(
    state: &AppState,
    params: SearchParams,
    with_facets: bool,
) -> Result<SearchOutcome, ApiError> {
    let open = state.index()?;
    let started = Instant::now();
    let req = params.request(&state.config.sources, params.limit);
    // One store connection for the page: its snippets, then its links.
    let (results, facets, took_ms, linked) = state.with_store(|store| {
        let (results, facets) = if with_facets {
            let (results, facets) = open.index.search_page_with_facets(
                &req,
                params.offset,
                params.sort,
                store.conn(),
            )?;
            (results, Some(facets))
        } else {
            let results = open
                .index
                .search_page(&req, params.offset, params.sort, store.conn())?;
            (results, None)
        };
        let took_ms = started.elapsed().as_secs_f64() * 1000.0;
        let linked = results
            .hits
            .iter()
            .map(|h| pressroom_store::linked_documents(store.conn(), &h.id).map_err(ApiError::from))
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok((results, facets, took_ms, linked))
    })?;
    Ok(SearchOutcome {
        params,
        results,
        linked,
        facets,
        took_ms,
        index: open,
    })
}

/// A month of the timeline: its matches and the dates a bar narrows to.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Month {
    pub month: String,
    pub count: u64,
    pub since: String,
    pub until: String,
}

/// Every month from the first to the last with a match, empty ones too,
/// so a chart's gaps are real gaps.
pub fn timeline(facets: &Facets) -> Vec<Month> {
    // Keys are `YYYY-MM`, as the index writes them.
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, m) = m.split_once('-')?;
        Some((y.parse().ok()?, m.parse().ok()?))
    };
    let (Some(first), Some(last)) = (
        facets.months.keys().next().and_then(|m| parse(m)),
        facets.months.keys().next_back().and_then(|m| parse(m)),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut year, mut month) = first;
    // Bounded: dates span 1990 to today (parse refuses others), ~450 months.
    while (year, month) <= last && out.len() < 2_000 {
        let key = format!("{year:04}-{month:02}");
        let days = NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(month_end)
            .map_or(28, |end| end.day());
        out.push(Month {
            count: facets.months.get(&key).copied().unwrap_or(0),
            since: format!("{key}-01"),
            until: format!("{key}-{days:02}"),
            month: key,
        });
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    out
}

/// `facets` as JSON: source names as stored, not the index's lowercased keys.
pub fn facets_json(facets: &Facets, open: &OpenIndex) -> Value {
    let sources: serde_json::Map<String, Value> = facets
        .sources
        .iter()
        .map(|(key, count)| {
            let name = open
                .source_names
                .get(key)
                .cloned()
                .unwrap_or_else(|| key.clone());
            (name, json!(count))
        })
        .collect();
    json!({
        "total": facets.total,
        "lang": facets.langs,
        "source": sources,
        "undated": facets.undated,
    })
}

/// The `search --json` object, plus the page, facets and timeline.
pub fn search_json(outcome: &SearchOutcome) -> Value {
    let results = &outcome.results;
    let mut value = pressroom_search::json::search_json(
        outcome.params.q.as_deref().unwrap_or_default(),
        results,
        &outcome.linked,
        outcome.took_ms,
    );
    let extra = json!({
        "offset": outcome.params.offset,
        "limit": outcome.params.limit,
        "sort": outcome.params.sort,
    });
    if let (Some(value), Value::Object(extra)) = (value.as_object_mut(), extra) {
        value.extend(extra);
    }
    if let Some(facets) = &outcome.facets {
        value["facets"] = facets_json(facets, &outcome.index);
        value["timeline"] = json!(timeline(facets));
    }
    value
}

pub async fn search(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let raw = RawSearchParams::from_query(query.as_deref())?;
    let params = raw.check()?;
    let with_facets = !matches!(raw.format.as_deref(), Some("hits"));
    let outcome = blocking(state.clone(), move |state| {
        run_search(state, params, with_facets)
    })
    .await?;
    Ok(axum::Json(search_json(&outcome)).into_response())
}

/// A document and its links, as `pressroom show --json` prints it.
pub fn document_json(store: &Store, id: &str) -> Result<(Document, Value), ApiError> {
    let id = resolve(store, id)?;
    let doc = pressroom_store::get_document(store.conn(), &id)?
        .ok_or_else(|| ApiError::NotFound(format!("no document with id {id}")))?;
    let links = pressroom_store::links_for(store.conn(), &id)?;
    let other = |l: &Link| if l.a == id { l.b.clone() } else { l.a.clone() };
    let links: Vec<Value> = links
        .iter()
        .map(|l| {
            let other_id = other(l);
            let other_doc = pressroom_store::get_document(store.conn(), &other_id)
                .ok()
                .flatten();
            json!({
                "id": other_id,
                "kind": l.kind,
                "score": l.score,
                "evidence": l.evidence,
                "lang": other_doc.as_ref().map(|d| d.lang),
                "title": other_doc.as_ref().map(|d| d.title.clone()),
            })
        })
        .collect();
    let mut value = serde_json::to_value(&doc)
        .map_err(|e| ApiError::Internal(format!("serialising a document: {e}")))?;
    value["links"] = json!(links);
    Ok((doc, value))
}

/// A full id (12 hex digits) or a unique prefix; anything else is unknown.
fn resolve(store: &Store, id: &str) -> Result<DocId, ApiError> {
    if id.len() > 64 {
        return Err(ApiError::NotFound("no document with that id".into()));
    }
    Ok(pressroom_store::resolve_id(store.conn(), id)?)
}

pub async fn document(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let value = blocking(state.clone(), move |state| {
        state.with_store(|store| document_json(store, &id).map(|(_, v)| v))
    })
    .await?;
    Ok(axum::Json(value).into_response())
}

/// The dictionary-backed scorer the CLI aligns with, built once.
fn scorer() -> &'static AnchorScorer {
    static SCORER: OnceLock<AnchorScorer> = OnceLock::new();
    SCORER.get_or_init(|| AnchorScorer::with_dictionary(Dictionary::general()))
}

/// An English and a Russian document aligned sentence by sentence, with the
/// stored link between them (if any).
pub struct PairAlignment {
    pub en: Document,
    pub ru: Document,
    pub link: Option<Link>,
    pub aligned: AlignedDocs,
}

pub fn align_pair(store: &Store, a: &str, b: &str) -> Result<PairAlignment, ApiError> {
    let load = |id: &str| -> Result<Document, ApiError> {
        let id = resolve(store, id)?;
        pressroom_store::get_document(store.conn(), &id)?
            .ok_or_else(|| ApiError::NotFound(format!("no document with id {id}")))
    };
    let (a, b) = (load(a)?, load(b)?);
    let (en, ru) = match (a.lang, b.lang) {
        (Lang::En, Lang::Ru) => (a, b),
        (Lang::Ru, Lang::En) => (b, a),
        (x, y) => {
            return Err(ApiError::BadRequest(format!(
                "a pair is an English and a Russian document; these are {x} and {y}"
            )));
        }
    };
    let link = pressroom_store::links_for(store.conn(), &en.id)?
        .into_iter()
        .find(|l| l.a == ru.id || l.b == ru.id);
    let aligned = align_documents(&en, &ru, scorer());
    Ok(PairAlignment {
        en,
        ru,
        link,
        aligned,
    })
}

pub fn alignment_json(pair: &PairAlignment) -> Value {
    let summary = |d: &Document| {
        json!({"id": d.id, "title": d.title, "lang": d.lang, "source": d.source,
               "published": d.published.map(|p| p.format("%Y-%m-%d").to_string()),
               "url": d.meta.url.clone().unwrap_or_else(|| d.origin.clone())})
    };
    json!({
        "en": summary(&pair.en),
        "ru": summary(&pair.ru),
        "link": pair.link.as_ref().map(|l| json!({"kind": l.kind, "score": l.score, "evidence": l.evidence})),
        "sentences": pair.aligned.pairs,
    })
}

#[derive(Debug, serde::Deserialize)]
pub struct FormatParam {
    #[serde(default)]
    pub format: Option<String>,
}

pub async fn alignment(
    State(state): State<Shared>,
    Path((a, b)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let format: FormatParam = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|e| ApiError::BadRequest(format!("malformed query string: {e}")))?;
    let format = format.format.unwrap_or_else(|| "json".into());
    if !matches!(format.as_str(), "json" | "tmx" | "tsv" | "jsonl") {
        return Err(ApiError::BadRequest(format!(
            "parameter format: {format:?}: expected json, tmx, tsv or jsonl"
        )));
    }
    let pair = blocking(state.clone(), move |state| {
        state.with_store(|store| align_pair(store, &a, &b))
    })
    .await?;
    if format == "json" {
        return Ok(axum::Json(alignment_json(&pair)).into_response());
    }
    let docs = [pair.aligned];
    let mut out = Vec::new();
    let (written, content_type) = match format.as_str() {
        "tmx" => (
            pressroom_align::write_tmx(&mut out, &docs),
            "application/x-tmx+xml; charset=utf-8",
        ),
        "tsv" => (
            pressroom_align::write_tsv(&mut out, &docs),
            "text/tab-separated-values; charset=utf-8",
        ),
        _ => (
            pressroom_align::write_jsonl(&mut out, &docs),
            "application/jsonl; charset=utf-8",
        ),
    };
    written.map_err(|e| ApiError::Internal(format!("writing the alignment: {e}")))?;
    let filename = format!("{}-{}.{format}", docs[0].meta.id_en, docs[0].meta.id_ru);
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
        ],
        out,
    )
        .into_response())
}

/// Most pairs one page of the list shows.
pub const MAX_PAIRS_PAGE: usize = 500;

/// A stored pair with its two documents' titles and languages.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PairRow {
    pub a: String,
    pub a_lang: String,
    pub a_title: String,
    pub b: String,
    pub b_lang: String,
    pub b_title: String,
    pub kind: &'static str,
    pub score: f32,
    /// English and Russian: a side-by-side view exists.
    pub bilingual: bool,
}

pub struct PairsPage {
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<PairRow>,
}

pub fn pairs_page(store: &Store, offset: usize, limit: usize) -> Result<PairsPage, ApiError> {
    let links = pressroom_store::all_links(store.conn(), None)?;
    let total = links.len();
    let mut rows = Vec::new();
    for link in links.into_iter().skip(offset).take(limit) {
        let (Some(a), Some(b)) = (
            pressroom_store::get_document(store.conn(), &link.a)?,
            pressroom_store::get_document(store.conn(), &link.b)?,
        ) else {
            continue;
        };
        let bilingual = matches!(
            (a.lang, b.lang),
            (Lang::En, Lang::Ru) | (Lang::Ru, Lang::En)
        );
        let (a, b) = if a.lang == Lang::Ru && b.lang == Lang::En {
            (b, a)
        } else {
            (a, b)
        };
        rows.push(PairRow {
            a: a.id.0,
            a_lang: a.lang.code().into(),
            a_title: a.title,
            b: b.id.0,
            b_lang: b.lang.code().into(),
            b_title: b.title,
            kind: link.kind.as_str(),
            score: link.score,
            bilingual,
        });
    }
    Ok(PairsPage {
        total,
        offset,
        rows,
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PageParams {
    #[serde(default)]
    pub offset: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
}

impl PageParams {
    pub fn from_query(query: Option<&str>) -> Result<PageParams, ApiError> {
        serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|e| ApiError::BadRequest(format!("malformed query string: {e}")))
    }

    /// `(offset, limit)`, bounded.
    pub fn bounds(&self, default_limit: usize) -> Result<(usize, usize), ApiError> {
        let num = |name: &str,
                   v: &Option<String>,
                   default: usize,
                   max: usize|
         -> Result<usize, ApiError> {
            match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                None => Ok(default),
                Some(t) => match t.parse::<usize>() {
                    Ok(n) if n <= max => Ok(n),
                    _ => Err(ApiError::BadRequest(format!(
                        "parameter {name}: {t:?}: expected a whole number up to {max}"
                    ))),
                },
            }
        };
        let limit = num("limit", &self.limit, default_limit, MAX_PAIRS_PAGE)?.max(1);
        let offset = num("offset", &self.offset, 0, 10_000_000)?;
        Ok((offset, limit))
    }
}

pub async fn pairs(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let (offset, limit) = PageParams::from_query(query.as_deref())?.bounds(100)?;
    let page = blocking(state.clone(), move |state| {
        state.with_store(|store| pairs_page(store, offset, limit))
    })
    .await?;
    Ok(
        axum::Json(json!({"total": page.total, "offset": page.offset, "pairs": page.rows}))
            .into_response(),
    )
}

pub async fn stats(State(state): State<Shared>) -> Result<Response, ApiError> {
    let stats = blocking(state.clone(), move |state| {
        state.with_store(|store| Ok(pressroom_store::stats(store.conn())?))
    })
    .await?;
    Ok(axum::Json(stats).into_response())
}

/// Every match of a query as JSON lines or CSV, streamed as it is read:
/// the ids come from the index, each document from the store, and a
/// bounded channel holds the writer back to the client's pace.
pub async fn export(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let raw = RawSearchParams::from_query(query.as_deref())?;
    let csv = match raw.format.as_deref().unwrap_or("jsonl") {
        "jsonl" => false,
        "csv" => true,
        other => {
            return Err(ApiError::BadRequest(format!(
                "parameter format: {other:?}: expected jsonl or csv"
            )));
        }
    };
    // Export has no page: its limit and offset do not apply.
    let params = RawSearchParams {
        limit: None,
        offset: None,
        ..raw
    }
    .check()?;
    let ids = {
        let state = state.clone();
        blocking(state.clone(), move |state| {
            let open = state.index()?;
            Ok(open
                .index
                .search_all_ids(&params.request(&state.config.sources, 1))?)
        })
        .await?
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(16);
    tokio::task::spawn_blocking(move || {
        let result = state.with_store(|store| {
            let mut header = Vec::new();
            if csv {
                let mut w = ::csv::Writer::from_writer(&mut header);
                w.write_record(pressroom_store::EXPORT_COLUMNS).ok();
                drop(w);
                if tx.blocking_send(Ok(header)).is_err() {
                    return Ok(());
                }
            }
            for id in &ids {
                // A document removed from the store since the index was read is skipped.
                let Some(doc) = pressroom_store::get_document(store.conn(), id)? else {
                    continue;
                };
                let row = pressroom_store::ExportRow::new(&doc);
                let mut chunk = Vec::new();
                if csv {
                    let mut w = ::csv::WriterBuilder::new()
                        .has_headers(false)
                        .from_writer(&mut chunk);
                    w.write_record(row.fields())
                        .map_err(|e| ApiError::Internal(format!("writing CSV: {e}")))?;
                    drop(w);
                } else {
                    let line = row.json();
                    chunk = line.to_string().into_bytes();
                    chunk.push(b'\n');
                }
                if tx.blocking_send(Ok(chunk)).is_err() {
                    // The client went away.
                    return Ok(());
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            // The status is sent; a broken body tells the client the export is incomplete.
            let _ = tx.blocking_send(Err(std::io::Error::other(err.to_string())));
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let (content_type, ext) = if csv {
        ("text/csv; charset=utf-8", "csv")
    } else {
        ("application/jsonl; charset=utf-8", "jsonl")
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"pressroom-export.{ext}\""))
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

pub async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        include_str!("../assets/openapi.json"),
    )
        .into_response()
}

pub async fn not_found() -> ApiError {
    ApiError::NotFound("no such API endpoint; see /api/openapi.json".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeline_has_every_month_between_with_its_last_day() {
        let mut facets = Facets::default();
        facets.months.insert("2023-11".into(), 3);
        facets.months.insert("2024-02".into(), 1);
        let months: Vec<(String, u64, String, String)> = timeline(&facets)
            .into_iter()
            .map(|m| (m.month, m.count, m.since, m.until))
            .collect();
        let month = |m: &str, c, s: &str, u: &str| (m.into(), c, s.into(), u.into());
        assert_eq!(
            months,
            [
                month("2023-11", 3, "2023-11-01", "2023-11-30"),
                month("2023-12", 0, "2023-12-01", "2023-12-31"),
                month("2024-01", 0, "2024-01-01", "2024-01-31"),
                month("2024-02", 1, "2024-02-01", "2024-02-29"),
            ]
        );
        assert!(timeline(&Facets::default()).is_empty());
    }
}
