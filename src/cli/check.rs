//! `rapporteur check`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use rapporteur::Result;
use rapporteur::check::fix::fix_edition;
use rapporteur::check::{Diagnostic, Severity, check_edition, check_rule_settings};
use rapporteur::load::{GitTree, Tree, WorkTree, find_root, load_edition};

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
    let root = find_root(cwd)?;
    // --staged: the index, so that a hook judges what the commit would contain.
    let tree: Box<dyn Tree> = if args.staged {
        Box::new(GitTree::index(&root)?)
    } else {
        Box::new(WorkTree::new(&root))
    };
    let wanted: Vec<String> = args
        .paths
        .iter()
        .map(|p| relative_to_root(&root, &cwd.join(p)))
        .collect();
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

    let (edition, mut diagnostics) = if args.fix {
        let outcome = fix_edition(&root, selected)?;
        if outcome.fixes > 0 {
            anstream::eprint!("{}", fix_report(&outcome.files, outcome.fixes));
        }
        (outcome.edition, outcome.diagnostics)
    } else {
        let edition = load_edition(tree.as_ref())?;
        check_rule_settings(&edition.meta)?;
        let diagnostics = check_edition(&edition);
        (edition, diagnostics)
    };
    diagnostics.retain(|d| selected(d));

    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    match args.format {
        Format::Human => {
            // Notes after the findings a drafter must act on.
            diagnostics.sort_by_key(|d| d.severity == Severity::Info);
            let files = output::files_of(&edition);
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut text = output::human(&diagnostics, &files, color);
            text.push_str(&output::summary_line(
                &diagnostics,
                edition.sections.len() + edition.unreadable.len(),
            ));
            if args.staged {
                text.push_str(" (as staged in the git index)");
            }
            anstream::println!("{text}");
        }
        Format::Json => anstream::print!("{}", output::json(&diagnostics)),
        Format::Sarif => anstream::print!("{}", output::sarif(&diagnostics)),
        Format::Github => anstream::print!("{}", output::github(&diagnostics)),
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

/// A path as diagnostics name it: relative to the repository root, `/`-separated.
fn relative_to_root(root: &Path, path: &Path) -> String {
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let rel = absolute.strip_prefix(root).unwrap_or(&absolute);
    rel.to_string_lossy()
        .replace('\\', "/")
        .trim_end_matches('/')
        .to_string()
}
