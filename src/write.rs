//! Writing files without ever leaving one half-written: a temporary file in the same
//! folder, flushed, then renamed over the target. Used by `import`, `check --fix`,
//! `schema` and `build -o`.
//!
//! Temporary files are named `.rapporteur-XXXXXX.tmp` ([`is_temporary`]): the loader never
//! takes one for a section, and a stray one is easy to recognise. Each is removed when
//! the write fails, and on SIGINT or SIGTERM: the binary calls [`remove_temporaries`]
//! from its signal thread. What is written is a [`Target`], checked by [`target`] (the
//! one door: inside the repository, never through a link, never onto an input); what is
//! not a regular file (a folder, a FIFO, a device) is never replaced.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::load::MAX_FILE_BYTES;
use crate::load::file::{Refusal, kind_of, read_regular};

pub mod target;
pub use target::{Purpose, Target};

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
pub fn write_atomic(target: &Target, content: &[u8]) -> Result<()> {
    write_replacing(target.path(), content, None)
}

/// [`write_atomic`], unless the file no longer holds `expected` just before the rename
/// (someone saved it meanwhile): then nothing is written and the error says so.
pub fn write_atomic_if_unchanged(target: &Target, expected: &[u8], content: &[u8]) -> Result<()> {
    write_replacing(target.path(), content, Some(expected))
}

