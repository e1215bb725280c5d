//! `rapporteur xliff export`: one translation language's sections as an XLIFF document
//! (see the module above for its shape), written with quick-xml.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::inline::{Piece, from_markdown, to_xml};
use super::{NS_12, NS_20, NS_MDA, NS_RP, Version};
use crate::diff::words::{diff_words, split_words};
use crate::error::{Error, Result};
use crate::model::fingerprint::normalise;
use crate::translate::Tracked;
use crate::translate::align::{Fate, Step, Tracking, same_as_source};
use crate::translate::render::plain_change;

/// What to export.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub version: Version,
    /// Only the paragraphs whose translation is behind (edited or added in the source)
    /// or not translated yet.
    pub only_outdated: bool,
}

/// An XLIFF document and what it holds.
#[derive(Debug, Clone)]
pub struct Export {
    pub xml: String,
    pub files: usize,
    pub units: usize,
    /// Units whose translation is behind.
    pub outdated: usize,
    /// Units not translated yet (since `translate start`).
    pub untranslated: usize,
    /// Sections left out, with the reason (no record, a record that does not fit).
    pub skipped: Vec<String>,
}

/// One unit to write.
struct Unit {
    id: String,
    fingerprint: String,
    fate: Fate,
    source: Vec<Piece>,
    /// The current translation; for an untranslated paragraph in XLIFF 1.2, a copy of
    /// the source (see [`write_unit_12`]).
    target: Option<Vec<Piece>>,
    old_source: Option<String>,
    change: Option<String>,
    recorded: Option<String>,
}

/// One file to write.
struct File {
    domain: String,
    source_path: String,
    translation_path: String,
    units: Vec<Unit>,
}

/// Exports the tracked sections of `lang` (translated from `source`).
pub fn export(
    source: &str,
    lang: &str,
    edition_number: u32,
    tracked: &[Tracked<'_>],
    options: Options,
) -> Result<Export> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for t in tracked.iter().filter(|t| t.lang == lang) {
        let steps = match &t.tracking {
            Tracking::Aligned(steps) => steps,
            Tracking::NoRecord => {
                skipped.push(format!(
                    "{}: no translation record (`rapporteur translate init --lang {lang}` writes the first)",
                    t.pair.translation.file.path
                ));
                continue;
            }
            Tracking::Misfit { .. } => {
                skipped.push(format!(
                    "{}: its translation record does not fit its paragraphs (`rapporteur check` says more)",
                    t.pair.translation.file.path
                ));
                continue;
            }
        };
        let units: Vec<Unit> = steps
            .iter()
            .filter_map(|step| unit(t, step))
            .filter(|u| !options.only_outdated || u.fate != Fate::Unchanged)
            .collect();
        if units.is_empty() {
            continue;
        }
        files.push(File {
            domain: t.pair.domain.to_string(),
            source_path: t.pair.source.file.path.clone(),
            translation_path: t.pair.translation.file.path.clone(),
            units,
        });
    }
    let units = files.iter().map(|f| f.units.len()).sum();
    let count = |fate: &dyn Fn(Fate) -> bool| {
        files
            .iter()
            .flat_map(|f| &f.units)
            .filter(|u| fate(u.fate))
            .count()
    };
    let outdated = count(&|f| !matches!(f, Fate::Unchanged | Fate::Untranslated));
    let untranslated = count(&|f| f == Fate::Untranslated);
    let xml = if files.is_empty() {
        String::new()
    } else {
        let bytes = match options.version {
            Version::V2_0 => write_20(source, lang, edition_number, &files),
            Version::V1_2 => write_12(source, lang, edition_number, &files),
        }
        .map_err(|e| Error::Usage(format!("cannot write the XLIFF document: {e}")))?;
        String::from_utf8(bytes)
            .map_err(|e| Error::Usage(format!("cannot write the XLIFF document: {e}")))?
    };
    Ok(Export {
        xml,
        files: files.len(),
        units,
        outdated,
        untranslated,
        skipped,
    })
}

