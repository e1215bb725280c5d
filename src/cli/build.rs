//! `rapporteur build`.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use rapporteur::Result;
use rapporteur::assemble::{report_model, templates};
use rapporteur::check::{Severity, check_edition};
use rapporteur::load::{WorkTree, find_root, load_edition};
use rapporteur::write::write_atomic;

use super::{Outcome, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format; each has its template in templates/ (`report.txt.j2`).
    #[arg(long, value_enum, default_value_t = Format::Txt)]
    format: Format,
    /// Language to assemble (default: the edition's first).
    #[arg(long)]
    lang: Option<String>,
    /// Write here (atomically) instead of to standard output.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Txt,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
        }
    }
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let root = find_root(cwd)?;
    let edition = load_edition(&WorkTree::new(&root))?;
    let diagnostics = check_edition(&edition);
    let errors: Vec<_> = diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        let files = output::files_of(&edition);
        anstream::eprint!("{}", output::human(&errors, &files, false));
        anstream::eprintln!(
            "rapporteur: build refused: `check` finds {} error(s); nothing was written",
            errors.len()
        );
        return Ok(Outcome::Failed);
    }
    let lang = args
        .lang
        .clone()
        .or_else(|| edition.meta.value.languages.first().cloned())
        .unwrap_or_default();
    let model = report_model(&edition, &lang)?;
    let name = templates::template_name(args.format.name());
    let text = templates::render(&root.join("templates"), &name, &model)?;
    match &args.output {
        Some(path) => write_atomic(&cwd.join(path), text.as_bytes())?,
        None => anstream::print!("{text}"),
    }
    Ok(Outcome::Clean)
}
