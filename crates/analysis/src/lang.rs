//! Language identification for texts and paragraphs.
//!
//! The product only cares about English and Russian, but it must not file
//! Kazakh or Ukrainian text under Russian (they share the alphabet) nor French
//! under English. Statistical detection ([`whatlang`]) is unreliable on a
//! line or two, and short lines in releases are mostly names, figures and
//! captions that carry no language of their own, so:
//!
//! * the script decides for very short strings (Latin → English, Cyrillic →
//!   Russian unless Kazakh- or Ukrainian-only letters appear);
//! * [`paragraph_langs`] leaves stray short lines without a language and
//!   [`fill_gaps`] lets them inherit from their neighbours, so that a name on
//!   its own line never splits a document in two.

use pressroom_model::Lang;
use whatlang::{Detector, Lang as WLang, Script};

/// Below this many letters a string is judged by its script alone.
const SHORT_LETTERS: usize = 40;

/// A paragraph with fewer words or letters than this is "stray": it gets no
/// language of its own in [`paragraph_langs`].
const STRAY_WORDS: usize = 4;
const STRAY_LETTERS: usize = 20;

/// Letters used in Kazakh but not in Russian.
pub fn is_kazakh_letter(c: char) -> bool {
    matches!(
        c,
        'ә' | 'Ә'
            | 'ғ'
            | 'Ғ'
            | 'қ'
            | 'Қ'
            | 'ң'
            | 'Ң'
            | 'ө'
            | 'Ө'
            | 'ұ'
            | 'Ұ'
            | 'ү'
            | 'Ү'
            | 'һ'
            | 'Һ'
    )
}

/// Letters used in Ukrainian but not in Russian (`і` is shared with Kazakh).
pub fn is_ukrainian_letter(c: char) -> bool {
    matches!(c, 'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ' | 'і' | 'І')
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

struct LetterCounts {
    latin: usize,
    cyrillic: usize,
    kazakh: usize,
    ukrainian: usize,
}

fn count_letters(text: &str) -> LetterCounts {
    let mut n = LetterCounts {
        latin: 0,
        cyrillic: 0,
        kazakh: 0,
        ukrainian: 0,
    };
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii_alphabetic() {
            n.latin += 1;
        } else if is_cyrillic(c) {
            n.cyrillic += 1;
            if is_kazakh_letter(c) {
                n.kazakh += 1;
            } else if is_ukrainian_letter(c) {
                n.ukrainian += 1;
            }
        }
    }
    n
}

/// Kazakh text uses its own letters in nearly every sentence; a Russian text
/// quoting one Kazakh name has a handful.
fn cyrillic_by_letters(n: &LetterCounts) -> Lang {
    if n.kazakh * 100 >= n.cyrillic.max(1) * 2 {
        Lang::Kk
    } else if n.ukrainian * 100 >= n.cyrillic.max(1) * 2 && n.kazakh == 0 {
        Lang::Uk
    } else {
        Lang::Ru
    }
}

/// The language of `text`, or `None` when it has no letters to judge by.
pub fn detect(text: &str) -> Option<Lang> {
    // A paragraph's language shows in its first few sentences; reading more
    // only costs time on huge inputs.
    let text = prefix(text, 4000);
    let n = count_letters(text);
    let letters = n.latin + n.cyrillic;
    if letters == 0 {
        return None;
    }
    let cyrillic_script = n.cyrillic > n.latin;
    if letters < SHORT_LETTERS {
        return Some(if cyrillic_script {
            cyrillic_by_letters(&n)
        } else {
            Lang::En
        });
    }
    if cyrillic_script {
        if n.kazakh * 100 >= n.cyrillic * 2 {
            return Some(Lang::Kk);
        }
        // Ukrainian prose cannot go a sentence without і, ї, є or ґ, which
        // Russian never uses: without any of them the text is Russian (as
        // the detector, limited to these two, would say), and trigram
        // scoring is skipped.
        if n.ukrainian == 0 {
            return Some(Lang::Ru);
        }
        let detector = Detector::with_allowlist(vec![WLang::Rus, WLang::Ukr]);
        return Some(match detector.detect_lang(text) {
            Some(WLang::Ukr) => Lang::Uk,
            Some(_) => Lang::Ru,
            None => cyrillic_by_letters(&n),
        });
    }
    // Latin script: English unless whatlang is sure of another language.
    // Running prose in English is a fifth function words or more, which no
    // other Latin-script language comes near; it skips whatlang's trigram
    // scoring over ~40 languages, the most expensive step of parsing.
    if english_function_word_share(text) >= 0.2 {
        return Some(Lang::En);
    }
    match whatlang::detect(text) {
        Some(info)
            if info.script() == Script::Latin
                && info.lang() != WLang::Eng
                && info.is_reliable() =>
        {
            Some(Lang::Other)
        }
        _ => Some(Lang::En),
    }
}

/// The most frequent English words, none of them a frequent word of
/// French, Spanish, German, Italian, Portuguese or Dutch.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "that", "for", "with", "by", "it", "are", "be", "from", "at", "this",
    "has", "have", "were", "not", "or", "which", "their", "its", "his", "her", "they", "been",
    "said", "would", "who", "had", "but",
];

/// Share of the words of `text` that are [`ENGLISH_FUNCTION_WORDS`]; 0
/// below 20 words, where a share says little.
fn english_function_word_share(text: &str) -> f32 {
    let (mut words, mut function) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if word.len() <= 5
            && ENGLISH_FUNCTION_WORDS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(word))
        {
            function += 1;
        }
    }
    if words < 20 {
        return 0.0;
    }
    function as f32 / words as f32
}

