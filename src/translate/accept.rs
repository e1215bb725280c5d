//! `translate accept` (the translator confirms a section, or one paragraph, is in step
//! with the source: its record is refreshed) and `translate init` (the first record of
//! each section, paragraph for paragraph by position). Both plan [`Update`]s; nothing is
//! written until every one of them could be planned, and [`write_updates`] writes each
//! file atomically, refusing one that changed on disk since it was read.

use std::path::Path;

use super::align::{
    Counterparts, Fate, Tracking, counterparts, fingerprints, pair_by_position, track,
};
use super::history::require_committed;
use super::record::{BodyEdit, rewrite_checked};
use crate::error::{Error, Result};
use crate::load::file::read_inside;
use crate::load::{Edition, MAX_FILE_BYTES, Section};
use crate::model::{CommitId, Fingerprint, TranslationRecord};
use crate::write::write_atomic;

/// A section file to rewrite.
#[derive(Debug, Clone)]
pub struct Update {
    /// Relative to the repository root.
    pub path: String,
    /// The text it was planned from.
    pub original: String,
    pub text: String,
    /// What changes, in words, for the command to report.
    pub summary: String,
}

/// The translated sections of `domains` in `lang`, each with its source; an unknown
/// domain is a usage error naming the domains there are.
fn select<'a>(
    edition: &'a Edition,
    lang: &str,
    domains: &[String],
) -> Result<Vec<Counterparts<'a>>> {
    let all: Vec<Counterparts<'a>> = counterparts(edition, Some(lang))
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    if domains.is_empty() {
        return Ok(all);
    }
    let mut out = Vec::new();
    for domain in domains {
        match all.iter().find(|c| c.domain == domain) {
            Some(c) => out.push(*c),
            None => {
                let known: Vec<&str> = all.iter().map(|c| c.domain).collect();
                return Err(not_translated(lang, domain, &known));
            }
        }
    }
    Ok(out)
}

fn refuse(section: &Section, why: impl std::fmt::Display, help: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{}: {why}\n  help: {help}", section.file.path))
}

fn record(commit: &CommitId, paragraphs: Vec<Fingerprint>) -> TranslationRecord {
    TranslationRecord::translated(commit.clone(), paragraphs)
}

fn update(section: &Section, record: &TranslationRecord, summary: String) -> Result<Update> {
    let text = rewrite_checked(section, record, &BodyEdit::default())
        .map_err(|why| refuse(section, why, "repair the file, then run this again"))?;
    Ok(Update {
        path: section.file.path.clone(),
        original: section.file.text.clone(),
        text,
        summary,
    })
}

