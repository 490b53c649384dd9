//! `pressroom import`: wiring for `pressroom_ingest::import_paths`.

use crate::context::Context;
use crate::output::ImportBar;
use anyhow::{Result, bail};
use pressroom_ingest::ImportSummary;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// Files or folders (searched recursively for .txt, .html, .htm, .warc and .warc.gz).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Re-parse files even when their content has not changed.
    #[arg(long)]
    force: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// Files read and parsed at once, on this many threads (one thread
    /// writes them to the store, in order). Default: one per available core.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    jobs: Option<u32>,
}

/// Import `paths` into the store of `ctx` with `jobs` workers (default:
/// one per core), showing a progress bar on a terminal.
pub fn import_paths(
    ctx: &Context,
    paths: &[PathBuf],
    force: bool,
    jobs: Option<usize>,
) -> Result<ImportSummary> {
    let mut store = ctx.open_store()?;
    let mut options = ctx.import_options()?;
    options.force = force;
    if let Some(jobs) = jobs {
        options.jobs = jobs;
    }
    let mut bar = ImportBar::new();
    let summary = pressroom_ingest::import_paths(&mut store, paths, &options, &mut bar);
    bar.finish();
    Ok(summary?)
}

pub fn run(args: &ImportArgs, ctx: &Context) -> Result<()> {
    let jobs = args.jobs.map(|n| n as usize);
    let summary = import_paths(ctx, &args.paths, args.force, jobs)?;
    if args.json {
        crate::outln!("{}", serde_json::to_string_pretty(&summary)?)?;
    } else {
        crate::outln!(
            "{} files read ({} unchanged): {} new documents, {} changed, {} unchanged, {} failed",
            summary.files,
            summary.unchanged_files,
            summary.new_documents,
            summary.changed_documents,
            summary.unchanged_documents,
            summary.failed.len()
        )?;
        for f in &summary.failed {
            crate::outln!("  failed: {}: {}", f.path, f.reason)?;
        }
        if summary.new_documents + summary.changed_documents > 0 {
            crate::outln!("Run `pressroom index` (or just search) to make them searchable.")?;
        }
    }
    if !summary.failed.is_empty() {
        bail!(
            "{} of {} files could not be imported",
            summary.failed.len(),
            summary.files
        );
    }
    Ok(())
}
