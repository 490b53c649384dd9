//! Queries an adversarial user types, through the real binary: each is
//! answered or refused clearly, and quickly.

mod common;
use common::Home;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn one_enormous_word_is_refused_with_the_bound() {
    let home = Home::with_sample();
    home.ok(&["search", "torture"]);
    let word = "a".repeat(131_000);
    for extra in [&[][..], &["--literal"]] {
        let mut args = vec!["search", word.as_str()];
        args.extend_from_slice(extra);
        let out = home.run(&args);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("longer than the 200 a query word may have"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn dates_past_2262_filter_as_any_other_year() {
    let home = Home::with_sample();
    // Undated documents are outside any date range: compare with a year
    // tantivy's timestamps reach.
    let dated = home
        .hits("torture", &["--limit", "100", "--until", "2100"])
        .len();
    assert!(dated >= 2);
    assert_eq!(
        home.hits("torture", &["--limit", "100", "--until", "3000"])
            .len(),
        dated
    );
    assert!(home.hits("torture", &["--since", "9999"]).is_empty());
    let export = |bound: &str, year: &str| {
        home.ok(&["export", "--format", "jsonl", bound, year])
            .lines()
            .count()
    };
    assert!(export("--until", "2100") >= 2);
    assert_eq!(export("--until", "3000"), export("--until", "2100"));
    assert_eq!(
        home.ok(&["export", "--format", "jsonl", "--since", "9999"])
            .lines()
            .count(),
        0
    );
}

#[test]
fn an_unknown_source_says_which_sources_exist() {
    let home = Home::with_sample();
    home.ok(&["search", "torture"]);
    let out = home.run(&["search", "torture", "--source", "Amnesty Internationale"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("\"Amnesty Internationale\""), "{err}");
    assert!(err.contains("OMCT"), "{err}");
    // Known sources, by name or id, still filter.
    assert!(!home.hits("torture", &["--source", "omct"]).is_empty());
}

#[test]
fn a_quoted_phrase_keeps_its_words_together_across_languages() {
    let home = Home::with_sample();
    let extra = tempfile::tempdir().unwrap();
    let file = extra.path().join("release.txt");
    std::fs::write(
        &file,
        "Monitors report torture detention practices\n\n12 March 2024\n\nThe report describes torture detention practices in three regions, and the monitors call for an independent inquiry.\n",
    )
    .unwrap();
    home.ok(&["import", file.to_str().unwrap()]);
    let hits = home.hits("\"torture detention\"", &["--limit", "100"]);
    let origins: Vec<&str> = hits.iter().map(common::origin_of).collect();
    assert_eq!(hits.len(), 1, "{origins:?}");
    assert!(origins[0].ends_with("release.txt"), "{origins:?}");
    assert_eq!(hits[0]["lang"], "en");
}
