//! The previous edition, as the current one needs it at check time: for each of its
//! sections, the fingerprints of its paragraphs (rule E002 says which sections are
//! still word for word last year's). Read from git at the revision `previous:` names,
//! through the tree the edition itself is read from, so that `check`, `check
//! --staged`, `build`, `status` and an editor's language server all see it.
//!
//! It is cheap on purpose: one repository opened, the section blobs of the revision
//! read, one hash per paragraph; no catalog, no full edition.

use super::DRAFTS_DIR;
use super::section::parse_section;
use super::tree::Tree;
use crate::model::fingerprint;

/// What is known of the previous edition.
#[derive(Debug, Clone, Default)]
pub enum Previous {
    /// drafts/report.yaml names no previous edition (the first edition in the
    /// repository).
    #[default]
    None,
    /// Not read: the edition was loaded as history (a side of `diff`), where its own
    /// previous edition plays no part.
    NotRead,
    /// Named but not readable: an unknown revision (tags not fetched), a workspace
    /// outside git. Rules that need it stay silent; `check` says why once (E004).
    Unavailable {
        revision: String,
        reason: String,
    },
    Read(PreviousEdition),
}

/// The previous edition's sections, by language and domain.
#[derive(Debug, Clone)]
pub struct PreviousEdition {
    /// The revision, as drafts/report.yaml names it (`edition-11`).
    pub revision: String,
    pub sections: Vec<PreviousSection>,
}

/// One section of the previous edition.
#[derive(Debug, Clone)]
pub struct PreviousSection {
    pub lang: String,
    pub domain: String,
    /// Its file at that revision.
    pub path: String,
    /// The fingerprint of each paragraph, in order (`model::fingerprint::paragraph`).
    pub fingerprints: Vec<String>,
}

impl Previous {
    /// The previous edition, when it was read.
    pub fn edition(&self) -> Option<&PreviousEdition> {
        match self {
            Previous::Read(edition) => Some(edition),
            _ => None,
        }
    }

    /// The revision drafts/report.yaml names, if any.
    pub fn revision(&self) -> Option<&str> {
        match self {
            Previous::Read(edition) => Some(&edition.revision),
            Previous::Unavailable { revision, .. } => Some(revision),
            Previous::None | Previous::NotRead => None,
        }
    }
}

impl PreviousEdition {
    /// The section of a domain in a language, when the previous edition had one.
    pub fn section(&self, lang: &str, domain: &str) -> Option<&PreviousSection> {
        self.sections
            .iter()
            .find(|s| s.lang == lang && s.domain == domain)
    }
}

/// Reads the previous edition at `revision` through `tree`'s repository, for the
/// languages of the current edition.
pub fn load_previous(tree: &dyn Tree, revision: &str, languages: &[String]) -> Previous {
    let unavailable = |reason: String| Previous::Unavailable {
        revision: revision.to_string(),
        reason,
    };
    let old = match tree.at_revision(revision) {
        None => return unavailable("the edition is not read from a git repository".into()),
        Some(Err(e)) => return unavailable(first_line(&e.to_string())),
        Some(Ok(old)) => old,
    };
    if !matches!(old.read(super::REPORT_FILE), Ok(Some(_))) {
        return unavailable(format!(
            "`{revision}` holds no edition (no {} there)",
            super::REPORT_FILE
        ));
    }
    let mut sections = Vec::new();
    for lang in languages {
        let dir = format!("{DRAFTS_DIR}/{lang}");
        let names = match old.list(&dir) {
            Ok(names) => names,
            Err(e) => return unavailable(first_line(&e.to_string())),
        };
        for name in names.iter().filter(|n| n.ends_with(".md")) {
            let path = format!("{dir}/{name}");
            // A file the old revision cannot give is no section to compare with.
            let Some(text) = old
                .read(&path)
                .ok()
                .flatten()
                .and_then(|bytes| String::from_utf8(bytes).ok())
            else {
                continue;
            };
            let section = parse_section(&path, lang, text);
            let Some(domain) = section.domain() else {
                continue;
            };
            sections.push(PreviousSection {
                lang: lang.clone(),
                domain: domain.to_string(),
                fingerprints: section
                    .paragraph_texts()
                    .map(fingerprint::paragraph)
                    .collect(),
                path,
            });
        }
    }
    Previous::Read(PreviousEdition {
        revision: revision.to_string(),
        sections,
    })
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}
