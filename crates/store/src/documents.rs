use crate::body;
use crate::schema::next_seq;
use crate::{Result, StoreError};
use chrono::{NaiveDate, Utc};
use pressroom_model::{DocId, DocMeta, Document, Lang};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::{BTreeMap, HashSet};

/// What [`upsert_document`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    New,
    Changed,
    Unchanged,
}

const COLUMNS: &str = "id, source, origin, lang, title, published, body, meta";

fn row_to_document(row: &Row<'_>) -> rusqlite::Result<std::result::Result<Document, StoreError>> {
    row_to_document_cut(row, usize::MAX)
}

/// A row as a document whose body is cut to its first `max_body_bytes`.
fn row_to_document_cut(
    row: &Row<'_>,
    max_body_bytes: usize,
) -> rusqlite::Result<std::result::Result<Document, StoreError>> {
    let id: String = row.get(0)?;
    let lang: String = row.get(3)?;
    let published: Option<String> = row.get(5)?;
    let meta: String = row.get(7)?;
    let corrupt = |message: String| StoreError::Corrupt {
        id: id.clone(),
        message,
    };
    let doc = (|| {
        let lang: Lang = lang.parse().map_err(|e| corrupt(format!("{e}")))?;
        let published = published
            .map(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d"))
            .transpose()
            .map_err(|e| corrupt(format!("published: {e}")))?;
        let meta: DocMeta =
            serde_json::from_str(&meta).map_err(|e| corrupt(format!("meta: {e}")))?;
        let body = body_of(row.get_ref(6)?, max_body_bytes).map_err(corrupt)?;
        Ok(Document {
            id: DocId(id.clone()),
            source: row.get(1)?,
            origin: row.get(2)?,
            lang,
            title: row.get(4)?,
            published,
            body,
            meta,
        })
    })();
    Ok(doc)
}

/// What the store writes of a document's content besides its fields: the
/// document's [`Document::content_hash`], which later imports compare, and
/// its body compressed (see `body.rs`). Both cost CPU in proportion to the
/// text, so an import prepares them on its worker threads, off the store's
/// one writing thread, the slower side of an import.
#[derive(Debug, Clone)]
pub struct StoredContent {
    hash: String,
    body: Vec<u8>,
}

impl StoredContent {
    pub fn of(doc: &Document) -> StoredContent {
        StoredContent {
            hash: doc.content_hash(),
            body: body::compress(&doc.body),
        }
    }

    /// The document's [`Document::content_hash`].
    pub fn content_hash(&self) -> &str {
        &self.hash
    }
}

/// Insert or update one document, keyed by its id.
pub fn upsert_document(conn: &Connection, doc: &Document) -> Result<Upsert> {
    upsert_prepared_document(conn, doc, &StoredContent::of(doc))
}

fn upsert_prepared_document(
    conn: &Connection,
    doc: &Document,
    content: &StoredContent,
) -> Result<Upsert> {
    let hash = content.hash.as_str();
    let meta = serde_json::to_string(&doc.meta).expect("DocMeta serialises");
    let existing: Option<(String, String)> = conn
        .prepare_cached("SELECT content_hash, meta FROM documents WHERE id = ?1")?
        .query_row([doc.id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let now = Utc::now().to_rfc3339();
    let published = doc.published.map(|d| d.format("%Y-%m-%d").to_string());
    // Both statements number the document's values alike: ?1 id … ?9 hash,
    // ?10 the next change sequence, ?11 the time.
    let write = |sql: &str| -> Result<()> {
        let seq = next_seq(conn)?;
        conn.prepare_cached(sql)?.execute(params![
            doc.id.as_str(),
            doc.source,
            doc.origin,
            doc.lang.code(),
            doc.title,
            published,
            content.body,
            meta,
            hash,
            seq,
            now
        ])?;
        Ok(())
    };
    match existing {
        Some((old_hash, old_meta)) if old_hash == hash && old_meta == meta => Ok(Upsert::Unchanged),
        Some((old_hash, _)) => {
            // Metadata-only changes (a new fetch time) don't need reindexing.
            let seq_sql = if old_hash == hash { "seq" } else { "?10" };
            write(&format!(
                "UPDATE documents SET source=?2, origin=?3, lang=?4, title=?5, published=?6,
                 body=?7, meta=?8, content_hash=?9, seq={seq_sql}, updated_at=?11 WHERE id=?1"
            ))?;
            Ok(if old_hash == hash {
                Upsert::Unchanged
            } else {
                Upsert::Changed
            })
        }
        None => {
            write(
                "INSERT INTO documents (id, source, origin, lang, title, published, body, meta,
                 content_hash, seq, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            )?;
            Ok(Upsert::New)
        }
    }
}

/// Remove a document (and its links), leaving a tombstone for the index.
pub fn remove_document(conn: &Connection, id: &DocId) -> Result<bool> {
    let removed = conn.execute("DELETE FROM documents WHERE id = ?1", [id.as_str()])?;
    if removed > 0 {
        let seq = next_seq(conn)?;
        conn.execute(
            "INSERT INTO tombstones(id, seq) VALUES (?1, ?2)",
            params![id.as_str(), seq],
        )?;
        conn.execute("DELETE FROM links WHERE a = ?1 OR b = ?1", [id.as_str()])?;
    }
    Ok(removed > 0)
}

/// Make `docs` the documents of `origin`: upsert each, and remove documents
/// previously cut from the same origin that are no longer produced (a page
/// that used to split in two and now does not).
pub fn replace_origin(conn: &Connection, origin: &str, docs: &[Document]) -> Result<Vec<Upsert>> {
    let contents: Vec<StoredContent> = docs.iter().map(StoredContent::of).collect();
    replace_origin_prepared(conn, origin, docs, &contents)
}

/// [`replace_origin`] with each document's [`StoredContent`] prepared
/// beforehand (`contents[i]` is `docs[i]`'s), on another thread.
pub fn replace_origin_prepared(
    conn: &Connection,
    origin: &str,
    docs: &[Document],
    contents: &[StoredContent],
) -> Result<Vec<Upsert>> {
    assert_eq!(
        docs.len(),
        contents.len(),
        "one stored content per document"
    );
    let keep: HashSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    let old: Vec<String> = conn
        .prepare_cached("SELECT id FROM documents WHERE origin = ?1")?
        .query_map([origin], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in old.iter().filter(|id| !keep.contains(id.as_str())) {
        remove_document(conn, &DocId(id.clone()))?;
    }
    docs.iter()
        .zip(contents)
        .map(|(doc, content)| upsert_prepared_document(conn, doc, content))
        .collect()
}

pub fn get_document(conn: &Connection, id: &DocId) -> Result<Option<Document>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM documents WHERE id = ?1"),
        [id.as_str()],
        row_to_document,
    )
    .optional()?
    .transpose()
}

/// The body of document `id` alone (one lookup by primary key), at most its
/// first `max_bytes`: what a search hit's snippet is cut from, since the
/// index keeps only the words.
pub fn get_body(conn: &Connection, id: &DocId, max_bytes: usize) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT body FROM documents WHERE id = ?1")?;
    let mut rows = stmt.query([id.as_str()])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    body_of(row.get_ref(0)?, max_bytes)
        .map(Some)
        .map_err(|message| StoreError::Corrupt {
            id: id.to_string(),
            message,
        })
}

/// A stored body's text, at most its first `max_bytes` (cut at a
/// character): a zstd frame, or TEXT written before bodies were compressed.
fn body_of(value: ValueRef<'_>, max_bytes: usize) -> std::result::Result<String, String> {
    match value {
        ValueRef::Blob(stored) if max_bytes == usize::MAX => {
            body::decompress(stored).map_err(|e| e.to_string())
        }
        ValueRef::Blob(stored) => {
            body::decompress_prefix(stored, max_bytes).map_err(|e| e.to_string())
        }
        ValueRef::Text(text) => {
            let wanted = &text[..text.len().min(max_bytes.saturating_add(1))];
            body::utf8_prefix(wanted.to_vec(), max_bytes)
                .map_err(|e| format!("body is not UTF-8: {e}"))
        }
        other => Err(format!("body is a {:?}", other.data_type())),
    }
}

/// Resolve a full id or a unique prefix of one (as users type them).
pub fn resolve_id(conn: &Connection, prefix: &str) -> Result<DocId> {
    let prefix = prefix.trim().to_ascii_lowercase();
    if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(StoreError::NotFound(prefix));
    }
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM documents WHERE id >= ?1 AND id < ?1 || 'g' LIMIT 2")?
        .query_map([&prefix], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match ids.len() {
        0 => Err(StoreError::NotFound(prefix)),
        1 => Ok(DocId(ids.into_iter().next().expect("one id"))),
        _ => {
            let count: i64 = conn.query_row(
                "SELECT COUNT(*) FROM documents WHERE id >= ?1 AND id < ?1 || 'g'",
                [&prefix],
                |r| r.get(0),
            )?;
            Err(StoreError::Ambiguous {
                prefix,
                count: count as usize,
            })
        }
    }
}

/// Whether the store holds any document (cheap, unlike [`stats`]).
pub fn has_documents(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM documents)", [], |r| r.get(0))?)
}

