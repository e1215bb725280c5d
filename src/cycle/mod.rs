//! The yearly cycle of a report: release an edition and start the next one (`edition
//! next`), record reviewers' approvals (`sign-off`), and check every commit (`hook`).
//! The rules that go with it are the E (edition currency) and R (review) families in
//! `check/rules/`. Nothing here prints: `cli/` says what was done.

pub mod hook;
pub mod next;
pub mod repo;
pub mod signoff;
pub mod status;
