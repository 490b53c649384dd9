//! Plain text to documents: page chrome removed, source identified, one
//! document per language block.
//!
//! Plain-text releases are mostly copies of web pages (select-all, copy) or
//! exports of other tools, so they carry the page's chrome as lines:
//! language switchers, menus, breadcrumbs, share bars, "Related articles"
//! lists, postal addresses. Rules that recognise chrome are generic and data
//! (`stop_lines` in `[source.extract]` of `corpus/sources.toml` add to the
//! built-in ones), never tied to one page, so that they hold on releases we
//! have not seen:
//!
//! * **stop lines** end the article (`Related articles`, `Share this`,
//!   `Subscribe to our …`), but only once some article text has been seen, so
//!   a menu entry at the top cannot swallow the page;
//! * **chrome lines** are removed wherever they are: lines made only of
//!   share/print/menu words, language switchers, breadcrumbs, logo captions,
//!   menus glued into one line, runs of short bullet items, markdown image
//!   debris;
//! * **metadata blocks** (`Date: …`, `Type: …` lines under a `Properties`
//!   header) are removed after their date is read;
//! * **contact blocks** (telephone, fax, e-mail, P.O. box and the address
//!   lines around them) are removed.
//!
//! The cleaned paragraphs then go through [`split_into_documents`], which the
//! HTML path shares.

use crate::date::{find_publication_date, parse_date};
use crate::markdown;
use crate::{ParseError, Parsed};
use chrono::NaiveDate;
use pressroom_analysis::lang::{fill_gaps, is_stray, paragraph_langs};
use pressroom_analysis::normalize::normalize_paragraph;
use pressroom_model::sources::{SourceConfig, SourcesConfig};
use pressroom_model::{DocId, DocMeta, Document, Evidence, Lang, Link, LinkKind};
use regex::Regex;
use std::sync::LazyLock;

/// Lines that end the article in any source's pages (compared folded, as a
/// prefix of a short line).
const STOP_LINES: &[&str] = &[
    "related articles",
    "related content",
    "related news",
    "related posts",
    "related stories",
    "read also",
    "read more",
    "see also",
    "share this",
    "languages",
    "this page is available in",
    "recently viewed articles",
    "you can also translate it on the fly",
    "subscribe to our",
    "follow us on",
    "leave a reply",
    "похожие материалы",
    "похожие новости",
    "читайте также",
    "поделиться",
    "подписывайтесь на",
    "подпишитесь на",
    "оставить комментарий",
];

/// Words and phrases of share bars, menus and page tools. A line holding
/// nothing else is chrome.
const CHROME_PHRASES: &[&str] = &[
    "save as pdf",
    "print version",
    "printer-friendly version",
    "make a donation",
    "donate now",
    "donate",
    "share this",
    "share",
    "tweet",
    "print",
    "e-mail",
    "email",
    "facebook",
    "twitter",
    "whatsapp",
    "telegram",
    "linkedin",
    "instagram",
    "youtube",
    "rss",
    "blog",
    "privacy policy",
    "cookie policy",
    "terms of use",
    "skip to main content",
    "skip to content",
    "back to top",
    "menu",
    "search",
    "home",
    "версия для печати",
    "поделиться",
    "печать",
    "главная",
    "поиск",
    "меню",
];

/// Names of languages as they appear in language switchers.
const LANGUAGE_NAMES: &[&str] = &[
    "english",
    "français",
    "francais",
    "español",
    "espanol",
    "русский",
    "қазақша",
    "қазақ тілі",
    "deutsch",
    "العربية",
    "中文",
    "kazakh",
    "russian",
    "french",
    "spanish",
    "рус",
    "каз",
    "қаз",
    "eng",
    "en",
    "ru",
    "kz",
    "fr",
    "es",
];

