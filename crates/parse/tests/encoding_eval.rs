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

#[test]
fn eval_encodings_decode_as_their_true_encoding() {
    let dir = eval_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("SKIPPED: evaluation folder {} is absent", dir.display());
        return;
    };
    let mut total = 0;
    let mut failures = Vec::new();
    let mut folders: Vec<_> = entries.flatten().collect();
    folders.sort_by_key(|e| e.file_name());
    for entry in folders {
        let name = entry.file_name().to_string_lossy().into_owned();
        let (enc, files): (&'static Encoding, Vec<PathBuf>) = if entry.path().is_dir() {
            let enc = true_encoding(&name).unwrap_or_else(|| panic!("unknown folder {name}"));
            let mut files: Vec<PathBuf> = std::fs::read_dir(entry.path())
                .expect("readable folder")
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            (enc, files)
        } else if name.starts_with("utf-8") {
            (encoding_rs::UTF_8, vec![entry.path()])
        } else {
            continue;
        };
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
