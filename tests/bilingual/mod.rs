//! The bilingual test edition (tests/fixtures/bilingual: English source, French
//! translation with real records) as a git repository in a temporary folder, made by the
//! fixture's own `setup.sh`, and small helpers to change it as a drafter would.
#![allow(dead_code)]

use std::path::Path;
use std::process::Output;

use crate::common::{git, isolate_git, json_diagnostics, rapporteur, repo_root, stderr, stdout};

/// A fresh repository: commit "English source" (which the French records name), then
/// "French translation".
pub fn bilingual() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix(".tmp-bilingual")
        .tempdir()
        .expect("tempdir");
    let mut command = std::process::Command::new("bash");
    command
        .arg(repo_root().join("tests/fixtures/bilingual/setup.sh"))
        .arg(dir.path());
    isolate_git(&mut command);
    let out = command.output().expect("bash runs");
    assert!(
        out.status.success(),
        "setup.sh failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    dir
}

/// Replaces the first `from` by `to` in a file of the workspace.
pub fn edit(dir: &Path, path: &str, from: &str, to: &str) {
    let path = dir.join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Commits everything, as a drafter would.
pub fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// `(code, path, line)` of every finding of `check --format json`.
pub fn findings(dir: &Path) -> Vec<(String, String, u64)> {
    let out = rapporteur(dir, &["check", "--format", "json"]);
    json_diagnostics(&out)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Runs rapporteur and asserts it exits with `code`; returns its output.
pub fn run_expect(dir: &Path, args: &[&str], code: i32) -> Output {
    let out = rapporteur(dir, args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "rapporteur {args:?}:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

/// The 1-based line of the first line of `path` that starts with `start`.
pub fn line_of(dir: &Path, path: &str, start: &str) -> u64 {
    let text = std::fs::read_to_string(dir.join(path)).unwrap();
    text.lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in {path}")) as u64
        + 1
}

/// Python 3 with translate-toolkit, or `None` with a notice (a failure in CI, which
/// installs it: `.ci/setup`).
pub fn translate_toolkit() -> Option<std::path::PathBuf> {
    let python = crate::common::tool("python3", "apt-get install -y python3")?;
    let ok = std::process::Command::new(&python)
        .args([
            "-c",
            "import translate.storage.xliff2, translate.storage.xliff",
        ])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!(
                "translate-toolkit is required in CI: python3 -m pip install translate-toolkit==3.20.4"
            );
        }
        eprintln!(
            "notice: translate-toolkit not installed, test skipped (python3 -m pip install translate-toolkit==3.20.4)"
        );
        return None;
    }
    Some(python)
}
