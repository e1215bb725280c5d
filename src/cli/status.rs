//! `rapporteur status`.

use std::path::Path;

use clap::ValueEnum;

use rapporteur::check::check_edition;
use rapporteur::diff::source::load_side;
use rapporteur::diff::status::{StatusReport, edition_status, last_changes};
use rapporteur::diff::{Options, diff_editions, render::percent};
use rapporteur::load::{WorkTree, find_root, load_edition};
use rapporteur::{Error, Result};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Only this language.
    #[arg(long)]
    lang: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// One line per section.
    Human,
    /// `{"previous", "sections": [...]}`.
    Json,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let root = find_root(cwd)?;
    if let Some(lang) = &args.lang {
        rapporteur::load::check_lang_arg(lang)?;
    }
    let edition = load_edition(&WorkTree::new(&root))?;
    let (diff, previous, previous_missing) = match &edition.meta.value.previous {
        None => (
            None,
            None,
            Some("drafts/report.yaml names no `previous` edition".to_string()),
        ),
        Some(rev) => match load_side(&root, &root, rev) {
            Ok(old) => {
                let options = Options {
                    domain: None,
                    lang: args.lang.clone(),
                };
                let diff = diff_editions(&old.edition, &edition, rev, "work tree", &options);
                (Some(diff), Some(rev.clone()), None)
            }
            Err(e) => {
                // Where drafts/report.yaml names it, to fix it there.
                let offset = rapporteur::load::yaml::yaml_spans(&edition.meta.file.text)
                    .get("/previous")
                    .map_or(0, |s| s.value.start);
                let (line, column) = edition.meta.file.line_col(offset);
                (
                    None,
                    None,
                    Some(format!(
                        "previous edition `{rev}` cannot be read (drafts/report.yaml:{line}:{column}): {}",
                        first_line(&e)
                    )),
                )
            }
        },
    };
    let diagnostics = check_edition(&edition);
    let paths: Vec<String> = edition
        .sections
        .iter()
        .map(|s| s.file.path.clone())
        .collect();
    // Outside git (a copied folder), there is simply no last change to show.
    let changes = last_changes(&root, &paths).unwrap_or_default();
    let mut sections = edition_status(&edition, diff.as_ref(), &diagnostics, &changes);
    if let Some(lang) = &args.lang {
        sections.retain(|s| &s.lang == lang);
    }
    let report = StatusReport {
        previous,
        previous_missing,
        sections,
    };
    match args.format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&report)
                .map_err(|e| Error::Usage(format!("cannot serialize the status: {e}")))?;
            anstream::println!("{text}");
        }
        Format::Human => anstream::print!("{}", human(&report)),
    }
    Ok(Outcome::Clean)
}

fn first_line(error: &Error) -> String {
    error
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

fn human(report: &StatusReport) -> String {
    let multilingual = report
        .sections
        .iter()
        .any(|s| s.lang != report.sections[0].lang);
    let name = |s: &rapporteur::diff::status::StatusLine| {
        if multilingual {
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
        "{:<width$} {:<7} {:>6} {:>7} {:>9} {:>8}  {}\n",
        "domain", "status", "words", "changed", "proposals", "findings", "last change"
    );
    for s in &report.sections {
        let changed = match s.share_changed {
            None => "–".to_string(),
            Some(_) if s.new_domain => "new".to_string(),
            Some(share) => percent(share),
        };
        let last = s.last_change.as_ref().map_or_else(
            || "uncommitted".to_string(),
            |c| format!("{} {}", c.date, c.author),
        );
        out.push_str(&format!(
            "{:<width$} {:<7} {:>6} {:>7} {:>9} {:>8}  {}\n",
            name(s),
            s.status.as_deref().unwrap_or("?"),
            s.words,
            changed,
            s.proposals.len(),
            s.findings,
            last
        ));
    }
    if let Some(why) = &report.previous_missing {
        out.push_str(&format!("note: no change figures (–): {why}\n"));
    }
    out
}
