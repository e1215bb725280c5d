//! A real git repository in a temporary folder holding a copy of this repository's
//! report (drafts/, schemas/, templates/), for tests of `check --staged` and of the
//! pre-commit hook. Git runs with no global or system configuration, so the tests do
//! not depend on the machine's.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_rapporteur");

pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    /// A repository with the shipped edition committed.
    pub fn with_shipped_edition() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["drafts", "schemas", "templates"] {
            copy_dir(&source.join(folder), &dir.path().join(folder));
        }
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
        let mut cmd = Command::new("git");
        cmd.args([
            "-c",
            "user.name=Rapporteur Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.autocrlf=false",
        ])
        .args(args)
        .current_dir(self.path());
        isolate(&mut cmd);
        cmd
    }

    /// Runs git and panics, with its output, when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_command(args).output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `rapporteur <args>` in the repository.
    pub fn rapporteur(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.args(args).current_dir(self.path()).env("NO_COLOR", "1");
        isolate(&mut cmd);
        cmd.output().expect("rapporteur runs")
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }
}

/// No inherited git state: these tests may themselves run inside a git hook.
pub fn isolate(cmd: &mut Command) {
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_PREFIX",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0");
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
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
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}):\n{}", all_output(out));
    });
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
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
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}
