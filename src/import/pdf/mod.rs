//! Reads the text of a PDF with its layout: each page's lines, where they start and end,
//! their size, and whether the file marks them as page furniture (`/Artifact`, as
//! tagged PDFs mark running heads and page numbers). What the paragraphs and headings
//! are is decided later, from that layout (`import::layout`).
//!
//! Our own reader rather than a crate: tried on the report's own PDFs (Chromium's,
//! LibreOffice's, Typst's), `pdf-extract` put spaces inside words of Chromium's PDF
//! (« Onzi è me »), `pdf_oxide` shuffled the lines of LibreOffice's justified text and
//! pulls 180 crates, and `lopdf` inflates streams without a bound and gives no
//! positions. This reader is the part of those that import needs — objects, fonts'
//! Unicode maps and widths, the text operators — with every step bounded.

mod font;
pub mod object;

use std::collections::{HashMap, HashSet};

use font::Font;
use object::{Dict, Document, Lexer, Object, PdfError, PdfResult};

/// Pages read at most.
const MAX_PAGES: usize = 10_000;
/// Content-stream operators run at most, over the whole document.
const MAX_OPERATORS: usize = 20_000_000;
/// Glyphs on one page at most (a dense page of text has 5,000; each glyph is held until
/// its page's lines are made).
const MAX_PAGE_GLYPHS: usize = 200_000;
/// Entries of all fonts' Unicode maps and width tables together, at most.
const MAX_FONT_ENTRIES: usize = 4_000_000;
/// Form XObjects nested at most.
const MAX_FORM_DEPTH: usize = 8;

/// A line of text on a page, in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfLine {
    pub text: String,
    /// Left edge of its first glyph, right edge of its last.
    pub x0: f64,
    pub x1: f64,
    /// Baseline, from the top of the page.
    pub y: f64,
    /// Font size of its main text.
    pub size: f64,
    /// Width of its first word.
    pub first_word: f64,
    /// Marked as an artifact (running head, page number) by a tagged PDF.
    pub artifact: bool,
}

/// A page: its size and its lines, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfPage {
    pub width: f64,
    pub height: f64,
    pub lines: Vec<PdfLine>,
}

/// The pages of a PDF file's bytes.
pub fn read_pdf(data: &[u8]) -> PdfResult<Vec<PdfPage>> {
    let doc = Document::parse(data)?;
    if doc.is_encrypted() {
        return Err(PdfError(
            "the PDF is encrypted; save an unprotected copy (print to PDF) and import that".into(),
        ));
    }
    let pages = page_list(&doc)?;
    let mut reader = Reader {
        doc: &doc,
        fonts: HashMap::new(),
        operators: 0,
        font_budget: MAX_FONT_ENTRIES,
    };
    let mut out = Vec::with_capacity(pages.len());
    for page in pages {
        out.push(reader.page(&page)?);
    }
    Ok(out)
}

/// A page's dictionary with what it inherits from the page tree.
struct PageRef<'a> {
    dict: &'a Dict,
    resources: Option<&'a Dict>,
    media_box: [f64; 4],
}

/// The pages in order, from the catalog's page tree (or, in a file too broken to have
/// one, every page object in object order).
fn page_list<'a>(doc: &'a Document<'a>) -> PdfResult<Vec<PageRef<'a>>> {
    let catalog = doc
        .objects()
        .filter_map(|o| match o {
            Object::Dict(d) if d.get("Type").is_some_and(|t| t.is_name("Catalog")) => Some(d),
            _ => None,
        })
        .find(|d| doc.dict(doc.get(d, "Pages")).is_some());
    let mut pages = Vec::new();
    if let Some(root) = catalog.and_then(|c| doc.dict(doc.get(c, "Pages"))) {
        let mut seen = HashSet::new();
        walk(
            doc,
            root,
            None,
            [0.0, 0.0, 595.0, 842.0],
            &mut pages,
            &mut seen,
            0,
        )?;
    }
    if pages.is_empty() {
        // No usable tree: take the page objects as they come.
        for o in doc.objects() {
            if let Object::Dict(d) = o
                && d.get("Type").is_some_and(|t| t.is_name("Page"))
            {
                if pages.len() >= MAX_PAGES {
                    return Err(PdfError(format!("more than {MAX_PAGES} pages")));
                }
                pages.push(PageRef {
                    dict: d,
                    resources: doc.dict(doc.get(d, "Resources")),
                    media_box: media_box(doc, d).unwrap_or([0.0, 0.0, 595.0, 842.0]),
                });
            }
        }
    }
    if pages.is_empty() {
        return Err(PdfError("the PDF has no page".into()));
    }
    Ok(pages)
}

