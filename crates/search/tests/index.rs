//! The index on disk, fed from a real store: incremental updates, rebuilds,
//! schema checks, ranking, filters and snippets.

use chrono::NaiveDate;
use pressroom_model::{DocId, DocMeta, Document, Lang};
use pressroom_search::{
    EnsureOptions, IndexAction, QueryTranslator, Quiet, RebuildReason, SearchError, SearchIndex,
    SearchRequest, TranslatedSpan, Translation, WriterLock, ensure_current,
};
use pressroom_store::{Store, remove_document, replace_origin};
use std::sync::Arc;

fn doc(
    origin: &str,
    lang: Lang,
    source: &str,
    date: Option<(i32, u32, u32)>,
    title: &str,
    body: &str,
) -> Document {
    Document {
        id: DocId::derive(origin, 0),
        source: source.into(),
        origin: origin.into(),
        lang,
        title: title.into(),
        published: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        body: body.into(),
        meta: DocMeta::default(),
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    index_dir: std::path::PathBuf,
}

fn fixture(docs: &[Document]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("corpus/store.sqlite")).unwrap();
    for d in docs {
        replace_origin(store.conn(), &d.origin, std::slice::from_ref(d)).unwrap();
    }
    let index_dir = dir.path().join("index");
    Fixture {
        _dir: dir,
        store,
        index_dir,
    }
}

impl Fixture {
    /// The fixture's store rebuilt into a fresh index.
    fn rebuilt(&self) -> SearchIndex {
        SearchIndex::rebuild(&self.index_dir, self.store.conn(), 50_000_000, |_, _| {})
            .unwrap()
            .0
    }
}

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        query: Some(q.into()),
        limit: 10,
        ..SearchRequest::default()
    }
}

/// The ids of the top hits of `q`, sorted (for queries whose hits, not
/// their order, are the point).
fn sorted_hit_ids(index: &SearchIndex, q: &str) -> Vec<String> {
    let mut ids: Vec<_> = index
        .search(&req(q))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id.0)
        .collect();
    ids.sort();
    ids
}

fn corpus() -> Vec<Document> {
    vec![
        doc(
            "a",
            Lang::En,
            "Human Rights Watch",
            Some((2021, 7, 7)),
            "Kazakhstan: Crackdown on Government Critics",
            "Authorities detained activists and tortured protesters in Almaty. Torture must end.",
        ),
        doc(
            "b",
            Lang::Ru,
            "Human Rights Watch",
            Some((2021, 7, 6)),
            "Казахстан: репрессии против критиков",
            "Власти задержали активистов. Сообщается о пытках задержанных в Алматы.",
        ),
        doc(
            "c",
            Lang::En,
            "OMCT",
            Some((2016, 11, 23)),
            "EU urged to act",
            "The EU human rights dialogue with Kazakhstan took place in Brussels. Torture was raised once.",
        ),
        doc(
            "d",
            Lang::En,
            "CIVICUS",
            None,
            "Civic space rating",
            "Civic freedoms deteriorate; over 10,000 people detained.",
        ),
    ]
}

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
    assert_eq!(index.search(&req("Zhanaozen")).unwrap().total, 1);
    assert_eq!(index.search(&req("Brussels")).unwrap().total, 0);
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
    assert_eq!(index.search(&req("Zhanaozen")).unwrap().total, 2);
    // The next update starts after the last commit and ends where a whole one would.
    let rest = index
        .update_committing_every(f.store.conn(), 50_000_000, 2, |_, _| {})
        .unwrap();
    assert_eq!(rest.indexed, 3);
    assert_eq!(index.num_docs(), 7);
    assert_eq!(index.search(&req("Zhanaozen")).unwrap().total, 5);
    assert_eq!(index.search(&req("torture")).unwrap().total, 2);
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
fn ranking_filters_and_snippets() {
    let f = fixture(&corpus());
    let index = f.rebuilt();
    let torture = index.search(&req("torture")).unwrap();
    assert_eq!(
        torture.hits[0].id,
        DocId::derive("a", 0),
        "the release about torture ranks first"
    );
    assert_eq!(torture.total, 2);
    // Grouped numbers match however they are written.
    assert_eq!(index.search(&req("10000")).unwrap().total, 1);
    assert_eq!(index.search(&req("\"10 000\"")).unwrap().total, 1);
    // Russian inflection, and a readable Cyrillic snippet with the match marked.
    let ru = index.search(&req("пытки")).unwrap();
    assert_eq!(ru.total, 1);
    let snippet = &ru.hits[0].snippet;
    assert!(snippet.marked("[", "]").contains("[пытках]"), "{snippet:?}");
    assert!(
        snippet.text.chars().count() > 40,
        "snippet too short: {snippet:?}"
    );
    // Filters.
    let mut r = req("Kazakhstan OR Казахстан");
    r.source = Some("human rights watch".into());
    assert_eq!(index.search(&r).unwrap().total, 2);
    r.lang = Some(Lang::Ru);
    assert_eq!(index.search(&r).unwrap().total, 1);
    let mut dated = req("Kazakhstan");
    dated.since = NaiveDate::from_ymd_opt(2021, 1, 1);
    let hits = index.search(&dated).unwrap();
    assert_eq!(hits.total, 1, "undated and older documents are excluded");
    dated.since = NaiveDate::from_ymd_opt(2021, 7, 7);
    dated.until = NaiveDate::from_ymd_opt(2021, 7, 7);
    assert_eq!(
        index.search(&dated).unwrap().total,
        1,
        "both bounds are inclusive"
    );
    // Stop words alone are not a query.
    assert!(matches!(
        index.search(&req("the of")),
        Err(SearchError::InvalidQuery(_))
    ));
}

