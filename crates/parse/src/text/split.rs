//! A cleaned page into one document per language block of running prose.

use super::chrome::{fold, letter_count, word_count};
use crate::date::find_publication_date;
use crate::{ParseError, Parsed};
use chrono::NaiveDate;
use pressroom_analysis::lang::{fill_gaps, is_stray, paragraph_langs};
use pressroom_analysis::normalize::normalize_paragraph;
use pressroom_model::{DocId, DocMeta, Document, Evidence, Lang, Link, LinkKind};

/// A cleaned page before it is split by language.
pub(crate) struct Page {
    /// Headline when the caller knows it (HTML); otherwise each block's first
    /// title-like paragraph is its title.
    pub title: Option<String>,
    pub paragraphs: Vec<String>,
    /// Page-level date (metadata), used for blocks that state none.
    pub published: Option<NaiveDate>,
    /// A date the page declares as its own (front matter), preferred over
    /// any found in the text, which may be an event's.
    pub declared_date: Option<NaiveDate>,
    pub source: String,
    pub meta: DocMeta,
}

/// Minimum size of a language block that becomes a document of its own.
const MIN_BLOCK_PARAGRAPHS: usize = 2;
const MIN_BLOCK_LETTERS: usize = 300;

/// Contiguous runs of paragraphs by language, small runs merged into their
/// neighbours so that a quoted paragraph or a stray line never splits a page.
fn language_blocks(paragraphs: &[String]) -> Vec<(Lang, std::ops::Range<usize>)> {
    let detected = paragraph_langs(paragraphs);
    let langs = fill_gaps(paragraphs, &detected);
    let mut runs: Vec<(Lang, std::ops::Range<usize>)> = Vec::new();
    for (i, lang) in langs.iter().enumerate() {
        match runs.last_mut() {
            Some((l, r)) if l == lang => r.end = i + 1,
            _ => runs.push((*lang, i..i + 1)),
        }
    }
    // Only running prose makes a language block of its own: a signatory
    // list, a block of names, URLs or a bibliography is in the script of the
    // names it lists, not the language of the page, and stays with the text
    // around it.
    let substantial = |r: &std::ops::Range<usize>| {
        let prose: Vec<&String> = paragraphs[r.clone()]
            .iter()
            .filter(|p| !is_stray(p) && is_running_prose(p))
            .collect();
        let letters: usize = prose.iter().map(|p| letter_count(p)).sum();
        prose.len() >= MIN_BLOCK_PARAGRAPHS && letters >= MIN_BLOCK_LETTERS
    };
    // Merge small runs into the previous run (or the next, at the start),
    // then join neighbours that now share a language.
    let mut merged: Vec<(Lang, std::ops::Range<usize>)> = Vec::new();
    let mut pending_start: Option<usize> = None;
    for (lang, r) in runs {
        if substantial(&r) {
            let start = pending_start.take().unwrap_or(r.start);
            match merged.last_mut() {
                Some((l, prev)) if *l == lang => prev.end = r.end,
                _ => merged.push((lang, start..r.end)),
            }
        } else if let Some((_, prev)) = merged.last_mut() {
            prev.end = r.end;
        } else {
            pending_start.get_or_insert(r.start);
        }
    }
    if merged.is_empty() {
        // Nothing substantial: one document in the dominant language.
        let mut letters: Vec<(Lang, usize)> = Vec::new();
        for (p, l) in paragraphs.iter().zip(&langs) {
            match letters.iter_mut().find(|(x, _)| x == l) {
                Some((_, n)) => *n += letter_count(p),
                None => letters.push((*l, letter_count(p))),
            }
        }
        let lang = letters
            .iter()
            .max_by_key(|(_, n)| *n)
            .map_or(Lang::Other, |(l, _)| *l);
        return vec![(lang, 0..paragraphs.len())];
    }
    if let Some(start) = pending_start
        && let Some((_, r)) = merged.first_mut()
    {
        r.start = r.start.min(start);
    }
    merged
}

/// Words a prose paragraph needs: list entries, names and headings are shorter.
const MIN_PROSE_WORDS: usize = 8;
/// Share of a prose paragraph's words that start lower-case. Running text in
/// English or Russian has most of its words so; a list of organisation names
/// or a bibliography entry in title case has few.
const MIN_PROSE_LOWERCASE_SHARE: f64 = 0.4;

