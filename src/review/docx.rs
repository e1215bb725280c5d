//! Reading a returned Word file: per paragraph of the body, its text before and after
//! the reviewer's tracked changes, rapporteur's bookmarks in it, and the comments with
//! their anchors, authors, dates, replies and state.
//!
//! Tracked changes in WordprocessingML: `w:ins` and `w:moveTo` hold text the reviewer
//! added, `w:del` and `w:moveFrom` text they removed (kept as `w:delText`); a paragraph
//! mark inserted or deleted is `w:ins`/`w:del` inside the paragraph's `w:pPr/w:rPr`.
//! Formatting changes (`w:rPrChange`, `w:pPrChange`) change no text: their runs count
//! as they read, and the old formatting is ignored. The text "before" is what rejecting
//! every change gives, the text "after" what accepting every change gives.
//!
//! Only the main body is read; text boxes, drawings and alternate content are not
//! section text. The reader is a single pass of quick-xml with counters, never a tree:
//! memory stays proportional to the text.

use std::collections::{BTreeMap, HashMap};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::assemble::identity::Mark;

const W_MAIN: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
const W15: &str = "http://schemas.microsoft.com/office/word/2012/wordml";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const CUSTOM: &str = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties";

/// How much anchor text a comment keeps (the quote is for people to recognise the
/// place, not a copy of the report).
const MAX_ANCHOR_BYTES: usize = 4000;
/// How many comment ranges may be open at once (Word files have a handful).
const MAX_OPEN_COMMENTS: usize = 100;

/// One paragraph of the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// The text with every change rejected.
    pub before: String,
    /// The text with every change accepted.
    pub after: String,
    /// The paragraph mark was inserted by a tracked change: before the change, this
    /// paragraph and the next were one.
    pub mark_inserted: bool,
    /// The paragraph mark was deleted by a tracked change: once accepted, this paragraph
    /// and the next are one.
    pub mark_deleted: bool,
    /// Tracked changes of text inside it (insertions, deletions, moves).
    pub changes: usize,
    /// rapporteur's bookmarks starting in it (or just before it, between paragraphs).
    pub marks: Vec<Mark>,
    /// Whether it is inside a table.
    pub in_table: bool,
}

/// A comment of `word/comments.xml`, with what the body and `commentsExtended.xml` say
/// of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comment {
    pub id: String,
    pub author: String,
    /// As written (`2026-03-02T10:15:00Z`), when there is one.
    pub date: Option<String>,
    pub text: String,
    /// The body paragraph where its anchor starts (or its reference is), when found.
    pub paragraph: Option<usize>,
    /// The text it is anchored to.
    pub anchor: String,
    /// `w14:paraId` of its last paragraph: what replies point at.
    pub para_id: Option<String>,
    /// The comment it replies to (`w15:paraIdParent`), by `para_id`.
    pub parent: Option<String>,
    /// Marked done (resolved) in Word.
    pub done: bool,
}

/// What a returned Word file holds for `review import`.
#[derive(Debug, Clone, Default)]
pub struct Returned {
    /// Custom document properties, by name.
    pub properties: BTreeMap<String, String>,
    pub paragraphs: Vec<Paragraph>,
    pub comments: Vec<Comment>,
}

/// Reads the parts: `document` (`word/document.xml`), and when the package has them
/// `comments` (`word/comments.xml`), `extended` (`word/commentsExtended.xml`) and
/// `custom` (`docProps/custom.xml`). Errors name the part and the byte offset.
pub fn read_returned(
    document: &str,
    comments: Option<&str>,
    extended: Option<&str>,
    custom: Option<&str>,
) -> Result<Returned, String> {
    let mut returned = Returned {
        properties: match custom {
            Some(xml) => read_properties(xml).map_err(|e| format!("docProps/custom.xml: {e}"))?,
            None => BTreeMap::new(),
        },
        ..Default::default()
    };
    let anchors = read_body(document, &mut returned.paragraphs)
        .map_err(|e| format!("word/document.xml: {e}"))?;
    if let Some(xml) = comments {
        returned.comments = read_comments(xml).map_err(|e| format!("word/comments.xml: {e}"))?;
    }
    if let Some(xml) = extended {
        let states = read_extended(xml).map_err(|e| format!("word/commentsExtended.xml: {e}"))?;
        for c in &mut returned.comments {
            if let Some((parent, done)) = c.para_id.as_ref().and_then(|p| states.get(p)) {
                c.parent = parent.clone();
                c.done = *done;
            }
        }
    }
    for c in &mut returned.comments {
        if let Some(anchor) = anchors.get(&c.id) {
            c.paragraph = anchor.paragraph;
            c.anchor = normalise_spaces(&anchor.text);
        }
    }
    Ok(returned)
}

