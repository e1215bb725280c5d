//! The command line: the only place that prints or exits. Each subcommand has its file;
//! `output` renders diagnostics in each format.
//!
//! Exit codes everywhere: 0 clean, 1 findings at error level (or a refused build, or stale
//! schemas), 2 usage, I/O or internal error.

mod build;
mod check;
mod diff;
mod edition;
mod hook;
mod import;
mod interrupt;
mod lsp;
mod output;
mod rules;
mod schema;
mod shell;
mod signoff;
mod status;
mod translate;
mod xliff;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use rapporteur::Error;

/// Draft a long, recurring, multilingual report in git: validate the section files, show
/// what changed since the last edition, assemble the release document.
#[derive(Debug, Parser)]
#[command(name = "rapporteur", version = env!("RAPPORTEUR_LONG_VERSION"), about)]
pub(crate) struct Cli {
    /// Run as if started in this folder.
    #[arg(short = 'C', long = "dir", global = true, value_name = "DIR")]
    dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate the edition (or the given section files).
    Check(check::Args),
    /// Assemble the release document from templates/.
    Build(build::Args),
    /// Turn a published edition's plain text into section files.
    Import(import::Args),
    /// Regenerate schemas/*.schema.json, or check that they are fresh.
    Schema(schema::Args),
    /// List the rules, or explain one.
    Rules(rules::Args),
    /// Show what changed between two editions, per domain, word by word.
    Diff(diff::Args),
    /// One line per section: status, words, change, sign-off, proposals, findings, last change.
    Status(status::Args),
    /// The language server (stdio): the findings, fixes and catalog in your editor.
    Lsp(lsp::Args),
    /// Translations kept in step with the drafting language: status, diff, accept, init.
    Translate(translate::Args),
    /// Hand translations to CAT tools as XLIFF (export), and take them back (import).
    Xliff(xliff::Args),
    /// The yearly cycle: `edition next` releases this edition and starts the next.
    Edition(edition::Args),
    /// Record that a reviewer approved sections (drafts/signoffs.yaml).
    #[command(name = "sign-off")]
    SignOff(signoff::Args),
    /// Install or remove the git pre-commit hook (`check --staged --quiet`).
    Hook(hook::Args),
    /// Print shell completions: `source <(rapporteur completions bash)`.
    Completions(shell::CompletionsArgs),
    /// Print the manual page, or write one page per command to a folder.
    Man(shell::ManArgs),
}

/// Whether what goes to stdout is coloured: only on a terminal, and never with
/// `NO_COLOR` set.
fn stdout_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// What a command ends with.
pub enum Outcome {
    Clean,
    /// Findings at error level, a refused build, stale schemas.
    Failed,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let cwd = match cli.dir.clone().map_or_else(std::env::current_dir, Ok) {
        Ok(dir) => dir,
        Err(e) => return fail(&Error::io(".", e)),
    };
    let result = match cli.command {
        Command::Check(args) => check::run(&cwd, args),
        Command::Build(args) => build::run(&cwd, args),
        Command::Import(args) => import::run(&cwd, args),
        Command::Schema(args) => schema::run(&cwd, args),
        Command::Rules(args) => rules::run(args),
        Command::Diff(args) => diff::run(&cwd, args),
        Command::Status(args) => status::run(&cwd, args),
        Command::Lsp(args) => lsp::run(&cwd, args),
        Command::Translate(args) => translate::run(&cwd, args),
        Command::Xliff(args) => xliff::run(&cwd, args),
        Command::Edition(args) => edition::run(&cwd, args),
        Command::SignOff(args) => signoff::run(&cwd, args),
        Command::Hook(args) => hook::run(&cwd, args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(&cwd, args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) => fail(&e),
    }
}

fn fail(error: &Error) -> ExitCode {
    anstream::eprintln!("rapporteur: error: {error}");
    ExitCode::from(2)
}
