//! `rapporteur status`.

use std::path::Path;

use clap::ValueEnum;

use std::collections::HashSet;

use rapporteur::check::check_edition;
use rapporteur::cycle::repo::Repo;
use rapporteur::diff::source::load_previous;
use rapporteur::diff::status::{StatusLine, StatusReport, Totals, edition_status, last_changes};
use rapporteur::diff::{Options, diff_editions};
use rapporteur::lang::Labels;
use rapporteur::load::{WorkTree, find_root, load_edition};
use rapporteur::{Error, Result};

use super::Outcome;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Only this language.
    #[arg(long)]
    lang: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Set sections' `status:` in place (every other byte of the files kept): `status set
    /// final --all` once the edition is agreed. The release gate needs every section
    /// `final`.
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
struct SetArgs {
    /// The status to set.
    #[arg(value_enum)]
    status: StatusValue,
    /// The sections, by domain (`resilience space`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    domains: Vec<String>,
    /// Every section.
    #[arg(long)]
    all: bool,
    /// Only this language (default: every language of the edition).
    #[arg(long)]
    lang: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StatusValue {
    Draft,
    Review,
    Final,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// One line per section.
    Human,
    /// `{"previous", "sections": [...]}`.
    Json,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    if let Some(Command::Set(set)) = args.command {
        return run_set(cwd, set);
    }
    let root = find_root(cwd)?;
    if let Some(lang) = &args.lang {
        rapporteur::load::check_lang_arg(lang)?;
    }
    let edition = load_edition(&WorkTree::new(&root))?;
    // A broken drafts/report.yaml stops status as it stops check (exit 2, its line).
    rapporteur::check::check_rule_settings(&edition.meta)?;
    if let Some(lang) = &args.lang {
        rapporteur::load::check_lang_of(&edition.meta.value, lang)?;
    }
    // The first edition in a repository has no previous one: no change column then.
    let (diff, previous, previous_missing) = match &edition.meta.value.previous {
        None => (None, None, None),
        Some(rev) => match load_previous(&root, rev, None) {
            Ok(old) => {
                let options = Options {
                    domain: None,
                    lang: args.lang.clone(),
                };
                let diff = diff_editions(
                    &old.edition,
                    &edition,
                    rev,
                    rapporteur::diff::source::WORK_TREE,
                    &options,
                );
                (Some(diff), Some(rev.clone()), None)
            }
            Err(e) => {
                // Where drafts/report.yaml names it, to fix it there.
                let offset = rapporteur::load::yaml::yaml_spans(&edition.meta.file.text)
                    .get("/previous")
                    .map_or(0, |s| s.value.start);
                let (line, column) = edition.meta.file.line_col(offset);
                (
                    None,
                    None,
                    Some(format!(
                        "previous edition `{rev}` cannot be read (drafts/report.yaml:{line}:{column}): {}",
                        first_line(&e)
                    )),
                )
            }
        },
    };
    let diagnostics = check_edition(&edition);
    let paths: Vec<String> = edition
        .sections
        .iter()
        .map(|s| s.file.path.clone())
        .collect();
    // Outside git (a copied folder), there is simply no last change to show.
    let changes = last_changes(&root, &paths).unwrap_or_default();
    let uncommitted: HashSet<String> = Repo::open(&root)
        .and_then(|repo| repo.uncommitted(&["drafts"]))
        .map(|list| list.into_iter().map(|u| u.path).collect())
        .unwrap_or_default();
    let mut sections = edition_status(
        &edition,
        diff.as_ref(),
        &diagnostics,
        &changes,
        &uncommitted,
    );
    if let Some(lang) = &args.lang {
        sections.retain(|s| &s.lang == lang);
    }
    for thread in rapporteur::review::open_threads(&root) {
        if let Some(line) = sections
            .iter_mut()
            .find(|s| s.lang == thread.lang && Some(&s.domain) == thread.thread.domain.as_ref())
        {
            line.open_comments += 1;
        }
    }
    let report = StatusReport {
        previous,
        previous_missing,
        totals: Totals::of(&sections),
        sections,
    };
    match args.format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&report)
                .map_err(|e| Error::Usage(format!("cannot serialize the status: {e}")))?;
            anstream::println!("{text}");
        }
        Format::Human => {
            // Numbers, shares and dates as the edition's language writes them (`0,6 %`,
            // `7 décembre 2026`), the same as in `diff`.
            let lang = args
                .lang
                .as_deref()
                .or(edition.meta.value.languages.first().map(String::as_str))
                .unwrap_or("en");
            anstream::print!("{}", human(&report, &Labels::of(lang)))
        }
    }
    Ok(Outcome::Clean)
}

