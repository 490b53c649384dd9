//! Pages whose text is only in `<noscript>`.
//!
//! A script-rendered page (a forum, a shop, a single-page app) often ships
//! its whole content a second time inside `<noscript>` for clients that run
//! no scripts, with an empty shell around it. Parsed as a browser with
//! scripts parses it, that content is one raw string and the page looks
//! empty; so when the `<noscript>` text outweighs everything else the page
//! shows, the page is read as a client without scripts sees it.

use super::{depth, streamed};
use scraper::{Html, Node};

/// `<noscript>` text (markup left out) must exceed this, and the rest of the
/// body's text this many times over: a "please enable JavaScript" line or
/// a tracking pixel never does.
const MIN_NOSCRIPT_CHARS: usize = 200;
const NOSCRIPT_SHARE: usize = 2;

/// The page parsed for reading: without scripts when its `<noscript>`
/// content is the page, and with its streamed parts in their places.
pub(crate) fn parse_for_reading(html: &str) -> Html {
    let doc = depth::parse_document(html);
    let mut doc = if noscript_holds_the_page(&doc) {
        depth::parse_document_with(html, false)
    } else {
        doc
    };
    if streamed::may_hold_parts(html) {
        streamed::place_streamed_parts(&mut doc);
    }
    doc
}

fn noscript_holds_the_page(doc: &Html) -> bool {
    let (mut hidden, mut shown) = (0usize, 0usize);
    for node in doc.tree.root().descendants() {
        let Node::Text(t) = node.value() else {
            continue;
        };
        let parent = node
            .parent()
            .and_then(|p| p.value().as_element().map(|e| e.name()));
        match parent {
            Some("noscript") => hidden += text_outside_tags(t),
            Some("script" | "style" | "template" | "title") => {}
            _ => shown += t.trim().chars().count(),
        }
    }
    hidden > MIN_NOSCRIPT_CHARS && hidden > shown * NOSCRIPT_SHARE
}

/// Characters of a markup string outside its tags, spaces runs as one.
fn text_outside_tags(markup: &str) -> usize {
    let (mut n, mut in_tag, mut space) = (0, false, true);
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() => {
                if !space {
                    n += 1;
                }
                space = true;
            }
            _ => {
                n += 1;
                space = false;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_not_counted_as_text() {
        assert_eq!(text_outside_tags("<p class=x>ab  c</p>\n<br>"), 5);
    }

    #[test]
    fn a_pixel_or_a_script_warning_leaves_the_page_as_it_is() {
        let page = "<html><head><noscript><img src=p></noscript></head><body>\
            <noscript>Please enable JavaScript to use this site.</noscript>\
            <p>The article itself, long enough to be the page.</p></body></html>";
        assert!(!noscript_holds_the_page(&depth::parse_document(page)));
    }
}
