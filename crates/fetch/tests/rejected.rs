//! A source whose `article_url_patterns` reject every link on an entry
//! point yields nothing; the run must say so, with examples, rather than
//! finish quietly with nothing new.

mod common;

use pressroom_fetch::testsite::{Reply, TestSite};
use pressroom_fetch::{RejectedLinks, Target};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;

/// A WordPress feed as KIBHR's looks: items link to permalinks
/// (`/novosti/<slug>/`), and the `?p=<id>` form appears only as the guid.
fn wordpress_feed(items: &[(&str, &str, u32)]) -> String {
    let items: String = items
        .iter()
        .map(|(title, slug, id)| {
            format!(
                "<item><title>{title}</title><link>https://bureau.kz/novosti/{slug}/</link>\
                 <guid isPermaLink=\"false\">https://bureau.kz/?p={id}</guid>\
                 <pubDate>Fri, 29 Nov 2024 10:00:00 +0000</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>КМБПЧ</title><link>https://bureau.kz/</link>{items}</channel></rss>"
    )
}

fn article(title: &str) -> String {
    format!(
        "<html lang=\"ru\"><head><title>{title}</title><meta property=\"article:published_time\" content=\"2024-11-29\"></head>\
         <body><article><h1>{title}</h1><p>Казахстанское международное бюро по правам человека сообщает о задержании участников мирного собрания в Алматы.</p>\
         <p>Бюро призывает власти немедленно освободить задержанных и расследовать сообщения о давлении.</p></article></body></html>"
    )
}

#[test]
fn patterns_that_reject_every_feed_link_are_named_in_the_summary() {
    let site = TestSite::start().unwrap();
    for host in ["bureau.kz", "acca.media"] {
        site.put(
            &format!("https://{host}/robots.txt"),
            Reply::typed("text/plain", "User-agent: *\nAllow: /\n"),
        );
    }
    site.put(
        "https://bureau.kz/feed/",
        Reply::typed(
            "application/rss+xml",
            wordpress_feed(&[
                ("С понижением", "s-ponizheniem", 44991),
                ("Задержания в Алматы", "zaderzhaniya-v-almaty", 45002),
                ("Заявление бюро", "zayavlenie-byuro", 45010),
            ]),
        ),
    );
    // A healthy source in the same run is not reported.
    site.put(
        "https://acca.media/feed/",
        Reply::typed(
            "application/rss+xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>ACCA</title>\
             <item><title>a</title><link>https://acca.media/news/2024/11/detained/</link></item>\
             <item><title>b</title><link>https://acca.media/about/</link></item></channel></rss>",
        ),
    );
    site.put(
        "https://acca.media/news/2024/11/detained/",
        Reply::html(article("Задержания в Алматы")),
    );
    let config = SourcesConfig::from_toml(
        r#"
[[source]]
name = "KIBHR"
hosts = ["bureau.kz"]
# Only numeric news paths: out of date for the site's permalinks.
article_url_patterns = ['^https://bureau\.kz/(en/)?news/\d+']
[[source.entry]]
kind = "feed"
url = "https://bureau.kz/feed/"
lang = "ru"

[[source]]
name = "ACCA"
hosts = ["acca.media"]
article_url_patterns = ['^https://acca\.media/news/']
[[source.entry]]
kind = "feed"
url = "https://acca.media/feed/"
lang = "ru"
"#,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let mut o = common::options(&site, dir.path());
    o.topic_filter = false;
    let summary = common::crawl(&mut store, &config, o, Target::Sources(vec![]));
    assert_eq!(
        summary.rejected_links,
        [RejectedLinks {
            source: "KIBHR".into(),
            url: "https://bureau.kz/feed/".into(),
            links_found: 3,
            examples: vec![
                "https://bureau.kz/novosti/s-ponizheniem/".into(),
                "https://bureau.kz/novosti/zaderzhaniya-v-almaty/".into(),
                "https://bureau.kz/novosti/zayavlenie-byuro/".into(),
            ],
        }],
        "{summary:?}"
    );
    assert_eq!(summary.new, 1, "the healthy source is crawled: {summary:?}");
    // `fetch --json` prints this summary as it is.
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["rejected_links"][0]["source"], "KIBHR");
    assert_eq!(
        json["rejected_links"][0]["examples"][0],
        "https://bureau.kz/novosti/s-ponizheniem/"
    );
}
