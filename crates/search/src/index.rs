use crate::analyzer::{self, CommonKeys};
use crate::bulk::{
    BULK_LOAD_SEGMENTS_KEPT, balanced_groups, bulk_load_parts, give_back_freed_memory,
};
use crate::pacing::{MAX_QUEUED_DOCUMENTS, PacedDocument, Pacer};
use crate::query::planner::Planner;
use crate::schema::{Fields, SCHEMA_VERSION, index_lang, published_value};
use crate::{QueryTranslator, SearchError};
use pressroom_model::Document;
use pressroom_store as store;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{Field, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, SegmentMeta, TantivyDocument, Term};

/// Written in every commit's payload.
#[derive(Debug, Serialize, Deserialize)]
struct CommitPayload {
    schema: u32,
    /// Store change sequence this commit reflects.
    last_seq: i64,
    /// The index's [`CommonKeys`], sorted: chosen when it was created, and
    /// needed by every later writer and query. Absent from the payloads of
    /// older schemas, which must still parse to report their version.
    #[serde(default)]
    common_keys: Vec<String>,
    /// How many documents they were chosen from.
    #[serde(default)]
    common_keys_sample: u64,
}

/// Bytes of a body indexed, at most: a press release is a few KB, and a
/// document is held whole in the writer's queue and its arenas, so one
/// 200 MB line would otherwise take ten times that. The store keeps the
/// whole body.
pub const MAX_INDEXED_BODY_BYTES: usize = 1 << 20;

/// The part of `body` that is indexed: its first
/// [`MAX_INDEXED_BODY_BYTES`], cut at a character boundary.
pub(crate) fn indexed_body(body: &str) -> &str {
    if body.len() <= MAX_INDEXED_BODY_BYTES {
        return body;
    }
    let mut end = MAX_INDEXED_BODY_BYTES;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
}

/// Documents of the store whose keys choose an index's [`CommonKeys`].
pub const COMMON_KEYS_SAMPLE: u64 = 2_000;

/// Documents between two commits of an update of a populated index (a
/// rebuild, into an empty index, commits once at the end).
pub const UPDATE_COMMIT_EVERY: u64 = 50_000;

/// What an index update did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IndexUpdate {
    pub indexed: u64,
    pub deleted: u64,
    pub last_seq: i64,
    /// Ids of store rows that could not be read (a damaged body): left out
    /// of the index, which goes on without them.
    pub damaged: Vec<String>,
}

/// An open index, ready for queries and updates.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    pub(crate) translator: Option<Arc<dyn QueryTranslator>>,
    pub(crate) common: Arc<CommonKeys>,
    /// Documents the common keys were chosen from.
    common_sample: u64,
    dir: PathBuf,
    /// The inode of the `tantivy/` directory when opened: a rebuild swaps
    /// in another.
    opened_meta: Option<u64>,
}

/// How an index compares with its store ([`SearchIndex::freshness`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Freshness {
    /// The store sequence of the index's last commit.
    pub index_seq: i64,
    /// The store's last change.
    pub store_seq: i64,
    /// Changed documents of the store the index does not hold yet.
    pub documents_behind: u64,
    /// A rebuild has replaced the index since it was opened: reopen it.
    pub replaced: bool,
}

#[cfg(unix)]
fn data_inode(dir: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(data_dir(dir)).map(|m| m.ino()).ok()
}

#[cfg(not(unix))]
fn data_inode(_dir: &Path) -> Option<u64> {
    None
}

