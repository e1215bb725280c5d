//! `rapporteur sign-off`.

use std::path::Path;

use rapporteur::Result;
use rapporteur::cycle::signoff::{SignOffRequest, sign_off};
use rapporteur::load::find_root;

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The domains (section slugs) approved.
    #[arg(value_name = "DOMAIN", required = true)]
    domains: Vec<String>,
    /// Who approves them.
    #[arg(long, value_name = "NAME")]
    by: String,
    /// Only this language (default: every language of the edition).
    #[arg(long)]
    lang: Option<String>,
    /// The day of the approval, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let root = find_root(cwd)?;
    let request = SignOffRequest {
        domains: args.domains,
        by: args.by,
        lang: args.lang,
        date: args.date,
    };
    let signed = sign_off(&root, &request)?;
    for s in &signed {
        let again = match &s.replaced {
            Some(old) => format!(" (replaces {}'s sign-off of {})", old.by, old.date),
            None => String::new(),
        };
        anstream::println!(
            "signed off {} ({}) by {} on {}, edition {}, commit {}{again}",
            s.domain,
            s.lang,
            s.signoff.by,
            s.signoff.date,
            s.signoff.edition,
            &s.signoff.commit[..10]
        );
    }
    anstream::println!(
        "wrote drafts/signoffs.yaml: commit it (`git add drafts/signoffs.yaml && git commit -m \"Sign-off\"`) so that the team sees it"
    );
    Ok(Outcome::Clean)
}
