use pressroom_model::{DocId, DocMeta, Document, Evidence, Lang, Link, LinkKind};
use pressroom_store::{
    Store, StoredContent, Upsert, documents_changed_since, get_document, links_for, max_seq,
    recent_text_bytes, replace_origin, replace_origin_prepared, resolve_id, stats,
    tombstones_since, upsert_link,
};

fn doc(origin: &str, part: usize, lang: Lang, body: &str) -> Document {
    Document {
        id: DocId::derive(origin, part),
        source: "CIVICUS".into(),
        origin: origin.into(),
        lang,
        title: format!("title {part}"),
        published: chrono::NaiveDate::from_ymd_opt(2022, 6, 21),
        body: body.into(),
        meta: DocMeta::default(),
    }
}

/// A new store in a temporary directory, removed when the first value drops.
fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("corpus/store.sqlite")).unwrap();
    (dir, store)
}

#[test]
fn upserts_are_idempotent_and_numbered_for_incremental_indexing() {
    let (_dir, store) = temp_store();
    let conn = store.conn();
    let en = doc("sample/a.txt", 0, Lang::En, "torture");
    let ru = doc("sample/a.txt", 1, Lang::Ru, "пытки");
    assert_eq!(
        replace_origin(conn, "sample/a.txt", &[en.clone(), ru.clone()]).unwrap(),
        vec![Upsert::New, Upsert::New]
    );
    let after_first = max_seq(conn).unwrap();
    assert_eq!(
        replace_origin(conn, "sample/a.txt", &[en.clone(), ru.clone()]).unwrap(),
        vec![Upsert::Unchanged, Upsert::Unchanged]
    );
    assert_eq!(
        max_seq(conn).unwrap(),
        after_first,
        "nothing changed, no new sequence"
    );

    // The page no longer splits: the Russian part goes, and leaves a tombstone.
    let en2 = doc("sample/a.txt", 0, Lang::En, "torture and detention");
    assert_eq!(
        replace_origin(conn, "sample/a.txt", std::slice::from_ref(&en2)).unwrap(),
        vec![Upsert::Changed]
    );
    let mut changed = Vec::new();
    documents_changed_since(conn, after_first, |_, d| {
        changed.push(d);
        Ok::<(), pressroom_store::StoreError>(())
    })
    .unwrap();
    assert_eq!(changed, vec![en2.clone()]);
    assert_eq!(
        tombstones_since(conn, after_first).unwrap(),
        vec![ru.id.clone()]
    );
    assert_eq!(get_document(conn, &en.id).unwrap().unwrap(), en2);
    assert!(get_document(conn, &ru.id).unwrap().is_none());
    let s = stats(conn).unwrap();
    assert_eq!(s.documents, 1);
    assert_eq!(s.by_year.get("2022"), Some(&1));
}

#[test]
fn contents_prepared_beforehand_store_what_the_store_would_have_made() {
    let (_dir, store) = temp_store();
    let conn = store.conn();
    let en = doc("w", 0, Lang::En, "torture");
    let content = StoredContent::of(&en);
    assert_eq!(content.content_hash(), en.content_hash());
    let docs = std::slice::from_ref(&en);
    assert_eq!(
        replace_origin_prepared(conn, "w", docs, std::slice::from_ref(&content)).unwrap(),
        vec![Upsert::New]
    );
    assert_eq!(get_document(conn, &en.id).unwrap().unwrap(), en);
    // The same document, prepared here or beforehand, is unchanged.
    assert_eq!(
        replace_origin(conn, "w", docs).unwrap(),
        vec![Upsert::Unchanged]
    );
    // A new text, prepared beforehand, is a change and is what is read back.
    let mut edited = en.clone();
    edited.body = "torture and ill-treatment".into();
    let edited_content = StoredContent::of(&edited);
    assert_eq!(
        replace_origin_prepared(
            conn,
            "w",
            std::slice::from_ref(&edited),
            std::slice::from_ref(&edited_content)
        )
        .unwrap(),
        vec![Upsert::Changed]
    );
    assert_eq!(get_document(conn, &en.id).unwrap().unwrap(), edited);
}

