//! The shipped `corpus/sources.toml` against the URL shapes the sources
//! really use: each real permalink is owned by the right source and taken
//! for an article, listings and feeds are not. A source whose patterns
//! reject its own permalinks would crawl its feeds and store nothing.

use pressroom_model::sources::SourcesConfig;
use std::path::Path;

fn shipped() -> SourcesConfig {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sources.toml");
    SourcesConfig::load(&path).unwrap()
}

/// The source owning `url`'s host, by short id.
fn owner(config: &SourcesConfig, url: &str) -> Option<String> {
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?
        .split(['/', '?', '#'])
        .next()?;
    config.for_host(host).map(|s| s.short_id().to_string())
}

#[test]
fn every_real_url_shape_is_owned_by_its_source_and_classified() {
    let config = shipped();
    let shapes = include_str!("fixtures/url-shapes.txt");
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in shapes
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut parts = line.split_whitespace();
        let (kind, id, url) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let found = owner(&config, url);
        if found.as_deref() != Some(id) {
            failures.push(format!("{url}: owned by {found:?}, expected {id}"));
            continue;
        }
        let source = config.by_name(id).unwrap();
        let is_article = source.is_article_url(url).unwrap();
        if is_article != (kind == "article") {
            failures.push(format!("{url}: article = {is_article}, expected {kind}"));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 30);
}

/// Taxonomy and section listings (tags, categories, country pages) are entry
/// points, not releases.
fn is_listing_shape(url: &str) -> bool {
    ["/tag/", "/tags/", "/category/", "/component/"]
        .iter()
        .any(|m| url.contains(m))
}

#[test]
fn every_url_in_the_shared_source_notes_is_an_article_of_its_source() {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/sources/README.md");
    let Ok(text) = std::fs::read_to_string(&notes) else {
        eprintln!("skipped: {} not present", notes.display());
        return;
    };
    let config = shipped();
    let mut failures = Vec::new();
    let mut checked = 0;
    for start in text.match_indices("https://").map(|(i, _)| i) {
        let url: String = text[start..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ')' | '(' | '`' | '|' | ';' | ','))
            .collect();
        let url = url.trim_end_matches('.');
        let Some(id) = owner(&config, url) else {
            failures.push(format!("{url}: no source owns its host"));
            continue;
        };
        let source = config.by_name(&id).unwrap();
        let is_article = source.is_article_url(url).unwrap();
        if is_article == is_listing_shape(url) {
            failures.push(format!("{url} ({id}): article = {is_article}"));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        checked > 5,
        "only {checked} URLs found in {}",
        notes.display()
    );
}

#[test]
fn a_subdomain_with_its_own_entry_is_not_claimed_by_its_parent() {
    let config = shipped();
    assert_eq!(
        config.for_host("eurasia.amnesty.org").unwrap().short_id(),
        "amnesty-eurasia"
    );
    assert_eq!(
        config.for_host("www.amnesty.org").unwrap().short_id(),
        "amnesty"
    );
    let eurasia = config.by_name("amnesty-eurasia").unwrap();
    let kinds: Vec<_> = eurasia.entries.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&pressroom_model::sources::EntryKind::Feed));
    assert!(kinds.contains(&pressroom_model::sources::EntryKind::Listing));
    assert!(!eurasia.extract.article.is_empty() && !eurasia.extract.title.is_empty());
}

#[test]
fn an_invalid_pattern_is_a_typed_error_naming_the_source() {
    let config =
        SourcesConfig::from_toml("[[source]]\nname = \"X\"\narticle_url_patterns = ['(']\n")
            .unwrap();
    let err = config.sources[0]
        .is_article_url("https://x.org/")
        .unwrap_err();
    assert!(err.to_string().contains("X"), "{err}");
}

#[test]
fn links_are_judged_in_canonical_form_as_the_crawler_judges_them() {
    // A strict pattern, and the addresses sites really link with: tracking
    // parameters, WordPress's `post_type=post`, an AMP variant, a fragment.
    let config = SourcesConfig::from_toml(
        "[[source]]\nname = \"bureau\"\nhosts = [\"bureau.kz\"]\n\
         article_url_patterns = ['^https://bureau\\.kz/(\\?p=\\d+|news/[a-z-]+/)$']\n",
    )
    .unwrap();
    let source = &config.sources[0];
    for url in [
        "https://bureau.kz/?p=123&post_type=post",
        "https://bureau.kz/?utm_source=tg&p=123",
        "https://bureau.kz/news/ocherednoj-prigovor/amp/",
        "https://bureau.kz/news/ocherednoj-prigovor/#comments",
    ] {
        assert!(source.is_article_url(url).unwrap(), "{url}");
    }
    assert!(
        !source
            .is_article_url("https://bureau.kz/?cat=5&p=123")
            .unwrap()
    );
}