fn media_box(doc: &Document, dict: &Dict) -> Option<[f64; 4]> {
    let Object::Array(b) = doc.get(dict, "MediaBox") else {
        return None;
    };
    let v: Vec<f64> = b.iter().filter_map(|o| doc.resolve(o).as_f64()).collect();
    (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
}

fn walk<'a>(
    doc: &'a Document<'a>,
    node: &'a Dict,
    resources: Option<&'a Dict>,
    mbox: [f64; 4],
    out: &mut Vec<PageRef<'a>>,
    seen: &mut HashSet<*const Dict>,
    depth: usize,
) -> PdfResult<()> {
    if depth > 64 || !seen.insert(node as *const Dict) {
        return Ok(());
    }
    let resources = doc.dict(doc.get(node, "Resources")).or(resources);
    let mbox = media_box(doc, node).unwrap_or(mbox);
    if let Object::Array(kids) = doc.get(node, "Kids") {
        for kid in kids {
            if let Some(kid) = doc.dict(kid) {
                walk(doc, kid, resources, mbox, out, seen, depth + 1)?;
            }
        }
    } else {
        if out.len() >= MAX_PAGES {
            return Err(PdfError(format!("more than {MAX_PAGES} pages")));
        }
        out.push(PageRef {
            dict: node,
            resources,
            media_box: mbox,
        });
    }
    Ok(())
}

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// A glyph as placed on the page (device space: points, y up).
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    width: f64,
    size: f64,
    text: String,
    artifact: bool,
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scale: f64,
    leading: f64,
    rise: f64,
    font: Option<std::rc::Rc<Font>>,
    font_size: f64,
}

struct Reader<'a> {
    doc: &'a Document<'a>,
    /// Fonts loaded so far, by the address of their dictionary.
    fonts: HashMap<*const Object, std::rc::Rc<Font>>,
    operators: usize,
    /// Font map entries still allowed (see [`MAX_FONT_ENTRIES`]).
    font_budget: usize,
}

impl<'a> Reader<'a> {
    fn page(&mut self, page: &PageRef<'a>) -> PdfResult<PdfPage> {
        let [x0, y0, x1, y1] = page.media_box;
        let (width, height) = ((x1 - x0).abs().max(1.0), (y1 - y0).abs().max(1.0));
        let mut glyphs = Vec::new();
        let contents = self.doc.get(page.dict, "Contents");
        let mut data = Vec::new();
        let parts: Vec<&Object> = match contents {
            Object::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for part in parts {
            // An undecodable part is left out; the reconciliation shows what is missing.
            if let Ok(bytes) = self.doc.stream_data(part) {
                data.extend_from_slice(&bytes);
                data.push(b'\n');
            }
        }
        let state = GraphicsState {
            ctm: [1.0, 0.0, 0.0, 1.0, -x0.min(x1), -y0.min(y1)],
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            font: None,
            font_size: 0.0,
        };
        self.run(&data, page.resources, state, &mut glyphs, 0)?;
        Ok(PdfPage {
            width,
            height,
            lines: lines_of(glyphs, height),
        })
    }

    fn font(&mut self, resources: Option<&'a Dict>, name: &[u8]) -> Option<std::rc::Rc<Font>> {
        let fonts = self.doc.dict(self.doc.get(resources?, "Font"))?;
        let entry = fonts.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)?;
        let object = self.doc.resolve(entry);
        let key = object as *const Object;
        if let Some(font) = self.fonts.get(&key) {
            return Some(font.clone());
        }
        let font = std::rc::Rc::new(Font::load(self.doc, object, &mut self.font_budget));
        self.fonts.insert(key, font.clone());
        Some(font)
    }

