//! B: body. The paragraphs themselves: one cut in two by a page break of the PDF the text
//! came from, one that appears twice.

use std::hash::{BuildHasher, Hasher};

use foldhash::{HashMap, HashMapExt};

use super::reading_order;
use crate::check::Ctx;
use crate::check::diagnostic::{Diagnostic, Edit, Severity};
use crate::check::registry::Rule;

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

/// Reports the B family.
pub fn check(ctx: &mut Ctx) {
    let edition = ctx.edition;
    for lang in &edition.meta.value.languages {
        // Hash of the words → the paragraphs with that hash and where they first appear.
        let mut first: HashMap<u64, Vec<(&str, &str, usize)>> = HashMap::new();
        let hasher = foldhash::fast::RandomState::default();
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
                // The same words in the same order, however they are spaced: paragraphs
                // are found by a hash of their words, then compared word by word (no
                // list of words is built: this is every word of the edition).
                let (hash, count) = words_hash(&hasher, text);
                if count < 4 {
                    continue;
                }
                let seen = first.entry(hash).or_default();
                match seen
                    .iter()
                    .find(|(other, ..)| other.split_whitespace().eq(text.split_whitespace()))
                {
                    Some((_, path, line)) => ctx.report(
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
                        seen.push((text, file.path.as_str(), line));
                    }
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
