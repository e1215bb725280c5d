//! Reading an XLIFF document (2.0 or 1.2) back, with quick-xml, into what `xliff import`
//! needs: per file its domain, per unit its id, fingerprint, source, target and state,
//! and where the unit is in the document (for messages). A DOCTYPE or an entity other
//! than XML's five is refused with the line and column. Sources and targets are read as
//! [`Piece`]s: text and inline codes (`<pc>`, `<sc/>`/`<ec/>`, 1.2 `<g>`), other inline
//! elements by name; markers tools add (`<mrk>`, 1.2 `<mrk mtype="seg">` segments) are
//! read through, so that a segmented target comes back joined.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use super::inline::{Piece, Style};
use super::{NS_12, NS_20, NS_RP, Version};
use crate::load::SourceFile;

/// A document as read.
#[derive(Debug, Clone)]
pub struct Document {
    pub version: Version,
    pub source_lang: String,
    pub target_lang: String,
    pub files: Vec<File>,
}

/// One `<file>`.
#[derive(Debug, Clone)]
pub struct File {
    /// `rp:domain`, or else the file's id (2.0).
    pub domain: Option<String>,
    /// `original`.
    pub original: Option<String>,
    pub units: Vec<Unit>,
    /// Byte offset of the `<file>` tag.
    pub offset: usize,
}

/// One `<unit>` (2.0) or `<trans-unit>` (1.2).
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    /// `rp:fingerprint`, when the tool kept it.
    pub fingerprint: Option<String>,
    /// The source (segments joined).
    pub source: Vec<Piece>,
    /// The target, when there is one.
    pub target: Option<Vec<Piece>>,
    /// Whether the translation is confirmed: 2.0 state `translated`, `reviewed` or
    /// `final` on every segment; 1.2 target state `translated`, `signed-off` or `final`,
    /// or `approved="yes"`.
    pub confirmed: bool,
    /// The state as written (the first segment's, for 2.0), for messages.
    pub state: String,
    /// Byte offset of the unit's tag.
    pub offset: usize,
}

impl Unit {
    /// The source's text, codes left out.
    pub fn source_text(&self) -> String {
        super::inline::plain(&self.source)
    }
}

