//! A page reaches the store by two roads, the crawl and a WARC import; both
//! go through one page function, so re-importing a crawl's own archive
//! into a fresh store gives the same documents under the same ids.

mod common;

use common::sites::serve_six_sources;
use pressroom_fetch::Target;
use pressroom_fetch::testsite::TestSite;
use pressroom_ingest::{ImportOptions, NoProgress, import_paths};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::{Store, StoreError};

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
