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