/// Reads a document; `path` names it in errors, which say `path:line:col: what`.
pub fn read_document(path: &str, xml: &str) -> Result<Document, String> {
    // Only an error needs a position: the line index is built then.
    let at = |offset: usize| -> String {
        let (line, col) = SourceFile::new(path, xml.to_string()).line_col(offset);
        format!("{path}:{line}:{col}")
    };
    let mut reader = NsReader::from_str(xml);
    let mut doc: Option<Document> = None;
    // Element path, by (namespace kind, local name).
    let mut stack: Vec<(Kind, String)> = Vec::new();
    let mut file_: Option<File> = None;
    let mut unit: Option<UnitBuilder> = None;
    // Where text goes: None, or Some(true) for the source, Some(false) for the target.
    let mut into: Option<bool> = None;
    // The inline elements open inside a source or target: the id of each code (`<pc>`,
    // `<g>`), `None` for an element read through.
    let mut inline_ids: Vec<Option<String>> = Vec::new();
    // Inside an element whose content is native code, not text (`<ph>`, `<bpt>`…).
    let mut skip = 0usize;
    loop {
        let offset = reader.buffer_position() as usize;
        let (kind, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (kind_of(&ns), event),
            Err(e) => {
                let message = e.to_string();
                return Err(format!(
                    "{}: not well-formed XML: {message}",
                    at(reader.error_position() as usize)
                ));
            }
        };
        match event {
            Event::DocType(_) => {
                return Err(format!(
                    "{}: a DOCTYPE is not allowed in an XLIFF file rapporteur reads",
                    at(offset)
                ));
            }
            Event::Start(e) if into.is_some() => {
                let name = local(&e);
                let id = inline(&reader, &e, kind, &name, &mut unit, into, &mut skip)
                    .map_err(|err| format!("{}: {err}", at(offset)))?;
                inline_ids.push(id);
                stack.push((kind, name));
            }
            Event::Empty(e) if into.is_some() => {
                let name = local(&e);
                let id = inline(&reader, &e, kind, &name, &mut unit, into, &mut skip)
                    .map_err(|err| format!("{}: {err}", at(offset)))?;
                end_inline(id, &name, &mut unit, into, &mut skip);
            }
            Event::End(_) if into.is_some() && !inline_ids.is_empty() => {
                if let Some((_, name)) = stack.pop() {
                    let id = inline_ids.pop().flatten();
                    end_inline(id, &name, &mut unit, into, &mut skip);
                }
            }
            Event::Start(e) => {
                let name = local(&e);
                open(
                    &reader, &e, kind, &name, offset, &at, &mut doc, &mut file_, &mut unit,
                    &mut into, &stack,
                )?;
                stack.push((kind, name));
            }
            Event::Empty(e) => {
                let name = local(&e);
                open(
                    &reader, &e, kind, &name, offset, &at, &mut doc, &mut file_, &mut unit,
                    &mut into, &stack,
                )?;
                close(kind, &name, &mut doc, &mut file_, &mut unit, &mut into);
            }
            Event::End(_) => {
                if let Some((kind, name)) = stack.pop() {
                    close(kind, &name, &mut doc, &mut file_, &mut unit, &mut into);
                }
            }
            Event::Text(t) if skip == 0 => {
                if let (Some(is_source), Some(u)) = (into, unit.as_mut()) {
                    let content = t.xml10_content();
                    u.push(is_source, &content);
                }
            }
            Event::CData(t) if skip == 0 => {
                if let (Some(is_source), Some(u)) = (into, unit.as_mut()) {
                    u.push(is_source, &t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_xml_entity(&r) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(format!("{}: unknown entity `&{};`", at(offset), &*r));
                        }
                    },
                    Err(e) => return Err(format!("{}: {e}", at(offset))),
                };
                if let (Some(is_source), Some(u), 0) = (into, unit.as_mut(), skip) {
                    u.push(is_source, &resolved);
                }
            }
            Event::Eof => {
                if let Some((_, name)) = stack.last() {
                    return Err(format!(
                        "{}: not well-formed XML: the file ends inside `<{name}>`",
                        at(xml.len())
                    ));
                }
                break;
            }
            _ => {}
        }
    }
    doc.ok_or_else(|| {
        format!(
            "{path}: not an XLIFF document (no <xliff> element in the XLIFF 2.0 or 1.2 namespace)"
        )
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xliff20,
    Xliff12,
    Rp,
    Other,
}

fn kind_of(ns: &ResolveResult<'_>) -> Kind {
    match ns {
        ResolveResult::Bound(Namespace(uri)) => match *uri {
            u if u == NS_20 => Kind::Xliff20,
            u if u == NS_12 => Kind::Xliff12,
            u if u == NS_RP => Kind::Rp,
            _ => Kind::Other,
        },
        _ => Kind::Other,
    }
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// The attributes of a tag: (namespace kind, local name, value).
fn attributes(
    reader: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    element: Kind,
) -> Result<Vec<(Kind, String, String)>, String> {
    let mut out = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| err.to_string())?;
        let (ns, name) = reader.resolver().resolve_attribute(attr.key);
        let kind = match ns {
            // Unprefixed attributes belong to no namespace: read them as the element's.
            ResolveResult::Unbound => element,
            other => kind_of(&other),
        };
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| err.to_string())?
            .into_owned();
        out.push((kind, name.as_ref().to_string(), value));
    }
    Ok(out)
}

fn get<'a>(attrs: &'a [(Kind, String, String)], kind: Kind, name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, n, _)| *k == kind && n == name)
        .map(|(_, _, v)| v.as_str())
}

#[derive(Debug, Default)]
struct UnitBuilder {
    id: String,
    fingerprint: Option<String>,
    source: Vec<Piece>,
    target: Option<Vec<Piece>>,
    states: Vec<String>,
    approved: bool,
    offset: usize,
}

