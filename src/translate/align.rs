//! Which source paragraphs a translation is behind on: the record's fingerprints (one per
//! translated paragraph, as the source was when translated) aligned with the current
//! source paragraphs' fingerprints by a longest common subsequence (similar's Myers,
//! which finds one in O(ND)), so that a paragraph inserted in the source shifts nothing.
//!
//! Each step of the alignment is a source paragraph `unchanged`, `edited`, `added` or
//! `removed`. Fingerprints alone cannot tell an edited paragraph from a removed one next
//! to an added one: within a run of differences, a `pairing` decides. The F rules pair
//! by position (no git in `check`); `translate` and `xliff` pair by similarity of the
//! old source text, read from git, against the new ([`crate::diff::pair_similar`]).

use std::ops::Range;
use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

use crate::load::{Edition, Section};
use crate::model::{Fingerprint, TranslationRecord};

/// What became of a source paragraph since the translation was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fate {
    /// Same text: the translation is up to date.
    Unchanged,
    /// The source paragraph changed: its translation is behind.
    Edited,
    /// A new source paragraph, not translated yet.
    Added,
    /// The source paragraph is gone: its translation is orphaned.
    Removed,
    /// A source paragraph the record marks as not translated yet (`translate start`
    /// opens a language so): progress, not a change.
    Untranslated,
}

impl Fate {
    pub fn as_str(self) -> &'static str {
        match self {
            Fate::Unchanged => "unchanged",
            Fate::Edited => "edited",
            Fate::Added => "added",
            Fate::Removed => "removed",
            Fate::Untranslated => "untranslated",
        }
    }
}

/// One step of an alignment, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub fate: Fate,
    /// Index in the record, which is also the translation's paragraph index (`None` for
    /// an added source paragraph).
    pub recorded: Option<usize>,
    /// Index of the current source paragraph (`None` for a removed one).
    pub source: Option<usize>,
    /// Index in the record's entries ([`TranslationRecord::entries`]: translated and
    /// untranslated source paragraphs in order), `None` for an added source paragraph.
    pub entry: Option<usize>,
}

/// Decides, in a run of differing paragraphs (record entries `old`, source indices
/// `new`), which pairs are one edited paragraph. Returns `(entry, source)` pairs in
/// increasing order of both.
pub type Pairing<'p> = dyn FnMut(Range<usize>, Range<usize>) -> Vec<(usize, usize)> + 'p;

/// Pairs a run's paragraphs one to one from its start: what fingerprints alone allow.
/// A run of three recorded and three current paragraphs is three edits; a run of one
/// recorded and two current is an edit and an addition.
pub fn pair_by_position(old: Range<usize>, new: Range<usize>) -> Vec<(usize, usize)> {
    old.zip(new).collect()
}

/// Aligns the recorded entries (fingerprint, and the translated paragraph translating
/// it, `None` when untranslated) with the current source fingerprints.
pub fn align(
    recorded: &[(&str, Option<usize>)],
    current: &[&str],
    pairing: &mut Pairing<'_>,
) -> Vec<Step> {
    // A section has tens of paragraphs; the deadline only guards against a pathological
    // one (similar then settles for a coarser, still valid alignment).
    let deadline = Instant::now() + Duration::from_millis(50);
    let fps: Vec<&str> = recorded.iter().map(|(fp, _)| *fp).collect();
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &fps, current, Some(deadline));
    let mut steps = Vec::with_capacity(current.len().max(recorded.len()));
    let mut run: Option<(Range<usize>, Range<usize>)> = None;
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            if let Some((o_run, n_run)) = run.take() {
                flush(&mut steps, recorded, o_run, n_run, pairing);
            }
            steps.extend(o.zip(n).map(|(e, j)| {
                let translated = recorded[e].1;
                Step {
                    fate: if translated.is_some() {
                        Fate::Unchanged
                    } else {
                        Fate::Untranslated
                    },
                    recorded: translated,
                    source: Some(j),
                    entry: Some(e),
                }
            }));
            continue;
        }
        run = Some(match run {
            None => (o, n),
            Some((ro, rn)) => (ro.start..o.end.max(ro.end), rn.start..n.end.max(rn.end)),
        });
    }
    if let Some((o_run, n_run)) = run {
        flush(&mut steps, recorded, o_run, n_run, pairing);
    }
    steps
}

