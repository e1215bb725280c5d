//! `import` of a PDF: any bytes given as a PDF (the header is put in front when the
//! input lacks it, so that the fuzzer's effort goes into the objects, not into finding
//! `%PDF-`). The reader must return an error or pages, never panic, within its bounds;
//! every line it gives has finite coordinates and text on one line; and the pages go
//! through the same structure pass as every format without a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rapporteur::import::pdf::read_pdf;
use rapporteur::import::{ReadError, read_document};

fuzz_target!(|data: &[u8]| {
    let mut bytes = data.to_vec();
    if !bytes.starts_with(b"%PDF-") {
        bytes.splice(0..0, b"%PDF-1.7\n".iter().copied());
    }
    if let Ok(pages) = read_pdf(&bytes) {
        for page in &pages {
            assert!(page.width.is_finite() && page.height.is_finite());
            for line in &page.lines {
                assert!(!line.text.is_empty());
                assert!(line.x0.is_finite() && line.x1.is_finite() && line.y.is_finite());
                assert!(line.size.is_finite() && line.first_word.is_finite());
            }
        }
    }
    match read_document(&bytes) {
        Ok(doc) => common::analyse_and_check(&doc),
        Err(ReadError::Broken(why)) => assert!(!why.is_empty()),
        Err(other) => panic!("a PDF read as {other:?}"),
    }
});
