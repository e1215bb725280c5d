//! The rules, one file per family. Each file defines its rules' [`Rule`] entries (listed
//! once in `registry::RULES`) and one `check` function that reports their findings.
//!
//! [`Rule`]: super::registry::Rule

pub mod allow;
pub mod body;
pub mod currency;
pub mod languages;
pub mod proposals;
pub mod review;
pub mod structure;
pub mod terminology;
pub mod tokens;
pub mod translation;
pub mod typography;

use std::ops::Range;

use crate::load::yaml::{yaml_span_of, yaml_spans};
use crate::load::{Edition, Section, SourceFile};

/// The sections of one language in reading order: catalog order of their domains, then
/// file name (sections of unknown domains last).
pub fn reading_order<'a>(edition: &'a Edition, lang: &'a str) -> Vec<&'a Section> {
    reading_order_indexed(edition, lang)
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

/// [`reading_order`], each section with its index in `edition.sections` (where the work
/// across files finds its facts).
pub fn reading_order_indexed<'a>(edition: &'a Edition, lang: &str) -> Vec<(usize, &'a Section)> {
    let mut sections: Vec<(usize, &Section)> = edition
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.lang == lang)
        .collect();
    sections.sort_by_cached_key(|(_, s)| {
        s.domain()
            .and_then(|d| edition.catalog.domain_index(d))
            .unwrap_or(usize::MAX)
    });
    // Stable sort: sections of one domain stay in file-name order, as loaded.
    sections
}

/// Byte range of the node at a JSON pointer of a YAML file (its key when `key` is true),
/// or the file's start when the pointer is not found.
pub fn yaml_span(file: &SourceFile, pointer: &str, key: bool) -> Range<usize> {
    yaml_span_of(&file.text, pointer, key).unwrap_or(0..0)
}

/// The node spans of a YAML file, for a rule that points findings into it. The first
/// lookup reads the file only as far as its node (most rules point one finding into
/// the edition metadata, near its top); a second one computes every span once and
/// keeps them: a rule that points many findings into one file walks its YAML at most
/// twice.
pub struct LazySpans<'a> {
    file: &'a SourceFile,
    first_done: std::cell::Cell<bool>,
    spans: std::cell::OnceCell<std::collections::HashMap<String, crate::load::yaml::NodeSpan>>,
}

impl<'a> LazySpans<'a> {
    pub fn new(file: &'a SourceFile) -> Self {
        LazySpans {
            file,
            first_done: std::cell::Cell::new(false),
            spans: std::cell::OnceCell::new(),
        }
    }

    /// Like [`yaml_span`].
    pub fn get(&self, pointer: &str, key: bool) -> Range<usize> {
        if self.spans.get().is_none() && !self.first_done.replace(true) {
            return yaml_span_of(&self.file.text, pointer, key).unwrap_or(0..0);
        }
        self.spans
            .get_or_init(|| yaml_spans(&self.file.text))
            .get(pointer)
            .map_or(0..0, |s| s.range(key))
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a
/// plausible typo (for "did you mean" help lines).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let chars = word.chars().count();
    // Slugs and ids are short: a long word is no typo of one.
    if chars > 64 {
        return None;
    }
    let limit = (chars / 3).max(1);
    candidates
        .into_iter()
        // The distance is at least the difference in length: a far longer (or shorter)
        // word is no typo of a candidate, and is not paid for (the table of a 1 MB word
        // against a slug would be a million rows).
        .filter(|c| c.chars().count().abs_diff(chars) <= limit)
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// two neighbours (`2017-70` is one step from `2017-07`) each cost one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// An in-memory edition for rule tests: one section per `(lang, body)`, the domain
/// `space`, the metadata given as YAML-compatible JSON.
#[cfg(test)]
pub fn test_edition(meta: serde_json::Value, sections: &[(&str, &str)]) -> Edition {
    use crate::load::edition::CatalogFiles;
    use crate::load::{LoadedFile, parse_section};
    use crate::model::{Catalog, DomainCatalog, ProposalRegistry};

    let catalog = Catalog {
        domains: serde_json::from_value::<DomainCatalog>(serde_json::json!({
            "domains": [{"slug": "space", "title": {"fr": "Espace", "en": "Space"}}]
        }))
        .expect("a test catalog"),
        proposals: ProposalRegistry {
            sets: vec![],
            proposals: vec![],
        },
        terms: Default::default(),
    };
    let empty = || SourceFile::new("schemas/x.yaml", String::new());
    Edition {
        meta: LoadedFile {
            value: serde_json::from_value(meta).expect("test metadata"),
            file: SourceFile::new("drafts/report.yaml", String::new()),
        },
        catalog,
        catalog_files: CatalogFiles {
            domains: empty(),
            proposals: empty(),
            terminology: empty(),
        },
        sections: sections
            .iter()
            .map(|(lang, body)| {
                parse_section(
                    &format!("drafts/{lang}/01-space.md"),
                    lang,
                    format!("---\ndomain: space\nstatus: draft\n---\n{body}\n"),
                )
            })
            .collect(),
        unreadable: vec![],
        previous: Default::default(),
        signoffs: None,
    }
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
        assert_eq!(closest("2017-70", ["2017-07", "2017-10"]), Some("2017-07"));
    }
}
