//! Measuring parallel-text work on sentence-aligned parallel news.
//!
//! Input: JSON lines `{"id", "origlang", "en_paragraphs": [[sentence…]…],
//! "ru_paragraphs": same shape}`, where paragraph *i* / sentence *j* of one
//! side translates the same position of the other. Every article of every
//! line becomes a separate document, and three things are measured:
//!
//! - **pairs**: every English document is scored against every Russian one
//!   by [`docsim::similarity`] and a one-to-one assignment is made (best
//!   pair first). A predicted pair is correct when both came from the same
//!   line. One-to-one makes the measure symmetric: an English article paired
//!   wrongly also leaves a Russian article unpaired or paired wrongly.
//! - **mrr**: the first paragraph of each article, in either language, is
//!   sent as a query to a real search index holding all documents, narrowed
//!   to the other language, with cross-language translation on (the
//!   analysis crate's [`Translator`], as the index's query translator: glossary,
//!   general lexicon, transliterated names; figures match as they are). The reciprocal rank of the counterpart is averaged
//!   (0 when it is not found at all).
//! - **sentences**: the aligner is given each pair's *flattened* sentence
//!   lists (no paragraph pairing). A predicted bead with English sentences E
//!   and Russian sentences R yields the links E×R; a link (i, j) is correct
//!   when gold puts English sentence i and Russian sentence j at the same
//!   (paragraph, sentence) position. Precision is over predicted links,
//!   recall over gold links, micro-averaged over all documents. A
//!   paragraph-aware variant (paragraph boundaries of each side known,
//!   their pairing not) is reported beside it, and a re-segmented one
//!   (gold units re-split by the product's sentence segmenter, so that
//!   some beads become 2–1 or 1–2).

use crate::AlignError;
use crate::anchors::AnchorScorer;
use crate::docsim::{AnchorStats, DocProfile, assign_one_to_one, similarity};
use crate::export::align_documents;
use crate::kind_eval::{KindReport, evaluate_kinds};
use crate::learn::learn_lexicon;
use crate::records::ratio;
pub use crate::records::{MIN_PAIR_SCORE, ParallelRecord, Prf, load_records};
use crate::sentence::{AlignedPair, align_paragraphs, align_sentences};
use pressroom_analysis::sentences::sentences;
use pressroom_analysis::tokens::words;
use pressroom_analysis::translate::Translator;
use pressroom_model::{DocId, DocMeta, Document, Lang};
use pressroom_search::{SearchIndex, SearchRequest};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// What `pressroom eval parallel --json` prints. Fields marked `skip` are
/// shown in the text report only, to keep the JSON shape fixed.
#[derive(Debug, Clone, Serialize)]
pub struct ParallelReport {
    /// Documents loaded (two per line).
    pub documents: usize,
    pub pairs: Prf,
    pub mrr: f64,
    pub sentences: Prf,
    /// Sentence alignment when each side's paragraph boundaries are used.
    #[serde(skip)]
    pub sentences_paragraph_aware: Prf,
    /// Sentence alignment after re-splitting the gold units with the
    /// product's own segmenter (see [`resegmented_sentence_scores`]).
    #[serde(skip)]
    pub sentences_resegmented: Prf,
    /// How MRR was computed, for the text report.
    #[serde(skip)]
    pub mrr_method: &'static str,
    /// MRR with a lexicon learned from the other half of the pairs.
    #[serde(skip)]
    pub learned: LearnedGain,
    /// Link kinds (translation vs report) where gold kinds exist: the true
    /// article pairs, and adaptations and reports built from them
    /// ([`crate::kind_eval`]).
    pub kinds: KindReport,
}

impl std::fmt::Display for ParallelReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let prf = |p: &Prf| {
            format!(
                "precision {:.3}  recall {:.3}  F1 {:.3}",
                p.precision, p.recall, p.f1
            )
        };
        writeln!(f, "documents: {}", self.documents)?;
        writeln!(f, "document pairs:      {}", prf(&self.pairs))?;
        writeln!(
            f,
            "MRR (first paragraph as query): {:.3}  [{}]",
            self.mrr, self.mrr_method
        )?;
        writeln!(
            f,
            "MRR with a lexicon learned from the other half's pairs ({} word pairs): {:.3} (same queries without it: {:.3})",
            self.learned.learned_pairs, self.learned.mrr_with, self.learned.mrr_without
        )?;
        writeln!(
            f,
            "sentences (flattened lists):     {}",
            prf(&self.sentences)
        )?;
        writeln!(
            f,
            "sentences (paragraph-aware):     {}",
            prf(&self.sentences_paragraph_aware)
        )?;
        writeln!(
            f,
            "sentences (re-segmented):        {}",
            prf(&self.sentences_resegmented)
        )?;
        write!(f, "{}", self.kinds)
    }
}

