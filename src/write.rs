//! Writing files without ever leaving one half-written: a temporary file in the same
//! folder, flushed, then renamed over the target. Used by `import`, `check --fix`,
//! `schema` and `build -o`.
//!
//! Temporary files are named `.rapporteur-XXXXXX.tmp` ([`is_temporary`]): the loader never
//! takes one for a section, and a stray one is easy to recognise. Each is removed when
//! the write fails, and on SIGINT or SIGTERM: the binary calls [`remove_temporaries`]
//! from its signal thread. A symlink is written through (the link stays, its target gets
//! the new content); what is not a regular file (a folder, a FIFO, a device) is never
//! replaced.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::load::MAX_FILE_BYTES;
use crate::load::file::{Refusal, kind_of, read_regular};

const TEMPORARY_PREFIX: &str = ".rapporteur-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// The temporary files being written now, for [`remove_temporaries`].
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Whether a file name is one of rapporteur's temporary files.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX)
}

/// Removes the temporary files of writes in progress, for a process about to exit on a
/// signal: those writes never complete, their targets keep their old content. No
/// temporary file is created after this call (a write started afterwards waits for the
/// exit), so none is left behind.
pub fn remove_temporaries() {
    let mut live = LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    for path in live.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    // Keep the list locked for good: `Temporary::new_in` creates files under this lock.
    std::mem::forget(live);
}

/// Replaces `path` by `content` atomically: readers see the old or the new file, never a
/// mix, and a failure leaves the old file as it was.
pub fn write_atomic(path: &Path, content: &[u8]) -> Result<()> {
    write_replacing(path, content, None)
}

/// [`write_atomic`], unless the file no longer holds `expected` just before the rename
/// (someone saved it meanwhile): then nothing is written and the error says so.
pub fn write_atomic_if_unchanged(path: &Path, expected: &[u8], content: &[u8]) -> Result<()> {
    write_replacing(path, content, Some(expected))
}

fn write_replacing(path: &Path, content: &[u8], expected: Option<&[u8]>) -> Result<()> {
    let target = real_target(path)?;
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = Temporary::new_in(dir).map_err(|e| {
        let e = if e.kind() == std::io::ErrorKind::NotFound && !dir.is_dir() {
            std::io::Error::new(
                e.kind(),
                format!("the folder {} does not exist", dir.display()),
            )
        } else {
            without_temporary_path(e)
        };
        Error::io(path, e)
    })?;
    let result = fill(&mut tmp, path, &target, content, expected);
    if result.is_err() {
        forget(&tmp.path);
        // `tmp` is dropped here: the temporary file is removed.
        return result;
    }
    tmp.persist(&target)
        .map_err(|e| Error::io(path, without_temporary_path(e)))
}

