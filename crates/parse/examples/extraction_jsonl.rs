//! One JSON line per page of an extraction folder: its site, page type, our
//! shingle counts and snippet-check result, and every peer's, so that any
//! grouping (page type, a split of the sites into halves) can be scored
//! outside the binary without extracting again.
//!
//! ```text
//! cargo run --release -p pressroom-parse --example extraction_jsonl -- \
//!     --data DIR [--peers DIR] [--dump DIR] [--view VIEW] > pages.jsonl
//! ```
//!
//! Each line: `{"id", "site", "half", "type", "ours": [tp, fp, fn], "ours_chars",
//! "ours_check", "peers": {name: {"counts": [..], "check": bool|null}}}`.
//! `--dump DIR` also writes our output of every page to `DIR/<id>.txt`.
//! `--view VIEW` extracts every page as one view of `eval::View` shows it
//! (`without-names`, `without-landmarks`, `paragraphs-as-breaks`,
//! `paragraphs-as-divs`); peers'
//! counts stay those of the pages as served.
//!
//! A summary goes to stderr: P/R/F1 and snippet pass rates, ours and each
//! peer's, over all pages, per page type, and per half of the sites (`A`
//! and `B`, by the parity of a 64-bit FNV-1a hash of the site name), so a
//! rule tuned by looking at pages of one half can be checked on the other.
//! `extraction_diff` compares two such files page by page.

use pressroom_parse::eval::{PageCounts, View, extract_body, metrics, read_page, shingle_match};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// One JSON line per page of an extraction folder (see the module's docs).
#[derive(clap::Parser)]
struct Args {
    /// The extraction folder.
    #[arg(long)]
    data: PathBuf,
    /// Peers' outputs (default: `peer-output/` of the data folder).
    #[arg(long = "peers")]
    peers_dir: Option<PathBuf>,
    /// Also write our output of every page to `DIR/<id>.txt`.
    #[arg(long)]
    dump: Option<PathBuf>,
    /// Show our extractor the pages as this view does.
    #[arg(long, default_value = "as-served")]
    view: View,
    /// The same as `--view without-names`.
    #[arg(long, conflicts_with = "view")]
    without_names: bool,
}

