//! A word's key computed once per thread.
//!
//! Words recur: a few tens of thousands of forms make most of a corpus, and
//! a remembered key costs a lookup where folding, the stop list, the lemma
//! table and Snowball cost ten times that. The lookup itself was the
//! largest part of analysis with a `HashMap<String, Option<String>>`: three
//! scattered reads per word (the control bytes, the entry, the key's heap
//! string) and an allocation per key handed out. [`KeyMemo`] keeps each
//! word and its key side by side in one arena and their lengths with a
//! piece of the hash in the table's slot, so a hit reads the slot and one
//! place in the arena, and hands out a `&str`.

use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Words remembered per table, at most; the table is cleared when full.
/// Cleared, not aged out: a generated 100k corpus has ~30,000 forms per
/// language, so a table this size rarely fills, and a real corpus's rare
/// forms are rare. Simulated on the first 20,000 documents of the 100k
/// corpus: at 16,384 words (the earlier `HashMap`'s cap) one Russian
/// lookup in eight missed, at this size one in a hundred.
pub(crate) const MEMO_WORDS: usize = 1 << 16;

/// Longest word or key remembered, bytes (a length fits in a slot's byte).
const MAX_LEN: usize = u8::MAX as usize - 1;

/// The bits of a slot that must match a word before its bytes are
/// compared: 16 bits of its hash and its length.
const TAG_BITS: u64 = 0xffff_ff00_0000_0000;

/// A key length meaning "no key" (a stop word).
const NO_KEY: u64 = u8::MAX as u64;

/// Word → optional key, remembered up to [`MEMO_WORDS`] words: 2–3 MB
/// when full (1 MB of slots, the rest words and keys).
pub(crate) struct KeyMemo {
    /// Open addressing with linear probing, twice as many slots as words.
    /// 0 is empty (no word is empty); else, from the high bits: 16 bits of
    /// the word's hash, its length, its key's length ([`NO_KEY`] for none)
    /// and where the word starts in `arena` (its key follows it).
    slots: Vec<u64>,
    arena: String,
    words: usize,
}

impl KeyMemo {
    pub(crate) fn new() -> KeyMemo {
        KeyMemo {
            slots: Vec::new(),
            arena: String::new(),
            words: 0,
        }
    }

    /// Start loading the slot where `word` would be, so that a `with` of it
    /// a few words later finds the slot in cache: the table is larger than
    /// a core's cache, and waiting for its slots was most of a lookup.
    pub(crate) fn prefetch(&self, word: &str) {
        if self.slots.is_empty() {
            return;
        }
        let at = FxBuildHasher.hash_one(word) as usize & (self.slots.len() - 1);
        prefetch_read(&self.slots[at]);
    }

    /// `read` of the key of `word`, from `compute` the first time.
    pub(crate) fn with<R>(
        &mut self,
        word: &str,
        compute: impl FnOnce(&str) -> Option<String>,
        read: impl FnOnce(Option<&str>) -> R,
    ) -> R {
        if word.is_empty() || word.len() > MAX_LEN {
            return read(compute(word).as_deref());
        }
        if self.slots.is_empty() {
            // Allocated on first use: a thread that never analyses text
            // (or only a query's few words) costs nothing.
            self.slots = vec![0; 2 * MEMO_WORDS];
        }
        let hash = FxBuildHasher.hash_one(word);
        let tag = (hash >> 48) << 48 | (word.len() as u64) << 40;
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                break;
            }
            if slot & TAG_BITS == tag {
                let start = (slot & 0xffff_ffff) as usize;
                let end = start + word.len();
                if same_bytes(&self.arena.as_bytes()[start..end], word.as_bytes()) {
                    let key_len = (slot >> 32) & 0xff;
                    let key = (key_len != NO_KEY).then(|| &self.arena[end..end + key_len as usize]);
                    return read(key);
                }
            }
            at = (at + 1) & mask;
        }
        let key = compute(word);
        if key.as_ref().is_some_and(|k| k.len() > MAX_LEN) {
            return read(key.as_deref());
        }
        // The arena stays far below 4 GB (a word and a key of at most
        // `MAX_LEN` bytes each per word), so a start fits in 32 bits.
        if self.words >= MEMO_WORDS {
            self.slots.fill(0);
            self.arena.clear();
            self.words = 0;
            at = hash as usize & mask;
        }
        let start = self.arena.len();
        self.arena.push_str(word);
        let key_len = match &key {
            Some(k) => {
                self.arena.push_str(k);
                k.len() as u64
            }
            None => NO_KEY,
        };
        self.slots[at] = tag | key_len << 32 | start as u64;
        self.words += 1;
        read(key.as_deref())
    }
}

