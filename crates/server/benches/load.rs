//! Load benchmark of `pressroom serve` (a bench binary, never a test):
//! the benchmark query set (`scripts/bench/queries.tsv`) against a running
//! server's `/api/search`, by 1, 8 and 32 concurrent clients, each sending
//! its next request when the last one answered. Reports throughput, p50,
//! p99 and errors per level, as a table and as JSON lines.
//!
//!   pressroom serve --home benches/data/work-100000/pressroom &
//!   cargo bench -p pressroom-server --bench load -- --url http://127.0.0.1:8080 --secs 20
//!
//! `--hits-only` asks for hits without facets and timeline
//! (`format=hits`), to show what the facets' pass over every match costs.

use std::time::{Duration, Instant};

struct Args {
    url: String,
    queries: std::path::PathBuf,
    secs: u64,
    levels: Vec<usize>,
    hits_only: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        url: "http://127.0.0.1:8080".into(),
        queries: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../scripts/bench/queries.tsv"),
        secs: 20,
        levels: vec![1, 8, 32],
        hits_only: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--url" => args.url = value(),
            "--queries" => args.queries = value().into(),
            "--secs" => args.secs = value().parse().expect("--secs N"),
            "--clients" => {
                args.levels = value()
                    .split(',')
                    .map(|n| n.parse().expect("--clients 1,8,32"))
                    .collect()
            }
            "--hits-only" => args.hits_only = true,
            // cargo bench passes --bench to every bench binary.
            "--bench" => {}
            other => panic!("unknown argument {other}; see the file's header"),
        }
    }
    args
}

/// `/api/search?...` for each line of the query set.
fn query_paths(path: &std::path::Path, hits_only: bool) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let col = |i: usize| cols.get(i).copied().unwrap_or("").trim();
            let mut pairs = vec![("q", col(1).to_string())];
            for (i, name) in [(2, "lang"), (3, "source"), (4, "since"), (5, "until")] {
                if !col(i).is_empty() {
                    pairs.push((name, col(i).to_string()));
                }
            }
            if col(6) != "1" {
                pairs.push(("literal", "true".into()));
            }
            if hits_only {
                pairs.push(("format", "hits".into()));
            }
            let query: String = pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", encode(v)))
                .collect::<Vec<_>>()
                .join("&");
            format!("/api/search?{query}")
        })
        .collect()
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

struct Level {
    clients: usize,
    requests: usize,
    errors: usize,
    secs: f64,
    latencies_ms: Vec<f64>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

async fn run_level(
    client: &reqwest::Client,
    base: &str,
    paths: &[String],
    clients: usize,
    secs: u64,
) -> Level {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let client = client.clone();
        let urls: Vec<String> = paths.iter().map(|p| format!("{base}{p}")).collect();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            // Each client starts at another query, so the levels mix them alike.
            let mut i = c * 7;
            while Instant::now() < deadline {
                let url = &urls[i % urls.len()];
                i += 1;
                let sent = Instant::now();
                let ok = match client.get(url).send().await {
                    Ok(response) => {
                        let ok = response.status().is_success();
                        ok && response.bytes().await.is_ok()
                    }
                    Err(_) => false,
                };
                latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies_ms = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.expect("client task");
        latencies_ms.extend(l);
        errors += e;
    }
    latencies_ms.sort_by(f64::total_cmp);
    Level {
        clients,
        requests: latencies_ms.len(),
        errors,
        secs: started.elapsed().as_secs_f64(),
        latencies_ms,
    }
}

fn main() {
    // reqwest has the crawler's `rustls-no-provider` in the workspace
    // (features unify): a client needs a crypto provider installed first.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args = parse_args();
    let paths = query_paths(&args.queries, args.hits_only);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .build()
            .expect("an HTTP client");
        // Warm the server's caches (and check it answers) before timing.
        for path in &paths {
            let response = client
                .get(format!("{}{path}", args.url))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{}: {e}; is `pressroom serve` running?", args.url));
            assert!(response.status().is_success(), "{path}: {}", response.status());
        }
        println!(
            "{} queries from {}, {} s a level{}",
            paths.len(),
            args.queries.display(),
            args.secs,
            if args.hits_only { ", hits only (format=hits)" } else { "" }
        );
        println!("{:>8} {:>10} {:>10} {:>9} {:>9} {:>9} {:>7}", "clients", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
        let mut one_client = None;
        let mut rows = Vec::new();
        for &clients in &args.levels {
            let level = run_level(&client, &args.url, &paths, clients, args.secs).await;
            let rps = level.requests as f64 / level.secs;
            if clients == 1 {
                one_client = Some(rps);
            }
            let (p50, p99) = (percentile(&level.latencies_ms, 50.0), percentile(&level.latencies_ms, 99.0));
            let max = level.latencies_ms.last().copied().unwrap_or(f64::NAN);
            println!(
                "{:>8} {:>10} {:>10.1} {:>9.2} {:>9.2} {:>9.2} {:>7}{}",
                level.clients,
                level.requests,
                rps,
                p50,
                p99,
                max,
                level.errors,
                one_client.map_or(String::new(), |one| format!("   ({:.2}x one client)", rps / one))
            );
            rows.push(serde_json::json!({
                "clients": level.clients, "requests": level.requests, "errors": level.errors,
                "rps": rps, "p50_ms": p50, "p99_ms": p99, "max_ms": max, "hits_only": args.hits_only,
            }));
        }
        for row in rows {
            println!("{row}");
        }
    });
}
