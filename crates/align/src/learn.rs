//! A bilingual lexicon learned from the corpus's own aligned sentences.
//!
//! Words that translate each other turn up in the same sentence pairs far
//! more often than chance. For every English and Russian word key (index
//! keys, so inflected forms count together) the co-occurrence in aligned
//! sentence pairs is measured by the Dice coefficient, `2·c(e,r) / (c(e) +
//! c(r))`, and pairs are then linked competitively (Melamed 2000): the best
//! pair overall is taken, both words are removed, and so on. Competitive
//! linking stops a frequent word from being "translated" by everything it
//! co-occurs with. The output is what `Translator::with_learned` takes, so
//! the cross-language search improves as the corpus grows.

use crate::AlignError;
use crate::anchors::AnchorScorer;
use crate::export::align_documents;
use pressroom_analysis::key::index_key;
use pressroom_analysis::tokens::words;
use pressroom_model::{Lang, LinkKind};
use std::collections::{HashMap, HashSet};

/// A pair seen in fewer sentence pairs than this is chance.
const MIN_COOCCURRENCE: u32 = 2;
/// Dice below this is not a translation.
const MIN_DICE: f32 = 0.3;

/// Keys of a sentence with the commonest surface form of each.
fn sentence_keys(
    text: &str,
    lang: Lang,
    forms: &mut HashMap<String, HashMap<String, u32>>,
) -> Vec<String> {
    let mut keys = HashSet::new();
    for w in words(text) {
        if w.text.chars().any(|c| c.is_ascii_digit()) || w.text.chars().count() < 3 {
            continue;
        }
        let Some(key) = index_key(&w.text, lang) else {
            continue;
        };
        *forms
            .entry(key.clone())
            .or_default()
            .entry(w.text.to_lowercase())
            .or_default() += 1;
        keys.insert(key);
    }
    keys.into_iter().collect()
}

/// Trust in a pair seen in `count` sentence pairs: a Dice of 1.0 from two
/// sentences of one release is far weaker evidence than from twenty across
/// many, so the weight grows towards the Dice score with the evidence
/// (2 → 0.5, 5 → 0.8, 20 → 0.95).
fn support(count: u32) -> f32 {
    1.0 - 1.0 / count.max(1) as f32
}

fn commonest(forms: &HashMap<String, HashMap<String, u32>>, key: &str) -> String {
    forms
        .get(key)
        .and_then(|f| f.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))))
        .map_or_else(|| key.to_string(), |(w, _)| w.clone())
}

/// Induce `(english, russian, weight)` word pairs from aligned
/// `(english sentence, russian sentence)` pairs, best first. Weights are
/// Dice coefficients scaled by the evidence behind them ([`support`]), in `(0, 1)`.
pub fn learn_lexicon(aligned: &[(String, String)]) -> Vec<(String, String, f32)> {
    let mut en_forms = HashMap::new();
    let mut ru_forms = HashMap::new();
    let mut c_en: HashMap<String, u32> = HashMap::new();
    let mut c_ru: HashMap<String, u32> = HashMap::new();
    let mut c_pair: HashMap<(String, String), u32> = HashMap::new();
    for (en, ru) in aligned {
        let ek = sentence_keys(en, Lang::En, &mut en_forms);
        let rk = sentence_keys(ru, Lang::Ru, &mut ru_forms);
        for e in &ek {
            *c_en.entry(e.clone()).or_default() += 1;
        }
        for r in &rk {
            *c_ru.entry(r.clone()).or_default() += 1;
        }
        for e in &ek {
            for r in &rk {
                *c_pair.entry((e.clone(), r.clone())).or_default() += 1;
            }
        }
    }
    let mut scored: Vec<(f32, u32, String, String)> = c_pair
        .into_iter()
        .filter(|(_, c)| *c >= MIN_COOCCURRENCE)
        .map(|((e, r), c)| {
            let dice = 2.0 * c as f32 / (c_en[&e] + c_ru[&r]) as f32;
            (dice, c, e, r)
        })
        .filter(|(d, ..)| *d >= MIN_DICE)
        .collect();
    // Ties broken by evidence, then alphabetically, so the output is stable.
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| (&a.2, &a.3).cmp(&(&b.2, &b.3)))
    });
    let (mut used_en, mut used_ru) = (HashSet::new(), HashSet::new());
    let mut out = Vec::new();
    for (dice, count, e, r) in scored {
        if used_en.contains(&e) || used_ru.contains(&r) {
            continue;
        }
        out.push((
            commonest(&en_forms, &e),
            commonest(&ru_forms, &r),
            dice * support(count),
        ));
        used_en.insert(e);
        used_ru.insert(r);
    }
    out.sort_by(|a, b| b.2.total_cmp(&a.2));
    out
}

/// Learn from the store's own translation pairs (links of kind
/// `Translation` scoring at least `min_score`): align each pair's sentences
/// and induce word pairs from the aligned sentences.
pub fn learn_from_store(
    conn: &rusqlite::Connection,
    min_score: f32,
    scorer: &AnchorScorer,
) -> Result<Vec<(String, String, f32)>, AlignError> {
    let mut aligned = Vec::new();
    for link in pressroom_store::all_links(conn, Some(LinkKind::Translation))? {
        if link.score < min_score {
            continue;
        }
        let (Some(a), Some(b)) = (
            pressroom_store::get_document(conn, &link.a)?,
            pressroom_store::get_document(conn, &link.b)?,
        ) else {
            continue;
        };
        if a.lang == b.lang {
            continue;
        }
        let docs = align_documents(&a, &b, scorer);
        aligned.extend(docs.pairs.into_iter().map(|p| (p.en, p.ru)));
    }
    Ok(learn_lexicon(&aligned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consistent_cooccurrence_is_learned_and_linked_one_to_one() {
        let pairs: Vec<(String, String)> = [
            (
                "The police detained activists.",
                "Полиция задержала активистов.",
            ),
            ("Police beat the journalist.", "Полиция избила журналиста."),
            ("The journalist was detained.", "Журналист был задержан."),
            ("Activists protested.", "Активисты протестовали."),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let lex = learn_lexicon(&pairs);
        let has = |e: &str, r: &str| lex.iter().any(|(x, y, _)| x == e && y == r);
        assert!(has("police", "полиция"), "{lex:?}");
        assert!(
            has("journalist", "журналиста") || has("journalist", "журналист"),
            "{lex:?}"
        );
        let mut en: Vec<_> = lex.iter().map(|p| &p.0).collect();
        en.dedup();
        assert_eq!(en.len(), lex.len(), "each word linked once");
    }
}
