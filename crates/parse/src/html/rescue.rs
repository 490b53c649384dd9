//! A short result on a page that holds far more content.
//!
//! The vote and the block filter are built for prose. A page whose content
//! is a list of links (an index of names, a job board, a table of products)
//! gives them nothing to vote for, and the result is a stray line ("From
//! Wikipedia, the free encyclopedia") or the one paragraph of prose above
//! the list ("Looking for remote roles?"). When that happens, the page's
//! main content (`<main>`, `role="main"`, a single `<article>`, else the
//! whole body) is the answer, minus chrome elements and lines. A page whose
//! every chosen line the filter dropped (a short results table, where only
//! the footer's copyright line was long enough to vote) still gives the
//! little text its landmark holds: no text is never the answer on a page
//! that has some.

use super::blocks;
use super::boilerplate;
use super::generic::MainText;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use std::collections::HashSet;

/// How many times the result's text the landmark must hold to replace it,
/// by the result's length: a paragraph or two (under 500 characters) gives
/// way to five times as much, a few paragraphs (under 1,000) only to ten
/// times as much (the introduction of an awards list, one section of a
/// service page), and a longer result stays. A short article beside a few
/// teasers keeps its own text.
const RESCUE_GAINS: [(usize, usize); 2] = [(500, 5), (1000, 10)];
/// A landmark with less text than this has nothing to offer a result that
/// holds some text; to an empty one, any text is the page's.
const MIN_LANDMARK_CHARS: usize = 200;

/// The landmark's text when the chosen text is short and the landmark
/// holds several times as much; `None` otherwise. Landmarks are tried from the
/// narrowest claim to the widest: a `<main>` left nearly empty by chrome
/// skipping (a script-filled shell) gives way to the body.
pub(super) fn landmark_text(
    doc: &Html,
    removed: &HashSet<NodeId>,
    chosen_chars: usize,
) -> Option<MainText> {
    let gain = RESCUE_GAINS
        .iter()
        .find(|&&(below, _)| chosen_chars < below)
        .map(|&(_, gain)| gain)?;
    landmarks(doc).into_iter().find_map(|landmark| {
        let paragraphs: Vec<String> = blocks::collect_blocks(landmark, removed, true)
            .into_iter()
            .filter(|b| !boilerplate::is_boilerplate_line(&b.text))
            .map(|b| b.text)
            .collect();
        let chars: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
        let enough = if chosen_chars == 0 {
            chars > 0
        } else {
            chars >= MIN_LANDMARK_CHARS && chars >= chosen_chars * gain
        };
        enough.then(|| MainText {
            paragraphs,
            date_lines: Vec::new(),
        })
    })
}

/// The first `<main>` or `role="main"` element, the page's only `<article>`,
/// and the `<body>`: a page that marks nothing still holds its content
/// somewhere, and its text with chrome skipped (the tags, roles and classes
/// of navigation, footers and banners) beats a stray line.
fn landmarks(doc: &Html) -> Vec<ElementRef<'_>> {
    let elements = || {
        doc.tree
            .root()
            .descendants()
            .filter(|n| matches!(n.value(), Node::Element(_)))
            .filter_map(ElementRef::wrap)
    };
    let mut out = Vec::new();
    if let Some(main) =
        elements().find(|e| e.value().name() == "main" || e.value().attr("role") == Some("main"))
    {
        out.push(main);
    }
    let mut articles = elements().filter(|e| e.value().name() == "article");
    if let (Some(a), None) = (articles.next(), articles.next()) {
        out.push(a);
    }
    out.extend(elements().find(|e| e.value().name() == "body"));
    out
}
