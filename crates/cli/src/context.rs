//! Where things live, and opening them: the store and the sources config.
//! (The index is opened by `cmd::index`, which imports the bundled sample
//! corpus on first use.)

use anyhow::{Context as _, Result};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;
use std::path::PathBuf;

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

    /// The store, for a command that only reads it: opened read-only, and
    /// never created (a mistyped `--home` must not leave an empty corpus).
    pub fn open_store_read_only(&self) -> Result<Store> {
        match Store::open_read_only(&self.store_path()) {
            // An older store is migrated first, which needs writing.
            Err(pressroom_store::StoreError::NeedsMigration { .. }) => self.open_store(),
            Err(pressroom_store::StoreError::Missing(path)) => anyhow::bail!(
                "no corpus here: {} does not exist (import documents with `pressroom import PATH...`, or check --home)",
                path.display()
            ),
            other => {
                other.with_context(|| format!("opening the store {}", self.store_path().display()))
            }
        }
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
}
