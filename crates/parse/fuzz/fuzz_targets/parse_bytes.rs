//! `parse()` on arbitrary bytes, as text, as HTML and auto-detected: it may
//! return an error but must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pressroom_model::sources::SourcesConfig;
use pressroom_parse::{ContentKind, Input, parse};

fuzz_target!(|data: &[u8]| {
    let sources = SourcesConfig::default();
    for kind in [ContentKind::Text, ContentKind::Html, ContentKind::Auto] {
        let _ = parse(
            &Input {
                bytes: data,
                origin: "fuzz/input",
                url: Some("https://www.hrw.org/news/2021/07/07/x"),
                content_type: None,
                kind,
            },
            &sources,
        );
    }
});
