//! Translation or report: what links an English and a Russian document
//! that share content.
//!
//! A translation carries the same content both ways; an adaptation is a
//! translation cut short, so all of its text still comes from the other. A
//! report quotes and summarises another text and adds its own context: part
//! of it has no counterpart there. The kind is therefore read from the
//! *shorter* document's coverage: the share of its text (in characters)
//! whose sentences have a counterpart sentence in the other document
//! (lexical anchors: figures, names, dictionary words), and how closely
//! those sentences follow their counterparts (fidelity). Neither publishers
//! nor dates nor URL shapes decide it: versions of one release appear on
//! different sites, on different days, under unrelated addresses. What
//! pages declare does ([`crate::pairs`]): a page cut in two languages or an
//! `hreflang` alternate is a translation, and a text that names its own
//! original elsewhere is at most a report of any other.

use crate::anchors::{AnchorScorer, Features};
use pressroom_analysis::sentences::sentences;
use pressroom_model::{Evidence, Lang, LinkKind};

/// Anchor similarity at which a sentence counts as having a counterpart.
/// The three thresholds were chosen on the tuning part of the cases of
/// [`crate::kind_eval`] (held-out records never seen).
pub const SENTENCE_MATCH: f32 = 0.2;
/// Coverage of the shorter document from which it is a translation (or an
/// adaptation) rather than a report.
pub const MIN_TRANSLATION_COVERAGE: f32 = 0.75;
/// Fidelity (mean best sentence similarity) of the shorter document from
/// which it is a translation: a report that retells the other in its own
/// words covers it with looser matches.
pub const MIN_TRANSLATION_FIDELITY: f32 = 0.2;
/// Sentences compared per document; the rest of a very long text adds cost,
/// not information about its kind.
const MAX_SENTENCES: usize = 120;

/// How much of each document has a counterpart in the other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coverage {
    /// Share of the English text (characters) with a counterpart sentence.
    pub en: f32,
    /// The same for the Russian text.
    pub ru: f32,
    pub en_chars: usize,
    pub ru_chars: usize,
    /// Mean best sentence similarity of the English text (character
    /// weighted): how closely its sentences follow their counterparts.
    pub en_fidelity: f32,
    /// The same for the Russian text.
    pub ru_fidelity: f32,
}

fn sentence_features(scorer: &AnchorScorer, text: &str, lang: Lang) -> Vec<Features> {
    text.split("\n\n")
        .flat_map(sentences)
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .take(MAX_SENTENCES)
        .map(|s| scorer.features(s, lang))
        .collect()
}

/// Coverage of an English and a Russian text by each other.
pub fn coverage(scorer: &AnchorScorer, en_text: &str, ru_text: &str) -> Coverage {
    coverage_with(scorer, en_text, ru_text, SENTENCE_MATCH)
}

/// [`coverage`] with another sentence-match threshold (for tuning).
pub fn coverage_with(
    scorer: &AnchorScorer,
    en_text: &str,
    ru_text: &str,
    sentence_match: f32,
) -> Coverage {
    let en = sentence_features(scorer, en_text, Lang::En);
    let ru = sentence_features(scorer, ru_text, Lang::Ru);
    let mut en_best = vec![0.0f32; en.len()];
    let mut ru_best = vec![0.0f32; ru.len()];
    for (i, e) in en.iter().enumerate() {
        for (j, r) in ru.iter().enumerate() {
            let sim = scorer.compare(e, r).similarity();
            en_best[i] = en_best[i].max(sim);
            ru_best[j] = ru_best[j].max(sim);
        }
    }
    let en_hit: Vec<bool> = en_best.iter().map(|s| *s >= sentence_match).collect();
    let ru_hit: Vec<bool> = ru_best.iter().map(|s| *s >= sentence_match).collect();
    let fidelity = |f: &[Features], best: &[f32]| -> f32 {
        let total: usize = f.iter().map(|x| x.chars).sum();
        let sum: f32 = f.iter().zip(best).map(|(x, b)| x.chars as f32 * b).sum();
        if total > 0 { sum / total as f32 } else { 0.0 }
    };
    let share = |f: &[Features], hit: &[bool]| -> (f32, usize) {
        let total: usize = f.iter().map(|x| x.chars).sum();
        let covered: usize = f
            .iter()
            .zip(hit)
            .filter(|(_, h)| **h)
            .map(|(x, _)| x.chars)
            .sum();
        (
            if total > 0 {
                covered as f32 / total as f32
            } else {
                0.0
            },
            total,
        )
    };
    let (en_share, en_chars) = share(&en, &en_hit);
    let (ru_share, ru_chars) = share(&ru, &ru_hit);
    Coverage {
        en: en_share,
        ru: ru_share,
        en_chars,
        ru_chars,
        en_fidelity: fidelity(&en, &en_best),
        ru_fidelity: fidelity(&ru, &ru_best),
    }
}

