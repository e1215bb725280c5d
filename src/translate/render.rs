//! Rendering a [`TranslationDiff`] for translators: `term` (coloured on a terminal), `md`
//! (a pull-request comment) and `html` (one self-contained page). Each paragraph shows
//! the source's change above the current translation. A replaced word reads `12 → 14`;
//! without colour, a deletion reads `[-word-]`, an insertion `{+word+}` and a
//! replacement `[12 → 14]`. Drafter text is always escaped in `md` and `html`.

use anstyle::{AnsiColor, Effects, Style};

use super::align::Fate;
use super::diff::{ParagraphDiff, SectionDiff, TranslationDiff};
use super::status::State;
use crate::diff::render::term::wrap_into;
use crate::diff::words::{Op, WordOp};
use crate::markdown::escape_html_into;

const BOLD: Style = Style::new().effects(Effects::BOLD);
const DELETE: Style = AnsiColor::Red.on_default().effects(Effects::STRIKETHROUGH);
const INSERT: Style = AnsiColor::Green.on_default().effects(Effects::UNDERLINE);
const DIM: Style = Style::new().effects(Effects::DIMMED);
/// Joins the words of a short replacement for `wrap`; printed as a plain space.
const NO_BREAK: &str = "\u{1}";

/// A run of the source's change as readers see it.
enum Piece<'a> {
    Same(&'a str),
    Deleted(&'a str),
    Inserted(&'a str),
    Replaced(&'a str, &'a str),
}

/// Word runs as pieces: a deletion right before an insertion is one replacement.
fn pieces(words: &[WordOp]) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let w = &words[k];
        match w.op {
            Op::Equal => out.push(Piece::Same(&w.text)),
            Op::Insert => out.push(Piece::Inserted(&w.text)),
            Op::Delete => match words.get(k + 1) {
                Some(next) if next.op == Op::Insert => {
                    out.push(Piece::Replaced(&w.text, &next.text));
                    k += 1;
                }
                _ => out.push(Piece::Deleted(&w.text)),
            },
        }
        k += 1;
    }
    out
}

/// What became of a paragraph, in words: `fr ¶2 — en ¶2 edited`.
fn heading(d: &TranslationDiff, p: &ParagraphDiff) -> String {
    let n = |i: Option<usize>| i.map_or_else(String::new, |i| format!("¶{i}"));
    match p.fate {
        Fate::Edited => format!(
            "{} {} — {} {} edited since it was translated",
            d.lang,
            n(p.paragraph),
            d.source,
            n(p.source_paragraph)
        ),
        Fate::Added => format!(
            "{} {} added — no translation yet ({})",
            d.source,
            n(p.source_paragraph),
            match p.before {
                Some(i) => format!("it goes before {} ¶{i}", d.lang),
                None => "it goes at the end".to_string(),
            }
        ),
        Fate::Removed => format!(
            "{} {} — its {} paragraph was removed",
            d.lang,
            n(p.paragraph),
            d.source
        ),
        Fate::Unchanged | Fate::Untranslated => String::new(),
    }
}

fn section_heading(s: &SectionDiff) -> String {
    let title = match &s.title {
        Some(t) => format!("{} — {t}", s.domain),
        None => s.domain.clone(),
    };
    let state = match s.state {
        State::Behind => {
            let n = s.paragraphs.len();
            format!("{n} paragraph{} behind", if n == 1 { "" } else { "s" })
        }
        other => other.as_str().to_string(),
    };
    format!("{title} ({}) — {state}", s.path)
}

fn section_advice(d: &TranslationDiff, s: &SectionDiff) -> Option<String> {
    match s.state {
        State::NoRecord => Some(format!(
            "no translation record: run `rapporteur translate init --lang {}` once the paragraphs match {} one for one",
            d.lang, s.source_path
        )),
        State::Misfit => Some(format!(
            "the record does not fit the section's paragraphs: make them match {} one for one, then `rapporteur translate accept {} --lang {}`",
            s.source_path, s.domain, d.lang
        )),
        _ => None,
    }
}

