//! Text a page declares in its structured data rather than shows. A shop's
//! product page keeps its description in a collapsed tab or draws it with
//! its scripts, while its JSON-LD `Product` states the description whole
//! ([`Metadata::product_description`](super::meta::Metadata)).

use super::meta::decode_entities;
use super::{blocks, depth};
use std::collections::HashSet;

/// A description shorter than this is the summary a page gives search
/// engines (about 160 characters), not the product's text.
const MIN_DESCRIPTION_CHARS: usize = 200;
/// The extracted text already holds the description when it holds this
/// share of the description's word 4-grams.
const HELD_SHARE: f64 = 0.5;

/// Puts the declared product description before the extracted paragraphs
/// when they do not hold it already. A description cut short ("…") or left
/// percent-encoded is a template's leftover, not the product's text.
pub(super) fn join_product_description(paragraphs: &mut Vec<String>, description: &str) {
    let d = description.trim();
    if d.chars().count() < MIN_DESCRIPTION_CHARS
        || d.ends_with("...")
        || d.ends_with('…')
        || d.contains("%20")
    {
        return;
    }
    let wanted = four_grams(d);
    if wanted.is_empty() {
        return;
    }
    let held: HashSet<String> = paragraphs.iter().flat_map(|p| four_grams(p)).collect();
    let share = wanted.iter().filter(|g| held.contains(*g)).count() as f64 / wanted.len() as f64;
    if share >= HELD_SHARE {
        return;
    }
    paragraphs.splice(0..0, description_paragraphs(d));
}

/// The description's paragraphs: its lines when it is plain text, its
/// blocks when it is markup (`<p>`, `<li>`, `<br>`).
fn description_paragraphs(d: &str) -> Vec<String> {
    let lines: Vec<String> = if d.contains('<') {
        let frag = depth::parse_document(d);
        blocks::collect_blocks(frag.root_element(), &HashSet::new(), false)
            .into_iter()
            .map(|b| b.text)
            .collect()
    } else {
        d.lines().map(str::to_string).collect()
    };
    lines
        .iter()
        .map(|l| decode_entities(l.trim()))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Lower-cased runs of four words.
fn four_grams(text: &str) -> HashSet<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(4).map(|w| w.join(" ")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESCRIPTION: &str = "A hand-stitched canvas bag for field researchers, \
        with a padded sleeve for a laptop of up to fifteen inches, two inner pockets \
        for notebooks and recorders, and a strap that keeps the weight off the \
        shoulder on long days of interviews.";

    fn joined(paragraphs: &[&str], description: &str) -> Vec<String> {
        let mut p: Vec<String> = paragraphs.iter().map(|s| s.to_string()).collect();
        join_product_description(&mut p, description);
        p
    }

    #[test]
    fn a_missing_description_goes_first_and_a_held_one_is_not_repeated() {
        assert_eq!(
            joined(&["Price: 40 EUR"], DESCRIPTION),
            vec![DESCRIPTION, "Price: 40 EUR"]
        );
        assert_eq!(joined(&[DESCRIPTION], DESCRIPTION), vec![DESCRIPTION]);
    }

    #[test]
    fn search_snippets_and_template_leftovers_are_not_joined() {
        let short = "A canvas bag for field researchers. Order today!";
        let cut = format!("{}...", &DESCRIPTION[..150]);
        let encoded = DESCRIPTION.replace(' ', "%20");
        for d in [short, cut.as_str(), encoded.as_str()] {
            assert_eq!(joined(&["Price"], d), vec!["Price"], "{d}");
        }
    }

    #[test]
    fn a_description_in_markup_gives_its_paragraphs() {
        let d = format!("<p>{DESCRIPTION}</p><ul><li>Canvas &amp;amp; leather</li></ul>");
        assert_eq!(
            joined(&[], &d),
            vec![DESCRIPTION.to_string(), "Canvas & leather".to_string()]
        );
    }
}
