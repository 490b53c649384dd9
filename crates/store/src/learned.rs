//! The lexicon learned from the corpus's own translation pairs.
//!
//! `pressroom parallel` re-learns it from every stored translation link and
//! replaces it here as a whole; the query translator loads it when an index
//! is opened. It lives in the store rather than beside the index because it
//! is derived from links, which only the store holds, and a rebuilt index
//! must not forget it.

use crate::Result;
use rusqlite::{Connection, params};

/// A learned word pair: English word, Russian word, weight in (0, 1].
pub type LearnedTerm = (String, String, f32);

/// Replace the learned lexicon with `terms` in one transaction.
pub fn replace_learned_terms(conn: &mut Connection, terms: &[LearnedTerm]) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM learned_terms", [])?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO learned_terms(en, ru, weight) VALUES (?1, ?2, ?3)
             ON CONFLICT(en, ru) DO UPDATE SET weight = max(weight, excluded.weight)",
        )?;
        for (en, ru, weight) in terms {
            insert.execute(params![en, ru, weight])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The learned lexicon, best first.
pub fn learned_terms(conn: &Connection) -> Result<Vec<LearnedTerm>> {
    Ok(conn
        .prepare("SELECT en, ru, weight FROM learned_terms ORDER BY weight DESC, en, ru")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn replacing_keeps_only_the_latest_lexicon() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.sqlite")).unwrap();
        let first = vec![("police".to_string(), "полиция".to_string(), 0.9)];
        replace_learned_terms(store.conn_mut(), &first).unwrap();
        let second = vec![
            ("court".to_string(), "суд".to_string(), 0.5),
            ("verdict".to_string(), "приговор".to_string(), 0.7),
        ];
        replace_learned_terms(store.conn_mut(), &second).unwrap();
        let got = learned_terms(store.conn()).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "verdict", "best first");
        assert!(got.iter().all(|t| t.0 != "police"));
    }
}
