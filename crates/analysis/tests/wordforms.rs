//! Russian word-form regression suite: every family in
//! `tests/data/wordforms-ru.txt` must reach one index key through
//! `key::term_key` (fold → lemma → the index's Snowball stemmer), and the `!`
//! pairs must stay apart.

use pressroom_analysis::key::term_key;

const DATA: &str = include_str!("data/wordforms-ru.txt");

fn lines() -> impl Iterator<Item = &'static str> {
    DATA.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[test]
fn suite_has_at_least_200_forms() {
    let forms: usize = lines()
        .filter(|l| !l.starts_with('!'))
        .map(|l| l.split_whitespace().count())
        .sum();
    assert!(forms >= 200, "{forms}");
}

#[test]
fn families_share_one_key() {
    let mut failures = Vec::new();
    for line in lines().filter(|l| !l.starts_with('!')) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let head = term_key(words[0]);
        for w in &words[1..] {
            let k = term_key(w);
            if k != head {
                failures.push(format!("{w} → {k}, but {} → {head}", words[0]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn different_words_stay_apart() {
    for line in lines().filter(|l| l.starts_with('!')) {
        let words: Vec<&str> = line[1..].split_whitespace().collect();
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                assert_ne!(term_key(a), term_key(b), "{a} / {b}");
            }
        }
    }
}
