//! Translations kept in step with the drafting language. drafts/report.yaml names the
//! language the report is drafted in (`source: en`); each section of another language
//! records, in its front matter, the source commit and one fingerprint per source
//! paragraph it translates ([`crate::model::TranslationRecord`]).
//!
//! [`align`] says which paragraphs are behind (the F rules and the L rules use it, on
//! fingerprints alone); [`history`] reads the old source text from git, with which
//! [`track_edition`] also tells an edited paragraph from a removed one beside an added
//! one; [`start`] opens a language with nothing translated (its record marks every
//! source paragraph untranslated); [`status`], [`diff`] and [`accept`] are what
//! `rapporteur translate` does, and [`record`] rewrites a section file in place.
//! `crate::xliff` hands the same work to translators' tools.

pub mod accept;
pub mod align;
pub mod diff;
pub mod history;
pub mod record;
pub mod render;
pub mod start;
pub mod status;

use std::path::Path;

use crate::diff::pair_similar;
use crate::diff::words::split_words;
use crate::error::{Error, Result};
use crate::load::Edition;
use crate::model::Fingerprint;
use align::{Counterparts, Tracking, counterparts, fingerprints, pair_by_position, track};
use history::History;

/// A translated section, aligned with its source, with the old source text of each
/// recorded paragraph where git still has it.
#[derive(Debug, Clone)]
pub struct Tracked<'a> {
    /// The translation's language.
    pub lang: &'a str,
    pub pair: Counterparts<'a>,
    /// The current source paragraphs' fingerprints.
    pub current: Vec<Fingerprint>,
    pub tracking: Tracking,
    /// The old source text of each recorded paragraph (by record entry, see
    /// [`align::Step::entry`]), where known.
    pub old_texts: Vec<Option<String>>,
    /// Why some old source texts are unknown, when they are.
    pub history_note: Option<String>,
}

/// Every translated section of the edition (of language `only`, or all), aligned with
/// its source. Runs of differing paragraphs are paired by similarity of the old source
/// text (from git, at the recorded commit) with the new, as `diff` pairs paragraphs;
/// where the old text is unknown, by position, as the F rules do.
pub fn track_edition<'a>(
    edition: &'a Edition,
    root: &Path,
    only: Option<&str>,
) -> Vec<Tracked<'a>> {
    let Some(source) = align::source_language(edition) else {
        return Vec::new();
    };
    let mut history = History::new(root, source);
    counterparts(edition, only)
        .into_iter()
        .map(|(lang, pair)| {
            let current = fingerprints(pair.source);
            // Only the paragraphs that are not unchanged need their old text.
            let entries: Vec<Fingerprint> = pair
                .record()
                .map(|r| r.entries().into_iter().map(|(fp, _)| fp.clone()).collect())
                .unwrap_or_default();
            // Only the entries that are not unchanged need their old text (an
            // untranslated one only when its source changed).
            let needed: Vec<usize> = match track(&pair, &current, &mut pair_by_position) {
                Tracking::Aligned(steps) => steps
                    .iter()
                    .filter(|s| s.fate != align::Fate::Unchanged)
                    .filter(|s| {
                        s.fate != align::Fate::Untranslated
                            || s.entry.map(|e| &entries[e]) != s.source.map(|j| &current[j])
                    })
                    .filter_map(|s| s.entry)
                    .collect(),
                _ => Vec::new(),
            };
            let (old_texts, history_note) = match pair.record() {
                None => (Vec::new(), None),
                Some(_) if needed.is_empty() => (Vec::new(), None),
                Some(record) => {
                    let wanted: Vec<Fingerprint> =
                        needed.iter().map(|&e| entries[e].clone()).collect();
                    let mut old = vec![None; entries.len()];
                    match history.old_texts(&record.commit, &wanted) {
                        None => (
                            old,
                            Some(format!(
                                "commit {} is not in this repository (a shallow clone?): the old `{source}` text is unknown, changes are known by fingerprint only",
                                record.commit.short()
                            )),
                        ),
                        Some(found) => {
                            let missing = found.iter().filter(|t| t.is_none()).count();
                            for (&i, text) in needed.iter().zip(found) {
                                old[i] = text;
                            }
                            let note = (missing > 0).then(|| {
                                format!(
                                    "{missing} recorded paragraph{} not in the history of commit {}: {} old text is unknown",
                                    if missing == 1 { " is" } else { "s are" },
                                    record.commit.short(),
                                    if missing == 1 { "its" } else { "their" }
                                )
                            });
                            (old, note)
                        }
                    }
                }
            };
            let source_texts: Vec<&str> = pair.source.paragraph_texts().collect();
            let tracking = track(&pair, &current, &mut |o, n| {
                let old: Option<Vec<Vec<&str>>> = o
                    .clone()
                    .map(|i| old_texts.get(i).and_then(|t| t.as_deref()).map(split_words))
                    .collect();
                match old {
                    Some(old) => {
                        let new: Vec<Vec<&str>> =
                            n.clone().map(|j| split_words(source_texts[j])).collect();
                        pair_similar(&old, &new)
                            .into_iter()
                            .map(|(i, j)| (o.start + i, n.start + j))
                            .collect()
                    }
                    None => pair_by_position(o, n),
                }
            });
            Tracked {
                lang,
                pair,
                current,
                tracking,
                old_texts,
                history_note,
            }
        })
        .collect()
}

/// The translation languages to work on: `lang` when given (it must be a translation
/// language of the edition), else every language but the source.
pub fn translation_languages(edition: &Edition, lang: Option<&str>) -> Result<Vec<String>> {
    let meta = &edition.meta.value;
    let Some(source) = align::source_language(edition) else {
        return Err(Error::Usage(match &meta.source {
            None => "drafts/report.yaml names no source language\n  help: add `source: en` (the language the report is drafted in) to drafts/report.yaml".to_string(),
            Some(s) => format!(
                "`source: {s}` in drafts/report.yaml is not one of its `languages` ({})\n  help: add it to `languages`, or name the drafting language",
                meta.languages.join(", ")
            ),
        }));
    };
    match lang {
        Some(l) if l == source => Err(Error::Usage(format!(
            "`{l}` is the source language: its sections are not translations\n  help: name a translation language: {}",
            others(meta, source)
        ))),
        Some(l) if !meta.languages.iter().any(|x| x == l) => Err(Error::Usage(format!(
            "`{l}` is not a language of this edition\n  help: the translation languages are: {}",
            others(meta, source)
        ))),
        Some(l) => Ok(vec![l.to_string()]),
        None => Ok(meta
            .languages
            .iter()
            .filter(|l| *l != source)
            .cloned()
            .collect()),
    }
}

fn others(meta: &crate::model::EditionMeta, source: &str) -> String {
    let list: Vec<&str> = meta
        .languages
        .iter()
        .map(String::as_str)
        .filter(|l| *l != source)
        .collect();
    if list.is_empty() {
        "none (the edition has one language)".to_string()
    } else {
        list.join(", ")
    }
}

/// The one translation language a command works on: `lang`, or the only one there is.
pub fn one_language(edition: &Edition, lang: Option<&str>) -> Result<String> {
    let mut langs = translation_languages(edition, lang)?;
    match langs.len() {
        1 => Ok(langs.remove(0)),
        0 => Err(Error::Usage(
            "the edition has no translation language: `languages` lists only the source\n  help: add the language to `languages` in drafts/report.yaml".into(),
        )),
        _ => Err(Error::Usage(format!(
            "say which language: --lang {}",
            langs.join(" | --lang ")
        ))),
    }
}
