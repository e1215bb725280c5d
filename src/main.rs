//! The `rapporteur` binary: parse the command line, run, print, exit. Everything else is
//! in the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
