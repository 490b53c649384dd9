//! Main-text detection for pages without a matching source rule.
//!
//! Readability's insight, kept here: article paragraphs are long, hold
//! commas and few links, and sit together under one container, while chrome
//! is short, link-heavy and scattered. Each paragraph-like block credits its
//! score to its owner and, decreasingly, to the owner's ancestors; the best
//! container (penalised by its link density) is the article. Siblings of the
//! winner that carry article-like text join it, because templates often split
//! one article over adjacent `div`s (lead, body, a pull-quote).
//!
//! Inside the chosen region, blocks are then filtered one by one: link lists
//! and one-word chrome lines are dropped. List items are judged like any
//! other block: on listing, product and forum pages the short linked items
//! are the content.

use super::blocks::{self, Block};
use super::script::{Script, dominant_script, script_of_lang};
use super::tree::{Profile, TreeIndex, link_density};
use super::{boilerplate, class_words, repeated, rescue};
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use std::collections::{HashMap, HashSet};

/// Blocks shorter than this do not vote for a container: captions, labels and
/// menu items would otherwise drag the choice towards chrome.
const MIN_VOTING_CHARS: usize = 25;
/// How many chrome words may be read as layout, one per walk of the page.
const LAYOUT_PASSES: usize = 3;
/// How many ancestor levels receive a block's score.
const VOTE_LEVELS: usize = 4;
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

/// The article's paragraphs, and the date lines cut from around them (still
/// a source for the publication date).
#[derive(Debug, Default)]
pub(crate) struct MainText {
    pub paragraphs: Vec<String>,
    pub date_lines: Vec<String>,
}

pub(crate) fn main_text(doc: &Html, removed: &HashSet<NodeId>) -> MainText {
    let chosen = choose_text(doc, removed);
    let chars = chosen.paragraphs.iter().map(|p| p.chars().count()).sum();
    rescue::landmark_text(doc, removed, chars).unwrap_or(chosen)
}

fn choose_text(doc: &Html, removed: &HashSet<NodeId>) -> MainText {
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

    let script = page_script(doc, &all);
    let tree = TreeIndex::new(doc, &all, script);
    let scores = vote(doc, &all, script);
    let Some(best) = best_candidate(doc, &scores) else {
        return filter_blocks(doc, &all, &HashSet::new(), &tree);
    };
    let best = widen(doc, best, &tree);
    let region = with_siblings(doc, best, &scores, &all, &tree);
    // Look-alike siblings of an ancestor (the thread's other posts) replace
    // the winner's own siblings when they hold more of the page's text.
    let good = |r: &HashSet<NodeId>| r.iter().map(|&id| tree.profile(id).good).sum::<usize>();
    let (best, region) = match repeated::repeated_region(doc, best, &tree) {
        Some((node, same)) if good(&same.iter().copied().collect()) > good(&region) => {
            (node, same.into_iter().collect())
        }
        _ => (best, region),
    };
    let (best, region) = match cover(doc, best, &region, &tree) {
        Some(a) => (a, HashSet::from([a])),
        None => (best, region),
    };
    let landmark = main_landmark(doc, best, &region, &tree);
    let (best, region) = match landmark {
        Some(main) => (main, HashSet::from([main])),
        None => (best, region),
    };
    if lenient {
        // Chrome marks around the chosen region were layout; inside it they
        // still mean chrome (comments, share bars, author boxes).
        let strict = strict_region_blocks(doc, best, &region, removed);
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
    best: NodeId,
    region: &HashSet<NodeId>,
    removed: &HashSet<NodeId>,
) -> Vec<Block> {
    let Some(node) = doc.tree.get(best) else {
        return Vec::new();
    };
    let members: Vec<ego_tree::NodeRef<'_, Node>> = match node.parent() {
        Some(p) => p.children().filter(|c| region.contains(&c.id())).collect(),
        None => vec![node],
    };
    members
        .into_iter()
        .filter_map(ElementRef::wrap)
        .flat_map(|el| blocks::collect_blocks(el, removed, true))
        .collect()
}

pub(super) fn block_score(b: &Block) -> f64 {
    let n = b.chars();
    if n < MIN_VOTING_CHARS || b.heading {
        return 0.0;
    }
    let commas = b.text.matches([',', '،', '、', '，']).count() as f64;
    let base = 1.0 + commas.min(10.0) + (n as f64 / 100.0).min(3.0);
    base * (1.0 - b.link_density()).max(0.0) * if b.list_item { 0.5 } else { 1.0 }
}