struct Tiny;
impl QueryTranslator for Tiny {
    fn translate_words(&self, words: &[String]) -> Vec<TranslatedSpan> {
        let mut out = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let t = match w.to_lowercase().as_str() {
                "torture" => "пытки",
                "detained" => "задержали",
                _ => continue,
            };
            out.push(TranslatedSpan {
                start: i,
                end: i + 1,
                translations: vec![Translation {
                    text: t.into(),
                    lang: Lang::Ru,
                    weight: 0.9,
                    via: "test".into(),
                }],
            });
        }
        if words.len() >= 2 && words[0] == "civic" && words[1] == "freedoms" {
            out.push(TranslatedSpan {
                start: 0,
                end: 2,
                translations: [
                    ("гражданские свободы", 1.0),
                    ("гражданские свободы граждан", 0.9),
                    ("свобода объединений", 0.8),
                ]
                .into_iter()
                .map(|(text, weight)| Translation {
                    text: text.into(),
                    lang: Lang::Ru,
                    weight,
                    via: "test".into(),
                })
                .collect(),
            });
        }
        out
    }
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
    assert_eq!(reader.search(&req("Zhanaozen")).unwrap().total, 1);
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

#[test]
fn a_quoted_phrase_is_translated_as_a_phrase() {
    let f = fixture(&[
        doc(
            "en-adjacent",
            Lang::En,
            "OMCT",
            None,
            "Report",
            "They documented torture detained activists endured in Almaty.",
        ),
        doc(
            "en-apart",
            Lang::En,
            "OMCT",
            None,
            "Report",
            "Torture continues. Police detained activists in Almaty.",
        ),
        doc(
            "ru-adjacent",
            Lang::Ru,
            "OMCT",
            None,
            "Доклад",
            "Свидетели описали пытки задержали активистов в Алматы.",
        ),
        doc(
            "ru-apart",
            Lang::Ru,
            "OMCT",
            None,
            "Доклад",
            "Пытки продолжаются. Полиция задержали активистов в Алматы.",
        ),
    ]);
    let index = f.rebuilt().with_translator(Arc::new(Tiny));
    let mut r = req("\"torture detained\"");
    r.cross_language = true;
    let results = index.search(&r).unwrap();
    let mut origins: Vec<_> = results.hits.iter().map(|h| h.origin.as_str()).collect();
    origins.sort();
    assert_eq!(origins, ["en-adjacent", "ru-adjacent"], "{results:?}");
    assert_eq!(
        results.explanations[0].translations[0].text,
        "пытки задержали"
    );
}

#[test]
fn dates_past_2262_filter_as_any_other_year() {
    let f = fixture(&corpus());
    let index = f.rebuilt();
    let dated = |since: Option<i32>, until: Option<i32>| {
        let mut r = req("torture");
        r.since = since.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1));
        r.until = until.and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31));
        index.search(&r).unwrap().total
    };
    let all = dated(None, None);
    assert!(all >= 2);
    assert_eq!(dated(None, Some(3000)), all);
    assert_eq!(dated(None, Some(9999)), all);
    assert_eq!(dated(Some(9999), None), 0);
    assert_eq!(dated(Some(3000), Some(9999)), 0);
    assert_eq!(dated(Some(1000), Some(9999)), all);
}

