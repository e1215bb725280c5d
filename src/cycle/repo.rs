//! The git operations of the cycle, on the repository holding the workspace: what is
//! uncommitted, where HEAD and a tag point, the annotated release tag, the hooks folder.
//! Paths are relative to the workspace root, as everywhere else, even when the
//! workspace is a sub-folder of the repository.

use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Status, StatusOptions};

use crate::error::{Error, Result};
use crate::load::git::workspace_prefix;

/// The repository holding a workspace.
pub struct Repo {
    repo: Repository,
    /// The workspace root relative to the repository's work tree (`""` or `report/`).
    prefix: String,
    /// The repository's work tree, canonical.
    workdir: PathBuf,
}

/// A file that differs from HEAD (in the index or the work tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncommitted {
    /// Relative to the workspace root.
    pub path: String,
    /// `modified`, `new`, `deleted`, `renamed`.
    pub what: &'static str,
}

fn git_error(context: &str) -> impl Fn(git2::Error) -> Error + '_ {
    move |e| Error::Git(format!("{context}: {}", e.message()))
}

impl Repo {
    /// The repository holding the workspace at `root`; an error that says so when there
    /// is none.
    pub fn open(root: &Path) -> Result<Repo> {
        let repo = Repository::discover(root).map_err(|e| {
            Error::Git(format!(
                "{} is not in a git repository ({})\n  help: the yearly cycle (tags, sign-offs, hooks) works on a git repository: `git init` and commit the workspace",
                root.display(),
                e.message()
            ))
        })?;
        let (workdir, prefix) = workspace_prefix(&repo, root)?;
        Ok(Repo {
            repo,
            prefix,
            workdir,
        })
    }

    /// The workspace root relative to the repository's top folder (`""`, `report/`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn git(&self) -> &Repository {
        &self.repo
    }

    /// The commit HEAD points at; an error when the repository has no commit yet.
    pub fn head(&self) -> Result<Oid> {
        self.repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .map(|c| c.id())
            .ok_or_else(|| {
                Error::Git(
                    "the repository has no commit yet\n  help: commit the edition first (`git add -A && git commit`)".into(),
                )
            })
    }

    /// Files under the workspace folders `folders` (`drafts`, `schemas`) that differ
    /// from HEAD: modified, new (untracked included), deleted or renamed, staged or
    /// not. Ignored files do not count.
    pub fn uncommitted(&self, folders: &[&str]) -> Result<Vec<Uncommitted>> {
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .renames_head_to_index(true);
        for folder in folders {
            options.pathspec(format!("{}{}", self.prefix, folder.trim_end_matches('/')));
        }
        let statuses = self
            .repo
            .statuses(Some(&mut options))
            .map_err(git_error("cannot read the repository's status"))?;
        let mut out = Vec::new();
        for entry in statuses.iter() {
            let status = entry.status();
            if status.is_empty() || status.contains(Status::IGNORED) {
                continue;
            }
            let what = if status.intersects(Status::INDEX_NEW | Status::WT_NEW) {
                "new"
            } else if status.intersects(Status::INDEX_DELETED | Status::WT_DELETED) {
                "deleted"
            } else if status.intersects(Status::INDEX_RENAMED | Status::WT_RENAMED) {
                "renamed"
            } else {
                "modified"
            };
            let Ok(path) = entry.path() else { continue };
            // A temporary file left by a killed run is nobody's change: a new run
            // replaces the files anyway.
            if crate::write::is_temporary(path.rsplit('/').next().unwrap_or(path)) {
                continue;
            }
            let path = path.strip_prefix(&self.prefix).unwrap_or(path).to_string();
            out.push(Uncommitted { path, what });
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// The commit a tag points at, if the tag exists.
    pub fn tag_target(&self, name: &str) -> Result<Option<Oid>> {
        match self.repo.revparse_single(&format!("refs/tags/{name}")) {
            Ok(object) => object
                .peel_to_commit()
                .map(|c| Some(c.id()))
                .map_err(git_error(&format!("tag {name} does not point at a commit"))),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(git_error(&format!("cannot read tag {name}"))(e)),
        }
    }

    /// Creates the annotated tag `name` on `target` with `message`, as the user git
    /// knows (`user.name`, `user.email`).
    pub fn create_tag(&self, name: &str, target: Oid, message: &str) -> Result<Oid> {
        let tagger = self.repo.signature().map_err(|e| {
            Error::Git(format!(
                "git does not know who you are ({})\n  help: set `git config user.name \"Your Name\"` and `git config user.email you@example.org`",
                e.message()
            ))
        })?;
        let object = self
            .repo
            .find_object(target, None)
            .map_err(git_error("cannot find HEAD's commit"))?;
        self.repo
            .tag(name, &object, &tagger, message, false)
            .map_err(git_error(&format!("cannot create tag {name}")))
    }

    /// Removes the tag `name` (a release undone).
    pub fn delete_tag(&self, name: &str) -> Result<()> {
        self.repo
            .tag_delete(name)
            .map_err(git_error(&format!("cannot remove tag {name}")))
    }

    /// The repository's work tree, canonical.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }
}
