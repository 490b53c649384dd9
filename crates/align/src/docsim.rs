//! How alike an English and a Russian document are, from their content.
//!
//! A document is reduced to its anchors ([`Features`]) and each anchor is
//! weighted by its rarity in the collection (inverse document frequency): two
//! documents sharing `2021` prove little, two sharing `12000` and `Landray`
//! prove a lot. The similarity is a weighted Dice coefficient of the shared
//! anchors, damped when the lengths are implausible for a translation.
//! Every signal that contributes is reported as [`Evidence`].

use crate::anchors::{AnchorScorer, Features};
use pressroom_analysis::key::index_key;
use pressroom_analysis::tokens::words;
use pressroom_model::{Evidence, Lang};
use std::collections::HashMap;

/// One document, reduced.
#[derive(Debug, Clone)]
pub struct DocProfile {
    pub lang: Lang,
    pub features: Features,
    /// Sorted, distinct index keys of the content words, for comparing two
    /// documents of one language.
    pub keys: Vec<String>,
}

impl DocProfile {
    pub fn new(scorer: &AnchorScorer, text: &str, lang: Lang) -> DocProfile {
        let mut features = scorer.features(text, lang);
        // Repeats of a figure or a name say little more than one mention;
        // keeping one copy stops a long document from dominating.
        features.numbers.dedup();
        features.names.dedup();
        let mut keys: Vec<String> = words(text)
            .into_iter()
            .filter_map(|w| index_key(&w.text, lang))
            .filter(|k| k.chars().count() > 2)
            .collect();
        keys.sort();
        keys.dedup();
        DocProfile {
            lang,
            features,
            keys,
        }
    }
}

/// Document frequencies of anchors over a collection, for rarity weights.
#[derive(Debug, Clone, Default)]
pub struct AnchorStats {
    docs: usize,
    df: HashMap<String, usize>,
}

fn number_key(n: &str) -> String {
    format!("#{n}")
}

fn name_key(n: &str) -> String {
    format!("@{n}")
}

impl AnchorStats {
    pub fn add(&mut self, p: &DocProfile) {
        self.docs += 1;
        for n in &p.features.numbers {
            *self.df.entry(number_key(n)).or_default() += 1;
        }
        for n in &p.features.names {
            *self.df.entry(name_key(n)).or_default() += 1;
        }
    }

    fn idf(&self, key: &str) -> f32 {
        let df = self.df.get(key).copied().unwrap_or(0);
        // Smoothed so that an anchor unseen in the stats (a profile scored
        // against stats of another collection) is rare but finite.
        ((1.0 + self.docs as f32) / (1.0 + df as f32)).ln() + 0.1
    }
}

/// Expected Russian/English character ratio of a translation, and how far
/// (in log space) a pair may stray before its length counts against it.
const EXPECTED_RATIO: f32 = 1.1;
const RATIO_TOLERANCE: f32 = 0.35;
/// Weight of one dictionary word relative to a name or figure of average rarity.
const WORD_WEIGHT: f32 = 0.5;

/// How much a text wholly contained in the other (an adaptation, much
/// shorter than its original) counts: its shared anchors over its own
/// rather than over both texts' (chosen on the tuning part of
/// [`crate::kind_eval`]).
pub const CONTAINMENT_WEIGHT: f32 = 0.7;

/// Content similarity of an English and a Russian profile, in `[0, 1]`,
/// with the evidence behind it.
pub fn similarity(
    scorer: &AnchorScorer,
    stats: &AnchorStats,
    en: &DocProfile,
    ru: &DocProfile,
) -> (f32, Vec<Evidence>) {
    similarity_with(scorer, stats, en, ru, CONTAINMENT_WEIGHT)
}

