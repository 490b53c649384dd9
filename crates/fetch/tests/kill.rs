//! kill -9 the crawler at random moments, resume each time: the final corpus
//! equals that of an uninterrupted crawl, with nothing lost or duplicated.

use pressroom_fetch::testsite::{TestSite, generated_site};
use pressroom_store::Store;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ARTICLES: usize = 2000;

fn corpus(path: &Path) -> Vec<(String, String, String, Option<String>, String)> {
    let store = Store::open(path).unwrap();
    let mut stmt = store
        .conn()
        .prepare("SELECT id, origin, title, published, content_hash FROM documents ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn crawl(store: &Path, warc: &Path, site: &TestSite) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pressroom-crawl-fixture"));
    cmd.arg(store)
        .arg(warc)
        .arg(site.origin())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

#[test]
fn killed_and_resumed_crawl_equals_uninterrupted_crawl() {
    let site = TestSite::start().unwrap();
    site.quiet();
    site.set_generator(generated_site("news.example.org", ARTICLES));
    let dir = tempfile::tempdir().unwrap();

    let reference = dir.path().join("reference.sqlite");
    let started = Instant::now();
    let status = crawl(&reference, &dir.path().join("warc-ref"), &site)
        .status()
        .unwrap();
    assert!(status.success());
    let full_time = started.elapsed();
    let expected = corpus(&reference);
    assert_eq!(
        expected.len(),
        ARTICLES,
        "the uninterrupted crawl stores every article"
    );

    // Kill at random points spread over a crawl's duration.
    let killed = dir.path().join("killed.sqlite");
    // Kills land in the first half of a crawl; the final run finishes it.
    let max_ms = (full_time.as_millis() as u64 / 20).clamp(30, 2000);
    let mut kills = 0;
    let mut runs = 0;
    while kills < 20 {
        runs += 1;
        assert!(runs < 200, "crawl finished too fast to be killed 20 times");
        let mut child = crawl(&killed, &dir.path().join("warc"), &site)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(fastrand::u64(5..max_ms)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            kills += 1;
        }
        let partial = corpus(&killed);
        let mut ids: Vec<_> = partial.iter().map(|d| &d.1).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), partial.len(), "no origin stored twice");
    }
    let status = crawl(&killed, &dir.path().join("warc"), &site)
        .status()
        .unwrap();
    assert!(status.success());
    let got = corpus(&killed);
    assert_eq!(
        got.len(),
        expected.len(),
        "no loss, no duplicate after {kills} kills"
    );
    assert_eq!(got, expected);
    let store = Store::open(&killed).unwrap();
    let unfinished: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM crawl_urls WHERE state <> 'done'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unfinished, 0);
}