/// The unit of one step; none for a removed source paragraph (nothing to translate).
fn unit(t: &Tracked<'_>, step: &Step) -> Option<Unit> {
    let j = step.source?;
    let source_text = normalise(t.pair.source.paragraph(j));
    let source = from_markdown(t.pair.source.paragraph(j));
    // A translation that is its source (F006) is no translation: the unit goes out as
    // one to translate.
    let copy = step.recorded.is_some_and(|i| {
        same_as_source(t.pair.translation.paragraph(i), t.pair.source.paragraph(j))
    });
    let target = step
        .recorded
        .filter(|_| !copy)
        .map(|i| same_ids(&source, from_markdown(t.pair.translation.paragraph(i))));
    let fate = if copy { Fate::Untranslated } else { step.fate };
    let old_source = match step.fate {
        Fate::Edited => step
            .entry
            .and_then(|e| t.old_texts.get(e).cloned().flatten())
            .map(|o| normalise(&o)),
        _ => None,
    };
    let change = old_source
        .as_ref()
        .map(|old| plain_change(&diff_words(&split_words(old), &split_words(&source_text)).0));
    let recorded = match step.fate {
        Fate::Edited => step
            .recorded
            .and_then(|i| t.pair.record().map(|r| r.paragraphs[i].to_string())),
        _ => None,
    };
    Some(Unit {
        id: format!("p{}", j + 1),
        fingerprint: t.current[j].to_string(),
        fate,
        source,
        target,
        old_source,
        change,
        recorded,
    })
}

/// A translation's codes numbered as its source's: the k-th code of a style takes the id
/// of the source's k-th code of that style, so that a CAT tool pairs them; others get ids
/// after the source's.
fn same_ids(source: &[Piece], mut target: Vec<Piece>) -> Vec<Piece> {
    let source_codes: Vec<(&str, Option<super::inline::Style>)> = source
        .iter()
        .filter_map(|p| match p {
            Piece::Open { id, style } => Some((id.as_str(), *style)),
            _ => None,
        })
        .collect();
    let mut used = vec![false; source_codes.len()];
    let mut next = source_codes.len() + 1;
    let mut renamed: Vec<(String, String)> = Vec::new();
    for p in &mut target {
        match p {
            Piece::Open { id, style } => {
                let new = match (0..source_codes.len())
                    .find(|&k| !used[k] && source_codes[k].1 == *style)
                {
                    Some(k) => {
                        used[k] = true;
                        source_codes[k].0.to_string()
                    }
                    None => {
                        next += 1;
                        (next - 1).to_string()
                    }
                };
                renamed.push((id.clone(), new.clone()));
                *id = new;
            }
            Piece::Close { id } => {
                if let Some((_, new)) = renamed.iter().rev().find(|(old, _)| old == id) {
                    *id = new.clone();
                }
            }
            _ => {}
        }
    }
    target
}

/// Inline content (text and codes), written as it stands.
fn inline_xml(pieces: &[Piece], v2: bool) -> BytesText<'static> {
    BytesText::from_escaped(to_xml(pieces, v2))
}

/// Text content, escaping only what XML requires in text (`<`, `>`, `&`): apostrophes
/// and quotes stay as they are, as translators read them.
fn text(s: &str) -> BytesText<'_> {
    BytesText::from_escaped(quick_xml::escape::partial_escape(s))
}

/// What the notes say about a unit, for the translator.
fn notes(u: &Unit, source_lang: &str) -> Vec<(&'static str, String)> {
    match u.fate {
        Fate::Edited => {
            let mut out = vec![(
                "source-change",
                match &u.change {
                    Some(change) => format!(
                        "The source ({source_lang}) changed since this translation was made: {change}"
                    ),
                    None => format!(
                        "The source ({source_lang}) changed since this translation was made (its old text is not in the repository's history)."
                    ),
                },
            )];
            if let Some(old) = &u.old_source {
                out.push(("previous-source", old.clone()));
            }
            out
        }
        Fate::Added => vec![(
            "source-change",
            format!("A new source ({source_lang}) paragraph: it has no translation yet."),
        )],
        _ => Vec::new(),
    }
}

