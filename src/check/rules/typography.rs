//! Y: typography, per language, following the house style of `drafts/report.yaml`
//! (`style:`): the spaces around punctuation, doubled spaces, the apostrophe. Every
//! finding has a fix.

use std::ops::Range;

use crate::check::diagnostic::{Diagnostic, Edit, Severity};
use crate::check::registry::Rule;
use crate::check::{Ctx, Facts};
use crate::load::Section;
use crate::model::{EditionMeta, Nbsp, Punctuation};
use crate::msg;

pub const MISSING_NO_BREAK_SPACE: Rule = Rule {
    code: "Y001",
    name: "missing-no-break-space",
    severity: Severity::Error,
    summary: "French spacing: no no-break space before `; : ! ? » %` or after `«`.",
    why: "French typography puts a space before these signs, and it must be a no-break \
          space (the one of the house style), or the sign can be thrown alone to the start \
          of the next line.",
    example: "`deux objectifs : la résilience` with a plain space, or `« points »` with plain \
              spaces. Fix: the house no-break space (U+00A0 or U+202F).",
    fixable: true,
};

pub const SPACE_BEFORE_PUNCTUATION: Rule = Rule {
    code: "Y002",
    name: "space-before-punctuation",
    severity: Severity::Error,
    summary: "A space before a sign that takes none (`. ,` in French; `; : ! ? % . ,` in \
              English).",
    why: "The space is a typing slip (often left by an edit or by the PDF extraction); it \
          can also push the sign to the next line.",
    example: "`« points névralgiques » .` Fix: `« points névralgiques ».`",
    fixable: true,
};

pub const DOUBLED_SPACE: Rule = Rule {
    code: "Y003",
    name: "doubled-space",
    severity: Severity::Error,
    summary: "Two or more spaces in a row inside a line.",
    why: "A doubled space is an editing slip; in print it shows as a gap.",
    example: "`la coopération  UE-OTAN`. Fix: one space.",
    fixable: true,
};

pub const APOSTROPHE_STYLE: Rule = Rule {
    code: "Y004",
    name: "apostrophe-style",
    severity: Severity::Error,
    summary: "An apostrophe other than the one the house style chose.",
    why: "Mixed straight and curly apostrophes look careless in print, and make the same \
          word two strings for searches and the year-over-year diff.",
    example: "With `apostrophe: \"’\"`: `l'AED`. Fix: `l’AED`.",
    fixable: true,
};

pub const NUMBER_SPACE: Rule = Rule {
    code: "Y005",
    name: "breakable-number",
    severity: Severity::Error,
    summary: "French spacing: the space between the thousands of a number is not the house \
              no-break space.",
    why: "French writes `90 000` with a space between groups of three digits; a plain space \
          lets a line break cut the number in two (`90` at the end of a line, `000` at the \
          start of the next).",
    example: "`plus de 90 000 personnes` with a plain space. Fix: the house no-break space \
              between `90` and `000`.",
    fixable: true,
};

pub const STRAIGHT_QUOTES: Rule = Rule {
    code: "Y006",
    name: "straight-quotes",
    severity: Severity::Error,
    summary: "Straight double quotes (`\"…\"`) in prose: French takes « … » with the house \
              no-break spaces, English “…”.",
    why: "The straight quote is the typewriter's sign; printed French quotes with \
          guillemets, English with curly quotes. Straight quotes inside « … » become “…”, \
          the French quotes within quotes. Quotes in code spans, URLs, HTML tags and \
          `<script>` or `<style>` elements are left alone; a quote without its pair is \
          flagged without a fix.",
    example: "`les \"stocks stratégiques\"`. Fix: `les « stocks stratégiques »` in French, \
              `the “strategic stocks”` in English.",
    fixable: true,
};

/// Whether the space at byte `at` of the paragraph (one character, ending at `after`)
/// separates groups of a number: one to three digits before it (a whole group, not the
/// end of a year such as `2016`), exactly three after.
fn is_thousands_gap(p: &Paragraph, at: usize, after: usize) -> bool {
    let digit = |i: usize| i >= p.start && i < p.end && p.bytes()[i].is_ascii_digit();
    let mut before = 0;
    while before < 4 && at > p.start + before && digit(at - 1 - before) {
        before += 1;
    }
    // The character before the digits, if any.
    let head = at - before;
    let grouped_before = before == 3
        && p.char_before(head)
            .is_some_and(|(i, c)| is_space(c) && i >= 1 && digit(i - 1));
    let whole_number_before = (1..=3).contains(&before)
        && p.char_before(head)
            .is_none_or(|(_, c)| !c.is_alphanumeric());
    (whole_number_before || grouped_before)
        && (0..3).all(|d| digit(after + d))
        && !digit(after + 3)
        && p.char_at(after + 3).is_none_or(|c| !c.is_alphabetic())
}

