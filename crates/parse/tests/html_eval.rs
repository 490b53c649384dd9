//! Extraction evaluation: exact scoring arithmetic on a hand-made folder, and
//! a regression floor on the real benchmark folder when it is present.

use pressroom_parse::eval::{
    EvalError, EvalOptions, ExtractionReport, Split, View, evaluate_extraction,
    evaluate_extraction_with, metrics, shingle_match,
};
use std::io::Write;
use std::path::{Path, PathBuf};

/// F1 measured on the 116-page benchmark folder is 0.981 (see BENCHMARKS.md);
/// the floor sits a little below so that a real regression fails.
const F1_FLOOR: f64 = 0.970;

fn real_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/extraction")
}

#[test]
fn real_benchmark_f1_stays_above_floor() {
    let dir = real_folder();
    if !dir.join("ground-truth.json").is_file() {
        eprintln!(
            "SKIPPED: extraction benchmark folder {} is absent",
            dir.display()
        );
        return;
    }
    let report = evaluate_extraction(&dir).expect("evaluation runs");
    println!("{report}");
    let mut worst = report.per_page.clone();
    worst.sort_by(|a, b| (a.precision.min(a.recall)).total_cmp(&b.precision.min(b.recall)));
    for p in worst.iter().take(15) {
        println!(
            "  p={:.2} r={:.2} {} {}",
            p.precision,
            p.recall,
            p.id,
            p.url.as_deref().unwrap_or("")
        );
    }
    println!("{}", serde_json::to_string(&report).expect("serialises"));
    assert!(report.pages >= 100, "only {} pages evaluated", report.pages);
    assert!(
        report.f1 >= F1_FLOOR,
        "F1 {:.3} fell below the floor {F1_FLOOR}",
        report.f1
    );
}

/// One evaluation of `dir`, without progress.
fn evaluate(dir: &Path, options: EvalOptions) -> Result<ExtractionReport, EvalError> {
    evaluate_extraction_with(dir, &options, &mut |_, _| {})
}

fn gz(path: &Path, text: &str) {
    let f = std::fs::File::create(path).unwrap();
    let mut e = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
    e.write_all(text.as_bytes()).unwrap();
    e.finish().unwrap();
}

#[test]
fn shingles_of_short_and_repeated_texts() {
    // Fewer than four tokens: one shingle of all of them.
    assert_eq!(shingle_match("a b", "a b"), (1.0, 0.0, 0.0));
    // 5 truth tokens → 2 shingles; prediction matches the first only and adds
    // one of its own: tp=1, fp=1, fn=1, each normalised by 3.
    let (tp, fp, fn_) = shingle_match("w1 w2 w3 w4 w5", "w1 w2 w3 w4 x");
    assert!(
        (tp - 1.0 / 3.0).abs() < 1e-12
            && (fp - 1.0 / 3.0).abs() < 1e-12
            && (fn_ - 1.0 / 3.0).abs() < 1e-12
    );
    // Punctuation is not a token; case matters as upstream.
    assert_eq!(
        shingle_match("One, two; three.", "One two three"),
        (1.0, 0.0, 0.0)
    );
    assert_eq!(shingle_match("", ""), (0.0, 0.0, 0.0));
}

#[test]
fn empty_output_costs_recall_not_precision() {
    let pages = [shingle_match("a b c d e", ""), (1.0, 0.0, 0.0)];
    let m = metrics(&pages);
    assert_eq!(
        m.precision, 1.0,
        "the empty output is left out of precision"
    );
    assert_eq!(m.recall, 0.5);
    assert!((m.f1 - 2.0 / 3.0).abs() < 1e-12);
}

