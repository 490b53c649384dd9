//! A view of a page as a template from before HTML5's landmarks would write
//! it: `article`, `main`, `header`, `footer`, `nav`, `aside`, `section` and
//! `figure` become plain `div`s (so `figcaption` too), and the landmark
//! roles (`main`, `article`, `navigation`, `banner`, `contentinfo`,
//! `complementary`) go. Other roles stay: a tab panel is wiring, not a
//! landmark.

use crate::html::parse_for_reading;
use html5ever::{QualName, local_name, ns};
use scraper::Node;

const SECTIONING: [&str; 9] = [
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "section",
    "figure",
    "figcaption",
];

const LANDMARK_ROLES: [&str; 6] = [
    "main",
    "article",
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
];

/// The page `html` with its sectioning elements as `div`s and its landmark
/// roles removed, serialised again.
pub fn without_landmarks(html: &str) -> String {
    let mut doc = parse_for_reading(html);
    for node in doc.tree.values_mut() {
        if let Node::Element(el) = node {
            if SECTIONING.contains(&&*el.name.local) {
                el.name = QualName::new(None, ns!(html), local_name!("div"));
            }
            el.attrs.retain(|(name, value)| {
                !(&*name.local == "role"
                    && LANDMARK_ROLES.contains(&value.trim().to_ascii_lowercase().as_str()))
            });
        }
    }
    doc.html()
}

#[cfg(test)]
mod tests {
    use super::without_landmarks;

    #[test]
    fn landmarks_become_divs_and_other_roles_stay() {
        let page = r#"<html><body><nav class="menu">Home</nav><main><article><header><h1>Title</h1></header><section><p>Text.</p></section><aside>Note</aside></article></main><div role="navigation">Links</div><div role="tabpanel">Panel</div><footer>Legal</footer></body></html>"#;
        let out = without_landmarks(page);
        for tag in [
            "<nav", "<main", "<article", "<header", "<section", "<aside", "<footer",
        ] {
            assert!(!out.contains(tag), "{tag} in {out}");
        }
        assert!(!out.contains("navigation"), "{out}");
        assert!(out.contains(r#"role="tabpanel""#), "{out}");
        assert!(out.contains(r#"<div class="menu">Home</div>"#), "{out}");
        assert!(
            out.contains("<h1>Title</h1>") && out.contains("<p>Text.</p>"),
            "{out}"
        );
    }
}
