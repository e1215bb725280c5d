//! The inline markup of paragraphs (`*emphasis*`, `**strong**`, `^superscript^`,
//! backslash escapes), in every direction: plain text round-trips through
//! `escape_plain`/`to_plain`; HTML holds no tag but ours (drafter text is escaped);
//! pandoc's Markdown stays on one line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapporteur::assemble::pandoc::to_pandoc;
use rapporteur::markdown::{escape_plain, parse_inline, to_html, to_plain};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_inline(&text);
    let _ = to_plain(&text);

    // Plain text, as a paragraph holds it (one line): back unchanged.
    let line: String = text.chars().filter(|&c| c != '\n' && c != '\r').collect();
    let markup = escape_plain(&line);
    assert_eq!(to_plain(&markup), line, "through {markup:?}");

    // HTML: only our elements.
    let html = to_html(&text);
    let rest = ["<em>", "</em>", "<strong>", "</strong>", "<sup>", "</sup>"]
        .iter()
        .fold(html.clone(), |h, tag| h.replace(tag, ""));
    assert!(!rest.contains('<') && !rest.contains('>'), "{html}");

    // Pandoc: one line, whatever the paragraph.
    let pandoc = to_pandoc(&line);
    assert!(!pandoc.contains('\n'), "{pandoc:?}");
});
