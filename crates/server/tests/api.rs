//! The JSON API of the real server, on loopback, over a real store and
//! index of the sample corpus (plus a hostile document).

mod common;

use serde_json::Value;
use std::collections::BTreeSet;

async fn get(path: &str) -> reqwest::Response {
    let addr = tokio::task::spawn_blocking(common::sample_server)
        .await
        .unwrap();
    reqwest::get(format!("http://{addr}{path}")).await.unwrap()
}

async fn json(path: &str) -> Value {
    let response = get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

fn sum(map: &Value) -> u64 {
    map.as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum()
}

#[tokio::test]
async fn search_answers_the_cli_json_with_facets_that_add_up() {
    let body = json("/api/search?q=torture&limit=100").await;
    for key in [
        "query",
        "total",
        "total_exact",
        "took_ms",
        "hits",
        "query_translations",
        "facets",
        "timeline",
    ] {
        assert!(body.get(key).is_some(), "no {key} in {body}");
    }
    let total = body["total"].as_u64().unwrap();
    assert!(total >= 3, "{body}");
    assert!(body["total_exact"].as_bool().unwrap());
    let hits = body["hits"].as_array().unwrap();
    assert_eq!(hits.len() as u64, total);
    for hit in hits {
        for key in [
            "id",
            "title",
            "source",
            "origin",
            "lang",
            "published",
            "score",
            "snippet",
            "highlights",
            "linked",
        ] {
            assert!(hit.get(key).is_some(), "no {key} in {hit}");
        }
        let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
        for range in hit["highlights"].as_array().unwrap() {
            let (start, end) = (
                range[0].as_u64().unwrap() as usize,
                range[1].as_u64().unwrap() as usize,
            );
            let word: String = snippet[start..end].iter().collect();
            assert!(!word.is_empty() && end <= snippet.len());
        }
    }
    // Ranked best first.
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let facets = &body["facets"];
    assert_eq!(facets["total"].as_u64().unwrap(), total);
    assert_eq!(sum(&facets["lang"]), total, "{facets}");
    let months: u64 = body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        months + facets["undated"].as_u64().unwrap(),
        total,
        "{body}"
    );
    let unknown_source = hits.iter().filter(|h| h["source"] == "").count() as u64;
    assert_eq!(sum(&facets["source"]) + unknown_source, total, "{facets}");
    // Each facet value is the total of the search narrowed to it.
    for (lang, count) in facets["lang"].as_object().unwrap() {
        let narrowed = json(&format!("/api/search?q=torture&lang={lang}&limit=100")).await;
        assert_eq!(
            narrowed["total"].as_u64().unwrap(),
            count.as_u64().unwrap(),
            "{lang}"
        );
        assert!(
            narrowed["hits"]
                .as_array()
                .unwrap()
                .iter()
                .all(|h| h["lang"] == lang.as_str())
        );
    }
    for (source, count) in facets["source"].as_object().unwrap() {
        let narrowed = json(&format!(
            "/api/search?q=torture&source={}&limit=100",
            source.replace(' ', "+")
        ))
        .await;
        assert_eq!(
            narrowed["total"].as_u64().unwrap(),
            count.as_u64().unwrap(),
            "{source}"
        );
    }
    // A timeline bar's dates narrow to its count.
    let month = body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["count"].as_u64().unwrap() > 0)
        .unwrap();
    let narrowed = json(&format!(
        "/api/search?q=torture&since={}&until={}&limit=100",
        month["since"].as_str().unwrap(),
        month["until"].as_str().unwrap()
    ))
    .await;
    assert_eq!(narrowed["total"], month["count"]);
    for hit in narrowed["hits"].as_array().unwrap() {
        assert!(
            hit["published"]
                .as_str()
                .unwrap()
                .starts_with(month["month"].as_str().unwrap())
        );
    }
}

