//! The server-rendered pages. Templates are minijinja's, named `*.html`
//! so every value is HTML-escaped; the only markup built here is none: the
//! code hands the templates plain text and numbers (highlights as text
//! segments, the timeline as bar geometry), and the templates make the tags.

use crate::api::{self, Shared, blocking};
use crate::error::ApiError;
use crate::i18n::Ui;
use crate::params::RawSearchParams;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, Value, context};
use pressroom_search::SortOrder;
use serde::Serialize;
use std::sync::OnceLock;

fn templates() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in [
            ("base.html", include_str!("../templates/base.html")),
            ("search.html", include_str!("../templates/search.html")),
            ("document.html", include_str!("../templates/document.html")),
            ("pair.html", include_str!("../templates/pair.html")),
            ("pairs.html", include_str!("../templates/pairs.html")),
            ("stats.html", include_str!("../templates/stats.html")),
            ("error.html", include_str!("../templates/error.html")),
        ] {
            env.add_template(name, source)
                .expect("the bundled templates parse");
        }
        env
    })
}

/// What every page knows: its words, the UI language and how links keep it.
struct Page {
    ui: Ui,
    /// `ui=..` to append to links when the URL chose the language.
    ui_param: Option<&'static str>,
    /// This page's URL with the other UI language.
    switch_href: String,
}

impl Page {
    fn new(path: &str, query: Option<&str>, headers: &HeaderMap) -> Page {
        let ui_value: Option<String> =
            serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or(""))
                .ok()
                .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "ui").map(|(_, v)| v));
        let (ui, chosen) = Ui::choose(ui_value.as_deref(), headers);
        let other = if ui == Ui::Ru { "en" } else { "ru" };
        let mut kept: Vec<(String, String)> =
            serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or(""))
                .unwrap_or_default()
                .into_iter()
                .filter(|(k, _)| k != "ui")
                .collect();
        kept.push(("ui".into(), other.into()));
        Page {
            ui,
            ui_param: chosen.then_some(if ui == Ui::Ru { "ui=ru" } else { "ui=en" }),
            switch_href: format!(
                "{path}?{}",
                serde_urlencoded::to_string(kept).unwrap_or_default()
            ),
        }
    }

    /// `path` with `query` and the UI choice.
    fn href(&self, path: &str, query: &str) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if !query.is_empty() {
            parts.push(query);
        }
        if let Some(ui) = self.ui_param {
            parts.push(ui);
        }
        if parts.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }

    fn render(&self, name: &str, ctx: Value, status: StatusCode) -> Response {
        let nav = context! {
            search => self.href("/", ""),
            pairs => self.href("/pairs", ""),
            stats => self.href("/stats", ""),
            switch => self.switch_href,
        };
        let full = context! { ..ctx, ..context! {
            t => self.ui.words(),
            lang => self.ui.code(),
            nav => nav,
        }};
        match templates()
            .get_template(name)
            .and_then(|template| template.render(full))
        {
            Ok(html) => (status, Html(html)).into_response(),
            Err(err) => {
                eprintln!("error: rendering {name}: {err:#}");
                ApiError::Internal("the page could not be rendered".into()).into_response()
            }
        }
    }

    fn error(&self, err: ApiError) -> Response {
        let status = err.status();
        self.render(
            "error.html",
            context! { status => status.as_u16(), message => err.to_string() },
            status,
        )
    }
}

/// A snippet as text pieces, each marked or not: the template escapes the
/// text and wraps marked pieces in `<mark>`.
#[derive(Serialize)]
struct Piece {
    text: String,
    mark: bool,
}

fn pieces(text: &str, highlights: &[std::ops::Range<usize>]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut at = 0;
    for range in highlights {
        if range.start < at || range.end > text.len() || range.start > range.end {
            continue;
        }
        let (Some(before), Some(marked)) = (text.get(at..range.start), text.get(range.clone()))
        else {
            continue;
        };
        if !before.is_empty() {
            out.push(Piece {
                text: before.into(),
                mark: false,
            });
        }
        out.push(Piece {
            text: marked.into(),
            mark: true,
        });
        at = range.end;
    }
    if let Some(rest) = text.get(at..)
        && !rest.is_empty()
    {
        out.push(Piece {
            text: rest.into(),
            mark: false,
        });
    }
    out
}

/// A bar of the timeline chart, in the SVG's user units.
#[derive(Serialize)]
struct Bar {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    href: String,
    label: String,
}

const CHART_WIDTH: f64 = 720.0;
const CHART_HEIGHT: f64 = 90.0;

