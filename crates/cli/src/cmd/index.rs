use crate::context::{Context, INDEX_MEMORY_BUDGET};
use crate::output::progress;
use anyhow::{Context as _, Result};
use indicatif::ProgressBar;
use pressroom_search::{IndexUpdate, SearchError, SearchIndex, UPDATE_COMMIT_EVERY};
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

/// The rest of the process: heap of the binary, SQLite's page cache, the
/// indexing threads' name-key caches, segment flush and merge buffers.
/// Measured with 50 MB assumed here (the lemma table, once 80 MB of heap,
/// now compiled into the binary's file-backed pages): rebuilds peaked at
/// 114 MB anonymous (10k documents), 197 MB (100k) and 206 MB (1M, merges
/// of larger segments), so 10 MB more is set aside.
const PROCESS_BYTES: usize = 60 << 20;
/// The final commit flushes every indexing thread's segment at once while
/// merges of earlier segments still run. Measured (1M documents, sampled
/// every 0.5 s): steady at 198 MB anonymous with this plan's 199 MB
/// estimate, then 206–227 MB in the commit and the last merges.
const COMMIT_BYTES: usize = 30 << 20;
/// Documents waiting between the store and the writer's indexing threads:
/// the search crate holds the producer back at this many (tantivy alone
/// would queue 10,000). Reading the store is faster than indexing, so the
/// queue stays full.
const QUEUED_DOCUMENTS: usize = pressroom_search::MAX_QUEUED_DOCUMENTS;
/// Per queued document beyond its text: field values, allocation slack.
const QUEUED_DOCUMENT_OVERHEAD: usize = 512;
/// Each `delete_term` an update of a non-empty index issues (one per
/// changed document the index already holds; a rebuild, into an empty
/// index, issues none) stays in tantivy's delete queue until the next
/// commit, at most [`UPDATE_COMMIT_EVERY`] documents later.
/// Measured: bare tantivy, 100k documents, +137 MB with a delete per
/// document.
const BYTES_PER_DELETE: usize = 1_400;
/// Merging large segments costs memory that grows with them (document id
/// maps, field norms, the term merger's cursors). Measured with a 103 MB
/// writer: 186 MB anonymous peak at 100k documents, 217 MB at 1M (two
/// 465k-document segments merging), so ~32 bytes per document indexed,
/// capped since tantivy stops merging segments past 10M documents. Set
/// aside only where merges run while the writer indexes (an update of a
/// populated index): a rebuild merges after its last commit, in the memory
/// the writer's arenas gave back.
const MERGE_BYTES_PER_DOCUMENT: usize = 32;
const MAX_MERGE_BYTES: usize = 64 << 20;
/// Two indexing threads at tantivy's minimum arena (15 MB each).
const MIN_WRITER_BYTES: usize = 30 << 20;

/// How [`INDEX_MEMORY_BUDGET`] is shared out for indexing `changed`
/// documents: what the process needs besides the index writer's arenas
/// (the writer's document queue, its delete queue, the final commit's
/// flush, merges, the rest)
/// is set aside, and the writer gets what is left, but never less than
/// [`MIN_WRITER_BYTES`]. The budget is for anonymous memory: the pages of
/// the index segments tantivy maps while merging are page cache the kernel
/// can reclaim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryPlan {
    pub budget: usize,
    /// Set aside for everything but the writer's arenas.
    pub reserved: usize,
    /// Passed to tantivy's writer (shared by its threads).
    pub writer: usize,
}

impl MemoryPlan {
    pub fn new(
        budget: usize,
        changed: u64,
        deletes: u64,
        merges_while_indexing: bool,
        title_bytes: f64,
        body_bytes: f64,
    ) -> MemoryPlan {
        // Each queued document holds the title three times (stored, the
        // language field, names), the body once (language field) and the
        // body's capitalised words for names (a tenth to a quarter of it).
        // Measured at 1M: ~6.4 KB a queued document for 3.3 KB bodies, so
        // twice the body is what the queue costs.
        let per_doc = (3.0 * title_bytes + 2.0 * body_bytes) as usize + QUEUED_DOCUMENT_OVERHEAD;
        let queued = QUEUED_DOCUMENTS.min(changed as usize) * per_doc;
        let deletes = deletes as usize * BYTES_PER_DELETE;
        let merges = if merges_while_indexing {
            (changed as usize)
                .saturating_mul(MERGE_BYTES_PER_DOCUMENT)
                .min(MAX_MERGE_BYTES)
        } else {
            0
        };
        let reserved = PROCESS_BYTES + COMMIT_BYTES + queued + deletes + merges;
        MemoryPlan {
            budget,
            reserved,
            writer: budget.saturating_sub(reserved).max(MIN_WRITER_BYTES),
        }
    }

    /// The plan for bringing the index from store sequence `since` up to
    /// date (`i64::MIN`: a rebuild), sizing the queue from the documents
    /// written last.
    pub fn for_store(store: &Store, since: i64) -> Result<MemoryPlan> {
        let changed = pressroom_store::count_changed_since(store.conn(), since)?;
        let (title, body) = pressroom_store::recent_text_bytes(store.conn(), 1_000)?;
        let rebuild = since == i64::MIN;
        let deletes = if rebuild {
            0
        } else {
            changed.min(UPDATE_COMMIT_EVERY)
        };
        Ok(MemoryPlan::new(
            INDEX_MEMORY_BUDGET,
            changed,
            deletes,
            !rebuild,
            title,
            body,
        ))
    }

