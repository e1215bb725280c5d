//! The source text as it was: a record names the commit its translation was last brought
//! in step from, and the old text of each recorded paragraph is read from there
//! ([`GitTree`]), by fingerprint, so that a paragraph that has since moved, or a section
//! file renamed since, is still found. A paragraph accepted earlier than that commit (one
//! paragraph at a time, `translate accept --paragraph`) is looked up in the commit's
//! ancestors, newest first, within [`MAX_COMMITS`]. Without the commit — a shallow
//! clone, a rewritten history — only the fingerprints are known, and the commands say so.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{Error, Result};
use crate::load::git::workspace_prefix;
use crate::load::{DRAFTS_DIR, GitTree, MAX_FILE_BYTES, Tree, parse_section};
use crate::model::{CommitId, Fingerprint};

/// How many ancestors of a recorded commit are searched for a paragraph's old text.
pub const MAX_COMMITS: usize = 500;

/// Old source paragraphs by fingerprint, read from git once per commit.
pub struct History<'a> {
    root: &'a Path,
    lang: String,
    /// Paragraph texts at each commit read; `None`: the commit cannot be read.
    at: HashMap<String, Option<HashMap<Fingerprint, String>>>,
}

impl<'a> History<'a> {
    /// The history of the source language `lang` in the repository holding `root`.
    pub fn new(root: &'a Path, lang: &str) -> Self {
        History {
            root,
            lang: lang.to_string(),
            at: HashMap::new(),
        }
    }

    /// The old texts of `wanted` (by position), as of `commit` or before it. `None` when
    /// the commit cannot be read at all.
    pub fn old_texts(
        &mut self,
        commit: &CommitId,
        wanted: &[Fingerprint],
    ) -> Option<Vec<Option<String>>> {
        let (root, lang) = (self.root, self.lang.clone());
        let texts = self
            .at
            .entry(commit.as_str().to_string())
            .or_insert_with(|| read_paragraphs(root, commit.as_str(), &lang).ok())
            .as_ref()?;
        let mut out: Vec<Option<String>> = wanted.iter().map(|fp| texts.get(fp).cloned()).collect();
        let missing: HashSet<&Fingerprint> = wanted
            .iter()
            .zip(&out)
            .filter(|(_, t)| t.is_none())
            .map(|(fp, _)| fp)
            .collect();
        if !missing.is_empty() {
            let found = search_ancestors(root, commit.as_str(), &lang, &missing);
            for (fp, text) in wanted.iter().zip(out.iter_mut()) {
                if text.is_none() {
                    *text = found.get(fp).cloned();
                }
            }
        }
        Some(out)
    }
}

/// Every paragraph of the sections of `lang` at `revision`, by fingerprint.
pub fn read_paragraphs(
    root: &Path,
    revision: &str,
    lang: &str,
) -> Result<HashMap<Fingerprint, String>> {
    let tree = GitTree::revision(root, revision)?;
    let dir = format!("{DRAFTS_DIR}/{lang}");
    let mut out = HashMap::new();
    for name in tree.list(&dir)? {
        if !name.ends_with(".md") {
            continue;
        }
        let path = format!("{dir}/{name}");
        // An unreadable file at an old commit is simply not a source of old text.
        let Ok(Some(bytes)) = tree.read(&path) else {
            continue;
        };
        add_paragraphs(&mut out, &path, lang, bytes, None);
    }
    Ok(out)
}

fn add_paragraphs(
    out: &mut HashMap<Fingerprint, String>,
    path: &str,
    lang: &str,
    bytes: Vec<u8>,
    only: Option<&HashSet<&Fingerprint>>,
) {
    let Ok(text) = String::from_utf8(bytes) else {
        return;
    };
    let section = parse_section(path, lang, text);
    for paragraph in section.paragraph_texts() {
        let fp = Fingerprint::of(paragraph);
        if only.is_none_or(|set| set.contains(&fp)) {
            out.entry(fp).or_insert_with(|| paragraph.to_string());
        }
    }
}

