//! `rapporteur translate start LANG`: opens a translation language with nothing
//! translated. Each source section gets its `LANG` counterpart, named as the source file:
//! its front matter (domain, proposals, `status: draft`) and a record that marks every
//! source paragraph untranslated, and no text at all — no source text is copied, so that
//! nothing in the source language can pass for a translation. `translate status` then
//! counts what is left, and `xliff export` hands it all to a CAT tool.

use std::path::Path;

use super::align::{fingerprints, source_language};
use super::history::require_committed;
use crate::error::{Error, Result};
use crate::load::{DRAFTS_DIR, Edition, Section, parse_section};
use crate::model::{Fingerprint, TranslationRecord};
use crate::write::write_atomic;

/// A section file to create.
#[derive(Debug, Clone)]
pub struct NewSection {
    /// Relative to the repository root.
    pub path: String,
    pub text: String,
    /// Source paragraphs it leaves untranslated.
    pub untranslated: usize,
}

/// What `translate start` will do.
#[derive(Debug, Clone)]
pub struct Start {
    pub lang: String,
    pub source: String,
    pub sections: Vec<NewSection>,
    /// Source sections whose domain already has a `lang` section: left alone.
    pub existing: Vec<String>,
}

/// Plans the sections of `lang`; nothing is written.
pub fn plan_start(edition: &Edition, root: &Path, lang: &str) -> Result<Start> {
    let meta = &edition.meta.value;
    let Some(source) = source_language(edition) else {
        return Err(Error::Usage(match &meta.source {
            None => format!(
                "drafts/report.yaml names no source language, so `{lang}` cannot be a translation of it\n  help: add `source: {}` (the language the report is drafted in) to drafts/report.yaml",
                meta.languages.first().map_or("fr", String::as_str)
            ),
            Some(s) => format!(
                "`source: {s}` in drafts/report.yaml is not one of its `languages` ({})\n  help: add it to `languages`, or name the drafting language",
                meta.languages.join(", ")
            ),
        }));
    };
    if lang == source {
        return Err(Error::Usage(format!(
            "`{lang}` is the source language, the one the report is drafted in: it cannot be a translation\n  help: name the language to translate into, e.g. `rapporteur translate start {}`",
            if source == "en" { "fr" } else { "en" }
        )));
    }
    if !meta.languages.iter().any(|l| l == lang) {
        return Err(Error::Usage(format!(
            "`{lang}` is not a language of this edition (`languages: [{}]` in drafts/report.yaml)\n  help: add it to `languages:` in drafts/report.yaml (`languages: [{}, {lang}]`), then run this again",
            meta.languages.join(", "),
            meta.languages.join(", ")
        )));
    }
    if !is_language_tag(lang) {
        return Err(Error::Usage(format!(
            "`{lang}` cannot name a folder of drafts/\n  help: use a language code such as `en` or `pt-BR`"
        )));
    }
    // The source sections, one per domain, in the catalog's order.
    let mut sources: Vec<&Section> = Vec::new();
    for section in edition.sections.iter().filter(|s| s.lang == source) {
        if let Some(domain) = section.domain()
            && !sources.iter().any(|s| s.domain() == Some(domain))
        {
            sources.push(section);
        }
    }
    sources.sort_by_key(|s| {
        s.domain()
            .and_then(|d| edition.catalog.domain_index(d))
            .unwrap_or(usize::MAX)
    });
    if sources.is_empty() {
        return Err(Error::Usage(format!(
            "there is no `{source}` section to translate (drafts/{source}/ holds none with a valid front matter)\n  help: `rapporteur check` says what is wrong with the source sections"
        )));
    }
    let mut existing = Vec::new();
    let mut chosen: Vec<(&Section, String)> = Vec::new();
    for s in sources {
        let domain = s.domain().unwrap_or_default();
        if let Some(there) = edition
            .sections
            .iter()
            .find(|t| t.lang == lang && t.domain() == Some(domain))
        {
            existing.push(there.file.path.clone());
            continue;
        }
        let name = s.file.path.rsplit('/').next().unwrap_or_default();
        let path = format!("{DRAFTS_DIR}/{lang}/{name}");
        if edition.sections.iter().any(|t| t.file.path == path) || root.join(&path).exists() {
            return Err(Error::Usage(format!(
                "{path} exists but is not the `{lang}` section of `{domain}`\n  help: rename or remove it, then run this again"
            )));
        }
        chosen.push((s, path));
    }
    let committed: Vec<(&str, Vec<Fingerprint>)> = chosen
        .iter()
        .map(|(s, _)| (s.file.path.as_str(), fingerprints(s)))
        .collect();
    let slices: Vec<(&str, &[Fingerprint])> =
        committed.iter().map(|(p, f)| (*p, f.as_slice())).collect();
    let head = if chosen.is_empty() {
        None
    } else {
        Some(require_committed(root, source, &slices)?)
    };
    let mut sections = Vec::new();
    for ((s, path), (_, fps)) in chosen.into_iter().zip(committed) {
        let Some(head) = &head else { break };
        let front = s.front_matter().ok_or_else(|| {
            Error::Usage(format!(
                "{}: its front matter is not valid\n  help: `rapporteur check` says where; fix it first",
                s.file.path
            ))
        })?;
        let record = TranslationRecord {
            commit: head.clone(),
            paragraphs: Vec::new(),
            untranslated: fps.iter().map(|fp| (0, fp.clone())).collect(),
        };
        let text = section_text(&front.domain, &front.proposals, &record);
        // Read back as every section is: it must hold exactly what was meant.
        let parsed = parse_section(&path, lang, text.clone());
        let ok = parsed.front_matter().is_some_and(|f| {
            f.domain == front.domain
                && f.proposals == front.proposals
                && f.translated_from.as_ref() == Some(&record)
        }) && parsed.paragraphs.is_empty();
        if !ok {
            return Err(Error::Usage(format!(
                "{path}: the new section did not read back as intended; nothing was written (please report this)"
            )));
        }
        sections.push(NewSection {
            path,
            text,
            untranslated: fps.len(),
        });
    }
    Ok(Start {
        lang: lang.to_string(),
        source: source.to_string(),
        sections,
        existing,
    })
}