fn flatten(paras: &[Vec<String>]) -> Vec<String> {
    paras.iter().flatten().cloned().collect()
}

/// Gold (paragraph, sentence) position of each flattened sentence.
fn positions(paras: &[Vec<String>]) -> Vec<(usize, usize)> {
    paras
        .iter()
        .enumerate()
        .flat_map(|(p, s)| (0..s.len()).map(move |k| (p, k)))
        .collect()
}

/// Correct, predicted and gold link counts of one aligned document.
fn score_links(rec: &ParallelRecord, beads: &[AlignedPair]) -> (usize, usize, usize) {
    let pos_en = positions(&rec.en_paragraphs);
    let pos_ru = positions(&rec.ru_paragraphs);
    let ru_at: HashSet<(usize, usize)> = pos_ru.iter().copied().collect();
    let gold = pos_en.iter().filter(|p| ru_at.contains(p)).count();
    let (mut correct, mut predicted) = (0, 0);
    for b in beads {
        for &i in &b.en {
            for &j in &b.ru {
                predicted += 1;
                if pos_en.get(i).is_some() && pos_en.get(i) == pos_ru.get(j) {
                    correct += 1;
                }
            }
        }
    }
    (correct, predicted, gold)
}

fn sentence_scores(
    records: &[ParallelRecord],
    scorer: &AnchorScorer,
    paragraph_aware: bool,
) -> Prf {
    let (mut c, mut p, mut g) = (0, 0, 0);
    for rec in records {
        let beads = if paragraph_aware {
            align_paragraphs(&rec.en_paragraphs, &rec.ru_paragraphs, scorer)
        } else {
            align_sentences(
                &flatten(&rec.en_paragraphs),
                &flatten(&rec.ru_paragraphs),
                scorer,
            )
        };
        let (ci, pi, gi) = score_links(rec, &beads);
        c += ci;
        p += pi;
        g += gi;
    }
    Prf::from_counts(c, p, g)
}

/// Sentence alignment when the gold units are first re-split by our own
/// sentence segmenter, as real documents would be: a gold unit may become
/// several sentences on one side only, so beads are no longer all 1–1.
/// Precision is over links between re-split sentences: (i, j) is correct
/// when both came from gold units at the same position. Recall is over
/// sentences: the share of re-split sentences (both sides) that got at least
/// one correct link. Counting recall over links instead would punish an
/// aligner for pairing the two halves of a unit split on both sides 1–1 and
/// 1–1, which is finer and just as right.
fn resegmented_sentence_scores(records: &[ParallelRecord], scorer: &AnchorScorer) -> Prf {
    let split = |paras: &[Vec<String>]| -> (Vec<String>, Vec<(usize, usize)>) {
        let mut texts = Vec::new();
        let mut units = Vec::new();
        for (pos, unit) in positions(paras).into_iter().zip(paras.iter().flatten()) {
            for s in sentences(unit) {
                texts.push(s.to_string());
                units.push(pos);
            }
        }
        (texts, units)
    };
    let (mut c, mut p, mut g, mut links_ok) = (0, 0, 0, 0);
    for rec in records {
        let (en, unit_en) = split(&rec.en_paragraphs);
        let (ru, unit_ru) = split(&rec.ru_paragraphs);
        let ru_units: HashSet<_> = unit_ru.iter().collect();
        let en_units: HashSet<_> = unit_en.iter().collect();
        // Sentences whose unit exists on the other side can be linked at all.
        g += unit_en.iter().filter(|u| ru_units.contains(u)).count()
            + unit_ru.iter().filter(|u| en_units.contains(u)).count();
        let (mut hit_en, mut hit_ru) = (HashSet::new(), HashSet::new());
        for b in align_sentences(&en, &ru, scorer) {
            for &i in &b.en {
                for &j in &b.ru {
                    p += 1;
                    if unit_en[i] == unit_ru[j] {
                        links_ok += 1;
                        hit_en.insert(i);
                        hit_ru.insert(j);
                    }
                }
            }
        }
        c += hit_en.len() + hit_ru.len();
    }
    // Precision over predicted links, recall over gold sentences.
    Prf::new(ratio(links_ok, p), ratio(c, g))
}

