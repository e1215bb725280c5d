//! A paragraph's inline markup (`**strong**`, `*emphasis*`, `^superscript^`) as XLIFF
//! inline codes, so that CAT tools show it as tags the translator places but cannot
//! break: `<pc type="fmt" subType="xlf:i">` in 2.0, `<g ctype="italic">` in 1.2. A
//! paragraph's codes are numbered from 1 in reading order; the ids tie a target's codes
//! to its source's.
//!
//! Back from the tool, a target's codes must be its source's, each once (a translator may
//! move them, not drop or invent them); the target then becomes Markdown again. Text
//! that the tools write around codes (`<mrk>`, 1.2 `<mrk mtype="seg">` segments) is
//! read through.

use crate::markdown::{Run, parse_inline, stray_markers, without_comments};

/// A style a code carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    Strong,
    Emphasis,
    Superscript,
}

impl Style {
    /// XLIFF 2.0 `subType` (with `type="fmt"`): the reserved `xlf:b` and `xlf:i`, and
    /// rapporteur's own `rp:sup` (the specification has none for superscripts).
    pub fn sub_type(self) -> &'static str {
        match self {
            Style::Strong => "xlf:b",
            Style::Emphasis => "xlf:i",
            Style::Superscript => "rp:sup",
        }
    }

    /// XLIFF 1.2 `ctype` of a `<g>`.
    pub fn ctype(self) -> &'static str {
        match self {
            Style::Strong => "bold",
            Style::Emphasis => "italic",
            Style::Superscript => "x-superscript",
        }
    }

    /// The style a `subType` (2.0) or `ctype` (1.2) names.
    pub fn named(name: &str) -> Option<Style> {
        [Style::Strong, Style::Emphasis, Style::Superscript]
            .into_iter()
            .find(|s| s.sub_type() == name || s.ctype() == name)
    }

    /// In words, for messages.
    pub fn word(self) -> &'static str {
        match self {
            Style::Strong => "bold",
            Style::Emphasis => "emphasis",
            Style::Superscript => "superscript",
        }
    }

    /// The Markdown marker.
    fn marker(self) -> &'static str {
        match self {
            Style::Strong => "**",
            Style::Emphasis => "*",
            Style::Superscript => "^",
        }
    }
}

/// A piece of a source or target as read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// A code opens (`<pc>`, `<g>`, `<sc/>`); its style when the tool kept it.
    Open {
        id: String,
        style: Option<Style>,
    },
    /// A code closes (`</pc>`, `</g>`, `<ec/>`).
    Close {
        id: String,
    },
    /// An inline element rapporteur never writes (`<ph>`, `<x/>`, `<bpt>`…): its name.
    Other(String),
}

/// The pieces of a Markdown paragraph (whitespace collapsed, no-break spaces kept, the
/// drafters' comments inside its lines left out: they are nobody's text to translate),
/// codes numbered from 1.
pub fn from_markdown(markdown: &str) -> Vec<Piece> {
    let runs = parse_inline(collapse(&without_comments(markdown)).trim());
    let mut out = Vec::new();
    // Open codes, outermost first: (style, id).
    let mut open: Vec<(Style, String)> = Vec::new();
    let mut next = 1;
    for run in runs {
        let want = styles(&run);
        // Close from the innermost until every open style is still wanted.
        while let Some(k) = open.iter().position(|(s, _)| !want.contains(s)) {
            while open.len() > k {
                if let Some((_, id)) = open.pop() {
                    out.push(Piece::Close { id });
                }
            }
        }
        for style in want {
            if !open.iter().any(|(s, _)| *s == style) {
                let id = next.to_string();
                next += 1;
                out.push(Piece::Open {
                    id: id.clone(),
                    style: Some(style),
                });
                open.push((style, id));
            }
        }
        out.push(Piece::Text(run.text));
    }
    while let Some((_, id)) = open.pop() {
        out.push(Piece::Close { id });
    }
    out
}

/// A run's styles, outermost first.
fn styles(run: &Run) -> Vec<Style> {
    let mut out = Vec::new();
    if run.strong {
        out.push(Style::Strong);
    }
    if run.emphasis {
        out.push(Style::Emphasis);
    }
    if run.superscript {
        out.push(Style::Superscript);
    }
    out
}

/// The text of pieces, codes left out, whitespace normalised.
pub fn plain(pieces: &[Piece]) -> String {
    let text: String = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    collapse(&text).trim().to_string()
}

