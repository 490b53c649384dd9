//! A page reaches the store by two roads, the crawl and a WARC import; both
//! go through one page function, so re-importing a crawl's own archive
//! into a fresh store gives the same documents under the same ids.

mod common;

use common::sites::serve_six_sources;
use pressroom_fetch::testsite::{Reply, TestSite, generated_site};
use pressroom_fetch::{CrawlOptions, Crawler, Target, Url};
use pressroom_ingest::{ImportOptions, NoProgress, import_paths};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::{Store, StoreError};
use std::time::Duration;

type Docs = Vec<(String, String, String, String, String, String, String)>;

/// (id, title, body, lang, source, origin, metadata) of every stored document, sorted.
fn documents(store: &Store) -> Docs {
    let mut docs = Vec::new();
    pressroom_store::for_each_document::<StoreError>(store.conn(), |d| {
        docs.push((
            d.id.to_string(),
            d.title,
            d.body,
            d.lang.code().to_string(),
            d.source,
            d.origin,
            format!(
                "fetched {:?}, HTTP {:?}, record {:?}, url {:?}",
                d.meta.fetched_at, d.meta.http_status, d.meta.warc_record_id, d.meta.url
            ),
        ));
        Ok(())
    })
    .unwrap();
    docs.sort();
    docs
}

/// Crawl the six-source fixture site, then import the WARC files the crawl
/// wrote into a fresh store: (crawled, imported) documents.
fn crawl_then_import() -> (Docs, Docs) {
    let site = TestSite::start().unwrap();
    serve_six_sources(&site);
    let config = SourcesConfig::from_toml(include_str!("fixtures/sources.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut crawled = Store::open(&dir.path().join("crawled.sqlite")).unwrap();
    // Every article kept: an import has no topic filter to apply.
    let mut options = common::options(&site, dir.path());
    options.topic_filter = false;
    let summary = common::crawl(&mut crawled, &config, options, Target::Sources(vec![]));
    assert!(summary.failed.is_empty(), "{summary:?}");
    let by_crawl = documents(&crawled);
    assert!(
        by_crawl.len() >= 6,
        "the crawl stored documents: {summary:?}"
    );

    let mut imported = Store::open(&dir.path().join("imported.sqlite")).unwrap();
    let report = import_paths(
        &mut imported,
        &[dir.path().join("warc")],
        &ImportOptions::new(dir.path().to_path_buf(), config.clone()),
        &mut NoProgress,
    )
    .unwrap();
    assert!(report.failed.is_empty(), "{report:?}");
    (by_crawl, documents(&imported))
}

#[test]
fn every_crawled_document_is_imported_identically_from_the_crawls_warc_files() {
    let (by_crawl, by_import) = crawl_then_import();
    for crawled in &by_crawl {
        let imported = by_import.iter().find(|d| d.0 == crawled.0);
        assert_eq!(
            Some(crawled),
            imported,
            "{} has the same id, title, body, language, source, origin and metadata either way",
            crawled.5
        );
    }
}

#[test]
fn importing_a_crawls_warc_files_adds_no_document_the_crawl_did_not_store() {
    let (by_crawl, by_import) = crawl_then_import();
    let extra: Vec<&String> = by_import
        .iter()
        .filter(|d| !by_crawl.contains(d))
        .map(|d| &d.5)
        .collect();
    assert!(
        extra.is_empty(),
        "imported, never stored by the crawl: {extra:?}"
    );
}

const CONFIG: &str = r#"
[[source]]
name = "Generated"
hosts = ["news.example.org"]
article_url_patterns = [
    '^https://news\.example\.org/news/\d{4}/\d{2}/\d{2}/story-\d+$',
    '^https://news\.example\.org/\?p=\d+$',
]
[[source.entry]]
kind = "listing"
url = "https://news.example.org/news?page=0"
lang = "en"
link_selector = "ul.news a"
[[source.entry]]
kind = "feed"
url = "https://news.example.org/feed.xml"
"#;

/// A post the feed names by its short address, whose page names its
/// permalink as canonical: the crawler stores it under the permalink, and
/// so must an import of the archive, which holds it under the short one.
fn short_address_post(site: &TestSite) {
    site.put(
        "https://news.example.org/feed.xml",
        Reply::typed(
            "application/rss+xml",
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
            <item><title>Court fines journalist</title><link>https://news.example.org/?p=77</link>
            <pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate></item></channel></rss>"#,
        ),
    );
    site.put(
        "https://news.example.org/?p=77",
        Reply::html(
            "<!doctype html><html lang=\"en\"><head><title>Court fines journalist</title>\
             <link rel=\"canonical\" href=\"https://news.example.org/news/2024/03/05/court-fines-journalist\">\
             </head><body><article><h1>Court fines journalist</h1>\
             <p>A court in Astana fined the journalist for a post about the detention of protesters.</p>\
             <p>The bureau asks the appeal court to overturn the decision and drop the charges.</p>\
             </article></body></html>",
        ),
    );
}

/// What the index and users see of each document, sorted by id.
fn stored_rows(store: &Store) -> Vec<Vec<Option<String>>> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT id, origin, source, lang, title, published, content_hash FROM documents ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| (0..7).map(|i| r.get(i)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_post_crawled_by_its_short_address_is_keyed_by_its_canonical_url_either_way() {
    let site = TestSite::start().unwrap();
    site.quiet();
    site.set_generator(generated_site("news.example.org", 30));
    short_address_post(&site);
    let dir = tempfile::tempdir().unwrap();
    let config = SourcesConfig::from_toml(CONFIG).unwrap();

    let warc_dir = dir.path().join("warc");
    let mut options = CrawlOptions::polite(warc_dir.clone());
    options.delay = Some(Duration::ZERO);
    options.http.offline = true;
    options.http.host_map.insert(
        "news.example.org".into(),
        Url::parse(&site.origin()).unwrap(),
    );
    let mut crawled = Store::open(&dir.path().join("crawled/store.sqlite")).unwrap();
    Crawler::new(&mut crawled, &config, options)
        .unwrap()
        .run(
            &Target::Sources(Vec::new()),
            &mut pressroom_fetch::NoProgress,
        )
        .unwrap();
    let expected = stored_rows(&crawled);
    assert_eq!(expected.len(), 31, "every article is crawled");
    assert!(
        expected.iter().any(|d| d[1].as_deref()
            == Some("https://news.example.org/news/2024/03/05/court-fines-journalist")),
        "the crawler keys the post by its canonical URL"
    );

    let corpus = dir.path().join("imported");
    let mut imported = Store::open(&corpus.join("store.sqlite")).unwrap();
    let options = pressroom_ingest::ImportOptions::new(corpus, config);
    let summary = pressroom_ingest::import_paths(
        &mut imported,
        &[warc_dir],
        &options,
        &mut pressroom_ingest::NoProgress,
    )
    .unwrap();
    assert!(summary.failed.is_empty(), "{summary:?}");
    assert_eq!(stored_rows(&imported), expected);
}
