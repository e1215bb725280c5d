//! The inline markup of section paragraphs, and the bridge to plain text.
//!
//! A paragraph is prose with a small, fixed set of inline markup, the subset pandoc reads
//! the same way: `*emphasis*`, `**strong**`, `^superscript^` (`24^e^`) and backslash
//! escapes (`\*`). Nothing else is markup, so a drafter's text never turns into a list or
//! a heading by accident. (pulldown-cmark cannot read `24^e^`: it refuses a superscript
//! inside a word, hence this small parser.)

/// A run of text with its style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub emphasis: bool,
    pub strong: bool,
    pub superscript: bool,
}

/// Splits a paragraph into styled runs. Unmatched markers are text.
pub fn parse_inline(markdown: &str) -> Vec<Run> {
    parse(markdown, None)
}

/// The byte offsets of the markers (`*`, `^`) that [`parse_inline`] reads as text, not
/// escaped and not a lone `*` between spaces (`5 * 3`): an emphasis or a superscript
/// left open (`*seconde`, `24^th`), which is printed as typed.
pub fn stray_markers(markdown: &str) -> Vec<usize> {
    let mut stray = Vec::new();
    parse(markdown, Some(&mut stray));
    if stray.is_empty() {
        return stray;
    }
    let chars: Vec<(usize, char)> = markdown.char_indices().collect();
    stray
        .into_iter()
        .filter(|&k| {
            let touches = |c: Option<&(usize, char)>| c.is_some_and(|(_, c)| !c.is_whitespace());
            chars[k].1 == '^'
                || touches(k.checked_sub(1).and_then(|p| chars.get(p)))
                || touches(chars.get(k + 1))
        })
        .map(|k| chars[k].0)
        .collect()
}

/// [`parse_inline`]; `stray` receives the char index of each marker read as text.
fn parse(markdown: &str, mut stray: Option<&mut Vec<usize>>) -> Vec<Run> {
    // Most paragraphs hold no markup at all: one plain run, without looking at each
    // character (what the loop below would give, faster).
    let bytes = markdown.as_bytes();
    if memchr::memchr3(b'\\', b'^', b'*', bytes).is_none() && memchr::memchr(b'\n', bytes).is_none()
    {
        return if markdown.is_empty() {
            Vec::new()
        } else {
            vec![Run {
                text: markdown.to_string(),
                emphasis: false,
                strong: false,
                superscript: false,
            }]
        };
    }
    let chars: Vec<char> = markdown.chars().collect();
    let mut runs: Vec<Run> = Vec::new();
    let (mut emphasis, mut strong) = (false, false);
    let mut text = String::new();
    let push = |runs: &mut Vec<Run>,
                text: &mut String,
                emphasis: bool,
                strong: bool,
                superscript: bool| {
        if !text.is_empty() {
            runs.push(Run {
                text: std::mem::take(text),
                emphasis,
                strong,
                superscript,
            });
        }
    };
    let closes = |from: usize, marker: &[char]| -> bool {
        // A closing marker exists later in the paragraph.
        (from..chars.len())
            .any(|j| chars[j..].starts_with(marker) && (j == 0 || chars[j - 1] != '\\'))
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                text.push(chars[i + 1]);
                i += 2;
            }
            '^' => {
                // `^...^` with no space inside is a superscript.
                let end =
                    (i + 1..chars.len()).find(|&j| chars[j] == '^' || chars[j].is_whitespace());
                match end {
                    Some(j) if chars[j] == '^' && j > i + 1 => {
                        push(&mut runs, &mut text, emphasis, strong, false);
                        let sup: String = chars[i + 1..j].iter().collect();
                        runs.push(Run {
                            text: sup.replace('\\', ""),
                            emphasis,
                            strong,
                            superscript: true,
                        });
                        i = j + 1;
                    }
                    _ => {
                        if let Some(stray) = stray.as_deref_mut() {
                            stray.push(i);
                        }
                        text.push('^');
                        i += 1;
                    }
                }
            }
            '*' if chars.get(i + 1) == Some(&'*') && (strong || closes(i + 2, &['*', '*'])) => {
                push(&mut runs, &mut text, emphasis, strong, false);
                strong = !strong;
                i += 2;
            }
            '*' if emphasis
                || (chars.get(i + 1).is_some_and(|n| !n.is_whitespace())
                    && closes(i + 1, &['*'])) =>
            {
                push(&mut runs, &mut text, emphasis, strong, false);
                emphasis = !emphasis;
                i += 1;
            }
            '\n' => {
                text.push(' ');
                i += 1;
            }
            _ => {
                if c == '*'
                    && let Some(stray) = stray.as_deref_mut()
                {
                    stray.push(i);
                }
                text.push(c);
                i += 1;
            }
        }
    }
    push(&mut runs, &mut text, emphasis, strong, false);
    runs
}

