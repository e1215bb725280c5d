//! A reviewer edits plain text (Word shows `24^e^` as "24e" with a raised "e"); the
//! section file holds inline markup. This puts a plain-text edit back into the markup:
//! the paragraph's plain text is diffed word by word with the reviewer's, and each
//! change is made at the matching bytes of the markup, so that the rest of the paragraph
//! (its line breaks, italics, superscripts, escapes) stays as the drafter wrote it. Text
//! the reviewer added is escaped, and its formatting is not taken (formatting is not
//! what a review proposes).
//!
//! The plain text is read by the same rules as `markdown::parse_inline` (a test keeps
//! the two in step), whitespace made single spaces.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

/// Whether a character is a space that layout may change: every Unicode space except
/// the no-break ones, which French typography puts on purpose (`3\u{a0}juin`, `«\u{202f}`).
fn collapsible(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// The text with each run of collapsible spaces made one space, none at either end; the
/// no-break spaces stay as they are.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if collapsible(c) {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Separates paragraphs inside one proposal (a reviewer may split a paragraph in two).
const PARAGRAPH_BREAK: char = '\u{2029}';

/// The plain text of a paragraph's markup, whitespace normalised, with the byte range
/// in the markup each character comes from.
pub fn plain_with_offsets(markdown: &str) -> Vec<(char, Range<usize>)> {
    let raw = raw_plain(markdown);
    // Runs of whitespace become one space (mapped to the run), none at either end.
    let mut out: Vec<(char, Range<usize>)> = Vec::with_capacity(raw.len());
    for (c, range) in raw {
        if collapsible(c) {
            match out.last_mut() {
                Some((' ', last)) => last.end = range.end,
                Some(_) => out.push((' ', range)),
                None => {}
            }
        } else {
            out.push((c, range));
        }
    }
    if out.last().is_some_and(|(c, _)| *c == ' ') {
        out.pop();
    }
    out
}

/// The plain text of a paragraph's markup, whitespace normalised.
pub fn plain(markdown: &str) -> String {
    plain_with_offsets(markdown)
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// Each character `parse_inline` gives, with its bytes in the markup (the same walk).
fn raw_plain(markdown: &str) -> Vec<(char, Range<usize>)> {
    let chars: Vec<(usize, char)> = markdown.char_indices().collect();
    let end_of = |i: usize| chars.get(i + 1).map_or(markdown.len(), |(b, _)| *b);
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    let closes = |from: usize, marker: &[char]| -> bool {
        (from..chars.len()).any(|j| {
            marker
                .iter()
                .enumerate()
                .all(|(k, m)| at(j + k) == Some(*m))
                && (j == 0 || chars[j - 1].1 != '\\')
        })
    };
    let mut out = Vec::with_capacity(chars.len());
    let (mut emphasis, mut strong) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let (byte, c) = chars[i];
        match c {
            '\\' if at(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push((chars[i + 1].1, byte..end_of(i + 1)));
                i += 2;
            }
            '^' => {
                let end =
                    (i + 1..chars.len()).find(|&j| chars[j].1 == '^' || chars[j].1.is_whitespace());
                match end {
                    Some(j) if chars[j].1 == '^' && j > i + 1 => {
                        for (k, &(start, c)) in chars.iter().enumerate().take(j).skip(i + 1) {
                            if c != '\\' {
                                out.push((c, start..end_of(k)));
                            }
                        }
                        i = j + 1;
                    }
                    _ => {
                        out.push(('^', byte..end_of(i)));
                        i += 1;
                    }
                }
            }
            '*' if at(i + 1) == Some('*') && (strong || closes(i + 2, &['*', '*'])) => {
                strong = !strong;
                i += 2;
            }
            '*' if emphasis
                || (at(i + 1).is_some_and(|n| !n.is_whitespace()) && closes(i + 1, &['*'])) =>
            {
                emphasis = !emphasis;
                i += 1;
            }
            '\n' => {
                out.push((' ', byte..end_of(i)));
                i += 1;
            }
            _ => {
                out.push((c, byte..end_of(i)));
                i += 1;
            }
        }
    }
    out
}

/// Plain text as markup that reads back as exactly that text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '^') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Words, and every other character on its own: the units a change is made of.
fn tokens(chars: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        if chars[i].is_alphanumeric() {
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
        } else {
            i += 1;
        }
        out.push(start..i);
    }
    out
}

