//! `pressroom import` killed mid-run, then run again: nothing lost, nothing
//! written twice, and a store SQLite still vouches for.

mod common;

use common::Home;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FILES: usize = 6_000;

fn write_releases(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..FILES {
        let text = format!(
            "Court fines journalist in case {i}\n\n\
             A court in Almaty on Tuesday fined the journalist {i} for a post about torture \
             in a pre-trial detention centre. Human rights defenders called the case number \
             {i} an attack on free speech and asked the prosecutor to review it.\n"
        );
        std::fs::write(dir.join(format!("release-{i:05}.txt")), text).unwrap();
    }
}

fn sqlite_says(home: &Home, pragma: &str) -> String {
    let store = pressroom_store::Store::open(&home.path().join("corpus/store.sqlite")).unwrap();
    store
        .conn()
        .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
        .unwrap()
}

/// Whether the store's file header says WAL (bytes 18 and 19: 2 for the
/// WAL, 1 for a rollback journal), read without SQLite, since
/// `Store::open` and every command that opens the store set the WAL.
fn header_says_wal(home: &Home) -> bool {
    let mut header = [0u8; 100];
    std::io::Read::read_exact(
        &mut std::fs::File::open(home.path().join("corpus/store.sqlite")).unwrap(),
        &mut header,
    )
    .unwrap();
    match (header[18], header[19]) {
        (2, 2) => true,
        (1, 1) => false,
        other => panic!("not an SQLite header: {other:?}"),
    }
}

#[test]
fn a_first_import_killed_mid_run_then_run_again_loses_and_duplicates_nothing() {
    let home = Home::empty();
    let dir = home.path().join("corpus/releases");
    write_releases(&dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["import", dir.to_str().unwrap()])
        .env("PRESSROOM_HOME", home.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // A first import writes through a rollback journal, whose file appears
    // with its first write: then the import is under way.
    let journal = home.path().join("corpus/store.sqlite-journal");
    let started = Instant::now();
    while !journal.exists() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it wrote through a rollback journal"
        );
        assert!(started.elapsed() < Duration::from_secs(60), "no journal");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import of {FILES} files ended before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    // The next open rolls the hot journal back.
    assert_eq!(sqlite_says(&home, "integrity_check"), "ok");
    let before = home.json(&["stats", "--json"])["documents"]
        .as_u64()
        .unwrap();
    assert!(before < FILES as u64, "{before} documents before the rerun");

    let rerun = home.json(&["import", dir.to_str().unwrap(), "--json"]);
    assert_eq!(
        rerun["new_documents"].as_u64().unwrap() + before,
        FILES as u64,
        "{rerun}"
    );
    assert_eq!(
        rerun["unchanged_files"].as_u64().unwrap(),
        before,
        "{rerun}"
    );
    // Before anything else opens the store: the import put the WAL back.
    assert!(header_says_wal(&home), "the import left a rollback journal");
    assert!(!journal.exists(), "no rollback journal file left");
    assert_eq!(home.json(&["stats", "--json"])["documents"], FILES);
    let origins: std::collections::HashSet<String> = home
        .documents()
        .iter()
        .map(|d| d["origin"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(origins.len(), FILES);
    assert_eq!(sqlite_says(&home, "integrity_check"), "ok");

    let again = home.json(&["import", dir.to_str().unwrap(), "--json"]);
    assert_eq!(again["unchanged_files"], FILES, "{again}");
    assert_eq!(again["new_documents"], 0, "{again}");
}
