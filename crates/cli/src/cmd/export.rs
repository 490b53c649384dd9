use crate::cmd::search::FilterArgs;
use crate::context::Context;
use anyhow::{Context as _, Result};
use std::io::Write;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Jsonl,
    Csv,
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ExportArgs {
    #[command(subcommand)]
    what: Option<ExportWhat>,
    /// Output format.
    #[arg(long, value_enum, required = true)]
    format: Option<Format>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Only documents matching this query (same syntax as `search`); all when absent.
    #[arg(value_name = "QUERY")]
    query: Option<String>,
}

#[derive(clap::Subcommand)]
enum ExportWhat {
    /// Every stored pair of parallel documents, sentence-aligned, as TMX, TSV or JSON lines.
    Parallel(crate::cmd::align::ExportParallelArgs),
}

pub fn run(args: &ExportArgs, ctx: &Context) -> Result<()> {
    if let Some(ExportWhat::Parallel(parallel)) = &args.what {
        return crate::cmd::align::run_export_parallel(parallel, ctx);
    }
    let format = args.format.context("--format is required")?;
    let index = ctx.ready_index()?;
    let store = ctx.open_store_read_only()?;
    let req = args.filters.request(ctx, &index, args.query.clone(), 1)?;
    let ids = index.search_all_ids(&req)?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    // A damaged row is skipped and reported by id; the export goes on.
    let mut damaged: Vec<String> = Vec::new();
    let docs = ids.iter().filter_map(|id| {
        // A document removed from the store after the index was read is skipped.
        match pressroom_store::get_document(store.conn(), id).transpose()? {
            Err(err @ pressroom_store::StoreError::Corrupt { .. }) => {
                eprintln!("skipped: {err}");
                damaged.push(id.to_string());
                None
            }
            other => Some(other),
        }
    });
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(pressroom_store::EXPORT_COLUMNS)?;
            for doc in docs {
                let doc = doc?;
                w.write_record(pressroom_store::ExportRow::new(&doc).fields())?;
            }
            w.flush().context("writing the export")?;
        }
        Format::Jsonl => {
            let mut out = out;
            for doc in docs {
                let doc = doc?;
                writeln!(out, "{}", pressroom_store::ExportRow::new(&doc).json())?;
            }
            out.flush().context("writing the export")?;
        }
    }
    eprintln!("{} documents exported", ids.len() - damaged.len());
    if !damaged.is_empty() {
        anyhow::bail!(
            "{} damaged documents could not be read: {}",
            damaged.len(),
            damaged.join(", ")
        );
    }
    Ok(())
}