/// A new store holding one release-sized document stored from `origin`.
fn store_with_release(origin: &str) -> (tempfile::TempDir, Store, Document) {
    let (dir, store) = temp_store();
    let d = doc(origin, 0, Lang::Ru, &release_body());
    replace_origin(store.conn(), origin, std::slice::from_ref(&d)).unwrap();
    (dir, store, d)
}

/// SQLite's type of the stored body of the store's one document.
fn body_type(conn: &rusqlite::Connection) -> String {
    conn.query_row("SELECT typeof(body) FROM documents", [], |r| r.get(0))
        .unwrap()
}

/// Store `d`'s body as a store written before compression holds it: as text.
fn store_body_as_text(conn: &rusqlite::Connection, d: &Document) {
    conn.execute(
        "UPDATE documents SET body = ?1 WHERE id = ?2",
        [d.body.as_str(), d.id.as_str()],
    )
    .unwrap();
    assert_eq!(body_type(conn), "text");
}

/// A release-sized body in both scripts.
fn release_body() -> String {
    "The authorities must release the activists detained after the protests \
     and investigate every allegation of torture in custody, the organisations said. \
     Власти должны освободить задержанных активистов и расследовать сообщения о пытках. "
        .repeat(20)
}

#[test]
fn bodies_are_stored_compressed_and_read_back_whole() {
    let (_dir, store, d) = store_with_release("z");
    let conn = store.conn();
    assert_eq!(body_type(conn), "blob");
    let stored_bytes: i64 = conn
        .query_row("SELECT length(body) FROM documents", [], |r| r.get(0))
        .unwrap();
    assert!(
        stored_bytes as usize * 3 < d.body.len(),
        "{stored_bytes} bytes stored for a body of {}",
        d.body.len()
    );
    assert_eq!(get_document(conn, &d.id).unwrap().unwrap(), d);
    // What an indexer plans its memory by is the text's length, not the
    // compressed one.
    let (_, body_bytes) = recent_text_bytes(conn, 10, usize::MAX).unwrap();
    assert_eq!(body_bytes, d.body.len() as f64);
}

#[test]
fn bodies_stored_as_text_by_earlier_versions_are_still_read() {
    let (_dir, store, d) = store_with_release("t");
    let conn = store.conn();
    store_body_as_text(conn, &d);
    assert_eq!(get_document(conn, &d.id).unwrap().unwrap(), d);
    assert_eq!(
        recent_text_bytes(conn, 10, usize::MAX).unwrap().1,
        d.body.len() as f64
    );
    // And an unchanged re-import leaves the row alone.
    assert_eq!(
        replace_origin(conn, "t", std::slice::from_ref(&d)).unwrap(),
        vec![Upsert::Unchanged]
    );
}

#[test]
fn a_damaged_body_is_an_error_naming_the_document() {
    let (_dir, store, d) = store_with_release("x");
    let conn = store.conn();
    // One byte of the compressed body changed, as a damaged disk would.
    conn.execute(
        "UPDATE documents SET body = CAST(substr(body, 1, 20) || x'00' || substr(body, 22) AS BLOB)",
        [],
    )
    .unwrap();
    assert_eq!(body_type(conn), "blob");
    let err = get_document(conn, &d.id).unwrap_err().to_string();
    assert!(err.contains(d.id.as_str()), "{err}");
    assert!(err.contains("body does not decompress"), "{err}");
}

