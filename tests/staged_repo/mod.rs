//! A real git repository in a temporary folder holding a copy of this repository's
//! report (drafts/, schemas/, templates/), for tests of `check --staged` and of the
//! pre-commit hook. Git runs with no global or system configuration, so the tests do
//! not depend on the machine's.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{copy_shipped, git_command, isolate_git, json_diagnostics, rapporteur_command};

pub const BIN: &str = env!("CARGO_BIN_EXE_rapporteur");

pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    /// A repository with the shipped edition committed.
    pub fn with_shipped_edition() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_shipped(dir.path());
        let repo = Repo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-q", "-m", "shipped edition"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).expect("read")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// A git command in the repository, isolated from the user's configuration.
    pub fn git_command(&self, args: &[&str]) -> Command {
        git_command(self.path(), args)
    }

    /// Runs git and panics, with its output, when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        crate::common::git(self.path(), args)
    }

    /// `rapporteur <args>` in the repository, with no inherited git state.
    pub fn rapporteur(&self, args: &[&str]) -> Output {
        let mut cmd = rapporteur_command(self.path(), args);
        isolate_git(&mut cmd);
        cmd.output().expect("rapporteur runs")
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn all_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The diagnostics of a `--format json` run, as (code, path, line) triples.
pub fn findings(out: &Output) -> Vec<(String, String, u64)> {
    json_diagnostics(out)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["path"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// Codes of error-level findings: what makes `check` exit 1.
pub fn error_codes(out: &Output) -> Vec<String> {
    json_diagnostics(out)
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}
