//! Every file of the evaluation encodings set must decode exactly as it does
//! with its true encoding (the folder name), whatever its declaration says.

use encoding_rs::Encoding;
use pressroom_parse::encoding::decode;
use std::path::PathBuf;

fn eval_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/encodings")
}

fn true_encoding(folder: &str) -> Option<&'static Encoding> {
    let label = folder.strip_suffix("-russian").unwrap_or(folder);
    // The folder uses chardet's name; WHATWG calls it x-mac-cyrillic.
    let label = if label == "MacCyrillic" {
        "x-mac-cyrillic"
    } else {
        label
    };
    Encoding::for_label(label.as_bytes())
}

fn has_cyrillic(s: &str) -> bool {
    s.chars()
        .filter(|c| ('\u{0410}'..='\u{044F}').contains(c))
        .count()
        >= 10
}

/// The set's files by folder, each with its true encoding; `None` (said
/// loudly) when the evaluation folder is absent.
fn eval_files() -> Option<Vec<(String, &'static Encoding, Vec<PathBuf>)>> {
    let dir = eval_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("SKIPPED: evaluation folder {} is absent", dir.display());
        return None;
    };
    let mut folders: Vec<_> = entries.flatten().collect();
    folders.sort_by_key(|e| e.file_name());
    let mut sets = Vec::new();
    for entry in folders {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() {
            let enc = true_encoding(&name).unwrap_or_else(|| panic!("unknown folder {name}"));
            let mut files: Vec<PathBuf> = std::fs::read_dir(entry.path())
                .expect("readable folder")
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            sets.push((name, enc, files));
        } else if name.starts_with("utf-8") {
            sets.push((name, encoding_rs::UTF_8, vec![entry.path()]));
        }
    }
    assert!(!sets.is_empty(), "no files in {}", dir.display());
    Some(sets)
}

#[test]
fn eval_encodings_decode_as_their_true_encoding() {
    let Some(sets) = eval_files() else { return };
    let mut total = 0;
    let mut failures = Vec::new();
    for (name, enc, files) in sets {
        let mut ok = 0;
        for path in &files {
            let bytes = std::fs::read(path).expect("readable file");
            let expected = enc.decode_without_bom_handling(&bytes).0;
            match decode(&bytes, None) {
                Ok(d) if d.text == *expected && has_cyrillic(&d.text) => ok += 1,
                Ok(d) => failures.push(format!(
                    "{}: decoded as {} ({:?}), expected {}",
                    path.display(),
                    d.encoding,
                    d.source,
                    enc.name()
                )),
                Err(e) => failures.push(format!("{}: {e}", path.display())),
            }
        }
        println!("{name}: {ok}/{} decoded correctly", files.len());
        total += files.len();
    }
    println!("{total} files checked");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Each file's text as a CMS that misread its UTF-8 as `misread` would
/// publish it: valid UTF-8, every Russian letter two characters.
fn saved_twice(text: &str, misread: &str) -> String {
    match misread {
        "ISO-8859-1" => text.bytes().map(char::from).collect(),
        label => Encoding::for_label(label.as_bytes())
            .expect("known label")
            .decode_without_bom_handling(text.as_bytes())
            .0
            .into_owned(),
    }
}

#[test]
fn eval_texts_saved_twice_as_utf8_read_as_written() {
    let Some(sets) = eval_files() else { return };
    let mut texts = Vec::new();
    for (_, enc, files) in sets {
        for path in files {
            let bytes = std::fs::read(&path).expect("readable file");
            texts.push((path, enc.decode_without_bom_handling(&bytes).0.into_owned()));
        }
    }
    let mut failures = Vec::new();
    for misread in ["windows-1251", "windows-1252", "ISO-8859-1"] {
        let mut ok = 0;
        for (path, text) in &texts {
            let twice = saved_twice(text, misread);
            assert_ne!(&twice, text);
            match decode(twice.as_bytes(), Some("text/html; charset=utf-8")) {
                Ok(d) if d.text == *text => ok += 1,
                Ok(d) => {
                    let at = d
                        .text
                        .chars()
                        .zip(text.chars())
                        .take_while(|(a, b)| a == b)
                        .count();
                    let near: String = d
                        .text
                        .chars()
                        .skip(at.saturating_sub(10))
                        .take(30)
                        .collect();
                    failures.push(format!(
                        "{} as {misread}: differs at char {at}: {near:?}",
                        path.display()
                    ));
                }
                Err(e) => failures.push(format!("{} as {misread}: {e}", path.display())),
            }
        }
        println!("misread as {misread}: {ok}/{} read back", texts.len());
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
