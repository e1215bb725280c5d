//! `rapporteur hook install|uninstall`: the git pre-commit hook that checks the
//! edition as the commit would record it (`rapporteur check --staged --quiet`: only
//! errors and the summary line are printed). A marker line says the hook is ours, so
//! that a hook someone else wrote is never overwritten (unless `--force`, which keeps
//! a copy) nor removed.

use std::path::{Path, PathBuf};

use super::repo::Repo;
use crate::error::{Error, Result};
use crate::escape;
use crate::load::file::{Refusal, read_regular};
use crate::write::{Purpose, Target, target, write_atomic};

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

/// The lines of a hook of ours that rapporteur did not write: what the user added.
fn added_lines(text: &str) -> Vec<(usize, &str)> {
    let ours = script("");
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_end();
            // The `exec` line names the workspace folder: any prefix is ours.
            let exec = l.starts_with("exec rapporteur ") && l.ends_with(" check --staged --quiet");
            !(l.is_empty() || exec || ours.lines().any(|o| o == l))
        })
        .map(|(i, l)| (i + 1, l))
        .collect()
}

/// "line 9: `npm test`", for messages.
fn describe_lines(lines: &[(usize, &str)]) -> String {
    let shown: Vec<String> = lines
        .iter()
        .take(3)
        .map(|(n, l)| format!("line {n}: `{}`", escape::one_line(l, 80)))
        .collect();
    let more = match lines.len() {
        0..=3 => String::new(),
        n => format!(" and {} more", n - 3),
    };
    format!("{}{more}", shown.join(", "))
}

/// Where git runs this repository's pre-commit hook, as git itself says (`git config`
/// and `git rev-parse --git-path hooks`: git honours `GIT_CONFIG_GLOBAL`, includes and
/// every scope, which libgit2 does not all read), checked for writing. Refused: a
/// `core.hooksPath` from the global or system configuration (a hooks folder shared by
/// every repository: a hook there would check this edition in every other repository),
/// one that leaves the repository, and a hooks folder reached through a symlink.
pub fn hook_target(root: &Path) -> Result<Target> {
    let repo = Repo::open(root)?;
    let workdir = repo.workdir();
    let scope = git(
        workdir,
        &["config", "--show-scope", "--get", "core.hooksPath"],
    )?;
    match scope
        .as_deref()
        .map(|s| s.split_once('\t').unwrap_or((s, "")))
    {
        None => {
            // git's own hooks folder, shared by the worktrees: inside the git folder.
            let common = repo
                .git()
                .commondir()
                .canonicalize()
                .map_err(|e| Error::io(repo.git().commondir(), e))?;
            target::output(
                &common,
                &common,
                &common.join("hooks/pre-commit"),
                Purpose::Hook,
            )
        }
        Some(("local" | "worktree", _)) => {
            let dir = git(workdir, &["rev-parse", "--git-path", "hooks"])?.unwrap_or_default();
            target::output(
                workdir,
                workdir,
                &Path::new(&dir).join("pre-commit"),
                Purpose::Hook,
            )
        }
        Some((scope, value)) => Err(Error::Usage(format!(
            "core.hooksPath is set in your {scope} git configuration, to `{}`: a hooks folder shared by every repository; rapporteur does not write there, or every commit of every other repository would run this edition's check\n  help: give this repository a hooks folder of its own (`git config core.hooksPath .githooks`) and run `rapporteur hook install` again, or add `rapporteur check --staged --quiet` to that shared hook yourself",
            escape::one_line(value, 200)
        ))),
    }
}

/// Runs git in `dir`; its first line of output, `None` when git exits 1 (a key that is
/// not set).
fn git(dir: &Path, args: &[&str]) -> Result<Option<String>> {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            Error::Git(format!(
                "cannot run git to learn where it runs hooks ({e})\n  help: install git, or put it on PATH"
            ))
        })?;
    match out.status.code() {
        Some(0) => Ok(Some(
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
        )),
        Some(1) => Ok(None),
        _ => Err(Error::Git(format!(
            "`git {}` failed: {}",
            args.join(" "),
            escape::one_line(String::from_utf8_lossy(&out.stderr).trim(), 300)
        ))),
    }
}

