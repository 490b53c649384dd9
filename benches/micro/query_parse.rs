//! Parsing the query language and translating queries into the other
//! language: cheap next to the search itself, but they run on every query
//! (and every keystroke of an interactive search).

use criterion::{Criterion, criterion_group, criterion_main};
use pressroom_analysis::translate::{Translator, detect_query_lang};
use pressroom_benches::scale::queries;
use pressroom_search::query::parse_query;
use std::hint::black_box;
use std::path::Path;

fn parse(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/bench/queries.tsv");
    let set = match queries::load(&path) {
        Ok(set) => set,
        Err(e) => {
            eprintln!("skipping the query parsing benchmark: {e}");
            return;
        }
    };
    let mut texts: Vec<String> = set.into_iter().map(|q| q.text).collect();
    texts.push("Tokayev OR Токаев -Russia \"freedom of assembly\" torture".into());
    c.bench_function("query::parse_query/set", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| parse_query(black_box(t)).map_or(0, |p| p.groups.len()))
                .sum::<usize>()
        })
    });
    // The translator as the CLI builds it (glossary, general lexicon,
    // transliteration), its tables loaded before timing: per-query cost only.
    let translator = Translator::new();
    let plain: Vec<String> = texts.iter().map(|t| t.replace('"', "")).collect();
    for t in &plain {
        translator.translate_query(t, detect_query_lang(t));
    }
    c.bench_function("translate::translate_query/set", |b| {
        b.iter(|| {
            plain
                .iter()
                .map(|t| {
                    translator
                        .translate_query(black_box(t), detect_query_lang(t))
                        .len()
                })
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, parse);
criterion_main!(benches);
