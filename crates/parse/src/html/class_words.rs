//! Class and id words: what an element's names say it is (chrome such as
//! `share-bar` or `related-posts`, or the article itself such as
//! `article-body`), and click-to-tweet wrappers around article sentences.

use super::boilerplate::{is_boilerplate_line, is_trailer_heading};
use super::responsive::{is_device_class, shown_at_desktop_width};
use scraper::ElementRef;
use std::collections::HashSet;

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
    "reviews",
];

/// Chrome words that hold even inside a sentence: text for screen readers
/// or for print only, hidden text, share links and adverts, and the
/// author's name in a byline ("par <span class=author>…</span>"), which is
/// page furniture however it is worded.
const UNREAD_INLINE_WORDS: &[&str] = &[
    "author",
    "byline",
    "hidden",
    "visually",
    "sr",
    "skip",
    "print",
    "share",
    "sharing",
    "social",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "sponsor",
    "sponsored",
    "promo",
];

/// Words that mark the article itself; an element carrying one is never
/// treated as chrome even if it also carries a chrome word
/// (`article-content sidebar-aware`).
const CONTENT_WORDS: &[&str] = &[
    "article", "content", "main", "body", "story", "post", "entry", "text", "prose", "richtext",
];

/// Each class name and the id, as lower-cased word lists (`post-comments`
/// → `["post", "comments"]`).
pub(super) fn class_tokens(el: &scraper::node::Element) -> Vec<Vec<String>> {
    class_tokens_where(el, |_| true)
}

