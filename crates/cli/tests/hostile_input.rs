//! Hostile and damaged input on the import path, through the real binary.

mod common;

use common::Home;
use pressroom_warc::{Exchange, WarcWriter};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

fn article(n: usize) -> Vec<u8> {
    format!(
        "<html><head><title>Court fines journalist {n}</title></head><body><article>\
         <h1>Court fines journalist {n}</h1>\
         <p>A court in Astana fined journalist number {n} for a post about the detention of protesters.</p>\
         <p>The bureau asks the appeal court to overturn the decision and drop the charges.</p>\
         </article></body></html>"
    )
    .into_bytes()
}

/// A WARC file of HTML pages numbered `pages`, as the crawler writes it.
fn archive(dir: &Path, pages: std::ops::Range<usize>) -> PathBuf {
    let mut w = WarcWriter::create(dir, "pressroom-test", "ua").unwrap();
    for n in pages {
        let body = article(n);
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        w.write_exchange(&Exchange {
            target_uri: &format!("https://example.org/news/{n}"),
            date: chrono::Utc::now(),
            request_head: b"GET / HTTP/1.1\r\n\r\n",
            response_head: head.as_bytes(),
            body: &body,
            status: 200,
            ip: None,
            refers_to: None,
        })
        .unwrap();
    }
    w.path().to_path_buf()
}

fn gzip_member(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

/// Run the binary, wait for it with `wait4`, and return its exit status,
/// stdout, stderr and peak resident memory in MB.
// The child is reaped by `wait4`, which also reports its own peak memory.
#[allow(clippy::zombie_processes)]
#[allow(unsafe_code)] // wait4 and rusage: libc FFI, to read the child's peak memory
fn run_measured(home: &Home, args: &[&str]) -> (ExitStatus, String, String, u64) {
    use std::os::unix::process::ExitStatusExt;
    let out_path = home.path().join("stdout");
    let err_path = home.path().join("stderr");
    let child = Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(args)
        .env("PRESSROOM_HOME", home.path())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: plain syscall on our own child; rusage is written by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above; `status` and `usage` outlive the call.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    (
        ExitStatus::from_raw(status),
        std::fs::read_to_string(out_path).unwrap(),
        std::fs::read_to_string(err_path).unwrap(),
        usage.ru_maxrss as u64 / 1024,
    )
}

#[test]
fn a_warc_record_holding_a_gigabyte_of_zeros_fails_alone_at_bounded_memory() {
    let home = Home::empty();
    let dir = home.path().join("in");
    let path = archive(&dir, 0..1);
    // The bomb: a response record that declares and holds 1 GB of zeros,
    // as a run of gzip members (which read as one stream), about 1 MB on
    // disk. Then one more page, which must still be imported.
    let zeros = 1u64 << 30;
    let http_head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
    let mut bomb = gzip_member(
        format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/bomb\r\n\
             Content-Type: application/http;msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http_head.len() as u64 + zeros
        )
        .as_bytes(),
    );
    bomb.extend(gzip_member(http_head));
    let megabyte_of_zeros = gzip_member(&vec![0u8; 1 << 20]);
    for _ in 0..zeros >> 20 {
        bomb.extend_from_slice(&megabyte_of_zeros);
    }
    bomb.extend(gzip_member(b"\r\n\r\n"));
    let after = archive(&dir.join("after"), 1..2);
    bomb.extend(std::fs::read(&after).unwrap());
    std::fs::remove_dir_all(dir.join("after")).unwrap();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(&bomb).unwrap();
    drop(file);
    assert!(std::fs::metadata(&path).unwrap().len() < 2 << 20);

    let (status, stdout, stderr, peak_mb) = run_measured(
        &home,
        &["import", path.to_str().unwrap(), "--json", "--jobs", "1"],
    );
    assert!(!status.success(), "the bad record is an error: {stderr}");
    assert!(peak_mb < 400, "peak memory {peak_mb} MB");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["new_documents"], 2, "{summary}");
    let reason = summary["failed"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("declares 1073741") && reason.contains("skipped"),
        "{reason}"
    );
}

