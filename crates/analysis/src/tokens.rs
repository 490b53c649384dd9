//! Word segmentation with byte offsets, the first step of index analysis.
//!
//! Offsets point into the original text so that snippets highlight what the
//! reader sees. Numbers written with group separators (`10 000`, `10,000`,
//! `10 000` with a no-break space) become one token `10000`, so that the
//! way a release formats a figure does not decide whether it is found.

use crate::numbers::grouped_number_at;
use std::borrow::Cow;

/// A word or number in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordToken {
    /// The token text; for grouped numbers, the digits without separators.
    pub text: String,
    /// Byte offsets of the token in the original text.
    pub start: usize,
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    // Fast paths for ASCII and the Russian alphabet; the Unicode tables
    // (slow for non-ASCII) decide the rest.
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if matches!(c, '\u{0410}'..='\u{044F}' | 'ё' | 'Ё') {
        true
    } else {
        c.is_alphanumeric()
    }
}

/// Split `text` into words and numbers.
///
/// Words are maximal runs of alphanumeric characters; an apostrophe or a
/// hyphen inside a word splits it (`ill-treatment` → `ill`, `treatment`;
/// `Kazakhstan's` → `kazakhstan`, `s` is dropped as a lone letter later by
/// stop words). A number of one to three digits followed by groups of exactly
/// three digits after a separator is joined.
pub fn words(text: &str) -> Vec<WordToken> {
    word_refs(text)
        .map(|w| WordToken {
            text: w.text.into_owned(),
            start: w.start,
            end: w.end,
        })
        .collect()
}

/// A word of a text as [`word_refs`] finds it: borrowed from the text,
/// except grouped numbers (their digits without separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordRef<'a> {
    pub text: Cow<'a, str>,
    pub start: usize,
    pub end: usize,
}

/// The segmentation of [`words`] as an iterator that copies nothing, for
/// callers that look at every word but keep few (one segmentation, any
/// number of outputs).
pub fn word_refs(text: &str) -> WordRefs<'_> {
    WordRefs { text, at: 0 }
}

/// Iterator returned by [`word_refs`]: a scan of the text's bytes that
/// classifies ASCII and the Russian alphabet from their bytes, and other
/// characters through the Unicode tables.
pub struct WordRefs<'a> {
    text: &'a str,
    /// Where the next word may start: after a non-word character, a
    /// grouped number, or at the start of the text.
    at: usize,
}

/// The character at byte `at` of `text` (a char boundary before its end):
/// whether it is a word character, whether it is a capital, its length.
#[inline(always)]
fn char_class(text: &str, at: usize) -> (bool, bool, usize) {
    let bytes = text.as_bytes();
    match bytes[at] {
        b if b.is_ascii() => (b.is_ascii_alphanumeric(), b.is_ascii_uppercase(), 1),
        // U+0400..U+043F, all letters; capitals below U+0430 (`а`).
        0xD0 => (true, bytes[at + 1] < 0xB0, 2),
        // U+0440..U+045F: `р`..`я` and `ѐ`..`џ`, all small letters.
        0xD1 if bytes[at + 1] < 0xA0 => (true, false, 2),
        // U+2000..U+203F: spaces, dashes, quotes, bullets; no word char.
        0xE2 if bytes[at + 1] == 0x80 => (false, false, 3),
        // U+00A0..U+00BF: no-break space, «», §; but ª, µ, º and the
        // superscripts and fractions are word chars.
        0xC2 if bytes[at + 1] >= 0xA0 => {
            let word =
                matches!(bytes[at + 1], 0xAA | 0xB2 | 0xB3 | 0xB5 | 0xB9..=0xBA | 0xBC..=0xBE);
            (word, false, 2)
        }
        _ => other_char_class(text, at),
    }
}

/// [`char_class`] of a character outside ASCII and the Russian alphabet.
#[inline(never)]
fn other_char_class(text: &str, at: usize) -> (bool, bool, usize) {
    text[at..].chars().next().map_or((false, false, 1), |c| {
        (is_word_char(c), c.is_uppercase(), c.len_utf8())
    })
}