/// At most `max` bytes of `text`, cut at a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// True for lines too short to carry a language: names, figures, captions.
pub fn is_stray(paragraph: &str) -> bool {
    if paragraph.len() > 1000 {
        return false;
    }
    let words = paragraph
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let letters = paragraph.chars().filter(|c| c.is_alphabetic()).count();
    words < STRAY_WORDS || letters < STRAY_LETTERS
}

/// The language of each paragraph; `None` for stray ones (see [`is_stray`])
/// and for paragraphs without letters.
pub fn paragraph_langs<S: AsRef<str>>(paragraphs: &[S]) -> Vec<Option<Lang>> {
    paragraphs
        .iter()
        .map(|p| {
            let p = p.as_ref();
            if is_stray(p) { None } else { detect(p) }
        })
        .collect()
}

/// Give paragraphs without a language the language of the previous one (or,
/// at the start, of the next one). When no paragraph has a language, the
/// script of the joined text decides; with no letters at all, [`Lang::Other`].
pub fn fill_gaps<S: AsRef<str>>(paragraphs: &[S], langs: &[Option<Lang>]) -> Vec<Lang> {
    let first_known = langs.iter().flatten().next().copied();
    let fallback = first_known.unwrap_or_else(|| {
        let joined: Vec<&str> = paragraphs.iter().map(AsRef::as_ref).collect();
        detect(&joined.join(" ")).unwrap_or(Lang::Other)
    });
    let mut current = fallback;
    langs
        .iter()
        .map(|l| {
            if let Some(l) = l {
                current = *l;
            }
            current
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_russian_paragraphs() {
        assert_eq!(
            detect(
                "Kazakhstan has been downgraded from obstructed to repressed by the CIVICUS Monitor."
            ),
            Some(Lang::En)
        );
        assert_eq!(
            detect(
                "Казахстан был понижен до «репрессивного» из-за повсеместных нарушений свободы мирных собраний."
            ),
            Some(Lang::Ru)
        );
    }

    #[test]
    fn kazakh_and_ukrainian_are_not_russian() {
        assert_eq!(
            detect(
                "Қазақстан Республикасының Президенті халыққа жолдау жасады және бейбіт жиындар туралы заңға өзгерістер енгізуді ұсынды."
            ),
            Some(Lang::Kk)
        );
        assert_eq!(
            detect(
                "Влада повинна розслідувати всі порушення, про які повідомлялося у зв'язку з подіями, відповідно до міжнародних стандартів."
            ),
            Some(Lang::Uk)
        );
    }

    #[test]
    fn other_latin_languages_are_other() {
        assert_eq!(
            detect(
                "Aujourd'hui, l'Union européenne tiendra le huitième cycle de son dialogue annuel sur les droits de l'homme avec le Kazakhstan."
            ),
            Some(Lang::Other)
        );
    }

    #[test]
    fn english_prose_is_recognised_by_its_function_words_and_others_are_not() {
        let english = "The authorities have detained at least ten activists who were \
            protesting against the new law, and their lawyers said that the charges \
            brought by the prosecutor were not supported by any evidence.";
        assert!(english_function_word_share(english) >= 0.2);
        assert_eq!(detect(english), Some(Lang::En));
        // Other Latin-script languages stay far below the threshold and go
        // on to whatlang.
        for other in [
            "Les autorités ont arrêté au moins dix militants qui protestaient contre la \
             nouvelle loi, et leurs avocats ont déclaré que les accusations portées par le \
             procureur ne reposaient sur aucune preuve.",
            "Las autoridades detuvieron al menos a diez activistas que protestaban contra la \
             nueva ley, y sus abogados dijeron que los cargos presentados por el fiscal no \
             estaban respaldados por ninguna prueba.",
            "Die Behörden haben mindestens zehn Aktivisten festgenommen, die gegen das neue \
             Gesetz protestierten, und ihre Anwälte sagten, dass die Anklage des \
             Staatsanwalts durch keine Beweise gestützt werde.",
            "De autoriteiten hebben ten minste tien activisten aangehouden die protesteerden \
             tegen de nieuwe wet, en hun advocaten zeiden dat de aanklacht van de officier \
             van justitie door geen enkel bewijs werd gestaafd.",
        ] {
            assert!(english_function_word_share(other) < 0.1, "{other}");
            assert_eq!(detect(other), Some(Lang::Other), "{other}");
        }
    }

    #[test]
    fn short_strings_go_by_script() {
        assert_eq!(detect("Tokayev"), Some(Lang::En));
        assert_eq!(detect("Токаев"), Some(Lang::Ru));
        assert_eq!(detect("Қазақ"), Some(Lang::Kk));
        assert_eq!(detect("10 000 — 2022"), None);
    }

    #[test]
    fn stray_lines_inherit_from_neighbours() {
        let paras = [
            "Казахстан понижен в рейтинге из-за ухудшения гражданских свобод",
            "Aarti Narsee",
            "Власти задержали более 10 000 человек, в том числе лиц, принимавших участие в протестах.",
            "21 June 2022",
        ];
        let langs = paragraph_langs(&paras);
        assert_eq!(langs[1], None);
        assert_eq!(langs[3], None);
        assert_eq!(fill_gaps(&paras, &langs), [Lang::Ru; 4]);
        assert_eq!(
            fill_gaps(&["Tokayev", "2022"], &[None, None]),
            [Lang::En; 2]
        );
    }
}