#[test]
fn a_walk_over_the_rows_hands_over_a_damaged_one_and_goes_on() {
    let (_dir, store, damaged) = store_with_release("x");
    let conn = store.conn();
    let others: Vec<Document> = (0..2)
        .map(|i| doc(&format!("y{i}"), 0, Lang::En, "Another release"))
        .collect();
    for other in &others {
        replace_origin(conn, &other.origin, std::slice::from_ref(other)).unwrap();
    }
    conn.execute(
        "UPDATE documents SET body = CAST(substr(body, 1, 20) || x'00' || substr(body, 22) AS BLOB) WHERE id = ?1",
        [damaged.id.as_str()],
    )
    .unwrap();
    // The walk that stops at the first error stops here...
    let mut seen = 0;
    let stopped = pressroom_store::for_each_document(conn, |_| -> pressroom_store::Result<()> {
        seen += 1;
        Ok(())
    });
    assert!(stopped.is_err());
    // ...the row walk reports the damaged row by id and reads the others.
    let (mut read, mut bad) = (Vec::new(), Vec::new());
    pressroom_store::for_each_document_row(conn, |row| -> pressroom_store::Result<()> {
        match row {
            Ok(doc) => read.push(doc.id),
            Err(err) => bad.push(err.to_string()),
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(
        read,
        others.iter().map(|d| d.id.clone()).collect::<Vec<_>>()
    );
    assert_eq!(bad.len(), 1);
    assert!(bad[0].contains(damaged.id.as_str()), "{}", bad[0]);
}

#[test]
fn links_are_unordered_pairs_with_evidence() {
    let (_dir, store) = temp_store();
    let conn = store.conn();
    let en = doc("x", 0, Lang::En, "a");
    let ru = doc("x", 1, Lang::Ru, "б");
    replace_origin(conn, "x", &[en.clone(), ru.clone()]).unwrap();
    let link = |a: &Document, b: &Document, score| Link {
        a: a.id.clone(),
        b: b.id.clone(),
        kind: LinkKind::Translation,
        score,
        evidence: vec![Evidence {
            signal: "same_page_split".into(),
            weight: 1.0,
            detail: "one page".into(),
        }],
    };
    upsert_link(conn, &link(&en, &ru, 0.5)).unwrap();
    upsert_link(conn, &link(&ru, &en, 0.9)).unwrap();
    let links = links_for(conn, &ru.id).unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].score, 0.9);
    assert_eq!(links[0].evidence[0].signal, "same_page_split");
}

#[test]
fn ids_resolve_from_unique_prefixes() {
    let (_dir, store) = temp_store();
    let d = doc("y", 0, Lang::En, "a");
    replace_origin(store.conn(), "y", std::slice::from_ref(&d)).unwrap();
    assert_eq!(resolve_id(store.conn(), &d.id.as_str()[..5]).unwrap(), d.id);
    assert!(resolve_id(store.conn(), "zz").is_err());
    assert!(resolve_id(store.conn(), "ffffffffffff").is_err());
}

#[test]
fn a_store_from_a_newer_pressroom_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains("newer than this pressroom"), "{err}");
}

#[test]
fn a_metadata_only_change_is_stored_without_a_new_sequence() {
    let (_dir, store) = temp_store();
    let conn = store.conn();
    let mut d = doc("m", 0, Lang::En, "torture");
    replace_origin(conn, "m", std::slice::from_ref(&d)).unwrap();
    let first = max_seq(conn).unwrap();

    // A new canonical URL: stored, but the text is the same, so nothing to reindex.
    d.meta.url = Some("https://example.org/a".into());
    assert_eq!(
        replace_origin(conn, "m", std::slice::from_ref(&d)).unwrap(),
        vec![Upsert::Unchanged]
    );
    assert_eq!(get_document(conn, &d.id).unwrap().unwrap(), d);
    let mut changed = Vec::new();
    documents_changed_since(conn, first, |_, doc| {
        changed.push(doc);
        Ok::<(), pressroom_store::StoreError>(())
    })
    .unwrap();
    assert!(changed.is_empty(), "{changed:?}");

    // New text: a new sequence, and the index is given the document again.
    d.body = "torture and detention".into();
    assert_eq!(
        replace_origin(conn, "m", std::slice::from_ref(&d)).unwrap(),
        vec![Upsert::Changed]
    );
    documents_changed_since(conn, first, |_, doc| {
        changed.push(doc);
        Ok::<(), pressroom_store::StoreError>(())
    })
    .unwrap();
    assert_eq!(changed, vec![d]);
}

