//! Characters that are not text, and the one way they are shown. Control characters (C0
//! but the tab and line breaks, DEL, C1) can drive a terminal (an ESC sequence rewrites
//! what a reviewer sees, a newline forges a row); bidirectional overrides and isolates
//! (U+202A–U+202E, U+2066–U+2069) reorder what is displayed; zero-width characters make
//! one word two strings. Whatever reaches a terminal, a message or a document from a file
//! goes through here:
//! - [`without_controls`]: a document leaves the controls and overrides out;
//! - [`visible`]: a terminal or a Markdown/HTML review page shows them as `\u{202E}`;
//! - [`one_line`]: a message shows a value on one line, escaped, and cut when long.
//!
//! Normal text costs one pass over its bytes ([`has_controls`]), and no copy.

use std::borrow::Cow;

/// Whether a character is a control character that has no place in a report's text: C0
/// (NUL, BEL, ESC…) but the tab and line breaks, DEL, C1, and the bidirectional
/// embeddings, overrides and isolates. They print as nothing or as garbage, can drive a
/// terminal or a converter, or reorder the text a reader sees.
pub fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_bidi_control(c)
}

/// The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
/// The marks U+200E, U+200F and U+061C change no order of their own: see
/// [`is_zero_width`].
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible characters that split or join words without showing: zero-width space,
/// non-joiner, joiner, left-to-right and right-to-left marks, the Arabic letter mark, the
/// word joiner and invisible operators, and the byte-order mark in the middle of a text.
pub fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Whether `text` holds a character [`is_control`] or [`is_zero_width`] speaks of, by its
/// bytes: C0 and DEL are single bytes, C1 is `C2 80`–`C2 9F` (a no-break space, `C2 A0`,
/// is not one), the others start with `E2 80`, `E2 81`, `EF BB` or `D8 9C`.
pub fn has_controls(text: &str) -> bool {
    let bytes = text.as_bytes();
    let control_at = |i: usize| {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        let third = bytes.get(i + 2).copied().unwrap_or(0);
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || b == 0x7f
            || (b == 0xc2 && (0x80..0xa0).contains(&next))
            || (b == 0xe2
                && ((next == 0x80 && matches!(third, 0x8b..=0x8f | 0xaa..=0xae))
                    || (next == 0x81 && matches!(third, 0xa0..=0xa4 | 0xa6..=0xa9))))
            || (b == 0xef && next == 0xbb && third == 0xbf)
            || (b == 0xd8 && next == 0x9c)
    };
    // Every paragraph of every check and build passes here: a chunk is first tested
    // without branches (the compiler vectorises it), and looked at byte by byte only
    // when it holds a byte that may start one (in French text, mostly the `C2` of « » and
    // the no-break space, the `E2` of ’ and …).
    let mut start = 0;
    for chunk in bytes.chunks(32) {
        let suspect = chunk.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == 0x7f) | (b == 0xc2) | (b == 0xe2) | (b == 0xef) | (b == 0xd8)
        });
        if suspect && (start..start + chunk.len()).any(control_at) {
            return true;
        }
        start += chunk.len();
    }
    false
}

/// `text` without its control characters and bidirectional overrides (see
/// [`is_control`]): what a document built from the report may show, whatever the files
/// hold. Zero-width characters stay (a joiner is part of some scripts' words).
pub fn without_controls(text: &str) -> Cow<'_, str> {
    if has_controls(text) && text.chars().any(is_control) {
        text.chars()
            .filter(|&c| !is_control(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// `text` with every control, bidirectional and zero-width character written out as an
/// escape (`\u{202E}`, `\u{1B}`), line breaks and tabs kept: what a terminal, or a review
/// page in Markdown or HTML, shows of a file's text.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// `text` on one line, for a message or a table cell: as [`visible`], line breaks and
/// tabs escaped too (`\n`), and cut after `max` characters with how many were left out.
pub fn one_line(text: &str, max: usize) -> Cow<'_, str> {
    let escaped = escape(text, true);
    let Some((cut, _)) = escaped.char_indices().nth(max) else {
        return escaped;
    };
    let left = escaped[cut..].chars().count();
    format!("{}… ({left} more characters)", &escaped[..cut]).into()
}

fn escape(text: &str, one_line: bool) -> Cow<'_, str> {
    let hidden = |c: char| {
        is_control(c) || is_zero_width(c) || (one_line && matches!(c, '\t' | '\n' | '\r'))
    };
    let line_breaks = one_line && text.contains(['\t', '\n', '\r']);
    if !line_breaks && !has_controls(text) || !text.chars().any(hidden) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' if one_line => out.push_str("\\n"),
            '\r' if one_line => out.push_str("\\r"),
            '\t' if one_line => out.push_str("\\t"),
            c if hidden(c) => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_text_is_borrowed() {
        let text = "L’OTAN et l’UE — « coopération » … 24\u{a0}%.";
        assert!(!has_controls(text));
        assert!(matches!(visible(text), Cow::Borrowed(_)));
        assert!(matches!(one_line(text, 200), Cow::Borrowed(_)));
        assert!(matches!(without_controls(text), Cow::Borrowed(_)));
    }

    #[test]
    fn every_hidden_character_is_found_and_escaped() {
        for c in [
            '\0', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}', '\u{200b}', '\u{200d}', '\u{200e}',
            '\u{202a}', '\u{202e}', '\u{2060}', '\u{2066}', '\u{2069}', '\u{feff}', '\u{61c}',
        ] {
            let text = format!("ab{c}cd");
            assert!(has_controls(&text), "{:X}", c as u32);
            assert_eq!(
                visible(&text),
                format!("ab\\u{{{:X}}}cd", c as u32),
                "{:X}",
                c as u32
            );
        }
        for c in [
            '\u{a0}', '\u{2019}', '\u{2026}', '\u{202f}', '\u{2065}', '\u{600}',
        ] {
            assert!(!has_controls(&format!("ab{c}cd")), "{:X}", c as u32);
        }
        assert_eq!(
            without_controls("a\u{202e}b\u{1b}[2Jc\u{200b}d"),
            "ab[2Jc\u{200b}d"
        );
    }

    #[test]
    fn one_line_escapes_breaks_and_cuts() {
        assert_eq!(one_line("a\nFAKE\tb", 100), "a\\nFAKE\\tb");
        assert_eq!(visible("a\nb"), "a\nb");
        let long = "x".repeat(100_000);
        let cut = one_line(&long, 80);
        assert!(cut.len() < 200, "{cut}");
        assert!(cut.ends_with("… (99920 more characters)"), "{cut}");
    }
}
