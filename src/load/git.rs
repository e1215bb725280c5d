//! Git as a [`Tree`]: an edition read straight from the object store at a revision (tag,
//! branch, commit) or from the index (what a commit would contain), without a checkout.
//! `check --staged` reads the index; `diff` reads revisions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

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
    /// Blobs shared with other trees of the same repository (see [`SharedBlobs`]).
    shared: Option<Arc<SharedBlobs>>,
}

/// The blobs that several trees of one repository read, each inflated once: the two
/// sides of a diff hold most files unchanged (a year's edition rewrites a few sections),
/// and inflating a blob is most of reading it. A blob is kept until a second tree has
/// taken its copy; the tree that reads it first inflates it while the other waits, so
/// that none is inflated twice.
#[derive(Default)]
pub struct SharedBlobs {
    blobs: Mutex<HashMap<(Oid, u32), SharedBlob>>,
}

/// A blob's bytes, or why it cannot be read (as [`Tree::read`] says it).
type BlobRead = std::result::Result<Vec<u8>, String>;
/// A blob of the shared table, by object id and file mode: filled by the first reader.
type SharedBlob = Arc<OnceLock<BlobRead>>;

enum Source {
    Tree(Oid),
    Index(git2::Index),
}

/// Symlinks in git have this file mode.
const MODE_SYMLINK: u32 = 0o120000;
/// Submodules (a commit in the tree) have this one.
const MODE_GITLINK: u32 = 0o160000;

const FOLDER: &str = "it is a folder, not a file";

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
            shared: None,
        })
    }

    /// This tree, sharing the blobs it reads with the other trees given `shared`.
    pub fn sharing(mut self, shared: Arc<SharedBlobs>) -> Self {
        self.shared = Some(shared);
        self
    }

    /// The tree of `revision` in the repository this one reads, opened afresh (a
    /// `Repository` is not shared between trees) without searching for it again.
    pub fn sibling(&self, revision: &str) -> Result<Self> {
        let repo = Repository::open(self.repo.path()).map_err(|e| {
            Error::Git(format!("cannot open the repository again: {}", e.message()))
        })?;
        let oid = Self::resolve(&repo, revision)?;
        Ok(GitTree {
            repo,
            source: Source::Tree(oid),
            prefix: self.prefix.clone(),
            label: revision.to_string(),
            shared: None,
        })
    }

    /// [`sibling`](Self::sibling), sharing with this tree the blobs it reads (see
    /// [`sharing`](Self::sharing)): `check --staged` reads HEAD beside the index, and
    /// most of their files are the same blobs.
    pub fn sibling_sharing(&self, revision: &str) -> Result<Self> {
        let mut tree = self.sibling(revision)?;
        tree.shared = self.shared.clone();
        Ok(tree)
    }

    /// The repository this tree reads.
    pub fn repository(&self) -> &Repository {
        &self.repo
    }

    fn resolve(repo: &Repository, revision: &str) -> Result<Oid> {
        let object = repo.revparse_single(revision).map_err(|e| {
            Error::Git(format!(
                "unknown revision `{revision}`: {}\n  help: give a tag, branch or commit of this repository (`git tag` lists the tags; a clone made without tags gets them with `git fetch --tags`)",
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
            Some(path) => git2::Index::open(Path::new(&path))
                .map_err(|e| index_error(Path::new(&path), &e))?,
            None => repo
                .index()
                .map_err(|e| index_error(&repo.path().join("index"), &e))?,
        };
        Ok(GitTree {
            repo,
            source: Source::Index(index),
            prefix,
            label: "index".to_string(),
            shared: None,
        })
    }

    /// The object id of every file under the workspace folders `folders` (`drafts`,
    /// `schemas`), by path relative to the workspace, sorted: what a revision's or the
    /// index's edition is made of, read from the tree or the index alone (no blob is
    /// read). Two trees with the same ids hold the same edition.
    pub fn file_ids(&self, folders: &[&str]) -> Result<Vec<(String, Oid)>> {
        let mut out = Vec::new();
        match &self.source {
            Source::Index(index) => {
                for entry in index.iter() {
                    let path = String::from_utf8_lossy(&entry.path);
                    let Some(rel) = path.strip_prefix(&self.prefix) else {
                        continue;
                    };
                    if folders
                        .iter()
                        .any(|f| rel.strip_prefix(f).is_some_and(|r| r.starts_with('/')))
                    {
                        out.push((rel.to_string(), entry.id));
                    }
                }
            }
            Source::Tree(oid) => self.tree_file_ids(*oid, folders, &mut out)?,
        }
        out.sort();
        Ok(out)
    }

    /// [`file_ids`](Self::file_ids) of another revision of this tree's repository, read
    /// without opening the repository again; `None` when the revision does not resolve
    /// (a repository without a commit has no HEAD).
    pub fn file_ids_at(
        &self,
        revision: &str,
        folders: &[&str],
    ) -> Result<Option<Vec<(String, Oid)>>> {
        let Ok(oid) = Self::resolve(&self.repo, revision) else {
            return Ok(None);
        };
        let mut out = Vec::new();
        self.tree_file_ids(oid, folders, &mut out)?;
        out.sort();
        Ok(Some(out))
    }

    fn tree_file_ids(
        &self,
        oid: Oid,
        folders: &[&str],
        out: &mut Vec<(String, Oid)>,
    ) -> Result<()> {
        let tree = self
            .repo
            .find_tree(oid)
            .map_err(|e| Error::Git(e.message().to_string()))?;
        for folder in folders {
            let Ok(entry) = tree.get_path(Path::new(&self.full(folder))) else {
                continue;
            };
            let Ok(sub) = self.repo.find_tree(entry.id()) else {
                continue;
            };
            sub.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
                if e.kind() != Some(ObjectType::Tree)
                    && let Ok(name) = e.name()
                {
                    out.push((format!("{folder}/{dir}{name}"), e.id()));
                }
                git2::TreeWalkResult::Ok
            })
            .map_err(|e| Error::Git(e.message().to_string()))?;
        }
        Ok(())
    }

    fn full(&self, path: &str) -> String {
        format!("{}{}", self.prefix, path)
    }

    fn blob(&self, oid: Oid, mode: u32) -> BlobRead {
        let Some(shared) = &self.shared else {
            return self.read_blob(oid, mode);
        };
        let cell = {
            let mut blobs = shared.blobs.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(blobs.entry((oid, mode)).or_default())
        };
        let mut inflated_here = false;
        let read = cell
            .get_or_init(|| {
                inflated_here = true;
                self.read_blob(oid, mode)
            })
            .clone();
        if !inflated_here {
            // The second reader: the tree that inflated it has its copy already.
            let mut blobs = shared.blobs.lock().unwrap_or_else(PoisonError::into_inner);
            blobs.remove(&(oid, mode));
        }
        read
    }

    fn read_blob(&self, oid: Oid, mode: u32) -> BlobRead {
        if mode == MODE_SYMLINK {
            return Err("the file is a symlink in git; rapporteur reads only regular files".into());
        }
        if mode == MODE_GITLINK {
            return Err("it is a submodule, not a regular file".into());
        }
        // The size from the object's header, before the object is loaded: a 200 MB blob
        // is refused without reading it.
        let (size, kind) = self
            .repo
            .odb()
            .and_then(|odb| odb.read_header(oid))
            .map_err(|e| e.message().to_string())?;
        if kind != ObjectType::Blob {
            return Err("it is not a file in git".into());
        }
        if size as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "file is {size} bytes, more than the {} MiB rapporteur reads",
                MAX_FILE_BYTES / (1024 * 1024)
            ));
        }
        let blob = self
            .repo
            .find_blob(oid)
            .map_err(|e| e.message().to_string())?;
        Ok(blob.content().to_vec())
    }
}

