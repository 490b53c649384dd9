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
    assert!(
        report.sentences_resegmented.f1 >= 0.98,
        "re-segmented sentence F1 {}",
        report.sentences_resegmented.f1
    );
    // A lexicon learned from one half's pairs must not hurt retrieval on the
    // other half (measured: 0.974 with it, 0.972 without, 2,799 word pairs).
    let learned = report.learned;
    assert!(learned.learned_pairs > 1000, "{learned:?}");
    assert!(
        learned.mrr_with >= learned.mrr_without - 0.005,
        "{learned:?}"
    );
}

#[test]
fn lexicon_learned_from_aligned_news_has_obvious_pairs() {
    let Some(path) = data() else { return };
    let scorer = AnchorScorer::with_dictionary(Dictionary::general());
    let mut aligned = Vec::new();
    for rec in pressroom_align::eval::load_records(&path).unwrap() {
        let en: Vec<String> = rec.en_paragraphs.into_iter().flatten().collect();
        let ru: Vec<String> = rec.ru_paragraphs.into_iter().flatten().collect();
        let beads = pressroom_align::align_sentences(&en, &ru, &scorer);
        for p in pressroom_align::sentence_pairs(&en, &ru, &beads) {
            aligned.push((p.en, p.ru));
        }
    }
    let lex = pressroom_align::learn_lexicon(&aligned);
    println!(
        "{} pairs learned; first 40: {:?}",
        lex.len(),
        &lex[..lex.len().min(40)]
    );
    let translates = |en: &str, ru_prefix: &str| {
        lex.iter()
            .any(|(e, r, _)| e == en && r.starts_with(ru_prefix))
    };
    for (en, ru) in [
        ("police", "полиц"),
        ("president", "президент"),
        ("government", "правительств"),
    ] {
        assert!(translates(en, ru), "{en} → {ru}… not learned");
    }
    // The learned pairs feed query translation.
    let t = pressroom_analysis::translate::Translator::with_learned(lex);
    assert!(t.learned_len() > 0);
}
