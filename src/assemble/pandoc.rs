//! Paragraph markup → pandoc's Markdown, for `build --format md`.
//!
//! Section files use a small inline markup (see [`crate::markdown`]); pandoc reads much
//! more (links, code, math, citations, lists, headings…). So the text of each run is
//! escaped for pandoc and only our own markup is written back: `*emphasis*`, `**strong**`
//! and `^superscript^`. A paragraph that would open a block (`# `, `- `, `2025. `, `> `,
//! `| `, `: ` …) has its marker escaped, so it stays a paragraph.

use crate::markdown::parse_inline;

/// One paragraph (or a heading's text) of markup as pandoc Markdown that reads back as
/// the same text and styles, on a single line.
pub fn to_pandoc(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len() + 16);
    for run in parse_inline(markup) {
        let mut text = String::with_capacity(run.text.len() + 4);
        for c in run.text.chars() {
            match c {
                // Everything pandoc may read as inline markup or an entity.
                '\\' | '*' | '_' | '^' | '~' | '`' | '[' | ']' | '<' | '>' | '$' | '@' | '#'
                | '|' | '&' | '{' | '}' => {
                    text.push('\\');
                    text.push(c);
                }
                // In a superscript a space ends it, unless escaped.
                ' ' if run.superscript => text.push_str("\\ "),
                _ => text.push(c),
            }
        }
        if text.is_empty() {
            continue;
        }
        let (open, close) = match (run.strong, run.emphasis) {
            (true, true) => ("***", "***"),
            (true, false) => ("**", "**"),
            (false, true) => ("*", "*"),
            (false, false) => ("", ""),
        };
        // Pandoc does not let emphasis start or end with a space: keep them outside.
        let inner = text.trim_matches(' ');
        let (lead, trail, open, close) = if open.is_empty() || inner.is_empty() {
            ("", "", "", "")
        } else {
            let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
            let trail = &text[text.trim_end_matches(' ').len()..];
            (lead, trail, open, close)
        };
        let inner = if open.is_empty() {
            text.as_str()
        } else {
            inner
        };
        out.push_str(lead);
        out.push_str(open);
        if run.superscript {
            out.push('^');
            out.push_str(inner);
            out.push('^');
        } else {
            out.push_str(inner);
        }
        out.push_str(close);
        out.push_str(trail);
    }
    escape_block_start(out.trim_start().to_string())
}

/// Escapes the marker of a block that `text` would open at the start of a line.
fn escape_block_start(text: String) -> String {
    match text.chars().next() {
        // Bullet lists, horizontal rules, setext lines, definition lists, example lists,
        // fenced divs, line blocks, title blocks, raw HTML.
        Some('-' | '+' | '=' | ':' | '(' | '%') => format!("\\{text}"),
        _ => {
            // Ordered lists: `2025. `, `3) `, `a. `, `iv) `, `#. ` (already escaped).
            let marker_len = text
                .char_indices()
                .find(|(_, c)| !c.is_ascii_alphanumeric())
                .map_or(text.len(), |(i, _)| i);
            let word = &text[..marker_len];
            let rest = &text[marker_len..];
            let is_marker = !word.is_empty()
                && (word.bytes().all(|b| b.is_ascii_digit())
                    || word.len() == 1
                    || word.bytes().all(|b| b"ivxlcdmIVXLCDM".contains(&b)));
            let delimited = rest.starts_with(['.', ')'])
                && rest[1..].chars().next().is_none_or(char::is_whitespace);
            if is_marker && delimited {
                format!("{word}\\{rest}")
            } else {
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::to_pandoc;

    #[test]
    fn blocks_stay_paragraphs() {
        assert_eq!(to_pandoc("# pas un titre"), "\\# pas un titre");
        assert_eq!(to_pandoc("- pas une liste"), "\\- pas une liste");
        assert_eq!(to_pandoc("2025. Une année"), "2025\\. Une année");
        assert_eq!(to_pandoc("a) premier"), "a\\) premier");
        assert_eq!(to_pandoc("> citation"), "\\> citation");
        assert_eq!(to_pandoc("Mme X. dit"), "Mme X. dit");
        assert_eq!(to_pandoc("En 2025. Puis"), "En 2025. Puis");
    }

    #[test]
    fn inline_markup_is_ours_only() {
        assert_eq!(
            to_pandoc("la 24^e^ *conférence* [lien](x) <b> 5 $"),
            "la 24^e^ *conférence* \\[lien\\](x) \\<b\\> 5 \\$"
        );
        assert_eq!(to_pandoc("**fort** et\u{a0}:"), "**fort** et\u{a0}:");
        assert_eq!(to_pandoc("un_mot_ ~x~ `c`"), "un\\_mot\\_ \\~x\\~ \\`c\\`");
    }
}
