//! The analysis chain on real text, in MB/s per core (criterion reports
//! throughput from the byte counts), one step at a time as parsing and
//! indexing run them: normalisation, language detection per paragraph,
//! segmentation, the index key (fold + stop + lemma + stem) per word,
//! transliteration keys of capitalised words (names), and the whole
//! tokenizer the index uses.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pressroom_analysis::normalize::{normalize_text, split_paragraphs};
use pressroom_analysis::translit::name_key;
use pressroom_analysis::{key::index_key, lang, tokens::words};
use pressroom_benches::scale::corpus::{Generator, Pools};
use pressroom_model::Lang;
use std::hint::black_box;
use std::path::Path;

/// About 1 MB of generated English and of Russian text, or `None` (with a
/// message) when the shared evaluation data is absent.
fn texts() -> Option<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let eval = root.join("../shared/eval");
    let pools = match Pools::load(&eval, &root.join("corpus/sample")) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("skipping the analysis benchmarks: {e}");
            return None;
        }
    };
    let g = Generator::new(pools, 42);
    let (mut en, mut ru) = (String::new(), String::new());
    for i in 0.. {
        let d = g.doc(i);
        let text = if d.lang == "ru" { &mut ru } else { &mut en };
        if text.len() < 1 << 20 {
            text.push_str(&d.body);
            text.push_str("\n\n");
        }
        if en.len() >= 1 << 20 && ru.len() >= 1 << 20 {
            break;
        }
    }
    Some((en, ru))
}

fn analysis(c: &mut Criterion) {
    let Some((en, ru)) = texts() else { return };
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    for (name, text, lang) in [("en", &en, Lang::En), ("ru", &ru, Lang::Ru)] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("normalize::normalize_text/{name}"), |b| {
            b.iter(|| normalize_text(black_box(text)).len())
        });
        let paragraphs: Vec<&str> = split_paragraphs(text).collect();
        group.bench_function(format!("lang::paragraph_langs/{name}"), |b| {
            b.iter(|| lang::paragraph_langs(black_box(&paragraphs)).len())
        });
        group.bench_function(format!("tokens::words/{name}"), |b| {
            b.iter(|| black_box(words(black_box(text))).len())
        });
        let tokens = words(text);
        group.bench_function(format!("key::index_key/{name}"), |b| {
            b.iter(|| {
                tokens
                    .iter()
                    .filter_map(|t| index_key(black_box(&t.text), lang))
                    .count()
            })
        });
        // Every capitalised word, uncached (the index's tokenizer caches
        // recurring names per thread; this is the cost of a new one).
        group.bench_function(format!("translit::name_key/{name}"), |b| {
            b.iter(|| {
                tokens
                    .iter()
                    .filter(|t| t.text.chars().next().is_some_and(char::is_uppercase))
                    .map(|t| name_key(black_box(&t.text)).len())
                    .sum::<usize>()
            })
        });
        group.bench_function(format!("search::analyze/{name}"), |b| {
            b.iter(|| pressroom_search::analyze(black_box(text), lang).len())
        });
        // What the title and body fields are given: the keys and their word
        // pairs, pairing the text's own common keys (as an index of it would).
        // analyze and index_tokens memoise keys per thread, and these
        // iterations repeat one text: the cost of words seen before.
        let common = pressroom_search::CommonKeys::from_texts([(text.as_str(), lang)]);
        group.bench_function(format!("search::index_tokens/{name}"), |b| {
            b.iter(|| pressroom_search::index_tokens(black_box(text), lang, &common).len())
        });
    }
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
