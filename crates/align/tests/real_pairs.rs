//! Pairing on releases shaped like real NGO pairs (fixture written from
//! their descriptions): versions on different sites and days with unrelated
//! URLs, an HRW Russian page dated the day before with a numeric id, an
//! adaptation much shorter than its original, all among same-topic releases
//! that translate nothing. Each true pair is found with its kind; no other
//! pair is called a translation.

use pressroom_align::{AnchorScorer, Dictionary, PairOptions, find_pairs};
use pressroom_model::{DocId, DocMeta, Document, Lang, LinkKind};
use pressroom_search::SearchIndex;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Deserialize)]
struct Fixture {
    doc: Vec<FixtureDoc>,
    gold: Vec<Gold>,
}

#[derive(Deserialize)]
struct FixtureDoc {
    key: String,
    source: String,
    url: String,
    lang: String,
    published: String,
    title: String,
    body: String,
}

#[derive(Deserialize)]
struct Gold {
    pairs: Vec<[String; 3]>,
}

#[test]
fn real_shaped_pairs_are_found_with_their_kind_and_nothing_else_is_a_translation() {
    let fixture: Fixture = toml::from_str(include_str!("fixtures/real-pairs.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = pressroom_store::Store::open(&dir.path().join("store.sqlite")).unwrap();
    let mut ids: HashMap<String, DocId> = HashMap::new();
    let mut keys: HashMap<DocId, String> = HashMap::new();
    for d in &fixture.doc {
        let doc = Document {
            id: DocId::derive(&d.url, 0),
            source: d.source.clone(),
            origin: d.url.clone(),
            lang: if d.lang == "ru" { Lang::Ru } else { Lang::En },
            title: d.title.clone(),
            published: chrono::NaiveDate::parse_from_str(&d.published, "%Y-%m-%d").ok(),
            body: d.body.trim().to_string(),
            meta: DocMeta {
                url: Some(d.url.clone()),
                ..DocMeta::default()
            },
        };
        pressroom_store::upsert_document(store.conn(), &doc).unwrap();
        ids.insert(d.key.clone(), doc.id.clone());
        keys.insert(doc.id.clone(), d.key.clone());
    }
    let (index, _) = SearchIndex::rebuild(
        &dir.path().join("index"),
        store.conn(),
        20_000_000,
        |_, _| {},
    )
    .unwrap();
    let index = index.with_translator(Arc::new(pressroom_analysis::translate::Translator::new()));
    let scorer = AnchorScorer::with_dictionary(Dictionary::general());
    let links = find_pairs(store.conn(), &index, &scorer, &PairOptions::default()).unwrap();
    let shown: Vec<String> = links
        .iter()
        .map(|l| {
            format!(
                "{} {} {:?} {:.3} {:?}",
                keys[&l.a],
                keys[&l.b],
                l.kind,
                l.score,
                l.evidence.iter().map(|e| &e.detail).collect::<Vec<_>>()
            )
        })
        .collect();
    let shown = shown.join("\n");
    let gold = &fixture.gold[0].pairs;
    for [x, y, kind] in gold {
        let link = links
            .iter()
            .find(|l| (l.a == ids[x] && l.b == ids[y]) || (l.a == ids[y] && l.b == ids[x]))
            .unwrap_or_else(|| panic!("{x} / {y} not paired:\n{shown}"));
        let expected = if kind == "translation" {
            LinkKind::Translation
        } else {
            LinkKind::Report
        };
        assert_eq!(link.kind, expected, "{x} / {y}:\n{shown}");
        assert!(
            link.evidence.iter().any(|e| e.signal == "content_coverage"),
            "the evidence says what decided the kind:\n{shown}"
        );
    }
    let is_gold = |a: &DocId, b: &DocId| {
        gold.iter()
            .any(|[x, y, _]| (ids[x] == *a && ids[y] == *b) || (ids[x] == *b && ids[y] == *a))
    };
    for l in &links {
        assert!(
            l.kind != LinkKind::Translation || is_gold(&l.a, &l.b),
            "false translation {} / {}:\n{shown}",
            keys[&l.a],
            keys[&l.b]
        );
    }
}
