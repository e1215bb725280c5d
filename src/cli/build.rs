//! `rapporteur build`.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

#[cfg(feature = "pdf")]
use rapporteur::assemble::pdf;
use rapporteur::assemble::{DraftVersion, docx, report_model, templates};
use rapporteur::check::{
    Diagnostic, cap_findings, check_edition_cached, check_rule_settings, release_blockers,
};
use rapporteur::cycle::repo::Repo;
use rapporteur::load::{Edition, Tree, WorkTree, check_lang_arg, find_root, load_edition};
use rapporteur::write::{Purpose, target, write_atomic};
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
        Some(path) => Some(target::output(&root, cwd, path, Purpose::Document)?),
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
    // A Word file records the commit it was built from, for `review import`.
    let commit = match args.format {
        Format::Docx => Repo::open(&root)
            .and_then(|repo| repo.head())
            .ok()
            .map(|oid| oid.to_string()),
        _ => None,
    };
    let commit = commit.as_deref();
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
    let (checked, rendered) = match early {
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
                format => {
                    let parts = Parts {
                        root: &root,
                        templates_dir: &templates_dir,
                        commit,
                    };
                    assemble(&edition, &lang, format, &parts, None, None).map(Some)
                }
            });
            let diagnostics = check_edition_cached(&edition, kept.as_ref());
            let rendered = rendered
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (diagnostics, rendered)
        }),
    };
    // The release gate: every blocker of the languages built (`--lang`), else of all.
    let blockers = release_blockers(&edition, &checked.diagnostics, args.lang.as_deref());
    // What is printed and listed as open points is bounded (a count says the rest), so
    // that `--draft` assembles whatever the sections hold.
    let (total, blockers) = (blockers.len(), cap_findings(blockers));
    if total > 0 {
        anstream::eprint!("{}", output::blocker_lines(&blockers));
        if !args.draft {
            anstream::eprintln!(
                "rapporteur: build refused: {}; nothing was written\n  \
                 help: fix them, or acknowledge a finding that is meant with `<!-- rapporteur-allow CODE: reason -->` above its paragraph; `build --draft` assembles a draft for circulation that lists them",
                output::blockers_count(total),
            );
            return Ok(Outcome::Failed);
        }
        anstream::eprintln!(
            "rapporteur: building a draft despite {}: the document lists them as open points",
            output::blockers_count(total),
        );
    }
    let bytes = match rendered? {
        Some(bytes) => bytes,
        None => {
            // The open points are the document's language's (and the whole edition's).
            let open = if args.draft {
                Some((
                    cap_findings(release_blockers(
                        &edition,
                        &checked.diagnostics,
                        Some(&lang),
                    )),
                    draft_version(&root)?,
                ))
            } else {
                None
            };
            let parts = Parts {
                root: &root,
                templates_dir: &templates_dir,
                commit,
            };
            assemble(
                &edition,
                &lang,
                args.format,
                &parts,
                late,
                open.as_ref()
                    .map(|(points, version)| (points.as_slice(), version)),
            )?
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
    std::mem::forget((edition, checked, blockers, bytes));
    Ok(Outcome::Clean)
}

/// Where a document comes from besides the edition: the repository, its templates, and
/// the commit a Word file records.
struct Parts<'a> {
    root: &'a Path,
    templates_dir: &'a Path,
    commit: Option<&'a str>,
}

/// The document in `format`. `started`: its template, compiling already (else it is
/// compiled here); `open`: for a draft, the release blockers and which text it is (the
/// document is then marked as a draft and lists them).
fn assemble(
    edition: &Edition,
    lang: &str,
    format: Format,
    parts: &Parts<'_>,
    started: Option<templates::Started>,
    open: Option<(&[Diagnostic], &DraftVersion)>,
) -> Result<Vec<u8>> {
    let templates_dir = parts.templates_dir;
    let mut model = report_model(edition, lang)?;
    if let Some((open, version)) = open {
        model.mark_draft(edition, open, version);
        // Reviewers' comments still open are open points too.
        model
            .open_points
            .extend(rapporteur::review::open_points(parts.root, edition, &model));
    }
    Ok(match format {
        Format::Pdf => typeset(edition, parts.root, templates_dir, &model)?,
        Format::Docx => docx::write_docx(templates_dir, &model, parts.commit)?,
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

/// Which text a draft is: HEAD's commit, whether drafts/, schemas/ or templates/ differ
/// from it, and its day (`SOURCE_DATE_EPOCH`'s, else the commit's when nothing differs,
/// else today). Outside git, no commit.
fn draft_version(root: &Path) -> Result<DraftVersion> {
    use rapporteur::cycle::next::{RELEASED_FOLDERS, short};
    let source = rapporteur::lang::source_date()?;
    let Ok(repo) = rapporteur::cycle::repo::Repo::open(root) else {
        return Ok(DraftVersion {
            commit: None,
            uncommitted: true,
            date: source.unwrap_or_else(rapporteur::lang::today),
        });
    };
    let Ok(head) = repo.head() else {
        return Ok(DraftVersion {
            commit: None,
            uncommitted: true,
            date: source.unwrap_or_else(rapporteur::lang::today),
        });
    };
    let uncommitted = !repo.uncommitted(RELEASED_FOLDERS)?.is_empty();
    let date = match source {
        Some(date) => date,
        None if uncommitted => rapporteur::lang::today(),
        None => {
            // The commit's own day, in the time zone it was made in.
            let seconds = repo.git().find_commit(head).map_or(0, |c| {
                c.time().seconds() + i64::from(c.time().offset_minutes()) * 60
            });
            rapporteur::lang::civil_date(seconds.div_euclid(86_400))
        }
    };
    Ok(DraftVersion {
        commit: Some(short(head)),
        uncommitted,
        date,
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
