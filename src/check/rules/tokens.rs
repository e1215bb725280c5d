//! Words of a paragraph, for the rules that look terms up: each paragraph is cut once into
//! word parts (runs of letters and digits) with their byte ranges, and terms of the
//! termbase are matched on sequences of parts, never by substring search.
//!
//! Apostrophes (`'` and `’`) are boundaries, so `l'AED` holds the part `AED`. A hyphen
//! between two parts joins them into one word (`CERT-UE`, `anti-UAS`), which a rule can
//! look up whole or part by part.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

/// One run of letters and digits.
#[derive(Debug, Clone)]
pub struct Part {
    /// Byte range in the text the paragraph was cut from.
    pub range: Range<usize>,
    /// Whether a hyphen right before joins it to the previous part (`UE` in `CERT-UE`).
    pub joined: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The parts of `text[range]`, with ranges in `text`. A word with a zero-width character
/// inside (`O\u{200B}TAN`) is no part at all: it is not the word it looks like, and B003
/// reports it; cut at the character, its halves would read as other words (`TAN`).
pub fn parts(text: &str, range: Range<usize>) -> Vec<Part> {
    let bytes = text.as_bytes();
    let mut parts: Vec<Part> = Vec::with_capacity(range.len() / 5 + 1);
    let mut start: Option<usize> = None;
    // In the current word: where its first zero-width character is, and where its last
    // letter or digit ends.
    let mut hidden_at: Option<usize> = None;
    let mut visible_end = range.start;
    let mut at = range.start;
    // Byte by byte for ASCII (most of any text), decoding only the other characters:
    // every paragraph of the edition goes through here.
    while at < range.end {
        let b = bytes[at];
        let (word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else if b == 0xC3 && !matches!(bytes.get(at + 1), Some(0x97 | 0xB7)) {
            // U+00C0 to U+00FF, the accented letters of French and its neighbours: all
            // letters but `×` and `÷`.
            (true, 2)
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            if start.is_some() && crate::escape::is_zero_width(c) {
                // Inside a word, it belongs to the word (and hides it); at its edge, not.
                hidden_at.get_or_insert(at);
                at += c.len_utf8();
                continue;
            }
            (is_word_char(c), c.len_utf8())
        };
        match (word, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                if hidden_at.is_none_or(|h| h >= visible_end) {
                    push_part(&mut parts, bytes, s, visible_end);
                }
                start = None;
                hidden_at = None;
            }
            _ => {}
        }
        at += len;
        if word {
            visible_end = at;
        }
    }
    if let Some(s) = start
        && hidden_at.is_none_or(|h| h >= visible_end)
    {
        push_part(&mut parts, bytes, s, visible_end);
    }
    parts
}

/// Appends the part `start..end`, joined to the previous one when exactly one hyphen
/// (`-` or the no-break U+2011) lies between them.
fn push_part(parts: &mut Vec<Part>, bytes: &[u8], start: usize, end: usize) {
    let joined = parts.last().is_some_and(|p| {
        let gap = &bytes[p.range.end..start];
        gap == b"-" || gap == "\u{2011}".as_bytes()
    });
    parts.push(Part {
        range: start..end,
        joined,
    });
}

#[cfg(test)]
mod parts_tests {
    use super::*;

    #[test]
    fn a_word_hiding_a_zero_width_character_is_no_word() {
        let text = "O\u{200b}TAN et \u{200b}OTAN\u{200b} l\u{2060}UE x";
        let words: Vec<&str> = parts(text, 0..text.len())
            .iter()
            .map(|p| &text[p.range.clone()])
            .collect();
        assert_eq!(words, ["et", "OTAN", "x"]);
    }

    /// The byte-level cut gives the parts of a plain character-by-character one.
    #[test]
    fn parts_are_runs_of_letters_and_digits() {
        let text = "l'AED, CERT‑UE et anti-UAS : Ça coûte 5×3 ÷ 2 — ÀÖØßÿ ĀŁ 中文 x-‑y";
        let mut want: Vec<(String, bool)> = Vec::new();
        let mut current = String::new();
        let mut gap = String::new();
        for c in text.chars().chain([' ']) {
            if c.is_alphanumeric() {
                if current.is_empty() && !want.is_empty() {
                    let joined = gap == "-" || gap == "\u{2011}";
                    want.push((String::new(), joined));
                }
                current.push(c);
                gap.clear();
            } else {
                if !current.is_empty() {
                    match want.last_mut() {
                        Some(last) if last.0.is_empty() => last.0 = std::mem::take(&mut current),
                        _ => want.push((std::mem::take(&mut current), false)),
                    }
                }
                gap.push(c);
            }
        }
        let got: Vec<(String, bool)> = parts(text, 0..text.len())
            .iter()
            .map(|p| (text[p.range.clone()].to_string(), p.joined))
            .collect();
        assert_eq!(got, want);
        assert!(got.contains(&("UE".to_string(), true)));
        assert!(got.contains(&("5".to_string(), false)));
        assert!(got.contains(&("3".to_string(), false)), "× is not a letter");
    }
}

/// The text between two parts, as patterns compare it: every kind of space is one plain
/// space, and the curly apostrophe is the straight one.
pub fn normalize_gap(gap: &str) -> String {
    let mut out = String::new();
    for c in gap.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if c == '’' {
            out.push('\'');
        } else {
            out.push(c);
        }
    }
    out
}

