//! Validation: rules over a loaded [`Edition`], producing [`Diagnostic`]s. The rules live
//! in `rules/`, one file per family; `registry` lists them all once; [`FAMILY_RUNS`] says
//! how each family runs.
//!
//! A family's work has up to two halves. Work on one section file alone (its text, the
//! catalog, the edition metadata) is done by [`check_section`]: its [`SectionRun`] holds
//! the file's findings and the facts that the other half needs, so that the language
//! server keeps it per file and redoes it only for the file that changed. Work that looks
//! across files (coverage, duplicates, first use in reading order, languages) is done by
//! [`check_across`], again after every change. [`check_edition`] does both, for `check`.

pub mod cached;
pub mod diagnostic;
pub mod fix;
pub mod gate;
pub mod identity;
pub mod registry;
pub mod rules;

pub use crate::lang::Message;
pub use cached::check_edition_cached;
pub use diagnostic::{Diagnostic, Edit, Fix, Severity, Texts};
pub use gate::release_blockers;
pub use registry::{RULES, Rule, find_rule};

use crate::error::{Error, Result};
use crate::load::{Edition, LoadedFile, Section};
use crate::model::EditionMeta;

/// How a rule family runs: work per section file, work across the edition, or both.
pub struct FamilyRun {
    /// The family's code letter (`T`), as in `registry::FAMILIES`.
    pub letter: char,
    /// Findings in one section file that depend only on that file, the catalog and the
    /// edition metadata, and the facts `across` needs from it.
    pub section: Option<fn(&mut Ctx, &Section, &mut Facts)>,
    /// Findings that need the whole edition; run again after every change.
    pub across: Option<fn(&mut Ctx)>,
}

impl FamilyRun {
    /// A family run over the whole edition after every change: the safe default, right
    /// for any rule whatever files it reads.
    pub const fn whole(letter: char, check: fn(&mut Ctx)) -> Self {
        FamilyRun {
            letter,
            section: None,
            across: Some(check),
        }
    }

    /// A family each of whose findings depends on one section file only.
    pub const fn per_file(letter: char, section: fn(&mut Ctx, &Section, &mut Facts)) -> Self {
        FamilyRun {
            letter,
            section: Some(section),
            across: None,
        }
    }

    /// A family with work per file and work across files.
    pub const fn split(
        letter: char,
        section: fn(&mut Ctx, &Section, &mut Facts),
        across: fn(&mut Ctx),
    ) -> Self {
        FamilyRun {
            letter,
            section: Some(section),
            across: Some(across),
        }
    }
}

/// Every rule family's work, one line each, in the order of `registry::FAMILIES`. A new
/// family starts as [`FamilyRun::whole`]; it moves work per file only when that work
/// reads nothing but its own file, the catalog and the metadata.
pub const FAMILY_RUNS: &[FamilyRun] = &[
    FamilyRun::split(
        'S',
        rules::structure::check_section,
        rules::structure::check,
    ),
    FamilyRun::split(
        'P',
        rules::proposals::check_section,
        rules::proposals::check,
    ),
    FamilyRun::split(
        'T',
        rules::terminology::check_section,
        rules::terminology::check,
    ),
    FamilyRun::per_file('Y', rules::typography::check_section),
    FamilyRun::split('B', rules::body::check_section, rules::body::check),
    FamilyRun::whole('L', rules::languages::check),
    FamilyRun::split('E', rules::currency::check_section, rules::currency::check),
    FamilyRun::whole('R', rules::review::check),
    FamilyRun::whole('F', rules::translation::check),
];

/// What the rules derive once from the catalog and the metadata (the termbase's indexes),
/// shared by the work on every section of one run.
pub struct Prepared<'a> {
    pub edition: &'a Edition,
    terminology: rules::terminology::Indexes<'a>,
}

impl<'a> Prepared<'a> {
    /// Nothing is built yet: each index is built when a rule first needs it.
    pub fn new(edition: &'a Edition) -> Self {
        Prepared {
            edition,
            terminology: rules::terminology::Indexes::new(&edition.catalog.terms),
        }
    }
}

/// What the work on one section file leaves: its findings, and the facts the work across
/// files reads (acronym uses, paragraph keys). Valid while the file, the catalog and the
/// metadata stay as they were.
#[derive(Debug, Clone, Default)]
pub struct SectionRun {
    pub diagnostics: Vec<Diagnostic>,
    pub facts: Facts,
}

/// Facts of one section file for the work across files, one field per family that has
/// both halves.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    pub(crate) terminology: rules::terminology::Facts,
    pub(crate) body: rules::body::Facts,
}

