//! Reading a workspace: finding the repository root, reading files from the work tree (or,
//! for `--staged` and `diff`, from git), and turning them into an [`Edition`]: the edition
//! metadata, the catalog and the section files with their source maps, the sign-offs and
//! the previous edition's fingerprints.

pub mod cache;
pub mod edition;
pub mod file;
pub mod git;
pub mod previous;
pub mod section;
pub mod source;
pub mod tree;
pub mod yaml;

pub use cache::{Kind, ParseCache};
pub use edition::{
    CatalogFiles, Edition, LoadedFile, Unreadable, check_lang_arg, check_lang_of, load_catalog,
    load_catalog_uncached, load_edition, load_edition_for_diff, load_edition_with, load_meta,
    load_section, load_signoffs, load_yaml,
};
pub use git::{GitTree, SharedBlobs};
pub use previous::{Previous, PreviousEdition, PreviousSection, load_previous};
pub use section::{FrontMatterState, SchemaViolation, Section, parse_section};
pub use source::SourceFile;
pub use tree::{Tree, WorkTree};

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where the edition metadata lives, relative to the repository root.
pub const REPORT_FILE: &str = "drafts/report.yaml";
/// The folder holding one sub-folder of section files per language.
pub const DRAFTS_DIR: &str = "drafts";
pub const DOMAINS_FILE: &str = "schemas/domains.yaml";
pub const PROPOSALS_FILE: &str = "schemas/proposals.yaml";
pub const TERMINOLOGY_FILE: &str = "schemas/terminology.yaml";
/// Who approved which section (`rapporteur sign-off`).
pub const SIGNOFFS_FILE: &str = "drafts/signoffs.yaml";
/// Largest file rapporteur reads; larger ones are refused with a clear message.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The repository root: the closest folder, from `start` upwards, holding
/// `drafts/report.yaml`.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    let start = start.canonicalize().map_err(|e| Error::io(start, e))?;
    start
        .ancestors()
        // Anything there counts (a FIFO, a folder): reading it then says what is wrong,
        // rather than "no workspace".
        .find(|dir| std::fs::symlink_metadata(dir.join(REPORT_FILE)).is_ok())
        .map(Path::to_path_buf)
        .ok_or(Error::NoWorkspace { start })
}
