//! Positions and names as the editor says them: LSP positions count lines from 0 and
//! columns in UTF-16 code units unless both sides agreed on UTF-8 bytes; documents are
//! `file:` URIs. The rest of rapporteur speaks byte offsets and paths relative to the
//! repository root.

use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

use crate::load::SourceFile;
use crate::load::source::floor_char_boundary;

/// How columns are counted, as negotiated at `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// Units of `text` in this encoding.
    fn width(self, text: &str) -> usize {
        match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.encode_utf16().count(),
        }
    }
}

/// The LSP position of a byte offset of `file`.
pub fn position(file: &SourceFile, offset: usize, encoding: Encoding) -> Position {
    let offset = floor_char_boundary(&file.text, offset);
    let (line, _) = file.line_col(offset);
    let mut start = file.line_range(offset).start;
    // A byte order mark is no column: editors do not show it in the buffer.
    if start == 0 && file.text.starts_with('\u{feff}') && offset >= 3 {
        start = 3;
    }
    let column = encoding.width(&file.text[start..offset]);
    Position::new(to_u32(line - 1), to_u32(column))
}

/// The LSP range of a byte range of `file`.
pub fn range(file: &SourceFile, span: &std::ops::Range<usize>, encoding: Encoding) -> Range {
    Range::new(
        position(file, span.start, encoding),
        position(file, span.end, encoding),
    )
}

/// The byte offset of an LSP position in `text`: positions past the end of a line are the
/// end of that line, lines past the end are the end of the text (as the protocol says).
pub fn offset(text: &str, position: Position, encoding: Encoding) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[start..line_end].trim_end_matches('\r');
    let want = position.character as usize;
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= want {
            return start + i;
        }
        units += match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
    }
    start + line.len()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The path of a `file:` URI, if it is one.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`; no other host is this machine.
    let path = match rest.strip_prefix("localhost") {
        Some(path) => path,
        None => rest,
    };
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path)?;
    Some(PathBuf::from(String::from_utf8(bytes).ok()?))
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut uri = String::from("file://");
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

/// The path relative to `root` (with `/` separators) of a file the editor names, when it
/// lies inside the repository. Nothing outside `root` is ever read: `..` and symlinks
/// that leave it are refused.
pub fn relative_path(root: &Path, path: &Path) -> Option<String> {
    if !path.is_absolute() {
        return None;
    }
    // The editor may reach the repository through a symlink; the folder holding the file
    // says where it really is (the file itself may not exist yet, or any more).
    let parent = path.parent()?;
    let name = path.file_name()?;
    let parent = parent
        .canonicalize()
        .unwrap_or_else(|_| parent.to_path_buf());
    let rel = parent.join(name);
    let rel = rel.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_utf16_and_utf8() {
        let file = SourceFile::new("a.md", "é\nKyïv 𝔸 Kiev\n".to_string());
        let kiev = file.text.find("Kiev").unwrap();
        assert_eq!(
            position(&file, kiev, Encoding::Utf16),
            Position::new(1, 8),
            "ï is one unit, 𝔸 two"
        );
        assert_eq!(position(&file, kiev, Encoding::Utf8), Position::new(1, 11));
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let p = position(&file, kiev, encoding);
            assert_eq!(offset(&file.text, p, encoding), kiev);
        }
        // Past the end of a line, past the end of the text.
        assert_eq!(offset(&file.text, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(
            offset(&file.text, Position::new(9, 0), Encoding::Utf16),
            file.text.len()
        );
        let bom = SourceFile::new("b.md", "\u{feff}---\n".to_string());
        assert_eq!(position(&bom, 4, Encoding::Utf16), Position::new(0, 1));
    }

    #[test]
    fn uris_and_paths() {
        let path = Path::new("/tmp/un rapport/drafts/fr/01-é.md");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/un%20rapport/drafts/fr/01-%C3%A9.md"
        );
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&other), None);
        let root = Path::new("/nonexistent-root");
        assert_eq!(
            relative_path(root, Path::new("/nonexistent-root/drafts/fr/a.md")).as_deref(),
            Some("drafts/fr/a.md")
        );
        assert_eq!(
            relative_path(root, Path::new("/nonexistent-root/../etc/passwd")),
            None
        );
        assert_eq!(relative_path(root, Path::new("/etc/passwd")), None);
    }
}
