//! B: body. The paragraphs themselves: one cut in two by a page break of the PDF the text
//! came from, one that appears twice.

use std::hash::{BuildHasher, Hasher};

use foldhash::{HashMap, HashMapExt};

use super::reading_order_indexed;
use crate::check::diagnostic::{Diagnostic, Edit, Severity};
use crate::check::registry::Rule;
use crate::check::{Ctx, Facts as CheckFacts};
use crate::load::Section;
use crate::markdown::{has_controls, is_control};
use crate::msg;

pub const PARAGRAPH_CUT: Rule = Rule {
    code: "B001",
    name: "paragraph-cut",
    severity: Severity::Error,
    summary: "A paragraph ends without final punctuation and the next one starts in lower \
              case: one paragraph cut in two.",
    why: "Text copied from a PDF keeps its page breaks as blank lines in the middle of a \
          sentence; the report would print one sentence as two paragraphs.",
    example: "`… l'approvisionnement en` / blank line / `carburant …`. Fix: join them with \
              one space.",
    fixable: true,
};

pub const DUPLICATE_PARAGRAPH: Rule = Rule {
    code: "B002",
    name: "duplicate-paragraph",
    severity: Severity::Error,
    summary: "A paragraph appears twice in the edition (same language, same words).",
    why: "A repeated paragraph is a copy-and-paste slip: a reader sees the same text twice, \
          and one copy is usually out of date.",
    example: "The same paragraph in `cyber` and in `resilience`. Fix: keep it where it \
              belongs, delete the other.",
    fixable: false,
};

pub const CONTROL_CHARACTER: Rule = Rule {
    code: "B003",
    name: "control-character",
    severity: Severity::Error,
    summary: "The text holds an invisible control character (NUL, BEL, ESC, a form feed…).",
    why: "Control characters are not text. They come from a copy out of another program or \
          a damaged file; they print as nothing or as garbage, can make a terminal or a \
          converter misbehave, and make one word two different strings for searches and \
          the year-over-year diff. The built document leaves them out.",
    example: "`la coopération` followed by an invisible ESC (U+001B) pasted from a terminal. \
              Fix: delete the character.",
    fixable: true,
};

/// Signs a paragraph may end with (before closing quotes and brackets).
fn ends_sentence(paragraph: &str) -> bool {
    let trimmed = paragraph.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '»' | '"' | '”' | '’' | ')' | ']' | '*' | '^')
    });
    trimmed
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '…' | ':' | ';'))
}

/// A control character's name, for the message.
fn control_name(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\u{7}' => "BEL",
        '\u{8}' => "backspace",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{1b}' => "ESC",
        '\u{7f}' => "DEL",
        _ => "",
    };
    if name.is_empty() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} ({name})", c as u32)
    }
}

/// B003: control characters in the paragraphs, a run of them one finding.
fn check_controls(ctx: &mut Ctx, section: &Section) {
    let file = &section.file;
    for range in &section.paragraphs {
        let text = &file.text[range.clone()];
        // Most paragraphs hold none: one pass over the bytes says so.
        if !has_controls(text) {
            continue;
        }
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !is_control(c) {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek().filter(|&&(_, n)| is_control(n)) {
                end = j + n.len_utf8();
                chars.next();
            }
            let span = range.start + i..range.start + end;
            ctx.report(
                Diagnostic::new(
                    &CONTROL_CHARACTER,
                    file,
                    span.clone(),
                    msg!("B003", character = control_name(c)),
                )
                .with_fix(
                    "delete the control character",
                    vec![Edit::new(file, span, "")],
                ),
            );
        }
    }
}

/// What the work across files needs of a section: the key of each paragraph long
/// enough to count as a duplicate.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    /// (hash of the paragraph's words, paragraph index).
    keys: Vec<(u64, usize)>,
}

/// The words of a paragraph, however they are spaced: two paragraphs with the same words
/// in the same order are the same paragraph.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
}

/// Reports the B findings of one section file (paragraphs cut in two, control
/// characters) and keys its paragraphs for the duplicate search.
pub fn check_section(ctx: &mut Ctx, section: &Section, facts: &mut CheckFacts) {
    check_controls(ctx, section);
    let file = &section.file;
    for (i, range) in section.paragraphs.iter().enumerate() {
        let text = &file.text[range.clone()];
        if let Some(next) = section.paragraphs.get(i + 1)
            && !ends_sentence(text)
            && file.text[next.clone()]
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        {
            let end = range.end;
            let (line, _) = file.line_col(next.start);
            ctx.report(
                Diagnostic::new(&PARAGRAPH_CUT, file, end..end, msg!("B001", line = line))
                    .with_fix(
                        "join the two paragraphs",
                        vec![Edit::new(file, end..next.start, " ")],
                    ),
            );
        }
        // Paragraphs are found by a hash of their words, then compared word by word (no
        // list of words is built: this is every word of the edition). The seed is fixed:
        // the language server keeps a file's keys from one run to the next.
        let (key, count) = words_hash(&foldhash::fast::FixedState::default(), text);
        if count >= 4 {
            facts.body.keys.push((key, i));
        }
    }
}

/// Reports the B findings across files: a paragraph that already appeared, in reading
/// order, in the same language.
pub fn check(ctx: &mut Ctx) {
    let edition = ctx.edition;
    let facts = ctx.facts();
    for lang in &edition.meta.value.languages {
        // Key → the paragraphs (section, index) that first had it: one, unless two
        // different paragraphs share a hash.
        let mut first: HashMap<u64, Vec<(&Section, usize)>> = HashMap::new();
        for (index, section) in reading_order_indexed(edition, lang) {
            for &(key, p) in &facts[index].body.keys {
                let text = section.paragraph(p);
                let earlier = first.entry(key).or_default();
                match earlier
                    .iter()
                    .find(|(s, q)| words(s.paragraph(*q)).eq(words(text)))
                {
                    Some((s, q)) => {
                        let (line, _) = s.file.line_col(s.paragraphs[*q].start);
                        ctx.report(
                            Diagnostic::new(
                                &DUPLICATE_PARAGRAPH,
                                &section.file,
                                section.paragraphs[p].clone(),
                                msg!("B002", at = format!("{}:{line}", s.file.path)),
                            )
                            .with_help(msg!("B002-help")),
                        );
                    }
                    None => earlier.push((section, p)),
                }
            }
        }
    }
}

/// A hash of a text's words (not of its spacing), and how many there are.
fn words_hash(hasher: &impl BuildHasher, text: &str) -> (u64, usize) {
    let mut state = hasher.build_hasher();
    let mut count = 0;
    for word in text.split_whitespace() {
        state.write(word.as_bytes());
        state.write_u8(0xFF);
        count += 1;
    }
    (state.finish(), count)
}

#[cfg(test)]
mod tests {
    use super::ends_sentence;

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("Fin."));
        assert!(ends_sentence("« Fin. »"));
        assert!(ends_sentence("(avril)."));
        assert!(!ends_sentence("l'approvisionnement en"));
        assert!(!ends_sentence("le 24^e^"));
    }
}
