//! The search parameters every search page, API call and export takes, read
//! from the query string and bounded: what a client sends is checked here
//! and refused with a 400 that names the parameter.

use crate::error::ApiError;
use chrono::{Datelike, NaiveDate};
use pressroom_model::Lang;
use pressroom_model::sources::SourcesConfig;
use pressroom_search::{SearchRequest, SortOrder};
use serde::Deserialize;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most hits on one page.
pub const MAX_LIMIT: usize = 100;
/// Deepest hit a page may reach (`offset + limit`): paging further means
/// ranking that many matches; an export gives them all.
pub const MAX_DEPTH: usize = 1_000;
/// Results on a page when the request does not say.
pub const DEFAULT_LIMIT: usize = 10;

/// The raw parameters, all text, so a malformed value gets our message.
#[derive(Debug, Default, Deserialize)]
pub struct RawSearchParams {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
    #[serde(default)]
    pub offset: Option<String>,
    #[serde(default)]
    pub sort: Option<String>,
    #[serde(default)]
    pub literal: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
}

/// Checked search parameters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchParams {
    /// The query as typed, trimmed; `None` when empty (every document).
    pub q: Option<String>,
    pub lang: Option<Lang>,
    /// The source as given (resolved through the sources config when the
    /// request is made).
    pub source: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub limit: usize,
    pub offset: usize,
    pub sort: SortOrder,
    /// No translation into the other language.
    pub literal: bool,
}

fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn bad(name: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest(format!("parameter {name}: {message}"))
}

fn number(
    name: &str,
    value: &Option<String>,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    let Some(text) = blank(value) else {
        return Ok(default);
    };
    let n: usize = text
        .parse()
        .map_err(|_| bad(name, format!("{text:?} is not a whole number")))?;
    if n > max {
        return Err(bad(name, format!("{n} is more than {max}")));
    }
    Ok(n)
}

impl RawSearchParams {
    /// Parse a query string (`a=1&b=2`); a malformed one is a 400.
    pub fn from_query(query: Option<&str>) -> Result<RawSearchParams, ApiError> {
        serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|e| ApiError::BadRequest(format!("malformed query string: {e}")))
    }

    pub fn check(&self) -> Result<SearchParams, ApiError> {
        let q = blank(&self.q).map(str::to_string);
        if let Some(q) = &q
            && q.chars().count() > MAX_QUERY_CHARS
        {
            return Err(bad(
                "q",
                format!("longer than {MAX_QUERY_CHARS} characters"),
            ));
        }
        let lang = match blank(&self.lang) {
            None => None,
            Some(code) => match code.parse::<Lang>() {
                Ok(lang @ (Lang::En | Lang::Ru)) => Some(lang),
                _ => return Err(bad("lang", format!("{code:?}: expected en or ru"))),
            },
        };
        let source = blank(&self.source).map(str::to_string);
        if source.as_ref().is_some_and(|s| s.chars().count() > 200) {
            return Err(bad("source", "longer than 200 characters"));
        }
        let since = blank(&self.since)
            .map(|s| date_bound(s, false).map_err(|e| bad("since", e)))
            .transpose()?;
        let until = blank(&self.until)
            .map(|s| date_bound(s, true).map_err(|e| bad("until", e)))
            .transpose()?;
        let limit = number("limit", &self.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
        if limit == 0 {
            return Err(bad("limit", "must be at least 1"));
        }
        let offset = number("offset", &self.offset, 0, MAX_DEPTH)?;
        if offset + limit > MAX_DEPTH {
            return Err(bad(
                "offset",
                format!(
                    "offset + limit may reach hit {MAX_DEPTH} at most; export gives every match"
                ),
            ));
        }
        let sort = match blank(&self.sort) {
            None | Some("relevance") => SortOrder::Relevance,
            Some("newest") => SortOrder::Newest,
            Some("oldest") => SortOrder::Oldest,
            Some(other) => {
                return Err(bad(
                    "sort",
                    format!("{other:?}: expected relevance, newest or oldest"),
                ));
            }
        };
        let literal = match blank(&self.literal) {
            None | Some("0") | Some("false") => false,
            Some("1") | Some("true") => true,
            Some(other) => {
                return Err(bad("literal", format!("{other:?}: expected true or false")));
            }
        };
        Ok(SearchParams {
            q,
            lang,
            source,
            since,
            until,
            limit,
            offset,
            sort,
            literal,
        })
    }
}

