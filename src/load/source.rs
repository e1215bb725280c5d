//! A text file held in memory with what it takes to turn byte offsets into the 1-based
//! line and column (in characters) that diagnostics show.

use std::ops::Range;

/// One file's text, named by its path relative to the repository root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and 1-based column in characters of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            // A byte order mark is invisible in every editor: it is no column.
            .filter(|&c| c != '\u{feff}')
            .count();
        (line + 1, col + 1)
    }

    /// Byte offset of a 1-based line and column (in characters); clamps past the end.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(start + end, |(i, _)| start + i)
    }

    /// Byte range of the line holding `offset`, without its line break.
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let (line, _) = self.line_col(offset);
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("a.md", "é\nKyïv Kiev\n".to_string());
        let kiev = file.text.find("Kiev").unwrap();
        assert_eq!(file.line_col(kiev), (2, 6));
        assert_eq!(file.offset_of(2, 6), kiev);
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(&file.text[file.line_range(kiev)], "Kyïv Kiev");
        let bom = SourceFile::new("b.md", "\u{feff}---\n".to_string());
        assert_eq!(bom.line_col(3), (1, 1), "the mark takes no column");
    }
}