#[test]
fn translations_let_english_queries_find_russian_documents() {
    let f = fixture(&corpus());
    let index = f.rebuilt().with_translator(Arc::new(Tiny));
    let mut r = req("torture");
    r.cross_language = true;
    let results = index.search(&r).unwrap();
    assert_eq!(results.total, 3);
    assert!(results.hits.iter().any(|h| h.lang == Lang::Ru));
    assert_eq!(results.explanations[0].translations[0].text, "пытки");
    // With translation off the Russian release is not found.
    r.cross_language = false;
    assert_eq!(index.search(&r).unwrap().total, 2);
    // All words must match: each through itself or its translation.
    let mut both = req("torture detained");
    both.cross_language = true;
    let ids: Vec<_> = index
        .search(&both)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert!(
        ids.contains(&DocId::derive("b", 0)),
        "Russian doc matches both words via translation"
    );
    assert!(
        !ids.contains(&DocId::derive("c", 0)),
        "OMCT doc lacks 'detained'"
    );
}

#[test]
fn a_translation_holding_another_finds_its_documents_through_it_and_is_not_listed() {
    let mut docs = corpus();
    docs.push(doc(
        "e",
        Lang::Ru,
        "bureau.kz",
        Some((2022, 1, 10)),
        "Ограничения",
        "Власти ограничили гражданские свободы граждан в Алматы.",
    ));
    docs.push(doc(
        "f",
        Lang::Ru,
        "bureau.kz",
        Some((2022, 1, 11)),
        "Объединения",
        "Свобода объединений под угрозой.",
    ));
    let f = fixture(&docs);
    let index = f.rebuilt().with_translator(Arc::new(Tiny));
    let mut r = req("civic freedoms");
    r.cross_language = true;
    let results = index.search(&r).unwrap();
    let mut ids: Vec<_> = results.hits.iter().map(|h| h.id.clone()).collect();
    ids.sort();
    let mut expected: Vec<_> = ["d", "e", "f"]
        .iter()
        .map(|o| DocId::derive(o, 0))
        .collect();
    expected.sort();
    assert_eq!(ids, expected);
    // "гражданские свободы граждан" is searched as "гражданские свободы",
    // which every document holding it holds: --explain lists what ran.
    let listed: Vec<_> = results
        .explanations
        .iter()
        .flat_map(|e| e.translations.iter().map(|t| t.text.as_str()))
        .collect();
    assert_eq!(listed, ["гражданские свободы", "свобода объединений"]);
}

#[test]
fn snippets_come_from_the_paragraph_that_matches() {
    let filler_en = "The delegation met officials and discussed the report. ".repeat(12);
    let filler_ru = "Делегация встретилась с чиновниками и обсудила доклад. ".repeat(12);
    let long_ru = "Правозащитники отмечают рост давления на журналистов. ".repeat(40);
    let docs = vec![
        doc(
            "long-en",
            Lang::En,
            "OMCT",
            None,
            "Annual report",
            &format!(
                "{filler_en}\n\n{filler_en}\n\nThe court in Taraz acquitted the blogger.\n\n{filler_en}"
            ),
        ),
        doc(
            "long-ru",
            Lang::Ru,
            "OMCT",
            None,
            "Ежегодный доклад",
            &format!(
                "{filler_ru}\n\n{long_ru}Суд в Таразе оправдал блогера. {long_ru}\n\n{filler_ru}"
            ),
        ),
    ];
    let f = fixture(&docs);
    let index = f.rebuilt();
    let en = index.search(&req("acquitted")).unwrap();
    let marked = en.hits[0].snippet.marked("[", "]");
    assert!(marked.contains("[acquitted]"), "{marked}");
    // In the middle of a long Russian paragraph: cut at char boundaries, inflected form marked.
    let ru = index.search(&req("оправдали блогеров")).unwrap();
    let marked = ru.hits[0].snippet.marked("[", "]");
    assert!(
        marked.contains("[оправдал]") && marked.contains("[блогера]"),
        "{marked}"
    );
    // A title-only match shows the opening of the body.
    let title = index.search(&req("ежегодный")).unwrap();
    assert!(
        title.hits[0].snippet.text.starts_with("Делегация"),
        "{:?}",
        title.hits[0].snippet
    );
}

