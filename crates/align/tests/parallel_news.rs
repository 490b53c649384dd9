//! Parallel-news evaluation: figures must not regress below what was measured.

use pressroom_align::{AnchorScorer, AnchorTranslator, evaluate_parallel};
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
    let report = evaluate_parallel(&path, &AnchorScorer::new(), AnchorTranslator::new()).unwrap();
    println!("{report}");
    println!("{}", serde_json::to_string(&report).unwrap());
    assert_eq!(report.documents, 388);
}
