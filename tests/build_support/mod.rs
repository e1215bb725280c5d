//! Shared by the `build_*` tests: a copy of the repository's report in a temporary
//! folder, the real binary run on it, and the external tools some tests need.
#![allow(dead_code)]

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common;

/// A temporary workspace holding copies of `drafts/`, `schemas/` and `templates/`: the
/// common [`common::Workspace`], with the build tests' own way of running the binary.
pub struct Workspace {
    shipped: common::Workspace,
}

impl Deref for Workspace {
    type Target = common::Workspace;

    fn deref(&self) -> &common::Workspace {
        &self.shipped
    }
}

impl Workspace {
    pub fn new() -> Self {
        Self::with_prefix("rapporteur-build-")
    }

    /// A workspace whose folder name starts with `prefix` (reproducibility tests build
    /// in folders with different names).
    pub fn with_prefix(prefix: &str) -> Self {
        Workspace {
            shipped: common::Workspace::shipped_with_prefix(prefix),
        }
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
        let mut command = common::rapporteur_command(self.path(), args);
        command
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("RAPPORTEUR_CHROMIUM");
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
