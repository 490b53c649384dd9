//! The five seed releases of `corpus/sample/` parse into the documents a
//! reader would expect: right titles, dates, publishers, language split, no
//! page chrome.

use chrono::NaiveDate;
use pressroom_model::sources::SourcesConfig;
use pressroom_model::{Lang, LinkKind};
use pressroom_parse::{ContentKind, Input, Parsed, parse};
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn sources() -> SourcesConfig {
    SourcesConfig::load(&corpus().join("sources.toml")).expect("sources.toml loads")
}

fn parse_seed(prefix: &str) -> Parsed {
    let dir = corpus().join("sample");
    let path = std::fs::read_dir(&dir)
        .expect("sample dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("seed {prefix} missing"));
    let bytes = std::fs::read(&path).expect("readable seed");
    let origin = format!(
        "sample/{}",
        path.file_name().expect("name").to_string_lossy()
    );
    parse(
        &Input {
            bytes: &bytes,
            origin: &origin,
            url: None,
            content_type: None,
            kind: ContentKind::Auto,
        },
        &sources(),
    )
    .expect("seed parses")
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn civicus_page_splits_into_english_and_russian() {
    let parsed = parse_seed("001_");
    assert_eq!(
        parsed.documents.len(),
        2,
        "{:#?}",
        parsed
            .documents
            .iter()
            .map(|d| &d.title)
            .collect::<Vec<_>>()
    );
    let (en, ru) = (&parsed.documents[0], &parsed.documents[1]);
    assert_eq!(en.lang, Lang::En);
    assert_eq!(ru.lang, Lang::Ru);
    assert_eq!(
        en.title,
        "Kazakhstan downgraded as civic freedoms deteriorate"
    );
    assert_eq!(
        ru.title,
        "Казахстан понижен в рейтинге из-за ухудшения гражданских свобод"
    );
    assert_eq!(en.published, date(2022, 6, 21));
    assert_eq!(ru.published, date(2022, 6, 21));
    assert_eq!(en.source, "CIVICUS");
    assert_eq!(ru.source, "CIVICUS");
    // Split point: English ends at the contact line, Russian starts with its text.
    assert!(
        en.body.trim_end().ends_with("media@civicus.org"),
        "{}",
        &en.body[en.body.len() - 200..]
    );
    assert!(!en.body.contains("Казахстан"));
    assert!(
        ru.body.starts_with("• До тех пор власти"),
        "{}",
        &ru.body[..200]
    );
    assert!(!ru.body.contains("downgraded"));
    // Neither repeats its title or the bare date line.
    assert!(!en.body.starts_with("Kazakhstan downgraded"));
    assert!(!en.body.contains("21 JUNE 2022"));
    assert!(!ru.body.contains("21 июня 2022 г."));
    assert_ne!(en.id, ru.id);
    assert_eq!(parsed.links.len(), 1);
    let link = &parsed.links[0];
    assert_eq!(link.kind, LinkKind::Translation);
    assert_eq!((&link.a, &link.b), (&en.id, &ru.id));
    assert_eq!(link.evidence[0].signal, "same_page_split");
    // Paragraphs stay paragraphs; figures survive normalisation.
    assert!(en.paragraphs().count() > 15);
    assert!(en.body.contains("over 10,000 people"));
}

#[test]
fn omct_page_loses_its_chrome() {
    let parsed = parse_seed("002_");
    assert_eq!(parsed.documents.len(), 1);
    let doc = &parsed.documents[0];
    assert_eq!(
        doc.title,
        "Kazakhstan: EU urged to insist on concrete measures to address pressing human rights issues"
    );
    assert_eq!(doc.published, date(2016, 11, 23));
    assert_eq!(doc.source, "OMCT");
    assert_eq!(doc.lang, Lang::En);
    for junk in [
        "Related articles",
        "Rue Franklin",
        "Make a donation",
        "Save as PDF",
        "Français",
        "Properties",
        "Date: November",
        "Share this",
        "Tweet",
        "This page is available in",
        "Privacy Policy",
        "Monitoring protection mechanisms / Urgent",
        "Urgent campaigns",
    ] {
        assert!(!doc.body.contains(junk), "{junk:?} left in body");
    }
    assert!(
        doc.body.starts_with("EU urged to insist"),
        "{}",
        &doc.body[..100]
    );
    assert!(
        doc.body
            .contains("Brussels/Almaty, 23 November 2016. Today the EU")
    );
}

#[test]
fn bureau_machine_translation_keeps_original_url() {
    let parsed = parse_seed("000_");
    assert_eq!(parsed.documents.len(), 1);
    let doc = &parsed.documents[0];
    assert_eq!(
        doc.meta.original_url.as_deref(),
        Some("https://bureau.kz/novosti/s-ponizheniem/")
    );
    assert_eq!(
        doc.source,
        "Kazakhstan International Bureau for Human Rights"
    );
    assert_eq!(doc.lang, Lang::En);
    // No date is stated ("January 2022" is in passing).
    assert_eq!(doc.published, None);
    assert!(
        doc.title.starts_with("Today, Civicus Monitor"),
        "{}",
        doc.title
    );
    assert!(!doc.body.contains("Original news"));
    assert!(!doc.body.contains("images/2006_watch.jpg"));
    assert!(!doc.body.contains(" _ "));
    // The glued sentence is separated.
    assert!(doc.body.contains("Political Rights. For a long time"));
}

#[test]
fn acca_reports_are_acca_not_the_organisations_they_cite() {
    for seed in ["003_", "004_"] {
        let parsed = parse_seed(seed);
        assert_eq!(parsed.documents.len(), 1);
        let doc = &parsed.documents[0];
        assert_eq!(doc.source, "ACCA", "{seed}");
        assert_eq!(doc.lang, Lang::En);
        assert_eq!(doc.published, None, "{seed}: no publication date is stated");
        assert!(!doc.body.contains("Subscribe to our Facebook page"));
    }
    assert_eq!(
        parse_seed("003_").documents[0].title,
        "Amnesty International: \"Degradation of human rights situation\" in Kazakhstan"
    );
    assert_eq!(
        parse_seed("004_").documents[0].title,
        "The President of Kazakhstan is demanded to fulfill his promises"
    );
}

#[test]
fn ids_are_stable_across_runs() {
    let a = parse_seed("001_");
    let b = parse_seed("001_");
    let ids = |p: &Parsed| p.documents.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
}
