//! Publication dates in English and Russian releases.
//!
//! Releases state their date in many shapes (`21 JUNE 2022`, `November 23,
//! 2016`, `21 июня 2022 г.`, `21.06.2022`, ISO timestamps in metadata). The
//! hard part is not reading a date but choosing *the* date: a release names
//! many dates in passing ("his inaugural speech on June 12, 2019"), and taking
//! one of those as the publication date would silently misdate the document.
//! [`find_publication_date`] therefore only trusts positions where publishers
//! put the date: labelled lines (`Date: …`), lines holding nothing but a date
//! near the top, and datelines (`Brussels/Almaty, 23 November 2016.`) opening
//! an early paragraph. When none of those holds a date the answer is `None`.
//!
//! Dates before 1990 or after today are rejected: none of the sources
//! published then, and such values come from typos or misread numbers.

use chrono::{Datelike, NaiveDate, Utc};
use regex::Regex;
use std::sync::LazyLock;

/// Earliest plausible publication year.
const MIN_YEAR: i32 = 1990;

/// How many non-empty lines from the top may hold a bare date or dateline.
const TOP_LINES: usize = 30;

/// Month number of an English or Russian month name or abbreviation in any
/// grammatical case (`January`, `Jan.`, `января`, `январь`, `янв.`, `мая`).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    const EN: [(&str, &[&str]); 12] = [
        ("january", &["jan"]),
        ("february", &["feb"]),
        ("march", &["mar"]),
        ("april", &["apr"]),
        ("may", &[]),
        ("june", &["jun"]),
        ("july", &["jul"]),
        ("august", &["aug"]),
        ("september", &["sep", "sept"]),
        ("october", &["oct"]),
        ("november", &["nov"]),
        ("december", &["dec"]),
    ];
    for (i, (full, abbrevs)) in EN.iter().enumerate() {
        if w == *full || abbrevs.contains(&w.as_str()) {
            return Some(i as u32 + 1);
        }
    }
    // Russian: a stem plus a case ending, or a customary abbreviation.
    const RU: [(&str, &[&str]); 12] = [
        ("январ", &["янв"]),
        ("феврал", &["фев", "февр"]),
        ("март", &["мар"]),
        ("апрел", &["апр"]),
        ("ма", &[]),
        ("июн", &[]),
        ("июл", &[]),
        ("август", &["авг"]),
        ("сентябр", &["сен", "сент"]),
        ("октябр", &["окт"]),
        ("ноябр", &["ноя", "нояб"]),
        ("декабр", &["дек"]),
    ];
    const RU_ENDINGS: [&str; 10] = ["", "ь", "я", "е", "ю", "ём", "ем", "а", "у", "ом"];
    for (i, (stem, abbrevs)) in RU.iter().enumerate() {
        if abbrevs.contains(&w.as_str()) {
            return Some(i as u32 + 1);
        }
        if let Some(ending) = w.strip_prefix(stem) {
            let ok = if *stem == "ма" {
                // май, мая, мае, маю, маем — not "март", "марта".
                matches!(ending, "й" | "я" | "е" | "ю" | "ем")
            } else {
                RU_ENDINGS.contains(&ending)
            };
            if ok {
                return Some(i as u32 + 1);
            }
        }
    }
    None
}

/// A date found in a text, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
}

const MONTH_WORD: &str = r"[A-Za-zА-Яа-яЁё]{3,9}\.?";

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
        .expect("valid regex")
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s|\u{{a0}})+({MONTH_WORD}),?(?:\s|\u{{a0}})+(\d{{4}})(?:(?:\s|\u{{a0}})*(?:г\.|года))?"
    ))
    .expect("valid regex")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({MONTH_WORD})(?:\s|\u{{a0}})+(\d{{1,2}})(?:st|nd|rd|th)?,?(?:\s|\u{{a0}})+(\d{{4}})\b"
    ))
    .expect("valid regex")
});
static NUMERIC_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})([./])(\d{1,2})([./])(\d{4})\b(?:\s*г\.)?").expect("valid regex")
});

