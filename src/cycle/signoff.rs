//! `rapporteur sign-off`: record that a reviewer approved sections, in
//! drafts/signoffs.yaml — who, when, for which edition, at which commit, and the
//! fingerprint of the approved paragraphs and proposals. Only committed text can be
//! signed: the record must point at a commit holding exactly what was approved.

use std::path::Path;

use super::repo::Repo;
use crate::check::rules::closest;
use crate::check::rules::review::fingerprint_of;
use crate::error::{Error, Result};
use crate::lang;
use crate::load::{SIGNOFFS_FILE, WorkTree, load_edition_for_diff};
use crate::model::{SignOff, SignOffs};
use crate::write::{target, write_atomic};

/// What to sign.
#[derive(Debug, Clone)]
pub struct SignOffRequest {
    /// Domain slugs.
    pub domains: Vec<String>,
    /// Who signs.
    pub by: String,
    /// Only this language (default: every language of the edition).
    pub lang: Option<String>,
    /// The day (`YYYY-MM-DD`; default: today, UTC).
    pub date: Option<String>,
}

/// One section signed.
#[derive(Debug, Clone)]
pub struct Signed {
    pub lang: String,
    pub domain: String,
    pub path: String,
    pub signoff: SignOff,
    /// The sign-off this one replaces, if the section had one for this edition.
    pub replaced: Option<SignOff>,
}

/// Signs the sections off and writes drafts/signoffs.yaml. Sign-offs of other editions
/// are dropped from the file (they no longer count).
pub fn sign_off(root: &Path, request: &SignOffRequest) -> Result<Vec<Signed>> {
    let by = request.by.trim();
    if by.is_empty() {
        return Err(Error::Usage(
            "`--by` is empty\n  help: give the reviewer's name: `--by \"Jeanne Dupont\"`".into(),
        ));
    }
    // The name is shown on one line by status, R001 and the language server: no line
    // break, escape or other control character, and no novel.
    if by.chars().any(char::is_control) || by.chars().count() > 200 {
        return Err(Error::Usage(
            "`--by` must be a name on one line, without control characters, of at most 200 characters\n  help: give the reviewer's name: `--by \"Jeanne Dupont\"`".into(),
        ));
    }
    let date = match &request.date {
        Some(date) if lang::is_date(date) => date.clone(),
        Some(date) => {
            return Err(Error::Usage(format!(
                "`{date}` is not a date of the form YYYY-MM-DD\n  help: `--date 2026-03-02`, or leave it out for today"
            )));
        }
        None => lang::today(),
    };
    if request.domains.is_empty() {
        return Err(Error::Usage(
            "name at least one domain to sign off\n  help: `rapporteur sign-off resilience --by NAME`; `rapporteur status` lists the domains".into(),
        ));
    }
    let repo = Repo::open(root)?;
    let head = repo.head()?;
    // Its sections and domains, as history: no previous edition to read.
    let edition = load_edition_for_diff(&WorkTree::new(root))?;
    let languages = &edition.meta.value.languages;
    let langs: Vec<&String> = match &request.lang {
        Some(lang) if languages.contains(lang) => vec![lang],
        Some(lang) => {
            return Err(Error::Usage(format!(
                "the edition has no language `{lang}`\n  help: its languages are {} (drafts/report.yaml)",
                languages.join(", ")
            )));
        }
        None => languages.iter().collect(),
    };
    let dirty = repo.uncommitted(&["drafts"])?;
    let number = edition.meta.value.number;

    let mut signed = Vec::new();
    for domain in &request.domains {
        let mut found = false;
        for lang in &langs {
            let sections: Vec<_> = edition
                .sections_in(lang)
                .filter(|s| s.domain() == Some(domain.as_str()))
                .collect();
            let section = match sections.as_slice() {
                [] => continue,
                [one] => *one,
                _ => {
                    return Err(Error::Usage(format!(
                        "`{domain}` has {} section files in `{lang}`; `rapporteur check` says which to remove (S005)",
                        sections.len()
                    )));
                }
            };
            found = true;
            let path = &section.file.path;
            if let Some(u) = dirty.iter().find(|u| &u.path == path) {
                return Err(Error::Usage(format!(
                    "{path} has uncommitted changes ({}): a sign-off must point at a commit holding exactly the approved text\n  help: commit it first (`git commit {path}`), then sign it off",
                    u.what
                )));
            }
            let fingerprint = fingerprint_of(section).ok_or_else(|| {
                Error::Usage(format!(
                    "{path}: its front matter cannot be read, so it cannot be signed off\n  help: `rapporteur check {path}` says what is wrong"
                ))
            })?;
            let replaced = edition
                .signoffs
                .as_ref()
                .and_then(|s| s.value.get(lang, domain))
                .filter(|s| s.edition == number)
                .cloned();
            signed.push(Signed {
                lang: (*lang).clone(),
                domain: domain.clone(),
                path: path.clone(),
                signoff: SignOff {
                    by: by.to_string(),
                    date: date.clone(),
                    edition: number,
                    commit: head.to_string(),
                    fingerprint,
                },
                replaced,
            });
        }
        if !found {
            return Err(no_such_section(&edition, domain, &langs));
        }
    }

    let mut signoffs = SignOffs::default();
    if let Some(existing) = &edition.signoffs {
        for (lang, sections) in &existing.value.0 {
            for (domain, s) in sections.iter().filter(|(_, s)| s.edition == number) {
                signoffs.insert(lang, domain, s.clone());
            }
        }
    }
    for s in &signed {
        signoffs.insert(&s.lang, &s.domain, s.signoff.clone());
    }
    let path = target::rewrite(root, Path::new(SIGNOFFS_FILE))?;
    write_atomic(&path, signoffs.to_yaml().as_bytes())?;
    Ok(signed)
}

/// The error for a domain named on the command line (`sign-off`, `status set`) that no
/// section of `langs` has: the catalog's closest slug, if one is close.
pub(super) fn no_such_section(
    edition: &crate::load::Edition,
    domain: &str,
    langs: &[&String],
) -> Error {
    let slugs = edition
        .catalog
        .domains
        .domains
        .iter()
        .map(|d| d.slug.as_str());
    let known = edition
        .catalog
        .domains
        .domains
        .iter()
        .any(|d| d.slug == domain);
    let help = match closest(domain, slugs) {
        // The catalog has it: the language has no file for it yet.
        _ if known => "`rapporteur status` lists the sections; `rapporteur translate start LANG` creates a language's files".to_string(),
        Some(near) => format!("did you mean `{near}`?"),
        None => "`rapporteur status` lists the sections".to_string(),
    };
    Error::Usage(format!(
        "no section `{domain}` in {}\n  help: {help}",
        langs
            .iter()
            .map(|l| format!("drafts/{l}/"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}
