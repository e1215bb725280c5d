//! Healing the artefacts of text extracted from a PDF (pdftotext and the like): CRLF,
//! form feeds, page numbers, running headers and footers, hard-wrapped lines, and
//! paragraphs cut in two by a page break.

use std::collections::HashMap;

/// A block of the cleaned text: a paragraph, unwrapped to one line.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub text: String,
    /// Whether the block is a line on its own that `is_heading` recognised.
    pub heading: bool,
}

/// Cleans extracted text into blocks. `is_heading` recognises a line that is a heading of
/// the catalog: such a line is always a block of its own, is never taken for a running
/// header and never joined to its neighbours.
pub fn clean(raw: &str, is_heading: &dyn Fn(&str) -> bool) -> Vec<Block> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    // Lines, with the page they are on: a form feed starts a new page.
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut page = 0;
    for line in text.split('\n') {
        let mut rest = line;
        while let Some(i) = rest.find('\u{c}') {
            let before = rest[..i].trim();
            if !before.is_empty() {
                lines.push((page, before.to_string()));
            }
            page += 1;
            rest = &rest[i + 1..];
        }
        lines.push((page, rest.trim().to_string()));
    }

    // Page numbers are lines of their own, next to a page break or a blank line (a
    // number wrapped onto a line of its own inside a paragraph is text); they also mark
    // a page break where the text has no form feeds.
    let page_number: Vec<bool> = (0..lines.len())
        .map(|i| {
            let (page, line) = &lines[i];
            let apart = |j: Option<usize>| {
                j.and_then(|j| lines.get(j))
                    .is_none_or(|(p, l)| p != page || l.is_empty())
            };
            is_page_number(line) && (apart(i.checked_sub(1)) || apart(Some(i + 1)))
        })
        .collect();
    // The start of the text counts as a page break: page 1 has its header too.
    let mut breaks: Vec<usize> = vec![0];
    // (page, text, after_break, furniture_before): whether a page number or a form feed
    // was dropped right before the line.
    let mut kept: Vec<(usize, String, bool, bool)> = Vec::new();
    let mut pending_break = false;
    let mut furniture = false;
    let mut last_page = 0;
    for (i, (page, line)) in lines.into_iter().enumerate() {
        if page != last_page {
            pending_break = true;
            furniture = true;
            last_page = page;
        }
        if page_number[i] {
            pending_break = true;
            furniture = true;
            continue;
        }
        if pending_break && !line.is_empty() && !kept.is_empty() {
            breaks.push(kept.len());
        }
        let after = pending_break && !line.is_empty();
        if !line.is_empty() {
            pending_break = false;
        }
        kept.push((page, line, after, std::mem::take(&mut furniture)));
    }

    // Running headers and footers: the same line (digits aside) next to at least half of
    // the page breaks, and at least two. A line that ends a sentence is text, however
    // often it recurs: a header or footer has no final full stop.
    let near_break = near_breaks(&kept, &breaks);
    let mut counts: HashMap<String, usize> = HashMap::new();
    for &i in &near_break {
        *counts.entry(shape(&kept[i].1)).or_default() += 1;
    }
    let running: Vec<usize> = near_break
        .into_iter()
        .filter(|&i| {
            let line = &kept[i].1;
            let repeated = counts.get(&shape(line)).copied().unwrap_or(0);
            repeated >= 2
                && 2 * repeated >= breaks.len()
                && !line.ends_with(['.', '!', '?', ';', ':', '…'])
                && !is_heading(line)
                && line.chars().count() <= 150
        })
        .collect();
    let mut drop = vec![false; kept.len()];
    for i in running {
        drop[i] = true;
    }

    // Blocks: runs of non-blank lines, a heading line on its own. Page furniture (a page
    // number, a form feed, a running header or footer) is not text, and what decides
    // whether a paragraph goes on across it is what follows it: text right after the
    // furniture, with no blank line, continues the paragraph, even when the page ended on
    // a full stop; a blank line after the furniture starts a new one. Blank lines before
    // the furniture only set the footer apart.
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut prev_blank = true;
    // A blank line since the last text line (and since the last furniture).
    let mut blank = false;
    let flush = |current: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !current.is_empty() {
            blocks.push(Block {
                text: unwrap(current),
                heading: false,
            });
            current.clear();
        }
    };
    for (i, (_, line, after_break, furniture_before)) in kept.iter().enumerate() {
        if *furniture_before || drop[i] {
            blank = false;
        }
        if drop[i] {
            continue;
        }
        if line.is_empty() {
            blank = true;
            prev_blank = true;
            continue;
        }
        if (prev_blank || *after_break || current.is_empty()) && is_heading(line) {
            flush(&mut current, &mut blocks);
            blocks.push(Block {
                text: line.clone(),
                heading: true,
            });
            prev_blank = true;
            blank = false;
            continue;
        }
        if blank {
            flush(&mut current, &mut blocks);
        }
        current.push(line);
        prev_blank = false;
        blank = false;
    }
    flush(&mut current, &mut blocks);
    join_cut_paragraphs(blocks)
}

