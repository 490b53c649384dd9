//! `pressroom fetch` against a loopback server: what the user reads when a
//! source's patterns reject every link of an entry point.

mod common;

use common::Home;
use pressroom_fetch::testsite::{Reply, TestSite};

const SOURCES: &str = r#"
[[source]]
name = "KIBHR"
hosts = ["bureau.kz"]
article_url_patterns = ['^https://bureau\.kz/(en/)?news/\d+']
[[source.entry]]
kind = "feed"
url = "https://bureau.kz/feed/"
lang = "ru"
"#;

fn site() -> TestSite {
    let site = TestSite::start().unwrap();
    site.put(
        "https://bureau.kz/robots.txt",
        Reply::typed("text/plain", "User-agent: *\nAllow: /\n"),
    );
    site.put(
        "https://bureau.kz/feed/",
        Reply::typed(
            "application/rss+xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>\
             <item><title>a</title><link>https://bureau.kz/novosti/s-ponizheniem/</link>\
             <guid isPermaLink=\"false\">https://bureau.kz/?p=44991</guid></item></channel></rss>",
        ),
    );
    site
}

fn home_with_sources() -> Home {
    let home = Home::empty();
    std::fs::create_dir_all(home.path().join("corpus")).unwrap();
    std::fs::write(home.path().join("corpus/sources.toml"), SOURCES).unwrap();
    home
}

#[test]
fn fetch_names_an_entry_point_whose_links_are_all_rejected() {
    let site = site();
    let map = format!("bureau.kz={}", site.origin());
    let home = home_with_sources();
    let args = ["fetch", "--delay-ms", "0", "--map-host", &map];
    let text = home.ok(&args);
    assert!(
        text.contains(
            "[KIBHR] https://bureau.kz/feed/: article_url_patterns rejected all 1 links found"
        ),
        "{text}"
    );
    assert!(
        text.contains("https://bureau.kz/novosti/s-ponizheniem/"),
        "{text}"
    );

    let home = home_with_sources();
    let json: serde_json::Value =
        serde_json::from_str(&home.ok(&[&args[..], &["--json"]].concat())).unwrap();
    let rejected = &json["rejected_links"][0];
    assert_eq!(rejected["source"], "KIBHR", "{json}");
    assert_eq!(rejected["url"], "https://bureau.kz/feed/");
    assert_eq!(rejected["links_found"], 1);
    assert_eq!(
        rejected["examples"][0],
        "https://bureau.kz/novosti/s-ponizheniem/"
    );
}
