//! A published document as lines, whatever it came as. The file's kind is found from its
//! content (a PDF or a zip by their first bytes, not by the name's extension); each
//! reader gives the same [`Document`]: lines with their page, and what the format
//! itself says about them (a Word paragraph's style, a PDF line's layout, a blank line
//! in a text). Headings, paragraphs and the parts left out are found from that by
//! `import::structure`, the same way for every format.

use std::io::Read;

use super::layout;
use super::pdf;

/// What a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Pdf,
    Docx,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "plain text",
            Format::Pdf => "PDF",
            Format::Docx => "Word document (.docx)",
        }
    }
}

/// What the format says a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Text, as far as the format tells.
    Body,
    /// Marked as page furniture by the file itself (a tagged PDF's artifact).
    Artifact,
    /// A Word heading style (`heading N`).
    Heading,
    /// A Word title or subtitle style: the cover.
    Title,
    /// A Word contents style (`TOC Heading`, `toc N`).
    Contents,
    /// A Word table cell or caption.
    Table,
}

/// One line of the document (a Word paragraph is one line).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    /// Page, from 1 (a text without form feeds, or a Word file, is one page unless it has
    /// page breaks).
    pub page: usize,
    /// Line on its page, from 1, counting blank lines of a text too.
    pub line: usize,
    /// A blank line stands right before it (texts only).
    pub blank_before: bool,
    /// Whether a paragraph starts here, when the format decides it (a Word paragraph; a
    /// PDF line after a vertical gap or with a first-line indent); `None` for a text,
    /// and for the first line of a PDF page (decided across the page break).
    pub starts: Option<bool>,
    /// Where it stands on its page (PDF only).
    pub geo: Option<Geo>,
    pub role: Role,
}

/// A PDF line's place, in points: enough to tell whether the next line's first word
/// would have fit after it (then the line break was not forced by the width).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geo {
    /// Right end of the line.
    pub x1: f64,
    /// Width of its first word.
    pub first_word: f64,
    pub size: f64,
    /// Right edge of its page's text column.
    pub right: f64,
}

impl Geo {
    /// Whether `next`'s first word (with a space) fits after this line.
    pub fn has_room_for(&self, next: &Geo) -> bool {
        self.x1 + 0.25 * self.size + next.first_word < self.right - 0.5
    }
}

/// A document as lines.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    pub lines: Vec<Line>,
    pub pages: usize,
}

/// Why a document could not be read: one sentence, naming what the file looks like.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// Not a format `import` reads.
    Unsupported(String),
    /// A supported format, but broken or hostile.
    Broken(String),
    /// Text that is not UTF-8: byte offset of the first bad byte.
    NotUtf8 { valid_up_to: usize },
}

/// Decompressed bytes read from one part of a Word file at most (a report's
/// document.xml is well under 10 MiB; a zip bomb claims gigabytes).
const MAX_DOCX_PART: u64 = 64 * 1024 * 1024;
/// Entries of a zip looked at at most.
const MAX_ZIP_ENTRIES: usize = 10_000;

/// Reads a document from its bytes, by what they are.
pub fn read_document(bytes: &[u8]) -> Result<Document, ReadError> {
    match sniff(bytes) {
        Sniffed::Pdf => {
            let pages = pdf::read_pdf(bytes)
                .map_err(|e| ReadError::Broken(format!("cannot read the PDF: {e}")))?;
            Ok(layout::document_of_pdf(&pages))
        }
        Sniffed::Zip => read_docx(bytes),
        Sniffed::Text => {
            let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            match std::str::from_utf8(text) {
                Ok(text) => Ok(read_text(text)),
                Err(e) => Err(ReadError::NotUtf8 {
                    valid_up_to: e.valid_up_to() + (bytes.len() - text.len()),
                }),
            }
        }
        Sniffed::Other(what) => Err(ReadError::Unsupported(what)),
    }
}

enum Sniffed {
    Pdf,
    Zip,
    Text,
    Other(String),
}

/// The kind of a file, from its first bytes.
fn sniff(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(1024)];
    // `%PDF-` may follow a few bytes of junk (a mail header, a BOM).
    if memchr::memmem::find(head, b"%PDF-").is_some() {
        return Sniffed::Pdf;
    }
    let known: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", ""),
        (b"PK\x05\x06", ""),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "an old Office file (.doc, .xls or .ppt)",
        ),
        (b"{\\rtf", "an RTF document"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (b"Rar!", "a RAR archive"),
        (b"\x7fELF", "a program (ELF executable)"),
        (b"MZ", "a Windows program"),
        (b"\xfe\xff", "UTF-16 text"),
        (b"\xff\xfe", "UTF-16 text"),
        (b"<!DOCTYPE html", "an HTML page"),
        (b"<html", "an HTML page"),
        (b"AT&TFORM", "a DjVu document"),
    ];
    for (magic, what) in known {
        if bytes.starts_with(magic) {
            return if what.is_empty() {
                Sniffed::Zip
            } else {
                Sniffed::Other((*what).to_string())
            };
        }
    }
    if head.contains(&0) {
        return Sniffed::Other("a binary file of a kind import does not know".into());
    }
    Sniffed::Text
}

