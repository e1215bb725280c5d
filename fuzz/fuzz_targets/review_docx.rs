//! `review import`'s reader of a returned Word file. The input is either a zip (it starts
//! with `PK`: opened as a package, its parts read with their bounds) or the XML parts
//! themselves, `word/document.xml`, `word/comments.xml`, `word/commentsExtended.xml` and
//! `docProps/custom.xml` separated by `0xFF` bytes. Nothing may panic; a reader error is
//! fine. Then each paragraph's reviewed text, put back into the markup of its text before
//! review (`edit_markup`), must read back as exactly the reviewed text, without a blank
//! line the text before review did not have.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapporteur::review::docx::read_returned;
use rapporteur::review::markup::{edit_markup, normalise, plain};
use rapporteur::review::package::Package;

fuzz_target!(|data: &[u8]| {
    let parts: Vec<Option<String>> = if data.starts_with(b"PK") {
        let Ok(mut package) = Package::open(data.to_vec()) else {
            return;
        };
        [
            "word/document.xml",
            "word/comments.xml",
            "word/commentsExtended.xml",
            "docProps/custom.xml",
        ]
        .iter()
        .map(|name| package.part(name).ok().flatten())
        .collect()
    } else {
        data.split(|&b| b == 0xff)
            .map(|p| Some(String::from_utf8_lossy(p).into_owned()))
            .collect()
    };
    let Some(Some(document)) = parts.first() else {
        return;
    };
    let part = |i: usize| parts.get(i).and_then(|p| p.as_deref());
    let Ok(returned) = read_returned(document, part(1), part(2), part(3)) else {
        return;
    };
    for p in returned.paragraphs.iter().take(50) {
        // The text before review read as markup, the text after as the proposal (two
        // paragraphs when it holds a tab, to exercise splits).
        let proposed: Vec<String> = p
            .after
            .split('\t')
            .map(normalise)
            .filter(|t| !t.is_empty())
            .collect();
        let out = edit_markup(&p.before, &proposed);
        assert_eq!(out.len(), proposed.len());
        // A section paragraph never holds a blank line (it would split in two): an edit
        // must not make one.
        let blank = |text: &str| text.contains('\n') && text.split('\n').any(|l| l.trim().is_empty());
        for (markup, wanted) in out.iter().zip(&proposed) {
            assert_eq!(plain(markup), *wanted, "{markup:?}");
            assert!(blank(&p.before) || !blank(markup), "{:?} → {markup:?}", p.before);
        }
    }
});