impl SearchParams {
    /// The library request, the source resolved through the sources config
    /// as the CLI resolves it.
    pub fn request(&self, sources: &SourcesConfig, limit: usize) -> SearchRequest {
        SearchRequest {
            query: self.q.clone(),
            lang: self.lang,
            source: self.source.as_ref().map(|s| {
                sources
                    .by_name(s)
                    .map_or_else(|| s.clone(), |c| c.name.clone())
            }),
            since: self.since,
            until: self.until,
            limit,
            cross_language: !self.literal,
            exact_total: false,
        }
    }

    /// These parameters as a query string, with `change` applied: links
    /// that keep every other part of the page's state.
    pub fn to_query(&self, change: &[(&str, Option<String>)]) -> String {
        let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let sort = match self.sort {
            SortOrder::Relevance => None,
            SortOrder::Newest => Some("newest".to_string()),
            SortOrder::Oldest => Some("oldest".to_string()),
        };
        let mut pairs: Vec<(&str, Option<String>)> = vec![
            ("q", self.q.clone()),
            ("lang", self.lang.map(|l| l.code().to_string())),
            ("source", self.source.clone()),
            ("since", date(self.since)),
            ("until", date(self.until)),
            ("sort", sort),
            ("literal", self.literal.then(|| "true".to_string())),
            ("offset", (self.offset > 0).then(|| self.offset.to_string())),
            (
                "limit",
                (self.limit != DEFAULT_LIMIT).then(|| self.limit.to_string()),
            ),
        ];
        for (name, value) in change {
            match pairs.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = value.clone(),
                None => pairs.push((name, value.clone())),
            }
        }
        let present: Vec<(&str, String)> = pairs
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| (n, v)))
            .collect();
        serde_urlencoded::to_string(present).unwrap_or_default()
    }
}

/// A date, or the first (`end = false`) or last day of a year or month, as
/// the CLI's `--since` and `--until` read them.
pub fn date_bound(s: &str, end: bool) -> Result<NaiveDate, String> {
    let err = || format!("{s:?}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD");
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str| p.parse::<u32>().map_err(|_| err());
    match parts.as_slice() {
        [y] => {
            let y = i32::try_from(num(y)?).map_err(|_| err())?;
            let (m, d) = if end { (12, 31) } else { (1, 1) };
            NaiveDate::from_ymd_opt(y, m, d).ok_or_else(err)
        }
        [y, m] => {
            let y = i32::try_from(num(y)?).map_err(|_| err())?;
            let first = NaiveDate::from_ymd_opt(y, num(m)?, 1).ok_or_else(err)?;
            if !end {
                return Ok(first);
            }
            month_end(first).ok_or_else(err)
        }
        [_, _, _] => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| err()),
        _ => Err(err()),
    }
}

/// The last day of `date`'s month.
pub fn month_end(date: NaiveDate) -> Option<NaiveDate> {
    let next = if date.month() == 12 {
        NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(date.year(), date.month() + 1, 1)
    };
    next.and_then(|n| n.pred_opt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(query: &str) -> Result<SearchParams, ApiError> {
        RawSearchParams::from_query(Some(query))?.check()
    }

    #[test]
    fn bounds_are_enforced_with_the_parameter_named() {
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        for (query, name) in [
            (long.as_str(), "q"),
            ("limit=101", "limit"),
            ("limit=0", "limit"),
            ("limit=-1", "limit"),
            ("offset=995", "offset"),
            ("lang=de", "lang"),
            ("since=June", "since"),
            ("until=2024-13", "until"),
            ("sort=random", "sort"),
            ("limit=99999999999999999999999", "limit"),
        ] {
            let err = raw(query).unwrap_err();
            assert!(
                matches!(&err, ApiError::BadRequest(m) if m.contains(name)),
                "{query}: {err}"
            );
        }
    }

    #[test]
    fn dates_and_state_round_trip_through_the_query_string() {
        let params =
            raw("q=torture+%22Tokayev%22&lang=ru&since=2019&until=2024-02&sort=newest&offset=10")
                .unwrap();
        assert_eq!(params.since, NaiveDate::from_ymd_opt(2019, 1, 1));
        assert_eq!(params.until, NaiveDate::from_ymd_opt(2024, 2, 29));
        let again = raw(&params.to_query(&[])).unwrap();
        assert_eq!(again, params);
        let first_page = raw(&params.to_query(&[("offset", None)])).unwrap();
        assert_eq!(first_page.offset, 0);
    }
}
