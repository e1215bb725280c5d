//! Where a write may land: the one door every writer goes through. A [`Target`] is made
//! only here, and `write_atomic` takes nothing else, so no command can write a path that
//! was not checked.
//!
//! Two kinds of write:
//! - a new output that a command or its user names (`build -o`, `xliff export -o`,
//!   `man --out`, `schema`, `import --into`, the git hook): [`output`]. Its path must stay
//!   inside the repository without passing through any symlink (a committed link could
//!   otherwise aim CI's `build -o report.pdf` at `~/.bashrc`), and land in a part of the
//!   repository that this purpose may write ([`Purpose`]): never `.git/` (but for the
//!   hook), the edition's inputs (`drafts/`, `schemas/`, `templates/`) or the tool's
//!   `src/`.
//! - an input rewritten in place (`check --fix`, `edition next`, `sign-off`,
//!   `translate accept`): [`rewrite`]. The file was read through `load::file`, so a link
//!   inside the repository is followed as the read followed it (the link stays a link,
//!   its target gets the new text); the real file must still not be in `.git/`,
//!   `schemas/`, `templates/` or `src/`.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::file::{kind_of, resolve_for_write};

/// A path checked for writing; see the module's documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    path: PathBuf,
}

impl Target {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Any path, unchecked: for the unit tests of the writers.
    #[cfg(test)]
    pub(crate) fn unchecked(path: impl Into<PathBuf>) -> Target {
        Target { path: path.into() }
    }
}

/// What an output is for, which decides the parts of the repository it may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A document: `build -o`, `xliff export -o`, `man --out`. Anywhere in the
    /// repository but `.git/`, the edition's inputs and the tool's sources.
    Document,
    /// Section files made by `import --into`: `drafts/` or a folder of its own.
    Drafts,
    /// The generated `schemas/*.schema.json`, and nothing else in `schemas/`.
    Schema,
    /// The git pre-commit hook: `.git/hooks/` or a hooks folder of the repository.
    Hook,
}

/// The part of a repository a path lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Git,
    Drafts,
    Schemas,
    Templates,
    Source,
    Other,
}

impl Zone {
    fn of(inside: &Path) -> Zone {
        if inside.components().any(|c| c.as_os_str() == ".git") {
            return Zone::Git;
        }
        match inside.components().next().map(Component::as_os_str) {
            Some(f) if f == "drafts" => Zone::Drafts,
            Some(f) if f == "schemas" => Zone::Schemas,
            Some(f) if f == "templates" => Zone::Templates,
            Some(f) if f == "src" => Zone::Source,
            _ => Zone::Other,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Zone::Git => "it is inside a .git folder, git's own files",
            Zone::Drafts => "drafts/ holds the edition's section files, inputs of every command",
            Zone::Schemas => "schemas/ holds the catalog, an input of every command",
            Zone::Templates => "templates/ holds the templates, inputs of the build",
            Zone::Source => "src/ holds the tool's source code",
            Zone::Other => "",
        }
    }
}

impl Purpose {
    fn may_write(self, zone: Zone, name: &OsStr) -> bool {
        match self {
            Purpose::Document => zone == Zone::Other,
            Purpose::Drafts => matches!(zone, Zone::Drafts | Zone::Other) && !name.is_empty(),
            Purpose::Schema => {
                zone == Zone::Schemas && name.to_str().is_some_and(|n| n.ends_with(".schema.json"))
            }
            Purpose::Hook => matches!(zone, Zone::Git | Zone::Other),
        }
    }

    fn help(self) -> &'static str {
        match self {
            Purpose::Document => {
                "write the document to a new path inside the repository, e.g. `-o report.html` at its root"
            }
            Purpose::Drafts => "import into the repository's drafts folder (the default, `drafts`)",
            Purpose::Schema => {
                "make schemas/*.schema.json regular files of the repository, or remove them"
            }
            Purpose::Hook => {
                "point core.hooksPath at a folder inside the repository (or unset it), then install again"
            }
        }
    }
}