#[derive(Serialize)]
struct FacetLink {
    label: String,
    count: u64,
    href: String,
    active: bool,
}

pub async fn search(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let page = Page::new("/", query.as_deref(), &headers);
    let params = match RawSearchParams::from_query(query.as_deref()).and_then(|raw| raw.check()) {
        Ok(params) => params,
        Err(err) => return page.error(err),
    };
    let has_filters = params.q.is_some()
        || params.lang.is_some()
        || params.source.is_some()
        || params.since.is_some()
        || params.until.is_some();
    let sources: Vec<String> = state
        .config
        .sources
        .sources
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let outcome = if has_filters {
        let params = params.clone();
        match blocking(state.clone(), move |state| {
            api::run_search(state, params, true)
        })
        .await
        {
            Ok(outcome) => Some(outcome),
            Err(err) => return page.error(err),
        }
    } else {
        None
    };
    let link = |change: &[(&str, Option<String>)]| {
        let mut change = change.to_vec();
        if !change.iter().any(|(name, _)| *name == "offset") {
            change.push(("offset", None));
        }
        page.href("/", &params.to_query(&change))
    };
    let mut ctx = context! {
        q => params.q.clone().unwrap_or_default(),
        lang_filter => params.lang.map(|l| l.code()),
        source_filter => params.source.clone(),
        since => params.since.map(|d| d.format("%Y-%m-%d").to_string()),
        until => params.until.map(|d| d.format("%Y-%m-%d").to_string()),
        sort => match params.sort { SortOrder::Relevance => "relevance", SortOrder::Newest => "newest", SortOrder::Oldest => "oldest" },
        literal => params.literal,
        ui_param => page.ui_param.map(|p| p.trim_start_matches("ui=")),
        sources => sources,
        searched => outcome.is_some(),
        clear_href => page.href("/", ""),
    };
    if let Some(outcome) = &outcome {
        let results = &outcome.results;
        let hits: Vec<Value> = results
            .hits
            .iter()
            .zip(&outcome.linked)
            .enumerate()
            .map(|(i, (hit, linked))| {
                let en_ru = |l: &api::Linked| {
                    (hit.lang.code() == "en" && l.lang == "ru") || (hit.lang.code() == "ru" && l.lang == "en")
                };
                let linked: Vec<Value> = linked
                    .iter()
                    .map(|l| {
                        context! {
                            id => l.id,
                            lang => l.lang,
                            kind => l.kind,
                            title => l.title,
                            href => page.href(&format!("/documents/{}", l.id), ""),
                            pair_href => en_ru(l).then(|| page.href(&format!("/pairs/{}/{}", hit.id, l.id), "")),
                        }
                    })
                    .collect();
                context! {
                    rank => params.offset + i + 1,
                    id => hit.id.as_str(),
                    title => if hit.title.trim().is_empty() { "(untitled)".to_string() } else { hit.title.clone() },
                    source => hit.source,
                    lang => hit.lang.code(),
                    published => hit.published.map(|d| d.format("%Y-%m-%d").to_string()),
                    score => format!("{:.2}", hit.score),
                    snippet => pieces(&hit.snippet.text, &hit.snippet.highlights),
                    href => page.href(&format!("/documents/{}", hit.id), ""),
                    linked => linked,
                }
            })
            .collect();
        let facets = outcome.facets.clone().unwrap_or_default();
        let lang_facets: Vec<FacetLink> = facets
            .langs
            .iter()
            .map(|(code, count)| FacetLink {
                label: code.clone(),
                count: *count,
                href: link(&[("lang", Some(code.clone()))]),
                active: params.lang.map(|l| l.code()) == Some(code.as_str()),
            })
            .collect();
        let source_facets: Vec<FacetLink> = facets
            .sources
            .iter()
            .map(|(key, count)| {
                let name = outcome
                    .index
                    .source_names
                    .get(key)
                    .cloned()
                    .unwrap_or_else(|| key.clone());
                FacetLink {
                    active: params
                        .source
                        .as_deref()
                        .is_some_and(|s| s.eq_ignore_ascii_case(&name)),
                    href: link(&[("source", Some(name.clone()))]),
                    label: name,
                    count: *count,
                }
            })
            .collect();
        let months = api::timeline(&facets);
        let max = months.iter().map(|m| m.count).max().unwrap_or(0).max(1) as f64;
        let width = CHART_WIDTH / months.len().max(1) as f64;
        let bars: Vec<Bar> = months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let height =
                    (m.count as f64 / max * CHART_HEIGHT).max(if m.count > 0 { 2.0 } else { 0.0 });
                Bar {
                    x: i as f64 * width,
                    y: CHART_HEIGHT - height,
                    width: (width - 1.0).max(1.0),
                    height,
                    href: link(&[
                        ("since", Some(m.since.clone())),
                        ("until", Some(m.until.clone())),
                    ]),
                    label: format!("{}: {}", m.month, m.count),
                }
            })
            .collect();
        let first_month = months.first().map(|m| m.month.clone());
        let last_month = months.last().map(|m| m.month.clone());
        let total = format!(
            "{}{}",
            results.total,
            if results.total_exact { "" } else { "+" }
        );
        let prev = (params.offset > 0).then(|| {
            let offset = params.offset.saturating_sub(params.limit);
            link(&[("offset", (offset > 0).then(|| offset.to_string()))])
        });
        let next_offset = params.offset + params.limit;
        let next = (next_offset < results.total
            && next_offset + params.limit <= crate::params::MAX_DEPTH)
            .then(|| link(&[("offset", Some(next_offset.to_string()))]));
        let export_query = params.to_query(&[("offset", None), ("limit", None)]);
        let sort_links: Vec<FacetLink> = [
            ("relevance", None),
            ("newest", Some("newest")),
            ("oldest", Some("oldest")),
        ]
        .into_iter()
        .map(|(name, value)| FacetLink {
            label: name.into(),
            count: 0,
            href: link(&[("sort", value.map(str::to_string))]),
            active: match params.sort {
                SortOrder::Relevance => name == "relevance",
                SortOrder::Newest => name == "newest",
                SortOrder::Oldest => name == "oldest",
            },
        })
        .collect();
        ctx = context! { ..ctx, ..context! {
            hits => hits,
            total => total,
            took_ms => format!("{:.1}", outcome.took_ms),
            lang_facets => lang_facets,
            source_facets => source_facets,
            any_lang_href => link(&[("lang", None)]),
            any_source_href => link(&[("source", None)]),
            any_date_href => link(&[("since", None), ("until", None)]),
            undated => facets.undated,
            bars => bars,
            chart_width => CHART_WIDTH,
            chart_height => CHART_HEIGHT,
            first_month => first_month,
            last_month => last_month,
            prev_href => prev,
            next_href => next,
            page_number => params.offset / params.limit + 1,
            export_jsonl => format!("/api/export?{export_query}{}format=jsonl", if export_query.is_empty() { "" } else { "&" }),
            export_csv => format!("/api/export?{export_query}{}format=csv", if export_query.is_empty() { "" } else { "&" }),
            sort_links => sort_links,
        }};
    }
    page.render("search.html", ctx, StatusCode::OK)
}

