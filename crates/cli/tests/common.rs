//! Helpers for running the real `pressroom` binary on a private copy of the
//! sample corpus.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A temporary PRESSROOM_HOME holding a copy of the sample corpus and the
/// sources config, so tests never touch the repository's own store.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn with_sample() -> Home {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(corpus.join("sample")).unwrap();
        for entry in std::fs::read_dir(repo_root().join("corpus/sample")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), corpus.join("sample").join(entry.file_name())).unwrap();
        }
        let sources = repo_root().join("corpus/sources.toml");
        if sources.exists() {
            std::fs::copy(sources, corpus.join("sources.toml")).unwrap();
        }
        Home { dir }
    }

    pub fn empty() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_pressroom"))
            .args(args)
            .env("PRESSROOM_HOME", self.path())
            .output()
            .unwrap()
    }

    /// Run, expect success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "pressroom {args:?} failed ({:?}):\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let stdout = self.ok(args);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{args:?}: bad JSON ({e}):\n{stdout}"))
    }

    /// Search with --json and return the hits.
    pub fn hits(&self, query: &str, extra: &[&str]) -> Vec<Value> {
        let mut args = vec!["search", query, "--json"];
        args.extend_from_slice(extra);
        self.json(&args)["hits"].as_array().unwrap().clone()
    }

    /// Every document in the store, via export.
    pub fn documents(&self) -> Vec<Value> {
        self.ok(&["export", "--format", "jsonl"])
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

pub fn origin_of(hit: &Value) -> &str {
    hit["origin"].as_str().unwrap()
}
