//! Two texts of any content aligned sentence by sentence and exported as
//! TMX, TSV and JSON lines: no panic, and every export stays well-formed
//! whatever the texts hold (markup, control characters, tabs, line breaks).
//! The input is the English text, a NUL byte, then the Russian text; the
//! first line of each is also its URL.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pressroom_align::{AnchorScorer, align_documents, write_jsonl, write_tmx, write_tsv};
use pressroom_model::{DocId, DocMeta, Document, Lang};
use quick_xml::events::Event;

thread_local! {
    static SCORER: AnchorScorer = AnchorScorer::new();
}

fn document(origin: &str, lang: Lang, text: &str) -> Document {
    Document {
        id: DocId::derive(origin, 0),
        source: "fuzz".into(),
        origin: origin.into(),
        lang,
        title: String::new(),
        published: None,
        body: text.into(),
        meta: DocMeta {
            url: text.lines().next().map(str::to_string),
            ..DocMeta::default()
        },
    }
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |&b| b == 0);
    let en = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let ru = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let (a, b) = (document("en", Lang::En, &en), document("ru", Lang::Ru, &ru));
    let docs = [SCORER.with(|s| align_documents(&a, &b, s))];
    let units = docs[0].pairs.len();

    let mut tmx = Vec::new();
    write_tmx(&mut tmx, &docs).expect("writing to memory");
    let tmx = String::from_utf8(tmx).expect("TMX is UTF-8");
    let mut reader = quick_xml::Reader::from_str(&tmx);
    let mut tus = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) if e.local_name().as_ref() == "tu" => tus += 1,
            Ok(Event::GeneralRef(r)) => {
                let reference = format!("&{};", r.into_inner());
                quick_xml::escape::unescape(&reference).expect("only XML's own entities");
            }
            Ok(_) => {}
            Err(e) => panic!("TMX not well-formed: {e}"),
        }
    }
    assert_eq!(tus, units, "one <tu> per aligned unit");

    let mut tsv = Vec::new();
    write_tsv(&mut tsv, &docs).expect("writing to memory");
    let tsv = String::from_utf8(tsv).expect("TSV is UTF-8");
    assert_eq!(tsv.lines().count(), units, "one TSV line per unit");
    for line in tsv.lines() {
        assert_eq!(line.split('\t').count(), 5, "five TSV fields: {line:?}");
    }

    let mut jsonl = Vec::new();
    write_jsonl(&mut jsonl, &docs).expect("writing to memory");
    let jsonl = String::from_utf8(jsonl).expect("JSON lines are UTF-8");
    assert_eq!(jsonl.lines().count(), units, "one JSON line per unit");
    for line in jsonl.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("each line is JSON");
    }
});