/// `status set`.
fn run_set(cwd: &Path, args: SetArgs) -> Result<Outcome> {
    use rapporteur::cycle::status::{Which, set_status};
    use rapporteur::model::Status;
    super::interrupt::install();
    let root = find_root(cwd)?;
    if let Some(lang) = &args.lang {
        rapporteur::load::check_lang_arg(lang)?;
    }
    let edition = load_edition(&WorkTree::new(&root))?;
    if let Some(lang) = &args.lang {
        rapporteur::load::check_lang_of(&edition.meta.value, lang)?;
    }
    let status = match args.status {
        StatusValue::Draft => Status::Draft,
        StatusValue::Review => Status::Review,
        StatusValue::Final => Status::Final,
    };
    let which = if args.all {
        Which::All
    } else {
        Which::Domains(args.domains)
    };
    let langs: Vec<String> = args.lang.into_iter().collect();
    let changes = set_status(&root, &edition, status, &which, &langs)?;
    let mut out = String::new();
    for change in changes.iter().filter(|c| c.changed) {
        out.push_str(&format!(
            "{}: status {} → {}\n",
            change.path,
            change.was,
            status.as_str()
        ));
    }
    let changed = changes.iter().filter(|c| c.changed).count();
    let already = changes.len() - changed;
    out.push_str(&format!(
        "{changed} section file{} set to `status: {}`",
        if changed == 1 { "" } else { "s" },
        status.as_str()
    ));
    if already > 0 {
        out.push_str(&format!(" ({already} already were)"));
    }
    out.push('\n');
    anstream::print!("{out}");
    Ok(Outcome::Clean)
}

fn first_line(error: &Error) -> String {
    error
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

fn human(report: &StatusReport, labels: &Labels) -> String {
    let Some(first) = report.sections.first() else {
        return "no section files\n".to_string();
    };
    let multilingual = report.sections.iter().any(|s| s.lang != first.lang);
    let name = |s: &StatusLine| {
        if multilingual {
            format!("{}/{}", s.lang, s.domain)
        } else {
            s.domain.clone()
        }
    };
    // The change column only when there is a previous edition to compare with.
    let with_change = report.previous.is_some() || report.previous_missing.is_some();
    let signoff = |s: &StatusLine| match &s.signoff {
        None => "–".to_string(),
        Some(so) if so.changed => "changed since sign-off".to_string(),
        Some(so) => format!(
            "{} {}",
            rapporteur::escape::one_line(&labels.date(&so.date), 40),
            rapporteur::escape::one_line(&so.by, 60)
        ),
    };
    let width = report
        .sections
        .iter()
        .map(|s| name(s).chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let signoff_width = report
        .sections
        .iter()
        .map(|s| signoff(s).chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let row = |cells: [&str; 9]| {
        let [
            domain,
            status,
            words,
            changed,
            signed,
            proposals,
            findings,
            comments,
            last,
        ] = cells;
        let changed = if with_change {
            format!(" {changed:>7}")
        } else {
            String::new()
        };
        format!(
            "{domain:<width$} {status:<7} {words:>6}{changed} {signed:<signoff_width$} {proposals:>9} {findings:>8} {comments:>8}  {last}\n"
        )
    };
    let mut out = row([
        "domain",
        "status",
        "words",
        "changed",
        "sign-off",
        "proposals",
        "findings",
        "comments",
        "last change",
    ]);
    for s in &report.sections {
        let changed = match s.share_changed {
            None => "–".to_string(),
            Some(_) if s.new_domain => "new".to_string(),
            Some(share) => labels.percent(share),
        };
        let last = match (&s.last_change, s.uncommitted) {
            (_, true) | (None, _) => "uncommitted changes".to_string(),
            (Some(c), false) => format!("{} {}", labels.date(&c.date), c.author),
        };
        out.push_str(&row([
            &name(s),
            s.status.as_deref().unwrap_or("?"),
            &labels.number(s.words),
            &changed,
            &signoff(s),
            &s.proposals.len().to_string(),
            &s.findings.to_string(),
            &s.open_comments.to_string(),
            &last,
        ]));
    }
    out.push_str(&totals_line(&report.totals, labels));
    if let Some(why) = &report.previous_missing {
        out.push_str(&format!("note: no change figures (–): {why}\n"));
    }
    out
}

/// `21 sections, 7234 words: 19 final, 2 draft; 1 signed off, …`.
fn totals_line(t: &Totals, labels: &Labels) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        format!("{} {}", labels.number(n), if n == 1 { one } else { many })
    };
    let statuses: Vec<String> = t
        .statuses
        .iter()
        .map(|(status, n)| format!("{n} {status}"))
        .collect();
    let mut parts = vec![format!(
        "{}, {}: {}",
        plural(t.sections, "section", "sections"),
        plural(t.words, "word", "words"),
        statuses.join(", ")
    )];
    if t.signed_off + t.changed_since_signoff > 0 {
        parts.push(format!(
            "{} signed off, {} changed since sign-off",
            t.signed_off, t.changed_since_signoff
        ));
    }
    parts.push(format!(
        "{} in section files",
        plural(t.findings, "finding", "findings")
    ));
    if t.uncommitted > 0 {
        parts.push(format!(
            "{} with uncommitted changes",
            plural(t.uncommitted, "section", "sections")
        ));
    }
    format!("{}\n", parts.join("; "))
}
