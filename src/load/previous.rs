//! The previous edition, as the current one needs it at check time: each of its
//! sections and their paragraphs (rule E002 says which sections are still word for
//! word last year's). Read from git at the revision `previous:` names,
//! through the tree the edition itself is read from, so that `check`, `check
//! --staged`, `build`, `status` and an editor's language server all see it.
//!
//! It is cheap on purpose: one repository opened, the section blobs of the revision
//! read, their paragraphs split; no catalog, no YAML parsed, no full edition. Whether
//! a section is unchanged is a comparison of bytes, then of words: the paragraphs'
//! fingerprints (`model::fingerprint`) are computed only when asked for.

use std::ops::Range;
use std::sync::OnceLock;

use super::DRAFTS_DIR;
use super::section::{Section, split_front_matter, split_paragraphs};
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
    /// The file's text.
    pub text: String,
    /// Byte ranges of its paragraphs.
    pub paragraphs: Vec<Range<usize>>,
    fingerprints: OnceLock<Vec<String>>,
}

impl PreviousSection {
    /// The paragraphs' texts, in order.
    pub fn paragraph_texts(&self) -> impl Iterator<Item = &str> {
        self.paragraphs.iter().map(|r| &self.text[r.clone()])
    }

    /// The fingerprint of each paragraph, in order (`model::fingerprint::paragraph`),
    /// computed at the first call.
    pub fn fingerprints(&self) -> &[String] {
        self.fingerprints
            .get_or_init(|| self.paragraph_texts().map(fingerprint::paragraph).collect())
    }

    /// Whether `section` has the same paragraphs, word for word (layout aside: the
    /// test the fingerprints would give, without hashing). Most often the bodies are
    /// byte for byte the same, which settles it at once.
    pub fn same_paragraphs(&self, section: &Section) -> bool {
        if section.paragraphs.len() != self.paragraphs.len() {
            return false;
        }
        let body = section
            .paragraphs
            .first()
            .zip(section.paragraphs.last())
            .map(|(first, last)| &section.file.text[first.start..last.end]);
        let old_body = self
            .paragraphs
            .first()
            .zip(self.paragraphs.last())
            .map(|(first, last)| &self.text[first.start..last.end]);
        if body == old_body {
            return true;
        }
        section
            .paragraph_texts()
            .zip(self.paragraph_texts())
            .all(|(new, old)| new.split_whitespace().eq(old.split_whitespace()))
    }
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
            let (front, body_start, _) = split_front_matter(&text);
            let Some(domain) = domain_of(&text[front]) else {
                continue;
            };
            let paragraphs = split_paragraphs(&text, body_start);
            sections.push(PreviousSection {
                lang: lang.clone(),
                domain,
                path,
                paragraphs,
                text,
                fingerprints: OnceLock::new(),
            });
        }
    }
    Previous::Read(PreviousEdition {
        revision: revision.to_string(),
        sections,
    })
}

/// The `domain:` of a front matter, read as a line (a slug needs no YAML parser).
fn domain_of(front: &str) -> Option<String> {
    front
        .lines()
        .find_map(|l| l.strip_prefix("domain:"))
        .map(|v| v.split(" #").next().unwrap_or(v).trim())
        .map(|v| v.trim_matches(|c| c == '"' || c == '\''))
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_section;

    #[test]
    fn a_domain_line_and_paragraphs_word_for_word() {
        assert_eq!(
            domain_of("domain: \"space\" # the section\nstatus: final\n").as_deref(),
            Some("space")
        );
        assert_eq!(domain_of("status: final\n"), None);
        let text = "---\ndomain: space\nstatus: final\n---\nUn  texte\nici.\n\nDeux.\n".to_string();
        let (front, start, _) = split_front_matter(&text);
        let old = PreviousSection {
            lang: "fr".into(),
            domain: domain_of(&text[front]).unwrap(),
            path: "drafts/fr/11-space.md".into(),
            paragraphs: split_paragraphs(&text, start),
            text,
            fingerprints: OnceLock::new(),
        };
        let same = |body: &str| {
            let section = parse_section(
                "drafts/fr/11-space.md",
                "fr",
                format!("---\ndomain: space\nstatus: draft\n---\n{body}"),
            );
            old.same_paragraphs(&section)
        };
        assert!(same("Un  texte\nici.\n\nDeux.\n"));
        assert!(same("Un texte ici.\n\nDeux.\n"), "layout is no change");
        assert!(!same("Un texte ici.\n\nDeux !\n"));
        assert!(!same("Un texte ici. Deux.\n"));
        assert_eq!(
            old.fingerprints()[0],
            fingerprint::paragraph("Un texte ici.")
        );
    }
}
