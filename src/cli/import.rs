//! `rapporteur import`.

use std::path::{Path, PathBuf};

use rapporteur::import::{
    plan_sections, refusal, split_edition, uncommitted_replacements, write_plan,
};
use rapporteur::load::file::{Refusal, read_regular};
use rapporteur::load::{
    GitTree, MAX_FILE_BYTES, Tree, WorkTree, check_lang_arg, find_root, load_catalog, load_meta,
};
use rapporteur::write::{Purpose, target};
use rapporteur::{Error, Result};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The published edition as plain text (e.g. from `pdftotext -layout`… or without).
    file: PathBuf,
    /// Language of the text; its section files go to `<into>/<lang>/`.
    #[arg(long)]
    lang: String,
    /// Drafts folder, inside the repository.
    #[arg(long, default_value = "drafts")]
    into: PathBuf,
    /// Replace section text that differs from the last commit (uncommitted work).
    #[arg(long)]
    force: bool,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    super::interrupt::install();
    let root = find_root(cwd)?;
    check_lang_arg(&args.lang)?;
    let dir = target::output_folder(&root, cwd, &args.into, Purpose::Drafts)?.join(&args.lang);
    let tree = WorkTree::new(&root);
    let (catalog, _) = load_catalog(&tree)?;
    let meta = load_meta(&tree)?;
    let title = meta.value.title.get(&args.lang).cloned();
    let text = read_input(&cwd.join(&args.file))?;
    let imported = split_edition(&text, &catalog, &args.lang, title.as_deref());
    if let Some(why) = refusal(&imported, &catalog) {
        return Err(Error::Invalid {
            location: args.file.display().to_string(),
            message: format!("nothing imported: {why}"),
            help: "give the plain text of a published edition (e.g. `pdftotext report.pdf`)".into(),
        });
    }
    let plan = plan_sections(&root, &dir, &imported, &catalog)?;
    if !args.force {
        let head = GitTree::revision(&root, "HEAD").ok();
        let lost = uncommitted_replacements(&plan, head.as_ref().map(|t| t as &dyn Tree));
        if !lost.is_empty() {
            return Err(Error::Usage(format!(
                "nothing imported: it would replace text that is not committed, in {}\n  help: commit (or stash) that text first, or run again with --force to replace it",
                lost.join(", ")
            )));
        }
    }
    let written = write_plan(&plan)?;
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

/// The published text: a regular file (wherever the user keeps it), read with a bound.
fn read_input(path: &Path) -> Result<String> {
    let real = path.canonicalize().map_err(|e| Error::io(path, e))?;
    let bytes = read_regular(&real, MAX_FILE_BYTES).map_err(|refusal| match refusal {
        Refusal::TooLarge { size, .. } => Error::Usage(format!(
            "{}: {size} bytes, more than the {} MiB rapporteur reads; a published edition's text is a few hundred KB",
            path.display(),
            MAX_FILE_BYTES / (1024 * 1024)
        )),
        other => Error::Usage(format!("{}: cannot read it: {other}", path.display())),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let col = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Error::Usage(format!(
            "{}:{line}:{col}: invalid UTF-8 (byte {}); convert the text to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}
