//! `pressroom fetch`: crawl the configured sources (or one ad-hoc URL) into
//! the store and the WARC archive, then bring the index up to date.

use crate::context::Context;
use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use pressroom_fetch::{CrawlOptions, Crawler, LogProgress, Progress, Summary, Target};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::time::Duration;

#[derive(clap::Args)]
pub struct FetchArgs {
    /// Crawl one feed, sitemap or listing page with the generic rules.
    #[arg(long, value_name = "URL", conflicts_with = "source")]
    url: Option<String>,
    /// Only these sources (name or id from corpus/sources.toml); default: all.
    #[arg(long, value_name = "NAME")]
    source: Vec<String>,
    /// Skip feed and sitemap entries and articles published before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<NaiveDate>,
    /// Stop after this many HTTP requests.
    #[arg(long, value_name = "N")]
    max_pages: Option<u64>,
    /// List what would be fetched first, without fetching or changing anything.
    #[arg(long)]
    dry_run: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// Delay between requests to one host, in milliseconds, for every source
    /// (robots.txt Crawl-delay still applies).
    #[arg(long, value_name = "MS")]
    delay_ms: Option<u64>,
    /// User-Agent header (keep a contact URL in it).
    #[arg(long, value_name = "UA")]
    user_agent: Option<String>,
    /// Keep every article, ignoring the sources' topic filters.
    #[arg(long)]
    all_topics: bool,
    /// Send requests for HOST to ORIGIN instead (e.g. a local mirror or test
    /// server: `www.hrw.org=http://127.0.0.1:8080`). Any host not mapped is
    /// then refused, so nothing leaves for the Internet.
    #[arg(long, value_name = "HOST=ORIGIN")]
    map_host: Vec<String>,
}

/// One progress spinner per source on a terminal.
struct Bars {
    multi: MultiProgress,
    bars: HashMap<String, ProgressBar>,
}

impl Progress for Bars {
    fn page(&mut self, source: &str, url: &str, what: &str) {
        let multi = &self.multi;
        let bar = self.bars.entry(source.to_string()).or_insert_with(|| {
            let bar = multi.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix:.bold} {pos} pages  {wide_msg}")
                    .expect("valid template"),
            );
            bar.set_prefix(source.to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        bar.inc(1);
        bar.set_message(format!("{what}: {url}"));
        if what.starts_with("failed") {
            bar.println(format!("[{source}] {what}: {url}"));
        }
    }
}

fn options(args: &FetchArgs, ctx: &Context) -> Result<CrawlOptions> {
    let mut o = CrawlOptions::polite(ctx.corpus_dir.join("warc"));
    o.delay = args.delay_ms.map(Duration::from_millis);
    o.since = args.since;
    o.max_pages = args.max_pages;
    o.topic_filter = !args.all_topics;
    if let Some(ua) = &args.user_agent {
        o.http.user_agent = ua.clone();
    }
    for m in &args.map_host {
        let Some((host, origin)) = m.split_once('=') else {
            bail!("--map-host expects HOST=ORIGIN, got {m:?}");
        };
        let origin = pressroom_fetch::Url::parse(origin)
            .with_context(|| format!("--map-host origin {origin:?}"))?;
        o.http.host_map.insert(host.to_ascii_lowercase(), origin);
        o.http.offline = true;
    }
    Ok(o)
}

fn print_summary(s: &Summary) {
    println!(
        "Fetched {} pages: {} new, {} changed, {} unchanged, {} failed{}.",
        s.requests,
        s.new,
        s.changed,
        s.unchanged,
        s.failed.len(),
        if s.resumed {
            " (resumed an interrupted run)"
        } else {
            ""
        }
    );
    for (reason, n) in &s.skipped {
        println!("  skipped {n}: {reason}");
    }
    for f in &s.failed {
        println!("  failed: {} ({})", f.url, f.reason);
    }
    for p in &s.paused_hosts {
        println!("  paused host {}: {}", p.host, p.reason);
    }
    for r in &s.rejected_links {
        println!(
            "  [{}] {}: article_url_patterns rejected all {} links found, e.g.:",
            r.source, r.url, r.links_found
        );
        for example in &r.examples {
            println!("      {example}");
        }
    }
    if s.stopped_at_max_pages {
        println!(
            "Stopped at a page limit (--max-pages or a source's max_pages); the next run continues."
        );
    }
}

pub fn run(args: &FetchArgs, ctx: &Context) -> Result<()> {
    let sources = ctx.sources()?;
    let target = match &args.url {
        Some(url) => Target::Url(url.clone()),
        None => Target::Sources(args.source.clone()),
    };
    let mut store = ctx.open_store()?;
    let crawler = Crawler::new(&mut store, &sources, options(args, ctx)?)?;
    if args.dry_run {
        let mut crawler = crawler;
        let pending = crawler.dry_run(&target)?;
        if args.json {
            let rows: Vec<_> = pending
                .iter()
                .map(|(s, k, u)| serde_json::json!({"source": s, "kind": k, "url": u}))
                .collect();
            println!("{}", serde_json::to_string_pretty(&rows)?);
        } else {
            for (source, kind, url) in &pending {
                println!("{source}\t{kind}\t{url}");
            }
            println!(
                "{} URLs queued first; the pages they list follow.",
                pending.len()
            );
        }
        return Ok(());
    }
    let summary = if std::io::stderr().is_terminal() && !args.json {
        let mut bars = Bars {
            multi: MultiProgress::new(),
            bars: HashMap::new(),
        };
        let summary = crawler.run(&target, &mut bars)?;
        for bar in bars.bars.values() {
            bar.finish_and_clear();
        }
        summary
    } else {
        crawler.run(&target, &mut LogProgress)?
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print_summary(&summary);
    }
    // New documents become searchable now rather than at the next search.
    if summary.new + summary.changed > 0 {
        ctx.ready_index()?;
    }
    Ok(())
}
