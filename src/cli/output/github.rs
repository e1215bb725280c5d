//! `--format github`: one workflow command per finding, which GitHub Actions turns into
//! an annotation on the pull request's diff:
//! `::error file=drafts/fr/03-resilience.md,line=7,col=12,endLine=7,endColumn=16,title=T001 forbidden-variant::…`.
//!
//! Errors are `::error`, warnings `::warning`, infos `::notice`. Columns are 1-based and
//! count characters, like every other format. GitHub shows only the first few
//! annotations of each level per step; SARIF carries them all.

use std::fmt::Write;

use rapporteur::check::{Diagnostic, Severity};

/// One line per diagnostic.
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&d.path),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            escape_property(&format!("{} {}", d.code, d.rule)),
            escape_data(&message),
        );
    }
    out
}

/// A command's message: `%`, `\r` and `\n` are percent-encoded (the rules of
/// `@actions/core`'s `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: as [`escape_data`], plus `:` and `,`, which delimit
/// properties (`escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_actions_core() {
        assert_eq!(escape_data("5 %\r\nnext: a, b"), "5 %25%0D%0Anext: a, b");
        assert_eq!(escape_property("a:b,c%d\n"), "a%3Ab%2Cc%25d%0A");
    }
}