fn summary(d: &TranslationDiff) -> String {
    let base = summary_behind(d);
    if d.untranslated == 0 {
        return base;
    }
    format!(
        "{base}; {} paragraph{} not translated yet (`rapporteur translate status --lang {}` counts them, `rapporteur xliff export --lang {}` hands them to a CAT tool)",
        d.untranslated,
        if d.untranslated == 1 { "" } else { "s" },
        d.lang,
        d.lang
    )
}

fn summary_behind(d: &TranslationDiff) -> String {
    if d.sections.is_empty() && d.untranslated > 0 {
        return format!("nothing in `{}` is behind `{}`", d.lang, d.source);
    }
    if d.sections.is_empty() {
        format!(
            "all {} `{}` section{} up to date with `{}`",
            d.compared,
            d.lang,
            if d.compared == 1 { " is" } else { "s are" },
            d.source
        )
    } else {
        let behind: usize = d.sections.iter().map(|s| s.paragraphs.len()).sum();
        format!(
            "{} of {} `{}` section{} not up to date with `{}`; {behind} paragraph{} behind",
            d.sections.len(),
            d.compared,
            d.lang,
            if d.compared == 1 { " is" } else { "s are" },
            d.source,
            if behind == 1 { "" } else { "s" }
        )
    }
}

/// The terminal format, wrapped to `width` columns.
pub fn term(d: &TranslationDiff, color: bool, width: usize) -> String {
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
        &format!("translate diff {} → {}", d.source, d.lang),
    ));
    out.push('\n');
    out.push_str(&summary(d));
    out.push('\n');
    for s in &d.sections {
        out.push('\n');
        out.push_str(&paint(BOLD, &format!("── {}", section_heading(s))));
        out.push('\n');
        if let Some(advice) = section_advice(d, s) {
            wrap(&mut out, &[(None, advice)], "  ", width, color);
        }
        if let Some(note) = &s.note {
            wrap(
                &mut out,
                &[(Some(DIM), format!("note: {note}"))],
                "  ",
                width,
                color,
            );
        }
        for p in &s.paragraphs {
            out.push_str("  ");
            out.push_str(&paint(BOLD, &heading(d, p)));
            out.push('\n');
            let label = format!("{}:", d.source);
            let mut segments: Vec<(Option<Style>, String)> = vec![(Some(DIM), label)];
            if p.words.is_empty() {
                match (&p.new_source, p.fate) {
                    (Some(new), Fate::Edited) => {
                        segments.push((Some(DIM), "(old text unknown; now:)".to_string()));
                        segments.push((None, new.clone()));
                    }
                    _ => segments.push((Some(DIM), "(old text unknown)".to_string())),
                }
            } else {
                for piece in pieces(&p.words) {
                    segments.extend(term_piece(&piece, color));
                }
            }
            wrap(&mut out, &segments, "    ", width, color);
            if let Some(tr) = &p.translation {
                let segments = vec![(Some(DIM), format!("{}:", d.lang)), (None, tr.clone())];
                wrap(&mut out, &segments, "    ", width, color);
            }
        }
    }
    out
}

/// The source's change as plain text, as `term` prints it without colour:
/// `gave [12 → 14] briefings`.
pub fn plain_change(words: &[WordOp]) -> String {
    let parts: Vec<String> = pieces(words)
        .iter()
        .flat_map(|p| term_piece(p, false))
        .map(|(_, text)| text.replace(NO_BREAK, " "))
        .collect();
    parts.join(" ")
}

