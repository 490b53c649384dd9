//! A query as a user or a web request sends it, searched on a real on-disk
//! index of a few English and Russian releases, with and without
//! cross-language translation: the query may be refused with an error,
//! but parsing, planning, translating, ranking and snippets never panic.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use pressroom_analysis::translate::Translator;
use pressroom_model::{DocId, DocMeta, Document, Lang};
use pressroom_search::{SearchIndex, SearchRequest};
use pressroom_store::{Store, replace_origin};
use std::sync::Arc;

struct Corpus {
    _dir: tempfile::TempDir,
    store: Store,
    index: SearchIndex,
}

const DOCS: [(&str, Lang, &str, &str); 4] = [
    (
        "en-1",
        Lang::En,
        "Kazakhstan: torture in custody",
        "Human Rights Watch said on 7 July 2021 that President Tokayev must end torture \
         in pre-trial detention. 10,000 people signed the petition; \"The law is clear\".",
    ),
    (
        "ru-1",
        Lang::Ru,
        "Казахстан: пытки под стражей",
        "Президент Токаев должен положить конец пыткам в следственных изоляторах, \
         заявила Human Rights Watch 7 июля 2021 года. Петицию подписали 10 000 человек.",
    ),
    (
        "en-2",
        Lang::En,
        "Uzbekistan: journalists detained",
        "OMCT and CIVICUS call for the release of journalists held in Tashkent since 2019.",
    ),
    (
        "ru-2",
        Lang::Ru,
        "Қазақстан: сөз бостандығы",
        "Бюро по правам человека (bureau.kz) сообщает о задержании активистов в Алматы.",
    ),
];

fn corpus() -> Corpus {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("store.sqlite")).expect("a store");
    for (origin, lang, title, body) in DOCS {
        let doc = Document {
            id: DocId::derive(origin, 0),
            source: "hrw".into(),
            origin: origin.into(),
            lang,
            title: title.into(),
            published: NaiveDate::from_ymd_opt(2021, 7, 7),
            body: body.into(),
            meta: DocMeta::default(),
        };
        replace_origin(store.conn(), origin, &[doc]).expect("a stored document");
    }
    let index = SearchIndex::rebuild(
        &dir.path().join("index"),
        store.conn(),
        50_000_000,
        |_, _| {},
    )
    .expect("an index")
    .0
    .with_translator(Arc::new(Translator::new()));
    Corpus {
        _dir: dir,
        store,
        index,
    }
}

thread_local! {
    static CORPUS: Corpus = corpus();
}

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    CORPUS.with(|c| {
        for cross_language in [false, true] {
            let request = SearchRequest {
                query: Some(query.to_string()),
                limit: 10,
                cross_language,
                ..SearchRequest::default()
            };
            let _ = c.index.search(&request, c.store.conn());
        }
    });
});
