//! Rendering diagnostics, one module per `--format`: `human` (annotated source lines),
//! `json` (the serialized diagnostics), `sarif` (SARIF 2.1.0 for code scanning) and
//! `github` (workflow commands that annotate a pull request). Every format is rendered
//! from the same [`Diagnostic`](rapporteur::check::Diagnostic) list.

mod github;
mod human;
mod json;
mod sarif;

pub use github::github;
pub use human::{blocker_lines, blockers_count, counts, human, summary_line};
pub use json::write_json;
pub use sarif::write_sarif;
