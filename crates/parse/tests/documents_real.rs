//! Documents as real NGO pages make them: joint statements with their
//! signatory lists, Markdown saved from static sites. Fixtures are written
//! from descriptions of such pages, not copied from them.

use pressroom_model::Lang;
use pressroom_model::sources::SourcesConfig;
use pressroom_parse::{ContentKind, Input, Parsed, parse};
use std::path::PathBuf;

fn sources() -> SourcesConfig {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sources.toml");
    SourcesConfig::load(&path).expect("sources.toml loads")
}

fn parse_fixture(name: &str) -> Parsed {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    parse_bytes(&bytes, name)
}

fn parse_bytes(bytes: &[u8], origin: &str) -> Parsed {
    parse(
        &Input {
            bytes,
            origin,
            url: None,
            content_type: None,
            kind: ContentKind::Auto,
        },
        &sources(),
    )
    .expect("parses")
}

fn summary(parsed: &Parsed) -> String {
    parsed
        .documents
        .iter()
        .map(|d| {
            format!(
                "{} {:?}: {}…",
                d.lang,
                d.title,
                d.body.chars().take(80).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_russian_joint_statement_keeps_its_latin_signatory_list() {
    let parsed = parse_fixture("joint-statement-ru.txt");
    assert_eq!(parsed.documents.len(), 1, "{}", summary(&parsed));
    assert!(parsed.links.is_empty());
    let doc = &parsed.documents[0];
    assert_eq!(doc.lang, Lang::Ru);
    assert!(
        doc.body.contains("Norwegian Helsinki Committee"),
        "{}",
        doc.body
    );
    assert!(doc.body.contains("Justice for Journalists Foundation"));
}

#[test]
fn names_urls_and_a_bibliography_stay_with_the_russian_text() {
    let parsed = parse_fixture("joint-statement-ru-inline.txt");
    assert_eq!(parsed.documents.len(), 1, "{}", summary(&parsed));
    let doc = &parsed.documents[0];
    assert_eq!(doc.lang, Lang::Ru);
    assert!(doc.body.contains("Committee to Protect Journalists"));
    assert!(doc.body.contains("https://www.hrw.org/news/2022/12/20/"));
    assert!(
        doc.body
            .contains("Kazakhstan: No Justice for January Protest Abuses")
    );
}
