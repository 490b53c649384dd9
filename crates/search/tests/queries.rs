//! Queries against a real index: ranking, filters, snippets, phrases,
//! dates and translated queries reaching the other language.

mod common;

use chrono::NaiveDate;
use common::*;
use pressroom_model::{DocId, Lang};
use pressroom_search::{SearchError, SearchIndex};
use pressroom_store::replace_origin;
use std::sync::Arc;

#[test]
fn ranking_filters_and_snippets() {
    let f = fixture(&corpus());
    let index = f.rebuilt();
    let torture = index.search(&req("torture"), f.store.conn()).unwrap();
    assert_eq!(
        torture.hits[0].id,
        DocId::derive("a", 0),
        "the release about torture ranks first"
    );
    assert_eq!(torture.total, 2);
    // Grouped numbers match however they are written.
    assert_eq!(
        index.search(&req("10000"), f.store.conn()).unwrap().total,
        1
    );
    assert_eq!(
        index
            .search(&req("\"10 000\""), f.store.conn())
            .unwrap()
            .total,
        1
    );
    // Russian inflection, and a readable Cyrillic snippet with the match marked.
    let ru = index.search(&req("пытки"), f.store.conn()).unwrap();
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
    assert_eq!(index.search(&r, f.store.conn()).unwrap().total, 2);
    r.lang = Some(Lang::Ru);
    assert_eq!(index.search(&r, f.store.conn()).unwrap().total, 1);
    let mut dated = req("Kazakhstan");
    dated.since = NaiveDate::from_ymd_opt(2021, 1, 1);
    let hits = index.search(&dated, f.store.conn()).unwrap();
    assert_eq!(hits.total, 1, "undated and older documents are excluded");
    dated.since = NaiveDate::from_ymd_opt(2021, 7, 7);
    dated.until = NaiveDate::from_ymd_opt(2021, 7, 7);
    assert_eq!(
        index.search(&dated, f.store.conn()).unwrap().total,
        1,
        "both bounds are inclusive"
    );
    // Stop words alone are not a query.
    assert!(matches!(
        index.search(&req("the of"), f.store.conn()),
        Err(SearchError::InvalidQuery(_))
    ));
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
    let results = index.search(&r, f.store.conn()).unwrap();
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
        index.search(&r, f.store.conn()).unwrap().total
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
    let results = index.search(&r, f.store.conn()).unwrap();
    assert_eq!(results.total, 3);
    assert!(results.hits.iter().any(|h| h.lang == Lang::Ru));
    assert_eq!(results.explanations[0].translations[0].text, "пытки");
    // With translation off the Russian release is not found.
    r.cross_language = false;
    assert_eq!(index.search(&r, f.store.conn()).unwrap().total, 2);
    // All words must match: each through itself or its translation.
    let mut both = req("torture detained");
    both.cross_language = true;
    let ids: Vec<_> = index
        .search(&both, f.store.conn())
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
    let results = index.search(&r, f.store.conn()).unwrap();
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
    let en = index.search(&req("acquitted"), f.store.conn()).unwrap();
    let marked = en.hits[0].snippet.marked("[", "]");
    assert!(marked.contains("[acquitted]"), "{marked}");
    // In the middle of a long Russian paragraph: cut at char boundaries, inflected form marked.
    let ru = index
        .search(&req("оправдали блогеров"), f.store.conn())
        .unwrap();
    let marked = ru.hits[0].snippet.marked("[", "]");
    assert!(
        marked.contains("[оправдал]") && marked.contains("[блогера]"),
        "{marked}"
    );
    // A title-only match shows the opening of the body.
    let title = index.search(&req("ежегодный"), f.store.conn()).unwrap();
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
        .search(&req("\"freedom of expression\""), f.store.conn())
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

fn counts(m: &std::collections::BTreeMap<String, u64>) -> Vec<(&str, u64)> {
    m.iter().map(|(k, v)| (k.as_str(), *v)).collect()
}

/// The counts a reader narrows by: every match once, by language, source
/// and month, the undated apart; a later page keeps the same exact total.
#[test]
fn facets_count_every_match_once_and_give_the_page_its_total() {
    let f = fixture(&corpus());
    let index = f.rebuilt();
    let mut r = req("Kazakhstan OR Казахстан OR detained");
    r.limit = 2;
    let (page, facets) = index
        .search_page_with_facets(
            &r,
            0,
            pressroom_search::SortOrder::Relevance,
            f.store.conn(),
        )
        .unwrap();
    assert_eq!(facets.total, 4);
    assert_eq!((page.total, page.total_exact), (4, true));
    assert_eq!(page.hits.len(), 2);
    assert_eq!(counts(&facets.langs), [("en", 3), ("ru", 1)]);
    assert_eq!(
        counts(&facets.sources),
        [("civicus", 1), ("human rights watch", 2), ("omct", 1)]
    );
    assert_eq!(counts(&facets.months), [("2016-11", 1), ("2021-07", 2)]);
    assert_eq!(facets.undated, 1);
    assert_eq!(facets, index.facets(&r).unwrap());
    let (second, _) = index
        .search_page_with_facets(&r, 2, pressroom_search::SortOrder::Newest, f.store.conn())
        .unwrap();
    assert_eq!((second.total, second.hits.len()), (4, 2));
    // A word's facets come from all its keys: "Kazakhstan" is in a's title
    // and c's body only (and b's title, through the name key).
    let word = req("Kazakhstan");
    let facets = index.facets(&word).unwrap();
    let hits = index.search(&word, f.store.conn()).unwrap();
    assert_eq!(facets.total as usize, hits.total);
    assert!(hits.hits.iter().any(|h| h.id == DocId::derive("a", 0)));
    assert!(hits.hits.iter().any(|h| h.id == DocId::derive("c", 0)));
    assert_eq!(facets.sources.get("omct"), Some(&1));
    assert!(facets.sources.get("human rights watch") >= Some(&1));
    // A phrase's facets are counted in the walk that ranks it.
    let (page, facets) = index
        .search_page_with_facets(
            &req("\"human rights\""),
            0,
            pressroom_search::SortOrder::Relevance,
            f.store.conn(),
        )
        .unwrap();
    assert_eq!((page.total, facets.total), (1, 1));
    assert_eq!(page.hits[0].id, DocId::derive("c", 0));
    assert_eq!(counts(&facets.sources), [("omct", 1)]);
    assert_eq!(counts(&facets.months), [("2016-11", 1)]);

    // A phrase whose translation is a word ("authorities detained
    // activists" → задержали): the walk prunes the word's matches and keeps
    // the phrase's for the facets, which count both.
    let index = index.with_translator(Arc::new(Tiny));
    let mut mixed = req("\"Authorities detained activists\"");
    mixed.cross_language = true;
    let (page, facets) = index
        .search_page_with_facets(
            &mixed,
            0,
            pressroom_search::SortOrder::Relevance,
            f.store.conn(),
        )
        .unwrap();
    assert_eq!((page.total, facets.total), (2, 2));
    assert_eq!(counts(&facets.langs), [("en", 1), ("ru", 1)]);
    assert_eq!(facets, index.facets(&mixed).unwrap());

    // Conjunctions of words, with an excluded word and with a date filter.
    let total_and_sources = |q: &str, since: Option<(i32, u32, u32)>| {
        let mut r = req(q);
        r.since = since.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        let facets = index.facets(&r).unwrap();
        let page = index.search(&r, f.store.conn()).unwrap();
        assert_eq!(facets.total as usize, page.total, "{q}");
        let sources: Vec<(String, u64)> = facets.sources.into_iter().collect();
        (facets.total, sources)
    };
    let source = |s: &str, n| vec![(s.to_string(), n)];
    assert_eq!(total_and_sources("Kazakhstan torture", None).0, 2);
    assert_eq!(
        total_and_sources("Kazakhstan torture -Almaty", None),
        (1, source("omct", 1))
    );
    assert_eq!(
        total_and_sources("Kazakhstan torture", Some((2021, 1, 1))),
        (1, source("human rights watch", 1))
    );
    assert_eq!(
        total_and_sources("Kazakhstan torture", Some((2022, 1, 1))).0,
        0
    );

    // A document replaced in the store and updated in the index counts once.
    let mut moved = corpus()[0].clone();
    moved.published = NaiveDate::from_ymd_opt(2022, 1, 15);
    replace_origin(f.store.conn(), "a", std::slice::from_ref(&moved)).unwrap();
    index.update(f.store.conn(), 50_000_000, |_, _| {}).unwrap();
    let facets = index.facets(&r).unwrap();
    assert_eq!(facets.total, 4);
    assert_eq!(
        counts(&facets.months),
        [("2016-11", 1), ("2021-07", 1), ("2022-01", 1)]
    );
}
