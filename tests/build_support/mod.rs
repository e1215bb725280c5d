//! Shared by the `build_*` tests: a copy of the repository's report in a temporary
//! folder, the real binary run on it, and the external tools some tests need.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary workspace holding copies of `drafts/`, `schemas/` and `templates/`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Self::with_prefix("rapporteur-build-")
    }

    /// A workspace whose folder name starts with `prefix` (reproducibility tests build
    /// in folders with different names).
    pub fn with_prefix(prefix: &str) -> Self {
        let dir = tempfile::Builder::new().prefix(prefix).tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["drafts", "schemas", "templates"] {
            copy_dir(&repo.join(folder), &dir.path().join(folder));
        }
        Workspace { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, relative: &str) -> PathBuf {
        self.path().join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.file(relative)).unwrap()
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.file(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Lowers rules to warnings for this edition (`rules:` in drafts/report.yaml), for
    /// tests that plant text the house style would refuse.
    pub fn relax(&self, codes: &[&str]) {
        let mut meta = self.read("drafts/report.yaml");
        meta.push_str("rules:\n");
        for code in codes {
            meta.push_str(&format!("  {code}: warning\n"));
        }
        self.write("drafts/report.yaml", &meta);
    }

    /// Appends a paragraph to a section file.
    pub fn append_paragraph(&self, relative: &str, paragraph: &str) {
        let mut text = self.read(relative);
        text = text.trim_end().to_string();
        text.push_str("\n\n");
        text.push_str(paragraph);
        text.push('\n');
        self.write(relative, &text);
    }

    /// Runs `rapporteur ARGS` in the workspace, with no SOURCE_DATE_EPOCH.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
        command
            .args(args)
            .current_dir(self.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("RAPPORTEUR_CHROMIUM")
            .env("NO_COLOR", "1");
        command
    }

    /// `rapporteur build --format FORMAT` to standard output; panics unless it succeeds.
    pub fn build(&self, format: &str) -> Vec<u8> {
        let out = self.run(&["build", "--format", format]);
        assert!(
            out.status.success(),
            "build --format {format} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    pub fn build_text(&self, format: &str) -> String {
        String::from_utf8(self.build(format)).unwrap()
    }

    /// The printed headings, in order, as the report model gives them.
    pub fn headings(&self) -> Vec<String> {
        let model: serde_json::Value = serde_json::from_slice(&self.build("json")).unwrap();
        model["sections"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["heading"] == true)
            .map(|s| s["title"].as_str().unwrap().to_string())
            .collect()
    }
}

fn copy_dir(from: &Path, to: &Path) {
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

/// The path of an external tool on PATH, if it is installed.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The tool, or `None` with a printed notice when it is absent outside CI. In CI (the
/// variable `CI` set) an absent tool fails the test: CI installs it.
pub fn tool(name: &str, install: &str) -> Option<PathBuf> {
    let found = which(name);
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("`{name}` is required in CI: {install}");
        }
        eprintln!("notice: `{name}` not installed, test skipped ({install})");
    }
    found
}

/// The Chromium the tests use, as `build --format pdf` finds it.
pub fn chromium() -> Option<PathBuf> {
    tool("chromium", "apt-get install -y chromium")
}

/// Runs headless Chromium with the flags that keep it offline and quiet.
pub fn chromium_command(chromium: &Path, profile: &Path) -> Command {
    let mut command = Command::new(chromium);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// Collapses runs of whitespace (PDF text breaks lines anywhere).
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
