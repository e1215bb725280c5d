//! `rapporteur hook install|uninstall`.

use std::path::Path;

use rapporteur::Result;
use rapporteur::cycle::hook::{Installed, Uninstalled, install, uninstall};
use rapporteur::load::find_root;

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Write the git pre-commit hook that runs `rapporteur check --staged --quiet`
    /// (honours `core.hooksPath`).
    Install {
        /// Replace a pre-commit hook that rapporteur did not write (a copy is kept).
        #[arg(long)]
        force: bool,
    },
    /// Remove the pre-commit hook, if rapporteur wrote it.
    Uninstall,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let root = find_root(cwd)?;
    match args.command {
        Command::Install { force } => {
            let message = match install(&root, force)? {
                Installed::Created(path) => format!("installed {}", path.display()),
                Installed::Updated(path) => format!("updated {}", path.display()),
                Installed::Replaced { path, backup } => format!(
                    "replaced {} (the previous hook is kept as {})",
                    path.display(),
                    backup.display()
                ),
            };
            anstream::println!(
                "{message}: each commit now runs `rapporteur check --staged --quiet`, and one with errors is refused"
            );
            if !on_path("rapporteur") {
                anstream::println!(
                    "warning: `rapporteur` is not on PATH, so the hook will refuse every commit; install it with `cargo install --path . --locked` in the rapporteur repository"
                );
            }
        }
        Command::Uninstall => match uninstall(&root)? {
            Uninstalled::Removed(path) => anstream::println!("removed {}", path.display()),
            Uninstalled::NotInstalled(path) => {
                anstream::println!("no pre-commit hook to remove ({})", path.display())
            }
        },
    }
    Ok(Outcome::Clean)
}

/// Whether a program of that name is on PATH, as the hook's shell will look for it.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}
