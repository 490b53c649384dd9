//! The query planner: a request's groups become weighted alternatives in
//! each language's fields (translations added), then one tantivy query of
//! the shape that prunes best.

use super::clause::{Alternative, Alternatives, conjunction};
use super::groups::TermGroupsQuery;
use super::parse::{Atom, parse_query};
use crate::analyzer::{CommonKeys, KeyToken, analyze, phrase_terms};
use crate::request::{SearchRequest, TermExplanation};
use crate::schema::{Fields, index_lang, published_value};
use crate::{QueryTranslator, SearchError, Translation};
use chrono::NaiveDate;
use pressroom_model::Lang;
use std::ops::Bound;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

/// Title matches count this much more than body matches.
const TITLE_BOOST: f32 = 2.0;
/// A name matched only through its transliteration key (Tokaev for
/// Tokayev) counts this much of a literal match.
const NAME_KEY_BOOST: f32 = 0.6;
/// Translations count less than the words as typed, so an original-language
/// match is not drowned by the other language's (often smaller, so higher
/// idf) field; a strong translated match can still outrank a weak literal one.
const TRANSLATION_DISCOUNT: f32 = 0.75;

/// What planning needs of an index: its fields, the keys it pairs, and
/// the translator for cross-language queries.
pub(crate) struct Planner<'a> {
    pub(crate) fields: &'a Fields,
    pub(crate) common: &'a CommonKeys,
    pub(crate) translator: Option<&'a dyn QueryTranslator>,
}

fn date_term(field: Field, date: NaiveDate) -> Term {
    Term::from_field_date(field, published_value(date))
}

impl Planner<'_> {
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
            let mut terms: Vec<(usize, Term)> = phrase_terms(tokens, self.common)
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
        if let Atom::Phrase(text) = atom {
            return translate_phrase(*translator, text);
        }
        translator
            .translate_words(&[atom.text().to_string()])
            .into_iter()
            .filter(|s| s.start == 0 && s.end == 1)
            .flat_map(|s| s.translations)
            .collect()
    }

    /// Build the tantivy query for a request, with the translations used.
    pub(crate) fn plan(
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
        // Several words, or filters, make a conjunction, whose top k tantivy
        // finds by scoring every match after seeking every union of keys;
        // `TermGroupsQuery` ranks a dense one from its bitset of matches and
        // prunes a sparse filtered one. An unfiltered sparse one it leaves to
        // tantivy: without tantivy's shallow skipping its walk decodes every
        // block of every term (`benches/runs/notebook.md`, item 30).
        let query: Box<dyn Query> = match term_groups {
            Some(groups) if !groups.is_empty() && (groups.len() > 1 || !filters.is_empty()) => {
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
}

/// Translations of each word a quoted phrase may be given, at most.
const PHRASE_TRANSLATIONS_PER_WORD: usize = 2;
/// Translations of a quoted phrase searched, at most.
const PHRASE_TRANSLATIONS: usize = 8;

/// Translations of a quoted phrase that keep it a phrase: the phrase as one
/// term when the translator knows it as such, else its words' translations
/// joined in its order (the best few combinations, weights multiplied), so
/// the words must still be neighbours in the other language. Words that
/// translate into nothing (stop words) are left out; a phrase none of
/// whose words translate has no translation.
fn translate_phrase(translator: &dyn QueryTranslator, text: &str) -> Vec<Translation> {
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    let spans = translator.translate_words(&words);
    let whole: Vec<Translation> = spans
        .iter()
        .filter(|s| s.start == 0 && s.end == words.len())
        .flat_map(|s| s.translations.iter().cloned())
        .collect();
    if !whole.is_empty() || words.len() < 2 {
        return whole;
    }
    let mut combinations: Vec<Translation> = Vec::new();
    let mut at = 0;
    while at < words.len() {
        // The longest span starting here (a multi-word term inside the phrase).
        let Some(span) = spans
            .iter()
            .filter(|s| s.start == at && s.end > at && !s.translations.is_empty())
            .max_by_key(|s| s.end)
        else {
            at += 1;
            continue;
        };
        let options =
            &span.translations[..span.translations.len().min(PHRASE_TRANSLATIONS_PER_WORD)];
        combinations = if combinations.is_empty() {
            options.to_vec()
        } else {
            combinations
                .iter()
                .flat_map(|c| {
                    options
                        .iter()
                        .filter(|o| index_lang(o.lang) == index_lang(c.lang))
                        .map(move |o| Translation {
                            text: format!("{} {}", c.text, o.text),
                            lang: c.lang,
                            weight: c.weight * o.weight,
                            via: if c.via == o.via {
                                c.via.clone()
                            } else {
                                format!("{}+{}", c.via, o.via)
                            },
                        })
                })
                .collect()
        };
        combinations.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        combinations.truncate(PHRASE_TRANSLATIONS);
        at = span.end;
    }
    combinations
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
