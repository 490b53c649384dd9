use crate::analyzer::{KeyToken, analyze, name_keys, pair_parts, phrase_terms};
use crate::clause::{Alternative, Alternatives, conjunction};
use crate::groups::TermGroupsQuery;
use crate::index::SearchIndex;
use crate::query::{Atom, parse_query};
use crate::schema::index_lang;
use crate::{SearchError, Translation};
use chrono::NaiveDate;
use pressroom_analysis::fold::fold;
use pressroom_model::{DocId, Lang};
use serde::Serialize;
use std::ops::Bound;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, EnableScoring, Occur, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, DocSet, Searcher, TERMINATED, TantivyDocument, Term};

/// Title matches count this much more than body matches.
const TITLE_BOOST: f32 = 2.0;
/// A name matched only through its transliteration key (Tokaev for
/// Tokayev) counts this much of a literal match.
const NAME_KEY_BOOST: f32 = 0.6;
/// Translations count less than the words as typed, so an original-language
/// match is not drowned by the other language's (often smaller, so higher
/// idf) field; a strong translated match can still outrank a weak literal one.
const TRANSLATION_DISCOUNT: f32 = 0.75;
/// Snippet length in characters; tantivy counts bytes, so Cyrillic (two
/// bytes a letter) gets twice the bytes to show as much text.
const SNIPPET_CHARS: usize = 180;
/// Matches a search counts exactly; beyond, it reports "at least this many"
/// (as Elasticsearch does by default). Counting every one of 200k matches
/// costs more than finding the best ten, which top-k pruning (block-max
/// WAND) does without visiting every match.
pub const EXACT_TOTAL_UP_TO: usize = 10_000;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query; `None` matches every document (filters still apply).
    pub query: Option<String>,
    /// Only documents in this language.
    pub lang: Option<Lang>,
    /// Only documents from this source (case-insensitive name).
    pub source: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub limit: usize,
    /// Also search translations of the query terms (needs a translator).
    pub cross_language: bool,
    /// Count every match, however many; otherwise counting stops past
    /// [`EXACT_TOTAL_UP_TO`].
    pub exact_total: bool,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: DocId,
    pub title: String,
    pub source: String,
    pub origin: String,
    pub lang: Lang,
    pub published: Option<NaiveDate>,
    pub score: f32,
    pub snippet: Snippet,
}

/// Which translations a query term used.
#[derive(Debug, Clone, Serialize)]
pub struct TermExplanation {
    pub term: String,
    pub translations: Vec<Translation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Matches counted: all of them when `total_exact`, else a lower bound.
    pub total: usize,
    pub total_exact: bool,
    pub hits: Vec<Hit>,
    pub explanations: Vec<TermExplanation>,
}

/// Matches of `query`, counted up to `cap`: `(count, true)` when that is all
/// of them, `(cap, false)` when there are more. Stops at the first match
/// past `cap`, and without scoring.
pub fn count_up_to(
    searcher: &Searcher,
    query: &dyn Query,
    cap: usize,
) -> Result<(usize, bool), SearchError> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut count = 0;
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                if count == cap {
                    return Ok((cap, false));
                }
                count += 1;
            }
            doc = scorer.advance();
        }
    }
    Ok((count, true))
}

fn date_term(field: Field, date: NaiveDate) -> Term {
    let secs = date
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp();
    Term::from_field_date(field, DateTime::from_timestamp_secs(secs))
}

impl SearchIndex {
    /// Alternatives for `text` analysed as `lang`, in that language's title
    /// and body fields: a term when the text has one word, else a phrase of
    /// its word pairs where the index holds them and of its words
    /// elsewhere (one term when that is a single pair), so the words must be
    /// neighbours as typed. Empty when nothing is left after analysis.
    fn text_alternatives(&self, text: &str, lang: Lang) -> Alternatives {
        self.key_alternatives(&analyze(text, lang), lang)
    }

