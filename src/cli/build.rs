//! `rapporteur build`.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use rapporteur::assemble::{pdf, report_model, templates};
use rapporteur::check::{Severity, check_edition, check_rule_settings};
use rapporteur::load::{WorkTree, find_root, load_edition};
use rapporteur::write::write_atomic;
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
    let root = find_root(cwd)?;
    let edition = load_edition(&WorkTree::new(&root))?;
    check_rule_settings(&edition.meta)?;
    let lang = args
        .lang
        .clone()
        .or_else(|| edition.meta.value.languages.first().cloned())
        .unwrap_or_default();
    // The document is rendered while the edition is checked, on the core the rules leave
    // free, and thrown away if the check refuses the build: rendering is a third of a
    // build. (PDF is printed only after the check: it starts a browser.)
    let (diagnostics, rendered) = std::thread::scope(|scope| {
        let rendered = scope.spawn(|| match args.format {
            Format::Pdf => Ok(None),
            format => render_document(&root, &edition, &lang, format).map(Some),
        });
        let diagnostics = check_edition(&edition);
        let rendered = rendered
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (diagnostics, rendered)
    });
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
    let bytes = match rendered? {
        Some(bytes) => bytes,
        None => {
            // Find Chromium before any work, so that its absence is the error shown.
            let chromium = pdf::find_chromium()?;
            let html = render_document(&root, &edition, &lang, Format::Html)?;
            let html = String::from_utf8(html)
                .map_err(|e| Error::Usage(format!("the HTML is not UTF-8: {e}")))?;
            pdf::print_pdf(&chromium, &html)?
        }
    };
    match &args.output {
        Some(path) => write_atomic(&cwd.join(path), &bytes)?,
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

/// The document in a format other than PDF: the template's output, or the report
/// model as JSON.
fn render_document(
    root: &Path,
    edition: &rapporteur::load::Edition,
    lang: &str,
    format: Format,
) -> Result<Vec<u8>> {
    let model = report_model(edition, lang)?;
    if let Format::Json = format {
        let mut json = serde_json::to_string_pretty(&model)
            .map_err(|e| Error::Usage(format!("cannot serialize the report: {e}")))?;
        json.push('\n');
        return Ok(json.into_bytes());
    }
    let name = templates::template_name(format.name());
    Ok(templates::render(&root.join("templates"), &name, &model)?.into_bytes())
}
