//! Word diffs of one paragraph against another: whitespace-separated words aligned with
//! similar's Patience algorithm, under a deadline so that a pathological paragraph costs
//! a coarser diff, never a hang.

use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

use super::budget::Budget;

/// How long one paragraph's word diff may take before similar settles for a coarser
/// (still correct) answer.
const WORD_DIFF_BUDGET: Duration = Duration::from_millis(50);

/// One run of words: kept, inserted or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordOp {
    pub op: Op,
    /// The words of the run, separated by single spaces.
    pub text: String,
}

/// What happened to a run of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Equal,
    Insert,
    Delete,
}

/// The words of a text: runs of non-whitespace (as `str::split_whitespace` cuts them).
/// Line breaks inside a paragraph and doubled spaces are not changes.
pub fn split_words(text: &str) -> Vec<&str> {
    let mut words = Vec::with_capacity(text.len() / 6 + 1);
    words.extend(self::words(text));
    words
}

/// The words of a text one by one, as [`split_words`] gives them, without collecting
/// them (B002 hashes and compares paragraphs word by word with it).
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// The iterator of [`words`].
#[derive(Debug, Clone)]
pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let mut start: Option<usize> = None;
        while self.at < bytes.len() {
            let i = self.at;
            let (space, len) = match CLASS[bytes[i] as usize] {
                WORD => (false, 1),
                SPACE => (true, 1),
                _ => {
                    let c = self.text[i..].chars().next().unwrap_or('x');
                    (c.is_whitespace(), c.len_utf8())
                }
            };
            match (space, start) {
                (true, Some(s)) => return Some(&self.text[s..i]),
                (false, None) => start = Some(i),
                _ => {}
            }
            self.at += len;
        }
        start.map(|s| &self.text[s..])
    }
}

/// How many words [`split_words`] would give, without collecting them.
pub fn count_words(text: &str) -> usize {
    // A word starts wherever a non-space follows a space (or the start).
    let bytes = text.as_bytes();
    let (mut words, mut after_space, mut i) = (0, true, 0);
    while i < bytes.len() {
        let space = match CLASS[bytes[i] as usize] {
            WORD => false,
            SPACE => true,
            _ => {
                let c = text[i..].chars().next().unwrap_or('x');
                i += c.len_utf8() - 1;
                c.is_whitespace()
            }
        };
        words += usize::from(after_space && !space);
        after_space = space;
        i += 1;
    }
    words
}

/// What a byte says of whitespace: part of a word (ASCII non-space, a continuation byte,
/// the first byte of a character that is never whitespace), ASCII whitespace, or the
/// first byte of a character that may be whitespace (all Unicode whitespace outside
/// ASCII starts with 0xC2, 0xE1, 0xE2 or 0xE3).
const WORD: u8 = 0;
const SPACE: u8 = 1;
const MAYBE: u8 = 2;
const CLASS: [u8; 256] = {
    let mut class = [WORD; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => SPACE,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => MAYBE,
            _ => WORD,
        };
        b += 1;
    }
    class
};

/// Counts of a word diff.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordCounts {
    pub equal: usize,
    pub inserted: usize,
    pub deleted: usize,
}

/// The word diff of `old` against `new`, as runs, with its counts.
pub fn diff_words(old: &[&str], new: &[&str]) -> (Vec<WordOp>, WordCounts) {
    diff_words_within(old, new, &Budget::unlimited())
}

/// [`diff_words`], charged to a diff's budget: when it is spent, the whole old text is
/// shown deleted and the whole new text inserted.
pub fn diff_words_within(old: &[&str], new: &[&str], budget: &Budget) -> (Vec<WordOp>, WordCounts) {
    if !budget.take(old.len() + new.len()) {
        return replaced_whole(old, new);
    }
    let deadline = (Instant::now() + WORD_DIFF_BUDGET).min(budget.deadline());
    let ops = capture_diff_slices_deadline(Algorithm::Patience, old, new, Some(deadline));
    let mut runs: Vec<WordOp> = Vec::new();
    let mut counts = WordCounts::default();
    let mut push = |op: Op, words: &[&str]| {
        if words.is_empty() {
            return;
        }
        match op {
            Op::Equal => counts.equal += words.len(),
            Op::Insert => counts.inserted += words.len(),
            Op::Delete => counts.deleted += words.len(),
        }
        match runs.last_mut() {
            Some(last) if last.op == op => {
                for word in words {
                    last.text.push(' ');
                    last.text.push_str(word);
                }
            }
            _ => runs.push(WordOp {
                op,
                text: words.join(" "),
            }),
        }
    };
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push(Op::Equal, &old[o]),
            DiffTag::Delete => push(Op::Delete, &old[o]),
            DiffTag::Insert => push(Op::Insert, &new[n]),
            DiffTag::Replace => {
                // Deleted words first, then their replacement, as a redline reads.
                push(Op::Delete, &old[o]);
                push(Op::Insert, &new[n]);
            }
        }
    }
    (runs, counts)
}

