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
    /// Main-text extraction against human-annotated article bodies, with peer extractors side by side.
    Extraction(DataArgs),
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
        EvalCommand::Extraction(a) => {
            let dir = data_path(a, "extraction")?;
            let bar = progress(0, "pages");
            let report = pressroom_parse::eval::evaluate_extraction_with_progress(
                &dir,
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
            let path = data_path(a, "names/en-ru-names.tsv")?;
            let report = pressroom_analysis::eval::evaluate_names(&path)
                .with_context(|| format!("evaluating names on {}", path.display()))?;
            print(&report, a.json)
        }
        EvalCommand::Sentences(a) => {
            let path = data_path(a, "sentences-tatoeba/rus-eng.tsv")?;
            let translator = pressroom_analysis::translate::Translator::new();
            let report = pressroom_analysis::eval::evaluate_sentences(&path, &translator)
                .with_context(|| format!("evaluating sentences on {}", path.display()))?;
            print(&report, a.json)
        }
        EvalCommand::Parallel(a) => {
            let mut path = data_path(a, "parallel-news")?;
            if path.is_dir() {
                path = path.join("docs.jsonl");
            }
            let report = crate::cmd::align::evaluate_parallel(&path)
                .with_context(|| format!("evaluating parallel texts on {}", path.display()))?;
            print(&report, a.json)
        }
    }
}
