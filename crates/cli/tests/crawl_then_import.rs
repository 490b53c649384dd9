//! A page gets the same id whichever way it came: crawl a loopback site,
//! import the WARC files the crawl wrote into a fresh store, and the two
//! stores hold the same documents.

use pressroom_fetch::testsite::{Reply, TestSite, generated_site};
use pressroom_fetch::{CrawlOptions, Crawler, NoProgress, Target, Url};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;
use std::time::Duration;

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
fn documents(store: &Store) -> Vec<Vec<Option<String>>> {
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
fn a_crawl_and_the_import_of_its_warc_files_store_the_same_documents() {
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
        .run(&Target::Sources(Vec::new()), &mut NoProgress)
        .unwrap();
    let expected = documents(&crawled);
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
    assert_eq!(documents(&imported), expected);
}
