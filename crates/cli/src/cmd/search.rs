use crate::context::Context;
use crate::output::stdout_is_terminal;
use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};
use pressroom_model::Lang;
use pressroom_search::{SearchIndex, SearchRequest, SearchResults};
use std::time::Instant;

/// Filters shared by `search` and `export`.
#[derive(clap::Args, Clone)]
pub struct FilterArgs {
    /// Only documents in this language (en or ru).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Only documents from this source (name or id from corpus/sources.toml).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Only documents published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<NaiveDate>,
    /// Only documents published on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    pub until: Option<NaiveDate>,
    /// Match only the query as typed: no translation into the other language.
    #[arg(long)]
    pub literal: bool,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s.parse::<Lang>() {
        Ok(lang @ (Lang::En | Lang::Ru)) => Ok(lang),
        _ => Err(format!("{s:?}: expected en or ru")),
    }
}

/// A date, or the first (`end = false`) or last day of a year or month.
fn parse_date_bound(s: &str, end: bool) -> Result<NaiveDate, String> {
    let err = || format!("{s:?}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD");
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str| p.parse::<u32>().map_err(|_| err());
    match parts.as_slice() {
        [y] => {
            let y = num(y)? as i32;
            let (m, d) = if end { (12, 31) } else { (1, 1) };
            NaiveDate::from_ymd_opt(y, m, d).ok_or_else(err)
        }
        [y, m] => {
            let first = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, 1).ok_or_else(err)?;
            if !end {
                return Ok(first);
            }
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
            };
            next.and_then(|n| n.pred_opt()).ok_or_else(err)
        }
        [_, _, _] => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| err()),
        _ => Err(err()),
    }
}

fn parse_since(s: &str) -> Result<NaiveDate, String> {
    parse_date_bound(s, false)
}

fn parse_until(s: &str) -> Result<NaiveDate, String> {
    parse_date_bound(s, true)
}

impl FilterArgs {
    /// The request these filters describe, with the source resolved through
    /// the sources config (so `--source hrw` finds "Human Rights Watch").
    /// A source that no indexed document has is refused, with the sources
    /// there are.
    pub fn request(
        &self,
        ctx: &Context,
        index: &SearchIndex,
        query: Option<String>,
        limit: usize,
    ) -> Result<SearchRequest> {
        let source = match &self.source {
            Some(s) => {
                let name = ctx
                    .sources()?
                    .by_name(s)
                    .map_or_else(|| s.clone(), |c| c.name.clone());
                if !index.has_source(&name)? {
                    let store = ctx.open_store_read_only()?;
                    let known = pressroom_store::stats(store.conn())?.by_source;
                    let known: Vec<&str> = known.keys().map(String::as_str).collect();
                    bail!(
                        "no document is from the source {s:?}; the sources are: {}",
                        if known.is_empty() {
                            "(none)".to_string()
                        } else {
                            known.join(", ")
                        }
                    );
                }
                Some(name)
            }
            None => None,
        };
        Ok(SearchRequest {
            query,
            lang: self.lang,
            source,
            since: self.since,
            until: self.until,
            limit,
            cross_language: !self.literal,
            exact_total: false,
        })
    }
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words (all must match), "exact phrases", -excluded terms, and OR.
    #[arg(value_name = "QUERY")]
    query: String,
    #[command(flatten)]
    filters: FilterArgs,
    /// How many results to show.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    limit: u64,
    /// Print one JSON object with the results.
    #[arg(long)]
    json: bool,
    /// Show which translations each query term used.
    #[arg(long)]
    explain: bool,
    /// Count every match. By default counting stops past 10,000 and the
    /// total reads "10,000+", which keeps large result sets fast.
    #[arg(long)]
    exact_total: bool,
}

pub fn run(args: &SearchArgs, ctx: &Context) -> Result<()> {
    if args.query.trim().is_empty() {
        bail!("empty query");
    }
    let index = ctx.ready_index()?;
    let req = SearchRequest {
        exact_total: args.exact_total,
        ..args
            .filters
            .request(ctx, &index, Some(args.query.clone()), args.limit as usize)?
    };
    let store = ctx.open_store_read_only()?;
    let started = Instant::now();
    let results = index.search(&req, store.conn())?;
    let took_ms = started.elapsed().as_secs_f64() * 1000.0;
    let linked = results
        .hits
        .iter()
        .map(|h| pressroom_store::linked_documents(store.conn(), &h.id))
        .collect::<Result<Vec<_>, _>>()?;
    if args.json {
        crate::outln!(
            "{}",
            serde_json::to_string_pretty(&pressroom_search::json::search_json(
                &args.query,
                &results,
                &linked,
                took_ms
            ))?
        )?;
    } else {
        print_human(&results, &linked, args.explain)?;
        eprintln!(
            "{}{} result{} ({took_ms:.1} ms)",
            thousands(results.total),
            if results.total_exact { "" } else { "+" },
            if results.total == 1 && results.total_exact {
                ""
            } else {
                "s"
            }
        );
    }
    Ok(())
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn print_human(
    results: &SearchResults,
    linked: &[Vec<pressroom_store::LinkedDocument>],
    explain: bool,
) -> std::io::Result<()> {
    let color = stdout_is_terminal();
    let (bold, hl, dim, reset) = if color {
        ("\x1b[1m", "\x1b[1;33m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    if explain {
        if results.explanations.is_empty() {
            crate::outln!("{dim}(no translations used){reset}")?;
        }
        for e in &results.explanations {
            let list: Vec<String> = e
                .translations
                .iter()
                .map(|t| format!("{} [{} {}, {:.2}]", t.text, t.lang, t.via, t.weight))
                .collect();
            crate::outln!("{dim}{} → {}{reset}", e.term, list.join(", "))?;
        }
        crate::outln!()?;
    }
    for (rank, (hit, linked)) in results.hits.iter().zip(linked).enumerate() {
        let date = hit.published.map_or_else(
            || "undated".to_string(),
            |d| d.format("%Y-%m-%d").to_string(),
        );
        let source = if hit.source.is_empty() {
            "unknown source"
        } else {
            &hit.source
        };
        crate::outln!("{:>2}. {bold}{}{reset}", rank + 1, hit.title)?;
        crate::outln!(
            "    {dim}{source} · {date} · {} · {} · id {}{reset}",
            hit.lang,
            hit.origin,
            hit.id
        )?;
        let snippet = if color {
            hit.snippet.marked(hl, reset)
        } else {
            hit.snippet.marked("[", "]")
        };
        if !snippet.is_empty() {
            crate::outln!("    {snippet}")?;
        }
        for l in linked {
            crate::outln!("    {dim}↔ {} ({}): {}{reset}", l.kind, l.lang, l.id)?;
        }
        crate::outln!()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_cover_whole_years_and_months() {
        assert_eq!(
            parse_since("2019").unwrap(),
            NaiveDate::from_ymd_opt(2019, 1, 1).unwrap()
        );
        assert_eq!(
            parse_until("2019").unwrap(),
            NaiveDate::from_ymd_opt(2019, 12, 31).unwrap()
        );
        assert_eq!(
            parse_until("2024-02").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            parse_since("2022-06-21").unwrap(),
            NaiveDate::from_ymd_opt(2022, 6, 21).unwrap()
        );
        assert!(parse_since("June 2022").is_err());
        assert!(parse_since("2022-13").is_err());
    }
}
