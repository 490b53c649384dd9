//! From a request to a tantivy query: the query language ([`parse`]), the
//! planner that turns its groups into weighted alternatives and picks the
//! query shape ([`planner`]), the alternatives themselves (`clause`), the
//! custom top-k queries (`groups`, `mixed`, on `topk`'s walk) and the
//! capped match count (`count`).

pub(crate) mod clause;
pub(crate) mod count;
pub(crate) mod dense;
pub(crate) mod groups;
pub(crate) mod mixed;
mod parse;
pub(crate) mod planner;
pub(crate) mod topk;

pub use parse::{Atom, ParsedQuery, parse_query};