/// Where a comment is anchored in the body.
#[derive(Debug, Default)]
struct Anchor {
    paragraph: Option<usize>,
    text: String,
}

fn normalise_spaces(text: &str) -> String {
    crate::model::fingerprint::normalise(text)
}

/// The kind of namespace an element is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    W14,
    W15,
    Mc,
    Custom,
    Other,
}

fn ns_of(result: &ResolveResult<'_>) -> Ns {
    match result {
        ResolveResult::Bound(ns) if ns.0 == W_MAIN || ns.0 == W_STRICT => Ns::W,
        ResolveResult::Bound(ns) if ns.0 == W14 => Ns::W14,
        ResolveResult::Bound(ns) if ns.0 == W15 => Ns::W15,
        ResolveResult::Bound(ns) if ns.0 == MC => Ns::Mc,
        ResolveResult::Bound(ns) if ns.0 == CUSTOM => Ns::Custom,
        _ => Ns::Other,
    }
}

/// An attribute's value by namespace and local name.
fn attribute(
    reader: &NsReader<&[u8]>,
    element: &BytesStart<'_>,
    ns: Ns,
    local: &[u8],
) -> Option<String> {
    for attr in element.attributes().flatten() {
        let (resolved, name) = reader.resolver().resolve_attribute(attr.key);
        if name.as_ref().as_bytes() == local && ns_of(&resolved) == ns {
            return attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned());
        }
    }
    None
}

/// An element's start, as the readers below see it.
struct Start {
    ns: Ns,
    local: Vec<u8>,
}

