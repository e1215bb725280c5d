//! `rapporteur build`.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

#[cfg(feature = "pdf")]
use rapporteur::assemble::pdf;
use rapporteur::assemble::{docx, report_model, templates};
use rapporteur::check::{Diagnostic, Severity, check_edition_cached, check_rule_settings};
use rapporteur::load::{Edition, Tree, WorkTree, check_lang_arg, find_root, load_edition};
use rapporteur::write::{output_target, write_atomic};
use rapporteur::{Error, Result};

use super::{Outcome, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format. txt, md, html and docx each have their template in templates/
    /// (`report.html.j2`); json is the report model the templates see; pdf is typeset
    /// from `report.typ.j2` by Typst, in-process; docx is a Word document.
    #[arg(long, value_enum, default_value_t = Format::Txt)]
    format: Format,
    /// Language to assemble (default: the edition's first).
    #[arg(long)]
    lang: Option<String>,
    /// Write here (atomically) instead of to standard output.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    output: Option<PathBuf>,
    /// Assemble a draft for circulation even while `check` finds errors: the document is
    /// marked as a draft and lists the errors in an annex ("open points"); exit 0.
    #[arg(long)]
    draft: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Txt,
    Md,
    Html,
    Json,
    Pdf,
    Docx,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
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
    let templates_dir = root.join("templates");
    // A format made from a template starts compiling it now, on a thread of its own,
    // while the edition loads.
    let started = match args.format {
        Format::Txt | Format::Md | Format::Html => Some(templates::Started::new(
            &templates_dir,
            &templates::template_name(args.format.name()),
        )?),
        Format::Json | Format::Pdf | Format::Docx => None,
    };
    let tree = WorkTree::new(&root);
    let edition = load_edition(&tree)?;
    check_rule_settings(&edition.meta)?;
    let lang = args
        .lang
        .clone()
        .or_else(|| edition.meta.value.languages.first().cloned())
        .unwrap_or_default();
    // The document is rendered while the edition is checked, and thrown away if the check
    // refuses the build. A format made from a template hands its model to the template's
    // thread, compiling since the start; json, pdf and docx are made on a thread of their
    // own. A draft build (its open points are the check's findings) is made after the
    // check. Section files unchanged since the last run are not checked again
    // (`check_edition_cached`).
    let kept = tree.parse_cache();
    let (early, late) = if args.draft {
        (None, started)
    } else {
        (started, None)
    };
    let (diagnostics, rendered) = match early {
        Some(started) => {
            let rendering = report_model(&edition, &lang).map(|model| started.send(&model));
            let diagnostics = check_edition_cached(&edition, kept.as_ref());
            let rendered = rendering
                .and_then(|rendering| rendering.wait())
                .map(|text| Some(text.into_bytes()));
            (diagnostics, rendered)
        }
        None => std::thread::scope(|scope| {
            let rendered = scope.spawn(|| match args.format {
                _ if args.draft => Ok(None),
                format => assemble(&edition, &lang, format, &root, None, None).map(Some),
            });
            let diagnostics = check_edition_cached(&edition, kept.as_ref());
            let rendered = rendered
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (diagnostics, rendered)
        }),
    };
    let errors: Vec<_> = diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        let files = edition.files_by_path();
        anstream::eprint!("{}", output::human(&errors, &files, false));
        if !args.draft {
            anstream::eprintln!(
                "rapporteur: build refused: `check` finds {} error(s); nothing was written\n  \
                 help: `build --draft` assembles a draft for circulation, listing them",
                errors.len()
            );
            return Ok(Outcome::Failed);
        }
        anstream::eprintln!(
            "rapporteur: building a draft despite {} error(s): the document lists them as open points",
            errors.len()
        );
    }
    let bytes = match rendered? {
        Some(bytes) => bytes,
        None => {
            let open = args.draft.then_some(errors.as_slice());
            assemble(&edition, &lang, args.format, &root, late, open)?
        }
    };
    match (&output, &args.output) {
        (Some(path), Some(given)) => {
            write_atomic(path, &bytes)?;
            anstream::eprintln!("wrote {} ({})", given.display(), size(bytes.len()));
        }
        _ => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| Error::io("<stdout>", e))?;
        }
    }
    // The process ends here: freeing the edition piece by piece would cost more than
    // writing the document, for memory the system takes back at once (as `check` does).
    std::mem::forget((edition, errors, bytes));
    Ok(Outcome::Clean)
}

/// The document in `format`, from the repository at `root`. `started`: its template,
/// compiling already (else it is compiled here); `open`: the findings at error level of
/// a draft build (the document is then marked as a draft and lists them).
fn assemble(
    edition: &Edition,
    lang: &str,
    format: Format,
    root: &Path,
    started: Option<templates::Started>,
    open: Option<&[Diagnostic]>,
) -> Result<Vec<u8>> {
    let templates_dir = &root.join("templates");
    let mut model = report_model(edition, lang)?;
    if let Some(open) = open {
        model.mark_draft(edition, open);
    }
    Ok(match format {
        Format::Pdf => typeset(edition, root, templates_dir, &model)?,
        Format::Docx => docx::write_docx(templates_dir, &model)?,
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&model)
                .map_err(|e| Error::Usage(format!("cannot serialize the report: {e}")))?;
            json.push('\n');
            json.into_bytes()
        }
        format => match started {
            Some(started) => started.finish(&model)?.into_bytes(),
            None => {
                let name = templates::template_name(format.name());
                templates::render(templates_dir, &name, &model)?.into_bytes()
            }
        },
    })
}

/// The PDF, typeset by Typst, dated by `date:`, SOURCE_DATE_EPOCH or the last commit.
#[cfg(feature = "pdf")]
fn typeset(
    edition: &Edition,
    root: &Path,
    templates_dir: &Path,
    model: &rapporteur::assemble::ReportModel,
) -> Result<Vec<u8>> {
    let created = pdf::creation_time(edition.meta.value.date.as_deref(), root)?;
    pdf::typeset_report(templates_dir, model, created)
}

/// Without the `pdf` feature, no PDF.
#[cfg(not(feature = "pdf"))]
fn typeset(
    _edition: &Edition,
    _root: &Path,
    _templates_dir: &Path,
    _model: &rapporteur::assemble::ReportModel,
) -> Result<Vec<u8>> {
    Err(Error::Usage(
        "this rapporteur was built without PDF support (cargo feature `pdf`)\n  \
         help: install it with the default features: `cargo install --path . --locked`"
            .into(),
    ))
}

/// A file size as people read it: `812 bytes`, `24.3 kB`, `1.2 MB` (powers of 1000).
fn size(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}
