//! Readers and writers of one home at once, through the real binary:
//! readers never need the index writer's lock, two writers are told
//! apart, and readers during an import are not refused.

mod common;
use common::Home;
use std::path::Path;
use std::process::{Command, Output};

/// A press release holding `word`, written into `dir` as `name`.
fn release(dir: &Path, name: &str, word: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "Release about {word}\n\n12 March 2024\n\nThe {word} statement ({name}) was issued today by the coalition of human rights organisations after the hearing.\n"
        ),
    )
    .unwrap();
    path
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Hold the index writer's lock from this process, as another pressroom
/// process does while it indexes.
fn hold_writer_lock(home: &Home) -> std::fs::File {
    let dir = home.path().join("index");
    std::fs::create_dir_all(&dir).unwrap();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(pressroom_search::WRITER_LOCK_FILE))
        .unwrap();
    file.lock().unwrap();
    file
}

#[test]
fn a_search_while_another_process_indexes_answers_from_the_last_commit_and_says_so() {
    let home = Home::with_sample();
    home.ok(&["search", "torture"]);
    let extra = tempfile::tempdir().unwrap();
    let file = release(extra.path(), "late.txt", "zanzibarite");
    home.ok(&["import", file.to_str().unwrap()]);

    let lock = hold_writer_lock(&home);
    let out = home.run(&["search", "torture", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("results are from its last commit"),
        "{}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["total"].as_u64().unwrap() >= 4, "{json}");
    // The last commit does not hold the new document yet.
    assert!(home.hits("zanzibarite", &[]).is_empty());

    // A second writer is refused clearly.
    let out = home.run(&["index"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("another pressroom process is indexing"),
        "{}",
        stderr(&out)
    );

    drop(lock);
    assert_eq!(home.hits("zanzibarite", &[]).len(), 1);
}

#[test]
fn several_first_searches_at_once_all_succeed() {
    let home = Home::with_sample();
    let searches: Vec<_> = (0..3)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_pressroom"))
                .args(["search", "torture", "--json"])
                .env("PRESSROOM_HOME", home.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut totals = Vec::new();
    for search in searches {
        let out = search.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        totals.push(json["total"].as_u64().unwrap());
    }
    assert!(
        totals.iter().all(|&t| t == totals[0] && t >= 4),
        "{totals:?}"
    );
    assert_eq!(home.documents().len(), 6, "the sample was imported once");
}

#[test]
fn two_rebuilds_at_once_either_succeed_or_say_another_process_is_indexing() {
    let home = Home::with_sample();
    home.ok(&["search", "torture"]);
    let rebuilds: Vec<_> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_pressroom"))
                .args(["index", "--rebuild"])
                .env("PRESSROOM_HOME", home.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for rebuild in rebuilds {
        let out = rebuild.wait_with_output().unwrap();
        assert!(
            out.status.success() || stderr(&out).contains("another pressroom process is indexing"),
            "{}",
            stderr(&out)
        );
    }
    assert!(home.hits("torture", &[]).len() >= 4);
    assert!(!home.path().join("index/tantivy.new").exists());
}

/// A connection to the home's store as a first import has it: writing
/// through a rollback journal, so its locks keep readers out.
fn first_import_writer(home: &Home) -> rusqlite::Connection {
    let writer = rusqlite::Connection::open(home.path().join("corpus/store.sqlite")).unwrap();
    writer
        .query_row("PRAGMA journal_mode = TRUNCATE", [], |_| Ok(()))
        .unwrap();
    writer
}

#[test]
fn readers_during_a_first_import_are_not_refused() {
    let home = Home::with_sample();
    home.ok(&["search", "torture"]);
    // A first import holds the store's write lock for the length of a batch.
    let writer = first_import_writer(&home);
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    for args in [
        &["search", "torture", "--json"][..],
        &["stats", "--json"],
        &["export", "--format", "jsonl"],
    ] {
        let out = home.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    writer.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_store_locked_past_the_wait_names_the_import_that_holds_it() {
    let home = Home::with_sample();
    home.ok(&["search", "torture"]);
    // The moment a first import commits a batch, it holds the store
    // exclusively; held past the busy wait, a reader gives up with a
    // message a user can act on, not "database is locked".
    let writer = first_import_writer(&home);
    writer.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = home.run(&["stats"]);
    writer.execute_batch("ROLLBACK").unwrap();
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains("an import is running"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_read_command_with_a_mistyped_home_creates_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let home = parent.path().join("no-such-home");
    for args in [
        &["search", "torture"][..],
        &["stats"],
        &["show", "abc"],
        &["export", "--format", "jsonl"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_pressroom"))
            .args(args)
            .env("PRESSROOM_HOME", &home)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains("no corpus here"), "{}", stderr(&out));
        assert!(!home.exists(), "{args:?} created {}", home.display());
    }
}

#[test]
fn read_commands_leave_the_store_untouched() {
    let home = Home::with_sample();
    home.ok(&["search", "torture"]);
    let store = home.path().join("corpus/store.sqlite");
    let wal = home.path().join("corpus/store.sqlite-wal");
    let wal_len = || std::fs::metadata(&wal).map_or(0, |m| m.len());
    let before = (std::fs::read(&store).unwrap(), wal_len());
    let id = home.hits("torture", &[])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    home.ok(&["stats"]);
    home.ok(&["show", &id]);
    home.ok(&["export", "--format", "jsonl"]);
    assert!((std::fs::read(&store).unwrap(), wal_len()) == before);
}

#[test]
fn a_corrupt_index_points_to_a_rebuild() {
    let home = Home::with_sample();
    home.ok(&["search", "torture"]);
    std::fs::write(home.path().join("index/tantivy/meta.json"), "{ not json").unwrap();
    let out = home.run(&["search", "torture"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("pressroom index --rebuild"),
        "{}",
        stderr(&out)
    );
    home.ok(&["index", "--rebuild"]);
    assert!(home.hits("torture", &[]).len() >= 4);
}

/// `search` in a loop while another process imports and indexes: every
/// search succeeds, and each sees whole imports only (a commit of the
/// index reflects one snapshot of the store).
#[test]
fn searches_succeed_and_stay_consistent_while_imports_and_indexing_run() {
    const ROUNDS: usize = 6;
    const FILES_PER_ROUND: usize = 5;
    const SEARCHES: usize = 25;
    let home = Home::with_sample();
    home.ok(&["search", "torture"]);
    let files = tempfile::tempdir().unwrap();
    let rounds: Vec<std::path::PathBuf> = (0..ROUNDS)
        .map(|round| {
            let dir = files.path().join(format!("round{round}"));
            std::fs::create_dir_all(&dir).unwrap();
            for n in 0..FILES_PER_ROUND {
                release(&dir, &format!("r{round}-{n}.txt"), "quokkaling");
            }
            dir
        })
        .collect();
    let home_dir = home.path().to_path_buf();
    let writer = std::thread::spawn(move || {
        for (round, dir) in rounds.iter().enumerate() {
            // A search that found the index behind may be updating it:
            // then `index` is told so, and tries again.
            let run = |args: &[&str]| {
                for _ in 0..100 {
                    let out = Command::new(env!("CARGO_BIN_EXE_pressroom"))
                        .args(args)
                        .env("PRESSROOM_HOME", &home_dir)
                        .output()
                        .unwrap();
                    if out.status.success() {
                        return;
                    }
                    assert!(
                        stderr(&out).contains("another pressroom process is indexing"),
                        "{args:?}: {}",
                        stderr(&out)
                    );
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                panic!("{args:?} never got the index");
            };
            run(&["import", dir.to_str().unwrap()]);
            if round % 2 == 0 {
                run(&["index"]);
            } else {
                run(&["index", "--rebuild"]);
            }
        }
    });
    let mut seen = Vec::new();
    for _ in 0..SEARCHES {
        let out = home.run(&["search", "quokkaling", "--json", "--limit", "100"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        seen.push(json["total"].as_u64().unwrap() as usize);
    }
    writer.join().unwrap();
    for total in &seen {
        assert_eq!(total % FILES_PER_ROUND, 0, "a partial import: {seen:?}");
    }
    assert_eq!(
        home.hits("quokkaling", &["--limit", "100"]).len(),
        ROUNDS * FILES_PER_ROUND
    );
}

/// A home this user may read but not write: read commands still work.
/// Tests run as root in CI, which every permission lets through, so the
/// commands run as `nobody` there (and the test is skipped where neither
/// can be arranged).
#[test]
fn read_commands_work_in_a_read_only_home() {
    let home = Home::with_sample();
    let id = home.hits("torture", &[])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let as_root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let mut prefix: Vec<String> = Vec::new();
    if as_root {
        if Command::new("setpriv").arg("--version").output().is_err() {
            eprintln!("skipped: running as root without setpriv");
            return;
        }
        prefix = [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ]
        .map(String::from)
        .to_vec();
    }
    // Readable by all, writable by none but root.
    let status = Command::new("chmod")
        .args(["-R", "a+rX,a-w"])
        .arg(home.path())
        .status()
        .unwrap();
    assert!(status.success());
    let run = |args: &[&str]| {
        let mut command = match prefix.split_first() {
            Some((program, rest)) => {
                let mut c = Command::new(program);
                c.args(rest).arg(env!("CARGO_BIN_EXE_pressroom"));
                c
            }
            None => Command::new(env!("CARGO_BIN_EXE_pressroom")),
        };
        command
            .args(args)
            .env("PRESSROOM_HOME", home.path())
            .output()
            .unwrap()
    };
    for args in [
        &["search", "torture", "--json"][..],
        &["stats"],
        &["show", &id],
        &["export", "--format", "jsonl"],
    ] {
        let out = run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    // Give the home back to the temporary directory's cleanup.
    Command::new("chmod")
        .args(["-R", "u+w"])
        .arg(home.path())
        .status()
        .unwrap();
}
