use pressroom_model::{DocId, DocMeta, Document, Evidence, Lang, Link, LinkKind};
use pressroom_store::{
    Store, Upsert, documents_changed_since, get_document, links_for, max_seq, replace_origin,
    replace_origin_hashed, resolve_id, stats, tombstones_since, upsert_link,
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
fn hashes_computed_beforehand_are_what_a_change_is_judged_by() {
    let (_dir, store) = temp_store();
    let conn = store.conn();
    let en = doc("w", 0, Lang::En, "torture");
    let hashes = [en.content_hash()];
    let docs = std::slice::from_ref(&en);
    assert_eq!(
        replace_origin_hashed(conn, "w", docs, &hashes).unwrap(),
        vec![Upsert::New]
    );
    // The same document, hashed here or beforehand, is unchanged.
    assert_eq!(
        replace_origin(conn, "w", docs).unwrap(),
        vec![Upsert::Unchanged]
    );
    assert_eq!(
        replace_origin_hashed(conn, "w", docs, &hashes).unwrap(),
        vec![Upsert::Unchanged]
    );
    // The given hash is the one compared, not one computed again.
    assert_eq!(
        replace_origin_hashed(conn, "w", docs, &["another".to_string()]).unwrap(),
        vec![Upsert::Changed]
    );
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
        pressroom_store::for_each_sampled_document(store.conn(), n, |d| {
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
        |_| -> Result<(), pressroom_store::StoreError> { panic!("an empty store has no sample") },
    )
    .unwrap();
}
