//! Finding parallel documents in the store: translations and reports.
//!
//! Candidate generation never compares all pairs. Each document asks the
//! search index for its few best matches (a disjunction of its salient words,
//! names and figures, translated into the other language by the index's
//! translator, within a date window around its publication date), and the
//! metadata the parser stored proposes the rest: pages split into two
//! languages, `hreflang`/language-switcher alternates, a stated original URL,
//! and URLs that differ only by a language segment. The work is one query
//! per document, so the cost grows with the corpus size times the (slowly
//! growing) cost of one query.
//!
//! Each candidate is then scored from independent signals, each with its
//! own strength in `[0, 1)`, combined as a noisy-OR: `1 − Π(1 − sᵢ)`. That
//! keeps every signal's contribution readable in the evidence and lets one
//! strong signal (a declared alternate) decide alone while weak ones
//! (close dates, a similar URL) only add up.
//!
//! The kind of an English/Russian pair is a translation when a page declares
//! it, else it is read from the texts ([`crate::kind`]); a same-language
//! pair of two publishers is a report.

use crate::AlignError;
use crate::anchors::AnchorScorer;
use crate::docsim::{AnchorStats, DocProfile, same_language_similarity, similarity};
use crate::eval::or_query;
use crate::kind::{coverage, declared_kind_evidence, kind_from_coverage};
use chrono::{Days, NaiveDate};
use pressroom_analysis::key::index_key;
use pressroom_analysis::tokens::words;
use pressroom_model::{DocId, Document, Evidence, Lang, Link, LinkKind};
use pressroom_search::{SearchIndex, SearchRequest};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// What [`find_pairs`] looks for.
#[derive(Debug, Clone)]
pub struct PairOptions {
    /// Links scoring below this are not returned.
    pub min_score: f32,
    /// Candidates from the index are searched within this many days of a
    /// document's publication date (both ways).
    pub date_window_days: u64,
    /// Index hits examined per document.
    pub candidates_per_doc: usize,
}

impl Default for PairOptions {
    fn default() -> Self {
        PairOptions {
            min_score: 0.3,
            date_window_days: 30,
            candidates_per_doc: 8,
        }
    }
}

/// Signal strengths (see the module docs).
const S_SAME_PAGE: f32 = 0.95;
const S_ALTERNATE: f32 = 0.9;
const S_ORIGINAL_URL: f32 = 0.9;
const S_URL_SAME_PATH: f32 = 0.6;
const S_URL_SAME_DATE_PATH: f32 = 0.3;
const S_SAME_DAY: f32 = 0.2;
const S_CLOSE_DATE: f32 = 0.1;
/// Words of a document's candidate query.
const SALIENT_WORDS: usize = 24;

/// The parts of a document pairing needs, without its body.
struct Entry {
    id: DocId,
    lang: Lang,
    source: String,
    published: Option<NaiveDate>,
    urls: Vec<String>,
    alternates: Vec<String>,
    original_url: Option<String>,
    profile: DocProfile,
    query: Option<String>,
}

/// A URL reduced for comparison: no scheme, no `www.`, no trailing slash,
/// no query or fragment, lower case.
fn url_key(url: &str) -> String {
    let s = url.trim().to_lowercase();
    let s = s.split(['#', '?']).next().unwrap_or("");
    let s = s
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    s.trim_end_matches('/').to_string()
}

/// Host and path with a leading language segment (`/ru/`, `/en/`) removed.
fn language_free_path(key: &str) -> Option<(String, String)> {
    let (host, path) = key.split_once('/')?;
    let mut segs: Vec<&str> = path.split('/').collect();
    if segs
        .first()
        .is_some_and(|s| matches!(*s, "ru" | "en" | "rus" | "eng" | "kk" | "kz"))
    {
        segs.remove(0);
    }
    Some((host.to_string(), segs.join("/")))
}

/// The `YYYY/MM/DD` part of a path, as HRW writes it in both languages
/// (`/news/2022/01/10/slug`, `/ru/news/2022/01/10/381234`).
fn date_path(path: &str) -> Option<String> {
    let segs: Vec<&str> = path.split('/').collect();
    segs.windows(3).find_map(|w| {
        let ok = w[0].len() == 4
            && w[1].len() <= 2
            && w[2].len() <= 2
            && w.iter()
                .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
        ok.then(|| w.join("/"))
    })
}

