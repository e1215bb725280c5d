//! Paragraphs from a PDF page's layout, where no blank line says where they start: a
//! vertical gap larger than the line spacing, a first-line indent, a change of font
//! size, or a line ending short of the column with room for the next line's first word
//! (a break the width did not force). Page tops are decided with the text, across the
//! page break (`structure`), since a gap at the top of a page means nothing.

use super::document::{Document, Format, Geo, Line, Role};
use super::pdf::{PdfLine, PdfPage};

/// The document of a PDF's pages.
pub fn document_of_pdf(pages: &[PdfPage]) -> Document {
    let pitch = line_pitch(pages);
    // One column for the whole document: a page with a few short lines must not make
    // its own column narrow.
    let right = column_right(
        &pages
            .iter()
            .flat_map(|p| p.lines.iter().filter(|l| !l.artifact))
            .collect::<Vec<_>>(),
    );
    let mut lines = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let left = page
            .lines
            .iter()
            .filter(|l| !l.artifact)
            .map(|l| l.x0)
            .fold(f64::INFINITY, f64::min);
        let mut prev: Option<&PdfLine> = None;
        for (n, l) in page.lines.iter().enumerate() {
            if l.artifact {
                lines.push(Line {
                    text: l.text.clone(),
                    page: p + 1,
                    line: n + 1,
                    blank_before: false,
                    starts: None,
                    geo: None,
                    role: Role::Artifact,
                });
                continue;
            }
            let geo = Geo {
                x1: l.x1,
                first_word: l.first_word,
                size: l.size,
                right,
            };
            let starts = prev.map(|before| starts_paragraph(before, l, left, right, pitch));
            lines.push(Line {
                text: l.text.clone(),
                page: p + 1,
                line: n + 1,
                blank_before: false,
                starts,
                geo: Some(geo),
                role: Role::Body,
            });
            prev = Some(l);
        }
    }
    Document {
        format: Format::Pdf,
        lines,
        pages: pages.len(),
    }
}

/// The usual distance between two baselines of body text, over the whole document.
fn line_pitch(pages: &[PdfPage]) -> f64 {
    let mut gaps: Vec<f64> = Vec::new();
    for page in pages {
        let body: Vec<&PdfLine> = page.lines.iter().filter(|l| !l.artifact).collect();
        for pair in body.windows(2) {
            let d = pair[1].y - pair[0].y;
            if d > 0.0 && d < 3.0 * pair[0].size && (pair[1].size - pair[0].size).abs() < 0.5 {
                gaps.push(d);
            }
        }
    }
    if gaps.is_empty() {
        return 14.0;
    }
    gaps.sort_by(f64::total_cmp);
    // The smaller gaps are the line spacing; the larger, paragraph spacing.
    gaps[gaps.len() / 4]
}

/// The right edge of the text column: where the longest lines end.
fn column_right(body: &[&PdfLine]) -> f64 {
    let mut ends: Vec<f64> = body.iter().map(|l| l.x1).collect();
    if ends.is_empty() {
        return 0.0;
    }
    ends.sort_by(f64::total_cmp);
    ends[(ends.len() * 9 / 10).min(ends.len() - 1)]
}

fn starts_paragraph(before: &PdfLine, l: &PdfLine, left: f64, right: f64, pitch: f64) -> bool {
    let geo = |l: &PdfLine| Geo {
        x1: l.x1,
        first_word: l.first_word,
        size: l.size,
        right,
    };
    let fit = geo(before).has_room_for(&geo(l));
    let gap = l.y - before.y;
    let size_changed = (l.size - before.size).abs() > 0.12 * before.size.max(l.size);
    let indented = l.x0 - left >= 0.8 * l.size && before.x0 - left < 0.5 * l.size;
    gap > 1.3 * pitch || gap < 0.0 || size_changed || indented || fit
}
