//! The page as a sequence of text blocks.
//!
//! Every block-level element (paragraph, heading, list item, cell, or a `div`
//! holding loose text) becomes one block carrying its text, how much of that
//! text sits inside links, and which element owns it. Both the generic scorer
//! and the rule-based path work on blocks, so whitespace, `<br>` handling and
//! boilerplate skipping are decided once, here.

use super::boilerplate::is_boilerplate_line;
use super::class_words::{Tweetable, is_chrome, is_unread_inline, layout_words, tweetable};
use super::responsive::shown_at_desktop_width;
use super::streamed::streaming_id;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node};
use std::collections::{HashMap, HashSet};

/// Elements never holding article text.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "canvas",
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "button",
    "figcaption",
    "select",
    "option",
    "textarea",
    "input",
    "nav",
    "aside",
    "footer",
    "head",
    "title",
    "meta",
    "link",
    "dialog",
    "menu",
];

/// Elements whose class never makes them chrome: the page's frame, and
/// words inside a sentence (`deep <a class="textTag">space travel</a>`).
const NEVER_CHROME_TAGS: &[&str] = &[
    "body", "html", "main", "article", "a", "em", "strong", "b", "i", "u", "mark", "abbr", "cite",
    "q", "code", "sup", "sub",
];

/// Inline elements that, inside a sentence, are part of it whatever their
/// class says (`<p><span class="dateline">KOBE – </span>A total of…`),
/// unless it says they are hidden, an advert or a byline's name.
const SENTENCE_PART_TAGS: &[&str] = &["span", "time", "small"];

/// Elements that end the current line of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "hr",
    "address",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "caption",
];

/// One run of text between block boundaries.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub text: String,
    /// Characters of `text` inside `<a>` elements.
    pub link_chars: usize,
    /// The nearest block-level element containing the text.
    pub owner: NodeId,
    pub heading: bool,
    /// Inside `<li>`, `<td>` or similar: list-like blocks are boilerplate more
    /// often than paragraphs are.
    pub list_item: bool,
}

impl Block {
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    pub fn link_density(&self) -> f64 {
        let n = self.chars();
        if n == 0 {
            1.0
        } else {
            self.link_chars as f64 / n as f64
        }
    }
}

/// Root nodes of every element matched by any of the selectors.
pub(crate) fn matched_nodes(doc: &Html, selectors: &[String]) -> HashSet<NodeId> {
    super::parse_selectors(selectors)
        .iter()
        .flat_map(|sel| doc.select(sel).map(|e| e.id()).collect::<Vec<_>>())
        .collect()
}

/// Text blocks under `root`, skipping `removed` subtrees and, when
/// `skip_chrome` is set, elements whose tag, class or id marks them as chrome.
pub(crate) fn collect_blocks(
    root: ElementRef<'_>,
    removed: &HashSet<NodeId>,
    skip_chrome: bool,
) -> Vec<Block> {
    walk_blocks(root, removed, &HashSet::new(), skip_chrome).0
}

/// What a walk skipped for its chrome class or id: each subtree and its
/// text. When one holds more text than all the text collected, a chrome
/// mark was probably on a layout wrapper round the article (`container
/// has-sidebar`, Blogger's `widget Blog`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Skipped {
    elements: Vec<(NodeId, usize)>,
}

impl Skipped {
    /// The text of the largest subtree skipped.
    pub(crate) fn largest(&self) -> usize {
        self.elements
            .iter()
            .map(|&(_, chars)| chars)
            .max()
            .unwrap_or(0)
    }

    /// The text of every subtree skipped (they never nest: a skipped
    /// subtree is not walked).
    pub(crate) fn total(&self) -> usize {
        self.elements.iter().map(|&(_, chars)| chars).sum()
    }

    /// The text skipped under each chrome word a page may use for layout.
    /// Asked only when something large was skipped, so the words of every
    /// skipped element are not looked up on every page.
    pub(crate) fn by_layout_word(&self, doc: &Html) -> HashMap<&'static str, usize> {
        let mut by_word: HashMap<&'static str, usize> = HashMap::new();
        for &(id, chars) in &self.elements {
            let Some(el) = doc.tree.get(id).and_then(|n| n.value().as_element()) else {
                continue;
            };
            for w in layout_words(el) {
                *by_word.entry(w).or_default() += chars;
            }
        }
        by_word
    }
}

