//! `rapporteur translate diff`: for each paragraph a translation is behind on, what
//! changed in the source (old → new, word by word, the old text read from git at the
//! recorded commit) and the current translation beneath it. The serialized
//! [`TranslationDiff`] is `--format json`; `render` prints the others.

use serde::Serialize;

use super::Tracked;
use super::align::{Fate, Tracking};
use crate::diff::words::{Op, WordOp, diff_words, split_words};
use crate::load::Edition;
use crate::model::fingerprint::normalise;

/// The diff of one translation language against the source.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationDiff {
    /// The drafting language.
    pub source: String,
    /// The translation language.
    pub lang: String,
    /// The sections that are behind, have no record, or whose record does not fit.
    pub sections: Vec<SectionDiff>,
    /// How many sections were compared (those up to date are not listed).
    pub compared: usize,
    /// Source paragraphs not translated yet (not listed: `translate status` counts them,
    /// `xliff export` hands them out).
    pub untranslated: usize,
}

/// One translated section that is not up to date.
#[derive(Debug, Clone, Serialize)]
pub struct SectionDiff {
    pub domain: String,
    /// The domain's heading in the translation's language, from the catalog.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub path: String,
    pub source_path: String,
    pub state: super::status::State,
    /// The source commit the record names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Why some old source text is unknown, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub paragraphs: Vec<ParagraphDiff>,
}

/// One paragraph the translation is behind on.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphDiff {
    pub fate: Fate,
    /// 1-based number of the translated paragraph (none for an added source paragraph).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// For an added source paragraph: the number of the translated paragraph its
    /// translation goes before (none: at the end).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<usize>,
    /// 1-based number of the current source paragraph (none for a removed one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_paragraph: Option<usize>,
    /// 1-based line of the translated paragraph, or of the place an added one goes.
    pub line: usize,
    /// 1-based line of the current source paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<usize>,
    /// The recorded fingerprint (what was translated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<String>,
    /// The current source paragraph's fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// The source as it was, when git still has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_source: Option<String>,
    /// The source as it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_source: Option<String>,
    /// The source's change, old → new, word by word (empty when the old text of an
    /// edited paragraph is unknown).
    pub words: Vec<WordOp>,
    /// The current translation of the paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
}

/// The diff of the tracked sections of one language, only `domains` when some are given.
pub fn translation_diff(
    edition: &Edition,
    source: &str,
    lang: &str,
    tracked: &[Tracked<'_>],
) -> TranslationDiff {
    let mut sections = Vec::new();
    let mut compared = 0;
    let mut untranslated = 0;
    for t in tracked.iter().filter(|t| t.lang == lang) {
        compared += 1;
        if let Some(steps) = t.tracking.steps() {
            untranslated += steps
                .iter()
                .filter(|s| s.fate == Fate::Untranslated)
                .count();
        }
        if let Some(section) = section_diff(edition, t) {
            sections.push(section);
        }
    }
    TranslationDiff {
        source: source.to_string(),
        lang: lang.to_string(),
        sections,
        compared,
        untranslated,
    }
}

fn section_diff(edition: &Edition, t: &Tracked<'_>) -> Option<SectionDiff> {
    let (tr, src) = (t.pair.translation, t.pair.source);
    let record = t.pair.record();
    let (state, paragraphs) = match &t.tracking {
        Tracking::NoRecord => (super::status::State::NoRecord, Vec::new()),
        Tracking::Misfit { .. } => (super::status::State::Misfit, Vec::new()),
        Tracking::Aligned(steps) => {
            let mut out = Vec::new();
            for (k, step) in steps.iter().enumerate() {
                // Untranslated paragraphs are progress, not changes: `translate status`
                // counts them, `xliff export` hands them out.
                if matches!(step.fate, Fate::Unchanged | Fate::Untranslated) {
                    continue;
                }
                let old = step
                    .entry
                    .and_then(|e| t.old_texts.get(e).cloned().flatten())
                    .map(|text| normalise(&text));
                let new = step.source.map(|j| normalise(src.paragraph(j)));
                let words = match (step.fate, &old, &new) {
                    (Fate::Edited, Some(o), Some(n)) => {
                        diff_words(&split_words(o), &split_words(n)).0
                    }
                    (Fate::Added, _, Some(n)) => whole(Op::Insert, n),
                    (Fate::Removed, Some(o), _) => whole(Op::Delete, o),
                    _ => Vec::new(),
                };
                let before = if step.fate == Fate::Added {
                    steps[k + 1..].iter().find_map(|s| s.recorded)
                } else {
                    None
                };
                let at = match (step.recorded, before) {
                    (Some(i), _) | (None, Some(i)) => tr.paragraphs[i].start,
                    (None, None) => tr.paragraphs.last().map_or(tr.front_range.end, |r| r.end),
                };
                out.push(ParagraphDiff {
                    fate: step.fate,
                    paragraph: step.recorded.map(|i| i + 1),
                    before: before.map(|i| i + 1),
                    source_paragraph: step.source.map(|j| j + 1),
                    line: tr.file.line_col(at).0,
                    source_line: step
                        .source
                        .map(|j| src.file.line_col(src.paragraphs[j].start).0),
                    recorded: step
                        .recorded
                        .and_then(|i| record.map(|r| r.paragraphs[i].to_string())),
                    fingerprint: step.source.map(|j| t.current[j].to_string()),
                    old_source: old,
                    new_source: new,
                    words,
                    translation: step.recorded.map(|i| normalise(tr.paragraph(i))),
                });
            }
            if out.is_empty() {
                return None;
            }
            (super::status::State::Behind, out)
        }
    };
    Some(SectionDiff {
        domain: t.pair.domain.to_string(),
        title: edition
            .catalog
            .domain(t.pair.domain)
            .and_then(|d| d.title.get(t.lang))
            .cloned(),
        path: tr.file.path.clone(),
        source_path: src.file.path.clone(),
        state,
        commit: record.map(|r| r.commit.to_string()),
        note: t.history_note.clone(),
        paragraphs,
    })
}

fn whole(op: Op, text: &str) -> Vec<WordOp> {
    vec![WordOp {
        op,
        text: text.to_string(),
    }]
}
