//! `pressroom`: build and search a bilingual corpus of human-rights press
//! releases. A thin layer over the library crates: argument parsing,
//! progress, output formats and exit codes (0 ok, 1 error, 2 usage).

mod cmd;
mod context;
mod output;

use clap::{Parser, Subcommand};
use context::Context;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "pressroom", version, about, long_about = None)]
#[command(
    about = "Build and search a bilingual (English/Russian) corpus of human-rights press releases"
)]
struct Cli {
    /// Directory holding `corpus/` and `index/` (default: the current directory).
    #[arg(long, global = true, env = "PRESSROOM_HOME", value_name = "DIR")]
    home: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import .txt, .html and .warc(.gz) files or folders into the store.
    Import(cmd::import::ImportArgs),
    /// Bring the search index up to date with the store (rebuilding it
    /// when the store has doubled since it was built on fewer than 2,000
    /// documents, so the words it pairs for phrases come from the corpus).
    Index(cmd::index::IndexArgs),
    /// Search the corpus in English and Russian.
    Search(cmd::search::SearchArgs),
    /// Show one document with its metadata.
    Show(cmd::show::ShowArgs),
    /// Count documents by source, language and year.
    Stats(cmd::stats::StatsArgs),
    /// Export every matching document as JSON lines or CSV.
    Export(cmd::export::ExportArgs),
    /// Crawl the sources' sites (politely) into the store and WARC archive.
    Fetch(cmd::fetch::FetchArgs),
    /// Measure extraction, transliteration and sentence matching on evaluation data.
    Eval(cmd::eval::EvalArgs),
    /// Find documents that translate or report on each other, with evidence; stores the pairs
    /// and re-learns from them the lexicon search uses.
    Parallel(cmd::align::ParallelArgs),
    /// Align the sentences of an English and a Russian document.
    Align(cmd::align::AlignArgs),
    /// Serve the web workspace and the JSON API (read-only) on loopback.
    Serve(cmd::serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context::new(cli.home);
    let result = match &cli.command {
        Command::Import(args) => cmd::import::run(args, &ctx),
        Command::Index(args) => cmd::index::run(args, &ctx),
        Command::Search(args) => cmd::search::run(args, &ctx),
        Command::Show(args) => cmd::show::run(args, &ctx),
        Command::Stats(args) => cmd::stats::run(args, &ctx),
        Command::Export(args) => cmd::export::run(args, &ctx),
        Command::Fetch(args) => cmd::fetch::run(args, &ctx),
        Command::Eval(args) => cmd::eval::run(args, &ctx),
        Command::Parallel(args) => cmd::align::run_parallel(args, &ctx),
        Command::Align(args) => cmd::align::run_align(args, &ctx),
        Command::Serve(args) => cmd::serve::run(args, &ctx),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if store_busy(&err) => {
            eprintln!(
                "error: another pressroom process is writing the store (an import is running); try again when it has finished\n({err:#})"
            );
            ExitCode::FAILURE
        }
        Err(err) if output::is_closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether `err` comes from another process's lock on the store.
fn store_busy(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<pressroom_store::StoreError>()
            .is_some_and(pressroom_store::StoreError::is_busy)
    })
}
