//! A real store and index of the sample corpus plus a hostile document, and
//! the real server over them on a loopback port.

#![allow(dead_code)]

use chrono::NaiveDate;
use pressroom_align::{AnchorScorer, Dictionary, PairOptions, find_pairs, store_links};
use pressroom_model::sources::SourcesConfig;
use pressroom_model::{DocId, DocMeta, Document, Lang};
use pressroom_search::SearchIndex;
use pressroom_server::ServerConfig;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The hostile document's id, title and body: markup and script that must
/// reach the page as inert text.
pub const HOSTILE_ORIGIN: &str = "sample/hostile.html";
pub const HOSTILE_TITLE: &str = "<script>document.title='pwned';window.__pwned=1</script>Torture <img src=x onerror=\"window.__pwned=2\">";
pub const HOSTILE_BODY: &str = "Torture report <script>window.__pwned=3</script> with a <a href=\"javascript:window.__pwned=4\">link</a>.\n\n<img src=x onerror=\"window.__pwned=5\"> javascript:window.__pwned=6 torture again.";

pub fn hostile_id() -> DocId {
    DocId::derive(HOSTILE_ORIGIN, 0)
}

fn hostile() -> Document {
    Document {
        id: hostile_id(),
        source: "CIVICUS".into(),
        origin: HOSTILE_ORIGIN.into(),
        lang: Lang::En,
        title: HOSTILE_TITLE.into(),
        published: NaiveDate::from_ymd_opt(2021, 5, 3),
        body: HOSTILE_BODY.into(),
        meta: DocMeta {
            url: Some("javascript:window.__pwned=7".into()),
            ..DocMeta::default()
        },
    }
}

/// Import the sample corpus and the hostile document into a store under
/// `home`, find and store the pairs, build the index.
pub fn build_corpus(home: &Path) -> ServerConfig {
    let store_path = home.join("corpus/store.sqlite");
    let mut store = pressroom_store::Store::open(&store_path).unwrap();
    let sources = SourcesConfig::load(&repo().join("corpus/sources.toml")).unwrap();
    // The sample corpus through the import users run.
    let summary = pressroom_ingest::import_paths(
        &mut store,
        &[repo().join("corpus/sample")],
        &pressroom_ingest::ImportOptions::new(repo().join("corpus"), sources.clone()),
        &mut pressroom_ingest::NoProgress,
    )
    .unwrap();
    assert!(summary.failed.is_empty(), "{summary:?}");
    pressroom_store::upsert_document(store.conn(), &hostile()).unwrap();
    let index_dir = home.join("index");
    let (index, _) = SearchIndex::rebuild(&index_dir, store.conn(), 20_000_000, |_, _| {}).unwrap();
    let scorer = AnchorScorer::with_dictionary(Dictionary::general());
    let links = find_pairs(store.conn(), &index, &scorer, &PairOptions::default()).unwrap();
    store_links(store.conn_mut(), &links).unwrap();
    ServerConfig {
        sources,
        ..ServerConfig::new(store_path, index_dir)
    }
}

/// Start the real server on 127.0.0.1, port 0, in a thread of its own;
/// returns its address once it listens.
pub fn start(config: ServerConfig) -> SocketAddr {
    install_crypto_provider();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        pressroom_server::serve_blocking("127.0.0.1:0".parse().unwrap(), config, move |addr| {
            tx.send(addr).unwrap();
        })
        .unwrap();
    });
    rx.recv().unwrap()
}

/// One server over the sample corpus for every test of a test binary.
pub fn sample_server() -> SocketAddr {
    static SERVER: OnceLock<(tempfile::TempDir, SocketAddr)> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let home = tempfile::tempdir().unwrap();
            let config = build_corpus(home.path());
            let addr = start(config);
            (home, addr)
        })
        .1
}

/// reqwest's clients refuse to build without a process-wide TLS crypto
/// provider when the workspace unifies the crawler's `rustls-no-provider`
/// into it, even for plain-HTTP requests to loopback.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
