//! `import` of a Word file: any bytes read as a zip, then `word/styles.xml` and
//! `word/document.xml`. An error or a document, never a panic; parts are read within
//! their bound (a zip bomb is an error); the paragraphs go through the structure pass.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rapporteur::import::read_document;

fuzz_target!(|data: &[u8]| {
    let mut bytes = data.to_vec();
    if !bytes.starts_with(b"PK") {
        bytes.splice(0..0, b"PK\x03\x04".iter().copied());
    }
    if let Ok(doc) = read_document(&bytes) {
        for line in &doc.lines {
            assert!(!line.text.trim().is_empty());
            assert!(line.page >= 1 && line.page <= doc.pages);
        }
        common::analyse_and_check(&doc);
    }
});
