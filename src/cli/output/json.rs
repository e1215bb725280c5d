//! `--format json`: the serialized diagnostics and their summary.

use rapporteur::check::{Diagnostic, Summary};

/// `{"diagnostics": [...], "summary": {...}}`.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let mut text = serde_json::to_string_pretty(&serde_json::json!({
        "diagnostics": diagnostics,
        "summary": Summary::of(diagnostics),
    }))
    .unwrap_or_default();
    text.push('\n');
    text
}
