//! Text encoded to UTF-8 twice: `donâ€™t`, `Ã©tÃ©`, `Ð¿Ñ€Ð¸`, `РїСЂРё`.
//!
//! A CMS that reads UTF-8 bytes as windows-1252 (or, on Russian sites,
//! windows-1251) and saves what it read as UTF-8 again publishes valid UTF-8
//! that says nothing: each non-ASCII character has become two to four. The
//! bytes are valid, so [`super::decode`] cannot see it; the characters can.
//! Every such character comes from one byte of the original UTF-8, so a run
//! of them maps back to bytes that decode as UTF-8 once more.
//!
//! A run of non-ASCII characters is read back when its bytes in one of the
//! two encodings (windows-1252 also as ISO-8859-1, whose 80–9F are control
//! characters) are valid UTF-8 made only of characters that text is written
//! in: letters of Latin, Greek and Cyrillic scripts, punctuation, symbols,
//! emoji. Real text almost never passes: `é` alone, `Россия` or `Straße»`
//! read back as invalid UTF-8 or as letters of other scripts. What remains
//! is told by number: misreading damages a whole text, so a text is
//! repaired only when at least [`MIN_RUNS`] of its runs read back.

use encoding_rs::{Encoding, WINDOWS_1251, WINDOWS_1252};
use std::sync::LazyLock;

/// The two encodings whose misreading of UTF-8 is common on the pages we
/// read: Western European CMS defaults, and Russian ones.
const MISREAD_AS: [&Encoding; 2] = [WINDOWS_1252, WINDOWS_1251];

/// The fewest misread runs that show a text was misread as a whole.
const MIN_RUNS: usize = 3;

/// Each encoding's character → byte table, for the bytes above ASCII.
static BYTES: LazyLock<[ByteTable; 2]> = LazyLock::new(|| MISREAD_AS.map(ByteTable::of));

/// Which byte of a single-byte encoding a character is. Every run of
/// non-ASCII text is looked up here (each word of a Russian page), so the
/// characters below U+0500 are indexed directly.
struct ByteTable {
    /// By code point below [`LOW`]; 0 where the encoding has no byte for
    /// the character (no byte above ASCII is 0).
    low: Vec<u8>,
    /// The characters from [`LOW`] up (punctuation, `€`, `№`), sorted.
    high: Vec<(char, u8)>,
}

const LOW: usize = 0x500;

impl ByteTable {
    fn of(enc: &'static Encoding) -> Self {
        let mut low = vec![0; LOW];
        let mut high = Vec::new();
        // ISO-8859-1 proper reads 80–9F as C1 controls where windows-1252
        // has punctuation; misreadings of both kinds are published.
        if enc == WINDOWS_1252 {
            for b in 0x80..=0x9Fu8 {
                low[usize::from(b)] = b;
            }
        }
        for b in 0x80..=0xFFu8 {
            let byte = [b];
            let (text, bad) = enc.decode_without_bom_handling(&byte);
            let mut chars = text.chars();
            if let (Some(c), None, false) = (chars.next(), chars.next(), bad) {
                match low.get_mut(c as usize) {
                    Some(slot) => *slot = b,
                    None => high.push((c, b)),
                }
            }
        }
        high.sort_unstable();
        ByteTable { low, high }
    }

    fn byte(&self, c: char) -> Option<u8> {
        match self.low.get(c as usize) {
            Some(0) => None,
            Some(&b) => Some(b),
            None => self
                .high
                .binary_search_by_key(&c, |&(c, _)| c)
                .ok()
                .map(|i| self.high[i].1),
        }
    }
}

/// A run of text (`start..end`, in bytes) that reads back as `fixed` from
/// its bytes in `MISREAD_AS[encoding]`.
struct Misread {
    start: usize,
    end: usize,
    fixed: String,
    encoding: usize,
}

