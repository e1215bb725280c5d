//! Validation: rules over a loaded [`Edition`], producing [`Diagnostic`]s. The rules live
//! in `rules/`, one file per family; `registry` lists them all once.

pub mod diagnostic;
pub mod registry;
pub mod rules;

pub use diagnostic::{Diagnostic, Edit, Fix, Severity};
pub use registry::{RULES, Rule, find_rule};

use crate::load::Edition;

/// What the rules report into.
pub struct Ctx<'a> {
    pub edition: &'a Edition,
    diagnostics: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// Runs every rule over the edition. Diagnostics come sorted by path, line and column.
pub fn check_edition(edition: &Edition) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        edition,
        diagnostics: Vec::new(),
    };
    rules::structure::check(&mut ctx);
    rules::proposals::check(&mut ctx);
    let mut diagnostics = ctx.diagnostics;
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code))
    });
    diagnostics
}

/// Counts of findings by severity.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut s = Summary::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}