impl<'a> WordRefs<'a> {
    /// The next word and whether it begins with a capital.
    #[inline(always)]
    fn next_word(&mut self) -> Option<(WordRef<'a>, bool)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut at = self.at;
        while at < text.len() {
            let b = bytes[at];
            if b.is_ascii() && !b.is_ascii_alphanumeric() {
                at += 1;
                continue;
            }
            let (word, capital, len) = char_class(text, at);
            if !word {
                at += len;
                continue;
            }
            let start = at;
            at += len;
            while at < text.len() {
                let b = bytes[at];
                if b.is_ascii_alphanumeric() {
                    at += 1;
                    continue;
                }
                if b.is_ascii() {
                    break;
                }
                let (word, _, len) = char_class(text, at);
                if !word {
                    break;
                }
                at += len;
            }
            // A grouped number takes in its separators and groups.
            if at - start <= 3
                && bytes[start..at].iter().all(u8::is_ascii_digit)
                && let Some((digits, after)) = grouped_number_at(text, start)
            {
                self.at = after;
                let number = WordRef {
                    text: Cow::Owned(digits),
                    start,
                    end: after,
                };
                return Some((number, false));
            }
            self.at = at;
            let word = WordRef {
                text: Cow::Borrowed(&text[start..at]),
                start,
                end: at,
            };
            return Some((word, capital));
        }
        self.at = text.len();
        None
    }
}

impl<'a> Iterator for WordRefs<'a> {
    type Item = WordRef<'a>;

    fn next(&mut self) -> Option<WordRef<'a>> {
        self.next_word().map(|(word, _)| word)
    }
}

/// The words of [`word_refs`] that begin with a capital letter, in order:
/// what a caller looking for names reads.
pub fn capitalised_words(text: &str) -> CapitalisedWords<'_> {
    CapitalisedWords(word_refs(text))
}

/// Iterator returned by [`capitalised_words`].
pub struct CapitalisedWords<'a>(WordRefs<'a>);

