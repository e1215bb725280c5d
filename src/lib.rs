//! rapporteur: draft a long, recurring, multilingual institutional report in git.
//!
//! The pipeline, one module per stage: [`model`] (the types, no I/O), [`load`] (files,
//! git, source maps), [`check`] (rules and their registry), [`import`] (published text to
//! section files), [`assemble`] (templates to the release document), [`schema`] (JSON
//! Schemas from the types), [`corpus`] (many editions at once), [`cycle`] (release,
//! sign-off, hook), [`lsp`] (the language server), [`translate`] and [`xliff`]
//! (translations kept in step with the drafting language), [`review`] (reviewers' Word
//! files taken back); [`lang`] holds what each
//! language needs (ordinals, months, labels). The library never prints; the binary's
//! `cli` is the only place that prints or exits.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod assemble;
pub mod check;
pub mod corpus;
pub mod cycle;
pub mod diff;
pub mod error;
pub mod escape;
pub mod import;
pub mod lang;
pub mod load;
pub mod lsp;
pub mod markdown;
pub mod model;
pub mod review;
pub mod schema;
pub mod translate;
pub mod write;
pub mod xliff;

pub use error::{Error, Result};
