//! What a reader of the repository finds: the licence files `Cargo.toml` declares, and
//! documentation that stands alone (no link or file name pointing outside the
//! repository).

mod common;

use common::repo_root;

#[test]
fn the_declared_licences_are_there() {
    let root = repo_root();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""));
    let mit = std::fs::read_to_string(root.join("LICENSE-MIT")).unwrap();
    assert!(mit.starts_with("MIT License\n\nCopyright (c)"));
    assert!(mit.contains("Permission is hereby granted, free of charge"));
    let apache = std::fs::read_to_string(root.join("LICENSE-APACHE")).unwrap();
    assert!(
        apache.contains("Apache License\n                           Version 2.0, January 2004")
    );
    assert!(apache.contains("END OF TERMS AND CONDITIONS"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("(LICENSE-MIT)") && readme.contains("(LICENSE-APACHE)"));
}

/// The build documentation names only files of the repository: every relative link
/// resolves, and every file name it quotes (`tests/build_release.rs`) exists.
#[test]
fn build_and_pdf_docs_stand_alone() {
    let root = repo_root();
    for doc in ["docs/build.md", "docs/pdf.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        let dir = root.join(doc).parent().unwrap().to_path_buf();
        assert!(!text.contains("../"), "{doc} points outside its folder");
        for (i, _) in text.match_indices("](") {
            let target: String = text[i + 2..].chars().take_while(|&c| c != ')').collect();
            if target.starts_with("http") || target.starts_with('#') {
                continue;
            }
            assert!(
                dir.join(&target).exists(),
                "{doc}: link to `{target}`, not in the repository"
            );
        }
        for quoted in text.split('`').skip(1).step_by(2) {
            let is_file = quoted.ends_with(".md")
                || quoted.ends_with(".rs")
                || (quoted.contains('/') && quoted.ends_with(".j2"));
            if is_file && !quoted.contains(' ') && !quoted.contains('<') {
                assert!(
                    root.join(quoted).exists() || dir.join(quoted).exists(),
                    "{doc} names `{quoted}`, which is not in the repository"
                );
            }
        }
    }
}