/// Highest change sequence number so far.
pub fn max_seq(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT value FROM counters WHERE name = 'seq'", [], |r| {
            r.get(0)
        })?,
    )
}

/// How many documents changed after `seq`.
pub fn count_changed_since(conn: &Connection, seq: i64) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM documents WHERE seq > ?1",
        [seq],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}

/// Call `f` for every document whose content changed after `seq`, in
/// sequence order, without loading them all into memory: one statement
/// walks the `seq` index, so SQLite holds only its page cache (2 MB by
/// default) however large the store; memory is bounded by what `f` keeps. `f` may stop the
/// walk by returning an error of its own type. `f` also gets the change's
/// sequence number, so a long walk can record how far it got.
pub fn documents_changed_since<E: From<StoreError>>(
    conn: &Connection,
    seq: i64,
    mut f: impl FnMut(i64, Document) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    document_rows_changed_since(conn, seq, usize::MAX, |seq, row| f(seq, row?))
}

/// Like [`documents_changed_since`], but a row that cannot be read as a
/// document (a damaged body: [`StoreError::Corrupt`], naming its id) is
/// handed to `f` as an error instead of ending the walk, so a caller can
/// skip it, report it and go on. Errors of the database itself still end
/// the walk. A body longer than `max_body_bytes` comes cut to its first
/// `max_body_bytes` (at a character): the indexer reads no more than it
/// indexes, however large a document is.
pub fn document_rows_changed_since<E: From<StoreError>>(
    conn: &Connection,
    seq: i64,
    max_body_bytes: usize,
    mut f: impl FnMut(i64, Result<Document>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {COLUMNS}, seq FROM documents WHERE seq > ?1 ORDER BY seq"
        ))
        .map_err(StoreError::from)?;
    let mut rows = stmt.query([seq]).map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        let seq: i64 = row.get(8).map_err(StoreError::from)?;
        f(
            seq,
            row_to_document_cut(row, max_body_bytes).map_err(StoreError::from)?,
        )?;
    }
    Ok(())
}

