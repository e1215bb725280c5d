//! Tool failures: what stops rapporteur from doing its job (exit code 2). Findings about
//! the report are never errors; they are `check::Diagnostic`s.

use std::path::PathBuf;

/// A failure of the tool, with the path (and position where known) it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file rapporteur needs is malformed. `location` is `path:line:col`.
    #[error("{location}: {message}\n  help: {help}")]
    Invalid {
        location: String,
        message: String,
        help: String,
    },
    #[error(
        "no rapporteur workspace found from {start}: no drafts/report.yaml here or in any parent folder\n  help: run rapporteur inside a report repository, or create drafts/report.yaml"
    )]
    NoWorkspace { start: PathBuf },
    #[error("{0}")]
    Usage(String),
    #[error("git: {0}")]
    Git(String),
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    /// A file changed on disk between reading it and replacing it: it was left alone.
    #[error(
        "{}: changed on disk while rapporteur was working on it; it was left as it is\n  help: run the command again",
        path.display()
    )]
    Changed { path: PathBuf },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