    /// [`Self::text_alternatives`] of a text already analysed.
    fn key_alternatives(&self, tokens: &[KeyToken], lang: Lang) -> Alternatives {
        let mut out = Alternatives::default();
        if tokens.is_empty() {
            return out;
        }
        let fields = [
            (self.fields.title_field(lang), TITLE_BOOST),
            (self.fields.body_field(lang), 1.0),
        ];
        for (field, boost) in fields {
            let mut terms: Vec<(usize, Term)> = phrase_terms(tokens, &self.common)
                .into_iter()
                .map(|(offset, key)| (offset, Term::from_field_text(field, &key)))
                .collect();
            let alternative = if terms.len() == 1 {
                Alternative::Term(terms.pop().expect("one term").1)
            } else {
                Alternative::Phrase(terms)
            };
            out.push(alternative, boost);
        }
        out
    }

    /// An atom as typed, searched in both languages' fields; a single word
    /// also as a name key, to match other spellings of a name.
    fn literal_alternatives(&self, atom: &Atom, names: bool) -> Alternatives {
        let mut out = Alternatives::default();
        for lang in [Lang::En, Lang::Ru] {
            out.extend_boosted(self.text_alternatives(atom.text(), lang), 1.0);
        }
        if let (Atom::Word(word), false, true) = (atom, out.is_empty(), names) {
            let key = pressroom_analysis::translit::name_key(word);
            if !key.is_empty() {
                out.push(
                    Alternative::Term(Term::from_field_text(self.fields.names, &key)),
                    NAME_KEY_BOOST,
                );
            }
        }
        out
    }

    /// Alternatives for a term's translations, but those that hold another
    /// as trusted (see [`subsumed`]), and the translations searched: what
    /// `--explain` lists, since a subsumed one adds no document.
    fn translation_alternatives(
        &self,
        translations: &[Translation],
    ) -> (Alternatives, Vec<Translation>) {
        // Inflection is in the keys (lemmas, stems), so a translated phrase
        // matches as its word pairs, as a typed one: a phrase with slop would
        // intersect the positions of common words in every document.
        let keys: Vec<Vec<KeyToken>> = translations
            .iter()
            .map(|t| analyze(&t.text, index_lang(t.lang)))
            .collect();
        let mut out = Alternatives::default();
        let mut searched = Vec::new();
        for (i, t) in translations.iter().enumerate() {
            let held = |j: usize| {
                let u = &translations[j];
                j != i
                    && index_lang(u.lang) == index_lang(t.lang)
                    && u.weight >= t.weight
                    && keys[j].len() < keys[i].len()
                    && subsumed(&keys[j], &keys[i])
            };
            if (0..translations.len()).any(held) {
                continue;
            }
            let weight = t.weight.clamp(0.05, 1.0) * TRANSLATION_DISCOUNT;
            out.extend_boosted(self.key_alternatives(&keys[i], index_lang(t.lang)), weight);
            searched.push(t.clone());
        }
        (out, searched)
    }

    /// Translations for each atom of a run of single-atom groups, plus the
    /// spans that join several words into one unit.
    fn translate_groups(
        &self,
        groups: &[Vec<Atom>],
    ) -> Vec<(std::ops::Range<usize>, Vec<Translation>)> {
        let Some(translator) = &self.translator else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut run_start = 0;
        // Runs of plain words may hold multi-word terms; OR groups and
        // phrases translate alone.
        while run_start < groups.len() {
            let is_word = |g: &Vec<Atom>| g.len() == 1 && matches!(g[0], Atom::Word(_));
            if !is_word(&groups[run_start]) {
                run_start += 1;
                continue;
            }
            let mut run_end = run_start;
            while run_end < groups.len() && is_word(&groups[run_end]) {
                run_end += 1;
            }
            let words: Vec<String> = groups[run_start..run_end]
                .iter()
                .map(|g| g[0].text().to_string())
                .collect();
            for span in translator.translate_words(&words) {
                if span.start < span.end && span.end <= words.len() && !span.translations.is_empty()
                {
                    out.push((
                        run_start + span.start..run_start + span.end,
                        span.translations,
                    ));
                }
            }
            run_start = run_end;
        }
        out
    }

    fn translate_atom(&self, atom: &Atom) -> Vec<Translation> {
        let Some(translator) = &self.translator else {
            return Vec::new();
        };
        translator
            .translate_words(&[atom.text().to_string()])
            .into_iter()
            .filter(|s| s.start == 0 && s.end == 1)
            .flat_map(|s| s.translations)
            .collect()
    }

