//! Case and letter folding, applied to every token before stemming, at index
//! and query time alike.
//!
//! Russian writes `ё` optionally (`Алёна`/`Алена`, `ещё`/`еще`); Snowball's
//! Russian stemmer treats them as different letters, so `ё` is folded to `е`
//! *before* stemming or a word spelt both ways would get two stems.

/// Lowercase and fold `ё` → `е`.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'ё' | 'Ё' => out.push('е'),
            c if c.is_uppercase() => out.extend(c.to_lowercase()),
            c => out.push(c),
        }
    }
    out
}

/// Whether the word is written in Cyrillic (first letter decides).
pub fn is_cyrillic(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c, '\u{0400}'..='\u{052F}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yo_is_folded_and_case_lowered() {
        assert_eq!(fold("ЁЛКА"), "елка");
        assert_eq!(fold("Алёна"), "алена");
        assert_eq!(fold("Tokayev"), "tokayev");
    }

    #[test]
    fn script_is_recognised() {
        assert!(is_cyrillic("Токаев"));
        assert!(!is_cyrillic("Tokayev"));
        assert!(!is_cyrillic("2022"));
    }
}