/// Only the counts of [`diff_words_within`] (nothing copied): what pairing paragraphs
/// needs to compare candidates. `None` when the budget is spent.
pub fn count_words_within(old: &[&str], new: &[&str], budget: &Budget) -> Option<WordCounts> {
    if !budget.take(old.len() + new.len()) {
        return None;
    }
    let deadline = (Instant::now() + WORD_DIFF_BUDGET).min(budget.deadline());
    let ops = capture_diff_slices_deadline(Algorithm::Patience, old, new, Some(deadline));
    let mut counts = WordCounts::default();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => counts.equal += o.len(),
            DiffTag::Delete => counts.deleted += o.len(),
            DiffTag::Insert => counts.inserted += n.len(),
            DiffTag::Replace => {
                counts.deleted += o.len();
                counts.inserted += n.len();
            }
        }
    }
    Some(counts)
}

/// The coarsest diff: all of `old` deleted, all of `new` inserted.
fn replaced_whole(old: &[&str], new: &[&str]) -> (Vec<WordOp>, WordCounts) {
    let mut runs = Vec::new();
    if !old.is_empty() {
        runs.push(WordOp {
            op: Op::Delete,
            text: old.join(" "),
        });
    }
    if !new.is_empty() {
        runs.push(WordOp {
            op: Op::Insert,
            text: new.join(" "),
        });
    }
    let counts = WordCounts {
        equal: 0,
        inserted: new.len(),
        deleted: old.len(),
    };
    (runs, counts)
}

/// The similarity of two word sequences, difflib's ratio: twice the words kept in order
/// over the words of both, in `0..=1`.
pub fn ratio(counts: WordCounts, old_len: usize, new_len: usize) -> f64 {
    if old_len + new_len == 0 {
        return 1.0;
    }
    2.0 * counts.equal as f64 / (old_len + new_len) as f64
}

/// A cheap upper bound of [`ratio`]: the Dice coefficient of the two bags of words
/// (order ignored). Used to pair paragraphs before paying for a real diff.
pub fn bag_similarity(old: &[&str], new: &[&str]) -> f64 {
    if old.is_empty() && new.is_empty() {
        return 1.0;
    }
    let mut bag: foldhash::HashMap<&str, i32> = foldhash::HashMapExt::with_capacity(old.len());
    for w in old {
        *bag.entry(w).or_default() += 1;
    }
    let mut common = 0;
    for w in new {
        if let Some(n) = bag.get_mut(w)
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    2.0 * common as f64 / (old.len() + new.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_changed_is_a_delete_and_an_insert() {
        let old = split_words("la coopération est  très\nproductive");
        let new = split_words("la coopération est très concrète");
        let (ops, counts) = diff_words(&old, &new);
        assert_eq!(
            ops,
            vec![
                WordOp {
                    op: Op::Equal,
                    text: "la coopération est très".into()
                },
                WordOp {
                    op: Op::Delete,
                    text: "productive".into()
                },
                WordOp {
                    op: Op::Insert,
                    text: "concrète".into()
                },
            ]
        );
        assert_eq!((counts.inserted, counts.deleted, counts.equal), (1, 1, 4));
        assert!((ratio(counts, 5, 5) - 0.8).abs() < 1e-9);
    }

    #[test]
    fn words_are_cut_as_split_whitespace_cuts_them() {
        let texts = [
            "",
            "   ",
            "un",
            " la coopération\u{a0}; l’OTAN\u{202f}: 90\u{202f}000 ",
            "tab\tvt\u{0B}ff\u{0C}cr\r\nnl\u{85}nel\u{1680}ogham\u{2003}em\u{2028}ls\u{3000}ideo",
            "中文 русский ελληνικά 😀emoji😀 a\u{200B}b",
            "é\u{a0}à\u{a0}\u{a0}ü",
        ];
        for text in texts {
            let want: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(split_words(text), want, "{text:?}");
            assert_eq!(words(text).collect::<Vec<_>>(), want, "{text:?}");
            assert_eq!(count_words(text), want.len(), "{text:?}");
        }
    }

    #[test]
    fn bag_similarity_ignores_order() {
        assert_eq!(bag_similarity(&["a", "b"], &["b", "a"]), 1.0);
        assert_eq!(bag_similarity(&["a", "b"], &["c", "d"]), 0.0);
    }
}