    /// Runs a content stream, adding the glyphs it shows.
    fn run(
        &mut self,
        data: &[u8],
        resources: Option<&'a Dict>,
        mut gs: GraphicsState,
        glyphs: &mut Vec<Glyph>,
        depth: usize,
    ) -> PdfResult<()> {
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut operands: Vec<Object> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // Marked-content nesting: whether each level is an artifact, and the text it
        // stands for (`/ActualText`, e.g. Typst's real hyphens drawn with the glyph of a
        // soft one), until its first glyph has taken it.
        let mut marked: Vec<bool> = Vec::new();
        let mut actual: Vec<Option<String>> = Vec::new();
        let mut lexer = Lexer::new(data, 0);
        loop {
            let object = match lexer.object(true, 0) {
                Ok(Some(o)) => o,
                Ok(None) => break,
                // A broken operand (nesting too deep): skip a byte and go on.
                Err(_) => {
                    lexer.pos += 1;
                    operands.clear();
                    continue;
                }
            };
            let Object::Op(op) = object else {
                if operands.len() < 64 {
                    operands.push(object);
                }
                continue;
            };
            self.operators += 1;
            if self.operators > MAX_OPERATORS {
                return Err(PdfError(format!(
                    "more than {MAX_OPERATORS} drawing operators: not a text document"
                )));
            }
            let num = |i: usize| operands.get(i).and_then(Object::as_f64).unwrap_or(0.0);
            let artifact = marked.iter().any(|&a| a);
            match op.as_slice() {
                b"q" if stack.len() < 64 => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(saved) = stack.pop() {
                        gs = saved;
                    }
                }
                b"cm" if operands.len() >= 6 => {
                    let m = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    gs.ctm = mul(&m, &gs.ctm);
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tf" if operands.len() >= 2 => {
                    gs.font_size = num(1);
                    gs.font = operands[0]
                        .as_name()
                        .and_then(|name| self.font(resources, name));
                }
                b"Tc" => gs.char_spacing = num(0),
                b"Tw" => gs.word_spacing = num(0),
                b"Tz" => gs.horizontal_scale = num(0) / 100.0,
                b"TL" => gs.leading = num(0),
                b"Ts" => gs.rise = num(0),
                b"Td" | b"TD" => {
                    if op == b"TD" {
                        gs.leading = -num(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, num(0), num(1)], &tlm);
                    tm = tlm;
                }
                b"Tm" if operands.len() >= 6 => {
                    tlm = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op == b"'" || op == b"\"" {
                        if op == b"\"" {
                            gs.word_spacing = num(0);
                            gs.char_spacing = num(1);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    let Some(font) = gs.font.clone() else {
                        operands.clear();
                        continue;
                    };
                    let items: Vec<Object> = match operands.pop() {
                        Some(Object::Array(items)) => items,
                        Some(s @ Object::Str(_)) => vec![s],
                        _ => Vec::new(),
                    };
                    for item in items {
                        match item {
                            Object::Str(bytes) => {
                                let replacement = actual
                                    .iter_mut()
                                    .rev()
                                    .find_map(|a| a.as_mut().map(std::mem::take));
                                let replaced = actual.iter().any(Option::is_some);
                                let before = glyphs.len();
                                self.show(&font, &bytes, &gs, &mut tm, artifact, glyphs)?;
                                if replaced {
                                    // The span's text replaces its glyphs' own: the first
                                    // glyph carries it, the others none.
                                    let mut text = replacement;
                                    for g in &mut glyphs[before..] {
                                        g.text = text.take().unwrap_or_default();
                                    }
                                }
                            }
                            other => {
                                if let Some(n) = other.as_f64() {
                                    let tx = -n / 1000.0 * gs.font_size * gs.horizontal_scale;
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                }
                            }
                        }
                    }
                }
                b"BMC" | b"BDC" => {
                    let is_artifact = operands.first().is_some_and(|t| t.is_name("Artifact"));
                    let text = match operands.get(1) {
                        Some(Object::Dict(d)) => match d.get("ActualText") {
                            Some(Object::Str(s)) => Some(text_string(s)),
                            _ => None,
                        },
                        _ => None,
                    };
                    if marked.len() < 256 {
                        marked.push(is_artifact);
                        actual.push(text);
                    }
                }
                b"EMC" => {
                    marked.pop();
                    actual.pop();
                }
                b"ID" => {
                    // Inline image data: skip to the `EI` that ends it.
                    let rest = &data[lexer.pos.min(data.len())..];
                    let end = memchr::memmem::find_iter(rest, b"EI")
                        .find(|&i| {
                            i > 0
                                && rest[i - 1].is_ascii_whitespace()
                                && rest.get(i + 2).is_none_or(|b| b.is_ascii_whitespace())
                        })
                        .map_or(rest.len(), |i| i + 2);
                    lexer.pos += end;
                }
                b"Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = operands.first().and_then(Object::as_name)
                        && let Some(xobjects) =
                            resources.and_then(|r| self.doc.dict(self.doc.get(r, "XObject")))
                        && let Some((_, xobject)) = xobjects.0.iter().find(|(k, _)| k == name)
                        && let Object::Stream(dict, _) = self.doc.resolve(xobject)
                        && self.doc.get(dict, "Subtype").is_name("Form")
                        && let Ok(bytes) = self.doc.stream_data(xobject)
                    {
                        let mut inner = gs.clone();
                        if let Object::Array(m) = self.doc.get(dict, "Matrix") {
                            let v: Vec<f64> = m
                                .iter()
                                .filter_map(|o| self.doc.resolve(o).as_f64())
                                .collect();
                            if v.len() == 6 {
                                inner.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &gs.ctm);
                            }
                        }
                        let form_resources =
                            self.doc.dict(self.doc.get(dict, "Resources")).or(resources);
                        let before = glyphs.len();
                        self.run(&bytes, form_resources, inner, glyphs, depth + 1)?;
                        if artifact {
                            for g in &mut glyphs[before..] {
                                g.artifact = true;
                            }
                        }
                    }
                }
                _ => {}
            }
            operands.clear();
        }
        Ok(())
    }

    /// Places the glyphs of one shown string and advances the text matrix.
    fn show(
        &mut self,
        font: &Font,
        bytes: &[u8],
        gs: &GraphicsState,
        tm: &mut Matrix,
        artifact: bool,
        glyphs: &mut Vec<Glyph>,
    ) -> PdfResult<()> {
        for (code, text, width) in font.decode(bytes) {
            let m = mul(tm, &gs.ctm);
            let scale_x = m[0].hypot(m[1]);
            let scale_y = m[2].hypot(m[3]);
            let origin = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, gs.rise], &m);
            let mut advance = width * gs.font_size + gs.char_spacing;
            if font.is_word_space(code) {
                advance += gs.word_spacing;
            }
            advance *= gs.horizontal_scale;
            if !text.is_empty() {
                if glyphs.len() >= MAX_PAGE_GLYPHS {
                    return Err(PdfError(format!(
                        "a page with more than {MAX_PAGE_GLYPHS} characters: far more than a page of a report"
                    )));
                }
                glyphs.push(Glyph {
                    x: origin[4],
                    y: origin[5],
                    width: width * gs.font_size * gs.horizontal_scale * scale_x,
                    size: (gs.font_size * scale_y).abs(),
                    text,
                    artifact,
                });
            }
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
        }
        Ok(())
    }
}