#[tokio::test]
async fn pages_sort_and_hits_only_requests() {
    let all = json("/api/search?q=Kazakhstan&limit=5").await;
    let second = json("/api/search?q=Kazakhstan&limit=2&offset=2").await;
    let ids = |v: &Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&second), ids(&all)[2..4].to_vec());
    assert_eq!(second["total"], all["total"]);
    let newest = json("/api/search?q=Kazakhstan&sort=newest&limit=100").await;
    let dates: Vec<&str> = newest["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["published"].as_str())
        .collect();
    assert!(
        dates.len() >= 2 && dates.windows(2).all(|w| w[0] >= w[1]),
        "{dates:?}"
    );
    let oldest = json("/api/search?q=Kazakhstan&sort=oldest&limit=100").await;
    let dates: Vec<&str> = oldest["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["published"].as_str())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    let hits_only = json("/api/search?q=Kazakhstan&format=hits").await;
    assert!(hits_only.get("facets").is_none() && hits_only["hits"].as_array().unwrap().len() > 1);
}

#[tokio::test]
async fn documents_pairs_and_a_pairs_alignment() {
    let pairs = json("/api/pairs").await;
    let list = pairs["pairs"].as_array().unwrap();
    assert_eq!(pairs["total"].as_u64().unwrap() as usize, list.len());
    let pair = list
        .iter()
        .find(|p| p["bilingual"] == true)
        .expect("a stored English–Russian pair");
    let (a, b) = (pair["a"].as_str().unwrap(), pair["b"].as_str().unwrap());
    let doc = json(&format!("/api/documents/{a}")).await;
    assert_eq!(doc["id"], a);
    assert!(
        doc["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["id"] == b),
        "{doc}"
    );
    let aligned = json(&format!("/api/pairs/{a}/{b}")).await;
    assert_eq!(aligned["en"]["lang"], "en");
    assert_eq!(aligned["ru"]["lang"], "ru");
    assert!(
        !aligned["link"]["evidence"].as_array().unwrap().is_empty(),
        "{aligned}"
    );
    let sentences = aligned["sentences"].as_array().unwrap();
    assert!(sentences.len() >= 3, "{aligned}");
    assert!(
        sentences
            .iter()
            .all(|s| s["en"].is_string() && s["ru"].is_string() && s["score"].is_number())
    );
    // The same pair either way round, and as TMX.
    let reversed = json(&format!("/api/pairs/{b}/{a}")).await;
    assert_eq!(reversed["sentences"], aligned["sentences"]);
    let tmx = get(&format!("/api/pairs/{a}/{b}?format=tmx")).await;
    assert_eq!(tmx.status(), 200);
    assert!(
        tmx.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".tmx")
    );
    assert!(tmx.text().await.unwrap().contains("<tmx"));
    let stats = json("/api/stats").await;
    assert!(stats["documents"].as_u64().unwrap() >= 6, "{stats}");
}

#[tokio::test]
async fn export_streams_every_match_in_both_formats() {
    let search = json("/api/search?q=torture&limit=1").await;
    let total = search["total"].as_u64().unwrap() as usize;
    assert!(total > 1, "the test needs a query with several matches");
    let jsonl = get("/api/export?q=torture&format=jsonl&limit=1").await;
    assert_eq!(jsonl.status(), 200);
    let text = jsonl.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), total, "export ignores the page's limit");
    let ids: BTreeSet<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), total);
    assert!(
        lines
            .iter()
            .all(|l| l["text"].as_str().is_some_and(|t| !t.is_empty()))
    );
    let csv = get("/api/export?q=torture&format=csv")
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "source",
            "origin",
            "lang",
            "published",
            "title",
            "text"
        ]
    );
    assert_eq!(reader.records().count(), total);
    // No query: every document of the store.
    let stats = json("/api/stats").await;
    let everything = get("/api/export").await.text().await.unwrap();
    assert_eq!(
        everything.lines().count() as u64,
        stats["documents"].as_u64().unwrap()
    );
}

async fn error(path: &str, status: u16) -> String {
    let response = get(path).await;
    assert_eq!(response.status(), status, "{path}");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["status"], status);
    body["error"]["message"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn bad_requests_are_400_and_unknown_ids_404_with_a_json_message() {
    let long = "torture+".repeat(100);
    for (path, says) in [
        ("/api/search?q=torture&limit=101", "limit"),
        ("/api/search?q=torture&limit=ten", "limit"),
        ("/api/search?q=torture&offset=5000", "offset"),
        (&format!("/api/search?q={long}") as &str, "q"),
        ("/api/search?q=torture&lang=de", "lang"),
        ("/api/search?q=torture&since=yesterday", "since"),
        ("/api/search?q=torture&sort=random", "sort"),
        ("/api/search?q=the", "stop words"),
        ("/api/export?q=torture&format=xml", "format"),
        ("/api/pairs?limit=-1", "limit"),
    ] {
        let message = error(path, 400).await;
        assert!(message.contains(says), "{path}: {message}");
    }
    error("/api/documents/ffffffffffff", 404).await;
    error("/api/documents/not-an-id", 404).await;
    error("/api/pairs/ffffffffffff/eeeeeeeeeeee", 404).await;
    error("/api/no-such-endpoint", 404).await;
    // Nothing outside the compiled-in assets is reachable.
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e%2fCargo.toml",
        "/assets/..%2F..%2FCargo.toml",
        "/../Cargo.toml",
    ] {
        let response = get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(!response.text().await.unwrap().contains("[package]"));
    }
}

