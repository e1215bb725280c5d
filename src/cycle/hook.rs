//! `rapporteur hook install|uninstall`: the git pre-commit hook that checks the
//! edition as the commit would record it (`rapporteur check --staged --quiet`: only
//! errors and the summary line are printed). A marker line says the hook is ours, so
//! that a hook someone else wrote is never overwritten (unless `--force`, which keeps
//! a copy) nor removed.

use std::path::{Path, PathBuf};

use super::repo::Repo;
use crate::error::{Error, Result};
use crate::load::file::{Refusal, read_regular};
use crate::write::write_atomic;

/// The line that identifies a hook written by rapporteur.
pub const MARKER: &str = "# rapporteur-hook: pre-commit";

/// What `hook install` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// A new hook.
    Created(PathBuf),
    /// Our own hook, rewritten (the same or an older version).
    Updated(PathBuf),
    /// Someone else's hook, replaced (`--force`); the old one is kept at `backup`.
    Replaced { path: PathBuf, backup: PathBuf },
}

/// What `hook uninstall` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uninstalled {
    Removed(PathBuf),
    /// There was no pre-commit hook.
    NotInstalled(PathBuf),
}

/// The hook's script for a workspace at `prefix` in its repository (`""`,
/// `report/`). Git runs pre-commit hooks from the top of the work tree.
pub fn script(prefix: &str) -> String {
    let dir = prefix.trim_end_matches('/');
    let target = if dir.is_empty() {
        String::new()
    } else {
        format!("-C '{}' ", dir.replace('\'', "'\\''"))
    };
    format!(
        "#!/bin/sh\n\
{MARKER}\n\
# Written by `rapporteur hook install`; `rapporteur hook uninstall` removes it.\n\
# Checks the edition as this commit would record it; prints only errors.\n\
if ! command -v rapporteur >/dev/null 2>&1; then\n\
  echo \"pre-commit: rapporteur is not on PATH. Install it (cargo install --path . --locked, in the rapporteur repository) or remove $0\" >&2\n\
  exit 1\n\
fi\n\
exec rapporteur {target}check --staged --quiet\n"
    )
}

fn is_ours(text: &str) -> bool {
    text.lines().any(|l| l.trim_end() == MARKER)
}

/// The pre-commit hook's path for the workspace at `root`.
pub fn hook_path(root: &Path) -> Result<PathBuf> {
    Ok(Repo::open(root)?.hooks_dir()?.join("pre-commit"))
}

/// Installs the hook. A hook rapporteur did not write is refused unless `force`.
pub fn install(root: &Path, force: bool) -> Result<Installed> {
    let repo = Repo::open(root)?;
    let dir = repo.hooks_dir()?;
    let path = dir.join("pre-commit");
    let existing = read_hook(&path)?;
    let outcome = match &existing {
        None => Installed::Created(path.clone()),
        Some(text) if is_ours(text) => Installed::Updated(path.clone()),
        Some(_) if !force => {
            return Err(Error::Usage(format!(
                "{} exists and was not written by rapporteur: it is left as it is\n  help: add `rapporteur check --staged --quiet` to it yourself, or run `rapporteur hook install --force` to replace it (a copy is kept as pre-commit.before-rapporteur)",
                path.display()
            )));
        }
        Some(text) => {
            let backup = dir.join("pre-commit.before-rapporteur");
            write_atomic(&backup, text.as_bytes())?;
            Installed::Replaced {
                path: path.clone(),
                backup,
            }
        }
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    write_atomic(&path, script(repo.prefix()).as_bytes())?;
    make_executable(&path)?;
    Ok(outcome)
}

/// Removes the hook if rapporteur wrote it; refuses to remove anyone else's.
pub fn uninstall(root: &Path) -> Result<Uninstalled> {
    let path = hook_path(root)?;
    match read_hook(&path)? {
        None => Ok(Uninstalled::NotInstalled(path)),
        Some(text) if is_ours(&text) => {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            Ok(Uninstalled::Removed(path))
        }
        Some(_) => Err(Error::Usage(format!(
            "{} was not written by rapporteur: it is left as it is\n  help: edit or remove it yourself",
            path.display()
        ))),
    }
}

/// The largest hook file read: a shell script, not a data file.
const MAX_HOOK_BYTES: u64 = 1024 * 1024;

/// The hook's text, `None` when there is none. A hook that is not UTF-8 text is
/// someone else's.
fn read_hook(path: &Path) -> Result<Option<String>> {
    match read_regular(path, MAX_HOOK_BYTES) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(Refusal::Missing) => Ok(None),
        Err(
            refusal @ (Refusal::NotRegular(_) | Refusal::BrokenLink | Refusal::TooLarge { .. }),
        ) => Err(Error::Usage(format!(
            "{}: {refusal}: it is not a hook rapporteur wrote, and it is left as it is\n  help: move or remove it yourself, then run the command again",
            path.display()
        ))),
        Err(refusal) => Err(Error::Usage(format!("{}: {refusal}", path.display()))),
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_names_the_workspace_folder() {
        let plain = script("");
        assert!(plain.contains("exec rapporteur check --staged --quiet\n"));
        assert!(is_ours(&plain));
        let sub = script("my report/");
        assert!(sub.contains("exec rapporteur -C 'my report' check --staged --quiet\n"));
        assert!(!is_ours("#!/bin/sh\nexec rapporteur check --staged\n"));
    }
}
