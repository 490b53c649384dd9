//! HTML parsing with bounded nesting.
//!
//! html5ever's tree builder looks through its stack of open elements for
//! most start tags ("is a `p` element in button scope?"), and that search
//! stops only at a scope boundary, which nested `div`s never are: a page of
//! 100,000 nested `div`s costs 100,000² steps. Browsers bound the depth for
//! the same reason (Blink's parser nests no deeper than 512). Here a token
//! filter between the tokenizer and the tree builder keeps a cheap model of
//! the open elements; past [`MAX_DEPTH`], further start tags (and their end
//! tags) are dropped while their text still flows into the deepest element
//! kept. Nothing is lost but structure no real page has, and the tree
//! builder's searches stay bounded, so parsing is linear in the input.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{LocalName, local_name};
use scraper::{Html, HtmlTreeSink};
use std::cell::RefCell;
use std::collections::HashMap;

/// Open elements the model allows before dropping start tags: far deeper
/// than any real page (Blink stops at 512), small enough that the tree
/// builder's scope searches stay cheap.
pub(crate) const MAX_DEPTH: usize = 1024;

/// Parse a whole document, like `Html::parse_document`, with nesting bounded:
/// linear in the input whatever it holds. Every reader of fetched HTML
/// should parse through this.
pub fn parse_document(html: &str) -> Html {
    parse_document_with(html, true)
}

/// As [`parse_document`]; with `scripting` off, `<noscript>` content is
/// parsed as elements, as a browser without scripts would show it.
pub(crate) fn parse_document_with(html: &str, scripting: bool) -> Html {
    let builder = TreeBuilder::new(
        HtmlTreeSink::new(Html::new_document()),
        TreeBuilderOpts {
            scripting_enabled: scripting,
            ..TreeBuilderOpts::default()
        },
    );
    let filter = DepthFilter {
        inner: builder,
        state: RefCell::new(Model::default()),
    };
    let tokenizer = Tokenizer::new(filter, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The tokenizer pauses for `<script>` (to run it) and `<meta charset>`
    // (to switch decoders); the text is decoded already and nothing runs, so
    // it is resumed until the input is used up.
    while !matches!(tokenizer.feed(&input), html5ever::TokenizerResult::Done) {}
    tokenizer.end();
    let DepthFilter { inner, .. } = tokenizer.sink;
    html5ever::tree_builder::TreeSink::finish(inner.sink)
}

struct DepthFilter {
    inner: TreeBuilder<<HtmlTreeSink as html5ever::tree_builder::TreeSink>::Handle, HtmlTreeSink>,
    state: RefCell<Model>,
}

/// A rough stack of open elements: start tags push, an end tag pops back to
/// its element, and elements that the parser closes by themselves (a `p`
/// or `li` opened while one is open) replace their predecessor. It may
/// count more than the tree builder holds, never much less, which is the
/// safe side for a bound.
#[derive(Default)]
struct Model {
    open: Vec<LocalName>,
    /// How many of each name are on `open`, so an end tag with no open
    /// element of its name is recognised without a search.
    counts: HashMap<LocalName, usize>,
    /// Start tags dropped past the bound, by name, whose end tags are to be
    /// dropped too.
    dropped: HashMap<LocalName, usize>,
}

impl Model {
    fn push(&mut self, name: LocalName) {
        *self.counts.entry(name.clone()).or_default() += 1;
        self.open.push(name);
    }

    fn pop(&mut self) -> Option<LocalName> {
        let name = self.open.pop()?;
        if let Some(c) = self.counts.get_mut(&name) {
            *c -= 1;
        }
        Some(name)
    }

    /// Whether to pass the tag on to the tree builder.
    fn admit(&mut self, tag: &Tag) -> bool {
        match tag.kind {
            TagKind::StartTag => {
                if tag.self_closing || is_void(&tag.name) {
                    return true;
                }
                if closes_itself(&tag.name) && self.open.last() == Some(&tag.name) {
                    self.pop();
                }
                if self.open.len() >= MAX_DEPTH && !is_raw_text(&tag.name) {
                    *self.dropped.entry(tag.name.clone()).or_default() += 1;
                    return false;
                }
                self.push(tag.name.clone());
                true
            }
            TagKind::EndTag => {
                // Dropped elements were opened after every kept one, so an
                // end tag closes them first.
                if let Some(d) = self.dropped.get_mut(&tag.name).filter(|d| **d > 0) {
                    *d -= 1;
                    return false;
                }
                if self.counts.get(&tag.name).copied().unwrap_or(0) > 0 {
                    while let Some(name) = self.pop() {
                        if name == tag.name {
                            break;
                        }
                    }
                }
                true
            }
        }
    }
}

impl TokenSink for DepthFilter {
    type Handle = <HtmlTreeSink as html5ever::tree_builder::TreeSink>::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Self::Handle> {
        if let Token::TagToken(tag) = &token
            && !self.state.borrow_mut().admit(tag)
        {
            return TokenSinkResult::Continue;
        }
        self.inner.process_token(token, line_number)
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("param")
            | local_name!("keygen")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("frame")
            | local_name!("image")
    )
}

/// Elements a second start tag of the same name closes (`<p>a<p>b`).
fn closes_itself(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("li")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("option")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("a")
    )
}

/// Elements whose start tag switches the tokenizer to raw text: dropping one
/// would turn a script into page text.
fn is_raw_text(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("textarea")
            | local_name!("title")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("plaintext")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(
        clippy::disallowed_methods,
        reason = "the unbounded parser is the reference here"
    )]
    fn ordinary_pages_parse_as_html5ever_parses_them() {
        let page = "<html><head><meta charset=utf-8><title>T</title><script>if (a<b) {}</script></head><body>\
            <div><p>one<p>two <b>bold</p><ul><li>a<li>b</ul><table><tr><td>c<td>d</table>\
            <svg><path d='M0'/></svg><br><img src=x></div></body></html>";
        assert_eq!(
            parse_document(page).html(),
            Html::parse_document(page).html()
        );
    }

    #[test]
    fn nesting_past_the_bound_is_flattened_and_the_text_kept() {
        let depth = MAX_DEPTH * 3;
        let page = format!(
            "<body>{}<p>deep text</p>{}<p>after</p></body>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let doc = parse_document(&page);
        let max_depth = doc
            .tree
            .root()
            .descendants()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0);
        assert!(max_depth <= MAX_DEPTH + 4, "{max_depth}");
        let text: String = doc.root_element().text().collect();
        assert_eq!(text, "deep textafter");
    }
}
