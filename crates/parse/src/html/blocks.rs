//! The page as a sequence of text blocks.
//!
//! Every block-level element (paragraph, heading, list item, cell, or a `div`
//! holding loose text) becomes one block carrying its text, how much of that
//! text sits inside links, and which element owns it. Both the generic scorer
//! and the rule-based path work on blocks, so whitespace, `<br>` handling and
//! boilerplate skipping are decided once, here.

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node};
use std::collections::HashSet;
use std::sync::LazyLock;

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

/// Class or id words of page chrome. Matched against whole `-`/`_`-separated
/// words so that `shareholders` or `menuhin` are not chrome.
const CHROME_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "recommendations",
    "newsletter",
    "subscribe",
    "subscription",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "comment",
    "comments",
    "disqus",
    "footer",
    "sidebar",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "sponsor",
    "sponsored",
    "popup",
    "modal",
    "pagination",
    "pager",
    "tags",
    "tag",
    "taglist",
    "widget",
    "byline",
    "author",
    "dateline",
    "toolbar",
    "masthead",
    "skip",
    "print",
    "outbrain",
    "taboola",
    "paywall",
    "signup",
    "login",
    "donate",
    "hidden",
    "visually",
    "sr",
    "caption",
    "credit",
    "credits",
    "meta",
    "more",
    "trending",
    "popular",
    "topics",
    "follow",
];

/// Words that mark the article itself; an element carrying one is never
/// treated as chrome even if it also carries a chrome word
/// (`article-content sidebar-aware`).
const CONTENT_WORDS: &[&str] = &[
    "article", "content", "main", "body", "story", "post", "entry", "text", "prose", "richtext",
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
    collect_blocks_measured(root, removed, skip_chrome).0
}

/// As [`collect_blocks`], also returning the characters of text in the
/// largest subtree skipped for its chrome class or id: when that exceeds all
/// the text collected, the chrome mark was probably on a layout wrapper
/// around the article (`container has-sidebar`).
pub(crate) fn collect_blocks_measured(
    root: ElementRef<'_>,
    removed: &HashSet<NodeId>,
    skip_chrome: bool,
) -> (Vec<Block>, usize) {
    let mut w = Walker {
        removed,
        skip_chrome,
        largest_skipped: 0,
        blocks: Vec::new(),
        run: String::new(),
        run_links: 0,
        owner: root.id(),
        heading: false,
        list_item: false,
        quote_depth: 0,
    };
    w.walk(*root);
    w.flush();
    (w.blocks, w.largest_skipped)
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
    skip_chrome: bool,
    largest_skipped: usize,
    blocks: Vec<Block>,
    run: String,
    run_links: usize,
    owner: NodeId,
    heading: bool,
    list_item: bool,
    /// Inside a click-to-tweet quote: its text is the article's, although
    /// the plugin wraps it in a share link.
    quote_depth: usize,
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
        if SKIP_TAGS.contains(&tag) {
            return true;
        }
        if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
            return true;
        }
        if let Some(style) = el.attr("style") {
            let s: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if s.contains("display:none") || s.contains("visibility:hidden") {
                return true;
            }
        }
        if matches!(
            el.attr("role"),
            Some("navigation" | "complementary" | "banner" | "contentinfo" | "dialog" | "menu")
        ) {
            return true;
        }
        let chrome = self.skip_chrome && !NEVER_CHROME_TAGS.contains(&tag) && is_chrome(el);
        if chrome {
            self.largest_skipped = self.largest_skipped.max(text_chars(node));
        }
        chrome
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

/// Each class name and the id, as lower-cased word lists (`post-comments`
/// → `["post", "comments"]`).
fn class_tokens(el: &scraper::node::Element) -> Vec<Vec<String>> {
    let mut tokens = Vec::new();
    for v in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        for t in v.split_whitespace() {
            let words: Vec<String> = t
                .split(['-', '_', ':'])
                .flat_map(split_camel)
                .filter(|w| !w.is_empty())
                .map(|w| w.to_ascii_lowercase())
                .collect();
            if !words.is_empty() {
                tokens.push(words);
            }
        }
    }
    tokens
}

/// `newsCaption` → `news`, `Caption`; `HTMLBody` stays whole.
fn split_camel(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let b = word.as_bytes();
    for i in 1..b.len() {
        if b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() {
            parts.push(&word[start..i]);
            start = i;
        }
    }
    parts.push(&word[start..]);
    parts
}

/// What a click-to-tweet plugin made of an element.
#[derive(Clone, Copy, PartialEq)]
enum Tweetable {
    No,
    /// The quoted sentence (or its wrapper): article text.
    Quote,
    /// The "Click To Tweet" button beside it.
    Button,
}

