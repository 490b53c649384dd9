//! Per-page view of the extraction benchmark, for finding where extraction
//! fails: our precision/recall next to a peer's on every page, and the scores
//! of two deterministic halves of the pages (even and odd positions in the
//! sorted list of ids), so that rules tuned by looking at one half can be
//! checked on the other.
//!
//! ```text
//! cargo run --release -p pressroom-parse --example extraction_pages -- \
//!     [--data DIR] [--peer rs_trafilatura] [--half even|odd] [--show ID]
//!     [--sort precision|delta] [--dump DIR] [--time ROUNDS] [--path ID TEXT]
//! ```
//!
//! `--time ROUNDS` measures extraction speed the way `bench_extraction` does.
//! `--path ID TEXT` prints the element path of every text node containing TEXT.
//! `--show ID` prints the truth, our output and the peer's output of one page.
//! `--sort precision` orders the table by our precision (worst first) instead
//! of by our F1 minus the peer's. `--dump DIR` writes our output of every
//! page to `DIR/<id>.txt`, to diff two versions of the extractor.

use pressroom_parse::eval::{
    PageCounts, extract_body, metrics, read_page, shingle_match, token_match,
};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Per-page view of an extraction folder: our scores beside a peer's.
#[derive(clap::Parser)]
struct Args {
    /// The extraction folder.
    #[arg(long, default_value = "../shared/eval/extraction")]
    data: PathBuf,
    /// The peer whose scores stand beside ours (a file of `peer-output/`).
    #[arg(long, default_value = "rs_trafilatura")]
    peer: String,
    /// List only this half of the pages.
    #[arg(long)]
    half: Option<Half>,
    /// Print the truth, our output and the peer's output of one page (an id
    /// prefix is enough).
    #[arg(long, value_name = "ID")]
    show: Option<String>,
    /// Print the element path of every text node of page ID holding TEXT.
    #[arg(long, num_args = 2, value_names = ["ID", "TEXT"])]
    path: Option<Vec<String>>,
    /// The order of the table: our precision (worst first), or our F1
    /// minus the peer's.
    #[arg(long, default_value = "delta")]
    sort: Sort,
    /// Also write our output of every page to `DIR/<id>.txt`.
    #[arg(long, value_name = "DIR")]
    dump: Option<PathBuf>,
    /// Measure extraction speed over this many rounds, as
    /// `bench_extraction` does, instead of scoring.
    #[arg(long, value_name = "ROUNDS", default_value_t = 0)]
    time: usize,
}

/// Even or odd positions in the sorted list of ids.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Half {
    Even,
    Odd,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Sort {
    Precision,
    Delta,
}

