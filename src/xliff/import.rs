//! `rapporteur xliff import`: the translations of an XLIFF document become the
//! paragraphs of the translated sections, and their records name the source paragraphs
//! they now translate.
//!
//! A target is taken when the translator confirmed it (2.0 state `translated`,
//! `reviewed` or `final`; 1.2 `translated`, `signed-off`, `final` or `approved="yes"`),
//! or when its paragraph has no translation yet and the tool wrote one, whatever state
//! it left (OmegaT never changes a state). A target equal to its source is no
//! translation (CAT tools copy the source into segments they have nothing for): the
//! paragraph stays untranslated, and the summary counts it. A target whose inline codes
//! are not its source's is refused, that unit alone, with the reason.
//!
//! A unit is matched with the current source paragraph by its `rp:fingerprint` and its
//! source's text and codes. A confirmed unit whose source paragraph is no longer in the
//! source section, and whose target the translator changed, is stale — the source
//! changed since the export — and the whole file is refused before anything is written:
//! what the translator did must be carried over by exporting again (the CAT tool's
//! translation memory does that), never pasted over a newer source. A unit left as
//! exported says nothing new and is passed over, whatever its source did. A unit given
//! twice refuses the file too.

use std::collections::BTreeMap;
use std::path::Path;

use super::inline::{Piece, from_markdown, key, plain, target_markdown};
use super::read::{Document, File, Unit, read_document};
use crate::error::{Error, Result};
use crate::load::{Edition, SourceFile};
use crate::model::{Fingerprint, TranslationRecord};
use crate::translate::accept::Update;
use crate::translate::align::{Fate, Tracking, opening_words, same_as_source};
use crate::translate::history::require_committed;
use crate::translate::record::{BodyEdit, rewrite_checked};
use crate::translate::{Tracked, track_edition, translation_languages};

/// What an import will do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub lang: String,
    pub updates: Vec<Update>,
    /// Confirmed units taken into the sections (changed, added, or confirmed as they were).
    pub taken: usize,
    /// Units left as they were: not confirmed (state `initial`, `needs-…`) or empty.
    pub left: usize,
    /// Units whose target is their source (copied by the tool): left untranslated.
    pub copies: usize,
    /// Units refused one by one, each with its place and reason (their inline codes).
    pub refused: Vec<String>,
}

