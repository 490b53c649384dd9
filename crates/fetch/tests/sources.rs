//! Crawl of site-shaped fixtures for the six sources on a loopback server:
//! every article stored once with its metadata, archived, and a re-run
//! downloads nothing that did not change.

mod common;

use common::sites::serve_six_sources;
use pressroom_fetch::testsite::TestSite;
use pressroom_fetch::{Target, read_warc};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;
use std::collections::HashMap;

fn config() -> SourcesConfig {
    SourcesConfig::from_toml(include_str!("fixtures/sources.toml")).unwrap()
}

#[test]
fn six_sources_crawl_stores_every_article_once_and_rerun_is_conditional() {
    let site = TestSite::start().unwrap();
    let expected = serve_six_sources(&site);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let config = config();
    let summary = common::crawl(
        &mut store,
        &config,
        common::options(&site, dir.path()),
        Target::Sources(vec![]),
    );

    // Nothing left the loopback server, and every article was requested once,
    // whatever form of its URL the feeds and listings used.
    for e in &expected {
        assert_eq!(site.hit_count(e.url), 1, "{} fetched once", e.url);
    }
    assert_eq!(
        site.hit_count("https://bureau.kz/?post_type=post&p=44991"),
        0
    );
    // robots.txt was read, its sitemap index followed, non-articles ignored.
    assert_eq!(site.hit_count("https://www.hrw.org/robots.txt"), 1);
    assert_eq!(
        site.hit_count("https://www.hrw.org/sitemap-news-2021.xml"),
        1
    );
    assert_eq!(site.hit_count("https://www.hrw.org/about-us"), 0);
    assert_eq!(
        site.hit_count("https://www.amnesty.org/ru/latest/news/page/2/"),
        1
    );

    // Every 200 response is in the WARC archive.
    let archived: Vec<String> = common::warc_files(dir.path())
        .iter()
        .flat_map(|p| {
            read_warc(p)
                .map(|r| r.unwrap().target_uri)
                .collect::<Vec<_>>()
        })
        .collect();
    for e in &expected {
        assert!(archived.iter().any(|u| u == e.url), "{} archived", e.url);
    }

    if !common::parser_ready() {
        // Plumbing only: each article was fetched and reached the parser.
        let rows = common::crawl_rows(&store);
        for e in &expected {
            let row = rows.iter().find(|r| r.0 == e.url).expect("crawl row");
            assert!(
                row.1 == "done" || row.3.as_deref().is_some_and(|err| err.starts_with("parse")),
                "{row:?}"
            );
        }
        return;
    }

    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert_eq!(summary.new as usize, expected.len(), "{summary:?}");
    assert_eq!(summary.skipped.get("off topic"), Some(&1), "{summary:?}");
    let docs = common::documents(&store);
    assert_eq!(
        docs.len(),
        expected.len(),
        "one document per article: {docs:#?}"
    );
    let by_origin: HashMap<&str, _> = docs.iter().map(|d| (d.0.as_str(), d)).collect();
    for e in &expected {
        let d = by_origin
            .get(e.url)
            .unwrap_or_else(|| panic!("{} stored", e.url));
        assert_eq!(d.1, e.lang, "{}", e.url);
        assert_eq!(d.2, e.title, "{}", e.url);
        assert_eq!(d.3.as_deref(), Some(e.date), "{}", e.url);
        let id: String = store
            .conn()
            .query_row("SELECT id FROM documents WHERE origin = ?1", [e.url], |r| {
                r.get(0)
            })
            .unwrap();
        let doc = pressroom_store::get_document(store.conn(), &pressroom_model::DocId(id))
            .unwrap()
            .expect("document");
        assert!(
            doc.meta
                .warc_record_id
                .as_deref()
                .is_some_and(|w| w.starts_with("<urn:uuid:"))
        );
        assert_eq!(doc.meta.http_status, Some(200));
        assert!(doc.meta.fetched_at.is_some());
        if let Some(other) = e.translation {
            let links = pressroom_store::links_for(store.conn(), &doc.id).unwrap();
            assert!(
                links
                    .iter()
                    .any(|l| l.kind == pressroom_model::LinkKind::Translation),
                "{} linked to its translation {other}: {links:?}",
                e.url
            );
        }
    }

    // Second run: only conditional requests for pages with validators, no new documents.
    site.clear_hits();
    let again = common::crawl(
        &mut store,
        &config,
        common::options(&site, dir.path()),
        Target::Sources(vec![]),
    );
    assert_eq!(again.new, 0, "{again:?}");
    assert!(again.failed.is_empty(), "{:?}", again.failed);
    let hrw_en = expected[0].url;
    let hits = site.hits();
    let hit = hits.iter().find(|h| h.url == hrw_en).expect("revalidated");
    assert!(
        hit.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("if-none-match"))
    );
    assert_eq!(hit.status, 304);
    assert_eq!(common::documents(&store).len(), expected.len());
}

