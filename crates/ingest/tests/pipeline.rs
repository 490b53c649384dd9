//! The import pipeline on real files into a real store.

use pressroom_ingest::{ImportOptions, ImportSummary, NoProgress};
use pressroom_model::sources::SourcesConfig;
use pressroom_store::Store;
use std::path::{Path, PathBuf};

/// A pressroom home's corpus folder and store, removed when it drops.
struct Home {
    dir: tempfile::TempDir,
    corpus: PathBuf,
}

impl Home {
    fn open_store(&self) -> Store {
        Store::open(&self.corpus.join("store.sqlite")).unwrap()
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

fn temp_home() -> Home {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    Home { dir, corpus }
}

fn options(home: &Home, batch_files: usize, jobs: usize) -> ImportOptions {
    let mut options = ImportOptions::new(home.corpus.clone(), SourcesConfig::default());
    options.settings.batch_files = batch_files;
    options.jobs = jobs;
    options
}

const BATCH_FILES: usize = pressroom_store::IMPORT_SETTINGS.batch_files;

fn import(home: &Home, dir: &Path, batch_files: usize) -> ImportSummary {
    import_jobs(home, dir, batch_files, 2)
}

fn import_jobs(home: &Home, dir: &Path, batch_files: usize, jobs: usize) -> ImportSummary {
    let mut store = home.open_store();
    pressroom_ingest::import_paths(
        &mut store,
        &[dir.to_path_buf()],
        &options(home, batch_files, jobs),
        &mut NoProgress,
    )
    .unwrap()
}

#[test]
fn a_bad_file_mid_batch_fails_alone_and_is_recorded() {
    let home = temp_home();
    let dir = home.path().join("corpus/in");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [
        (
            "a.txt",
            "First title\n\nTorture of detainees reported in Almaty.",
        ),
        (
            "b.txt",
            "Second title\n\nA court in Astana fined the journalist.",
        ),
        ("c.txt", ""),
        (
            "d.txt",
            "Third title\n\nThe ombudsman visited the prison in Karaganda.",
        ),
        (
            "e.txt",
            "Fourth title\n\nProtesters were detained in Shymkent.",
        ),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    // Batches of 2 files: the bad file shares its transaction with d.txt.
    let first = import(&home, &dir, 2);
    assert_eq!(first.files, 5);
    assert_eq!(first.new_documents, 4, "{first:?}");
    assert_eq!(first.failed.len(), 1, "{first:?}");
    assert!(first.failed[0].path.ends_with("c.txt"));

    let store = home.open_store();
    assert_eq!(pressroom_store::stats(store.conn()).unwrap().documents, 4);
    for name in ["a.txt", "b.txt", "d.txt", "e.txt"] {
        let record = pressroom_store::import_record(store.conn(), &format!("in/{name}"))
            .unwrap()
            .unwrap_or_else(|| panic!("no import record for {name}"));
        assert_eq!((record.documents, record.error), (1, None), "{name}");
    }
    let bad = pressroom_store::import_record(store.conn(), "in/c.txt")
        .unwrap()
        .expect("the failure is recorded");
    assert!(bad.error.is_some());
    assert_eq!(bad.documents, 0);
    drop(store);

    // Idempotent: the good files are skipped, the failed one retried.
    let again = import(&home, &dir, 2);
    assert_eq!(again.unchanged_files, 4, "{again:?}");
    assert_eq!(again.new_documents, 0);
    assert_eq!(again.failed.len(), 1);
}

/// A file whose write fails inside the store (here a trigger refuses its
/// row) shares its savepoint with the files around it: they are written
/// again one by one, in order, and only the bad file fails.
#[test]
fn a_file_refused_by_the_store_fails_alone_in_its_group() {
    let home = temp_home();
    let dir = home.path().join("corpus/in");
    std::fs::create_dir_all(&dir).unwrap();
    let names = ["a", "b", "c", "d", "e", "f"];
    for (i, name) in names.iter().enumerate() {
        let text = format!("Title {name}\n\nThe court in Almaty heard case number {i}.");
        std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
    }
    let mut store = home.open_store();
    store
        .conn()
        .execute_batch(
            "CREATE TEMP TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.title = 'Title d'
             BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END;",
        )
        .unwrap();
    let summary = pressroom_ingest::import_paths(
        &mut store,
        std::slice::from_ref(&dir),
        &options(&home, BATCH_FILES, 1),
        &mut NoProgress,
    )
    .unwrap();
    assert_eq!(summary.files, 6, "{summary:?}");
    assert_eq!(summary.new_documents, 5, "{summary:?}");
    assert_eq!(summary.failed.len(), 1, "{summary:?}");
    assert!(summary.failed[0].path.ends_with("d.txt"), "{summary:?}");
    assert!(summary.failed[0].reason.contains("refused"), "{summary:?}");

    let bad = pressroom_store::import_record(store.conn(), "in/d.txt")
        .unwrap()
        .expect("the failure is recorded");
    assert_eq!((bad.documents, bad.error.is_some()), (0, true));
    // The others are stored once each, their change sequence in file order.
    let titles: Vec<String> = store
        .conn()
        .prepare("SELECT title FROM documents ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        titles,
        ["Title a", "Title b", "Title c", "Title e", "Title f"]
    );
}

/// Files of every kind the parsers see: the sample releases (one of
/// them a bilingual page split in two linked documents), English and
/// Russian text, HTML, and an empty file that fails.
fn mixed_files(dir: &Path) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
    for entry in std::fs::read_dir(sample).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    for i in 0..40 {
        let (name, text) = match i % 4 {
            0 => (
                format!("{i:02}.txt"),
                format!(
                    "Release {i}\n\n{d} March 2021\n\nTorture of detainees number {i} was reported in Almaty.\n\nThe bureau asks for an investigation.",
                    d = 1 + i % 28
                ),
            ),
            1 => (
                format!("{i:02}.txt"),
                format!(
                    "Заявление {i}\n\nСуд в Астане оштрафовал журналиста номер {i}.\n\nБюро требует отменить решение."
                ),
            ),
            2 => (
                format!("{i:02}.html"),
                format!(
                    "<html><head><title>Statement {i}</title></head><body><article><h1>Statement {i}</h1><p>The ombudsman visited prison number {i} in Karaganda and met the hunger strikers.</p><p>Their lawyers were not admitted.</p></article></body></html>"
                ),
            ),
            _ if i == 23 => (format!("{i:02}.txt"), String::new()),
            _ => (
                format!("{i:02}.txt"),
                format!("Protest {i}\n\nProtesters were detained in Shymkent, {i} of them."),
            ),
        };
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// Everything an import leaves in the store that must not depend on
/// the number of workers: documents with their change sequence, links,
/// import records.
fn store_contents(home: &Home) -> Vec<String> {
    let store = home.open_store();
    let mut rows = Vec::new();
    for (table, sql) in [
        (
            "doc",
            "SELECT id || ' ' || seq || ' ' || origin || ' ' || lang || ' ' || title || ' ' || content_hash FROM documents ORDER BY seq",
        ),
        (
            "link",
            "SELECT a || ' ' || b || ' ' || kind || ' ' || score FROM links ORDER BY a, b, kind",
        ),
        (
            "import",
            "SELECT path || ' ' || sha256 || ' ' || documents || ' ' || (error IS NULL) FROM imports ORDER BY path",
        ),
    ] {
        let mut stmt = store.conn().prepare(sql).unwrap();
        let found: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|r| format!("{table} {}", r.unwrap()))
            .collect();
        rows.extend(found);
    }
    rows
}

#[test]
fn one_or_two_workers_give_the_same_documents_ids_and_order() {
    let input = tempfile::tempdir().unwrap();
    mixed_files(input.path());
    let mut results = Vec::new();
    for jobs in [1, 2] {
        let home = temp_home();
        // Batches of 7 files: several commits, one of them with the bad file.
        let summary = import_jobs(&home, input.path(), 7, jobs);
        assert_eq!(summary.files, 45, "{summary:?}");
        assert_eq!(summary.failed.len(), 1, "{summary:?}");
        assert!(summary.failed[0].path.ends_with("23.txt"), "{summary:?}");
        let contents = store_contents(&home);
        results.push((jobs, summary.new_documents, summary.parsed_files, contents));
    }
    let (_, new_1, parsed_1, contents_1) = &results[0];
    let (_, new_2, parsed_2, contents_2) = &results[1];
    assert_eq!((new_1, parsed_1), (new_2, parsed_2));
    assert!(
        *new_1 >= 44,
        "the bilingual sample page gives two documents"
    );
    assert!(
        contents_1.iter().any(|r| r.starts_with("link ")),
        "the split page is linked"
    );
    assert_eq!(contents_1, contents_2);
}

#[test]
fn reimport_skips_unchanged_files_without_parsing_them() {
    let home = temp_home();
    let dir = home.path().join("corpus/in");
    std::fs::create_dir_all(&dir).unwrap();
    mixed_files(&dir);
    let first = import(&home, &dir, BATCH_FILES);
    assert_eq!(first.parsed_files, 45);
    let before = store_contents(&home);

    let again = import(&home, &dir, BATCH_FILES);
    // The failed file is retried (parsed again); no other file is.
    assert_eq!(again.parsed_files, 1, "{again:?}");
    assert_eq!(again.unchanged_files, 44, "{again:?}");
    assert_eq!(again.new_documents + again.changed_documents, 0);
    assert_eq!(store_contents(&home), before);

    // A changed file is parsed and replaces its document; the rest are not parsed.
    std::fs::write(
        dir.join("04.txt"),
        "Release 4, corrected\n\nTorture of detainees was reported in Almaty and Taraz.",
    )
    .unwrap();
    let changed = import(&home, &dir, BATCH_FILES);
    assert_eq!(changed.parsed_files, 2, "{changed:?}");
    assert_eq!(changed.changed_documents, 1, "{changed:?}");
    assert_eq!(changed.unchanged_files, 43, "{changed:?}");
}

#[test]
fn a_file_listed_twice_is_written_once() {
    let home = temp_home();
    let dir = home.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a.txt");
    std::fs::write(&file, "Title\n\nTorture of detainees reported in Almaty.").unwrap();
    let mut store = home.open_store();
    let summary = pressroom_ingest::import_files(
        &mut store,
        &[file.clone(), file],
        &options(&home, 500, 2),
        &mut NoProgress,
    )
    .unwrap();
    assert_eq!(
        (
            summary.files,
            summary.new_documents,
            summary.unchanged_files
        ),
        (2, 1, 1),
        "{summary:?}"
    );
}