/// A block in another script than the page's own votes with this weight: a
/// page's article is written in the page's language, while a translation of
/// a petition or a quote in the original language rides along beside it.
const FOREIGN_SCRIPT_WEIGHT: f64 = 0.25;

/// The page's own script: the one its declared language (`<html lang>`) is
/// written in when the page holds prose in it, else the script of the bulk
/// of its prose.
fn page_script(doc: &Html, all: &[Block]) -> Option<Script> {
    let mut prose: HashMap<Script, usize> = HashMap::new();
    for b in all.iter().filter(|b| block_score(b) > 0.0) {
        if let Some(s) = dominant_script(&b.text) {
            *prose.entry(s).or_default() += b.chars();
        }
    }
    let declared = doc
        .root_element()
        .attr("lang")
        .or_else(|| doc.root_element().attr("xml:lang"))
        .and_then(script_of_lang);
    // A declaration the page's prose does not bear out (a template's
    // default `lang="en"` on a page written in German is still Latin, but
    // one on a Russian page is not) gives way to the prose.
    let total: usize = prose.values().sum();
    match declared {
        Some(s) if prose.get(&s).copied().unwrap_or(0) * 4 >= total => Some(s),
        _ => prose.into_iter().max_by_key(|&(_, n)| n).map(|(s, _)| s),
    }
}

pub(super) fn is_foreign(b: &Block, script: Option<Script>) -> bool {
    script.is_some_and(|p| dominant_script(&b.text).is_some_and(|s| s != p))
}

/// Accumulated votes per element.
fn vote(doc: &Html, all: &[Block], script: Option<Script>) -> HashMap<NodeId, f64> {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for b in all {
        let weight = if is_foreign(b, script) {
            FOREIGN_SCRIPT_WEIGHT
        } else {
            1.0
        };
        let s = block_score(b) * weight;
        if s <= 0.0 {
            continue;
        }
        let Some(owner) = doc.tree.get(b.owner) else {
            continue;
        };
        // A paragraph's own element gets full credit; a `div` directly holding
        // text is itself a candidate, so credit starts there.
        let start = if is_paragraph_tag(owner) {
            owner.parent()
        } else {
            Some(owner)
        };
        let mut node = start;
        for level in 0..VOTE_LEVELS {
            let Some(n) = node else { break };
            if !n.value().is_element() {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            *scores.entry(n.id()).or_default() += s / divider;
            node = n.parent();
        }
    }
    scores
}

fn is_paragraph_tag(n: ego_tree::NodeRef<'_, Node>) -> bool {
    n.value().as_element().is_some_and(|e| {
        matches!(
            e.name(),
            "p" | "li"
                | "td"
                | "pre"
                | "blockquote"
                | "dd"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
        )
    })
}

fn best_candidate(doc: &Html, scores: &HashMap<NodeId, f64>) -> Option<NodeId> {
    // Ties (a post's text and a preview repeating it) go to the earlier
    // element: the scores come out of a hash map, whose order varies from
    // run to run.
    scores
        .iter()
        .filter_map(|(&id, &s)| {
            let el = ElementRef::wrap(doc.tree.get(id)?)?;
            let hint = class_words::class_hint(el) as f64;
            let tag_bonus = match el.value().name() {
                "article" | "main" => 0.1,
                _ => 0.0,
            };
            Some((id, s * (1.0 + 0.25 * hint + tag_bonus)))
        })
        .min_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)))
        .map(|(id, _)| id)
}