/// A malformed query string on a page that takes none of its parameters
/// is still a 400, as on the others.
fn malformed(query: &Option<String>) -> Option<ApiError> {
    RawSearchParams::from_query(query.as_deref()).err()
}

pub async fn document(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let page = Page::new(&format!("/documents/{id}"), query.as_deref(), &headers);
    if let Some(err) = malformed(&query) {
        return page.error(err);
    }
    let found = blocking(state.clone(), move |state| {
        state.with_store(|store| api::document_json(store, &id))
    })
    .await;
    let (doc, value) = match found {
        Ok(found) => found,
        Err(err) => return page.error(err),
    };
    let links: Vec<Value> = value["links"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|l| {
            let other = l["id"].as_str().unwrap_or_default().to_string();
            let other_lang = l["lang"].as_str().unwrap_or_default().to_string();
            let bilingual = (doc.lang.code() == "en" && other_lang == "ru") || (doc.lang.code() == "ru" && other_lang == "en");
            context! {
                id => other,
                lang => other_lang,
                title => l["title"].as_str().unwrap_or_default(),
                kind => l["kind"].as_str().unwrap_or_default(),
                score => format!("{:.2}", l["score"].as_f64().unwrap_or(0.0)),
                evidence => l["evidence"],
                href => page.href(&format!("/documents/{other}"), ""),
                pair_href => bilingual.then(|| page.href(&format!("/pairs/{}/{other}", doc.id), "")),
            }
        })
        .collect();
    let url = doc.meta.url.clone();
    let ctx = context! {
        id => doc.id.as_str(),
        title => doc.title,
        source => doc.source,
        doc_lang => doc.lang.code(),
        published => doc.published.map(|d| d.format("%Y-%m-%d").to_string()),
        origin => doc.origin,
        url => url.filter(|u| is_web_url(u)),
        original_url => doc.meta.original_url.clone().filter(|u| is_web_url(u)),
        paragraphs => doc.paragraphs().map(str::to_string).collect::<Vec<_>>(),
        links => links,
    };
    page.render("document.html", ctx, StatusCode::OK)
}