/// The commit HEAD names, refused unless it holds every current source paragraph of the
/// pairs (a record names the commit it was made from), and those paragraphs'
/// fingerprints, pair by pair.
fn sources_at_head(
    root: &Path,
    source: &str,
    chosen: &[Counterparts<'_>],
) -> Result<(CommitId, Vec<Vec<Fingerprint>>)> {
    let current: Vec<Vec<Fingerprint>> = chosen.iter().map(|c| fingerprints(c.source)).collect();
    let committed: Vec<(&str, &[Fingerprint])> = chosen
        .iter()
        .zip(&current)
        .map(|(c, fps)| (c.source.file.path.as_str(), fps.as_slice()))
        .collect();
    let head = require_committed(root, source, &committed)?;
    Ok((head, current))
}

/// `translate accept DOMAIN… --lang L [--paragraph N]`: the translator confirms that the
/// sections (or paragraph `N` of the one section) translate the current source. The
/// record then names HEAD, which must hold the source text.
pub fn accept(
    edition: &Edition,
    root: &Path,
    source: &str,
    lang: &str,
    domains: &[String],
    paragraph: Option<usize>,
) -> Result<Vec<Update>> {
    let chosen = select(edition, lang, domains)?;
    if paragraph.is_some() && chosen.len() != 1 {
        return Err(Error::Usage(
            "--paragraph names a paragraph of one section: give one domain".into(),
        ));
    }
    let (head, current) = sources_at_head(root, source, &chosen)?;
    let mut updates = Vec::new();
    for (pair, current) in chosen.iter().zip(&current) {
        let (t, s) = (pair.translation, pair.source);
        let new_record = match paragraph {
            None => {
                if t.paragraphs.len() != s.paragraphs.len() {
                    return Err(refuse(
                        t,
                        format!(
                            "{} paragraphs, but {} has {}: a section is accepted whole only when it translates the source paragraph for paragraph",
                            t.paragraphs.len(),
                            s.file.path,
                            s.paragraphs.len()
                        ),
                        "translate the added paragraphs and delete the orphaned ones (`rapporteur translate diff` lists them), or accept single paragraphs with --paragraph",
                    ));
                }
                record(&head, current.clone())
            }
            Some(n) => accept_one(pair, current, &head, n)?,
        };
        // Nothing to confirm: the record already holds these fingerprints (only the
        // commit would move, which says nothing new).
        if pair.record().is_some_and(|r| {
            r.paragraphs == new_record.paragraphs && r.untranslated == new_record.untranslated
        }) {
            continue;
        }
        let what = match paragraph {
            Some(n) => format!("paragraph {n} accepted"),
            None => format!(
                "{} paragraph{} accepted",
                current.len(),
                if current.len() == 1 { "" } else { "s" }
            ),
        };
        updates.push(update(
            t,
            &new_record,
            format!(
                "{}: {what} (source at commit {})",
                t.file.path,
                head.short()
            ),
        )?);
    }
    Ok(updates)
}

/// The record with paragraph `n` (1-based, of the translation) brought up to date.
fn accept_one(
    pair: &Counterparts<'_>,
    current: &[Fingerprint],
    head: &CommitId,
    n: usize,
) -> Result<TranslationRecord> {
    let t = pair.translation;
    if n == 0 || n > t.paragraphs.len() {
        return Err(refuse(
            t,
            format!(
                "there is no paragraph {n}: the section has {}",
                t.paragraphs.len()
            ),
            "paragraphs are numbered from 1, as `rapporteur translate diff` shows them",
        ));
    }
    let steps = match track(pair, current, &mut pair_by_position) {
        Tracking::Aligned(steps) => steps,
        Tracking::NoRecord => {
            return Err(refuse(
                t,
                "the section has no translation record yet",
                "write the first one with `rapporteur translate init`",
            ));
        }
        Tracking::Misfit {
            recorded,
            paragraphs,
        } => {
            return Err(refuse(
                t,
                format!(
                    "the record lists {recorded} source paragraphs but the section has {paragraphs}: single paragraphs cannot be matched"
                ),
                format!(
                    "make the paragraphs match the source one for one, then accept the whole section: `rapporteur translate accept {}`",
                    pair.domain
                ),
            ));
        }
    };
    let Some(step) = steps.iter().find(|s| s.recorded == Some(n - 1)) else {
        return Err(Error::Usage(format!(
            "{}: paragraph {n} is not in the record",
            t.file.path
        )));
    };
    let mut paragraphs = pair
        .record()
        .map(|r| r.paragraphs.clone())
        .unwrap_or_default();
    match (step.fate, step.source) {
        (Fate::Removed, _) | (_, None) => Err(refuse(
            t,
            format!(
                "paragraph {n} translates a source paragraph that was removed: there is nothing to accept"
            ),
            "delete the paragraph, then accept the whole section",
        )),
        (_, Some(j)) => {
            paragraphs[n - 1] = current[j].clone();
            let mut record = record(head, paragraphs);
            // The paragraphs not translated yet stay so, known by their current text.
            record.untranslated = still_untranslated(&steps, current);
            Ok(record)
        }
    }
}

/// The untranslated entries of a record for the alignment `steps`, each with the number
/// of translated paragraphs before it, known by the current source text.
fn still_untranslated(
    steps: &[super::align::Step],
    current: &[Fingerprint],
) -> Vec<(usize, Fingerprint)> {
    let mut translated = 0;
    let mut out = Vec::new();
    for step in steps {
        if step.recorded.is_some() {
            translated += 1;
        } else if let (Fate::Untranslated, Some(j)) = (step.fate, step.source) {
            out.push((translated, current[j].clone()));
        }
    }
    out
}

/// `translate init --lang L [DOMAIN…]`: the first record of every translated section
/// that has none, paragraph `i` translating source paragraph `i`. Refused, before
/// anything is written, while any of them has a different number of paragraphs than its
/// source.
pub fn init(
    edition: &Edition,
    root: &Path,
    source: &str,
    lang: &str,
    domains: &[String],
) -> Result<Vec<Update>> {
    let chosen: Vec<Counterparts<'_>> = select(edition, lang, domains)?
        .into_iter()
        .filter(|c| c.record().is_none())
        .collect();
    let uneven: Vec<String> = chosen
        .iter()
        .filter(|c| c.translation.paragraphs.len() != c.source.paragraphs.len())
        .map(|c| {
            format!(
                "{} has {} paragraphs, {} has {}",
                c.translation.file.path,
                c.translation.paragraphs.len(),
                c.source.file.path,
                c.source.paragraphs.len()
            )
        })
        .collect();
    if !uneven.is_empty() {
        return Err(Error::Usage(format!(
            "the first record pairs paragraphs by position, and the paragraph counts differ:\n  {}\n  help: make each section translate its source paragraph for paragraph (split or join paragraphs), then run this again",
            uneven.join("\n  ")
        )));
    }
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let (head, current) = sources_at_head(root, source, &chosen)?;
    chosen
        .iter()
        .zip(current)
        .map(|(c, fps)| {
            let n = fps.len();
            update(
                c.translation,
                &record(&head, fps),
                format!(
                    "{}: recorded {n} paragraph{} of {} (commit {})",
                    c.translation.file.path,
                    if n == 1 { "" } else { "s" },
                    c.source.file.path,
                    head.short()
                ),
            )
        })
        .collect()
}

/// Writes each update atomically. A file that changed on disk since it was read is not
/// overwritten: the run stops there, with an error naming it.
pub fn write_updates(root: &Path, updates: &[Update]) -> Result<()> {
    for u in updates {
        let path = root.join(&u.path);
        // Read as every input is (inside the repository, a regular file, bounded): the
        // section may have been replaced since it was loaded.
        let now = read_inside(root, &path, MAX_FILE_BYTES).map_err(|refusal| {
            Error::Usage(format!("{}: {refusal}; nothing more was written", u.path))
        })?;
        if now != u.original.as_bytes() {
            return Err(Error::Usage(format!(
                "{}: the file changed while rapporteur was working on it; nothing more was written\n  help: run the command again",
                u.path
            )));
        }
        write_atomic(&path, u.text.as_bytes())?;
    }
    Ok(())
}

/// The error for a domain named on the command line that has no translated section:
/// the likely slug when it looks like a typo, else the translated domains.
pub fn not_translated(lang: &str, domain: &str, known: &[&str]) -> Error {
    let hint = match crate::check::rules::closest(domain, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "the translated domains of `{lang}` are: {}",
            known.join(", ")
        ),
    };
    Error::Usage(format!(
        "no `{lang}` section of domain `{domain}` translates a source section\n  help: {hint}"
    ))
}
