//! Hostile and broken inputs give a typed error or a sane document, never a
//! panic, and never take unreasonable time.

use pressroom_model::sources::SourcesConfig;
use pressroom_parse::{ContentKind, Input, ParseError, Parsed, parse};
use std::time::{Duration, Instant};

fn run(bytes: &[u8], kind: ContentKind) -> Result<Parsed, ParseError> {
    parse(
        &Input {
            bytes,
            origin: "test/input",
            url: None,
            content_type: None,
            kind,
        },
        &SourcesConfig::default(),
    )
}

const KINDS: [ContentKind; 3] = [ContentKind::Text, ContentKind::Html, ContentKind::Auto];

#[test]
fn empty_input_is_an_empty_error() {
    for kind in KINDS {
        assert!(matches!(run(b"", kind), Err(ParseError::Empty)));
        assert!(matches!(run(b" \n\r\n\t ", kind), Err(ParseError::Empty)));
    }
}

#[test]
fn binary_files_are_refused_with_their_kind() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    let zip = b"PK\x03\x04\x14\0\0\0\x08\0some.txt";
    let nuls: Vec<u8> = (0..4096u32)
        .map(|i| if i % 7 == 0 { 0 } else { b'a' })
        .collect();
    for kind in KINDS {
        match run(png, kind) {
            Err(ParseError::Binary(what)) => assert!(what.contains("PNG"), "{what}"),
            other => panic!("PNG gave {other:?}"),
        }
        assert!(matches!(run(zip, kind), Err(ParseError::Binary(_))));
        assert!(matches!(run(&nuls, kind), Err(ParseError::Binary(_))));
    }
}

#[test]
fn invalid_utf8_is_decoded_not_rejected() {
    // windows-1251 Russian mixed with bytes that are invalid UTF-8.
    let mut bytes = encoding_rs::WINDOWS_1251
        .encode("Заголовок новости\n\nВласти задержали более 10 000 человек, в том числе лиц, принимавших участие в мирных акциях протеста. Это вызывает серьезную озабоченность правозащитников.\n\nВторой абзац текста о событиях в Казахстане, достаточно длинный для определения языка.")
        .0
        .into_owned();
    bytes.extend([0xFF, 0xFE, 0xC3]);
    let parsed = run(&bytes, ContentKind::Text).expect("parses");
    assert_eq!(parsed.documents.len(), 1);
    assert_eq!(parsed.documents[0].title, "Заголовок новости");
    assert_eq!(parsed.documents[0].lang, pressroom_model::Lang::Ru);
}

#[test]
fn a_ten_megabyte_single_line_is_handled_quickly() {
    let line =
        "The authorities detained peaceful protesters in Almaty and Astana. ".repeat(150_000);
    assert!(line.len() > 10_000_000);
    let start = Instant::now();
    let result = run(line.as_bytes(), ContentKind::Text);
    let elapsed = start.elapsed();
    let parsed = result.expect("parses");
    assert_eq!(parsed.documents.len(), 1);
    assert!(!parsed.documents[0].title.is_empty());
    assert!(parsed.documents[0].title.len() < 200);
    println!("10 MB line parsed in {elapsed:?}");
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
}

#[test]
fn truncated_html_still_yields_its_text() {
    let html = b"<!DOCTYPE html><html><head><title>Kazakhstan: activists detained</title></head><body>\
        <article><h1>Kazakhstan: activists detained</h1><p>The authorities detained twelve peaceful \
        protesters in Almaty on Saturday, according to local human rights defenders who monitored the \
        rally.</p><p>Police said the gathering had not been authorised under the law on peaceful asse";
    let parsed = run(html, ContentKind::Auto).expect("parses");
    let doc = &parsed.documents[0];
    assert!(
        doc.body.contains("detained twelve peaceful protesters"),
        "{}",
        doc.body
    );
}

#[test]
fn markup_without_text_is_a_no_text_error() {
    let html =
        b"<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>";
    assert!(matches!(
        run(html, ContentKind::Html),
        Err(ParseError::NoText(_))
    ));
    assert!(matches!(
        run(b"Tweet\nShare this\n\xE2\x80\xA2 Blog\n", ContentKind::Text),
        Err(ParseError::NoText(_))
    ));
}