#[tokio::test]
async fn nothing_changes_the_store() {
    let addr = tokio::task::spawn_blocking(common::sample_server)
        .await
        .unwrap();
    let before = json("/api/stats").await;
    let client = reqwest::Client::new();
    for path in [
        "/api/search?q=torture",
        "/api/documents/ffffffffffff",
        "/api/export",
        "/",
    ] {
        for method in [
            reqwest::Method::POST,
            reqwest::Method::PUT,
            reqwest::Method::DELETE,
        ] {
            let response = client
                .request(method.clone(), format!("http://{addr}{path}"))
                .body("x")
                .send()
                .await
                .unwrap();
            assert!(
                response.status().is_client_error(),
                "{method} {path}: {}",
                response.status()
            );
        }
    }
    assert_eq!(json("/api/stats").await, before);
}

#[tokio::test]
async fn the_openapi_description_names_every_endpoint() {
    let spec = json("/api/openapi.json").await;
    for path in [
        "/api/search",
        "/api/documents/{id}",
        "/api/pairs",
        "/api/pairs/{a}/{b}",
        "/api/stats",
        "/api/export",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path}");
    }
}

#[tokio::test]
async fn every_response_carries_the_hardening_headers() {
    for path in [
        "/",
        "/api/search?q=torture",
        "/api/nothing",
        "/assets/app.js",
    ] {
        let response = get(path).await;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        let csp = header("content-security-policy");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "no-referrer");
    }
}

#[tokio::test]
async fn a_hostile_document_renders_as_inert_text() {
    let id = common::hostile_id();
    let doc = json(&format!("/api/documents/{id}")).await;
    assert_eq!(
        doc["title"],
        common::HOSTILE_TITLE,
        "the API gives the text as stored"
    );
    for path in [
        format!("/documents/{id}"),
        "/?q=torture&limit=100".to_string(),
    ] {
        let html = get(&path).await.text().await.unwrap();
        assert!(
            html.contains("&lt;script&gt;document.title="),
            "{path}: the title is shown, escaped"
        );
        for live in [
            "<script>document",
            "<script>window",
            "<img src=x",
            "href=\"javascript:",
            "onerror=\"",
        ] {
            assert!(!html.contains(live), "{path} holds live markup {live:?}");
        }
        assert_eq!(
            html.matches("<script").count(),
            1,
            "{path}: only the served app.js"
        );
    }
}

#[test]
fn without_an_index_search_is_503_and_the_store_still_answers() {
    let home = tempfile::tempdir().unwrap();
    let config = pressroom_server::ServerConfig::new(
        home.path().join("corpus/store.sqlite"),
        home.path().join("index"),
    );
    let addr = common::start(config);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        for path in [
            "/api/search?q=torture",
            "/api/export?q=torture",
            "/api/stats",
        ] {
            let response = reqwest::get(format!("http://{addr}{path}")).await.unwrap();
            assert_eq!(response.status(), 503, "{path}");
            let body: Value = response.json().await.unwrap();
            assert!(
                body["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("pressroom"),
                "{body}"
            );
        }
    });
}

