//! B: body. The paragraphs themselves: one cut in two by a page break of the PDF the text
//! came from, one that appears twice.

use std::collections::HashMap;

use super::reading_order;
use crate::check::Ctx;
use crate::check::diagnostic::{Diagnostic, Edit, Severity};
use crate::check::registry::Rule;
use crate::markdown::{has_controls, is_control};

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
fn check_controls(ctx: &mut Ctx, section: &crate::load::Section) {
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
                    format!("control character {} in the text", control_name(c)),
                )
                .with_fix(
                    "delete the control character",
                    vec![Edit::new(file, span, "")],
                ),
            );
        }
    }
}

/// Reports the B family.
pub fn check(ctx: &mut Ctx) {
    let edition = ctx.edition;
    for section in &edition.sections {
        check_controls(ctx, section);
    }
    for lang in &edition.meta.value.languages {
        // Normalized text → where it first appears.
        let mut first: HashMap<Vec<&str>, (&str, usize)> = HashMap::new();
        for section in reading_order(edition, lang) {
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
                        Diagnostic::new(
                            &PARAGRAPH_CUT,
                            file,
                            end..end,
                            format!("the paragraph ends without punctuation and the next one (line {line}) starts in lower case"),
                        )
                        .with_fix(
                            "join the two paragraphs",
                            vec![Edit::new(file, end..next.start, " ")],
                        ),
                    );
                }
                // The same words in the same order, however they are spaced.
                let key: Vec<&str> = text.split_whitespace().collect();
                if key.len() < 4 {
                    continue;
                }
                match first.get(&key) {
                    Some((path, line)) => ctx.report(
                        Diagnostic::new(
                            &DUPLICATE_PARAGRAPH,
                            file,
                            range.clone(),
                            format!("this paragraph already appears in {path}:{line}"),
                        )
                        .with_help("keep one of the two copies"),
                    ),
                    None => {
                        let (line, _) = file.line_col(range.start);
                        first.insert(key, (file.path.as_str(), line));
                    }
                }
            }
        }
    }
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
