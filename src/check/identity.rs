//! Which findings a change adds. A finding is the same at two revisions when its rule,
//! its file and the text it is in match: the fingerprint of its paragraph
//! (`model::fingerprint`), or of its line outside paragraphs (front matter, YAML); or,
//! in a paragraph that was edited, its rule, file and message. Line numbers do not
//! count: a paragraph inserted above moves every finding below it without adding one. `check --staged` shows what the commit adds compared with
//! HEAD; `check --new-since REV` what is new since REV (pull-request annotations).
//!
//! The identities of a git tree's findings are kept in the parse cache under the ids
//! of its files (`.git/rapporteur/`): the hook stores those of the index it checks,
//! which are HEAD's once the commit is made, so that the next commit's hook does not
//! check HEAD again.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::Diagnostic;
use crate::error::Result;
use crate::load::{Edition, GitTree, Kind, ParseCache, load_edition};
use crate::model::fingerprint;

/// The folders an edition's findings depend on (the previous edition is a tag).
pub const EDITION_FOLDERS: &[&str] = &["drafts", "schemas"];

/// What identifies a finding across revisions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identity {
    pub code: String,
    pub path: String,
    /// The fingerprint of its paragraph, or of its line.
    pub text: String,
    /// Its message, to pair findings of one rule in one paragraph when they are several.
    pub message: String,
}

/// The identity of each finding, in order.
pub fn identities(edition: &Edition, diagnostics: &[Diagnostic]) -> Vec<Identity> {
    let sections: HashMap<&str, &crate::load::Section> = edition
        .sections
        .iter()
        .map(|s| (s.file.path.as_str(), s))
        .collect();
    let files = edition.files_by_path();
    // Findings gather in a few paragraphs: each is fingerprinted once.
    let mut known: HashMap<(&str, usize), String> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let paragraph = sections.get(d.path.as_str()).and_then(|s| {
                s.paragraph_at(d.span.start).map(|p| {
                    known
                        .entry((s.file.path.as_str(), p))
                        .or_insert_with(|| fingerprint::paragraph(s.paragraph(p)))
                        .clone()
                })
            });
            let text = paragraph
                .or_else(|| {
                    files.get(d.path.as_str()).map(|file| {
                        let start = d.span.start.min(file.text.len());
                        let line = file.line_range(start);
                        fingerprint::paragraph(&file.text[line])
                    })
                })
                .unwrap_or_default();
            Identity {
                code: d.code.to_string(),
                path: d.path.clone(),
                text,
                message: d.message.clone(),
            }
        })
        .collect()
}

/// For each of `current`, whether it is new: absent from `base`. Findings pair off one
/// for one, so that a second finding of a rule in a paragraph is new: first those with
/// the same code, file, text and message; then the same code, file and text (a message
/// that counts something changed); then the same code, file and message, in a paragraph
/// that was edited (a word changed elsewhere in it does not make its old findings new).
pub fn new_findings(current: &[Identity], base: &[Identity]) -> Vec<bool> {
    let mut taken = vec![false; base.len()];
    let mut new = vec![true; current.len()];
    type Key<'a> = (&'a str, &'a str, &'a str, &'a str);
    let passes: [fn(&Identity) -> Key<'_>; 3] = [
        |i| (&i.code, &i.path, &i.text, &i.message),
        |i| (&i.code, &i.path, &i.text, ""),
        |i| (&i.code, &i.path, "", &i.message),
    ];
    for key in passes {
        let mut left: HashMap<Key, Vec<usize>> = HashMap::new();
        for (j, b) in base.iter().enumerate().rev() {
            if !taken[j] {
                left.entry(key(b)).or_default().push(j);
            }
        }
        for (i, c) in current.iter().enumerate() {
            if !new[i] {
                continue;
            }
            if let Some(j) = left.get_mut(&key(c)).and_then(Vec::pop) {
                taken[j] = true;
                new[i] = false;
            }
        }
    }
    new
}

/// The key of a tree's findings in the cache: its files' ids (see
/// [`GitTree::file_ids`] of [`EDITION_FOLDERS`]).
pub fn key_of(ids: &[(String, git2::Oid)]) -> String {
    let mut key = String::with_capacity(ids.len() * 80);
    for (path, oid) in ids {
        key.push_str(path);
        key.push(' ');
        key.push_str(&oid.to_string());
        key.push('\n');
    }
    key
}

/// Stores the identities of the findings of the tree whose key is `key`, unless the
/// cache has them already (a hook run again on the same index writes nothing).
pub fn store(cache: &ParseCache, key: &str, identities: &[Identity]) {
    let kept: Option<Vec<Identity>> = cache.get(Kind::Identities, &[key]);
    if kept.as_deref() != Some(identities) {
        cache.put(Kind::Identities, &[key], &identities);
    }
}

/// The identities of the findings of the git tree whose files' ids are `ids`: from the
/// cache when this build has seen the same files, else from the tree `open` gives,
/// checked (its work per file read from the findings cache but not written there: the
/// entry stays that of the files checked every time) and stored.
pub fn identities_of(
    ids: &[(String, git2::Oid)],
    cache: Option<&ParseCache>,
    open: impl FnOnce() -> Result<GitTree>,
) -> Result<Vec<Identity>> {
    let key = key_of(ids);
    if let Some(cache) = cache
        && let Some(found) = cache.get::<Vec<Identity>>(Kind::Identities, &[&key])
    {
        return Ok(found);
    }
    let tree = open()?;
    let edition = load_edition(&tree)?;
    let checked = super::cached::check_edition_cached_read_only(&edition, cache);
    let found = identities(&edition, &checked.diagnostics);
    if let Some(cache) = cache {
        cache.put(Kind::Identities, &[&key], &found);
    }
    std::mem::forget(edition);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(code: &str, text: &str, message: &str) -> Identity {
        Identity {
            code: code.into(),
            path: "drafts/fr/03-resilience.md".into(),
            text: text.into(),
            message: message.into(),
        }
    }

    #[test]
    fn findings_pair_off_by_code_file_and_text() {
        let base = [id("E001", "aaaa", "onzième"), id("T001", "bbbb", "Kiev")];
        let current = [
            // The same, whatever its line.
            id("E001", "aaaa", "onzième"),
            // A second one in the same paragraph.
            id("E001", "aaaa", "dixième"),
            // The paragraph's text changed, the finding did not.
            id("T001", "cccc", "Kiev"),
        ];
        assert_eq!(new_findings(&current, &base), vec![false, true, false]);
        // An edited paragraph keeps its old findings; a second one of the same message
        // is new.
        let current = [id("T001", "cccc", "Kiev"), id("T001", "dddd", "Kiev")];
        assert_eq!(new_findings(&current, &base), vec![false, true]);
        // Same key, message changed (a count in it): not new.
        assert_eq!(
            new_findings(&[id("E001", "aaaa", "other")], &base),
            vec![false]
        );
    }
}
