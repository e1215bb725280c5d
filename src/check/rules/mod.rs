//! The rules, one file per family. Each file defines its rules' [`Rule`] entries (listed
//! once in `registry::RULES`) and one `check` function that reports their findings.
//!
//! [`Rule`]: super::registry::Rule

pub mod proposals;
pub mod structure;

use std::ops::Range;

use crate::load::{SourceFile, yaml::yaml_spans};

/// Byte range of the node at a JSON pointer of a YAML file (its key when `key` is true),
/// or the file's start when the pointer is not found.
pub fn yaml_span(file: &SourceFile, pointer: &str, key: bool) -> Range<usize> {
    yaml_spans(&file.text)
        .get(pointer)
        .map(|s| {
            if key {
                s.key.clone().unwrap_or(s.value.clone())
            } else {
                s.value.clone()
            }
        })
        .unwrap_or(0..0)
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a
/// plausible typo (for "did you mean" help lines).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let slugs = ["space", "cyber", "resilience"];
        assert_eq!(closest("spce", slugs), Some("space"));
        assert_eq!(closest("resilence", slugs), Some("resilience"));
        assert_eq!(closest("maritime", slugs), None);
    }
}