static ORIGINAL_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\[([^\]]{1,60})\]\s*\((https?://[^)\s]+)\)\s*$").expect("valid regex")
});
static MARKDOWN_IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!\s*\[[^\]]*\]\s*\([^)]*\)").expect("valid regex"));
/// `_ -` left where a machine translation export lost a dash of direct speech.
static UNDERSCORE_DASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|\s|,)_+\s*-(\s|$)").expect("valid regex"));
static BREADCRUMB_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s(?:/|>|»|›|→|\|)\s").expect("valid regex"));
static GLUED_CAPS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{Ll}\p{Lu}").expect("valid regex"));
static METADATA_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{L} ]{1,25}:\s*\S.{0,200}$").expect("valid regex"));
static METADATA_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(properties|details|metadata|tags|info|свойства|детали|теги|информация)$")
        .expect("valid regex")
});
static CONTACT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:tel\b|tel\.|phone\b|fax\b|факс|тел\b|тел\.|e-?mail\s*:|p\.?\s?o\.?\s*box\b|а/я\b)|\+\d[\d\s()./-]{7,}\d",
    )
    .expect("valid regex")
});
static LABELLED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:date|published|posted|дата|опубликовано)\s*:").expect("valid regex")
});

/// Lower-cased, with punctuation and separators reduced to single spaces.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn letter_count(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

fn is_stop_line(line: &str, extra: &[String]) -> bool {
    let f = fold(line);
    if f.is_empty() || word_count(&f) > 8 {
        return false;
    }
    let matches = |stop: &str| {
        let stop = fold(stop);
        !stop.is_empty() && (f == stop || f.starts_with(&format!("{stop} ")))
    };
    STOP_LINES.iter().any(|s| matches(s)) || extra.iter().any(|s| matches(s))
}

/// Remove every occurrence of the listed phrases (whole words) from a folded
/// line; true when nothing is left.
fn only_phrases(folded: &str, phrases: &[&str]) -> bool {
    let mut rest = format!(" {folded} ");
    let mut sorted: Vec<&str> = phrases.to_vec();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in sorted {
        rest = rest.replace(&format!(" {p} "), " ");
        // Repeated phrases next to each other share a space.
        rest = rest.replace(&format!(" {p} "), " ");
    }
    rest.trim().is_empty()
}

fn is_breadcrumb(line: &str) -> bool {
    let parts: Vec<&str> = BREADCRUMB_SEP.split(line.trim()).collect();
    parts.len() >= 3
        && line.len() <= 200
        && parts.iter().all(|p| {
            let p = p.trim();
            !p.is_empty() && word_count(p) <= 5 && !p.ends_with('.')
        })
}

/// True for a line of page chrome (see the module docs).
pub fn is_chrome_line(line: &str) -> bool {
    let t = line
        .trim()
        .trim_start_matches(['•', '*', '-', '·', '–'])
        .trim();
    // Chrome is short; long lines are text (and folding them is costly).
    if t.is_empty() || t.len() > 300 {
        return false;
    }
    let f = fold(t);
    if f.is_empty() {
        // Only punctuation or symbols (separator rules, stray bullets).
        return true;
    }
    if only_phrases(&f, CHROME_PHRASES) {
        return true;
    }
    if word_count(&f) >= 2 && only_phrases(&f, LANGUAGE_NAMES) {
        return true;
    }
    if word_count(t) <= 6 && f.contains("logo") {
        return true;
    }
    if is_breadcrumb(t) {
        return true;
    }
    // Menus copied as one line: `Make a donationRSSOMCT on FacebookOMCT Blog`.
    GLUED_CAPS.find_iter(t).count() >= 3 && !t.contains(". ")
}

fn is_short_bullet(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(['•', '*', '·']) && word_count(t) <= 5 && !t.ends_with(['.', ';', ':', '!', '?'])
}

/// Clean text lines: the result keeps blank lines as paragraph separators.
struct Cleaned {
    lines: Vec<String>,
    /// Date read from a metadata block or labelled line.
    labelled_date: Option<NaiveDate>,
}

