//! The index on disk, fed from a real store: incremental updates, resumed
//! updates, schema checks and a server's reader following new commits.

mod common;

use common::*;
use pressroom_model::{DocId, Lang};
use pressroom_search::{
    EnsureOptions, IndexAction, Quiet, RebuildReason, SearchError, SearchIndex, WriterLock,
    ensure_current,
};
use pressroom_store::{remove_document, replace_origin};

#[test]
fn updates_are_incremental_and_removals_reach_the_index() {
    let f = fixture(&corpus());
    let (index, first) =
        SearchIndex::rebuild(&f.index_dir, f.store.conn(), 50_000_000, |_, _| {}).unwrap();
    assert_eq!(first.indexed, 4);
    assert_eq!(index.num_docs(), 4);
    // Nothing changed: nothing to do.
    let again = index.update(f.store.conn(), 50_000_000, |_, _| {}).unwrap();
    assert_eq!(again.indexed + again.deleted, 0);
    // One changed, one removed.
    let mut changed = corpus()[3].clone();
    changed.body.push_str(" Zhanaozen.");
    replace_origin(f.store.conn(), "d", &[changed]).unwrap();
    remove_document(f.store.conn(), &DocId::derive("c", 0)).unwrap();
    let update = index.update(f.store.conn(), 50_000_000, |_, _| {}).unwrap();
    assert_eq!((update.indexed, update.deleted), (1, 1));
    assert_eq!(index.num_docs(), 3);
    assert_eq!(
        index
            .search(&req("Zhanaozen"), f.store.conn())
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        index
            .search(&req("Brussels"), f.store.conn())
            .unwrap()
            .total,
        0
    );
    // Reopening sees the same state.
    drop(index);
    let reopened = SearchIndex::open(&f.index_dir).unwrap();
    assert_eq!(reopened.num_docs(), 3);
}

#[test]
fn a_long_update_commits_as_it_goes_and_a_killed_one_resumes_without_duplicates() {
    let f = fixture(&corpus());
    let index = f.rebuilt();
    // Two replaced documents, then three new ones.
    let mut changed = corpus();
    for d in &mut changed[..2] {
        d.body.push_str(" Zhanaozen.");
    }
    for d in &changed[..2] {
        replace_origin(f.store.conn(), &d.origin, std::slice::from_ref(d)).unwrap();
    }
    for n in 0..3 {
        let origin = format!("new-{n}");
        let d = doc(&origin, Lang::En, "OMCT", None, "New", "Zhanaozen strike");
        replace_origin(f.store.conn(), &origin, &[d]).unwrap();
    }
    // Killed while adding the fourth document: the commit after the second holds.
    let killed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        index.update_committing_every(f.store.conn(), 50_000_000, 2, |done, _| {
            assert!(done < 4, "killed");
        })
    }));
    assert!(killed.is_err());
    drop(index);
    let index = SearchIndex::open(&f.index_dir).unwrap();
    assert_eq!(index.num_docs(), 4, "the two replacements, nothing added");
    assert_eq!(
        index
            .search(&req("Zhanaozen"), f.store.conn())
            .unwrap()
            .total,
        2
    );
    // The next update starts after the last commit and ends where a whole one would.
    let rest = index
        .update_committing_every(f.store.conn(), 50_000_000, 2, |_, _| {})
        .unwrap();
    assert_eq!(rest.indexed, 3);
    assert_eq!(index.num_docs(), 7);
    assert_eq!(
        index
            .search(&req("Zhanaozen"), f.store.conn())
            .unwrap()
            .total,
        5
    );
    assert_eq!(
        index.search(&req("torture"), f.store.conn()).unwrap().total,
        2
    );
}

#[test]
fn missing_and_foreign_schema_indexes_are_refused_with_advice() {
    let f = fixture(&corpus());
    let err = SearchIndex::open(&f.index_dir).err().unwrap();
    assert!(matches!(err, SearchError::Missing(_)));
    assert!(err.to_string().contains("pressroom index"));
    f.rebuilt();
    // Rewrite the commit payload as an older pressroom would have left it.
    let meta_path = f.index_dir.join("tantivy/meta.json");
    let meta = std::fs::read_to_string(&meta_path).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&meta).unwrap();
    json["payload"] = serde_json::Value::String(r#"{"schema":0,"last_seq":4}"#.into());
    std::fs::write(&meta_path, json.to_string()).unwrap();
    let err = SearchIndex::open(&f.index_dir).err().unwrap();
    assert!(matches!(err, SearchError::SchemaMismatch { .. }), "{err}");
    assert!(err.to_string().contains("--rebuild"));
    // The old payload lacks today's fields and still names its version.
    assert!(err.to_string().contains("schema version 0,"), "{err}");
}

