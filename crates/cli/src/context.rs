//! Where things live, and opening them: the store and the sources config.
//! (The index is opened by `cmd::index`, which imports the bundled sample
//! corpus on first use.)

use anyhow::{Context as _, Result};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;
use std::path::{Path, PathBuf};

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

    /// Origin of an imported file: its path relative to the corpus directory
    /// when inside it, else its absolute path.
    pub fn origin_of(&self, path: &Path) -> String {
        let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let corpus = self
            .corpus_dir
            .canonicalize()
            .unwrap_or_else(|_| self.corpus_dir.clone());
        abs.strip_prefix(&corpus)
            .map(Path::to_path_buf)
            .unwrap_or(abs)
            .to_string_lossy()
            .replace('\\', "/")
    }
}