#[test]
fn shipped_sources_toml_gives_every_source_real_entry_points() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sources.toml");
    let config = SourcesConfig::load(&path).unwrap();
    for name in ["civicus", "omct", "hrw", "amnesty", "acca"] {
        let s = config
            .by_name(name)
            .unwrap_or_else(|| panic!("{name} configured"));
        assert!(!s.entries.is_empty(), "{name} has entry points");
        assert!(!s.topic_filter.is_empty(), "{name} has a topic filter");
        for e in &s.entries {
            let url = url::Url::parse(&e.url).unwrap();
            assert_eq!(url.scheme(), "https", "{}", e.url);
            assert!(
                config
                    .for_host(url.host_str().unwrap())
                    .is_some_and(|o| o.name == s.name),
                "{}",
                e.url
            );
        }
        for p in &s.article_url_patterns {
            regex::Regex::new(p).unwrap();
        }
    }
    let has_lang_entry = |id: &str, lang: &str| {
        config
            .by_name(id)
            .unwrap()
            .entries
            .iter()
            .any(|e| e.lang.map(|l| l.code()) == Some(lang))
    };
    assert!(has_lang_entry("hrw", "ru") && has_lang_entry("hrw", "en"));
    assert!(has_lang_entry("amnesty", "ru") && has_lang_entry("amnesty", "en"));
    let bureau = config.for_host("bureau.kz").unwrap();
    let p = regex::Regex::new(&bureau.article_url_patterns[0]).unwrap();
    let canonical =
        pressroom_fetch::canon::canonical_string("https://bureau.kz/?post_type=post&p=44991")
            .unwrap();
    assert!(p.is_match(&canonical), "{canonical}");
}

#[test]
fn a_sources_max_pages_caps_that_source_alone_and_the_next_run_goes_on() {
    let site = TestSite::start().unwrap();
    let expected = serve_six_sources(&site);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let mut config = config();
    let hrw = config
        .sources
        .iter_mut()
        .find(|s| s.name == "Human Rights Watch")
        .unwrap();
    hrw.crawl.max_pages = Some(1);
    let run = |store: &mut Store| {
        common::crawl(
            store,
            &config,
            common::options(&site, dir.path()),
            Target::Sources(vec![]),
        )
    };
    let hrw_articles_visited_in_last_run = |store: &Store| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM crawl_urls WHERE source = 'Human Rights Watch'
                 AND kind = 'article' AND state != 'pending' AND run_id = (SELECT MAX(id) FROM crawl_runs)",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let hrw_articles = || {
        expected
            .iter()
            .filter(|e| e.url.contains("hrw.org"))
            .map(|e| site.hit_count(e.url))
            .sum::<usize>()
    };

    let summary = run(&mut store);
    assert!(summary.stopped_at_max_pages);
    assert_eq!(hrw_articles_visited_in_last_run(&store), 1);
    let after_first = hrw_articles();
    assert!(
        after_first
            < expected
                .iter()
                .filter(|e| e.url.contains("hrw.org"))
                .count()
    );
    // The other sources are not held back by it.
    for e in expected.iter().filter(|e| !e.url.contains("hrw.org")) {
        assert_eq!(site.hit_count(e.url), 1, "{} fetched", e.url);
    }
    // A second run takes up what the first left pending.
    run(&mut store);
    assert!(hrw_articles_visited_in_last_run(&store) <= 1);
    assert!(
        hrw_articles() > after_first,
        "the second run fetched more HRW articles"
    );
}