#[test]
fn a_cut_warc_gz_keeps_the_records_before_the_cut_and_reports_it() {
    let home = Home::empty();
    let dir = home.path().join("in");
    let path = archive(&dir, 0..3);
    let bytes = std::fs::read(&path).unwrap();
    // Cut inside the last record's gzip member.
    std::fs::write(&path, &bytes[..bytes.len() - 200]).unwrap();
    let out = home.run(&["import", path.to_str().unwrap(), "--json"]);
    assert!(!out.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["new_documents"], 2, "{summary}");
    let reason = summary["failed"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("cut short at byte"), "{reason}");
}

#[test]
fn a_huge_one_line_document_is_indexed_in_bounded_memory() {
    let home = Home::empty();
    let path = home.path().join("in/one-line.txt");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // 40 MB of prose on one line: the store keeps it whole, the index only
    // its first megabyte.
    let sentence = "The court in Almaty fined the journalist for a post about detained protesters, and the bureau appealed. ";
    std::fs::write(
        &path,
        format!("Zhanaozen anniversary. {}", sentence.repeat(40 << 20 >> 7)),
    )
    .unwrap();
    let out = home.run(&["import", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (status, _, stderr, peak_mb) = run_measured(&home, &["index", "--rebuild"]);
    assert!(status.success(), "{stderr}");
    // Without the cut, reading and sampling the body cost ten times its size.
    assert!(peak_mb < 250, "peak memory {peak_mb} MB");
    let found = home.ok(&["search", "Zhanaozen", "--json"]);
    let found: serde_json::Value = serde_json::from_str(&found).unwrap();
    assert_eq!(found["total"], 1, "{found}");
    let snippet = found["hits"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("Zhanaozen"), "{snippet}");
}

const TEXT: &str = "Court fines journalist\n\nA court in Astana fined the journalist for a post about the detention of protesters.";

#[test]
fn a_file_named_in_bytes_that_are_not_utf8_is_imported_from_a_folder_or_by_name() {
    use std::os::unix::ffi::OsStrExt;
    let home = Home::empty();
    let dir = home.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"r\xe9sum\xe9.txt");
    std::fs::write(dir.join(name), TEXT).unwrap();
    let out = home.run(&["import", dir.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (&summary["files"], &summary["new_documents"]),
        (&1.into(), &1.into()),
        "{summary}"
    );

    let other = Home::empty();
    let out = Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .arg("import")
        .arg(dir.join(name))
        .arg("--json")
        .env("PRESSROOM_HOME", other.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["new_documents"], 1, "{summary}");
}

#[test]
fn folders_that_cannot_be_searched_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let home = Home::empty();
    let dir = home.path().join("in");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("a.txt"), TEXT).unwrap();
    // A link to a folder that is gone, and one that loops back up.
    std::os::unix::fs::symlink(home.path().join("gone"), dir.join("gone")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("sub/up")).unwrap();
    let locked = dir.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("b.txt"), TEXT).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads every folder, so only another user sees the locked one fail.
    let locked_fails = std::fs::read_dir(&locked).is_err();
    let out = home.run(&["import", dir.to_str().unwrap(), "--json"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(!out.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let failed = summary["failed"].as_array().unwrap();
    let reported = |suffix: &str| {
        failed
            .iter()
            .any(|f| f["path"].as_str().unwrap().ends_with(suffix))
    };
    assert!(reported("in/gone"), "{summary}");
    assert!(reported("sub/up"), "{summary}");
    if locked_fails {
        assert!(reported("in/locked"), "{summary}");
    }
    assert_eq!(
        summary["new_documents"],
        2 - u64::from(locked_fails),
        "{summary}"
    );
}

#[test]
fn a_fifo_named_directly_is_refused_not_waited_on() {
    let home = Home::empty();
    let fifo = home.path().join("x.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .arg("import")
        .arg(&fifo)
        .env("PRESSROOM_HOME", home.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait up to a minute; a blocked read would never end.
    let mut status = None;
    for _ in 0..600 {
        if let Some(done) = child.try_wait().unwrap() {
            status = Some(done);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let Some(status) = status else {
        child.kill().unwrap();
        child.wait().unwrap();
        panic!("import waited on the FIFO");
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(!status.success());
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

/// Run `args` with stdout a pipe whose reader is already gone, as when
/// `head` has read what it wanted.
fn run_into_closed_pipe(home: &Home, args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(args)
        .env("PRESSROOM_HOME", home.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let home = Home::with_sample();
    let hits = home.hits("court", &[]);
    let id = hits[0]["id"].as_str().unwrap().to_string();
    let sample = home.path().join("corpus/sample");
    for args in [
        vec!["search", "court"],
        vec!["show", &id],
        vec!["parallel"],
        vec!["import", sample.to_str().unwrap(), "--force"],
    ] {
        let out = run_into_closed_pipe(&home, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && !stderr.contains("panicked") && !stderr.contains("error"),
            "{args:?}: {:?} {stderr}",
            out.status.code()
        );
    }
}

/// Change one byte of a stored body, as a damaged disk would.
fn damage_body(home: &Home, id: &str) {
    let conn = rusqlite::Connection::open(home.path().join("corpus/store.sqlite")).unwrap();
    conn.execute(
        "UPDATE documents SET body = CAST(substr(body, 1, 20) || x'00' || substr(body, 22) AS BLOB) WHERE id = ?1",
        [id],
    )
    .unwrap();
}

#[test]
fn a_damaged_body_row_is_skipped_by_export_and_reported_by_id() {
    let home = Home::with_sample();
    let all = home.documents();
    assert!(all.len() > 2);
    let damaged = all[1]["id"].as_str().unwrap().to_string();
    damage_body(&home, &damaged);
    let out = home.run(&["export", "--format", "jsonl"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the damage is an error at the end");
    assert!(stderr.contains(&damaged), "{stderr}");
    let exported: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(exported.len(), all.len() - 1, "{stderr}");
    assert!(exported.iter().all(|d| d["id"] != damaged.as_str()));
}

#[test]
fn a_damaged_body_row_is_left_out_of_a_rebuild_and_named() {
    let home = Home::with_sample();
    let all = home.documents();
    let damaged = all[1]["id"].as_str().unwrap().to_string();
    damage_body(&home, &damaged);
    let out = home.run(&["index", "--rebuild", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the damage is an error at the end");
    assert!(stderr.contains(&damaged), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["damaged"][0], damaged.as_str(), "{report}");
    assert_eq!(report["documents"], (all.len() - 1) as u64, "{report}");
    // The rebuilt index serves every other document.
    let listed = home.ok(&["search", "court", "--json"]);
    assert!(!listed.contains(&damaged), "{listed}");
    let hits: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert!(!hits["hits"].as_array().unwrap().is_empty(), "{hits}");
}

#[test]
fn export_parallel_writes_each_pair_as_aligned_and_skips_a_damaged_one() {
    let home = Home::with_sample();
    home.ok(&["parallel"]);
    let whole = home.ok(&["export", "parallel", "--format", "tsv"]);
    let conn = rusqlite::Connection::open(home.path().join("corpus/store.sqlite")).unwrap();
    let links: Vec<(String, String, String)> = conn
        .prepare("SELECT a, b, kind FROM links ORDER BY a, b")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let (a, b, _) = links
        .iter()
        .find(|(_, _, kind)| kind == "translation")
        .expect("the sample's bilingual page is a stored pair");
    // A document of another pair.
    let damaged = links
        .iter()
        .flat_map(|(x, y, _)| [x, y])
        .find(|id| *id != a && *id != b)
        .expect("the sample holds a second pair")
        .clone();
    drop(conn);
    damage_body(&home, &damaged);
    let out = home.run(&["export", "parallel", "--format", "tsv"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!out.status.success());
    assert!(stderr.contains(&damaged), "{stderr}");
    assert!(!stdout.is_empty(), "the undamaged pair is written");
    assert!(stdout.lines().count() < whole.lines().count());
    assert!(stdout.lines().all(|l| whole.contains(l)));
}
