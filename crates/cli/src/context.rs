//! Where things live, and opening them: the store, the sources config and
//! the index (building it on first use from the bundled sample corpus).

use anyhow::{Context as _, Result};
use pressroom_analysis::translate::Translator;
use pressroom_model::sources::SourcesConfig;
use pressroom_search::SearchIndex;
use pressroom_store::Store;
use std::path::PathBuf;

/// Memory the index writer may use.
pub const INDEX_MEMORY_BUDGET: usize = 200 * 1024 * 1024;

pub struct Context {
    pub corpus_dir: PathBuf,
    pub index_dir: PathBuf,
}

impl Context {
    pub fn new(home: Option<PathBuf>) -> Context {
        let home = home.unwrap_or_else(|| PathBuf::from("."));
        Context {
            corpus_dir: home.join("corpus"),
            index_dir: home.join("index"),
        }
    }

    pub fn store_path(&self) -> PathBuf {
        self.corpus_dir.join("store.sqlite")
    }

    pub fn sample_dir(&self) -> PathBuf {
        self.corpus_dir.join("sample")
    }

    pub fn open_store(&self) -> Result<Store> {
        Store::open(&self.store_path())
            .with_context(|| format!("opening the store {}", self.store_path().display()))
    }

    /// `corpus/sources.toml`, or no sources when the file is absent.
    pub fn sources(&self) -> Result<SourcesConfig> {
        let path = self.corpus_dir.join("sources.toml");
        if !path.exists() {
            return Ok(SourcesConfig::default());
        }
        Ok(SourcesConfig::load(&path)?)
    }

    /// How `pressroom import` imports into this home: `pressroom_ingest`'s
    /// defaults with this corpus and its sources.
    pub fn import_options(&self) -> Result<pressroom_ingest::ImportOptions> {
        Ok(pressroom_ingest::ImportOptions::new(
            self.corpus_dir.clone(),
            self.sources()?,
        ))
    }

    /// An index that reflects the store: built from the sample corpus on
    /// first use, rebuilt when its schema is outdated, updated when the
    /// store has changed since. Says what it does on stderr.
    pub fn ready_index(&self) -> Result<SearchIndex> {
        let mut store = self.open_store()?;
        let index = self.index_up_to_date(&mut store)?;
        Ok(index.with_translator(std::sync::Arc::new(translator(&store)?)))
    }

    fn index_up_to_date(&self, store: &mut Store) -> Result<SearchIndex> {
        if !pressroom_store::has_documents(store.conn())? {
            let sample = self.sample_dir();
            if !sample.is_dir() {
                anyhow::bail!(
                    "the corpus is empty; import documents first: pressroom import PATH..."
                );
            }
            eprintln!(
                "First use: importing the sample corpus from {} ...",
                sample.display()
            );
            let mut bar = crate::output::ImportBar::new();
            let summary =
                pressroom_ingest::import_paths(store, &[sample], &self.import_options()?, &mut bar);
            bar.finish();
            let summary = summary?;
            for failure in &summary.failed {
                eprintln!("  not imported: {}: {}", failure.path, failure.reason);
            }
        }
        let index = match SearchIndex::open(&self.index_dir) {
            Ok(index) => index,
            Err(pressroom_search::SearchError::Missing(_)) => {
                eprintln!(
                    "Building the search index in {} ...",
                    self.index_dir.display()
                );
                return crate::cmd::index::rebuild(self, store).map(|(index, _)| index);
            }
            Err(err @ pressroom_search::SearchError::SchemaMismatch { .. }) => {
                eprintln!("{err}\nRebuilding the index from the store ...");
                return crate::cmd::index::rebuild(self, store).map(|(index, _)| index);
            }
            Err(err) => return Err(err).context("opening the search index"),
        };
        if index.last_seq()? < pressroom_store::max_seq(store.conn())? {
            let (index, update, _) = crate::cmd::index::refresh(self, index, store)?;
            if update.indexed + update.deleted > 0 {
                eprintln!(
                    "Index updated: {} documents indexed, {} removed.",
                    update.indexed, update.deleted
                );
            }
            return Ok(index);
        }
        Ok(index)
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