fn clean_lines(text: &str, stop_lines: &[String]) -> Cleaned {
    let raw: Vec<&str> = text.lines().collect();
    let mut keep = vec![true; raw.len()];
    let mut labelled_date = None;

    // Stop lines end the article once some article text was seen.
    let mut letters_seen = 0;
    for (i, line) in raw.iter().enumerate() {
        if letters_seen >= 300 && is_stop_line(line, stop_lines) {
            for k in &mut keep[i..] {
                *k = false;
            }
            break;
        }
        if !is_chrome_line(line) {
            letters_seen += letter_count(line);
        }
    }

    // Metadata blocks: two or more `Key: value` lines in a row.
    let mut i = 0;
    while i < raw.len() {
        let mut j = i;
        while j < raw.len()
            && keep[j]
            && METADATA_LINE.is_match(raw[j].trim())
            && raw[j].len() < 200
        {
            j += 1;
        }
        if j - i >= 2 {
            for k in i..j {
                if labelled_date.is_none() && LABELLED_DATE.is_match(raw[k].trim()) {
                    labelled_date = parse_date(raw[k]);
                }
                keep[k] = false;
            }
            // The block's header, just above it (blank lines between allowed).
            let mut h = i;
            while h > 0 && raw[h - 1].trim().is_empty() {
                h -= 1;
            }
            if h > 0 && METADATA_HEADER.is_match(raw[h - 1].trim()) {
                keep[h - 1] = false;
            }
            i = j;
        } else {
            i += 1;
        }
    }

    // Contact blocks: a contact line and the short lines around it.
    for i in 0..raw.len() {
        if !keep[i] || !CONTACT_LINE.is_match(raw[i].trim()) || word_count(raw[i]) > 12 {
            continue;
        }
        keep[i] = false;
        let is_address_like = |l: &str| {
            !l.trim().is_empty() && l.len() < 80 && !l.trim_end().ends_with(['.', '!', '?'])
        };
        let mut k = i;
        while k > 0 && keep[k - 1] && is_address_like(raw[k - 1]) {
            k -= 1;
            keep[k] = false;
        }
        let mut k = i + 1;
        while k < raw.len() && keep[k] && is_address_like(raw[k]) {
            keep[k] = false;
            k += 1;
        }
    }

    // Runs of three or more short bullet items are menus.
    let mut i = 0;
    while i < raw.len() {
        let mut j = i;
        while j < raw.len() && (is_short_bullet(raw[j]) || (j > i && raw[j].trim().is_empty())) {
            j += 1;
        }
        let bullets = (i..j).filter(|k| is_short_bullet(raw[*k])).count();
        if bullets >= 3 {
            for k in &mut keep[i..j] {
                *k = false;
            }
        }
        i = j.max(i + 1);
    }

    let mut lines = Vec::with_capacity(raw.len());
    for (i, line) in raw.iter().enumerate() {
        if !keep[i] || is_chrome_line(line) {
            // A removed line still separates paragraphs.
            lines.push(String::new());
            continue;
        }
        let line = MARKDOWN_IMAGE.replace_all(line, " ");
        let line = UNDERSCORE_DASH.replace_all(&line, "$1—$2");
        if line.trim().is_empty() || is_chrome_line(&line) {
            lines.push(String::new());
        } else {
            lines.push(line.into_owned());
        }
    }
    Cleaned {
        lines,
        labelled_date,
    }
}

/// True when the text is hard-wrapped: most lines that continue into the next
/// one stop mid-sentence, so lines must be joined into paragraphs.
fn is_hard_wrapped(lines: &[String]) -> bool {
    let mut continuing = 0;
    let mut mid_sentence = 0;
    for pair in lines.windows(2) {
        let (a, b) = (pair[0].trim(), pair[1].trim());
        if a.is_empty() || b.is_empty() {
            continue;
        }
        continuing += 1;
        if !a.ends_with(['.', '!', '?', ':', ';', '"', '»', '”'])
            && (40..=100).contains(&a.chars().count())
        {
            mid_sentence += 1;
        }
    }
    continuing >= 3 && mid_sentence * 10 >= continuing * 6
}