/// As [`collect_blocks`] with chrome skipped, except that the chrome words
/// in `layout` mark nothing (the page uses them for layout wrappers round
/// its article), also returning what was skipped for chrome marks.
pub(crate) fn collect_blocks_measured(
    root: ElementRef<'_>,
    removed: &HashSet<NodeId>,
    layout: &HashSet<&str>,
) -> (Vec<Block>, Skipped) {
    walk_blocks(root, removed, layout, true)
}

fn walk_blocks(
    root: ElementRef<'_>,
    removed: &HashSet<NodeId>,
    layout: &HashSet<&str>,
    skip_chrome: bool,
) -> (Vec<Block>, Skipped) {
    let mut w = Walker {
        removed,
        layout,
        skip_chrome,
        skipped: Skipped::default(),
        blocks: Vec::new(),
        run: String::new(),
        run_links: 0,
        owner: root.id(),
        heading: false,
        list_item: false,
        quote_depth: 0,
        revealed: None,
    };
    w.walk(*root);
    w.flush();
    (w.blocks, w.skipped)
}

/// Paragraphs of a container chosen by a source rule. Chrome hints are still
/// honoured inside it (a share bar within the article `div`), but links-only
/// blocks are kept apart from that: rule authors chose the container.
pub(crate) fn container_paragraphs(
    root: ElementRef<'_>,
    removed: &HashSet<NodeId>,
    skip_chrome: bool,
) -> Vec<String> {
    let blocks = collect_blocks(root, removed, skip_chrome);
    blocks
        .into_iter()
        .filter(|b| !is_boilerplate_line(&b.text))
        .filter(|b| !(b.link_density() > 0.9 && b.chars() < 120))
        .map(|b| b.text)
        .collect()
}

struct Walker<'r> {
    removed: &'r HashSet<NodeId>,
    /// Chrome words that mark nothing on this page.
    layout: &'r HashSet<&'r str>,
    skip_chrome: bool,
    skipped: Skipped,
    blocks: Vec<Block>,
    run: String,
    run_links: usize,
    owner: NodeId,
    heading: bool,
    list_item: bool,
    /// Inside a click-to-tweet quote: its text is the article's, although
    /// the plugin wraps it in a share link.
    quote_depth: usize,
    /// [`revealed_ids`] of the page, found when a hidden element first
    /// asks.
    revealed: Option<HashSet<String>>,
}

/// One step of [`Walker::walk`]: a node to handle, or the state to restore
/// after a quote's or a block's children.
enum Step<'a> {
    Enter {
        node: NodeRef<'a, Node>,
        in_link: usize,
        is_root: bool,
    },
    LeaveQuote,
    LeaveBlock {
        owner: NodeId,
        heading: bool,
        list_item: bool,
    },
}