/// A paragraph of a file, read around byte offsets: the characters before and after a
/// place, never past the paragraph's ends.
struct Paragraph<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

impl Paragraph<'_> {
    fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// The character starting at byte `at`, if inside the paragraph.
    fn char_at(&self, at: usize) -> Option<char> {
        if at < self.start || at >= self.end {
            return None;
        }
        self.text[at..self.end].chars().next()
    }

    /// The character ending at byte `at`, with where it starts, if inside the paragraph.
    fn char_before(&self, at: usize) -> Option<(usize, char)> {
        if at <= self.start || at > self.end {
            return None;
        }
        let c = self.text[self.start..at].chars().next_back()?;
        Some((at - c.len_utf8(), c))
    }

    /// After the character at `at`: the end of the paragraph, a space or a closing
    /// sign. This is what tells `: ` in prose from `14:30` or `https:`.
    /// A run of such signs (« ?! ») ends where its last one does.
    fn ends_after(&self, at: usize) -> bool {
        let mut next = self.char_at(at).map_or(self.end, |c| at + c.len_utf8());
        while let Some(c @ (';' | ':' | '!' | '?')) = self.char_at(next) {
            next += c.len_utf8();
        }
        self.char_at(next)
            .is_none_or(|n| n.is_whitespace() || matches!(n, '»' | ')' | ']' | '"' | '”'))
    }
}

/// A language's house style, with the defaults filled in.
pub(super) struct Style {
    pub(super) french: bool,
    nbsp: char,
    apostrophe: Option<char>,
}

pub(super) fn style_of(meta: &EditionMeta, lang: &str) -> Style {
    let house = meta.style.get(lang);
    let punctuation = house
        .and_then(|h| h.punctuation)
        .unwrap_or(if lang == "fr" {
            Punctuation::French
        } else {
            Punctuation::English
        });
    Style {
        french: punctuation == Punctuation::French,
        nbsp: house.and_then(|h| h.nbsp).unwrap_or(Nbsp::NoBreak).char(),
        apostrophe: house.and_then(|h| h.apostrophe).map(|a| a.char()),
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// The kind of a space, as the catalog's messages name it.
fn space_key(c: char) -> &'static str {
    match c {
        '\u{a0}' => "nbsp",
        '\u{202f}' => "nnbsp",
        '\t' => "tab",
        '\u{2009}' => "thin",
        _ => "plain",
    }
}

fn name(c: char) -> &'static str {
    match c {
        '\u{a0}' => "no-break space (U+00A0)",
        '\u{202f}' => "narrow no-break space (U+202F)",
        '\t' => "tab",
        '\u{2009}' => "thin space (U+2009)",
        _ => "plain space",
    }
}

/// Reports the Y findings of one section file, in the house style of its language.
pub fn check_section(ctx: &mut Ctx, section: &Section, _: &mut Facts) {
    let style = style_of(&ctx.edition.meta.value, &section.lang);
    for range in &section.paragraphs {
        check_paragraph(ctx, &style, section, range.clone());
        if memchr::memchr(b'"', &section.file.text.as_bytes()[range.clone()]).is_some() {
            check_quotes(ctx, &style, section, range.clone());
        }
    }
}

