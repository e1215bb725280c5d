//! Rewriting a translated section file in place: its `translated_from` record, and for
//! `xliff import` some of its paragraphs. Everything else — other front-matter keys and
//! their comments, the line endings, the untouched paragraphs with their line breaks —
//! stays byte for byte as it was. The result is parsed again before anyone writes it.

use std::ops::Range;

use crate::load::{FrontMatterState, Section, parse_section};
use crate::model::TranslationRecord;

/// The front-matter key of the record.
pub const KEY: &str = "translated_from";

/// A change of a section's body: paragraphs replaced, and new ones inserted.
#[derive(Debug, Clone, Default)]
pub struct BodyEdit {
    /// `(paragraph index, new text)`.
    pub replace: Vec<(usize, String)>,
    /// `(index, text)`: a new paragraph inserted before paragraph `index` (the number
    /// of paragraphs to append at the end). Several at one index keep their order.
    pub insert: Vec<(usize, String)>,
}

/// The section's text with `record` as its translation record (replacing the one it has,
/// or added at the end of the front matter) and `body` applied. Fails, saying why, when
/// the front matter cannot be edited safely.
pub fn rewrite(
    section: &Section,
    record: &TranslationRecord,
    body: &BodyEdit,
) -> Result<String, String> {
    match &section.front {
        FrontMatterState::Valid(_) => {}
        FrontMatterState::Missing => {
            return Err("the file has no front matter (`---` lines at the top)".into());
        }
        FrontMatterState::Syntax(_) | FrontMatterState::Invalid { .. } => {
            return Err(
                "its front matter is not valid; `rapporteur check` says where, fix it first".into(),
            );
        }
    }
    let text = &section.file.text;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    // Edits as (range, replacement), applied from the end so ranges stay valid.
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let (block, replacement) = record_edit(text, section.front_range.clone(), record, newline);
    edits.push((block, replacement));
    for (index, new) in &body.replace {
        let range = section
            .paragraphs
            .get(*index)
            .ok_or_else(|| format!("no paragraph {} to replace", index + 1))?
            .clone();
        edits.push((range, new.clone()));
    }
    for (index, new) in &body.insert {
        if let Some(next) = section.paragraphs.get(*index) {
            edits.push((next.start..next.start, format!("{new}{newline}{newline}")));
        } else if let Some(last) = section.paragraphs.last() {
            edits.push((last.end..last.end, format!("{newline}{newline}{new}")));
        } else {
            // An empty body: the paragraph follows the front matter.
            let at = body_start(text, section.front_range.end);
            let lead = if at < text.len() || text.ends_with('\n') {
                ""
            } else {
                newline
            };
            edits.push((at..at, format!("{lead}{new}{newline}")));
        }
    }
    // From the end, so that earlier ranges stay valid. At one offset, a replacement goes
    // first, then the insertions in reverse, so that they end up in the order given.
    let mut order: Vec<(usize, &(Range<usize>, String))> = edits.iter().enumerate().collect();
    order.sort_by_key(|(seq, (range, _))| {
        (
            std::cmp::Reverse(range.start),
            range.is_empty(),
            std::cmp::Reverse(*seq),
        )
    });
    let mut out = text.clone();
    for (_, (range, replacement)) in order {
        out.replace_range(range.clone(), replacement);
    }
    Ok(out)
}

/// Where the body starts: the byte after the closing `---` line.
fn body_start(text: &str, yaml_end: usize) -> usize {
    text[yaml_end..]
        .find('\n')
        .map_or(text.len(), |i| yaml_end + i + 1)
}

/// The range of the record's block in the front matter (or an empty range where it goes)
/// and the block to put there.
fn record_edit(
    text: &str,
    yaml: Range<usize>,
    record: &TranslationRecord,
    newline: &str,
) -> (Range<usize>, String) {
    let mut block = format!("{KEY}:{newline}  commit: {}{newline}", record.commit);
    let entries = record.entries();
    if entries.is_empty() {
        block.push_str(&format!("  paragraphs: []{newline}"));
    } else {
        block.push_str(&format!("  paragraphs:{newline}"));
        for (fp, translated) in entries {
            match translated {
                Some(_) => block.push_str(&format!("    - {fp}{newline}")),
                None => block.push_str(&format!("    - untranslated: {fp}{newline}")),
            }
        }
    }
    // The existing block: the key's line at the left margin, then every indented line
    // up to the next line at the margin (a key, a comment); blank lines in between
    // belong to it only when indented lines follow them.
    let mut start = None;
    let mut end = yaml.end;
    let mut pos = yaml.start;
    while pos < yaml.end {
        let line_end = text[pos..yaml.end]
            .find('\n')
            .map_or(yaml.end, |i| pos + i + 1);
        let line = &text[pos..line_end];
        match start {
            None => {
                if let Some(rest) = line.strip_prefix(KEY)
                    && rest.trim_start().starts_with(':')
                {
                    start = Some(pos);
                    end = line_end;
                }
            }
            Some(_) => {
                let blank = line.trim().is_empty();
                let indented = line.starts_with([' ', '\t']);
                if !blank && !indented {
                    break;
                }
                if !blank {
                    end = line_end;
                }
            }
        }
        pos = line_end;
    }
    match start {
        Some(start) => {
            // A block ending the file without a line break keeps ending without one.
            if !text[start..end].ends_with('\n') {
                block.truncate(block.len() - newline.len());
            }
            (start..end, block)
        }
        None => {
            // Appended at the end of the front matter; a YAML text not ending in a line
            // break gets one first.
            let lead = if yaml.is_empty() || text[..yaml.end].ends_with('\n') {
                ""
            } else {
                newline
            };
            (yaml.end..yaml.end, format!("{lead}{block}"))
        }
    }
}

