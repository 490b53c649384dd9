//! Parallel texts: which documents translate (or report on) each other, and
//! which of their sentences correspond.
//!
//! No neural model is available offline, so everything here is built from
//! lexical signals that are cheap and explainable: figures, names across
//! scripts, dictionary words, lengths, dates, URLs and the links pages
//! declare. Each pairing carries its per-signal evidence so a reader can see
//! why two documents were paired, and every figure the crate claims is
//! measured on real parallel news by [`eval::evaluate_parallel`].

pub mod anchors;
pub mod docsim;
pub mod eval;
pub mod export;
pub mod kind;
pub mod kind_eval;
pub mod learn;
pub mod pairs;
pub mod records;
pub mod sentence;

pub use anchors::{AnchorMatch, AnchorScorer, Dictionary, Features};
pub use eval::{LearnedGain, ParallelReport, Prf, evaluate_parallel};
pub use export::{
    AlignedDocs, PairMeta, SentencePair, align_documents, sentence_pairs, write_jsonl, write_tmx,
    write_tmx_end, write_tmx_start, write_tmx_units, write_tsv,
};
pub use learn::{learn_from_store, learn_lexicon};
pub use pairs::{PairOptions, find_pairs, store_links};
pub use sentence::{AlignedPair, align_paragraphs, align_sentences};

#[derive(Debug, thiserror::Error)]
pub enum AlignError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {message}")]
    Format {
        path: String,
        line: usize,
        message: String,
    },
    #[error(transparent)]
    Store(#[from] pressroom_store::StoreError),
    #[error(transparent)]
    Search(#[from] pressroom_search::SearchError),
}
