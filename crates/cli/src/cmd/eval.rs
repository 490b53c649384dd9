//! `pressroom eval ...`: measure the product on real data that nobody here
//! wrote (`../shared/eval` by default; any folder or file of the same
//! layout works).

use crate::context::Context;
use crate::output::progress;
use anyhow::{Context as _, Result};
use serde::Serialize;
use std::fmt::Display;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    what: EvalCommand,
}

#[derive(clap::Subcommand)]
enum EvalCommand {
    /// Main-text extraction against human-annotated article bodies and snippet checks, with peer extractors side by side.
    Extraction(ExtractionArgs),
    /// Transliteration recall of person names, English→Russian and back.
    Names(DataArgs),
    /// Top-1 accuracy of finding each sentence's translation among all sentences (Tatoeba).
    Sentences(DataArgs),
    /// Document pairing, first-paragraph retrieval and sentence alignment on parallel news.
    Parallel(DataArgs),
}

#[derive(clap::Args)]
struct DataArgs {
    /// Data folder or file (default: the matching folder under ../shared/eval).
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ExtractionArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Which pages to score: `tune` (two thirds of the sites, by a fixed hash
    /// of the site name), `holdout` (the other third, for figures on sites
    /// never tuned on) or `all`.
    #[arg(long, default_value = "all", value_name = "PART")]
    split: pressroom_parse::eval::Split,
    /// Folder of peer extractors' outputs (`<tool>.json`, `{id: {"articleBody"}}`);
    /// default: `peer-output/` inside the data folder.
    #[arg(long, value_name = "DIR")]
    peers: Option<PathBuf>,
    /// Show our extractor every page with one kind of template help taken
    /// away, to see how much extraction leans on it: `without-names` (class
    /// and id removed; ids that are wiring stay: streamed segments, panels a
    /// control names in aria-controls), `without-landmarks` (article, main,
    /// header, footer, nav, aside, section, figure as div; landmark roles
    /// removed), `paragraphs-as-breaks` (each <p> as its text and two <br>),
    /// `paragraphs-as-divs` (each <p> as a plain <div>).
    /// Peers keep their figures on the pages they were given.
    #[arg(long, value_name = "VIEW", default_value = "as-served")]
    view: pressroom_parse::eval::View,
    /// The same as `--view without-names`.
    #[arg(long, conflicts_with = "view")]
    without_names: bool,
}

fn data_path(args: &DataArgs, default: &str) -> Result<PathBuf> {
    let path = args
        .data
        .clone()
        .unwrap_or_else(|| PathBuf::from("../shared/eval").join(default));
    if !path.exists() {
        anyhow::bail!(
            "evaluation data not found at {} (pass --data PATH)",
            path.display()
        );
    }
    Ok(path)
}

/// The data file to read: `--data` (or the default folder) as given when it
/// is a file, else the one `*.EXT` file inside that folder — so both
/// `--data ../shared/eval/names` and `--data ../shared/eval/names/x.tsv` work.
fn data_file(args: &DataArgs, default_folder: &str, ext: &str) -> Result<PathBuf> {
    let path = data_path(args, default_folder)?;
    if !path.is_dir() {
        return Ok(path);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
        .with_context(|| format!("reading {}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    match files.len() {
        1 => Ok(files.remove(0)),
        0 => anyhow::bail!("no .{ext} file in {} (pass --data FILE)", path.display()),
        _ => anyhow::bail!(
            "{} holds several .{ext} files ({}); pass --data FILE",
            path.display(),
            files
                .iter()
                .filter_map(|f| f.file_name())
                .map(|f| f.to_string_lossy())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn print<R: Serialize + Display>(report: &R, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        println!("{report}");
    }
    Ok(())
}

pub fn run(args: &EvalArgs, _ctx: &Context) -> Result<()> {
    match &args.what {
        EvalCommand::Extraction(e) => {
            let a = &e.data;
            let dir = data_path(a, "extraction")?;
            if let Some(p) = &e.peers
                && !p.is_dir()
            {
                anyhow::bail!("peer output folder {} does not exist", p.display());
            }
            let options = pressroom_parse::eval::EvalOptions {
                split: e.split,
                peers: e.peers.clone(),
                view: if e.without_names {
                    pressroom_parse::eval::View::WithoutNames
                } else {
                    e.view
                },
            };
            let bar = progress(0, "pages");
            let report = pressroom_parse::eval::evaluate_extraction_with(
                &dir,
                &options,
                &mut |done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                },
            )
            .with_context(|| format!("evaluating extraction on {}", dir.display()))?;
            bar.finish_and_clear();
            print(&report, a.json)
        }
        EvalCommand::Names(a) => {
            let path = data_file(a, "names", "tsv")?;
            let report = pressroom_analysis::eval::evaluate_names(&path)
                .with_context(|| format!("evaluating names on {}", path.display()))?;
            print(&report, a.json)
        }
        EvalCommand::Sentences(a) => {
            let path = data_file(a, "sentences-tatoeba", "tsv")?;
            let translator = pressroom_analysis::translate::Translator::new();
            let report = pressroom_analysis::eval::evaluate_sentences(&path, &translator)
                .with_context(|| format!("evaluating sentences on {}", path.display()))?;
            print(&report, a.json)
        }
        EvalCommand::Parallel(a) => {
            let path = data_file(a, "parallel-news", "jsonl")?;
            let report = crate::cmd::align::evaluate_parallel(&path)
                .with_context(|| format!("evaluating parallel texts on {}", path.display()))?;
            print(&report, a.json)
        }
    }
}
