//! `rapporteur import`: reads the published document, shows the reconciliation table
//! (where each domain's heading was found, its paragraphs and words, what was left out),
//! refuses when a heading is missing, doubled or text cannot be attributed, and
//! otherwise writes the section files, their typography brought to the house style as
//! `check --fix` would.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rapporteur::check::check_edition;
use rapporteur::check::fix::{MAX_ROUNDS, fix_round};
use rapporteur::import::structure::{At, MAX_UNATTRIBUTED};
use rapporteur::import::{
    Analysis, Found, Imported, Plan, ReadError, analyse, plan_sections, read_document, refusal,
    uncommitted_replacements, vocabulary, write_plan,
};
use rapporteur::load::file::{Refusal, read_regular};
use rapporteur::load::{
    GitTree, MAX_FILE_BYTES, Tree, WorkTree, check_lang_arg, find_root, load_catalog, load_edition,
    load_meta,
};
use rapporteur::lsp::overlay::{Buffer, Overlay};
use rapporteur::write::{Purpose, target};
use rapporteur::{Error, Result};

use super::Outcome;

/// What `rapporteur import --help` says beyond its one line.
pub const LONG_ABOUT: &str = "Turn a published edition into section files.\n\n\
The file is recognised by its content: a PDF (read directly, with its layout), a Word \
document (.docx: paragraphs and heading styles), or plain text (any line ends; form \
feeds are page breaks; `pdftotext` output with or without -layout). Headings are found \
by the catalog's titles in --lang (numbered or not, any case, wrapped over lines); the \
cover, the contents, the proposals annex, the open points, running heads and page \
numbers are left out. Paragraphs come from the Word paragraphs, the PDF's layout, or \
blank lines; in a text without blank lines (plain pdftotext), from final punctuation \
and line widths, which misses a paragraph whose last line is nearly full.\n\n\
Before writing, a reconciliation table shows, per domain, where its heading was found \
(page and line), its paragraphs and words, then what was left out. The import is \
refused (exit 1, nothing written) when a domain's heading is not found, is found twice, \
or when more than a few lines cannot be attributed to a domain. The typography of the \
files written is the house style's, as `check --fix` makes it.";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The published edition: PDF, Word (.docx) or plain text, recognised by content.
    file: PathBuf,
    /// Language of the text; its section files go to `<into>/<lang>/`.
    #[arg(long)]
    lang: String,
    /// Drafts folder, inside the repository.
    #[arg(long, default_value = "drafts")]
    into: PathBuf,
    /// Show the reconciliation table and write nothing.
    #[arg(long)]
    dry_run: bool,
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
    let path = cwd.join(&args.file);
    let bytes = read_input(&path)?;
    let doc = read_document(&bytes).map_err(|e| read_error(&args.file, &bytes, e))?;
    let words = vocabulary(&root, &dir, &catalog, &args.lang)?;
    let analysis = analyse(&doc, &catalog, &args.lang, title.as_deref(), &words);
    let imported = Imported::of(&analysis);
    if let Some(why) = refusal(&imported, &catalog) {
        return Err(Error::Invalid {
            location: args.file.display().to_string(),
            message: format!("nothing imported: {why}"),
            help: "give a published edition: its PDF, its Word file, or its plain text".into(),
        });
    }
    print_table(&analysis, &args.file);
    let problems = analysis.problems();
    if !problems.is_empty() {
        let mut err = anstream::stderr();
        let _ = writeln!(err, "error: nothing imported:");
        for p in &problems {
            let _ = writeln!(err, "  - {p}");
        }
        let _ = writeln!(
            err,
            "  help: the table above shows what was found where; check the headings against schemas/domains.yaml ({})",
            args.lang
        );
        return Ok(Outcome::Failed);
    }
    if args.dry_run {
        anstream::eprintln!("dry run: nothing written");
        return Ok(Outcome::Clean);
    }
    let mut plan = plan_sections(&root, &dir, &imported, &catalog)?;
    let fixes = house_style(&root, &mut plan);
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
    anstream::eprintln!(
        "imported {} paragraphs into {} sections: {} files created, {} updated{}",
        analysis.paragraph_count(),
        imported.sections.len(),
        written.created.len(),
        written.updated.len(),
        match fixes {
            Ok(0) => String::new(),
            Ok(n) => format!("; {n} typography fixes of the house style"),
            Err(why) => format!("; typography left as published ({why})"),
        }
    );
    Ok(Outcome::Clean)
}