/// The steps of one run of differences: the pairs the pairing finds are edits (of an
/// untranslated paragraph: still untranslated); around them, recorded paragraphs are
/// removed (an untranslated one simply drops out) and current ones added.
fn flush(
    steps: &mut Vec<Step>,
    recorded: &[(&str, Option<usize>)],
    old: Range<usize>,
    new: Range<usize>,
    pairing: &mut Pairing<'_>,
) {
    let pairs = if old.is_empty() || new.is_empty() {
        Vec::new()
    } else {
        pairing(old.clone(), new.clone())
    };
    let (mut i, mut j) = (old.start, new.start);
    let removed = |steps: &mut Vec<Step>, range: Range<usize>| {
        for e in range {
            if let Some(t) = recorded[e].1 {
                steps.push(Step {
                    fate: Fate::Removed,
                    recorded: Some(t),
                    source: None,
                    entry: Some(e),
                });
            }
        }
    };
    let added = |k: usize| Step {
        fate: Fate::Added,
        recorded: None,
        source: Some(k),
        entry: None,
    };
    for (pi, pj) in pairs {
        // A pairing that breaks the order (or leaves the run) is ignored, never trusted.
        if pi < i || pj < j || pi >= old.end || pj >= new.end {
            continue;
        }
        removed(steps, i..pi);
        steps.extend((j..pj).map(added));
        let translated = recorded[pi].1;
        steps.push(Step {
            fate: if translated.is_some() {
                Fate::Edited
            } else {
                Fate::Untranslated
            },
            recorded: translated,
            source: Some(pj),
            entry: Some(pi),
        });
        (i, j) = (pi + 1, pj + 1);
    }
    removed(steps, i..old.end);
    steps.extend((j..new.end).map(added));
}

/// The fingerprints of a section's paragraphs.
pub fn fingerprints(section: &Section) -> Vec<Fingerprint> {
    section.paragraph_texts().map(Fingerprint::of).collect()
}

/// The source language of an edition, when it names one among its languages.
pub fn source_language(edition: &Edition) -> Option<&str> {
    let meta = &edition.meta.value;
    meta.source
        .as_deref()
        .filter(|s| meta.languages.iter().any(|l| l == s))
}

/// A translated section and the source section it translates (same domain).
#[derive(Debug, Clone, Copy)]
pub struct Counterparts<'a> {
    pub domain: &'a str,
    pub source: &'a Section,
    pub translation: &'a Section,
}

impl<'a> Counterparts<'a> {
    /// The translation's record, when its front matter is valid and has one.
    pub fn record(&self) -> Option<&'a TranslationRecord> {
        self.translation
            .front_matter()
            .and_then(|f| f.translated_from.as_ref())
    }
}

/// Every translated section with its source section, per translation language (all, or
/// `only`), in the catalog's order. Empty when the edition names no source language.
/// Sections without a counterpart are left to the S and L rules.
pub fn counterparts<'a>(
    edition: &'a Edition,
    only: Option<&str>,
) -> Vec<(&'a str, Counterparts<'a>)> {
    let Some(source) = source_language(edition) else {
        return Vec::new();
    };
    let by_domain = |lang: &str| {
        let mut map: std::collections::BTreeMap<&'a str, &'a Section> = Default::default();
        for section in edition.sections.iter().filter(|s| s.lang == lang) {
            // Sections come in file-name order: the first file of a domain is the one
            // the other rules compare, duplicates being S005's business.
            if let Some(domain) = section.domain() {
                map.entry(domain).or_insert(section);
            }
        }
        map
    };
    let sources = by_domain(source);
    let mut out = Vec::new();
    for lang in &edition.meta.value.languages {
        if lang == source || only.is_some_and(|o| o != lang) {
            continue;
        }
        let mut pairs: Vec<(&'a str, Counterparts<'a>)> = by_domain(lang)
            .into_iter()
            .filter_map(|(domain, translation)| {
                sources.get(domain).map(|source| {
                    (
                        lang.as_str(),
                        Counterparts {
                            domain,
                            source,
                            translation,
                        },
                    )
                })
            })
            .collect();
        pairs.sort_by_key(|(_, c)| edition.catalog.domain_index(c.domain).unwrap_or(usize::MAX));
        out.extend(pairs);
    }
    out
}

