//! Git as a [`Tree`]: an edition read straight from the object store at a revision (tag,
//! branch, commit) or from the index (what a commit would contain), without a checkout.
//! `check --staged` reads the index; `diff` reads revisions.

use std::path::Path;

use git2::{ObjectType, Oid, Repository};

use super::MAX_FILE_BYTES;
use super::tree::Tree;
use crate::error::{Error, Result};

/// A git revision's tree, or the index.
pub struct GitTree {
    repo: Repository,
    source: Source,
    /// The workspace root relative to the repository's work tree (`""` or `report/`), so
    /// that paths stay relative to the workspace like everywhere else.
    prefix: String,
    label: String,
}

enum Source {
    Tree(Oid),
    Index(git2::Index),
}

/// Symlinks in git have this file mode.
const MODE_SYMLINK: u32 = 0o120000;

impl GitTree {
    /// The tree of `revision` (a tag, branch, commit or any `git rev-parse` spelling) of
    /// the repository holding `root`.
    pub fn revision(root: &Path, revision: &str) -> Result<Self> {
        let (repo, prefix) = open(root)?;
        let oid = Self::resolve(&repo, revision)?;
        Ok(GitTree {
            repo,
            source: Source::Tree(oid),
            prefix,
            label: revision.to_string(),
        })
    }

    fn resolve(repo: &Repository, revision: &str) -> Result<Oid> {
        let object = repo.revparse_single(revision).map_err(|e| {
            Error::Git(format!(
                "unknown revision `{revision}`: {}\n  help: give a tag, branch or commit of this repository (`git tag` lists the tags)",
                e.message()
            ))
        })?;
        let tree = object.peel_to_tree().map_err(|e| {
            Error::Git(format!(
                "`{revision}` does not name a commit or tree: {}",
                e.message()
            ))
        })?;
        Ok(tree.id())
    }

    /// The index (staging area) of the repository holding `root`. Inside a git hook,
    /// `GIT_INDEX_FILE` names the index the commit is being made from (`git commit -a`
    /// and `git commit <paths>` prepare it in a temporary file): that one is read.
    pub fn index(root: &Path) -> Result<Self> {
        let (repo, prefix) = open(root)?;
        let index = match std::env::var_os("GIT_INDEX_FILE").filter(|p| !p.is_empty()) {
            Some(path) => git2::Index::open(Path::new(&path)).map_err(|e| {
                Error::Git(format!(
                    "cannot read the index {} named by GIT_INDEX_FILE: {}",
                    Path::new(&path).display(),
                    e.message()
                ))
            })?,
            None => repo
                .index()
                .map_err(|e| Error::Git(format!("cannot read the index: {}", e.message())))?,
        };
        Ok(GitTree {
            repo,
            source: Source::Index(index),
            prefix,
            label: "index".to_string(),
        })
    }

    fn full(&self, path: &str) -> String {
        format!("{}{}", self.prefix, path)
    }

    fn blob(&self, oid: Oid, mode: u32) -> std::result::Result<Vec<u8>, String> {
        if mode == MODE_SYMLINK {
            return Err("the file is a symlink in git; rapporteur reads only regular files".into());
        }
        let blob = self
            .repo
            .find_blob(oid)
            .map_err(|e| e.message().to_string())?;
        if blob.size() as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "file is {} bytes, more than the {} MiB rapporteur reads",
                blob.size(),
                MAX_FILE_BYTES / (1024 * 1024)
            ));
        }
        Ok(blob.content().to_vec())
    }
}

fn open(root: &Path) -> Result<(Repository, String)> {
    // libgit2 recomputes the SHA-1 of every object it reads (a collision-detecting SHA-1:
    // half the time of reading two editions). git itself trusts its object store on
    // reads and checks it in `git fsck`; so does rapporteur.
    git2::opts::strict_hash_verification(false);
    let repo = Repository::discover(root).map_err(|e| {
        Error::Git(format!(
            "{} is not in a git repository: {}",
            root.display(),
            e.message()
        ))
    })?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| Error::Git("the repository is bare: it has no work tree".into()))?;
    let workdir = workdir.canonicalize().map_err(|e| Error::io(workdir, e))?;
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let prefix = root
        .strip_prefix(&workdir)
        .map(|rel| {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.is_empty() {
                rel
            } else {
                format!("{rel}/")
            }
        })
        .unwrap_or_default();
    Ok((repo, prefix))
}

impl Tree for GitTree {
    fn read(&self, path: &str) -> std::result::Result<Option<Vec<u8>>, String> {
        let full = self.full(path);
        match &self.source {
            Source::Tree(oid) => {
                let tree = self
                    .repo
                    .find_tree(*oid)
                    .map_err(|e| e.message().to_string())?;
                let Ok(entry) = tree.get_path(Path::new(&full)) else {
                    return Ok(None);
                };
                if entry.kind() != Some(ObjectType::Blob) {
                    return Ok(None);
                }
                self.blob(entry.id(), entry.filemode() as u32).map(Some)
            }
            Source::Index(index) => match index.get_path(Path::new(&full), 0) {
                None => Ok(None),
                Some(entry) => self.blob(entry.id, entry.mode).map(Some),
            },
        }
    }

    fn list(&self, dir: &str) -> Result<Vec<String>> {
        let full = self.full(dir);
        let prefix = format!("{}/", full.trim_end_matches('/'));
        let mut names = Vec::new();
        match &self.source {
            Source::Tree(oid) => {
                let tree = self
                    .repo
                    .find_tree(*oid)
                    .map_err(|e| Error::Git(e.message().to_string()))?;
                let Ok(entry) = tree.get_path(Path::new(full.trim_end_matches('/'))) else {
                    return Ok(names);
                };
                let Ok(sub) = self.repo.find_tree(entry.id()) else {
                    return Ok(names);
                };
                for e in sub.iter() {
                    if e.kind() == Some(ObjectType::Blob)
                        && let Ok(name) = e.name()
                    {
                        names.push(name.to_string());
                    }
                }
            }
            Source::Index(index) => {
                for entry in index.iter() {
                    let path = String::from_utf8_lossy(&entry.path);
                    if let Some(name) = path.strip_prefix(&prefix)
                        && !name.contains('/')
                    {
                        names.push(name.to_string());
                    }
                }
            }
        }
        names.sort();
        Ok(names)
    }

    fn label(&self) -> String {
        self.label.clone()
    }

    fn parse_cache(&self) -> Option<super::ParseCache> {
        Some(super::ParseCache::in_git_dir(self.repo.path()))
    }
}
