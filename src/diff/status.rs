//! `rapporteur status`: where each section stands — its status field, its size, how much
//! it changed since the previous edition, its proposals, its open findings and its last
//! change in git.

use std::collections::HashMap;
use std::path::Path;

use git2::{Oid, Repository, Sort};
use serde::Serialize;

use crate::check::Diagnostic;
use crate::diff::words::split_words;
use crate::diff::{DomainStatus, EditionDiff};
use crate::error::{Error, Result};
use crate::load::Edition;

/// One line of the overview: one section file.
#[derive(Debug, Clone, Serialize)]
pub struct StatusLine {
    pub domain: String,
    pub lang: String,
    pub path: String,
    /// The front matter's `status`, when it is readable.
    pub status: Option<String>,
    pub words: usize,
    /// Share of the domain changed since the previous edition; `None` when there is no
    /// previous edition to compare with.
    pub share_changed: Option<f64>,
    /// Whether the domain is new since the previous edition.
    pub new_domain: bool,
    pub proposals: Vec<String>,
    /// Diagnostics `check` reports on this file.
    pub findings: usize,
    pub last_change: Option<LastChange>,
}

/// The last commit that touched a file.
#[derive(Debug, Clone, Serialize)]
pub struct LastChange {
    /// `YYYY-MM-DD`, in UTC.
    pub date: String,
    pub author: String,
    pub commit: String,
}

/// The whole overview.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// The previous edition's revision, when it could be read.
    pub previous: Option<String>,
    /// Why there is no change figure, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_missing: Option<String>,
    pub sections: Vec<StatusLine>,
}

/// Builds the overview of `edition`, with the diff against the previous edition when there
/// is one, the findings of `check`, and the last change of each file (`last_changes`).
pub fn edition_status(
    edition: &Edition,
    diff: Option<&EditionDiff>,
    diagnostics: &[Diagnostic],
    last_changes: &HashMap<String, LastChange>,
) -> Vec<StatusLine> {
    let mut findings: HashMap<&str, usize> = HashMap::new();
    for d in diagnostics {
        *findings.entry(d.path.as_str()).or_default() += 1;
    }
    let mut lines: Vec<(usize, StatusLine)> = edition
        .sections
        .iter()
        .map(|s| {
            let domain = s.domain().unwrap_or("?").to_string();
            let change = diff.and_then(|diff| {
                diff.domains
                    .iter()
                    .find(|d| d.lang == s.lang && d.domain == domain)
            });
            let front = s.front_matter();
            let order = edition.catalog.domain_index(&domain).unwrap_or(usize::MAX);
            (
                order,
                StatusLine {
                    domain,
                    lang: s.lang.clone(),
                    path: s.file.path.clone(),
                    status: front.map(|f| f.status.as_str().to_string()),
                    words: s.paragraph_texts().map(|p| split_words(p).len()).sum(),
                    share_changed: change.map(|c| c.stats.share_changed),
                    new_domain: change.is_some_and(|c| c.status == DomainStatus::Added),
                    proposals: front.map(|f| f.proposals.clone()).unwrap_or_default(),
                    findings: findings.get(s.file.path.as_str()).copied().unwrap_or(0),
                    last_change: last_changes.get(&s.file.path).cloned(),
                },
            )
        })
        .collect();
    // Language order of the edition, then catalog order.
    let languages = &edition.meta.value.languages;
    lines.sort_by_key(|(order, l)| {
        (
            languages.iter().position(|x| *x == l.lang),
            *order,
            l.path.clone(),
        )
    });
    lines.into_iter().map(|(_, l)| l).collect()
}

/// The last commit touching each of `paths` (relative to the workspace `root`), from
/// HEAD back. One walk over history: for each commit, each path not yet settled is
/// compared with the commit's first parent; the first commit where its blob differs is
/// its last change (so a change merged from a branch is dated by its merge, as with
/// `git log --first-parent`). The walk stops as soon as every path is settled.
pub fn last_changes(root: &Path, paths: &[String]) -> Result<HashMap<String, LastChange>> {
    let git = |e: git2::Error| Error::Git(e.message().to_string());
    let repo = Repository::discover(root).map_err(git)?;
    let Some(workdir) = repo.workdir() else {
        return Ok(HashMap::new());
    };
    let workdir = workdir.canonicalize().map_err(|e| Error::io(workdir, e))?;
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let prefix = root
        .strip_prefix(&workdir)
        .map(|p| p.to_path_buf())
        .unwrap_or_default();
    let mut pending: Vec<(String, std::path::PathBuf)> =
        paths.iter().map(|p| (p.clone(), prefix.join(p))).collect();
    let mut found = HashMap::new();
    let mut walk = repo.revwalk().map_err(git)?;
    if walk.push_head().is_err() {
        return Ok(found); // no commit yet
    }
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
        .map_err(git)?;
    let blob_at = |tree: Option<&git2::Tree>, path: &Path| -> Option<Oid> {
        tree.and_then(|t| t.get_path(path).ok()).map(|e| e.id())
    };
    // A file absent from HEAD is uncommitted: no walk would settle it.
    if let Ok(head) = repo.head().and_then(|h| h.peel_to_tree()) {
        pending.retain(|(_, full)| head.get_path(full).is_ok());
    }
    for oid in walk {
        if pending.is_empty() {
            break;
        }
        let commit = repo.find_commit(oid.map_err(git)?).map_err(git)?;
        let tree = commit.tree().map_err(git)?;
        let parent_tree = commit.parent(0).ok().and_then(|p| p.tree().ok());
        pending.retain(|(path, full)| {
            let here = blob_at(Some(&tree), full);
            if here.is_none() {
                // Not in this commit: it was added after it (uncommitted, or walked past).
                return true;
            }
            if here == blob_at(parent_tree.as_ref(), full) {
                return true;
            }
            let author = commit.author();
            found.insert(
                path.clone(),
                LastChange {
                    date: civil_date(commit.time().seconds()),
                    author: author.name().unwrap_or("?").to_string(),
                    commit: oid_short(commit.id()),
                },
            );
            false
        });
    }
    Ok(found)
}

fn oid_short(oid: Oid) -> String {
    oid.to_string()[..10].to_string()
}

/// `YYYY-MM-DD` of a Unix time, in UTC (Howard Hinnant's days-to-civil algorithm).
fn civil_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn dates_in_utc() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(1_780_000_000), "2026-05-28");
        assert_eq!(civil_date(951_782_400), "2000-02-29");
    }
}
