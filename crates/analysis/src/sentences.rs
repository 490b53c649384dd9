//! Sentence segmentation for English and Russian.
//!
//! Sentence alignment pairs sentences across languages, so a false break
//! (after `Mr.`, `ул.`, the initials in `К.-Ж. Токаев`) or a missed one shifts
//! every pair after it. A sentence ends at `.`, `!`, `?` or `…` (with any
//! closing quotes or brackets) followed by space and something that can start
//! a sentence: an upper-case letter, an opening quote, a dash or a digit. A
//! full stop after a known abbreviation or an initial is not an end; `г.` is
//! an end only after a year (`в 2022 г. Власти…`), not before a city name
//! (`г. Алматы`). Blank lines always end a sentence.

/// Abbreviations that never end a sentence (lower-cased, without the final
/// dot). Both languages share one list: their spellings do not collide.
const NEVER_FINAL: &[&str] = &[
    // English
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "jr",
    "sr",
    "no",
    "nos",
    "vs",
    "v",
    "e.g",
    "i.e",
    "cf",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "rev",
    "hon",
    "mt",
    "art",
    "arts",
    "para",
    "fig",
    "vol",
    "pp",
    "p",
    "approx",
    "dept",
    "jan",
    "feb",
    "apr",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.n",
    "u.s",
    "u.k",
    "e.u",
    // Russian
    "им",
    "ул",
    "т.е",
    "т.н",
    "см",
    "ср",
    "напр",
    "стр",
    "ст",
    "ч",
    "п",
    "пп",
    "тел",
    "д",
    "кв",
    "пр",
    "просп",
    "пер",
    "пл",
    "обл",
    "р-н",
    "проф",
    "акад",
    "доц",
    "гр",
    "тов",
    "г-н",
    "г-жа",
    "рис",
    "илл",
    "т",
    "тт",
    "млн",
    "млрд",
    "тыс",
    "руб",
    "долл",
    "янв",
    "февр",
    "авг",
    "сент",
    "окт",
    "нояб",
    "дек",
    "вв",
    "с.-петербург",
    "н.э",
];

fn is_opening(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '«' | '“' | '„' | '(' | '—' | '–' | '-' | '\'')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '»' | '”' | '’' | '\'' | ')' | ']')
}

/// The word (maximal run without whitespace) that ends just before `end`.
fn word_before(text: &str, end: usize) -> &str {
    let start = text[..end]
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '«'))
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    &text[start..end]
}

fn previous_word_is_year(text: &str, word_start: usize) -> bool {
    let before = text[..word_start].trim_end();
    let prev = word_before(before, before.len());
    prev.len() == 4 && prev.bytes().all(|b| b.is_ascii_digit())
}

/// True when the full stop at byte `dot` does not end a sentence.
fn is_abbreviation(text: &str, dot: usize) -> bool {
    let word = word_before(text, dot);
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if lower == "г" || lower == "гг" {
        return !previous_word_is_year(text, dot - word.len());
    }
    if NEVER_FINAL.contains(&lower.as_str()) {
        return true;
    }
    // Initials: `К.`, `J.`, `К.-Ж.`, `A.B.` — single letters joined by dots
    // or hyphens.
    word.split(['.', '-'])
        .filter(|p| !p.is_empty())
        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

/// Byte ranges of the sentences of `text`, trimmed, in order.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        // A blank line ends whatever came before.
        if c == '\n' {
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 != '\n' && chars[j].1.is_whitespace() {
                j += 1;
            }
            if j < chars.len() && chars[j].1 == '\n' {
                push_span(text, start, pos, &mut spans);
                start = chars[j].0;
                i = j + 1;
                continue;
            }
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            // Take runs like `?!`, `...` and closing quotes.
            let mut j = i + 1;
            while j < chars.len()
                && (matches!(chars[j].1, '.' | '!' | '?' | '…') || is_closing(chars[j].1))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |(p, _)| *p);
            let mut k = j;
            let mut saw_space = false;
            while k < chars.len() && chars[k].1.is_whitespace() {
                saw_space = true;
                k += 1;
            }
            let next_opens = chars.get(k).is_some_and(|(_, c)| is_opening(*c));
            let single_dot = c == '.' && j == i + 1;
            if saw_space && next_opens && !(single_dot && is_abbreviation(text, pos)) {
                push_span(text, start, end, &mut spans);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_span(text, start, text.len(), &mut spans);
    spans
}

fn push_span(text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        spans.push((start + lead, start + lead + trimmed.len()));
    }
}

/// The sentences of `text`, trimmed.
pub fn sentences(text: &str) -> Vec<&str> {
    sentence_spans(text)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_sentences() {
        assert_eq!(
            sentences("Protests began in January. Over 200 people were killed! Why? Nobody knows."),
            [
                "Protests began in January.",
                "Over 200 people were killed!",
                "Why?",
                "Nobody knows."
            ]
        );
        assert_eq!(
            sentences(
                "Власти задержали людей. «Это недопустимо», — сказал он. 2022 год стал тяжелым."
            ),
            [
                "Власти задержали людей.",
                "«Это недопустимо», — сказал он.",
                "2022 год стал тяжелым."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        assert_eq!(
            sentences("“It reinforces our concerns.” He said so."),
            ["“It reinforces our concerns.”", "He said so."]
        );
    }

    #[test]
    fn english_abbreviations_and_initials() {
        assert_eq!(
            sentences("Mr. Smith met Dr. Jones at the U.N. Office. Then J. K. Rowling spoke."),
            [
                "Mr. Smith met Dr. Jones at the U.N. Office.",
                "Then J. K. Rowling spoke."
            ]
        );
        assert_eq!(
            sentences("It grew by 1.5 percent. Art. 174 applies."),
            ["It grew by 1.5 percent.", "Art. 174 applies."]
        );
    }

    #[test]
    fn russian_abbreviations_and_initials() {
        assert_eq!(
            sentences(
                "Президент К.-Ж. Токаев выступил в г. Алматы на ул. Абая. Это было 21 июня 2022 г. Власти молчали."
            ),
            [
                "Президент К.-Ж. Токаев выступил в г. Алматы на ул. Абая.",
                "Это было 21 июня 2022 г.",
                "Власти молчали."
            ]
        );
        assert_eq!(
            sentences("Речь идет о правах, т.е. Конституции. Университет им. Аль-Фараби закрыт."),
            [
                "Речь идет о правах, т.е. Конституции.",
                "Университет им. Аль-Фараби закрыт."
            ]
        );
    }

    #[test]
    fn lower_case_after_a_stop_does_not_break() {
        assert_eq!(
            sentences("about 10 млн. человек"),
            ["about 10 млн. человек"]
        );
        assert_eq!(
            sentences("see fig. 3 and www.hrw.org now."),
            ["see fig. 3 and www.hrw.org now."]
        );
    }

    #[test]
    fn blank_lines_break_and_spans_point_into_text() {
        let text = "Title without stop\n\n  First sentence. Second";
        let spans = sentence_spans(text);
        let got: Vec<&str> = spans.iter().map(|(s, e)| &text[*s..*e]).collect();
        assert_eq!(got, ["Title without stop", "First sentence.", "Second"]);
    }
}