/// Every document row, each as a document or the error that names it
/// (see [`document_rows_changed_since`]).
pub fn for_each_document_row<E: From<StoreError>>(
    conn: &Connection,
    mut f: impl FnMut(Result<Document>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    document_rows_changed_since(conn, i64::MIN, usize::MAX, |_, row| f(row))
}

/// Call `f` for every document.
pub fn for_each_document<E: From<StoreError>>(
    conn: &Connection,
    mut f: impl FnMut(Document) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    documents_changed_since(conn, i64::MIN, |_, doc| f(doc))
}

/// Call `f` for up to `n` documents spread evenly over the store in the
/// order they were first stored (the same ones for the same store): a
/// sample of the corpus. Each is one lookup by row id, so the cost does not
/// grow with the store. Bodies come cut to `max_body_bytes`, as in
/// [`document_rows_changed_since`].
pub fn for_each_sampled_document<E: From<StoreError>>(
    conn: &Connection,
    n: u64,
    max_body_bytes: usize,
    mut f: impl FnMut(Document) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let (first, last): (Option<i64>, Option<i64>) = conn
        .query_row("SELECT min(rowid), max(rowid) FROM documents", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(StoreError::from)?;
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(());
    };
    let span = (last - first + 1) as u64;
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {COLUMNS}, rowid FROM documents WHERE rowid >= ?1 ORDER BY rowid LIMIT 1"
        ))
        .map_err(StoreError::from)?;
    let mut next = first;
    for i in 0..n.min(span) {
        // u128: span × i overflows u64 for no real store, but costs nothing.
        let target = first + (u128::from(span) * u128::from(i) / u128::from(n.min(span))) as i64;
        let mut rows = stmt.query([target.max(next)]).map_err(StoreError::from)?;
        let Some(row) = rows.next().map_err(StoreError::from)? else {
            break;
        };
        next = row.get::<_, i64>(8).map_err(StoreError::from)? + 1;
        // A damaged row is left out of the sample; the walks that must see
        // every row name it (see [`document_rows_changed_since`]).
        if let Ok(doc) = row_to_document_cut(row, max_body_bytes).map_err(StoreError::from)? {
            f(doc)?;
        }
    }
    Ok(())
}

