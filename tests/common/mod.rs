//! Shared helpers for the integration tests: a scratch copy of this repository's
//! workspace (drafts/, schemas/, templates/) in a temporary folder, and the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository this test suite belongs to.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The 11th report as published (French), kept in the test fixtures.
pub fn seed_text() -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures/11-fr.txt")).expect("seed fixture")
}

/// A temporary copy of the shipped workspace.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn shipped() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        for sub in ["drafts", "schemas", "templates"] {
            copy_dir(&repo_root().join(sub), &dir.path().join(sub));
        }
        Workspace { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// Runs `rapporteur ARGS` in the workspace.
    pub fn run(&self, args: &[&str]) -> Output {
        rapporteur(self.path(), args)
    }
}

/// Runs the real binary in `dir`.
pub fn rapporteur(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rapporteur")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The seed's paragraphs as a reader sees them: non-empty lines, with the four
/// paragraphs that page breaks cut in two joined again.
pub fn seed_paragraphs() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in seed_text().lines().filter(|l| !l.trim().is_empty()) {
        let cut = out.last().is_some_and(|prev: &String| {
            !prev.ends_with(['.', '!', '?', ':', ';', '»', ')'])
                && line.chars().next().is_some_and(char::is_lowercase)
        });
        if cut {
            let prev = out.last_mut().unwrap();
            prev.push(' ');
            prev.push_str(line);
        } else {
            out.push(line.to_string());
        }
    }
    out
}

/// Non-empty lines of a text.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}
