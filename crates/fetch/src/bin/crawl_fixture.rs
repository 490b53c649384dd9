//! Crawl a generated fixture site served on loopback, with the real crawl
//! code: the process the kill test `kill -9`s and the benchmark measures.
//!
//! Usage: `pressroom-crawl-fixture serve ARTICLES` serves the generated site
//! and prints its origin; `pressroom-crawl-fixture STORE WARC_DIR ORIGIN`
//! crawls it, where ORIGIN
//! (`http://127.0.0.1:PORT`) serves `news.example.org` (see
//! `pressroom_fetch::testsite::generated_site`). Prints one JSON line:
//! the summary's counts, elapsed seconds and peak resident memory.

use pressroom_fetch::{CrawlOptions, Crawler, NoProgress, Target};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub const CONFIG: &str = r#"
[[source]]
name = "Generated"
hosts = ["news.example.org"]
article_url_patterns = ['^https://news\.example\.org/news/\d{4}/\d{2}/\d{2}/story-\d+$']
[[source.entry]]
kind = "listing"
url = "https://news.example.org/news?page=0"
lang = "en"
link_selector = "ul.news a"
"#;

/// Peak resident set size in KiB (Linux), 0 elsewhere.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [cmd, articles] = args.as_slice()
        && cmd == "serve"
    {
        let site = pressroom_fetch::testsite::TestSite::start()?;
        site.quiet();
        site.set_generator(pressroom_fetch::testsite::generated_site(
            "news.example.org",
            articles.parse()?,
        ));
        println!("{}", site.origin());
        loop {
            std::thread::park();
        }
    }
    let [store, warc, origin] = args.as_slice() else {
        return Err("usage: pressroom-crawl-fixture STORE WARC_DIR ORIGIN".into());
    };
    let config = SourcesConfig::from_toml(CONFIG)?;
    let mut options = CrawlOptions::polite(PathBuf::from(warc));
    options.delay = Some(Duration::ZERO);
    options.http.offline = true;
    options
        .http
        .host_map
        .insert("news.example.org".into(), url::Url::parse(origin)?);
    let mut store = Store::open(&PathBuf::from(store))?;
    let started = Instant::now();
    let summary = Crawler::new(&mut store, &config, options)?
        .run(&Target::Sources(Vec::new()), &mut NoProgress)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{{\"requests\":{},\"new\":{},\"unchanged\":{},\"failed\":{},\"seconds\":{secs:.3},\"pages_per_second\":{:.1},\"peak_rss_kib\":{}}}",
        summary.requests,
        summary.new,
        summary.unchanged,
        summary.failed.len(),
        summary.requests as f64 / secs.max(1e-9),
        peak_rss_kib()
    );
    Ok(())
}