/// The tantivy files live one level down, so a rebuild can be made beside
/// them and swapped in by renaming.
fn data_dir(dir: &Path) -> PathBuf {
    dir.join("tantivy")
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> SearchError + '_ {
    move |source| SearchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl SearchIndex {
    /// Whether an index exists under `dir`.
    pub fn exists(dir: &Path) -> bool {
        data_dir(dir).join("meta.json").is_file()
    }

    /// Open the index under `dir`, refusing one of another schema version.
    /// Its reader is reloaded by this process's own commits only.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        Self::open_with(dir, ReloadPolicy::Manual)
    }

    /// Open the index under `dir` for a long-lived reader (a server): it
    /// takes no lock, so it reads while another process writes, and its
    /// searches see each new commit shortly after it is made. An index
    /// rebuilt meanwhile is a new directory: reopen when
    /// [`SearchIndex::freshness`] says it was replaced.
    pub fn open_for_reading(dir: &Path) -> Result<SearchIndex, SearchError> {
        Self::open_with(dir, ReloadPolicy::OnCommitWithDelay)
    }

    /// Make this index's searches see the last commit now.
    pub fn reload(&self) -> Result<(), SearchError> {
        Ok(self.reader.reload()?)
    }

    /// How this index compares with the store behind it.
    pub fn freshness(&self, conn: &rusqlite::Connection) -> Result<Freshness, SearchError> {
        let index_seq = self.last_seq()?;
        Ok(Freshness {
            index_seq,
            store_seq: store::max_seq(conn)?,
            documents_behind: store::count_changed_since(conn, index_seq)?,
            replaced: self.replaced(),
        })
    }

    /// Whether the directory this index was opened from is no longer its
    /// `tantivy/` (a rebuild swapped a new one in).
    fn replaced(&self) -> bool {
        self.opened_meta.is_some() && data_inode(&self.dir) != self.opened_meta
    }

    fn open_with(dir: &Path, reload: ReloadPolicy) -> Result<SearchIndex, SearchError> {
        let data = data_dir(dir);
        if !Self::exists(dir) {
            return Err(SearchError::Missing(dir.to_path_buf()));
        }
        let corrupt = |reason: String| SearchError::Corrupt {
            path: dir.to_path_buf(),
            reason,
        };
        let index = Index::open(crate::directory::IndexDirectory::open(&data)?)
            .map_err(|e| corrupt(e.to_string()))?;
        let payload = index
            .load_metas()
            .map_err(|e| corrupt(e.to_string()))?
            .payload;
        let parsed = payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<CommitPayload>(p).ok());
        let (common, sample) = match parsed {
            Some(p) if p.schema == SCHEMA_VERSION => {
                (CommonKeys::from_keys(p.common_keys), p.common_keys_sample)
            }
            other => {
                return Err(SearchError::SchemaMismatch {
                    path: dir.to_path_buf(),
                    found: other.map_or_else(|| "unknown".to_string(), |p| p.schema.to_string()),
                    expected: SCHEMA_VERSION,
                });
            }
        };
        Self::from_index(index, dir, common, sample, reload).map_err(|e| match e {
            SearchError::Tantivy(e) => corrupt(e.to_string()),
            other => other,
        })
    }

    fn from_index(
        index: Index,
        dir: &Path,
        common: CommonKeys,
        common_sample: u64,
        reload: ReloadPolicy,
    ) -> Result<SearchIndex, SearchError> {
        let common = Arc::new(common);
        analyzer::register(&index, &common);
        let (_, fields) = Fields::build();
        let reader = index.reader_builder().reload_policy(reload).try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            translator: None,
            common,
            common_sample,
            dir: dir.to_path_buf(),
            opened_meta: data_inode(dir),
        })
    }

    /// Create an empty index in `data` (which must not hold one), pairing
    /// the `common` keys, chosen from `sample` documents.
    fn create_at(
        data: &Path,
        dir: &Path,
        common: CommonKeys,
        sample: u64,
    ) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(data).map_err(io_err(data))?;
        let (schema, _) = Fields::build();
        let index = Index::create_in_dir(data, schema)?;
        let this = Self::from_index(index, dir, common, sample, ReloadPolicy::Manual)?;
        let mut writer: IndexWriter<TantivyDocument> = this.index.writer(15_000_000)?;
        this.commit(&mut writer, 0)?;
        Ok(this)
    }

    /// Use `translator` for cross-language queries.
    pub fn with_translator(mut self, translator: Arc<dyn QueryTranslator>) -> SearchIndex {
        self.translator = Some(translator);
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The store change sequence the index reflects.
    pub fn last_seq(&self) -> Result<i64, SearchError> {
        let payload = self.index.load_metas()?.payload;
        Ok(payload
            .and_then(|p| serde_json::from_str::<CommitPayload>(&p).ok())
            .map_or(0, |p| p.last_seq))
    }

    /// Whether any indexed document is from `source` (case-insensitive).
    pub fn has_source(&self, source: &str) -> Result<bool, SearchError> {
        let term = Term::from_field_text(self.fields.source_key, &source.to_lowercase());
        Ok(self.reader.searcher().doc_freq(&term)? > 0)
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The keys this index pairs with their neighbours.
    pub fn common_keys(&self) -> &CommonKeys {
        &self.common
    }

    /// Whether a store of `store_documents` documents has outgrown the
    /// sample the common keys were chosen from: the sample was short of
    /// [`COMMON_KEYS_SAMPLE`] and the store now holds at least twice as
    /// many documents. An index first built on a handful of documents (the
    /// sample corpus) would otherwise pair their words forever; rebuilding
    /// each time the store doubles, up to the full sample, costs at most
    /// twice the indexing of those first documents.
    pub fn common_keys_outgrown(&self, store_documents: u64) -> bool {
        !self.common_keys_settled() && store_documents >= 2 * self.common_sample.max(1)
    }

    /// Whether the common keys were chosen from the full sample, so no
    /// store outgrows them: then there is no need to count the store's
    /// documents (a walk over every row) to ask.
    pub fn common_keys_settled(&self) -> bool {
        self.common_sample >= COMMON_KEYS_SAMPLE
    }

    fn commit<D: tantivy::schema::document::Document>(
        &self,
        writer: &mut IndexWriter<D>,
        last_seq: i64,
    ) -> Result<(), SearchError> {
        let payload = serde_json::to_string(&CommitPayload {
            schema: SCHEMA_VERSION,
            last_seq,
            common_keys: self.common.to_sorted_vec(),
            common_keys_sample: self.common_sample,
        })
        .expect("payload serialises");
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn to_tantivy(&self, doc: &Document) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::new();
        d.add_text(f.id, doc.id.as_str());
        d.add_text(f.lang, doc.lang.code());
        d.add_text(f.source_key, doc.source.to_lowercase());
        d.add_text(f.source, &doc.source);
        d.add_text(f.origin, &doc.origin);
        d.add_text(f.title, &doc.title);
        if let Some(date) = doc.published {
            d.add_date(f.published, published_value(date));
        }
        let body = indexed_body(&doc.body);
        d.add_text(f.title_field(doc.lang), &doc.title);
        d.add_text(f.body_field(doc.lang), body);
        d.add_text(f.names, &doc.title);
        d.add_text(f.names, analyzer::name_words(body));
        d
    }

    /// Bring the index up to date with the store: index what changed since
    /// the last update, delete what was removed. `progress(done, total)` is
    /// called as documents are added.
    pub fn update(
        &self,
        conn: &rusqlite::Connection,
        memory_budget: usize,
        progress: impl FnMut(u64, u64),
    ) -> Result<IndexUpdate, SearchError> {
        self.update_committing_every(conn, memory_budget, UPDATE_COMMIT_EVERY, progress)
    }

    /// [`SearchIndex::update`], committing every `commit_every` documents
    /// when the index was populated before.
    pub fn update_committing_every(
        &self,
        conn: &rusqlite::Connection,
        memory_budget: usize,
        commit_every: u64,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<IndexUpdate, SearchError> {
        let since = self.last_seq()?;
        // One read transaction: the sequence and the rows come from one snapshot.
        let tx = conn
            .unchecked_transaction()
            .map_err(store::StoreError::from)?;
        let until = store::max_seq(&tx)?;
        let mut update = IndexUpdate {
            last_seq: until,
            ..IndexUpdate::default()
        };
        if until <= since {
            return Ok(IndexUpdate {
                last_seq: since,
                ..update
            });
        }
        let total = store::count_changed_since(&tx, since)?;
        let mut writer: IndexWriter<PacedDocument> =
            self.index.writer(memory_budget.max(15_000_000))?;
        let pacer = Pacer::new(MAX_QUEUED_DOCUMENTS);
        // tantivy keeps every delete in memory until the commit (~1.4 KB a
        // document at 1M); an empty index, as in a rebuild, has nothing to
        // delete, so it is spared the queue. Read from the last commit on
        // disk (the writer's lock is held), not from this reader's snapshot.
        let replacing = self
            .index
            .searchable_segment_metas()?
            .iter()
            .any(|m| m.num_docs() > 0);
        if replacing {
            for id in store::tombstones_since(&tx, since)? {
                writer.delete_term(Term::from_field_text(self.fields.id, id.as_str()));
                update.deleted += 1;
            }
        } else {
            // A bulk load: see `merge_bulk_load`.
            writer.set_merge_policy(Box::new(NoMergePolicy));
        }
        // The last commit's view: a document this update replaces is in it.
        let committed = self.reader.searcher();
        let mut since_commit = 0u64;
        store::document_rows_changed_since(&tx, since, MAX_INDEXED_BODY_BYTES, |seq, row| {
            let doc = match row {
                Ok(doc) => doc,
                Err(store::StoreError::Corrupt { id, .. }) => {
                    // An earlier, readable version must not stay searchable
                    // as if it were current.
                    if replacing {
                        writer.delete_term(Term::from_field_text(self.fields.id, &id));
                    }
                    update.damaged.push(id);
                    return Ok(());
                }
                Err(err) => return Err(err.into()),
            };
            if replacing {
                let id = Term::from_field_text(self.fields.id, doc.id.as_str());
                // New documents, the common case of an incremental update,
                // queue no delete.
                if committed.doc_freq(&id)? > 0 {
                    writer.delete_term(id);
                }
            }
            let ticket = pacer.ticket();
            writer.add_document(PacedDocument {
                document: self.to_tantivy(&doc),
                _ticket: ticket,
            })?;
            update.indexed += 1;
            since_commit += 1;
            progress(update.indexed, total);
            // A long update of a populated index commits as it goes: the
            // delete queue stays bounded, and a killed update resumes after
            // the last commit (documents come in sequence order; deletes of
            // removed documents, all queued up front, are idempotent).
            if replacing && since_commit >= commit_every {
                self.commit(&mut writer, seq)?;
                since_commit = 0;
            }
            Ok::<(), SearchError>(())
        })?;
        drop(tx);
        self.commit(&mut writer, until)?;
        if !replacing {
            self.merge_bulk_load(&mut writer)?;
        }
        writer.wait_merging_threads()?;
        Ok(update)
    }

    /// Merge the segments a bulk load left into one per indexing thread,
    /// all at once and in parallel, after the last commit, unless it left
    /// no more than [`BULK_LOAD_SEGMENTS_KEPT`].
    ///
    /// tantivy's default policy merges as it indexes, eight segments of a
    /// size into one, level after level: with the arenas a 200 MB budget
    /// leaves, 1M documents flushed ~150 segments and every document was
    /// rewritten twice, by merges that took CPU from the indexing threads
    /// and memory from their arenas. A bulk load merges nothing while it
    /// indexes and then rewrites each document once, into as many segments
    /// as there are cores (a query visits few segments), with the memory
    /// the arenas have given back. A kill during the merge leaves the
    /// committed, unmerged segments: a valid index.
    fn merge_bulk_load<D: tantivy::schema::document::Document>(
        &self,
        writer: &mut IndexWriter<D>,
    ) -> Result<(), SearchError> {
        let metas = self.index.searchable_segment_metas()?;
        if metas.len() <= BULK_LOAD_SEGMENTS_KEPT {
            return Ok(());
        }
        let parts = bulk_load_parts();
        give_back_freed_memory();
        let merges: Vec<_> = balanced_groups(metas, parts, |m| m.num_docs().into())
            .into_iter()
            .filter(|group| group.len() > 1)
            .map(|group| {
                let ids: Vec<_> = group.iter().map(SegmentMeta::id).collect();
                writer.merge(&ids)
            })
            .collect();
        if merges.is_empty() {
            return Ok(());
        }
        for merge in merges {
            merge.wait()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    pub(crate) fn planner(&self) -> Planner<'_> {
        Planner {
            fields: &self.fields,
            common: &self.common,
            translator: self.translator.as_deref(),
        }
    }

    /// Build a fresh index from the whole store beside the current one, then
    /// swap it in. A crash during the build leaves the old index usable.
    /// Its common keys are those of a sample of the store
    /// ([`COMMON_KEYS_SAMPLE`] documents).
    pub fn rebuild(
        dir: &Path,
        conn: &rusqlite::Connection,
        memory_budget: usize,
        progress: impl FnMut(u64, u64),
    ) -> Result<(SearchIndex, IndexUpdate), SearchError> {
        let fresh = dir.join("tantivy.new");
        if fresh.exists() {
            std::fs::remove_dir_all(&fresh).map_err(io_err(&fresh))?;
        }
        let mut sample = Vec::new();
        store::for_each_sampled_document(
            conn,
            COMMON_KEYS_SAMPLE,
            MAX_INDEXED_BODY_BYTES,
            |doc| {
                sample.push(doc);
                Ok::<(), SearchError>(())
            },
        )?;
        let common = CommonKeys::from_texts(sample.iter().flat_map(|d| {
            let lang = index_lang(d.lang);
            [(d.title.as_str(), lang), (d.body.as_str(), lang)]
        }));
        let sampled = sample.len() as u64;
        drop(sample);
        // A failed build (a full disk) leaves nothing behind: the old
        // index stays as it was.
        let built = Self::create_at(&fresh, dir, common, sampled)
            .and_then(|building| Ok((building.update(conn, memory_budget, progress)?, building)));
        let update = match built {
            Ok((update, building)) => {
                drop(building);
                update
            }
            Err(err) => {
                let _ = std::fs::remove_dir_all(&fresh);
                return Err(err);
            }
        };
        let data = data_dir(dir);
        let old = dir.join("tantivy.old");
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        if data.exists() {
            std::fs::rename(&data, &old).map_err(io_err(&data))?;
        }
        std::fs::rename(&fresh, &data).map_err(io_err(&fresh))?;
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        Ok((Self::open(dir)?, update))
    }
}

pub(crate) fn text_of(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pressroom_model::{DocId, DocMeta, Lang};

    /// An index of `segments` one-document segments, as a bulk load
    /// leaves them before its final merge, and its writer.
    fn loaded(dir: &Path, segments: i64) -> (SearchIndex, IndexWriter<TantivyDocument>) {
        let common = CommonKeys::from_keys(vec!["torture".into()]);
        let index = SearchIndex::create_at(&dir.join("tantivy"), dir, common, 7).unwrap();
        let mut writer: IndexWriter<TantivyDocument> = index.index.writer(15_000_000).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for n in 0..segments {
            let origin = format!("doc-{n}");
            let doc = Document {
                id: DocId::derive(&origin, 0),
                source: "OMCT".into(),
                origin,
                lang: Lang::En,
                title: format!("Release {n}"),
                published: None,
                body: "Torture of detained activists must end.".into(),
                meta: DocMeta::default(),
            };
            writer.add_document(index.to_tantivy(&doc)).unwrap();
            index.commit(&mut writer, n + 1).unwrap();
        }
        (index, writer)
    }

    #[test]
    fn only_the_first_megabyte_of_a_body_is_indexed() {
        let short = "Пытки запрещены.";
        assert_eq!(indexed_body(short), short);
        let long = "ж".repeat(MAX_INDEXED_BODY_BYTES);
        let cut = indexed_body(&long);
        assert!(cut.len() <= MAX_INDEXED_BODY_BYTES && cut.len() + 2 > MAX_INDEXED_BODY_BYTES);
        assert!(cut.chars().all(|c| c == 'ж'));
    }

    #[test]
    fn a_small_bulk_load_keeps_its_few_segments() {
        let dir = tempfile::tempdir().unwrap();
        let (index, mut writer) = loaded(dir.path(), BULK_LOAD_SEGMENTS_KEPT as i64);
        index.merge_bulk_load(&mut writer).unwrap();
        writer.wait_merging_threads().unwrap();
        let segments = index.index.searchable_segment_metas().unwrap();
        assert_eq!(segments.len(), BULK_LOAD_SEGMENTS_KEPT);
    }

    #[test]
    fn a_bulk_load_ends_in_one_segment_per_core_and_keeps_its_payload() {
        let dir = tempfile::tempdir().unwrap();
        // A commit per document: more segments than a load may keep.
        let n = BULK_LOAD_SEGMENTS_KEPT + 1;
        let (index, mut writer) = loaded(dir.path(), n as i64);
        assert_eq!(index.index.searchable_segment_metas().unwrap().len(), n);
        index.merge_bulk_load(&mut writer).unwrap();
        writer.wait_merging_threads().unwrap();
        let segments = index.index.searchable_segment_metas().unwrap();
        assert!(
            segments.len() <= bulk_load_parts(),
            "{} segments",
            segments.len()
        );
        assert_eq!(
            segments
                .iter()
                .map(|m| m.num_docs() as usize)
                .sum::<usize>(),
            n
        );
        assert_eq!(
            index.num_docs(),
            n as u64,
            "the reader sees the merged segments"
        );
        // The merge rewrote the last commit's metadata: its store sequence
        // and common keys are still there.
        let reopened = SearchIndex::open(dir.path()).unwrap();
        assert_eq!(reopened.last_seq().unwrap(), n as i64);
        assert_eq!(reopened.common_keys().to_sorted_vec(), vec!["torture"]);
        assert!(!reopened.common_keys_outgrown(13));
        assert!(reopened.common_keys_outgrown(14));
    }
}