/// Mean size in bytes of the title and body of the `sample` documents
/// written last (0 for an empty store), each body counted up to
/// `max_body_bytes`: what an indexer holds per queued document. Reads only
/// `sample` rows (through the `seq` index).
pub fn recent_text_bytes(
    conn: &Connection,
    sample: u32,
    max_body_bytes: usize,
) -> Result<(f64, f64)> {
    let mut stmt = conn.prepare(
        "SELECT length(CAST(title AS BLOB)), body FROM documents ORDER BY seq DESC LIMIT ?1",
    )?;
    let mut rows = stmt.query([sample])?;
    let (mut n, mut title_bytes, mut body_bytes) = (0usize, 0usize, 0usize);
    while let Some(row) = rows.next()? {
        n += 1;
        title_bytes += row.get::<_, i64>(0)? as usize;
        // A compressed body's frame states its text's length.
        body_bytes += match row.get_ref(1)? {
            ValueRef::Blob(stored) => body::decompressed_size(stored).unwrap_or(stored.len()),
            other => other.as_bytes().map_or(0, <[u8]>::len),
        }
        .min(max_body_bytes);
    }
    let mean = |total: usize| if n == 0 { 0.0 } else { total as f64 / n as f64 };
    Ok((mean(title_bytes), mean(body_bytes)))
}

/// Ids removed after `seq`.
pub fn tombstones_since(conn: &Connection, seq: i64) -> Result<Vec<DocId>> {
    Ok(conn
        .prepare("SELECT id FROM tombstones WHERE seq > ?1 ORDER BY seq")?
        .query_map([seq], |r| Ok(DocId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Counts of documents by source, language and publication year.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Stats {
    pub documents: i64,
    pub by_source: BTreeMap<String, i64>,
    pub by_lang: BTreeMap<String, i64>,
    /// Publication year, or `"unknown"`.
    pub by_year: BTreeMap<String, i64>,
    pub links: BTreeMap<String, i64>,
}

pub fn stats(conn: &Connection) -> Result<Stats> {
    let group = |sql: &str| -> Result<BTreeMap<String, i64>> {
        Ok(conn
            .prepare(sql)?
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    };
    Ok(Stats {
        documents: conn.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))?,
        by_source: group(
            "SELECT CASE source WHEN '' THEN 'unknown' ELSE source END, COUNT(*) FROM documents GROUP BY 1",
        )?,
        by_lang: group("SELECT lang, COUNT(*) FROM documents GROUP BY 1")?,
        by_year: group(
            "SELECT COALESCE(substr(published, 1, 4), 'unknown'), COUNT(*) FROM documents GROUP BY 1",
        )?,
        links: group("SELECT kind, COUNT(*) FROM links GROUP BY 1")?,
    })
}