/// Joins hard-wrapped lines: with a space, or with nothing after a hyphenated word
/// (`civilo-` + `militaire`).
fn unwrap(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        if !out.is_empty() {
            let mut tail = out.chars().rev();
            let hyphenated =
                tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic);
            if !hyphenated {
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out
}

/// A paragraph that ends without final punctuation, followed by one that starts in lower
/// case, is one paragraph cut by a page break.
pub fn join_cut_paragraphs(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let Some(prev) = out.last_mut()
            && !prev.heading
            && !block.heading
            && is_cut(&prev.text, &block.text)
        {
            prev.text.push(' ');
            prev.text.push_str(&block.text);
            continue;
        }
        out.push(block);
    }
    out
}

/// Whether `first` looks cut off and `next` looks like its continuation.
pub fn is_cut(first: &str, next: &str) -> bool {
    let ends_open = first.trim_end().chars().last().is_some_and(|c| {
        !matches!(
            c,
            '.' | '!' | '?' | ':' | ';' | '…' | '»' | '"' | ')' | ']' | '”'
        )
    });
    let starts_lower = next
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    ends_open && starts_lower
}

/// `12`, `- 12 -`, `Page 12`, `12/45`, `p. 12 sur 45`.
fn is_page_number(line: &str) -> bool {
    let l = line
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let l = l.to_lowercase();
    let l = l
        .strip_prefix("page")
        .or_else(|| l.strip_prefix("p."))
        .unwrap_or(&l)
        .trim();
    if l.is_empty() || l.len() > 15 {
        return false;
    }
    let mut parts = l
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "sur" && *p != "of");
    let first = parts.next().unwrap_or("");
    let second = parts.next();
    parts.next().is_none()
        && !first.is_empty()
        && first.len() <= 4
        && first.chars().all(|c| c.is_ascii_digit())
        && second.is_none_or(|s| s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
}

/// Indices of the non-blank lines within two non-blank lines of a page break, on either
/// side.
fn near_breaks(kept: &[(usize, String, bool, bool)], breaks: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    for &b in breaks {
        let after = (b..kept.len()).filter(|&i| !kept[i].1.is_empty()).take(2);
        let before = (0..b).rev().filter(|&i| !kept[i].1.is_empty()).take(2);
        out.extend(after.chain(before));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A line with its digits masked, so `Rapport 2026 — page 3` and `… page 4` match.
fn shape(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_headings(_: &str) -> bool {
        false
    }

    #[test]
    fn page_numbers() {
        for yes in ["12", "- 12 -", "Page 3", "3/45", "p. 3 sur 45"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["2025", "Le 12 mai.", "CBRN", ""] {
            assert!(!is_page_number(no) || no == "2025", "{no}");
        }
    }

    #[test]
    fn heals_wraps_breaks_and_headers() {
        // Page 2 ends on a full stop, and page 3 runs on with no blank line after its
        // header: one paragraph across the break. A blank line after the header starts
        // a new one.
        let raw = "Rapport d'étape\r\nLa coopération a porté sur\r\nl'énergie et la civilo-\r\nmilitaire\r\n\r\n7\r\n\u{c}Rapport d'étape\r\ncoopération. Fin.\r\n\r\nAutre paragraphe.\r\n\r\n8\r\n\u{c}Rapport d'étape\r\nSuite du paragraphe.\r\n\r\n9\r\n\u{c}Rapport d'étape\r\n\r\nDernier.\r\n";
        let blocks = clean(raw, &no_headings);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "La coopération a porté sur l'énergie et la civilo-militaire coopération. Fin.",
                "Autre paragraphe. Suite du paragraphe.",
                "Dernier."
            ]
        );
    }

    #[test]
    fn a_number_wrapped_onto_its_own_line_is_text() {
        let raw = "Les Alliés se sont engagés pour\n2035\nsur la part du PIB.\n\n12\n";
        let blocks = clean(raw, &no_headings);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["Les Alliés se sont engagés pour 2035 sur la part du PIB."]
        );
    }

    #[test]
    fn cut_detection() {
        assert!(is_cut("l'approvisionnement en", "carburant en période"));
        assert!(!is_cut("Fin.", "carburant"));
        assert!(!is_cut("Dialogue politique", "Le dialogue"));
    }
}
