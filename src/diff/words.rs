//! Word diffs of one paragraph against another: whitespace-separated words aligned with
//! similar's Patience algorithm, under a deadline so that a pathological paragraph costs
//! a coarser diff, never a hang.

use std::ops::Range;
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
    for segment in readable(&ops) {
        match segment {
            Segment::Equal(o) => push(Op::Equal, &old[o]),
            Segment::Edit(o, n) => {
                // Deleted words first, then their replacement, as a redline reads.
                push(Op::Delete, &old[o]);
                push(Op::Insert, &new[n]);
            }
        }
    }
    (runs, counts)
}

/// A stretch of a word diff: words kept (their range in the old text), or words of the
/// old text replaced by words of the new (either range may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Equal(Range<usize>),
    Edit(Range<usize>, Range<usize>),
}

/// The diff's operations as alternating kept and edited stretches, with the kept words
/// that are mere coincidences folded into the edits around them: in a rewritten
/// paragraph, `la`, `de` or `services` found again in the new text would cut it into
/// dozens of tiny edits, where a reader wants to see one passage replaced by another.
/// A kept stretch between two edits is folded when it is less than half as long as the
/// longer side of each (so a word kept between two one-word replacements stays kept).
/// One pass each way, linear.
fn readable(ops: &[similar::DiffOp]) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::with_capacity(ops.len());
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match (tag, segments.last_mut()) {
            (DiffTag::Equal, _) => segments.push(Segment::Equal(o)),
            (_, Some(Segment::Edit(lo, ln))) => {
                lo.end = o.end;
                ln.end = n.end;
            }
            _ => segments.push(Segment::Edit(o, n)),
        }
    }
    let forward = fold_coincidences(segments);
    let mut backward = fold_coincidences(forward.into_iter().rev().collect());
    backward.reverse();
    backward
}

