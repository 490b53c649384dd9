//! A view of a page as older templates write paragraphs: no `<p>` elements,
//! each paragraph's text followed by two line breaks (`Text.<br><br>`).

use crate::html::parse_for_reading;
use html5ever::{QualName, local_name, ns};
use scraper::Node;
use scraper::node::Element;

/// The page `html` with every `<p>` written as a `<span>` of its content
/// followed by two `<br>`s, serialised again. Attributes stay on the span.
pub fn paragraphs_as_breaks(html: &str) -> String {
    let mut doc = parse_for_reading(html);
    let paragraphs: Vec<_> = doc
        .tree
        .nodes()
        .filter(|n| {
            n.value()
                .as_element()
                .is_some_and(|e| &*e.name.local == "p")
        })
        .map(|n| n.id())
        .collect();
    for id in paragraphs {
        let Some(mut node) = doc.tree.get_mut(id) else {
            continue;
        };
        if let Node::Element(el) = node.value() {
            el.name = QualName::new(None, ns!(html), local_name!("span"));
        }
        for _ in 0..2 {
            node.append(Node::Element(Element::new(
                QualName::new(None, ns!(html), local_name!("br")),
                Vec::new(),
            )));
        }
    }
    doc.html()
}

#[cfg(test)]
mod tests {
    use super::paragraphs_as_breaks;

    #[test]
    fn paragraphs_become_text_ended_by_two_breaks() {
        let page = r#"<html><body><div><p class="lead">One <a href="/a">link</a>.</p><p>Two.</p></div><pre>keep</pre></body></html>"#;
        let out = paragraphs_as_breaks(page);
        assert!(!out.contains("<p>") && !out.contains("<p "), "{out}");
        assert!(
            out.contains(r#"<span class="lead">One <a href="/a">link</a>.<br><br></span><span>Two.<br><br></span>"#),
            "{out}"
        );
        assert!(out.contains("<pre>keep</pre>"), "{out}");
    }
}