/// Climb from the winner while the parent holds markedly more article-like
/// text without turning link-heavy: templates interrupt one article with
/// pull-quotes, ads or figures, splitting it over cousin containers that the
/// vote alone credits separately.
fn widen(doc: &Html, mut best: NodeId, tree: &TreeIndex) -> NodeId {
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
        if parent
            .value()
            .as_element()
            .is_none_or(|e| matches!(e.name(), "body" | "html"))
        {
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
const COVER_TARGET: f64 = 0.6;
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
fn cover(doc: &Html, best: NodeId, region: &HashSet<NodeId>, tree: &TreeIndex) -> Option<NodeId> {
    let page = tree.profile(doc.tree.root().id());
    let (mut good, mut chars) = (0, 0);
    for &id in region {
        let p = tree.profile(id);
        (good, chars) = (good + p.good, chars + p.chars);
    }
    if good as f64 >= page.good as f64 * COVER_TRIGGER {
        return None;
    }
    for anc in doc.tree.get(best)?.ancestors() {
        if anc
            .value()
            .as_element()
            .is_none_or(|e| matches!(e.name(), "body" | "html"))
        {
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

/// The page's `<main>` landmark around the chosen region, when the text it
/// adds reads like more of the same: a landing or service page is a run of
/// sections, each a candidate of its own, which the page itself marks as
/// one main content. Teaser lists and comment threads inside `<main>` keep
/// it out, by their links or by their chrome classes (skipped before).
fn main_landmark(
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
    let (mut good, mut chars, mut links) = (0, 0, 0);
    for &id in region {
        let p = tree.profile(id);
        (good, chars, links) = (good + p.good, chars + p.chars, links + p.links);
    }
    let m = tree.profile(main.id());
    let added_ld = link_density(m.links.saturating_sub(links), m.chars.saturating_sub(chars));
    ((m.good as f64) >= good as f64 * WIDEN_GAIN
        && link_density(m.links, m.chars) <= WIDEN_MAX_LINK_DENSITY
        && added_ld <= WIDEN_MAX_ADDED_LINK_DENSITY)
        .then(|| main.id())
}

/// The winner plus siblings that look like more of the article.
fn with_siblings(
    doc: &Html,
    best: NodeId,
    scores: &HashMap<NodeId, f64>,
    all: &[Block],
    tree: &TreeIndex,
) -> HashSet<NodeId> {
    let mut region = HashSet::from([best]);
    let Some(node) = doc.tree.get(best) else {
        return region;
    };
    let best_score = scores.get(&best).copied().unwrap_or(0.0);
    let threshold = (best_score * 0.1).max(5.0);
    let Some(parent) = node.parent() else {
        return region;
    };
    let mut owned: HashMap<NodeId, Vec<&Block>> = HashMap::new();
    for b in all {
        owned.entry(b.owner).or_default().push(b);
    }
    for sib in parent.children() {
        if sib.id() == best || !sib.value().is_element() {
            continue;
        }
        let s = scores.get(&sib.id()).copied().unwrap_or(0.0);
        let paragraph_like = sib.value().as_element().is_some_and(|e| e.name() == "p")
            && owned
                .get(&sib.id())
                .into_iter()
                .flatten()
                .any(|b| b.chars() > 80 && b.link_density() < 0.25);
        // Like widening, never into teaser cards: their linked headlines
        // make a sibling link-heavy.
        let p = tree.profile(sib.id());
        let article_like =
            s >= threshold && link_density(p.links, p.chars) <= WIDEN_MAX_ADDED_LINK_DENSITY;
        // Text in another script beside the article is a translation of a
        // part (a petition, a quote) unless it is as long as the article
        // itself: the other half of a bilingual page.
        let side_translation =
            p.foreign * 2 > p.chars && p.chars * 5 < tree.profile(best).chars * 3;
        if (article_like || paragraph_like) && !side_translation {
            region.insert(sib.id());
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
        node = n.parent().filter(|p| {
            p.value()
                .as_element()
                .is_some_and(|e| !matches!(e.name(), "body" | "html"))
        });
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

/// Blocks inside the region (every block when the region is empty), minus
/// chrome lines and link clusters.
fn filter_blocks(
    doc: &Html,
    all: &[Block],
    region: &HashSet<NodeId>,
    tree: &TreeIndex,
) -> MainText {
    let inside: Vec<&Block> = all
        .iter()
        .filter(|b| region.is_empty() || region.iter().any(|&r| tree.is_within(b.owner, r)))
        .collect();
    // Link density of each list (the parent of list items' owners): an
    // item that is mostly a link inside a list of plain sentences is prose
    // with a link, not a link list.
    let mut lists: HashMap<NodeId, (usize, usize)> = HashMap::new();
    let list_of = |b: &Block| {
        b.list_item
            .then(|| {
                doc.tree
                    .get(b.owner)
                    .and_then(|o| o.parent())
                    .map(|p| p.id())
            })
            .flatten()
    };
    for b in &inside {
        if let Some(l) = list_of(b) {
            let e = lists.entry(l).or_default();
            e.0 += b.chars();
            e.1 += b.link_chars;
        }
    }
    // On a listing page the linked items are the text: when link-dense list
    // items hold most of the region, their links say nothing about them.
    let linked_items: usize = inside
        .iter()
        .filter(|b| b.list_item && b.link_density() > LINK_BLOCK_DENSITY)
        .map(|b| b.chars())
        .sum();
    let listing = linked_items * 2 > inside.iter().map(|b| b.chars()).sum::<usize>();
    let mut keep: Vec<bool> = inside
        .iter()
        .map(|b| {
            let prose_list = list_of(b)
                .and_then(|l| lists.get(&l))
                .is_some_and(|&(chars, links)| links * 4 < chars);
            keep_block(b, prose_list || (listing && b.list_item))
        })
        .collect();
    if let Some(t) = trailer_start(&inside) {
        keep[t..].iter_mut().for_each(|k| *k = false);
    }
    // Date and reading-time lines before the first paragraph, or after the
    // last, are page furniture; the date is kept as metadata.
    // A date or reading-time line long enough to vote ("segunda-feira, 22 de
    // janeiro de 2018 às 0:13") does not count as the first paragraph. At the end it
    // still does: there it is more often an embedded post's attribution
    // ("— Name (@handle) November 4, 2019").
    let first_para = inside.iter().position(|b| {
        block_score(b) > 0.0 && !is_date_line(&b.text) && !is_reading_time_line(&b.text)
    });
    let last_para = inside.iter().rposition(|b| block_score(b) > 0.0);
    let mut date_lines = Vec::new();
    let paragraphs = inside
        .iter()
        .enumerate()
        .filter(|&(i, b)| {
            let outside = first_para.is_some_and(|f| i < f) || last_para.is_some_and(|l| i > l);
            let date = outside && is_date_line(&b.text);
            if date {
                date_lines.push(b.text.clone());
            }
            let reading_time = outside && is_reading_time_line(&b.text);
            !(date || reading_time)
        })
        .filter(|&(i, b)| {
            // A label introducing a dropped link list ("More:", "Don't miss")
            // goes with it: everything up to the next label was dropped.
            keep[i] && !(is_label(b) && introduces_nothing(&inside, &keep, i))
        })
        .map(|(_, b)| b.text.clone())
        .collect();
    MainText {
        paragraphs,
        date_lines,
    }
}

/// The share of the region's text that must come before a trailer heading
/// for it to end the article: a "Comments" heading near the top is a
/// thread's own, or a table of contents.
const TRAILER_AFTER_SHARE: f64 = 0.5;
/// The same for a trailer line that is not a heading element: inside an
/// article, a "Related:" box set in a paragraph points at one other story
/// and the article goes on after it.
const TRAILER_LINE_AFTER_SHARE: f64 = 0.75;

/// Where the page's trailer begins: the first trailer heading ("Related
/// articles", "Comments") standing alone after most of the region's text.
/// The trailer goes whole: a related story's summary or a reader's comment
/// reads like prose, so the block filter alone would keep it.
fn trailer_start(blocks: &[&Block]) -> Option<usize> {
    let total: usize = blocks.iter().map(|b| b.chars()).sum();
    let mut before = 0;
    for (i, b) in blocks.iter().enumerate() {
        let share = if b.heading {
            TRAILER_AFTER_SHARE
        } else {
            TRAILER_LINE_AFTER_SHARE
        };
        if before as f64 >= total as f64 * share && boilerplate::is_trailer_heading(&b.text) {
            return Some(i);
        }
        before += b.chars();
    }
    None
}

/// Whether the label at `label` introduces only dropped blocks: a line like
/// "More:" or "DON'T MISS" when the two blocks after it were dropped; a
/// heading when everything up to the next kept label was, or when nothing
/// follows it at all.
fn introduces_nothing(blocks: &[&Block], keep: &[bool], label: usize) -> bool {
    // The last line of the region: a heading left over from a widget filled
    // in by script ("Related posts", "Ähnliche Beiträge") or an empty
    // section. A line ending in a colon still introduces what follows it
    // in the page, pictures or a video ("See more photos:").
    if label + 1 == blocks.len() {
        return !blocks[label].text.trim_end().ends_with(':');
    }
    if keep.get(label + 1) != Some(&false) {
        return false;
    }
    if is_teaser_label(blocks[label]) {
        // A list of them: one dropped line after "Here's the thing:" is
        // more likely a button than a teaser list.
        return keep.get(label + 2) == Some(&false);
    }
    (label + 1..blocks.len())
        .take_while(|&j| !is_label(blocks[j]) || !keep[j])
        .all(|j| !keep[j])
}

/// A short heading, or a short line ending in a colon or written in capitals.
fn is_label(b: &Block) -> bool {
    b.heading && b.chars() <= 40 || is_teaser_label(b)
}

fn is_teaser_label(b: &Block) -> bool {
    let t = b.text.trim();
    let n = t.chars().count();
    (n <= 60 && t.ends_with(':'))
        || (n <= 40 && t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase))
}

/// Link density above which a block is a link, not text (unless it is an
/// item of a list whose items are text).
const LINK_BLOCK_DENSITY: f64 = 0.7;

/// Whether a block of the region is text. `items_are_text`: the block is an
/// item of a list of sentences, or of the listing the page is.
fn keep_block(b: &Block, items_are_text: bool) -> bool {
    if boilerplate::is_boilerplate_line(&b.text)
        || boilerplate::is_call_to_action(&b.text)
        || boilerplate::is_comment_policy(&b.text)
        || boilerplate::is_credited_caption(&b.text)
    {
        return false;
    }
    let n = b.chars();
    let ld = b.link_density();
    // A linked headline followed by a sentence of its own ("<a>WeWork is
    // investigated</a>. The company confirmed …") is a digest item, not a link
    // list: link lists carry no sentences outside their links.
    if own_sentence(b) || is_bare_url(&b.text) {
        return true;
    }
    if ld > LINK_BLOCK_DENSITY && !b.heading && !items_are_text {
        return false;
    }
    // A list of linked headlines is a teaser list.
    if b.heading && b.list_item && ld > 0.9 {
        return false;
    }
    n > 0
}

/// A short line that is a date or time, perhaps with a weekday or a label
/// ("September 15, 2014", "segunda-feira, 22 de janeiro de 2018 às 0:13",
/// "Updated 12:45 GMT").
fn is_date_line(text: &str) -> bool {
    if text.chars().count() > 60 || text.ends_with(['.', '!', '?']) {
        return false;
    }
    // A year with a day beside it: a year alone is as often a title's
    // ("Stock Car calendar 2018").
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .collect();
    let year = numbers.len() >= 2
        && numbers
            .iter()
            .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    let time = text.split_whitespace().any(|w| {
        let mut parts = w.trim_matches(|c: char| !c.is_ascii_digit()).split(':');
        matches!((parts.next(), parts.next(), parts.next()),
            (Some(h), Some(m), None) if (1..=2).contains(&h.len()) && m.len() == 2
                && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit()))
    });
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    (year || time) && words <= 6
}

/// A short line stating how long the article takes to read ("5 min read",
/// "Tempo de leitura: 1 minuto", "Время чтения: 3 минуты").
fn is_reading_time_line(text: &str) -> bool {
    if text.chars().count() > 40 || !text.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let words: Vec<String> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(str::to_lowercase)
        .collect();
    words.len() <= 4
        && words.iter().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphabetic());
            matches!(w, "min" | "mins" | "мин") || w.starts_with("minut") || w.starts_with("минут")
        })
}

/// A link shown as its address is a reference the text gives ("Tickets:
/// http://…"), not a menu item.
fn is_bare_url(text: &str) -> bool {
    (text.starts_with("http://") || text.starts_with("https://") || text.starts_with("www."))
        && !text.contains(' ')
}

/// At least this much text outside links, ending as a sentence ends.
const OWN_SENTENCE_CHARS: usize = 40;

fn own_sentence(b: &Block) -> bool {
    b.chars().saturating_sub(b.link_chars) >= OWN_SENTENCE_CHARS
        && b.text
            .trim_end_matches(['"', '\'', '”', '»', ')'])
            .ends_with(['.', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines() {
        for l in [
            "September 15, 2014",
            "segunda-feira, 22 de janeiro de 2018 às 0:13",
            "Updated 12:45 GMT",
            "5 марта 2024",
        ] {
            assert!(is_date_line(l), "{l:?}");
        }
        for l in [
            "Stock Car calendar 2018",
            "The court sentenced him on 5 March 2024.",
            "Almaty hosts the 2024 regional forum on press freedom today",
            "Tags",
        ] {
            assert!(!is_date_line(l), "{l:?}");
        }
    }

    #[test]
    fn reading_time_lines() {
        for l in [
            "5 min read",
            "Reading time: 3 minutes",
            "Tempo de leitura: 1 minuto",
            "Время чтения: 2 минуты",
        ] {
            assert!(is_reading_time_line(l), "{l:?}");
        }
        for l in [
            "The minister spoke for 5 minutes.",
            "Reading time",
            "Minsk, 5 May",
        ] {
            assert!(!is_reading_time_line(l), "{l:?}");
        }
    }

    #[test]
    fn bare_urls_and_labels() {
        assert!(is_bare_url("https://example.org/x"));
        assert!(!is_bare_url("https://example.org/x and more"));
        let label = |t: &str, heading| Block {
            text: t.to_string(),
            link_chars: 0,
            owner: ego_tree::Tree::new(0).root().id(),
            heading,
            list_item: false,
        };
        assert!(is_teaser_label(&label("More:", false)));
        assert!(is_teaser_label(&label("DON'T MISS", false)));
        assert!(!is_teaser_label(&label("The verdict", true)));
        assert!(is_label(&label("The verdict", true)));
    }
}
