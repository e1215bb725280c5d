//! The shipped edition is the 11th report: it checks clean and builds back to the
//! published text, paragraph for paragraph.

mod common;

use common::*;

#[test]
fn the_seed_has_the_shape_we_expect() {
    // 100 non-empty lines: the title, 19 headings, 80 paragraph lines of which 4 pairs
    // are one paragraph cut by a page break.
    assert_eq!(paragraphs(&seed_text()).len(), 100);
    assert_eq!(seed_paragraphs().len(), 96);
}

#[test]
fn shipped_edition_checks_clean() {
    let ws = Workspace::shipped();
    let out = ws.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    let errors: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn txt_build_gives_back_every_paragraph_of_the_published_report() {
    let ws = Workspace::shipped();
    let out = ws.run(&["build", "--format", "txt", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let built = paragraphs(&stdout(&out));
    let seed = seed_paragraphs();
    assert_eq!(built.len(), seed.len());
    for (i, (b, s)) in built.iter().zip(&seed).enumerate() {
        assert_eq!(
            normalise_spaces(b),
            normalise_spaces(s),
            "paragraph {i} differs"
        );
    }
}

/// The drafts may carry the house style's typography (no-break spaces, no space before
/// a full stop) where the published text has plain spaces; the words are the same.
fn normalise_spaces(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ").replace(" .", ".")
}
