//! `pressroom index`, and the index every other command reads: both go
//! through `pressroom_search::ensure_current`; this module only shows its
//! progress and fills an empty store from the sample corpus on first use.

use crate::context::Context;
use crate::output::progress;
use anyhow::{Context as _, Result};
use indicatif::ProgressBar;
use pressroom_analysis::translate::Translator;
use pressroom_search::{
    EnsureOptions, INDEX_MEMORY_BUDGET, IndexAction, IndexHooks, IndexNotice, IndexStatus,
    MemoryPlan, SearchIndex, ensure_current,
};
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

/// The CLI's side of the index lifecycle: notices on stderr, a progress
/// bar while indexing, and (for reading commands) the sample corpus
/// imported into an empty store.
struct CliHooks<'a> {
    ctx: &'a Context,
    bar: Option<ProgressBar>,
    fill_from_sample: bool,
}

impl IndexHooks for CliHooks<'_> {
    fn notice(&mut self, notice: &IndexNotice) {
        // An incremental update says what it did once done instead.
        match notice {
            IndexNotice::Updating(_) => self.bar = Some(progress(0, "indexing")),
            IndexNotice::Rebuilding(_) => {
                eprintln!("{notice}");
                self.bar = Some(progress(0, "indexing"));
            }
            IndexNotice::WaitingForWriter => eprintln!("{notice}"),
        }
    }

    /// After the last document the index still commits, and a rebuild
    /// merges its segments: the bar says so rather than sit at its end.
    fn progress(&mut self, done: u64, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
            if done == total {
                bar.set_message("finishing");
            }
        }
    }

    fn finished(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn fill_empty_store(
        &mut self,
        store: &mut Store,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        if !self.fill_from_sample {
            return Ok(());
        }
        let sample = self.ctx.sample_dir();
        if !sample.is_dir() {
            return Err(
                "the corpus is empty; import documents first: pressroom import PATH...".into(),
            );
        }
        eprintln!(
            "First use: importing the sample corpus from {} ...",
            sample.display()
        );
        let options = self.ctx.import_options()?;
        let mut bar = crate::output::ImportBar::new();
        let summary = pressroom_ingest::import_paths(store, &[sample], &options, &mut bar);
        bar.finish();
        let summary = summary?;
        for failure in &summary.failed {
            eprintln!("  not imported: {}: {}", failure.path, failure.reason);
        }
        Ok(())
    }
}

impl Context {
    /// An index that reflects the store (see `ensure_current`), with the
    /// query translator, for the commands that read it. Built from the
    /// sample corpus on first use; when another process is writing it,
    /// read as of its last commit, with a notice saying how far behind.
    pub fn ready_index(&self) -> Result<SearchIndex> {
        let mut store = self.store_for_reading()?;
        let mut hooks = CliHooks {
            ctx: self,
            bar: None,
            fill_from_sample: true,
        };
        let status = ensure_current(
            &self.index_dir,
            &mut store,
            EnsureOptions::for_reading(),
            &mut hooks,
        )
        .context("opening the search index")?;
        match status.action {
            IndexAction::Updated if status.update.indexed + status.update.deleted > 0 => eprintln!(
                "Index updated: {} documents indexed, {} removed.",
                status.update.indexed, status.update.deleted
            ),
            IndexAction::Behind(behind) => eprintln!(
                "The index is being updated by another pressroom process (or cannot be written here): results are from its last commit, which lacks {behind} changed documents of the store."
            ),
            _ => {}
        }
        report_damaged(&status.update.damaged);
        Ok(status
            .index
            .with_translator(std::sync::Arc::new(translator(&store)?)))
    }
}

impl Context {
    /// The store a reading command indexes from: read-only once it holds
    /// documents; on first use (no documents yet) writable, so the sample
    /// corpus can be imported, but never created where there is neither a
    /// store nor a sample corpus (a mistyped `--home`).
    fn store_for_reading(&self) -> Result<Store> {
        let path = self.store_path();
        if path.is_file() {
            match Store::open_read_only(&path) {
                Ok(store) if pressroom_store::has_documents(store.conn())? => return Ok(store),
                // Empty, older, or being created by another first use.
                Ok(_) | Err(pressroom_store::StoreError::NeedsMigration { .. }) => {}
                Err(err) => {
                    return Err(err)
                        .with_context(|| format!("opening the store {}", path.display()));
                }
            }
        } else if !self.sample_dir().is_dir() {
            // Says there is no corpus, and creates nothing.
            return self.open_store_read_only();
        }
        // Several first uses at once would each create the schema: one at
        // a time, under the index writer's lock (the import of the sample
        // then waits for it in `ensure_current`).
        let _creating = pressroom_search::WriterLock::acquire(&self.index_dir)
            .context("waiting for another pressroom process")?;
        self.open_store()
    }
}

/// The query translator: built-in glossary and lexicon, plus the lexicon
/// `pressroom parallel` learned from this corpus's translation pairs.
fn translator(store: &Store) -> Result<Translator> {
    let learned =
        pressroom_store::learned_terms(store.conn()).context("reading the learned lexicon")?;
    Ok(if learned.is_empty() {
        Translator::new()
    } else {
        Translator::with_learned(learned)
    })
}

pub fn run(args: &IndexArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.open_store()?;
    let started = Instant::now();
    let mut hooks = CliHooks {
        ctx,
        bar: None,
        fill_from_sample: false,
    };
    let IndexStatus {
        index,
        update,
        plan,
        ..
    } = ensure_current(
        &ctx.index_dir,
        &mut store,
        EnsureOptions::for_writing(args.rebuild),
        &mut hooks,
    )
    .with_context(|| format!("indexing into {}", ctx.index_dir.display()))?;
    let took = started.elapsed();
    if args.json {
        // Nothing to index: the plan an update would have had.
        let plan = match plan {
            Some(plan) => plan,
            None => MemoryPlan::for_store(&store, index.last_seq()?, INDEX_MEMORY_BUDGET)?,
        };
        let memory = {
            serde_json::json!({
                "budget_mb": plan.budget >> 20,
                "reserved_mb": plan.reserved >> 20,
                "writer_mb": plan.writer >> 20,
                "estimate_over_budget": plan.over_budget(),
            })
        };
        println!(
            "{}",
            serde_json::json!({
                "indexed": update.indexed,
                "deleted": update.deleted,
                "damaged": update.damaged,
                "documents": index.num_docs(),
                "took_ms": took.as_millis() as u64,
                "memory": memory,
            })
        );
        report_damaged(&update.damaged);
    } else {
        report_damaged(&update.damaged);
        println!(
            "{} documents indexed, {} removed; the index holds {} documents ({:.1} s)",
            update.indexed,
            update.deleted,
            index.num_docs(),
            took.as_secs_f64()
        );
    }
    // The index is committed without them; the exit status still tells a
    // script that the store needs attention.
    if !update.damaged.is_empty() {
        anyhow::bail!(
            "{} damaged documents were left out of the index; re-import their files, or `pressroom import --force` them",
            update.damaged.len()
        );
    }
    Ok(())
}

/// Store rows an index update could not read, named so they can be fixed or
/// re-imported; the index was built without them.
fn report_damaged(ids: &[String]) {
    if !ids.is_empty() {
        eprintln!(
            "warning: {} damaged documents could not be read and were left out of the index: {}",
            ids.len(),
            ids.join(", ")
        );
    }
}