    /// Whether the estimate exceeds the budget even with the smallest writer.
    pub fn over_budget(&self) -> bool {
        self.reserved + self.writer > self.budget
    }
}

pub fn rebuild(ctx: &Context, store: &Store) -> Result<(SearchIndex, IndexUpdate)> {
    rebuild_with(ctx, store, MemoryPlan::for_store(store, i64::MIN)?)
}

fn rebuild_with(
    ctx: &Context,
    store: &Store,
    plan: MemoryPlan,
) -> Result<(SearchIndex, IndexUpdate)> {
    let bar = progress(0, "indexing");
    let result = SearchIndex::rebuild(
        &ctx.index_dir,
        store.conn(),
        plan.writer,
        show_indexing(&bar),
    )
    .with_context(|| format!("building the index in {}", ctx.index_dir.display()));
    bar.finish_and_clear();
    result
}

/// Progress of an index build or update on `bar`. After the last document
/// the index still commits, and a rebuild merges its segments (a fifth of
/// the time at 1M documents): the bar says so rather than sit at its end.
fn show_indexing(bar: &ProgressBar) -> impl FnMut(u64, u64) + '_ {
    |done, total| {
        bar.set_length(total);
        bar.set_position(done);
        if done == total {
            bar.set_message("finishing");
        }
    }
}

/// Bring `index` up to date with the store, or rebuild it when the store
/// has outgrown the sample its common words were chosen from (an index
/// first built on the sample corpus, before an archive was imported).
pub fn refresh(
    ctx: &Context,
    index: SearchIndex,
    store: &Store,
) -> Result<(SearchIndex, IndexUpdate, MemoryPlan)> {
    let documents = pressroom_store::count_changed_since(store.conn(), i64::MIN)?;
    if index.common_keys_outgrown(documents) {
        drop(index);
        eprintln!(
            "The store has grown to {documents} documents: rebuilding the index, so the words it pairs for phrases come from them ..."
        );
        let plan = MemoryPlan::for_store(store, i64::MIN)?;
        let (index, update) = rebuild_with(ctx, store, plan)?;
        return Ok((index, update, plan));
    }
    let plan = MemoryPlan::for_store(store, index.last_seq()?)?;
    let update = update_with(&index, store, plan)?;
    Ok((index, update, plan))
}

fn update_with(index: &SearchIndex, store: &Store, plan: MemoryPlan) -> Result<IndexUpdate> {
    let bar = progress(0, "indexing");
    let result = index
        .update(store.conn(), plan.writer, show_indexing(&bar))
        .context("updating the index");
    bar.finish_and_clear();
    result
}

pub fn run(args: &IndexArgs, ctx: &Context) -> Result<()> {
    let store = ctx.open_store()?;
    let started = Instant::now();
    let rebuild_plan = || MemoryPlan::for_store(&store, i64::MIN);
    let (index, update, plan) = if args.rebuild {
        let plan = rebuild_plan()?;
        let (index, update) = rebuild_with(ctx, &store, plan)?;
        (index, update, plan)
    } else {
        match SearchIndex::open(&ctx.index_dir) {
            Ok(index) => refresh(ctx, index, &store)?,
            Err(SearchError::Missing(_)) => {
                let plan = rebuild_plan()?;
                let (index, update) = rebuild_with(ctx, &store, plan)?;
                (index, update, plan)
            }
            Err(err @ SearchError::SchemaMismatch { .. }) => {
                eprintln!("{err}\nRebuilding the index from the store ...");
                let plan = rebuild_plan()?;
                let (index, update) = rebuild_with(ctx, &store, plan)?;
                (index, update, plan)
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
                "memory": {
                    "budget_mb": plan.budget >> 20,
                    "reserved_mb": plan.reserved >> 20,
                    "writer_mb": plan.writer >> 20,
                    "estimate_over_budget": plan.over_budget(),
                },
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

#[cfg(test)]
mod tests {
    use super::*;

    const MB: usize = 1 << 20;

    #[test]
    fn the_writer_gets_what_the_rest_of_the_process_leaves() {
        // A small update: little queued, the writer gets most of the budget.
        let small = MemoryPlan::new(200 * MB, 100, 100, true, 80.0, 3_000.0);
        assert_eq!(small.writer + small.reserved, 200 * MB);
        assert!(small.writer > 50 * MB, "{small:?}");
        assert!(!small.over_budget());
        // A full queue of 3 KB documents and 100k deletes leave nothing:
        // the writer runs at its minimum and the estimate says so.
        let big = MemoryPlan::new(200 * MB, 100_000, 100_000, true, 80.0, 3_000.0);
        assert_eq!(big.writer, MIN_WRITER_BYTES);
        assert!(big.over_budget(), "{big:?}");
        // A rebuild of as many queues no deletes (137 MB less set aside),
        // and merges only once the writer is done.
        let rebuild = MemoryPlan::new(200 * MB, 100_000, 0, false, 80.0, 3_000.0);
        assert_eq!(
            big.reserved - rebuild.reserved,
            100_000 * BYTES_PER_DELETE + 100_000 * MERGE_BYTES_PER_DOCUMENT
        );
        assert!(rebuild.writer > 40 * MB, "{rebuild:?}");
    }
}