fn term_piece(piece: &Piece<'_>, color: bool) -> Vec<(Option<Style>, String)> {
    match (piece, color) {
        (Piece::Same(t), _) => vec![(None, t.to_string())],
        (Piece::Deleted(t), true) => vec![(Some(DELETE), t.to_string())],
        (Piece::Inserted(t), true) => vec![(Some(INSERT), t.to_string())],
        (Piece::Replaced(a, b), true) => vec![
            (Some(DELETE), a.to_string()),
            (Some(DIM), "→".to_string()),
            (Some(INSERT), b.to_string()),
        ],
        (Piece::Deleted(t), false) => vec![(None, format!("[-{t}-]"))],
        (Piece::Inserted(t), false) => vec![(None, format!("{{+{t}+}}"))],
        // No-break spaces keep a short replacement on one line; they read as spaces.
        (Piece::Replaced(a, b), false) if a.len() + b.len() < 40 => {
            vec![(None, format!("[{a} → {b}]").replace(' ', NO_BREAK))]
        }
        (Piece::Replaced(a, b), false) => vec![(None, format!("[{a} → {b}]"))],
    }
}

/// Appends styled segments word-wrapped as `diff` wraps them ([`wrap_into`]), then
/// prints each [`NO_BREAK`] as the space it stands for. The marker is this renderer's
/// own: `diff` prints its words as they are.
fn wrap(
    out: &mut String,
    segments: &[(Option<Style>, String)],
    indent: &str,
    width: usize,
    color: bool,
) {
    let start = out.len();
    wrap_into(out, segments, indent, width, color);
    let wrapped = out.split_off(start);
    out.push_str(&wrapped.replace(NO_BREAK, " "));
}

fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html_into(text, &mut out);
    out
}

/// The source's change as HTML: `<del>12</del> → <ins>14</ins>`.
fn redline(p: &ParagraphDiff) -> String {
    if p.words.is_empty() {
        return match (&p.new_source, p.fate) {
            (Some(new), Fate::Edited) => {
                format!("<em>(old text unknown; now:)</em> {}", html(new))
            }
            _ => "<em>(old text unknown)</em>".to_string(),
        };
    }
    let parts: Vec<String> = pieces(&p.words)
        .iter()
        .map(|piece| match piece {
            Piece::Same(t) => html(t),
            Piece::Deleted(t) => format!("<del>{}</del>", html(t)),
            Piece::Inserted(t) => format!("<ins>{}</ins>", html(t)),
            Piece::Replaced(a, b) => {
                format!("<del>{}</del> → <ins>{}</ins>", html(a), html(b))
            }
        })
        .collect();
    parts.join(" ")
}

/// The Markdown format, for a pull-request comment. Paragraphs are HTML on one line, so
/// that drafter text is never read as Markdown.
pub fn md(d: &TranslationDiff) -> String {
    let mut out = format!(
        "### Translation `{}` → `{}`\n\n{}\n",
        html(&d.source),
        html(&d.lang),
        html(&summary(d))
    );
    for s in &d.sections {
        out.push_str(&format!("\n#### {}\n\n", html(&section_heading(s))));
        if let Some(advice) = section_advice(d, s) {
            out.push_str(&format!("{}\n\n", html(&advice)));
        }
        if let Some(note) = &s.note {
            out.push_str(&format!("<em>note: {}</em>\n\n", html(note)));
        }
        for p in &s.paragraphs {
            out.push_str(&format!("**{}**\n\n", html(&heading(d, p))));
            out.push_str(&format!(
                "<blockquote><b>{}</b> {}</blockquote>\n\n",
                html(&d.source),
                redline(p)
            ));
            if let Some(tr) = &p.translation {
                out.push_str(&format!(
                    "<blockquote><b>{}</b> {}</blockquote>\n\n",
                    html(&d.lang),
                    html(tr)
                ));
            }
        }
    }
    out
}

