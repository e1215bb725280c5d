//! Move detection: pairing paragraphs that left one place (removed) with paragraphs that
//! appeared elsewhere (added), when they are identical or nearly so.
//!
//! "Nearly" means a word similarity ratio of at least [`MOVE_RATIO`] (0.8): twice the
//! words the two paragraphs keep in the same order, over the words of both, after
//! normalising whitespace. A 100-word paragraph touched up in a dozen words while it was
//! moved is still that paragraph; one rewritten in half its words is better read as new
//! text. Paragraphs shorter than [`MIN_MOVE_WORDS`] words are never moves: a short
//! sentence recurring elsewhere is more likely a coincidence than a move.
//!
//! The search never diffs all pairs. Exact moves are found by hashing the normalised
//! text. For near moves, removed paragraphs are indexed by their word bigrams
//! ("shingles"); bigrams shared by many removed paragraphs (`de la`, `of the`) are
//! ignored as uninformative. An added paragraph is compared only with the removed
//! paragraphs that share its rare bigrams, whose length is compatible (a ratio of 0.8
//! needs the shorter one to have at least 2/3 of the longer one's words), and whose bag
//! of words passes the threshold (an upper bound of the ratio); only those few pay for a
//! real word diff.

use foldhash::{HashMap, HashMapExt};
use std::hash::{Hash, Hasher};

use super::budget::Budget;
use super::words::{
    Op, WordCounts, WordOp, bag_similarity, count_words_within, diff_words_within, ratio,
};

/// The similarity from which a removed and an added paragraph are one moved paragraph.
pub const MOVE_RATIO: f64 = 0.8;
/// Paragraphs shorter than this (in words) are never taken as moved.
pub const MIN_MOVE_WORDS: usize = 5;
/// How many of the best-sharing candidates an added paragraph is compared with.
const MAX_CANDIDATES: usize = 8;

/// A paragraph taken as moved: indexes into the removed and added lists, with the word
/// diff from its old text to its new one.
#[derive(Debug, Clone)]
pub struct Move {
    pub removed: usize,
    pub added: usize,
    pub words: Vec<WordOp>,
    pub counts: WordCounts,
}

/// Pairs removed with added paragraphs (each given as its words), one to one, best
/// similarity first.
pub fn find_moves(removed: &[Vec<&str>], added: &[Vec<&str>]) -> Vec<Move> {
    find_moves_within(removed, added, &Budget::unlimited())
}