impl UnitBuilder {
    fn pieces(&mut self, is_source: bool) -> &mut Vec<Piece> {
        if is_source {
            &mut self.source
        } else {
            self.target.get_or_insert_with(Vec::new)
        }
    }

    fn push(&mut self, is_source: bool, text: &str) {
        let pieces = self.pieces(is_source);
        match pieces.last_mut() {
            Some(Piece::Text(t)) => t.push_str(text),
            _ => pieces.push(Piece::Text(text.to_string())),
        }
    }
}

/// Inline elements whose content is native code rather than text.
const NATIVE_CODE: &[&str] = &["ph", "bpt", "ept", "it"];

/// An inline element opens inside a source or target: a code becomes a piece; returns
/// its id when it is a code that a closing tag ends (`<pc>`, `<g>`).
fn inline(
    reader: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    kind: Kind,
    name: &str,
    unit: &mut Option<UnitBuilder>,
    into: Option<bool>,
    skip: &mut usize,
) -> Result<Option<String>, String> {
    let (Some(is_source), Some(u)) = (into, unit.as_mut()) else {
        return Ok(None);
    };
    if *skip > 0 {
        *skip += 1;
        return Ok(None);
    }
    let attrs = attributes(reader, e, kind)?;
    let style = |key: &str| get(&attrs, kind, key).and_then(Style::named);
    let id = |key: &str| get(&attrs, kind, key).unwrap_or_default().to_string();
    let xliff = matches!(kind, Kind::Xliff20 | Kind::Xliff12);
    let piece = match name {
        // Markers and segment boundaries are read through.
        "mrk" | "sm" | "em" if xliff => None,
        "pc" if kind == Kind::Xliff20 => Some(Piece::Open {
            id: id("id"),
            style: style("subType"),
        }),
        "g" if kind == Kind::Xliff12 => Some(Piece::Open {
            id: id("id"),
            style: style("ctype"),
        }),
        "sc" if kind == Kind::Xliff20 => Some(Piece::Open {
            id: id("id"),
            style: style("subType"),
        }),
        "ec" if kind == Kind::Xliff20 => Some(Piece::Close { id: id("startRef") }),
        _ => {
            if NATIVE_CODE.contains(&name) {
                *skip = 1;
            }
            Some(Piece::Other(name.to_string()))
        }
    };
    let closing = match &piece {
        Some(Piece::Open { id, .. }) if matches!(name, "pc" | "g") => Some(id.clone()),
        _ => None,
    };
    if let Some(piece) = piece {
        u.pieces(is_source).push(piece);
    }
    Ok(closing)
}

/// An inline element ends: a `<pc>` or `<g>` closes its code.
fn end_inline(
    id: Option<String>,
    name: &str,
    unit: &mut Option<UnitBuilder>,
    into: Option<bool>,
    skip: &mut usize,
) {
    if *skip > 0 {
        // The native-code element itself ends when the count drops to zero.
        *skip -= 1;
        let _ = name;
        return;
    }
    if let (Some(id), Some(is_source), Some(u)) = (id, into, unit.as_mut()) {
        u.pieces(is_source).push(Piece::Close { id });
    }
}

