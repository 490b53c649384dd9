//! Which files an import reads, in which order, and under which name.

use crate::report::ImportError;
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

/// Files to import under `paths`, in a stable order. Explicitly named files
/// of an unknown kind are errors; inside folders they are skipped.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| ImportError::Read {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file() && kind_of(e.path()).is_some())
                .map(|e| e.into_path())
                .collect();
            found.sort();
            files.extend(found);
        } else if kind_of(path).is_some() {
            files.push(path.clone());
        } else {
            return Err(ImportError::Unsupported(path.clone()));
        }
    }
    Ok(files)
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
    abs.strip_prefix(&corpus)
        .map(Path::to_path_buf)
        .unwrap_or(abs)
        .to_string_lossy()
        .replace('\\', "/")
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
