//! `--format human`: `path:line:col`, the source line with the span underlined, the rule
//! code and a help line (via annotate-snippets), then a summary line.

use std::collections::HashMap;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use rapporteur::check::{Diagnostic, Severity, Summary};
use rapporteur::load::SourceFile;
use rapporteur::load::source::floor_char_boundary;

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
        let mut windowed = false;
        if let Some(file) = files.get(d.path.as_str()).filter(|f| !f.text.is_empty()) {
            let line = file.line_range(d.span.start);
            let start = d.span.start.clamp(line.start, line.end);
            let end = d.span.end.clamp(start, line.end);
            let label = d
                .fix
                .as_ref()
                .map(|f| f.description.as_str())
                .unwrap_or(d.rule);
            // What the renderer is given of the line: all of it when it is short, else a
            // window around the span (the terminal shows about 100 columns of it anyway).
            // Handing it a 1 MB paragraph for each of its findings would cost the
            // paragraph's length per finding.
            let window = window(&file.text, line.clone(), start..end);
            let source = &file.text[window.clone()];
            let span = start - window.start..end.min(window.end) - window.start;
            let snippet = Snippet::source(source)
                .line_start(d.line)
                .annotation(AnnotationKind::Primary.span(span).label(label));
            windowed = window != line;
            group = if !windowed {
                group.element(snippet.path(d.path.as_str()))
            } else {
                group
                    .element(
                        annotate_snippets::Origin::path(d.path.as_str())
                            .line(d.line)
                            .char_column(d.column),
                    )
                    .element(snippet)
            };
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
        let rendered = renderer.render(&[group]);
        if windowed {
            // The location comes from the `Origin` (the window's own columns would be
            // wrong); the renderer then marks the path-less snippet as from another file
            // with a `:::` line, which is not so: drop it.
            for line in rendered.lines().filter(|l| !is_other_file_marker(l)) {
                out.push_str(line);
                out.push('\n');
            }
            out.pop();
        } else {
            out.push_str(&rendered);
        }
        out.push_str("\n\n");
    }
    out
}

/// Bytes of a line kept on each side of a span, and of the span itself, when the line is
/// too long to hand whole to the renderer.
const WINDOW: usize = 160;

/// The part of `line` to render around `span`: the whole line when it is short.
fn window(text: &str, line: Range<usize>, span: Range<usize>) -> Range<usize> {
    if line.len() <= 4 * WINDOW {
        return line;
    }
    let start = floor_char_boundary(text, span.start.saturating_sub(WINDOW).max(line.start));
    let end = floor_char_boundary(
        text,
        (span.start + span.len().min(WINDOW) + WINDOW).min(line.end),
    );
    start..end
}

/// Whether a rendered line is only the `:::` that introduces a snippet of another file
/// (colour codes aside).
fn is_other_file_marker(line: &str) -> bool {
    let mut plain = String::new();
    let mut in_escape = false;
    for c in line.chars() {
        match (in_escape, c) {
            (false, '\u{1b}') => in_escape = true,
            (true, c) if c.is_ascii_alphabetic() => in_escape = false,
            (true, _) => {}
            (false, c) => plain.push(c),
        }
    }
    plain.trim() == ":::"
}

/// The closing line of the human format; `allowed`: the findings allow comments
/// acknowledge, counted when there are some.
pub fn summary_line(diagnostics: &[Diagnostic], files: usize, allowed: usize) -> String {
    let mut line = format!("checked {}: {}", plural(files, "file"), counts(diagnostics));
    if allowed > 0 {
        line.push_str(&format!(", {allowed} allowed"));
    }
    line
}

/// Release blockers (or any findings), one line each: `path:line:col: CODE message`.
pub fn blocker_lines(blockers: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in blockers {
        out.push_str(&format!(
            "{}:{}:{}: {} {}\n",
            d.path, d.line, d.column, d.code, d.message
        ));
    }
    out
}

/// `1 release blocker`, `3 release blockers`.
pub fn blockers_count(n: usize) -> String {
    plural(n, "release blocker")
}

/// `1 error, 0 warnings, 2 notes`.
pub fn counts(diagnostics: &[Diagnostic]) -> String {
    let s = Summary::of(diagnostics);
    format!(
        "{}, {}, {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "note")
    )
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
