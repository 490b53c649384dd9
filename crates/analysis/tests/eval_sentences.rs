//! Sentence matching on the shared Tatoeba EN–RU test set with lexical
//! signals only. Run with
//! `cargo test -p pressroom-analysis --release -- --ignored --nocapture eval_sentences`.

use pressroom_analysis::eval::evaluate_sentences;
use pressroom_analysis::translate::Translator;
use std::path::PathBuf;

#[test]
#[ignore = "reads the shared evaluation data; slow in debug builds"]
fn eval_sentences() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/eval/sentences-tatoeba/rus-eng.tsv");
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    let report = evaluate_sentences(&path, &Translator::new()).expect("readable");
    println!("query fan-out (4):\n{report}");
    let wide = evaluate_sentences(&path, &Translator::new().with_fanout(8)).expect("readable");
    println!("fan-out 8:\n{wide}");
    // Far under the measured figure; chance is 1/649.
    assert!(
        report.en_to_ru.accuracy > 0.3,
        "{}",
        report.en_to_ru.accuracy
    );
    assert!(
        report.ru_to_en.accuracy > 0.3,
        "{}",
        report.ru_to_en.accuracy
    );
}