/// Paragraphs of cleaned lines: blank lines separate; bullet items and (in
/// texts that are not hard-wrapped) every line stand alone.
fn paragraphs(lines: &[String]) -> Vec<String> {
    let wrapped = is_hard_wrapped(lines);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        let t = line.trim();
        let starts_item = t.starts_with(['•', '*', '·']);
        if t.is_empty() || !wrapped || starts_item {
            if !current.trim().is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.clear();
            if t.is_empty() {
                continue;
            }
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(t);
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// Where the text says it came from.
pub struct Provenance<'a> {
    pub source: Option<&'a SourceConfig>,
    pub original_url: Option<String>,
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// The publisher of a text: by the page URL's host, else by a leading
/// `[Original news] (URL)` line, else by the source whose self-references
/// (`text_markers`) the text holds most often.
pub fn identify_source<'a>(
    text: &str,
    url: Option<&str>,
    sources: &'a SourcesConfig,
) -> Provenance<'a> {
    let original_url = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| ORIGINAL_LINK.captures(l))
        .map(|c| c[2].to_string());
    let by_host = |u: &str| host_of(u).and_then(|h| sources.for_host(h));
    if let Some(source) = url.and_then(by_host) {
        return Provenance {
            source: Some(source),
            original_url,
        };
    }
    if let Some(source) = original_url.as_deref().and_then(by_host) {
        return Provenance {
            source: Some(source),
            original_url,
        };
    }
    let lower = text.to_lowercase();
    let best = sources
        .sources
        .iter()
        .map(|s| {
            let hits: usize = s
                .text_markers
                .iter()
                .filter(|m| !m.trim().is_empty())
                .map(|m| lower.matches(&m.to_lowercase()).count())
                .sum();
            (hits, s)
        })
        .filter(|(hits, _)| *hits > 0)
        .max_by_key(|(hits, _)| *hits);
    Provenance {
        source: best.map(|(_, s)| s),
        original_url,
    }
}

/// A cleaned page before it is split by language.
pub(crate) struct Page {
    /// Headline when the caller knows it (HTML); otherwise each block's first
    /// title-like paragraph is its title.
    pub title: Option<String>,
    pub paragraphs: Vec<String>,
    /// Page-level date (metadata), used for blocks that state none.
    pub published: Option<NaiveDate>,
    /// A date the page declares as its own (front matter), preferred over
    /// any found in the text, which may be an event's.
    pub declared_date: Option<NaiveDate>,
    pub source: String,
    pub meta: DocMeta,
}

/// Minimum size of a language block that becomes a document of its own.
const MIN_BLOCK_PARAGRAPHS: usize = 2;
const MIN_BLOCK_LETTERS: usize = 300;

/// Contiguous runs of paragraphs by language, small runs merged into their
/// neighbours so that a quoted paragraph or a stray line never splits a page.
fn language_blocks(paragraphs: &[String]) -> Vec<(Lang, std::ops::Range<usize>)> {
    let detected = paragraph_langs(paragraphs);
    let langs = fill_gaps(paragraphs, &detected);
    let mut runs: Vec<(Lang, std::ops::Range<usize>)> = Vec::new();
    for (i, lang) in langs.iter().enumerate() {
        match runs.last_mut() {
            Some((l, r)) if l == lang => r.end = i + 1,
            _ => runs.push((*lang, i..i + 1)),
        }
    }
    // Only running prose makes a language block of its own: a signatory
    // list, a block of names, URLs or a bibliography is in the script of the
    // names it lists, not the language of the page, and stays with the text
    // around it.
    let substantial = |r: &std::ops::Range<usize>| {
        let prose: Vec<&String> = paragraphs[r.clone()]
            .iter()
            .filter(|p| !is_stray(p) && is_running_prose(p))
            .collect();
        let letters: usize = prose.iter().map(|p| letter_count(p)).sum();
        prose.len() >= MIN_BLOCK_PARAGRAPHS && letters >= MIN_BLOCK_LETTERS
    };
    // Merge small runs into the previous run (or the next, at the start),
    // then join neighbours that now share a language.
    let mut merged: Vec<(Lang, std::ops::Range<usize>)> = Vec::new();
    let mut pending_start: Option<usize> = None;
    for (lang, r) in runs {
        if substantial(&r) {
            let start = pending_start.take().unwrap_or(r.start);
            match merged.last_mut() {
                Some((l, prev)) if *l == lang => prev.end = r.end,
                _ => merged.push((lang, start..r.end)),
            }
        } else if let Some((_, prev)) = merged.last_mut() {
            prev.end = r.end;
        } else {
            pending_start.get_or_insert(r.start);
        }
    }
    if merged.is_empty() {
        // Nothing substantial: one document in the dominant language.
        let mut letters: Vec<(Lang, usize)> = Vec::new();
        for (p, l) in paragraphs.iter().zip(&langs) {
            match letters.iter_mut().find(|(x, _)| x == l) {
                Some((_, n)) => *n += letter_count(p),
                None => letters.push((*l, letter_count(p))),
            }
        }
        let lang = letters
            .iter()
            .max_by_key(|(_, n)| *n)
            .map_or(Lang::Other, |(l, _)| *l);
        return vec![(lang, 0..paragraphs.len())];
    }
    if let Some(start) = pending_start
        && let Some((_, r)) = merged.first_mut()
    {
        r.start = r.start.min(start);
    }
    merged
}