impl<'a> Walker<'_> {
    /// Depth-first, in document order, on an explicit stack: a hostile page
    /// nests elements 100,000 deep, and recursion on depth would overflow
    /// the thread's stack, which cannot be caught.
    fn walk(&mut self, root: NodeRef<'a, Node>) {
        let mut stack = vec![Step::Enter {
            node: root,
            in_link: 0,
            is_root: true,
        }];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter {
                    node,
                    in_link,
                    is_root,
                } => self.enter(node, in_link, is_root, &mut stack),
                Step::LeaveQuote => {
                    self.flush();
                    self.quote_depth -= 1;
                }
                Step::LeaveBlock {
                    owner,
                    heading,
                    list_item,
                } => {
                    self.flush();
                    (self.owner, self.heading, self.list_item) = (owner, heading, list_item);
                }
            }
        }
    }

    /// Handle one node and schedule its children (then its leave step).
    fn enter(
        &mut self,
        node: NodeRef<'a, Node>,
        in_link: usize,
        is_root: bool,
        stack: &mut Vec<Step<'a>>,
    ) {
        let children = |stack: &mut Vec<Step<'a>>, in_link: usize| {
            stack.extend(node.children().rev().map(|child| Step::Enter {
                node: child,
                in_link,
                is_root: false,
            }));
        };
        match node.value() {
            Node::Text(t) => self.push_text(t, in_link > 0 && self.quote_depth == 0),
            Node::Element(el) => {
                let tag = el.name();
                let tweet = tweetable(el);
                if !is_root
                    && (tweet == Tweetable::Button
                        || self.removed.contains(&node.id())
                        || self.is_skipped(node))
                {
                    return;
                }
                if tag == "br" {
                    self.flush();
                    return;
                }
                let quote = tweet == Tweetable::Quote && self.quote_depth == 0;
                if quote {
                    // A paragraph of its own, its text not counted as link text.
                    self.flush();
                    self.quote_depth += 1;
                    stack.push(Step::LeaveQuote);
                    children(stack, in_link);
                    return;
                }
                let block = BLOCK_TAGS.contains(&tag);
                if !block {
                    let link = usize::from(tag == "a");
                    children(stack, in_link + link);
                    return;
                }
                self.flush();
                stack.push(Step::LeaveBlock {
                    owner: self.owner,
                    heading: self.heading,
                    list_item: self.list_item,
                });
                let in_list = self.list_item;
                self.owner = node.id();
                self.heading = matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                self.list_item =
                    matches!(tag, "li" | "td" | "th" | "dd" | "dt") || (in_list && tag != "p");
                children(stack, in_link);
            }
            _ => {}
        }
    }

    fn is_skipped(&mut self, node: NodeRef<'_, Node>) -> bool {
        let Some(el) = node.value().as_element() else {
            return false;
        };
        let tag = el.name();
        // A `<noscript>` holds elements only when the page was read as a
        // client without scripts (its content being the page); parsed with
        // scripts, its content is one string of markup, never text.
        if tag == "noscript" && node.children().any(|c| c.value().is_element()) {
            return false;
        }
        if SKIP_TAGS.contains(&tag) {
            return true;
        }
        // Not shown until a script opens it, and never the page's text: a
        // popover (a menu, a prompt to install the app).
        if el.attr("popover").is_some() {
            return true;
        }
        let hidden = (el.attr("hidden").is_some() && !is_streamed_segment(el))
            || el.attr("aria-hidden") == Some("true")
            || el.attr("style").is_some_and(hides_by_display);
        if hidden && !self.is_revealed_panel(node, el) {
            return true;
        }
        // A copy of a part for narrow screens (`lg:hidden`) beside the one
        // a desktop shows.
        if shown_at_desktop_width(el) == Some(false) {
            return true;
        }
        if tag == "form" && is_reader_form(node) {
            return true;
        }
        // What the page itself declares is not its text, whatever its names
        // say: a modal dialog (`aria-modal`, the twin of `role="dialog"`)
        // and what the site asks search engines not to quote
        // (`data-nosnippet`: cookie banners, sign-up boxes, footers).
        if el.attr("aria-modal") == Some("true") || el.attr("data-nosnippet").is_some() {
            return true;
        }
        if matches!(
            el.attr("role"),
            Some("navigation" | "complementary" | "banner" | "contentinfo" | "dialog" | "menu")
        ) {
            return true;
        }
        let chrome = self.skip_chrome
            && !NEVER_CHROME_TAGS.contains(&tag)
            && ElementRef::wrap(node).is_some_and(|e| is_chrome(e, self.layout))
            && !in_sentence(node, el)
            && !in_code(node);
        if chrome {
            let chars = text_chars(node);
            self.skipped.elements.push((node.id(), chars));
        }
        chrome
    }

    /// Whether a hidden element is a panel the page's own controls reveal:
    /// a tab's panel, an accordion's (a region labelled by its header), or
    /// what a tab or a disclosure button names in `aria-controls`. Its text
    /// is the page's (a product's details, a FAQ's answers), shown by a
    /// click. What a button opens may also be a modal, which traps focus
    /// (`tabindex="-1"`) and is not a panel.
    fn is_revealed_panel(&mut self, node: NodeRef<'_, Node>, el: &scraper::node::Element) -> bool {
        match el.attr("role") {
            Some("tabpanel") => return true,
            Some("region") if el.attr("aria-labelledby").is_some() => return true,
            _ => {}
        }
        if el.attr("tabindex") == Some("-1") {
            return false;
        }
        let Some(id) = el.attr("id") else {
            return false;
        };
        self.revealed
            .get_or_insert_with(|| revealed_ids(node.tree()))
            .contains(id)
    }

    fn push_text(&mut self, t: &str, link: bool) {
        let mut prev_space = self.run.is_empty() || self.run.ends_with(' ');
        let before = self.run.chars().count();
        for c in t.chars() {
            // Non-breaking and other Unicode spaces are whitespace for
            // tokenising, but zero-width characters are dropped outright.
            if matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
            ) {
                continue;
            }
            if c.is_whitespace() {
                if !prev_space {
                    self.run.push(' ');
                    prev_space = true;
                }
            } else {
                self.run.push(c);
                prev_space = false;
            }
        }
        if link {
            self.run_links += self.run.chars().count() - before;
        }
    }

    fn flush(&mut self) {
        let text = self.run.trim();
        if text.chars().any(char::is_alphanumeric) {
            let link_chars = self.run_links.min(text.chars().count());
            self.blocks.push(Block {
                text: text.to_string(),
                link_chars,
                owner: self.owner,
                heading: self.heading,
                list_item: self.list_item,
            });
        }
        self.run.clear();
        self.run_links = 0;
    }
}

