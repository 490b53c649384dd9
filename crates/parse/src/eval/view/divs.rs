//! A view of a page as a script-built template writes paragraphs: each `<p>`
//! is a plain `<div>`, so only its text and its place say it is prose.

use crate::html::parse_for_reading;
use html5ever::{QualName, local_name, ns};
use scraper::Node;

/// The page `html` with every `<p>` written as a `<div>` of the same
/// attributes and content, serialised again.
pub fn paragraphs_as_divs(html: &str) -> String {
    let mut doc = parse_for_reading(html);
    for node in doc.tree.values_mut() {
        if let Node::Element(el) = node
            && &*el.name.local == "p"
        {
            el.name = QualName::new(None, ns!(html), local_name!("div"));
        }
    }
    doc.html()
}

#[cfg(test)]
mod tests {
    use super::paragraphs_as_divs;

    #[test]
    fn paragraphs_become_divs_with_their_attributes_and_content() {
        let page = r#"<html><body><div><p class="lead">One <a href="/a">link</a>.</p><p>Two.</p></div><pre>keep</pre></body></html>"#;
        let out = paragraphs_as_divs(page);
        assert!(!out.contains("<p>") && !out.contains("<p "), "{out}");
        assert!(
            out.contains(r#"<div class="lead">One <a href="/a">link</a>.</div><div>Two.</div>"#),
            "{out}"
        );
        assert!(out.contains("<pre>keep</pre>"), "{out}");
    }
}