#[test]
fn tiny_folder_scores_us_and_peers_on_the_same_pages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("html")).unwrap();
    std::fs::create_dir_all(d.join("peer-output")).unwrap();
    let body = "The council met on Monday, and it decided, after a long debate, to publish the report in full.";
    gz(
        &d.join("html/p1.html.gz"),
        &format!(
            "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\
             <article><h1>Council report</h1><p>{body}</p></article>\
             <footer>Contact us at 1 Main Street</footer></body></html>"
        ),
    );
    // p2 has ground truth but no page: not scored, for us or for peers.
    std::fs::write(
        d.join("ground-truth.json"),
        format!(
            r#"{{"p1": {{"articleBody": "{body}", "url": "https://example.org/a"}},
                "p2": {{"articleBody": "missing page", "url": "https://example.org/b"}}}}"#
        ),
    )
    .unwrap();
    // Peer "half" outputs the first 9 of 18 tokens: 6 of 15 shingles, tp=6 fn=9.
    let half: Vec<&str> = body.split_whitespace().take(9).collect();
    std::fs::write(
        d.join("peer-output/half.json"),
        format!(
            r#"{{"p1": {{"articleBody": "{}"}}, "p2": {{"articleBody": "x"}}}}"#,
            half.join(" ")
        ),
    )
    .unwrap();
    std::fs::write(d.join("peer-output/silent.json"), "{}").unwrap();

    let r = evaluate_extraction(d).unwrap();
    assert_eq!(r.pages, 1);
    assert_eq!((r.precision, r.recall, r.f1), (1.0, 1.0, 1.0), "{r}");
    let half = r.peers["half"];
    assert_eq!(half.precision, 1.0);
    assert!((half.recall - 6.0 / 15.0).abs() < 1e-12, "{half:?}");
    assert!((half.f1 - 2.0 * 0.4 / 1.4).abs() < 1e-12);
    let silent = r.peers["silent"];
    assert_eq!(
        (silent.precision, silent.recall, silent.f1),
        (0.0, 0.0, 0.0)
    );

    let json: serde_json::Value = serde_json::to_value(&r).unwrap();
    let mut keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "f1",
            "pages",
            "peers",
            "precision",
            "recall",
            "split",
            "whitespace_tokens"
        ]
    );
    // Bags of whitespace tokens: "half" has 9 of the 18 tokens.
    let bag = &r.whitespace_tokens.peers["half"];
    assert_eq!(bag.precision, 1.0);
    assert!((bag.recall - 0.5).abs() < 1e-12, "{bag:?}");
    assert_eq!(r.whitespace_tokens.f1, 1.0);
    assert!(json["peers"]["half"]["recall"].is_number());
    let table = r.to_string();
    assert!(
        table.contains("pressroom (ours)") && table.contains("half") && table.contains("silent")
    );
}

fn article(text: &str) -> String {
    format!(
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\
         <article><h1>Headline</h1><p>{text}</p></article>\
         <footer>Contact us at 1 Main Street</footer></body></html>"
    )
}

/// A folder with snippet checks only (no ground truth), page types in
/// `meta.json`, and peers in a folder of their own.
#[test]
fn checks_only_folder_reports_pass_rates_per_page_type_and_peers_from_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("html")).unwrap();
    let first =
        "The council met on Monday, and it decided, after a long debate, to publish the report.";
    let second =
        "The court heard the case on Tuesday, and the judge adjourned it until the spring.";
    gz(&d.join("html/a.html.gz"), &article(first));
    gz(&d.join("html/b.html.gz"), &article(second));
    std::fs::write(
        d.join("checks.json"),
        r#"{"a": {"with": ["decided, after a long   debate"], "without": ["Main Street"]},
            "b": {"with": ["the judge adjourned it"], "without": ["The court heard"]}}"#,
    )
    .unwrap();
    std::fs::write(
        d.join("meta.json"),
        r#"{"a": {"page_type": "article", "url": "https://one.example/a"},
            "b": {"page_type": "forum", "domain": "two.example"}}"#,
    )
    .unwrap();
    let peers = tempfile::tempdir().unwrap();
    std::fs::write(
        peers.path().join("echo.json"),
        format!(r#"{{"a": {{"articleBody": "{first} Contact us at 1 Main Street"}}, "b": {{"articleBody": "{second}"}}}}"#),
    )
    .unwrap();

    let options = EvalOptions {
        split: Split::All,
        peers: Some(peers.path().to_path_buf()),
        ..EvalOptions::default()
    };
    let r = evaluate(d, options).unwrap();
    assert_eq!(r.pages, 0, "no page has a ground-truth body");
    let checks = r.checks.as_ref().expect("checks reported");
    assert_eq!((checks.pages, checks.passed), (2, 1), "{r}");
    assert_eq!(checks.pass_rate, 0.5);
    // Page b holds its `without` snippet.
    assert_eq!(checks.with_found, 1.0);
    assert_eq!(checks.without_absent, 0.5);
    // The peer also keeps the footer on page a: it passes neither.
    assert_eq!(checks.peers["echo"], 0.0);
    assert_eq!(r.by_type.len(), 2);
    assert_eq!(r.by_type["article"].checks.as_ref().unwrap().pass_rate, 1.0);
    assert_eq!(r.by_type["forum"].checks.as_ref().unwrap().pass_rate, 0.0);
    assert_eq!(
        r.by_type["forum"].checks.as_ref().unwrap().peers["echo"],
        0.0
    );
    let table = r.to_string();
    assert!(table.contains("Snippet checks on 2 pages"), "{table}");
    assert!(table.contains("forum"), "{table}");

    // A missing peers folder under the data folder is no error; a split
    // holding none of the pages is.
    let tune = evaluate(
        d,
        EvalOptions {
            split: Split::Tune,
            ..EvalOptions::default()
        },
    );
    let holdout = evaluate(
        d,
        EvalOptions {
            split: Split::Holdout,
            ..EvalOptions::default()
        },
    );
    let counted = [&tune, &holdout]
        .iter()
        .map(|r| match r {
            Ok(r) => r.checks.as_ref().map_or(0, |c| c.pages),
            Err(EvalError::EmptySplit { .. }) => 0,
            Err(e) => panic!("{e}"),
        })
        .sum::<usize>();
    assert_eq!(counted, 2, "the two splits partition the pages");
}