/// [`similarity`] with another containment weight (for tuning).
pub fn similarity_with(
    scorer: &AnchorScorer,
    stats: &AnchorStats,
    en: &DocProfile,
    ru: &DocProfile,
    containment_weight: f32,
) -> (f32, Vec<Evidence>) {
    let (ef, rf) = (&en.features, &ru.features);
    let weigh = |items: &[String], key: fn(&str) -> String| -> f32 {
        items.iter().map(|x| stats.idf(&key(x))).sum()
    };
    let shared = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter()
            .filter(|x| b.binary_search(x).is_ok())
            .cloned()
            .collect()
    };
    let numbers = shared(&ef.numbers, &rf.numbers);
    let names = shared(&ef.names, &rf.names);
    let m = scorer.compare(ef, rf);
    let w_numbers = weigh(&numbers, number_key);
    let w_names = weigh(&names, name_key);
    let w_words = WORD_WEIGHT * m.words as f32;
    let en_total = weigh(&ef.numbers, number_key)
        + weigh(&ef.names, name_key)
        + WORD_WEIGHT * ef.translatable.len() as f32;
    let ru_total = weigh(&rf.numbers, number_key)
        + weigh(&rf.names, name_key)
        + WORD_WEIGHT * rf.ru_keys.len() as f32;
    let total = en_total + ru_total;
    let dice = if total > 0.0 {
        2.0 * (w_numbers + w_names + w_words) / total
    } else {
        0.0
    };
    let mut evidence = Vec::new();
    let show = |v: &[String]| v.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
    if !numbers.is_empty() {
        evidence.push(Evidence {
            signal: "shared_numbers".into(),
            weight: 2.0 * w_numbers / total,
            detail: format!("shared numbers: {}", show(&numbers)),
        });
    }
    if !names.is_empty() {
        evidence.push(Evidence {
            signal: "shared_names".into(),
            weight: 2.0 * w_names / total,
            detail: format!("shared name keys: {}", show(&names)),
        });
    }
    if m.words > 0 {
        evidence.push(Evidence {
            signal: "translated_vocabulary".into(),
            weight: 2.0 * w_words / total,
            detail: format!(
                "{} of {} English dictionary words have their translation in the Russian text",
                m.words,
                ef.translatable.len()
            ),
        });
    }
    let ratio = if ef.chars > 0 {
        rf.chars as f32 / ef.chars as f32
    } else {
        0.0
    };
    let deviation = if ratio > 0.0 {
        ((ratio / EXPECTED_RATIO).ln().abs() - RATIO_TOLERANCE).max(0.0)
    } else {
        1.0
    };
    // exp(-2·excess): a pair twice as long as expected keeps about a third
    // of its score; a report much shorter than the release still links.
    let length_factor = (-2.0 * deviation).exp();
    if length_factor < 0.99 {
        evidence.push(Evidence {
            signal: "length_ratio".into(),
            weight: length_factor - 1.0,
            detail: format!(
                "Russian/English length ratio {ratio:.2} (expected about {EXPECTED_RATIO})"
            ),
        });
    }
    let smaller = en_total.min(ru_total);
    let containment = if smaller > 0.0 {
        ((w_numbers + w_names + w_words) / smaller).min(1.0)
    } else {
        0.0
    };
    let score = (dice * length_factor).max(containment_weight * containment);
    (score.clamp(0.0, 1.0), evidence)
}

/// Similarity of two documents in one language (a release and a partner's
/// reprint or report of it): rarity-weighted Dice over figures and names,
/// averaged with plain Dice over content words.
pub fn same_language_similarity(
    stats: &AnchorStats,
    a: &DocProfile,
    b: &DocProfile,
) -> (f32, String) {
    let weighted = |x: &[String], y: &[String], key: fn(&str) -> String| -> (f32, f32, usize) {
        let shared: f32 = x
            .iter()
            .filter(|v| y.binary_search(v).is_ok())
            .map(|v| stats.idf(&key(v)))
            .sum();
        let total: f32 = x.iter().chain(y).map(|v| stats.idf(&key(v))).sum();
        let n = x.iter().filter(|v| y.binary_search(v).is_ok()).count();
        (shared, total, n)
    };
    let (sn, tn, nn) = weighted(&a.features.numbers, &b.features.numbers, number_key);
    let (sm, tm, nm) = weighted(&a.features.names, &b.features.names, name_key);
    let anchors = if tn + tm > 0.0 {
        2.0 * (sn + sm) / (tn + tm)
    } else {
        0.0
    };
    let shared_words = a
        .keys
        .iter()
        .filter(|k| b.keys.binary_search(k).is_ok())
        .count();
    let word_dice = if a.keys.len() + b.keys.len() > 0 {
        2.0 * shared_words as f32 / (a.keys.len() + b.keys.len()) as f32
    } else {
        0.0
    };
    (
        ((anchors + word_dice) / 2.0).clamp(0.0, 1.0),
        format!("{nn} shared numbers, {nm} shared names, {shared_words} shared words"),
    )
}

/// Greedy one-to-one assignment: the best-scoring pair first, then the best
/// among what is left, down to `min_score`. Returns `(en, ru, score)`.
pub fn assign_one_to_one(
    scores: &[(usize, usize, f32)],
    min_score: f32,
) -> Vec<(usize, usize, f32)> {
    let mut sorted: Vec<_> = scores
        .iter()
        .filter(|s| s.2 >= min_score)
        .copied()
        .collect();
    sorted.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut used_en = std::collections::HashSet::new();
    let mut used_ru = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (e, r, s) in sorted {
        if used_en.contains(&e) || used_ru.contains(&r) {
            continue;
        }
        used_en.insert(e);
        used_ru.insert(r);
        out.push((e, r, s));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_scores_above_an_unrelated_document() {
        let s = AnchorScorer::new();
        let en = DocProfile::new(
            &s,
            "Professor Martin Landray said 12,000 patients in 176 hospitals took part.",
            Lang::En,
        );
        let ru = DocProfile::new(
            &s,
            "Профессор Мартин Лэндрей сказал, что 12 000 пациентов в 176 больницах приняли участие.",
            Lang::Ru,
        );
        let other = DocProfile::new(
            &s,
            "В Алматы 5 января задержали 300 человек, сообщила полиция города.",
            Lang::Ru,
        );
        let mut stats = AnchorStats::default();
        for p in [&en, &ru, &other] {
            stats.add(p);
        }
        let (good, evidence) = similarity(&s, &stats, &en, &ru);
        let (bad, _) = similarity(&s, &stats, &en, &other);
        assert!(good > 0.5 && bad < 0.1, "{good} {bad}");
        assert!(evidence.iter().any(|e| e.signal == "shared_numbers"));
    }

    #[test]
    fn assignment_is_one_to_one() {
        let pairs = assign_one_to_one(&[(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.85), (1, 1, 0.3)], 0.1);
        assert_eq!(pairs, vec![(0, 0, 0.9), (1, 1, 0.3)]);
    }
}