fn main() {
    let Args {
        data,
        peers_dir,
        dump,
        view,
        without_names,
    } = clap::Parser::parse();
    let view = if without_names {
        View::WithoutNames
    } else {
        view
    };
    let peers_dir = peers_dir.unwrap_or_else(|| data.join("peer-output"));
    let read = |name: &str| -> BTreeMap<String, Value> {
        std::fs::read_to_string(data.join(name))
            .ok()
            .map(|t| serde_json::from_str(&t).expect("valid JSON"))
            .unwrap_or_default()
    };
    let truth = read("ground-truth.json");
    let checks = read("checks.json");
    let meta = read("meta.json");
    let peers: BTreeMap<String, BTreeMap<String, Value>> = std::fs::read_dir(&peers_dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .map(|e| {
                    let name = e.path().file_stem().unwrap().to_string_lossy().into_owned();
                    let v =
                        serde_json::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap();
                    (name, v)
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(d) = &dump {
        std::fs::create_dir_all(d).expect("--dump DIR");
    }
    let ids: std::collections::BTreeSet<&String> = truth.keys().chain(checks.keys()).collect();
    let str_of = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(|s| s.as_str())
            .map(str::to_string)
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut summary = Summary::default();
    for id in ids {
        let path = data.join("html").join(format!("{id}.html.gz"));
        if !path.is_file() {
            continue;
        }
        let m = meta.get(id);
        let url = str_of(truth.get(id), "url").or_else(|| str_of(m, "url"));
        let site = str_of(m, "domain")
            .or_else(|| {
                url.as_deref()
                    .and_then(|u| url::Url::parse(u).ok())
                    .and_then(|u| u.host_str().map(str::to_string))
            })
            .map(|h| {
                h.to_ascii_lowercase()
                    .trim_start_matches("www.")
                    .to_string()
            })
            .unwrap_or_else(|| format!("page:{id}"));
        let html = read_page(&path).unwrap();
        let ours = extract_body(&view.apply(&html), url.as_deref());
        if let Some(d) = &dump {
            std::fs::write(d.join(format!("{id}.txt")), &ours).expect("write dump");
        }
        let gold = truth
            .get(id)
            .and_then(|t| t.get("articleBody"))
            .and_then(|b| b.as_str());
        let score = |text: &str| gold.map(|g| shingle_match(g, text));
        let check = |text: &str| checks.get(id).map(|c| passes(c, text));
        let peer_rows: BTreeMap<&String, Value> = peers
            .iter()
            .map(|(name, o)| {
                let t = str_of(o.get(id), "articleBody").unwrap_or_default();
                (name, json!({"counts": score(&t), "check": check(&t)}))
            })
            .collect();
        let half = if fnv1a(&site).is_multiple_of(2) {
            "A"
        } else {
            "B"
        };
        let line = json!({
            "id": id,
            "site": site,
            "half": half,
            "type": str_of(m, "page_type"),
            "ours": score(&ours),
            "ours_chars": ours.chars().count(),
            "ours_check": check(&ours),
            "peers": peer_rows,
        });
        writeln!(out, "{line}").unwrap();
        let mut groups = vec!["all".to_string(), format!("half {half}")];
        if let Some(t) = str_of(m, "page_type") {
            groups.push(t.clone());
            groups.push(format!("{t} {half}"));
        }
        let mut tally = |tool: &str, text: &str| {
            for g in &groups {
                let e = summary
                    .groups
                    .entry((g.clone(), tool.to_string()))
                    .or_default();
                if let Some(c) = score(text) {
                    e.counts.push(c);
                }
                if let Some(pass) = check(text) {
                    e.checked += 1;
                    e.passed += usize::from(pass);
                }
            }
        };
        tally("ours", &ours);
        for (name, o) in &peers {
            tally(name, &str_of(o.get(id), "articleBody").unwrap_or_default());
        }
    }
    summary.print();
}

/// Scores gathered per (group, tool).
#[derive(Default)]
struct Summary {
    groups: BTreeMap<(String, String), Tally>,
}

#[derive(Default)]
struct Tally {
    counts: Vec<PageCounts>,
    checked: usize,
    passed: usize,
}

impl Summary {
    fn print(&self) {
        let mut names: Vec<&String> = self.groups.keys().map(|(g, _)| g).collect();
        names.dedup();
        // "all" and the halves first, then the page types.
        names.sort_by_key(|g| {
            (
                !(g.as_str() == "all" || g.starts_with("half ")),
                g.to_string(),
            )
        });
        names.dedup();
        eprintln!(
            "{:<18} {:<14} {:>5} {:>7} {:>7} {:>7} {:>7}",
            "group", "tool", "pages", "P", "R", "F1", "pass"
        );
        for g in names {
            for ((gg, tool), t) in self.groups.range((g.clone(), String::new())..) {
                if gg != g {
                    break;
                }
                let m = metrics(&t.counts);
                let pass = if t.checked > 0 {
                    format!("{:.3}", t.passed as f64 / t.checked as f64)
                } else {
                    "-".to_string()
                };
                let (p, r, f) = if t.counts.is_empty() {
                    ("-".to_string(), "-".to_string(), "-".to_string())
                } else {
                    (
                        format!("{:.3}", m.precision),
                        format!("{:.3}", m.recall),
                        format!("{:.3}", m.f1),
                    )
                };
                eprintln!(
                    "{g:<18} {tool:<14} {:>5} {p:>7} {r:>7} {f:>7} {pass:>7}",
                    t.counts.len().max(t.checked)
                );
            }
        }
    }
}

/// 64-bit FNV-1a, fixed by its definition (no library version changes it).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every `with` snippet present and no `without` snippet, as `eval` checks.
fn passes(c: &Value, text: &str) -> bool {
    let out = squash(text);
    let found = |s: &Value| {
        let s = squash(s.as_str().unwrap_or(""));
        !s.is_empty() && out.contains(&s)
    };
    let list = |k: &str| {
        c.get(k)
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default()
    };
    list("with").iter().all(found) && !list("without").iter().any(found)
}