/// The split is by site: every page of one host falls on the same side, and
/// the two sides partition the folder.
#[test]
fn splits_keep_whole_sites_together() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("html")).unwrap();
    let mut truth = serde_json::Map::new();
    let body =
        "The council met on Monday, and it decided, after a long debate, to publish the report.";
    for site in 0..12 {
        for page in 0..3 {
            let id = format!("s{site}p{page}");
            gz(&d.join(format!("html/{id}.html.gz")), &article(body));
            truth.insert(
                id,
                serde_json::json!({"articleBody": body, "url": format!("https://www.site{site}.example/{page}")}),
            );
        }
    }
    std::fs::write(
        d.join("ground-truth.json"),
        serde_json::Value::Object(truth).to_string(),
    )
    .unwrap();
    let run = |split| {
        let options = EvalOptions {
            split,
            ..EvalOptions::default()
        };
        evaluate(d, options).unwrap()
    };
    let (tune, holdout, all) = (run(Split::Tune), run(Split::Holdout), run(Split::All));
    assert_eq!(all.pages, 36);
    assert_eq!(tune.pages + holdout.pages, 36);
    assert!(
        tune.pages > 0 && holdout.pages > 0,
        "{} / {}",
        tune.pages,
        holdout.pages
    );
    let site = |id: &str| id.split('p').next().unwrap().to_string();
    let tune_sites: std::collections::HashSet<String> =
        tune.per_page.iter().map(|p| site(&p.id)).collect();
    for p in &holdout.per_page {
        assert!(
            !tune_sites.contains(&site(&p.id)),
            "site of {} on both sides",
            p.id
        );
    }
    assert!(holdout.to_string().starts_with("Split: holdout"));
}

/// Each view is scored and named in the report: without names, chrome told
/// apart only by its name counts against us; with paragraphs as line breaks
/// or as divs the names still tell it apart.
#[test]
fn each_view_is_scored_and_named_and_names_tell_the_comments_apart() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("html")).unwrap();
    let article = [
        "The council met on Monday, and it decided, after a long debate, to publish the report \
         on detention conditions, which the ministry had kept back.",
        "The report describes overcrowded cells, a lack of medical care and beatings by guards \
         in three of the country's prisons, and names the officials responsible.",
        "Rights groups welcomed the decision and called on the ministry to act on the report's \
         findings without further delay.",
    ]
    .map(|p| format!("<p>{p}</p>"))
    .concat();
    let page = format!(
        "<html><body><div class=\"post\"><h1>Headline</h1>{article}\
         <div class=\"comments\"><p>I read the annual report on prisons last spring, and \
         its findings on overcrowding were even worse than this.</p></div></div></body></html>"
    );
    gz(&d.join("html/a.html.gz"), &page);
    std::fs::write(
        d.join("checks.json"),
        r#"{"a": {"with": ["after a long debate"], "without": ["findings on overcrowding"]}}"#,
    )
    .unwrap();
    let run = |view| {
        let options = EvalOptions {
            view,
            ..EvalOptions::default()
        };
        evaluate(d, options).unwrap()
    };
    let served = run(View::AsServed);
    let nameless = run(View::WithoutNames);
    let breaks = run(View::ParagraphsAsBreaks);
    let landmarks = run(View::WithoutLandmarks);
    let divs = run(View::ParagraphsAsDivs);
    assert_eq!(served.checks.as_ref().unwrap().passed, 1, "{served}");
    assert_eq!(nameless.checks.as_ref().unwrap().passed, 0, "{nameless}");
    // Names still tell the comments apart when paragraphs are line breaks.
    assert_eq!(breaks.checks.as_ref().unwrap().passed, 1, "{breaks}");
    assert_eq!(divs.checks.as_ref().unwrap().passed, 1, "{divs}");
    assert!(divs.to_string().contains("paragraphs written as plain div"));
    assert!(
        nameless
            .to_string()
            .contains("without its class and id names")
    );
    assert!(landmarks.to_string().contains("sectioning elements as div"));
    assert!(!served.to_string().contains("class and id names"));
    let json = |r: &ExtractionReport| serde_json::to_value(r).unwrap();
    assert_eq!(json(&nameless)["without_names"], true);
    assert_eq!(json(&nameless)["view"], "without-names");
    assert_eq!(json(&breaks)["view"], "paragraphs-as-breaks");
    assert!(json(&breaks).get("without_names").is_none());
    assert!(json(&served).get("without_names").is_none());
    assert!(json(&served).get("view").is_none());
}
