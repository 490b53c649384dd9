//! Fault injection on the loopback server: each misbehaviour is survived,
//! named in the summary with its URL, recorded in the crawl state, and the
//! healthy pages of the same crawl are stored regardless.

mod common;

use pressroom_fetch::testsite::{Reply, TestSite};
use pressroom_fetch::{CrawlOptions, Summary, Target};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;
use std::io::Write;
use std::time::{Duration, Instant};

const GOOD: &str = "https://example.org/news/2024/01/good-news";
const BAD: &str = "https://example.org/news/2024/01/bad-news";

/// The one source most tests crawl: example.org, found through its feed.
const EXAMPLE_SOURCE: &str = r#"
[[source]]
name = "Example"
hosts = ["example.org"]
article_url_patterns = ['^https://example\.org/news/']
[[source.entry]]
kind = "feed"
url = "https://example.org/feed.xml"
"#;

fn config() -> SourcesConfig {
    SourcesConfig::from_toml(EXAMPLE_SOURCE).unwrap()
}

fn page(title: &str) -> String {
    format!(
        "<html lang=\"en\"><head><title>{title}</title><meta property=\"article:published_time\" content=\"2024-01-10\"></head>\
         <body><article><h1>{title}</h1><p>Police in Almaty detained 12 peaceful protesters on 10 January 2024, rights groups said.</p>\
         <p>The authorities must release them immediately and investigate the reports of beatings.</p></article></body></html>"
    )
}

struct Fixture {
    site: TestSite,
    dir: tempfile::TempDir,
    store: Store,
}

impl Fixture {
    /// A feed linking one healthy article and one served with `bad`.
    fn new(bad: Reply) -> Fixture {
        let site = TestSite::start().unwrap();
        site.put(
            "https://example.org/robots.txt",
            Reply::typed("text/plain", "User-agent: *\nAllow: /\n"),
        );
        site.put(
            "https://example.org/feed.xml",
            Reply::typed(
                "application/rss+xml",
                format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>\
                     <item><title>good</title><link>{GOOD}</link></item><item><title>bad</title><link>{BAD}</link></item></channel></rss>"
                ),
            ),
        );
        site.put(GOOD, Reply::html(page("Good news from Almaty")));
        site.put(BAD, bad);
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        Fixture { site, dir, store }
    }

    fn crawl(&mut self) -> Summary {
        self.crawl_with(|_| {})
    }

    fn crawl_with(&mut self, adjust: impl FnOnce(&mut CrawlOptions)) -> Summary {
        let mut o = common::options(&self.site, self.dir.path());
        adjust(&mut o);
        common::crawl(&mut self.store, &config(), o, Target::Sources(vec![]))
    }

    fn stored(&self, url: &str) -> usize {
        self.store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM documents WHERE origin = ?1",
                [url],
                |r| r.get::<_, i64>(0),
            )
            .unwrap() as usize
    }

    /// The failure named for BAD, after checking the healthy page was stored.
    fn failure_for_bad(&self, summary: &Summary) -> String {
        assert_eq!(
            self.stored(GOOD),
            1,
            "the healthy page is stored: {summary:?}"
        );
        assert_eq!(self.stored(BAD), 0);
        let failure = summary
            .failed
            .iter()
            .find(|f| f.url == BAD)
            .unwrap_or_else(|| panic!("summary names the bad URL: {summary:?}"));
        let recorded: String = self
            .store
            .conn()
            .query_row(
                "SELECT state || ': ' || last_error FROM crawl_urls WHERE url = ?1",
                [BAD],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(recorded, format!("failed: {}", failure.reason));
        failure.reason.clone()
    }
}

#[test]
fn server_errors_are_retried_then_recorded_and_retried_next_run() {
    for code in [500, 502, 503] {
        let mut f = Fixture::new(Reply::status(code));
        let summary = f.crawl();
        let reason = f.failure_for_bad(&summary);
        assert_eq!(reason, format!("HTTP {code} (after 3 attempts)"));
        assert_eq!(f.site.hit_count(BAD), 3, "three attempts for {code}");
        assert!(summary.retries >= 2);
        // The site recovers: the next run fetches the failed page, nothing else anew.
        f.site.put(BAD, Reply::html(page("Bad news, later good")));
        let again = f.crawl();
        assert!(again.failed.is_empty(), "{again:?}");
        assert_eq!(f.stored(BAD), 1);
        assert_eq!(f.stored(GOOD), 1);
    }
}