/// [`rewrite`], then the result parsed back: it must hold exactly `record` and the
/// expected number of paragraphs, or nothing is written.
pub fn rewrite_checked(
    section: &Section,
    record: &TranslationRecord,
    body: &BodyEdit,
) -> Result<String, String> {
    let text = rewrite(section, record, body)?;
    let parsed = parse_section(&section.file.path, &section.lang, text.clone());
    let expected = section.paragraphs.len() + body.insert.len();
    let front = parsed.front_matter().ok_or_else(|| {
        "the rewritten front matter did not parse; nothing was written (please report this)"
            .to_string()
    })?;
    if front.translated_from.as_ref() != Some(record) || parsed.paragraphs.len() != expected {
        return Err(
            "the rewritten file did not read back as intended; nothing was written (a paragraph text holding a blank line?)"
                .into(),
        );
    }
    let before = section
        .front_matter()
        .map(|f| (&f.domain, &f.proposals, f.status));
    if before != Some((&front.domain, &front.proposals, front.status)) {
        return Err("rewriting the record changed other keys; nothing was written".into());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Fingerprint;

    fn record(n: usize) -> TranslationRecord {
        serde_json::from_value(serde_json::json!({
            "commit": "0123456789abcdef0123456789abcdef01234567",
            "paragraphs": (0..n).map(|i| Fingerprint::of(&i.to_string()).to_string()).collect::<Vec<_>>()
        }))
        .unwrap()
    }

    #[test]
    fn adds_a_record_keeping_comments_and_body() {
        let text =
            "---\n# the section\ndomain: space # slug\nstatus: draft\n---\nUn\ndeux.\n\nTrois.\n";
        let s = parse_section("drafts/fr/01-space.md", "fr", text.to_string());
        let out = rewrite_checked(&s, &record(2), &BodyEdit::default()).unwrap();
        let expected_fm = format!(
            "---\n# the section\ndomain: space # slug\nstatus: draft\ntranslated_from:\n  commit: 0123456789abcdef0123456789abcdef01234567\n  paragraphs:\n    - {}\n    - {}\n---\nUn\ndeux.\n\nTrois.\n",
            Fingerprint::of("0"),
            Fingerprint::of("1")
        );
        assert_eq!(out, expected_fm);
    }

    #[test]
    fn replaces_a_record_and_keeps_what_follows() {
        let text = "---\ndomain: space\ntranslated_from: {commit: abcdef0, paragraphs: [95d09f2b10159347]}\n# status comes last\nstatus: draft\n---\nUn.\n";
        let s = parse_section("x.md", "fr", text.to_string());
        let out = rewrite_checked(&s, &record(1), &BodyEdit::default()).unwrap();
        assert!(
            out.starts_with("---\ndomain: space\ntranslated_from:\n  commit: 0123456789abcdef0123456789abcdef01234567\n  paragraphs:\n    - "),
            "{out}"
        );
        assert!(
            out.ends_with("\n# status comes last\nstatus: draft\n---\nUn.\n"),
            "{out}"
        );
        // A block record, replaced by another.
        let s = parse_section("x.md", "fr", out.clone());
        let again = rewrite_checked(&s, &record(1), &BodyEdit::default()).unwrap();
        assert_eq!(again, out);
    }

    #[test]
    fn crlf_files_stay_crlf_and_paragraphs_are_replaced_and_inserted() {
        let text = "---\r\ndomain: space\r\nstatus: draft\r\n---\r\nUn\r\nsur deux lignes.\r\n\r\nDeux.\r\n\r\nTrois.\r\n";
        let s = parse_section("x.md", "fr", text.to_string());
        let body = BodyEdit {
            replace: vec![(1, "Deux bis.".into())],
            insert: vec![(1, "Un et demi.".into()), (3, "Quatre.".into())],
        };
        let out = rewrite_checked(&s, &record(5), &body).unwrap();
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        let parsed = parse_section("x.md", "fr", out);
        let paras: Vec<&str> = parsed.paragraph_texts().collect();
        assert_eq!(
            paras,
            [
                "Un\r\nsur deux lignes.",
                "Un et demi.",
                "Deux bis.",
                "Trois.",
                "Quatre."
            ]
        );
    }

    #[test]
    fn refuses_broken_front_matter() {
        let s = parse_section("x.md", "fr", "---\ndomain: [space\n---\nUn.\n".into());
        assert!(rewrite_checked(&s, &record(1), &BodyEdit::default()).is_err());
        let s = parse_section("x.md", "fr", "Un.\n".into());
        assert!(rewrite_checked(&s, &record(1), &BodyEdit::default()).is_err());
    }
}