/// A text: lines split at any line end (`\n`, `\r\n`, `\r`), pages at form feeds.
pub fn read_text(text: &str) -> Document {
    let mut lines = Vec::new();
    let (mut page, mut number) = (1, 0);
    let mut blank = false;
    for raw in split_lines(text) {
        let mut raw = raw;
        while let Some(rest) = raw.strip_prefix('\u{c}') {
            page += 1;
            number = 0;
            raw = rest;
        }
        // Form feeds elsewhere in the line are page breaks too: the text after them
        // starts the next page.
        let has_feed = raw.contains('\u{c}');
        let mut parts = raw.split('\u{c}').peekable();
        while let Some(part) = parts.next() {
            number += 1;
            let text = part.trim();
            if text.is_empty() {
                // A blank line (not the empty side of a form feed).
                blank |= !has_feed;
            } else {
                lines.push(Line {
                    text: text.to_string(),
                    page,
                    line: number,
                    blank_before: std::mem::take(&mut blank),
                    starts: None,
                    geo: None,
                    role: Role::Body,
                });
            }
            if parts.peek().is_some() {
                page += 1;
                number = 0;
            }
        }
    }
    Document {
        format: Format::Text,
        lines,
        pages: page,
    }
}

fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.find(['\n', '\r']) {
            Some(i) => {
                let line = &rest[..i];
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
                Some(line)
            }
            None => {
                let line = rest;
                rest = "";
                Some(line)
            }
        }
    })
}

/// A Word file: the paragraphs of `word/document.xml` in order, with their style's
/// role; page breaks count pages.
fn read_docx(bytes: &[u8]) -> Result<Document, ReadError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Broken(format!("cannot read the zip archive: {e}")))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(ReadError::Broken(format!(
            "a zip archive of {} entries: more than a Word file has",
            zip.len()
        )));
    }
    let names: Vec<String> = zip.file_names().flatten().map(|n| n.to_string()).collect();
    if !names.iter().any(|n| n == "word/document.xml") {
        let what = if names.iter().any(|n| n.starts_with("xl/")) {
            "an Excel workbook (.xlsx)"
        } else if names.iter().any(|n| n.starts_with("ppt/")) {
            "a PowerPoint presentation (.pptx)"
        } else if names.iter().any(|n| n == "content.xml") {
            "an OpenDocument file (.odt): save it as .docx or PDF"
        } else if names
            .iter()
            .any(|n| n == "mimetype" || n.starts_with("META-INF/"))
        {
            "an EPUB or Java archive"
        } else {
            "a zip archive that is not a Word document"
        };
        return Err(ReadError::Unsupported(what.to_string()));
    }
    let part = |zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
                name: &str|
     -> Result<Option<String>, ReadError> {
        let file = match zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(ReadError::Broken(format!("cannot read {name}: {e}"))),
        };
        let mut out = Vec::new();
        file.take(MAX_DOCX_PART + 1)
            .read_to_end(&mut out)
            .map_err(|e| ReadError::Broken(format!("cannot read {name}: {e}")))?;
        if out.len() as u64 > MAX_DOCX_PART {
            return Err(ReadError::Broken(format!(
                "{name} inflates to more than {} MiB (a compression bomb, or far more than a report)",
                MAX_DOCX_PART / (1024 * 1024)
            )));
        }
        String::from_utf8(out)
            .map(Some)
            .map_err(|_| ReadError::Broken(format!("{name} is not UTF-8 XML")))
    };
    let styles = part(&mut zip, "word/styles.xml")?
        .map(|xml| style_names(&xml))
        .unwrap_or_default();
    let xml = part(&mut zip, "word/document.xml")?.unwrap_or_default();
    docx_lines(&xml, &styles)
}

/// Style id → lower-case style name (`Titre1` → `heading 1` in a French Word).
fn style_names(xml: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "style" => current = attr(&e, "styleId"),
                "name" => {
                    if let (Some(id), Some(name)) = (current.take(), attr(&e, "val")) {
                        out.push((id, name.to_lowercase()));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        if out.len() > MAX_ZIP_ENTRIES {
            break;
        }
    }
    out
}

fn attr(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == local).then(|| a.value.to_string()))
}

fn role_of_style(style: &str) -> Role {
    let s = style.to_lowercase();
    if s.starts_with("heading")
        || s.starts_with("titre")
            && s.len() > 5
            && s[5..].trim().chars().all(|c| c.is_ascii_digit())
    {
        Role::Heading
    } else if s == "title" || s == "subtitle" || s == "titre" || s == "sous-titre" {
        Role::Title
    } else if s.starts_with("toc") || s.starts_with("table des matières") {
        Role::Contents
    } else if s == "caption" || s == "légende" || s == "table text" {
        Role::Table
    } else {
        Role::Body
    }
}