#[test]
fn a_transient_503_is_retried_within_the_run() {
    let mut f = Fixture::new(Reply::Sequence(vec![
        Reply::status(503),
        Reply::html(page("Recovered")),
    ]));
    let summary = f.crawl();
    assert!(summary.failed.is_empty(), "{summary:?}");
    assert_eq!(f.stored(BAD), 1);
    assert_eq!(summary.retries, 1);
}

#[test]
fn too_many_requests_waits_for_retry_after() {
    let limited = Reply::Status {
        code: 429,
        headers: vec![("Retry-After".into(), "1".into())],
        body: b"slow down".to_vec(),
    };
    let mut f = Fixture::new(Reply::Sequence(vec![
        limited,
        Reply::html(page("After the wait")),
    ]));
    let started = Instant::now();
    let summary = f.crawl();
    assert!(summary.failed.is_empty(), "{summary:?}");
    assert_eq!(f.stored(BAD), 1);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    let hits = f.site.hits();
    let times: Vec<_> = hits.iter().filter(|h| h.url == BAD).collect();
    assert_eq!(times.len(), 2);
}

#[test]
fn a_retry_after_beyond_the_cap_fails_the_url_for_this_run() {
    let mut f = Fixture::new(Reply::Status {
        code: 503,
        headers: vec![("Retry-After".into(), "86400".into())],
        body: Vec::new(),
    });
    let summary = f.crawl();
    assert_eq!(
        f.failure_for_bad(&summary),
        "HTTP 503, Retry-After 86400s too long"
    );
}

#[test]
fn a_stalled_response_times_out() {
    let mut f = Fixture::new(Reply::Stall(Duration::from_secs(10)));
    let started = Instant::now();
    let summary = f.crawl();
    let reason = f.failure_for_bad(&summary);
    assert!(
        reason.contains("timed out") || reason.contains("body cut short"),
        "{reason}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(25),
        "bounded by the total timeout"
    );
}

#[test]
fn a_connection_reset_is_a_named_failure() {
    let mut f = Fixture::new(Reply::Reset);
    let summary = f.crawl();
    let reason = f.failure_for_bad(&summary);
    assert!(reason.contains("after 3 attempts"), "{reason}");
}

#[test]
fn a_truncated_body_with_a_lying_content_length_is_not_stored() {
    let mut f = Fixture::new(Reply::Truncated {
        claimed: 50_000,
        body: page("Cut short").into_bytes(),
    });
    let summary = f.crawl();
    let reason = f.failure_for_bad(&summary);
    assert!(reason.starts_with("body cut short"), "{reason}");
}

#[test]
fn a_redirect_loop_is_detected() {
    let mut f = Fixture::new(Reply::redirect("https://example.org/news/2024/01/loop-b"));
    f.site.put(
        "https://example.org/news/2024/01/loop-b",
        Reply::redirect(BAD),
    );
    let summary = f.crawl();
    let reason = f.failure_for_bad(&summary);
    assert!(reason.starts_with("redirect loop"), "{reason}");
}

#[test]
fn a_redirect_is_followed_and_stored_under_its_target() {
    let target = "https://example.org/news/2024/01/moved-here";
    let mut f = Fixture::new(Reply::redirect("/news/2024/01/moved-here?utm_source=x"));
    f.site.put(target, Reply::html(page("Moved page")));
    let summary = f.crawl();
    assert!(summary.failed.is_empty(), "{summary:?}");
    assert_eq!(f.stored(target), 1);
}

#[test]
fn a_50_mb_body_is_refused_without_reading_it() {
    let mut f = Fixture::new(Reply::Huge(50 << 20));
    let summary = f.crawl();
    let reason = f.failure_for_bad(&summary);
    assert!(reason.starts_with("body larger than"), "{reason}");
}

#[test]
fn a_gzip_bomb_is_stopped_at_the_size_limit() {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..64 {
        enc.write_all(&zeros).unwrap();
    }
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() < 1 << 20, "small on the wire");
    let mut f = Fixture::new(Reply::Status {
        code: 200,
        headers: vec![
            ("Content-Type".into(), "text/html".into()),
            ("Content-Encoding".into(), "gzip".into()),
        ],
        body: bomb,
    });
    let summary = f.crawl();
    let reason = f.failure_for_bad(&summary);
    assert!(reason.contains("compression bomb"), "{reason}");
}

