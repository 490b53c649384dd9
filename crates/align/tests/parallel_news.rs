//! Parallel-news evaluation: figures must not regress below what was measured.

use pressroom_align::{AnchorScorer, Dictionary, evaluate_parallel};
use std::path::PathBuf;

fn data() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/eval/parallel-news/docs.jsonl");
    if p.is_file() {
        Some(p)
    } else {
        eprintln!("SKIPPED: {} is absent", p.display());
        None
    }
}

#[test]
fn parallel_news_figures() {
    let Some(path) = data() else { return };
    let report = evaluate_parallel(
        &path,
        &AnchorScorer::with_dictionary(Dictionary::general()),
        pressroom_analysis::translate::Translator::new(),
    )
    .unwrap();
    println!("{report}");
    println!("{}", serde_json::to_string(&report).unwrap());
    assert!(report.documents >= 2);
    // Floors slightly below what was measured (pairs F1 0.997, MRR 0.966,
    // sentence F1 1.000 on 194 article pairs), so a regression fails.
    assert!(report.pairs.f1 >= 0.98, "pair F1 {}", report.pairs.f1);
    assert!(report.mrr >= 0.94, "MRR {}", report.mrr);
    assert!(
        report.sentences.f1 >= 0.98,
        "sentence F1 {}",
        report.sentences.f1
    );
    assert!(
        report.sentences_paragraph_aware.f1 >= 0.98,
        "paragraph-aware sentence F1 {}",
        report.sentences_paragraph_aware.f1
    );
}