/// Where a translated section stands against its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tracking {
    /// The section has no record (F004).
    NoRecord,
    /// The record has a different number of fingerprints than the section has
    /// paragraphs (F005): nothing can be aligned.
    Misfit { recorded: usize, paragraphs: usize },
    /// The record fits: the alignment of its fingerprints with the source's.
    Aligned(Vec<Step>),
}

impl Tracking {
    /// The steps, when the record fits.
    pub fn steps(&self) -> Option<&[Step]> {
        match self {
            Tracking::Aligned(steps) => Some(steps),
            _ => None,
        }
    }
}

/// Where a translated section stands, pairing runs of differences with `pairing`.
pub fn track(
    pair: &Counterparts<'_>,
    current: &[Fingerprint],
    pairing: &mut Pairing<'_>,
) -> Tracking {
    let Some(record) = pair.record() else {
        return Tracking::NoRecord;
    };
    if record.paragraphs.len() != pair.translation.paragraphs.len() {
        return Tracking::Misfit {
            recorded: record.paragraphs.len(),
            paragraphs: pair.translation.paragraphs.len(),
        };
    }
    let recorded: Vec<(&str, Option<usize>)> = record
        .entries()
        .into_iter()
        .map(|(fp, t)| (fp.as_str(), t))
        .collect();
    let current: Vec<&str> = current.iter().map(Fingerprint::as_str).collect();
    Tracking::Aligned(align(&recorded, &current, pairing))
}

/// The first `words` words of a paragraph, with `…` when there are more: how findings
/// and messages quote a paragraph.
pub fn opening_words(text: &str, words: usize) -> String {
    let mut it = text.split_whitespace();
    let mut out: Vec<&str> = it.by_ref().take(words).collect();
    if it.next().is_some() {
        out.push("…");
    }
    out.join(" ")
}

/// The share of words two paragraphs have in common at which a translation is taken for
/// its source.
const SAME_SHARE: f64 = 0.9;

/// Whether `translation` is `source`, or nearly: at least [`SAME_SHARE`] of the words of
/// the longer of the two are found in the other (as many times), compared without case
/// and surrounding punctuation.
pub fn same_as_source(translation: &str, source: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (a, b) = (
        words(&crate::markdown::without_comments(translation)),
        words(&crate::markdown::without_comments(source)),
    );
    let longer = a.len().max(b.len());
    if longer == 0 || (a.len().min(b.len()) as f64) < SAME_SHARE * longer as f64 {
        return false;
    }
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in &b {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    let mut common = 0;
    for w in &a {
        if let Some(n) = counts.get_mut(w.as_str())
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    common as f64 >= SAME_SHARE * longer as f64
}

/// A translated section aligned with its source by fingerprints alone (runs paired by
/// position): what the F and L rules work on.
#[derive(Debug, Clone)]
pub struct Positional<'a> {
    pub lang: &'a str,
    pub pair: Counterparts<'a>,
    /// The current source paragraphs' fingerprints.
    pub current: Vec<Fingerprint>,
    pub tracking: Tracking,
}

/// Every translated section of the edition, aligned by fingerprints alone.
pub fn track_by_position(edition: &Edition) -> Vec<Positional<'_>> {
    counterparts(edition, None)
        .into_iter()
        .map(|(lang, pair)| {
            let current = fingerprints(pair.source);
            let tracking = track(&pair, &current, &mut pair_by_position);
            Positional {
                lang,
                pair,
                current,
                tracking,
            }
        })
        .collect()
}

/// Counts of an alignment's fates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub unchanged: usize,
    pub edited: usize,
    pub added: usize,
    pub removed: usize,
    /// Source paragraphs the record marks as not translated yet (not counted as behind).
    pub untranslated: usize,
}

impl Counts {
    pub fn of(steps: &[Step]) -> Self {
        let mut c = Counts::default();
        for s in steps {
            match s.fate {
                Fate::Unchanged => c.unchanged += 1,
                Fate::Edited => c.edited += 1,
                Fate::Added => c.added += 1,
                Fate::Removed => c.removed += 1,
                Fate::Untranslated => c.untranslated += 1,
            }
        }
        c
    }