/// The texts of `wanted` paragraphs in the ancestors of `revision`, newest first; each
/// distinct folder and file is read once.
fn search_ancestors(
    root: &Path,
    revision: &str,
    lang: &str,
    wanted: &HashSet<&Fingerprint>,
) -> HashMap<Fingerprint, String> {
    let mut found = HashMap::new();
    let Ok((repo, prefix)) = open(root) else {
        return found;
    };
    let Ok(start) = repo
        .revparse_single(revision)
        .and_then(|o| o.peel_to_commit())
    else {
        return found;
    };
    let Ok(mut walk) = repo.revwalk() else {
        return found;
    };
    if walk.push(start.id()).is_err() {
        return found;
    }
    let _ = walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME);
    let dir = format!("{prefix}{DRAFTS_DIR}/{lang}");
    let mut seen_dirs = HashSet::new();
    let mut seen_files = HashSet::new();
    for oid in walk.take(MAX_COMMITS).flatten() {
        let Ok(tree) = repo.find_commit(oid).and_then(|c| c.tree()) else {
            continue;
        };
        let Ok(entry) = tree.get_path(Path::new(&dir)) else {
            continue;
        };
        if !seen_dirs.insert(entry.id()) {
            continue;
        }
        let Ok(sub) = repo.find_tree(entry.id()) else {
            continue;
        };
        for file in sub.iter() {
            let name = file.name().unwrap_or_default();
            // Regular files only (a symlink's mode is 0o120000), within the size bound.
            if !name.ends_with(".md")
                || file.filemode() == 0o120000
                || !seen_files.insert(file.id())
            {
                continue;
            }
            let Ok(blob) = repo.find_blob(file.id()) else {
                continue;
            };
            if blob.size() as u64 > MAX_FILE_BYTES {
                continue;
            }
            let path = format!("{DRAFTS_DIR}/{lang}/{name}");
            add_paragraphs(
                &mut found,
                &path,
                lang,
                blob.content().to_vec(),
                Some(wanted),
            );
        }
        if found.len() == wanted.len() {
            break;
        }
    }
    found
}

/// The repository holding `root`, and `root`'s path inside its work tree (`""` or
/// `report/`), as `load::git` reads it.
fn open(root: &Path) -> Result<(git2::Repository, String)> {
    let repo = git2::Repository::discover(root).map_err(|e| {
        Error::Git(format!(
            "{} is not in a git repository: {}\n  help: translation records name the source commit a translation was made from; run rapporteur in the report's repository",
            root.display(),
            e.message()
        ))
    })?;
    // Outside a work tree (a bare repository, a folder that cannot be resolved), the
    // paths are read from the repository's top.
    let prefix = workspace_prefix(&repo, root)
        .map(|(_, prefix)| prefix)
        .unwrap_or_default();
    Ok((repo, prefix))
}

/// The commit HEAD points at, in the repository holding `root`.
pub fn head_commit(root: &Path) -> Result<CommitId> {
    let (repo, _) = open(root)?;
    let commit = repo.head().and_then(|h| h.peel_to_commit()).map_err(|e| {
        Error::Git(format!(
            "HEAD names no commit yet: {}\n  help: commit the source-language text first",
            e.message()
        ))
    })?;
    CommitId::try_from(commit.id().to_string()).map_err(Error::Git)
}

/// Refuses when a source section holds paragraphs that HEAD does not: a record must name
/// a commit that holds the text it was made from. `paths_and_fingerprints` are the
/// source sections concerned.
pub fn require_committed(
    root: &Path,
    lang: &str,
    sections: &[(&str, &[Fingerprint])],
) -> Result<CommitId> {
    let head = head_commit(root)?;
    let committed = read_paragraphs(root, head.as_str(), lang)?;
    for (path, fps) in sections {
        if let Some(i) = fps.iter().position(|fp| !committed.contains_key(fp)) {
            return Err(Error::Usage(format!(
                "{path}: paragraph {} is not committed: the record would name a commit that does not hold the text it was translated from\n  help: commit the `{lang}` text first (`git commit {path}`), then run this again",
                i + 1
            )));
        }
    }
    Ok(head)
}
