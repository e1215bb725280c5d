//! `rapporteur lsp`: the language server, over stdin and stdout.

use std::path::Path;

use rapporteur::{Error, Result};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Accepted for editors that pass it (VS Code's client does); stdio is the only
    /// transport.
    #[arg(long, hide = true)]
    stdio: bool,
}

pub fn run(cwd: &Path, _args: Args) -> Result<Outcome> {
    let input = std::io::BufReader::new(std::io::stdin());
    let output = std::io::stdout().lock();
    let clean = rapporteur::lsp::serve(input, output, cwd.to_path_buf())
        .map_err(|e| Error::io("standard input and output", e))?;
    // The protocol: exit code 0 after `shutdown` then `exit`, 1 otherwise.
    Ok(if clean {
        Outcome::Clean
    } else {
        Outcome::Failed
    })
}