#[allow(clippy::too_many_arguments)]
fn open(
    reader: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    kind: Kind,
    name: &str,
    offset: usize,
    at: &dyn Fn(usize) -> String,
    doc: &mut Option<Document>,
    file: &mut Option<File>,
    unit: &mut Option<UnitBuilder>,
    into: &mut Option<bool>,
    stack: &[(Kind, String)],
) -> Result<(), String> {
    let xliff = matches!(kind, Kind::Xliff20 | Kind::Xliff12);
    if !xliff {
        return Ok(());
    }
    let attrs = attributes(reader, e, kind).map_err(|err| format!("{}: {err}", at(offset)))?;
    let version = if kind == Kind::Xliff20 {
        Version::V2_0
    } else {
        Version::V1_2
    };
    match name {
        "xliff" if stack.is_empty() => {
            let (source, target) = match version {
                Version::V2_0 => (get(&attrs, kind, "srcLang"), get(&attrs, kind, "trgLang")),
                Version::V1_2 => (None, None),
            };
            *doc = Some(Document {
                version,
                source_lang: source.unwrap_or_default().to_string(),
                target_lang: target.unwrap_or_default().to_string(),
                files: Vec::new(),
            });
        }
        "file" => {
            let Some(d) = doc.as_mut() else {
                return Err(format!("{}: `<file>` outside `<xliff>`", at(offset)));
            };
            if d.version == Version::V1_2 {
                for (lang, key) in [
                    (&mut d.source_lang, "source-language"),
                    (&mut d.target_lang, "target-language"),
                ] {
                    let value = get(&attrs, kind, key).unwrap_or_default();
                    if lang.is_empty() {
                        *lang = value.to_string();
                    } else if lang != value {
                        return Err(format!(
                            "{}: `{key}=\"{value}\"` differs from the document's other files (`{lang}`)",
                            at(offset)
                        ));
                    }
                }
            }
            let domain = get(&attrs, Kind::Rp, "domain")
                .or_else(|| match d.version {
                    Version::V2_0 => get(&attrs, kind, "id"),
                    Version::V1_2 => None,
                })
                .map(str::to_string);
            *file = Some(File {
                domain,
                original: get(&attrs, kind, "original").map(str::to_string),
                units: Vec::new(),
                offset,
            });
        }
        "unit" | "trans-unit" => {
            if file.is_none() {
                return Err(format!("{}: `<{name}>` outside `<file>`", at(offset)));
            }
            *unit = Some(UnitBuilder {
                id: get(&attrs, kind, "id").unwrap_or_default().to_string(),
                fingerprint: get(&attrs, Kind::Rp, "fingerprint").map(str::to_string),
                approved: get(&attrs, kind, "approved") == Some("yes"),
                offset,
                ..UnitBuilder::default()
            });
        }
        "segment" => {
            if let Some(u) = unit.as_mut() {
                u.states
                    .push(get(&attrs, kind, "state").unwrap_or("initial").to_string());
            }
        }
        "source" | "target" => {
            // Only a unit's own source and target (not those of 1.2's `<alt-trans>`).
            let parent = stack.last().map(|(_, n)| n.as_str());
            let direct = matches!(
                parent,
                Some("segment") | Some("ignorable") | Some("trans-unit")
            );
            if let (true, Some(u)) = (direct, unit.as_mut()) {
                let is_source = name == "source";
                if !is_source {
                    u.target.get_or_insert_with(Vec::new);
                    if version == Version::V1_2 {
                        u.states
                            .push(get(&attrs, kind, "state").unwrap_or("").to_string());
                    }
                }
                *into = Some(is_source);
            }
        }
        _ => {}
    }
    Ok(())
}