    /// Paragraphs the translation is behind on.
    pub fn behind(&self) -> usize {
        self.edited + self.added + self.removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(steps: &[Step]) -> Vec<String> {
        steps
            .iter()
            .map(|s| {
                let n = |i: Option<usize>| i.map_or("-".to_string(), |i| i.to_string());
                format!("{} {}>{}", s.fate.as_str(), n(s.recorded), n(s.source))
            })
            .collect()
    }

    /// Entries of a record translating every one of `fps`.
    fn all<'a>(fps: &[&'a str]) -> Vec<(&'a str, Option<usize>)> {
        fps.iter().enumerate().map(|(i, f)| (*f, Some(i))).collect()
    }

    #[test]
    fn untranslated_entries_stay_untranslated_through_edits() {
        // a translated, u untranslated, b translated; u edited in the source, a new x.
        let recorded = [("a", Some(0)), ("u", None), ("b", Some(1))];
        let steps = align(&recorded, &["a", "U", "b", "x"], &mut pair_by_position);
        assert_eq!(
            show(&steps),
            [
                "unchanged 0>0",
                "untranslated ->1",
                "unchanged 1>2",
                "added ->3"
            ]
        );
        // An untranslated paragraph removed from the source drops out silently.
        let steps = align(&recorded, &["a", "b"], &mut pair_by_position);
        assert_eq!(show(&steps), ["unchanged 0>0", "unchanged 1>1"]);
        let c = Counts::of(&align(&recorded, &["a", "u", "b"], &mut pair_by_position));
        assert_eq!((c.untranslated, c.behind()), (1, 0));
    }

    #[test]
    fn an_inserted_paragraph_shifts_nothing() {
        let steps = align(
            &all(&["a", "b", "c"]),
            &["a", "x", "b", "c"],
            &mut pair_by_position,
        );
        assert_eq!(
            show(&steps),
            [
                "unchanged 0>0",
                "added ->1",
                "unchanged 1>2",
                "unchanged 2>3"
            ]
        );
    }

    #[test]
    fn an_edit_is_a_run_of_one_against_one() {
        let steps = align(
            &all(&["a", "b", "c"]),
            &["a", "B", "c"],
            &mut pair_by_position,
        );
        assert_eq!(
            show(&steps),
            ["unchanged 0>0", "edited 1>1", "unchanged 2>2"]
        );
        let steps = align(&all(&["a", "b", "c"]), &["a", "c"], &mut pair_by_position);
        assert_eq!(
            show(&steps),
            ["unchanged 0>0", "removed 1>-", "unchanged 2>1"]
        );
    }

    #[test]
    fn the_pairing_decides_within_a_run() {
        // One recorded paragraph against two current ones: by position, the first is the
        // edit; a pairing that knows better says the second.
        let steps = align(
            &all(&["a", "b", "c"]),
            &["a", "x", "B", "c"],
            &mut pair_by_position,
        );
        assert_eq!(
            show(&steps),
            ["unchanged 0>0", "edited 1>1", "added ->2", "unchanged 2>3"]
        );
        let steps = align(
            &all(&["a", "b", "c"]),
            &["a", "x", "B", "c"],
            &mut |_, _| vec![(1, 2)],
        );
        assert_eq!(
            show(&steps),
            ["unchanged 0>0", "added ->1", "edited 1>2", "unchanged 2>3"]
        );
        // Nothing alike: a removal and an addition.
        let steps = align(&all(&["a", "b"]), &["a", "x"], &mut |_, _| vec![]);
        assert_eq!(show(&steps), ["unchanged 0>0", "removed 1>-", "added ->1"]);
    }

    #[test]
    fn counts_say_how_far_behind() {
        let steps = align(
            &all(&["a", "b", "c", "d"]),
            &["x", "a", "c", "D"],
            &mut pair_by_position,
        );
        let c = Counts::of(&steps);
        assert_eq!((c.unchanged, c.edited, c.added, c.removed), (2, 1, 1, 1));
        assert_eq!(c.behind(), 3);
    }
}
