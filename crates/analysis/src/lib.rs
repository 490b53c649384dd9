//! Text analysis for English and Russian, as small composable steps.
//!
//! Each module is one step that can be used and tested alone; the parser, the
//! index and the aligner compose them:
//!
//! ```text
//! normalize → sentences/paragraphs → lang (detect) → key (fold → stop → lemma → stem)
//!                                                 ↘ translit / lexicon (cross-language)
//! ```
//!
//! [`key`] chains the word-key steps once; every stage keys words through it.

pub mod eval;
pub mod fold;
pub mod glossary;
pub mod key;
pub mod lang;
pub mod lemma;
pub mod lexicon;
pub mod normalize;
pub mod numbers;
pub mod sentences;
pub mod stem;
pub mod stop;
pub mod tokens;
pub mod translate;
pub mod translit;
