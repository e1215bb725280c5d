//! The one way rapporteur opens a file of a repository. A path is resolved, every
//! component and every symlink, and must land inside the repository; the file is then
//! opened without following a link and without waiting on a FIFO, checked to be a regular
//! file on the opened handle, and read with a bound. Readers (`load::tree`, templates,
//! `import`, `schema --check`) and writers (`write`, `check --fix`, `import`) all go
//! through here: no file outside the repository is opened, a FIFO or a device never hangs
//! or floods a run, and a huge file is refused before it is read.

use std::fmt;
use std::fs::{self, File, FileType};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Why a path is not read (or written).
#[derive(Debug)]
pub enum Refusal {
    /// Nothing there.
    Missing,
    /// A symlink whose target does not exist.
    BrokenLink,
    /// It resolves to a place outside the repository.
    Outside {
        target: PathBuf,
    },
    /// It exists but is not a regular file: `"a folder"`, `"a FIFO"`, `"a device"`…
    NotRegular(&'static str),
    /// Larger than the limit.
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Missing => write!(f, "no such file"),
            Refusal::BrokenLink => write!(f, "a symlink to a file that does not exist"),
            Refusal::Outside { target } => write!(
                f,
                "it resolves to {}, which leaves the repository; rapporteur reads and writes only files inside it",
                target.display()
            ),
            Refusal::NotRegular(kind) => write!(
                f,
                "it is {kind}, not a regular file; rapporteur reads and writes only regular files"
            ),
            Refusal::TooLarge { size, limit } => write!(
                f,
                "file is {size} bytes, more than the {} MiB rapporteur reads",
                limit / (1024 * 1024)
            ),
            Refusal::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for Refusal {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            Refusal::Missing
        } else {
            Refusal::Io(e)
        }
    }
}

/// The real path of `path` (absolute, or relative to `root`), every symlink resolved,
/// when it lies inside `root`. `root` must be canonical (see `load::find_root`). Whether
/// it is a regular file is for [`read_regular`] to say.
pub fn resolve_inside(root: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    let full = root.join(path);
    let real = match fs::canonicalize(&full) {
        Ok(real) => real,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(match fs::symlink_metadata(&full) {
                Ok(meta) if meta.file_type().is_symlink() => Refusal::BrokenLink,
                _ => Refusal::Missing,
            });
        }
        Err(e) => return Err(Refusal::Io(e)),
    };
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(Refusal::Outside { target: real })
    }
}

/// Where to write `path` (absolute, or relative to `root`): the real path of the existing
/// regular file it names, a symlink resolved to its target (so that a link stays a link),
/// or, for a new file, its name in the real folder that will hold it. Refused when that
/// is outside `root` or not a regular file.
pub fn resolve_for_write(root: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    match resolve_inside(root, path) {
        Ok(real) => {
            let meta = fs::symlink_metadata(&real)?;
            if meta.file_type().is_file() {
                Ok(real)
            } else {
                Err(Refusal::NotRegular(kind_of(meta.file_type())))
            }
        }
        Err(Refusal::Missing) => {
            let full = root.join(path);
            let (Some(parent), Some(Component::Normal(name))) =
                (full.parent(), full.components().next_back())
            else {
                return Err(Refusal::Missing);
            };
            let parent = resolve_inside(root, parent)?;
            Ok(parent.join(name))
        }
        Err(other) => Err(other),
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them. The file is opened
/// without following a symlink and without blocking (a FIFO would otherwise wait for a
/// writer), checked on the opened handle, and read up to `limit + 1` bytes, so that a
/// file growing meanwhile is still caught.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    // Refuse what is not a regular file before opening it: opening a device can have
    // effects of its own.
    let meta = fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(Refusal::NotRegular(kind_of(meta.file_type())));
    }
    let file = open_nofollow(path)?;
    // The same check on the handle: the path may have changed since.
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(Refusal::NotRegular(kind_of(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// [`resolve_inside`] then [`read_regular`].
pub fn read_inside(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    read_regular(&resolve_inside(root, path)?, limit)
}

#[cfg(unix)]
fn open_nofollow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_nofollow(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// How to name a kind of file in a message.
pub fn kind_of(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symlink"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Whether `code` is a plain language tag, as a language folder's name must be: a
/// primary subtag of two or three lower-case letters, then optional subtags of one to
/// eight letters or digits after hyphens (`fr`, `en`, `pt-BR`, `sr-Latn`). Nothing that
/// could name another folder: no `/`, `.`, `..`, spaces or an empty string.
pub fn is_language_tag(code: &str) -> bool {
    let mut subtags = code.split('-');
    let primary = subtags.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["fr", "en", "pt-BR", "sr-Latn", "gsw", "zh-Hant-TW"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "f",
            "FR",
            "../../outside",
            "/abs",
            "fr/..",
            "fr ",
            "fr-",
            "x-",
            "fr-abcdefghi",
            ".",
            "..",
            "fr\0",
        ] {
            assert!(!is_language_tag(bad), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_resolve_inside_only() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/in.md"), "in").unwrap();
        std::os::unix::fs::symlink(root.join("a/in.md"), root.join("a/link.md")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("out")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.join("a/leak.md")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("a/broken.md")).unwrap();
        assert_eq!(
            read_inside(&root, Path::new("a/link.md"), 10).unwrap(),
            b"in"
        );
        // A folder link in the middle of the path is resolved too, not only the last part.
        assert!(matches!(
            read_inside(&root, Path::new("out/secret"), 10),
            Err(Refusal::Outside { .. })
        ));
        assert!(matches!(
            read_inside(&root, Path::new("a/leak.md"), 10),
            Err(Refusal::Outside { .. })
        ));
        assert!(matches!(
            read_inside(&root, Path::new("a/../../x"), 10),
            Err(Refusal::Missing | Refusal::Outside { .. })
        ));
        assert!(matches!(
            read_inside(&root, Path::new("a/broken.md"), 10),
            Err(Refusal::BrokenLink)
        ));
        assert!(matches!(
            read_inside(&root, Path::new("a"), 10),
            Err(Refusal::NotRegular("a folder"))
        ));
        assert!(matches!(
            read_inside(&root, Path::new("a/in.md"), 1),
            Err(Refusal::TooLarge { size: 2, limit: 1 })
        ));
        // Writing through a link writes its target; a new file lands in the real folder.
        assert_eq!(
            resolve_for_write(&root, Path::new("a/link.md")).unwrap(),
            root.join("a/in.md")
        );
        assert_eq!(
            resolve_for_write(&root, Path::new("a/new.md")).unwrap(),
            root.join("a/new.md")
        );
        assert!(matches!(
            resolve_for_write(&root, Path::new("out/new.md")),
            Err(Refusal::Outside { .. })
        ));
        assert!(matches!(
            resolve_for_write(&root, Path::new("a")),
            Err(Refusal::NotRegular("a folder"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let fifo = root.join("pipe.md");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(matches!(
            read_inside(&root, Path::new("pipe.md"), 10),
            Err(Refusal::NotRegular("a FIFO (named pipe)"))
        ));
    }
}
