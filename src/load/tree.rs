//! Where files come from. The work tree is one [`Tree`]; git revisions and the git index
//! are others (see `load::git`), so `check --staged` and `diff` read an edition exactly
//! as `check` does.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::MAX_FILE_BYTES;
use super::file::{Refusal, read_inside, resolve_inside};

/// A read-only view of the repository's files, by path relative to its root.
pub trait Tree {
    /// The bytes of a file; `Ok(None)` when there is no such file. `Err` says why an
    /// existing path cannot be read (not a regular file, too large, resolving outside
    /// the repository, I/O).
    fn read(&self, path: &str) -> std::result::Result<Option<Vec<u8>>, String>;
    /// Names of the entries directly in a folder (files, and folders too: `read` refuses
    /// what is not a regular file), sorted; empty when the folder does not exist.
    fn list(&self, dir: &str) -> Result<Vec<String>>;
    /// How to name this tree in messages (`work tree`, `index`, `edition-10`).
    fn label(&self) -> String;
    /// The same repository at a git revision (a tag such as `edition-11`), for reading
    /// the previous edition: `None` when this tree has no repository behind it at all
    /// (an in-memory tree), `Some(Err)` when it has one that cannot give the revision.
    /// A tree that wraps another (an editor's unsaved buffers over the work tree)
    /// passes this on to it.
    fn at_revision(&self, revision: &str) -> Option<Result<Box<dyn Tree>>> {
        let _ = revision;
        None
    }

    /// Where parsed YAML of this tree's repository is cached (`load::cache`), if
    /// anywhere.
    fn parse_cache(&self) -> Option<super::ParseCache> {
        None
    }
}

/// The files on disk under the repository root.
#[derive(Debug, Clone)]
pub struct WorkTree {
    root: PathBuf,
}

impl WorkTree {
    /// `root` must be the canonical repository root (see `load::find_root`).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        WorkTree { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Tree for WorkTree {
    fn read(&self, path: &str) -> std::result::Result<Option<Vec<u8>>, String> {
        match read_inside(&self.root, Path::new(path), MAX_FILE_BYTES) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(Refusal::Missing) => Ok(None),
            Err(refusal) => Err(refusal.to_string()),
        }
    }

    fn list(&self, dir: &str) -> Result<Vec<String>> {
        // The folder itself must be inside the repository: a language folder that is a
        // link to elsewhere is never listed, let alone read or written.
        let full = match resolve_inside(&self.root, Path::new(dir)) {
            Ok(full) => full,
            Err(Refusal::Missing) => return Ok(Vec::new()),
            Err(refusal) => {
                return Err(Error::Invalid {
                    location: dir.to_string(),
                    message: format!("cannot read the folder: {refusal}"),
                    help: format!("make {dir} a folder of the repository"),
                });
            }
        };
        let entries = fs::read_dir(&full).map_err(|e| Error::io(dir, e))?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            // Every entry, folders included: a folder named like a section file is
            // refused by `read` and so becomes a finding, not a silent omission.
            if let Ok(name) = entry.file_name().into_string() {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    fn label(&self) -> String {
        "work tree".to_string()
    }

    fn at_revision(&self, revision: &str) -> Option<Result<Box<dyn Tree>>> {
        Some(
            super::git::GitTree::revision(&self.root, revision)
                .map(|tree| Box::new(tree) as Box<dyn Tree>),
        )
    }

    fn parse_cache(&self) -> Option<super::ParseCache> {
        super::ParseCache::for_work_tree(&self.root)
    }
}