/// How far above a highlighter's token its `<pre>` or `<code>` is looked
/// for: tokens nest a few levels deep, and a page nesting spans a thousand
/// deep should not cost a thousand steps a span.
const CODE_TOKEN_LEVELS: usize = 8;

/// Whether an inline element stands inside a sentence: beside text of its
/// own parent, and not marked hidden, as an advert or as a byline's name.
fn in_sentence(node: NodeRef<'_, Node>, el: &scraper::node::Element) -> bool {
    let beside_text = |n: Option<NodeRef<'_, Node>>| {
        n.and_then(|n| n.value().as_text().map(|t| !t.trim().is_empty()))
            .unwrap_or(false)
    };
    SENTENCE_PART_TAGS.contains(&el.name())
        && (beside_text(node.prev_sibling()) || beside_text(node.next_sibling()))
        && !is_unread_inline(el)
}

/// Whether an element is a part of highlighted code, inside a `<pre>` or a
/// `<code>`: its class names a highlighter's token (`hljs-comment`, Prism's
/// `token tag` round `<div`), not a part of the page, and skipping it
/// would cut the example's comments and markup out of its code.
fn in_code(node: NodeRef<'_, Node>) -> bool {
    node.ancestors().take(CODE_TOKEN_LEVELS).any(|a| {
        a.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "pre" | "code"))
    })
}

/// Whether an inline style takes the element out of the page
/// (`display: none`). `visibility: hidden` is not read: accordions,
/// reveal-on-scroll sections and anti-flicker wrappers round whole pages
/// start so, and scripts show them.
/// Read on every styled element, so matched as it is scanned, without
/// copying the style: whitespace is skipped and letters compared without
/// case, and since `d` starts the pattern and appears nowhere else in it,
/// a mismatch restarts it.
fn hides_by_display(style: &str) -> bool {
    const PATTERN: &[u8] = b"display:none";
    let mut matched = 0;
    for c in style.chars().filter(|c| !c.is_whitespace()) {
        let c = c.to_ascii_lowercase();
        if c.is_ascii() && c as u8 == PATTERN[matched] {
            matched += 1;
            if matched == PATTERN.len() {
                return true;
            }
        } else {
            matched = usize::from(c == 'd');
        }
    }
    false
}

/// Ids of the panels the page's own controls reveal: what a tab
/// (`role="tab"`) or a disclosure button (`aria-expanded`, an accordion's
/// header) names in its `aria-controls`.
pub(crate) fn revealed_ids(tree: &ego_tree::Tree<Node>) -> HashSet<String> {
    tree.root()
        .descendants()
        .filter_map(|n| n.value().as_element())
        .filter(|c| c.attr("aria-expanded").is_some() || c.attr("role") == Some("tab"))
        .filter_map(|c| c.attr("aria-controls"))
        .flat_map(str::split_whitespace)
        .map(str::to_owned)
        .collect()
}

