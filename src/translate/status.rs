//! `rapporteur translate status`: per translated section, up to date or how many
//! paragraphs behind its source. The serialized [`StatusReport`] is `--format json`.

use serde::Serialize;

use super::Tracked;
use super::align::{Counts, Fate, Tracking, same_as_source};

/// Where every translated section stands.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// The drafting language.
    pub source: String,
    pub sections: Vec<SectionStatus>,
}

/// One translated section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionStatus {
    pub domain: String,
    pub lang: String,
    /// The translated section file.
    pub path: String,
    /// The source section file.
    pub source_path: String,
    pub state: State,
    /// Source paragraphs edited, added or removed since the translation.
    pub behind: usize,
    /// Source paragraphs not translated yet: marked so in the record (since `translate
    /// start`), or whose translation is the source text itself, word for word or nearly
    /// (F006). Progress, counted apart from those behind.
    pub untranslated: usize,
    /// The alignment's counts, when the record fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    /// The source commit the record names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Why the old source text is unknown, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where a translated section stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    UpToDate,
    /// Nothing behind, but source paragraphs not translated yet.
    InProgress,
    Behind,
    /// No record (F004).
    NoRecord,
    /// A record that does not fit the section (F005).
    Misfit,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::UpToDate => "up to date",
            State::InProgress => "in progress",
            State::Behind => "behind",
            State::NoRecord => "no record",
            State::Misfit => "record misfit",
        }
    }
}

/// The status of each tracked section.
pub fn translation_status(source: &str, tracked: &[Tracked<'_>]) -> StatusReport {
    let sections = tracked
        .iter()
        .map(|t| {
            let (state, counts) = match &t.tracking {
                Tracking::NoRecord => (State::NoRecord, None),
                Tracking::Misfit { .. } => (State::Misfit, None),
                Tracking::Aligned(steps) => {
                    let mut counts = Counts::of(steps);
                    // A paragraph that is its source is no translation, whatever the
                    // record says (a copied file, a CAT tool's copy of the source).
                    let (tr, src) = (t.pair.translation, t.pair.source);
                    let copies = steps
                        .iter()
                        .filter(|s| s.fate == Fate::Unchanged)
                        .filter_map(|s| Some((s.recorded?, s.source?)))
                        .filter(|&(i, j)| same_as_source(tr.paragraph(i), src.paragraph(j)))
                        .count();
                    counts.unchanged -= copies;
                    counts.untranslated += copies;
                    let state = if counts.behind() > 0 {
                        State::Behind
                    } else if counts.untranslated > 0 {
                        State::InProgress
                    } else {
                        State::UpToDate
                    };
                    (state, Some(counts))
                }
            };
            SectionStatus {
                domain: t.pair.domain.to_string(),
                lang: t.lang.to_string(),
                path: t.pair.translation.file.path.clone(),
                source_path: t.pair.source.file.path.clone(),
                state,
                behind: counts.map_or(0, |c| c.behind()),
                untranslated: counts.map_or(0, |c| c.untranslated),
                counts,
                commit: t.pair.record().map(|r| r.commit.to_string()),
                note: t.history_note.clone(),
            }
        })
        .collect();
    StatusReport {
        source: source.to_string(),
        sections,
    }
}