/// The markup of `base` edited into the reviewer's `proposed` paragraphs (plain text):
/// one markup paragraph per proposed paragraph. Where a piece of markup would not read
/// back as the proposed text (an edit across an italic's edge, say), that paragraph is
/// the proposed text, escaped.
pub fn edit_markup(base: &str, proposed: &[String]) -> Vec<String> {
    let wanted: Vec<String> = proposed.iter().map(|p| normalise(p)).collect();
    let old = plain_with_offsets(base);
    let old_chars: Vec<char> = old.iter().map(|(c, _)| *c).collect();
    let joined: String = wanted.join(&PARAGRAPH_BREAK.to_string());
    let new_chars: Vec<char> = joined.chars().collect();
    let old_tokens = tokens(&old_chars);
    let new_tokens = tokens(&new_chars);
    let old_words: Vec<String> = old_tokens
        .iter()
        .map(|r| old_chars[r.clone()].iter().collect())
        .collect();
    let new_words: Vec<String> = new_tokens
        .iter()
        .map(|r| new_chars[r.clone()].iter().collect())
        .collect();
    let deadline = Instant::now() + Duration::from_millis(200);
    let ops =
        capture_diff_slices_deadline(Algorithm::Patience, &old_words, &new_words, Some(deadline));
    // (byte range in the markup, replacement), in order.
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let char_range = |tokens: &[Range<usize>], range: Range<usize>| -> Range<usize> {
        match (
            tokens.get(range.start),
            range.end.checked_sub(1).and_then(|e| tokens.get(e)),
        ) {
            (Some(first), Some(last)) if range.start < range.end => first.start..last.end,
            _ => {
                // An empty range: the position before token `range.start`.
                let at = tokens
                    .get(range.start)
                    .map_or_else(|| tokens.last().map_or(0, |t| t.end), |t| t.start);
                at..at
            }
        }
    };
    for op in ops {
        let (old_range, new_range) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        let chars_old = char_range(&old_tokens, old_range);
        let chars_new = char_range(&new_tokens, new_range);
        let replacement: String = new_chars[chars_new].iter().collect();
        let bytes = if chars_old.is_empty() {
            // Inserted after the previous character (inside its markup), or at the
            // paragraph's start.
            let at = match chars_old.start.checked_sub(1) {
                Some(prev) => old[prev].1.end,
                None => old.first().map_or(base.len(), |(_, r)| r.start),
            };
            at..at
        } else {
            old[chars_old.start].1.start..old[chars_old.end - 1].1.end
        };
        edits.push((bytes, escape(&replacement)));
    }
    // Markup markers are the bytes no plain character comes from. An edit that removes a
    // styled word whole must take its markers too (`*cinq*`): when the edits as made do
    // not read back, they are tried again taking the markers next to them, after, then
    // before, then on both sides; a paragraph that still does not read back is the
    // proposed text, escaped.
    let mut covered = vec![false; base.len()];
    for (_, range) in &old {
        for b in &mut covered[range.clone()] {
            *b = true;
        }
    }
    let marker =
        |i: usize| covered.get(i).is_some_and(|c| !c) && !base.as_bytes()[i].is_ascii_whitespace();
    let widen = |range: &Range<usize>, before: bool, after: bool| -> Range<usize> {
        let (mut start, mut end) = (range.start, range.end);
        if range.is_empty() {
            return range.clone();
        }
        while before && start > 0 && marker(start - 1) {
            start -= 1;
        }
        while after && marker(end) {
            end += 1;
        }
        start..end
    };
    let mut best: Option<Vec<String>> = None;
    for (before, after) in [(false, false), (false, true), (true, false), (true, true)] {
        let mut text = base.to_string();
        let mut last_start = usize::MAX;
        let mut overlapping = false;
        for (range, replacement) in edits.iter().rev() {
            let range = widen(range, before, after);
            if range.end > last_start {
                overlapping = true;
                break;
            }
            last_start = range.start;
            text.replace_range(range, replacement);
        }
        if overlapping {
            continue;
        }
        let pieces: Vec<&str> = text.split(PARAGRAPH_BREAK).collect();
        if pieces.len() != wanted.len() {
            continue;
        }
        let out: Vec<String> = pieces
            .iter()
            .zip(&wanted)
            .map(|(piece, want)| {
                let piece = piece.trim();
                if plain(piece) == *want {
                    piece.to_string()
                } else {
                    escape(want)
                }
            })
            .collect();
        let exact = out
            .iter()
            .zip(pieces.iter())
            .all(|(o, p)| o.as_str() == p.trim());
        if exact {
            return out;
        }
        best.get_or_insert(out);
    }
    best.unwrap_or_else(|| wanted.iter().map(|w| escape(w)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse_inline;

    fn parse_plain(markdown: &str) -> String {
        normalise(
            &parse_inline(markdown)
                .into_iter()
                .map(|r| r.text)
                .collect::<String>(),
        )
    }

    #[test]
    fn plain_text_is_what_parse_inline_reads() {
        for text in [
            "La 24^e^ réunion\u{a0}; *vu* & **gras** \\*pas\\* ^a\\b^",
            "un * seul, deux ** et ^ seul",
            "ligne\ncoupée  en   deux\n",
            "*ouvert sans fin",
            "**a *b* c**",
            "x^^y ^e^ \\\\",
            "",
        ] {
            let plain = plain(text);
            assert_eq!(plain, normalise(&parse_plain(text)), "{text:?}");
            for (_, range) in plain_with_offsets(text) {
                assert!(text.get(range.clone()).is_some(), "{text:?} {range:?}");
            }
        }
    }

    #[test]
    fn no_break_spaces_stay() {
        let base = "Le 3\u{a0}juin\u{a0}; la réunion a eu lieu.";
        assert_eq!(
            edit_markup(
                base,
                &["Le 3\u{a0}juin\u{a0}; la  session a eu lieu.".into()]
            ),
            vec!["Le 3\u{a0}juin\u{a0}; la session a eu lieu."]
        );
        assert_eq!(normalise(" a \u{a0}b\n c\u{a0}"), "a \u{a0}b c\u{a0}");
        // Uncovered spaces at either end are never taken as markers.
        let out = edit_markup("\u{2003}*Un* deux\u{3000}", &["deux".into()]);
        assert_eq!(plain(&out[0]), "deux");
    }

    #[test]
    fn a_word_replaced_keeps_the_rest_of_the_markup() {
        let base = "La 24^e^ réunion a été\n*très* productive et concrète.";
        let out = edit_markup(
            base,
            &["La 24e réunion a été très productive et tangible.".into()],
        );
        assert_eq!(
            out,
            vec!["La 24^e^ réunion a été\n*très* productive et tangible."]
        );
    }

    #[test]
    fn deletions_insertions_and_splits() {
        let base = "Un, deux et trois. Quatre *cinq*.";
        assert_eq!(
            edit_markup(base, &["Un et trois. Quatre *cinq*.".replace('*', "")]),
            vec!["Un et trois. Quatre *cinq*."]
        );
        assert_eq!(
            edit_markup(
                base,
                &["Un, deux et trois. Quatre cinq. Six * sept.".into()]
            ),
            vec!["Un, deux et trois. Quatre *cinq*. Six \\* sept."]
        );
        assert_eq!(
            edit_markup(base, &["Un, deux et trois.".into(), "Quatre cinq.".into()]),
            vec!["Un, deux et trois.", "Quatre *cinq*."]
        );
        assert_eq!(edit_markup(base, &[]), Vec::<String>::new());
        // The italic word removed with its markers; the rest of the markup kept.
        let base = "Un **deux** et trois. Quatre *cinq*.";
        let out = edit_markup(base, &["Un deux et trois. Quatre.".into()]);
        assert_eq!(out, vec!["Un **deux** et trois. Quatre."]);
        let out = edit_markup("*Cinq* et six.", &["Et six.".into()]);
        assert_eq!(plain(&out[0]), "Et six.");
    }
}
