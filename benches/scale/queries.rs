//! The fixed query set (`scripts/bench/queries.tsv`) shared by every engine.

use chrono::NaiveDate;
use pressroom_model::Lang;
use pressroom_search::SearchRequest;
use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub struct BenchQuery {
    /// word, phrase, multi, filtered or cross.
    pub kind: String,
    pub text: String,
    pub lang: Option<Lang>,
    pub source: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub cross: bool,
}

impl BenchQuery {
    /// A stable label for matching one query's results across engines.
    pub fn label(&self) -> String {
        let mut label = format!("{}: {}", self.kind, self.text);
        if let Some(lang) = self.lang {
            label.push_str(&format!(" lang={lang}"));
        }
        if let Some(source) = &self.source {
            label.push_str(&format!(" source={source}"));
        }
        if let Some(d) = self.since {
            label.push_str(&format!(" since={d}"));
        }
        if let Some(d) = self.until {
            label.push_str(&format!(" until={d}"));
        }
        label
    }

    pub fn request(&self, limit: usize, totals: Totals) -> SearchRequest {
        SearchRequest {
            query: Some(self.text.clone()),
            lang: self.lang,
            source: self.source.clone(),
            since: self.since,
            until: self.until,
            limit,
            cross_language: self.cross,
            exact_total: totals == Totals::Exact,
        }
    }
}

fn opt(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Parse the TSV query file (`#` lines are comments).
pub fn parse(text: &str) -> anyhow::Result<Vec<BenchQuery>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let ctx = || format!("queries line {}", n + 1);
        let (Some(kind), Some(text)) = (opt(cols.first().copied()), opt(cols.get(1).copied()))
        else {
            anyhow::bail!("{}: expected kind and query", ctx());
        };
        let date = |i: usize| -> anyhow::Result<Option<NaiveDate>> {
            opt(cols.get(i).copied())
                .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
                .transpose()
                .map_err(|e| anyhow::anyhow!("{}: date: {e}", ctx()))
        };
        out.push(BenchQuery {
            kind: kind.to_string(),
            text: text.to_string(),
            lang: opt(cols.get(2).copied())
                .map(str::parse)
                .transpose()
                .map_err(|e| anyhow::anyhow!("{}: {e}", ctx()))?,
            source: opt(cols.get(3).copied()).map(str::to_string),
            since: date(4)?,
            until: date(5)?,
            cross: opt(cols.get(6).copied()) == Some("1"),
        });
    }
    Ok(out)
}

pub fn load(path: &Path) -> anyhow::Result<Vec<BenchQuery>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_filters_and_skips_comments() {
        let q = parse(
            "# c\nfiltered\tcourt\ten\tbureau.kz\t2010-01-01\t\t0\ncross\t\"a b\"\t\t\t\t\t1\n",
        )
        .expect("parses");
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].lang, Some(Lang::En));
        assert_eq!(q[0].source.as_deref(), Some("bureau.kz"));
        assert_eq!(q[0].since, NaiveDate::from_ymd_opt(2010, 1, 1));
        assert_eq!(q[0].until, None);
        assert!(!q[0].cross && q[1].cross);
        assert_eq!(q[1].text, "\"a b\"");
    }

    #[test]
    fn the_shipped_query_set_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/bench/queries.tsv");
        let q = load(&path).expect("loads");
        for kind in ["word", "phrase", "multi", "filtered", "cross"] {
            assert!(q.iter().any(|q| q.kind == kind), "no {kind} query");
        }
    }
}

/// How every engine counts the matches of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Totals {
    /// Every match (Lucene `totalHitsThreshold = MAX_VALUE`, Xapian
    /// `checkatleast = all`, tantivy `Count`).
    Exact,
    /// Up to 10,000, then "at least 10,000" (pressroom's default, Lucene's
    /// threshold, Elasticsearch's `track_total_hits` default): engines may
    /// skip matches that cannot reach the top 10.
    #[value(name = "topk")]
    TopK,
}

impl Totals {
    pub fn describe(self) -> &'static str {
        match self {
            Totals::Exact => "exact totals",
            Totals::TopK => "totals counted up to 10,000",
        }
    }
}
