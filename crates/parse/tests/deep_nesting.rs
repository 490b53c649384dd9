//! Hostile nesting: a page of 10,000 or 100,000 nested elements parses (or is
//! refused with an error) without overflowing the stack. Test threads run on
//! a 2 MB stack, smaller than the main thread's, so recursion on depth shows
//! here first.

use pressroom_model::sources::SourcesConfig;
use pressroom_parse::{ContentKind, Input, parse};

const ARTICLE: &str = "Police detained dozens of peaceful protesters in the capital on Saturday, \
    and the courts sentenced several of them to administrative arrest, the group said.";

fn nested(open: &str, close: &str, depth: usize) -> String {
    let mut html =
        String::from("<!DOCTYPE html><html lang=\"en\"><head><title>Deep</title></head><body>");
    html.push_str(&open.repeat(depth));
    html.push_str(&format!("<p>{ARTICLE}</p>"));
    html.push_str(&close.repeat(depth));
    html.push_str("</body></html>");
    html
}

fn parse_html(html: &str) -> Result<pressroom_parse::Parsed, pressroom_parse::ParseError> {
    parse(
        &Input {
            bytes: html.as_bytes(),
            origin: "test/deep.html",
            url: None,
            content_type: None,
            kind: ContentKind::Html,
        },
        &SourcesConfig::default(),
    )
}

fn assert_parses(html: &str) {
    match parse_html(html) {
        Ok(parsed) => {
            let body: String = parsed.documents.iter().map(|d| d.body.as_str()).collect();
            assert!(body.contains("peaceful protesters"), "{body:?}");
        }
        Err(e) => panic!("deep page refused: {e}"),
    }
}

#[test]
fn ten_thousand_nested_divs_parse() {
    assert_parses(&nested("<div>", "</div>", 10_000));
}

#[test]
fn a_hundred_thousand_nested_divs_parse() {
    assert_parses(&nested("<div>", "</div>", 100_000));
}

#[test]
fn deep_unclosed_inline_and_table_nesting_parse() {
    assert_parses(&nested("<span>", "", 50_000));
    assert_parses(&nested("<ul><li>", "", 50_000));
    // Text inside 50,000 open links is all link text: chrome, not an article,
    // so an error is a fine answer; a crash is not.
    let links = nested("<a href=\"x\">", "", 50_000);
    let _ = parse_html(&links);
    assert_parses(&nested("<table><tr><td>", "</td></tr></table>", 20_000));
}

#[test]
fn deep_nesting_of_chrome_named_elements_parses() {
    // Each of these names sends the walker to look around the element (its
    // ancestors for code, its descendants for a heading) before it decides
    // whether the element is chrome; the article inside is still found.
    assert_parses(&nested("<span class=\"dateline\">x ", "", 50_000));
    assert_parses(&nested("<div id=\"more-on-lists\">", "</div>", 50_000));
    let mut headed = nested("<div id=\"more-on-lists\">", "</div>", 50_000);
    headed = headed.replace(
        &format!("<p>{ARTICLE}</p>"),
        &format!("<h2>More on lists</h2><p>{ARTICLE}</p>"),
    );
    assert_parses(&headed);
}

#[test]
fn deep_markup_inside_json_ld_strings_parses() {
    // JSON-LD strings may hold markup (a headline with `&amp;`, a product
    // description in `<p>`s), which is parsed to read its text.
    let deep = "<div>".repeat(100_000);
    let html = format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Deep</title>
        <script type="application/ld+json">[{{"@type":"NewsArticle","headline":"{deep}"}},
        {{"@type":"Product","description":"{deep}"}}]</script></head><body><p>{ARTICLE}</p></body></html>"#
    );
    assert_parses(&html);
}
