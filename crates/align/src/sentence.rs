//! Sentence alignment: Gale–Church length model plus lexical anchors.
//!
//! Gale & Church (1993) observed that a sentence and its translation have
//! proportional lengths in characters, with a variance that grows with the
//! length; a dynamic programme over "beads" (1–1, 1–0, 0–1, 2–1, 1–2, 2–2)
//! then finds the most probable alignment. Length alone goes astray when
//! neighbouring sentences have similar lengths or a translator merged or
//! dropped one, so each bead also earns a bonus for the anchors its two sides
//! share (figures, names, dictionary words, quotes; see [`crate::anchors`]) and
//! a penalty for figures only one side has.
//!
//! The ratio of Russian to English characters is measured on the document
//! pair itself rather than fixed, because it depends on the translator and
//! the genre (Russian runs roughly 10–20% longer than English in news).

use crate::anchors::{AnchorScorer, Features};
use pressroom_model::Lang;
use serde::{Deserialize, Serialize};

/// One bead of an alignment: English sentences `en` correspond to Russian
/// sentences `ru` (either may be empty for a sentence with no counterpart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignedPair {
    pub en: Vec<usize>,
    pub ru: Vec<usize>,
    /// Confidence in `[0, 1]`.
    pub score: f32,
}

/// Variance of the length difference per character (Gale & Church's s²).
const LENGTH_VARIANCE: f64 = 6.8;

/// Bead shapes and their prior probabilities (Gale & Church's table, with
/// the 2–2 mass they observed).
const BEADS: [((usize, usize), f64); 6] = [
    ((1, 1), 0.89),
    ((1, 0), 0.0099 / 2.0),
    ((0, 1), 0.0099 / 2.0),
    ((2, 1), 0.089 / 2.0),
    ((1, 2), 0.089 / 2.0),
    ((2, 2), 0.011),
];

/// Cost removed for a bead whose anchors all match (in nats, the unit of the
/// length cost). Large enough that a sentence full of shared figures and
/// names beats a slightly better length fit, small enough that one shared
/// word cannot outweigh a grossly wrong length.
const ANCHOR_BONUS: f64 = 4.0;
/// Cost added per figure present on one side of a bead only.
const NUMBER_MISMATCH: f64 = 1.0;

/// Standard normal cumulative distribution, via Abramowitz–Stegun 7.1.26
/// (error below 1.5e-7, ample for a cost).
fn normal_cdf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs() / std::f64::consts::SQRT_2);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-(x * x) / 2.0).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// Negative log probability that `en_len` and `ru_len` characters are
/// translations, given the expected ratio `c` of Russian to English.
fn length_cost(en_len: usize, ru_len: usize, c: f64) -> f64 {
    let (l1, l2) = (en_len as f64, ru_len as f64);
    let mean = (l1 + l2 / c) / 2.0;
    if mean <= 0.0 {
        return 0.0;
    }
    let delta = (l2 - l1 * c) / (mean * LENGTH_VARIANCE).sqrt();
    let p = 2.0 * (1.0 - normal_cdf(delta.abs()));
    -(p.max(1e-12)).ln()
}

/// The aligner, with the per-sentence features computed once.
pub(crate) struct Aligner<'a> {
    scorer: &'a AnchorScorer,
    en: Vec<Features>,
    ru: Vec<Features>,
    ratio: f64,
}

impl<'a> Aligner<'a> {
    pub(crate) fn new(scorer: &'a AnchorScorer, en: Vec<Features>, ru: Vec<Features>) -> Self {
        let en_chars: usize = en.iter().map(|f| f.chars).sum();
        let ru_chars: usize = ru.iter().map(|f| f.chars).sum();
        // A document pair with one side missing a section would skew the
        // ratio, so it is bounded by what translation plausibly does.
        let ratio = if en_chars == 0 || ru_chars == 0 {
            1.1
        } else {
            (ru_chars as f64 / en_chars as f64).clamp(0.7, 1.6)
        };
        Aligner {
            scorer,
            en,
            ru,
            ratio,
        }
    }

    fn bead_cost(&self, i: usize, j: usize, di: usize, dj: usize, prior: f64) -> f64 {
        let en: Vec<&Features> = self.en[i..i + di].iter().collect();
        let ru: Vec<&Features> = self.ru[j..j + dj].iter().collect();
        let (en, ru) = (Features::merged(&en), Features::merged(&ru));
        let mut cost = -prior.ln() + length_cost(en.chars, ru.chars, self.ratio);
        if di > 0 && dj > 0 {
            let m = self.scorer.compare(&en, &ru);
            cost -= ANCHOR_BONUS * f64::from(m.similarity());
            cost += NUMBER_MISMATCH * m.number_mismatch as f64;
            if en.quoted != ru.quoted {
                cost += 0.5;
            }
        }
        cost
    }