/// Salient words of a text as an OR query: figures, capitalised words and
/// the most frequent content words, in that order of preference.
fn salient_query(doc: &Document) -> Option<String> {
    let text = format!("{}\n\n{}", doc.title, doc.body);
    let mut counts: HashMap<String, (usize, String, bool)> = HashMap::new();
    for w in words(&text) {
        let is_number = w.text.bytes().all(|b| b.is_ascii_digit());
        if is_number && w.text.len() < 3 {
            continue;
        }
        let Some(key) = index_key(&w.text, doc.lang) else {
            continue;
        };
        if key.chars().count() < 3 {
            continue;
        }
        let special = is_number || w.text.chars().next().is_some_and(char::is_uppercase);
        let e = counts.entry(key).or_insert((0, w.text.clone(), special));
        e.0 += 1;
    }
    let mut ranked: Vec<(usize, String, bool)> = counts.into_values().collect();
    ranked.sort_by(|a, b| (b.2, b.0).cmp(&(a.2, a.0)).then_with(|| a.1.cmp(&b.1)));
    let picked: Vec<String> = ranked
        .into_iter()
        .take(SALIENT_WORDS)
        .map(|(_, w, _)| w)
        .collect();
    or_query(&picked.join(" "), SALIENT_WORDS)
}

fn entry(scorer: &AnchorScorer, doc: &Document) -> Entry {
    let mut urls = vec![url_key(&doc.origin)];
    if let Some(u) = &doc.meta.url {
        urls.push(url_key(u));
    }
    Entry {
        id: doc.id.clone(),
        lang: doc.lang,
        source: doc.source.clone(),
        published: doc.published,
        urls,
        alternates: doc
            .meta
            .alternates
            .iter()
            .map(|(_, u)| url_key(u))
            .collect(),
        original_url: doc.meta.original_url.as_deref().map(url_key),
        profile: DocProfile::new(scorer, &format!("{}\n\n{}", doc.title, doc.body), doc.lang),
        query: salient_query(doc),
    }
}

fn ev(signal: &str, weight: f32, detail: String) -> Evidence {
    Evidence {
        signal: signal.into(),
        weight,
        detail,
    }
}

/// Metadata signals between two entries.
fn metadata_evidence(a: &Entry, b: &Entry, same_page: bool) -> Vec<Evidence> {
    let mut out = Vec::new();
    if same_page {
        out.push(ev(
            "same_page_split",
            S_SAME_PAGE,
            "both languages were cut from one page".into(),
        ));
    }
    let declares = |x: &Entry, y: &Entry| x.alternates.iter().any(|u| y.urls.contains(u));
    if declares(a, b) || declares(b, a) {
        out.push(ev(
            "hreflang",
            S_ALTERNATE,
            "one page names the other as its language version".into(),
        ));
    }
    let original =
        |x: &Entry, y: &Entry| x.original_url.as_ref().is_some_and(|u| y.urls.contains(u));
    if original(a, b) || original(b, a) {
        out.push(ev(
            "original_url",
            S_ORIGINAL_URL,
            "one document names the other's URL as its original".into(),
        ));
    }
    let paths = |x: &Entry| {
        x.urls
            .iter()
            .filter_map(|u| language_free_path(u))
            .collect::<Vec<_>>()
    };
    let (pa, pb) = (paths(a), paths(b));
    if let Some((host, path)) = pa.iter().find(|p| pb.contains(p) && !p.1.is_empty()) {
        if !a.urls.iter().any(|u| b.urls.contains(u)) {
            out.push(ev(
                "url_pattern",
                S_URL_SAME_PATH,
                format!("same path {host}/{path} apart from the language segment"),
            ));
        }
    } else if let Some(d) = pa.iter().find_map(|(h, p)| {
        let d = date_path(p)?;
        pb.iter()
            .any(|(h2, p2)| h2 == h && date_path(p2).as_ref() == Some(&d))
            .then_some(d)
    }) {
        out.push(ev(
            "url_pattern",
            S_URL_SAME_DATE_PATH,
            format!("same host and date path {d}"),
        ));
    }
    if let (Some(x), Some(y)) = (a.published, b.published) {
        let days = (x - y).num_days().abs();
        if days == 0 {
            out.push(ev(
                "publication_date",
                S_SAME_DAY,
                format!("both published {x}"),
            ));
        } else if days <= 3 {
            out.push(ev(
                "publication_date",
                S_CLOSE_DATE,
                format!("published {days} days apart ({x}, {y})"),
            ));
        }
    }
    out
}

/// Combine evidence strengths as a noisy-OR; negative weights (a length
/// mismatch) scale the result down.
fn combine(evidence: &[Evidence]) -> f32 {
    let mut miss = 1.0f32;
    let mut damp = 1.0f32;
    for e in evidence {
        if e.weight >= 0.0 {
            miss *= 1.0 - e.weight.clamp(0.0, 0.99);
        } else {
            damp *= (1.0 + e.weight).clamp(0.0, 1.0);
        }
    }
    ((1.0 - miss) * damp).clamp(0.0, 1.0)
}