/// Words a prose paragraph needs: list entries, names and headings are shorter.
const MIN_PROSE_WORDS: usize = 8;
/// Share of a prose paragraph's words that start lower-case. Running text in
/// English or Russian has most of its words so; a list of organisation names
/// or a bibliography entry in title case has few.
const MIN_PROSE_LOWERCASE_SHARE: f64 = 0.4;

/// Running prose: a paragraph of sentences, not a list of names, addresses or
/// references. Such lists are in the script of what they name and say
/// nothing about the language a page is written in.
pub(crate) fn is_running_prose(p: &str) -> bool {
    let mut words = 0usize;
    let mut lowercase = 0usize;
    for w in p.split_whitespace() {
        if w.contains("://") || w.starts_with("www.") || w.contains('@') {
            // A URL or an address: a reference, not prose.
            return false;
        }
        let Some(first) = w.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        words += 1;
        if first.is_lowercase() {
            lowercase += 1;
        }
    }
    words >= MIN_PROSE_WORDS && lowercase as f64 >= MIN_PROSE_LOWERCASE_SHARE * words as f64
}

/// Title-like: short, not a bare date, not a finished long sentence.
fn is_title_like(p: &str) -> bool {
    let chars = p.chars().count();
    let words = word_count(p);
    (2..=30).contains(&words)
        && chars <= 200
        && !(p.trim_end().ends_with('.') && chars > 100)
        && !p.trim_start().starts_with(['•', '*', '·'])
        && !is_bare_date(p)
}

fn is_bare_date(p: &str) -> bool {
    p.chars().count() < 60 && find_publication_date(p).is_some()
}