/// Plans the import of the XLIFF document `xml` (read from `path`, as messages name it).
pub fn plan_import(edition: &Edition, root: &Path, path: &str, xml: &str) -> Result<Plan> {
    let doc = read_document(path, xml).map_err(|e| {
        Error::Usage(format!(
            "{e}\n  help: give the XLIFF file `rapporteur xliff export` wrote, as the CAT tool saved it"
        ))
    })?;
    let lang = check_languages(edition, &doc, path)?;
    let tracked = track_edition(edition, root, Some(&lang));
    // Only a refusal needs positions: the line index is built then, once.
    let lines = std::cell::OnceCell::new();
    let locate = |offset: usize| -> String {
        let (line, col) = lines
            .get_or_init(|| SourceFile::new(path, xml.to_string()))
            .line_col(offset);
        format!("{path}:{line}:{col}")
    };

    let mut twice = Vec::new();
    for file in &doc.files {
        let k = section_of(&tracked, file, &locate, &lang)?;
        twice.extend(duplicates(file, &tracked[k].current, &locate));
    }
    if !twice.is_empty() {
        return Err(Error::Usage(format!(
            "{path}: {} unit{} given twice: which translation should win cannot be told; nothing was written\n  {}\n  help: keep one of each (a CAT tool saves each unit once; a file merged by hand may repeat some)",
            twice.len(),
            if twice.len() == 1 { " is" } else { "s are" },
            twice.join("\n  ")
        )));
    }
    // Per section (index in `tracked`): source paragraph index → target (Markdown).
    let mut taken: BTreeMap<usize, BTreeMap<usize, String>> = BTreeMap::new();
    let mut stale = Vec::new();
    let mut refused = Vec::new();
    let (mut count_taken, mut left, mut copies) = (0, 0, 0);
    for file in &doc.files {
        let k = section_of(&tracked, file, &locate, &lang)?;
        let t = &tracked[k];
        let keys: Vec<String> = t
            .pair
            .source
            .paragraph_texts()
            .map(|p| key(&from_markdown(p)))
            .collect();
        for unit in &file.units {
            let target = unit.target.as_deref().unwrap_or_default();
            let target_text = plain(target);
            if target_text.is_empty() {
                left += 1;
                continue;
            }
            let name = || {
                format!(
                    "{}: unit `{}` of `{}` («{}»)",
                    locate(unit.offset),
                    unit.id,
                    t.pair.domain,
                    opening_words(&unit.source_text(), 8)
                )
            };
            match source_paragraph(t, &keys, unit) {
                Ok(j) => {
                    if target_text == unit.source_text() {
                        copies += 1;
                        continue;
                    }
                    let translated = has_translation(t, j);
                    if !unit.confirmed && translated {
                        left += 1;
                        continue;
                    }
                    match target_markdown(&unit.source, target) {
                        Ok(markdown) => {
                            taken.entry(k).or_default().insert(j, markdown);
                            count_taken += 1;
                        }
                        Err(why) => refused.push(format!("{}: {why}", name())),
                    }
                }
                // A unit the translator left as exported says nothing new, even if its
                // source has changed since: it is left, not refused.
                Err(_) if !unit.confirmed || untouched(t, unit, target) => left += 1,
                Err(why) => stale.push(format!("{}: {why}", name())),
            }
        }
    }
    if !stale.is_empty() {
        return Err(Error::Usage(format!(
            "{} is stale: {} confirmed unit{} no longer match{} the `{}` text, which changed since the export; nothing was written\n  {}\n  help: export again (`rapporteur xliff export --lang {lang}`) and let the CAT tool's translation memory carry the work over",
            path,
            stale.len(),
            if stale.len() == 1 { "" } else { "s" },
            if stale.len() == 1 { "es" } else { "" },
            doc.source_lang,
            stale.join("\n  ")
        )));
    }

    // The source sections must be committed: the records will name HEAD.
    let touched: Vec<(&str, &[Fingerprint])> = taken
        .keys()
        .map(|&k| {
            (
                tracked[k].pair.source.file.path.as_str(),
                tracked[k].current.as_slice(),
            )
        })
        .collect();
    let head = if touched.is_empty() {
        None
    } else {
        Some(require_committed(root, &doc.source_lang, &touched)?)
    };
    let mut updates = Vec::new();
    for (&k, targets) in &taken {
        let t = &tracked[k];
        let Some(head) = &head else { break };
        if let Some(update) = plan_section(t, targets, head)? {
            updates.push(update);
        }
    }
    Ok(Plan {
        lang,
        updates,
        taken: count_taken,
        left,
        copies,
        refused,
    })
}

/// The document's languages must be the edition's source and one of its translations.
fn check_languages(edition: &Edition, doc: &Document, path: &str) -> Result<String> {
    let langs = translation_languages(edition, None)?;
    let source = edition.meta.value.source.clone().unwrap_or_default();
    if doc.source_lang != source {
        return Err(Error::Usage(format!(
            "{path} translates from `{}`, but this edition is drafted in `{source}`\n  help: import it into the repository it was exported from",
            doc.source_lang
        )));
    }
    if !langs.contains(&doc.target_lang) {
        return Err(Error::Usage(format!(
            "{path} translates into `{}`, which is not a translation language of this edition ({})",
            doc.target_lang,
            langs.join(", ")
        )));
    }
    Ok(doc.target_lang.clone())
}

