//! Write an extraction folder's pages as one view of `eval::View` shows
//! them (without names, without landmarks, paragraphs as breaks), so that
//! peers can be scored on the same pages as ours:
//!
//! ```text
//! cargo run --release -p pressroom-parse --example view_folder -- \
//!     --view without-names --data ../shared/eval/SET --out DIR
//! ```
//!
//! `DIR/html/<id>.html.gz` holds each page as the view shows it, in UTF-8
//! behind a byte-order mark (which outranks whatever charset the page still
//! declares); `ground-truth.json`, `checks.json` and `meta.json` are copied.
//! Peers' outputs are not: they belong to the pages as served.

use flate2::{Compression, write::GzEncoder};
use pressroom_parse::eval::{View, read_page};
use std::io::Write;
use std::path::PathBuf;

/// Write an extraction folder's pages as one view shows them.
#[derive(clap::Parser)]
struct Args {
    /// The view: without-names, without-landmarks, paragraphs-as-breaks or
    /// paragraphs-as-divs.
    #[arg(long)]
    view: View,
    /// The extraction folder (`html/<id>.html.gz` and its gold).
    #[arg(long)]
    data: PathBuf,
    /// Where to write the view's folder.
    #[arg(long)]
    out: PathBuf,
}

fn main() {
    let Args { view, data, out } = clap::Parser::parse();
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
        let page = read_page(&path).expect("a readable page");
        let page = view.apply(&page);
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
    eprintln!("{pages} pages, {view} -> {}", out.display());
}
