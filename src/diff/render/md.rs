//! The Markdown format, for a pull-request comment: a headline, a table of domains, then
//! one collapsible `<details>` block per changed domain with the paragraphs as HTML
//! (`<del>`/`<ins>`). Drafter text is HTML-escaped, and each paragraph stays on one line
//! so that GitHub reads it as an HTML block and never as Markdown.

use super::{change_heading, front_matter_line, headline, percent, preview, proposals_delta};
use crate::diff::words::{Op, WordOp};
use crate::diff::{Direction, DomainStatus, EditionDiff};
use crate::markdown::escape_html_into;

/// GitHub refuses comments over 65 536 characters; past this size, changed domains are
/// left out (the table still lists them all) with a note pointing at the HTML diff.
const MAX_COMMENT_BYTES: usize = 60_000;

/// Renders the diff as a Markdown comment.
pub fn render(diff: &EditionDiff) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "### Changes from <code>{}</code> (edition {}) to <code>{}</code> (edition {})\n\n",
        html(&diff.old.label),
        diff.old.edition,
        html(&diff.new.label),
        diff.new.edition
    ));
    out.push_str(&cell(&headline(diff)));
    if let Some(line) = super::status_changes_line(diff) {
        out.push_str(&format!("\n\n{}", cell(&line)));
    }
    for path in &diff.unreadable {
        out.push_str(&format!(
            "\n\n> **Warning:** {} could not be read and is not compared; run `rapporteur check`.",
            cell(path)
        ));
    }
    out.push_str("\n\n| Domain | Lang | Status | Words | + | − | Changed | Proposals |\n");
    out.push_str("|---|---|---|---:|---:|---:|---:|---|\n");
    for d in &diff.domains {
        let status = match d.status {
            DomainStatus::Unchanged => "unchanged".to_string(),
            other => format!("**{}**", other.as_str()),
        };
        out.push_str(&format!(
            "| {} | {} | {status} | {} → {} | {} | {} | {} | {} |\n",
            cell(&d.domain),
            cell(&d.lang),
            d.stats.words_before,
            d.stats.words_after,
            d.stats.words_added + d.stats.words_moved_in,
            d.stats.words_removed + d.stats.words_moved_out,
            percent(d.stats.share_changed),
            cell(&proposals_delta(
                &d.stats.proposals_added,
                &d.stats.proposals_removed
            )),
        ));
    }
    let mut omitted = Vec::new();
    for d in diff
        .domains
        .iter()
        .filter(|d| d.status != DomainStatus::Unchanged)
    {
        let block = details(d);
        if out.len() + block.len() > MAX_COMMENT_BYTES {
            omitted.push(format!("{} ({})", html(&d.domain), html(&d.lang)));
        } else {
            out.push_str(&block);
        }
    }
    if !omitted.is_empty() {
        out.push_str(&format!(
            "\n> The comment would be too long for GitHub: the changes of {} are left out. Run `rapporteur diff --format html` for the whole diff.\n",
            omitted.join(", ")
        ));
    }
    out
}

/// One changed domain as a collapsible block.
fn details(d: &crate::diff::DomainDiff) -> String {
    let mut out = format!(
        "\n<details><summary><b>{}</b> ({}) — {}, {} of words</summary>\n\n",
        html(&d.domain),
        html(&d.lang),
        d.status.as_str(),
        percent(d.stats.share_changed)
    );
    if let Some(line) = super::signoff_line(d) {
        out.push_str(&format!("<p><i>{}</i></p>\n\n", html(&line)));
    }
    let front = front_matter_line(d);
    if !front.is_empty() {
        out.push_str(&format!("<p><i>{}</i></p>\n\n", html(&front)));
    }
    for change in &d.changes {
        out.push_str(&format!("<p><b>{}</b>", html(&change_heading(change))));
        out.push_str("<br>");
        if change.direction == Some(Direction::Out) {
            out.push_str(&format!("<i>{}</i>", html(&preview(change, 8))));
        } else {
            out.push_str(&redline(&change.words));
        }
        out.push_str("</p>\n\n");
    }
    out.push_str("</details>\n");
    out
}

/// Word runs as HTML with `<del>` and `<ins>`.
pub fn redline(words: &[WordOp]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let (open, close) = match w.op {
            Op::Equal => ("", ""),
            Op::Delete => ("<del>", "</del>"),
            Op::Insert => ("<ins>", "</ins>"),
        };
        out.push_str(open);
        escape_html_into(&w.text, &mut out);
        out.push_str(close);
    }
    out
}

fn html(text: &str) -> String {
    let mut out = String::new();
    escape_html_into(text, &mut out);
    out
}

/// Text for a table cell: HTML-escaped, with `|` and backticks neutralised.
fn cell(text: &str) -> String {
    html(text).replace('|', "&#124;").replace('`', "&#96;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::render::domain_with_one_change;
    use crate::diff::{ChangeKind, DomainDiff, Side, Stats};

    fn domain(slug: &str, text: String) -> DomainDiff {
        let words = vec![WordOp {
            op: Op::Insert,
            text,
        }];
        domain_with_one_change(slug, ChangeKind::Added, words)
    }

    #[test]
    fn a_comment_stays_under_githubs_limit() {
        let side = |n| Side {
            label: format!("edition-{n}"),
            edition: n,
        };
        let diff = EditionDiff {
            old: side(1),
            new: side(2),
            stats: Stats::default(),
            unreadable: vec![],
            domains: ["a", "b", "c"]
                .iter()
                .map(|s| domain(s, "mot <b> ".repeat(3_000)))
                .collect(),
        };
        let md = render(&diff);
        assert!(md.len() < 65_536, "{}", md.len());
        assert!(md.contains("<details><summary><b>a</b>"));
        assert!(
            md.contains("the changes of b (fr), c (fr) are left out"),
            "{md}"
        );
        assert!(!md.contains("<b>mot"), "text is escaped");
    }
}
