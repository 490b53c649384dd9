//! The vote: each paragraph-like block credits its score to its owner and,
//! decreasingly, to the owner's ancestors; the best container, weighed by its
//! class hints, is the article, and none after the page's footer can be.

use super::super::blocks::Block;
use super::super::class_words;
use super::super::script::{Script, dominant_script, script_of_lang};
use super::super::tree::TreeIndex;
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

/// Blocks shorter than this do not vote for a container: captions, labels and
/// menu items would otherwise drag the choice towards chrome.
const MIN_VOTING_CHARS: usize = 25;
/// How many ancestor levels receive a block's score.
const VOTE_LEVELS: usize = 4;

pub(in crate::html) fn block_score(b: &Block) -> f64 {
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

/// The page's own script: the one its declared language
/// ([`Metadata::declared_lang`](crate::html::meta::Metadata)) is written in
/// when the page holds prose in it, else the script of the bulk of its prose.
pub(super) fn page_script(all: &[Block], declared_lang: Option<&str>) -> Option<Script> {
    let mut prose: HashMap<Script, usize> = HashMap::new();
    for b in all.iter().filter(|b| block_score(b) > 0.0) {
        if let Some(s) = dominant_script(&b.text) {
            *prose.entry(s).or_default() += b.chars();
        }
    }
    let declared = declared_lang.and_then(script_of_lang);
    // A declaration the page's prose does not bear out (a template's
    // default `lang="en"` on a page written in German is still Latin, but
    // one on a Russian page is not) gives way to the prose.
    let total: usize = prose.values().sum();
    match declared {
        Some(s) if prose.get(&s).copied().unwrap_or(0) * 4 >= total => Some(s),
        _ => prose.into_iter().max_by_key(|&(_, n)| n).map(|(s, _)| s),
    }
}

pub(in crate::html) fn is_foreign(b: &Block, script: Option<Script>) -> bool {
    script.is_some_and(|p| dominant_script(&b.text).is_some_and(|s| s != p))
}

/// Accumulated votes per element.
pub(super) fn vote(doc: &Html, all: &[Block], script: Option<Script>) -> HashMap<NodeId, f64> {
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

/// Elements whose `<footer>` is their own (a post's, a card's), not the
/// page's.
const FOOTER_OWNERS: [&str; 7] = ["article", "section", "aside", "main", "header", "nav", "li"];

/// The page's own footer: the outermost `<footer>` (or `role="contentinfo"`)
/// inside none of [`FOOTER_OWNERS`]; the last of several equally outermost.
fn page_footer(doc: &Html) -> Option<NodeId> {
    let mut found: Option<(usize, NodeId)> = None;
    // One walk, counting the open elements and the open owners of footers:
    // a hostile page nests deep, so no walk up from each footer.
    let (mut depth, mut owners) = (0usize, 0usize);
    for edge in doc.tree.root().traverse() {
        let (Edge::Open(n) | Edge::Close(n)) = edge;
        let Some(el) = n.value().as_element() else {
            continue;
        };
        let owner = FOOTER_OWNERS.contains(&el.name());
        match edge {
            Edge::Open(_) => {
                let is_footer = el.name() == "footer" || el.attr("role") == Some("contentinfo");
                if is_footer && owners == 0 && found.is_none_or(|(d, _)| depth <= d) {
                    found = Some((depth, n.id()));
                }
                depth += 1;
                owners += usize::from(owner);
            }
            Edge::Close(_) => {
                depth -= 1;
                owners -= usize::from(owner);
            }
        }
    }
    found.map(|(_, id)| id)
}

/// Candidates that begin after the page's footer leave the vote, unless
/// none would remain. What a template appends after its footer is overlays
/// (a privacy policy's dialog, a sign-up box, a cookie notice), whose prose
/// can outvote a short article once no names mark them as chrome. A footer
/// with under a fifth of the page's text before it is not the page's end
/// (a byline or a bar misusing the element), and nothing is dropped.
pub(super) fn drop_after_page_footer(
    doc: &Html,
    all: &[Block],
    tree: &TreeIndex,
    scores: &mut HashMap<NodeId, f64>,
) {
    let Some(footer) = page_footer(doc) else {
        return;
    };
    let (mut text, mut before) = (0, 0);
    for b in all {
        text += b.chars();
        if !tree.follows(b.owner, footer) && !tree.is_within(b.owner, footer) {
            before += b.chars();
        }
    }
    if before * 5 >= text && scores.keys().any(|&id| !tree.follows(id, footer)) {
        scores.retain(|&id, _| !tree.follows(id, footer));
    }
}

pub(super) fn best_candidate(doc: &Html, scores: &HashMap<NodeId, f64>) -> Option<NodeId> {
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

#[cfg(test)]
mod tests {
    use super::page_footer;

    fn footer_text(html: &str) -> Option<String> {
        let doc = crate::html::parse_for_reading(html);
        let id = page_footer(&doc)?;
        let el = scraper::ElementRef::wrap(doc.tree.get(id)?)?;
        Some(el.text().collect())
    }

    #[test]
    fn the_pages_footer_is_the_outermost_one_outside_posts_and_items() {
        let page = r#"<html><body><article><p>Text.</p><footer>Tags</footer></article>
            <ul><li><footer>Card</footer></li></ul>
            <div><footer>Site</footer></div><div role="contentinfo">Legal</div></body></html>"#;
        assert_eq!(footer_text(page).as_deref(), Some("Legal"));
        let nested =
            r#"<html><body><div><footer>Inner</footer></div><footer>Outer</footer></body></html>"#;
        assert_eq!(footer_text(nested).as_deref(), Some("Outer"));
        let two = r#"<html><body><footer>Links</footer><footer>Copyright</footer></body></html>"#;
        assert_eq!(footer_text(two).as_deref(), Some("Copyright"));
        let posts_only = r#"<html><body><main><footer>Post</footer></main></body></html>"#;
        assert_eq!(footer_text(posts_only), None);
    }
}
