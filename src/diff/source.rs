//! Where the two sides of a diff come from: a git revision (read from the object store,
//! no checkout) or a folder holding a workspace. A side is read as history, as the diff
//! needs it (`load_edition_for_diff`: the domain catalog, not the registry and termbase,
//! and not its own previous edition).

use std::path::Path;

use crate::error::{Error, Result};
use std::sync::Arc;

use crate::load::{
    Edition, GitTree, REPORT_FILE, SharedBlobs, Tree, WorkTree, load_edition_for_diff,
};

/// The label of the work tree as a side of a diff (renderers show it in words).
pub const WORK_TREE: &str = "work tree";

/// The label of the old side of `diff --since-signoff`: each section as signed off.
pub const SIGNOFFS: &str = "sign-offs";

/// An edition and how to name it.
pub struct Loaded {
    pub label: String,
    pub edition: Edition,
}

impl Loaded {
    /// The edition loaded, its words counted: the side of a diff loaded on a thread of
    /// its own counts them there, in parallel with the other side.
    fn counted(label: &str, edition: Edition) -> Loaded {
        for section in &edition.sections {
            section.word_counts();
        }
        Loaded {
            label: label.to_string(),
            edition,
        }
    }
}

/// Loads one side of a diff. `spec` is a folder (relative to `cwd`) holding
/// `drafts/report.yaml`, or else a revision of the repository holding `root`, whose
/// blobs are shared with the other side when `shared` is given (each file that both
/// revisions hold unchanged is then inflated once).
pub fn load_side(
    root: &Path,
    cwd: &Path,
    spec: &str,
    shared: Option<Arc<SharedBlobs>>,
) -> Result<Loaded> {
    let folder = cwd.join(spec);
    if folder.is_dir() {
        if !folder.join(REPORT_FILE).is_file() {
            return Err(Error::Usage(format!(
                "{spec}: this folder holds no edition (no {REPORT_FILE})\n  help: give a workspace root, or a tag, branch or commit"
            )));
        }
        let folder = folder.canonicalize().map_err(|e| Error::io(&folder, e))?;
        let tree = WorkTree::new(folder);
        return Ok(Loaded::counted(spec, load_edition_for_diff(&tree)?));
    }
    let tree = GitTree::revision(root, spec).map_err(|e| {
        // `./old` or `../edition-10` is meant as a folder: say that it is missing, not
        // that git cannot parse it as a revision.
        if spec.starts_with(['.', '/', '~']) || spec.ends_with('/') {
            Error::Usage(format!(
                "{spec}: no such folder\n  help: give a folder holding a workspace (with {REPORT_FILE}), or a tag, branch or commit"
            ))
        } else if spec.contains('/') {
            Error::Usage(format!(
                "`{spec}` is neither a folder nor a revision of this repository\n  help: give a folder holding a workspace (with {REPORT_FILE}), or a tag, branch or commit (`git tag` lists the tags)"
            ))
        } else {
            e
        }
    })?;
    let tree = match shared {
        Some(shared) => tree.sharing(shared),
        None => tree,
    };
    if tree.read(REPORT_FILE).ok().flatten().is_none() {
        return Err(Error::Usage(format!(
            "revision `{spec}` holds no edition (no {REPORT_FILE} there)\n  help: give a revision made after the report moved to rapporteur"
        )));
    }
    Ok(Loaded::counted(spec, load_edition_for_diff(&tree)?))
}

/// Loads the edition `previous:` names in drafts/report.yaml: a revision, or a folder of
/// the repository (relative to its root). A file anyone can commit to must not send
/// `diff` and `status` to read, print and cache another workspace of the machine: a
/// folder that resolves outside the repository (`/abs/path`, `../x`, a link) is refused.
pub fn load_previous(root: &Path, spec: &str, shared: Option<Arc<SharedBlobs>>) -> Result<Loaded> {
    let folder = root.join(spec);
    if folder.is_dir() {
        let real = folder.canonicalize().map_err(|e| Error::io(&folder, e))?;
        if !real.starts_with(root) {
            return Err(Error::Usage(format!(
                "`previous: {}` names a folder outside the repository ({}); rapporteur reads only inside it\n  help: name the previous edition's tag (e.g. `previous: edition-10`), or a folder inside the repository",
                crate::escape::one_line(spec, 200),
                real.display()
            )));
        }
    } else if spec.starts_with('/') || spec.split(['/', '\\']).any(|part| part == "..") {
        return Err(Error::Usage(format!(
            "`previous: {}` names no folder of the repository\n  help: name the previous edition's tag (e.g. `previous: edition-10`), or a folder inside the repository",
            crate::escape::one_line(spec, 200)
        )));
    }
    load_side(root, root, spec, shared)
}

/// The work tree of the workspace at `root`.
pub fn load_work_tree(root: &Path) -> Result<Loaded> {
    Ok(Loaded::counted(
        WORK_TREE,
        load_edition_for_diff(&WorkTree::new(root))?,
    ))
}
