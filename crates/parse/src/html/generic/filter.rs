//! Inside the chosen region, block by block: link lists, chrome lines and
//! calls to action go, the trailer (from a "Related stories" heading on)
//! goes whole, and date lines around the text become metadata.

use super::super::blocks::Block;
use super::super::boilerplate;
use super::super::tree::TreeIndex;
use super::MainText;
use super::vote::block_score;
use ego_tree::NodeId;
use scraper::Html;
use std::collections::{HashMap, HashSet};

/// Blocks inside the region (every block when the region is empty), minus
/// chrome lines and link clusters.
pub(super) fn filter_blocks(
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
    // A list announced by a sentence of the text ("These reports document
    // the abuses:") is what the sentence announces, however linked its
    // items; a teaser list is announced by a label ("Related:") at most.
    let announced: HashSet<NodeId> = inside
        .windows(2)
        .filter(|pair| announces_a_list(pair[0]) && list_of(pair[0]) != list_of(pair[1]))
        .filter_map(|pair| list_of(pair[1]))
        .collect();
    let mut keep: Vec<bool> = inside
        .iter()
        .map(|b| {
            let list = list_of(b);
            let prose_list = list
                .and_then(|l| lists.get(&l))
                .is_some_and(|&(chars, links)| links * 4 < chars);
            let announced = list.is_some_and(|l| announced.contains(&l));
            // A list of linked headlines and nothing else is a teaser
            // list; an item holding more (a price, a summary, a date) is a
            // listing's entry.
            let teaser = b.heading
                && b.list_item
                && b.link_density() > TEASER_HEADLINE_DENSITY
                && !item_holds_more(doc, tree, b);
            keep_block(
                b,
                prose_list || announced || (listing && b.list_item),
                teaser,
            )
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
/// articles", "Comments") standing alone after most of the region's text,
/// or the one count of the comments there ("12 Comments").
/// The trailer goes whole: a related story's summary or a reader's comment
/// reads like prose, so the block filter alone would keep it.
fn trailer_start(blocks: &[&Block]) -> Option<usize> {
    let total: usize = blocks.iter().map(|b| b.chars()).sum();
    let mut before = 0;
    let late: Vec<bool> = blocks
        .iter()
        .map(|b| {
            let share = if b.heading {
                TRAILER_AFTER_SHARE
            } else {
                TRAILER_LINE_AFTER_SHARE
            };
            let late = before as f64 >= total as f64 * share;
            before += b.chars();
            late
        })
        .collect();
    // A count of comments opens the thread under the article when it is
    // the only one that late: a Q&A page counts each answer's comments.
    let counts: Vec<usize> = (0..blocks.len())
        .filter(|&i| late[i] && boilerplate::is_comment_count(&blocks[i].text))
        .collect();
    let comment_count = match counts.as_slice() {
        [only] => Some(*only),
        _ => None,
    };
    (0..blocks.len()).find(|&i| {
        (late[i] && boilerplate::is_trailer_heading(&blocks[i].text)) || Some(i) == comment_count
    })
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

/// The shortest sentence that announces a list: shorter lines ending in a
/// colon are labels ("Related:", "Read more:").
const ANNOUNCING_SENTENCE_CHARS: usize = 30;

/// A sentence of the text ending in a colon, not a list item itself and
/// not mostly links.
fn announces_a_list(b: &Block) -> bool {
    let t = b.text.trim_end();
    !b.list_item
        && !b.heading
        && t.ends_with(':')
        && t.chars().count() >= ANNOUNCING_SENTENCE_CHARS
        && b.link_density() < 0.5
}

/// Link density above which a block is a link, not text (unless it is an
/// item of a list whose items are text).
const LINK_BLOCK_DENSITY: f64 = 0.7;

/// Whether a block of the region is text. `items_are_text`: the block is an
/// item of a list of sentences, of a list a sentence announces, or of the
/// listing the page is. `teaser`: a linked headline that is all its list
/// item holds.
fn keep_block(b: &Block, items_are_text: bool, teaser: bool) -> bool {
    if boilerplate::is_boilerplate_line(&b.text)
        || boilerplate::is_call_to_action(&b.text)
        || boilerplate::is_comment_policy(&b.text)
        || boilerplate::is_credited_caption(&b.text)
        || boilerplate::is_counter_line(&b.text)
    {
        return false;
    }
    let n = b.chars();
    let ld = b.link_density();
    // A picture's address shown as text is a template's leftover (an
    // image field printed raw), not a reference the text gives.
    if is_bare_url(&b.text) && names_a_picture(&b.text) {
        return false;
    }
    // A linked headline followed by a sentence of its own ("<a>WeWork is
    // investigated</a>. The company confirmed …") is a digest item, not a link
    // list: link lists carry no sentences outside their links.
    if own_sentence(b) || is_bare_url(&b.text) {
        return true;
    }
    if ld > LINK_BLOCK_DENSITY && !b.heading && !items_are_text {
        return false;
    }
    n > 0 && !teaser
}

/// Link density above which a headline is a link to elsewhere.
const TEASER_HEADLINE_DENSITY: f64 = 0.9;

/// Text an item of a list may hold beyond its headline and still be the
/// headline alone (a bullet, a count).
const ITEM_EXTRA_CHARS: usize = 20;

/// Whether the list item (`li`, `td`, `dd`, `dt`) holding `b` holds more
/// text than `b`: a card's price or summary beside its linked title.
fn item_holds_more(doc: &Html, tree: &TreeIndex, b: &Block) -> bool {
    doc.tree
        .get(b.owner)
        .and_then(|owner| {
            owner.ancestors().find(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "li" | "td" | "dd" | "dt"))
            })
        })
        .is_some_and(|item| tree.profile(item.id()).chars > b.chars() + ITEM_EXTRA_CHARS)
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

/// An address whose path ends in a picture file's extension.
fn names_a_picture(text: &str) -> bool {
    let path = text
        .split(['?', '#'])
        .next()
        .unwrap_or(text)
        .to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"]
        .iter()
        .any(|e| path.ends_with(e))
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
        let block = |t: &str, heading| Block {
            text: t.to_string(),
            link_chars: 0,
            owner: ego_tree::Tree::new(0).root().id(),
            heading,
            list_item: false,
        };
        assert!(keep_block(
            &block("https://example.org/reports/2024-kazakhstan", false),
            false,
            false
        ));
        assert!(!keep_block(
            &block(
                "https://cdn.example.com/images/stencil/160x160/WEB.jpg?c=2",
                false
            ),
            false,
            false
        ));
        assert!(is_teaser_label(&block("More:", false)));
        assert!(is_teaser_label(&block("DON'T MISS", false)));
        assert!(!is_teaser_label(&block("The verdict", true)));
        assert!(is_label(&block("The verdict", true)));
    }
}
