//! The HTML format: one self-contained page (inline CSS, no script, no external
//! resource) — an overview of the domains with their share changed, then each changed
//! domain as a redline. A moved paragraph links to where it went and back. A print
//! stylesheet keeps it readable on paper. Drafter text is always escaped.

use super::md::redline;
use super::{
    anchor, args, change_heading, domain_name, domain_share, front_matter_line, headline, labels,
    moved_cell, multilingual, overview_columns, preview, proposals_delta, title, unreadable_line,
};
use crate::diff::words::{Op, WordOp};
use crate::diff::{Change, ChangeKind, Direction, DomainDiff, DomainStatus, EditionDiff};
use crate::lang::Label;
use crate::markdown::{escape_html_into, escape_html_visible_into};

const STYLE: &str = r#"
:root { --del: #b31d28; --del-bg: #ffeef0; --ins: #116329; --ins-bg: #e6ffed; --moved: #005cc5; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f23; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; }
h1, h2, p { overflow-wrap: break-word; }
.scroll { overflow-x: auto; }
.scroll:focus-visible { outline: 2px solid var(--moved); }
table { border-collapse: collapse; width: 100%; font: 14px/1.4 system-ui, sans-serif; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #eaecef; }
th:first-child, td:first-child { min-width: 9rem; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: inline-block; height: .6rem; background: var(--moved); vertical-align: middle; margin-right: .3rem; }
.unchanged { color: #57606a; }
del { color: var(--del); background: var(--del-bg); }
ins { color: var(--ins); background: var(--ins-bg); text-decoration: underline; }
.change { margin: 1rem 0; }
.change .what { font: bold 13px/1.4 system-ui, sans-serif; color: #57606a; }
.moved .what { color: var(--moved); }
.added p { border-left: 3px solid var(--ins); padding-left: .6rem; }
.removed p { border-left: 3px solid var(--del); padding-left: .6rem; }
.preview { color: #57606a; font-style: italic; }
.front { font-style: italic; color: #57606a; }
.warning { color: var(--del); font-weight: bold; }
.file { font: 13px system-ui, sans-serif; color: #57606a; }
.legend { font: 13px/1.4 system-ui, sans-serif; color: #57606a; }
details.sides summary { font: 13px/1.4 system-ui, sans-serif; color: #57606a; cursor: pointer; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.cols > div { min-width: 0; }
.cols .side { font: bold 13px/1.4 system-ui, sans-serif; color: #57606a; margin: .4rem 0 0; }
.cols .old p + p { border-left: 3px solid var(--del); padding-left: .6rem; }
.cols .new p + p { border-left: 3px solid var(--ins); padding-left: .6rem; }
@media (max-width: 40rem) {
  body { margin: 1rem auto; padding: 0 .75rem; }
  .cols { grid-template-columns: 1fr; }
}
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; } .change { break-inside: avoid; }
  del, ins { background: none; }
  del { text-decoration: line-through; } ins { text-decoration: underline; }
  .overview { break-after: page; }
  details.sides { display: none; }
}
"#;

/// Renders the diff as one HTML page.
pub fn render(diff: &EditionDiff) -> String {
    let l = labels(diff);
    let multilingual = multilingual(diff);
    let mut out = String::with_capacity(64 * 1024);
    let (label, title_args) = title(diff, str::to_string);
    let title = l.fill(label, &args(&title_args));
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    escape_html_visible_into(&diff.lang, &mut out);
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    escape_html_visible_into(&title, &mut out);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main>\n<section class=\"overview\">\n<h1>");
    escape_html_visible_into(&title, &mut out);
    out.push_str("</h1>\n<p>");
    escape_html_visible_into(&headline(diff), &mut out);
    if let Some(line) = super::status_changes_line(&l, diff) {
        out.push_str("</p>\n<p>");
        escape_html_visible_into(&line, &mut out);
    }
    for file in &diff.unreadable {
        out.push_str("</p>\n<p class=\"warning\">");
        escape_html_visible_into(l.get(Label::WarningPrefix), &mut out);
        escape_html_visible_into(&unreadable_line(&l, file), &mut out);
    }
    // A table wider than a phone scrolls in its own box, which the keyboard can reach.
    out.push_str("</p>\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"");
    escape_html_into(l.get(Label::OverviewTable), &mut out);
    out.push_str("\">\n<table>\n<thead><tr>");
    let columns = overview_columns(&l, multilingual);
    for c in columns {
        out.push_str("<th scope=\"col\">");
        escape_html_visible_into(c, &mut out);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for d in &diff.domains {
        overview_row(&mut out, diff, d, multilingual);
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    if diff
        .domains
        .iter()
        .any(|d| !moved_cell(&l, &d.stats).is_empty())
    {
        out.push_str("<p class=\"legend\">");
        escape_html_visible_into(l.get(Label::MovedLegend), &mut out);
        out.push_str("</p>\n");
    }
    out.push_str("</section>\n");
    for d in diff
        .domains
        .iter()
        .filter(|d| d.status != DomainStatus::Unchanged)
    {
        domain_section(&mut out, diff, d, multilingual);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn overview_row(out: &mut String, diff: &EditionDiff, d: &DomainDiff, multilingual: bool) {
    let l = labels(diff);
    let unchanged = d.status == DomainStatus::Unchanged;
    out.push_str(if unchanged {
        "<tr class=\"unchanged\"><td>"
    } else {
        "<tr><td>"
    });
    if unchanged {
        escape_html_visible_into(domain_name(diff, d), out);
    } else {
        out.push_str(&format!(
            "<a href=\"#{}\">",
            anchor("domain", &d.lang, &d.domain, None)
        ));
        escape_html_visible_into(domain_name(diff, d), out);
        out.push_str("</a>");
    }
    if multilingual {
        out.push_str("</td><td>");
        escape_html_visible_into(&d.lang, out);
    }
    out.push_str("</td><td>");
    escape_html_visible_into(l.domain_status(d.status), out);
    let bar = (d.stats.share_changed * 60.0).round() as u32;
    out.push_str(&format!(
        "</td><td class=\"n\">{} → {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\"><span class=\"bar\" style=\"width:{bar}px\"></span>",
        l.number(d.stats.words_before),
        l.number(d.stats.words_after),
        l.number(d.stats.words_added),
        l.number(d.stats.words_removed),
        moved_cell(&l, &d.stats),
    ));
    escape_html_visible_into(&l.percent(d.stats.share_changed), out);
    out.push_str("</td><td>");
    escape_html_visible_into(
        &proposals_delta(&d.stats.proposals_added, &d.stats.proposals_removed),
        out,
    );
    out.push_str("</td></tr>\n");
}

fn domain_section(out: &mut String, diff: &EditionDiff, d: &DomainDiff, multilingual: bool) {
    let l = labels(diff);
    out.push_str(&format!(
        "<section id=\"{}\">\n<h2>",
        anchor("domain", &d.lang, &d.domain, None)
    ));
    escape_html_visible_into(domain_name(diff, d), out);
    if multilingual {
        out.push_str(" <small>(");
        escape_html_visible_into(&d.lang, out);
        out.push_str(")</small>");
    }
    out.push_str(" — ");
    escape_html_visible_into(&domain_share(&l, d), out);
    out.push_str("</h2>\n");
    if d.old_paths != d.new_paths && !d.old_paths.is_empty() && !d.new_paths.is_empty() {
        out.push_str("<p class=\"file\">");
        escape_html_visible_into(
            &l.fill(
                Label::FileRenamed,
                &[
                    ("old", &d.old_paths.join(", ")),
                    ("new", &d.new_paths.join(", ")),
                ],
            ),
            out,
        );
        out.push_str("</p>\n");
    }
    if let Some(line) = super::signoff_line(&l, d) {
        out.push_str("<p class=\"front\">");
        escape_html_visible_into(&line, out);
        out.push_str("</p>\n");
    }
    let front = front_matter_line(&l, d);
    if !front.is_empty() {
        out.push_str("<p class=\"front\">");
        escape_html_visible_into(&front, out);
        out.push_str("</p>\n");
    }
    for change in &d.changes {
        change_block(out, diff, d, change);
    }
    out.push_str("</section>\n");
}

/// Opens the block of a moved paragraph, at `here`: its heading links to the other end
/// of the move, `there`.
fn open_moved(out: &mut String, class: &str, here: &str, there: &str, heading: &str) {
    out.push_str(&format!(
        "<div class=\"change {class}\" id=\"{here}\"><div class=\"what\"><a href=\"#{there}\">"
    ));
    escape_html_visible_into(heading, out);
    out.push_str("</a></div>");
}

fn change_block(out: &mut String, diff: &EditionDiff, d: &DomainDiff, change: &Change) {
    let class = change.kind.as_str();
    let heading = change_heading(diff, d, change);
    match (change.kind, change.direction) {
        (ChangeKind::Moved, Some(Direction::Out)) => {
            // Where it left: a link to where it went.
            let here = anchor("from", &d.lang, &d.domain, change.old_index);
            let there = anchor(
                "to",
                &d.lang,
                change.to_domain.as_deref().unwrap_or(""),
                change.new_index,
            );
            open_moved(out, class, &here, &there, &heading);
            out.push_str("<p class=\"preview\">");
            escape_html_visible_into(&preview(change, 12), out);
            out.push_str("</p></div>\n");
        }
        (ChangeKind::Moved, _) => {
            let here = anchor("to", &d.lang, &d.domain, change.new_index);
            let there = anchor(
                "from",
                &d.lang,
                change.from_domain.as_deref().unwrap_or(""),
                change.old_index,
            );
            open_moved(out, class, &here, &there, &heading);
            out.push_str("<p>");
            out.push_str(&redline(&change.words));
            out.push_str("</p></div>\n");
        }
        _ => {
            out.push_str(&format!(
                "<div class=\"change {class}\"><div class=\"what\">"
            ));
            escape_html_visible_into(&heading, out);
            out.push_str("</div><p>");
            out.push_str(&redline(&change.words));
            out.push_str("</p>");
            if change.kind == ChangeKind::Changed {
                side_by_side(out, diff, change);
            }
            out.push_str("</div>\n");
        }
    }
}

/// A changed paragraph's old and new texts side by side (one above the other on a
/// narrow screen), in a `<details>`: the redline above is the reading, this is the
/// other view a reviewer may open, without any script.
fn side_by_side(out: &mut String, diff: &EditionDiff, change: &Change) {
    let l = labels(diff);
    out.push_str("<details class=\"sides\"><summary>");
    escape_html_into(l.get(Label::SideBySide), out);
    out.push_str("</summary><div class=\"cols\">");
    for (class, label, left_out) in [
        ("old", Label::Before, Op::Insert),
        ("new", Label::After, Op::Delete),
    ] {
        out.push_str(&format!("<div class=\"{class}\"><p class=\"side\">"));
        escape_html_into(l.get(label), out);
        out.push_str("</p><p>");
        let kept: Vec<WordOp> = change
            .words
            .iter()
            .filter(|w| w.op != left_out)
            .cloned()
            .collect();
        out.push_str(&redline(&kept));
        out.push_str("</p></div>");
    }
    out.push_str("</div></details>");
}
