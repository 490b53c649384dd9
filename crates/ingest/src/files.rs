//! Which files an import reads, in which order, and under which name.

use crate::report::{Failure, ImportError};
use pressroom_parse::ContentKind;
use std::path::{Path, PathBuf};

/// What an importable file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Page(ContentKind),
    /// A web archive written by `pressroom fetch` (or any WARC crawler).
    Warc,
}

/// The kind of a file by its name, or `None` when pressroom does not import it.
pub fn kind_of(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return Some(FileKind::Warc);
    }
    let ext = Path::new(&name).extension()?.to_str()?.to_string();
    match ext.as_str() {
        "txt" | "text" => Some(FileKind::Page(ContentKind::Text)),
        "html" | "htm" | "xhtml" => Some(FileKind::Page(ContentKind::Html)),
        _ => None,
    }
}

/// What an import found to read.
#[derive(Debug, Default)]
pub struct FoundFiles {
    /// Files to import, in a stable order.
    pub files: Vec<PathBuf>,
    /// What could not be looked into (an unreadable folder, a broken
    /// link), reported rather than skipped silently.
    pub problems: Vec<Failure>,
}

/// Files to import under `paths`. Folders are searched recursively (links
/// followed) for files of a kind pressroom imports, whatever their name's
/// encoding; explicitly named files must be regular files of such a kind.
pub fn collect_files(paths: &[PathBuf]) -> Result<FoundFiles, ImportError> {
    let mut found = FoundFiles::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| ImportError::Read {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let mut files = Vec::new();
            for entry in walkdir::WalkDir::new(path).follow_links(true) {
                match entry {
                    Ok(entry) => {
                        if entry.file_type().is_file() && kind_of(entry.path()).is_some() {
                            files.push(entry.into_path());
                        }
                    }
                    Err(err) => found.problems.push(Failure {
                        path: err.path().unwrap_or(path).display().to_string(),
                        reason: format!("not searched: {}", walk_error_reason(&err)),
                    }),
                }
            }
            files.sort();
            found.files.extend(files);
        } else if kind_of(path).is_none() {
            return Err(ImportError::Unsupported(path.clone()));
        } else if !meta.is_file() {
            // A FIFO or device would block the read or never end.
            return Err(ImportError::NotRegular(path.clone()));
        } else {
            found.files.push(path.clone());
        }
    }
    Ok(found)
}

fn walk_error_reason(err: &walkdir::Error) -> String {
    if err.loop_ancestor().is_some() {
        return "a link loops back to a folder above it".into();
    }
    match err.io_error() {
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

/// Where the run of at most `max_files` files starting at `start` ends
/// (exclusive). A WARC file, which holds many pages, is a run of its own.
pub fn run_end(files: &[PathBuf], start: usize, max_files: usize) -> usize {
    let is_warc = |path: &PathBuf| matches!(kind_of(path), Some(FileKind::Warc));
    if is_warc(&files[start]) {
        return start + 1;
    }
    let limit = files.len().min(start + max_files.max(1));
    (start + 1..limit)
        .find(|&index| is_warc(&files[index]))
        .unwrap_or(limit)
}

/// Origin of an imported file: its path relative to the corpus directory
/// when inside it, else its absolute path.
pub fn origin_of(corpus_dir: &Path, path: &Path) -> String {
    let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let corpus = corpus_dir
        .canonicalize()
        .unwrap_or_else(|_| corpus_dir.to_path_buf());
    let relative = abs
        .strip_prefix(&corpus)
        .map(Path::to_path_buf)
        .unwrap_or(abs);
    path_text(&relative).replace('\\', "/")
}

/// A path as text, without losing what is not UTF-8: in a name that is not
/// valid UTF-8 each invalid byte is written `%XX` (and `%` itself `%25`), so
/// two such names never share an origin. UTF-8 names are kept as they are,
/// so the origins of earlier imports do not change.
fn path_text(path: &Path) -> String {
    match path.to_str() {
        Some(text) => text.to_string(),
        None => escape_bytes(path),
    }
}

#[cfg(unix)]
fn escape_bytes(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    let mut rest = path.as_os_str().as_bytes();
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(&valid.replace('%', "%25"));
                break;
            }
            Err(err) => {
                let (valid, after) = rest.split_at(err.valid_up_to());
                let valid = std::str::from_utf8(valid).unwrap_or_default();
                out.push_str(&valid.replace('%', "%25"));
                let bad = err.error_len().unwrap_or(after.len());
                for byte in &after[..bad] {
                    out.push_str(&format!("%{byte:02X}"));
                }
                rest = &after[bad..];
            }
        }
    }
    out
}

#[cfg(not(unix))]
fn escape_bytes(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_files_stop_at_their_length_and_around_each_warc() {
        let mut files: Vec<PathBuf> = (0..12).map(|i| format!("{i:02}.txt").into()).collect();
        files[5] = "05.warc.gz".into();
        files[6] = "06.warc".into();
        let mut runs = Vec::new();
        let mut start = 0;
        while start < files.len() {
            let end = run_end(&files, start, 4);
            runs.push(start..end);
            start = end;
        }
        assert_eq!(runs, [0..4, 4..5, 5..6, 6..7, 7..11, 11..12]);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_keep_distinct_origins() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(OsStr::from_bytes(b"/c/r\xe9sum\xe9.txt"));
        let b = Path::new(OsStr::from_bytes(b"/c/r\xe8sum\xe8.txt"));
        assert_eq!(origin_of(Path::new("/nowhere"), a), "/c/r%E9sum%E9.txt");
        assert_ne!(
            origin_of(Path::new("/nowhere"), a),
            origin_of(Path::new("/nowhere"), b)
        );
        assert_eq!(kind_of(a), Some(FileKind::Page(ContentKind::Text)));
    }

    #[test]
    fn kinds_by_name() {
        assert_eq!(kind_of(Path::new("a/B.WARC.GZ")), Some(FileKind::Warc));
        assert_eq!(
            kind_of(Path::new("x.Htm")),
            Some(FileKind::Page(ContentKind::Html))
        );
        assert_eq!(kind_of(Path::new("x.pdf")), None);
    }
}