impl<'a> Iterator for CapitalisedWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        while let Some((word, capital)) = self.0.next_word() {
            if let (true, Cow::Borrowed(word)) = (capital, word.text) {
                return Some(word);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        words(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn numbers_with_group_separators_are_one_token() {
        assert_eq!(texts("over 10 000 people"), ["over", "10000", "people"]);
        assert_eq!(texts("over 10,000 people"), ["over", "10000", "people"]);
        assert_eq!(
            texts("более 10\u{a0}000 человек"),
            ["более", "10000", "человек"]
        );
        assert_eq!(texts("1 200 000"), ["1200000"]);
        assert_eq!(texts("10000"), ["10000"]);
    }

    #[test]
    fn years_and_short_numbers_are_not_glued() {
        assert_eq!(texts("in 2022 200 people"), ["in", "2022", "200", "people"]);
        assert_eq!(texts("5, 10, 15"), ["5", "10", "15"]);
        assert_eq!(texts("1,5000"), ["1", "5000"]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Пытки, 10 000 — «Токаев»";
        for t in words(text) {
            let orig = &text[t.start..t.end];
            assert_eq!(orig.replace([' ', '\u{a0}'], ""), t.text);
        }
    }

    /// Every fast path of the byte scan agrees with the Unicode tables.
    #[test]
    fn char_classes_agree_with_unicode() {
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(
                char_class(&text, 0),
                (c.is_alphanumeric(), c.is_uppercase(), c.len_utf8()),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn word_chars_agree_with_unicode() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// Every word is a maximal run of word chars, and only non-word chars
    /// lie between words (or a grouped number's separators and groups).
    #[test]
    fn words_are_the_maximal_runs_of_word_chars() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
        let mut texts: Vec<String> = std::fs::read_dir(&dir)
            .expect("the sample corpus ships with the repository")
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.push("Ғалым Әбілқасымов — naïve café 😀x y\u{301}z 10 000 1,5 «Ёлка»".into());
        texts.push(String::new());
        texts.push("!?".into());
        for text in &texts {
            let mut last_end = 0;
            let mut runs = 0;
            for w in word_refs(text) {
                let gap = &text[last_end..w.start];
                assert!(
                    !gap.chars().any(is_word_char),
                    "{gap:?} before {:?}",
                    w.text
                );
                if let Cow::Borrowed(word) = w.text {
                    assert_eq!(word, &text[w.start..w.end]);
                    assert!(word.chars().all(is_word_char));
                    let next = text[w.end..].chars().next();
                    assert!(!next.is_some_and(is_word_char), "{word:?} stops short");
                } else {
                    assert!(w.text.bytes().all(|b| b.is_ascii_digit()));
                }
                last_end = w.end;
                runs += 1;
            }
            assert!(!text[last_end..].chars().any(is_word_char));
            assert_eq!(runs == 0, !text.chars().any(is_word_char));
        }
    }

    #[test]
    fn hyphens_and_apostrophes_split_words() {
        assert_eq!(
            texts("ill-treatment Kazakhstan’s"),
            ["ill", "treatment", "Kazakhstan", "s"]
        );
    }
    /// The capitalised words are those of `word_refs` that begin with a
    /// capital, on the sample corpus and on random strings of the
    /// characters the scan treats apart.
    #[test]
    fn capitalised_words_are_the_capitalised_words_of_the_segmentation() {
        let expected = |text: &str| -> Vec<String> {
            word_refs(text)
                .filter(|w| w.text.chars().next().is_some_and(char::is_uppercase))
                .map(|w| w.text.into_owned())
                .collect()
        };
        let check = |text: &str| {
            let found: Vec<&str> = capitalised_words(text).collect();
            assert_eq!(found, expected(text), "{text:?}");
        };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
        for entry in std::fs::read_dir(&dir).expect("the sample corpus ships with the repository") {
            check(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        check("1 000Abc, 10,000Ёж Ѣѣ Ѡѡx ЁЖИК ёжик Ǆemal ǅ Ωmega ωmega x\u{301}Y 😀Tokayev");
        for text in random_texts(0x9E37_79B9_7F4A_7C15) {
            check(&text);
        }
    }

    /// The char-by-char segmentation the byte scan replaced, kept as the
    /// reference it must agree with.
    fn reference_words(text: &str) -> Vec<WordRef<'_>> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = chars.peek() {
                if !c.is_alphanumeric() {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            let word = &text[start..end];
            if word.len() <= 3
                && word.bytes().all(|b| b.is_ascii_digit())
                && let Some((digits, after)) = grouped_number_at(text, start)
            {
                while chars.peek().is_some_and(|&(i, _)| i < after) {
                    chars.next();
                }
                out.push(WordRef {
                    text: Cow::Owned(digits),
                    start,
                    end: after,
                });
                continue;
            }
            out.push(WordRef {
                text: Cow::Borrowed(word),
                start,
                end,
            });
        }
        out
    }

    #[test]
    fn the_byte_scan_segments_as_the_char_by_char_reference() {
        let check = |text: &str| {
            assert_eq!(
                word_refs(text).collect::<Vec<_>>(),
                reference_words(text),
                "{text:?}"
            );
        };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
        for entry in std::fs::read_dir(&dir).expect("the sample corpus ships with the repository") {
            check(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        for text in random_texts(0x2545_F491_4F6C_DD1D) {
            check(&text);
        }
    }
    /// 20,000 strings of up to 13 pieces drawn from the characters the byte
    /// scan treats apart (ASCII, Russian and other Cyrillic letters, Greek,
    /// titlecase, combining marks, emoji, digits and group separators).
    fn random_texts(mut seed: u64) -> Vec<String> {
        let pieces = [
            "A", "b", "Z", "q", "1", "0", "12", "000", "1 000", " ", ",", "\u{a0}", "'", "-", ".",
            "Ж", "ж", "Ё", "ё", "Ѣ", "ѣ", "Ґ", "ґ", "Ω", "ω", "ǅ", "\u{301}", "😀", "É", "é", "ß",
            "İ", "٣", "中", "—", "«",
        ];
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..20_000)
            .map(|_| {
                (0..next() % 14)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }
}
