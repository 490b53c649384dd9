//! Main content made of repeated siblings: the posts of a forum thread, the
//! answers under a question, the sections of a service page, the items of a
//! listing. The vote picks the single best container, which on such pages
//! is one post or one section; its look-alike siblings (same tag, same
//! class words) that also hold article-like text are the rest of it.

use super::class_words::class_tokens;
use super::tree::{TreeIndex, is_page_root, link_density};
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

/// How many levels above the winner to look for the repeated element: the
/// winner is often a post's text, inside its body, inside the post.
const REPEAT_LEVELS: usize = 4;
/// The look-alikes together must add at least this share of the winner's
/// article-like text, and stay as far from link-heavy as widening does.
const MIN_ADDED_SHARE: f64 = 0.25;
const MAX_LINK_DENSITY: f64 = 0.3;

/// The winner's repeated ancestor (or itself) and its look-alike siblings,
/// when they add article-like text; `None` when nothing repeats.
pub(super) fn repeated_region(
    doc: &Html,
    best: NodeId,
    tree: &TreeIndex,
) -> Option<(NodeId, Vec<NodeId>)> {
    let own = tree.profile(best).good;
    let mut node = doc.tree.get(best)?;
    for _ in 0..REPEAT_LEVELS {
        let parent = node.parent()?;
        if is_page_root(parent) {
            return None;
        }
        let sig = signature(node)?;
        let same: Vec<NodeId> = parent
            .children()
            .filter(|c| signature(*c).as_ref() == Some(&sig))
            .map(|c| c.id())
            .collect();
        if same.len() >= 2 {
            let (mut good, mut chars, mut links) = (0, 0, 0);
            let mut node_good = 0;
            for &id in &same {
                let p = tree.profile(id);
                good += p.good;
                chars += p.chars;
                links += p.links;
                if id == node.id() {
                    node_good = p.good;
                }
            }
            let added = good - node_good;
            if added as f64 >= own as f64 * MIN_ADDED_SHARE
                && link_density(links, chars) <= MAX_LINK_DENSITY
            {
                return Some((node.id(), same));
            }
        }
        node = parent;
    }
    None
}

/// Tag and class words, numbers left out (`post post-17`): what makes
/// siblings copies of one template. Elements without a class are too
/// common (`div`, `p`) to say anything.
fn signature(n: NodeRef<'_, Node>) -> Option<(String, Vec<String>)> {
    let el = n.value().as_element()?;
    let mut words: Vec<String> = class_tokens(el)
        .into_iter()
        .flatten()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    if words.is_empty() {
        return None;
    }
    words.sort();
    words.dedup();
    Some((el.name().to_string(), words))
}
