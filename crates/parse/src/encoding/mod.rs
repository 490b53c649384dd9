//! Bytes to text, trusting declarations only as far as the bytes agree.
//!
//! Russian pages and feeds still come in five single-byte Cyrillic encodings
//! besides UTF-8, and their declarations are not reliable: servers send a
//! default charset, templates copy a `<meta charset>` from elsewhere, XML
//! declarations name the wrong encoding. Every single-byte encoding decodes
//! any byte sequence "successfully", so a wrong choice produces no error, only
//! mojibake that poisons the index. We therefore collect what the input
//! declares (BOM, HTTP header, `<meta>`, XML declaration), decode with it, and
//! check the result: replacement characters, control characters and
//! Cyrillic words with impossible letter case (`бМХЛЮМХЕ`, the signature of
//! KOI8-R read as windows-1251) count against it. If the declared encoding
//! reads worse than the detector's guess ([`chardetng`]) or another Cyrillic
//! encoding, the better reading wins and [`Decoded::source`] says so.
//!
//! UTF-8 that a CMS once read as windows-1252 or windows-1251 and saved
//! again is valid, but says `donâ€™t`; [`mojibake`] reads such runs back.

mod mojibake;

use crate::ParseError;
use encoding_rs::{
    Encoding, IBM866, ISO_8859_5, KOI8_R, KOI8_U, UTF_8, WINDOWS_1251, WINDOWS_1252, X_MAC_CYRILLIC,
};
use pressroom_analysis::lang;
use regex::bytes::Regex;
use std::sync::LazyLock;

/// Where the encoding decision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionSource {
    /// Byte order mark.
    Bom,
    /// `charset` of the HTTP `Content-Type` header.
    HttpHeader,
    /// `<meta charset>` or `<meta http-equiv="Content-Type">`.
    MetaTag,
    /// `<?xml … encoding="…"?>`.
    XmlDeclaration,
    /// Statistical detection: nothing was declared, or the declaration lied.
    Detected,
    /// Valid UTF-8 with nothing declared.
    Utf8Valid,
}

/// Decoded text and how its encoding was chosen.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding used (`UTF-8`, `windows-1251`, `KOI8-R`…).
    pub encoding: &'static str,
    pub source: DecisionSource,
}

/// How many bytes at the start are searched for `<meta>` / XML declarations.
const SNIFF_BYTES: usize = 4096;

/// Encodings tried when a declaration is doubted, besides the detector's guess.
const CYRILLIC_FAMILY: [&Encoding; 6] = [
    WINDOWS_1251,
    KOI8_R,
    IBM866,
    X_MAC_CYRILLIC,
    ISO_8859_5,
    KOI8_U,
];

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)"#)
        .expect("valid regex")
});
static XML_DECL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?-u)^(?:\xEF\xBB\xBF)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']"#,
    )
    .expect("valid regex")
});

/// The `charset` parameter of a Content-Type header value.
pub fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| Encoding::for_label(v.trim().trim_matches(['"', '\'']).as_bytes()))
            .flatten()
    })
}

