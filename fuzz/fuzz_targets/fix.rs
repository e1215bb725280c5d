//! `check --fix` on a section the fuzzer writes, in memory (`check::fix::fix_round`, the
//! rounds `fix_edition` writes): the fixes converge within the rounds `--fix` allows (a
//! further pass changes nothing), and the fixed text checks no worse than the original
//! (no more errors).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rapporteur::check::fix::fix_round;
use rapporteur::check::{Severity, check_edition};

const PATH: &str = "drafts/fr/03-resilience.md";

fuzz_target!(|data: &[u8]| {
    let mut tree = common::small_tree(&[(PATH, data)]);
    let edition = common::load(&tree);
    let diagnostics = check_edition(&edition);
    let errors = |d: &[rapporteur::check::Diagnostic]| {
        d.iter().filter(|d| d.severity == Severity::Error).count()
    };
    let before = errors(&diagnostics);
    let (mut edition, mut diagnostics) = (edition, diagnostics);
    // As many rounds as fix_edition (8), then one more that must change nothing.
    for round in 0..=8 {
        let changed: Vec<(String, String)> = fix_round(&edition, &diagnostics, |_| true)
            .into_iter()
            .map(|(s, text, _)| (s.file.path.clone(), text))
            .collect();
        if changed.is_empty() {
            break;
        }
        assert!(round < 8, "the fixes do not converge");
        for (path, text) in changed {
            tree.files.insert(path, text.into_bytes());
        }
        edition = common::load(&tree);
        diagnostics = check_edition(&edition);
        common::check_findings(&edition, &diagnostics);
    }
    assert!(
        errors(&diagnostics) <= before,
        "fixing made it worse: {} errors, {before} before",
        errors(&diagnostics)
    );
});