/// Whether the index holds files under `path/`.
fn index_has_folder(index: &git2::Index, path: &str) -> bool {
    let prefix = format!("{}/", path.trim_end_matches('/'));
    index
        .iter()
        .any(|entry| entry.path.starts_with(prefix.as_bytes()))
}

/// Why the index cannot be read. libgit2 says that a corrupt index "no longer exists";
/// when the file is there, it is corrupt (or unreadable), and that is what to say.
fn index_error(path: &Path, error: &git2::Error) -> Error {
    if path.exists() {
        Error::Git(format!(
            "the index {} is corrupt or unreadable ({})\n  help: `git status` shows the same; `git read-tree HEAD` (or removing the file, then `git reset`) rebuilds it from the last commit, keeping the work tree",
            path.display(),
            error.message()
        ))
    } else {
        Error::Git(format!(
            "cannot read the index {}: {}",
            path.display(),
            error.message()
        ))
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
    let (_, prefix) = workspace_prefix(&repo, root)?;
    Ok((repo, prefix))
}

/// The work tree of `repo` (canonical), and the workspace root `root` relative to it
/// (`""` or `report/`): paths stay relative to the workspace even when it is a
/// sub-folder of the repository. An error for a bare repository.
pub fn workspace_prefix(repo: &Repository, root: &Path) -> Result<(PathBuf, String)> {
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
    Ok((workdir, prefix))
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
                if entry.kind() == Some(ObjectType::Tree) {
                    return Err(FOLDER.into());
                }
                self.blob(entry.id(), entry.filemode() as u32).map(Some)
            }
            Source::Index(index) => match index.get_path(Path::new(&full), 0) {
                Some(entry) => self.blob(entry.id, entry.mode).map(Some),
                // The index holds files only; files under the path make it a folder.
                None if index_has_folder(index, &full) => Err(FOLDER.into()),
                None => Ok(None),
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
                // Folders too, as in the work tree: `read` refuses them.
                for e in sub.iter() {
                    if let Ok(name) = e.name() {
                        names.push(name.to_string());
                    }
                }
            }
            Source::Index(index) => {
                for entry in index.iter() {
                    let path = String::from_utf8_lossy(&entry.path);
                    if let Some(name) = path.strip_prefix(&prefix) {
                        // A file deeper down makes its first folder an entry here.
                        let name = name.split('/').next().unwrap_or(name);
                        names.push(name.to_string());
                    }
                }
            }
        }
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn label(&self) -> String {
        self.label.clone()
    }

    fn at_revision(&self, revision: &str) -> Option<Result<Box<dyn Tree>>> {
        Some(
            self.sibling(revision)
                .map(|tree| Box::new(tree) as Box<dyn Tree>),
        )
    }

    fn parse_cache(&self) -> Option<super::ParseCache> {
        Some(super::ParseCache::in_git_dir(self.repo.path()))
    }
}
