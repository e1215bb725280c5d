//! `rapporteur import`.

use std::path::{Path, PathBuf};

use rapporteur::import::{split_edition, write_sections};
use rapporteur::load::{MAX_FILE_BYTES, REPORT_FILE, WorkTree, find_root, load_catalog, load_yaml};
use rapporteur::model::EditionMeta;
use rapporteur::{Error, Result};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The published edition as plain text (e.g. from `pdftotext -layout`… or without).
    file: PathBuf,
    /// Language of the text; its section files go to `<into>/<lang>/`.
    #[arg(long)]
    lang: String,
    /// Drafts folder.
    #[arg(long, default_value = "drafts")]
    into: PathBuf,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let root = find_root(cwd)?;
    let tree = WorkTree::new(&root);
    let (catalog, _) = load_catalog(&tree)?;
    let meta = load_yaml::<EditionMeta>(&tree, REPORT_FILE, "the edition metadata")?;
    let title = meta.value.title.get(&args.lang).cloned();
    let path = cwd.join(&args.file);
    let size = std::fs::metadata(&path)
        .map_err(|e| Error::io(&path, e))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Error::Usage(format!(
            "{}: {size} bytes, more than the {} MiB rapporteur reads; a published edition's text is a few hundred KB",
            path.display(),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let col = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Error::Usage(format!(
            "{}:{line}:{col}: invalid UTF-8 (byte {}); convert the text to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    let imported = split_edition(&text, &catalog, &args.lang, title.as_deref());
    let dir = cwd.join(&args.into).join(&args.lang);
    let written = write_sections(&dir, &imported, &catalog)?;
    let paragraphs: usize = imported.sections.iter().map(|s| s.paragraphs.len()).sum();
    anstream::eprintln!(
        "imported {} paragraphs into {} sections: {} files created, {} updated",
        paragraphs,
        imported.sections.len(),
        written.created.len(),
        written.updated.len()
    );
    for slug in &imported.missing {
        anstream::eprintln!(
            "warning: no heading for domain `{slug}` in the text; its file is left as it is"
        );
    }
    Ok(Outcome::Clean)
}