/// The pre-commit hook's path for the workspace at `root`.
pub fn hook_path(root: &Path) -> Result<PathBuf> {
    Ok(hook_target(root)?.path().to_path_buf())
}

/// Installs the hook. A hook rapporteur did not write, or one of ours with lines the
/// user added, is refused unless `force`; then it is kept as a backup, and a backup
/// already there is never replaced.
pub fn install(root: &Path, force: bool) -> Result<Installed> {
    let repo = Repo::open(root)?;
    let target = hook_target(root)?;
    let path = target.path().to_path_buf();
    let existing = read_hook(&path)?;
    let added = existing.as_deref().map(added_lines).unwrap_or_default();
    let outcome = match &existing {
        None => Installed::Created(path.clone()),
        Some(text) if is_ours(text) && added.is_empty() => Installed::Updated(path.clone()),
        Some(text) if !force => {
            let what = if is_ours(text) {
                format!(
                    "holds lines you added to rapporteur's hook ({})",
                    describe_lines(&added)
                )
            } else {
                "was not written by rapporteur".into()
            };
            return Err(Error::Usage(format!(
                "{} {what}: it is left as it is\n  help: add `rapporteur check --staged --quiet` to it yourself, or run `rapporteur hook install --force` to replace it (a copy is kept as pre-commit.before-rapporteur)",
                path.display()
            )));
        }
        Some(text) => {
            let backup = keep_backup(&target, text)?;
            Installed::Replaced {
                path: path.clone(),
                backup,
            }
        }
    };
    target::create_folders(&target)?;
    write_atomic(&target, script(repo.prefix()).as_bytes())?;
    make_executable(&path)?;
    Ok(outcome)
}

/// Copies a hook about to be replaced beside it, as `pre-commit.before-rapporteur`, or
/// `….2`, `….3` when that exists with other text: a first backup is never overwritten.
fn keep_backup(hook: &Target, text: &str) -> Result<PathBuf> {
    let path = hook.path();
    let dir = path.parent().unwrap_or(Path::new("."));
    for n in 1..100 {
        let name = match n {
            1 => "pre-commit.before-rapporteur".to_string(),
            n => format!("pre-commit.before-rapporteur.{n}"),
        };
        let candidate = target::output(dir, dir, Path::new(&name), Purpose::Hook)?;
        match read_hook(candidate.path())? {
            Some(kept) if kept == text => return Ok(candidate.path().to_path_buf()),
            Some(_) => continue,
            None => {
                write_atomic(&candidate, text.as_bytes())?;
                return Ok(candidate.path().to_path_buf());
            }
        }
    }
    Err(Error::Usage(format!(
        "{}: 99 backups of earlier hooks are kept there already; nothing was replaced\n  help: remove the ones you no longer need",
        dir.display()
    )))
}

/// Removes the hook if rapporteur wrote it; refuses to remove anyone else's, and ours
/// when the user added lines to it (they would be lost).
pub fn uninstall(root: &Path) -> Result<Uninstalled> {
    let path = hook_path(root)?;
    match read_hook(&path)? {
        None => Ok(Uninstalled::NotInstalled(path)),
        Some(text) if is_ours(&text) => {
            let added = added_lines(&text);
            if !added.is_empty() {
                return Err(Error::Usage(format!(
                    "{} holds lines you added to rapporteur's hook ({}): it is left as it is, so that they are not lost\n  help: remove rapporteur's lines yourself (from `{MARKER}` to `exec rapporteur …`), or delete the file",
                    path.display(),
                    describe_lines(&added)
                )));
            }
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
        assert!(added_lines(&plain).is_empty());
        assert!(added_lines(&sub).is_empty());
        let edited = plain.replace("#!/bin/sh\n", "#!/bin/sh\nnpm test\n");
        assert_eq!(added_lines(&edited), vec![(2, "npm test")]);
    }
}