/// Y006: pairs of straight double quotes in a paragraph, outside code spans, URLs and
/// HTML tags, each a finding whose fix writes the language's quotes.
fn check_quotes(ctx: &mut Ctx, style: &Style, section: &Section, range: Range<usize>) {
    let file = &section.file;
    let text = file.text.as_str();
    let urls = url_ranges(text, range.clone());
    // Straight quotes in prose, each with the depth of « … » around it.
    let mut quotes: Vec<(usize, bool)> = Vec::new();
    let mut guillemets = 0usize;
    let mut code = false;
    let mut tag = false;
    // Inside `<script>` or `<style>`, up to its closing tag: code, not prose.
    let mut raw: Option<&str> = None;
    let paragraph = &text[range.clone()];
    for (i, c) in paragraph.char_indices() {
        let at = range.start + i;
        if let Some(close) = raw {
            if c == '<' && starts_with_ignore_case(&paragraph[i..], close) {
                raw = None;
                tag = true;
            }
            continue;
        }
        match c {
            '`' => code = !code,
            '<' if !code
                && paragraph[i + 1..]
                    .starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!') =>
            {
                tag = true;
                let rest = &paragraph[i..];
                raw = ["script", "style"]
                    .into_iter()
                    .find(|name| starts_with_ignore_case(&rest[1..], name))
                    .map(|name| {
                        if name == "script" {
                            "</script"
                        } else {
                            "</style"
                        }
                    });
            }
            '>' if tag => tag = false,
            '«' if !code && !tag => guillemets += 1,
            '»' if !code && !tag => guillemets = guillemets.saturating_sub(1),
            '"' if !code && !tag && !urls.iter().any(|u| u.contains(&at)) => {
                quotes.push((at, guillemets > 0));
            }
            _ => {}
        }
    }
    let nbsp = style.nbsp.to_string();
    let mut pairs = quotes.chunks_exact(2);
    for pair in &mut pairs {
        let ((open, nested), (close, _)) = (pair[0], pair[1]);
        let (opening, closing) = match (style.french, nested) {
            (true, false) => (format!("«{nbsp}"), format!("{nbsp}»")),
            _ => ("“".to_string(), "”".to_string()),
        };
        // The spaces just inside the quotes go: the fix puts the house's own.
        let inner_start = open + 1 + space_run(text, open + 1, close);
        let inner_end = close - space_run_back(text, inner_start, close);
        let quoted = &text[inner_start..inner_end];
        ctx.report(
            Diagnostic::new(
                &STRAIGHT_QUOTES,
                file,
                open..close + 1,
                msg!("Y006", quoted = quoted),
            )
            .with_fix(
                format!("write {opening}…{closing}"),
                vec![
                    Edit::new(file, open..inner_start, opening),
                    Edit::new(file, inner_end..close + 1, closing),
                ],
            ),
        );
    }
    if let [(at, _)] = pairs.remainder() {
        ctx.report(
            Diagnostic::new(&STRAIGHT_QUOTES, file, *at..*at + 1, msg!("Y006-unpaired"))
                .with_help(msg!("Y006-unpaired-help")),
        );
    }
}

/// Whether `text` starts with the ASCII word `head`, in any case.
fn starts_with_ignore_case(text: &str, head: &str) -> bool {
    text.as_bytes()
        .get(..head.len())
        .is_some_and(|t| t.eq_ignore_ascii_case(head.as_bytes()))
}

/// Bytes of spaces from `from`, not past `to`.
fn space_run(text: &str, from: usize, to: usize) -> usize {
    text[from..to].len() - text[from..to].trim_start_matches(is_space).len()
}

/// Bytes of spaces before `to`, not before `from`.
fn space_run_back(text: &str, from: usize, to: usize) -> usize {
    text[from..to].len() - text[from..to].trim_end_matches(is_space).len()
}

/// Byte ranges of URLs in a paragraph, in order and apart: their punctuation is not
/// prose. One pass: each scheme's next occurrence is searched for again only once the
/// scan has passed it, so a paragraph of a thousand URLs (or of `www.www.www…`) costs
/// its length, not its length per URL.
pub(super) fn url_ranges(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    const SCHEMES: [&str; 3] = ["https://", "http://", "www."];
    let slice = &text[range.clone()];
    // Each scheme's first occurrence at or after the scan's position; `None` once there
    // is none left.
    let mut next: [Option<usize>; 3] = SCHEMES.map(|s| slice.find(s));
    let mut found = Vec::new();
    let mut pos = 0;
    loop {
        for (k, scheme) in SCHEMES.iter().enumerate() {
            if next[k].is_some_and(|i| i < pos) {
                next[k] = slice[pos..].find(scheme).map(|i| pos + i);
            }
        }
        let Some(start) = next.iter().flatten().copied().min() else {
            break;
        };
        let end = slice[start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == ')')
            .map_or(slice.len(), |e| start + e);
        found.push(range.start + start..range.start + end);
        pos = end.max(start + 1);
    }
    found
}

