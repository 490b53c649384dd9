pub mod eval;
pub mod export;
pub mod fetch;
pub mod import;
pub mod index;
pub mod search;
pub mod show;
pub mod stats;
