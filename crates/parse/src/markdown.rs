//! Markdown releases: files saved from static sites (`.md`, or `.txt`
//! holding Markdown) with their front matter.
//!
//! The front matter gives the title, date and URL the site published; the
//! Markdown is rendered to plain text (headings, emphasis, links and images
//! reduced to their words) before the plain-text cleaning runs, so no `#`,
//! `**` or `---` reaches a title or a body.

use crate::date::parse_date;
use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

/// What a release's front matter says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
}

/// Keys static-site generators use for the page's address.
const URL_KEYS: &[&str] = &[
    "url",
    "permalink",
    "canonical_url",
    "canonicalurl",
    "canonical",
    "source_url",
    "original_url",
    "link",
];
/// Keys for the publication date, most specific first.
const DATE_KEYS: &[&str] = &["date", "published", "publishdate", "pubdate", "created"];

/// Split a leading front-matter block (`---` YAML or `+++` TOML, closed by
/// the same fence) from the text. Text without one is returned whole.
pub fn split_front_matter(text: &str) -> (Option<FrontMatter>, &str) {
    let body = text.trim_start_matches('\u{feff}');
    let Some(first_end) = body.find('\n') else {
        return (None, text);
    };
    let fence = body[..first_end].trim_end();
    if fence != "---" && fence != "+++" {
        return (None, text);
    }
    let after = &body[first_end + 1..];
    let mut offset = 0;
    for line in after.split_inclusive('\n') {
        if line.trim_end() == fence || (fence == "---" && line.trim_end() == "...") {
            let block = &after[..offset];
            let rest = &after[offset + line.len()..];
            let fm = if fence == "+++" {
                toml_front_matter(block)
            } else {
                yaml_front_matter(block)
            };
            return (Some(fm), rest);
        }
        offset += line.len();
    }
    // No closing fence: not front matter.
    (None, text)
}

fn pick(fm: &mut FrontMatter, key: &str, value: &str) {
    let key = key.trim().to_ascii_lowercase();
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    if key == "title" && fm.title.is_none() {
        fm.title = Some(value.to_string());
    } else if DATE_KEYS.contains(&key.as_str()) && fm.date.is_none() {
        // ISO dates first (`2024-11-29`, `2024-11-29T10:00:00+05:00`), then
        // the written forms `date::parse_date` knows.
        fm.date = value
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .or_else(|| parse_date(value));
    } else if URL_KEYS.contains(&key.as_str())
        && fm.url.is_none()
        && (value.starts_with("http://") || value.starts_with("https://"))
    {
        fm.url = Some(value.to_string());
    }
}

/// YAML front matter: only top-level `key: value` scalars are read (a title,
/// a date, a URL); lists, nested maps and multi-line values are skipped, so
/// no YAML parser is needed for the three fields we keep.
fn yaml_front_matter(block: &str) -> FrontMatter {
    let mut fm = FrontMatter::default();
    for line in block.lines() {
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if value.starts_with(['|', '>', '[', '{']) {
            continue;
        }
        pick(&mut fm, key, &unquote_yaml(value));
    }
    fm
}

fn unquote_yaml(value: &str) -> String {
    let v = value.trim();
    if v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
    {
        let inner = &v[1..v.len() - 1];
        if v.starts_with('\'') {
            return inner.replace("''", "'");
        }
        return inner.replace("\\\"", "\"");
    }
    // An unquoted value ends at a comment.
    v.split(" #").next().unwrap_or(v).trim().to_string()
}

fn toml_front_matter(block: &str) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let Ok(table) = block.parse::<toml::Table>() else {
        return fm;
    };
    for (key, value) in &table {
        let text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            _ => continue,
        };
        pick(&mut fm, key, &text);
    }
    fm
}

static ATX_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^ {0,3}#{1,6}[ \t]+\S").expect("valid regex"));
static STRONG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\*\*|__)[^\s*_][^\n]*?(\*\*|__)").expect("valid regex"));
static INLINE_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[[^\]\n]+\]\([^)\s]+\)").expect("valid regex"));

/// Whether text holds Markdown: a `.md` file, or headings, strong emphasis or
/// inline links written as Markdown.
pub fn looks_like_markdown(text: &str, origin: &str) -> bool {
    let origin = origin.to_ascii_lowercase();
    if origin.ends_with(".md") || origin.ends_with(".markdown") {
        return true;
    }
    ATX_HEADING.is_match(text) || STRONG.is_match(text) || INLINE_LINK.is_match(text)
}

/// Markdown rendered to plain text: one line per block (heading, paragraph,
/// list item as `• item`, table row), blocks separated by blank lines;
/// emphasis, code spans and links reduced to their words; images, raw HTML
/// and rules dropped.
pub fn to_plain_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(markdown.len());
    let mut line = String::new();
    let mut image_depth = 0usize;
    let flush = |line: &mut String, out: &mut String| {
        let t = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() && t != "•" {
            out.push_str(&t);
            out.push_str("\n\n");
        }
        line.clear();
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Start(Tag::Item) => {
                flush(&mut line, &mut out);
                line.push_str("• ");
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableRow | Tag::TableHead)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
                // A paragraph inside a list item continues the item's line.
            ) if line.trim() != "•" => flush(&mut line, &mut out),
            Event::End(TagEnd::TableCell) => line.push_str(" | "),
            Event::Text(t) | Event::Code(t) => line.push_str(&t),
            Event::SoftBreak => line.push(' '),
            Event::HardBreak => flush(&mut line, &mut out),
            _ => {}
        }
    }
    flush(&mut line, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_front_matter() {
        let (fm, rest) = split_front_matter(
            "---\ntitle: \"Kazakhstan: release\"\ndate: 2024-11-29T10:00:00+05:00\ntags:\n  - x\npermalink: https://example.org/a/\n---\n# Body\n",
        );
        let fm = fm.unwrap();
        assert_eq!(fm.title.as_deref(), Some("Kazakhstan: release"));
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2024, 11, 29));
        assert_eq!(fm.url.as_deref(), Some("https://example.org/a/"));
        assert_eq!(rest, "# Body\n");
        let (fm, _) = split_front_matter("+++\ntitle = 'T'\ndate = 2021-07-06\n+++\ntext");
        let fm = fm.unwrap();
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2021, 7, 6));
    }

    #[test]
    fn a_rule_or_an_unclosed_fence_is_not_front_matter() {
        assert_eq!(split_front_matter("---\nno end").0, None);
        assert_eq!(split_front_matter("Title\n---\n").0, None);
    }

    #[test]
    fn markup_is_reduced_to_words() {
        let text = to_plain_text(
            "# A *big* title\n\nSome **strong** text with [a link](https://x.org/) and `code`.\n\n- one item\n- two\n\n![photo](p.jpg)\n\n---\n",
        );
        assert_eq!(
            text,
            "A big title\n\nSome strong text with a link and code.\n\n• one item\n\n• two\n\n"
        );
    }
}
