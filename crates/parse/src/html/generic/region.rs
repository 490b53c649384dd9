//! The region around the vote's winner: templates split one article over
//! cousin containers, set its lead apart, or make a page of sections that
//! each vote alone; these steps widen the winner to the whole content.

use super::super::blocks::Block;
use super::super::tree::{Profile, TreeIndex, is_page_root, link_density};
use ego_tree::NodeId;
use scraper::{Html, Node};
use std::collections::HashSet;

/// Widening: at most this many levels up, each needing this much more
/// article-like text, and never into a region this link-heavy.
const WIDEN_LEVELS: usize = 3;
const WIDEN_GAIN: f64 = 1.1;
const WIDEN_MAX_LINK_DENSITY: f64 = 0.3;
/// Link density above which the text a wider container adds is not more of
/// the article: teaser cards' linked headlines exceed it, while prose with
/// inline links, product specs and forum posts under linked user names
/// stay below it.
const WIDEN_MAX_ADDED_LINK_DENSITY: f64 = 0.3;

/// Climb from the winner while the parent holds markedly more article-like
/// text without turning link-heavy: templates interrupt one article with
/// pull-quotes, ads or figures, splitting it over cousin containers that the
/// vote alone credits separately.
pub(super) fn widen(doc: &Html, mut best: NodeId, tree: &TreeIndex) -> NodeId {
    let Profile {
        mut good,
        mut chars,
        mut links,
        ..
    } = tree.profile(best);
    let mut node = best;
    let mut node_chars = chars;
    let mut levels = 0;
    while levels < WIDEN_LEVELS {
        let Some(parent) = doc.tree.get(node).and_then(|n| n.parent()) else {
            break;
        };
        if is_page_root(parent) {
            break;
        }
        let Profile {
            good: pgood,
            chars: pchars,
            links: plinks,
            ..
        } = tree.profile(parent.id());
        if pchars == node_chars {
            // A wrapper adding no text: step through it without spending a
            // level (the article split over `section > div > div` cousins).
            node = parent.id();
            continue;
        }
        levels += 1;
        node = parent.id();
        node_chars = pchars;
        // The text joined must itself read like the article: teaser cards
        // (a linked headline over a summary) add article-like summaries,
        // but their headlines make the added text link-heavy.
        let added_ld = link_density(plinks - links, pchars - chars);
        if (pgood as f64) < good as f64 * WIDEN_GAIN
            || link_density(plinks, pchars) > WIDEN_MAX_LINK_DENSITY
            || added_ld > WIDEN_MAX_ADDED_LINK_DENSITY
        {
            break;
        }
        best = parent.id();
        (good, chars, links) = (pgood, pchars, plinks);
    }
    best
}

/// The chosen region holding less than this share of the page's
/// article-like text is a part of the content, not all of it.
const COVER_TRIGGER: f64 = 0.4;
/// The ancestor taken instead must hold at least this share of it…
const COVER_TARGET: f64 = 0.7;
/// …without being this link-heavy.
const COVER_MAX_LINK_DENSITY: f64 = 0.4;

/// The nearest ancestor of the region holding most of the page's
/// article-like text, when the region holds little of it. The vote
/// favours one container with long paragraphs; on a page built of many
/// small units (the posts of a thread, the sections of a service page, the
/// blocks of a product page) each unit is a weak candidate of its own and
/// the winner is one of them, while the page's article-like text lies
/// spread over their common ancestor. An article's container, by contrast,
/// holds most of its page's prose, so this leaves articles alone.
pub(super) fn cover(
    doc: &Html,
    best: NodeId,
    region: &HashSet<NodeId>,
    tree: &TreeIndex,
) -> Option<NodeId> {
    let page = tree.profile(doc.tree.root().id());
    let Profile { good, chars, .. } = tree.profile_of(region);
    if good as f64 >= page.good as f64 * COVER_TRIGGER {
        return None;
    }
    for anc in doc.tree.get(best)?.ancestors() {
        if is_page_root(anc) {
            return None;
        }
        let a = tree.profile(anc.id());
        if a.chars == chars {
            continue;
        }
        if link_density(a.links, a.chars) > COVER_MAX_LINK_DENSITY {
            return None;
        }
        if a.good as f64 >= page.good as f64 * COVER_TARGET {
            return Some(anc.id());
        }
    }
    None
}

/// The share of what `<main>` adds that must come before the region: the
/// sections of a landing page stand on both sides of the best one, while
/// what only follows the region is an article's trailer.
const MAIN_MIN_LEADING_SHARE: f64 = 0.1;

