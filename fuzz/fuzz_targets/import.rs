//! `import`'s input: any text, split into sections against the shipped catalog. Nothing
//! may panic, no paragraph may be empty or hold a line break, and every paragraph must
//! come back unchanged through the markup it is written in (`escape_plain`, then
//! `to_plain`): import never alters a character of what it keeps.
#![no_main]

mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rapporteur::import::{refusal, split_edition};
use rapporteur::load::{load_catalog, load_meta};
use rapporteur::markdown::{escape_plain, to_plain};
use rapporteur::model::Catalog;

fn catalog() -> &'static (Catalog, Option<String>) {
    static CATALOG: OnceLock<(Catalog, Option<String>)> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let tree = common::shipped();
        let (catalog, _) = load_catalog(tree).expect("the shipped catalog loads");
        let meta = load_meta(tree).expect("the shipped metadata loads");
        (catalog, meta.value.title.get("fr").cloned())
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (catalog, title) = catalog();
    let imported = split_edition(&text, catalog, "fr", title.as_deref());
    let _ = refusal(&imported, catalog);
    for section in &imported.sections {
        assert!(catalog.domain(&section.slug).is_some() || section.slug.is_empty());
        for paragraph in &section.paragraphs {
            assert!(!paragraph.trim().is_empty(), "an empty paragraph");
            assert!(!paragraph.contains('\n'), "a line break in {paragraph:?}");
            assert_eq!(to_plain(&escape_plain(paragraph)), *paragraph);
        }
    }
});
