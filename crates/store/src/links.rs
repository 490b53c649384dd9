use crate::Result;
use chrono::Utc;
use pressroom_model::{DocId, Evidence, Link, LinkKind};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Insert or replace a link. The pair is unordered: (a, b) and (b, a) are
/// the same row.
pub fn upsert_link(conn: &Connection, link: &Link) -> Result<()> {
    let (a, b) = if link.a <= link.b {
        (&link.a, &link.b)
    } else {
        (&link.b, &link.a)
    };
    let evidence = serde_json::to_string(&link.evidence).expect("evidence serialises");
    conn.execute(
        "INSERT INTO links(a, b, kind, score, evidence, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(a, b, kind) DO UPDATE SET score = excluded.score,
             evidence = excluded.evidence, updated_at = excluded.updated_at",
        params![
            a.as_str(),
            b.as_str(),
            link.kind.as_str(),
            link.score,
            evidence,
            Utc::now().to_rfc3339()
        ],
    )?;
    Ok(())
}

fn row_to_link(row: &Row<'_>) -> rusqlite::Result<Link> {
    let kind: String = row.get(2)?;
    let evidence: String = row.get(4)?;
    Ok(Link {
        a: DocId(row.get(0)?),
        b: DocId(row.get(1)?),
        // Unknown kinds can only come from a newer pressroom; read them as reports.
        kind: LinkKind::parse(&kind).unwrap_or(LinkKind::Report),
        score: row.get(3)?,
        evidence: serde_json::from_str::<Vec<Evidence>>(&evidence).unwrap_or_default(),
    })
}

/// Links that involve `id`, best first.
pub fn links_for(conn: &Connection, id: &DocId) -> Result<Vec<Link>> {
    Ok(conn
        .prepare_cached(
            "SELECT a, b, kind, score, evidence FROM links WHERE a = ?1 OR b = ?1 ORDER BY score DESC",
        )?
        .query_map([id.as_str()], row_to_link)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every link of `kind` (or of any kind), best first.
pub fn all_links(conn: &Connection, kind: Option<LinkKind>) -> Result<Vec<Link>> {
    Ok(conn
        .prepare(
            "SELECT a, b, kind, score, evidence FROM links WHERE ?1 IS NULL OR kind = ?1
             ORDER BY score DESC, a, b",
        )?
        .query_map([kind.map(LinkKind::as_str)], row_to_link)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A document linked to another (its translation, or a report of it), as
/// search answers list it. Serialises as `{"id", "lang", "kind"}`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkedDocument {
    pub id: String,
    pub lang: String,
    pub kind: &'static str,
    #[serde(skip)]
    pub title: String,
}

/// The documents linked to `id`, best link first.
pub fn linked_documents(conn: &Connection, id: &DocId) -> Result<Vec<LinkedDocument>> {
    let mut out = Vec::new();
    for link in links_for(conn, id)? {
        let other = if &link.a == id { link.b } else { link.a };
        // The language and title only: not the body a whole document holds.
        let found = conn
            .prepare_cached("SELECT lang, title FROM documents WHERE id = ?1")?
            .query_row([other.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((lang, title)) = found {
            out.push(LinkedDocument {
                id: other.0,
                lang,
                kind: link.kind.as_str(),
                title,
            });
        }
    }
    Ok(out)
}