/// Score one candidate pair; `None` when it is not a plausible pair at all.
fn score_pair(
    scorer: &AnchorScorer,
    stats: &AnchorStats,
    a: &Entry,
    b: &Entry,
    same_page: bool,
) -> Option<Scored> {
    let mut evidence = metadata_evidence(a, b, same_page);
    let declared = evidence.iter().any(|e| e.weight >= S_ALTERNATE);
    let mut kind;
    let mut kind_from_text = false;
    if a.lang != b.lang
        && matches!(
            (a.lang, b.lang),
            (Lang::En, Lang::Ru) | (Lang::Ru, Lang::En)
        )
    {
        let (en, ru) = if a.lang == Lang::En { (a, b) } else { (b, a) };
        let (_, mut content_ev) = similarity(scorer, stats, &en.profile, &ru.profile);
        // A declared pair is a translation and stands on its own; its length
        // is no evidence against it. Otherwise the kind is read from the
        // texts ([`kind`]), once the pair is known to be worth it.
        kind = LinkKind::Translation;
        if declared {
            content_ev.retain(|e| e.weight >= 0.0);
            let signal = evidence
                .iter()
                .find(|e| e.weight >= S_ALTERNATE)
                .map_or_else(String::new, |e| e.signal.clone());
            evidence.push(declared_kind_evidence(&signal));
        } else if let Some((x, y)) = [(a, b), (b, a)]
            .into_iter()
            .find(|(x, y)| x.original_url.as_ref().is_some_and(|u| !y.urls.contains(u)))
        {
            // A text that names its own original elsewhere renders that
            // original; to this one it is at most a report.
            kind = LinkKind::Report;
            evidence.push(ev(
                "original_elsewhere",
                0.0,
                format!(
                    "{} names its original ({}), not {}: a report",
                    x.id,
                    x.original_url.as_deref().unwrap_or_default(),
                    y.id
                ),
            ));
        } else {
            kind_from_text = true;
        }
        evidence.extend(content_ev);
    } else if a.lang == b.lang && !a.source.eq_ignore_ascii_case(&b.source) {
        // Same language: only a partner's report or reprint of a release.
        let (content, detail) = same_language_similarity(stats, &a.profile, &b.profile);
        if content > 0.0 {
            evidence.push(ev("shared_content", content, detail));
        }
        kind = LinkKind::Report;
    } else {
        return None;
    }
    let score = combine(&evidence);
    Some(Scored {
        link: Link {
            a: a.id.clone(),
            b: b.id.clone(),
            kind,
            score,
            evidence,
        },
        kind_from_text,
    })
}

/// A scored candidate; `kind_from_text`: an English/Russian pair that no
/// page declares, whose kind [`settle_kind`] reads from the two texts.
struct Scored {
    link: Link,
    kind_from_text: bool,
}

/// Decide a cross-language pair's kind from its texts (see [`crate::kind`]).
/// A translation's length is no evidence against it (an adaptation is
/// shorter than its original), so its length damping is dropped; a
/// report's stays. `None` when a document has gone from the store.
fn settle_kind(
    conn: &Connection,
    scorer: &AnchorScorer,
    mut link: Link,
) -> Result<Option<Link>, AlignError> {
    let (Some(a), Some(b)) = (
        pressroom_store::get_document(conn, &link.a)?,
        pressroom_store::get_document(conn, &link.b)?,
    ) else {
        return Ok(None);
    };
    let (en, ru) = if a.lang == Lang::En { (a, b) } else { (b, a) };
    let text = |d: &Document| format!("{}\n\n{}", d.title, d.body);
    let (kind, evidence) = kind_from_coverage(&coverage(scorer, &text(&en), &text(&ru)));
    if kind == LinkKind::Translation {
        link.evidence.retain(|e| e.weight >= 0.0);
    }
    link.kind = kind;
    link.evidence.push(evidence);
    link.score = combine(&link.evidence);
    Ok(Some(link))
}