/// A new section's text: front matter, no body.
fn section_text(domain: &str, proposals: &[String], record: &TranslationRecord) -> String {
    let mut out = format!(
        "---\ndomain: {domain}\nproposals: [{}]\nstatus: draft\n",
        proposals.join(", ")
    );
    out.push_str(&format!(
        "{}:\n  commit: {}\n",
        super::record::KEY,
        record.commit
    ));
    let entries = record.entries();
    if entries.is_empty() {
        out.push_str("  paragraphs: []\n");
    } else {
        out.push_str("  paragraphs:\n");
        for (fp, _) in entries {
            out.push_str(&format!("    - untranslated: {fp}\n"));
        }
    }
    out.push_str("---\n");
    out
}

/// A language code that is safe as a folder name: letters, digits and `-`.
fn is_language_tag(lang: &str) -> bool {
    !lang.is_empty()
        && lang.len() <= 35
        && lang.starts_with(|c: char| c.is_ascii_alphabetic())
        && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Writes the planned sections, each atomically; one that appeared meanwhile is not
/// overwritten.
pub fn write_start(root: &Path, start: &Start) -> Result<()> {
    for s in &start.sections {
        let path = root.join(&s.path);
        if path.exists() {
            return Err(Error::Usage(format!(
                "{}: the file appeared while rapporteur was working; nothing more was written\n  help: run the command again",
                s.path
            )));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            // drafts/LANG may be a link: never write outside the repository.
            let inside = match (dir.canonicalize(), root.canonicalize()) {
                (Ok(dir), Ok(root)) => dir.starts_with(root),
                _ => false,
            };
            if !inside {
                return Err(Error::Usage(format!(
                    "{}: its folder leads outside the repository; nothing more was written\n  help: make drafts/{} a plain folder of the repository",
                    s.path, start.lang
                )));
            }
        }
        write_atomic(&path, s.text.as_bytes())?;
    }
    Ok(())
}
