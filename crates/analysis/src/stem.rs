//! Snowball stemming, one step of the word-key pipeline ([`crate::key`]).

use crate::fold::is_cyrillic;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));

/// Snowball stem of an already folded word, by the word's own script:
/// Latin words inside Russian text (names, acronyms) are stemmed as English
/// and Cyrillic words inside English text as Russian, so a name gets the
/// same key wherever it appears.
pub fn stem(folded: &str) -> String {
    if is_cyrillic(folded) {
        RUSSIAN.stem(folded).into_owned()
    } else if folded.chars().any(|c| c.is_ascii_alphabetic()) {
        ENGLISH.stem(folded).into_owned()
    } else {
        folded.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_by_the_words_own_script() {
        assert_eq!(stem("tortured"), stem("torture"));
        assert_eq!(stem("пытках"), stem("пытки"));
        assert_eq!(stem("2022"), "2022");
        // No lemmas here: a fleeting vowel splits the forms.
        assert_ne!(stem("пыток"), stem("пытки"));
    }
}
