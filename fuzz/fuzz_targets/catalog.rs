//! `drafts/report.yaml` and the catalog files: the first byte chooses which file the
//! rest replaces, in a small edition (the short metadata, the shipped domains and
//! proposals, a small termbase, the introduction). Loading may fail (a tool error, exit
//! 2), never panic; when it loads, every rule runs on it.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rapporteur::check::{check_edition, check_rule_settings};
use rapporteur::load::load_edition;

const FILES: [&str; 4] = [
    "drafts/report.yaml",
    "schemas/domains.yaml",
    "schemas/proposals.yaml",
    "schemas/terminology.yaml",
];

/// A termbase of a few entries of each kind (the shipped one, 27 KB, is a seed of its
/// own): parsing it at every execution costs little.
const SMALL_TERMBASE: &str = "languages:
  fr:
    articles: [\"d'\", \"de l'\", \"de la \", \"l'\", \"la \", \"le \"]
    link_words: [de, des, du, et, la, le]
    acronyms:
      - {acronym: AED, expansion: Agence européenne de défense, translations: {en: EDA}}
      - {acronym: EUAM, ambiguous: true, note: deux missions}
      - {acronym: OTAN, expansion: Organisation du Traité de l'Atlantique Nord, forms: [Alliance atlantique]}
    terms:
      - {preferred: Kyïv, variants: [Kiev]}
    names: [Althea]
    doubtful:
      - {text: du FEP, note: la FEP est féminine}
";

fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    let mut tree = common::small_tree(&[]);
    for rel in &FILES[1..] {
        tree.files
            .insert(rel.to_string(), common::shipped().files[*rel].clone());
    }
    tree.files
        .insert(FILES[3].to_string(), SMALL_TERMBASE.as_bytes().to_vec());
    tree.files.insert(
        FILES[which as usize % FILES.len()].to_string(),
        content.to_vec(),
    );
    let Ok(edition) = load_edition(&tree) else {
        return;
    };
    let _ = check_rule_settings(&edition.meta);
    let diagnostics = check_edition(&edition);
    common::check_findings(&edition, &diagnostics);
});