fn write_20(source: &str, lang: &str, edition: u32, files: &[File]) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let edition = edition.to_string();
    w.create_element("xliff")
        .with_attributes([
            ("xmlns", NS_20),
            ("xmlns:mda", NS_MDA),
            ("xmlns:rp", NS_RP),
            ("version", "2.0"),
            ("srcLang", source),
            ("trgLang", lang),
            ("rp:edition", edition.as_str()),
        ])
        .write_inner_content(|w| {
            for f in files {
                w.create_element("file")
                    .with_attributes([
                        ("id", f.domain.as_str()),
                        ("original", f.source_path.as_str()),
                        ("canResegment", "no"),
                        ("rp:domain", f.domain.as_str()),
                        ("rp:translation", f.translation_path.as_str()),
                    ])
                    .write_inner_content(|w| {
                        for u in &f.units {
                            write_unit_20(w, u, source)?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

fn write_unit_20(w: &mut Writer<Vec<u8>>, u: &Unit, source_lang: &str) -> io::Result<()> {
    w.create_element("unit")
        .with_attributes([
            ("id", u.id.as_str()),
            ("rp:fingerprint", u.fingerprint.as_str()),
            ("rp:status", u.fate.as_str()),
        ])
        .write_inner_content(|w| {
            // For a paragraph behind its source, the same facts for programs (`mda:`).
            let mut meta: Vec<(&str, &str)> = vec![("status", u.fate.as_str())];
            if let Some(recorded) = &u.recorded {
                meta.push(("recorded-fingerprint", recorded));
            }
            if let Some(old) = &u.old_source {
                meta.push(("previous-source", old));
            }
            if !matches!(u.fate, Fate::Unchanged | Fate::Untranslated) {
                w.create_element("mda:metadata").write_inner_content(|w| {
                    w.create_element("mda:metaGroup")
                        .with_attribute(("category", "rapporteur"))
                        .write_inner_content(|w| {
                            for (kind, value) in &meta {
                                w.create_element("mda:meta")
                                    .with_attribute(("type", *kind))
                                    .write_text_content(text(value))?;
                            }
                            Ok(())
                        })?;
                    Ok(())
                })?;
            }
            let notes = notes(u, source_lang);
            if !notes.is_empty() {
                w.create_element("notes").write_inner_content(|w| {
                    for (category, note) in &notes {
                        w.create_element("note")
                            .with_attribute(("category", *category))
                            .write_text_content(text(note))?;
                    }
                    Ok(())
                })?;
            }
            let state = if u.fate == Fate::Unchanged {
                "final"
            } else {
                "initial"
            };
            w.create_element("segment")
                .with_attribute(("state", state))
                .write_inner_content(|w| {
                    w.create_element("source")
                        .write_text_content(inline_xml(&u.source, true))?;
                    if let Some(target) = &u.target {
                        w.create_element("target")
                            .write_text_content(inline_xml(target, true))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn write_12(source: &str, lang: &str, edition: u32, files: &[File]) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let edition = edition.to_string();
    w.create_element("xliff")
        .with_attributes([
            ("xmlns", NS_12),
            ("xmlns:rp", NS_RP),
            ("version", "1.2"),
            ("rp:edition", edition.as_str()),
        ])
        .write_inner_content(|w| {
            for f in files {
                w.create_element("file")
                    .with_attributes([
                        ("original", f.source_path.as_str()),
                        ("source-language", source),
                        ("target-language", lang),
                        ("datatype", "plaintext"),
                        ("rp:domain", f.domain.as_str()),
                        ("rp:translation", f.translation_path.as_str()),
                    ])
                    .write_inner_content(|w| {
                        w.create_element("body").write_inner_content(|w| {
                            for u in &f.units {
                                write_unit_12(w, u, source)?;
                            }
                            Ok(())
                        })?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

fn write_unit_12(w: &mut Writer<Vec<u8>>, u: &Unit, source_lang: &str) -> io::Result<()> {
    let mut attrs = vec![
        ("id", u.id.as_str()),
        ("rp:fingerprint", u.fingerprint.as_str()),
        ("rp:status", u.fate.as_str()),
    ];
    if u.fate == Fate::Unchanged {
        attrs.push(("approved", "yes"));
    }
    w.create_element("trans-unit")
        .with_attributes(attrs)
        .write_inner_content(|w| {
            w.create_element("source")
                .write_text_content(inline_xml(&u.source, false))?;
            // A paragraph without translation gets a copy of its source as target, as
            // XLIFF 1.2 tools expect (OmegaT's filter translates the target's text and
            // leaves a unit without target out); `xliff import` never takes a target
            // equal to its source.
            let (state, target) = match (&u.target, u.fate) {
                (Some(target), Fate::Unchanged) => ("final", target),
                (Some(target), _) => ("needs-review-translation", target),
                (None, _) => ("needs-translation", &u.source),
            };
            w.create_element("target")
                .with_attribute(("state", state))
                .write_text_content(inline_xml(target, false))?;
            for (_, note) in notes(u, source_lang) {
                w.create_element("note")
                    .with_attributes([("from", "rapporteur"), ("annotates", "source")])
                    .write_text_content(text(&note))?;
            }
            Ok(())
        })?;
    Ok(())
}
