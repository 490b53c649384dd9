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

#[test]
fn markdown_front_matter_gives_title_date_and_url_and_no_markup_remains() {
    let parsed = parse_fixture("static-site-release.md");
    assert_eq!(parsed.documents.len(), 1, "{}", summary(&parsed));
    let doc = &parsed.documents[0];
    assert_eq!(doc.title, "Kazakhstan: Free Jailed Labour Activist");
    assert_eq!(doc.published, chrono::NaiveDate::from_ymd_opt(2023, 3, 14));
    assert_eq!(
        doc.meta.url.as_deref(),
        Some("https://www.hrw.org/news/2023/03/14/kazakhstan-free-jailed-labour-activist")
    );
    assert_eq!(doc.source, "Human Rights Watch");
    assert_eq!(doc.lang, Lang::En);
    for markup in ["---", "# ", "**", "__", "](", "permalink:", "layout:"] {
        assert!(
            !doc.body.contains(markup),
            "{markup:?} left in:\n{}",
            doc.body
        );
    }
    assert!(doc.body.contains("Background"));
    assert!(
        doc.body
            .contains("several independent unions have been closed")
    );
    assert!(
        doc.body
            .contains("Read the ILO committee's conclusions on the case.")
    );
    // The heading repeating the front matter's title is not body text.
    assert!(
        !doc.body.starts_with("Kazakhstan: Free Jailed"),
        "{}",
        doc.body
    );
}

#[test]
fn a_txt_file_holding_markdown_loses_its_markup() {
    let parsed = parse_fixture("saved-page-markdown.txt");
    assert_eq!(parsed.documents.len(), 1, "{}", summary(&parsed));
    let doc = &parsed.documents[0];
    assert_eq!(
        doc.title,
        "Казахстан: правозащитники требуют расследовать пытки в изоляторе"
    );
    assert_eq!(doc.published, chrono::NaiveDate::from_ymd_opt(2024, 4, 12));
    assert!(
        doc.body
            .contains("провести независимое и эффективное расследование")
    );
    assert!(doc.body.contains("читайте в нашем предыдущем заявлении."));
    for markup in ["# ", "**", "*", "]("] {
        assert!(
            !doc.body.contains(markup),
            "{markup:?} left in:\n{}",
            doc.body
        );
    }
}

#[test]
fn plain_text_with_a_rule_line_is_not_taken_for_front_matter() {
    let text = "Kazakhstan: activists detained before the vote\n\n---\n\nPolice in Almaty detained at least a dozen activists on Sunday morning, hours before polling stations opened, according to their relatives and lawyers who spoke to journalists.\n\nThe detained activists had announced plans to observe the vote at several polling stations in the city centre.\n";
    let parsed = parse_bytes(text.as_bytes(), "notes/release.txt");
    assert_eq!(
        parsed.documents[0].title,
        "Kazakhstan: activists detained before the vote"
    );
}