const STYLE: &str = r#"
body { font: 16px/1.5 Georgia, "Times New Roman", serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f23; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; }
.what { font: bold 13px/1.4 system-ui, sans-serif; color: #57606a; margin-top: 1.2rem; }
.source, .translation { margin: .3rem 0; padding-left: .6rem; }
.source { border-left: 3px solid #005cc5; } .translation { border-left: 3px solid #d0d7de; }
.lang { font: bold 12px system-ui, sans-serif; color: #57606a; margin-right: .4rem; }
del { color: #b31d28; background: #ffeef0; } ins { color: #22863a; background: #e6ffed; }
.note { font-style: italic; color: #57606a; }
@media print { del, ins { background: none; } .para { break-inside: avoid; } }
"#;

/// One self-contained HTML page.
pub fn html_page(d: &TranslationDiff) -> String {
    let title = format!("Translation {} → {}", d.source, d.lang);
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"");
    out.push_str(&html(&d.lang));
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    out.push_str(&html(&title));
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>");
    out.push_str(&html(&title));
    out.push_str("</h1>\n<p>");
    out.push_str(&html(&summary(d)));
    out.push_str("</p>\n");
    for s in &d.sections {
        out.push_str(&format!("<h2>{}</h2>\n", html(&section_heading(s))));
        if let Some(advice) = section_advice(d, s) {
            out.push_str(&format!("<p>{}</p>\n", html(&advice)));
        }
        if let Some(note) = &s.note {
            out.push_str(&format!("<p class=\"note\">note: {}</p>\n", html(note)));
        }
        for p in &s.paragraphs {
            out.push_str("<div class=\"para\">\n");
            out.push_str(&format!("<p class=\"what\">{}</p>\n", html(&heading(d, p))));
            out.push_str(&format!(
                "<p class=\"source\" lang=\"{}\"><span class=\"lang\">{}</span>{}</p>\n",
                html(&d.source),
                html(&d.source),
                redline(p)
            ));
            if let Some(tr) = &p.translation {
                out.push_str(&format!(
                    "<p class=\"translation\" lang=\"{}\"><span class=\"lang\">{}</span>{}</p>\n",
                    html(&d.lang),
                    html(&d.lang),
                    html(tr)
                ));
            }
            out.push_str("</div>\n");
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_edit() -> TranslationDiff {
        let words = crate::diff::words::diff_words(
            &["The", "EU", "gave", "12", "<briefings>."],
            &["The", "EU", "gave", "14", "<briefings>."],
        )
        .0;
        TranslationDiff {
            source: "en".into(),
            lang: "fr".into(),
            compared: 2,
            untranslated: 0,
            sections: vec![SectionDiff {
                domain: "cyber".into(),
                title: Some("Cyber".into()),
                path: "drafts/fr/01-cyber.md".into(),
                source_path: "drafts/en/01-cyber.md".into(),
                state: State::Behind,
                commit: None,
                note: None,
                paragraphs: vec![ParagraphDiff {
                    fate: Fate::Edited,
                    paragraph: Some(1),
                    before: None,
                    source_paragraph: Some(1),
                    line: 9,
                    source_line: Some(9),
                    recorded: None,
                    fingerprint: None,
                    old_source: None,
                    new_source: None,
                    words,
                    translation: Some("L'UE a fait 12 <exposés>.".into()),
                }],
            }],
        }
    }

    #[test]
    fn a_replacement_reads_old_arrow_new_above_the_translation() {
        let d = one_edit();
        let plain = term(&d, false, 80);
        let arrow = plain.find("[12 → 14]").expect(&plain);
        let fr = plain.find("fr: L'UE a fait 12").expect(&plain);
        assert!(arrow < fr, "{plain}");
        assert!(!plain.contains('\u{1b}'));
        let coloured = term(&d, true, 80);
        assert!(coloured.contains(&format!("{}12{}", DELETE.render(), DELETE.render_reset())));
    }

    #[test]
    fn md_and_html_escape_drafter_text() {
        let d = one_edit();
        for out in [md(&d), html_page(&d)] {
            assert!(out.contains("<del>12</del> → <ins>14</ins>"), "{out}");
            assert!(out.contains("&lt;briefings&gt;"), "{out}");
            assert!(!out.contains("<exposés>"), "{out}");
        }
    }
}
