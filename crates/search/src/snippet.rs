//! Snippets: the passage of a hit's body that best shows why it matched,
//! with the query's words highlighted.

use crate::SearchError;
use crate::analyzer::{name_keys, pair_parts};
use crate::schema::{Fields, index_lang};
use pressroom_analysis::fold::fold;
use pressroom_model::{DocId, Lang};
use serde::Serialize;
use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;

/// Where a hit's body is read for its snippet. The index keeps a body's
/// words, not its text: the store is the one copy (a page of ten hits is
/// ten lookups by primary key).
pub trait BodySource {
    /// The body of document `id`; `None` when the store no longer holds it
    /// (removed since the index's last commit): the hit has no snippet.
    fn body(&self, id: &DocId) -> Result<Option<String>, SearchError>;
}

impl BodySource for rusqlite::Connection {
    fn body(&self, id: &DocId) -> Result<Option<String>, SearchError> {
        Ok(pressroom_store::get_body(
            self,
            id,
            crate::MAX_INDEXED_BODY_BYTES,
        )?)
    }
}

/// No bodies: hits without snippets, for callers that want only ids,
/// titles and scores.
pub struct NoSnippets;

impl BodySource for NoSnippets {
    fn body(&self, _: &DocId) -> Result<Option<String>, SearchError> {
        Ok(None)
    }
}

/// Snippet length in characters; tantivy counts bytes, so Cyrillic (two
/// bytes a letter) gets twice the bytes to show as much text.
const SNIPPET_CHARS: usize = 180;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Snippet {
    /// Plain text of the fragment.
    pub text: String,
    /// Byte ranges of `text` to highlight.
    #[serde(skip)]
    pub highlights: Vec<std::ops::Range<usize>>,
}

impl Snippet {
    /// The fragment with highlights wrapped in `open`/`close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        let mut last = 0;
        for r in &self.highlights {
            out.push_str(&self.text[last..r.start]);
            out.push_str(open);
            out.push_str(&self.text[r.clone()]);
            out.push_str(close);
            last = r.end;
        }
        out.push_str(&self.text[last..]);
        out
    }
}

/// A long paragraph is cut into pieces of about this many bytes before
/// the cheap test, so the analysed text stays bounded.
const SNIPPET_CHUNK_BYTES: usize = 1200;
/// Pieces tried with the real (analysing) snippet generator before falling
/// back to the whole body.
const SNIPPET_CANDIDATES: usize = 3;

/// Snippet makers per index language, made once per query.
pub(crate) struct SnippetMakers<'a> {
    searcher: &'a Searcher,
    query: &'a dyn Query,
    fields: &'a Fields,
    en: Option<BodySnippets>,
    ru: Option<BodySnippets>,
    /// The query's name keys: a name matched through another spelling
    /// (`Tokaev` for `Tokayev`) is highlighted too. `None` until needed.
    names: Option<std::collections::HashSet<String>>,
}

/// Byte ranges of the words of `text` whose name key is one of `keys`.
fn name_matches(
    text: &str,
    keys: &std::collections::HashSet<String>,
) -> Vec<std::ops::Range<usize>> {
    if keys.is_empty() {
        return Vec::new();
    }
    name_keys(text)
        .into_iter()
        .filter(|t| keys.contains(&t.key))
        .map(|t| t.start..t.end)
        .collect()
}

/// `a` and `b` merged in order; a range overlapping one already taken is dropped.
fn merge_highlights(
    a: Vec<std::ops::Range<usize>>,
    b: Vec<std::ops::Range<usize>>,
) -> Vec<std::ops::Range<usize>> {
    let mut all: Vec<_> = a.into_iter().chain(b).collect();
    all.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(all.len());
    for r in all {
        if out.last().is_none_or(|last| r.start >= last.end) {
            out.push(r);
        }
    }
    out
}

/// The opening `SNIPPET_CHARS` characters of `text`, cut at a space.
fn opening(text: &str) -> &str {
    let end = text
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let cut = text[..end]
        .rfind(char::is_whitespace)
        .filter(|_| end < text.len())
        .unwrap_or(end);
    text[..cut].trim_end()
}

/// Snippets from one body field: tantivy's generator, which analyses the
/// text to find and highlight the query's keys, run only on the pieces of
/// the body that a cheap substring test says may hold them.
struct BodySnippets {
    generator: SnippetGenerator,
    /// Each query key in this field with a shorter [`probe`] for it and the
    /// key's weight (tantivy's: rarer terms count more).
    probes: Vec<(String, String, f32)>,
    /// The generator's fragment length, bytes.
    max_bytes: usize,
}

