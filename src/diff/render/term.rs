//! The terminal format: a table of domains, then each changed domain paragraph by
//! paragraph, words wrapped to the width. In colour, deletions are red and struck
//! through, insertions green and underlined; without colour (not a terminal, NO_COLOR)
//! they read as `[-deleted-]` and `{+inserted+}`, like `git diff --word-diff`.

use anstyle::{AnsiColor, Effects, Style};

use super::{
    args, change_heading, domain_name, front_matter_line, headline, labels, moved_cell,
    multilingual, preview, proposals_delta, title, unreadable_line,
};
use crate::diff::words::{Op, WordOp};
use crate::diff::{ChangeKind, Direction, DomainStatus, EditionDiff};
use crate::lang::{Label, Labels};

const BOLD: Style = Style::new().effects(Effects::BOLD);
const DELETE: Style = AnsiColor::Red.on_default().effects(Effects::STRIKETHROUGH);
const INSERT: Style = AnsiColor::Green.on_default().effects(Effects::UNDERLINE);
const MOVED: Style = AnsiColor::Cyan.on_default();
const DIM: Style = Style::new().effects(Effects::DIMMED);

/// Renders the diff for a terminal `width` columns wide.
pub fn render(diff: &EditionDiff, color: bool, width: usize) -> String {
    let width = width.max(40);
    let l = labels(diff);
    let paint = |style: Style, text: &str| -> String {
        if color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    let (label, title_args) = title(diff, str::to_string);
    wrap_into(
        &mut out,
        &[(Some(BOLD), l.fill(label, &args(&title_args)))],
        "",
        width,
        color,
    );
    wrap_into(&mut out, &[(None, headline(diff))], "", width, color);
    if let Some(line) = super::status_changes_line(&l, diff) {
        wrap_into(&mut out, &[(None, line)], "", width, color);
    }
    for file in &diff.unreadable {
        let line = format!(
            "{}{}",
            l.get(Label::WarningPrefix),
            unreadable_line(&l, file)
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
    table(&mut out, diff, &l, color, width);

    let multilingual = multilingual(diff);
    for d in diff
        .domains
        .iter()
        .filter(|d| d.status != DomainStatus::Unchanged)
    {
        out.push('\n');
        let name = domain_name(diff, d);
        let title = if multilingual {
            format!("{name} ({})", d.lang)
        } else {
            name.to_string()
        };
        wrap_into(
            &mut out,
            &[(
                Some(BOLD),
                format!("── {title} ── {}", l.domain_status(d.status)),
            )],
            "",
            width,
            color,
        );
        if let Some(line) = super::signoff_line(&l, d) {
            wrap_into(&mut out, &[(Some(DIM), line)], "  ", width, color);
        }
        if d.old_paths != d.new_paths && !d.old_paths.is_empty() && !d.new_paths.is_empty() {
            let line = l.fill(
                Label::FileRenamed,
                &[
                    ("old", &d.old_paths.join(", ")),
                    ("new", &d.new_paths.join(", ")),
                ],
            );
            let line = crate::escape::one_line(&line, 400);
            out.push_str(&paint(DIM, &format!("  {line}")));
            out.push('\n');
        }
        let front = front_matter_line(&l, d);
        if !front.is_empty() {
            wrap_into(&mut out, &[(None, front)], "  ", width, color);
        }
        let delta = proposals_delta(&d.stats.proposals_added, &d.stats.proposals_removed);
        if d.front_matter.is_none() && !delta.is_empty() {
            wrap_into(
                &mut out,
                &[(None, l.fill(Label::ProposalsDelta, &[("delta", &delta)]))],
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
            wrap_into(
                &mut out,
                &[(Some(heading_style), change_heading(diff, d, change))],
                "  ",
                width,
                color,
            );
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

/// The table of domains: name, status, words before → after, added, removed, moved,
/// share changed; names cut with `…` so that a row fits the width.
fn table(out: &mut String, diff: &EditionDiff, l: &Labels, color: bool, width: usize) {
    let paint = |style: Style, text: &str| -> String {
        if color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    };
    let multilingual = multilingual(diff);
    struct Row {
        name: String,
        status: DomainStatus,
        words: String,
        added: String,
        removed: String,
        moved: String,
        share: String,
    }
    let rows: Vec<Row> = diff
        .domains
        .iter()
        .map(|d| Row {
            name: if multilingual {
                format!("{} · {}", d.lang, domain_name(diff, d))
            } else {
                domain_name(diff, d).to_string()
            },
            status: d.status,
            words: format!(
                "{}→{}",
                l.number(d.stats.words_before),
                l.number(d.stats.words_after)
            ),
            added: format!("+{}", l.number(d.stats.words_added)),
            removed: format!("−{}", l.number(d.stats.words_removed)),
            moved: moved_cell(l, &d.stats),
            share: l.percent(d.stats.share_changed),
        })
        .collect();
    let header = [
        l.get(Label::ColumnDomain),
        l.get(Label::ColumnStatus),
        l.get(Label::ColumnWords),
        l.get(Label::ColumnAdded),
        l.get(Label::ColumnRemoved),
        l.get(Label::ColumnMoved),
        l.get(Label::ColumnShare),
    ];
    let chars = |s: &str| s.chars().count();
    let column = |i: usize, cell: &dyn Fn(&Row) -> usize| {
        rows.iter()
            .map(cell)
            .max()
            .unwrap_or(0)
            .max(chars(header[i]))
    };
    let status_w = column(1, &|r| chars(l.domain_status(r.status)));
    let words_w = column(2, &|r| chars(&r.words));
    let added_w = column(3, &|r| chars(&r.added));
    let removed_w = column(4, &|r| chars(&r.removed));
    let moved_w = column(5, &|r| chars(&r.moved));
    let share_w = column(6, &|r| chars(&r.share));
    let rest = status_w + words_w + added_w + removed_w + moved_w + share_w + 6;
    let name_w = column(0, &|r| chars(&r.name)).min(width.saturating_sub(rest).max(12));
    // The status comes padded (and painted): colour codes take no column.
    let line = |name: &str, status: &str, cells: [&str; 5]| -> String {
        format!(
            "{} {status} {} {} {} {} {}",
            pad_right(&cut(name, name_w), name_w),
            pad_left(cells[0], words_w),
            pad_left(cells[1], added_w),
            pad_left(cells[2], removed_w),
            pad_left(cells[3], moved_w),
            pad_left(cells[4], share_w),
        )
    };
    let head = line(
        header[0],
        &pad_right(header[1], status_w),
        [header[2], header[3], header[4], header[5], header[6]],
    );
    out.push_str(&paint(DIM, head.trim_end()));
    out.push('\n');
    for r in &rows {
        let status = pad_right(l.domain_status(r.status), status_w);
        let status = match r.status {
            DomainStatus::Unchanged => paint(DIM, &status),
            DomainStatus::Added => paint(INSERT.effects(Effects::new()), &status),
            DomainStatus::Removed => paint(DELETE.effects(Effects::new()), &status),
            DomainStatus::Changed => paint(BOLD, &status),
        };
        let text = line(
            &r.name,
            &status,
            [&r.words, &r.added, &r.removed, &r.moved, &r.share],
        );
        out.push_str(text.trim_end());
        out.push('\n');
    }
    if diff
        .domains
        .iter()
        .any(|d| !moved_cell(l, &d.stats).is_empty())
    {
        wrap_into(
            out,
            &[(Some(DIM), l.get(Label::MovedLegend).to_string())],
            "",
            width,
            color,
        );
    }
}

fn pad_right(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

fn pad_left(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{}{text}", " ".repeat(width.saturating_sub(n)))
}

/// `text` cut to `width` characters, ending with `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
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
/// colour into the margin. `translate diff` wraps its paragraphs with it too.
pub(crate) fn wrap_into(
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
            // A word of a file reaches the terminal with its controls escaped.
            let word = crate::escape::visible(word);
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
                _ => out.push_str(&word),
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
            lang: "fr".into(),
            titles: Default::default(),
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