/// The tracked section an XLIFF `<file>` is about.
fn section_of(
    tracked: &[Tracked<'_>],
    file: &File,
    locate: &dyn Fn(usize) -> String,
    lang: &str,
) -> Result<usize> {
    let found = tracked.iter().position(|t| {
        Some(t.pair.domain) == file.domain.as_deref()
            || (file.domain.is_none()
                && file.original.as_deref() == Some(t.pair.source.file.path.as_str()))
    });
    found.ok_or_else(|| {
        // translate-toolkit's po2xliff adds a PO file's units in a `<file>` of their own,
        // named after the PO file, instead of filling the template's.
        let help = if file.original.as_deref().is_some_and(|o| o.ends_with(".po")) {
            "this is how `po2xliff -t` writes a PO file back: it adds its units beside the template's instead of filling them; merge the PO into the export with `pomerge -t EXPORT.xlf -i EDITED.po -o BACK.xlf` and import BACK.xlf"
        } else {
            "import the file into the repository it was exported from"
        };
        Error::Usage(format!(
            "{}: this file is about {}, which has no `{lang}` section translating a source section here; nothing was written\n  help: {help}",
            locate(file.offset),
            match (&file.domain, &file.original) {
                (Some(d), _) => format!("domain `{d}`"),
                (None, Some(o)) => format!("`{o}`"),
                (None, None) => "no domain".to_string(),
            }
        ))
    })
}

/// Units given twice in one `<file>`: the same id, or the same fingerprint more often
/// than the source section (whose current fingerprints are `current`) has that
/// paragraph. Which target should win is anyone's guess: each pair is named.
fn duplicates(
    file: &File,
    current: &[Fingerprint],
    locate: &dyn Fn(usize) -> String,
) -> Vec<String> {
    let mut found = Vec::new();
    for (b, unit) in file.units.iter().enumerate() {
        let earlier = &file.units[..b];
        let same_id = earlier
            .iter()
            .find(|a| !unit.id.is_empty() && a.id == unit.id);
        let same_fingerprint = || {
            let fp = unit.fingerprint.as_ref()?;
            let before: Vec<&Unit> = earlier
                .iter()
                .filter(|a| a.fingerprint.as_ref() == Some(fp))
                .collect();
            // Identical source paragraphs share a fingerprint, one unit each.
            let allowed = current.iter().filter(|c| c.as_str() == fp).count().max(1);
            (before.len() >= allowed).then(|| before[0])
        };
        if let Some(a) = same_id.or_else(same_fingerprint) {
            found.push(format!(
                "{} and {}: units `{}` and `{}` («{}») are the same unit",
                locate(a.offset),
                locate(unit.offset),
                a.id,
                unit.id,
                opening_words(&unit.source_text(), 8)
            ));
        }
    }
    found
}

/// Whether source paragraph `j` has a translation in the section (or may have: without
/// an alignment, only a confirmed target is taken). A paragraph that is its source
/// (F006) has none.
fn has_translation(t: &Tracked<'_>, j: usize) -> bool {
    t.tracking.steps().is_none_or(|steps| {
        steps.iter().any(|s| {
            s.source == Some(j)
                && s.recorded.is_some_and(|i| {
                    !same_as_source(t.pair.translation.paragraph(i), t.pair.source.paragraph(j))
                })
        })
    })
}

/// Whether a unit's target is the translation the section holds, as exported, for the
/// source paragraph the unit's fingerprint names.
fn untouched(t: &Tracked<'_>, unit: &Unit, target: &[Piece]) -> bool {
    let (Some(fingerprint), Some(record)) = (&unit.fingerprint, t.pair.record()) else {
        return false;
    };
    let Ok(target) = target_markdown(&unit.source, target) else {
        return false;
    };
    let section = t.pair.translation;
    record.paragraphs.iter().enumerate().any(|(i, recorded)| {
        recorded.as_str() == fingerprint
            && i < section.paragraphs.len()
            && key(&from_markdown(section.paragraph(i))) == key(&from_markdown(&target))
    })
}

/// The current source paragraph a unit translates, or why it has none. `keys` are the
/// current source paragraphs' [`key`]s.
fn source_paragraph(
    t: &Tracked<'_>,
    keys: &[String],
    unit: &Unit,
) -> std::result::Result<usize, String> {
    let unit_key = key(&unit.source);
    let candidates: Vec<usize> = match &unit.fingerprint {
        Some(recorded) => {
            let same: Vec<usize> = (0..t.current.len())
                .filter(|&j| t.current[j].as_str() == recorded)
                .collect();
            if let Some(&j) = same.first()
                && keys[j] != unit_key
            {
                return Err(format!(
                    "its source text was changed in the file (it no longer reads as the paragraph of fingerprint {recorded}); the source is the `{}` text, edit only targets",
                    t.pair.source.lang
                ));
            }
            same
        }
        None => (0..keys.len()).filter(|&j| keys[j] == unit_key).collect(),
    };
    // Identical paragraphs: the unit's id (`p3`) says which.
    let by_id = unit
        .id
        .strip_prefix('p')
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| n.checked_sub(1))
        .filter(|j| candidates.contains(j));
    by_id.or(candidates.first().copied()).ok_or_else(|| {
        format!(
            "its source paragraph is no longer in {}",
            t.pair.source.file.path
        )
    })
}