fn body(paras: &[Vec<String>]) -> String {
    paras
        .iter()
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Pair every English article with a Russian one; returns (en, ru) indices.
fn pair_documents(records: &[ParallelRecord], scorer: &AnchorScorer) -> Vec<(usize, usize, f32)> {
    let en: Vec<DocProfile> = records
        .iter()
        .map(|r| DocProfile::new(scorer, &body(&r.en_paragraphs), Lang::En))
        .collect();
    let ru: Vec<DocProfile> = records
        .iter()
        .map(|r| DocProfile::new(scorer, &body(&r.ru_paragraphs), Lang::Ru))
        .collect();
    let mut stats = AnchorStats::default();
    en.iter().chain(&ru).for_each(|p| stats.add(p));
    let mut scores = Vec::with_capacity(en.len() * ru.len());
    for (i, e) in en.iter().enumerate() {
        for (j, r) in ru.iter().enumerate() {
            let (s, _) = similarity(scorer, &stats, e, r);
            scores.push((i, j, s));
        }
    }
    assign_one_to_one(&scores, MIN_PAIR_SCORE)
}

fn eval_document(rec: &ParallelRecord, lang: Lang) -> Document {
    let paras = match lang {
        Lang::Ru => &rec.ru_paragraphs,
        _ => &rec.en_paragraphs,
    };
    let origin = format!("{}#{}", rec.id, lang.code());
    Document {
        id: DocId::derive(&origin, 0),
        source: "parallel-news".into(),
        origin,
        lang,
        title: String::new(),
        published: None,
        body: body(paras),
        meta: DocMeta::default(),
    }
}

/// A disjunction of the words of `text`, in the index's query language.
/// Words only: quotes and dashes in the text would be read as operators.
pub fn or_query(text: &str, max_words: usize) -> Option<String> {
    let mut seen = HashSet::new();
    let terms: Vec<String> = words(text)
        .into_iter()
        .map(|w| w.text)
        .filter(|w| w != "OR" && seen.insert(w.to_lowercase()))
        .take(max_words)
        .collect();
    (!terms.is_empty()).then(|| terms.join(" OR "))
}

/// Words of a first-paragraph query; a paragraph is rarely longer.
const QUERY_WORDS: usize = 80;

/// Reciprocal rank of each article's counterpart when its first paragraph is
/// the query, through a real on-disk index: two entries per record (English
/// query, Russian query), `None` for a side without paragraphs, `Some(0.0)`
/// when the counterpart is not found at all.
fn reciprocal_ranks(
    records: &[ParallelRecord],
    translator: Translator,
) -> Result<Vec<Option<f64>>, AlignError> {
    let dir = tempfile::tempdir().map_err(|source| AlignError::Io {
        path: "temporary directory".into(),
        source,
    })?;
    let store = pressroom_store::Store::open(&dir.path().join("store.sqlite"))?;
    let mut docs = Vec::new();
    for rec in records {
        let pair = (eval_document(rec, Lang::En), eval_document(rec, Lang::Ru));
        pressroom_store::upsert_document(store.conn(), &pair.0)?;
        pressroom_store::upsert_document(store.conn(), &pair.1)?;
        docs.push(pair);
    }
    let (index, _) = SearchIndex::rebuild(
        &dir.path().join("index"),
        store.conn(),
        50_000_000,
        |_, _| {},
    )?;
    let index = index.with_translator(Arc::new(translator));
    let mut ranks = Vec::with_capacity(records.len() * 2);
    for (rec, (en, ru)) in records.iter().zip(&docs) {
        for (paras, target, lang) in [
            (&rec.en_paragraphs, &ru.id, Lang::Ru),
            (&rec.ru_paragraphs, &en.id, Lang::En),
        ] {
            let Some(first) = paras.first() else {
                ranks.push(None);
                continue;
            };
            let Some(query) = or_query(&first.join(" "), QUERY_WORDS) else {
                ranks.push(Some(0.0));
                continue;
            };
            let req = SearchRequest {
                query: Some(query),
                lang: Some(lang),
                limit: docs.len(),
                cross_language: true,
                ..SearchRequest::default()
            };
            // A query of stop words only is refused by the index: no rank.
            let rank = index
                .search_all_ids(&req)
                .ok()
                .and_then(|ids| ids.iter().position(|id| id == target));
            ranks.push(Some(rank.map_or(0.0, |r| 1.0 / (r + 1) as f64)));
        }
    }
    Ok(ranks)
}

/// Mean reciprocal rank over the queries that were asked.
fn mean_rank(ranks: &[Option<f64>]) -> f64 {
    let asked: Vec<f64> = ranks.iter().filter_map(|r| *r).collect();
    if asked.is_empty() {
        0.0
    } else {
        asked.iter().sum::<f64>() / asked.len() as f64
    }
}

/// What the lexicon learned from the corpus adds to retrieval: MRR of each
/// half of the articles (even / odd lines) with a lexicon learned, as
/// `pressroom parallel` learns it (our own sentence alignment, then
/// [`learn_lexicon`]), from the *other* half's pairs only, against the same
/// queries without it.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct LearnedGain {
    pub mrr_without: f64,
    pub mrr_with: f64,
    /// Word pairs learned, summed over both halves.
    pub learned_pairs: usize,
}