#[test]
fn an_index_of_the_previous_schema_is_rebuilt_on_first_use_and_snippets_come_from_the_store() {
    let mut f = fixture(&corpus());
    f.rebuilt();
    // As the previous version left it: bodies stored in the index too.
    let meta_path = f.index_dir.join("tantivy/meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    let payload = meta["payload"].as_str().unwrap().replace(
        &format!("\"schema\":{}", pressroom_search::SCHEMA_VERSION),
        &format!("\"schema\":{}", pressroom_search::SCHEMA_VERSION - 1),
    );
    meta["payload"] = serde_json::Value::String(payload);
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let status = ensure_current(
        &f.index_dir,
        &mut f.store,
        EnsureOptions::for_reading(),
        &mut Quiet,
    )
    .unwrap();
    assert!(
        matches!(
            status.action,
            IndexAction::Rebuilt(RebuildReason::Schema(_))
        ),
        "{:?}",
        status.action
    );
    let results = status.index.search(&req("Almaty"), f.store.conn()).unwrap();
    assert_eq!(results.total, 1);
    let snippet = &results.hits[0].snippet;
    assert!(snippet.text.contains("Almaty"), "{snippet:?}");
    assert!(!snippet.highlights.is_empty());
    // A document the store lost since the last commit keeps its hit, with
    // no snippet, rather than failing the query.
    let gone = results.hits[0].id.clone();
    f.store
        .conn()
        .execute("DELETE FROM documents WHERE id = ?1", [gone.as_str()])
        .unwrap();
    let again = status.index.search(&req("Almaty"), f.store.conn()).unwrap();
    let hit = again.hits.iter().find(|h| h.id == gone).unwrap();
    assert!(hit.snippet.text.is_empty());
}

#[test]
fn a_server_reader_sees_new_commits_and_knows_when_it_is_behind_or_replaced() {
    let mut f = fixture(&corpus());
    let status = ensure_current(
        &f.index_dir,
        &mut f.store,
        EnsureOptions::for_writing(false),
        &mut Quiet,
    )
    .unwrap();
    assert_eq!(status.action, IndexAction::Rebuilt(RebuildReason::Missing));
    drop(status);
    let reader = SearchIndex::open_for_reading(&f.index_dir).unwrap();
    let fresh = reader.freshness(f.store.conn()).unwrap();
    assert_eq!((fresh.documents_behind, fresh.replaced), (0, false));

    let mut late = corpus()[0].clone();
    late.origin = "late".into();
    late.id = DocId::derive("late", 0);
    late.body = "Zhanaozen strike anniversary.".into();
    replace_origin(f.store.conn(), "late", &[late]).unwrap();
    assert_eq!(
        reader.freshness(f.store.conn()).unwrap().documents_behind,
        1
    );

    // Another writer brings the index up to date; the reader sees it.
    let status = ensure_current(
        &f.index_dir,
        &mut f.store,
        EnsureOptions::for_writing(false),
        &mut Quiet,
    )
    .unwrap();
    assert_eq!(status.action, IndexAction::Updated);
    reader.reload().unwrap();
    assert_eq!(
        reader
            .search(&req("Zhanaozen"), f.store.conn())
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        reader.freshness(f.store.conn()).unwrap().documents_behind,
        0
    );

    // With something to write, a second writer while one holds the lock
    // is refused; a reader is not.
    let mut later = corpus()[0].clone();
    later.origin = "later".into();
    later.id = DocId::derive("later", 0);
    replace_origin(f.store.conn(), "later", &[later]).unwrap();
    let held = WriterLock::try_acquire(&f.index_dir).unwrap().unwrap();
    let busy = ensure_current(
        &f.index_dir,
        &mut f.store,
        EnsureOptions::for_writing(false),
        &mut Quiet,
    );
    assert!(matches!(busy, Err(SearchError::WriterBusy(_))));
    let read = ensure_current(
        &f.index_dir,
        &mut f.store,
        EnsureOptions::for_reading(),
        &mut Quiet,
    )
    .unwrap();
    assert_eq!(read.action, IndexAction::Behind(1));
    drop(held);

    // A rebuild swaps in a new directory: the reader is told to reopen.
    ensure_current(
        &f.index_dir,
        &mut f.store,
        EnsureOptions::for_writing(true),
        &mut Quiet,
    )
    .unwrap();
    assert!(reader.freshness(f.store.conn()).unwrap().replaced);
}

/// An index whose common keys came from a small store is rebuilt once the
/// store has doubled, naming how many documents it now holds; then it is
/// current again.
#[test]
fn a_store_that_doubled_rebuilds_the_index_from_its_new_sample() {
    let mut f = fixture(&corpus());
    let ensure = |f: &mut Fixture| {
        ensure_current(
            &f.index_dir,
            &mut f.store,
            EnsureOptions::for_writing(false),
            &mut Quiet,
        )
        .unwrap()
        .action
    };
    assert_eq!(ensure(&mut f), IndexAction::Rebuilt(RebuildReason::Missing));
    for (i, mut d) in corpus().into_iter().enumerate() {
        d.origin = format!("more/{i}");
        d.id = DocId::derive(&d.origin, 0);
        replace_origin(f.store.conn(), &d.origin.clone(), &[d]).unwrap();
    }
    assert_eq!(
        ensure(&mut f),
        IndexAction::Rebuilt(RebuildReason::Outgrown(8))
    );
    assert_eq!(ensure(&mut f), IndexAction::UpToDate);
}