    /// Minimum-cost bead sequence over all sentences.
    pub(crate) fn align(&self) -> Vec<AlignedPair> {
        let (n, m) = (self.en.len(), self.ru.len());
        let mut cost = vec![vec![f64::INFINITY; m + 1]; n + 1];
        let mut back = vec![vec![(0usize, 0usize, 0.0f64); m + 1]; n + 1];
        cost[0][0] = 0.0;
        for i in 0..=n {
            for j in 0..=m {
                if i == 0 && j == 0 {
                    continue;
                }
                for &((di, dj), prior) in &BEADS {
                    if di > i || dj > j {
                        continue;
                    }
                    let prev = cost[i - di][j - dj];
                    if !prev.is_finite() {
                        continue;
                    }
                    let c = self.bead_cost(i - di, j - dj, di, dj, prior);
                    if prev + c < cost[i][j] {
                        cost[i][j] = prev + c;
                        back[i][j] = (di, dj, c);
                    }
                }
            }
        }
        let mut beads = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let (di, dj, c) = back[i][j];
            if di == 0 && dj == 0 {
                break;
            }
            beads.push(AlignedPair {
                en: (i - di..i).collect(),
                ru: (j - dj..j).collect(),
                // A perfect 1–1 bead costs about -ln(0.89) minus its bonus.
                score: (-c.max(0.0)).exp() as f32,
            });
            i -= di;
            j -= dj;
        }
        beads.reverse();
        beads
    }
}

/// Align English sentences `en` with Russian sentences `ru`.
pub fn align_sentences(en: &[String], ru: &[String], anchors: &AnchorScorer) -> Vec<AlignedPair> {
    let en_f = en.iter().map(|s| anchors.features(s, Lang::En)).collect();
    let ru_f = ru.iter().map(|s| anchors.features(s, Lang::Ru)).collect();
    Aligner::new(anchors, en_f, ru_f).align()
}

/// Align two documents given as paragraphs of sentences: paragraphs are
/// aligned first (same model, on whole paragraphs), then sentences inside
/// each paragraph bead. Indices in the result are positions in the
/// flattened sentence lists. Uses the paragraph boundaries of each side,
/// never a known pairing of paragraphs.
pub fn align_paragraphs(
    en: &[Vec<String>],
    ru: &[Vec<String>],
    anchors: &AnchorScorer,
) -> Vec<AlignedPair> {
    let para_en: Vec<Features> = en
        .iter()
        .map(|p| anchors.features(&p.join(" "), Lang::En))
        .collect();
    let para_ru: Vec<Features> = ru
        .iter()
        .map(|p| anchors.features(&p.join(" "), Lang::Ru))
        .collect();
    let offsets = |paras: &[Vec<String>]| {
        let mut acc = 0;
        paras
            .iter()
            .map(|p| {
                let o = acc;
                acc += p.len();
                o
            })
            .collect::<Vec<_>>()
    };
    let (off_en, off_ru) = (offsets(en), offsets(ru));
    let mut out = Vec::new();
    for bead in Aligner::new(anchors, para_en, para_ru).align() {
        let sents = |paras: &[Vec<String>], offs: &[usize], idx: &[usize]| {
            idx.iter()
                .flat_map(|&p| (0..paras[p].len()).map(move |k| (p, k)))
                .map(|(p, k)| (offs[p] + k, paras[p][k].clone()))
                .collect::<Vec<_>>()
        };
        let e = sents(en, &off_en, &bead.en);
        let r = sents(ru, &off_ru, &bead.ru);
        let e_text: Vec<String> = e.iter().map(|(_, s)| s.clone()).collect();
        let r_text: Vec<String> = r.iter().map(|(_, s)| s.clone()).collect();
        for inner in align_sentences(&e_text, &r_text, anchors) {
            out.push(AlignedPair {
                en: inner.en.iter().map(|&k| e[k].0).collect(),
                ru: inner.ru.iter().map(|&k| r[k].0).collect(),
                score: inner.score,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn cdf_is_a_cdf() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-6);
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-3);
        assert!(normal_cdf(-3.0) < 0.01);
    }

    #[test]
    fn one_to_one_with_a_merged_pair() {
        let en = v(&[
            "On 5 January 2022, police detained 10,000 protesters in Almaty.",
            "Tokayev ordered troops to fire without warning.",
            "The order was condemned.",
            "Many were beaten.",
            "Human rights groups called for an independent investigation into the deaths of 238 people.",
        ]);
        let ru = v(&[
            "5 января 2022 года полиция задержала 10 000 протестующих в Алматы.",
            "Токаев приказал войскам стрелять без предупреждения.",
            "Этот приказ был осуждён, многие были избиты.",
            "Правозащитные организации призвали провести независимое расследование гибели 238 человек.",
        ]);
        let beads = align_sentences(&en, &ru, &AnchorScorer::new());
        let links: Vec<(Vec<usize>, Vec<usize>)> =
            beads.iter().map(|b| (b.en.clone(), b.ru.clone())).collect();
        assert_eq!(
            links,
            vec![
                (vec![0], vec![0]),
                (vec![1], vec![1]),
                (vec![2, 3], vec![2]),
                (vec![4], vec![3]),
            ]
        );
        assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
    }

    #[test]
    fn empty_sides() {
        assert!(align_sentences(&[], &[], &AnchorScorer::new()).is_empty());
        let beads = align_sentences(&v(&["One."]), &[], &AnchorScorer::new());
        assert_eq!(beads.len(), 1);
        assert!(beads[0].ru.is_empty());
    }
}
