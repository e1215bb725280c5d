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
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| Error::io(dir, without_temporary_path(e)))?;
    tmp.write_all(content).map_err(|e| Error::io(path, e))?;
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
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// tempfile names its temporary file in its errors (`… at path "out/.tmpS8q8ss"`); users
/// never asked for that file, so the message keeps only what went wrong.
fn without_temporary_path(error: std::io::Error) -> std::io::Error {
    match error.to_string().split_once(" at path ") {
        Some((what, _)) => std::io::Error::new(error.kind(), what.to_string()),
        None => error,
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
}
