//! Main content made of repeated siblings: the posts of a forum thread, the
//! answers under a question, the sections of a service page, the items of a
//! listing. The vote picks the single best container, which on such pages
//! is one post or one section; its look-alike siblings (same tag, same
//! class words) that also hold article-like text are the rest of it, and
//! so is an opening post set apart before them on the same template.

use super::class_words::class_tokens;
use super::tree::{TreeIndex, is_page_root, link_density};
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};
use std::collections::{HashMap, HashSet};

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

/// An element's tag and sorted class words.
type Signature = (String, Vec<String>);

/// Tag and class words, numbers left out (`post post-17`): what makes
/// siblings copies of one template. Elements without a class are too
/// common (`div`, `p`) to say anything.
fn signature(n: NodeRef<'_, Node>) -> Option<Signature> {
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

/// How many levels above the region to look for a thread's opening post.
const OPENING_LEVELS: usize = 3;

/// The opening post of a thread whose replies make the region. Forums and
/// Q&A sites set it apart from the replies (`#question` beside `#answers`,
/// the first post outside the replies' list), so the look-alike siblings
/// never reach it, but it is built on the same template: the winner's
/// nearest element (itself or an ancestor) that repeats inside the region.
/// Elements of that template before the region, within a few levels of it,
/// that hold article-like text are the opening post; the first section of a
/// page of repeated sections is found the same way.
pub(super) fn opening_posts(
    doc: &Html,
    winner: NodeId,
    region: &HashSet<NodeId>,
    tree: &TreeIndex,
) -> Vec<NodeId> {
    let members: Vec<NodeRef<'_, Node>> = region.iter().filter_map(|&r| doc.tree.get(r)).collect();
    let Some(first) = members
        .iter()
        .copied()
        .min_by_key(|m| tree.position(m.id()))
    else {
        return Vec::new();
    };
    let Some(winner) = doc.tree.get(winner) else {
        return Vec::new();
    };
    let up_to_region: Vec<Signature> = std::iter::once(winner)
        .chain(winner.ancestors())
        .take_while(|n| members.iter().any(|m| tree.is_within(n.id(), m.id())))
        .filter_map(signature)
        .collect();
    // Each template on the way up, by its nearest place. An element can
    // only match one whose tag it has and whose longest word its names
    // hold, so the names of the rest are never split into words. Lookups,
    // not scans: a hostile page nests deep.
    let mut place: HashMap<&Signature, usize> = HashMap::new();
    for (i, sig) in up_to_region.iter().enumerate() {
        place.entry(sig).or_insert(i);
    }
    let keys: Vec<(&str, &str)> = up_to_region.iter().filter_map(template_key).collect();
    let mut copies = vec![0usize; up_to_region.len()];
    for n in members.iter().flat_map(|m| m.descendants()) {
        if may_match(n, &keys)
            && let Some(&i) = signature(n).as_ref().and_then(|s| place.get(s))
        {
            copies[i] += 1;
        }
    }
    let Some(template) = up_to_region
        .iter()
        .zip(&copies)
        .find_map(|(sig, &c)| (c >= 2).then_some(sig))
    else {
        return Vec::new();
    };
    let key: Vec<(&str, &str)> = template_key(template).into_iter().collect();
    let mut posts: Vec<NodeId> = Vec::new();
    let mut node = first;
    // Every level is searched: an accepted answer set apart just before
    // the others does not hide the question a level up. Each level's
    // earlier siblings lie outside the levels below, so posts found at
    // different levels never nest.
    for _ in 0..OPENING_LEVELS {
        let level_start = posts.len();
        // In document order, so a post comes before any copy of the
        // template nested in it (a quote), which it already holds: the
        // region's members never nest.
        let earlier = node.prev_siblings().collect::<Vec<_>>();
        for n in earlier.into_iter().rev().flat_map(|s| s.descendants()) {
            // Posts are added in document order and never nest, so only
            // the last one can hold this element.
            if !may_match(n, &key)
                || signature(n).as_ref() != Some(template)
                || posts[level_start..]
                    .last()
                    .is_some_and(|&p| tree.is_within(n.id(), p))
            {
                continue;
            }
            let p = tree.profile(n.id());
            if p.good > 0 && link_density(p.links, p.chars) <= MAX_LINK_DENSITY {
                posts.push(n.id());
            }
        }
        match node.parent() {
            Some(parent) if !is_page_root(parent) => node = parent,
            _ => break,
        }
    }
    posts
}

/// A template's tag and its longest word: what an element's tag and names
/// must hold for it to be built on the template.
fn template_key(sig: &Signature) -> Option<(&str, &str)> {
    let word = sig.1.iter().max_by_key(|w| w.len())?;
    Some((sig.0.as_str(), word.as_str()))
}

/// Whether an element may be built on one of the templates `keys` names:
/// its tag is the template's and its class or id holds the template's
/// longest word (the words are its names lower-cased and split, so they
/// are in them whatever their case).
fn may_match(n: NodeRef<'_, Node>, keys: &[(&str, &str)]) -> bool {
    let Some(el) = n.value().as_element() else {
        return false;
    };
    let holds = |value: Option<&str>, word: &str| {
        value.is_some_and(|v| {
            v.as_bytes()
                .windows(word.len())
                .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
        })
    };
    keys.iter().any(|&(tag, word)| {
        el.name() == tag && (holds(el.attr("class"), word) || holds(el.attr("id"), word))
    })
}