fn learned_lexicon_gain(
    records: &[ParallelRecord],
    scorer: &AnchorScorer,
    baseline: &[Option<f64>],
) -> Result<LearnedGain, AlignError> {
    let mut with = vec![None; baseline.len()];
    let mut learned_pairs = 0;
    for half in 0..2 {
        let aligned: Vec<(String, String)> = records
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 != half)
            .flat_map(|(_, rec)| {
                let (en, ru) = (eval_document(rec, Lang::En), eval_document(rec, Lang::Ru));
                align_documents(&en, &ru, scorer)
                    .pairs
                    .into_iter()
                    .map(|p| (p.en, p.ru))
            })
            .collect();
        let lexicon = learn_lexicon(&aligned);
        learned_pairs += lexicon.len();
        let ranks = reciprocal_ranks(records, Translator::with_learned(lexicon))?;
        // Query q belongs to record q / 2.
        for (q, rank) in ranks.into_iter().enumerate() {
            if (q / 2) % 2 == half {
                with[q] = rank;
            }
        }
    }
    Ok(LearnedGain {
        mrr_without: mean_rank(baseline),
        mrr_with: mean_rank(&with),
        learned_pairs,
    })
}

/// Evaluate document pairing, first-paragraph retrieval and sentence
/// alignment on the file at `path` (see the module docs for the scoring).
pub fn evaluate_parallel(
    path: &Path,
    scorer: &AnchorScorer,
    translator: Translator,
) -> Result<ParallelReport, AlignError> {
    let records = load_records(path)?;
    let predicted = pair_documents(&records, scorer);
    let correct = predicted.iter().filter(|(e, r, _)| e == r).count();
    let ranks = reciprocal_ranks(&records, translator)?;
    Ok(ParallelReport {
        documents: records.len() * 2,
        pairs: Prf::from_counts(correct, predicted.len(), records.len()),
        mrr: mean_rank(&ranks),
        learned: learned_lexicon_gain(&records, scorer, &ranks)?,
        sentences: sentence_scores(&records, scorer, false),
        sentences_paragraph_aware: sentence_scores(&records, scorer, true),
        sentences_resegmented: resegmented_sentence_scores(&records, scorer),
        kinds: evaluate_kinds(&records, scorer),
        mrr_method: "search index with cross-language query translation (glossary, lexicon, transliteration)",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_scoring_counts_many_to_one_beads_per_link() {
        let rec = ParallelRecord {
            id: "x".into(),
            origlang: "en".into(),
            en_paragraphs: vec![vec!["a".into(), "b".into()], vec!["c".into()]],
            ru_paragraphs: vec![vec!["а".into(), "б".into()], vec!["в".into()]],
        };
        let beads = vec![
            AlignedPair {
                en: vec![0, 1],
                ru: vec![0],
                score: 1.0,
            },
            AlignedPair {
                en: vec![],
                ru: vec![1],
                score: 1.0,
            },
            AlignedPair {
                en: vec![2],
                ru: vec![2],
                score: 1.0,
            },
        ];
        // Links (0,0) ok, (1,0) wrong, (2,2) ok; gold has 3.
        assert_eq!(score_links(&rec, &beads), (2, 3, 3));
    }

    #[test]
    fn or_query_strips_operators() {
        assert_eq!(
            or_query("US \"failures\" - OR -x", 10).as_deref(),
            Some("US OR failures OR x")
        );
        assert_eq!(or_query("«»", 10), None);
    }
}
