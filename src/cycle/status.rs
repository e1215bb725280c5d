//! `rapporteur status set draft|review|final (DOMAIN…|--all) [--lang L]`: a section's
//! `status:` set in place, at the span the YAML parser gives, every other byte of the
//! file kept (its quoting style too), each file written atomically. What the release
//! gate asks for (`check::gate`: every section `final`), without sed.

use std::path::Path;

use crate::error::{Error, Result};
use crate::load::{Edition, Section};
use crate::model::Status;
use crate::write::{target, write_atomic_if_unchanged};

use super::next::replace_scalar;

/// Which sections to set.
#[derive(Debug, Clone)]
pub enum Which {
    All,
    Domains(Vec<String>),
}

/// One section file whose status is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub path: String,
    /// Its status before.
    pub was: String,
    /// Whether the file changed (false when it already had the status).
    pub changed: bool,
}

/// Sets the status of the sections `which` of the languages `langs` (every language of
/// the edition when empty). Unknown domains are refused, with a suggestion, before any
/// file is written; so is a section whose front matter cannot be read.
pub fn set_status(
    root: &Path,
    edition: &Edition,
    status: Status,
    which: &Which,
    langs: &[String],
) -> Result<Vec<StatusChange>> {
    let langs: Vec<&String> = if langs.is_empty() {
        edition.meta.value.languages.iter().collect()
    } else {
        langs.iter().collect()
    };
    let in_langs = |s: &&Section| langs.contains(&&s.lang);
    let mut chosen: Vec<&Section> = Vec::new();
    match which {
        Which::All => chosen.extend(edition.sections.iter().filter(in_langs)),
        Which::Domains(domains) => {
            for domain in domains {
                let found: Vec<&Section> = edition
                    .sections
                    .iter()
                    .filter(in_langs)
                    .filter(|s| s.domain() == Some(domain.as_str()))
                    .collect();
                if found.is_empty() {
                    return Err(super::signoff::no_such_section(edition, domain, &langs));
                }
                chosen.extend(found);
            }
        }
    }
    // Every file is read first: nothing is written when one cannot be set.
    let mut writes: Vec<(&Section, String, String)> = Vec::new();
    for section in chosen {
        let path = &section.file.path;
        let front = section.front_matter().ok_or_else(|| {
            Error::Usage(format!(
                "{path}: its front matter cannot be read, so its status cannot be set\n  help: `rapporteur check {path}` says what is wrong"
            ))
        })?;
        let span = section.front_span("/status");
        if span.is_empty() {
            return Err(Error::Usage(format!(
                "{path}: no `status:` found in its front matter"
            )));
        }
        let text = replace_scalar(&section.file.text, span, status.as_str());
        writes.push((section, front.status.as_str().to_string(), text));
    }
    writes.sort_by(|a, b| a.0.file.path.cmp(&b.0.file.path));
    writes.dedup_by(|a, b| a.0.file.path == b.0.file.path);
    let mut changes = Vec::new();
    for (section, was, text) in writes {
        let path = &section.file.path;
        let changed = text != section.file.text;
        if changed {
            let target = target::rewrite(root, Path::new(path))?;
            write_atomic_if_unchanged(&target, section.file.text.as_bytes(), text.as_bytes())?;
        }
        changes.push(StatusChange {
            path: path.clone(),
            was,
            changed,
        });
    }
    Ok(changes)
}