/// What the rules report into. (`'p` is the edition's lifetime in [`Prepared`], `'a`
/// that of this run.)
pub struct Ctx<'a, 'p> {
    pub edition: &'a Edition,
    prepared: &'a Prepared<'p>,
    /// The facts of each section (as `edition.sections`); empty in the work per file.
    facts: &'a [&'a Facts],
    diagnostics: Vec<Diagnostic>,
    /// The translated sections aligned with their sources, computed once for the F and
    /// L rules (fingerprinting every source paragraph is most of their cost).
    translations: std::cell::OnceCell<Vec<crate::translate::align::Positional<'a>>>,
}

impl<'a, 'p> Ctx<'a, 'p> {
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// In the work across files: the facts of each section, indexed as `edition.sections`.
    pub fn facts(&self) -> &'a [&'a Facts] {
        self.facts
    }

    pub fn prepared(&self) -> &'a Prepared<'p> {
        self.prepared
    }

    /// Every translated section, aligned with its source by fingerprints alone.
    pub fn translations(&self) -> &[crate::translate::align::Positional<'a>] {
        self.translations
            .get_or_init(|| crate::translate::align::track_by_position(self.edition))
    }
}

/// The work per file of every family on one section of `prepared.edition`.
pub fn check_section(prepared: &Prepared, section: &Section) -> SectionRun {
    let mut ctx = Ctx {
        edition: prepared.edition,
        prepared,
        facts: &[],
        diagnostics: Vec::new(),
        translations: std::cell::OnceCell::new(),
    };
    let mut facts = Facts::default();
    for family in FAMILY_RUNS {
        if let Some(check) = family.section {
            check(&mut ctx, section, &mut facts);
        }
    }
    SectionRun {
        diagnostics: ctx.diagnostics,
        facts,
    }
}

/// The work across files of every family, given the facts of every section (indexed as
/// `prepared.edition.sections`).
pub fn check_across(prepared: &Prepared, facts: &[&Facts]) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        edition: prepared.edition,
        prepared,
        facts,
        diagnostics: Vec::new(),
        translations: std::cell::OnceCell::new(),
    };
    for family in FAMILY_RUNS {
        if let Some(check) = family.across {
            check(&mut ctx);
        }
    }
    ctx.diagnostics
}

/// What checking an edition found: the findings to report, and those an allow comment
/// acknowledges (`<!-- rapporteur-allow CODE: reason -->`, see `rules::allow`), which are
/// not reported and block nothing.
#[derive(Debug, Default)]
pub struct Checked {
    /// Sorted by path, line and column.
    pub diagnostics: Vec<Diagnostic>,
    pub allowed: Vec<Diagnostic>,
}

/// Runs every rule over the edition. Diagnostics come sorted by path, line and column;
/// those an allow comment acknowledges are left out.
pub fn check_edition(edition: &Edition) -> Vec<Diagnostic> {
    check_edition_full(edition).diagnostics
}

/// [`check_edition`], with the allowed findings too.
pub fn check_edition_full(edition: &Edition) -> Checked {
    let prepared = Prepared::new(edition);
    let all: Vec<usize> = (0..edition.sections.len()).collect();
    let runs = check_sections(&prepared, &all)
        .into_iter()
        .map(|(_, run)| run)
        .collect();
    finish_edition(&prepared, runs)
}

/// The work across files given the work per file on every section (`runs`, as
/// `edition.sections`), and every finding in order.
fn finish_edition(prepared: &Prepared, runs: Vec<SectionRun>) -> Checked {
    let facts: Vec<&Facts> = runs.iter().map(|r| &r.facts).collect();
    let mut diagnostics = check_across(prepared, &facts);
    drop(facts);
    for run in runs {
        diagnostics.extend(run.diagnostics);
    }
    let allowed = finish_diagnostics(prepared.edition, &mut diagnostics);
    Checked {
        diagnostics,
        allowed,
    }
}

/// The work per file on the sections `which` (indexes into `edition.sections`), on two
/// cores: each thread takes the next section not yet taken, the longest first, so that
/// both finish together whatever each section costs. The result is in the order of
/// `which` sorted.
fn check_sections(prepared: &Prepared, which: &[usize]) -> Vec<(usize, SectionRun)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let sections = &prepared.edition.sections;
    let mut order: Vec<usize> = which.to_vec();
    order.sort_by_key(|&i| std::cmp::Reverse(sections[i].file.text.len()));
    let next = AtomicUsize::new(0);
    let work = || -> Vec<(usize, SectionRun)> {
        let mut runs = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            runs.push((i, check_section(prepared, &sections[i])));
        }
        runs
    };
    let mut runs: Vec<(usize, SectionRun)> = if order.len() < 2 {
        // One file (the one an edit changed) is not worth a thread.
        work()
    } else {
        std::thread::scope(|scope| {
            let other = scope.spawn(work);
            let mut runs = work();
            runs.extend(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
            runs
        })
    };
    runs.sort_by_key(|(i, _)| *i);
    runs
}