/// A PDF text string: UTF-16 with its byte-order mark, or PDFDocEncoding (read as
/// Latin-1, which it matches for letters).
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| c.iter().fold(0u16, |a, &b| a << 8 | u16::from(b)))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Groups glyphs into lines: by baseline (a superscript joins the line it rises from),
/// then left to right, with a space where the gap between two glyphs is a word space.
fn lines_of(mut glyphs: Vec<Glyph>, height: f64) -> Vec<PdfLine> {
    glyphs.retain(|g| g.x.is_finite() && g.y.is_finite() && g.size.is_finite());
    for g in &mut glyphs {
        g.y = height - g.y;
        if g.size < 0.1 {
            g.size = 0.1;
        }
    }
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut clusters: Vec<Vec<Glyph>> = Vec::new();
    let mut anchor: Option<(f64, f64)> = None;
    for g in glyphs {
        match anchor {
            Some((y, size)) if g.y - y <= 0.45 * size.max(g.size) => {
                if let Some(c) = clusters.last_mut() {
                    c.push(g);
                }
            }
            _ => {
                anchor = Some((g.y, g.size));
                clusters.push(vec![g]);
            }
        }
    }
    clusters.into_iter().filter_map(line_of).collect()
}

fn line_of(mut glyphs: Vec<Glyph>) -> Option<PdfLine> {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let main = glyphs
        .iter()
        .max_by(|a, b| a.size.total_cmp(&b.size))?
        .clone();
    let mut text = String::new();
    let mut end: Option<f64> = None;
    let mut first_word: Option<f64> = None;
    let mut in_superscript = false;
    let x0 = glyphs.first()?.x;
    let mut x1 = x0;
    for g in glyphs.iter().filter(|g| !g.text.is_empty()) {
        // A no-break space joins what it separates: the first word runs on through it
        // (« Berlin plus » cannot break after «).
        let no_break = g
            .text
            .chars()
            .all(|c| matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}'));
        let space_like = !no_break && g.text.chars().all(char::is_whitespace);
        if let Some(e) = end {
            let gap = g.x - e;
            if gap > 0.18 * g.size.max(main.size * 0.6)
                && !space_like
                && !no_break
                && !text.ends_with(char::is_whitespace)
            {
                first_word.get_or_insert(e - x0);
                text.push(' ');
            }
        }
        if space_like {
            if !text.is_empty() && !text.ends_with(' ') {
                first_word.get_or_insert(g.x - x0);
                text.push(' ');
            }
        } else {
            // A raised, smaller glyph after a digit is an ordinal's superscript
            // (« 24^e »), written as the markup `^` that import turns into `^e^`.
            let raised = g.size < 0.85 * main.size && main.y - g.y > 0.15 * main.size;
            if raised && !in_superscript && text.ends_with(|c: char| c.is_ascii_digit()) {
                text.push('^');
            }
            in_superscript = raised;
            text.push_str(&g.text);
            x1 = x1.max(g.x + g.width);
        }
        end = Some(g.x + g.width);
    }
    let text = text.trim_end().to_string();
    if text.is_empty() {
        return None;
    }
    Some(PdfLine {
        first_word: first_word.unwrap_or(x1 - x0),
        text,
        x0,
        x1,
        y: main.y,
        size: main.size,
        artifact: glyphs.iter().all(|g| g.artifact),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small PDF made by Typst (`tests/fixtures/import/typst-small.pdf`): its running
    /// head is marked as an artifact, its real hyphens are drawn with the soft hyphen's
    /// glyph under an ActualText, its ordinal is a superscript.
    #[test]
    fn a_typst_pdf() {
        let pages = read_pdf(&fixture("typst-small.pdf")).unwrap();
        assert_eq!(pages.len(), 1);
        let lines = &pages[0].lines;
        assert!(
            lines[0].artifact && lines[0].text == "Rapport d’étape UE-OTAN",
            "{lines:#?}"
        );
        let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert!(
            text.iter().any(|t| t.contains("civilo-militaire")),
            "{text:#?}"
        );
        assert!(
            text.iter().any(|t| t.contains("euro-atlantique")),
            "{text:#?}"
        );
        // Typst draws the ordinal with the font's own superscript glyph, at the
        // baseline: the text says « 24e ».
        assert!(
            text.iter().any(|t| t.contains("24e conférence")),
            "{text:#?}"
        );
        // The typesetter's own hyphenation is a soft hyphen at the line's end.
        assert!(text.iter().any(|t| t.ends_with("notam\u{ad}")), "{text:#?}");
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/import/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// The same file saved by qpdf (pikepdf) with object streams and a cross-reference
    /// stream, as Word's and Acrobat's PDFs are: the same lines.
    #[test]
    fn object_streams_read_as_the_plain_file() {
        let plain = read_pdf(&fixture("typst-small.pdf")).unwrap();
        let packed = fixture("typst-small-objstm.pdf");
        assert!(memchr::memmem::find(&packed, b"/ObjStm").is_some());
        assert_eq!(read_pdf(&packed).unwrap(), plain);
    }

    #[test]
    fn an_encrypted_pdf_is_one_clear_error() {
        let e = read_pdf(&fixture("typst-small-encrypted.pdf")).unwrap_err();
        assert!(e.0.contains("encrypted"), "{e}");
    }

    #[test]
    fn a_raised_smaller_glyph_after_a_digit_is_a_superscript() {
        let glyph = |x: f64, y: f64, size: f64, text: &str| Glyph {
            x,
            y,
            width: 0.5 * size,
            size,
            text: text.into(),
            artifact: false,
        };
        let line = line_of(vec![
            glyph(0.0, 100.0, 10.0, "2"),
            glyph(5.0, 100.0, 10.0, "4"),
            glyph(10.0, 96.5, 6.5, "e"),
            glyph(16.0, 100.0, 10.0, "f"),
        ])
        .unwrap();
        assert_eq!(line.text, "24^e f");
    }

    #[test]
    fn actual_text_replaces_glyphs() {
        let ops =
            b"/Span<</ActualText(-)>>BDC 0 Tr/f0 8 Tf 1 0 0 -1 92.992 0 Tm(\\000\\025)Tj\nEMC";
        let mut lexer = Lexer::new(ops, 0);
        let mut all = Vec::new();
        while let Ok(Some(o)) = lexer.object(true, 0) {
            all.push(o);
        }
        assert_eq!(
            all[1],
            Object::Dict(Dict(vec![(
                b"ActualText".to_vec(),
                Object::Str(b"-".to_vec())
            )]))
        );
    }
}
