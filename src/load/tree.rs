//! Where files come from. The work tree is one [`Tree`]; git revisions and the git index
//! are others (see `load::git`), so `check --staged` and `diff` read an edition exactly
//! as `check` does.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::MAX_FILE_BYTES;

/// A read-only view of the repository's files, by path relative to its root.
pub trait Tree {
    /// The bytes of a file; `Ok(None)` when there is no such file. `Err` says why an
    /// existing file cannot be read (too large, a symlink leaving the repository, I/O).
    fn read(&self, path: &str) -> std::result::Result<Option<Vec<u8>>, String>;
    /// Names of the files (not folders) directly in a folder, sorted; empty when the
    /// folder does not exist.
    fn list(&self, dir: &str) -> Result<Vec<String>>;
    /// How to name this tree in messages (`work tree`, `index`, `edition-10`).
    fn label(&self) -> String;
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
        let full = self.root.join(path);
        let meta = match fs::symlink_metadata(&full) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        if meta.file_type().is_symlink() {
            let target = full
                .canonicalize()
                .map_err(|e| format!("broken symlink: {e}"))?;
            if !target.starts_with(&self.root) {
                return Err(format!(
                    "symlink to {} leaves the repository; rapporteur reads only files inside it",
                    target.display()
                ));
            }
        }
        let meta = fs::metadata(&full).map_err(|e| e.to_string())?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(format!(
                "file is {} bytes, more than the {} MiB rapporteur reads; is it really a section?",
                meta.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            ));
        }
        fs::read(&full).map(Some).map_err(|e| e.to_string())
    }

    fn list(&self, dir: &str) -> Result<Vec<String>> {
        let full = self.root.join(dir);
        let entries = match fs::read_dir(&full) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(full, e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&full, e))?;
            // Symlinks count as files here; `read` decides whether they may be followed.
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            if !is_dir && let Ok(name) = entry.file_name().into_string() {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    fn label(&self) -> String {
        "work tree".to_string()
    }

    fn parse_cache(&self) -> Option<super::ParseCache> {
        super::ParseCache::for_work_tree(&self.root)
    }
}