/// Phrases are looked up as word pairs: the words must be neighbours (stop
/// words between them as typed), in any inflection, and the snippet marks
/// the whole phrase.
#[test]
fn phrases_match_neighbouring_words_only() {
    let docs = vec![
        doc(
            "p1",
            Lang::En,
            "OMCT",
            None,
            "Statement",
            "Defenders of freedom of expression were jailed.",
        ),
        doc(
            "p2",
            Lang::En,
            "OMCT",
            None,
            "Statement",
            "Freedom was curtailed; expression of dissent was punished.",
        ),
        doc(
            "p3",
            Lang::En,
            "OMCT",
            None,
            "Statement",
            "Human rights defenders and rights defenders of every kind.",
        ),
        doc(
            "p4",
            Lang::En,
            "OMCT",
            None,
            "Statement",
            "Human rights matter; defenders too.",
        ),
        doc(
            "p5",
            Lang::Ru,
            "bureau.kz",
            None,
            "Заявление",
            "Суд приговорил его к лишению свободы. Свобода и лишения.",
        ),
    ];
    let f = fixture(&docs);
    let index = f.rebuilt();
    let ids = |q: &str| sorted_hit_ids(&index, q);
    let id = |o: &str| DocId::derive(o, 0).0;
    assert_eq!(ids("\"freedom of expression\""), [id("p1")]);
    assert_eq!(
        ids("freedom expression").len(),
        2,
        "words alone match apart"
    );
    assert_eq!(ids("\"human rights defenders\""), [id("p3")]);
    assert_eq!(ids("\"лишения свободы\""), [id("p5")], "any inflection");
    assert!(ids("\"expression freedom\"").is_empty(), "order counts");
    let hit = &index
        .search(&req("\"freedom of expression\""))
        .unwrap()
        .hits[0];
    assert!(
        hit.snippet
            .marked("[", "]")
            .contains("[freedom of expression]"),
        "{:?}",
        hit.snippet
    );
}

/// Words outside the index's common keys are not paired: a phrase of them
/// is matched by their positions, still only as neighbours, and the set of
/// common keys chosen at the rebuild is the one an update and a reopened
/// index use.
#[test]
fn phrases_of_uncommon_words_match_by_position() {
    // More frequent made-up words than there are common keys, in every
    // document, so "peaceful" and "protesters" are not common.
    let letters: Vec<char> = ('a'..='z').collect();
    let filler: Vec<String> = (0..pressroom_search::COMMON_KEYS_PER_LANGUAGE + 40)
        .map(|i| format!("zq{}{}", letters[i / 26 % 26], letters[i % 26]))
        .collect();
    let filler = format!("{} {}.", filler.join(" "), filler.join(" "));
    let docs = vec![
        doc(
            "u1",
            Lang::En,
            "OMCT",
            None,
            "Statement",
            &format!("{filler} Peaceful protesters were detained. {filler}"),
        ),
        doc(
            "u2",
            Lang::En,
            "OMCT",
            None,
            "Statement",
            &format!("{filler} Peaceful crowds and protesters. {filler}"),
        ),
    ];
    let f = fixture(&docs);
    let index = f.rebuilt();
    let key = |w: &str| pressroom_search::analyze(w, Lang::En)[0].key.clone();
    let common = index.common_keys().clone();
    assert!(common.contains(&key("zqaa")));
    assert!(!common.contains(&key("peaceful")) && !common.contains(&key("protesters")));
    let id = |o: &str| DocId::derive(o, 0).0;
    assert_eq!(
        sorted_hit_ids(&index, "\"peaceful protesters\""),
        [id("u1")]
    );
    assert_eq!(
        sorted_hit_ids(&index, "\"protesters were detained\""),
        [id("u1")]
    );
    assert_eq!(sorted_hit_ids(&index, "peaceful protesters").len(), 2);
    // An update after the store gained documents of other words keeps the
    // index's common keys, and so does reopening it.
    let third = doc(
        "u3",
        Lang::En,
        "OMCT",
        None,
        "Statement",
        "Peaceful protesters again. Peaceful protesters, peaceful protesters.",
    );
    replace_origin(f.store.conn(), &third.origin, std::slice::from_ref(&third)).unwrap();
    index.update(f.store.conn(), 50_000_000, |_, _| {}).unwrap();
    drop(index);
    let index = SearchIndex::open(&f.index_dir).unwrap();
    assert_eq!(index.common_keys(), &common);
    // Chosen from 2 documents: a store of 4 has outgrown them, of 3 not.
    assert!(!index.common_keys_outgrown(3));
    assert!(index.common_keys_outgrown(4));
    assert_eq!(
        sorted_hit_ids(&index, "\"peaceful protesters\""),
        [id("u1"), id("u3")]
    );
}
