//! `rapporteur check`.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use rapporteur::check::fix::fix_edition;
use rapporteur::check::gate::{finding_lang, in_lang};
use rapporteur::check::identity;
use rapporteur::check::{Diagnostic, Severity, check_edition_cached, check_rule_settings};
use rapporteur::load::file::{Refusal, resolve_inside};
use rapporteur::load::{
    Edition, GitTree, Tree, WorkTree, check_lang_arg, check_lang_of, find_root, load_edition,
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
    /// the work tree: for pre-commit hooks. The whole staged edition is checked; every
    /// finding the commit adds compared with HEAD is shown (warnings and notes too, even
    /// with `--quiet`), the others counted; only errors of the languages committed block.
    #[arg(long, conflicts_with = "fix")]
    staged: bool,
    /// Apply the safe fixes (terminology variants, typography, cut paragraphs) to the
    /// files, atomically, then report what remains.
    #[arg(long)]
    fix: bool,
    /// Report only the findings absent at this git revision (a tag, branch or commit),
    /// in every format: what a pull request adds, for its annotations. A finding is the
    /// same when its rule, file and paragraph text are; exit 1 only for a new error.
    #[arg(long, value_name = "REV", conflicts_with = "fix")]
    new_since: Option<String>,
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
    // Its blobs are shared with HEAD's tree, should that be read too (see `compare`).
    let index = if args.staged {
        let shared = std::sync::Arc::new(rapporteur::load::SharedBlobs::default());
        Some(GitTree::index(&root)?.sharing(shared))
    } else {
        None
    };
    let work = WorkTree::new(&root);
    let tree: &dyn Tree = match &index {
        Some(index) => index,
        None => &work,
    };
    let wanted: Vec<String> = args
        .paths
        .iter()
        .map(|p| wanted_path(&root, cwd, p, tree))
        .collect::<Result<_>>()?;
    let selected = |d: &Diagnostic| {
        // A finding belongs to its file's language, or to all (`check::gate`).
        let in_lang = args.lang.as_ref().is_none_or(|lang| in_lang(&d.path, lang));
        let in_paths = wanted.is_empty()
            || wanted
                .iter()
                .any(|w| d.path == *w || d.path.starts_with(&format!("{w}/")));
        in_lang && in_paths
    };

    let mut left_alone = Vec::new();
    let (edition, all, allowed) = if args.fix {
        let outcome = fix_edition(&root, selected)?;
        left_alone = outcome.left_alone;
        if outcome.fixes > 0 {
            anstream::eprint!("{}", fix_report(&outcome.files, outcome.fixes));
        }
        (outcome.edition, outcome.diagnostics, outcome.allowed)
    } else {
        let edition = load_edition(tree)?;
        check_rule_settings(&edition.meta)?;
        // Section files unchanged since the last run are not checked again.
        let checked = check_edition_cached(&edition, tree.parse_cache().as_ref());
        let allowed = checked.allowed.len();
        (edition, checked.diagnostics, allowed)
    };
    if let Some(lang) = &args.lang {
        check_lang_of(&edition.meta.value, lang)?;
    }
    // What is new compared with a revision: HEAD for the hook, REV for `--new-since`.
    let compared = if args.staged || args.new_since.is_some() {
        Some(compare(&root, &args, index.as_ref(), &edition, &all)?)
    } else {
        None
    };
    let new_at = |i: usize| compared.as_ref().is_none_or(|c| c.new[i]);
    // The selection, each finding with whether it is new.
    let (diagnostics, new): (Vec<Diagnostic>, Vec<bool>) = all
        .into_iter()
        .enumerate()
        .filter(|(_, d)| selected(d))
        .map(|(i, d)| (d, new_at(i)))
        .unzip();
    let files_checked = edition.sections.len() + edition.unreadable.len();
    // The hook blocks on errors of the languages the commit holds (and of the whole
    // edition); `--new-since` on new errors; a plain check on every error.
    let blocking = |d: &Diagnostic, is_new: bool| {
        d.severity == Severity::Error
            && match &compared {
                Some(c) if args.staged => c.committed.blocks(&d.path),
                Some(_) => is_new,
                None => true,
            }
    };
    let failed = diagnostics
        .iter()
        .zip(&new)
        .any(|(d, &is_new)| blocking(d, is_new));
    let summary = output::summary_line(&diagnostics, files_checked, allowed);
    match (args.format, &compared) {
        (Format::Human, Some(compared)) => {
            let files = edition.files_by_path();
            let color = super::stdout_color();
            let (mut added, mut before): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
                (Vec::new(), Vec::new());
            for (d, &is_new) in diagnostics.iter().zip(&new) {
                if is_new {
                    added.push(d)
                } else {
                    before.push(d)
                }
            }
            let added: Vec<Diagnostic> = {
                let mut list: Vec<Diagnostic> = added.into_iter().cloned().collect();
                list.sort_by_key(|d| d.severity == Severity::Info);
                list
            };
            let (what, since) = if args.staged && args.new_since.is_none() {
                ("this commit adds", "before this commit".to_string())
            } else {
                ("new since", format!("at {}", compared.revision))
            };
            let mut text = String::new();
            if !added.is_empty() {
                let heading = if args.staged && args.new_since.is_none() {
                    format!("what this commit adds: {}", output::counts(&added))
                } else {
                    format!("{what} {}: {}", compared.revision, output::counts(&added))
                };
                text.push_str(&heading);
                text.push_str("\n\n");
                text.push_str(&output::human(&added, &files, color));
            }
            let old: Vec<Diagnostic> = before.iter().map(|d| (*d).clone()).collect();
            let old_blocking: Vec<Diagnostic> =
                old.iter().filter(|d| blocking(d, false)).cloned().collect();
            if !old_blocking.is_empty() {
                text.push_str(&format!(
                    "already there {since}, and still blocking: {}\n\n",
                    output::counts(&old_blocking)
                ));
                text.push_str(&output::human(&old_blocking, &files, color));
            }
            text.push_str(&format!(
                "already there {since}: {}\n",
                output::counts(&old)
            ));
            text.push_str(&summary);
            if args.staged {
                text.push_str(" (as staged in the git index)");
            }
            let fixable = added.iter().filter(|d| d.fix.is_some()).count();
            if fixable > 0 {
                let which = match (fixable, added.len()) {
                    (1, 1) => "the new finding".to_string(),
                    (n, total) if n == total => format!("all {total} new findings"),
                    (n, total) => format!("{n} of the {total} new findings"),
                };
                text.push_str(&format!("\n`rapporteur check --fix` would fix {which}"));
            }
            anstream::println!("{text}");
        }
        (format, _) => {
            // `--new-since`: only the new findings, in every format.
            let mut diagnostics: Vec<Diagnostic> = if args.new_since.is_some() {
                diagnostics
                    .iter()
                    .zip(&new)
                    .filter(|(_, is_new)| **is_new)
                    .map(|(d, _)| d.clone())
                    .collect()
            } else {
                diagnostics
            };
            if args.quiet {
                diagnostics.retain(|d| d.severity == Severity::Error);
            }
            match format {
                Format::Human => {
                    // Notes after the findings a drafter must act on.
                    diagnostics.sort_by_key(|d| d.severity == Severity::Info);
                    let files = edition.files_by_path();
                    let mut text = output::human(&diagnostics, &files, super::stdout_color());
                    text.push_str(&summary);
                    anstream::println!("{text}");
                }
                Format::Json | Format::Sarif => {
                    use std::io::Write;
                    let stdout = std::io::stdout();
                    let mut out = std::io::BufWriter::new(stdout.lock());
                    match format {
                        Format::Json => output::write_json(&mut out, &diagnostics),
                        _ => output::write_sarif(&mut out, &diagnostics),
                    }
                    .and_then(|()| out.flush())
                    .map_err(|e| Error::io("<stdout>", e))?;
                }
                Format::Github => anstream::print!("{}", output::github(&diagnostics)),
            }
            std::mem::forget(diagnostics);
        }
    }
    // The process ends here: freeing the edition's thousands of strings one by one would
    // cost a tenth of a check (as `diff` does, the OS takes the memory back at once).
    std::mem::forget(edition);
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

/// The findings compared with a revision.
struct Compared {
    /// The revision, as given.
    revision: String,
    /// For each finding (in order), whether it is absent at the revision.
    new: Vec<bool>,
    /// For `--staged`: the languages the commit holds.
    committed: Committed,
}

/// The languages a commit holds: those of the section files it changes, or all of them
/// when it changes a file of the whole edition (drafts/report.yaml, the catalog).
#[derive(Debug, Default)]
struct Committed {
    all: bool,
    langs: std::collections::BTreeSet<String>,
}

impl Committed {
    /// Whether an error in `path` blocks the commit.
    fn blocks(&self, path: &str) -> bool {
        match finding_lang(path) {
            None => true,
            Some(lang) => self.all || self.langs.contains(lang),
        }
    }
}

/// Compares the findings with those of a revision: `--new-since REV`, else HEAD (the
/// hook). The identities of a git tree's findings are cached by its files' ids: the
/// hook stores the index's, which are HEAD's once committed.
fn compare(
    root: &Path,
    args: &Args,
    index: Option<&GitTree>,
    edition: &Edition,
    all: &[Diagnostic],
) -> Result<Compared> {
    let revision = args.new_since.clone().unwrap_or_else(|| "HEAD".to_string());
    let cache = match index {
        Some(index) => Tree::parse_cache(index),
        None => WorkTree::new(root).parse_cache(),
    };
    let Some(index) = index else {
        // `--new-since REV` on the work tree.
        let base_tree = GitTree::revision(root, &revision)?;
        let ids = base_tree.file_ids(identity::EDITION_FOLDERS)?;
        let base = readable_base(
            &revision,
            identity::identities_of(&ids, cache.as_ref(), || Ok(base_tree)),
        );
        let current = identity::identities(edition, all);
        return Ok(Compared {
            revision,
            new: identity::new_findings(&current, &base),
            committed: Committed::default(),
        });
    };
    let staged = index.file_ids(identity::EDITION_FOLDERS)?;
    let base_ids = index.file_ids_at(&revision, identity::EDITION_FOLDERS)?;
    let (base, committed) = match base_ids {
        // A repository without a commit yet: everything staged is new.
        None if args.new_since.is_none() => (
            Vec::new(),
            Committed {
                all: true,
                ..Committed::default()
            },
        ),
        None => {
            // An unknown revision: the error that names it, with what to do.
            GitTree::revision(root, &revision)?;
            return Err(Error::Git(format!("unknown revision `{revision}`")));
        }
        Some(ids) => {
            let committed = committed_langs(&ids, &staged);
            if ids == staged && args.new_since.is_none() {
                // Nothing of the edition staged: nothing new, no HEAD to check.
                return Ok(Compared {
                    revision,
                    new: vec![false; all.len()],
                    committed,
                });
            }
            let base = readable_base(
                &revision,
                identity::identities_of(&ids, cache.as_ref(), || index.sibling_sharing(&revision)),
            );
            (base, committed)
        }
    };
    let current = identity::identities(edition, all);
    // Kept for the next commit's hook, when this index has become HEAD.
    if let Some(cache) = &cache {
        identity::store(cache, &identity::key_of(&staged), &current);
    }
    Ok(Compared {
        revision,
        new: identity::new_findings(&current, &base),
        committed,
    })
}

/// The identities of the revision compared with, or none when its edition cannot be
/// read (the commit that adds the edition, or one that mends HEAD's broken
/// drafts/report.yaml): then every finding is new, and a note says why.
fn readable_base(revision: &str, base: Result<Vec<identity::Identity>>) -> Vec<identity::Identity> {
    base.unwrap_or_else(|e| {
        let why = e.to_string();
        anstream::eprintln!(
            "note: the edition at {revision} cannot be read ({}): every finding is shown as new",
            why.lines().next().unwrap_or_default()
        );
        Vec::new()
    })
}

/// The languages of the files that differ between two lists of ids.
fn committed_langs(before: &[(String, git2::Oid)], after: &[(String, git2::Oid)]) -> Committed {
    let before: std::collections::HashMap<&str, git2::Oid> =
        before.iter().map(|(p, o)| (p.as_str(), *o)).collect();
    let after_map: std::collections::HashMap<&str, git2::Oid> =
        after.iter().map(|(p, o)| (p.as_str(), *o)).collect();
    let mut committed = Committed::default();
    let changed = after
        .iter()
        .filter(|(p, o)| before.get(p.as_str()) != Some(o))
        .map(|(p, _)| p.as_str())
        .chain(
            before
                .keys()
                .copied()
                .filter(|p| !after_map.contains_key(p)),
        );
    for path in changed {
        match finding_lang(path) {
            Some(lang) => {
                committed.langs.insert(lang.to_string());
            }
            None => committed.all = true,
        }
    }
    committed
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
    match resolve_inside(root, Path::new(&rel)) {
        Err(Refusal::Missing) if tree.read(&rel).ok().flatten().is_none() => {
            Err(refuse("no such file or folder".into()))
        }
        // A section file that cannot be read (a link out of the repository, a FIFO) is
        // named by its place in the repository: loading makes it a finding (S001).
        _ => Ok(rel),
    }
}
