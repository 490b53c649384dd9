//! Page chrome in plain text: stop lines, chrome lines, metadata and
//! contact blocks, and the paragraphs that remain.

use crate::date::parse_date;
use chrono::NaiveDate;
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

pub(super) static ORIGINAL_LINK: LazyLock<Regex> = LazyLock::new(|| {
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
pub(super) fn fold(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

pub(super) fn letter_count(s: &str) -> usize {
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
pub(super) struct Cleaned {
    pub(super) lines: Vec<String>,
    /// Date read from a metadata block or labelled line.
    pub(super) labelled_date: Option<NaiveDate>,
}

pub(super) fn clean_lines(text: &str, stop_lines: &[String]) -> Cleaned {
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
pub(super) fn paragraphs(lines: &[String]) -> Vec<String> {
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