/// The text with its twice-encoded runs decoded once more, or `None` when
/// it holds none.
pub(crate) fn repair(text: &str) -> Option<String> {
    let tables = &*BYTES;
    let mut found: Vec<Misread> = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    // A misread run starts with a UTF-8 lead byte's character: `Â`–`ô` in
    // windows-1252 (`C3 xx` in UTF-8), `В`–`ф` in windows-1251 (`D0 xx`,
    // `D1 xx`). Pages are mostly ASCII markup, so these bytes are sought
    // first, and only the non-ASCII run around each one is read.
    while let Some(hit) = memchr::memchr3(0xC3, 0xD0, 0xD1, &bytes[from..]) {
        let mut start = from + hit;
        while start > from && !bytes[start - 1].is_ascii() {
            start -= 1;
        }
        let mut end = from + hit;
        while end < bytes.len() && !bytes[end].is_ascii() {
            end += 1;
        }
        let run = &text[start..end];
        if let Some((encoding, fixed)) = tables
            .iter()
            .enumerate()
            .find_map(|(encoding, table)| Some((encoding, read_back(run, table)?)))
        {
            found.push(Misread {
                start,
                end,
                fixed,
                encoding,
            });
        }
        from = end;
    }
    // Misreading damages a text throughout (every apostrophe, every
    // non-breaking space), while a page about encodings quotes an example
    // or two (`"Ã¤" instead of "ä"`); and misread Russian holds words, not
    // only a capital `Р` or `С` before `»` or `…`.
    let misread_as = |encoding: usize| {
        let runs = || found.iter().filter(|m| m.encoding == encoding);
        runs().count() >= MIN_RUNS
            && (MISREAD_AS[encoding] != WINDOWS_1251
                || runs().any(|m| m.fixed.chars().nth(1).is_some()))
    };
    let misread = [misread_as(0), misread_as(1)];
    found.retain(|m| misread[m.encoding]);
    if found.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for m in &found {
        out.push_str(&text[at..m.start]);
        out.push_str(&m.fixed);
        at = m.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// A run's bytes in one encoding, read as UTF-8, when they are valid and
/// written in plausible characters. Most runs are real text and fail on
/// their first two characters: a UTF-8 lead byte, then a continuation byte.
fn read_back(run: &str, table: &ByteTable) -> Option<String> {
    let mut chars = run.chars();
    let lead = table.byte(chars.next()?)?;
    let next = table.byte(chars.next()?)?;
    if !(0xC2..=0xF4).contains(&lead) || !(0x80..=0xBF).contains(&next) {
        return None;
    }
    let bytes: Vec<u8> = run.chars().map(|c| table.byte(c)).collect::<Option<_>>()?;
    let fixed = String::from_utf8(bytes).ok()?;
    fixed.chars().all(is_plausible).then_some(fixed)
}

/// Characters that text is written in: what a misread run must decode to.
fn is_plausible(c: char) -> bool {
    matches!(c,
        '\u{A0}'..='\u{17F}'           // Latin-1 and Latin Extended-A
        | '\u{218}'..='\u{21B}'        // Romanian ș ț
        | '\u{386}'..='\u{3CE}'        // Greek
        | '\u{400}'..='\u{45F}'        // Cyrillic, Russian and its neighbours
        | '\u{490}'..='\u{4FF}'        // Ukrainian, Kazakh and other Cyrillic letters
        // Punctuation, currency, ™ and №, arrows, mathematical operators,
        // box drawing (old Russian pages quote with `╚…╩`), shapes, dingbats.
        | '\u{2000}'..='\u{2BFF}'
        | '\u{FE0F}' | '\u{FEFF}'
        | '\u{1F000}'..='\u{1FAFF}' // emoji
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UTF-8 bytes read as `enc`, as a CMS misreading them would.
    fn misread(text: &str, enc: &'static Encoding) -> String {
        enc.decode_without_bom_handling(text.as_bytes())
            .0
            .into_owned()
    }

    #[test]
    fn english_french_and_russian_read_as_windows_1252_are_repaired() {
        for text in [
            "We don’t know – “yet” … 25 °C, © 2024 🙂",
            "L’été à Genève, déjà.",
            "Правозащитники задержаны в Алматы",
        ] {
            let broken = misread(text, WINDOWS_1252);
            assert_ne!(broken, text);
            assert_eq!(repair(&broken).as_deref(), Some(text), "{broken}");
        }
    }

    #[test]
    fn text_read_as_iso_8859_1_is_repaired() {
        let text = "Investor’s guide — “retirement” in 2026";
        let broken: String = text.bytes().map(char::from).collect();
        assert!(broken.contains('\u{80}'), "{broken:?}");
        assert_eq!(repair(&broken).as_deref(), Some(text));
    }

    #[test]
    fn russian_read_as_windows_1251_is_repaired_even_its_one_letter_words() {
        let text = "Суд в Астане и «Кадыр» — это я";
        let broken = misread(text, WINDOWS_1251);
        assert!(broken.contains("РІ"), "{broken}");
        assert_eq!(repair(&broken).as_deref(), Some(text));
    }

    #[test]
    fn real_text_is_left_alone() {
        for text in [
            "plain ASCII",
            "café, naïve, Straße», Ærø, Ðe, ÇA VA…, NÃO",
            "Россия, «ТАСС», план Р» и С…",
            "Қазақстан, Україна, Ελλάδα, 東京",
        ] {
            assert_eq!(repair(text), None, "{text}");
        }
    }

    #[test]
    fn misread_runs_are_repaired_beside_real_text() {
        assert_eq!(
            repair("SÃO PAULO: lâ€™Ã©cole, lâ€™Ã©tÃ©").as_deref(),
            Some("SÃO PAULO: l’école, l’été")
        );
    }

    #[test]
    fn a_page_quoting_a_misreading_or_two_keeps_its_quotes() {
        let text = "I often saw \"Ã¤\" instead of \"ä\", or Ã© for é.";
        assert_eq!(repair(text), None);
    }
}