/// A cheap stand-in for an index key in folded text. Keys are stems (of
/// the lemma, for Russian), which are mostly prefixes of the word forms;
/// dropping the last letter also covers `citi`/`city`, `пытк`/`пыток`.
/// A grouped number (`10000`) keeps its first group (`10 000`, `10,000`).
fn probe(key: &str) -> String {
    let n = key.chars().count();
    if n > 4 && key.bytes().all(|b| b.is_ascii_digit()) {
        let head = match n % 3 {
            0 => 3,
            r => r,
        };
        return key[..head].to_string();
    }
    if n >= 4 {
        let (last, _) = key.char_indices().last().expect("not empty");
        return key[..last].to_string();
    }
    key.to_string()
}

/// The body cut into paragraphs (blank lines), long ones into pieces of
/// about [`SNIPPET_CHUNK_BYTES`] cut at whitespace, so never inside a
/// character or (unless a piece has no space at all) a word.
fn chunks(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for para in body.split("\n\n") {
        let mut rest = para.trim();
        while rest.len() > SNIPPET_CHUNK_BYTES {
            let mut cut = SNIPPET_CHUNK_BYTES;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let mut half = SNIPPET_CHUNK_BYTES / 2;
            while !rest.is_char_boundary(half) {
                half -= 1;
            }
            if let Some(space) = rest[half..cut].rfind(char::is_whitespace) {
                cut = half + space;
            }
            out.push(&rest[..cut]);
            rest = rest[cut..].trim_start();
        }
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

/// Where a snippet of `chunk` whose first match is at byte `at` should
/// start: at the chunk's start when the match is within half a snippet of
/// it, else at the match's sentence when that begins within half a snippet,
/// else at a word boundary half a snippet before the match; so the match
/// shows early and with some context.
fn lead_in(chunk: &str, at: usize, max_bytes: usize) -> usize {
    let mut at = at.min(chunk.len());
    while !chunk.is_char_boundary(at) {
        at -= 1;
    }
    let mut from = at.saturating_sub(max_bytes / 2);
    while !chunk.is_char_boundary(from) {
        from -= 1;
    }
    if from == 0 {
        // The paragraph's own start is near enough.
        return 0;
    }
    let before = &chunk[from..at];
    if let Some((i, c)) = before
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '.' | '!' | '?' | '•'))
    {
        return from + i + c.len_utf8();
    }
    before.find(char::is_whitespace).map_or(from, |i| from + i)
}

