//! `rapporteur completions SHELL` and `rapporteur man`: shell completions (clap_complete)
//! and manual pages (clap_mangen), both generated from the clap definitions of `cli/`, so
//! that they cannot drift from the commands. The pages are checked in under `man/` and a
//! test fails when they are stale; `rapporteur man --out man` refreshes them after any
//! change to a command (a new subcommand, option or help text).

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use rapporteur::write::write_atomic;
use rapporteur::{Error, Result};

use super::{Cli, Outcome};

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write one page per command (`rapporteur.1`, `rapporteur-check.1`, …) to this
    /// folder instead of printing the main page. The repository keeps them in `man/`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Prints the completion script: `source <(rapporteur completions bash)`.
pub fn completions(args: CompletionsArgs) -> Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "rapporteur", &mut script);
    print_bytes(&script)?;
    Ok(Outcome::Clean)
}

/// Prints the main manual page, or writes every page to a folder.
pub fn man(cwd: &Path, args: ManArgs) -> Result<Outcome> {
    let pages = man_pages()?;
    let Some(out) = args.out else {
        print_bytes(&pages[0].1)?;
        return Ok(Outcome::Clean);
    };
    let dir = cwd.join(&out);
    for (name, page) in &pages {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() == Some(page.as_slice()) {
            continue;
        }
        write_atomic(&path, page)?;
        anstream::eprintln!("wrote {}", out.join(name).display());
    }
    Ok(Outcome::Clean)
}

/// Every manual page, the main one first: file name and roff text.
fn man_pages() -> Result<Vec<(String, Vec<u8>)>> {
    fn render(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        let man = clap_mangen::Man::new(cmd.clone());
        let mut page = Vec::new();
        man.render(&mut page)
            .map_err(|e| Error::Usage(format!("cannot render the manual page: {e}")))?;
        pages.push((man.get_filename(), page));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            render(sub.clone(), pages)?;
        }
        Ok(())
    }
    // The pages name the release (0.1.0), not the commit `--version` adds: the checked-in
    // pages stay the same from one commit to the next.
    let mut cmd = Cli::command()
        .disable_help_subcommand(true)
        .version(env!("CARGO_PKG_VERSION"));
    cmd.build();
    let mut pages = Vec::new();
    render(cmd, &mut pages)?;
    Ok(pages)
}

fn print_bytes(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("<stdout>", e))
}
