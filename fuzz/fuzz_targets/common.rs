//! What the fuzz targets share: the shipped edition held in memory as a [`Tree`], so
//! that a target replaces one file with the fuzzer's bytes and loads the edition through
//! the same code as `rapporteur check`; and the invariants every finding must keep.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use rapporteur::check::Diagnostic;
use rapporteur::load::{CatalogFiles, Edition, Tree, load_catalog, load_edition_with};
use rapporteur::model::Catalog;

/// Files by path relative to the workspace root.
#[derive(Clone)]
pub struct MemTree {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Tree for MemTree {
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(self.files.get(path).cloned())
    }

    fn list(&self, dir: &str) -> rapporteur::Result<Vec<String>> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        let mut names: Vec<String> = self
            .files
            .keys()
            .filter_map(|p| p.strip_prefix(&prefix))
            .map(|rest| rest.split('/').next().unwrap_or(rest).to_string())
            .collect();
        names.dedup();
        Ok(names)
    }

    fn label(&self) -> String {
        "fuzz".into()
    }
}

/// The shipped edition: drafts/, schemas/*.yaml.
pub fn shipped() -> &'static MemTree {
    static TREE: OnceLock<MemTree> = OnceLock::new();
    TREE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = BTreeMap::new();
        for rel in [
            "drafts/report.yaml",
            "schemas/domains.yaml",
            "schemas/proposals.yaml",
            "schemas/terminology.yaml",
        ] {
            files.insert(rel.to_string(), std::fs::read(root.join(rel)).expect(rel));
        }
        for entry in std::fs::read_dir(root.join("drafts/fr")).expect("drafts/fr") {
            let entry = entry.expect("entry");
            let name = entry.file_name().into_string().expect("UTF-8 name");
            files.insert(
                format!("drafts/fr/{name}"),
                std::fs::read(entry.path()).expect("section"),
            );
        }
        MemTree { files }
    })
}

/// The shipped catalog, parsed once: the targets that fuzz sections spend their time
/// on the sections, not on parsing the same 43 KB of YAML at every execution.
pub fn catalog() -> &'static (Catalog, CatalogFiles) {
    static CATALOG: OnceLock<(Catalog, CatalogFiles)> = OnceLock::new();
    CATALOG.get_or_init(|| load_catalog(shipped()).expect("the shipped catalog loads"))
}

/// The edition metadata of the small edition: the shipped one without its 67 waivers.
pub const SMALL_REPORT: &str = "number: 11
period: {start: \"2025-06\", end: \"2026-05\"}
title: {fr: \"rapport d'étape\"}
languages: [fr]
previous: edition-10
style:
  fr: {punctuation: french, nbsp: \"U+00A0\", apostrophe: \"'\"}
";

/// A small edition around the fuzzed files: the short metadata, the shipped
/// introduction (so that rules across sections have a neighbour), and `files`.
pub fn small_tree(files: &[(&str, &[u8])]) -> MemTree {
    let mut tree = BTreeMap::new();
    tree.insert(
        "drafts/report.yaml".to_string(),
        SMALL_REPORT.as_bytes().to_vec(),
    );
    let intro = "drafts/fr/00-introduction.md";
    tree.insert(intro.to_string(), shipped().files[intro].clone());
    for (path, bytes) in files {
        tree.insert(path.to_string(), bytes.to_vec());
    }
    MemTree { files: tree }
}

/// Loads an edition of `tree` with the shipped catalog (parsed once).
pub fn load(tree: &MemTree) -> Edition {
    load_edition_with(tree, |_| Ok(catalog().clone())).expect("the small metadata loads")
}

/// The shipped edition with one file replaced.
pub fn with_file(path: &str, bytes: &[u8]) -> MemTree {
    let mut tree = shipped().clone();
    tree.files.insert(path.to_string(), bytes.to_vec());
    tree
}

/// What every finding must be, whatever the input: in a file of the edition, with a
/// span inside it on character boundaries, 1-based line and column agreeing with the
/// span, and fixes whose edits are inside the file too.
pub fn check_findings(edition: &Edition, diagnostics: &[Diagnostic]) {
    let files = edition.files_by_path();
    for d in diagnostics {
        let file = files
            .get(d.path.as_str())
            .unwrap_or_else(|| panic!("{} points into no file of the edition", d.path));
        let text = &file.text;
        assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{d:?}"
        );
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{d:?}"
        );
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
        assert_eq!((d.line, d.column), file.line_col(d.span.start), "{d:?}");
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert!(
                    e.span.start <= e.span.end && e.span.end <= text.len(),
                    "{d:?}"
                );
                assert!(
                    text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end),
                    "{d:?}"
                );
            }
        }
        serde_json::to_string(d).expect("a finding serializes");
    }
}

/// Splits a document against the shipped catalog and checks what every import must
/// keep: no paragraph empty or holding a line break, and every paragraph unchanged
/// through the markup it is written in.
pub fn analyse_and_check(doc: &rapporteur::import::Document) {
    use rapporteur::markdown::{escape_plain, to_plain};
    static CATALOG: OnceLock<(Catalog, Option<String>)> = OnceLock::new();
    let (catalog, title) = CATALOG.get_or_init(|| {
        let tree = shipped();
        let (catalog, _) = load_catalog(tree).expect("the shipped catalog loads");
        let meta = rapporteur::load::load_meta(tree).expect("the shipped metadata loads");
        (catalog, meta.value.title.get("fr").cloned())
    });
    let analysis = rapporteur::import::analyse(
        doc,
        catalog,
        "fr",
        title.as_deref(),
        &Default::default(),
    );
    let _ = analysis.problems();
    for row in &analysis.rows {
        for paragraph in &row.paragraphs {
            assert!(!paragraph.trim().is_empty(), "an empty paragraph");
            assert!(!paragraph.contains('\n'), "a line break in {paragraph:?}");
            assert_eq!(to_plain(&escape_plain(paragraph)), *paragraph);
        }
    }
}