/// Applies the edition's severity settings (`rules:`), takes out the findings that an
/// allow comment acknowledges (returned) and adds what is wrong with the comments
/// themselves (`rules::allow`), then sorts the findings by path, line, column and code
/// (then message, so that the order never depends on which rule ran first).
pub fn finish_diagnostics(edition: &Edition, diagnostics: &mut Vec<Diagnostic>) -> Vec<Diagnostic> {
    let allowed = rules::allow::apply(edition, diagnostics);
    let overrides = &edition.meta.value.rules;
    if !overrides.is_empty() {
        for d in diagnostics.iter_mut() {
            if let Some(severity) = overrides.get(d.code) {
                d.severity = *severity;
            }
        }
    }
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.code, &b.message))
    });
    allowed
}

/// The highest edition number: a series of yearly reports does not reach it, and its
/// successor, ordinal and tag stay well within every type.
pub const MAX_EDITION: u32 = 9999;

/// Checks the settings of drafts/report.yaml that the types alone do not: the period
/// must not end before it starts, `source:` must be one of the `languages`, and every key
/// of `rules:` a rule code. A wrong one is a broken configuration (an error naming its
/// line), not a finding. `check` and
/// `build` call it; loading does not, so that `diff` still reads an old edition whose
/// settings name a rule that has since been renamed.
pub fn check_rule_settings(meta: &LoadedFile<EditionMeta>) -> Result<()> {
    // An edition's number makes its ordinal, its tag and its successor's number.
    let number = meta.value.number;
    if !(1..=MAX_EDITION).contains(&number) {
        let span = rules::yaml_span(&meta.file, "/number", false);
        let (line, column) = meta.file.line_col(span.start);
        return Err(Error::Invalid {
            location: format!("{}:{line}:{column}", meta.file.path),
            message: format!("`number: {number}` is no edition's number"),
            help: format!(
                "give the edition's place in the series, from 1 to {MAX_EDITION} (11 for the eleventh report)"
            ),
        });
    }
    // Both are `YYYY-MM` (checked at load), so they compare as text.
    let period = &meta.value.period;
    if period.end < period.start {
        let span = rules::yaml_span(&meta.file, "/period/end", false);
        let (line, column) = meta.file.line_col(span.start);
        return Err(Error::Invalid {
            location: format!("{}:{line}:{column}", meta.file.path),
            message: format!(
                "the period ends ({}) before it starts ({})",
                period.end, period.start
            ),
            help: "give the first and the last month covered, in that order".to_string(),
        });
    }
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

/// Counts of findings by severity, and of those allowed.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub allowed: usize,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each family of the registry runs, once, in the registry's order: a family added to
    /// `registry::FAMILIES` and forgotten here would silently never report.
    #[test]
    fn every_family_runs_once() {
        let registry: Vec<char> = registry::FAMILIES.iter().map(|(c, _)| *c).collect();
        let runs: Vec<char> = FAMILY_RUNS.iter().map(|f| f.letter).collect();
        assert_eq!(registry, runs);
        for family in FAMILY_RUNS {
            assert!(family.section.is_some() || family.across.is_some());
        }
    }

    /// The work per file and across files, run separately on an edition, gives what
    /// `check_edition` gives.
    #[test]
    fn halves_add_up_to_the_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut edition = crate::load::load_edition(&crate::load::WorkTree::new(root)).unwrap();
        // A few findings of every kind of work: a variant, a duplicate, an acronym first used
        // before its expansion in another file.
        let first = edition.sections[1].paragraph(0).to_string();
        let text = format!(
            "{}\nL'AED et Kiev.\n\n{first}\n",
            edition.sections[0].file.text
        );
        edition.sections[0] =
            crate::load::parse_section(&edition.sections[0].file.path.clone(), "fr", text);
        let whole = check_edition(&edition);
        let prepared = Prepared::new(&edition);
        let runs: Vec<SectionRun> = edition
            .sections
            .iter()
            .map(|s| check_section(&prepared, s))
            .collect();
        let facts: Vec<&Facts> = runs.iter().map(|r| &r.facts).collect();
        let mut halves = check_across(&prepared, &facts);
        halves.extend(runs.iter().flat_map(|r| r.diagnostics.clone()));
        finish_diagnostics(&edition, &mut halves);
        let key = |d: &Diagnostic| {
            format!(
                "{}:{}:{} {} {}",
                d.path, d.line, d.column, d.code, d.message
            )
        };
        let whole: Vec<String> = whole.iter().map(key).collect();
        assert_eq!(whole, halves.iter().map(key).collect::<Vec<_>>());
        for code in ["T001", "T002", "B002"] {
            assert!(whole.iter().any(|d| d.contains(code)), "{code}: {whole:#?}");
        }
    }
}