#[test]
fn a_mislabelled_encoding_is_read_correctly() {
    let html = page("Казахстан: задержаны активисты").replace("lang=\"en\"", "lang=\"ru\"").replace(
        "Police in Almaty detained",
        "Полиция в Алматы задержала активистов; правозащитники сообщили об этом сегодня. Police in Almaty detained",
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&html);
    // The server claims UTF-8 but sends windows-1251.
    let mut f = Fixture::new(Reply::typed("text/html; charset=utf-8", bytes.into_owned()));
    let summary = f.crawl();
    assert!(summary.failed.is_empty(), "{summary:?}");
    let title: String = f
        .store
        .conn()
        .query_row(
            "SELECT title FROM documents WHERE origin = ?1",
            [BAD],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(title, "Казахстан: задержаны активисты");
}

#[test]
fn robots_txt_disallowing_a_section_is_obeyed() {
    let mut f = Fixture::new(Reply::html(page("Private")));
    f.site.put(
        "https://example.org/robots.txt",
        Reply::typed("text/plain", "User-agent: *\nDisallow: /news/2024/01/bad\n"),
    );
    let summary = f.crawl();
    assert_eq!(f.site.hit_count(BAD), 0, "never requested");
    assert_eq!(f.stored(GOOD), 1);
    assert_eq!(
        summary.skipped.get("disallowed by robots.txt"),
        Some(&1),
        "{summary:?}"
    );
}

#[test]
fn unwanted_content_types_are_not_downloaded() {
    let mut f = Fixture::new(Reply::typed("image/png", vec![0x89, b'P', b'N', b'G']));
    let summary = f.crawl();
    assert_eq!(
        f.failure_for_bad(&summary),
        "content type image/png not accepted"
    );
}

#[test]
fn an_unreachable_host_fails_cleanly() {
    // A port nobody listens on: bind then drop to get one.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let site = TestSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let mut o = common::options(&site, dir.path());
    o.http.host_map.insert(
        "example.org".into(),
        url::Url::parse(&format!("http://127.0.0.1:{port}")).unwrap(),
    );
    let summary = common::crawl(&mut store, &config(), o, Target::Sources(vec![]));
    assert_eq!(summary.failed.len(), 1, "{summary:?}");
    assert!(
        summary.failed[0]
            .reason
            .starts_with("robots.txt unavailable"),
        "{summary:?}"
    );
}

#[test]
fn a_page_that_panics_the_parser_fails_alone_and_is_not_fetched_again() {
    const MARKER: &str = "pressroom-test-panic";
    let mut f = Fixture::new(Reply::html(page(&format!("Hostile page {MARKER}"))));
    let with_marker = |o: &mut CrawlOptions| o.panic_marker = Some(MARKER.as_bytes().to_vec());
    let summary = f.crawl_with(with_marker);
    assert_eq!(
        f.failure_for_bad(&summary),
        "parser panicked: test hook: page carries the panic marker"
    );
    assert_eq!(f.site.hit_count(BAD), 1, "not retried within the run");
    // The next run reads the feed again, which still lists the page, but
    // the page would only panic again: it is left alone.
    let again = f.crawl_with(with_marker);
    assert!(again.failed.is_empty(), "{again:?}");
    assert_eq!(f.site.hit_count(BAD), 1, "not fetched by the next run");
    assert_eq!(f.stored(GOOD), 1);
}

/// One byte a second: each read succeeds, so only a bound on the whole
/// exchange stops it.
fn trickle(body: &str) -> Reply {
    Reply::Trickle {
        body: body.as_bytes().to_vec(),
        interval: Duration::from_secs(1),
    }
}

fn short_timeout(o: &mut CrawlOptions) {
    o.http.connect_timeout = Duration::from_secs(1);
    o.http.total_timeout = Duration::from_secs(2);
}

#[test]
fn a_trickling_body_is_cut_off_by_the_total_timeout() {
    let mut f = Fixture::new(trickle("<html><body>slowly</body></html>"));
    let started = Instant::now();
    let summary = f.crawl_with(short_timeout);
    let reason = f.failure_for_bad(&summary);
    assert!(reason.starts_with("timed out"), "{reason}");
    // Three attempts of at most 2 s each, not 32 s each.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "bounded by the total timeout: {:?}",
        started.elapsed()
    );
}