/// Where to write `path` (relative to `base`, or absolute) for `purpose`, in the
/// repository at `root` (canonical, see `load::find_root`). Refused: a path that leaves
/// the repository, passes through a symlink anywhere inside it, names something that is
/// not a regular file, or lands where `purpose` may not write. The folders on the way may
/// be missing (the caller creates them, see [`create_folders`]).
pub fn output(root: &Path, base: &Path, path: &Path, purpose: Purpose) -> Result<Target> {
    checked(root, base, path, purpose, false).map(|path| Target { path })
}

/// [`output`] for a folder that will hold outputs (`import --into`): its real path, made
/// of plain names (the missing ones to be created), inside the repository, where
/// `purpose` may write.
pub fn output_folder(root: &Path, base: &Path, path: &Path, purpose: Purpose) -> Result<PathBuf> {
    checked(root, base, path, purpose, true)
}

fn checked(
    root: &Path,
    base: &Path,
    path: &Path,
    purpose: Purpose,
    folder: bool,
) -> Result<PathBuf> {
    let refuse = |why: String| Error::Invalid {
        location: path.display().to_string(),
        message: format!("not written: {why}"),
        help: purpose.help().into(),
    };
    // The folder the path is relative to is real (a link in it is the user's own way
    // there); the rest is taken name by name, `..` included, and none may be a link.
    let base = base
        .canonicalize()
        .map_err(|e| refuse(format!("its folder {} cannot be used: {e}", base.display())))?;
    let mut full = PathBuf::new();
    for component in base.join(path).components() {
        match component {
            Component::ParentDir => {
                full.pop();
            }
            Component::CurDir => {}
            other => full.push(other),
        }
    }
    let Ok(inside) = full.strip_prefix(root) else {
        return Err(refuse(format!(
            "it is outside the repository {}; rapporteur writes only inside it",
            root.display()
        )));
    };
    let name = match inside.file_name() {
        Some(name) => name,
        None if folder => OsStr::new(""),
        None => return Err(refuse("it names no file".into())),
    };
    let zone = Zone::of(inside);
    if !purpose.may_write(zone, name) {
        return Err(refuse(match zone {
            Zone::Other => format!("{} is not a place for this file", inside.display()),
            _ => zone.describe().into(),
        }));
    }
    let mut walked = root.to_path_buf();
    let count = inside.components().count();
    for (i, component) in inside.components().enumerate() {
        walked.push(component);
        let meta = match std::fs::symlink_metadata(&walked) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => return Err(Error::io(&walked, e)),
        };
        let shown = walked.strip_prefix(root).unwrap_or(&walked).display();
        let file_type = meta.file_type();
        if file_type.is_symlink() {
            return Err(refuse(format!(
                "{shown} is a symlink; rapporteur never writes through a link, and it is left as it is"
            )));
        }
        let last = i + 1 == count && !folder;
        if last && !file_type.is_file() || !last && !file_type.is_dir() {
            return Err(refuse(format!(
                "{shown} is {}; rapporteur replaces only regular files, and it is left as it is",
                kind_of(file_type)
            )));
        }
    }
    Ok(full)
}

/// Where to write back a file of the repository that was read through `load::file`
/// (`path` relative to `root`, or absolute): its real path, a link inside the repository
/// followed as the read followed it. Refused outside the repository, on what is not a
/// regular file, and in `.git/`, `schemas/`, `templates/` or `src/`, which no rewrite
/// touches.
pub fn rewrite(root: &Path, path: &Path) -> Result<Target> {
    let shown = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let refuse = |why: String| Error::Invalid {
        location: shown.clone(),
        message: format!("not written: {why}"),
        help: "make it a regular file of the repository's drafts, or remove it".into(),
    };
    let real = resolve_for_write(root, path).map_err(|refusal| refuse(refusal.to_string()))?;
    let inside = real.strip_prefix(root).unwrap_or(&real);
    match Zone::of(inside) {
        Zone::Drafts | Zone::Other => Ok(Target { path: real }),
        zone => Err(refuse(format!(
            "it resolves to {}: {}",
            inside.display(),
            zone.describe()
        ))),
    }
}