#[test]
fn a_sample_is_spread_over_the_store_and_stable() {
    let (dir, store) = temp_store();
    for i in 0..100 {
        pressroom_store::upsert_document(
            store.conn(),
            &doc(&format!("o{i:03}"), 0, Lang::En, "text"),
        )
        .unwrap();
    }
    let sample = |n| {
        let mut origins = Vec::new();
        pressroom_store::for_each_sampled_document(store.conn(), n, usize::MAX, |d| {
            origins.push(d.origin);
            Ok::<_, pressroom_store::StoreError>(())
        })
        .unwrap();
        origins
    };
    assert_eq!(sample(4), ["o000", "o025", "o050", "o075"]);
    assert_eq!(sample(4), sample(4));
    // Never more than the store holds, each once.
    let all = sample(1_000);
    assert_eq!(all.len(), 100);
    assert_eq!(
        all.iter().collect::<std::collections::HashSet<_>>().len(),
        100
    );
    let empty = Store::open(&dir.path().join("empty.sqlite")).unwrap();
    pressroom_store::for_each_sampled_document(
        empty.conn(),
        10,
        usize::MAX,
        |_| -> Result<(), pressroom_store::StoreError> { panic!("an empty store has no sample") },
    )
    .unwrap();
}

#[test]
fn a_store_of_the_previous_schema_opens_and_is_brought_up_to_date() {
    let (_dir, store, d) = store_with_release("old");
    let path = store.path().to_path_buf();
    // As version 2 left it.
    store_body_as_text(store.conn(), &d);
    store.conn().pragma_update(None, "user_version", 2).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let version: i64 = store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, pressroom_store::SCHEMA_VERSION);
    assert_eq!(get_document(store.conn(), &d.id).unwrap().unwrap(), d);
}

/// Bodies of a few KB fill pages of a new store, rather than leaving a
/// quarter of each page unused; a store made with the older 4 KB pages
/// keeps them and still opens.
#[test]
fn a_new_store_packs_its_bodies_and_an_older_page_size_still_opens() {
    let (dir, store) = temp_store();
    let conn = store.conn();
    let page_size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(page_size, 16384);
    // Text that compresses to one to three KB, as releases do.
    let mut seed = 7u64;
    let mut word = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        format!("w{}", (seed >> 33) % 5000)
    };
    let docs: Vec<Document> = (0..400)
        .map(|i| {
            let body: Vec<String> = (0..600 + i % 1200).map(|_| word()).collect();
            doc(&format!("pack/{i}"), 0, Lang::En, &body.join(" "))
        })
        .collect();
    let page_count = || -> i64 {
        conn.query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap()
    };
    // The tables' and indexes' first pages are there before any body.
    let empty = page_count();
    for d in &docs {
        replace_origin(conn, &d.origin, std::slice::from_ref(d)).unwrap();
    }
    let payload: i64 = conn
        .query_row("SELECT SUM(length(body)) FROM documents", [], |r| r.get(0))
        .unwrap();
    let file_bytes = (page_count() - empty) * page_size;
    assert!(
        (file_bytes as f64) < payload as f64 * 1.3,
        "{file_bytes} bytes of pages for {payload} bytes of bodies"
    );
    drop(store);

    let old = dir.path().join("old.sqlite");
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("PRAGMA page_size = 4096; CREATE TABLE t(x); DROP TABLE t;")
        .unwrap();
    let store = Store::open(&old).unwrap();
    let page_size: i64 = store
        .conn()
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(page_size, 4096);
    let d = doc("old", 0, Lang::En, "A body in a store of 4 KB pages.");
    replace_origin(store.conn(), "old", std::slice::from_ref(&d)).unwrap();
    assert_eq!(get_document(store.conn(), &d.id).unwrap().unwrap(), d);
}
