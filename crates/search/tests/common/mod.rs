//! A real store and index holding a few documents, for the index and query
//! tests; each test binary uses part of it.
#![allow(dead_code)]

use chrono::NaiveDate;
use pressroom_model::{DocId, DocMeta, Document, Lang};
use pressroom_search::{QueryTranslator, SearchIndex, SearchRequest, TranslatedSpan, Translation};
use pressroom_store::{Store, replace_origin};

pub fn doc(
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

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub store: Store,
    pub index_dir: std::path::PathBuf,
}

pub fn fixture(docs: &[Document]) -> Fixture {
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
    pub fn rebuilt(&self) -> SearchIndex {
        SearchIndex::rebuild(&self.index_dir, self.store.conn(), 50_000_000, |_, _| {})
            .unwrap()
            .0
    }
}

pub fn req(q: &str) -> SearchRequest {
    SearchRequest {
        query: Some(q.into()),
        limit: 10,
        ..SearchRequest::default()
    }
}

/// The ids of the top hits of `q`, sorted (for queries whose hits, not
/// their order, are the point).
pub fn sorted_hit_ids(index: &SearchIndex, q: &str) -> Vec<String> {
    let mut ids: Vec<_> = index
        .search(&req(q), &pressroom_search::NoSnippets)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id.0)
        .collect();
    ids.sort();
    ids
}

pub fn corpus() -> Vec<Document> {
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

pub struct Tiny;
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
