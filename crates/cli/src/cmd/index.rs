use crate::context::{Context, INDEX_MEMORY_BUDGET};
use crate::output::progress;
use anyhow::{Context as _, Result};
use pressroom_search::{IndexUpdate, SearchError, SearchIndex};
use pressroom_store::Store;
use std::time::Instant;

#[derive(clap::Args)]
pub struct IndexArgs {
    /// Recreate the index from the whole store instead of updating it.
    #[arg(long)]
    rebuild: bool,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn rebuild(ctx: &Context, store: &Store) -> Result<(SearchIndex, IndexUpdate)> {
    let bar = progress(0, "indexing");
    let result = SearchIndex::rebuild(
        &ctx.index_dir,
        store.conn(),
        INDEX_MEMORY_BUDGET,
        |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        },
    )
    .with_context(|| format!("building the index in {}", ctx.index_dir.display()));
    bar.finish_and_clear();
    result
}

pub fn update(index: &SearchIndex, store: &Store) -> Result<IndexUpdate> {
    let bar = progress(0, "indexing");
    let result = index
        .update(store.conn(), INDEX_MEMORY_BUDGET, |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .context("updating the index");
    bar.finish_and_clear();
    result
}

pub fn run(args: &IndexArgs, ctx: &Context) -> Result<()> {
    let store = ctx.open_store()?;
    let started = Instant::now();
    let (index, update) = if args.rebuild {
        rebuild(ctx, &store)?
    } else {
        match SearchIndex::open(&ctx.index_dir) {
            Ok(index) => {
                let update = update(&index, &store)?;
                (index, update)
            }
            Err(SearchError::Missing(_)) => rebuild(ctx, &store)?,
            Err(err @ SearchError::SchemaMismatch { .. }) => {
                eprintln!("{err}\nRebuilding the index from the store ...");
                rebuild(ctx, &store)?
            }
            Err(err) => return Err(err).context("opening the search index"),
        }
    };
    let took = started.elapsed();
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "indexed": update.indexed,
                "deleted": update.deleted,
                "documents": index.num_docs(),
                "took_ms": took.as_millis() as u64,
            })
        );
    } else {
        println!(
            "{} documents indexed, {} removed; the index holds {} documents ({:.1} s)",
            update.indexed,
            update.deleted,
            index.num_docs(),
            took.as_secs_f64()
        );
    }
    Ok(())
}
