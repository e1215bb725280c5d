//! `rapporteur build`.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use rapporteur::assemble::{pdf, report_model, templates};
use rapporteur::check::{Severity, check_edition, check_rule_settings};
use rapporteur::load::{WorkTree, check_lang_arg, find_root, load_edition};
use rapporteur::write::{output_target, write_atomic};
use rapporteur::{Error, Result};

use super::{Outcome, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format. txt, md and html each have their template in templates/
    /// (`report.html.j2`); json is the report model the templates see; pdf is the HTML
    /// printed by headless Chromium.
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
    Md,
    Html,
    Json,
    Pdf,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Pdf => "pdf",
        }
    }
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    if args.output.is_some() {
        // An interrupted write leaves no temporary file beside the output.
        super::interrupt::install();
    }
    let root = find_root(cwd)?;
    if let Some(lang) = &args.lang {
        check_lang_arg(lang)?;
    }
    // Where to write, decided before any work: never over an input of the edition.
    let output = match &args.output {
        Some(path) => Some(output_target(&root, cwd, path)?),
        None => None,
    };
    let edition = load_edition(&WorkTree::new(&root))?;
    check_rule_settings(&edition.meta)?;
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
    // Find Chromium before any work, so that its absence is the error shown.
    let chromium = match args.format {
        Format::Pdf => Some(pdf::find_chromium()?),
        _ => None,
    };
    let model = report_model(&edition, &lang)?;
    let render = |format: &str| {
        let name = templates::template_name(format);
        templates::render(&root.join("templates"), &name, &model)
    };
    let bytes = match (args.format, &chromium) {
        (Format::Pdf, Some(chromium)) => pdf::print_pdf(chromium, &render("html")?)?,
        (Format::Json, _) => {
            let mut json = serde_json::to_string_pretty(&model)
                .map_err(|e| Error::Usage(format!("cannot serialize the report: {e}")))?;
            json.push('\n');
            json.into_bytes()
        }
        (format, _) => render(format.name())?.into_bytes(),
    };
    match &output {
        Some(path) => write_atomic(path, &bytes)?,
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| Error::io("<stdout>", e))?;
        }
    }
    Ok(Outcome::Clean)
}