/// Plain text → markup that reads back as exactly that text: markers are escaped, and an
/// ordinal written `24^e` (the plain-text form of a superscript, as PDF extraction gives
/// it) becomes the superscript `24^e^`.
pub fn escape_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '^' if i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) =>
            {
                let mut j = i + 1;
                while j < chars.len() && chars[j].is_alphabetic() {
                    j += 1;
                }
                out.push('^');
                out.extend(&chars[i + 1..j]);
                out.push('^');
                i = j;
                continue;
            }
            '\\' | '*' | '^' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Whether a character is a control character that has no place in a report's text: C0
/// (NUL, BEL, ESC…) but the tab and line breaks, DEL, and C1. They print as nothing or as
/// garbage, and can drive a terminal or a converter.
pub fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `text` holds a control character (see [`is_control`]), by its bytes: C0 and DEL
/// are single bytes, C1 is `C2 80`–`C2 9F` (a no-break space, `C2 A0`, is not one).
pub fn has_controls(text: &str) -> bool {
    let bytes = text.as_bytes();
    let control_at = |i: usize| {
        let b = bytes[i];
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)))
    };
    // Every paragraph of every check and build passes here: a chunk is first tested
    // without branches (the compiler vectorises it), and looked at byte by byte only
    // when it holds a byte that may start a control (in French text, mostly the `C2` of
    // « » and the no-break space).
    let mut start = 0;
    for chunk in bytes.chunks(32) {
        let suspect = chunk.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == 0x7f) | (b == 0xc2)
        });
        if suspect && (start..start + chunk.len()).any(control_at) {
            return true;
        }
        start += chunk.len();
    }
    false
}

/// `text` without its control characters (see [`is_control`]): what a document built
/// from the report may show, whatever the section files hold.
pub fn without_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if has_controls(text) {
        text.chars()
            .filter(|&c| !is_control(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// `text` without the HTML comments inside its lines (`Un <!-- note --> deux`): a note
/// between drafters is never published. (Comments that start a line are no paragraph's
/// text at all: see `load::section::split_body`.) A space on each side of a comment
/// becomes one; a comment never closed runs to the end.
pub fn without_comments(text: &str) -> std::borrow::Cow<'_, str> {
    let comments = comment_ranges(text);
    if comments.is_empty() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for range in comments {
        out.push_str(&text[pos..range.start]);
        let after = &text[range.end..];
        pos = if out.ends_with(char::is_whitespace) {
            text.len() - after.trim_start_matches([' ', '\t']).len()
        } else {
            range.end
        };
    }
    out.push_str(&text[pos..]);
    out.into()
}

/// The byte ranges of the HTML comments in `text` (`<!--` to `-->` included; one never
/// closed runs to the end).
pub fn comment_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(open) = memchr::memmem::find(&text.as_bytes()[from..], b"<!--") {
        let open = from + open;
        let end = text[open + 4..]
            .find("-->")
            .map_or(text.len(), |close| open + 4 + close + 3);
        ranges.push(open..end);
        from = end;
    }
    ranges
}

/// Markup → plain text: emphasis dropped, a superscript written with a leading caret
/// (`24^e`, the form of the published plain text), line breaks as spaces.
pub fn to_plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for run in parse_inline(markdown) {
        if run.superscript {
            out.push('^');
        }
        out.push_str(&run.text);
    }
    out
}

