//! The web workspace in a real browser: headless Chromium driven through
//! chromedriver (Debian's `chromium` and `chromium-driver`, installed by
//! `scripts/setup-test-env.sh`), over the real server on loopback.
//!
//! Without Chromium the test prints a SKIP line, except under `CI=true`,
//! where a missing browser is a failure. `UPDATE_SCREENSHOTS=1` saves the
//! search, document and side-by-side pages to `docs/screenshots/`.

mod common;

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// chromedriver, killed when the test ends however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn connect(
    chromium: &std::path::Path,
    driver_port: u16,
    profile: &std::path::Path,
) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", "--lang=en-US",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    // chromedriver takes a moment to listen.
    let mut last = None;
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await
        {
            Ok(client) => return client,
            Err(err) => last = Some(err),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("cannot start a Chromium session: {last:?}");
}

async fn texts(client: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for element in client.find_all(Locator::Css(css)).await.unwrap() {
        out.push(element.text().await.unwrap());
    }
    out
}

async fn attrs(client: &Client, css: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for element in client.find_all(Locator::Css(css)).await.unwrap() {
        out.push(element.attr(name).await.unwrap().unwrap_or_default());
    }
    out
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        let dir = common::repo().join("docs/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

/// Whether a script planted in the hostile document ran on this page.
async fn planted_script_ran(client: &Client) -> bool {
    let value = client
        .execute("return [document.title, typeof window.__pwned];", vec![])
        .await
        .unwrap();
    value[0] == "pwned" || value[1] != "undefined"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_narrow_read_and_compare_in_chromium() {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (
        find_program(&["chromium", "chromium-browser", "google-chrome"]),
        find_program(&["chromedriver"]),
    ) else {
        assert!(
            !in_ci,
            "CI=true but chromium or chromedriver is missing: scripts/setup-test-env.sh installs them"
        );
        eprintln!(
            "\n*** SKIP browser test: chromium and chromedriver are not installed (apt-get install -y chromium chromium-driver) ***\n"
        );
        return;
    };
    let addr = tokio::task::spawn_blocking(common::sample_server)
        .await
        .unwrap();
    let base = format!("http://{addr}");
    let port = free_port();
    let _driver = Driver(
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = tempfile::tempdir().unwrap();
    let client = connect(&chromium, port, profile.path()).await;

    // Type a query, see ranked results with highlights.
    client.goto(&format!("{base}/")).await.unwrap();
    let box_ = client.find(Locator::Id("q")).await.unwrap();
    box_.send_keys("torture").await.unwrap();
    client
        .find(Locator::Id("go"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("#hits li.hit"))
        .await
        .unwrap();
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("q=torture"),
        "the query is in the URL"
    );
    let titles = texts(&client, "#hits li.hit .hit-title").await;
    assert!(titles.len() >= 3, "{titles:?}");
    let marks = texts(&client, "#hits mark").await;
    // The query's word, and forms of its Russian translation (пытки, пытках).
    let is_match = |m: &String| {
        let m = m.to_lowercase();
        m.starts_with("tortur") || m.starts_with("пыт")
    };
    assert!(
        marks.iter().any(|m| m.to_lowercase().starts_with("tortur")),
        "{marks:?}"
    );
    assert!(marks.iter().all(is_match), "{marks:?}");
    assert!(
        !planted_script_ran(&client).await,
        "a script from the hostile document ran on the results page"
    );

    // Narrow by language through its facet.
    client
        .find(Locator::Css("#facet-lang a[data-lang='en']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    url_containing(&client, "lang=en").await;
    let langs = attrs(&client, "#hits li.hit", "data-lang").await;
    assert!(
        !langs.is_empty() && langs.iter().all(|l| l == "en"),
        "{langs:?}"
    );

    // Narrow by date: a bar of the timeline.
    let bar = client.find(Locator::Css("#timeline a.bar")).await.unwrap();
    bar.click().await.unwrap();
    let url = url_containing(&client, "since=").await;
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    let (since, until) = (query["since"].clone(), query["until"].clone());
    assert_eq!(query["lang"], "en", "the narrowing keeps the other filters");
    let dates = texts(&client, "#hits li.hit time").await;
    assert!(!dates.is_empty(), "the bar's month has results");
    assert!(
        dates.iter().all(|d| *d >= since && *d <= until),
        "{dates:?} not in {since}..{until}"
    );

    // Open a translation, then see the pair side by side.
    client
        .goto(&format!("{base}/?q=Kazakhstan&limit=50"))
        .await
        .unwrap();
    screenshot(&client, "search").await;
    let linked = client
        .find(Locator::Css("#hits a.linked-doc"))
        .await
        .unwrap();
    let linked_title = linked.text().await.unwrap();
    linked.click().await.unwrap();
    let title = client
        .wait()
        .for_element(Locator::Id("doc-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(title, linked_title);
    screenshot(&client, "document").await;
    client
        .find(Locator::Css("#doc-links a.side-by-side"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Id("aligned"))
        .await
        .unwrap();
    let rows = client
        .find_all(Locator::Css("#aligned tbody tr"))
        .await
        .unwrap();
    assert!(rows.len() >= 3, "{} aligned rows", rows.len());
    let en = texts(&client, "#aligned td[lang='en']").await;
    let ru = texts(&client, "#aligned td[lang='ru']").await;
    assert!(
        en.iter()
            .any(|s| s.chars().any(|c| c.is_ascii_alphabetic()))
    );
    assert!(ru.iter().any(|s| {
        s.chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(' ')))
    }));
    assert!(
        !texts(&client, "#evidence li").await.is_empty(),
        "the pair's evidence is shown"
    );
    screenshot(&client, "side-by-side").await;

    // The hostile document's own page: its markup is text, nothing runs.
    client
        .goto(&format!("{base}/documents/{}", common::hostile_id()))
        .await
        .unwrap();
    let shown = client
        .find(Locator::Id("doc-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(shown, common::HOSTILE_TITLE);
    assert!(
        !planted_script_ran(&client).await,
        "a script from the hostile document ran"
    );
    assert!(
        client
            .find_all(Locator::Css("#doc-body img, #doc-body a, #doc-body script"))
            .await
            .unwrap()
            .is_empty()
    );

    // The page speaks Russian when asked, and keeps the choice in the URL.
    client
        .find(Locator::Id("ui-switch"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let lang = client
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("ru"));
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("ui=ru")
    );

    client.close().await.unwrap();
}

/// The current URL once it contains `needle` (the page after a click).
async fn url_containing(client: &Client, needle: &str) -> url::Url {
    for _ in 0..50 {
        let url = client.current_url().await.unwrap();
        if url.as_str().contains(needle) {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the URL never contained {needle}");
}
