//! `--format json`: the serialized diagnostics and their summary.

use std::io::Write;

use serde::Serialize;

use rapporteur::check::{Diagnostic, Summary};

#[derive(Serialize)]
struct Report<'a> {
    diagnostics: &'a [Diagnostic],
    summary: Summary,
}

/// `{"diagnostics": [...], "summary": {...}}`, written as it is serialized: no copy of
/// the whole document in memory, however many findings there are.
pub fn write_json(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    let report = Report {
        diagnostics,
        summary: Summary::of(diagnostics),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}