fn declared(
    bytes: &[u8],
    content_type: Option<&str>,
) -> Option<(&'static Encoding, DecisionSource)> {
    if let Some(enc) = content_type.and_then(charset_from_content_type) {
        return Some((enc, DecisionSource::HttpHeader));
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if let Some(c) = XML_DECL.captures(head)
        && let Some(enc) = Encoding::for_label(&c[1])
    {
        return Some((enc, DecisionSource::XmlDeclaration));
    }
    if let Some(c) = META_CHARSET.captures(head)
        && let Some(enc) = Encoding::for_label(&c[1])
    {
        // A page cannot really be UTF-16 if its meta tag is readable as ASCII.
        let enc = if enc.output_encoding() == UTF_8 && enc != UTF_8 {
            UTF_8
        } else {
            enc
        };
        return Some((enc, DecisionSource::MetaTag));
    }
    None
}

/// How plausible a decoded text is as real writing; higher is better.
///
/// Counts letters in words with a normal case pattern (`слово`, `Слово`,
/// `СЛОВО`) for, and everything that wrong decodings produce against:
/// replacement characters, C1 controls, words with inner capitals or mixed
/// Latin and Cyrillic, and letters outside the Russian alphabet glued to
/// Cyrillic ones.
pub fn plausibility(text: &str) -> i64 {
    let mut score: i64 = 0;
    let mut word: Vec<char> = Vec::new();
    fn flush(word: &mut Vec<char>, score: &mut i64) {
        if word.is_empty() {
            return;
        }
        let cyr = word.iter().filter(|c| is_cyrillic(**c)).count() as i64;
        if cyr > 0 {
            let latin = word.iter().filter(|c| c.is_ascii_alphabetic()).count() as i64;
            let other = word.len() as i64 - cyr - latin;
            let uppers = word.iter().filter(|c| c.is_uppercase()).count();
            let first_upper = word[0].is_uppercase();
            let normal_case = uppers == 0 || uppers == word.len() || (uppers == 1 && first_upper);
            let rare = word.iter().filter(|c| is_rare_cyrillic(**c)).count() as i64;
            if normal_case && latin == 0 && other == 0 {
                *score += cyr - 3 * rare;
            } else {
                *score -= 2 * (cyr + latin + other) + 3 * rare;
            }
        }
        word.clear();
    }
    for c in text.chars() {
        match c {
            '\u{FFFD}' => {
                flush(&mut word, &mut score);
                score -= 20;
            }
            '\u{80}'..='\u{9F}' => {
                flush(&mut word, &mut score);
                score -= 10;
            }
            // Box drawing and block elements: IBM866 read as something else,
            // or something else read as IBM866.
            '\u{2500}'..='\u{259F}' => {
                flush(&mut word, &mut score);
                score -= 3;
            }
            c if c.is_alphabetic() => word.push(c),
            _ => flush(&mut word, &mut score),
        }
    }
    flush(&mut word, &mut score);
    score
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Cyrillic letters that Russian text rarely holds but mis-decodings of
/// Russian produce often (Serbian and Macedonian letters); `ё`, `ў` and the
/// letters of Kazakh and Ukrainian, which our sources write, are not rare.
fn is_rare_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{040F}' | '\u{0450}'..='\u{045F}' | '\u{0460}'..='\u{04FF}')
        && !matches!(c, 'ё' | 'Ё' | 'ў' | 'Ў')
        && !lang::is_kazakh_letter(c)
        && !lang::is_ukrainian_letter(c)
}

/// Unicode text with its twice-encoded runs read back ([`mojibake`]).
fn repaired(text: String) -> String {
    mojibake::repair(&text).unwrap_or(text)
}

fn decode_with(bytes: &[u8], enc: &'static Encoding) -> String {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    text.into_owned()
}

fn looks_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 8] = [
        (b"\x89PNG", "PNG image"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"%PDF", "PDF document"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"\x1F\x8B", "gzip data"),
        (b"\x7FELF", "executable"),
        (b"Rar!", "RAR archive"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    // UTF-16 without a BOM would hold many NULs too, but nothing we import is
    // written that way; NULs in the first kilobytes mean binary data.
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = head.iter().filter(|b| **b == 0).count();
    (nuls > 0 && nuls * 100 >= head.len().max(1)).then_some("NUL bytes")
}

/// Decode `bytes` to text.
///
/// `content_type` is the HTTP `Content-Type` header when there was one.
/// Errors: empty input, binary content (images, archives, NUL-filled data).
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Result<Decoded, ParseError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParseError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let text = repaired(decode_with(&bytes[bom_len..], enc));
        return Ok(Decoded {
            text,
            encoding: enc.name(),
            source: DecisionSource::Bom,
        });
    }
    if let Some(what) = looks_binary(bytes) {
        return Err(ParseError::Binary(what.to_string()));
    }

    let utf8_valid = std::str::from_utf8(bytes).is_ok();
    let declared = declared(bytes, content_type);

    // Valid UTF-8 beyond ASCII is practically never an accident, whatever is
    // declared; plain ASCII decodes the same in every candidate anyway.
    if utf8_valid {
        let text = repaired(decode_with(bytes, UTF_8));
        let source = match declared {
            Some((enc, src)) if enc == UTF_8 => src,
            _ => DecisionSource::Utf8Valid,
        };
        return Ok(Decoded {
            text,
            encoding: UTF_8.name(),
            source,
        });
    }

    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);

    let mut candidates: Vec<&'static Encoding> = Vec::new();
    if let Some((enc, _)) = declared {
        candidates.push(enc);
    }
    // chardetng names the whole KOI8 family KOI8-U; for Russian text both
    // read the same, and KOI8-R is what Russian publishers declare. Trying it
    // first makes ties go to it, while Ukrainian letters still favour KOI8-U.
    if guess == KOI8_U {
        candidates.push(KOI8_R);
    }
    candidates.push(guess);
    candidates.extend(CYRILLIC_FAMILY);
    candidates.push(WINDOWS_1252);

    let mut best: Option<(&'static Encoding, String, i64)> = None;
    for enc in candidates {
        if best.as_ref().is_some_and(|(e, _, _)| *e == enc) {
            continue;
        }
        let text = decode_with(bytes, enc);
        let score = plausibility(&text);
        // Ties keep the earlier candidate: the declaration, then the detector.
        if best.as_ref().is_none_or(|(_, _, s)| score > *s) {
            best = Some((enc, text, score));
        }
    }
    let (enc, text, _) =
        best.ok_or_else(|| ParseError::Encoding("no candidate encoding".into()))?;
    let source = match declared {
        Some((d, src)) if d == enc => src,
        _ => DecisionSource::Detected,
    };
    Ok(Decoded {
        text,
        encoding: enc.name(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RU: &str = "Казахстан понижен в рейтинге из-за ухудшения гражданских свобод. \
                      Власти задержали более 10 000 человек, в том числе лиц, принимавших участие в мирных акциях.";

    fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
        enc.encode(s).0.into_owned()
    }

    #[test]
    fn utf8_saved_twice_reads_as_written() {
        let page = "<p>Правозащитника задержали. Don’t look away.</p>";
        for enc in [WINDOWS_1252, WINDOWS_1251] {
            let twice = enc.decode_without_bom_handling(page.as_bytes()).0;
            let d = decode(twice.as_bytes(), Some("text/html; charset=utf-8")).expect("decodes");
            assert_eq!(d.text, page, "{}", enc.name());
            assert_eq!(d.encoding, "UTF-8");
        }
    }

    #[test]
    fn undeclared_cyrillic_encodings_are_detected() {
        for enc in [WINDOWS_1251, KOI8_R, IBM866, X_MAC_CYRILLIC, ISO_8859_5] {
            let d = decode(&encode(enc, RU), None).expect("decodes");
            assert_eq!(d.text, RU, "{}", enc.name());
            assert_eq!(d.encoding, enc.name());
        }
    }

    #[test]
    fn a_lying_declaration_is_overruled() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss><title>".to_vec();
        bytes.extend(encode(KOI8_R, RU));
        bytes.extend(b"</title></rss>");
        let d = decode(&bytes, None).expect("decodes");
        assert!(d.text.contains(RU));
        assert_eq!(d.encoding, "KOI8-R");
        assert_eq!(d.source, DecisionSource::Detected);
    }

    #[test]
    fn a_truthful_declaration_is_kept() {
        let mut bytes = b"<html><head><meta charset=\"windows-1251\"></head><body>".to_vec();
        bytes.extend(encode(WINDOWS_1251, RU));
        let d = decode(&bytes, None).expect("decodes");
        assert!(d.text.contains(RU));
        assert_eq!(d.source, DecisionSource::MetaTag);
        let d =
            decode(&encode(WINDOWS_1251, RU), Some("text/html; charset=cp1251")).expect("decodes");
        assert_eq!(d.source, DecisionSource::HttpHeader);
        assert_eq!(d.text, RU);
    }

    #[test]
    fn bom_and_utf8() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(RU.as_bytes());
        let d = decode(&bytes, Some("text/html; charset=koi8-r")).expect("decodes");
        assert_eq!((d.text.as_str(), d.source), (RU, DecisionSource::Bom));
        let d = decode(RU.as_bytes(), Some("text/html; charset=windows-1251")).expect("decodes");
        assert_eq!(d.text, RU);
    }

    #[test]
    fn empty_and_binary_inputs_are_errors() {
        assert!(matches!(decode(b"", None), Err(ParseError::Empty)));
        assert!(matches!(decode(b" \n\t ", None), Err(ParseError::Empty)));
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0", None),
            Err(ParseError::Binary(_))
        ));
        assert!(matches!(
            decode(&[0u8; 100], None),
            Err(ParseError::Binary(_))
        ));
    }
}
