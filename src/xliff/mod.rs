//! XLIFF, the exchange format of translators' tools (Trados Studio, memoQ, OmegaT through
//! Okapi, Weblate, Crowdin): `xliff export` hands one translation language's work to a
//! CAT tool, `xliff import` takes the translations back.
//!
//! One `<file>` per section (its id the domain slug), one `<unit>` per current source
//! paragraph (its id `p` and the paragraph's number). The unit carries the source
//! paragraph's fingerprint as `rp:fingerprint`, in the project's own namespace
//! ([`NS_RP`]): XLIFF 2.0 allows other namespaces' attributes on `<unit>`, not on
//! `<segment>`. The current translation is the `<target>`, `state="final"` when it is up
//! to date and `initial` when its source changed since (the old source and the change
//! are in the unit's notes, and in `mda:` metadata); a new source paragraph has no
//! target. Segments carry no id (translate-toolkit would name the unit `p3::p3`), and
//! `canResegment="no"` keeps tools from splitting a paragraph.
//!
//! XLIFF 2.0 is the default; 1.2 (`<trans-unit>`, `state="needs-review-translation"`)
//! on request, for tools that read only that. A paragraph's inline markup (`*emphasis*`,
//! `24^e^`) travels as inline codes (`<pc>`, 1.2 `<g>`: [`inline`]), which CAT tools
//! show as tags. A paragraph not translated yet has no target in 2.0, and a copy of its
//! source as target in 1.2 (as tools of that version expect); a target equal to its
//! source is never taken back.

pub mod export;
pub mod import;
pub mod inline;
pub mod read;

/// XLIFF 2.0 (and 2.1, which shares the namespace and the core schema).
pub const NS_20: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// XLIFF 1.2.
pub const NS_12: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// XLIFF 2.0's Metadata module.
pub const NS_MDA: &str = "urn:oasis:names:tc:xliff:metadata:2.0";
/// rapporteur's own attributes (`rp:fingerprint`, `rp:domain`, …).
pub const NS_RP: &str = "urn:rapporteur:xliff:1";

/// Which XLIFF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V2_0,
    V1_2,
}

impl Version {
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2_0 => "2.0",
            Version::V1_2 => "1.2",
        }
    }
}
