//! What the text under the cursor is: an acronym of the termbase, a proposal id, a domain
//! slug, a rule code, a front-matter key. Hover, completion and go to definition all
//! start from here.

use std::ops::Range;

use crate::check::rules::tokens::{PatternSet, parts};
use crate::load::{REPORT_FILE, Section};
use crate::model::{Acronym, Catalog};

/// The run of letters, digits, `-` and `_` around `offset` (a slug, an id, a code).
pub fn token_at(text: &str, offset: usize) -> Option<(Range<usize>, &str)> {
    let is_token = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_token(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !is_token(c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start < end).then(|| (start..end, &text[start..end]))
}

/// The acronym of the termbase written at `offset` of a section's body: its index in
/// the language's list, the acronym and where it is written.
pub fn acronym_at<'a>(
    catalog: &'a Catalog,
    section: &Section,
    offset: usize,
) -> Option<(usize, &'a Acronym, Range<usize>)> {
    let terms = catalog.terms.languages.get(&section.lang)?;
    let paragraph = section
        .paragraphs
        .iter()
        .find(|r| r.start <= offset && offset <= r.end)?;
    let text = section.file.text.as_str();
    let words = parts(text, paragraph.clone());
    let mut set = PatternSet::default();
    for (i, acronym) in terms.acronyms.iter().enumerate() {
        set.insert(&acronym.acronym, i);
    }
    let found = set.find(text, &words);
    let m = found
        .iter()
        .find(|m| m.range.start <= offset && offset <= m.range.end)?;
    Some((*m.value, &terms.acronyms[*m.value], m.range.clone()))
}

/// Where the cursor is in a YAML front matter (or `drafts/report.yaml`): the top-level key
/// whose value it is in, if any. On a line of its own that is not indented, the cursor
/// is on a key, not in a value.
pub fn yaml_key_at(text: &str, offset: usize) -> Option<&str> {
    let plain_key = |line: &str| -> Option<(usize, usize)> {
        let (key, _) = line.split_once(':')?;
        let trimmed = key.trim();
        let plain = !trimmed.is_empty()
            && trimmed
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        plain.then_some((key.len() - key.trim_start().len(), key.trim_end().len()))
    };
    let indented = |line: &str| line.starts_with([' ', '\t', '-']);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    if !indented(line) {
        let (start, end) = plain_key(line)?;
        // After the colon.
        return (offset > line_start + end).then_some(&line[start..end]);
    }
    let mut start = line_start;
    while start > 0 {
        start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        if line.trim() == "---" {
            return None;
        }
        if !indented(line) && !line.trim().is_empty() {
            return plain_key(line).map(|(s, e)| &line[s..e]);
        }
    }
    None
}

/// The byte range of a section file's front matter YAML as the text stands, even when it
/// does not parse (mid-edit): after the opening `---` line, up to the closing one.
pub fn front_matter_range(text: &str) -> Option<Range<usize>> {
    let start = usize::from(text.starts_with('\u{feff}')) * 3;
    let first_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[start..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Some(yaml_start..pos);
        }
        pos = end + 1;
    }
    Some(yaml_start..text.len())
}

/// Whether a path is the edition metadata.
pub fn is_report(path: &str) -> bool {
    path == REPORT_FILE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_keys() {
        let text = "---\ndomain: space\nproposals: [2017-01, 2017-0\nstatus: dr\n---\nText.\n";
        let at = text.find("2017-0\n").unwrap() + 6;
        assert_eq!(token_at(text, at).unwrap().1, "2017-0");
        assert_eq!(yaml_key_at(text, at), Some("proposals"));
        assert_eq!(
            yaml_key_at(text, text.find("dr\n").unwrap()),
            Some("status")
        );
        assert_eq!(yaml_key_at(text, text.find("domain").unwrap() + 2), None);
        let block = "---\nproposals:\n  - 2017-01\n  - \n";
        assert_eq!(yaml_key_at(block, block.len() - 1), Some("proposals"));
        // A new line: a key is being written, not a value.
        let new_line = "---\ndomain: space\n\nstatus: draft\n";
        assert_eq!(
            yaml_key_at(new_line, new_line.find("\n\n").unwrap() + 1),
            None
        );
        assert_eq!(
            yaml_key_at(new_line, new_line.find("status").unwrap() + 3),
            None
        );
        let front = front_matter_range(text).unwrap();
        assert_eq!(
            &text[front.clone()],
            "domain: space\nproposals: [2017-01, 2017-0\nstatus: dr\n"
        );
        assert_eq!(front_matter_range("Text.\n"), None);
    }
}
