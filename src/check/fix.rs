//! `check --fix`: applies the fixes the rules attach to their findings, file by file,
//! writing each file atomically. Fixes whose edits overlap are applied one round at a
//! time: after each round the edition is checked again, until nothing is left to fix (or
//! a bounded number of rounds, so that two fixes undoing each other cannot loop forever).
//!
//! Each file is read again just before it is replaced: when someone saved it since it was
//! loaded, it is left alone (and reported in [`FixOutcome::left_alone`]), so that no edit
//! is lost. A section file that is a symlink (inside the repository) is written through:
//! the link stays a link.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use super::{Diagnostic, Edit, check_edition_full, check_rule_settings};
use crate::error::{Error, Result};
use crate::load::file::resolve_for_write;
use crate::load::{Edition, Section, WorkTree, load_edition, load_edition_with};
use crate::write::write_atomic_if_unchanged;

/// More rounds than any real overlap needs.
pub const MAX_ROUNDS: usize = 8;

/// What `fix_edition` did.
#[derive(Debug)]
pub struct FixOutcome {
    /// Fixes applied, over all rounds.
    pub fixes: usize,
    /// Files rewritten, relative to the repository root, with the fixes each received.
    pub files: BTreeMap<String, usize>,
    /// The edition as it is after the fixes.
    pub edition: Edition,
    /// What `check` finds in it: the findings no fix could repair.
    pub diagnostics: Vec<Diagnostic>,
    /// The findings an allow comment acknowledges (not fixed, not reported).
    pub allowed: usize,
    /// Files that changed on disk while the fixes were being made: not written.
    pub left_alone: Vec<String>,
}

/// Applies the fixes of the section files' findings that `wanted` selects, until stable.
pub fn fix_edition(root: &Path, wanted: impl Fn(&Diagnostic) -> bool) -> Result<FixOutcome> {
    let tree = WorkTree::new(root);
    let mut edition = load_edition(&tree)?;
    check_rule_settings(&edition.meta)?;
    let mut checked = check_edition_full(&edition);
    let (mut fixes, mut files) = (0, BTreeMap::new());
    let mut left_alone: Vec<String> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let mut applied = 0;
        for (section, text, n) in fix_round(&edition, &checked.diagnostics, &wanted) {
            let path = &section.file.path;
            if left_alone.contains(path) {
                continue;
            }
            let target =
                resolve_for_write(root, Path::new(path)).map_err(|refusal| Error::Invalid {
                    location: path.clone(),
                    message: format!("not fixed: {refusal}"),
                    help: "make it a regular file inside the repository".into(),
                })?;
            match write_atomic_if_unchanged(&target, section.file.text.as_bytes(), text.as_bytes())
            {
                Ok(()) => {}
                Err(Error::Changed { .. }) => {
                    left_alone.push(path.clone());
                    continue;
                }
                Err(other) => return Err(other),
            }
            *files.entry(path.clone()).or_insert(0) += n;
            applied += n;
        }
        if applied == 0 {
            break;
        }
        fixes += applied;
        // Fixes touch section files only: the catalog parsed once serves every round.
        let catalog = (edition.catalog.clone(), edition.catalog_files.clone());
        edition = load_edition_with(&tree, |_| Ok(catalog))?;
        checked = check_edition_full(&edition);
    }
    Ok(FixOutcome {
        fixes,
        files,
        edition,
        diagnostics: checked.diagnostics,
        allowed: checked.allowed.len(),
        left_alone,
    })
}

/// One round of fixes, in memory: each section the fixes of `diagnostics` (those `wanted`
/// selects) change, with its new text and the number of fixes applied. What
/// [`fix_edition`] writes, round after round.
pub fn fix_round<'a>(
    edition: &'a Edition,
    diagnostics: &[Diagnostic],
    wanted: impl Fn(&Diagnostic) -> bool,
) -> Vec<(&'a Section, String, usize)> {
    let mut by_path: BTreeMap<&str, Vec<&[Edit]>> = BTreeMap::new();
    for d in diagnostics {
        if let Some(fix) = &d.fix
            && wanted(d)
        {
            by_path.entry(d.path.as_str()).or_default().push(&fix.edits);
        }
    }
    let mut changed = Vec::new();
    for section in &edition.sections {
        let Some(section_fixes) = by_path.get(section.file.path.as_str()) else {
            continue;
        };
        let (text, n) = apply_fixes(&section.file.text, section_fixes);
        if n > 0 && text != section.file.text {
            changed.push((section, text, n));
        }
    }
    changed
}

