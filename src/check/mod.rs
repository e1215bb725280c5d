//! Validation: rules over a loaded [`Edition`], producing [`Diagnostic`]s. The rules live
//! in `rules/`, one file per family; `registry` lists them all once.

pub mod diagnostic;
pub mod fix;
pub mod registry;
pub mod rules;

pub use diagnostic::{Diagnostic, Edit, Fix, Severity};
pub use registry::{RULES, Rule, find_rule};

use crate::error::{Error, Result};
use crate::load::{Edition, LoadedFile};
use crate::model::EditionMeta;

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
    let run = |families: &[fn(&mut Ctx)]| {
        let mut ctx = Ctx {
            edition,
            diagnostics: Vec::new(),
        };
        for check in families {
            check(&mut ctx);
        }
        ctx.diagnostics
    };
    // The terminology and edition-currency families cost about as much as all the
    // others together: they run on a second core meanwhile. The order of findings does
    // not depend on it (sorted below).
    let mut diagnostics = std::thread::scope(|scope| {
        let terminology = scope.spawn(|| run(&[rules::terminology::check, rules::currency::check]));
        let mut diagnostics = run(&[
            rules::structure::check,
            rules::proposals::check,
            rules::typography::check,
            rules::body::check,
            rules::languages::check,
            rules::review::check,
        ]);
        let terminology = terminology
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        diagnostics.extend(terminology);
        diagnostics
    });
    let overrides = &edition.meta.value.rules;
    if !overrides.is_empty() {
        for d in &mut diagnostics {
            if let Some(severity) = overrides.get(d.code) {
                d.severity = *severity;
            }
        }
    }
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code))
    });
    diagnostics
}

/// Checks the `rules:` of drafts/report.yaml: every key must be a rule code. A wrong one
/// is a broken configuration (an error naming its line), not a finding. `check` and
/// `build` call it; loading does not, so that `diff` still reads an old edition whose
/// settings name a rule that has since been renamed.
pub fn check_rule_settings(meta: &LoadedFile<EditionMeta>) -> Result<()> {
    for code in meta.value.rules.keys() {
        if RULES.iter().any(|r| r.code == code) {
            continue;
        }
        let pointer = format!("/rules/{}", crate::load::yaml::escape_pointer(code));
        let span = rules::yaml_span(&meta.file, &pointer, true);
        let (line, column) = meta.file.line_col(span.start);
        let help = match find_rule(code) {
            Some(rule) => format!("write the rule's code: `{}`", rule.code),
            None => "use a code that `rapporteur rules` lists, such as `T004`".to_string(),
        };
        return Err(Error::Invalid {
            location: format!("{}:{line}:{column}", meta.file.path),
            message: format!("`{code}` is not a rule code"),
            help,
        });
    }
    Ok(())
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
