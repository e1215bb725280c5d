//! `rapporteur diff`.

use std::path::Path;
use std::sync::Arc;

use clap::ValueEnum;

use rapporteur::diff::since::diff_since_signoff;
use rapporteur::diff::source::{load_previous, load_side, load_work_tree};
use rapporteur::diff::{EditionDiff, Options, diff_editions, render};
use rapporteur::load::yaml::yaml_spans;
use rapporteur::load::{REPORT_FILE, SharedBlobs, WorkTree, check_lang_arg, find_root, load_meta};
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
    /// Compare each signed-off section (or only these domains) with the text its
    /// reviewer approved (drafts/signoffs.yaml), instead of two editions.
    #[arg(long, value_name = "DOMAIN", num_args = 0.., conflicts_with_all = ["old", "new", "domain"])]
    since_signoff: Option<Vec<String>>,
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
    if let Some(lang) = &args.lang {
        check_lang_arg(lang)?;
    }
    if let Some(domains) = &args.since_signoff {
        let current = load_work_tree(&root)?;
        let options = Options {
            domain: None,
            lang: args.lang.clone(),
        };
        let diff = diff_since_signoff(&root, &current.edition, domains, &options)?;
        return print(&diff, &args);
    }
    // The old side, and where drafts/report.yaml names it when it comes from there.
    let (old_spec, previous_at) = match &args.old {
        Some(spec) => (spec.clone(), None),
        None => {
            let meta = load_meta(&WorkTree::new(&root))?;
            let previous = meta.value.previous.clone().ok_or_else(|| {
                Error::Usage(
                    "no OLD edition given, and drafts/report.yaml names no `previous:` edition (the first edition in this repository has none)\n  help: run `rapporteur diff <tag>`; `rapporteur edition next` sets `previous:` when it starts the next edition".into(),
                )
            })?;
            let offset = yaml_spans(&meta.file.text)
                .get("/previous")
                .map_or(0, |s| s.value.start);
            let (line, column) = meta.file.line_col(offset);
            (previous, Some(format!("{REPORT_FILE}:{line}:{column}")))
        }
    };
    // The two sides load in parallel: loading is most of a diff's time.
    // The files both revisions hold unchanged (most of them) are inflated once.
    let shared = Arc::new(SharedBlobs::default());
    let (old, new) = std::thread::scope(|scope| {
        let for_old = Arc::clone(&shared);
        let old = scope.spawn(|| match previous_at {
            // Named by drafts/report.yaml: confined to the repository.
            Some(_) => load_previous(&root, &old_spec, Some(for_old)),
            None => load_side(&root, cwd, &old_spec, Some(for_old)),
        });
        let new = match &args.new {
            Some(spec) => load_side(&root, cwd, spec, Some(shared)),
            None => load_work_tree(&root),
        };
        let old = old
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (old, new)
    });
    // An unknown `previous:` is a mistake in drafts/report.yaml: say where.
    let old = old.map_err(|e| match (e, &previous_at) {
        (Error::Git(message), Some(location)) => Error::Invalid {
            location: location.clone(),
            message: format!(
                "`previous: {old_spec}` names no revision of this repository ({})",
                message.lines().next().unwrap_or_default()
            ),
            help: "set `previous:` to the tag of the previous edition (`git tag` lists the tags), or give OLD: `rapporteur diff <tag>`".into(),
        },
        (e, _) => e,
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
        let near = args.domain.as_deref().and_then(|slug| {
            let slugs = new
                .edition
                .catalog
                .domains
                .domains
                .iter()
                .chain(&old.edition.catalog.domains.domains)
                .map(|d| d.slug.as_str());
            rapporteur::check::rules::closest(slug, slugs)
        });
        let help = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => "domains are slugs from schemas/domains.yaml; languages are listed in drafts/report.yaml".to_string(),
        };
        return Err(Error::Usage(format!(
            "neither edition has {asked}\n  help: {help}"
        )));
    }
    let outcome = print(&diff, &args);
    // The process ends here: freeing two editions and their diff piece by piece would be
    // a twentieth of the run, for memory the system takes back at once.
    std::mem::forget((old, new, diff));
    outcome
}

/// Prints the diff in the format asked for.
fn print(diff: &EditionDiff, args: &Args) -> Result<Outcome> {
    let text = match args.format {
        Format::Term => render::term::render(diff, super::stdout_color(), 80),
        Format::Md => render::md::render(diff),
        Format::Html => render::html::render(diff),
        Format::Json => {
            // Written as it is serialized: no second copy of a large diff in memory.
            use std::io::Write;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            serde_json::to_writer_pretty(&mut out, diff)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
                .and_then(|()| out.flush())
                .map_err(|e| Error::io("<stdout>", e))?;
            String::new()
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
    if diff.stats.coarse {
        anstream::eprintln!(
            "rapporteur: note: the editions differ too much to be compared in full within the diff's bounds; some changes are shown as whole paragraphs removed and added"
        );
    }
    let outcome = if args.exit_code && diff.has_changes() {
        Outcome::Failed
    } else {
        Outcome::Clean
    };
    Ok(outcome)
}
