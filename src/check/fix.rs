//! `check --fix`: applies the fixes the rules attach to their findings, file by file,
//! writing each file atomically. Fixes whose edits overlap are applied one round at a
//! time: after each round the edition is checked again, until nothing is left to fix (or
//! a bounded number of rounds, so that two fixes undoing each other cannot loop forever).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use super::{Diagnostic, Edit, check_edition, check_rule_settings};
use crate::error::Result;
use crate::load::{Edition, WorkTree, load_edition, load_edition_with};
use crate::write::write_atomic;

/// More rounds than any real overlap needs.
const MAX_ROUNDS: usize = 8;

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
}

/// Applies the fixes of the section files' findings that `wanted` selects, until stable.
pub fn fix_edition(root: &Path, wanted: impl Fn(&Diagnostic) -> bool) -> Result<FixOutcome> {
    let tree = WorkTree::new(root);
    let mut edition = load_edition(&tree)?;
    check_rule_settings(&edition.meta)?;
    let mut diagnostics = check_edition(&edition);
    let (mut fixes, mut files) = (0, BTreeMap::new());
    for _ in 0..MAX_ROUNDS {
        let mut by_path: BTreeMap<&str, Vec<&[Edit]>> = BTreeMap::new();
        for d in &diagnostics {
            if let Some(fix) = &d.fix
                && wanted(d)
            {
                by_path.entry(d.path.as_str()).or_default().push(&fix.edits);
            }
        }
        let mut applied = 0;
        for section in &edition.sections {
            let Some(section_fixes) = by_path.get(section.file.path.as_str()) else {
                continue;
            };
            let (text, n) = apply_fixes(&section.file.text, section_fixes);
            if n == 0 || text == section.file.text {
                continue;
            }
            write_atomic(&root.join(&section.file.path), text.as_bytes())?;
            *files.entry(section.file.path.clone()).or_insert(0) += n;
            applied += n;
        }
        if applied == 0 {
            break;
        }
        fixes += applied;
        // Fixes touch section files only: the catalog parsed once serves every round.
        let catalog = (edition.catalog.clone(), edition.catalog_files.clone());
        edition = load_edition_with(&tree, |_| Ok(catalog))?;
        diagnostics = check_edition(&edition);
    }
    Ok(FixOutcome {
        fixes,
        files,
        edition,
        diagnostics,
    })
}

/// Applies the fixes (each a group of edits, all or nothing) that do not overlap an
/// earlier one, and returns the new text with the number of fixes applied.
pub fn apply_fixes(text: &str, fixes: &[&[Edit]]) -> (String, usize) {
    let mut ordered: Vec<&[Edit]> = fixes.iter().copied().filter(|f| !f.is_empty()).collect();
    ordered.sort_by_key(|f| f.iter().map(|e| e.span.start).min());
    let mut taken: Vec<Range<usize>> = Vec::new();
    let mut edits: Vec<&Edit> = Vec::new();
    let mut count = 0;
    for fix in ordered {
        let valid = fix.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        let clashes = fix
            .iter()
            .any(|e| taken.iter().any(|t| overlaps(t, &e.span)));
        if !valid || clashes {
            continue;
        }
        taken.extend(fix.iter().map(|e| e.span.clone()));
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
