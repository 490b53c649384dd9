//! Write an extraction folder's pages as `eval::without_names` reads them,
//! so that peers can be scored on the same pages as ours:
//!
//! ```text
//! cargo run --release -p pressroom-parse --example without_names_folder -- \
//!     --data ../shared/eval/SET --out DIR
//! ```
//!
//! `DIR/html/<id>.html.gz` holds each page with every `class` and `id`
//! removed, in UTF-8 behind a byte-order mark (which outranks whatever
//! charset the page still declares); `ground-truth.json`, `checks.json` and
//! `meta.json` are copied. Peers' outputs are not: they belong to the pages
//! as served.

use flate2::{Compression, write::GzEncoder};
use pressroom_parse::eval::{read_page, without_names};
use std::io::Write;
use std::path::PathBuf;

const USAGE: &str = "usage: without_names_folder --data DIR --out DIR";

fn main() {
    let (mut data, mut out): (Option<PathBuf>, Option<PathBuf>) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => {
                eprintln!("without_names_folder: unknown argument {other}\n{USAGE}");
                std::process::exit(2);
            }
        }
    }
    let (Some(data), Some(out)) = (data, out) else {
        eprintln!("without_names_folder: --data and --out are required\n{USAGE}");
        std::process::exit(2);
    };
    std::fs::create_dir_all(out.join("html")).expect("create the output folder");
    for name in ["ground-truth.json", "checks.json", "meta.json"] {
        if data.join(name).is_file() {
            std::fs::copy(data.join(name), out.join(name)).expect("copy the gold");
        }
    }
    let mut pages = 0;
    for entry in std::fs::read_dir(data.join("html")).expect("an html/ folder") {
        let path = entry.expect("a folder entry").path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        if !file.ends_with(".html.gz") {
            continue;
        }
        let page = without_names(&read_page(&path).expect("a readable page"));
        let mut gz = GzEncoder::new(
            std::fs::File::create(out.join("html").join(file)).expect("create a page"),
            Compression::fast(),
        );
        gz.write_all("\u{feff}".as_bytes())
            .and_then(|()| gz.write_all(page.as_bytes()))
            .and_then(|()| gz.finish().map(drop))
            .expect("write a page");
        pages += 1;
    }
    eprintln!("{pages} pages without names -> {}", out.display());
}
