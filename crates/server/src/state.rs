//! What every request shares: read-only store connections, and the index,
//! reopened when another process commits to it.

use crate::error::ApiError;
use pressroom_analysis::translate::Translator;
use pressroom_model::sources::SourcesConfig;
use pressroom_search::SearchIndex;
use pressroom_store::Store;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

/// Where the server reads from, and its limits.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The SQLite store (`corpus/store.sqlite`); opened read-only.
    pub store_path: PathBuf,
    /// The index directory (`index/`); opened read-only.
    pub index_dir: PathBuf,
    /// The organisations, so `source=hrw` finds "Human Rights Watch"; empty
    /// when the corpus has no `sources.toml`.
    pub sources: SourcesConfig,
    /// Every request's deadline.
    pub request_timeout: std::time::Duration,
    /// Requests served at once; more wait for a slot (within the deadline).
    pub max_concurrent_requests: usize,
    /// Pieces of blocking work (a search, a document, an alignment) run at
    /// once; more wait in arrival order. More than the machine's cores
    /// would only share them, stretching every request and the slowest
    /// most.
    pub work_slots: usize,
    /// How often the index directory is checked for a new commit.
    pub reload_interval: std::time::Duration,
}

impl ServerConfig {
    /// The defaults for a store and index.
    pub fn new(store_path: PathBuf, index_dir: PathBuf) -> ServerConfig {
        ServerConfig {
            store_path,
            index_dir,
            sources: SourcesConfig::default(),
            request_timeout: std::time::Duration::from_secs(10),
            max_concurrent_requests: 64,
            work_slots: std::thread::available_parallelism().map_or(2, |n| n.get()),
            reload_interval: std::time::Duration::from_secs(1),
        }
    }
}

/// The open index and what was read with it.
pub struct OpenIndex {
    pub index: SearchIndex,
    /// Source names by their lowercased key (the index keeps only the key).
    pub source_names: HashMap<String, String>,
    /// The commit this is: `meta.json`'s modification time and length.
    stamp: Option<(SystemTime, u64)>,
}

pub struct AppState {
    pub config: ServerConfig,
    index: RwLock<Option<Arc<OpenIndex>>>,
    /// Idle read-only connections; one per blocking task at a time.
    stores: Mutex<Vec<Store>>,
    /// Permits for blocking work, [`ServerConfig::work_slots`] of them.
    pub(crate) work_slots: Arc<tokio::sync::Semaphore>,
}

/// The identity of the index's current commit: tantivy rewrites
/// `meta.json` on every commit, and a rebuild swaps in a new directory.
fn index_stamp(dir: &std::path::Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(dir.join("tantivy").join("meta.json")).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

impl AppState {
    pub fn new(config: ServerConfig) -> AppState {
        AppState {
            work_slots: Arc::new(tokio::sync::Semaphore::new(config.work_slots.max(1))),
            config,
            index: RwLock::new(None),
            stores: Mutex::new(Vec::new()),
        }
    }

    /// Run `f` with a read-only store connection.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let pooled = self.stores.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let store = match pooled {
            Some(store) => store,
            None => self.open_store()?,
        };
        let result = f(&store);
        self.stores
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(store);
        result
    }

    fn open_store(&self) -> Result<Store, ApiError> {
        let path = &self.config.store_path;
        if !path.is_file() {
            return Err(ApiError::Unavailable(format!(
                "no store at {} yet; run `pressroom import PATH...`",
                path.display()
            )));
        }
        Store::open_reader(path)
            .map_err(|e| ApiError::Unavailable(format!("opening the store: {e}")))
    }

    /// Whether an index has been opened.
    pub fn has_index(&self) -> bool {
        self.index
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    /// The current index, opened on first use; 503 while there is none.
    pub fn index(&self) -> Result<Arc<OpenIndex>, ApiError> {
        if let Some(open) = self
            .index
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            return Ok(open.clone());
        }
        self.reload_index()?;
        self.index
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| self.no_index())
    }

    fn no_index(&self) -> ApiError {
        ApiError::Unavailable(format!(
            "no search index at {} yet; run `pressroom index`",
            self.config.index_dir.display()
        ))
    }

    /// Reopen the index when its commit changed since it was opened (or it
    /// was never opened). Returns whether it reopened.
    pub fn reload_index(&self) -> Result<bool, ApiError> {
        let dir = &self.config.index_dir;
        let stamp = index_stamp(dir);
        let current = self.index.read().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(open) = &current
            && open.stamp == stamp
        {
            return Ok(false);
        }
        if stamp.is_none() {
            return Err(self.no_index());
        }
        let index = SearchIndex::open_for_reading(dir)?;
        let (translator, source_names) = self.with_store(|store| {
            let learned = pressroom_store::learned_terms(store.conn())?;
            let translator = if learned.is_empty() {
                Translator::new()
            } else {
                Translator::with_learned(learned)
            };
            let names: Vec<String> = store
                .conn()
                .prepare("SELECT DISTINCT source FROM documents WHERE source <> ''")
                .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
                .map_err(|e| ApiError::Internal(format!("reading source names: {e}")))?;
            Ok((translator, names))
        })?;
        let open = OpenIndex {
            index: index.with_translator(Arc::new(translator)),
            source_names: source_names
                .into_iter()
                .map(|name| (name.to_lowercase(), name))
                .collect(),
            stamp,
        };
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(open));
        Ok(true)
    }
}