/// As [`class_tokens`], of the class names and id that `keep` accepts.
fn class_tokens_where(
    el: &scraper::node::Element,
    keep: impl Fn(&str) -> bool,
) -> Vec<Vec<String>> {
    [el.attr("class"), el.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(|v| name_tokens(v, &keep))
        .collect()
}

/// The names of one attribute's value that `keep` accepts, each as its
/// lower-cased words.
fn name_tokens(value: &str, keep: impl Fn(&str) -> bool) -> Vec<Vec<String>> {
    value
        .split_whitespace()
        .filter(|t| keep(t))
        .map(|t| {
            t.split(['-', '_', ':'])
                .flat_map(split_camel)
                .filter(|w| !w.is_empty())
                .map(|w| w.to_ascii_lowercase())
                .flat_map(split_compound)
                .collect::<Vec<String>>()
        })
        .filter(|words| !words.is_empty())
        .collect()
}

/// Words that follow a chrome word in a compound written without a
/// separator: `sharebuttons`, `commentlist`, `relatedposts`.
const COMPOUND_AFTER: &[&str] = &[
    "area",
    "articles",
    "bar",
    "block",
    "box",
    "button",
    "buttons",
    "container",
    "content",
    "form",
    "icons",
    "items",
    "links",
    "list",
    "menu",
    "module",
    "nav",
    "panel",
    "posts",
    "section",
    "stories",
    "tools",
    "widget",
    "wrap",
    "wrapper",
];
/// Words that come before one: `mainmenu`, `sitefooter`, `userbanner`.
const COMPOUND_BEFORE: &[&str] = &[
    "article",
    "footer",
    "global",
    "header",
    "main",
    "mobile",
    "page",
    "post",
    "primary",
    "secondary",
    "site",
    "social",
    "top",
    "user",
];

/// A lower-cased word written as a chrome word and another without a
/// separator (`sharebuttons`, `mainmenu`), as its two words, so that it
/// reads as `share-buttons` and `main-menu` do; any other word, whole.
/// Chrome words under four letters are left alone (`adbox`; `navbar` is a
/// chrome word of its own).
fn split_compound(word: String) -> impl Iterator<Item = String> {
    // The shortest compound, `menu` and `bar`, has seven letters.
    let is_chrome_word = |w: &str| w.len() >= 4 && CHROME_WORDS.contains(&w);
    let split_at = (word.len() >= 7)
        .then(|| {
            COMPOUND_AFTER
                .iter()
                .find_map(|after| word.strip_suffix(after).filter(|w| is_chrome_word(w)))
                .map(str::len)
                .or_else(|| {
                    COMPOUND_BEFORE.iter().find_map(|before| {
                        word.strip_prefix(before)
                            .filter(|w| is_chrome_word(w))
                            .map(|_| before.len())
                    })
                })
        })
        .flatten();
    match split_at {
        Some(at) => {
            let second = word[at..].to_string();
            let mut word = word;
            word.truncate(at);
            std::iter::once(word).chain(Some(second))
        }
        None => std::iter::once(word).chain(None),
    }
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
pub(super) enum Tweetable {
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
pub(super) fn tweetable(el: &scraper::node::Element) -> Tweetable {
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

/// Chrome and content marks of an element's class names and id. A chrome
/// word decides its own name (`post-comments`, `related-content` and
/// `sidebar-content` are chrome), and a content word in another name
/// overrides it (`article-body sidebar-aware`). Utility classes, which
/// style an element rather than name it, mark nothing: a name with a
/// variant prefix (`lg:hidden`, `md:flex`: a style at one screen width or
/// state, the element being shown at another) or an `overflow-` utility
/// (`overflow-hidden` clips, it does not hide). Nor does a name saying
/// that a part of the element is hidden (`field--label-hidden`), nor a
/// plain `hidden` that a width variant overrides (`hidden lg:block`: shown
/// on a desktop, [`shown_at_desktop_width`]).
///
/// Chrome words in `layout` mark nothing: the page uses them for layout.
///
/// An id spelling the element's own heading (`more-on-lists` round "5.1.
/// More on Lists", as documentation generators and Markdown renderers
/// make them) names a topic, not a part of the page: its chrome words mark
/// nothing.
fn class_marks(el: ElementRef<'_>, layout: &HashSet<&str>) -> (bool, bool) {
    let (mut chrome, mut content) = (false, false);
    let shown = shown_at_desktop_width(el.value()) == Some(true);
    let names = |value: Option<&str>| name_tokens(value.unwrap_or(""), |t| !t.contains(':'));
    let id = el.value().attr("id");
    let mut id_is_topic: Option<bool> = None;
    for (words, of_id) in names(el.value().attr("class"))
        .into_iter()
        .map(|w| (w, false))
        .chain(names(id).into_iter().map(|w| (w, true)))
    {
        if is_style_utility(&words)
            || hides_a_part(&words)
            || is_device_class(&words)
            || (shown && words == ["hidden"])
        {
            continue;
        }
        if words
            .iter()
            .any(|w| CHROME_WORDS.contains(&w.as_str()) && !layout.contains(w.as_str()))
        {
            // The heading is looked for once, and only when no other name
            // has already marked the element.
            if !chrome {
                let topic = of_id
                    && *id_is_topic
                        .get_or_insert_with(|| id.is_some_and(|id| id_spells_heading(el, id)));
                chrome = !topic;
            }
        } else if words.iter().any(|w| CONTENT_WORDS.contains(&w.as_str())) {
            content = true;
        }
    }
    (chrome, content)
}

/// How many nodes into an element its heading is looked for.
const HEADING_SEARCH_NODES: usize = 64;

/// Whether `id` is spelled from the words of the element's heading (its
/// own text if it is one, else its first heading's): two words or more of
/// the heading make most of the id's words, numbers aside, and the heading
/// is not itself a trailer or chrome line (`related-posts` round "Related
/// posts" is still the related posts). Most, not all: generators prefix or
/// number the words they take (`s-meta-options`, `nav_nur_die_folie__1`).
fn id_spells_heading(el: ElementRef<'_>, id: &str) -> bool {
    let lower_words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let id_words: Vec<String> = lower_words(id)
        .into_iter()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    if id_words.len() < 2 {
        return false;
    }
    let is_heading =
        |e: &ElementRef<'_>| matches!(e.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
    // A heading opens its section: looking further would cost a hostile
    // page of nested named wrappers its depth times its size.
    let heading = std::iter::once(el)
        .chain(
            el.descendants()
                .take(HEADING_SEARCH_NODES)
                .filter_map(ElementRef::wrap),
        )
        .find(is_heading);
    let Some(heading) = heading else {
        return false;
    };
    let text: String = heading.text().collect();
    let text = text.trim();
    let words = lower_words(text);
    let held = id_words.iter().filter(|w| words.contains(w)).count();
    held >= 2
        && held * 2 > id_words.len()
        && !is_trailer_heading(text)
        && !is_boilerplate_line(text)
}

/// An `overflow-*` utility class (`overflow-hidden`, `overflow-x-hidden`),
/// or a class of the CKEditor 5 editor left in the text it wrote
/// (`ck-widget`: a picture grid or a table inside the article).
fn is_style_utility(words: &[String]) -> bool {
    matches!(words.first().map(String::as_str), Some("overflow" | "ck"))
}

/// A name saying that a part of the element is hidden, not the element:
/// Drupal's `field--label-hidden` (a field shown without its label),
/// `block-title-hidden`.
fn hides_a_part(words: &[String]) -> bool {
    words
        .windows(2)
        .any(|w| matches!(w[0].as_str(), "label" | "title") && w[1] == "hidden")
}

/// Whether an element's names mark it as chrome, the chrome words in
/// `layout` (which the page uses for its layout) marking nothing.
pub(crate) fn is_chrome(el: ElementRef<'_>, layout: &HashSet<&str>) -> bool {
    let (chrome, content) = class_marks(el, layout);
    chrome && !content
}

/// Whether an inline element's names mark it as text nobody reads in the
/// sentence around it ([`UNREAD_INLINE_WORDS`]).
pub(crate) fn is_unread_inline(el: &scraper::node::Element) -> bool {
    class_tokens(el)
        .iter()
        .flatten()
        .any(|w| UNREAD_INLINE_WORDS.contains(&w.as_str()))
}

/// Chrome whose element may hold more text than the article and still be
/// chrome: a long comment thread or customer reviews, a large menu. Its
/// size says nothing.
const BULKY_CHROME_WORDS: &[&str] = &[
    "comment",
    "comments",
    "disqus",
    "reviews",
    "nav",
    "navbar",
    "navigation",
    "menu",
];

/// The chrome words among an element's class names and id that a page may
/// be using for layout (`widget`, `sidebar` in `has-sidebar`): all of them
/// but those of bulky chrome.
pub(crate) fn layout_words(el: &scraper::node::Element) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = class_tokens_where(el, |t| !t.contains(':'))
        .into_iter()
        .filter(|words| !is_style_utility(words) && !hides_a_part(words))
        .flatten()
        .filter_map(|w| CHROME_WORDS.iter().copied().find(|c| *c == w))
        .filter(|w| !BULKY_CHROME_WORDS.contains(w))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Positive (+1), negative (-1) or neutral (0) class/id hint.
pub(crate) fn class_hint(el: ElementRef<'_>) -> i32 {
    let (chrome, content) = class_marks(el, &HashSet::new());
    i32::from(content) - i32::from(chrome)
}