fn write_replacing(path: &Path, content: &[u8], expected: Option<&[u8]>) -> Result<()> {
    let target = real_target(path)?;
    let mut tmp = new_temporary(&target)?;
    let result = fill(&mut tmp, path, &target, content, expected);
    // On an error `tmp` is dropped here: the temporary file is removed.
    result?;
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
    let file = tmp.as_file_mut().map_err(|e| Error::io(path, e))?;
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

/// Several files replaced together, all or none: [`Batch::prepare`] writes every new
/// content to a temporary file beside its target (the slow part, where a failure or a
/// signal leaves every target untouched); [`Batch::commit`] then renames them over their
/// targets, and should a rename fail, puts back the files already replaced. Dropped
/// without a commit, it removes its temporary files.
pub struct Batch {
    files: Vec<Prepared>,
}

struct Prepared {
    tmp: Temporary,
    target: PathBuf,
    /// What the target held (`None`: it did not exist), to put back on a failure.
    old: Option<Vec<u8>>,
}

impl Batch {
    pub fn prepare(files: &[(Target, &[u8])]) -> Result<Batch> {
        let mut batch = Batch { files: Vec::new() };
        for (target, content) in files {
            let path = real_target(target.path())?;
            let old = match read_regular(&path, MAX_FILE_BYTES) {
                Ok(bytes) => Some(bytes),
                Err(Refusal::Missing) => None,
                Err(refusal) => {
                    return Err(Error::Invalid {
                        location: path.display().to_string(),
                        message: format!("not written: {refusal}"),
                        help: "nothing was written; check the file, then run the command again"
                            .into(),
                    });
                }
            };
            let mut tmp = new_temporary(&path)?;
            fill(&mut tmp, &path, &path, content, None)?;
            batch.files.push(Prepared {
                tmp,
                target: path,
                old,
            });
        }
        Ok(batch)
    }

    /// Renames every temporary file over its target. On a failure the targets already
    /// replaced get their old content back, and the error says so.
    pub fn commit(self) -> Result<()> {
        let mut done: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
        for Prepared { tmp, target, old } in self.files {
            if let Err(e) = tmp.persist(&target) {
                let mut undone = true;
                for (path, old) in done.iter().rev() {
                    let restored = match old {
                        Some(bytes) => write_replacing(path, bytes, None).is_ok(),
                        None => std::fs::remove_file(path).is_ok(),
                    };
                    undone &= restored;
                }
                let e = without_temporary_path(e);
                return Err(Error::Invalid {
                    location: target.display().to_string(),
                    message: format!("cannot replace the file: {e}"),
                    help: if undone {
                        "the files already replaced were put back; nothing changed".into()
                    } else {
                        "some files already replaced could not be put back: see `git status`".into()
                    },
                });
            }
            done.push((target, old));
        }
        Ok(())
    }
}

fn new_temporary(path: &Path) -> Result<Temporary> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Temporary::new_in(dir).map_err(|e| {
        let e = if e.kind() == std::io::ErrorKind::NotFound && !dir.is_dir() {
            std::io::Error::new(
                e.kind(),
                format!("the folder {} does not exist", dir.display()),
            )
        } else {
            without_temporary_path(e)
        };
        Error::io(path, e)
    })
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

/// The file a write to `path` replaces: `path` itself, a regular file or nothing yet.
/// A symlink (made after the target was checked) or anything but a regular file is
/// refused.
fn real_target(path: &Path) -> Result<PathBuf> {
    let refuse = |why: String| Error::Invalid {
        location: path.display().to_string(),
        message: format!("not written: {why}"),
        help: "give the path of a regular file, or of a new file in an existing folder".into(),
    };
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_file() => Ok(path.to_path_buf()),
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(
            "it is a symlink; rapporteur never writes through a link".into(),
        )),
        Ok(meta) => Err(refuse(format!(
            "it is {}; rapporteur replaces only regular files",
            kind_of(meta.file_type())
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// A temporary file being written, listed in [`LIVE`] while it exists. Dropped without
/// being persisted, it is removed.
struct Temporary {
    path: PathBuf,
    /// `None` once persisted.
    file: Option<tempfile::NamedTempFile>,
}

impl Drop for Temporary {
    fn drop(&mut self) {
        // The file itself is removed by `NamedTempFile`'s own drop, when still there.
        forget(&self.path);
    }
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
        Ok(Temporary {
            path,
            file: Some(file),
        })
    }

    fn persist(mut self, target: &Path) -> std::io::Result<()> {
        // On failure the temporary file comes back in the error and is removed with it.
        match self.file.take() {
            Some(file) => file.persist(target).map(|_| ()).map_err(|e| e.error),
            None => Ok(()),
        }
    }

    fn as_file_mut(&mut self) -> std::io::Result<&mut std::fs::File> {
        self.file
            .as_mut()
            .map(tempfile::NamedTempFile::as_file_mut)
            .ok_or_else(|| std::io::Error::other("the temporary file is gone"))
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
        write_atomic(&Target::unchecked(&new), b"a").unwrap();
        assert_eq!(
            std::fs::metadata(&new).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomic(&Target::unchecked(&new), b"b").unwrap();
        assert_eq!(
            std::fs::metadata(&new).unwrap().permissions().mode() & 0o777,
            0o664
        );
        assert_eq!(std::fs::read(&new).unwrap(), b"b");
    }

    #[test]
    fn links_and_special_files_are_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.md");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        // A link made after the target was checked is not written through.
        let err = write_atomic(&Target::unchecked(&link), b"new").unwrap_err();
        assert!(err.to_string().contains("symlink"), "{err}");
        assert_eq!(std::fs::read(&target).unwrap(), b"old");

        let folder = dir.path().join("folder.md");
        std::fs::create_dir(&folder).unwrap();
        let err = write_atomic(&Target::unchecked(&folder), b"x")
            .unwrap_err()
            .to_string();
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
        let err = write_atomic_if_unchanged(&Target::unchecked(&path), b"as loaded", b"fixed")
            .unwrap_err();
        assert!(matches!(err, Error::Changed { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"edited by someone");
        write_atomic_if_unchanged(&Target::unchecked(&path), b"edited by someone", b"fixed")
            .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"fixed");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn errors_name_the_target_never_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // The test's own folder is a temporary one too: look past it.
        let own = |m: &str| m.replace(&dir.path().display().to_string(), "DIR");
        let missing = dir.path().join("no-such-folder").join("report.html");
        let message = write_atomic(&Target::unchecked(&missing), b"a")
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with(&missing.display().to_string()),
            "{message}"
        );
        assert!(message.contains("does not exist"), "{message}");
        assert!(!own(&message).contains(".tmp"), "{message}");
        // A folder as the target: the rename fails.
        let folder = dir.path().join("folder");
        std::fs::create_dir(&folder).unwrap();
        let message = write_atomic(&Target::unchecked(&folder), b"a")
            .unwrap_err()
            .to_string();
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

    #[test]
    fn a_batch_is_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a/x.md"), dir.path().join("b/y.md"));
        for p in [&a, &b] {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "old").unwrap();
        }
        let files = [
            (Target::unchecked(&a), &b"new a"[..]),
            (Target::unchecked(&b), &b"new b"[..]),
        ];
        // Dropped before the commit: nothing changed, no temporary file left.
        drop(Batch::prepare(&files).unwrap());
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(a.parent().unwrap()).unwrap().count(), 1);
        // The second rename fails (its folder is gone): the first file is put back.
        let batch = Batch::prepare(&files).unwrap();
        std::fs::remove_dir_all(b.parent().unwrap()).unwrap();
        let err = batch.commit().unwrap_err().to_string();
        assert!(err.contains("put back"), "{err}");
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(a.parent().unwrap()).unwrap().count(), 1);
        // And when all goes well, all are replaced.
        std::fs::create_dir_all(b.parent().unwrap()).unwrap();
        Batch::prepare(&files).unwrap().commit().unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
    }
}
