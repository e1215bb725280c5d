//! A section file, front matter and body, as the fuzzer writes it: loaded into a small
//! edition (the shipped catalog, parsed once, and the introduction) and checked by every
//! rule. Nothing may panic, and every finding must point inside its file
//! (`common::check_findings`).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rapporteur::check::check_edition;

fuzz_target!(|data: &[u8]| {
    let tree = common::small_tree(&[("drafts/fr/03-resilience.md", data)]);
    let edition = common::load(&tree);
    let diagnostics = check_edition(&edition);
    common::check_findings(&edition, &diagnostics);
});
