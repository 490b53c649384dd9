//! An index build that fails part way, through the real binary.

mod common;
use common::Home;
use std::process::Command;

/// Words that do not repeat, so the index files they make are large.
fn distinct_words(n: usize) -> String {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut out = String::new();
    for _ in 0..n {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let mut word = String::new();
        let mut bits = state >> 16;
        for _ in 0..8 {
            word.push((b'a' + (bits % 26) as u8) as char);
            bits /= 26;
        }
        out.push_str(&word);
        out.push(' ');
    }
    out
}

#[test]
fn a_build_that_runs_out_of_space_leaves_no_half_built_index_and_the_old_one_serves() {
    let home = Home::with_sample();
    home.ok(&["search", "torture"]);
    let extra = tempfile::tempdir().unwrap();
    let file = extra.path().join("long.txt");
    std::fs::write(
        &file,
        format!(
            "A long release\n\n12 March 2024\n\n{}\n",
            distinct_words(30_000)
        ),
    )
    .unwrap();
    home.ok(&["import", file.to_str().unwrap()]);
    home.ok(&["index"]);
    // Files may grow to 35 or 70 KB (the shell counts in 512- or 1024-byte
    // blocks): enough for the store's shared memory file, too little for
    // the index of 30,000 distinct words. Past it, a write fails with
    // EFBIG, as on a full disk.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 70; exec '{}' index --rebuild",
            env!("CARGO_BIN_EXE_pressroom")
        ))
        .env("PRESSROOM_HOME", home.path())
        .output()
        .unwrap();
    assert!(!out.status.success(), "the build was meant to fail");
    assert!(
        !home.path().join("index/tantivy.new").exists(),
        "a half-built index was left behind"
    );
    assert!(home.hits("torture", &[]).len() >= 4);
}