/// The rewrite of one section: targets in place of (or beside) its paragraphs, and its
/// record naming the source paragraphs they translate, at `head`.
fn plan_section(
    t: &Tracked<'_>,
    targets: &BTreeMap<usize, String>,
    head: &crate::model::CommitId,
) -> Result<Option<Update>> {
    let section = t.pair.translation;
    let steps = match &t.tracking {
        Tracking::Aligned(steps) => steps,
        Tracking::NoRecord => {
            return Err(Error::Usage(format!(
                "{}: no translation record, so its paragraphs cannot be matched with the units; nothing was written\n  help: `rapporteur translate init --lang {}` first",
                section.file.path, t.lang
            )));
        }
        Tracking::Misfit { .. } => {
            return Err(Error::Usage(format!(
                "{}: its translation record does not fit its paragraphs; nothing was written\n  help: `rapporteur check` says more",
                section.file.path
            )));
        }
    };
    let Some(old_record) = t.pair.record() else {
        return Ok(None);
    };
    let mut record = TranslationRecord::translated(head.clone(), Vec::new());
    let mut body = BodyEdit::default();
    let (mut changed, mut added, mut confirmed) = (0, 0, 0);
    for (k, step) in steps.iter().enumerate() {
        // Where a new translation goes: before the next translated paragraph.
        let before = || {
            steps[k + 1..]
                .iter()
                .find_map(|s| s.recorded)
                .unwrap_or(section.paragraphs.len())
        };
        match (step.fate, step.recorded, step.source) {
            (Fate::Unchanged | Fate::Edited, Some(i), Some(j)) => match targets.get(&j) {
                Some(target) => {
                    // Compared as text and markup (a drafters' comment in the line
                    // is kept when the translation comes back as it was).
                    if key(&from_markdown(section.paragraph(i))) != key(&from_markdown(target)) {
                        body.replace.push((i, target.clone()));
                        changed += 1;
                    } else if old_record.paragraphs[i] != t.current[j] {
                        confirmed += 1;
                    }
                    record.paragraphs.push(t.current[j].clone());
                }
                None => record.paragraphs.push(old_record.paragraphs[i].clone()),
            },
            (Fate::Added | Fate::Untranslated, None, Some(j)) => match targets.get(&j) {
                Some(target) => {
                    body.insert.push((before(), target.clone()));
                    record.paragraphs.push(t.current[j].clone());
                    added += 1;
                }
                // Still untranslated, known now by its current text (the record names
                // HEAD); a paragraph added since stays what it was.
                None if step.fate == Fate::Untranslated => record
                    .untranslated
                    .push((record.paragraphs.len(), t.current[j].clone())),
                None => {}
            },
            (_, Some(i), _) => record.paragraphs.push(old_record.paragraphs[i].clone()),
            _ => {}
        }
    }
    if record.paragraphs == old_record.paragraphs && changed == 0 && added == 0 {
        return Ok(None);
    }
    let text = rewrite_checked(section, &record, &body).map_err(|why| {
        Error::Usage(format!(
            "{}: {why}\n  help: repair the file, then import again",
            section.file.path
        ))
    })?;
    Ok(Some(Update {
        path: section.file.path.clone(),
        original: section.file.text.clone(),
        text,
        summary: format!(
            "{}: {changed} paragraph{} updated, {added} added{}{}",
            section.file.path,
            if changed == 1 { "" } else { "s" },
            if confirmed > 0 {
                format!(", {confirmed} confirmed as they were")
            } else {
                String::new()
            },
            match record.untranslated.len() {
                0 => String::new(),
                n => format!(", {n} still untranslated"),
            }
        ),
    }))
}
