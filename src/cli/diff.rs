//! `rapporteur diff`.

use std::io::IsTerminal;
use std::path::Path;

use clap::ValueEnum;

use rapporteur::diff::source::{load_side, load_work_tree};
use rapporteur::diff::{Options, diff_editions, render};
use rapporteur::load::{REPORT_FILE, WorkTree, find_root, load_yaml};
use rapporteur::model::EditionMeta;
use rapporteur::{Error, Result};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old edition: a tag, branch or commit, or a folder holding a workspace
    /// (default: `previous` in drafts/report.yaml).
    old: Option<String>,
    /// The new edition, likewise (default: the work tree).
    new: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Term)]
    format: Format,
    /// Only this domain (slug).
    #[arg(long, value_name = "SLUG")]
    domain: Option<String>,
    /// Only this language.
    #[arg(long)]
    lang: Option<String>,
    /// Exit with 1 when anything changed (like `git diff --exit-code`).
    #[arg(long)]
    exit_code: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
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
    let old_spec = match &args.old {
        Some(spec) => spec.clone(),
        None => {
            let meta = load_yaml::<EditionMeta>(
                &WorkTree::new(&root),
                REPORT_FILE,
                "the edition metadata",
            )?;
            meta.value.previous.ok_or_else(|| {
                Error::Usage(
                    "no OLD edition given and drafts/report.yaml names no `previous`\n  help: run `rapporteur diff <tag>`, or set `previous: <tag>` in drafts/report.yaml".into(),
                )
            })?
        }
    };
    // The two sides load in parallel: loading is most of a diff's time.
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| load_side(&root, cwd, &old_spec));
        let new = match &args.new {
            Some(spec) => load_side(&root, cwd, spec),
            None => load_work_tree(&root),
        };
        let old = old
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (old, new)
    });
    let (old, new) = (old?, new?);
    let options = Options {
        domain: args.domain.clone(),
        lang: args.lang.clone(),
    };
    let diff = diff_editions(&old.edition, &new.edition, &old.label, &new.label, &options);
    let asked = match (&args.domain, &args.lang) {
        (Some(d), Some(l)) => Some(format!("a section `{d}` in language `{l}`")),
        (Some(d), None) => Some(format!("a section `{d}`")),
        (None, Some(l)) => Some(format!("the language `{l}`")),
        (None, None) => None,
    };
    if let Some(asked) = asked
        && diff.domains.is_empty()
    {
        // A typo in a slug or a language must not read as "nothing changed".
        return Err(Error::Usage(format!(
            "neither edition has {asked}\n  help: domains are slugs from schemas/domains.yaml; languages are listed in drafts/report.yaml"
        )));
    }
    let text = match args.format {
        Format::Term => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            render::term::render(&diff, color, 80)
        }
        Format::Md => render::md::render(&diff),
        Format::Html => render::html::render(&diff),
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&diff)
                .map_err(|e| Error::Usage(format!("cannot serialize the diff: {e}")))?;
            json.push('\n');
            json
        }
    };
    match args.format {
        // anstream strips colour codes when the output is not a terminal: only the term
        // format may hold any. The others are written as they are (stripping cost a
        // twentieth of a diff).
        Format::Term => anstream::print!("{text}"),
        Format::Md | Format::Html | Format::Json => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| Error::io("<stdout>", e))?;
        }
    }
    let outcome = if args.exit_code && diff.has_changes() {
        Outcome::Failed
    } else {
        Outcome::Clean
    };
    // The process ends here: freeing two editions and their diff piece by piece would be
    // a twentieth of the run, for memory the system takes back at once.
    std::mem::forget((old, new, diff));
    Ok(outcome)
}