fn close(
    kind: Kind,
    name: &str,
    doc: &mut Option<Document>,
    file: &mut Option<File>,
    unit: &mut Option<UnitBuilder>,
    into: &mut Option<bool>,
) {
    if !matches!(kind, Kind::Xliff20 | Kind::Xliff12) {
        return;
    }
    match name {
        "source" | "target" => *into = None,
        "unit" | "trans-unit" => {
            if let (Some(u), Some(f)) = (unit.take(), file.as_mut()) {
                let v2 = kind == Kind::Xliff20;
                let confirmed = if v2 {
                    !u.states.is_empty()
                        && u.states
                            .iter()
                            .all(|s| matches!(s.as_str(), "translated" | "reviewed" | "final"))
                } else {
                    u.approved
                        || u.states
                            .iter()
                            .any(|s| matches!(s.as_str(), "translated" | "signed-off" | "final"))
                };
                f.units.push(Unit {
                    id: u.id,
                    fingerprint: u.fingerprint,
                    source: u.source,
                    target: u.target,
                    confirmed,
                    state: u.states.first().cloned().unwrap_or_default(),
                    offset: u.offset,
                });
            }
        }
        "file" => {
            if let (Some(f), Some(d)) = (file.take(), doc.as_mut()) {
                d.files.push(f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:rp="urn:rapporteur:xliff:1" version="2.0" srcLang="en" trgLang="fr">
 <file id="cyber"><unit id="p2" rp:fingerprint="0123456789abcdef">
  <segment state="translated"><source>R&amp;D &lt;5&gt; &#233;t&#xE9;</source><target><![CDATA[R&D]]> &quot;ok&quot;</target></segment>
 </unit><unit id="p3"><segment><source>x</source></segment></unit></file>
</xliff>"#;

    #[test]
    fn reads_units_entities_and_states() {
        let doc = read_document("a.xlf", DOC).unwrap();
        assert_eq!(
            (doc.source_lang.as_str(), doc.target_lang.as_str()),
            ("en", "fr")
        );
        let f = &doc.files[0];
        assert_eq!(f.domain.as_deref(), Some("cyber"));
        let u = &f.units[0];
        assert_eq!(u.source_text(), "R&D <5> été");
        assert_eq!(
            u.target
                .as_deref()
                .map(super::super::inline::plain)
                .as_deref(),
            Some("R&D \"ok\"")
        );
        assert_eq!(u.fingerprint.as_deref(), Some("0123456789abcdef"));
        assert!(u.confirmed);
        assert!(
            !f.units[1].confirmed,
            "a segment without state is `initial`"
        );
        assert_eq!(f.units[1].target, None);
    }

    #[test]
    fn refuses_unknown_entities_with_their_place() {
        let err = read_document("a.xlf", &DOC.replace("&amp;D", "&nbsp;D")).unwrap_err();
        assert!(err.starts_with("a.xlf:4:"), "{err}");
        assert!(err.contains("unknown entity `&nbsp;`"), "{err}");
    }

    #[test]
    fn reads_codes_and_reads_through_segment_markers() {
        let doc = read_document(
            "a.xlf",
            &DOC.replace(
                "<target><![CDATA[R&D]]> &quot;ok&quot;</target>",
                "<target>a <pc id=\"1\" type=\"fmt\" subType=\"rp:sup\">b</pc> <mrk id=\"m\" translate=\"yes\">c</mrk><ph id=\"2\"/><sc id=\"3\"/>d<ec startRef=\"3\"/></target>",
            ),
        )
        .unwrap();
        let t = doc.files[0].units[0].target.clone().unwrap();
        use super::super::inline::Piece::*;
        assert_eq!(
            t,
            vec![
                Text("a ".into()),
                Open {
                    id: "1".into(),
                    style: Some(Style::Superscript)
                },
                Text("b".into()),
                Close { id: "1".into() },
                Text(" c".into()),
                Other("ph".into()),
                Open {
                    id: "3".into(),
                    style: None
                },
                Text("d".into()),
                Close { id: "3".into() },
            ]
        );
        // XLIFF 1.2 as Trados and memoQ save it: the target in segments, which are joined;
        // `<seg-source>` is not the source.
        let doc = read_document(
            "a.xlf",
            r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x" source-language="en" target-language="fr"><body>
<trans-unit id="p1"><source>One. Two.</source><seg-source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></seg-source>
<target state="translated"><mrk mtype="seg" mid="1">Un.</mrk> <mrk mtype="seg" mid="2">Deux <g id="1" ctype="italic">x</g><bpt id="9">&lt;b&gt;</bpt>.</mrk></target></trans-unit></body></file></xliff>"#,
        )
        .unwrap();
        let u = &doc.files[0].units[0];
        assert_eq!(u.source_text(), "One. Two.");
        let t = u.target.clone().unwrap();
        assert_eq!(super::super::inline::plain(&t), "Un. Deux x.");
        assert!(t.contains(&Other("bpt".into())), "{t:?}");
        assert!(u.confirmed);
    }
}