/// Writes the temporary file and, when asked, checks that the target still holds what it
/// held when it was read.
fn fill(
    tmp: &mut Temporary,
    path: &Path,
    target: &Path,
    content: &[u8],
    expected: Option<&[u8]>,
) -> Result<()> {
    let file = tmp.file.as_file_mut();
    file.write_all(content).map_err(|e| Error::io(path, e))?;
    // The temporary file is created private (0600); a rewritten file keeps the mode it had,
    // a new one gets the usual mode of a document (rw-r--r--), as `git checkout` would.
    let permissions = match std::fs::metadata(target) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => new_file_permissions(),
    };
    if let Some(permissions) = permissions {
        file.set_permissions(permissions)
            .map_err(|e| Error::io(path, e))?;
    }
    file.sync_all().map_err(|e| Error::io(path, e))?;
    pause_for_tests();
    if let Some(expected) = expected {
        let now = match read_regular(target, MAX_FILE_BYTES) {
            Ok(bytes) => Some(bytes),
            Err(Refusal::Missing) => None,
            Err(refusal) => {
                return Err(Error::Invalid {
                    location: path.display().to_string(),
                    message: format!("cannot read the file again before replacing it: {refusal}"),
                    help: "nothing was written to it; check the file, then run the command again"
                        .into(),
                });
            }
        };
        if now.as_deref() != Some(expected) {
            return Err(Error::Changed {
                path: path.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// tempfile adds the temporary file's name to its errors (`… at path "/dir/.tmpXy12"`):
/// a name the user never chose, of a file that is gone. Messages name the file being
/// written; this keeps the system's reason only.
fn without_temporary_path(error: std::io::Error) -> std::io::Error {
    let message = error.to_string();
    match message.find(" at path \"") {
        Some(i) => std::io::Error::new(error.kind(), &message[..i]),
        None => error,
    }
}

/// The folders holding the edition's inputs, relative to the repository root: `build -o`
/// never writes into them.
const INPUT_FOLDERS: [&str; 3] = ["drafts", "schemas", "templates"];

/// Where `build -o PATH` may write: `path` (relative to the current folder `cwd`, or
/// absolute), resolved as a write resolves it (a symlink to its target). Refused: the
/// edition's own files and folders (`drafts/`, `schemas/`, `templates/` of the repository
/// at `root`), anything in a `.git` folder, and an existing path that is not a regular
/// file (a folder, a device such as `/dev/null`, a FIFO). Outside the repository is
/// allowed: the output is the user's to place, like a shell redirection.
pub fn output_target(root: &Path, cwd: &Path, path: &Path) -> Result<PathBuf> {
    let given = cwd.join(path);
    let refuse = |why: String| Error::Invalid {
        location: path.display().to_string(),
        message: format!("build refuses to write here: {why}"),
        help: "write the document elsewhere, e.g. `-o report.html` at the repository root".into(),
    };
    // The real place: the final symlink followed, the folder resolved.
    let target = real_target(&given).map_err(|e| refuse(error_reason(&e)))?;
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Err(refuse("it names no file".into()));
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let parent = parent
        .canonicalize()
        .map_err(|e| refuse(format!("its folder cannot be used: {e}")))?;
    let real = parent.join(name);
    if real.components().any(|c| c.as_os_str() == ".git") {
        return Err(refuse("it is inside a .git folder".into()));
    }
    if let Ok(inside) = real.strip_prefix(root)
        && let Some(first) = inside.components().next()
        && INPUT_FOLDERS.iter().any(|f| first.as_os_str() == *f)
    {
        return Err(refuse(format!(
            "{} is one of the edition's inputs (drafts/, schemas/, templates/)",
            inside.display()
        )));
    }
    Ok(real)
}

/// The reason of a refusal made by [`real_target`], without the location.
fn error_reason(error: &Error) -> String {
    match error {
        Error::Invalid { message, .. } => message
            .strip_prefix("not written: ")
            .unwrap_or(message)
            .to_string(),
        other => other.to_string(),
    }
}

/// The file a write to `path` replaces: `path` itself, or the target of the symlink it
/// is. Anything but a regular file (or nothing) is refused.
fn real_target(path: &Path) -> Result<PathBuf> {
    let refuse = |why: String| Error::Invalid {
        location: path.display().to_string(),
        message: format!("not written: {why}"),
        help: "give the path of a regular file, or of a new file in an existing folder".into(),
    };
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let (target, meta) = if meta.file_type().is_symlink() {
        let target = path
            .canonicalize()
            .map_err(|_| refuse("it is a symlink to a file that does not exist".into()))?;
        let meta = std::fs::metadata(&target).map_err(|e| Error::io(&target, e))?;
        (target, meta)
    } else {
        (path.to_path_buf(), meta)
    };
    if !meta.file_type().is_file() {
        return Err(refuse(format!(
            "it is {}; rapporteur replaces only regular files",
            kind_of(meta.file_type())
        )));
    }
    Ok(target)
}

/// A temporary file being written, listed in [`LIVE`] while it exists. Dropped without
/// being persisted, it is removed.
struct Temporary {
    path: PathBuf,
    file: tempfile::NamedTempFile,
}

impl Temporary {
    fn new_in(dir: &Path) -> std::io::Result<Self> {
        // Created and listed under the lock, so that `remove_temporaries` sees every one.
        let mut live = LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let file = tempfile::Builder::new()
            .prefix(TEMPORARY_PREFIX)
            .suffix(TEMPORARY_SUFFIX)
            .tempfile_in(dir)?;
        let path = file.path().to_path_buf();
        live.push(path.clone());
        Ok(Temporary { path, file })
    }

    fn persist(self, target: &Path) -> std::io::Result<()> {
        let Temporary { path, file } = self;
        // On failure the temporary file comes back in the error and is removed with it.
        let result = file.persist(target).map(|_| ()).map_err(|e| e.error);
        forget(&path);
        result
    }
}

fn forget(path: &Path) {
    let mut live = LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    live.retain(|p| p != path);
}

/// Debug builds only: wait before the rename, so that tests can edit a file or send a
/// signal while a write is in progress.
fn pause_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("RAPPORTEUR_TEST_PAUSE_BEFORE_RENAME_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere temporary files are not created private: nothing to widen.
#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn new_files_are_readable_and_rewritten_files_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.html");
        write_atomic(&new, b"a").unwrap();
        assert_eq!(
            std::fs::metadata(&new).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomic(&new, b"b").unwrap();
        assert_eq!(
            std::fs::metadata(&new).unwrap().permissions().mode() & 0o777,
            0o664
        );
        assert_eq!(std::fs::read(&new).unwrap(), b"b");
    }

    #[test]
    fn links_stay_links_and_special_files_are_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.md");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");

        let folder = dir.path().join("folder.md");
        std::fs::create_dir(&folder).unwrap();
        let err = write_atomic(&folder, b"x").unwrap_err().to_string();
        assert!(err.contains("a folder"), "{err}");
        assert!(folder.is_dir());

        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| is_temporary(n)), "{names:?}");
    }

    #[test]
    fn a_file_changed_meanwhile_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "edited by someone").unwrap();
        let err = write_atomic_if_unchanged(&path, b"as loaded", b"fixed").unwrap_err();
        assert!(matches!(err, Error::Changed { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"edited by someone");
        write_atomic_if_unchanged(&path, b"edited by someone", b"fixed").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"fixed");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn errors_name_the_target_never_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // The test's own folder is a temporary one too: look past it.
        let own = |m: &str| m.replace(&dir.path().display().to_string(), "DIR");
        let missing = dir.path().join("no-such-folder").join("report.html");
        let message = write_atomic(&missing, b"a").unwrap_err().to_string();
        assert!(
            message.starts_with(&missing.display().to_string()),
            "{message}"
        );
        assert!(message.contains("does not exist"), "{message}");
        assert!(!own(&message).contains(".tmp"), "{message}");
        // A folder as the target: the rename fails.
        let folder = dir.path().join("folder");
        std::fs::create_dir(&folder).unwrap();
        let message = write_atomic(&folder, b"a").unwrap_err().to_string();
        assert!(
            message.starts_with(&folder.display().to_string()),
            "{message}"
        );
        assert!(!own(&message).contains(".tmp"), "{message}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no file left behind"
        );
    }
}
