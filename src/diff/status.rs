//! `rapporteur status`: where each section stands — its status field, its size, how much
//! it changed since the previous edition, its sign-off, its proposals, its open findings,
//! its last change in git and whether it has uncommitted changes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use git2::{Oid, Repository, Sort};
use serde::Serialize;

use crate::check::Diagnostic;
use crate::check::rules::review::{SignOffState, signoff_state};
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
    /// Who signed the section off, and whether it changed since; `None` when nobody
    /// did for this edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signoff: Option<SectionSignOff>,
    /// Diagnostics `check` reports on this file.
    pub findings: usize,
    pub last_change: Option<LastChange>,
    /// Whether the file differs from HEAD (edited, staged, or never committed).
    pub uncommitted: bool,
    /// Reviewers' comments on this section still open (`rapporteur review list --open`).
    pub open_comments: usize,
}

/// A section's sign-off, as `status` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SectionSignOff {
    pub by: String,
    pub date: String,
    /// The section changed since it was signed off (rule R001).
    pub changed: bool,
}

/// The closing line of the overview: counts over the sections shown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub sections: usize,
    pub words: usize,
    /// Sections per `status` value.
    pub statuses: BTreeMap<String, usize>,
    pub signed_off: usize,
    pub changed_since_signoff: usize,
    pub findings: usize,
    pub uncommitted: usize,
}

impl Totals {
    pub fn of(lines: &[StatusLine]) -> Totals {
        let mut totals = Totals {
            sections: lines.len(),
            ..Totals::default()
        };
        for l in lines {
            totals.words += l.words;
            *totals
                .statuses
                .entry(l.status.clone().unwrap_or_else(|| "?".into()))
                .or_default() += 1;
            match &l.signoff {
                Some(s) if s.changed => totals.changed_since_signoff += 1,
                Some(_) => totals.signed_off += 1,
                None => {}
            }
            totals.findings += l.findings;
            totals.uncommitted += usize::from(l.uncommitted);
        }
        totals
    }
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
    /// Why there is no change figure although drafts/report.yaml names a previous
    /// edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_missing: Option<String>,
    pub sections: Vec<StatusLine>,
    pub totals: Totals,
}

/// Builds the overview of `edition`, with the diff against the previous edition when there
/// is one, the findings of `check`, the last change of each file (`last_changes`) and
/// the files with uncommitted changes (paths relative to the workspace root).
pub fn edition_status(
    edition: &Edition,
    diff: Option<&EditionDiff>,
    diagnostics: &[Diagnostic],
    last_changes: &HashMap<String, LastChange>,
    uncommitted: &HashSet<String>,
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
            let signoff = match signoff_state(edition, s) {
                SignOffState::None => None,
                SignOffState::Current(so) => Some((so, false)),
                SignOffState::Changed(so) => Some((so, true)),
            }
            .map(|(so, changed)| SectionSignOff {
                by: so.by.clone(),
                date: so.date.clone(),
                changed,
            });
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
                    signoff,
                    findings: findings.get(s.file.path.as_str()).copied().unwrap_or(0),
                    last_change: last_changes.get(&s.file.path).cloned(),
                    uncommitted: uncommitted.contains(&s.file.path),
                    open_comments: 0,
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

/// The last commit that changed the text or proposals of each of the section files
/// `paths` (relative to the workspace `root`), from HEAD back; a commit that changed
/// only other front matter (the status) does not count. One walk over history: for each commit, each path not yet settled is
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
            let before = blob_at(parent_tree.as_ref(), full);
            if here == before {
                return true;
            }
            // A commit that changed only the front matter's status (as `edition next`'s
            // does for every section) is no change of the section's text.
            if let (Some(here), Some(before)) = (here, before)
                && content_of(&repo, here).is_some_and(|c| Some(c) == content_of(&repo, before))
            {
                return true;
            }
            let author = commit.author();
            found.insert(
                path.clone(),
                LastChange {
                    date: crate::lang::civil_date(commit.time().seconds().div_euclid(86_400)),
                    author: author.name().unwrap_or("?").to_string(),
                    commit: oid_short(commit.id()),
                },
            );
            false
        });
    }
    Ok(found)
}

/// The fingerprint of a section file's paragraphs and proposals (what a sign-off
/// approves), from its blob; none when it cannot be read as a section.
fn content_of(repo: &Repository, blob: Oid) -> Option<String> {
    let blob = repo.find_blob(blob).ok()?;
    if blob.size() as u64 > crate::load::MAX_FILE_BYTES {
        return None;
    }
    let text = std::str::from_utf8(blob.content()).ok()?;
    let section = crate::load::parse_section("", "", text.to_string());
    let front = section.front_matter()?;
    Some(crate::model::signoff::section_fingerprint(
        section.paragraph_texts(),
        &front.proposals,
    ))
}

fn oid_short(oid: Oid) -> String {
    oid.to_string()[..10].to_string()
}

#[cfg(test)]
mod tests {
    use crate::lang::civil_date;

    #[test]
    fn dates_in_utc() {
        let day = |seconds: i64| civil_date(seconds.div_euclid(86_400));
        assert_eq!(day(0), "1970-01-01");
        assert_eq!(day(1_780_000_000), "2026-05-28");
        assert_eq!(day(951_782_400), "2000-02-29");
    }
}
