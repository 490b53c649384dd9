//! Main-text detection for pages without a matching source rule.
//!
//! Readability's insight, kept here: article paragraphs are long, hold
//! commas and few links, and sit together under one container, while chrome
//! is short, link-heavy and scattered. Each paragraph-like block credits its
//! score to its owner and, decreasingly, to the owner's ancestors; the best
//! container (penalised by its link density) is the article. Templates often
//! split one article over adjacent `div`s (lead, body, a pull-quote): the
//! winner grows to their parent, takes in its look-alike siblings, its lead
//! and the paragraphs beside it.
//!
//! Inside the chosen region, blocks are then filtered one by one: link lists
//! and one-word chrome lines are dropped. List items are judged like any
//! other block: on listing, product and forum pages the short linked items
//! are the content.
//!
//! The steps, one module each: [`vote`] (blocks score their containers;
//! the best one wins), [`region`] (the winner grows to cover the whole
//! content: wider ancestors, look-alikes, the lead, `<main>`), [`filter`]
//! (inside the region, block by block: link lists, chrome lines, the
//! trailer, date lines).

mod filter;
mod region;
mod vote;

use super::blocks::{self, Block};
use super::tree::TreeIndex;
use super::{repeated, rescue};
use ego_tree::NodeId;
use filter::filter_blocks;
use region::{cover, main_landmark, widen, with_siblings};
use scraper::{ElementRef, Html};
use std::collections::HashSet;
use vote::{best_candidate, drop_after_page_footer, page_script, vote};

pub(super) use vote::{block_score, is_foreign};

/// How many chrome words may be read as layout, one per walk of the page.
const LAYOUT_PASSES: usize = 3;

/// The article's paragraphs, and the date lines cut from around them (still
/// a source for the publication date).
#[derive(Debug, Default)]
pub(crate) struct MainText {
    pub paragraphs: Vec<String>,
    pub date_lines: Vec<String>,
}

/// `declared_lang`: the language tag the page declares, which names the
/// script its article is written in.
pub(crate) fn main_text(
    doc: &Html,
    removed: &HashSet<NodeId>,
    declared_lang: Option<&str>,
) -> MainText {
    let chosen = choose_text(doc, removed, declared_lang);
    let chars = chosen.paragraphs.iter().map(|p| p.chars().count()).sum();
    rescue::landmark_text(doc, removed, chars).unwrap_or(chosen)
}

fn choose_text(doc: &Html, removed: &HashSet<NodeId>, declared_lang: Option<&str>) -> MainText {
    let root = doc.root_element();
    let mut layout: HashSet<&str> = HashSet::new();
    let (mut all, mut skipped) = blocks::collect_blocks_measured(root, removed, &layout);
    // A chrome word hiding more text than everything kept is the page's
    // layout (Blogger's `widget Blog` round the post and its comments, a
    // page builder's `elementor-widget` round each section): it marks
    // nothing on this page, while the others (comments, share bars) still
    // do. The word hiding the most goes first; ties go to the word first
    // in the alphabet, so a page extracts the same way every time.
    for _ in 0..LAYOUT_PASSES {
        let collected = all.iter().map(Block::chars).sum::<usize>();
        if skipped.total() <= collected {
            break;
        }
        let by_word = skipped.by_layout_word(doc);
        let Some((&word, _)) = by_word
            .iter()
            .filter(|&(word, &chars)| chars > collected && !layout.contains(word))
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        else {
            break;
        };
        layout.insert(word);
        (all, skipped) = blocks::collect_blocks_measured(root, removed, &layout);
    }
    let largest_skipped = skipped.largest();
    let collected = all.iter().map(Block::chars).sum::<usize>();
    // Chrome skipping can still eat short or oddly-classed pages entirely,
    // or skip a wrapper marked by comment or menu words that holds more
    // text than everything kept: then choose the article among all blocks.
    let lenient = collected < 200 || largest_skipped > collected;
    if lenient {
        all = blocks::collect_blocks(root, removed, false);
    }
    if all.is_empty() {
        return MainText::default();
    }

    let script = page_script(&all, declared_lang);
    let tree = TreeIndex::new(doc, &all, script);
    let mut scores = vote(doc, &all, script);
    drop_after_page_footer(doc, &all, &tree, &mut scores);
    let Some(best) = best_candidate(doc, &scores) else {
        return filter_blocks(doc, &all, &HashSet::new(), &tree);
    };
    let winner = widen(doc, best, &tree);
    let region = with_siblings(doc, winner, &all, &tree);
    // Look-alike siblings of an ancestor (the thread's other posts) replace
    // the winner's own siblings when they hold more of the page's text.
    let (best, region) = match repeated::repeated_region(doc, winner, &tree) {
        Some((node, same)) if tree.profile_of(&same).good > tree.profile_of(&region).good => {
            (node, same.into_iter().collect())
        }
        _ => (winner, region),
    };
    let (best, region) = match cover(doc, best, &region, &tree) {
        Some(a) => (a, HashSet::from([a])),
        None => (best, region),
    };
    // A thread's opening post, set apart from its replies, joins them.
    let region = match main_landmark(doc, best, &region, &tree) {
        Some(main) => HashSet::from([main]),
        None => {
            let mut region = region;
            region.extend(repeated::opening_posts(doc, winner, &region, &tree));
            region
        }
    };
    if lenient {
        // Chrome marks around the chosen region were layout; inside it they
        // still mean chrome (comments, share bars, author boxes).
        let strict = strict_region_blocks(doc, &region, removed, &tree);
        if strict.iter().map(Block::chars).sum::<usize>() >= 200 {
            return filter_blocks(doc, &strict, &HashSet::new(), &tree);
        }
    }
    filter_blocks(doc, &all, &region, &tree)
}

/// Blocks of the region's elements, in document order, collected with chrome
/// skipping.
fn strict_region_blocks(
    doc: &Html,
    region: &HashSet<NodeId>,
    removed: &HashSet<NodeId>,
    tree: &TreeIndex,
) -> Vec<Block> {
    let mut members: Vec<NodeId> = region.iter().copied().collect();
    members.sort_by_key(|&id| tree.position(id));
    members
        .into_iter()
        .filter_map(|id| doc.tree.get(id))
        .filter_map(ElementRef::wrap)
        .flat_map(|el| blocks::collect_blocks(el, removed, true))
        .collect()
}