/// The kind a coverage implies, with the evidence that says so. The
/// evidence has weight 0: it decides the kind, not whether the two are
/// linked.
pub fn kind_from_coverage(c: &Coverage) -> (LinkKind, Evidence) {
    kind_at(c, MIN_TRANSLATION_COVERAGE, MIN_TRANSLATION_FIDELITY)
}

/// [`kind_from_coverage`] with other thresholds (for tuning).
pub fn kind_at(c: &Coverage, min_coverage: f32, min_fidelity: f32) -> (LinkKind, Evidence) {
    let (shorter, shorter_cov, longer_cov, fidelity) = if c.en_chars <= c.ru_chars {
        ("English", c.en, c.ru, c.en_fidelity)
    } else {
        ("Russian", c.ru, c.en, c.ru_fidelity)
    };
    let kind = if shorter_cov >= min_coverage && fidelity >= min_fidelity {
        LinkKind::Translation
    } else {
        LinkKind::Report
    };
    let reading = match kind {
        LinkKind::Translation if longer_cov >= min_coverage => {
            "same content both ways: a translation"
        }
        LinkKind::Translation => "the shorter text is all from the longer: an adaptation",
        _ => "the shorter text adds its own: a report",
    };
    let evidence = Evidence {
        signal: "content_coverage".into(),
        weight: 0.0,
        detail: format!(
            "{:.0}% of the {shorter} text (the shorter) has a counterpart sentence (mean best sentence similarity {fidelity:.2}), {:.0}% of the other: {reading}",
            shorter_cov * 100.0,
            longer_cov * 100.0,
        ),
    };
    (kind, evidence)
}

/// The evidence when a page declares the pair (a page cut in two languages,
/// `hreflang`, a stated original): that is what decides the kind.
pub fn declared_kind_evidence(signal: &str) -> Evidence {
    Evidence {
        signal: "kind_declared".into(),
        weight: 0.0,
        detail: format!("a translation: the pages declare it ({signal})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchors::Dictionary;

    const EN: &str = "Police in Almaty detained 45 activists on 12 March.\n\nThe activists had planned a peaceful rally near the Abai monument.\n\nHuman Rights Watch called on the authorities to release them.";
    const RU: &str = "Полиция Алматы 12 марта задержала 45 активистов.\n\nАктивисты планировали мирный митинг у памятника Абаю.\n\nHuman Rights Watch призвала власти освободить их.";

    #[test]
    fn a_translation_covers_both_ways_and_an_adaptation_its_shorter_side() {
        let s = AnchorScorer::with_dictionary(Dictionary::general());
        let c = coverage(&s, EN, RU);
        assert!(c.en > 0.9 && c.ru > 0.9, "{c:?}");
        assert_eq!(kind_from_coverage(&c).0, LinkKind::Translation);
        let short = EN.split("\n\n").next().unwrap();
        let c = coverage(&s, short, RU);
        let (kind, ev) = kind_from_coverage(&c);
        assert_eq!(kind, LinkKind::Translation, "{c:?}");
        assert!(ev.detail.contains("adaptation"), "{}", ev.detail);
    }

    #[test]
    fn a_report_adds_text_with_no_counterpart() {
        let s = AnchorScorer::with_dictionary(Dictionary::general());
        let report = "The Kazakhstan Bureau for Human Rights notes that this is the third such case this year.\n\nIn its statement, Human Rights Watch called on the authorities to release them.\n\nLocal lawyers told our monitors that court hearings are often closed to the public, and that relatives are not informed.";
        let c = coverage(&s, report, RU);
        let (kind, ev) = kind_from_coverage(&c);
        assert_eq!(kind, LinkKind::Report, "{c:?}");
        assert!(ev.detail.contains("report"));
    }
}
