//! One bound on what a run shows: at most [`MAX_PER_RULE_AND_FILE`] findings of a rule in
//! a file, then one finding that counts the rest. A hostile or broken file (a 3 MB section
//! with 200,000 findings) would otherwise make 450 MB of JSON, a gigabyte of SARIF, a
//! terminal scroll for minutes, and a draft whose open points exhaust the template's
//! fuel. The count is itself a finding, so it reaches every format (human, JSON, SARIF,
//! GitHub annotations, the language server, a draft's open points) in the same words.
//!
//! `check --fix` works on the findings before the cap: every fix is applied.

use foldhash::{HashMap, HashMapExt};

use super::diagnostic::{Diagnostic, Severity};

/// The findings of one rule shown per file.
pub const MAX_PER_RULE_AND_FILE: usize = 100;

/// `diagnostics` (sorted by path and position, as `check_edition` gives them) with at
/// most [`MAX_PER_RULE_AND_FILE`] of each rule in each file: the first ones, then one
/// finding at the place of the first left out, saying how many were left out. Below the
/// bound (every normal run) nothing is looked at twice.
pub fn cap_findings(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diagnostics.len() <= MAX_PER_RULE_AND_FILE {
        return diagnostics;
    }
    // (path, code) → findings seen, and the index in `out` of the count finding.
    let mut seen: HashMap<(String, &'static str), (usize, Option<usize>)> = HashMap::new();
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len().min(4096));
    let mut left_out: Vec<(usize, usize, Severity)> = Vec::new();
    for d in diagnostics {
        let entry = seen.entry((d.path.clone(), d.code)).or_insert((0, None));
        entry.0 += 1;
        if entry.0 <= MAX_PER_RULE_AND_FILE {
            out.push(d);
            continue;
        }
        match entry.1 {
            Some(i) => {
                let (_, count, severity) = &mut left_out[i];
                *count += 1;
                *severity = (*severity).min(d.severity);
            }
            None => {
                entry.1 = Some(left_out.len());
                left_out.push((out.len(), 1, d.severity));
                let mut count = d;
                count.fix = None;
                out.push(count);
            }
        }
    }
    for (i, count, severity) in left_out {
        let d = &mut out[i];
        d.severity = severity;
        let message = crate::msg!(
            "capped",
            count = count,
            code = d.code,
            shown = MAX_PER_RULE_AND_FILE
        );
        let help = crate::msg!("capped-help");
        d.message = message.terminal();
        d.help = Some(help.terminal());
        d.texts.message = Some(message);
        d.texts.help = Some(help);
        d.end_line = d.line;
        d.end_column = d.column;
        d.span = d.span.start..d.span.start;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::registry::find_rule;
    use crate::load::SourceFile;

    #[test]
    fn a_rule_shows_its_first_findings_then_counts_the_rest() {
        let text = "x".repeat(1000);
        let file = SourceFile::new("drafts/fr/a.md", text);
        let other = SourceFile::new("drafts/fr/b.md", "y".repeat(10));
        let rule = find_rule("B003").unwrap();
        let mut all: Vec<Diagnostic> = (0..250)
            .map(|i| Diagnostic::new(rule, &file, i..i + 1, format!("finding {i}")))
            .collect();
        all.push(Diagnostic::new(rule, &other, 0..1, "in another file"));
        let capped = cap_findings(all);
        assert_eq!(capped.len(), MAX_PER_RULE_AND_FILE + 2);
        assert_eq!(capped[99].message, "finding 99");
        assert!(
            capped[100].message.starts_with("150 more `B003` findings"),
            "{}",
            capped[100].message
        );
        assert_eq!(capped[100].line, 1);
        assert_eq!(capped[100].column, 101);
        assert!(capped[100].fix.is_none());
        assert_eq!(capped[101].message, "in another file");
    }
}