    /// Build the tantivy query for a request, with the translations used.
    fn build_query(
        &self,
        req: &SearchRequest,
    ) -> Result<(Box<dyn Query>, Vec<TermExplanation>), SearchError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // The same required clauses as groups of weighted terms, while
        // every one is such a group (see `TermGroupsQuery`).
        let mut term_groups: Option<Vec<Vec<(Term, f32)>>> = Some(Vec::new());
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        // The alternatives of the last group, for a query of one group.
        let mut last_group: Option<Alternatives> = None;
        let mut explanations = Vec::new();
        if let Some(text) = &req.query {
            let parsed = parse_query(text)?;
            let translate = req.cross_language && self.translator.is_some();
            let spans = if translate {
                self.translate_groups(&parsed.groups)
            } else {
                Vec::new()
            };
            let mut covered = vec![false; parsed.groups.len()];
            // Multi-word spans first: literal words all present, or a translation.
            for (range, translations) in spans.iter().filter(|(r, _)| r.len() > 1) {
                if range.clone().any(|i| covered[i]) {
                    continue;
                }
                let literal: Vec<_> = range
                    .clone()
                    .map(|i| self.literal_alternatives(&parsed.groups[i][0], req.cross_language))
                    .filter(|a| !a.is_empty())
                    .map(|a| (Occur::Must, a.into_query()))
                    .collect();
                let (alternatives, searched) = self.translation_alternatives(translations);
                let mut options: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                if !literal.is_empty() {
                    options.push((Occur::Should, conjunction(literal)));
                }
                if !alternatives.is_empty() {
                    options.push((Occur::Should, alternatives.into_query()));
                }
                if !options.is_empty() {
                    clauses.push((Occur::Must, Box::new(BooleanQuery::new(options))));
                    term_groups = None;
                    range.clone().for_each(|i| covered[i] = true);
                    let term = range
                        .clone()
                        .map(|i| parsed.groups[i][0].text())
                        .collect::<Vec<_>>()
                        .join(" ");
                    explanations.push(TermExplanation {
                        term,
                        translations: searched,
                    });
                }
            }
            for (i, group) in parsed.groups.iter().enumerate() {
                if covered[i] {
                    continue;
                }
                let mut alternatives = Alternatives::default();
                for atom in group {
                    alternatives
                        .extend_boosted(self.literal_alternatives(atom, req.cross_language), 1.0);
                    if translate {
                        let translations = if group.len() == 1 && matches!(atom, Atom::Word(_)) {
                            spans
                                .iter()
                                .find(|(r, _)| *r == (i..i + 1))
                                .map(|(_, t)| t.clone())
                                .unwrap_or_default()
                        } else {
                            self.translate_atom(atom)
                        };
                        let (translated, searched) = self.translation_alternatives(&translations);
                        alternatives.extend_boosted(translated, 1.0);
                        if !searched.is_empty() {
                            explanations.push(TermExplanation {
                                term: atom.text().to_string(),
                                translations: searched,
                            });
                        }
                    }
                }
                // A group of stop words only ("the") constrains nothing.
                if !alternatives.is_empty() {
                    match (&mut term_groups, alternatives.terms()) {
                        (Some(groups), Some(terms)) => groups.push(terms),
                        _ => term_groups = None,
                    }
                    last_group = Some(alternatives.clone());
                    clauses.push((Occur::Must, alternatives.into_query()));
                }
            }
            if clauses.is_empty() {
                return Err(SearchError::InvalidQuery(format!(
                    "{text:?} has only very common words (stop words); add a more specific term"
                )));
            }
            for atom in &parsed.excluded {
                let mut excluded = self.literal_alternatives(atom, false);
                if translate {
                    for t in self.translate_atom(atom) {
                        excluded.extend_boosted(
                            self.text_alternatives(&t.text, index_lang(t.lang)),
                            1.0,
                        );
                    }
                }
                if !excluded.is_empty() {
                    clauses.push((Occur::MustNot, excluded.into_query()));
                    term_groups = None;
                }
            }
        } else {
            clauses.push((Occur::Must, Box::new(AllQuery)));
            term_groups = None;
        }
        let f = &self.fields;
        // Filters narrow the matches without scoring: ranking is by text.
        let filter = |query: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(query, 0.0))
        };
        if let Some(lang) = req.lang {
            filters.push(filter(Box::new(TermQuery::new(
                Term::from_field_text(f.lang, lang.code()),
                IndexRecordOption::Basic,
            ))));
        }
        if let Some(source) = &req.source {
            filters.push(filter(Box::new(TermQuery::new(
                Term::from_field_text(f.source_key, &source.to_lowercase()),
                IndexRecordOption::Basic,
            ))));
        }
        if req.since.is_some() || req.until.is_some() {
            if let (Some(s), Some(u)) = (req.since, req.until)
                && s > u
            {
                return Ok((Box::new(EmptyQuery), explanations));
            }
            let lower = req.since.map_or(Bound::Unbounded, |d| {
                Bound::Included(date_term(f.published, d))
            });
            let upper = req.until.map_or(Bound::Unbounded, |d| {
                Bound::Included(date_term(f.published, d))
            });
            filters.push(filter(Box::new(RangeQuery::new(lower, upper))));
        }
        // One group of phrases and terms (a phrase and its translations)
        // would make tantivy score every match of every term: its phrases
        // go first and its terms are pruned (`PhrasesThenTermsQuery`).
        let mixed = match &last_group {
            Some(group) if clauses.len() == 1 && filters.is_empty() => group.phrases_then_terms(),
            _ => None,
        };
        if let Some(mixed) = mixed {
            return Ok((Box::new(mixed), explanations));
        }
        // Filters make any query a conjunction, whose top k tantivy finds by
        // scoring every match; `TermGroupsQuery` prunes it. Unfiltered
        // queries of several words it does not take: without tantivy's
        // shallow skipping it decodes every block of every term, and with
        // frequent words and their translations in each group it lost to
        // the boolean query (BENCHMARKS.md, 2026-12-02, item 30).
        let query: Box<dyn Query> = match term_groups {
            Some(groups) if !groups.is_empty() && !filters.is_empty() => {
                let exclusive = [Lang::En, Lang::Ru]
                    .map(|lang| vec![f.title_field(lang), f.body_field(lang)])
                    .into();
                Box::new(TermGroupsQuery::new(groups, filters, exclusive))
            }
            _ => {
                clauses.extend(filters.into_iter().map(|q| (Occur::Must, q)));
                conjunction(clauses)
            }
        };
        Ok((query, explanations))
    }

    /// Run a query: the total number of matches and the best `limit` hits,
    /// with snippets.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let (query, explanations) = self.build_query(req)?;
        let searcher = self.reader.searcher();
        let limit = req.limit.max(1);
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let (total, total_exact) = if top.len() < limit {
            (top.len(), true)
        } else if req.exact_total {
            (searcher.search(&query, &Count)?, true)
        } else {
            count_up_to(&searcher, query.as_ref(), EXACT_TOTAL_UP_TO)?
        };
        let mut snippets = SnippetMakers::new(&searcher, query.as_ref(), self);
        let hits = top
            .into_iter()
            .map(|(score, addr)| self.hit(&searcher, addr, score, &mut snippets))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchResults {
            total,
            total_exact,
            hits,
            explanations,
        })
    }

    /// Ids of every matching document, best first, without a cap.
    pub fn search_all_ids(&self, req: &SearchRequest) -> Result<Vec<DocId>, SearchError> {
        let (query, _) = self.build_query(req)?;
        let searcher = self.reader.searcher();
        let total = searcher.search(&query, &Count)?;
        if total == 0 {
            return Ok(Vec::new());
        }
        let top = searcher.search(&query, &TopDocs::with_limit(total).order_by_score())?;
        top.into_iter()
            .map(|(_, addr)| {
                let doc: TantivyDocument = searcher.doc(addr)?;
                Ok(DocId(text_of(&doc, self.fields.id)))
            })
            .collect()
    }

    fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: f32,
        snippets: &mut SnippetMakers,
    ) -> Result<Hit, SearchError> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let lang: Lang = text_of(&doc, f.lang).parse().unwrap_or(Lang::Other);
        let published = doc
            .get_first(f.published)
            .and_then(|v| v.as_datetime())
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| d.date_naive());
        let body = text_of(&doc, f.body_field(lang));
        Ok(Hit {
            id: DocId(text_of(&doc, f.id)),
            title: text_of(&doc, f.title),
            source: text_of(&doc, f.source),
            origin: text_of(&doc, f.origin),
            lang,
            published,
            score,
            snippet: snippets.make(lang, &body)?,
        })
    }
}

