//! A picture's caption ending in its credit.

/// A picture's caption ending in its credit in brackets ("… four RS-25
/// engines. (credit: NASA/Jude Guidry)").
pub(crate) fn is_credited_caption(text: &str) -> bool {
    let t = text.trim_end();
    if t.chars().count() > 300 || !t.ends_with(')') {
        return false;
    }
    let Some(open) = t.rfind('(') else {
        return false;
    };
    let inner = t[open + 1..].trim_start().to_lowercase();
    [
        "credit:",
        "credits:",
        "photo:",
        "photo credit:",
        "image:",
        "image credit:",
        "фото:",
    ]
    .iter()
    .any(|p| inner.starts_with(p))
        || is_agency_credit(inner.trim_end_matches(')'))
}

/// A news agency's picture credit as captions end ("(AP Photo/Jane Doe)",
/// "(NASA via AP, File)", "(Getty Images)").
fn is_agency_credit(inner: &str) -> bool {
    const AGENCIES: &[&str] = &[
        "ap",
        "afp",
        "reuters",
        "epa",
        "getty images",
        "tass",
        "ria novosti",
    ];
    let inner = inner.trim_end_matches(", file").trim();
    inner.starts_with("ap photo")
        || inner.starts_with("photo by ")
        || AGENCIES.iter().any(|a| {
            inner == *a
                || inner
                    .strip_suffix(a)
                    .is_some_and(|rest| rest.ends_with(" via ") || rest.ends_with('/'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_picture_credits_end_a_caption() {
        for caption in [
            "Astronauts during a space walk. (NASA via AP, File)",
            "The minister in Almaty on Monday. (AP Photo/Jane Doe)",
            "Protesters outside the court. (Getty Images)",
        ] {
            assert!(is_credited_caption(caption), "{caption:?}");
        }
        for text in [
            "The agency said so in a statement (via AP).",
            "He was released on bail (a rare decision in such cases)",
        ] {
            assert!(!is_credited_caption(text), "{text:?}");
        }
    }

    #[test]
    fn credits_in_brackets_end_a_caption_and_other_brackets_do_not() {
        assert!(is_credited_caption(
            "The core stage at Michoud. (credit: NASA/Jude Guidry)"
        ));
        assert!(is_credited_caption("Protesters in Almaty (Photo: Reuters)"));
        assert!(!is_credited_caption(
            "The fund gave the group a grant (credited to its 2019 budget)"
        ));
    }
}
