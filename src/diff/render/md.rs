//! The Markdown format, for a pull-request comment: a headline, a table of domains, then
//! one collapsible `<details>` block per changed domain with the paragraphs as HTML
//! (`<del>`/`<ins>`). Drafter text is HTML-escaped, and each paragraph stays on one line
//! so that GitHub reads it as an HTML block and never as Markdown.

use super::{
    args, change_heading, domain_name, domain_share, front_matter_line, headline, labels,
    moved_cell, multilingual, overview_columns, preview, proposals_delta, title, unreadable_line,
};
use crate::diff::words::{Op, WordOp};
use crate::diff::{Direction, DomainDiff, DomainStatus, EditionDiff};
use crate::lang::Label;
use crate::markdown::escape_html_visible_into;

/// GitHub refuses comments over 65 536 characters; past this size, changed domains are
/// left out (the table still lists them all) with a note pointing at the HTML diff.
const MAX_COMMENT_BYTES: usize = 60_000;

/// Renders the diff as a Markdown comment.
pub fn render(diff: &EditionDiff) -> String {
    let l = labels(diff);
    let multilingual = multilingual(diff);
    let mut out = String::new();
    let (label, title_args) = title(diff, |side| format!("<code>{}</code>", html(side)));
    out.push_str("### ");
    out.push_str(&l.fill_escaped(label, &args(&title_args), escape_html_visible_into));
    out.push_str("\n\n");
    out.push_str(&cell(&headline(diff)));
    if let Some(line) = super::status_changes_line(&l, diff) {
        out.push_str(&format!("\n\n{}", cell(&line)));
    }
    for file in &diff.unreadable {
        out.push_str(&format!(
            "\n\n> **{}** {}",
            cell(l.get(Label::WarningPrefix).trim_end()),
            cell(&unreadable_line(&l, file))
        ));
    }
    let columns = overview_columns(&l, multilingual);
    out.push_str("\n\n|");
    for c in &columns {
        out.push_str(&format!(" {} |", cell(c)));
    }
    out.push_str(if multilingual {
        "\n|---|---|---|---:|---:|---:|---:|---:|---|\n"
    } else {
        "\n|---|---|---:|---:|---:|---:|---:|---|\n"
    });
    for d in &diff.domains {
        let status = match d.status {
            DomainStatus::Unchanged => cell(l.domain_status(d.status)),
            other => format!("**{}**", cell(l.domain_status(other))),
        };
        out.push_str(&format!("| {} |", cell(domain_name(diff, d))));
        if multilingual {
            out.push_str(&format!(" {} |", cell(&d.lang)));
        }
        out.push_str(&format!(
            " {status} | {} → {} | {} | {} | {} | {} | {} |\n",
            l.number(d.stats.words_before),
            l.number(d.stats.words_after),
            l.number(d.stats.words_added),
            l.number(d.stats.words_removed),
            cell(&moved_cell(&l, &d.stats)),
            cell(&l.percent(d.stats.share_changed)),
            cell(&proposals_delta(
                &d.stats.proposals_added,
                &d.stats.proposals_removed
            )),
        ));
    }
    if diff
        .domains
        .iter()
        .any(|d| !moved_cell(&l, &d.stats).is_empty())
    {
        out.push_str(&format!(
            "\n<sub>{}</sub>\n",
            cell(l.get(Label::MovedLegend))
        ));
    }
    let mut omitted = Vec::new();
    for d in diff
        .domains
        .iter()
        .filter(|d| d.status != DomainStatus::Unchanged)
    {
        let block = details(diff, d, multilingual);
        if out.len() + block.len() > MAX_COMMENT_BYTES {
            omitted.push(name_with_lang(diff, d, multilingual));
        } else {
            out.push_str(&block);
        }
    }
    if !omitted.is_empty() {
        out.push_str(&format!(
            "\n> {}\n",
            cell(&l.fill(Label::CommentTooLong, &[("domains", &omitted.join(", "))]))
        ));
    }
    out
}

/// A domain's title, with its language when the diff has several.
fn name_with_lang(diff: &EditionDiff, d: &DomainDiff, multilingual: bool) -> String {
    if multilingual {
        format!("{} ({})", domain_name(diff, d), d.lang)
    } else {
        domain_name(diff, d).to_string()
    }
}

/// One changed domain as a collapsible block.
fn details(diff: &EditionDiff, d: &DomainDiff, multilingual: bool) -> String {
    let l = labels(diff);
    let mut out = format!(
        "\n<details><summary><b>{}</b> — {}</summary>\n\n",
        html(&name_with_lang(diff, d, multilingual)),
        html(&domain_share(&l, d)),
    );
    if let Some(line) = super::signoff_line(&l, d) {
        out.push_str(&format!("<p><i>{}</i></p>\n\n", html(&line)));
    }
    let front = front_matter_line(&l, d);
    if !front.is_empty() {
        out.push_str(&format!("<p><i>{}</i></p>\n\n", html(&front)));
    }
    for change in &d.changes {
        out.push_str(&format!(
            "<p><b>{}</b>",
            html(&change_heading(diff, d, change))
        ));
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
        escape_html_visible_into(&w.text, &mut out);
        out.push_str(close);
    }
    out
}

fn html(text: &str) -> String {
    let mut out = String::new();
    escape_html_visible_into(text, &mut out);
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
            lang: "en".into(),
            titles: Default::default(),
        };
        let md = render(&diff);
        assert!(md.len() < 65_536, "{}", md.len());
        assert!(md.contains("<details><summary><b>a</b>"));
        assert!(md.contains("the changes of b, c are left out"), "{md}");
        assert!(!md.contains("<b>mot"), "text is escaped");
    }
}