/// Creates the missing folders on the way to `target` (checked by [`output`]: none of
/// them is a link, all are inside the repository).
pub fn create_folders(target: &Target) -> Result<()> {
    match target.path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))
        }
        _ => Ok(()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn repo() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for d in [
            "drafts/fr",
            "schemas",
            "templates",
            "src",
            ".git/hooks",
            "dist",
        ] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("drafts/fr/a.md"), "a").unwrap();
        (dir, root)
    }

    #[test]
    fn documents_go_anywhere_inside_but_inputs_git_and_sources() {
        let (_dir, root) = repo();
        let ok = |p: &str| output(&root, &root, Path::new(p), Purpose::Document);
        assert_eq!(ok("report.html").unwrap().path(), root.join("report.html"));
        assert_eq!(ok("dist/x.pdf").unwrap().path(), root.join("dist/x.pdf"));
        assert_eq!(
            output(
                &root,
                &root.join("dist"),
                Path::new("../y.txt"),
                Purpose::Document
            )
            .unwrap()
            .path(),
            root.join("y.txt")
        );
        for bad in [
            "drafts/fr/a.md",
            "drafts/new.txt",
            "schemas/x",
            "templates/report.txt.j2",
            "src/lib.rs",
            ".git/config",
            "dist/.git/x",
            "../outside.txt",
            "/tmp/outside.txt",
            "dist",
        ] {
            assert!(ok(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn no_link_is_followed_anywhere_on_the_path() {
        let (_dir, root) = repo();
        let outside = tempfile::tempdir().unwrap();
        symlink(outside.path(), root.join("linked")).unwrap();
        symlink(root.join("drafts/fr/a.md"), root.join("a.html")).unwrap();
        symlink(root.join("dist"), root.join("dist-link")).unwrap();
        for bad in ["linked/x.html", "a.html", "dist-link/x.html"] {
            let err = output(&root, &root, Path::new(bad), Purpose::Document).unwrap_err();
            assert!(err.to_string().contains("symlink"), "{bad}: {err}");
        }
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }

    #[test]
    fn each_purpose_has_its_zone() {
        let (_dir, root) = repo();
        let at = |p: &str, purpose| output(&root, &root, Path::new(p), purpose);
        assert!(at("schemas/section.schema.json", Purpose::Schema).is_ok());
        assert!(at("schemas/domains.yaml", Purpose::Schema).is_err());
        assert!(at("drafts/fr/01-x.md", Purpose::Drafts).is_ok());
        assert!(at("other/fr/01-x.md", Purpose::Drafts).is_ok());
        for bad in [
            ".git/fr/x.md",
            "templates/fr/x.md",
            "schemas/fr/x.md",
            "src/fr/x.md",
        ] {
            assert!(at(bad, Purpose::Drafts).is_err(), "{bad}");
        }
        assert!(at(".git/hooks/pre-commit", Purpose::Hook).is_ok());
        assert!(at(".githooks/pre-commit", Purpose::Hook).is_ok());
        assert!(at("/etc/pre-commit", Purpose::Hook).is_err());
    }

    #[test]
    fn a_rewrite_follows_a_link_inside_but_never_into_git() {
        let (_dir, root) = repo();
        std::fs::write(root.join(".git/config"), "x").unwrap();
        symlink("../../.git/config", root.join("drafts/fr/b.md")).unwrap();
        std::fs::create_dir(root.join("shared")).unwrap();
        std::fs::write(root.join("shared/c.md"), "c").unwrap();
        symlink("../../shared/c.md", root.join("drafts/fr/c.md")).unwrap();
        assert!(rewrite(&root, Path::new("drafts/fr/b.md")).is_err());
        assert_eq!(
            rewrite(&root, Path::new("drafts/fr/c.md")).unwrap().path(),
            root.join("shared/c.md")
        );
        assert_eq!(
            rewrite(&root, &root.join("drafts/fr/a.md")).unwrap().path(),
            root.join("drafts/fr/a.md")
        );
    }
}