/// What another process's import and index update add shows without a
/// restart: the store at once, the index after its next commit.
#[test]
fn a_new_commit_shows_without_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let config = common::build_corpus(home.path());
    let (store_path, index_dir) = (config.store_path.clone(), config.index_dir.clone());
    let addr = common::start(config);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let search = |q: &str| -> Value {
        runtime.block_on(async {
            let url = format!("http://{addr}/api/search?q={q}");
            reqwest::get(url).await.unwrap().json().await.unwrap()
        })
    };
    assert_eq!(search("zanzibarite")["total"], 0);
    let store = pressroom_store::Store::open(&store_path).unwrap();
    let doc = pressroom_model::Document {
        id: pressroom_model::DocId::derive("sample/later.txt", 0),
        source: "OMCT".into(),
        origin: "sample/later.txt".into(),
        lang: pressroom_model::Lang::En,
        title: "Zanzibarite detained".into(),
        published: chrono::NaiveDate::from_ymd_opt(2024, 2, 1),
        body: "A zanzibarite activist was detained.".into(),
        meta: Default::default(),
    };
    pressroom_store::upsert_document(store.conn(), &doc).unwrap();
    // The writer is this test, as `pressroom index` in another terminal.
    let index = pressroom_search::SearchIndex::open(&index_dir).unwrap();
    index.update(store.conn(), 20_000_000, |_, _| {}).unwrap();
    drop(index);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let found = search("zanzibarite");
        if found["total"] == 1 {
            assert_eq!(found["hits"][0]["id"], doc.id.as_str());
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server never saw the new commit: {found}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

#[tokio::test]
async fn every_page_renders_in_both_languages() {
    let pairs = json("/api/pairs").await;
    let pair = pairs["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["bilingual"] == true)
        .unwrap();
    let pair_path = format!(
        "/pairs/{}/{}",
        pair["a"].as_str().unwrap(),
        pair["b"].as_str().unwrap()
    );
    for (path, en, ru) in [
        ("/", "Search", "Поиск"),
        ("/?q=torture&sort=newest", "Newest first", "Сначала новые"),
        ("/pairs", "Pairs", "Пары"),
        ("/stats", "By organisation", "По организациям"),
        (pair_path.as_str(), "Side by side", "Параллельный текст"),
    ] {
        for (ui, word) in [("en", en), ("ru", ru)] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let response = get(&format!("{path}{sep}ui={ui}")).await;
            assert_eq!(response.status(), 200, "{path} {ui}");
            let html = response.text().await.unwrap();
            assert!(
                html.contains(&format!("<html lang=\"{ui}\">")),
                "{path} {ui}"
            );
            assert!(html.contains(word), "{path} {ui}: no {word:?}");
        }
    }
    // The browser's language when the URL does not say.
    let addr = tokio::task::spawn_blocking(common::sample_server)
        .await
        .unwrap();
    let html = reqwest::Client::new()
        .get(format!("http://{addr}/stats"))
        .header("accept-language", "ru-RU,ru;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"ru\">"));
    // A bad parameter on a page is an error page with the 400.
    let response = get("/?q=torture&limit=5000").await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("limit"));
}

/// A request stuck behind a lock (here a first import's, which holds the
/// store exclusively while it commits) answers 503 at the deadline rather
/// than hanging, and frees its slot: a request queued behind it by the
/// concurrency cap is served then, and everything works again once the
/// lock is gone.
#[test]
fn the_deadline_cuts_a_stuck_request_and_the_cap_queues_the_next() {
    let home = tempfile::tempdir().unwrap();
    let mut config = common::build_corpus(home.path());
    let deadline = std::time::Duration::from_millis(500);
    config.request_timeout = deadline;
    config.max_concurrent_requests = 1;
    // The journal a first import writes through.
    let import = rusqlite::Connection::open(&config.store_path).unwrap();
    let mode: String = import
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    let addr = common::start(config);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let get = |path: &'static str| reqwest::get(format!("http://{addr}{path}"));
        assert_eq!(get("/api/stats").await.unwrap().status(), 200);
        import.execute_batch("BEGIN EXCLUSIVE").unwrap();
        let started = std::time::Instant::now();
        // Waits on the store and holds the only slot.
        let stuck = tokio::spawn(get("/api/stats"));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        // Needs no store, but waits for the slot.
        let queued = get("/api/openapi.json").await.unwrap();
        let queued_after = started.elapsed();
        let stuck = stuck.await.unwrap().unwrap();
        assert_eq!(stuck.status(), 503);
        let body: Value = stuck.json().await.unwrap();
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("longer than the server allows"),
            "{message}"
        );
        assert_eq!(queued.status(), 200);
        assert!(
            queued_after >= deadline - std::time::Duration::from_millis(50),
            "the queued request was served after {queued_after:?}, before the slot was free"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        import.execute_batch("ROLLBACK").unwrap();
        assert_eq!(get("/api/stats").await.unwrap().status(), 200);
    });
}
