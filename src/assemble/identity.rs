//! What a Word file built by rapporteur records of its source, so that `review import`
//! can put a reviewer's changes back where they belong. Two things, chosen because both
//! survive a round trip through Word and through LibreOffice (tested with LibreOffice's
//! "MS Word 2007 XML" filter):
//!
//! - **custom document properties** (`docProps/custom.xml`, File › Properties ›
//!   Custom in Word and LibreOffice): `rapporteur.commit`, the git commit the file was
//!   built from (HEAD at build time); `rapporteur.domains`, the domain slugs of the
//!   sections in the document's order, separated by spaces; `rapporteur.lang`, the
//!   document's language; `rapporteur.identity`, the version of this scheme (`1`).
//! - **hidden bookmarks** (names starting with `_`, which Word keeps but does not list
//!   unless asked): around each section paragraph `_rp_S_P_FINGERPRINT` (section `S`
//!   in the document's order, its paragraph `P`, both from 0, and the paragraph's
//!   fingerprint, see `model::fingerprint`); around each section heading `_rp_S_h`; and
//!   `_rp_end` after the last section. Names stay under Word's limit of 40 characters.

/// The custom property holding the commit.
pub const COMMIT_PROPERTY: &str = "rapporteur.commit";
/// The custom property holding the domains, in the document's order.
pub const DOMAINS_PROPERTY: &str = "rapporteur.domains";
/// The custom property holding the document's language.
pub const LANG_PROPERTY: &str = "rapporteur.lang";
/// The custom property holding the version of this scheme.
pub const IDENTITY_PROPERTY: &str = "rapporteur.identity";
/// The version written.
pub const IDENTITY_VERSION: &str = "1";

const PREFIX: &str = "_rp_";

/// What one of rapporteur's bookmarks marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// The heading of section `section` (index in the document's order).
    Heading { section: usize },
    /// Paragraph `paragraph` of section `section`, with its fingerprint at build time.
    Paragraph {
        section: usize,
        paragraph: usize,
        fingerprint: String,
    },
    /// The end of the sections (what follows is the annex).
    End,
}

impl Mark {
    /// Reads a bookmark name; `None` for any bookmark that is not rapporteur's.
    pub fn parse(name: &str) -> Option<Mark> {
        let rest = name.strip_prefix(PREFIX)?;
        if rest == "end" {
            return Some(Mark::End);
        }
        let mut parts = rest.split('_');
        let section = parts.next()?.parse().ok()?;
        let second = parts.next()?;
        if second == "h" {
            return parts.next().is_none().then_some(Mark::Heading { section });
        }
        let paragraph = second.parse().ok()?;
        let fingerprint = parts.next()?;
        if parts.next().is_some() || !crate::model::fingerprint::is_fingerprint(fingerprint) {
            return None;
        }
        Some(Mark::Paragraph {
            section,
            paragraph,
            fingerprint: fingerprint.to_string(),
        })
    }

    /// The bookmark's name.
    pub fn name(&self) -> String {
        match self {
            Mark::Heading { section } => format!("{PREFIX}{section}_h"),
            Mark::Paragraph {
                section,
                paragraph,
                fingerprint,
            } => format!("{PREFIX}{section}_{paragraph}_{fingerprint}"),
            Mark::End => format!("{PREFIX}end"),
        }
    }
}

/// `docProps/custom.xml`: the custom properties above. `commit` is none outside a git
/// repository (or before its first commit): then the file cannot be reviewed back.
pub fn custom_properties(commit: Option<&str>, lang: &str, domains: &[&str]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">",
    );
    let mut properties = vec![(IDENTITY_PROPERTY, IDENTITY_VERSION.to_string())];
    if let Some(commit) = commit {
        properties.push((COMMIT_PROPERTY, commit.to_string()));
    }
    properties.push((LANG_PROPERTY, lang.to_string()));
    properties.push((DOMAINS_PROPERTY, domains.join(" ")));
    // pid 0 and 1 are reserved; custom properties count from 2.
    for (pid, (name, value)) in (2..).zip(properties) {
        out.push_str(&format!(
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{pid}\" name=\"{name}\"><vt:lpwstr>"
        ));
        super::docx::escape_xml_into(&value, &mut out);
        out.push_str("</vt:lpwstr></property>");
    }
    out.push_str("</Properties>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_stay_under_words_limit() {
        for mark in [
            Mark::Heading { section: 18 },
            Mark::Paragraph {
                section: 18,
                paragraph: 1234,
                fingerprint: "0123456789abcdef".into(),
            },
            Mark::End,
        ] {
            let name = mark.name();
            assert!(name.len() <= 40, "{name}");
            assert_eq!(Mark::parse(&name), Some(mark));
        }
        for other in [
            "_Toc123",
            "_rp_",
            "_rp_1",
            "_rp_1_2",
            "_rp_1_2_0123",
            "_rp_x_h",
            "_rp_1_h_x",
            "_rp_1_2_0123456789abcdef_9",
        ] {
            assert_eq!(Mark::parse(other), None, "{other}");
        }
    }
}
