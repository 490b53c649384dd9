//! The HTML path on hostile shapes: the input chooses a nesting depth (up to
//! 65,535), a tag to nest, and an attribute repeated into a huge value; the
//! rest is the page's inner markup. `parse()` may refuse the page but must
//! never panic, overflow the stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pressroom_model::sources::SourcesConfig;
use pressroom_parse::{ContentKind, Input, parse};

const TAGS: &[&str] = &[
    "div", "span", "a href=\"/x\"", "table><tr><td", "ul><li", "p", "b", "svg", "math",
    "blockquote", "section class=\"article-body\"", "div class=\"sidebar\"", "font", "select",
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let depth = usize::from(u16::from_le_bytes([data[0], data[1]]));
    let tag = TAGS[usize::from(data[2]) % TAGS.len()];
    let attr_repeat = usize::from(data[3]) * 1024;
    let rest = String::from_utf8_lossy(&data[4..]);
    let name = tag.split([' ', '>']).next().unwrap_or("div");

    let mut html = String::with_capacity(depth * (tag.len() + name.len() + 5) + rest.len() * 2);
    html.push_str("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body>");
    if attr_repeat > 0 {
        // A huge attribute value made of the input itself.
        html.push_str("<div data-x=\"");
        for _ in 0..attr_repeat.min(1 << 20) / rest.len().max(1) {
            html.push_str(&rest);
        }
        html.push_str("\">");
    }
    for _ in 0..depth {
        html.push('<');
        html.push_str(tag);
        html.push('>');
    }
    html.push_str(&rest);
    // Close half of them: the rest stay open until the end of the input.
    for _ in 0..depth / 2 {
        html.push_str("</");
        html.push_str(name);
        html.push('>');
    }
    html.push_str("</body></html>");

    let sources = SourcesConfig::default();
    let _ = parse(
        &Input {
            bytes: html.as_bytes(),
            origin: "fuzz/deep.html",
            url: Some("https://www.hrw.org/news/2021/07/07/x"),
            content_type: None,
            kind: ContentKind::Html,
        },
        &sources,
    );
});
