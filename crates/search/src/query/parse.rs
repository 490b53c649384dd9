//! The query language users type:
//!
//! - `torture detention` — all words must match (in either language), ranked by BM25;
//! - `"freedom of assembly"` — an exact phrase;
//! - `-Russia`, `-"death penalty"` — exclude;
//! - `Tokayev OR Токаев` — either (binds tighter than the implicit AND).

use crate::SearchError;

/// One word or a quoted phrase, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    Word(String),
    Phrase(String),
}

impl Atom {
    pub fn text(&self) -> &str {
        match self {
            Atom::Word(w) | Atom::Phrase(w) => w,
        }
    }
}

/// A parsed query: every group must match; a group matches when any of its
/// alternatives does; no excluded atom may match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    pub groups: Vec<Vec<Atom>>,
    pub excluded: Vec<Atom>,
}

enum Lexeme {
    Atom { atom: Atom, negated: bool },
    Or,
}

fn lex(input: &str) -> Result<Vec<Lexeme>, SearchError> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        if c == '-' {
            chars.next();
            negated = true;
            match chars.peek() {
                Some(&(_, c)) if !c.is_whitespace() => {}
                // A lone dash ("human rights - Kazakhstan") is punctuation.
                _ => continue,
            }
        }
        let Some(&(start, c)) = chars.peek() else {
            break;
        };
        if c == '"' || c == '«' || c == '“' {
            let close = match c {
                '«' => '»',
                '“' => '”',
                _ => '"',
            };
            chars.next();
            let body_start = start + c.len_utf8();
            let mut end = None;
            for (j, d) in chars.by_ref() {
                if d == close || d == '"' {
                    end = Some(j);
                    break;
                }
            }
            let Some(end) = end else {
                return Err(SearchError::InvalidQuery(format!(
                    "unclosed quote starting at character {}",
                    input[..i].chars().count() + 1
                )));
            };
            let phrase = input[body_start..end].trim();
            if !phrase.is_empty() {
                out.push(Lexeme::Atom {
                    atom: Atom::Phrase(phrase.to_string()),
                    negated,
                });
            }
            continue;
        }
        let mut end = input.len();
        while let Some(&(j, d)) = chars.peek() {
            if d.is_whitespace() || d == '"' || d == '«' || d == '“' {
                end = j;
                break;
            }
            chars.next();
        }
        let word = &input[start..end];
        if word == "OR" && !negated {
            out.push(Lexeme::Or);
        } else {
            out.push(Lexeme::Atom {
                atom: Atom::Word(word.to_string()),
                negated,
            });
        }
    }
    Ok(out)
}

/// Characters a query may have. Translating a query costs more than its
/// length (a 131,000-character word took minutes), so its size is bounded.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Characters a word of a query may have: longer than any word of either
/// language, or a URL.
pub const MAX_WORD_CHARS: usize = 200;

/// Parse the user's query. Errors say what is wrong and where.
pub fn parse_query(input: &str) -> Result<ParsedQuery, SearchError> {
    if let Some(word) = input
        .split(|c: char| c.is_whitespace() || c == '"')
        .find(|w| w.chars().count() > MAX_WORD_CHARS)
    {
        return Err(SearchError::InvalidQuery(format!(
            "a word of {} characters ({}...) is longer than the {MAX_WORD_CHARS} a query word may have",
            word.chars().count(),
            word.chars().take(20).collect::<String>()
        )));
    }
    let chars = input.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(SearchError::InvalidQuery(format!(
            "the query has {chars} characters; at most {MAX_QUERY_CHARS} are searched"
        )));
    }
    let mut parsed = ParsedQuery::default();
    let mut pending_or = false;
    for lexeme in lex(input)? {
        match lexeme {
            Lexeme::Or => {
                if parsed.groups.is_empty() || pending_or {
                    return Err(SearchError::InvalidQuery(
                        "OR needs a term on each side".into(),
                    ));
                }
                pending_or = true;
            }
            Lexeme::Atom {
                atom,
                negated: true,
            } => {
                if pending_or {
                    return Err(SearchError::InvalidQuery(
                        "an excluded term cannot follow OR".into(),
                    ));
                }
                parsed.excluded.push(atom);
            }
            Lexeme::Atom {
                atom,
                negated: false,
            } => {
                if pending_or {
                    parsed.groups.last_mut().expect("checked above").push(atom);
                    pending_or = false;
                } else {
                    parsed.groups.push(vec![atom]);
                }
            }
        }
    }
    if pending_or {
        return Err(SearchError::InvalidQuery(
            "OR needs a term on each side".into(),
        ));
    }
    if parsed.groups.is_empty() {
        return Err(SearchError::InvalidQuery(if parsed.excluded.is_empty() {
            "empty query".into()
        } else {
            "a query needs at least one term that is not excluded".into()
        }));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_words_and_queries_are_refused_with_the_bound() {
        let word = "a".repeat(131_000);
        let err = parse_query(&word).unwrap_err().to_string();
        assert!(err.contains("131000 characters"), "{err}");
        assert!(err.contains(&MAX_WORD_CHARS.to_string()), "{err}");
        let phrase = format!("\"torture {}\"", "ж".repeat(MAX_WORD_CHARS + 1));
        assert!(parse_query(&phrase).is_err());
        let many = "torture ".repeat(MAX_QUERY_CHARS / 8 + 1);
        let err = parse_query(&many).unwrap_err().to_string();
        assert!(err.contains("at most"), "{err}");
        // At the bounds, a query is searched.
        assert!(parse_query(&"ж".repeat(MAX_WORD_CHARS)).is_ok());
    }

    fn w(s: &str) -> Atom {
        Atom::Word(s.into())
    }

    #[test]
    fn words_phrases_exclusions_and_or() {
        let q = parse_query(r#"torture "freedom of assembly" -Russia Tokayev OR Токаев"#).unwrap();
        assert_eq!(
            q.groups,
            vec![
                vec![w("torture")],
                vec![Atom::Phrase("freedom of assembly".into())],
                vec![w("Tokayev"), w("Токаев")],
            ]
        );
        assert_eq!(q.excluded, vec![w("Russia")]);
    }

    #[test]
    fn russian_quotes_and_negated_phrases() {
        let q = parse_query("«Кровавый январь» -\"death penalty\"").unwrap();
        assert_eq!(q.groups, vec![vec![Atom::Phrase("Кровавый январь".into())]]);
        assert_eq!(q.excluded, vec![Atom::Phrase("death penalty".into())]);
    }

    #[test]
    fn malformed_queries_are_explained() {
        for (q, needle) in [
            ("\"open phrase", "unclosed quote"),
            ("", "empty query"),
            ("-only", "at least one term"),
            ("OR torture", "OR needs"),
            ("torture OR", "OR needs"),
        ] {
            let err = parse_query(q).unwrap_err().to_string();
            assert!(err.contains(needle), "{q:?}: {err}");
        }
    }

    #[test]
    fn a_lone_dash_is_not_an_exclusion() {
        let q = parse_query("rights - Kazakhstan").unwrap();
        assert_eq!(q.groups.len(), 2);
        assert!(q.excluded.is_empty());
    }
}