/// [`find_moves`], charged to a diff's budget: identical moves are always found (a hash
/// each); the search for near moves stops when the budget is spent.
pub fn find_moves_within(removed: &[Vec<&str>], added: &[Vec<&str>], budget: &Budget) -> Vec<Move> {
    let mut moves = Vec::new();
    let mut removed_taken = vec![false; removed.len()];
    let mut added_taken = vec![false; added.len()];

    // Identical paragraphs first: a hash of the words.
    let mut exact: HashMap<&[&str], Vec<usize>> = HashMap::new();
    for (r, words) in removed.iter().enumerate().rev() {
        if words.len() >= MIN_MOVE_WORDS {
            exact.entry(words.as_slice()).or_default().push(r);
        }
    }
    for (a, words) in added.iter().enumerate() {
        if words.len() < MIN_MOVE_WORDS {
            continue;
        }
        if let Some(r) = exact.get_mut(words.as_slice()).and_then(Vec::pop) {
            removed_taken[r] = true;
            added_taken[a] = true;
            // The same words: one equal run, no diff to compute.
            moves.push(Move {
                removed: r,
                added: a,
                words: vec![WordOp {
                    op: Op::Equal,
                    text: words.join(" "),
                }],
                counts: WordCounts {
                    equal: words.len(),
                    ..WordCounts::default()
                },
            });
        }
    }

    // Near moves: candidates through rare shared bigrams.
    // (shingle, removed paragraph), sorted: a posting list is a slice of it. One vector
    // rather than a map of vectors, which cost millions of small allocations on a large
    // diff.
    let mut index: Vec<(u64, usize)> = Vec::new();
    for (r, words) in removed.iter().enumerate() {
        if removed_taken[r] || words.len() < MIN_MOVE_WORDS {
            continue;
        }
        if !budget.take(words.len()) {
            return moves;
        }
        let mut seen = shingles(words);
        seen.sort_unstable();
        seen.dedup();
        index.extend(seen.into_iter().map(|s| (s, r)));
    }
    if index.is_empty() {
        return moves;
    }
    index.sort_unstable();
    let posting = |s: u64| -> &[(u64, usize)] {
        let start = index.partition_point(|&(x, _)| x < s);
        let end = start + index[start..].partition_point(|&(x, _)| x == s);
        &index[start..end]
    };
    let pool = removed_taken.iter().filter(|t| !**t).count();
    let common = (pool / 10).max(8);
    // Candidates are compared by their counts only; the word diffs of the pairs kept are
    // made at the end (holding every candidate's diff would hold the text many times).
    let mut found: Vec<(f64, usize, usize)> = Vec::new();
    // Shared by every added paragraph, cleared each time: its memory is reused.
    let mut hits: HashMap<usize, usize> = HashMap::new();
    'added: for (a, words) in added.iter().enumerate() {
        if added_taken[a] || words.len() < MIN_MOVE_WORDS {
            continue;
        }
        if !budget.take(words.len()) {
            break;
        }
        hits.clear();
        let mut own = shingles(words);
        own.sort_unstable();
        own.dedup();
        for s in own {
            let posting = posting(s);
            if !posting.is_empty() && posting.len() <= common {
                if !budget.take(posting.len()) {
                    break 'added;
                }
                for &(_, r) in posting {
                    *hits.entry(r).or_default() += 1;
                }
            }
        }
        let mut candidates: Vec<(usize, usize)> = hits.iter().map(|(&r, &n)| (n, r)).collect();
        candidates.sort_unstable_by(|x, y| y.cmp(x));
        for &(_, r) in candidates.iter().take(MAX_CANDIDATES) {
            let old = &removed[r];
            let (short, long) = (old.len().min(words.len()), old.len().max(words.len()));
            if 3 * short < 2 * long {
                continue;
            }
            if !budget.take(old.len() + words.len()) {
                break 'added;
            }
            if bag_similarity(old, words) < MOVE_RATIO {
                continue;
            }
            let Some(counts) = count_words_within(old, words, budget) else {
                break 'added;
            };
            let similarity = ratio(counts, old.len(), words.len());
            if similarity >= MOVE_RATIO {
                found.push((similarity, r, a));
            }
        }
    }
    found.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    for (_, r, a) in found {
        if removed_taken[r] || added_taken[a] {
            continue;
        }
        removed_taken[r] = true;
        added_taken[a] = true;
        let (ops, counts) = diff_words_within(&removed[r], &added[a], budget);
        moves.push(Move {
            removed: r,
            added: a,
            words: ops,
            counts,
        });
    }
    moves
}

/// Hashes of a paragraph's word bigrams.
fn shingles(words: &[&str]) -> Vec<u64> {
    words
        .windows(2)
        .map(|pair| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            pair.hash(&mut h);
            h.finish()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::words::split_words;

    #[test]
    fn identical_and_nearly_identical_paragraphs_are_moves() {
        let removed = [
            split_words("Une phrase qui a quitté son domaine pour un autre ce printemps."),
            split_words(
                "Un paragraphe long de douze mots qui change un peu en route vers ailleurs.",
            ),
            split_words("Trop court."),
        ];
        let added = [
            split_words(
                "Un paragraphe long de douze mots qui change légèrement en route vers ailleurs.",
            ),
            split_words("Trop court."),
            split_words("Une phrase qui a quitté son domaine pour un autre ce printemps."),
            split_words("Rien à voir avec ce qui précède, vraiment rien du tout."),
        ];
        let mut moves: Vec<(usize, usize)> = find_moves(&removed, &added)
            .iter()
            .map(|m| (m.removed, m.added))
            .collect();
        moves.sort();
        assert_eq!(moves, vec![(0, 2), (1, 0)]);
    }

    #[test]
    fn a_rewritten_paragraph_is_not_a_move() {
        let removed = [split_words(
            "La coopération maritime a progressé en Méditerranée cette année encore.",
        )];
        let added = [split_words(
            "En Méditerranée, les marines ont mené trois exercices communs nouveaux.",
        )];
        assert!(find_moves(&removed, &added).is_empty());
    }
}
