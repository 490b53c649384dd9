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
            // Fast paths (ASCII, the Russian alphabet) before the Unicode tables.
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).expect("а..я")),
            c if c.is_ascii() || matches!(c, 'а'..='я') => out.push(c),
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
    fn fast_paths_fold_as_the_unicode_tables_do() {
        let reference = |c: char| -> String {
            match c {
                'ё' | 'Ё' => "е".to_string(),
                c if c.is_uppercase() => c.to_lowercase().collect(),
                c => c.to_string(),
            }
        };
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            assert_eq!(fold(&c.to_string()), reference(c), "{c:?}");
        }
    }

    #[test]
    fn script_is_recognised() {
        assert!(is_cyrillic("Токаев"));
        assert!(!is_cyrillic("Tokayev"));
        assert!(!is_cyrillic("2022"));
    }
}