/// Find translation and report pairs among the documents of the store,
/// using `index` (which should be up to date with the store, and have a
/// query translator for cross-language candidates). Returns links scoring
/// at least `opts.min_score`, best first; nothing is written.
pub fn find_pairs(
    conn: &Connection,
    index: &SearchIndex,
    scorer: &AnchorScorer,
    opts: &PairOptions,
) -> Result<Vec<Link>, AlignError> {
    let mut entries = Vec::new();
    pressroom_store::for_each_document(conn, |doc| {
        if matches!(doc.lang, Lang::En | Lang::Ru) {
            entries.push(entry(scorer, &doc));
        }
        Ok::<(), AlignError>(())
    })?;
    let mut stats = AnchorStats::default();
    entries.iter().for_each(|e| stats.add(&e.profile));
    let by_id: HashMap<&DocId, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.id, i))
        .collect();
    let mut by_url: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for u in &e.urls {
            by_url.entry(u.as_str()).or_default().push(i);
        }
    }
    let mut candidates: HashSet<(usize, usize)> = HashSet::new();
    let mut add = |x: usize, y: usize| {
        if x != y {
            candidates.insert((x.min(y), x.max(y)));
        }
    };
    // Pairs the parser already linked (two languages cut from one page).
    let mut same_page = HashSet::new();
    for link in pressroom_store::all_links(conn, None)? {
        if link.evidence.iter().any(|e| e.signal == "same_page_split")
            && let (Some(&x), Some(&y)) = (by_id.get(&link.a), by_id.get(&link.b))
        {
            same_page.insert((x.min(y), x.max(y)));
            add(x, y);
        }
    }
    // Declared relations and URL shapes.
    let mut by_path: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for u in e.alternates.iter().chain(&e.original_url) {
            for &j in by_url.get(u.as_str()).into_iter().flatten() {
                add(i, j);
            }
        }
        for u in &e.urls {
            if let Some((host, path)) = language_free_path(u) {
                let key = (host, date_path(&path).unwrap_or(path));
                by_path.entry(key).or_default().push(i);
            }
        }
    }
    for group in by_path.values() {
        // A date path shared by a whole day's releases is a weak hint; only
        // small groups are worth pairing exhaustively.
        if group.len() <= 6 {
            for (k, &x) in group.iter().enumerate() {
                for &y in &group[k + 1..] {
                    add(x, y);
                }
            }
        }
    }
    // Content neighbours from the index.
    for (i, e) in entries.iter().enumerate() {
        let Some(query) = &e.query else { continue };
        let days = Days::new(opts.date_window_days);
        let req = SearchRequest {
            query: Some(query.clone()),
            since: e.published.and_then(|d| d.checked_sub_days(days)),
            until: e.published.and_then(|d| d.checked_add_days(days)),
            limit: opts.candidates_per_doc + 1,
            cross_language: true,
            ..SearchRequest::default()
        };
        let hits = match index.search(&req, &pressroom_search::NoSnippets) {
            Ok(r) => r.hits,
            // Only stop words left: no content candidates for this one.
            Err(pressroom_search::SearchError::InvalidQuery(_)) => continue,
            Err(err) => return Err(err.into()),
        };
        for hit in hits {
            if let Some(&j) = by_id.get(&hit.id) {
                add(i, j);
            }
        }
    }
    let mut candidates: Vec<(usize, usize)> = candidates.into_iter().collect();
    candidates.sort_unstable();
    let mut links: Vec<Link> = Vec::new();
    for (x, y) in candidates {
        let Some(scored) = score_pair(
            scorer,
            &stats,
            &entries[x],
            &entries[y],
            same_page.contains(&(x, y)),
        ) else {
            continue;
        };
        let link = if scored.kind_from_text {
            // Reading the texts costs a sentence comparison: only for pairs
            // that could reach the threshold without their length damping.
            let undamped: Vec<Evidence> = scored
                .link
                .evidence
                .iter()
                .filter(|e| e.weight >= 0.0)
                .cloned()
                .collect();
            if combine(&undamped) < opts.min_score {
                continue;
            }
            match settle_kind(conn, scorer, scored.link)? {
                Some(link) => link,
                None => continue,
            }
        } else {
            scored.link
        };
        if link.score >= opts.min_score {
            links.push(link);
        }
    }
    links.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.a.cmp(&b.a)));
    Ok(links)
}

/// Write links to the store, in one transaction.
pub fn store_links(conn: &mut Connection, links: &[Link]) -> Result<(), AlignError> {
    let tx = conn
        .transaction()
        .map_err(pressroom_store::StoreError::from)?;
    for link in links {
        pressroom_store::upsert_link(&tx, link)?;
    }
    tx.commit().map_err(pressroom_store::StoreError::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_compare_without_language_segment_and_noise() {
        let en = url_key("https://www.hrw.org/news/2022/01/10/kazakhstan-killings?x=1");
        let ru = url_key("http://hrw.org/ru/news/2022/01/10/381234/");
        let (h1, p1) = language_free_path(&en).unwrap();
        let (h2, p2) = language_free_path(&ru).unwrap();
        assert_eq!(h1, h2);
        assert_ne!(p1, p2);
        assert_eq!(date_path(&p1), date_path(&p2));
        assert_eq!(date_path(&p1).as_deref(), Some("2022/01/10"));
    }

    #[test]
    fn noisy_or_adds_weak_signals_and_length_damps() {
        let e = |w| ev("x", w, String::new());
        assert!((combine(&[e(0.5), e(0.5)]) - 0.75).abs() < 1e-6);
        assert!(combine(&[e(0.5), e(-0.5)]) < 0.3);
        assert_eq!(combine(&[]), 0.0);
    }
}
