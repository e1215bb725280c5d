//! `rapporteur xliff import`: the confirmed targets of an XLIFF document (2.0 state
//! `translated`, `reviewed` or `final`; 1.2 `translated`, `signed-off`, `final` or
//! `approved="yes"`) become the paragraphs of the translated sections, and their records
//! name the source paragraphs they now translate.
//!
//! A unit is matched with the current source paragraph by the fingerprint of its source
//! text (checked against its `rp:fingerprint`). A confirmed unit whose source paragraph
//! is no longer in the source section, and whose target the translator changed, is
//! stale — the source changed since the export — and the whole file is refused before
//! anything is written: what the translator did must be carried over by exporting again
//! (the CAT tool's translation memory does that), never pasted over a newer source. A
//! unit left as exported says nothing new and is passed over, whatever its source did.

use std::collections::BTreeMap;
use std::path::Path;

use super::read::{Document, File, Unit, read_document};
use crate::error::{Error, Result};
use crate::load::{Edition, SourceFile};
use crate::model::fingerprint::normalise;
use crate::model::{Fingerprint, TranslationRecord};
use crate::translate::accept::Update;
use crate::translate::align::{Fate, Tracking, opening_words};
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

    check_duplicates(&doc, &locate)?;

    // Per section (index in `tracked`): source paragraph index → target.
    let mut taken: BTreeMap<usize, BTreeMap<usize, String>> = BTreeMap::new();
    let mut stale = Vec::new();
    let (mut count_taken, mut left) = (0, 0);
    for file in &doc.files {
        let k = section_of(&tracked, file, &locate, &lang)?;
        let t = &tracked[k];
        for unit in &file.units {
            let target = unit.target.as_deref().map(normalise).unwrap_or_default();
            if !unit.confirmed || target.is_empty() {
                left += 1;
                continue;
            }
            match source_paragraph(t, unit) {
                Ok(j) => {
                    taken.entry(k).or_default().insert(j, target);
                    count_taken += 1;
                }
                // A unit the translator left as exported says nothing new, even if its
                // source has changed since: it is left, not refused.
                Err(_) if untouched(t, unit, &target) => left += 1,
                Err(why) => stale.push(format!(
                    "{}: unit `{}` («{}»): {why}",
                    locate(unit.offset),
                    unit.id,
                    opening_words(&unit.source, 8)
                )),
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
    })
}

/// A unit present twice in a file, with the same id, or with the same source (its
/// fingerprint) and another target: one of the two translations would be lost without a
/// word (the last one read used to win). Refused, naming both, before anything is done.
fn check_duplicates(doc: &Document, locate: &dyn Fn(usize) -> String) -> Result<()> {
    for file in &doc.files {
        let mut ids: BTreeMap<&str, &Unit> = BTreeMap::new();
        let mut sources: BTreeMap<String, &Unit> = BTreeMap::new();
        for unit in &file.units {
            let same_id = ids.insert(&unit.id, unit);
            let source = unit
                .fingerprint
                .clone()
                .unwrap_or_else(|| normalise(&unit.source));
            let same_source = sources.insert(source, unit).filter(|first| {
                first.target.as_deref().map(normalise) != unit.target.as_deref().map(normalise)
            });
            let Some((first, what)) = same_id
                .map(|first| (first, "the same id"))
                .or(same_source.map(|first| (first, "the same source text, with another target")))
            else {
                continue;
            };
            return Err(Error::Usage(format!(
                "{}: unit `{}` («{}») is there twice, with {what}: first at {}; nothing was written\n  help: keep one of the two units in the CAT tool (or export again), then import",
                locate(unit.offset),
                crate::escape::one_line(&unit.id, 80),
                opening_words(&unit.source, 8),
                locate(first.offset),
            )));
        }
    }
    Ok(())
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
        Error::Usage(format!(
            "{}: this file is about {}, which has no `{lang}` section translating a source section here; nothing was written\n  help: import the file into the repository it was exported from",
            locate(file.offset),
            match (&file.domain, &file.original) {
                (Some(d), _) => format!("domain `{d}`"),
                (None, Some(o)) => format!("`{o}`"),
                (None, None) => "no domain".to_string(),
            }
        ))
    })
}

/// Whether a unit's target is the translation the section holds, as exported, for the
/// source paragraph the unit's fingerprint names.
fn untouched(t: &Tracked<'_>, unit: &Unit, target: &str) -> bool {
    let (Some(fingerprint), Some(record)) = (&unit.fingerprint, t.pair.record()) else {
        return false;
    };
    let section = t.pair.translation;
    record.paragraphs.iter().enumerate().any(|(i, recorded)| {
        recorded.as_str() == fingerprint
            && i < section.paragraphs.len()
            && normalise(section.paragraph(i)) == target
    })
}

/// The current source paragraph a unit translates, or why it has none.
fn source_paragraph(t: &Tracked<'_>, unit: &Unit) -> std::result::Result<usize, String> {
    let fp = Fingerprint::of(&unit.source);
    if let Some(recorded) = &unit.fingerprint
        && recorded != fp.as_str()
    {
        return Err(format!(
            "its source text was changed in the file (its fingerprint is {recorded}, its text's {fp}); the source is the `{}` text, edit only targets",
            t.pair.source.lang
        ));
    }
    let candidates: Vec<usize> = (0..t.current.len())
        .filter(|&j| t.current[j] == fp)
        .collect();
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
    let mut paragraphs = Vec::with_capacity(steps.len());
    let mut body = BodyEdit::default();
    let (mut changed, mut added, mut confirmed) = (0, 0, 0);
    for (k, step) in steps.iter().enumerate() {
        match (step.fate, step.recorded, step.source) {
            (Fate::Unchanged | Fate::Edited, Some(i), Some(j)) => match targets.get(&j) {
                Some(target) => {
                    if normalise(section.paragraph(i)) != *target {
                        body.replace.push((i, target.clone()));
                        changed += 1;
                    } else if old_record.paragraphs[i] != t.current[j] {
                        confirmed += 1;
                    }
                    paragraphs.push(t.current[j].clone());
                }
                None => paragraphs.push(old_record.paragraphs[i].clone()),
            },
            (Fate::Added, None, Some(j)) => {
                if let Some(target) = targets.get(&j) {
                    let before = steps[k + 1..]
                        .iter()
                        .find_map(|s| s.recorded)
                        .unwrap_or(section.paragraphs.len());
                    body.insert.push((before, target.clone()));
                    paragraphs.push(t.current[j].clone());
                    added += 1;
                }
            }
            (_, Some(i), _) => paragraphs.push(old_record.paragraphs[i].clone()),
            _ => {}
        }
    }
    let record = TranslationRecord {
        commit: head.clone(),
        paragraphs,
    };
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
            "{}: {changed} paragraph{} updated, {added} added{}",
            section.file.path,
            if changed == 1 { "" } else { "s" },
            if confirmed > 0 {
                format!(", {confirmed} confirmed as they were")
            } else {
                String::new()
            }
        ),
    }))
}