/// Whether every document that holds the phrase `long` (keys from
/// [`analyze`]) holds the phrase `short`: its keys are among `long`'s at the
/// same distances from each other. A translation such as "свобода выражения
/// мнений" then adds no document to "свобода выражения", only a second
/// phrase to evaluate and a second score for the same words.
fn subsumed(short: &[KeyToken], long: &[KeyToken]) -> bool {
    let Some(first) = short.first() else {
        return false;
    };
    long.iter().filter(|t| t.key == first.key).any(|anchor| {
        short.iter().all(|s| {
            let at = anchor.position + (s.position - first.position);
            long.iter().any(|t| t.position == at && t.key == s.key)
        })
    })
}

fn text_of(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// A long paragraph is cut into pieces of about this many bytes before
/// the cheap test, so the analysed text stays bounded.
const SNIPPET_CHUNK_BYTES: usize = 1200;
/// Pieces tried with the real (analysing) snippet generator before falling
/// back to the whole body.
const SNIPPET_CANDIDATES: usize = 3;

/// Snippet makers per index language, made once per query.
struct SnippetMakers<'a> {
    searcher: &'a Searcher,
    query: &'a dyn Query,
    index: &'a SearchIndex,
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
    fn new(searcher: &'a Searcher, query: &'a dyn Query, index: &'a SearchIndex) -> Self {
        SnippetMakers {
            searcher,
            query,
            index,
            en: None,
            ru: None,
            names: None,
        }
    }

    fn query_name_keys(&mut self) -> &std::collections::HashSet<String> {
        let field = self.index.fields.names;
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

    fn make(&mut self, lang: Lang, body: &str) -> Result<Snippet, SearchError> {
        let lang = index_lang(lang);
        let field = self.index.fields.body_field(lang);
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
    fn counting_stops_past_the_cap_and_skips_deleted_documents() {
        let mut schema = tantivy::schema::Schema::builder();
        let text = schema.add_text_field("text", tantivy::schema::TEXT);
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for i in 0..30 {
            let word = if i % 2 == 0 { "even" } else { "odd" };
            writer
                .add_document(tantivy::doc!(text => format!("{word} n{i}")))
                .unwrap();
        }
        writer.commit().unwrap();
        writer.delete_term(Term::from_field_text(text, "n0"));
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let even = TermQuery::new(
            Term::from_field_text(text, "even"),
            IndexRecordOption::Basic,
        );
        // 15 even documents, one deleted.
        assert_eq!(count_up_to(&searcher, &even, 100).unwrap(), (14, true));
        assert_eq!(count_up_to(&searcher, &even, 14).unwrap(), (14, true));
        assert_eq!(count_up_to(&searcher, &even, 13).unwrap(), (13, false));
        assert_eq!(count_up_to(&searcher, &even, 5).unwrap(), (5, false));
    }

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
    fn a_phrase_subsumes_those_that_hold_its_words_at_its_distances() {
        let ru = |text| analyze(text, Lang::Ru);
        let en = |text| analyze(text, Lang::En);
        assert!(subsumed(
            &ru("свобода выражения"),
            &ru("свободы выражения мнений")
        ));
        assert!(subsumed(&ru("мнений"), &ru("свобода выражения мнений")));
        assert!(!subsumed(
            &ru("свобода слова"),
            &ru("свобода выражения мнений")
        ));
        // "of" is a stop word but keeps its place: the words are two apart.
        assert!(subsumed(
            &en("freedom of expression"),
            &en("the freedom of expression online")
        ));
        assert!(!subsumed(
            &en("freedom expression"),
            &en("freedom of expression")
        ));
        assert!(!subsumed(&en("the"), &en("the freedom")));
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
