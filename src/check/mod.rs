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
    /// The translated sections aligned with their sources, computed once for the F and
    /// L rules (fingerprinting every source paragraph is most of their cost).
    translations: std::cell::OnceCell<Vec<crate::translate::align::Positional<'a>>>,
}

impl<'a> Ctx<'a> {
    pub fn new(edition: &'a Edition) -> Self {
        Ctx {
            edition,
            diagnostics: Vec::new(),
            translations: std::cell::OnceCell::new(),
        }
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Every translated section, aligned with its source by fingerprints alone.
    pub fn translations(&self) -> &[crate::translate::align::Positional<'a>] {
        self.translations
            .get_or_init(|| crate::translate::align::track_by_position(self.edition))
    }
}

/// Runs every rule over the edition. Diagnostics come sorted by path, line and column.
pub fn check_edition(edition: &Edition) -> Vec<Diagnostic> {
    let run = |families: &[fn(&mut Ctx)]| {
        let mut ctx = Ctx::new(edition);
        for check in families {
            check(&mut ctx);
        }
        ctx.diagnostics
    };
    // The terminology family costs about as much as all the others together: it runs on
    // a second core meanwhile. The order of findings does not depend on it (sorted below).
    let mut diagnostics = std::thread::scope(|scope| {
        let terminology = scope.spawn(|| run(&[rules::terminology::check]));
        let mut diagnostics = run(&[
            rules::structure::check,
            rules::proposals::check,
            rules::typography::check,
            rules::body::check,
            rules::languages::check,
            rules::translation::check,
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

/// Checks the settings of drafts/report.yaml that name things: `source:` must be one of
/// the `languages`, and every key of `rules:` a rule code. A wrong one
/// is a broken configuration (an error naming its line), not a finding. `check` and
/// `build` call it; loading does not, so that `diff` still reads an old edition whose
/// settings name a rule that has since been renamed.
pub fn check_rule_settings(meta: &LoadedFile<EditionMeta>) -> Result<()> {
    if let Some(source) = &meta.value.source
        && !meta.value.languages.contains(source)
    {
        let span = rules::yaml_span(&meta.file, "/source", false);
        let (line, column) = meta.file.line_col(span.start);
        return Err(Error::Invalid {
            location: format!("{}:{line}:{column}", meta.file.path),
            message: format!(
                "`source: {source}` is not one of the edition's `languages` ({})",
                meta.value.languages.join(", ")
            ),
            help: "name the language the report is drafted in, and list it in `languages`"
                .to_string(),
        });
    }
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