/// Reads events until the end, calling `on` with each start (and `empty` for
/// self-closing ones), end and text. `Err` on malformed XML, with the offset.
fn walk(
    xml: &str,
    mut on: impl FnMut(&NsReader<&[u8]>, Step<'_>) -> Result<(), String>,
) -> Result<(), String> {
    let mut reader = NsReader::from_reader(xml.as_bytes());
    loop {
        let (ns, event) = match reader.read_resolved_event() {
            Ok((resolved, event)) => (ns_of(&resolved), event),
            Err(e) => {
                let message = e.to_string();
                return Err(format!(
                    "not well-formed XML at byte {}: {message}",
                    reader.error_position()
                ));
            }
        };
        match event {
            Event::Start(e) => {
                let start = Start {
                    ns,
                    local: e.local_name().as_ref().as_bytes().to_vec(),
                };
                on(&reader, Step::Open(&start, &e))?;
            }
            Event::Empty(e) => {
                let start = Start {
                    ns,
                    local: e.local_name().as_ref().as_bytes().to_vec(),
                };
                on(&reader, Step::Open(&start, &e))?;
                on(&reader, Step::Close(ns, &start.local))?;
            }
            Event::End(e) => {
                let local = e.local_name().as_ref().as_bytes().to_vec();
                on(&reader, Step::Close(ns, &local))?;
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                on(&reader, Step::Text(&text))?;
            }
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_xml_entity(&r) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(format!(
                                "unknown entity `&{};` at byte {}",
                                &*r,
                                reader.buffer_position()
                            ));
                        }
                    },
                    Err(e) => return Err(format!("{e} at byte {}", reader.buffer_position())),
                };
                on(&reader, Step::Text(&text))?;
            }
            Event::CData(t) => {
                let text = t.xml10_content();
                on(&reader, Step::Text(&text))?;
            }
            Event::DocType(_) => {
                return Err("a DOCTYPE declaration: Word files have none".into());
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

enum Step<'a> {
    Open(&'a Start, &'a BytesStart<'a>),
    Close(Ns, &'a [u8]),
    Text(&'a str),
}

/// The state of the body reader.
#[derive(Default)]
struct Body {
    /// Depths of the elements that decide where text goes.
    ins: u32,
    del: u32,
    move_to: u32,
    move_from: u32,
    /// Inside something whose text is not body text (text boxes, drawings, fallbacks,
    /// field instructions).
    skip: u32,
    /// Inside a `w:t` / `w:delText`.
    text: u32,
    /// Inside `w:pPr` (and its `w:rPr`: the paragraph mark's properties).
    ppr: u32,
    ppr_rpr: u32,
    /// Inside `w:rPrChange` / `w:pPrChange`: old formatting, no text of the paragraph.
    formatting: u32,
    tables: u32,
    /// The paragraph being read, and its nesting depth (paragraphs in text boxes are
    /// skipped, so at most one is open).
    current: Option<Paragraph>,
    /// Bookmarks started between paragraphs, for the next one.
    pending: Vec<Mark>,
    /// Comments whose range is open, and where each is anchored.
    open_comments: Vec<String>,
    anchors: HashMap<String, Anchor>,
}

impl Body {
    fn push_text(&mut self, text: &str, paragraphs: &[Paragraph]) {
        let before = self.ins == 0 && self.move_to == 0;
        let after = self.del == 0 && self.move_from == 0;
        if let Some(p) = self.current.as_mut() {
            if before {
                p.before.push_str(text);
            }
            if after {
                p.after.push_str(text);
                for id in &self.open_comments {
                    let anchor = self.anchors.entry(id.clone()).or_default();
                    anchor.paragraph.get_or_insert(paragraphs.len());
                    if anchor.text.len() < MAX_ANCHOR_BYTES {
                        anchor.text.push_str(text);
                    }
                }
            }
        }
    }
}

/// The body's paragraphs; returns where each comment is anchored.
fn read_body(
    xml: &str,
    paragraphs: &mut Vec<Paragraph>,
) -> Result<HashMap<String, Anchor>, String> {
    let mut b = Body::default();
    let mut saw_body = false;
    walk(xml, |reader, step| {
        match step {
            Step::Open(start, e) => {
                if b.skip > 0 {
                    b.skip += 1;
                    return Ok(());
                }
                match (start.ns, start.local.as_slice()) {
                    (Ns::W, b"body") => saw_body = true,
                    (
                        Ns::W,
                        b"txbxContent" | b"drawing" | b"pict" | b"object" | b"instrText"
                        | b"delInstrText",
                    )
                    | (Ns::Mc, b"Fallback") => b.skip = 1,
                    (Ns::W, b"p") if b.current.is_none() => {
                        b.current = Some(Paragraph {
                            marks: std::mem::take(&mut b.pending),
                            in_table: b.tables > 0,
                            ..Default::default()
                        });
                    }
                    (Ns::W, b"tbl") => b.tables += 1,
                    (Ns::W, b"pPr") => b.ppr += 1,
                    (Ns::W, b"rPr") if b.ppr > 0 => b.ppr_rpr += 1,
                    (Ns::W, b"rPrChange" | b"pPrChange") => b.formatting += 1,
                    (Ns::W, b"ins" | b"moveTo") if b.ppr_rpr > 0 && b.formatting == 0 => {
                        if let Some(p) = b.current.as_mut() {
                            p.mark_inserted = true;
                        }
                    }
                    (Ns::W, b"del" | b"moveFrom") if b.ppr_rpr > 0 && b.formatting == 0 => {
                        if let Some(p) = b.current.as_mut() {
                            p.mark_deleted = true;
                        }
                    }
                    (Ns::W, b"ins" | b"del" | b"moveTo" | b"moveFrom") if b.ppr == 0 => {
                        match start.local.as_slice() {
                            b"ins" => b.ins += 1,
                            b"del" => b.del += 1,
                            b"moveTo" => b.move_to += 1,
                            _ => b.move_from += 1,
                        }
                        if let Some(p) = b.current.as_mut() {
                            p.changes += 1;
                        }
                    }
                    (Ns::W, b"t" | b"delText") if b.ppr == 0 && b.formatting == 0 => b.text += 1,
                    (Ns::W, b"tab" | b"br" | b"cr") if b.ppr == 0 && b.formatting == 0 => {
                        let page = start.local.as_slice() == b"br"
                            && attribute(reader, e, Ns::W, b"type").as_deref() == Some("page");
                        if !page {
                            b.push_text(" ", paragraphs);
                        }
                    }
                    (Ns::W, b"noBreakHyphen") if b.ppr == 0 => b.push_text("\u{2011}", paragraphs),
                    (Ns::W, b"bookmarkStart") => {
                        if let Some(mark) =
                            attribute(reader, e, Ns::W, b"name").and_then(|n| Mark::parse(&n))
                        {
                            match b.current.as_mut() {
                                Some(p) => p.marks.push(mark),
                                None => b.pending.push(mark),
                            }
                        }
                    }
                    (Ns::W, b"commentRangeStart") => {
                        if let Some(id) = attribute(reader, e, Ns::W, b"id") {
                            if !b.open_comments.contains(&id)
                                && b.open_comments.len() < MAX_OPEN_COMMENTS
                            {
                                b.open_comments.push(id.clone());
                            }
                            let here = paragraphs.len();
                            b.anchors
                                .entry(id)
                                .or_default()
                                .paragraph
                                .get_or_insert(here);
                        }
                    }
                    (Ns::W, b"commentRangeEnd") => {
                        if let Some(id) = attribute(reader, e, Ns::W, b"id") {
                            b.open_comments.retain(|o| *o != id);
                        }
                    }
                    (Ns::W, b"commentReference") => {
                        if let Some(id) = attribute(reader, e, Ns::W, b"id") {
                            let here = paragraphs.len();
                            b.anchors
                                .entry(id)
                                .or_default()
                                .paragraph
                                .get_or_insert(here);
                        }
                    }
                    _ => {}
                }
            }
            Step::Close(ns, local) => {
                if b.skip > 0 {
                    b.skip -= 1;
                    return Ok(());
                }
                if ns != Ns::W {
                    return Ok(());
                }
                match local {
                    b"p" => {
                        if let Some(p) = b.current.take() {
                            paragraphs.push(p);
                        }
                    }
                    b"tbl" => b.tables = b.tables.saturating_sub(1),
                    b"pPr" => {
                        b.ppr = b.ppr.saturating_sub(1);
                        b.ppr_rpr = 0;
                    }
                    b"rPr" if b.ppr > 0 => b.ppr_rpr = b.ppr_rpr.saturating_sub(1),
                    b"rPrChange" | b"pPrChange" => b.formatting = b.formatting.saturating_sub(1),
                    b"ins" if b.ppr == 0 => b.ins = b.ins.saturating_sub(1),
                    b"del" if b.ppr == 0 => b.del = b.del.saturating_sub(1),
                    b"moveTo" if b.ppr == 0 => b.move_to = b.move_to.saturating_sub(1),
                    b"moveFrom" if b.ppr == 0 => b.move_from = b.move_from.saturating_sub(1),
                    b"t" | b"delText" => b.text = b.text.saturating_sub(1),
                    _ => {}
                }
            }
            Step::Text(text) => {
                if b.skip == 0 && b.text > 0 {
                    b.push_text(text, paragraphs);
                }
            }
        }
        Ok(())
    })?;
    if !saw_body {
        return Err("no document body (`w:body`): this is not a Word document".into());
    }
    Ok(b.anchors)
}

/// `word/comments.xml`: each comment's id, author, date, text and the `w14:paraId` of
/// its last paragraph.
fn read_comments(xml: &str) -> Result<Vec<Comment>, String> {
    let mut comments = Vec::new();
    let mut current: Option<Comment> = None;
    let (mut text_depth, mut skip, mut del) = (0u32, 0u32, 0u32);
    let mut paragraphs_in_comment = 0usize;
    walk(xml, |reader, step| {
        match step {
            Step::Open(start, e) => {
                if skip > 0 {
                    skip += 1;
                    return Ok(());
                }
                match (start.ns, start.local.as_slice()) {
                    (Ns::W, b"comment") => {
                        paragraphs_in_comment = 0;
                        current = Some(Comment {
                            id: attribute(reader, e, Ns::W, b"id").unwrap_or_default(),
                            author: attribute(reader, e, Ns::W, b"author").unwrap_or_default(),
                            date: attribute(reader, e, Ns::W, b"date"),
                            ..Default::default()
                        });
                    }
                    (Ns::W, b"p") => {
                        if let Some(c) = current.as_mut() {
                            if paragraphs_in_comment > 0 {
                                c.text.push('\n');
                            }
                            paragraphs_in_comment += 1;
                            if let Some(id) = attribute(reader, e, Ns::W14, b"paraId") {
                                c.para_id = Some(id);
                            }
                        }
                    }
                    (Ns::W, b"t") => text_depth += 1,
                    (Ns::W, b"del" | b"moveFrom") => del += 1,
                    (Ns::W, b"tab" | b"br" | b"cr") => {
                        if let Some(c) = current.as_mut() {
                            c.text.push(' ');
                        }
                    }
                    (Ns::W, b"instrText" | b"txbxContent" | b"drawing" | b"pict")
                    | (Ns::Mc, b"Fallback") => skip = 1,
                    _ => {}
                }
            }
            Step::Close(ns, local) => {
                if skip > 0 {
                    skip -= 1;
                    return Ok(());
                }
                match (ns, local) {
                    (Ns::W, b"comment") => {
                        if let Some(mut c) = current.take() {
                            c.text = c.text.trim().to_string();
                            comments.push(c);
                        }
                    }
                    (Ns::W, b"t") => text_depth = text_depth.saturating_sub(1),
                    (Ns::W, b"del" | b"moveFrom") => del = del.saturating_sub(1),
                    _ => {}
                }
            }
            Step::Text(text) => {
                if skip == 0
                    && text_depth > 0
                    && del == 0
                    && let Some(c) = current.as_mut()
                {
                    c.text.push_str(text);
                }
            }
        }
        Ok(())
    })?;
    Ok(comments)
}

/// `word/commentsExtended.xml`: per comment paragraph id, the comment it replies to and
/// whether it is done.
fn read_extended(xml: &str) -> Result<HashMap<String, (Option<String>, bool)>, String> {
    let mut out = HashMap::new();
    walk(xml, |reader, step| {
        if let Step::Open(start, e) = step
            && start.ns == Ns::W15
            && start.local == b"commentEx"
            && let Some(id) = attribute(reader, e, Ns::W15, b"paraId")
        {
            let parent = attribute(reader, e, Ns::W15, b"paraIdParent");
            let done = matches!(
                attribute(reader, e, Ns::W15, b"done").as_deref(),
                Some("1" | "true" | "on")
            );
            out.insert(id, (parent, done));
        }
        Ok(())
    })?;
    Ok(out)
}

/// `docProps/custom.xml`: the custom properties whose value is text.
fn read_properties(xml: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    let mut name: Option<String> = None;
    let mut value = String::new();
    walk(xml, |_, step| {
        match step {
            Step::Open(start, e) if start.ns == Ns::Custom && start.local == b"property" => {
                name = attribute_plain(e, b"name");
                value.clear();
            }
            Step::Close(Ns::Custom, b"property") => {
                if let Some(n) = name.take() {
                    out.insert(n, std::mem::take(&mut value));
                }
            }
            Step::Text(text) if name.is_some() && value.len() < 64 * 1024 => {
                value.push_str(text);
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(out)
}

/// An attribute without a namespace (`name="…"`).
fn attribute_plain(element: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref().as_bytes() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}