fn docx_lines(xml: &str, styles: &[(String, String)]) -> Result<Document, ReadError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut lines = Vec::new();
    let (mut page, mut number) = (1usize, 0usize);
    let mut text = String::new();
    let mut style: Option<String> = None;
    let mut in_text = false;
    let mut in_deleted = 0usize;
    let mut table_depth = 0usize;
    let mut in_paragraph = false;
    let mut break_after = false;
    let mut superscript = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            ReadError::Broken(format!("word/document.xml is not well-formed XML: {e}"))
        })?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => {
                    in_paragraph = true;
                    text.clear();
                    style = None;
                }
                "t" => in_text = in_deleted == 0,
                "r" => superscript = false,
                "del" => in_deleted += 1,
                "tbl" => table_depth += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "pStyle" if in_paragraph => {
                    let id = attr(&e, "val").unwrap_or_default();
                    style = Some(
                        styles
                            .iter()
                            .find(|(i, _)| *i == id)
                            .map_or(id, |(_, name)| name.clone()),
                    );
                }
                "br" => {
                    if attr(&e, "type").as_deref() == Some("page") {
                        break_after = true;
                    } else {
                        text.push(' ');
                    }
                }
                "tab" if in_paragraph => text.push(' '),
                "vertAlign" => superscript = attr(&e, "val").as_deref() == Some("superscript"),
                // Where Word last laid out a page break: the page the text is on.
                "lastRenderedPageBreak" if text.trim().is_empty() && !lines.is_empty() => {
                    page += 1;
                    number = 0;
                }
                "lastRenderedPageBreak" => break_after = true,
                "pageBreakBefore" if !lines.is_empty() => {
                    page += 1;
                    number = 0;
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "p" => {
                    in_paragraph = false;
                    let trimmed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !trimmed.is_empty() {
                        number += 1;
                        let role = match style.as_deref().map(role_of_style) {
                            Some(role) if role != Role::Body => role,
                            _ if table_depth > 0 => Role::Table,
                            _ => Role::Body,
                        };
                        lines.push(Line {
                            text: trimmed,
                            page,
                            line: number,
                            blank_before: true,
                            starts: Some(true),
                            geo: None,
                            role,
                        });
                    }
                    if std::mem::take(&mut break_after) {
                        page += 1;
                        number = 0;
                    }
                }
                "t" => in_text = false,
                "del" => in_deleted = in_deleted.saturating_sub(1),
                "tbl" => table_depth = table_depth.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_text => {
                // A superscript run after a digit is an ordinal (« 24^e »): written as
                // the markup `^` that import turns into `^e^`.
                if superscript && text.ends_with(|c: char| c.is_ascii_digit()) {
                    text.push('^');
                }
                text.push_str(&t.xml10_content());
            }
            Event::CData(t) if in_text => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_xml_entity(&r) {
                    text.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if lines.is_empty() {
        return Err(ReadError::Broken(
            "the Word document has no paragraph of text".into(),
        ));
    }
    Ok(Document {
        format: Format::Docx,
        lines,
        pages: page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_pages_and_blanks() {
        let doc = read_text("a\r\nb\rc\n\n d \u{c}e\u{c}\u{c}f\n");
        let got: Vec<(&str, usize, usize, bool)> = doc
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.page, l.line, l.blank_before))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", 1, 1, false),
                ("b", 1, 2, false),
                ("c", 1, 3, false),
                ("d", 1, 5, true),
                ("e", 2, 1, false),
                ("f", 4, 1, false),
            ]
        );
    }

    #[test]
    fn binaries_are_named() {
        for (bytes, what) in [
            (&b"\x89PNG\r\n\x1a\n\0\0"[..], "PNG"),
            (&b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0"[..], ".doc"),
            (&b"\x7fELF\x02\x01"[..], "program"),
            (&b"abc\0def"[..], "binary"),
        ] {
            match read_document(bytes) {
                Err(ReadError::Unsupported(s)) => assert!(s.contains(what), "{s}"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("word/document.xml", options).unwrap();
            let spaces = vec![b' '; 1 << 20];
            for _ in 0..70 {
                zip.write_all(&spaces).unwrap();
            }
            zip.finish().unwrap();
        }
        assert!(buf.get_ref().len() < 1 << 20, "a small file");
        match read_document(buf.get_ref()) {
            Err(ReadError::Broken(s)) => assert!(s.contains("compression bomb"), "{s}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_zip_that_is_not_word_is_named() {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut zip, b"<x/>").unwrap();
            zip.finish().unwrap();
        }
        match read_document(buf.get_ref()) {
            Err(ReadError::Unsupported(s)) => assert!(s.contains("OpenDocument"), "{s}"),
            other => panic!("{other:?}"),
        }
    }
}
