//! A bound on the work of one diff, so that two huge or wildly different editions cost a
//! coarser diff, never minutes and gigabytes.
//!
//! Most of a diff is linear: splitting words, hashing paragraphs, aligning them. What is
//! not is comparing paragraphs with each other: the pairs of a run of changed paragraphs,
//! the candidates of a move, the word diffs. Each comparison is charged the words it
//! looks at, against a budget proportional to the size of the two editions' text (plus a
//! floor, so that small editions are never cut short), and all of them share a deadline.
//! Once either runs out, the diff goes on coarsely: a run of changed paragraphs is shown
//! as removed and added text, no more near moves are looked for, and a word diff shows
//! the whole old paragraph replaced by the new one. `Stats::coarse` says so.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// Units of work allowed per byte of the two editions' paragraphs (a word and its space
/// are about six bytes: some sixteen units a word). Diffing the shipped edition against a
/// lightly edited copy uses well under one unit per word.
const UNITS_PER_BYTE: u64 = 3;
/// Units allowed whatever the size: two editions of a few thousand words are always
/// compared in full.
const FLOOR: u64 = 4_000_000;
/// Longest the comparisons of one diff may take together.
const TIME_LIMIT: Duration = Duration::from_secs(2);

/// What one diff may still spend.
#[derive(Debug)]
pub struct Budget {
    left: Cell<u64>,
    deadline: Instant,
    exhausted: Cell<bool>,
}

impl Budget {
    /// The budget of a diff of editions whose paragraphs hold `bytes` bytes together.
    pub fn for_text(bytes: usize) -> Self {
        Budget {
            left: Cell::new(FLOOR.saturating_add(UNITS_PER_BYTE.saturating_mul(bytes as u64))),
            deadline: Instant::now() + TIME_LIMIT,
            exhausted: Cell::new(false),
        }
    }

    /// No bound (for callers that compare a few paragraphs they chose).
    pub fn unlimited() -> Self {
        Budget {
            left: Cell::new(u64::MAX),
            deadline: Instant::now() + Duration::from_secs(365 * 24 * 3600),
            exhausted: Cell::new(false),
        }
    }

    /// Spends `units` if they are left and the deadline has not passed; otherwise
    /// spends nothing, and the budget is exhausted from then on.
    pub fn take(&self, units: usize) -> bool {
        if self.exhausted.get() {
            return false;
        }
        let units = units as u64;
        if self.left.get() < units || Instant::now() > self.deadline {
            self.exhausted.set(true);
            return false;
        }
        self.left.set(self.left.get() - units);
        true
    }

    /// When the comparisons must be done by.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Whether some work was refused: the diff is coarser than it could be.
    pub fn exhausted(&self) -> bool {
        self.exhausted.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_budget_and_stays_exhausted() {
        let budget = Budget::for_text(0);
        assert!(budget.take(FLOOR as usize));
        assert!(!budget.take(1));
        assert!(budget.exhausted());
        assert!(!budget.take(0), "exhausted for good");
    }
}