/// Click-to-tweet plugins wrap a sentence of the article in a share link
/// (`<span class="sw-click-to-tweet">`, `bctt-click-to-tweet`,
/// `tm-click-to-tweet`, `tweetable`), with a "Click To Tweet" button
/// (`*-ctt-btn`) beside it.
fn tweetable(el: &scraper::node::Element) -> Tweetable {
    // Cheap test first: this runs for every element of the page.
    let maybe = el.attr("class").is_some_and(|c| {
        let c = c.as_bytes();
        c.windows(3).any(|w| w.eq_ignore_ascii_case(b"ctt"))
            || c.windows(5).any(|w| w.eq_ignore_ascii_case(b"tweet"))
    });
    if !maybe {
        return Tweetable::No;
    }
    let tokens: Vec<Vec<String>> = class_tokens(el)
        .into_iter()
        .filter(|words| {
            let has = |w: &str| words.iter().any(|x| x == w);
            has("ctt") || has("bctt") || has("tweetable") || (has("click") && has("tweet"))
        })
        .collect();
    if tokens.is_empty() {
        Tweetable::No
    } else if tokens
        .iter()
        .flatten()
        .any(|w| matches!(w.as_str(), "btn" | "button"))
    {
        Tweetable::Button
    } else {
        Tweetable::Quote
    }
}

/// Chrome and content marks of an element's class names. A chrome word
/// decides its own name (`post-comments`, `related-content` and
/// `sidebar-content` are chrome), and a content word in another name
/// overrides it (`article-body sidebar-aware`).
fn class_marks(el: &scraper::node::Element) -> (bool, bool) {
    let (mut chrome, mut content) = (false, false);
    for words in class_tokens(el) {
        if words.iter().any(|w| CHROME_WORDS.contains(&w.as_str())) {
            chrome = true;
        } else if words.iter().any(|w| CONTENT_WORDS.contains(&w.as_str())) {
            content = true;
        }
    }
    (chrome, content)
}

pub(crate) fn is_chrome(el: &scraper::node::Element) -> bool {
    let (chrome, content) = class_marks(el);
    chrome && !content
}

/// Positive (+1), negative (-1) or neutral (0) class/id hint.
pub(crate) fn class_hint(el: &scraper::node::Element) -> i32 {
    let (chrome, content) = class_marks(el);
    i32::from(content) - i32::from(chrome)
}

/// Lower-cased text with only letters and digits, for comparing headlines and
/// stop lines regardless of punctuation and spacing.
pub(crate) fn fold_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

static BOILERPLATE_LINES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "share",
        "sharethis",
        "sharethisarticle",
        "shareonfacebook",
        "shareontwitter",
        "tweet",
        "email",
        "print",
        "advertisement",
        "advertising",
        "readmore",
        "continuereading",
        "relatedarticles",
        "relatedcontent",
        "relatedstories",
        "related",
        "subscribe",
        "signup",
        "facebook",
        "twitter",
        "linkedin",
        "whatsapp",
        "telegram",
        "comments",
        "leaveacomment",
        "skiptocontent",
        "skiptomaincontent",
        "backtotop",
        "download",
        "caption",
        "close",
        "likethis",
        "clicktotweet",
        "tweetthis",
        "likeloading",
        "explorefurther",
        "tags",
        "youmayalsolike",
        "youmightalsolike",
        "trendingnews",
        "alsoread",
        "теги",
        "тэги",
        "поделиться",
        "читатьдалее",
        "читайтетакже",
        "реклама",
        "подписаться",
        "комментарии",
        "распечатать",
        "печать",
        "наверх",
        "похожиематериалы",
        "ещепотеме",
    ]
    .into_iter()
    .collect()
});

/// Lines that are chrome wherever they appear ("Share", "Advertisement").
pub(crate) fn is_boilerplate_line(text: &str) -> bool {
    text.chars().count() < 40 && BOILERPLATE_LINES.contains(fold_key(text).as_str())
}

/// A block longer than this is article text even when one of its sentences
/// asks the reader to subscribe: only short promotional paragraphs go.
const CALL_TO_ACTION_MAX_CHARS: usize = 400;

/// Openings of sentences that ask the reader to sign up or subscribe ("Sign
/// up for the free daily newsletter.", "Подписывайтесь на наш канал").
const SUBSCRIBE_STARTS: &[&str] = &[
    "sign up for",
    "sign up to",
    "sign up today",
    "sign up now",
    "sign up here",
    "subscribe to",
    "subscribe now",
    "subscribe today",
    "subscribe here",
    "subscribe for",
    "join our newsletter",
    "get our newsletter",
    "подписывайтесь",
    "подпишитесь",
];