/// A segment of a page rendered by streaming (React's `<div hidden
/// id="S:1f">`, numbered in hexadecimal): the server sends content as it
/// becomes ready, hidden at the end of the page, and an inline script moves
/// each segment into its place (`<template id="B:0">`). Segments are moved
/// so before the page is read ([`super::streamed`]); one left without its
/// place is still the page's content, not hidden chrome, and is read where
/// it stands.
pub(crate) fn is_streamed_segment(el: &scraper::node::Element) -> bool {
    el.attr("id")
        .and_then(streaming_id)
        .is_some_and(|(kind, _)| kind == "S")
}

/// Most text a form for the reader to fill in holds: its labels, a line on
/// how an address is used. Old server frameworks wrap whole pages, article
/// included, in one form.
const READER_FORM_MAX_CHARS: usize = 1_000;

/// Whether a `<form>` is one for the reader to fill in: a comment box, a
/// newsletter sign-up, a log-in or a search box. Told by its fields, not its
/// names, which a template may call anything.
fn is_reader_form(form: NodeRef<'_, Node>) -> bool {
    // One pass that stops as soon as the form holds too much text: a form
    // wrapping the whole page is common and must not cost a walk per visit.
    let mut fills_in = false;
    let mut chars = 0;
    let mut stack: Vec<NodeRef<'_, Node>> = form.children().collect();
    while let Some(cur) = stack.pop() {
        match cur.value() {
            Node::Text(t) => {
                chars += t.trim().chars().count();
                if chars >= READER_FORM_MAX_CHARS {
                    return false;
                }
            }
            Node::Element(e) => {
                fills_in |= match e.name() {
                    "textarea" => true,
                    "input" => is_reader_field(e),
                    _ => false,
                };
                if !SKIP_TAGS.contains(&e.name()) {
                    stack.extend(cur.children());
                }
            }
            _ => {}
        }
    }
    fills_in
}

/// Whether an `<input>` asks the reader for an address, a password or a
/// search. Sign-up boxes often leave an address field's type as plain text
/// (`<input type="text" name="email">`), so its name, placeholder,
/// autocomplete or inputmode hint says what it wants.
fn is_reader_field(input: &scraper::node::Element) -> bool {
    let kind = input.attr("type").map(str::trim);
    if kind.is_some_and(|t| {
        ["email", "password", "search"]
            .iter()
            .any(|k| t.eq_ignore_ascii_case(k))
    }) {
        return true;
    }
    kind.is_none_or(|t| t.eq_ignore_ascii_case("text"))
        && ["name", "placeholder", "autocomplete", "inputmode"]
            .iter()
            .filter_map(|a| input.attr(a))
            .any(|v| v.to_ascii_lowercase().contains("mail"))
}

/// Characters of text under `node`, outside elements that never hold text.
fn text_chars(node: NodeRef<'_, Node>) -> usize {
    let mut n = 0;
    let mut stack = vec![node];
    while let Some(cur) = stack.pop() {
        match cur.value() {
            Node::Text(t) => n += t.trim().chars().count(),
            Node::Element(el) if cur == node || !SKIP_TAGS.contains(&el.name()) => {
                stack.extend(cur.children());
            }
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::hides_by_display;

    #[test]
    fn display_none_is_found_however_it_is_spaced_or_cased() {
        for style in [
            "display:none",
            "color: red; DISPLAY : None !important",
            "d\tisplay:\nnone",
            "ddisplay:none",
            "display:display:none",
        ] {
            assert!(hides_by_display(style), "{style:?}");
        }
        for style in [
            "display: block",
            "visibility: hidden",
            "displays:none",
            "display:no ne-ish",
            "dísplay:none",
            "",
        ] {
            let copied: String = style.chars().filter(|c| !c.is_whitespace()).collect();
            let expected = copied.to_ascii_lowercase().contains("display:none");
            assert_eq!(hides_by_display(style), expected, "{style:?}");
        }
    }
}