/// The page's `<main>` landmark around the chosen region, when the text it
/// adds reads like more of the same: a landing or service page is a run of
/// sections, each a candidate of its own, which the page itself marks as
/// one main content. Teaser lists and comment threads inside `<main>` keep
/// it out, by their links or by their chrome classes (skipped before), and
/// so does text that nearly all comes after the region: blog teasers with
/// summaries, references, a sign-up pitch. (When a landing page's first
/// section wins, the others usually join it before this step, as its
/// siblings or through [`cover`].)
pub(super) fn main_landmark(
    doc: &Html,
    best: NodeId,
    region: &HashSet<NodeId>,
    tree: &TreeIndex,
) -> Option<NodeId> {
    let main = doc.tree.get(best)?.ancestors().find(|a| {
        a.value()
            .as_element()
            .is_some_and(|e| e.name() == "main" || e.attr("role") == Some("main"))
    })?;
    let Profile {
        good, chars, links, ..
    } = tree.profile_of(region);
    let m = tree.profile(main.id());
    let added_ld = link_density(m.links.saturating_sub(links), m.chars.saturating_sub(chars));
    let added = m.good.saturating_sub(good);
    let trails_the_region = (leading_good(doc, best, region, main.id(), tree) as f64)
        < added as f64 * MAIN_MIN_LEADING_SHARE;
    ((m.good as f64) >= good as f64 * WIDEN_GAIN
        && link_density(m.links, m.chars) <= WIDEN_MAX_LINK_DENSITY
        && added_ld <= WIDEN_MAX_ADDED_LINK_DENSITY
        && !trails_the_region)
        .then(|| main.id())
}

/// The article-like text inside `outer` that comes before the region: the
/// earlier siblings of the region's members and of each ancestor up to
/// `outer`.
fn leading_good(
    doc: &Html,
    best: NodeId,
    region: &HashSet<NodeId>,
    outer: NodeId,
    tree: &TreeIndex,
) -> usize {
    let Some(node) = doc.tree.get(best) else {
        return 0;
    };
    std::iter::once(node)
        .chain(node.ancestors())
        .take_while(|n| n.id() != outer)
        .flat_map(|n| n.prev_siblings())
        .filter(|s| !region.contains(&s.id()))
        .map(|s| tree.profile(s.id()).good)
        .sum()
}

/// The winner plus the paragraphs beside it and its lead. Templates set
/// a paragraph of the article beside its body's container (a standfirst,
/// a closing line after an embed) or its lead in the header a level above.
/// Sibling containers do not join for reading like the article: widening,
/// the look-alike siblings and the cover join a split article, and what a
/// sibling container adds beyond them is the publisher's (a notice, an
/// address).
pub(super) fn with_siblings(
    doc: &Html,
    best: NodeId,
    all: &[Block],
    tree: &TreeIndex,
) -> HashSet<NodeId> {
    let mut region = HashSet::from([best]);
    let Some(node) = doc.tree.get(best) else {
        return region;
    };
    let paragraphs: HashSet<NodeId> = node
        .parent()
        .into_iter()
        .flat_map(|parent| parent.children())
        .filter(|sib| sib.id() != best)
        .filter(|sib| sib.value().as_element().is_some_and(|e| e.name() == "p"))
        .map(|sib| sib.id())
        .collect();
    let prose: HashSet<NodeId> = all
        .iter()
        .filter(|b| paragraphs.contains(&b.owner))
        .filter(|b| b.chars() > 80 && b.link_density() < 0.25)
        .map(|b| b.owner)
        .collect();
    for sib in prose {
        // Text in another script beside the article is a translation of a
        // part (a petition, a quote) unless it is as long as the article
        // itself: the other half of a bilingual page.
        let p = tree.profile(sib);
        let side_translation =
            p.foreign * 2 > p.chars && p.chars * 5 < tree.profile(best).chars * 3;
        if !side_translation {
            region.insert(sib);
        }
    }
    // The lead: templates set it apart from the body, in the article's
    // header beside the body's container or a level above it.
    let mut node = Some(node);
    for _ in 0..LEAD_LEVELS {
        let Some(n) = node else { break };
        if let Some(lead) = lead_before(n, tree) {
            region.insert(lead);
            break;
        }
        node = n.parent().filter(|p| !is_page_root(*p));
    }
    region
}

/// How far up from the winner its lead is looked for.
const LEAD_LEVELS: usize = 2;
/// The least article-like text a lead holds, and its most link text.
const LEAD_MIN_CHARS: usize = 60;
const LEAD_MAX_LINK_DENSITY: f64 = 0.25;

/// The element just before `node` (the nearest earlier sibling holding
/// text) when it reads as the article's lead or standfirst: mostly
/// article-like text (a headline and a date line may stand beside it), few
/// links, in the page's script.
fn lead_before(node: ego_tree::NodeRef<'_, Node>, tree: &TreeIndex) -> Option<NodeId> {
    let sib = node
        .prev_siblings()
        .filter(|s| s.value().is_element())
        .find(|s| tree.profile(s.id()).chars > 0)?;
    let p = tree.profile(sib.id());
    (p.good >= LEAD_MIN_CHARS
        && p.good * 2 >= p.chars
        && link_density(p.links, p.chars) <= LEAD_MAX_LINK_DENSITY
        && p.foreign * 2 <= p.chars)
        .then(|| sib.id())
}
