//! `rapporteur xliff export|import`: a translation language's work handed to CAT tools
//! as XLIFF, and the translations taken back.

use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};

use rapporteur::check::{Severity, check_edition};
use rapporteur::load::file::read_regular;
use rapporteur::load::{MAX_FILE_BYTES, WorkTree, find_root, load_edition};
use rapporteur::translate::accept::write_updates;
use rapporteur::translate::{one_language, track_edition};
use rapporteur::write::write_atomic;
use rapporteur::xliff::Version;
use rapporteur::xliff::export::{Options, export};
use rapporteur::xliff::import::plan_import;
use rapporteur::{Error, Result};

use super::{Outcome, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write one translation language's sections as XLIFF: one file per section, one
    /// unit per source paragraph, the current translation as its target.
    Export {
        /// The translation language (may be left out when there is only one).
        #[arg(long)]
        lang: Option<String>,
        /// `outdated`: only the paragraphs whose translation is behind the source.
        #[arg(long, value_enum)]
        only: Option<Only>,
        /// XLIFF version.
        #[arg(long = "xliff-version", value_enum, default_value_t = XliffVersion::V2_0)]
        version: XliffVersion,
        /// Write to this file (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Take back the confirmed translations (state translated, reviewed or final) of an
    /// exported file; refuses a stale file. Then checks the files written.
    Import {
        /// The XLIFF file, as the CAT tool saved it.
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Only {
    /// Paragraphs edited or added in the source since their translation.
    Outdated,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum XliffVersion {
    /// XLIFF 2.0 (read by Trados Studio, memoQ, Crowdin, Weblate, OmegaT with Okapi).
    #[value(name = "2.0")]
    V2_0,
    /// XLIFF 1.2, for tools that read only that.
    #[value(name = "1.2")]
    V1_2,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let root = find_root(cwd)?;
    let edition = load_edition(&WorkTree::new(&root))?;
    match args.command {
        Command::Export {
            lang,
            only,
            version,
            output,
        } => {
            let lang = one_language(&edition, lang.as_deref())?;
            let tracked = track_edition(&edition, &root, Some(&lang));
            let source = edition.meta.value.source.clone().unwrap_or_default();
            let options = Options {
                version: match version {
                    XliffVersion::V2_0 => Version::V2_0,
                    XliffVersion::V1_2 => Version::V1_2,
                },
                only_outdated: only.is_some(),
            };
            let exported = export(&source, &lang, edition.meta.value.number, &tracked, options)?;
            for why in &exported.skipped {
                anstream::eprintln!("warning: left out {why}");
            }
            if exported.files == 0 {
                if !edition.sections.iter().any(|s| s.lang == lang) {
                    return Err(Error::Usage(super::translate::no_sections(&lang)));
                }
                anstream::eprintln!(
                    "nothing to export: {}",
                    if options.only_outdated {
                        format!("every `{lang}` paragraph is up to date with `{source}`")
                    } else {
                        format!("no `{lang}` section with a translation record")
                    }
                );
                return Ok(Outcome::Clean);
            }
            match output {
                Some(path) => {
                    let path = cwd.join(path);
                    refuse_inputs(&root, &path)?;
                    write_atomic(&path, exported.xml.as_bytes())?;
                    anstream::eprintln!(
                        "wrote {}: XLIFF {}, {} file{}, {} unit{} ({} behind the source, {} not translated yet)",
                        path.display(),
                        options.version.as_str(),
                        exported.files,
                        if exported.files == 1 { "" } else { "s" },
                        exported.units,
                        if exported.units == 1 { "" } else { "s" },
                        exported.outdated,
                        exported.untranslated
                    );
                }
                None => anstream::print!("{}", exported.xml),
            }
            Ok(Outcome::Clean)
        }
        Command::Import { file } => {
            let path = cwd.join(&file);
            let shown = file.display().to_string();
            let xml = read_xliff(&path, &shown)?;
            let plan = plan_import(&edition, &root, &shown, &xml)?;
            write_updates(&root, &plan.updates)?;
            for u in &plan.updates {
                anstream::eprintln!("{}", u.summary);
            }
            for why in &plan.refused {
                anstream::eprintln!("refused {why}");
            }
            let mut summary = format!(
                "imported {} unit{} into `{}`; {} left as they were (not confirmed, or empty)",
                plan.taken,
                if plan.taken == 1 { "" } else { "s" },
                plan.lang,
                plan.left
            );
            if plan.copies > 0 {
                summary.push_str(&format!(
                    "; {} left untranslated: {} target is {} source, no translation",
                    plan.copies,
                    if plan.copies == 1 { "its" } else { "their" },
                    if plan.copies == 1 { "its" } else { "their" }
                ));
            }
            if !plan.refused.is_empty() {
                summary.push_str(&format!(
                    "; {} refused (above), nothing taken from {}",
                    plan.refused.len(),
                    if plan.refused.len() == 1 {
                        "it"
                    } else {
                        "them"
                    }
                ));
            }
            anstream::eprintln!("{summary}");
            // Then check what was written: every rule, on the files touched (what the
            // pre-commit hook will say of them), and what is still behind.
            let edition = load_edition(&WorkTree::new(&root))?;
            let touched: Vec<&str> = plan.updates.iter().map(|u| u.path.as_str()).collect();
            let mut diagnostics = check_edition(&edition);
            let behind = diagnostics
                .iter()
                .filter(|d| {
                    d.path.starts_with(&format!("drafts/{}/", plan.lang))
                        && matches!(d.code, "F001" | "F002" | "F003")
                })
                .count();
            diagnostics.retain(|d| {
                touched.contains(&d.path.as_str()) && !matches!(d.code, "F001" | "F002" | "F003")
            });
            let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
            if !diagnostics.is_empty() {
                let files = edition.files_by_path();
                let text = output::human(&diagnostics, &files, super::stdout_color());
                anstream::println!("{text}");
            }
            anstream::println!(
                "checked {} file{} written: {}; {} paragraph{} of `{}` still behind the source",
                touched.len(),
                if touched.len() == 1 { "" } else { "s" },
                if diagnostics.is_empty() {
                    "no findings".to_string()
                } else {
                    output::counts(&diagnostics)
                },
                behind,
                if behind == 1 { "" } else { "s" },
                plan.lang
            );
            Ok(if failed || !plan.refused.is_empty() {
                Outcome::Failed
            } else {
                Outcome::Clean
            })
        }
    }
}

/// Reads the XLIFF file: a regular file, bounded, UTF-8 (`plan_import` parses it).
fn read_xliff(path: &Path, shown: &str) -> Result<String> {
    // A regular file, read with a bound: a FIFO or a device is refused, not waited on.
    let bytes = read_regular(path, MAX_FILE_BYTES).map_err(|refusal| {
        Error::Usage(format!(
            "{shown}: {refusal}\n  help: give the XLIFF file `rapporteur xliff export` wrote, as the CAT tool saved it"
        ))
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::Usage(format!(
            "{shown}: not UTF-8 (invalid byte at {}): save the XLIFF file as UTF-8 in the CAT tool",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(text)
}

/// `-o` never overwrites the edition's own files or git's.
fn refuse_inputs(root: &Path, path: &Path) -> Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = parent.canonicalize().map_err(|e| Error::io(parent, e))?;
    let full = dir.join(path.file_name().unwrap_or_default());
    for inside in ["drafts", "schemas", "templates", ".git"] {
        if full.starts_with(root.join(inside)) {
            return Err(Error::Usage(format!(
                "{}: -o would write into {inside}/, which holds the edition's own files\n  help: write the XLIFF file elsewhere (e.g. `-o fr.xlf`)",
                path.display()
            )));
        }
    }
    Ok(())
}
