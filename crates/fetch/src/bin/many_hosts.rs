//! How close a crawl of many slow hosts comes to the rate their politeness
//! delays allow: the benchmark of the crawler's concurrency across hosts.
//!
//! Usage: `pressroom-many-hosts [HOSTS [ARTICLES [LATENCY_MS [DELAY_MS]]]]`
//! (defaults 50, 3, 300, 1000). Serves HOSTS sites on one loopback server,
//! each with robots.txt, a feed and ARTICLES articles, every answer after
//! LATENCY_MS; crawls them all at DELAY_MS per host into a temporary store.
//! Prints one JSON line: requests, seconds, the rate reached, the rate the
//! delays allow and the share of it reached.

use pressroom_fetch::testsite::{Reply, TestSite};
use pressroom_fetch::{CrawlOptions, Crawler, NoProgress, Target};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;
use std::time::{Duration, Instant};

fn arg(args: &[String], i: usize, default: u64) -> Result<u64, Box<dyn std::error::Error>> {
    Ok(match args.get(i) {
        Some(a) => a.parse()?,
        None => default,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let hosts = arg(&args, 0, 50)?;
    let articles = arg(&args, 1, 3)?;
    let latency = Duration::from_millis(arg(&args, 2, 300)?);
    let delay = Duration::from_millis(arg(&args, 3, 1000)?);

    let site = TestSite::start()?;
    site.quiet();
    let slow = |reply: Reply| Reply::Delayed {
        latency,
        reply: Box::new(reply),
    };
    let mut config = String::new();
    let mut names = Vec::new();
    for h in 0..hosts {
        let host = format!("site-{h}.example.org");
        site.put(
            &format!("https://{host}/robots.txt"),
            slow(Reply::typed("text/plain", "User-agent: *\nAllow: /\n")),
        );
        let mut items = String::new();
        for a in 0..articles {
            let url = format!("https://{host}/news/2024/01/story-{a}");
            items.push_str(&format!(
                "<item><title>Story {a}</title><link>{url}</link></item>"
            ));
            site.put(
                &url,
                slow(Reply::html(format!(
                    "<html lang=\"en\"><head><title>Story {a} of {host}</title></head><body><article>\
                     <h1>Story {a} of {host}</h1><p>Police detained {a} peaceful protesters in Almaty on 10 January 2024, rights groups said.</p>\
                     <p>The authorities must release them and investigate the reports of beatings at {host}.</p></article></body></html>"
                ))),
            );
        }
        site.put(
            &format!("https://{host}/feed.xml"),
            slow(Reply::typed(
                "application/rss+xml",
                format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{host}</title>{items}</channel></rss>"),
            )),
        );
        config.push_str(&format!(
            "[[source]]\nname = \"Site {h}\"\nhosts = [\"{host}\"]\n\
             article_url_patterns = ['^https://{}/news/']\n\
             [[source.entry]]\nkind = \"feed\"\nurl = \"https://{host}/feed.xml\"\n\n",
            host.replace('.', "\\.")
        ));
        names.push(host);
    }
    let config = SourcesConfig::from_toml(&config)?;
    let dir = std::env::temp_dir().join(format!("pressroom-many-hosts-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut options = CrawlOptions::polite(dir.join("warc"));
    options.delay = Some(delay);
    options.topic_filter = false;
    options.http.offline = true;
    let origin = url::Url::parse(&site.origin())?;
    for host in &names {
        options.http.host_map.insert(host.clone(), origin.clone());
    }
    let mut store = Store::open(&dir.join("store.sqlite"))?;
    let started = Instant::now();
    let summary = Crawler::new(&mut store, &config, options)?
        .run(&Target::Sources(Vec::new()), &mut NoProgress)?;
    let secs = started.elapsed().as_secs_f64();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);

    // Per host: robots.txt, the feed and its articles, one after another,
    // each taking the latency and the next starting a delay after the last
    // ended. All hosts at once, that is the fastest the delays allow.
    let per_host = 2 + articles;
    let fastest =
        per_host as f64 * latency.as_secs_f64() + (per_host - 1) as f64 * delay.as_secs_f64();
    let allowed = (hosts * per_host) as f64 / fastest;
    let reached = summary.requests as f64 / secs.max(1e-9);
    println!(
        "{{\"hosts\":{hosts},\"requests\":{},\"new\":{},\"failed\":{},\"seconds\":{secs:.2},\
         \"requests_per_second\":{reached:.2},\"allowed_per_second\":{allowed:.2},\"share_of_allowed\":{:.3}}}",
        summary.requests,
        summary.new,
        summary.failed.len(),
        reached / allowed
    );
    Ok(())
}