/// A term to find: its parts and the normalized gaps between them.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub parts: Vec<String>,
    pub gaps: Vec<String>,
}

impl Pattern {
    pub fn new(term: &str) -> Self {
        let found = parts(term, 0..term.len());
        let gaps = found
            .windows(2)
            .map(|w| normalize_gap(&term[w[0].range.end..w[1].range.start]))
            .collect();
        Pattern {
            parts: found
                .iter()
                .map(|p| term[p.range.clone()].to_string())
                .collect(),
            gaps,
        }
    }
}

/// Patterns indexed by their first part, to match all of them in one pass over a
/// paragraph's parts. `T` is what a match stands for (a preferred term, an acronym).
#[derive(Debug)]
pub struct PatternSet<T> {
    by_first: HashMap<String, Vec<(Pattern, T)>>,
    /// ASCII first bytes of the first parts (bit per byte value); a part starting with
    /// another ASCII byte cannot match, which spares most hash lookups.
    first_bytes: u128,
}

impl<T> Default for PatternSet<T> {
    fn default() -> Self {
        PatternSet {
            by_first: HashMap::new(),
            first_bytes: 0,
        }
    }
}

/// A pattern found in a text: which parts it covers and what it stands for.
#[derive(Debug)]
pub struct Match<'a, T> {
    /// Index of its first part and one past its last.
    pub parts: Range<usize>,
    /// Byte range in the text.
    pub range: Range<usize>,
    pub value: &'a T,
}

impl<T> PatternSet<T> {
    pub fn insert(&mut self, term: &str, value: T) {
        let pattern = Pattern::new(term);
        let Some(first) = pattern.parts.first().cloned() else {
            return;
        };
        match first.as_bytes()[0] {
            b if b.is_ascii() => self.first_bytes |= 1 << b,
            // Non-ASCII first letters are not in the mask: always look them up.
            _ => {}
        }
        let list = self.by_first.entry(first).or_default();
        list.push((pattern, value));
        // Longest first, so that `EUNAVFOR MED` wins over a shorter term at the same place.
        list.sort_by_key(|(p, _)| std::cmp::Reverse(p.parts.len()));
    }

    /// Every non-overlapping match in `parts` of `text`, left to right, longest first.
    pub fn find<'a>(&'a self, text: &str, parts: &[Part]) -> Vec<Match<'a, T>> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < parts.len() {
            let first = &text[parts[i].range.clone()];
            let byte = first.as_bytes()[0];
            if byte.is_ascii() && self.first_bytes & (1 << byte) == 0 {
                i += 1;
                continue;
            }
            let hit = self.by_first.get(first).and_then(|list| {
                list.iter()
                    .find(|(p, _)| matches_at(p, text, parts, i))
                    .map(|(p, v)| (p.parts.len(), v))
            });
            match hit {
                Some((len, value)) => {
                    found.push(Match {
                        parts: i..i + len,
                        range: parts[i].range.start..parts[i + len - 1].range.end,
                        value,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        found
    }
}

fn matches_at(pattern: &Pattern, text: &str, parts: &[Part], at: usize) -> bool {
    if at + pattern.parts.len() > parts.len() {
        return false;
    }
    pattern.parts.iter().enumerate().all(|(k, want)| {
        let part = &parts[at + k];
        if text[part.range.clone()] != **want {
            return false;
        }
        if k == 0 {
            return true;
        }
        let gap = &text[parts[at + k - 1].range.end..part.range.start];
        normalize_gap(gap) == pattern.gaps[k - 1]
    })
}

/// Whether a part is written in capitals: two letters or more, all upper case (digits
/// allowed: `CMX27`).
pub fn is_all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, bool)> {
        parts(text, 0..text.len())
            .into_iter()
            .map(|p| (&text[p.range], p.joined))
            .collect()
    }

    #[test]
    fn apostrophes_split_and_hyphens_join() {
        assert_eq!(
            words("l'AED, l’UE et la CERT-UE"),
            vec![
                ("l", false),
                ("AED", false),
                ("l", false),
                ("UE", false),
                ("et", false),
                ("la", false),
                ("CERT", false),
                ("UE", true)
            ]
        );
    }

    #[test]
    fn patterns_match_part_sequences_with_their_gaps() {
        let mut set = PatternSet::default();
        set.insert("Bosnie Herzégovine", 1);
        set.insert("Kiev", 2);
        let text = "Bosnie-Herzégovine, Bosnie Herzégovine, Kievan, Kiev.";
        let found: Vec<_> = set
            .find(text, &parts(text, 0..text.len()))
            .into_iter()
            .map(|m| (&text[m.range], *m.value))
            .collect();
        assert_eq!(found, vec![("Bosnie Herzégovine", 1), ("Kiev", 2)]);
    }

    #[test]
    fn capitals() {
        assert!(is_all_caps("AED"));
        assert!(is_all_caps("CMX27"));
        assert!(!is_all_caps("G7"));
        assert!(!is_all_caps("Coreper"));
        assert!(!is_all_caps("A"));
    }
}
