//! `--format human`: `path:line:col`, the source line with the span underlined, the rule
//! code and a help line (via annotate-snippets), then a summary line.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use rapporteur::check::{Diagnostic, Severity, Summary};
use rapporteur::load::{Edition, SourceFile};

/// Every file of the edition that a diagnostic can point into, by path.
pub fn files_of(edition: &Edition) -> HashMap<&str, &SourceFile> {
    let mut files: HashMap<&str, &SourceFile> = HashMap::new();
    for file in [
        &edition.meta.file,
        &edition.catalog_files.domains,
        &edition.catalog_files.proposals,
        &edition.catalog_files.terminology,
    ] {
        files.insert(&file.path, file);
    }
    for s in &edition.sections {
        files.insert(&s.file.path, &s.file);
    }
    for u in &edition.unreadable {
        files.insert(&u.file.path, &u.file);
    }
    files
}

/// `path:line:col`, the source line with the span underlined, the code and a help line.
pub fn human(
    diagnostics: &[Diagnostic],
    files: &HashMap<&str, &SourceFile>,
    color: bool,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(100);
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::NOTE,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let mut group = Group::with_title(title);
        if let Some(file) = files.get(d.path.as_str()).filter(|f| !f.text.is_empty()) {
            let line = file.line_range(d.span.start);
            let source = &file.text[line.clone()];
            let start = d.span.start.clamp(line.start, line.end) - line.start;
            let end = d.span.end.clamp(line.start + start, line.end) - line.start;
            let label = d
                .fix
                .as_ref()
                .map(|f| f.description.as_str())
                .unwrap_or(d.rule);
            group = group.element(
                Snippet::source(source)
                    .line_start(d.line)
                    .path(d.path.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end).label(label)),
            );
        } else {
            group = group.element(
                annotate_snippets::Origin::path(d.path.as_str())
                    .line(d.line)
                    .char_column(d.column),
            );
        }
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// The closing line of the human format.
pub fn summary_line(diagnostics: &[Diagnostic], files: usize) -> String {
    let s = Summary::of(diagnostics);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "checked {}: {}, {}, {}",
        plural(files, "file"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "note")
    )
}