#[test]
fn a_trickling_robots_txt_fails_its_host_and_spares_the_others() {
    let site = TestSite::start().unwrap();
    site.put(
        "https://example.org/robots.txt",
        trickle("User-agent: *\nAllow: /\n# and more"),
    );
    site.put(
        "https://acca.media/robots.txt",
        Reply::typed("text/plain", "User-agent: *\nAllow: /\n"),
    );
    site.put(
        "https://acca.media/feed/",
        Reply::typed(
            "application/rss+xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>\
             <item><title>a</title><link>https://acca.media/news/2024/01/quick/</link></item></channel></rss>",
        ),
    );
    site.put(
        "https://acca.media/news/2024/01/quick/",
        Reply::html(page("Quick news from Almaty")),
    );
    let config = SourcesConfig::from_toml(&format!(
        r#"{EXAMPLE_SOURCE}
[[source]]
name = "ACCA"
hosts = ["acca.media"]
article_url_patterns = ['^https://acca\.media/news/']
[[source.entry]]
kind = "feed"
url = "https://acca.media/feed/"
"#
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let mut o = common::options(&site, dir.path());
    short_timeout(&mut o);
    let started = Instant::now();
    let summary = common::crawl(&mut store, &config, o, Target::Sources(vec![]));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "bounded by the total timeout: {:?}",
        started.elapsed()
    );
    let failure = summary
        .failed
        .iter()
        .find(|f| f.url == "https://example.org/feed.xml")
        .unwrap_or_else(|| panic!("the slow host's feed is named: {summary:?}"));
    assert!(
        failure
            .reason
            .starts_with("robots.txt unavailable: timed out"),
        "{}",
        failure.reason
    );
    let stored: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM documents WHERE origin LIKE 'https://acca.media/%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 1, "the healthy host is crawled: {summary:?}");
}

#[test]
fn a_retry_after_beyond_the_cap_pauses_the_host_for_the_rest_of_the_run() {
    let site = TestSite::start().unwrap();
    site.put(
        "https://example.org/robots.txt",
        Reply::typed("text/plain", "User-agent: *\nAllow: /\n"),
    );
    let others: Vec<String> = (1..=6)
        .map(|i| format!("https://example.org/news/2024/01/other-{i}"))
        .collect();
    let items: String = std::iter::once(BAD.to_string())
        .chain(others.iter().cloned())
        .map(|l| format!("<item><title>t</title><link>{l}</link></item>"))
        .collect();
    site.put(
        "https://example.org/feed.xml",
        Reply::typed(
            "application/rss+xml",
            format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>{items}</channel></rss>"),
        ),
    );
    let unavailable = Reply::Status {
        code: 503,
        headers: vec![("Retry-After".into(), "99999".into())],
        body: Vec::new(),
    };
    for url in std::iter::once(BAD).chain(others.iter().map(String::as_str)) {
        site.put(url, unavailable.clone());
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let run = |store: &mut Store| {
        let o = common::options(&site, dir.path());
        common::crawl(store, &config(), o, Target::Sources(vec![]))
    };
    let summary = run(&mut store);
    let article_hits: Vec<String> = site
        .hits()
        .into_iter()
        .filter(|h| h.url.contains("/news/"))
        .map(|h| h.url)
        .collect();
    assert_eq!(
        article_hits.len(),
        1,
        "the host is left alone after its first long Retry-After: {article_hits:?}"
    );
    assert_eq!(summary.failed.len(), 1, "{summary:?}");
    assert_eq!(
        summary.failed[0].reason,
        "HTTP 503, Retry-After 99999s too long"
    );
    assert_eq!(summary.paused_hosts.len(), 1, "{summary:?}");
    assert_eq!(summary.paused_hosts[0].host, "example.org");
    assert!(
        summary.paused_hosts[0]
            .reason
            .contains("Retry-After 99999s, beyond the 600s cap"),
        "{:?}",
        summary.paused_hosts
    );
    // The host is back: the next run fetches what was left waiting.
    for url in &others {
        site.put(url, Reply::html(page("Back again in Almaty")));
    }
    site.put(BAD, Reply::html(page("Back again in Almaty")));
    let again = run(&mut store);
    assert!(again.failed.is_empty(), "{again:?}");
    assert!(again.paused_hosts.is_empty(), "{again:?}");
    assert_eq!(again.new, 7, "{again:?}");
}
