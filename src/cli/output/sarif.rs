//! `--format sarif`: one SARIF 2.1.0 log for code scanning (GitHub, GitLab, IDE viewers).
//!
//! - Every rule of `registry::RULES` is a `reportingDescriptor`, whether or not it fired,
//!   with the text `rapporteur rules CODE` prints as its help, so a viewer can explain any
//!   result without the tool.
//! - Paths are relative URIs against `%SRCROOT%`, the repository root (the folder holding
//!   `drafts/report.yaml`), so the log is the same on every machine.
//! - Columns count Unicode code points (`columnKind: unicodeCodePoints`): that is what a
//!   diagnostic's 1-based `column` already is (characters, not bytes, not UTF-16 units).
//!   `endColumn` is the column just past the span, as SARIF wants.

use std::io::Write;

use serde::Serialize;
use serde_json::{Value, json};

use rapporteur::check::registry::{RULES, explain};
use rapporteur::check::{Diagnostic, Edit, Severity};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The base every artifact URI is relative to.
const SRCROOT: &str = "%SRCROOT%";

/// The SARIF log, pretty-printed, with a final newline.
#[cfg(test)]
pub fn sarif(diagnostics: &[Diagnostic]) -> String {
    let mut out = Vec::new();
    write_sarif(&mut out, diagnostics).expect("writing to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// The SARIF log, pretty-printed, with a final newline, written as it is serialized:
/// each result is made and written in turn, so memory does not grow with the findings.
pub fn write_sarif(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": driver() }),
            original_uri_base_ids: json!({
                SRCROOT: {
                    "description": {
                        "text": "The repository root: the folder holding drafts/report.yaml."
                    }
                }
            }),
            column_kind: "unicodeCodePoints",
            results: Results(diagnostics),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

/// The log's outer objects, in SARIF's key order.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    original_uri_base_ids: Value,
    column_kind: &'static str,
    results: Results<'a>,
}

/// The results, each turned into JSON only when it is written.
struct Results<'a>(&'a [Diagnostic]);

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(result))
    }
}

fn driver() -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            let help = explain(rule);
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": format!("{} {}", rule.summary, rule.why) },
                "help": { "text": help },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "fixable": rule.fixable },
            })
        })
        .collect();
    json!({
        "name": "rapporteur",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(d: &Diagnostic) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact(&d.path),
                "region": region(d.line, d.column, d.end_line, d.end_column),
            }
        }],
    });
    if let Some(index) = RULES.iter().position(|r| r.code == d.code) {
        result["ruleIndex"] = json!(index);
    }
    if let Some(fix) = &d.fix {
        result["fixes"] = json!([{
            "description": { "text": fix.description },
            "artifactChanges": [{
                "artifactLocation": artifact(&d.path),
                "replacements": fix.edits.iter().map(replacement).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}

fn artifact(path: &str) -> Value {
    json!({ "uri": uri(path), "uriBaseId": SRCROOT })
}

fn region(line: usize, column: usize, end_line: usize, end_column: usize) -> Value {
    json!({
        "startLine": line.max(1),
        "startColumn": column.max(1),
        "endLine": end_line.max(line).max(1),
        "endColumn": end_column.max(1),
    })
}

fn replacement(edit: &Edit) -> Value {
    json!({
        "deletedRegion": region(edit.line, edit.column, edit.end_line, edit.end_column),
        "insertedContent": { "text": edit.text },
    })
}

/// A repository-relative path as a relative URI reference: every byte outside the
/// unreserved set and `/` is percent-encoded (`é` → `%C3%A9`, space → `%20`).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapporteur::load::SourceFile;

    /// A finding with a fix (no rule of today's registry has one yet) renders as SARIF's
    /// `fixes` and still validates.
    #[test]
    fn fixes_become_artifact_changes() {
        let file = SourceFile::new(
            "drafts/fr/19-capacity-building.md",
            "---\ndomain: x\n---\nÀ Kiev, l'été.\n".to_string(),
        );
        let start = file.text.find("Kiev").expect("planted");
        let span = start..start + "Kiev".len();
        let d = Diagnostic::new(
            RULES[0],
            &file,
            span.clone(),
            "`Kiev` is a variant of `Kyïv`",
        )
        .with_fix("replace with `Kyïv`", vec![Edit::new(&file, span, "Kyïv")]);
        let log: Value = serde_json::from_str(&sarif(&[d])).expect("JSON");
        let schema: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/sarif-schema-2.1.0.json"
        ))
        .expect("schema");
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("compiles");
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        let fix = &log["runs"][0]["results"][0]["fixes"][0];
        assert_eq!(fix["description"]["text"], "replace with `Kyïv`");
        let change = &fix["artifactChanges"][0];
        assert_eq!(
            change["artifactLocation"]["uri"],
            "drafts/fr/19-capacity-building.md"
        );
        let replacement = &change["replacements"][0];
        // `À Kiev`: columns count code points, so `Kiev` starts at column 3, not 4.
        assert_eq!(
            replacement["deletedRegion"],
            json!({"startLine": 4, "startColumn": 3, "endLine": 4, "endColumn": 7})
        );
        assert_eq!(replacement["insertedContent"]["text"], "Kyïv");
    }

    #[test]
    fn paths_become_relative_uri_references() {
        assert_eq!(
            uri("drafts/fr/03-resilience.md"),
            "drafts/fr/03-resilience.md"
        );
        assert_eq!(
            uri("drafts/fr/03 sécurité.md"),
            "drafts/fr/03%20s%C3%A9curit%C3%A9.md"
        );
    }
}
