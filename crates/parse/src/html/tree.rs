//! Subtree totals of the page's text blocks, indexed once so that questions
//! about the tree cost no more than a lookup.

use super::blocks::Block;
use super::generic::{block_score, is_foreign};
use super::script::Script;
use ego_tree::NodeId;
use scraper::Html;
use std::collections::HashMap;

/// Where each node sits in document order and what text lies under it,
/// computed in one pass over the tree: ancestry tests and subtree totals are
/// then constant-time, so no question about the tree costs its depth (a
/// hostile page nests 100,000 elements).
pub(super) struct TreeIndex {
    /// Preorder position of each node and of the last node of its subtree.
    spans: HashMap<NodeId, (usize, usize)>,
    /// Text totals of the blocks owned by each node's subtree.
    profiles: HashMap<NodeId, Profile>,
}

/// Characters of article-like text (voting, not link-heavy blocks in the
/// page's own script), of all text, of link text, and of text in another
/// script than the page's.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Profile {
    pub good: usize,
    pub chars: usize,
    pub links: usize,
    pub foreign: usize,
}

impl TreeIndex {
    pub(super) fn new(doc: &Html, all: &[Block], script: Option<Script>) -> Self {
        let mut order: Vec<NodeId> = Vec::new();
        let mut spans = HashMap::new();
        let mut open: Vec<(NodeId, usize)> = Vec::new();
        for edge in doc.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(n) => {
                    open.push((n.id(), order.len()));
                    order.push(n.id());
                }
                ego_tree::iter::Edge::Close(_) => {
                    if let Some((id, start)) = open.pop() {
                        spans.insert(id, (start, order.len() - 1));
                    }
                }
            }
        }
        let mut profiles: HashMap<NodeId, Profile> = HashMap::new();
        for b in all {
            let p = profiles.entry(b.owner).or_default();
            p.chars += b.chars();
            p.links += b.link_chars;
            if is_foreign(b, script) {
                p.foreign += b.chars();
            } else if block_score(b) > 0.0 && b.link_density() < 0.3 {
                p.good += b.chars();
            }
        }
        // Children come after their parent in preorder: adding each node's
        // totals to its parent in reverse order sums every subtree once.
        for &id in order.iter().rev() {
            let Some(own) = profiles.get(&id).copied() else {
                continue;
            };
            if let Some(parent) = doc.tree.get(id).and_then(|n| n.parent()) {
                let p = profiles.entry(parent.id()).or_default();
                p.good += own.good;
                p.chars += own.chars;
                p.links += own.links;
                p.foreign += own.foreign;
            }
        }
        TreeIndex { spans, profiles }
    }

    pub(super) fn is_within(&self, id: NodeId, ancestor: NodeId) -> bool {
        match (self.spans.get(&id), self.spans.get(&ancestor)) {
            (Some(&(i, _)), Some(&(start, end))) => start <= i && i <= end,
            _ => false,
        }
    }

    /// Whether `id` begins after the whole of `other`'s subtree, in
    /// document order.
    pub(super) fn follows(&self, id: NodeId, other: NodeId) -> bool {
        match (self.spans.get(&id), self.spans.get(&other)) {
            (Some(&(start, _)), Some(&(_, end))) => start > end,
            _ => false,
        }
    }

    /// The node's place in document order (preorder); nodes outside the
    /// tree sort last.
    pub(super) fn position(&self, id: NodeId) -> usize {
        self.spans.get(&id).map_or(usize::MAX, |&(start, _)| start)
    }

    pub(super) fn profile(&self, id: NodeId) -> Profile {
        self.profiles.get(&id).copied().unwrap_or_default()
    }

    /// The totals of several nodes' subtrees (the members of a region,
    /// which never nest), added up.
    pub(super) fn profile_of<'i>(&self, ids: impl IntoIterator<Item = &'i NodeId>) -> Profile {
        ids.into_iter()
            .map(|&id| self.profile(id))
            .fold(Profile::default(), |a, p| Profile {
                good: a.good + p.good,
                chars: a.chars + p.chars,
                links: a.links + p.links,
                foreign: a.foreign + p.foreign,
            })
    }
}

/// Whether a node lies above any content container: `<body>`, `<html>`,
/// or the document itself. Widening and the looks around the winner stop
/// there, since everything on the page is below it.
pub(super) fn is_page_root(n: ego_tree::NodeRef<'_, scraper::Node>) -> bool {
    n.value()
        .as_element()
        .is_none_or(|e| matches!(e.name(), "body" | "html"))
}

pub(super) fn link_density(links: usize, chars: usize) -> f64 {
    if chars == 0 {
        1.0
    } else {
        links as f64 / chars as f64
    }
}
