//! Drafter and catalog text written into Typst source (`templates/report.typ.j2`), so
//! that it is always text: never markup, never code.
//!
//! In Typst markup nearly every ASCII sign may start something (`#` code, `$` maths,
//! `*` `_` emphasis, `@` a reference, `<` a label, `//` a comment, `=` `-` `+` `/` a
//! heading or list at a line's start, `~` a no-break space, `"` `'` smart quotes,
//! `http://` a link, `...` `--` shorthands), and a backslash before any character makes
//! it plain text. So every ASCII punctuation sign is written escaped, and line breaks
//! (which could end a heading or open a paragraph) become spaces: whatever the text holds,
//! Typst reads it back character for character. In code (`#text(lang: …)`), text goes in
//! a string literal, where only `\` and `"` need escaping.

use crate::markdown::{is_control, parse_inline};

/// `text` as Typst markup that reads back as exactly that text, on one line.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_markup_into(text, &mut out);
    out
}

fn escape_markup_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if is_line_break(c) || c == '\t' {
            out.push(' ');
        } else if !is_control(c) {
            out.push(c);
        }
    }
}

/// `text` as a Typst string literal (with its quotes), for code.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if is_line_break(c) || c == '\t' => out.push(' '),
            c if is_control(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The inline markup of a paragraph (see [`crate::markdown`]) as Typst markup: emphasis,
/// strong and superscript as Typst's functions, the text escaped.
pub fn markup_to_typst(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len() + 16);
    for run in parse_inline(markup) {
        let mut close = 0;
        for (on, open) in [
            (run.strong, "#strong["),
            (run.emphasis, "#emph["),
            (run.superscript, "#super["),
        ] {
            if on {
                out.push_str(open);
                close += 1;
            }
        }
        escape_markup_into(&run.text, &mut out);
        for _ in 0..close {
            out.push(']');
        }
    }
    out
}

/// What Typst's lexer takes for a line break.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\x0B' | '\x0C' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::{escape_markup, markup_to_typst, string_literal};

    #[test]
    fn every_sign_is_escaped() {
        assert_eq!(escape_markup("#x $y$ *z*"), "\\#x \\$y\\$ \\*z\\*");
        assert_eq!(
            escape_markup("a_b @ref <lbl> \\ ] [ // /* `c` ~ http://x"),
            "a\\_b \\@ref \\<lbl\\> \\\\ \\] \\[ \\/\\/ \\/\\* \\`c\\` \\~ http\\:\\/\\/x"
        );
        assert_eq!(escape_markup("= titre\n- liste"), "\\= titre \\- liste");
        assert_eq!(escape_markup("2025. Un an"), "2025\\. Un an");
        assert_eq!(
            escape_markup("l’été « à » 5\u{a0}%"),
            "l’été « à » 5\u{a0}\\%"
        );
        assert_eq!(escape_markup("a\u{2028}\u{2029}b\u{7}"), "a  b");
        // `\u{41}` stays text: the backslash is escaped, `u` is not.
        assert_eq!(escape_markup("\\u{41}"), "\\\\u\\{41\\}");
    }

    #[test]
    fn strings_are_literals() {
        assert_eq!(string_literal("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
        assert_eq!(string_literal("x\ny"), "\"x y\"");
    }

    #[test]
    fn inline_markup_becomes_functions() {
        assert_eq!(
            markup_to_typst("la 24^e^ *conférence* et **fort** #x"),
            "la 24#super[e] #emph[conférence] et #strong[fort] \\#x"
        );
    }
}
