//! A nearly empty result on a page that marks its main content.
//!
//! The vote and the block filter are built for prose. A page whose content
//! is a list of links (an index of names, a job board, a table of products)
//! gives them nothing to vote for, and the result is a stray line ("From
//! Wikipedia, the free encyclopedia"). When that happens and the page marks
//! its main content (`<main>`, `role="main"`, a single `<article>`), that
//! content is the answer, minus chrome lines.

use super::blocks;
use super::boilerplate;
use super::generic::MainText;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use std::collections::HashSet;

/// A result shorter than this is nearly empty.
const NEARLY_EMPTY_CHARS: usize = 200;
/// The landmark must hold this many times the result's text to replace it.
const RESCUE_GAIN: usize = 3;

/// The landmark's text when the chosen text is nearly empty and the
/// landmark holds much more; `None` otherwise.
pub(super) fn landmark_text(
    doc: &Html,
    removed: &HashSet<NodeId>,
    chosen_chars: usize,
) -> Option<MainText> {
    if chosen_chars >= NEARLY_EMPTY_CHARS {
        return None;
    }
    let landmark = landmark(doc)?;
    let paragraphs: Vec<String> = blocks::collect_blocks(landmark, removed, true)
        .into_iter()
        .filter(|b| !boilerplate::is_boilerplate_line(&b.text))
        .map(|b| b.text)
        .collect();
    let chars: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
    (chars >= NEARLY_EMPTY_CHARS && chars >= chosen_chars * RESCUE_GAIN).then(|| MainText {
        paragraphs,
        date_lines: Vec::new(),
    })
}

/// The first `<main>` or `role="main"` element, else the page's only
/// `<article>`.
fn landmark(doc: &Html) -> Option<ElementRef<'_>> {
    let elements = || {
        doc.tree
            .root()
            .descendants()
            .filter(|n| matches!(n.value(), Node::Element(_)))
            .filter_map(ElementRef::wrap)
    };
    if let Some(main) =
        elements().find(|e| e.value().name() == "main" || e.value().attr("role") == Some("main"))
    {
        return Some(main);
    }
    let mut articles = elements().filter(|e| e.value().name() == "article");
    match (articles.next(), articles.next()) {
        (Some(a), None) => Some(a),
        _ => None,
    }
}
