//! Page metadata: headline, publication date, canonical URL, language
//! versions, authors, publisher and declared language.
//!
//! Structured sources are trusted before visible text: a source rule's
//! selector, then JSON-LD, then `<meta>` tags, then `<time datetime>`, and
//! only then what the page shows. Dates go through [`crate::date`], which
//! rejects pre-1990 and future values.

use super::{first_match, parse_selectors};
use crate::date::parse_date;
use chrono::NaiveDate;
use pressroom_model::Lang;
use pressroom_model::sources::ExtractRules;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::sync::LazyLock;
use url::Url;

#[derive(Debug, Default)]
pub(crate) struct Metadata {
    pub title: String,
    pub published: Option<NaiveDate>,
    pub canonical_url: Option<String>,
    pub alternates: Vec<(Lang, String)>,
    pub authors: Vec<String>,
    pub lang_hint: Option<Lang>,
    /// The language tag the page declares (`<html lang>`, else the
    /// `hreflang` entry naming the page itself, else `og:locale` or a
    /// `content-language` meta), as written.
    pub declared_lang: Option<String>,
    pub publisher: Option<String>,
    /// The `description` of the page's only JSON-LD `Product`, as written
    /// (plain text or markup). A page listing several products describes
    /// none of them as its own.
    pub product_description: Option<String>,
}

fn sel(s: &str) -> Selector {
    // Only called with the literal selectors below.
    Selector::parse(s).unwrap_or_else(|e| panic!("static selector {s:?} is invalid: {e}"))
}