/// Only `http(s)` URLs become links: a document's `javascript:` or `data:`
/// "URL" is shown as text.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

pub async fn pair(
    State(state): State<Shared>,
    Path((a, b)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let page = Page::new(&format!("/pairs/{a}/{b}"), query.as_deref(), &headers);
    if let Some(err) = malformed(&query) {
        return page.error(err);
    }
    let pair = match blocking(state.clone(), move |state| {
        state.with_store(|store| api::align_pair(store, &a, &b))
    })
    .await
    {
        Ok(pair) => pair,
        Err(err) => return page.error(err),
    };
    let doc = |d: &pressroom_model::Document| {
        context! {
            id => d.id.as_str(),
            title => d.title,
            source => d.source,
            published => d.published.map(|p| p.format("%Y-%m-%d").to_string()),
            href => page.href(&format!("/documents/{}", d.id), ""),
            url => d.meta.url.clone().filter(|u| is_web_url(u)),
        }
    };
    let base = format!("/api/pairs/{}/{}", pair.en.id, pair.ru.id);
    let ctx = context! {
        en => doc(&pair.en),
        ru => doc(&pair.ru),
        link => pair.link.as_ref().map(|l| context! {
            kind => l.kind.as_str(),
            score => format!("{:.2}", l.score),
            evidence => l.evidence.iter().map(|e| context! { signal => e.signal, weight => format!("{:.2}", e.weight), detail => e.detail }).collect::<Vec<_>>(),
        }),
        sentences => pair.aligned.pairs.iter().map(|p| context! { en => p.en, ru => p.ru, score => format!("{:.2}", p.score) }).collect::<Vec<_>>(),
        tmx => format!("{base}?format=tmx"),
        tsv => format!("{base}?format=tsv"),
        jsonl => format!("{base}?format=jsonl"),
    };
    page.render("pair.html", ctx, StatusCode::OK)
}

pub async fn pairs(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let page = Page::new("/pairs", query.as_deref(), &headers);
    let bounds = api::PageParams::from_query(query.as_deref()).and_then(|p| p.bounds(50));
    let (offset, limit) = match bounds {
        Ok(bounds) => bounds,
        Err(err) => return page.error(err),
    };
    let found = blocking(state.clone(), move |state| {
        state.with_store(|store| api::pairs_page(store, offset, limit))
    })
    .await;
    let list = match found {
        Ok(list) => list,
        Err(err) => return page.error(err),
    };
    let rows: Vec<Value> = list
        .rows
        .iter()
        .map(|r| {
            context! {
                a_href => page.href(&format!("/documents/{}", r.a), ""),
                b_href => page.href(&format!("/documents/{}", r.b), ""),
                pair_href => r.bilingual.then(|| page.href(&format!("/pairs/{}/{}", r.a, r.b), "")),
                ..Value::from_serialize(r),
            }
        })
        .collect();
    let prev = (offset > 0).then(|| {
        page.href(
            "/pairs",
            &format!("offset={}", offset.saturating_sub(limit)),
        )
    });
    let next = (offset + limit < list.total)
        .then(|| page.href("/pairs", &format!("offset={}", offset + limit)));
    page.render(
        "pairs.html",
        context! { total => list.total, rows => rows, prev_href => prev, next_href => next },
        StatusCode::OK,
    )
}

pub async fn stats(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let page = Page::new("/stats", query.as_deref(), &headers);
    match blocking(state.clone(), move |state| {
        state.with_store(|store| Ok(pressroom_store::stats(store.conn())?))
    })
    .await
    {
        Ok(stats) => page.render("stats.html", context! { stats => stats }, StatusCode::OK),
        Err(err) => page.error(err),
    }
}

/// The served assets, compiled in: nothing on disk is reachable by URL.
pub async fn asset(Path(name): Path<String>) -> Response {
    let (body, content_type): (&'static str, &'static str) = match name.as_str() {
        "app.js" => (
            include_str!("../assets/app.js"),
            "text/javascript; charset=utf-8",
        ),
        "style.css" => (
            include_str!("../assets/style.css"),
            "text/css; charset=utf-8",
        ),
        _ => return ApiError::NotFound(format!("no asset {name:?}")).into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn not_found(RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    Page::new("/", query.as_deref(), &headers).error(ApiError::NotFound("no such page".into()))
}
