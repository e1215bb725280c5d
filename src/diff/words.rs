//! Word diffs of one paragraph against another: whitespace-separated words aligned with
//! similar's Patience algorithm, under a deadline so that a pathological paragraph costs
//! a coarser diff, never a hang.

use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

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

/// The words of a text: runs of non-whitespace. Line breaks inside a paragraph and
/// doubled spaces are not changes.
pub fn split_words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Counts of a word diff.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordCounts {
    pub equal: usize,
    pub inserted: usize,
    pub deleted: usize,
}

/// The word diff of `old` against `new`, as runs, with its counts.
pub fn diff_words(old: &[&str], new: &[&str]) -> (Vec<WordOp>, WordCounts) {
    let deadline = Instant::now() + WORD_DIFF_BUDGET;
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
                last.text.push(' ');
                last.text.push_str(&words.join(" "));
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
    fn bag_similarity_ignores_order() {
        assert_eq!(bag_similarity(&["a", "b"], &["b", "a"]), 1.0);
        assert_eq!(bag_similarity(&["a", "b"], &["c", "d"]), 0.0);
    }
}