/// Running prose: a paragraph of sentences, not a list of names, addresses or
/// references. Such lists are in the script of what they name and say
/// nothing about the language a page is written in.
pub(crate) fn is_running_prose(p: &str) -> bool {
    let mut words = 0usize;
    let mut lowercase = 0usize;
    for w in p.split_whitespace() {
        if w.contains("://") || w.starts_with("www.") || w.contains('@') {
            // A URL or an address: a reference, not prose.
            return false;
        }
        let Some(first) = w.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        words += 1;
        if first.is_lowercase() {
            lowercase += 1;
        }
    }
    words >= MIN_PROSE_WORDS && lowercase as f64 >= MIN_PROSE_LOWERCASE_SHARE * words as f64
}

/// Title-like: short, not a bare date, not a finished long sentence.
fn is_title_like(p: &str) -> bool {
    let chars = p.chars().count();
    let words = word_count(p);
    (2..=30).contains(&words)
        && chars <= 200
        && !(p.trim_end().ends_with('.') && chars > 100)
        && !p.trim_start().starts_with(['•', '*', '·'])
        && !is_bare_date(p)
}

fn is_bare_date(p: &str) -> bool {
    p.chars().count() < 60 && find_publication_date(p).is_some()
}

/// First sentence of a paragraph, cut at a word boundary, for texts whose
/// first line is already running text.
fn title_from_paragraph(p: &str) -> String {
    let mut end = p.len().min(2000);
    while !p.is_char_boundary(end) {
        end -= 1;
    }
    let p = &p[..end];
    let first = pressroom_analysis::sentences::sentences(p)
        .into_iter()
        .next()
        .unwrap_or(p)
        .to_string();
    if first.chars().count() <= 150 {
        return first;
    }
    let mut out = String::new();
    for w in first.split_whitespace() {
        if out.chars().count() + w.chars().count() > 140 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

/// One document per language block, linked as translations.
pub(crate) fn split_into_documents(page: Page, origin: &str) -> Result<Parsed, ParseError> {
    let paragraphs: Vec<String> = page
        .paragraphs
        .iter()
        .map(|p| normalize_paragraph(p))
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs.is_empty() {
        return Err(ParseError::NoText(
            "no text left after removing page chrome".into(),
        ));
    }
    let page_title = page
        .title
        .as_deref()
        .map(normalize_paragraph)
        .filter(|t| !t.is_empty());
    let blocks = language_blocks(&paragraphs);
    let mut documents = Vec::with_capacity(blocks.len());
    for (part, (lang, range)) in blocks.into_iter().enumerate() {
        let block = &paragraphs[range];
        let mut body: Vec<&str> = block.iter().map(String::as_str).collect();
        let title = match (&page_title, part) {
            (Some(t), 0) => {
                body.retain(|p| fold(p) != fold(t));
                t.clone()
            }
            _ => match body.iter().position(|p| !is_bare_date(p)) {
                Some(i) if is_title_like(body[i]) => body.remove(i).to_string(),
                Some(i) => title_from_paragraph(body[i]),
                None => String::new(),
            },
        };
        let block_text = block.join("\n\n");
        let published = page
            .declared_date
            .or_else(|| find_publication_date(&block_text))
            .or(page.published);
        // The dateline's date is now `published`; a line holding only the
        // date near the top is not body text.
        let mut seen = 0;
        body.retain(|p| {
            seen += 1;
            !(seen <= 3 && is_bare_date(p))
        });
        documents.push(Document {
            id: DocId::derive(origin, part),
            source: page.source.clone(),
            origin: origin.to_string(),
            lang,
            title,
            published,
            body: body.join("\n\n"),
            meta: page.meta.clone(),
        });
    }
    let mut links = Vec::new();
    for (i, a) in documents.iter().enumerate() {
        for b in &documents[i + 1..] {
            if a.lang != b.lang {
                links.push(Link {
                    a: a.id.clone(),
                    b: b.id.clone(),
                    kind: LinkKind::Translation,
                    score: 0.9,
                    evidence: vec![Evidence {
                        signal: "same_page_split".into(),
                        weight: 0.9,
                        detail: format!("{} and {} blocks of one page", a.lang, b.lang),
                    }],
                });
            }
        }
    }
    Ok(Parsed { documents, links })
}
