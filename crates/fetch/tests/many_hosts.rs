//! Many sources at once: a slow host does not hold up the others.

mod common;

use pressroom_fetch::Target;
use pressroom_fetch::testsite::{Reply, TestSite};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;
use std::time::Duration;

const CONFIG: &str = r#"
[[source]]
name = "Slow"
hosts = ["www.hrw.org"]
article_url_patterns = ['^https://www\.hrw\.org/news/']
[[source.entry]]
kind = "feed"
url = "https://www.hrw.org/feed.xml"

[[source]]
name = "Quick"
hosts = ["www.omct.org"]
article_url_patterns = ['^https://www\.omct\.org/news/']
[[source.entry]]
kind = "feed"
url = "https://www.omct.org/feed.xml"
"#;

fn feed(host: &str) -> Reply {
    Reply::typed(
        "application/rss+xml",
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{host}</title>\
             <item><title>Story</title><link>https://{host}/news/story</link></item></channel></rss>"
        ),
    )
}

fn article(host: &str) -> Reply {
    Reply::html(format!(
        "<html lang=\"en\"><head><title>Story of {host}</title></head><body><article>\
         <h1>Story of {host}</h1><p>Police detained peaceful protesters in Almaty on 10 January 2024, rights groups said.</p>\
         <p>The authorities must release them and investigate the reports of beatings.</p></article></body></html>"
    ))
}

#[test]
fn a_second_host_is_crawled_while_the_first_is_still_answering() {
    let site = TestSite::start().unwrap();
    let slow = |reply: Reply| Reply::Delayed {
        latency: Duration::from_secs(2),
        reply: Box::new(reply),
    };
    // The slow host comes first in every ordering the crawler uses.
    site.put(
        "https://www.hrw.org/robots.txt",
        slow(Reply::typed("text/plain", "User-agent: *\nAllow: /\n")),
    );
    site.put("https://www.hrw.org/feed.xml", slow(feed("www.hrw.org")));
    site.put(
        "https://www.hrw.org/news/story",
        slow(article("www.hrw.org")),
    );
    site.put(
        "https://www.omct.org/robots.txt",
        Reply::typed("text/plain", "User-agent: *\nAllow: /\n"),
    );
    site.put("https://www.omct.org/feed.xml", feed("www.omct.org"));
    site.put("https://www.omct.org/news/story", article("www.omct.org"));
    let config = SourcesConfig::from_toml(CONFIG).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let mut options = common::options(&site, dir.path());
    options.http.total_timeout = Duration::from_secs(10);
    let summary = common::crawl(&mut store, &config, options, Target::Sources(vec![]));
    assert!(summary.failed.is_empty(), "{summary:?}");

    // The site logs a request as its answer goes out: every answer of the
    // quick host went out before the slow host's first one did.
    let answered: Vec<String> = site.hits().into_iter().map(|h| h.url).collect();
    let first_slow = answered
        .iter()
        .position(|u| u.contains("www.hrw.org"))
        .expect("the slow host was crawled");
    let quick: Vec<&String> = answered
        .iter()
        .filter(|u| u.contains("www.omct.org"))
        .collect();
    assert_eq!(quick.len(), 3, "{answered:?}");
    assert!(
        answered[..first_slow].len() == 3,
        "the quick host was crawled while the slow one answered its first request: {answered:?}"
    );
}