/// Whether byte `b` can start a character the rules below look at: the spaces, the
/// signs of French spacing and the apostrophes (the non-ASCII ones all start with
/// 0xC2 or 0xE2 in UTF-8). Everything else is skipped without decoding it.
fn may_matter(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b';' | b'!' | b'?' | b':' | b'%' | b'\'' | 0xC2 | 0xE2
    )
}

fn check_paragraph(ctx: &mut Ctx, style: &Style, section: &Section, range: Range<usize>) {
    let file = &section.file;
    let text = file.text.as_str();
    let p = Paragraph {
        text,
        start: range.start,
        end: range.end,
    };
    let bytes = text.as_bytes();
    let urls = url_ranges(text, range.clone());
    let french_before = |c: char| matches!(c, ';' | ':' | '!' | '?' | '»' | '%');
    let tight = |c: char| {
        if style.french {
            matches!(c, '.' | ',')
        } else {
            matches!(c, ';' | ':' | '!' | '?' | '%' | '.' | ',')
        }
    };
    let nbsp = style.nbsp;

    // Byte by byte: most bytes are letters, and paragraphs are every word of the edition.
    let mut at = range.start;
    // The URLs are in order, as the scan is: it keeps its place among them.
    let mut url = 0;
    while at < range.end {
        if !may_matter(bytes[at]) {
            at += 1;
            continue;
        }
        // The gap between two words, the commonest case: one plain space before a letter
        // (ASCII, or a non-ASCII lead byte other than those of spaces and `»`), not after
        // `«`. No rule applies to it.
        if bytes[at] == b' '
            && at + 1 < range.end
            && (bytes[at + 1].is_ascii_alphabetic()
                || (bytes[at + 1] >= 0xC3 && bytes[at + 1] != 0xE2))
            && !(at >= range.start + 2 && bytes[at - 2..at] == [0xC2, 0xAB])
            && urls.is_empty()
        {
            at += 1;
            continue;
        }
        let Some(c) = p.char_at(at) else {
            break;
        };
        let len = c.len_utf8();
        while urls.get(url).is_some_and(|u| u.end <= at) {
            url += 1;
        }
        if urls.get(url).is_some_and(|u| u.contains(&at)) {
            at += len;
            continue;
        }
        // A run of spaces: doubled, or before a sign.
        if is_space(c) {
            let mut end = at;
            let mut chars = 0;
            let mut keep = None;
            while let Some(s) = p.char_at(end).filter(|&s| is_space(s)) {
                if keep.is_none() && s != ' ' && s != '\t' {
                    keep = Some(s);
                }
                chars += 1;
                end += s.len_utf8();
            }
            let span = at..end;
            let next = p.char_at(end);
            let prev = p.char_before(at).map(|(_, c)| c);
            let first = c;
            let at_line_end = next.is_none_or(|n| n == '\n' || n == '\r');
            let after_next = next.map_or(end, |n| end + n.len_utf8());
            if let (Some(n), Some(_)) = (next, prev)
                && tight(n)
                && !(n == '.' && p.char_at(after_next) == Some('.'))
                && p.ends_after(end)
            {
                ctx.report(
                    Diagnostic::new(
                        &SPACE_BEFORE_PUNCTUATION,
                        file,
                        span.clone(),
                        msg!("Y002", space = space_key(first), sign = n),
                    )
                    .with_fix(
                        format!("remove the space before `{n}`"),
                        vec![Edit::new(file, span, "")],
                    ),
                );
            } else if style.french
                && prev.is_some()
                && (next.is_some_and(french_before)
                    && (next != Some('%') || prev.is_some_and(|p| p.is_ascii_digit()))
                    // `»` always closes a quotation, whatever follows it (`».`, `»,`).
                    && (p.ends_after(end) || next == Some('»'))
                    || prev == Some('«'))
            {
                if !(chars == 1 && first == nbsp) {
                    let what = if chars > 1 {
                        "several"
                    } else {
                        space_key(first)
                    };
                    let message = if prev == Some('«') {
                        msg!("Y001-after", space = what)
                    } else {
                        msg!("Y001-before", space = what, sign = next.unwrap_or(' '))
                    };
                    ctx.report(
                        Diagnostic::new(&MISSING_NO_BREAK_SPACE, file, span.clone(), message)
                            .with_fix(
                                format!("use the {}", name(nbsp)),
                                vec![Edit::new(file, span, nbsp.to_string())],
                            ),
                    );
                }
            } else if style.french && chars == 1 && first != nbsp && is_thousands_gap(&p, at, end) {
                ctx.report(
                    Diagnostic::new(
                        &NUMBER_SPACE,
                        file,
                        span.clone(),
                        msg!("Y005", space = space_key(first)),
                    )
                    .with_fix(
                        format!("use the {}", name(nbsp)),
                        vec![Edit::new(file, span, nbsp.to_string())],
                    ),
                );
            } else if chars > 1 && !at_line_end && prev.is_some() {
                let keep = keep.unwrap_or(' ');
                ctx.report(
                    Diagnostic::new(
                        &DOUBLED_SPACE,
                        file,
                        span.clone(),
                        msg!("Y003", count = chars),
                    )
                    .with_fix(
                        "keep one space",
                        vec![Edit::new(file, span, keep.to_string())],
                    ),
                );
            }
            at = end;
            continue;
        }
        // Letters, digits and most signs are what paragraphs are made of: nothing below
        // applies to them.
        if !matches!(c, ';' | '!' | '?' | ':' | '»' | '%' | '«' | '\'' | '’') {
            at += len;
            continue;
        }
        let prev = p.char_before(at).map(|(_, c)| c);
        if style.french {
            // A sign glued to the word before it.
            let glued = match c {
                ';' | '!' | '?' => {
                    // A sign after another (« ?! », « ;;; ») takes no space: only the
                    // first of a run is glued to the word (so `--fix` settles in one
                    // round, found by fuzzing).
                    prev.is_some_and(|p| {
                        !p.is_whitespace() && !matches!(p, '!' | '?' | ';' | ':' | '(' | '[')
                    }) && p.ends_after(at)
                }
                ':' => {
                    prev.is_some_and(|p| p.is_alphabetic() || matches!(p, ')' | '»' | '*'))
                        && p.ends_after(at)
                }
                '»' => prev.is_some_and(|p| !p.is_whitespace()),
                '%' => prev.is_some_and(|p| p.is_ascii_digit()),
                _ => false,
            };
            if glued {
                ctx.report(
                    Diagnostic::new(
                        &MISSING_NO_BREAK_SPACE,
                        file,
                        at..at + len,
                        msg!("Y001-glued", sign = c),
                    )
                    .with_fix(
                        format!("insert a {} before `{c}`", name(nbsp)),
                        vec![Edit::new(file, at..at, nbsp.to_string())],
                    ),
                );
            }
            if c == '«' && p.char_at(at + len).is_some_and(|n| !n.is_whitespace()) {
                let after = at + len;
                ctx.report(
                    Diagnostic::new(
                        &MISSING_NO_BREAK_SPACE,
                        file,
                        at..after,
                        msg!("Y001-glued-after"),
                    )
                    .with_fix(
                        format!("insert a {} after `«`", name(nbsp)),
                        vec![Edit::new(file, after..after, nbsp.to_string())],
                    ),
                );
            }
        }
        if let Some(want) = style.apostrophe
            && (c == '\'' || c == '’')
            && c != want
            && prev.is_some_and(char::is_alphabetic)
            && p.char_at(at + len).is_some_and(char::is_alphabetic)
        {
            let span = at..at + len;
            ctx.report(
                Diagnostic::new(
                    &APOSTROPHE_STYLE,
                    file,
                    span.clone(),
                    msg!("Y004", found = c, want = want),
                )
                .with_fix(
                    format!("use `{want}`"),
                    vec![Edit::new(file, span, want.to_string())],
                ),
            );
        }
        at += len;
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::check::check_edition;
    use crate::check::fix::apply_fixes;
    use crate::check::rules::test_edition;

    /// The Y codes found in `body` and the text once their fixes are applied.
    fn typeset(lang: &str, style: serde_json::Value, body: &str) -> (Vec<&'static str>, String) {
        let meta = json!({
            "number": 1, "period": {"start": "2025-06", "end": "2026-05"}, "title": {},
            "languages": [lang], "style": {lang: style}
        });
        let edition = test_edition(meta, &[(lang, body)]);
        let found: Vec<_> = check_edition(&edition)
            .into_iter()
            .filter(|d| d.code.starts_with('Y'))
            .collect();
        let fixes: Vec<&[_]> = found
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| f.edits.as_slice()))
            .collect();
        let text = &edition.sections[0].file.text;
        let (fixed, _) = apply_fixes(text, &fixes);
        let start = text.len() - body.len() - 1;
        (
            found.iter().map(|d| d.code).collect(),
            fixed[start..fixed.len() - 1].to_string(),
        )
    }

    #[test]
    fn french_spacing() {
        let nb = json!({"nbsp": "U+202F"});
        let cases = [
            (
                "Deux objectifs : la paix ; la sécurité !",
                vec!["Y001", "Y001", "Y001"],
                "Deux objectifs\u{202f}: la paix\u{202f}; la sécurité\u{202f}!",
            ),
            (
                "Il dit «oui» .",
                vec!["Y001", "Y001", "Y002"],
                "Il dit «\u{202f}oui\u{202f}».",
            ),
            (
                // A plain space before `»` followed by a full stop, at the paragraph's end.
                "des points « névralgiques ».",
                vec!["Y001", "Y001"],
                "des points «\u{202f}névralgiques\u{202f}».",
            ),
            (
                "Soit 5% de plus , et  90 000 soldats.",
                vec!["Y001", "Y002", "Y003", "Y005"],
                "Soit 5\u{202f}% de plus, et 90\u{202f}000 soldats.",
            ),
            (
                "À 14:30, voir https://example.org/a?b=c;d et (…) etc. ...",
                vec![],
                "À 14:30, voir https://example.org/a?b=c;d et (…) etc. ...",
            ),
            (
                "En 2016 200 exposés, la 24^e^ réunion.",
                vec![],
                "En 2016 200 exposés, la 24^e^ réunion.",
            ),
            (
                "Un espace insécable\u{a0}: à remplacer.",
                vec!["Y001"],
                "Un espace insécable\u{202f}: à remplacer.",
            ),
            (
                // A run of signs: the space goes before the first one only.
                "Vraiment?! Les opérations;;;;;; navales.",
                vec!["Y001", "Y001"],
                "Vraiment\u{202f}?! Les opérations\u{202f};;;;;; navales.",
            ),
        ];
        for (body, codes, fixed) in cases {
            assert_eq!(
                typeset("fr", nb.clone(), body),
                (codes, fixed.to_string()),
                "{body}"
            );
        }
    }

    #[test]
    fn straight_quotes() {
        let nb = json!({"nbsp": "U+00A0"});
        let cases = [
            (
                "fr",
                "Les \"stocks stratégiques\" et les \" réserves \".",
                vec!["Y006", "Y006"],
                "Les «\u{a0}stocks stratégiques\u{a0}» et les «\u{a0}réserves\u{a0}».",
            ),
            (
                // Inside « … », the quotes within quotes.
                "fr",
                "Il a dit «\u{a0}le \"plan\" tient\u{a0}».",
                vec!["Y006"],
                "Il a dit «\u{a0}le “plan” tient\u{a0}».",
            ),
            (
                "en",
                "The \"strategic stocks\" grew.",
                vec!["Y006"],
                "The “strategic stocks” grew.",
            ),
            (
                // Code, URLs and tags are not prose; an unpaired quote has no fix.
                "fr",
                "Voir `a \"b\"` et https://example.org/?q=\"x\" et <span title=\"t\">z</span> <script>f(\"x\")</SCRIPT>, puis 12\".",
                vec!["Y006"],
                "Voir `a \"b\"` et https://example.org/?q=\"x\" et <span title=\"t\">z</span> <script>f(\"x\")</SCRIPT>, puis 12\".",
            ),
        ];
        for (lang, body, codes, fixed) in cases {
            assert_eq!(
                typeset(lang, nb.clone(), body),
                (codes, fixed.to_string()),
                "{body}"
            );
        }
    }

    #[test]
    fn english_spacing_and_apostrophes() {
        let curly = json!({"apostrophe": "’"});
        let cases = [
            (
                "Two aims : peace ; 5 % more !",
                vec!["Y002", "Y002", "Y002", "Y002"],
                "Two aims: peace; 5% more!",
            ),
            (
                "NATO's «quotes» and 'single' ones.",
                vec!["Y004"],
                "NATO’s «quotes» and 'single' ones.",
            ),
            ("At 14:30 we met.", vec![], "At 14:30 we met."),
        ];
        for (body, codes, fixed) in cases {
            assert_eq!(
                typeset("en", curly.clone(), body),
                (codes, fixed.to_string()),
                "{body}"
            );
        }
    }
}