/// Openings of sentences that ask the reader to follow the publisher or the
/// author; they count only when the sentence names a network or a handle
/// ("Follow us on Twitter @…", "Follow him on Instagram").
const FOLLOW_STARTS: &[&str] = &[
    "follow us",
    "follow me",
    "follow him",
    "follow her",
    "follow them",
    "follow @",
    "like us on",
    "join us on",
    "find us on",
    "connect with us",
    "следите за нами",
    "присоединяйтесь к нам",
    "читайте нас",
];

const NETWORKS: &[&str] = &[
    "twitter",
    "facebook",
    "instagram",
    "linkedin",
    "telegram",
    "youtube",
    "tiktok",
    "vk",
    "вконтакте",
    "телеграм",
    "фейсбук",
];

/// A short paragraph holding a sentence that asks the reader to sign up,
/// subscribe or follow: newsletter boxes, "follow us" lines and the social
/// handles closing an author's bio.
pub(crate) fn is_call_to_action(text: &str) -> bool {
    if text.chars().count() > CALL_TO_ACTION_MAX_CHARS {
        return false;
    }
    let lower = text.to_lowercase();
    sentences(&lower).any(|s| {
        let s = s.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@');
        let social = || {
            s.contains('@')
                || s.split(|c: char| !c.is_alphanumeric())
                    .any(|w| NETWORKS.contains(&w))
        };
        SUBSCRIBE_STARTS.iter().any(|p| s.starts_with(p))
            || (FOLLOW_STARTS.iter().any(|p| s.starts_with(p)) && social())
            // "Click here to download the report" is the article's own
            // link; "Click here to subscribe" is not.
            || (s.starts_with("click here")
                && ["subscribe", "sign up", "newsletter"]
                    .iter()
                    .any(|w| s.contains(w)))
    })
}

/// Sentences of a short text, cut after `.`, `!` or `?` followed by a space.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = rest
            .char_indices()
            .find(|&(i, c)| {
                matches!(c, '.' | '!' | '?') && rest[i + c.len_utf8()..].starts_with(' ')
            })
            .map_or(rest.len(), |(i, c)| i + c.len_utf8());
        let (s, r) = rest.split_at(cut);
        rest = r.trim_start();
        Some(s)
    })
}

/// A short note on how comments are moderated ("Note: we are temporarily
/// moderating all comments", "Comentários … não serão aprovados pelo
/// moderador"): the comment form's furniture.
pub(crate) fn is_comment_policy(text: &str) -> bool {
    if text.chars().count() > 200 {
        return false;
    }
    let lower = text.to_lowercase();
    ["comment", "comentári", "comentari", "коммент"]
        .iter()
        .any(|w| lower.contains(w))
        && ["moderat", "moderad", "модер"]
            .iter()
            .any(|w| lower.contains(w))
}

/// A picture's caption ending in its credit in brackets ("… four RS-25
/// engines. (credit: NASA/Jude Guidry)").
pub(crate) fn is_credited_caption(text: &str) -> bool {
    let t = text.trim_end();
    if t.chars().count() > 300 || !t.ends_with(')') {
        return false;
    }
    let Some(open) = t.rfind('(') else {
        return false;
    };
    let inner = t[open + 1..].trim_start().to_lowercase();
    [
        "credit:",
        "credits:",
        "photo:",
        "photo credit:",
        "image:",
        "image credit:",
        "фото:",
    ]
    .iter()
    .any(|p| inner.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_to_action() {
        for t in [
            "Start your day with our briefing. Sign up for the free daily newsletter.",
            "Mike's book is out now. Follow him on Twitter @mike. Follow us on Facebook.",
            "Follow @BGRDeals on Twitter to keep up with the latest deals.",
            "Click here to subscribe to The Paradigm Newsletter",
            "Подписывайтесь на наш канал в Telegram.",
            "Следите за нами во ВКонтакте.",
        ] {
            assert!(is_call_to_action(t), "{t:?}");
        }
        for t in [
            "Follow the money, he said on Twitter.",
            "Join us on 5 May at the rally outside the court.",
            "Click here to download the full report.",
            "The minister told reporters to subscribe to his channel, which critics called propaganda, \
             and the court ordered the newspaper closed. Sign up for the free daily newsletter. "
                .repeat(4)
                .as_str(),
        ] {
            assert!(!is_call_to_action(t), "{t:?}");
        }
    }

    #[test]
    fn comment_policies_and_captions() {
        assert!(is_comment_policy(
            "ATENÇÃO: Comentários com textos ininteligíveis não serão aprovados pelo moderador."
        ));
        assert!(!is_comment_policy(
            "The platform said it had hired more moderators to remove hateful posts."
        ));
        assert!(is_credited_caption(
            "The core stage at Michoud. (credit: NASA/Jude Guidry)"
        ));
        assert!(is_credited_caption("Protesters in Almaty (Photo: Reuters)"));
        assert!(!is_credited_caption(
            "The fund gave the group a grant (credited to its 2019 budget)"
        ));
    }
}
