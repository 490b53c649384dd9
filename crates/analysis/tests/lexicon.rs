//! The glossary and lexicon against the sample corpus: the CIVICUS release
//! is published in English and Russian in one page, so the domain terms of
//! its English half should find their glossary translations in its Russian
//! half, and query translation of its English headline terms should reach
//! words of the Russian half.

use pressroom_analysis::glossary::{glossary, term_keys};
use pressroom_analysis::translate::Translator;
use pressroom_model::Lang;
use std::path::PathBuf;

fn civicus() -> Option<(String, String)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/sample/001_abd1b075b23786a1.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is absent", path.display());
        return None;
    };
    let split = text.find("Казахстан понижен")?;
    Some((text[..split].to_string(), text[split..].to_string()))
}

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn glossary_terms_of_the_english_half_appear_in_the_russian_half() {
    let Some((en, ru)) = civicus() else { return };
    let (en_keys, ru_keys) = (term_keys(&en), term_keys(&ru));
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for e in glossary().entries() {
        if e.category == "time" || e.en.iter().all(|t| !contains_seq(&en_keys, &term_keys(t))) {
            continue;
        }
        if e.ru.iter().any(|t| contains_seq(&ru_keys, &term_keys(t))) {
            found.push(e.en[0].as_str());
        } else {
            missing.push(e.en[0].as_str());
        }
    }
    let share = found.len() as f64 / (found.len() + missing.len()).max(1) as f64;
    println!(
        "found {}: {found:?}\nmissing {}: {missing:?}",
        found.len(),
        missing.len()
    );
    assert!(found.len() >= 25, "{}", found.len());
    assert!(share >= 0.6, "{share}");
}

#[test]
fn translated_headline_terms_reach_the_russian_half() {
    let Some((_, ru)) = civicus() else { return };
    let ru_keys = term_keys(&ru);
    let t = Translator::new();
    for q in [
        "arbitrary detentions",
        "torture and ill-treatment",
        "Bloody January",
        "journalists",
        "freedom of expression",
        "President Tokayev",
    ] {
        let terms = t.translate_query(q, Lang::En);
        for term in terms {
            assert!(
                term.translations
                    .iter()
                    .any(|tr| contains_seq(&ru_keys, &term_keys(&tr.text))),
                "{term}"
            );
        }
    }
}
