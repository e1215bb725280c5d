//! `rapporteur check`.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use rapporteur::check::fix::fix_edition;
use rapporteur::check::{
    Diagnostic, Severity, cap_findings, check_edition_cached, check_rule_settings,
};
use rapporteur::load::file::{Refusal, resolve_inside};
use rapporteur::load::{
    GitTree, Tree, WorkTree, check_lang_arg, check_lang_of, find_root, load_edition,
};
use rapporteur::{Error, Result};

use super::{Outcome, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Section files to report on (default: the whole edition). The edition is always
    /// loaded whole, so rules that look across files still see everything.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Only this language.
    #[arg(long)]
    lang: Option<String>,
    /// Check the files as the git index holds them (what `git commit` would record), not
    /// the work tree: for pre-commit hooks. The whole staged edition is checked.
    #[arg(long, conflicts_with = "fix")]
    staged: bool,
    /// Apply the safe fixes (terminology variants, typography, cut paragraphs) to the
    /// files, atomically, then report what remains.
    #[arg(long)]
    fix: bool,
    /// Print only error-level findings (and, in the human format, the summary line,
    /// which still counts everything): for hooks.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Source lines with the problem underlined, and a help line.
    Human,
    /// `{"diagnostics": [...]}`.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`), annotating a pull request.
    Github,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    if args.fix {
        super::interrupt::install();
    }
    let root = find_root(cwd)?;
    if let Some(lang) = &args.lang {
        check_lang_arg(lang)?;
    }
    // --staged: the index, so that a hook judges what the commit would contain.
    let tree: Box<dyn Tree> = if args.staged {
        Box::new(GitTree::index(&root)?)
    } else {
        Box::new(WorkTree::new(&root))
    };
    let wanted: Vec<String> = args
        .paths
        .iter()
        .map(|p| wanted_path(&root, cwd, p, tree.as_ref()))
        .collect::<Result<_>>()?;
    let lang_prefix = args.lang.as_ref().map(|lang| format!("drafts/{lang}/"));
    let selected = |d: &Diagnostic| {
        let in_lang = lang_prefix.as_ref().is_none_or(|prefix| {
            !d.path.starts_with("drafts/")
                || d.path.starts_with(prefix)
                || d.path == "drafts/report.yaml"
        });
        let in_paths = wanted.is_empty()
            || wanted
                .iter()
                .any(|w| d.path == *w || d.path.starts_with(&format!("{w}/")));
        in_lang && in_paths
    };

    let mut left_alone = Vec::new();
    let (edition, mut diagnostics) = if args.fix {
        let outcome = fix_edition(&root, selected)?;
        left_alone = outcome.left_alone;
        if outcome.fixes > 0 {
            anstream::eprint!("{}", fix_report(&outcome.files, outcome.fixes));
        }
        (outcome.edition, outcome.diagnostics)
    } else {
        let edition = load_edition(tree.as_ref())?;
        check_rule_settings(&edition.meta)?;
        // Section files unchanged since the last run are not checked again.
        let diagnostics = check_edition_cached(&edition, tree.parse_cache().as_ref());
        (edition, diagnostics)
    };
    if let Some(lang) = &args.lang {
        check_lang_of(&edition.meta.value, lang)?;
    }
    diagnostics.retain(|d| selected(d));

    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let summary = output::summary_line(
        &diagnostics,
        edition.sections.len() + edition.unreadable.len(),
    );
    // The summary counts every finding; what is shown is bounded, in every format.
    let mut diagnostics = cap_findings(diagnostics);
    if args.quiet {
        diagnostics.retain(|d| d.severity == Severity::Error);
    }
    match args.format {
        Format::Human => {
            // Notes after the findings a drafter must act on.
            diagnostics.sort_by_key(|d| d.severity == Severity::Info);
            let files = edition.files_by_path();
            let mut text = output::human(&diagnostics, &files, super::stdout_color());
            text.push_str(&summary);
            if args.staged {
                text.push_str(" (as staged in the git index)");
            }
            anstream::println!("{text}");
        }
        Format::Json | Format::Sarif => {
            use std::io::Write;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            match args.format {
                Format::Json => output::write_json(&mut out, &diagnostics),
                _ => output::write_sarif(&mut out, &diagnostics),
            }
            .and_then(|()| out.flush())
            .map_err(|e| Error::io("<stdout>", e))?;
        }
        Format::Github => anstream::print!("{}", output::github(&diagnostics)),
    }
    // The process ends here: freeing the edition's thousands of strings one by one would
    // cost a tenth of a check (as `diff` does, the OS takes the memory back at once).
    std::mem::forget((edition, diagnostics));
    // A file saved while the fixes were made keeps its new text: say so, exit 2.
    if let Some((first, rest)) = left_alone.split_first() {
        for path in rest {
            anstream::eprintln!(
                "rapporteur: error: {}",
                Error::Changed { path: path.into() }
            );
        }
        return Err(Error::Changed { path: first.into() });
    }
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// What `--fix` did, for stderr: each file with its fixes, then the total.
fn fix_report(files: &std::collections::BTreeMap<String, usize>, fixes: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut text = String::new();
    for (path, n) in files {
        text.push_str(&format!("{path}: {} applied\n", plural(*n, "fix", "fixes")));
    }
    text.push_str(&format!(
        "fixed {} in {}\n",
        plural(fixes, "finding", "findings"),
        plural(files.len(), "file", "files")
    ));
    text
}

/// Whether `rel` (relative to the root) names what `check` reports on: a section file
/// (`drafts/<lang>/*.md`), the edition's YAML files, or a folder holding them. Anything
/// else (README.md, a template, `x.markdown`) would give "0 errors" for a file never
/// checked.
fn checked_path(rel: &str) -> std::result::Result<(), String> {
    let parts: Vec<&str> = if rel.is_empty() {
        Vec::new()
    } else {
        rel.split('/').collect()
    };
    let ok = match parts.as_slice() {
        [] | ["drafts"] | ["schemas"] => true,
        ["drafts", "report.yaml" | "signoffs.yaml"] => true,
        ["drafts", lang] => rapporteur::load::file::is_language_tag(lang),
        ["drafts", lang, name] => {
            rapporteur::load::file::is_language_tag(lang) && name.ends_with(".md")
        }
        [
            "schemas",
            "domains.yaml" | "proposals.yaml" | "terminology.yaml",
        ] => true,
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let why = match parts.as_slice() {
        ["drafts", _, name] if !name.ends_with(".md") => format!(
            "`{rel}` is not a section file: section files end in `.md`, and rapporteur reads no other"
        ),
        _ => format!(
            "`{rel}` is not a file rapporteur checks: only section files (drafts/<lang>/NN-slug.md), drafts/report.yaml, drafts/signoffs.yaml and the catalog (schemas/*.yaml)"
        ),
    };
    Err(rapporteur::escape::one_line(&why, 300).into_owned())
}

/// `path` with `.` and `..` worked out by name, for a path that does not exist (and so
/// cannot be resolved): `drafts/../../x` is outside whatever the folders are.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path given on the command line, as diagnostics name it: relative to the
/// repository root, `/`-separated. It must be inside the repository and exist (in the
/// index, for `--staged`): a typo must not read as "0 errors".
fn wanted_path(root: &Path, cwd: &Path, path: &Path, tree: &dyn Tree) -> Result<String> {
    let given = cwd.join(path);
    let refuse = |message: String| Error::Invalid {
        location: path.display().to_string(),
        message,
        help: "give section files or folders of this repository, e.g. drafts/fr/03-resilience.md"
            .into(),
    };
    // The folder is resolved (links included), the last part kept as named: a section
    // file that is a link is reported under its own name.
    let absolute = match (given.parent(), given.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map(|p| p.join(name))
            .unwrap_or_else(|_| lexically_normal(&given)),
        _ => given
            .canonicalize()
            .unwrap_or_else(|_| lexically_normal(&given)),
    };
    let Ok(rel) = absolute.strip_prefix(root) else {
        return Err(refuse(format!(
            "not inside the repository ({}); rapporteur checks only its own files",
            root.display()
        )));
    };
    let rel = rel
        .to_string_lossy()
        .replace('\\', "/")
        .trim_end_matches('/')
        .to_string();
    if let Err(why) = checked_path(&rel) {
        return Err(refuse(why));
    }
    match resolve_inside(root, Path::new(&rel)) {
        Err(Refusal::Missing) if tree.read(&rel).ok().flatten().is_none() => {
            Err(refuse("no such file or folder".into()))
        }
        // A section file that cannot be read (a link out of the repository, a FIFO) is
        // named by its place in the repository: loading makes it a finding (S001).
        _ => Ok(rel),
    }
}
