//! The analysis chain on real text, in MB/s per core (criterion reports
//! throughput from the byte counts): segmentation, then the index key
//! (fold + stop + stem) per word, as indexing does.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pressroom_analysis::{stem::index_key, tokens::words};
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
        group.bench_function(format!("tokens::words/{name}"), |b| {
            b.iter(|| black_box(words(black_box(text))).len())
        });
        let tokens = words(text);
        group.bench_function(format!("stem::index_key/{name}"), |b| {
            b.iter(|| {
                tokens
                    .iter()
                    .filter_map(|t| index_key(black_box(&t.text), lang))
                    .count()
            })
        });
        group.bench_function(format!("search::analyze/{name}"), |b| {
            b.iter(|| pressroom_search::analyze(black_box(text), lang).len())
        });
    }
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
