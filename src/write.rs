//! Writing files without ever leaving one half-written: a temporary file in the same
//! folder, flushed, then renamed over the target. Used by `import`, `check --fix`,
//! `schema` and `build -o`.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Replaces `path` by `content` atomically: readers see the old or the new file, never a
/// mix, and a failure leaves the old file as it was.
pub fn write_atomic(path: &Path, content: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
        let e = if e.kind() == std::io::ErrorKind::NotFound && !dir.is_dir() {
            std::io::Error::new(
                e.kind(),
                format!("the folder {} does not exist", dir.display()),
            )
        } else {
            e
        };
        Error::io(path, without_temp_name(e))
    })?;
    tmp.write_all(content)
        .map_err(|e| Error::io(path, without_temp_name(e)))?;
    // The temporary file is created private (0600); a rewritten file keeps the mode it had,
    // a new one gets the usual mode of a document (rw-r--r--), as `git checkout` would.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => new_file_permissions(),
    };
    if let Some(permissions) = permissions {
        tmp.as_file()
            .set_permissions(permissions)
            .map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path)
        .map_err(|e| Error::io(path, without_temp_name(e.error)))?;
    Ok(())
}

/// tempfile adds the temporary file's name to its errors (`… at path "/dir/.tmpXy12"`):
/// a name the user never chose, of a file that is gone. Messages name the file being
/// written; this keeps the system's reason only.
fn without_temp_name(e: std::io::Error) -> std::io::Error {
    let message = e.to_string();
    match message.find(" at path \"") {
        Some(i) => std::io::Error::new(e.kind(), &message[..i]),
        None => e,
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
