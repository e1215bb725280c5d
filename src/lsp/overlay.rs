//! The work tree as the editor sees it: the text of every open document, saved or not,
//! over the files on disk. Loading an edition from it gives the findings `check` would
//! give if every buffer were saved.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::load::{MAX_FILE_BYTES, Tree, WorkTree};

/// An open document.
#[derive(Debug, Clone)]
pub struct Buffer {
    pub text: String,
    pub version: i32,
}

/// Open documents (by path relative to the repository root) over the work tree.
#[derive(Debug)]
pub struct Overlay {
    pub disk: WorkTree,
    pub buffers: BTreeMap<String, Buffer>,
}

impl Overlay {
    pub fn new(disk: WorkTree) -> Self {
        Overlay {
            disk,
            buffers: BTreeMap::new(),
        }
    }
}

impl Tree for Overlay {
    fn read(&self, path: &str) -> std::result::Result<Option<Vec<u8>>, String> {
        match self.buffers.get(path) {
            // The same bound as a file read from disk: a larger document is a finding
            // (S001), not 15 copies of itself held by the server.
            Some(buffer) if buffer.text.len() as u64 > MAX_FILE_BYTES => {
                Err(crate::load::file::Refusal::TooLarge {
                    size: buffer.text.len() as u64,
                    limit: MAX_FILE_BYTES,
                }
                .to_string())
            }
            Some(buffer) => Ok(Some(buffer.text.clone().into_bytes())),
            None => self.disk.read(path),
        }
    }

    fn list(&self, dir: &str) -> Result<Vec<String>> {
        let mut names = self.disk.list(dir)?;
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        for path in self.buffers.keys() {
            if let Some(name) = path.strip_prefix(&prefix)
                && !name.contains('/')
                && !names.iter().any(|n| n == name)
            {
                names.push(name.to_string());
            }
        }
        names.sort();
        Ok(names)
    }

    fn label(&self) -> String {
        "work tree and open documents".to_string()
    }

    /// The previous edition comes from the repository under the work tree: buffers are
    /// never part of a past revision.
    fn at_revision(&self, revision: &str) -> Option<Result<Box<dyn Tree>>> {
        self.disk.at_revision(revision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_override_and_extend_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("drafts/fr")).unwrap();
        std::fs::write(dir.path().join("drafts/fr/a.md"), "disk").unwrap();
        let mut overlay = Overlay::new(WorkTree::new(dir.path()));
        assert_eq!(overlay.read("drafts/fr/a.md").unwrap().unwrap(), b"disk");
        for (path, text) in [("drafts/fr/a.md", "buffer"), ("drafts/fr/b.md", "new")] {
            overlay.buffers.insert(
                path.into(),
                Buffer {
                    text: text.into(),
                    version: 1,
                },
            );
        }
        assert_eq!(overlay.read("drafts/fr/a.md").unwrap().unwrap(), b"buffer");
        assert_eq!(overlay.list("drafts/fr").unwrap(), vec!["a.md", "b.md"]);
        // Folders are listed too (the loader reports one named like a section file).
        assert_eq!(overlay.list("drafts").unwrap(), vec!["fr"]);
    }
}
