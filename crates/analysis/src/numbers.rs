//! Numbers written in different ways, made one.
//!
//! A figure is the most language-independent thing two translations share
//! ("over 10,000 people" / "более 10 000 человек"), and readers search for
//! figures. English groups thousands with commas, Russian with spaces or
//! no-break spaces, and some writers do not group at all; [`normalize_numbers`]
//! rewrites every grouped number as plain digits so that all of them become
//! the same token `10000`. Decimal commas (`1,5`) and lists (`5, 10, 15`) are
//! left alone: a group is exactly three digits after a single separator, and
//! the number before the first separator has one to three digits (so `2022
//! 200 people` is two numbers).

use std::borrow::Cow;

fn is_group_separator(c: char) -> bool {
    matches!(
        c,
        ',' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’'
    )
}

/// If a grouped number starts at byte `start` of `text`, its digits and the
/// byte offset just after it. `start` must be the start of a digit run.
pub fn grouped_number_at(text: &str, start: usize) -> Option<(String, usize)> {
    let head_len = text[start..].bytes().take_while(u8::is_ascii_digit).count();
    if head_len == 0 || head_len > 3 {
        return None;
    }
    let mut digits = text[start..start + head_len].to_string();
    let mut pos = start + head_len;
    while let Some(sep) = text[pos..]
        .chars()
        .next()
        .filter(|c| is_group_separator(*c))
    {
        let after = pos + sep.len_utf8();
        let group = text
            .get(after..after + 3)
            .filter(|g| g.bytes().all(|b| b.is_ascii_digit()));
        let next_is_digit = text
            .as_bytes()
            .get(after + 3)
            .is_some_and(u8::is_ascii_digit);
        match group {
            Some(g) if !next_is_digit => {
                digits.push_str(g);
                pos = after + 3;
            }
            _ => break,
        }
    }
    (pos > start + head_len).then_some((digits, pos))
}

/// True when `before` ends in a word or a word and a hyphen (`A`, `COVID-`).
fn glued_to_word(before: &str) -> bool {
    let mut rev = before.chars().rev();
    match rev.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('-') => rev.next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// `text` with every grouped number (`10 000`, `10,000`, `10 000` with a
/// no-break space) written as plain digits (`10000`). Borrowed when nothing
/// changes.
pub fn normalize_numbers(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let starts_run = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit());
        // A digit run glued to a word (`COVID-19`, `A4`) is no figure.
        // (An ASCII digit byte is always a char boundary, so slicing is safe.)
        if starts_run
            && !glued_to_word(&text[..i])
            && let Some((digits, end)) = grouped_number_at(text, i)
        {
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
            buf.push_str(&text[copied..i]);
            buf.push_str(&digits);
            copied = end;
            i = end;
            continue;
        }
        i += 1;
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// The numbers of a text as normalised digit strings, in order (`10,000` →
/// `10000`; `1.5` → `1`, `5`). Used to compare figures across languages.
pub fn numbers_in(text: &str) -> Vec<String> {
    let normalized = normalize_numbers(text);
    normalized
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_groupings_become_one_form() {
        for s in ["10 000", "10,000", "10\u{a0}000", "10\u{202f}000", "10000"] {
            assert_eq!(
                normalize_numbers(&format!("over {s} people")),
                "over 10000 people",
                "{s:?}"
            );
        }
        assert_eq!(normalize_numbers("1 200 000 тенге"), "1200000 тенге");
        assert_eq!(
            normalize_numbers("более 5 000 уголовных дел"),
            "более 5000 уголовных дел"
        );
    }

    #[test]
    fn decimals_lists_and_years_stay() {
        assert_eq!(normalize_numbers("1,5 процента"), "1,5 процента");
        assert_eq!(normalize_numbers("5, 10, 15"), "5, 10, 15");
        assert_eq!(
            normalize_numbers("in 2022 200 people"),
            "in 2022 200 people"
        );
        assert_eq!(normalize_numbers("1,5000"), "1,5000");
        assert_eq!(normalize_numbers("COVID-19 100 000"), "COVID-19 100000");
        assert!(matches!(normalize_numbers("no figures"), Cow::Borrowed(_)));
    }

    #[test]
    fn numbers_are_listed() {
        assert_eq!(
            numbers_in("Over 10,000 detained, 5 000 cases, 200 killed in 2022."),
            ["10000", "5000", "200", "2022"]
        );
    }
}