/// One pass of [`readable`] over `segments` (in either direction).
fn fold_coincidences(segments: Vec<Segment>) -> Vec<Segment> {
    let size = |o: &Range<usize>, n: &Range<usize>| o.len().max(n.len());
    let span = |a: &Range<usize>, b: &Range<usize>| a.start.min(b.start)..a.end.max(b.end);
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    for segment in segments {
        if let Segment::Edit(no, nn) = &segment
            && let [.., Segment::Edit(po, pn), Segment::Equal(kept)] = out.as_slice()
            && 2 * kept.len() < size(po, pn).min(size(no, nn))
        {
            let merged = Segment::Edit(span(po, no), span(pn, nn));
            out.truncate(out.len() - 2);
            out.push(merged);
            continue;
        }
        out.push(segment);
    }
    out
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

/// A paragraph's opening or ending kept word for word this long (or a whole sentence of
/// at least [`KEPT_SENTENCE`] words) makes a rewritten paragraph the same paragraph. The
/// shipped report's unrelated paragraphs open alike for at most 8 words (`Les deux
/// organisations ont continué de coopérer dans`) and end alike for at most 3.
pub const KEPT_WORDS: usize = 12;

/// The fewest words of a kept first or last sentence that count as kept (shorter ones,
/// such as `Enfin,` cut at an abbreviation, say nothing).
pub const KEPT_SENTENCE: usize = 5;

/// Whether `old` and `new` keep their opening or their ending: the same first sentence
/// (or first [`KEPT_WORDS`] words), or the same last sentence (or last [`KEPT_WORDS`]
/// words). Reads at most [`KEPT_WORDS`] words from each end: cheap enough to ask of every
/// pair of a run of differing paragraphs.
pub fn keeps_opening_or_ending(old: &[&str], new: &[&str]) -> bool {
    // The words that must be the same: the sentence, when it is long enough to say
    // something and shorter than KEPT_WORDS, else KEPT_WORDS.
    let needed = |sentence: usize| {
        if sentence >= KEPT_SENTENCE {
            sentence.min(KEPT_WORDS)
        } else {
            KEPT_WORDS
        }
    };
    let common = |pairs: &mut dyn Iterator<Item = (&&str, &&str)>, needed: usize| {
        pairs.take(needed).take_while(|(a, b)| a == b).count() == needed
    };
    if old.is_empty() || new.is_empty() {
        return false;
    }
    let opening = needed(first_sentence_len(old));
    let ending = needed(last_sentence_len(old));
    (opening <= old.len().min(new.len()) && common(&mut old.iter().zip(new), opening))
        || (ending <= old.len().min(new.len())
            && common(&mut old.iter().rev().zip(new.iter().rev()), ending))
}

/// How many words the first sentence of `words` holds, up to the first word that ends
/// one; past [`KEPT_WORDS`], `KEPT_WORDS + 1` (long enough).
fn first_sentence_len(words: &[&str]) -> usize {
    words
        .iter()
        .take(KEPT_WORDS)
        .position(|w| ends_sentence(w))
        .map_or(KEPT_WORDS + 1, |i| i + 1)
}

/// How many words the last sentence of `words` holds: its last word and those before it
/// back to the previous word that ends a sentence; past [`KEPT_WORDS`], `KEPT_WORDS + 1`.
fn last_sentence_len(words: &[&str]) -> usize {
    words
        .iter()
        .rev()
        .skip(1)
        .take(KEPT_WORDS)
        .position(|w| ends_sentence(w))
        .map_or(KEPT_WORDS + 1, |i| i + 1)
}

/// Whether a word ends a sentence: `domaines.`, `(CICR).`, `?`, `fin.»`.
fn ends_sentence(word: &str) -> bool {
    word.trim_end_matches(['»', '"', '\u{201d}', '\u{2019}', ')', ']'])
        .ends_with(['.', '!', '?', '…'])
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

    #[test]
    fn a_kept_opening_or_ending_is_a_kept_sentence_or_twelve_words() {
        let w = split_words;
        let old = w("La coopération a progressé. Tout le reste du paragraphe a changé ici.");
        // The first sentence kept (4 words: too short to say anything alone).
        let same_short = w("La coopération a progressé. Autre chose entièrement, dite autrement.");
        assert!(!keeps_opening_or_ending(&old, &same_short));
        let old = w("La coopération civilo-militaire a progressé nettement. Le reste a changé.");
        let kept = w("La coopération civilo-militaire a progressé nettement. Tout est neuf ici.");
        assert!(keeps_opening_or_ending(&old, &kept));
        // Five words in common, but not the whole sentence.
        let cut = w("La coopération civilo-militaire a progressé lentement. Tout est neuf ici.");
        assert!(!keeps_opening_or_ending(&old, &cut));
        // The last sentence, closing quote and all.
        let old = w("Un début. Puis une phrase finale assez longue, « citée ».");
        let new =
            w("Un tout autre début, plus long. Puis une phrase finale assez longue, « citée ».");
        assert!(keeps_opening_or_ending(&old, &new));
        // Twelve opening words without a sentence's end among them.
        let a = w("un deux trois quatre cinq six sept huit neuf dix onze douze treize");
        let b = w("un deux trois quatre cinq six sept huit neuf dix onze douze autre");
        let c = w("un deux trois quatre cinq six sept huit neuf dix onze autre chose");
        assert!(keeps_opening_or_ending(&a, &b));
        assert!(!keeps_opening_or_ending(&a, &c));
        assert!(!keeps_opening_or_ending(&[], &b));
    }

    #[test]
    fn coincidences_inside_a_rewrite_are_not_kept_words() {
        let old = split_words("Début gardé. a b c d e f la g h i j k l Fin gardée ici.");
        let new = split_words("Début gardé. m n o p q la r s t u v w x Fin gardée ici.");
        let (ops, counts) = diff_words(&old, &new);
        let kinds: Vec<Op> = ops.iter().map(|w| w.op).collect();
        assert_eq!(
            kinds,
            [Op::Equal, Op::Delete, Op::Insert, Op::Equal],
            "{ops:?}"
        );
        assert_eq!(ops[1].text, "a b c d e f la g h i j k l");
        assert_eq!((counts.equal, counts.deleted, counts.inserted), (5, 13, 13));
        // A word kept between two small edits stays kept.
        let (ops, _) = diff_words(
            &split_words("un deux trois"),
            &split_words("une deux troix"),
        );
        assert_eq!(
            ops.iter().filter(|w| w.op == Op::Equal).count(),
            1,
            "{ops:?}"
        );
    }

    #[test]
    fn folded_diffs_still_give_back_both_texts() {
        // Pseudo-random pairs of texts from a small vocabulary (many coincidences):
        // whatever is folded, the old text is the kept and deleted runs, the new text
        // the kept and inserted ones, and the counts are theirs.
        let vocabulary = [
            "la", "de", "et", "OTAN", "UE", "a", "b", "c", "d", "services",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..500 {
            let old: Vec<&str> = (0..next(40)).map(|_| vocabulary[next(10)]).collect();
            let mut new: Vec<&str> = Vec::new();
            for w in &old {
                match next(4) {
                    0 => {}
                    1 => new.push(vocabulary[next(10)]),
                    _ => new.push(w),
                }
                if next(5) == 0 {
                    new.push(vocabulary[next(10)]);
                }
            }
            let (ops, counts) = diff_words(&old, &new);
            let side = |skip: Op| -> Vec<&str> {
                ops.iter()
                    .filter(|w| w.op != skip)
                    .flat_map(|w| w.text.split(' '))
                    .collect()
            };
            assert_eq!(side(Op::Insert), old);
            assert_eq!(side(Op::Delete), new);
            let count = |op: Op| -> usize {
                ops.iter()
                    .filter(|w| w.op == op)
                    .map(|w| w.text.split(' ').count())
                    .sum()
            };
            assert_eq!(counts.equal, count(Op::Equal));
            assert_eq!(counts.deleted, count(Op::Delete));
            assert_eq!(counts.inserted, count(Op::Insert));
            // Runs alternate: never two of the same kind in a row.
            assert!(ops.windows(2).all(|w| w[0].op != w[1].op), "{ops:?}");
        }
    }
}