fn plausible(date: NaiveDate) -> Option<NaiveDate> {
    let today = Utc::now().date_naive();
    (date.year() >= MIN_YEAR && date <= today).then_some(date)
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d).and_then(plausible)
}

/// Every plausible date written anywhere in `text`, in text order.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    let mut push = |date: Option<NaiveDate>, start: usize, end: usize| {
        if let Some(date) = date {
            found.push(FoundDate { date, start, end });
        }
    };
    for c in ISO.captures_iter(text) {
        let m = c.get(0).expect("group 0");
        let month: u32 = c[2].parse().unwrap_or(0);
        push(ymd(&c[1], month, &c[3]), m.start(), m.end());
    }
    for c in DAY_MONTH_YEAR.captures_iter(text) {
        let m = c.get(0).expect("group 0");
        push(
            month_number(&c[2]).and_then(|mo| ymd(&c[3], mo, &c[1])),
            m.start(),
            m.end(),
        );
    }
    for c in MONTH_DAY_YEAR.captures_iter(text) {
        let m = c.get(0).expect("group 0");
        push(
            month_number(&c[1]).and_then(|mo| ymd(&c[3], mo, &c[2])),
            m.start(),
            m.end(),
        );
    }
    for c in NUMERIC_DMY.captures_iter(text) {
        if c[2] != c[4] {
            continue;
        }
        let m = c.get(0).expect("group 0");
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[3].parse().unwrap_or(0));
        // Dotted dates are day-first everywhere these sources publish; a slash
        // date is read only when the order is unambiguous.
        let (day, month) = if &c[2] == "." || a > 12 {
            (a, b)
        } else if b > 12 {
            (b, a)
        } else {
            continue;
        };
        push(ymd(&c[5], month, &day.to_string()), m.start(), m.end());
    }
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    // Drop matches nested inside an earlier, longer one.
    let mut out: Vec<FoundDate> = Vec::with_capacity(found.len());
    for f in found {
        if out.last().is_none_or(|last| f.start >= last.end) {
            out.push(f);
        }
    }
    out
}

/// Parse one date string such as a `<time datetime>` value, a metadata field
/// or a labelled line (`Date: November 23, 2016`). The first date in it wins.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    find_dates(s).first().map(|f| f.date)
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:date|dated|published|posted|posted on|published on|release date|дата|дата публикации|опубликовано|опубликован|размещено)\s*:?\s*",
    )
    .expect("valid regex")
});

static WEEKDAY_OR_FILLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|updated|обновлено|at|в|on)\b|\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?|\b(?:gmt|utc|cet|almt)\b",
    )
    .expect("valid regex")
});

/// `Place, 23 November 2016.` / `Алматы, 21 июня 2022 г. —`: a short place
/// name, a comma, then the date at the very start of a paragraph.
static DATELINE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\p{Lu}[\p{L}/\-\s().]{1,60},\s*$").expect("valid regex"));

/// True when `s` holds nothing of substance next to a date (weekday, time,
/// punctuation).
fn only_filler(s: &str) -> bool {
    WEEKDAY_OR_FILLER
        .replace_all(s, " ")
        .chars()
        .all(|c| !c.is_alphanumeric())
}

/// True when a line holds a date and nothing else of substance.
fn is_bare_date_line(line: &str, found: &FoundDate) -> bool {
    only_filler(&line[..found.start]) && only_filler(&line[found.end..])
}