/// First sentence of a paragraph, cut at a word boundary, for texts whose
/// first line is already running text.
fn title_from_paragraph(p: &str) -> String {
    let mut end = p.len().min(2000);
    while !p.is_char_boundary(end) {
        end -= 1;
    }
    let p = &p[..end];
    let first = pressroom_analysis::sentences::sentences(p)
        .into_iter()
        .next()
        .unwrap_or(p)
        .to_string();
    if first.chars().count() <= 150 {
        return first;
    }
    let mut out = String::new();
    for w in first.split_whitespace() {
        if out.chars().count() + w.chars().count() > 140 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

/// One document per language block, linked as translations.
pub(crate) fn split_into_documents(page: Page, origin: &str) -> Result<Parsed, ParseError> {
    let paragraphs: Vec<String> = page
        .paragraphs
        .iter()
        .map(|p| normalize_paragraph(p))
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs.is_empty() {
        return Err(ParseError::NoText(
            "no text left after removing page chrome".into(),
        ));
    }
    let page_title = page
        .title
        .as_deref()
        .map(normalize_paragraph)
        .filter(|t| !t.is_empty());
    let blocks = language_blocks(&paragraphs);
    let mut documents = Vec::with_capacity(blocks.len());
    for (part, (lang, range)) in blocks.into_iter().enumerate() {
        let block = &paragraphs[range];
        let mut body: Vec<&str> = block.iter().map(String::as_str).collect();
        let title = match (&page_title, part) {
            (Some(t), 0) => {
                body.retain(|p| fold(p) != fold(t));
                t.clone()
            }
            _ => match body.iter().position(|p| !is_bare_date(p)) {
                Some(i) if is_title_like(body[i]) => body.remove(i).to_string(),
                Some(i) => title_from_paragraph(body[i]),
                None => String::new(),
            },
        };
        let block_text = block.join("\n\n");
        let published = page
            .declared_date
            .or_else(|| find_publication_date(&block_text))
            .or(page.published);
        // The dateline's date is now `published`; a line holding only the
        // date near the top is not body text.
        let mut seen = 0;
        body.retain(|p| {
            seen += 1;
            !(seen <= 3 && is_bare_date(p))
        });
        documents.push(Document {
            id: DocId::derive(origin, part),
            source: page.source.clone(),
            origin: origin.to_string(),
            lang,
            title,
            published,
            body: body.join("\n\n"),
            meta: page.meta.clone(),
        });
    }
    let mut links = Vec::new();
    for (i, a) in documents.iter().enumerate() {
        for b in &documents[i + 1..] {
            if a.lang != b.lang {
                links.push(Link {
                    a: a.id.clone(),
                    b: b.id.clone(),
                    kind: LinkKind::Translation,
                    score: 0.9,
                    evidence: vec![Evidence {
                        signal: "same_page_split".into(),
                        weight: 0.9,
                        detail: format!("{} and {} blocks of one page", a.lang, b.lang),
                    }],
                });
            }
        }
    }
    Ok(Parsed { documents, links })
}

/// Parse decoded plain text into documents.
pub fn parse_text(
    text: &str,
    origin: &str,
    url: Option<&str>,
    sources: &SourcesConfig,
) -> Result<Parsed, ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    let (front_matter, text) = markdown::split_front_matter(text);
    let front_matter = front_matter.unwrap_or_default();
    let url = url.or(front_matter.url.as_deref());
    let provenance = identify_source(text, url, sources);
    let stop_lines: &[String] = provenance.source.map_or(&[], |s| &s.extract.stop_lines);
    let mut body_text = text;
    if provenance.original_url.is_some() {
        // Drop the `[Original news] (URL)` line itself.
        let skip = text.find('\n').map_or(text.len(), |i| i + 1);
        body_text = &text[skip..];
    }
    let rendered;
    if markdown::looks_like_markdown(body_text, origin) {
        rendered = markdown::to_plain_text(body_text);
        body_text = &rendered;
    }
    let cleaned = clean_lines(body_text, stop_lines);
    let paragraphs = paragraphs(&cleaned.lines);
    let page = Page {
        title: front_matter.title.filter(|t| !t.trim().is_empty()),
        paragraphs,
        published: cleaned.labelled_date,
        declared_date: front_matter.date,
        source: provenance
            .source
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        meta: DocMeta {
            url: url.map(str::to_string),
            original_url: provenance.original_url,
            ..DocMeta::default()
        },
    };
    split_into_documents(page, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines() {
        for l in [
            "English  |  Français  |  Español",
            "OMCT LogoOMCT logo",
            " Save as PDF Print version",
            "Monitoring protection mechanisms / Urgent Interventions / Kazakhstan / 2016 / November",
            "Make a donationRSSOMCT on FacebookOMCT on TwitterOMCT BlogHomeAbout OMCT",
            "Tweet",
            "  • Privacy Policy",
        ] {
            assert!(is_chrome_line(l), "{l:?}");
        }
        for l in [
            "Kazakhstan: EU urged to insist on concrete measures to address pressing human rights issues",
            "Share the blame: the EU and Kazakhstan",
            "Kazakhstan downgraded as civic freedoms deteriorate",
            "Human rights defender Makhambet Abzhan was convicted / sentenced.",
        ] {
            assert!(!is_chrome_line(l), "{l:?}");
        }
    }

    #[test]
    fn stop_lines_need_article_text_first() {
        let menu = "Related articles\nTitle of the release here\n\n".to_string();
        let body = "Body sentence with enough words to count as article text. ".repeat(10);
        let text = format!("{menu}{body}\n\nRelated articles\nOther story one\nOther story two");
        let cleaned = clean_lines(&text, &[]);
        let joined = cleaned.lines.join("\n");
        assert!(joined.contains("Title of the release here"));
        assert!(!joined.contains("Other story"));
    }

    #[test]
    fn metadata_and_contact_blocks_are_removed() {
        let text = "Body.\n\nProperties\n\nDate: November 23, 2016\nType: Urgent Interventions\n\nOMCT Europe\nRue Franklin 111\n1000 Brussels\nTel. / Fax: +32 2 218 37 19\nE-mail:\n";
        let cleaned = clean_lines(text, &[]);
        let joined = cleaned.lines.join("\n");
        assert_eq!(joined.trim(), "Body.");
        assert_eq!(cleaned.labelled_date, NaiveDate::from_ymd_opt(2016, 11, 23));
    }

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            host_of("https://www.hrw.org/news/2021"),
            Some("www.hrw.org")
        );
        assert_eq!(
            host_of("http://user@bureau.kz:8080/?p=1"),
            Some("bureau.kz")
        );
    }
}