/// Applies the fixes (each a group of edits, all or nothing) that do not overlap an
/// earlier one, and returns the new text with the number of fixes applied.
pub fn apply_fixes(text: &str, fixes: &[&[Edit]]) -> (String, usize) {
    let mut ordered: Vec<&[Edit]> = fixes.iter().copied().filter(|f| !f.is_empty()).collect();
    ordered.sort_by_key(|f| f.iter().map(|e| e.span.start).min());
    let mut taken = Taken::default();
    let mut edits: Vec<&Edit> = Vec::new();
    let mut count = 0;
    for fix in ordered {
        let valid = fix.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        let clashes = fix.iter().enumerate().any(|(i, e)| {
            taken.clashes(&e.span) || fix[..i].iter().any(|o| overlaps(&o.span, &e.span))
        });
        if !valid || clashes {
            continue;
        }
        for e in fix {
            taken.insert(e.span.clone());
        }
        edits.extend(fix.iter());
        count += 1;
    }
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.text);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    (out, count)
}

/// The ranges of the edits taken so far, by start: they never clash with each other, so
/// that a new range need only be compared with its neighbours (a paragraph with tens of
/// thousands of fixes would otherwise compare each with all the others).
#[derive(Default)]
struct Taken {
    by_start: BTreeMap<usize, usize>,
}

impl Taken {
    /// Whether `span` clashes (see [`overlaps`]) with a range taken.
    fn clashes(&self, span: &Range<usize>) -> bool {
        let (s, e) = (span.start, span.end);
        // Taken ranges are disjoint and none lies inside another: the one starting
        // right before `s` and the one starting right after it are the only candidates.
        self.by_start.contains_key(&s)
            || self
                .by_start
                .range(..s)
                .next_back()
                .is_some_and(|(_, &te)| te > s)
            || self
                .by_start
                .range(s + 1..)
                .next()
                .is_some_and(|(&ts, _)| ts < e)
    }

    fn insert(&mut self, span: Range<usize>) {
        self.by_start.insert(span.start, span.end);
    }
}

/// Two edits clash when their ranges share a byte, or both insert at the same place.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end)
        || a.start == b.start
        || (a.is_empty() && b.contains(&a.start))
        || (b.is_empty() && a.contains(&b.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(span: Range<usize>, text: &str) -> Edit {
        Edit {
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            text: text.into(),
            span,
        }
    }

    /// The neighbour test of `Taken` agrees with comparing every pair.
    #[test]
    fn taken_agrees_with_all_pairs() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..2000 {
            let mut taken = Taken::default();
            let mut all: Vec<Range<usize>> = Vec::new();
            for _ in 0..12 {
                let start = next(30);
                let span = start..start + next(4);
                let by_pairs = all.iter().any(|t| overlaps(t, &span));
                assert_eq!(taken.clashes(&span), by_pairs, "{span:?} against {all:?}");
                if !by_pairs {
                    taken.insert(span.clone());
                    all.push(span);
                }
            }
        }
    }

    #[test]
    fn applies_non_overlapping_edits() {
        let text = "le soutien à Kiev ; fin .";
        let a = [edit(14..18, "Kyïv")];
        let b = [edit(18..19, "\u{a0}")];
        let c = [edit(14..16, "XX")]; // overlaps a: left for the next round
        let d = [edit(24..25, "")];
        let (out, n) = apply_fixes(text, &[&c, &a, &b, &d]);
        assert_eq!(n, 3);
        assert_eq!(out, "le soutien à XXev\u{a0}; fin.");
    }
}
