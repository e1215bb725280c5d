//! `rapporteur translate status|diff|accept|init`: translators' view of which
//! paragraphs are behind the drafting language, and the record of what they translated.

use std::path::Path;

use clap::{Subcommand, ValueEnum};

use rapporteur::load::{WorkTree, find_root, load_edition};
use rapporteur::translate::accept::{Update, accept, init, write_updates};
use rapporteur::translate::diff::translation_diff;
use rapporteur::translate::start::{plan_start, write_start};
use rapporteur::translate::status::{State, StatusReport, translation_status};
use rapporteur::translate::{one_language, render, track_edition, translation_languages};
use rapporteur::{Error, Result};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Open a translation language with nothing translated: a section per source section
    /// (front matter, no text) whose record marks every source paragraph untranslated.
    Start {
        /// The language to open (listed in `languages:`, not the `source:`).
        lang: String,
    },
    /// Per section and language: up to date, or how many paragraphs behind the source.
    Status {
        /// Only this translation language.
        #[arg(long)]
        lang: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
        format: StatusFormat,
    },
    /// For each paragraph behind: the source's change (old → new, word by word) above
    /// the current translation.
    Diff {
        /// Only these domains (slugs).
        domains: Vec<String>,
        /// The translation language (may be left out when there is only one).
        #[arg(long)]
        lang: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Term)]
        format: DiffFormat,
    },
    /// Confirm that sections (or one paragraph) translate the current source: their
    /// records are refreshed.
    Accept {
        /// The domains (slugs) of the sections to accept.
        #[arg(required = true)]
        domains: Vec<String>,
        /// The translation language (may be left out when there is only one).
        #[arg(long)]
        lang: Option<String>,
        /// Only this paragraph (its number in the translated section, from 1, as
        /// `translate diff` and `check` show it).
        #[arg(long, short = 'p', value_name = "N")]
        paragraph: Option<usize>,
    },
    /// Write the first record of each translated section that has none, pairing
    /// paragraphs by position; refused while paragraph counts differ.
    Init {
        /// Only these domains (default: every section without a record).
        domains: Vec<String>,
        /// The translation language (may be left out when there is only one).
        #[arg(long)]
        lang: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StatusFormat {
    /// One line per section.
    Human,
    /// `{"source", "sections": [...]}`.
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// Coloured on a terminal, wrapped to 80 columns.
    Term,
    /// Markdown for a pull-request comment.
    Md,
    /// One self-contained HTML page.
    Html,
    /// The diff as JSON.
    Json,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let root = find_root(cwd)?;
    let edition = load_edition(&WorkTree::new(&root))?;
    let source = || -> String { edition.meta.value.source.clone().unwrap_or_default() };
    match args.command {
        Command::Start { lang } => {
            let start = plan_start(&edition, &root, &lang)?;
            write_start(&root, &start)?;
            for path in &start.existing {
                anstream::eprintln!("left as it is: {path} (the section exists)");
            }
            if start.sections.is_empty() {
                anstream::eprintln!(
                    "every `{}` section of `{lang}` exists already: nothing to start\n  help: `rapporteur translate status --lang {lang}` says where the translation stands",
                    start.source
                );
                return Ok(Outcome::Clean);
            }
            let paragraphs: usize = start.sections.iter().map(|s| s.untranslated).sum();
            for s in &start.sections {
                anstream::eprintln!(
                    "wrote {}: {} paragraph{} to translate",
                    s.path,
                    s.untranslated,
                    if s.untranslated == 1 { "" } else { "s" }
                );
            }
            anstream::eprintln!(
                "opened `{lang}`: {} section{}, {paragraphs} paragraph{} of `{}` to translate (no text copied)\n  next: commit drafts/{lang}/, then hand the work to a CAT tool: `rapporteur xliff export --lang {lang} -o {lang}.xlf`",
                start.sections.len(),
                if start.sections.len() == 1 { "" } else { "s" },
                if paragraphs == 1 { "" } else { "s" },
                start.source
            );
            Ok(Outcome::Clean)
        }
        Command::Status { lang, format } => {
            let langs = translation_languages(&edition, lang.as_deref())?;
            let tracked = track_edition(&edition, &root, lang.as_deref());
            let report = translation_status(&source(), &tracked);
            // A language with no section at all is not "up to date": say how to open it.
            if format == StatusFormat::Human && report.sections.is_empty() {
                for l in &langs {
                    anstream::println!("{}", no_sections(l));
                }
                return Ok(Outcome::Clean);
            }
            match format {
                StatusFormat::Json => {
                    let text = serde_json::to_string_pretty(&report)
                        .map_err(|e| Error::Usage(format!("cannot serialize the status: {e}")))?;
                    anstream::println!("{text}");
                }
                StatusFormat::Human => anstream::print!("{}", human_status(&report, &langs)),
            }
            Ok(Outcome::Clean)
        }
        Command::Diff {
            domains,
            lang,
            format,
        } => {
            let lang = one_language(&edition, lang.as_deref())?;
            let mut tracked = track_edition(&edition, &root, Some(&lang));
            if !domains.is_empty() {
                for d in &domains {
                    if !tracked.iter().any(|t| t.pair.domain == d) {
                        let known: Vec<&str> = tracked.iter().map(|t| t.pair.domain).collect();
                        return Err(rapporteur::translate::accept::not_translated(
                            &lang, d, &known,
                        ));
                    }
                }
                tracked.retain(|t| domains.iter().any(|d| d == t.pair.domain));
            }
            let diff = translation_diff(&edition, &source(), &lang, &tracked);
            let text = match format {
                DiffFormat::Term => render::term(&diff, super::stdout_color(), 80),
                DiffFormat::Md => render::md(&diff),
                DiffFormat::Html => render::html_page(&diff),
                DiffFormat::Json => {
                    let mut json = serde_json::to_string_pretty(&diff)
                        .map_err(|e| Error::Usage(format!("cannot serialize the diff: {e}")))?;
                    json.push('\n');
                    json
                }
            };
            anstream::print!("{text}");
            Ok(Outcome::Clean)
        }
        Command::Accept {
            domains,
            lang,
            paragraph,
        } => {
            let lang = one_language(&edition, lang.as_deref())?;
            let updates = accept(&edition, &root, &source(), &lang, &domains, paragraph)?;
            apply(&root, &updates, "already up to date: nothing to accept")
        }
        Command::Init { domains, lang } => {
            let lang = one_language(&edition, lang.as_deref())?;
            let updates = init(&edition, &root, &source(), &lang, &domains)?;
            let nothing = if has_sections(&edition, &lang) {
                "every section already has a record: nothing to do (`translate accept` refreshes one)".to_string()
            } else {
                no_sections(&lang)
            };
            apply(&root, &updates, &nothing)
        }
    }
}

/// Whether the edition has sections of `lang`.
fn has_sections(edition: &rapporteur::load::Edition, lang: &str) -> bool {
    edition.sections.iter().any(|s| s.lang == lang)
}

/// What to say when a translation language has no section yet.
pub(crate) fn no_sections(lang: &str) -> String {
    format!(
        "there is no `{lang}` section yet: nothing is translated\n  help: `rapporteur translate start {lang}` opens the language (a section per source section, every paragraph untranslated)"
    )
}

/// Writes the updates and says what changed.
fn apply(root: &Path, updates: &[Update], nothing: &str) -> Result<Outcome> {
    write_updates(root, updates)?;
    if updates.is_empty() {
        anstream::eprintln!("{nothing}");
    }
    for u in updates {
        anstream::eprintln!("{}", u.summary);
    }
    Ok(Outcome::Clean)
}

fn human_status(report: &StatusReport, langs: &[String]) -> String {
    let name = |s: &rapporteur::translate::status::SectionStatus| {
        if langs.len() > 1 {
            format!("{}/{}", s.lang, s.domain)
        } else {
            s.domain.clone()
        }
    };
    let width = report
        .sections
        .iter()
        .map(|s| name(s).chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let mut out = format!(
        "translations of `{}` into {}\n{:<width$} {:<13} {:>6} {:>7} {:>6} {:>8} {:>12}  {}\n",
        report.source,
        langs
            .iter()
            .map(|l| format!("`{l}`"))
            .collect::<Vec<_>>()
            .join(", "),
        "domain",
        "state",
        "behind",
        "edited",
        "added",
        "removed",
        "untranslated",
        "file"
    );
    let (mut behind, mut sections_behind, mut unknown) = (0, 0, 0);
    let (mut untranslated, mut in_progress) = (0, 0);
    for s in &report.sections {
        let counts = |f: fn(&rapporteur::translate::align::Counts) -> usize| {
            s.counts
                .as_ref()
                .map_or("–".to_string(), |c| f(c).to_string())
        };
        out.push_str(&format!(
            "{:<width$} {:<13} {:>6} {:>7} {:>6} {:>8} {:>12}  {}\n",
            name(s),
            s.state.as_str(),
            if s.counts.is_some() {
                s.behind.to_string()
            } else {
                "?".to_string()
            },
            counts(|c| c.edited),
            counts(|c| c.added),
            counts(|c| c.removed),
            counts(|c| c.untranslated),
            s.path
        ));
        behind += s.behind;
        untranslated += s.untranslated;
        match s.state {
            State::Behind => sections_behind += 1,
            State::NoRecord | State::Misfit => unknown += 1,
            State::InProgress => in_progress += 1,
            State::UpToDate => {}
        }
    }
    for s in &report.sections {
        if let Some(note) = &s.note {
            out.push_str(&format!("note: {}: {note}\n", s.path));
        }
    }
    out.push_str(&format!(
        "{} section{}: {} up to date",
        report.sections.len(),
        if report.sections.len() == 1 { "" } else { "s" },
        report.sections.len() - sections_behind - unknown - in_progress,
    ));
    if in_progress > 0 {
        out.push_str(&format!(", {in_progress} in progress"));
    }
    if sections_behind > 0 {
        out.push_str(&format!(
            ", {sections_behind} behind by {behind} paragraph{}",
            if behind == 1 { "" } else { "s" }
        ));
    }
    if unknown > 0 {
        out.push_str(&format!(
            ", {unknown} without a usable record (`rapporteur check` says why)"
        ));
    }
    if untranslated > 0 {
        let total: usize = report
            .sections
            .iter()
            .filter_map(|s| s.counts.as_ref())
            .map(|c| c.unchanged + c.edited + c.added + c.untranslated)
            .sum();
        out.push_str(&format!(
            "; {untranslated} of {total} source paragraph{} not translated yet",
            if total == 1 { "" } else { "s" }
        ));
    }
    out.push('\n');
    out
}
