//! The terminal format: a table of domains, then each changed domain paragraph by
//! paragraph, words wrapped to the width. In colour, deletions are red and struck
//! through, insertions green and underlined; without colour (not a terminal, NO_COLOR)
//! they read as `[-deleted-]` and `{+inserted+}`, like `git diff --word-diff`.

use anstyle::{AnsiColor, Effects, Style};

use super::{change_heading, front_matter_line, headline, percent, preview, proposals_delta};
use crate::diff::words::{Op, WordOp};
use crate::diff::{ChangeKind, Direction, DomainStatus, EditionDiff};

const BOLD: Style = Style::new().effects(Effects::BOLD);
const DELETE: Style = AnsiColor::Red.on_default().effects(Effects::STRIKETHROUGH);
const INSERT: Style = AnsiColor::Green.on_default().effects(Effects::UNDERLINE);
const MOVED: Style = AnsiColor::Cyan.on_default();
const DIM: Style = Style::new().effects(Effects::DIMMED);

/// Renders the diff for a terminal `width` columns wide.
pub fn render(diff: &EditionDiff, color: bool, width: usize) -> String {
    let width = width.max(40);
    let paint = |style: Style, text: &str| -> String {
        if color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    out.push_str(&paint(
        BOLD,
        &format!(
            "diff {} (edition {}) → {} (edition {})",
            diff.old.label, diff.old.edition, diff.new.label, diff.new.edition
        ),
    ));
    out.push('\n');
    wrap_into(&mut out, &[(None, headline(diff))], "", width, color);
    if let Some(line) = super::status_changes_line(diff) {
        wrap_into(&mut out, &[(None, line)], "", width, color);
    }
    for path in &diff.unreadable {
        let line = format!(
            "warning: {path} could not be read and is not compared; run `rapporteur check`"
        );
        wrap_into(
            &mut out,
            &[(Some(DELETE.effects(Effects::BOLD)), line)],
            "",
            width,
            color,
        );
    }
    out.push('\n');

    let slug_width = diff
        .domains
        .iter()
        .map(|d| d.domain.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 32);
    let multilingual = diff.domains.iter().any(|d| d.lang != diff.domains[0].lang);
    out.push_str(&paint(
        DIM,
        &format!(
            "{:<slug_width$} {:<9} {:>11} {:>6} {:>6} {:>7}",
            "domain", "status", "words", "+", "−", "changed"
        ),
    ));
    out.push('\n');
    for d in &diff.domains {
        let name = if multilingual {
            format!("{}/{}", d.lang, d.domain)
        } else {
            d.domain.clone()
        };
        let status = format!("{:<9}", d.status.as_str());
        let status = match d.status {
            DomainStatus::Unchanged => paint(DIM, &status),
            DomainStatus::Added => paint(INSERT.effects(Effects::new()), &status),
            DomainStatus::Removed => paint(DELETE.effects(Effects::new()), &status),
            DomainStatus::Changed => paint(BOLD, &status),
        };
        out.push_str(&format!(
            "{:<slug_width$} {status} {:>11} {:>6} {:>6} {:>7}\n",
            name,
            format!("{}→{}", d.stats.words_before, d.stats.words_after),
            format!("+{}", d.stats.words_added + d.stats.words_moved_in),
            format!("−{}", d.stats.words_removed + d.stats.words_moved_out),
            percent(d.stats.share_changed),
        ));
    }

    for d in diff
        .domains
        .iter()
        .filter(|d| d.status != DomainStatus::Unchanged)
    {
        out.push('\n');
        let title = match &d.title {
            Some(t) => format!("{} ({}) — {}", d.domain, d.lang, t),
            None => format!("{} ({})", d.domain, d.lang),
        };
        wrap_into(
            &mut out,
            &[(Some(BOLD), format!("── {title} ── {}", d.status.as_str()))],
            "",
            width,
            color,
        );
        if let Some(line) = super::signoff_line(d) {
            wrap_into(&mut out, &[(Some(DIM), line)], "  ", width, color);
        }
        if d.old_paths != d.new_paths && !d.old_paths.is_empty() && !d.new_paths.is_empty() {
            let line = format!(
                "  file {} → {}",
                d.old_paths.join(", "),
                d.new_paths.join(", ")
            );
            out.push_str(&paint(DIM, &line));
            out.push('\n');
        }
        let front = front_matter_line(d);
        if !front.is_empty() {
            wrap_into(&mut out, &[(None, front)], "  ", width, color);
        }
        let delta = proposals_delta(&d.stats.proposals_added, &d.stats.proposals_removed);
        if d.front_matter.is_none() && !delta.is_empty() {
            wrap_into(
                &mut out,
                &[(None, format!("proposals {delta}"))],
                "  ",
                width,
                color,
            );
        }
        for change in &d.changes {
            let heading_style = match change.kind {
                ChangeKind::Moved => MOVED,
                ChangeKind::Added => INSERT.effects(Effects::BOLD),
                ChangeKind::Removed => DELETE.effects(Effects::BOLD),
                ChangeKind::Changed => BOLD,
            };
            out.push_str("  ");
            out.push_str(&paint(heading_style, &change_heading(change)));
            out.push('\n');
            if change.direction == Some(Direction::Out) {
                wrap_into(
                    &mut out,
                    &[(Some(DIM), preview(change, 8))],
                    "    ",
                    width,
                    color,
                );
                continue;
            }
            let segments: Vec<(Option<Style>, String)> =
                change.words.iter().map(|w| segment(w, color)).collect();
            wrap_into(&mut out, &segments, "    ", width, color);
        }
    }
    out
}

fn segment(word: &WordOp, color: bool) -> (Option<Style>, String) {
    match (word.op, color) {
        (Op::Equal, _) => (None, word.text.clone()),
        (Op::Delete, true) => (Some(DELETE), word.text.clone()),
        (Op::Insert, true) => (Some(INSERT), word.text.clone()),
        (Op::Delete, false) => (None, format!("[-{}-]", word.text)),
        (Op::Insert, false) => (None, format!("{{+{}+}}", word.text)),
    }
}

/// Appends styled segments word-wrapped to `width` columns, each line starting with
/// `indent`. Styles are set and reset around every word so a line break never leaks a
/// colour into the margin.
fn wrap_into(
    out: &mut String,
    segments: &[(Option<Style>, String)],
    indent: &str,
    width: usize,
    color: bool,
) {
    let indent_width = indent.chars().count();
    let mut column = 0;
    for (style, text) in segments {
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let len = word.chars().count();
            if column == 0 {
                out.push_str(indent);
                column = indent_width;
            } else if column + 1 + len > width {
                out.push('\n');
                out.push_str(indent);
                column = indent_width;
            } else {
                out.push(' ');
                column += 1;
            }
            match style {
                Some(style) if color => {
                    out.push_str(&format!("{}{word}{}", style.render(), style.render_reset()))
                }
                _ => out.push_str(word),
            }
            column += len;
        }
    }
    if column > 0 {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::render::domain_with_one_change;
    use crate::diff::{Side, Stats};

    fn one_change() -> EditionDiff {
        let words = vec![
            WordOp {
                op: Op::Equal,
                text: "la coopération est".into(),
            },
            WordOp {
                op: Op::Delete,
                text: "productive".into(),
            },
            WordOp {
                op: Op::Insert,
                text: "féconde".into(),
            },
        ];
        EditionDiff {
            old: Side {
                label: "edition-10".into(),
                edition: 10,
            },
            new: Side {
                label: "work tree".into(),
                edition: 11,
            },
            stats: Stats::default(),
            unreadable: vec![],
            domains: vec![domain_with_one_change(
                "resilience",
                ChangeKind::Changed,
                words,
            )],
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let diff = one_change();
        let plain = render(&diff, false, 80);
        assert!(plain.contains("la coopération est [-productive-] {+féconde+}"));
        assert!(!plain.contains('\u{1b}'));
        let coloured = render(&diff, true, 80);
        assert!(coloured.contains(&format!(
            "{}productive{}",
            DELETE.render(),
            DELETE.render_reset()
        )));
        assert!(!coloured.contains("[-"));
    }

    #[test]
    fn long_words_wrap_within_the_width() {
        let mut out = String::new();
        let text = "mot ".repeat(60);
        wrap_into(&mut out, &[(None, text)], "    ", 40, false);
        assert!(out.lines().all(|l| l.chars().count() <= 40), "{out}");
        assert_eq!(out.split_whitespace().count(), 60);
    }
}
