//! Shared by the `build_*` tests: a copy of the repository's report in a temporary
//! folder, the real binary run on it, and the external tools some tests need.
#![allow(dead_code)]

use std::ops::Deref;
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
        command.env_remove("SOURCE_DATE_EPOCH");
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

    /// `rapporteur build --draft --format FORMAT` to standard output; panics unless it
    /// succeeds.
    pub fn build_draft(&self, format: &str) -> Vec<u8> {
        let out = self.run(&["build", "--draft", "--format", format]);
        assert!(
            out.status.success(),
            "build --draft --format {format} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    pub fn build_draft_text(&self, format: &str) -> String {
        String::from_utf8(self.build_draft(format)).unwrap()
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

/// Collapses runs of whitespace (PDF text breaks lines anywhere).
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