/// Markup → HTML, with the text escaped.
pub fn to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 16);
    for run in parse_inline(markdown) {
        let mut close = Vec::new();
        for (on, open, end) in [
            (run.strong, "<strong>", "</strong>"),
            (run.emphasis, "<em>", "</em>"),
            (run.superscript, "<sup>", "</sup>"),
        ] {
            if on {
                out.push_str(open);
                close.push(end);
            }
        }
        escape_html_into(&run.text, &mut out);
        for end in close.into_iter().rev() {
            out.push_str(end);
        }
    }
    out
}

/// Escapes `& < > " '` for HTML text and attribute values.
pub fn escape_html_into(text: &str, out: &mut String) {
    // The five signs are ASCII: the text between them is copied as whole slices. The
    // next `& < >` and the next `" '` are each found by a vectorised search, and each
    // search starts again only once its sign is passed (French has an apostrophe every
    // forty bytes, `&` rarely), so the text is scanned about twice.
    let bytes = text.as_bytes();
    out.reserve(bytes.len());
    let find_angle =
        |from: usize| memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map(|i| i + from);
    let find_quote = |from: usize| memchr::memchr2(b'"', b'\'', &bytes[from..]).map(|i| i + from);
    let (mut angle, mut quote) = (find_angle(0), find_quote(0));
    let mut from = 0;
    loop {
        let i = match (angle, quote) {
            (Some(a), Some(q)) => a.min(q),
            (Some(i), None) | (None, Some(i)) => i,
            (None, None) => break,
        };
        out.push_str(&text[from..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        from = i + 1;
        if angle == Some(i) {
            angle = find_angle(from);
        } else {
            quote = find_quote(from);
        }
    }
    out.push_str(&text[from..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn comments_inside_a_line_are_dropped() {
        use super::without_comments;
        assert_eq!(without_comments("Un <!-- note --> deux."), "Un deux.");
        assert_eq!(without_comments("Un<!-- note -->deux"), "Undeux");
        assert_eq!(without_comments("Un <!-- jamais fermé"), "Un ");
        assert!(matches!(
            without_comments("Sans commentaire."),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    use super::*;

    #[test]
    fn html_escapes_every_sign_and_nothing_else() {
        let mut out = String::new();
        escape_html_into("l'« UE » & <b>\"OTAN\"</b> — fin", &mut out);
        assert_eq!(
            out,
            "l&#39;« UE » &amp; &lt;b&gt;&quot;OTAN&quot;&lt;/b&gt; — fin"
        );
    }

    /// The search by sign gives what escaping byte by byte gives, wherever the signs are:
    /// at either end, side by side, only of one kind, none.
    #[test]
    fn html_escaping_matches_escaping_byte_by_byte() {
        let naive = |text: &str| -> String {
            text.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        let signs = ["&", "<", ">", "\"", "'", "é", "a", " "];
        let mut cases = vec![
            String::new(),
            "''''".into(),
            "&&<<>>".into(),
            "l'OTAN".into(),
        ];
        // Every string of up to four of these pieces.
        let mut grow = vec![String::new()];
        for _ in 0..4 {
            grow = grow
                .iter()
                .flat_map(|s| signs.iter().map(move |p| format!("{s}{p}")))
                .collect();
            cases.extend(grow.iter().cloned());
        }
        for case in &cases {
            let mut out = String::from("[");
            escape_html_into(case, &mut out);
            assert_eq!(out, format!("[{}", naive(case)), "{case:?}");
        }
    }

    #[test]
    fn a_paragraph_without_markup_is_one_run() {
        assert_eq!(
            parse_inline("Une phrase sans balise, même « citée »."),
            vec![Run {
                text: "Une phrase sans balise, même « citée ».".into(),
                emphasis: false,
                strong: false,
                superscript: false,
            }]
        );
        assert!(parse_inline("").is_empty());
        assert_eq!(parse_inline("la 24^e^ fois").len(), 3);
    }

    #[test]
    fn plain_text_round_trips() {
        for text in [
            "La 24^e conférence et le 15^e REPMUS.",
            "2025. Une phrase * avec _ des [crochets] et <balises> & \\ barres ^ seules.",
            "# pas un titre",
            "« flotte fantôme » : 5 % ; n° 4887 ; **pas gras**",
        ] {
            assert_eq!(
                to_plain(&escape_plain(text)),
                text,
                "{}",
                escape_plain(text)
            );
        }
        assert_eq!(escape_plain("la 24^e conférence"), "la 24^e^ conférence");
    }

    /// Any plain text, markup characters and ordinals included, comes back unchanged:
    /// import can never lose or alter a character of a drafter's paragraph.
    #[test]
    fn random_plain_text_round_trips() {
        const ALPHABET: &[char] = &[
            'a', 'é', 'Z', ' ', ' ', '2', '4', '^', '^', 'e', '*', '*', '\\', '_', '`', '[', ']',
            '<', '>', '&', '#', '-', '«', '»', '\u{a0}', '\'', '.', ',', ';', '(', ')',
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5_000 {
            let len = (next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect();
            let markup = escape_plain(&text);
            assert_eq!(to_plain(&markup), text, "through {markup:?}");
        }
    }

    #[test]
    fn control_characters_by_their_bytes() {
        for c in [
            '\0', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{c}',
        ] {
            let text = format!("a{c}b");
            assert!(has_controls(&text) && is_control(c), "{c:?}");
            assert_eq!(without_controls(&text), "ab");
        }
        for text in ["a\tb\nc\r\n", "90\u{a0}000", "é « » ’ \u{202f}", ""] {
            assert!(!has_controls(text), "{text:?}");
            assert_eq!(without_controls(text), text);
        }
        // At every place in a text longer than the 32-byte chunks it is read by, a
        // C1 control's two bytes split across two chunks included.
        for at in 0..70 {
            for c in ['\u{1b}', '\u{85}'] {
                let mut text = "x".repeat(at);
                text.push(c);
                text.push_str(&"y".repeat(70 - at));
                assert!(has_controls(&text), "{c:?} at {at}");
                let mut text = "x".repeat(at);
                text.push('\u{a0}');
                text.push_str(&"y".repeat(70 - at));
                assert!(!has_controls(&text), "no-break space at {at}");
            }
        }
    }

    #[test]
    fn stray_markers_are_the_ones_printed_as_typed() {
        assert_eq!(stray_markers("le 24^th sommet"), vec![5]);
        assert_eq!(stray_markers("une *seconde fois"), vec![4]);
        assert_eq!(
            stray_markers("la 24^e^ et *une* **deux**"),
            Vec::<usize>::new()
        );
        assert_eq!(stray_markers("5 * 3 et \\* et \\^"), Vec::<usize>::new());
        assert_eq!(stray_markers("é^"), vec![2]);
    }

    #[test]
    fn markup_renders() {
        assert_eq!(
            to_plain("un *mot*\net la 6^e^ fois"),
            "un mot et la 6^e fois"
        );
        assert_eq!(
            to_html("la 24^e^ *fois* <script>"),
            "la 24<sup>e</sup> <em>fois</em> &lt;script&gt;"
        );
        assert_eq!(
            to_html("**fort** et 5 * 3"),
            "<strong>fort</strong> et 5 * 3"
        );
    }
}