/// The publication date a text states, if any.
///
/// Looks, in order of trust, at: labelled lines anywhere (`Date: …`,
/// `Опубликовано: …`); lines near the top that hold only a date; datelines
/// opening a paragraph near the top. Dates mentioned inside running text are
/// ignored.
pub fn find_publication_date(text: &str) -> Option<NaiveDate> {
    for line in text.lines() {
        if let Some(label) = LABEL.find(line)
            && label.end() > 0
            && line.len() < 120
            && let rest = &line[label.end()..]
            && let Some(found) = find_dates(rest).first()
            && only_filler(&rest[..found.start])
        {
            return Some(found.date);
        }
    }
    let top: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(TOP_LINES)
        .collect();
    for line in &top {
        if line.len() > 80 {
            continue;
        }
        if let Some(found) = find_dates(line).first()
            && is_bare_date_line(line, found)
        {
            return Some(found.date);
        }
    }
    for line in &top {
        // A dateline opens its paragraph: only the start needs reading.
        let mut end = line.len().min(200);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        let line = &line[..end];
        if let Some(found) = find_dates(line).first()
            && found.start < 80
            && DATELINE_PREFIX.is_match(&line[..found.start])
        {
            return Some(found.date);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn english_forms() {
        assert_eq!(parse_date("21 JUNE 2022"), d(2022, 6, 21));
        assert_eq!(parse_date("November 23, 2016"), d(2016, 11, 23));
        assert_eq!(parse_date("23 November 2016"), d(2016, 11, 23));
        assert_eq!(parse_date("Nov. 23, 2016"), d(2016, 11, 23));
        assert_eq!(parse_date("23rd November 2016"), d(2016, 11, 23));
        assert_eq!(parse_date("Date: November 23, 2016"), d(2016, 11, 23));
    }

    #[test]
    fn russian_forms_in_all_cases() {
        assert_eq!(parse_date("21 июня 2022 г."), d(2022, 6, 21));
        assert_eq!(parse_date("1 января 2020"), d(2020, 1, 1));
        assert_eq!(parse_date("3 янв. 2021"), d(2021, 1, 3));
        assert_eq!(parse_date("9 мая 2019 года"), d(2019, 5, 9));
        assert_eq!(parse_date("12 марта 2019"), d(2019, 3, 12));
        assert_eq!(parse_date("7 ДЕКАБРЯ 2018"), d(2018, 12, 7));
        assert_eq!(month_number("январь"), Some(1));
        assert_eq!(month_number("мартом"), Some(3));
        assert_eq!(month_number("маршрут"), None);
        assert_eq!(month_number("марш"), None);
    }

    #[test]
    fn numeric_and_iso_forms() {
        assert_eq!(parse_date("21.06.2022"), d(2022, 6, 21));
        assert_eq!(parse_date("2022-06-21"), d(2022, 6, 21));
        assert_eq!(parse_date("2022-06-21T10:00:00+06:00"), d(2022, 6, 21));
        assert_eq!(parse_date("21/06/2022"), d(2022, 6, 21));
        // Ambiguous slash dates are not guessed.
        assert_eq!(parse_date("05/06/2022"), None);
        assert_eq!(parse_date("31.02.2022"), None);
    }

    #[test]
    fn implausible_years_are_rejected() {
        assert_eq!(parse_date("12 June 1985"), None);
        assert_eq!(parse_date("12 June 2999"), None);
        assert_eq!(parse_date("2999-01-01"), None);
    }

    #[test]
    fn dateline_and_labels() {
        let text = "Title\n\nBrussels/Almaty, 23 November 2016. Today the EU will hold talks.";
        assert_eq!(find_publication_date(text), d(2016, 11, 23));
        let text = "Title\n\nSome text.\n\nProperties\nDate: November 23, 2016\nType: x";
        assert_eq!(find_publication_date(text), d(2016, 11, 23));
        let text = "Казахстан понижен\n\n21 июня 2022 г.\n\nТекст.";
        assert_eq!(find_publication_date(text), d(2022, 6, 21));
        let text = "Title\n\nPublished: Tuesday, 21 June 2022 10:00";
        assert_eq!(find_publication_date(text), d(2022, 6, 21));
    }

    #[test]
    fn dates_in_passing_are_not_publication_dates() {
        let text = "The President is demanded to act\n\nHRW called on governments to make Tokaev \
                    fulfil the promises given in his inaugural speech on June 12, 2019 after winning.";
        assert_eq!(find_publication_date(text), None);
        let text = "Title\n\nOn 5 May 2020, the court ruled.";
        assert_eq!(find_publication_date(text), None);
    }
}