/// `a == b` for two slices of one length, words of up to 32 bytes (a
/// 16-letter Russian word) compared in a few loads instead of a call to
/// `memcmp`.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len();
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or([0; 4]));
    match n {
        // Loads that overlap in the middle cover every length of a range.
        17..=32 => {
            word(a, 0) == word(b, 0)
                && word(a, 8) == word(b, 8)
                && word(a, n - 16) == word(b, n - 16)
                && word(a, n - 8) == word(b, n - 8)
        }
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        0 => true,
        _ => a == b,
    }
}

/// Hint that `value` will be read soon.
#[inline]
#[allow(unsafe_code)] // one intrinsic
fn prefetch_read<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch only hints the cache; it reads nothing the program
    // sees and cannot fault, and the pointer comes from a live reference.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(memo: &mut KeyMemo, word: &str, computed: &mut usize) -> Option<String> {
        memo.with(
            word,
            |w| {
                *computed += 1;
                (!w.starts_with('x')).then(|| w.to_uppercase())
            },
            |k| k.map(str::to_string),
        )
    }

    #[test]
    fn keys_are_computed_once_and_read_back() {
        let mut memo = KeyMemo::new();
        let mut computed = 0;
        for _ in 0..3 {
            assert_eq!(
                key_of(&mut memo, "пытки", &mut computed).as_deref(),
                Some("ПЫТКИ")
            );
            assert_eq!(key_of(&mut memo, "xstop", &mut computed), None);
            assert_eq!(key_of(&mut memo, "a", &mut computed).as_deref(), Some("A"));
        }
        assert_eq!(computed, 3);
        // Too long to remember: computed each time, still right.
        let long = "д".repeat(200);
        for _ in 0..2 {
            assert_eq!(
                key_of(&mut memo, &long, &mut computed),
                Some(long.to_uppercase())
            );
        }
        assert_eq!(computed, 5);
    }

    #[test]
    fn a_full_memo_starts_over_and_stays_right() {
        let mut memo = KeyMemo::new();
        let mut computed = 0;
        let words: Vec<String> = (0..MEMO_WORDS + 10).map(|i| format!("w{i}")).collect();
        for word in &words {
            assert_eq!(
                key_of(&mut memo, word, &mut computed),
                Some(word.to_uppercase())
            );
        }
        assert_eq!(computed, words.len());
        assert_eq!(memo.words, 10, "cleared once, then the last ten");
        // The last ten are remembered, the first are computed again.
        for word in words.iter().rev().take(10) {
            assert_eq!(
                key_of(&mut memo, word, &mut computed),
                Some(word.to_uppercase())
            );
        }
        assert_eq!(computed, words.len());
        assert_eq!(
            key_of(&mut memo, "w0", &mut computed).as_deref(),
            Some("W0")
        );
        assert_eq!(computed, words.len() + 1);
    }
    #[test]
    fn bytes_compare_equal_only_when_every_byte_is() {
        for n in 0..40 {
            let a: Vec<u8> = (0..n as u8).map(|i| i.wrapping_mul(37) | 1).collect();
            assert!(same_bytes(&a, &a.clone()), "{n}");
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 0x40;
                assert!(!same_bytes(&a, &b), "length {n}, byte {at}");
            }
        }
    }
}
