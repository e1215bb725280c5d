//! `rapporteur review import|list|resolve`.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use rapporteur::load::file::{Refusal, read_regular};
use rapporteur::load::{WorkTree, find_root};
use rapporteur::model::ThreadState;
use rapporteur::review::package::MAX_DOCX_BYTES;
use rapporteur::review::{load_reviews, plan_import, resolve_thread, write_import};
use rapporteur::{Error, Result, lang};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Take back a reviewer's Word file: tracked changes (and untracked edits, said so)
    /// into the section files, comments into drafts/reviews/. Nothing is committed.
    /// Exit 1 when some changes could not be applied (conflicts).
    Import {
        /// The Word file (.docx) built by `build --format docx`, as the reviewer saved it.
        file: PathBuf,
        /// Who reviewed it (a person, a delegation).
        #[arg(long, value_name = "NAME")]
        by: String,
    },
    /// List the review threads (comments) and their state.
    List {
        /// Only the open ones.
        #[arg(long)]
        open: bool,
    },
    /// Mark a review thread resolved.
    Resolve {
        /// The thread's id, as `review list` shows it (`2026-03-02-france/3`).
        id: String,
        /// What was done about it.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let root = find_root(cwd)?;
    match args.command {
        Command::Import { file, by } => import(&root, cwd, &file, &by),
        Command::List { open } => list(&root, open),
        Command::Resolve { id, note } => {
            let done = resolve_thread(&root, &id, note.as_deref(), &lang::today())?;
            if done.already {
                anstream::println!("{} was resolved already ({})", done.id, done.path);
            } else {
                anstream::println!("resolved {} ({})", done.id, done.path);
            }
            Ok(Outcome::Clean)
        }
    }
}

fn import(root: &Path, cwd: &Path, file: &Path, by: &str) -> Result<Outcome> {
    let by = by.trim();
    if by.is_empty() || by.chars().any(char::is_control) || by.chars().count() > 200 {
        return Err(Error::Usage(
            "`--by` must name the reviewer on one line (at most 200 characters)\n  help: `--by \"Délégation de la France\"`".into(),
        ));
    }
    super::interrupt::install();
    let path = cwd.join(file);
    let bytes = read_regular(&path, MAX_DOCX_BYTES).map_err(|refusal| match refusal {
        Refusal::TooLarge { size, limit } => Error::Usage(format!(
            "{}: {size} bytes, more than the {} MiB rapporteur reads from a Word file",
            file.display(),
            limit / (1024 * 1024)
        )),
        other => Error::Usage(format!("{}: cannot read it: {other}", file.display())),
    })?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let plan = plan_import(root, &name, bytes, by, &lang::today())?;
    let written = write_import(root, &plan)?;
    for d in &plan.domains {
        let untracked = if d.untracked > 0 {
            format!(" ({} without Track Changes)", d.untracked)
        } else {
            String::new()
        };
        anstream::println!(
            "{}: {} applied{untracked}, {} conflict{}, {} comment{}",
            d.domain,
            d.applied,
            d.conflicts,
            if d.conflicts == 1 { "" } else { "s" },
            d.comments,
            if d.comments == 1 { "" } else { "s" },
        );
    }
    for c in &plan.review.conflicts {
        let place = c.domain.as_deref().unwrap_or("(outside the sections)");
        anstream::println!(
            "\nconflict in {place}: {}",
            c.reason.as_deref().unwrap_or("not applied")
        );
        if let Some(built) = &c.built {
            anstream::println!("  built from: {built}");
        }
        if let Some(current) = &c.current {
            anstream::println!("  repository: {current}");
        }
        if c.proposed.is_empty() {
            anstream::println!("  proposed:   (delete the paragraph)");
        }
        for p in &c.proposed {
            anstream::println!("  proposed:   {p}");
        }
    }
    for note in &plan.notes {
        anstream::println!("note: {note}");
    }
    let untracked: usize = plan.domains.iter().map(|d| d.untracked).sum();
    if untracked > 0 {
        anstream::println!(
            "note: {untracked} change{} made without Track Changes, found by comparing with the text the file was built from",
            if untracked == 1 { " was" } else { "s were" }
        );
    }
    anstream::println!(
        "wrote {written}{}; nothing was committed: `rapporteur diff` shows the changes, `git diff` too",
        match plan.writes.len() {
            0 => String::new(),
            n => format!(" and {n} section file{}", if n == 1 { "" } else { "s" }),
        }
    );
    Ok(if plan.review.conflicts.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Failed
    })
}

fn list(root: &Path, only_open: bool) -> Result<Outcome> {
    let files = load_reviews(&WorkTree::new(root))?;
    let mut shown = 0;
    for f in &files {
        for t in &f.loaded.value.threads {
            if only_open && t.state != ThreadState::Open {
                continue;
            }
            shown += 1;
            let state = match t.state {
                ThreadState::Open => "open",
                ThreadState::Resolved => "resolved",
            };
            let place = t.domain.as_deref().unwrap_or("(outside the sections)");
            let date = t
                .date
                .as_deref()
                .map(|d| d.get(..10).unwrap_or(d))
                .unwrap_or("");
            anstream::println!(
                "{} [{state}] {place}: {} {date}: {}",
                f.thread_id(t),
                t.author,
                one_line(&t.text)
            );
            if !t.anchor.is_empty() {
                anstream::println!("    on «{}»", one_line(&t.anchor));
            }
            for r in &t.replies {
                anstream::println!("    ↳ {}: {}", r.author, one_line(&r.text));
            }
            if let Some(res) = &t.resolution {
                anstream::println!(
                    "    resolved {}{}",
                    res.date,
                    res.note
                        .as_deref()
                        .map(|n| format!(": {}", one_line(n)))
                        .unwrap_or_default()
                );
            }
        }
    }
    if shown == 0 {
        anstream::println!(
            "{}",
            if only_open {
                "no open review thread"
            } else {
                "no review thread"
            }
        );
    }
    Ok(Outcome::Clean)
}

/// Text on one line, shortened, control characters shown as spaces.
fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| {
            // Control and direction-changing characters would garble the terminal.
            if c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let flat = rapporteur::model::fingerprint::normalise(&flat);
    if flat.chars().count() > 160 {
        format!("{}…", flat.chars().take(159).collect::<String>())
    } else {
        flat
    }
}
