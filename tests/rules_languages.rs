//! The L rules on a small two-language edition (tests/fixtures/rules-languages): clean as
//! shipped, then one difference planted at a time.

mod common;

use std::path::Path;

use common::{copy_dir, json_diagnostics, rapporteur, repo_root};

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo_root().join("tests/fixtures/rules-languages"),
        dir.path(),
    );
    dir
}

/// `(code, path, line, message)` of every finding.
fn check(dir: &Path) -> Vec<(String, String, u64, String)> {
    let out = rapporteur(dir, &["check", "--format", "json"]);
    json_diagnostics(&out)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn edit(dir: &Path, path: &str, from: &str, to: &str) {
    let path = dir.join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn codes(found: &[(String, String, u64, String)]) -> Vec<(&str, &str, u64)> {
    found
        .iter()
        .map(|d| (d.0.as_str(), d.1.as_str(), d.2))
        .collect()
}

#[test]
fn written_forms_of_the_same_numbers_agree() {
    // 90 000 / 90,000, 5 % / 5%, 24^e^ / 24^th^, 1er / 1st.
    let dir = fixture();
    assert_eq!(check(dir.path()), vec![]);
}

#[test]
fn a_different_number_is_reported_on_the_translated_paragraph() {
    let dir = fixture();
    edit(dir.path(), "drafts/en/01-cyber.md", "340", "430");
    let found = check(dir.path());
    assert_eq!(codes(&found), vec![("L003", "drafts/en/01-cyber.md", 6)]);
    assert!(
        found[0].3.contains("`340`") && found[0].3.contains("`430`"),
        "{}",
        found[0].3
    );
}

#[test]
fn different_proposals_are_reported() {
    let dir = fixture();
    edit(
        dir.path(),
        "drafts/en/00-introduction.md",
        "proposals: [2017-01]",
        "proposals: [2017-01, 2017-02]",
    );
    let found = check(dir.path());
    assert_eq!(
        codes(&found),
        vec![("L002", "drafts/en/00-introduction.md", 3)]
    );
    assert!(found[0].3.contains("adds 2017-02"), "{}", found[0].3);
}

#[test]
fn a_paragraph_missing_in_one_language_is_reported_instead_of_its_numbers() {
    let dir = fixture();
    edit(
        dir.path(),
        "drafts/en/00-introduction.md",
        "The European Union (EU) trained 90,000 people in 2025, 5% more.\n\nThe 24^th^",
        "The European Union (EU) held its 24^th^",
    );
    assert_eq!(
        codes(&check(dir.path())),
        vec![("L004", "drafts/en/00-introduction.md", 6)]
    );
}

#[test]
fn a_domain_outside_the_catalog_in_one_language_is_reported_once() {
    let dir = fixture();
    std::fs::write(
        dir.path().join("drafts/fr/02-annexe.md"),
        "---\ndomain: annex\nproposals: []\nstatus: draft\n---\nUne annexe.\n",
    )
    .unwrap();
    assert_eq!(
        codes(&check(dir.path())),
        vec![
            ("L001", "drafts/fr/02-annexe.md", 2),
            ("S004", "drafts/fr/02-annexe.md", 2)
        ]
    );
}

#[test]
fn a_catalog_domain_missing_in_one_language_is_only_missing_domain() {
    let dir = fixture();
    std::fs::remove_file(dir.path().join("drafts/en/01-cyber.md")).unwrap();
    let found = check(dir.path());
    assert_eq!(codes(&found), vec![("S006", "drafts/report.yaml", 4)]);
}

#[test]
fn english_takes_no_space_before_punctuation() {
    let dir = fixture();
    edit(
        dir.path(),
        "drafts/en/00-introduction.md",
        "5% more.",
        "5 % more ; then",
    );
    let found = check(dir.path());
    assert_eq!(
        codes(&found),
        vec![
            ("Y002", "drafts/en/00-introduction.md", 6),
            ("Y002", "drafts/en/00-introduction.md", 6)
        ]
    );
}