/// Brings the planned files' typography to the house style with the fixes of the
/// typography rules, as `check --fix` would, in memory: the edition is loaded with the
/// planned files over the work tree and fixed round after round. Returns the number of
/// fixes; an edition that cannot be loaded leaves the text as published.
fn house_style(root: &Path, plan: &mut Plan) -> std::result::Result<usize, String> {
    let mut overlay = Overlay::new(WorkTree::new(root));
    for file in &plan.files {
        overlay.buffers.insert(
            file.path.clone(),
            Buffer {
                text: file.content.clone(),
                version: 0,
            },
        );
    }
    let planned: Vec<String> = plan.files.iter().map(|f| f.path.clone()).collect();
    let wanted =
        |d: &rapporteur::check::Diagnostic| d.code.starts_with('Y') && planned.contains(&d.path);
    let mut total = 0;
    for _ in 0..MAX_ROUNDS {
        let edition = load_edition(&overlay).map_err(|e| e.to_string())?;
        let diagnostics = check_edition(&edition);
        let changed: BTreeMap<String, (String, usize)> = fix_round(&edition, &diagnostics, wanted)
            .into_iter()
            .map(|(section, text, n)| (section.file.path.clone(), (text, n)))
            .collect();
        if changed.is_empty() {
            break;
        }
        for (path, (text, n)) in changed {
            total += n;
            if let Some(buffer) = overlay.buffers.get_mut(&path) {
                buffer.text = text;
            }
        }
    }
    for file in &mut plan.files {
        if let Some(buffer) = overlay.buffers.get(&file.path) {
            file.content = buffer.text.clone();
        }
    }
    Ok(total)
}

/// The reconciliation table, on standard output.
fn print_table(analysis: &Analysis, file: &Path) {
    let mut out = anstream::stdout();
    let _ = writeln!(
        out,
        "{}: {}, {} page{}; paragraphs from {}",
        file.display(),
        analysis.format.name(),
        analysis.pages,
        if analysis.pages == 1 { "" } else { "s" },
        analysis.paragraphs_from
    );
    let _ = writeln!(out);
    let width = analysis
        .rows
        .iter()
        .map(|r| r.slug.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let found: Vec<String> = analysis
        .rows
        .iter()
        .map(|row| match &row.found {
            Found::Heading(at) if at.len() == 1 => at[0].to_string(),
            Found::Heading(at) => format!(
                "FOUND {} TIMES: {}",
                at.len(),
                at.iter().map(At::to_string).collect::<Vec<_>>().join("; ")
            ),
            Found::Position(how) => format!("no heading: {how}"),
            Found::Missing => "NOT FOUND".to_string(),
        })
        .collect();
    let at_width = found
        .iter()
        .map(|f| f.chars().count())
        .max()
        .unwrap_or(0)
        .max("heading found at".len());
    let _ = writeln!(
        out,
        "{:<width$}  {:<at_width$}  {:>10}  {:>6}",
        "domain", "heading found at", "paragraphs", "words"
    );
    for (row, found) in analysis.rows.iter().zip(&found) {
        let _ = writeln!(
            out,
            "{:<width$}  {:<at_width$}  {:>10}  {:>6}",
            row.slug,
            found,
            row.paragraphs.len(),
            row.words
        );
    }
    let total_words: usize = analysis.rows.iter().map(|r| r.words).sum();
    let _ = writeln!(
        out,
        "{:<width$}  {:<at_width$}  {:>10}  {:>6}",
        "total",
        "",
        analysis.paragraph_count(),
        total_words
    );
    let l = &analysis.left_out;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "left out (lines): cover {}, contents {}, annex {}, open points {}, running heads {}, page numbers {}",
        l.cover, l.contents, l.annex, l.open_points, l.running_heads, l.page_numbers
    );
    let _ = writeln!(
        out,
        "not attributed to a domain: {} line{} (at most {MAX_UNATTRIBUTED} let go)",
        analysis.unattributed.len(),
        if analysis.unattributed.len() == 1 {
            ""
        } else {
            "s"
        }
    );
    for (at, text) in analysis.unattributed.iter().take(10) {
        let short: String = text.chars().take(70).collect();
        let _ = writeln!(out, "  {at}: {short}");
    }
}

/// One clear error for a file import cannot read.
fn read_error(file: &Path, bytes: &[u8], e: ReadError) -> Error {
    match e {
        ReadError::Unsupported(what) => Error::Usage(format!(
            "{}: this looks like {what}, which import does not read\n  help: give the edition as PDF, Word (.docx) or plain text",
            file.display()
        )),
        ReadError::Broken(why) => Error::Usage(format!("{}: {why}", file.display())),
        ReadError::NotUtf8 { valid_up_to } => {
            let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let col = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            Error::Usage(format!(
                "{}:{line}:{col}: invalid UTF-8 (byte {valid_up_to}); convert the text to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
                file.display()
            ))
        }
    }
}

/// The published document: a regular file (wherever the user keeps it), read with a
/// bound.
fn read_input(path: &Path) -> Result<Vec<u8>> {
    let real = path.canonicalize().map_err(|e| Error::io(path, e))?;
    read_regular(&real, MAX_FILE_BYTES).map_err(|refusal| match refusal {
        Refusal::TooLarge { size, .. } => Error::Usage(format!(
            "{}: {size} bytes, more than the {} MiB rapporteur reads; a published edition is a few hundred KB to a few MB",
            path.display(),
            MAX_FILE_BYTES / (1024 * 1024)
        )),
        other => Error::Usage(format!("{}: cannot read it: {other}", path.display())),
    })
}
