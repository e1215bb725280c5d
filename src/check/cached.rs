//! The work per file kept between runs. A section file whose text is byte for byte what
//! it was at an earlier run, with the same catalog and edition metadata, gives the same
//! findings and facts (that is what the work per file may read: see [`FamilyRun`]); so
//! `check`, `build` and the pre-commit hook take them from the parse cache
//! (`.git/rapporteur/`, see `load::cache`) and check again only the files that changed.
//! The work across files is always done again. An entry is used only by the build of
//! rapporteur that wrote it, and anything unexpected in it is a miss.
//!
//! [`FamilyRun`]: super::FamilyRun

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{
    Checked, Diagnostic, Edit, Facts, Fix, Message, Prepared, RULES, SectionRun, Severity, Texts,
};
use crate::load::{Edition, Kind, ParseCache};

/// [`check_edition`](super::check_edition), with the work per file of the sections
/// that are unchanged since an earlier run taken from `cache`, and the work on the
/// others stored there for the next run.
pub fn check_edition_cached(edition: &Edition, cache: Option<&ParseCache>) -> Checked {
    check_with_cache(edition, cache, true)
}

/// [`check_edition_cached`] that only reads the cache: for another revision checked
/// beside the work tree or the index (`check --staged` compares with HEAD), whose
/// files would take the entry from those checked every time.
pub fn check_edition_cached_read_only(edition: &Edition, cache: Option<&ParseCache>) -> Checked {
    check_with_cache(edition, cache, false)
}

fn check_with_cache(edition: &Edition, cache: Option<&ParseCache>, keep: bool) -> Checked {
    let Some(cache) = cache else {
        return super::check_edition_full(edition);
    };
    let prepared = Prepared::new(edition);
    let context = [
        edition.meta.file.text.as_str(),
        edition.catalog_files.domains.text.as_str(),
        edition.catalog_files.proposals.text.as_str(),
        edition.catalog_files.terminology.text.as_str(),
    ];
    let files: Vec<(&str, &str)> = edition
        .sections
        .iter()
        .map(|s| (s.file.path.as_str(), s.file.text.as_str()))
        .collect();
    let stored: Vec<Option<StoredRun<'static>>> = cache.get_files(Kind::Findings, &context, &files);
    let mut runs: Vec<Option<SectionRun>> = stored
        .into_iter()
        .map(|s| s.and_then(StoredRun::into_run))
        .collect();
    let missing: Vec<usize> = (0..runs.len()).filter(|&i| runs[i].is_none()).collect();
    if missing.is_empty() {
        let runs = runs.into_iter().flatten().collect();
        return super::finish_edition(&prepared, runs);
    }
    for (i, run) in super::check_sections(&prepared, &missing) {
        runs[i] = Some(run);
    }
    let runs: Vec<SectionRun> = runs.into_iter().flatten().collect();
    if !keep {
        return super::finish_edition(&prepared, runs);
    }
    // Written here, not on a thread of its own: a thread started for it is often
    // scheduled only once this one waits for it, and then costs more than it saves.
    let stored: Vec<StoredRun> = runs.iter().map(StoredRun::from_run).collect();
    let entries: Vec<(&str, &str, &StoredRun)> = files
        .iter()
        .zip(&stored)
        .map(|((path, text), run)| (*path, *text, run))
        .collect();
    cache.put_files(Kind::Findings, &context, &entries);
    super::finish_edition(&prepared, runs)
}

/// A [`SectionRun`] as the cache keeps it: a diagnostic's rule by its code, and the
/// byte ranges that the JSON output leaves out. Written from borrowed text, read back
/// as owned.
#[derive(Serialize, Deserialize)]
struct StoredRun<'a> {
    diagnostics: Vec<StoredDiagnostic<'a>>,
    facts: Cow<'a, Facts>,
}

#[derive(Serialize, Deserialize)]
struct StoredDiagnostic<'a> {
    code: Cow<'a, str>,
    severity: Severity,
    path: Cow<'a, str>,
    at: [usize; 4],
    span: Range<usize>,
    message: Cow<'a, str>,
    help: Option<Cow<'a, str>>,
    fix: Option<(Cow<'a, str>, Vec<StoredEdit<'a>>)>,
    /// The catalog entries of the message and help, for documents in other languages.
    texts: (Option<Cow<'a, Message>>, Option<Cow<'a, Message>>),
}

#[derive(Serialize, Deserialize)]
struct StoredEdit<'a> {
    at: [usize; 4],
    span: Range<usize>,
    text: Cow<'a, str>,
}

impl<'a> StoredRun<'a> {
    fn from_run(run: &'a SectionRun) -> Self {
        StoredRun {
            diagnostics: run
                .diagnostics
                .iter()
                .map(|d| StoredDiagnostic {
                    code: Cow::Borrowed(d.code),
                    severity: d.severity,
                    path: Cow::Borrowed(&d.path),
                    at: [d.line, d.column, d.end_line, d.end_column],
                    span: d.span.clone(),
                    message: Cow::Borrowed(&d.message),
                    help: d.help.as_deref().map(Cow::Borrowed),
                    fix: d.fix.as_ref().map(|fix| {
                        let edits = fix
                            .edits
                            .iter()
                            .map(|e| StoredEdit {
                                at: [e.line, e.column, e.end_line, e.end_column],
                                span: e.span.clone(),
                                text: Cow::Borrowed(&e.text),
                            })
                            .collect();
                        (Cow::Borrowed(fix.description.as_str()), edits)
                    }),
                    texts: (
                        d.texts.message.as_ref().map(Cow::Borrowed),
                        d.texts.help.as_ref().map(Cow::Borrowed),
                    ),
                })
                .collect(),
            facts: Cow::Borrowed(&run.facts),
        }
    }

    /// The run, or `None` when a code is no rule of this build.
    fn into_run(self) -> Option<SectionRun> {
        let diagnostics = self
            .diagnostics
            .into_iter()
            .map(|d| {
                let rule = RULES.iter().find(|r| r.code == d.code)?;
                let [line, column, end_line, end_column] = d.at;
                Some(Diagnostic {
                    code: rule.code,
                    rule: rule.name,
                    severity: d.severity,
                    path: d.path.into_owned(),
                    line,
                    column,
                    end_line,
                    end_column,
                    message: d.message.into_owned(),
                    help: d.help.map(Cow::into_owned),
                    fix: d.fix.map(|(description, edits)| Fix {
                        description: description.into_owned(),
                        edits: edits
                            .into_iter()
                            .map(|e| {
                                let [line, column, end_line, end_column] = e.at;
                                Edit {
                                    line,
                                    column,
                                    end_line,
                                    end_column,
                                    text: e.text.into_owned(),
                                    span: e.span,
                                }
                            })
                            .collect(),
                    }),
                    span: d.span,
                    texts: Texts {
                        message: d.texts.0.map(Cow::into_owned),
                        help: d.texts.1.map(Cow::into_owned),
                    },
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(SectionRun {
            diagnostics,
            facts: self.facts.into_owned(),
        })
    }
}
