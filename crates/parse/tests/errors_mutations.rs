//! A deterministic stand-in for the fuzzer that runs with every `cargo test`:
//! thousands of inputs derived from the seeds by byte flips, truncation,
//! splicing, insertion of markup, NULs and invalid UTF-8 must parse or fail
//! with a `ParseError`, never panic.

use pressroom_model::sources::SourcesConfig;
use pressroom_parse::{ContentKind, Input, parse};
use std::path::PathBuf;

/// xorshift64*: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SNIPPETS: &[&[u8]] = &[
    b"<html><body><p>",
    b"</p></div>",
    b"<script>",
    b"\n\n",
    b"\0",
    b"\xFF\xFE",
    b"\xEF\xBB\xBF",
    b"<?xml version=\"1.0\" encoding=\"koi8-r\"?>",
    b"<meta charset=\"windows-1251\">",
    b"Related articles\n",
    b"Date: November 23, 2016\n",
    b"[Original news] (https://bureau.kz/x/)\n",
    b"\xD0",
    b"! [] (images/x.jpg)",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(6) {
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            1 => data.truncate(rng.below(data.len() + 1)),
            2 => {
                let s = SNIPPETS[rng.below(SNIPPETS.len())];
                let i = rng.below(data.len() + 1);
                data.splice(i..i, s.iter().copied());
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let to = (from + rng.below(2000)).min(other.len());
                let i = rng.below(data.len() + 1);
                data.splice(i..i, other[from..to].iter().copied());
            }
            4 if !data.is_empty() => {
                let from = rng.below(data.len());
                let to = (from + rng.below(500)).min(data.len());
                data.drain(from..to);
            }
            _ => {
                let n = rng.below(64);
                data.extend((0..n).map(|_| rng.next() as u8));
            }
        }
    }
    data
}

/// Enough to exercise every mutation on every seed many times while keeping
/// the debug-build test under a minute.
const ROUNDS: usize = 1500;

#[test]
fn mutated_seeds_never_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("sample dir")
        .flatten()
        .map(|e| std::fs::read(e.path()).expect("readable"))
        .collect();
    seeds.sort();
    seeds.push(b"<html><head><title>T</title></head><body><article><h1>T</h1><p>Text of the release with enough words.</p></article></body></html>".to_vec());
    let sources = SourcesConfig::load(&dir.join("../sources.toml")).expect("sources");
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (mut ok, mut errors) = (0, 0);
    for round in 0..ROUNDS {
        let data = mutate(&mut rng, &seeds);
        let kind = [ContentKind::Text, ContentKind::Html, ContentKind::Auto][round % 3];
        let result = parse(
            &Input {
                bytes: &data,
                origin: "mutation",
                url: None,
                content_type: None,
                kind,
            },
            &sources,
        );
        match result {
            Ok(parsed) => {
                ok += 1;
                for d in &parsed.documents {
                    assert!(
                        !d.body.trim().is_empty() || !d.title.is_empty(),
                        "empty document from round {round}"
                    );
                }
            }
            Err(_) => errors += 1,
        }
    }
    println!("{ROUNDS} mutated inputs: {ok} parsed, {errors} refused with an error");
    assert!(
        ok > ROUNDS / 3,
        "most mutations of real releases should still parse"
    );
}
