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
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(content).map_err(|e| Error::io(path, e))?;
    // The temporary file is created private (0600); a rewritten file keeps the mode it had.
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}
