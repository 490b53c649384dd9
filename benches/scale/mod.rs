//! Search at scale: the generated corpus, the shared query set and the
//! measurements every engine's bench reports in the same shape, so that
//! `scripts/bench/compare.py` can put them side by side.

pub mod corpus;
pub mod measure;
pub mod queries;
