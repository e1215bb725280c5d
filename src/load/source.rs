//! A text file held in memory with what it takes to turn byte offsets into the 1-based
//! line and column (in characters) that diagnostics show.

use std::ops::Range;
use std::sync::OnceLock;

/// One file's text, named by its path relative to the repository root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// Columns before every [`COLUMN_STRIDE`]-th byte (characters, byte order marks
    /// aside), so that a column costs at most one stride of counting, however long the
    /// line: a 1 MB paragraph is one line, and a finding in it must not count from its
    /// start. Made at the first column asked for: most files have no finding.
    column_marks: OnceLock<Vec<usize>>,
}

/// Bytes between two [`SourceFile::column_marks`].
const COLUMN_STRIDE: usize = 128;

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            column_marks: OnceLock::new(),
        }
    }

    fn column_marks(&self) -> &[usize] {
        self.column_marks.get_or_init(|| {
            let text = self.text.as_bytes();
            let mut marks = Vec::with_capacity(text.len() / COLUMN_STRIDE + 2);
            let mut before = 0;
            for from in (0..text.len()).step_by(COLUMN_STRIDE) {
                marks.push(before);
                before += columns_in(text, from..(from + COLUMN_STRIDE).min(text.len()));
            }
            marks.push(before);
            marks
        })
    }

    /// 1-based line and 1-based column in characters of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        // Near the line's start, counting is cheaper than making the marks.
        if offset - start <= 16 * COLUMN_STRIDE {
            return (
                line + 1,
                columns_in(self.text.as_bytes(), start..offset) + 1,
            );
        }
        (
            line + 1,
            self.columns_before(offset) - self.columns_before(start) + 1,
        )
    }

    /// Characters (byte order marks aside) before a byte offset on a char boundary.
    fn columns_before(&self, offset: usize) -> usize {
        let mark = offset / COLUMN_STRIDE;
        let from = mark * COLUMN_STRIDE;
        self.column_marks()[mark] + columns_in(self.text.as_bytes(), from..offset)
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

/// Characters starting in `text[range]`, less the byte order marks (`EF BB BF`) starting
/// there: a mark is invisible in every editor, it is no column.
fn columns_in(text: &[u8], range: Range<usize>) -> usize {
    let bytes = &text[range.clone()];
    // Two simple counts, which the compiler turns into vector code.
    let starts = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    if !bytes.contains(&0xEF) {
        return starts;
    }
    let marks = range
        .filter(|&i| text[i] == 0xEF && text.get(i + 1..i + 3) == Some(&[0xBB, 0xBF]))
        .count();
    starts - marks
}

/// The largest character boundary of `text` at or before `offset` (at most its length).
/// `str::floor_char_boundary` once the minimum Rust version reaches 1.91.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
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

    /// The marks give the same columns as counting from the line's start, across strides
    /// and around multi-byte characters and marks cut by a stride's end.
    #[test]
    fn columns_agree_with_counting() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push(match i % 7 {
                0 => 'é',
                1 => '\n',
                2 => '\u{feff}',
                3 => '𝄞',
                _ => 'a',
            });
            // Lines long enough for the marks to be used, not only counting.
            if i % 500 == 0 {
                text.push_str(&"x".repeat(5000));
                text.push_str(&"é\u{feff}".repeat(900));
            }
        }
        let file = SourceFile::new("c.md", text.clone());
        for (offset, _) in text.char_indices() {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let col = text[start..offset]
                .chars()
                .filter(|&c| c != '\u{feff}')
                .count()
                + 1;
            let line = text[..offset].matches('\n').count() + 1;
            assert_eq!(file.line_col(offset), (line, col), "at {offset}");
        }
    }
}
