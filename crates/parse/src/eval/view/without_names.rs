//! A view of a page with every `class` and `id` removed, to measure how much
//! extraction leans on a template's names. A site never seen may name its
//! parts anything (hashed names, another language), and its structure is then
//! all there is to go by. Ids that are the page's wiring rather than names
//! stay: a streamed page's segments left without their place (`id="S:1f"`),
//! and the panels its tabs and disclosure buttons name in `aria-controls`.

use crate::html::{is_streamed_segment, parse_for_reading, revealed_ids};
use scraper::Node;

/// The page `html` with the `class` and `id` attributes of every element
/// removed, serialised again. Everything else (tags, other attributes,
/// text, scripts) is kept. It is parsed as extraction reads it, so a page
/// whose content is inside `<noscript>` keeps that content as elements.
pub fn without_names(html: &str) -> String {
    let mut doc = parse_for_reading(html);
    let revealed = revealed_ids(&doc.tree);
    for node in doc.tree.values_mut() {
        if let Node::Element(el) = node {
            let keep_id =
                is_streamed_segment(el) || el.attr("id").is_some_and(|id| revealed.contains(id));
            el.attrs.retain(|(name, _)| match &*name.local {
                "class" => false,
                "id" => keep_id,
                _ => true,
            });
        }
    }
    doc.html()
}

#[cfg(test)]
mod tests {
    use super::without_names;

    #[test]
    fn names_go_and_everything_else_stays() {
        let page = r#"<html><body><div id="main" class="article-body" data-x="1"><p class='lead'>A <a href="/x" class="tag">court</a> ruled.</p></div><script>var c = "class=x";</script></body></html>"#;
        let out = without_names(page);
        assert!(
            !out.contains("main") && !out.contains("article-body"),
            "{out}"
        );
        assert!(!out.contains("lead") && !out.contains("\"tag\""), "{out}");
        assert!(
            out.contains(r#"data-x="1""#) && out.contains(r#"href="/x""#),
            "{out}"
        );
        assert!(out.contains("A <a href=\"/x\">court</a> ruled."), "{out}");
        assert!(out.contains(r#"var c = "class=x";"#), "{out}");
    }

    #[test]
    fn a_panel_keeps_the_id_its_control_names() {
        let page = r#"<html><body><button aria-expanded="false" aria-controls="faq-1">Q</button><div id="faq-1" class="panel" hidden>A</div><div id="other">B</div></body></html>"#;
        let out = without_names(page);
        assert!(out.contains(r#"id="faq-1""#), "{out}");
        assert!(!out.contains("panel") && !out.contains("other"), "{out}");
    }

    #[test]
    fn a_streamed_segment_keeps_the_id_its_script_moves_it_by() {
        // Without its place in the page, the segment stays where it is, and
        // its id says what it is.
        let page = r#"<html><body><template id="B:1"></template><div hidden id="S:0" class="prose"><p>The article.</p></div></body></html>"#;
        let out = without_names(page);
        assert!(out.contains(r#"id="S:0""#), "{out}");
        assert!(!out.contains("prose") && !out.contains("B:1"), "{out}");
        // With it, the segment's content is written in its place.
        let page = r#"<html><body><main><template id="B:0"></template></main><div hidden id="S:0" class="prose"><p>The article.</p></div></body></html>"#;
        let out = without_names(page);
        assert!(out.contains("<main><p>The article.</p></main>"), "{out}");
        assert!(!out.contains("S:0") && !out.contains("hidden"), "{out}");
    }
}