fn main() {
    let Args {
        data,
        peer,
        half,
        show,
        path,
        sort,
        dump,
        time: time_rounds,
    } = clap::Parser::parse();
    let half = half.map(|h| match h {
        Half::Even => 0,
        Half::Odd => 1,
    });
    let (show, path_of) = match path {
        Some(v) => (v.first().cloned(), v.get(1).cloned()),
        None => (show, None),
    };
    let by_precision = sort == Sort::Precision;

    let truth: BTreeMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(data.join("ground-truth.json")).expect("ground-truth.json"),
    )
    .expect("valid JSON");
    let peers: BTreeMap<String, HashMap<String, serde_json::Value>> =
        std::fs::read_dir(data.join("peer-output"))
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .map(|e| {
                        let name = e.path().file_stem().unwrap().to_string_lossy().into_owned();
                        let v = serde_json::from_str(&std::fs::read_to_string(e.path()).unwrap())
                            .unwrap();
                        (name, v)
                    })
                    .collect()
            })
            .unwrap_or_default();
    let body = |v: Option<&serde_json::Value>| {
        v.and_then(|v| v.get("articleBody"))
            .and_then(|b| b.as_str())
            .unwrap_or("")
            .to_string()
    };

    let ids: Vec<&String> = truth
        .keys()
        .filter(|id| data.join("html").join(format!("{id}.html.gz")).is_file())
        .collect();

    if time_rounds > 0 {
        // As benches/bin/bench_extraction.rs: pages read and decoded first,
        // extraction alone timed, single-threaded.
        let pages: Vec<(String, Option<String>)> = ids
            .iter()
            .map(|id| {
                let html = read_page(&data.join("html").join(format!("{id}.html.gz"))).unwrap();
                let url = truth[*id]
                    .get("url")
                    .and_then(|u| u.as_str())
                    .map(String::from);
                (html, url)
            })
            .collect();
        let start = std::time::Instant::now();
        let mut chars = 0;
        for _ in 0..time_rounds {
            for (html, url) in &pages {
                chars += extract_body(html, url.as_deref()).len();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{} pages x {time_rounds} rounds in {secs:.2}s = {:.1} pages/s ({chars} chars out)",
            pages.len(),
            (pages.len() * time_rounds) as f64 / secs
        );
        return;
    }

    if let Some(prefix) = show {
        // An id prefix is enough, as printed in the table.
        let id = ids
            .iter()
            .find(|id| id.starts_with(&prefix))
            .map(|id| id.to_string())
            .expect("no page with that id");
        let html = read_page(&data.join("html").join(format!("{id}.html.gz"))).unwrap();
        if let Some(needle) = path_of {
            print_paths(&html, &needle);
            return;
        }
        let t = body(truth.get(&id));
        let html = read_page(&data.join("html").join(format!("{id}.html.gz"))).unwrap();
        let url = truth[&id].get("url").and_then(|u| u.as_str());
        let ours = extract_body(&html, url);
        let p = body(peers.get(&peer).and_then(|m| m.get(&id)));
        println!("URL {}\n", url.unwrap_or(""));
        println!("===== TRUTH =====\n{t}\n");
        println!("===== OURS =====\n{ours}\n");
        println!("===== {peer} =====\n{p}\n");
        return;
    }

    // (id, url, ours, peer) per page of the selected half.
    let mut rows: Vec<(String, String, PageCounts, PageCounts)> = Vec::new();
    let mut by_half: [Vec<PageCounts>; 2] = [Vec::new(), Vec::new()];
    let mut tokens_by_half: [Vec<PageCounts>; 2] = [Vec::new(), Vec::new()];
    let mut peers_by_half: BTreeMap<&str, [Vec<PageCounts>; 2]> = BTreeMap::new();
    let mut peer_tokens_by_half: BTreeMap<&str, [Vec<PageCounts>; 2]> = BTreeMap::new();
    if let Some(d) = &dump {
        std::fs::create_dir_all(d).expect("--dump DIR");
    }
    for (i, id) in ids.iter().enumerate() {
        let t = body(truth.get(*id));
        let url = truth[*id].get("url").and_then(|u| u.as_str());
        let html = read_page(&data.join("html").join(format!("{id}.html.gz"))).unwrap();
        let out = extract_body(&html, url);
        if let Some(d) = &dump {
            std::fs::write(d.join(format!("{id}.txt")), &out).expect("write dump");
        }
        let ours = shingle_match(&t, &out);
        by_half[i % 2].push(ours);
        tokens_by_half[i % 2].push(token_match(&t, &out));
        for (name, out) in &peers {
            peers_by_half.entry(name).or_default()[i % 2]
                .push(shingle_match(&t, &body(out.get(*id))));
            peer_tokens_by_half.entry(name).or_default()[i % 2]
                .push(token_match(&t, &body(out.get(*id))));
        }
        if half.is_none_or(|h| h == i % 2) {
            let p = shingle_match(&t, &body(peers.get(&peer).and_then(|m| m.get(*id))));
            rows.push((id.to_string(), url.unwrap_or("").to_string(), ours, p));
        }
    }

    let pr = |c: PageCounts| {
        let m = metrics(&[c]);
        (m.precision, m.recall, m.f1)
    };
    if by_precision {
        rows.sort_by(|a, b| pr(a.2).0.total_cmp(&pr(b.2).0));
    } else {
        rows.sort_by(|a, b| (pr(a.2).2 - pr(a.3).2).total_cmp(&(pr(b.2).2 - pr(b.3).2)));
    }
    println!(
        "{:>5} {:>5} {:>5} | {:>5} {:>5} {:>5} | id url",
        "P", "R", "F1", "peerP", "peerR", "peerF"
    );
    for (id, url, o, p) in &rows {
        let (a, b, c) = pr(*o);
        let (d, e, f) = pr(*p);
        println!("{a:5.3} {b:5.3} {c:5.3} | {d:5.3} {e:5.3} {f:5.3} | {id:.12} {url}");
    }
    println!();
    println!(
        "{:<22} {:>17} {:>17} {:>17}",
        "extractor", "all P/R/F1", "even P/R/F1", "odd P/R/F1"
    );
    let line = |name: &str, h: &[Vec<PageCounts>; 2]| {
        let all: Vec<PageCounts> = h[0].iter().chain(h[1].iter()).copied().collect();
        let f = |v: &[PageCounts]| {
            let m = metrics(v);
            format!("{:.3}/{:.3}/{:.3}", m.precision, m.recall, m.f1)
        };
        println!(
            "{name:<22} {:>17} {:>17} {:>17}",
            f(&all),
            f(&h[0]),
            f(&h[1])
        );
    };
    line("pressroom (ours)", &by_half);
    for (name, h) in &peers_by_half {
        line(name, h);
    }
    println!("\nwhitespace tokens");
    line("pressroom (ours)", &tokens_by_half);
    for (name, h) in &peer_tokens_by_half {
        line(name, h);
    }
}

/// Ancestors (tag.class#id) of every text node containing `needle`.
fn print_paths(html: &str, needle: &str) {
    let doc = pressroom_parse::html::parse_document(html);
    for node in doc.tree.root().descendants() {
        let Some(t) = node.value().as_text() else {
            continue;
        };
        if !t.contains(needle) {
            continue;
        }
        let mut path: Vec<String> = node
            .ancestors()
            .filter_map(|a| a.value().as_element())
            .map(|e| {
                let mut s = e.name().to_string();
                if let Some(c) = e.attr("class") {
                    s.push('.');
                    s.push_str(&c.split_whitespace().collect::<Vec<_>>().join("."));
                }
                if let Some(i) = e.attr("id") {
                    s.push('#');
                    s.push_str(i);
                }
                s
            })
            .collect();
        path.reverse();
        println!("{}\n", path.join(" > "));
    }
}
