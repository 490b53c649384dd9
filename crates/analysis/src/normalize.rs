//! Text normalisation: one canonical form of the same words.
//!
//! Releases reach us copied through CMSs, PDF exports and machine translation:
//! the same word may be composed or decomposed, split by a soft hyphen, or
//! glued to the previous sentence (`Rights.For`). Search, alignment and
//! duplicate detection compare text, so each of these would silently hide a
//! match. Normalisation fixes them while keeping the text readable for people:
//! `«ёлочки»`, em dashes and ellipses stay; only variants with the same meaning
//! (curly vs straight quotes, the several hyphen code points) are unified.

use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Characters that carry no text: soft hyphen, zero-width space/joiners,
/// word joiner, BOM.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn plain_form(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' => '-',
        '\u{2015}' => '—',
        c => c,
    }
}

/// A word glued to the next sentence: `Rights.For`, `ухудшения.Хотя`,
/// `world.”Founded`. The letter before the stop must be lower case, which
/// keeps `U.S.`, `U.N.` and `К.-Ж.` intact; digits after the stop (`1.5`) do
/// not match.
static GLUED_SENTENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(\p{Ll}{2}[.!?]["'»)]?)(["«]?\p{Lu})"#).expect("valid regex"));

/// A comma glued to the next word (`информации,восемь`).
static GLUED_COMMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{L}{2},)(\p{L})").expect("valid regex"));

/// Tokens that legitimately hold dots and commas without spaces.
fn is_url_or_email(token: &str) -> bool {
    token.contains("://")
        || token.contains('@')
        || token.starts_with("www.")
        || token.contains(".php")
}

fn fix_glued(word: &str, out: &mut String) {
    // Most words have no inner punctuation: skip the regexes for them.
    let inner = word.char_indices().any(|(i, c)| {
        matches!(c, '.' | '!' | '?' | ',') && word[i + 1..].chars().any(char::is_alphabetic)
    });
    if !inner || is_url_or_email(word) {
        out.push_str(word);
        return;
    }
    let spaced = GLUED_SENTENCE.replace_all(word, "$1 $2");
    let spaced = GLUED_COMMA.replace_all(&spaced, "$1 $2");
    out.push_str(&spaced);
}

/// Normalise one paragraph: NFC, invisible characters removed, typographic
/// variants unified, all whitespace (line breaks included) collapsed to
/// single spaces, missing spaces after sentence ends restored.
pub fn normalize_paragraph(text: &str) -> String {
    let cleaned: String = text
        .nfc()
        .filter(|c| !is_invisible(*c))
        .map(plain_form)
        .collect();
    // Doubled apostrophes are a closing quote typed twice (`freedoms,''`).
    let cleaned = cleaned.replace("''", "\"");
    let mut out = String::with_capacity(cleaned.len());
    for word in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        fix_glued(word, &mut out);
    }
    out
}

/// Normalise a whole text: paragraphs (separated by blank lines) are each
/// normalised and rejoined with one blank line; empty ones disappear.
pub fn normalize_text(text: &str) -> String {
    split_paragraphs(text)
        .map(normalize_paragraph)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Paragraphs of a text: runs of lines separated by lines that are empty or
/// hold only whitespace.
pub fn split_paragraphs(text: &str) -> impl Iterator<Item = &str> {
    static BLANK_LINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\r?\n[ \t\u{a0}\r]*\r?\n").expect("valid regex"));
    BLANK_LINE
        .split(text)
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_and_invisible_characters() {
        // "й" decomposed into и + combining breve.
        assert_eq!(normalize_paragraph("Токаи\u{306}"), "Токай");
        assert_eq!(normalize_paragraph("tor\u{ad}ture"), "torture");
        assert_eq!(
            normalize_paragraph("Ka\u{200b}zakh\u{feff}stan"),
            "Kazakhstan"
        );
    }

    #[test]
    fn typographic_variants_become_plain() {
        assert_eq!(
            normalize_paragraph("Kazakhstan’s “new” ill\u{2011}treatment"),
            "Kazakhstan's \"new\" ill-treatment"
        );
        assert_eq!(normalize_paragraph("freedoms,’’ said"), "freedoms,\" said");
        // Russian guillemets and dashes stay readable.
        assert_eq!(
            normalize_paragraph("«Кровавый январь» — события"),
            "«Кровавый январь» — события"
        );
    }

    #[test]
    fn whitespace_collapses_within_a_paragraph() {
        assert_eq!(normalize_paragraph("  a\tb \n c\u{a0}\u{a0}d  "), "a b c d");
        assert_eq!(
            normalize_text("one\ntwo\n\n\n  \nthree"),
            "one two\n\nthree"
        );
    }

    #[test]
    fn missing_space_after_sentence_end_is_restored() {
        assert_eq!(
            normalize_paragraph("Political Rights.For a long time"),
            "Political Rights. For a long time"
        );
        assert_eq!(
            normalize_paragraph("лишен беспристрастности.Хотя президент"),
            "лишен беспристрастности. Хотя президент"
        );
        assert_eq!(
            normalize_paragraph("around the world.”Founded in 1993"),
            "around the world.\" Founded in 1993"
        );
        assert_eq!(
            normalize_paragraph("информации,восемь задержанных"),
            "информации, восемь задержанных"
        );
    }

    #[test]
    fn abbreviations_numbers_urls_and_emails_are_untouched() {
        for s in [
            "the U.S. and the U.N. agreed",
            "grew by 1.5 percent, 10,000 people",
            "К.-Ж. Токаев",
            "see https://www.civicus.org/index.php/Media.Resources",
            "write to Media.Team@Civicus.org",
            "www.hrw.org/News",
        ] {
            assert_eq!(normalize_paragraph(s), s);
        }
    }
}
