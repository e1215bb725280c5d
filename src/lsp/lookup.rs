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
/// whose value it is in, if any.
pub fn yaml_key_at(text: &str, offset: usize) -> Option<&str> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut start = line_start;
    loop {
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..line_end];
        let indented = line.starts_with([' ', '\t', '-']);
        if !indented && let Some((key, _)) = line.split_once(':') {
            let key = key.trim();
            let plain = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
            // The cursor must be after the colon on the key's own line.
            if plain && (start != line_start || offset > start + key.len()) {
                return Some(key);
            }
            return None;
        }
        if start == 0 || line.trim() == "---" {
            return None;
        }
        start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
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
        let front = front_matter_range(text).unwrap();
        assert_eq!(
            &text[front.clone()],
            "domain: space\nproposals: [2017-01, 2017-0\nstatus: dr\n"
        );
        assert_eq!(front_matter_range("Text.\n"), None);
    }
}