impl BodySnippets {
    fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        max_bytes: usize,
    ) -> Result<BodySnippets, SearchError> {
        // As `SnippetGenerator::create` weighs them, kept for the probes too.
        let mut terms = std::collections::BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.insert(term.clone());
            }
        });
        let mut weights = std::collections::BTreeMap::new();
        for term in terms {
            let Some(text) = term.value().as_str().map(str::to_string) else {
                continue;
            };
            let doc_freq = searcher.doc_freq(&term)?;
            if doc_freq > 0 {
                weights.insert(text, 1.0 / (1.0 + doc_freq as f32));
            }
        }
        // A word pair is looked for as its two words.
        let probes = weights
            .iter()
            .flat_map(|(k, w)| match pair_parts(k) {
                Some((a, b)) => vec![(a.to_string(), *w / 2.0), (b.to_string(), *w / 2.0)],
                None => vec![(k.clone(), *w)],
            })
            .map(|(k, w)| {
                let p = probe(&k);
                (k, p, w)
            })
            .collect();
        let tokenizer = searcher.index().tokenizer_for_field(field)?;
        Ok(BodySnippets {
            generator: SnippetGenerator::new(weights, tokenizer, field, max_bytes),
            probes,
            max_bytes,
        })
    }

    /// The best fragment of `body` with the query's keys highlighted, or
    /// `None` when the body holds none of them.
    fn snippet(&self, body: &str) -> Option<tantivy::snippet::Snippet> {
        if self.probes.is_empty() {
            return None;
        }
        let mut scored: Vec<(f32, usize, &str)> = chunks(body)
            .into_iter()
            .enumerate()
            .filter_map(|(i, chunk)| {
                let folded = fold(chunk);
                // The key itself counts fully, its shorter probe half (it
                // may stand for another word, or for another key's word).
                let mut score = 0.0;
                let mut first = usize::MAX;
                for (key, probe, w) in &self.probes {
                    let (found, weight) = match folded.find(key.as_str()) {
                        Some(at) => (Some(at), *w),
                        None if probe != key => (folded.find(probe.as_str()), w / 2.0),
                        None => (None, 0.0),
                    };
                    if let Some(at) = found {
                        score += weight;
                        first = first.min(at);
                    }
                }
                // Folding keeps byte lengths for Latin and Cyrillic; where it
                // did not, start at the paragraph.
                let start = if folded.len() == chunk.len() {
                    lead_in(chunk, first, self.max_bytes)
                } else {
                    0
                };
                (score > 0.0).then_some((score, i, chunk[start..].trim_start()))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .iter()
            .take(SNIPPET_CANDIDATES)
            .map(|(_, _, chunk)| self.generator.snippet(chunk))
            .find(|s| !s.is_empty())
            .or_else(|| {
                // A key that is no prefix of its word form (a lemma such as
                // люди → человек): the whole body, as analysis sees it.
                Some(self.generator.snippet(body)).filter(|s| !s.is_empty())
            })
    }
}

impl<'a> SnippetMakers<'a> {
    pub(crate) fn new(searcher: &'a Searcher, query: &'a dyn Query, fields: &'a Fields) -> Self {
        SnippetMakers {
            searcher,
            query,
            fields,
            en: None,
            ru: None,
            names: None,
        }
    }

    fn query_name_keys(&mut self) -> &std::collections::HashSet<String> {
        let field = self.fields.names;
        let query = self.query;
        self.names.get_or_insert_with(|| {
            let mut keys = std::collections::HashSet::new();
            query.query_terms(&mut |term, _| {
                if term.field() == field
                    && let Some(key) = term.value().as_str()
                {
                    keys.insert(key.to_string());
                }
            });
            keys
        })
    }

    pub(crate) fn make(&mut self, lang: Lang, body: &str) -> Result<Snippet, SearchError> {
        let lang = index_lang(lang);
        let field = self.fields.body_field(lang);
        let slot = if lang == Lang::Ru {
            &mut self.ru
        } else {
            &mut self.en
        };
        if slot.is_none() {
            let bytes_per_char = if lang == Lang::Ru { 2 } else { 1 };
            *slot = Some(BodySnippets::new(
                self.searcher,
                self.query,
                field,
                SNIPPET_CHARS * bytes_per_char,
            )?);
        }
        let found = slot.as_ref().expect("set above").snippet(body);
        let max_bytes = SNIPPET_CHARS * if lang == Lang::Ru { 2 } else { 1 };
        let names = self.query_name_keys();
        let Some(snippet) = found else {
            // No query word in the body as such: the passage of the first
            // name matched through another spelling, else (a title-only or
            // filter-only match) the opening of the text.
            let named = chunks(body).into_iter().find_map(|chunk| {
                let first = name_matches(chunk, names).first()?.start;
                Some(chunk[lead_in(chunk, first, max_bytes)..].trim_start())
            });
            let text = opening(named.unwrap_or(body.trim_start()));
            return Ok(Snippet {
                highlights: name_matches(text, names),
                text: text.replace('\n', " "),
            });
        };
        let text = snippet.fragment().replace('\n', " ");
        Ok(Snippet {
            highlights: merge_highlights(
                snippet.highlighted().to_vec(),
                name_matches(&text, names),
            ),
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_paragraphs_and_long_ones_are_cut_at_spaces() {
        let long = "Пытки запрещены. ".repeat(200);
        let body = format!("Первый абзац.\n\n{long}\n\nПоследний.");
        let parts = chunks(&body);
        assert_eq!(parts[0], "Первый абзац.");
        assert_eq!(*parts.last().unwrap(), "Последний.");
        assert!(parts.len() > 4, "{}", parts.len());
        for p in &parts[1..parts.len() - 1] {
            assert!(p.len() <= SNIPPET_CHUNK_BYTES);
            assert!(p.starts_with("Пытки") || p.starts_with("запрещены"), "{p}");
        }
        // No space at all: cut at a character boundary.
        let solid = "ж".repeat(2000);
        assert!(chunks(&solid).iter().all(|p| p.chars().all(|c| c == 'ж')));
        assert_eq!(chunks(&solid).concat(), solid);
    }

    #[test]
    fn name_highlights_merge_without_overlaps() {
        let keys: std::collections::HashSet<String> =
            name_keys("Tokayev").into_iter().map(|t| t.key).collect();
        let text = "Президент Токаев и президент Tokaev";
        let found = name_matches(text, &keys);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(&text[found[0].clone()], "Токаев");
        let merged = merge_highlights(vec![0..18, 19..31], found);
        assert_eq!(merged.len(), 3, "{merged:?}");
        assert!(merged.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn probes_are_prefixes_of_the_word_forms() {
        assert_eq!(probe("citi"), "cit");
        assert_eq!(probe("пытк"), "пыт");
        assert_eq!(probe("eu"), "eu");
        assert_eq!(probe("10000"), "10");
        assert_eq!(probe("2022"), "202");
    }

    #[test]
    fn snippets_start_at_the_sentence_of_the_first_match() {
        let chunk = "Первое предложение о погоде. Суд оправдал блогера в Таразе.";
        let at = chunk.find("оправдал").unwrap();
        assert_eq!(lead_in(chunk, at, 360), 0, "near the start: all of it");
        assert_eq!(
            chunk[lead_in(chunk, at, 60)..].trim_start(),
            "Суд оправдал блогера в Таразе."
        );
        let long = format!("{} суд", "слово ".repeat(100));
        let start = lead_in(&long, long.len() - 6, 60);
        assert!(
            long.is_char_boundary(start) && long.len() - start <= 40,
            "{start}"
        );
        assert_eq!(lead_in(chunk, 0, 360), 0);
    }
}