static JSON_LD: LazyLock<Selector> = LazyLock::new(|| sel(r#"script[type="application/ld+json"]"#));
static META: LazyLock<Selector> = LazyLock::new(|| sel("meta[content]"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| sel("title"));
static H1: LazyLock<Selector> = LazyLock::new(|| sel("h1"));
static TIME: LazyLock<Selector> = LazyLock::new(|| sel("time[datetime]"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| sel(r#"link[rel~="canonical"][href]"#));
static HREFLANG: LazyLock<Selector> =
    LazyLock::new(|| sel(r#"link[rel~="alternate"][hreflang][href]"#));
static HTML_EL: LazyLock<Selector> = LazyLock::new(|| sel("html"));
static AUTHOR_LINK: LazyLock<Selector> = LazyLock::new(|| sel(r#"a[rel~="author"]"#));

pub(crate) fn read_metadata(
    doc: &Html,
    base: Option<&Url>,
    rules: Option<&ExtractRules>,
) -> Metadata {
    let ld = json_ld(doc);
    let metas = meta_tags(doc);
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(name, v)| name == k && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_string())
        })
    };

    let rule_text = |list: &[String]| -> Option<String> {
        first_match(doc, list)
            .map(|e| element_text(&e))
            .filter(|t| !t.is_empty())
    };
    let rules_or_empty = rules.cloned().unwrap_or_default();

    let title = rule_text(&rules_or_empty.title)
        .or_else(|| ld_string(&ld, &["headline", "name"], true))
        .or_else(|| meta(&["og:title", "twitter:title"]))
        .or_else(|| {
            doc.select(&H1)
                .next()
                .map(|e| element_text(&e))
                .filter(|t| !t.is_empty())
        })
        .or_else(|| {
            doc.select(&TITLE)
                .next()
                .map(|e| strip_site_suffix(&element_text(&e)))
        })
        .map(|t| strip_site_suffix(&decode_entities(&t)))
        .unwrap_or_default();

    let published = rule_date(doc, &rules_or_empty.date)
        .or_else(|| {
            ld_string(&ld, &["datePublished", "dateCreated"], true).and_then(|s| parse_date(&s))
        })
        .or_else(|| {
            meta(&[
                "article:published_time",
                "og:published_time",
                "datepublished",
                "date",
                "pubdate",
                "publishdate",
                "dc.date",
                "dc.date.issued",
                "dcterms.date",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
            ])
            .and_then(|s| parse_date(&s))
        })
        .or_else(|| {
            doc.select(&TIME)
                .find_map(|t| t.value().attr("datetime").and_then(parse_date))
        });

    let canonical_url = doc
        .select(&CANONICAL)
        .find_map(|l| l.value().attr("href"))
        .map(str::to_string)
        .or_else(|| meta(&["og:url"]))
        .and_then(|h| resolve(base, &h));

    let html_lang = doc
        .select(&HTML_EL)
        .next()
        .and_then(|h| h.value().attr("lang").or(h.value().attr("xml:lang")))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    let own = [base.map(Url::as_str), canonical_url.as_deref()];
    // In the order a page states it: its root element, the `hreflang`
    // entry listing this very page among its versions, its sharing locale.
    let declared: Vec<String> = [
        html_lang,
        own_hreflang(doc, base, &own),
        meta(&["og:locale", "content-language", "language"]),
    ]
    .into_iter()
    .flatten()
    .collect();
    let lang_hint = declared.iter().find_map(|l| lang_of(l));
    let declared_lang = declared.into_iter().next();

    let alternates = alternates(doc, base, &rules_or_empty, lang_hint, &own);

    let mut authors: Vec<String> = Vec::new();
    let mut add_author = |a: String| {
        let a = a
            .trim()
            .trim_start_matches("By ")
            .trim_start_matches("by ")
            .trim()
            .to_string();
        if !a.is_empty()
            && a.chars().count() < 100
            && !authors.iter().any(|x| x.eq_ignore_ascii_case(&a))
        {
            authors.push(a);
        }
    };
    for sel in parse_selectors(&rules_or_empty.author) {
        doc.select(&sel)
            .map(|e| element_text(&e))
            .for_each(&mut add_author);
    }
    ld_authors(&ld).into_iter().for_each(&mut add_author);
    if let Some(a) = meta(&["author", "article:author", "dc.creator", "parsely-author"]) {
        // article:author is often a profile URL, which names nobody.
        if !a.starts_with("http") {
            add_author(a);
        }
    }
    doc.select(&AUTHOR_LINK)
        .map(|e| element_text(&e))
        .for_each(&mut add_author);

    let publisher = meta(&["og:site_name", "application-name"]).or_else(|| {
        ld.iter().find_map(|v| {
            v.get("publisher")
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .map(decode_entities)
        })
    });

    let product_description = {
        let mut products = ld.iter().filter(|v| has_type(v, |t| t == "Product"));
        match (products.next(), products.next()) {
            (Some(p), None) => p
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            _ => None,
        }
    };

    Metadata {
        title,
        published,
        canonical_url,
        alternates,
        authors,
        lang_hint,
        declared_lang,
        publisher,
        product_description,
    }
}

/// Date from a rule-selected element: its `datetime`/`content` attribute when
/// present, else its text.
fn rule_date(doc: &Html, list: &[String]) -> Option<NaiveDate> {
    parse_selectors(list).iter().find_map(|s| {
        doc.select(s).find_map(|e| {
            ["datetime", "content"]
                .iter()
                .find_map(|a| e.value().attr(a).and_then(parse_date))
                .or_else(|| parse_date(&element_text(&e)))
                .or_else(|| crate::date::find_publication_date(&element_text(&e)))
        })
    })
}

/// The language an `hreflang` link gives the page itself: sites list every
/// version of a page, this one included (`x-default` names none).
fn own_hreflang(doc: &Html, base: Option<&Url>, own: &[Option<&str>]) -> Option<String> {
    doc.select(&HREFLANG).find_map(|l| {
        let hl = l.value().attr("hreflang")?.trim();
        let url = resolve(base, l.value().attr("href")?)?;
        (!hl.is_empty()
            && !hl.eq_ignore_ascii_case("x-default")
            && own.iter().flatten().any(|o| same_url(o, &url)))
        .then(|| hl.to_string())
    })
}

/// Other language versions: `hreflang` links, then the source's language
/// switcher (whose links name their language in `hreflang`, `lang`, the URL
/// path, or their text).
fn alternates(
    doc: &Html,
    base: Option<&Url>,
    rules: &ExtractRules,
    page_lang: Option<Lang>,
    own: &[Option<&str>],
) -> Vec<(Lang, String)> {
    let mut out: Vec<(Lang, String)> = Vec::new();
    let mut push = |lang: Option<Lang>, href: &str| {
        let (Some(lang), Some(url)) = (lang, resolve(base, href)) else {
            return;
        };
        if lang == Lang::Other || own.iter().flatten().any(|o| same_url(o, &url)) {
            return;
        }
        if !out.iter().any(|(l, u)| *l == lang && same_url(u, &url)) {
            out.push((lang, url));
        }
    };
    for l in doc.select(&HREFLANG) {
        let (Some(hl), Some(href)) = (l.value().attr("hreflang"), l.value().attr("href")) else {
            continue;
        };
        push(lang_of(hl), href);
    }
    for s in parse_selectors(&rules.language_switcher) {
        for a in doc.select(&s) {
            let Some(href) = a.value().attr("href") else {
                continue;
            };
            let lang = a
                .value()
                .attr("hreflang")
                .or(a.value().attr("lang"))
                .and_then(lang_of)
                .or_else(|| lang_of(&element_text(&a)))
                .or_else(|| resolve(base, href).and_then(|u| lang_from_path(&u)));
            if lang != page_lang || page_lang.is_none() {
                push(lang, href);
            }
        }
    }
    out
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// `/ru/...`, `/en/...`, `/index.php/ru/...` as a language marker.
fn lang_from_path(url: &str) -> Option<Lang> {
    let u = Url::parse(url).ok()?;
    u.path_segments()?.take(2).find_map(|seg| match seg {
        "en" | "ru" | "kk" | "kz" | "uk" => lang_of(seg),
        _ => None,
    })
}

/// Language of a code (`en`, `ru-RU`, `en_GB`, `kz`) or a switcher label
/// (`English`, `Русский`, `RU`).
pub(crate) fn lang_of(s: &str) -> Option<Lang> {
    let s = s.trim().to_lowercase();
    let primary = s.split(['-', '_']).next().unwrap_or("");
    match primary {
        "en" | "eng" | "english" => Some(Lang::En),
        "ru" | "rus" | "russian" | "русский" | "рус" | "ру" => Some(Lang::Ru),
        "kk" | "kz" | "kaz" | "kazakh" | "қазақша" | "қаз" => Some(Lang::Kk),
        "uk" | "ukr" | "українська" => Some(Lang::Uk),
        "" => None,
        p if p.len() == 2 && p.chars().all(|c| c.is_ascii_lowercase()) => Some(Lang::Other),
        _ => None,
    }
}

fn resolve(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty()
        || href.starts_with('#')
        || href.starts_with("javascript:")
        || href.starts_with("mailto:")
    {
        return None;
    }
    match base {
        Some(b) => b.join(href).ok().map(String::from),
        None => Url::parse(href).ok().map(String::from),
    }
}

/// Visible text of an element with whitespace collapsed.
pub(crate) fn element_text(e: &ElementRef<'_>) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Kazakhstan: Crackdown | Human Rights Watch` → `Kazakhstan: Crackdown`.
fn strip_site_suffix(t: &str) -> String {
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    for sep in [" | ", " – ", " — ", " :: ", " - "] {
        if let Some(pos) = t.rfind(sep) {
            let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
            // Only a short tail is a site name; a long one is part of the headline.
            if tail.chars().count() <= 40 && head.chars().count() >= 15 {
                return head.trim().to_string();
            }
        }
    }
    t
}

/// All JSON-LD objects of the page, `@graph` members flattened.
fn json_ld(doc: &Html) -> Vec<Value> {
    let mut out = Vec::new();
    for s in doc.select(&JSON_LD) {
        let text: String = s.text().collect();
        let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        flatten_ld(v, &mut out);
    }
    out
}

fn flatten_ld(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(items) => items.into_iter().for_each(|i| flatten_ld(i, out)),
        Value::Object(mut m) => {
            if let Some(g) = m.remove("@graph") {
                flatten_ld(g, out);
            }
            out.push(Value::Object(m));
        }
        _ => {}
    }
}

fn is_article_type(v: &Value) -> bool {
    has_type(v, |s| {
        s.contains("Article") || s.contains("Posting") || s == "Report" || s == "WebPage"
    })
}

/// Whether one of a JSON-LD object's `@type`s (a string or a list) is one
/// `ty` accepts.
fn has_type(v: &Value, ty: impl Fn(&str) -> bool) -> bool {
    match v.get("@type") {
        Some(Value::String(s)) => ty(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(ty),
        _ => false,
    }
}

/// First string value under one of `keys`, preferring article-typed objects.
fn ld_string(ld: &[Value], keys: &[&str], article_only: bool) -> Option<String> {
    let pick = |v: &Value| {
        keys.iter()
            .find_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_string))
    };
    ld.iter()
        .filter(|v| is_article_type(v))
        .find_map(pick)
        .or_else(|| {
            if article_only {
                None
            } else {
                ld.iter().find_map(pick)
            }
        })
        .filter(|s| !s.trim().is_empty())
}

fn ld_authors(ld: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    for v in ld.iter().filter(|v| is_article_type(v)) {
        match v.get("author") {
            Some(Value::Array(a)) => out.extend(a.iter().filter_map(author_name)),
            Some(a) => out.extend(author_name(a)),
            None => {}
        }
    }
    out
}

fn author_name(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(decode_entities(s)),
        Value::Object(_) => v.get("name").and_then(Value::as_str).map(decode_entities),
        _ => None,
    }
}

/// Character references left in text that the HTML parser never decoded:
/// JSON-LD strings (`"headline": "Kazakhstan &mdash; crackdown"`) and
/// double-escaped attributes (`content="A &amp;mdash; B"`). Stray markup
/// goes too; text without `&` or `<` is returned as is.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains(['&', '<']) {
        return s.to_string();
    }
    // Parsed as a document with bounded nesting: a string of 100,000
    // nested tags costs a fragment parse their square.
    let frag = super::depth::parse_document(s);
    let text: String = frag.root_element().text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(name-or-property, content)` of every `<meta>`, names lower-cased.
fn meta_tags(doc: &Html) -> Vec<(String, String)> {
    doc.select(&META)
        .filter_map(|m| {
            let v = m.value();
            let name = v
                .attr("property")
                .or(v.attr("name"))
                .or(v.attr("itemprop"))
                .or(v.attr("http-equiv"))?;
            Some((name.to_ascii_lowercase(), v.attr("content")?.to_string()))
        })
        .collect()
}