/// What a source says, codes by their style and place, ids left out: a unit's source is
/// the paragraph it was exported from when their keys are equal.
pub fn key(pieces: &[Piece]) -> String {
    let mut styles: Vec<(&str, Option<Style>)> = Vec::new();
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Open { id, style } => {
                styles.push((id, *style));
                out.push_str(&format!("\u{1}{}\u{2}", style.map_or("?", |s| s.word())));
            }
            Piece::Close { id } => {
                let style = styles.iter().find(|(i, _)| i == id).and_then(|(_, s)| *s);
                out.push_str(&format!("\u{3}{}\u{2}", style.map_or("?", |s| s.word())));
            }
            Piece::Other(name) => out.push_str(&format!("\u{4}{name}\u{2}")),
        }
    }
    collapse(&out).trim().to_string()
}

/// The codes of a source: id and style, in order.
fn codes(pieces: &[Piece]) -> Vec<(&str, Option<Style>)> {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Open { id, style } => Some((id.as_str(), *style)),
            _ => None,
        })
        .collect()
}

fn describe(codes: &[(&str, Option<Style>)]) -> String {
    if codes.is_empty() {
        return "none".to_string();
    }
    codes
        .iter()
        .map(|(id, s)| format!("{} (id {id})", s.map_or("code", |s| s.word())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The target as Markdown, its codes checked against the source's: each source code
/// once, nothing else. `Err` says why the target cannot be taken.
pub fn target_markdown(source: &[Piece], target: &[Piece]) -> Result<String, String> {
    let want = codes(source);
    let mut have: Vec<(&str, Option<Style>)> = Vec::new();
    for p in target {
        match p {
            Piece::Open { id, style } => have.push((id.as_str(), *style)),
            Piece::Other(name) => {
                return Err(format!(
                    "its target holds `<{name}>`, an inline code its source does not have"
                ));
            }
            _ => {}
        }
    }
    let mut sorted_want: Vec<&str> = want.iter().map(|(id, _)| *id).collect();
    let mut sorted_have: Vec<&str> = have.iter().map(|(id, _)| *id).collect();
    sorted_want.sort_unstable();
    sorted_have.sort_unstable();
    let styles_agree = have
        .iter()
        .all(|(id, style)| style.is_none() || want.iter().any(|(i, s)| i == id && s == style));
    if sorted_want != sorted_have || !styles_agree {
        return Err(format!(
            "its inline codes differ from its source's: the source has {}, the target {}; place each of the source's tags once in the target",
            describe(&want),
            describe(&have)
        ));
    }
    // Runs of text with the styles open over them.
    let mut active: Vec<(&str, Style)> = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    for p in target {
        match p {
            Piece::Open { id, .. } => {
                if let Some((_, style)) = want.iter().find(|(i, _)| i == id) {
                    active.push((id, style.unwrap_or(Style::Emphasis)));
                }
            }
            Piece::Close { id } => {
                if let Some(k) = active.iter().rposition(|(i, _)| i == id) {
                    active.remove(k);
                }
            }
            Piece::Text(t) => {
                let on = |s: Style| active.iter().any(|(_, a)| *a == s);
                runs.push(Run {
                    text: t.clone(),
                    strong: on(Style::Strong),
                    emphasis: on(Style::Emphasis),
                    superscript: on(Style::Superscript),
                });
            }
            Piece::Other(_) => {}
        }
    }
    runs_to_markdown(runs).ok_or_else(|| {
        "its formatting cannot be written in the section file (a superscript holding a space, or tags nested in a way Markdown cannot say)".to_string()
    })
}

/// Runs as Markdown that reads back as exactly these runs, or `None`.
fn runs_to_markdown(runs: Vec<Run>) -> Option<String> {
    let runs = tidy(runs);
    let reads_back = |markdown: &str| same_runs(&tidy(parse_inline(markdown)), &runs);
    let markdown = write_runs(&runs, false);
    if reads_back(&markdown) {
        // A marker the text holds that would read as an emphasis left open: escaped, so
        // that the check does not take it for one.
        let mut escaped = markdown.clone();
        for at in stray_markers(&markdown).into_iter().rev() {
            escaped.insert(at, '\\');
        }
        if reads_back(&escaped) {
            return Some(escaped);
        }
    }
    let markdown = write_runs(&runs, true);
    reads_back(&markdown).then_some(markdown)
}

/// Whitespace normalised, whitespace at the edges of a styled run moved out of the
/// styles its neighbour on that side does not share (a marker cannot open before a space
/// or close after one), empty runs dropped, neighbours of one style merged.
fn tidy(runs: Vec<Run>) -> Vec<Run> {
    let runs: Vec<Run> = runs
        .into_iter()
        .map(|mut r| {
            r.text = collapse(&r.text);
            r
        })
        .filter(|r| !r.text.is_empty())
        .collect();
    let shared = |a: &Run, b: Option<&Run>, text: &str| Run {
        text: text.to_string(),
        strong: a.strong && b.is_some_and(|b| b.strong),
        emphasis: a.emphasis && b.is_some_and(|b| b.emphasis),
        superscript: a.superscript && b.is_some_and(|b| b.superscript),
    };
    let mut out: Vec<Run> = Vec::new();
    for (k, run) in runs.iter().enumerate() {
        let trimmed = run.text.trim();
        if run.text.starts_with(' ') {
            out.push(shared(run, k.checked_sub(1).and_then(|p| runs.get(p)), " "));
        }
        if !trimmed.is_empty() {
            out.push(Run {
                text: trimmed.to_string(),
                ..run.clone()
            });
            if run.text.ends_with(' ') {
                out.push(shared(run, runs.get(k + 1), " "));
            }
        }
    }
    // Merge neighbours of one style; collapse the spaces the moves doubled.
    let mut merged: Vec<Run> = Vec::new();
    for run in out {
        match merged.last_mut() {
            Some(last) if same_style(last, &run) => last.text.push_str(&run.text),
            _ => merged.push(run),
        }
    }
    for run in &mut merged {
        run.text = collapse(&run.text);
    }
    if let Some(first) = merged.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = merged.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    merged.retain(|r| !r.text.is_empty());
    // Two runs of one style meeting where an empty one was dropped are one.
    let mut again: Vec<Run> = Vec::new();
    for run in merged {
        match again.last_mut() {
            Some(last) if same_style(last, &run) => {
                last.text.push_str(&run.text);
                last.text = collapse(&last.text);
            }
            _ => again.push(run),
        }
    }
    again
}

/// Runs of whitespace as one space; no-break spaces are kept, as typography needs them.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

fn same_style(a: &Run, b: &Run) -> bool {
    (a.strong, a.emphasis, a.superscript) == (b.strong, b.emphasis, b.superscript)
}

fn same_runs(a: &[Run], b: &[Run]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.text == y.text && same_style(x, y))
}

/// Runs written with markers; `escape`: every marker character of the text escaped.
fn write_runs(runs: &[Run], escape: bool) -> String {
    let mut out = String::new();
    let mut open: Vec<Style> = Vec::new();
    for run in runs {
        let want = styles(run);
        while let Some(k) = open.iter().position(|s| !want.contains(s)) {
            while open.len() > k {
                if let Some(s) = open.pop() {
                    out.push_str(s.marker());
                }
            }
        }
        for style in want {
            if !open.contains(&style) {
                out.push_str(style.marker());
                open.push(style);
            }
        }
        if escape {
            for c in run.text.chars() {
                if matches!(c, '\\' | '*' | '^') {
                    out.push('\\');
                }
                out.push(c);
            }
        } else {
            out.push_str(&run.text);
        }
    }
    while let Some(s) = open.pop() {
        out.push_str(s.marker());
    }
    out
}

/// Pieces as the inner XML of a 2.0 or 1.2 `<source>`/`<target>`: text escaped, codes
/// as `<pc>` (2.0) or `<g>` (1.2).
pub fn to_xml(pieces: &[Piece], v2: bool) -> String {
    let mut out = String::new();
    let mut styles: Vec<(&str, Option<Style>)> = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&quick_xml::escape::partial_escape(t)),
            Piece::Open { id, style } => {
                styles.push((id, *style));
                let style = style.unwrap_or(Style::Emphasis);
                if v2 {
                    out.push_str(&format!(
                        "<pc id=\"{id}\" type=\"fmt\" subType=\"{}\">",
                        style.sub_type()
                    ));
                } else {
                    out.push_str(&format!("<g id=\"{id}\" ctype=\"{}\">", style.ctype()));
                }
            }
            Piece::Close { .. } => out.push_str(if v2 { "</pc>" } else { "</g>" }),
            Piece::Other(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Piece {
        Piece::Text(s.to_string())
    }

    fn open(id: &str, style: Style) -> Piece {
        Piece::Open {
            id: id.to_string(),
            style: Some(style),
        }
    }

    fn close(id: &str) -> Piece {
        Piece::Close { id: id.to_string() }
    }

    #[test]
    fn markdown_becomes_numbered_codes() {
        let p = from_markdown("La 24^e^ réunion, *très* **utile**.");
        assert_eq!(
            to_xml(&p, true),
            "La 24<pc id=\"1\" type=\"fmt\" subType=\"rp:sup\">e</pc> réunion, <pc id=\"2\" type=\"fmt\" subType=\"xlf:i\">très</pc> <pc id=\"3\" type=\"fmt\" subType=\"xlf:b\">utile</pc>."
        );
        assert_eq!(
            to_xml(&from_markdown("*a 1^er^ b*"), false),
            "<g id=\"1\" ctype=\"italic\">a 1<g id=\"2\" ctype=\"x-superscript\">er</g> b</g>"
        );
        assert_eq!(plain(&p), "La 24e réunion, très utile.");
        // A drafters' comment is nobody's text to translate.
        assert_eq!(
            plain(&from_markdown("Un <!-- à revoir : *x* --> deux")),
            "Un deux"
        );
    }

    #[test]
    fn a_target_with_the_same_codes_becomes_markdown() {
        let source = from_markdown("La 24^e^ réunion, *très* utile.");
        let target = vec![
            text("The "),
            open("2", Style::Emphasis),
            text("very "),
            close("2"),
            text("useful 24"),
            open("1", Style::Superscript),
            text("th"),
            close("1"),
            text(" meeting."),
        ];
        assert_eq!(
            target_markdown(&source, &target).unwrap(),
            "The *very* useful 24^th^ meeting."
        );
        // Text that looks like markup is escaped only where it would be read as such.
        let source = from_markdown("Cinq fois trois.");
        assert_eq!(
            target_markdown(&source, &[text("5 * 3 and *this")]).unwrap(),
            "5 * 3 and \\*this"
        );
    }

    #[test]
    fn spaces_move_out_of_markers_and_codes_nest() {
        let source = from_markdown("*une 1^re^ fois* ici");
        let target = vec![
            text("a"),
            open("1", Style::Emphasis),
            text(" first "),
            open("2", Style::Superscript),
            text("st"),
            close("2"),
            text(" time "),
            close("1"),
            text("here"),
        ];
        assert_eq!(
            target_markdown(&source, &target).unwrap(),
            "a *first ^st^ time* here"
        );
        // A superscript holding a space cannot be written in Markdown.
        let source = from_markdown("la 24^e^ fois");
        let target = vec![
            text("the 24"),
            open("1", Style::Superscript),
            text("t h"),
            close("1"),
        ];
        assert!(target_markdown(&source, &target).is_err());
    }

    #[test]
    fn a_target_missing_or_adding_codes_is_refused() {
        let source = from_markdown("La 24^e^ réunion.");
        let err = target_markdown(&source, &[text("The 24th meeting.")]).unwrap_err();
        assert!(err.contains("superscript (id 1)"), "{err}");
        let err = target_markdown(
            &source,
            &[
                text("The 24"),
                open("1", Style::Superscript),
                text("th"),
                close("1"),
                open("2", Style::Emphasis),
                text("x"),
                close("2"),
            ],
        )
        .unwrap_err();
        assert!(
            err.contains("the target superscript (id 1), emphasis (id 2)"),
            "{err}"
        );
        let err = target_markdown(&source, &[Piece::Other("ph".into())]).unwrap_err();
        assert!(err.contains("`<ph>`"), "{err}");
    }

    /// Every paragraph of the shipped edition, as codes and back, is the same text with
    /// the same markup.
    #[test]
    fn the_shipped_paragraphs_round_trip_through_codes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let edition =
            crate::load::load_edition(&crate::load::WorkTree::new(root)).expect("shipped");
        let mut seen = 0;
        for section in &edition.sections {
            for p in section.paragraph_texts() {
                let pieces = from_markdown(p);
                let back = target_markdown(&pieces, &pieces).unwrap();
                assert_eq!(key(&from_markdown(&back)), key(&pieces), "{p}");
                assert!(stray_markers(&back).is_empty(), "{back}");
                seen += 1;
            }
        }
        assert!(seen > 50);
    }

    #[test]
    fn keys_ignore_ids_but_not_styles() {
        let a = from_markdown("la 24^e^ fois");
        let mut b = a.clone();
        for p in &mut b {
            match p {
                Piece::Open { id, .. } | Piece::Close { id } => *id = "9".into(),
                _ => {}
            }
        }
        assert_eq!(key(&a), key(&b));
        assert_ne!(key(&a), key(&from_markdown("la 24*e* fois")));
        assert_ne!(key(&a), key(&from_markdown("la 24e fois")));
    }
}
