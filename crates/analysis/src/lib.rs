//! Text analysis for English and Russian, as small composable steps.
//!
//! Each module is one step that can be used and tested alone; the parser, the
//! index and the aligner compose them:
//!
//! ```text
//! normalize → sentences/paragraphs → lang (detect) → fold → stem
//!                                                 ↘ translit / lexicon (cross-language)
//! ```

pub mod eval;
pub mod fold;
pub mod glossary;
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
