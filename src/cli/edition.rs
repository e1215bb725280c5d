//! `rapporteur edition next`.

use std::collections::BTreeMap;
use std::path::Path;

use rapporteur::Result;
use rapporteur::cycle::next::{NextPlan, Planned, apply_next, plan_next, short};
use rapporteur::load::find_root;

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Release this edition (annotated tag `edition-N` on HEAD) and start the next one
    /// as a draft: drafts/report.yaml moves one edition and one year on, every section
    /// goes back to `status: draft`, sign-offs are cleared. Commits nothing.
    Next {
        /// Print what would be done, and do nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let Command::Next { dry_run } = args.command;
    let root = find_root(cwd)?;
    let plan = match plan_next(&root)? {
        Planned::Ready(plan) => plan,
        Planned::Blocked(blockers) => {
            anstream::eprint!("{}", super::output::blocker_lines(&blockers));
            anstream::eprintln!(
                "rapporteur: edition next refused: {} in the edition; nothing was tagged or written\n  \
                 help: fix them (`rapporteur check`, `rapporteur status set final …`), or acknowledge a finding that is meant with `<!-- rapporteur-allow CODE: reason -->` above its paragraph; commit, then run `rapporteur edition next` again",
                super::output::blockers_count(blockers.len())
            );
            return Ok(Outcome::Failed);
        }
    };
    if !dry_run {
        apply_next(&root, &plan)?;
    }
    anstream::print!("{}", describe(&plan, dry_run));
    Ok(Outcome::Clean)
}

/// What was done (or would be, on a dry run), then what to do next.
fn describe(plan: &NextPlan, dry_run: bool) -> String {
    let mut out = String::new();
    if dry_run {
        out.push_str("dry run: nothing is written; `rapporteur edition next` would:\n");
    }
    let (n, next) = (plan.released, plan.next);
    let title = plan.tag_message.trim_end();
    if plan.tag_exists {
        out.push_str(&format!(
            "  release  {} already names HEAD ({})\n",
            plan.tag,
            short(plan.head)
        ));
    } else {
        out.push_str(&format!(
            "  release  tag {} on HEAD ({}): {title}\n",
            plan.tag,
            short(plan.head)
        ));
    }
    let [(old_start, old_end), (start, end)] = &plan.period;
    let previous = match &plan.previous.0 {
        Some(old) => format!("previous {old} → {}", plan.previous.1),
        None => format!("previous: {} (added)", plan.previous.1),
    };
    out.push_str(&format!(
        "  start    drafts/report.yaml: number {n} → {next}, period {old_start} – {old_end} → {start} – {end}, {previous}\n"
    ));
    if plan.statuses.is_empty() {
        out.push_str("  status   every section is already a draft\n");
    } else {
        let mut was: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, status) in &plan.statuses {
            *was.entry(status.as_str()).or_default() += 1;
        }
        let was: Vec<String> = was.iter().map(|(s, k)| format!("{k} {s}")).collect();
        let files = plan.statuses.len();
        out.push_str(&format!(
            "  status   {files} section file{} set to `status: draft` (were: {})\n",
            if files == 1 { "" } else { "s" },
            was.join(", ")
        ));
    }
    if let Some(date) = &plan.date_removed {
        out.push_str(&format!(
            "  date     `date: {date}` removed from drafts/report.yaml: it dated edition {n}; set edition {next}'s when it is known\n"
        ));
    }
    if plan.signoffs_cleared > 0 {
        out.push_str(&format!(
            "  sign-off {} sign-off{} of edition {n} removed from drafts/signoffs.yaml\n",
            plan.signoffs_cleared,
            if plan.signoffs_cleared == 1 { "" } else { "s" }
        ));
    }
    for note in &plan.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(&format!(
        "\nNothing is committed. Next:\n  git push origin {tag}    publish the release tag\n  git commit -am \"Start edition {next}\"\n  rapporteur check        E001 points at what still speaks of edition {n}, E002 at sections not yet rewritten\n  rapporteur diff         what changed since {tag}, as you edit\n",
        tag = plan.tag,
    ));
    out
}
