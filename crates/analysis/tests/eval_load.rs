//! Cold-start cost of the cross-language tables, measured in a fresh
//! process (this test binary has one test so nothing is loaded before it).
//! Run with `cargo test -p pressroom-analysis --release -- --ignored --nocapture eval_load`.

use pressroom_analysis::glossary::glossary;
use pressroom_analysis::key::term_key;
use pressroom_analysis::lemma::preload;
use pressroom_analysis::lexicon::lexicon;
use std::time::Instant;

#[test]
#[ignore = "timing; meaningful in release builds only"]
fn eval_load() {
    let t = Instant::now();
    preload();
    let lemmas = t.elapsed();
    let t = Instant::now();
    let n = glossary().entries().len();
    let gloss = t.elapsed();
    let t = Instant::now();
    let heads = lexicon().len();
    let lex = t.elapsed();
    let t = Instant::now();
    let back = lexicon().ru_to_en("пытки");
    let lex_ru = t.elapsed();
    assert!(back.contains(&"torture"));
    let t = Instant::now();
    let words = ["пыток", "задержан", "правозащитников", "журналистами"];
    for _ in 0..25_000 {
        for w in words {
            std::hint::black_box(term_key(w));
        }
    }
    let per_token = t.elapsed() / 100_000;
    println!(
        "lemma table: {lemmas:?}; glossary ({n} entries): {gloss:?}; lexicon EN→RU ({heads} headwords): {lex:?}; RU→EN inversion on first Russian lookup: {lex_ru:?}; term_key per token: {per_token:?}"
    );
    assert!(heads > 30_000 && n >= 300);
}
