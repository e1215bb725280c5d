//! Review in Word: reviewers who never use git get the Word file, edit it with Track
//! Changes and comment it; `rapporteur review import` takes their changes back into the
//! section files and their comments into review threads (`drafts/reviews/*.yaml`);
//! `review list` and `review resolve` follow the threads, which `status`, the language
//! server and a draft's open points show while they are open.
//!
//! Self-contained: the Word file's identities are written by `assemble::identity` and
//! read here (`docx`), through a bounded zip reader (`package`); `markup` puts a
//! plain-text edit back into a paragraph's inline markup; `import` plans the whole
//! import before anything is written.

pub mod docx;
pub mod import;
pub mod markup;
pub mod package;

use std::path::Path;

use crate::assemble::{OpenPoint, ReportModel};
use crate::error::{Error, Result};
use crate::lang::labels::{Label, Labels};
use crate::load::section::Section;
use crate::load::{Edition, LoadedFile, Tree, WorkTree, load_yaml};
use crate::model::fingerprint;
use crate::model::review::{Resolution, Review, Thread, ThreadState};
use crate::write::{Purpose, target, write_atomic, write_atomic_if_unchanged};

pub use import::{DomainSummary, ImportPlan, plan_import};

/// The folder of the review files.
pub const REVIEWS_DIR: &str = "drafts/reviews";

/// A review file as read.
#[derive(Debug, Clone)]
pub struct ReviewFile {
    /// The file's name without `.yaml`: thread ids are `NAME/N`.
    pub name: String,
    /// Relative to the workspace root.
    pub path: String,
    pub loaded: LoadedFile<Review>,
}

impl ReviewFile {
    /// The id of one of its threads, as `review resolve` takes it.
    pub fn thread_id(&self, thread: &Thread) -> String {
        format!("{}/{}", self.name, thread.id)
    }
}

/// Every review file of the workspace, in name order (none when there is no folder).
/// A malformed file is an error naming its line and column.
pub fn load_reviews(tree: &dyn Tree) -> Result<Vec<ReviewFile>> {
    let mut out = Vec::new();
    for name in tree.list(REVIEWS_DIR)? {
        let Some(stem) = name.strip_suffix(".yaml") else {
            continue;
        };
        if crate::write::is_temporary(&name) || stem.is_empty() {
            continue;
        }
        let path = format!("{REVIEWS_DIR}/{name}");
        let loaded = load_yaml::<Review>(tree, &path, "a review file")?;
        out.push(ReviewFile {
            name: stem.to_string(),
            path,
            loaded,
        });
    }
    Ok(out)
}

/// An open thread and where it belongs.
#[derive(Debug, Clone)]
pub struct OpenThread {
    pub id: String,
    pub lang: String,
    pub thread: Thread,
}

/// The open threads of every review file of the workspace at `root`; none when the
/// files cannot be read (the language server and a draft's open points must not fail
/// for them: `review list` says what is wrong).
pub fn open_threads(root: &Path) -> Vec<OpenThread> {
    let Ok(files) = load_reviews(&WorkTree::new(root)) else {
        return Vec::new();
    };
    files
        .iter()
        .flat_map(|f| {
            f.loaded
                .value
                .threads
                .iter()
                .filter(|t| t.state == ThreadState::Open)
                .map(|t| OpenThread {
                    id: f.thread_id(t),
                    lang: f.loaded.value.lang.clone(),
                    thread: t.clone(),
                })
        })
        .collect()
}

/// The paragraph of `section` a thread is anchored to: the one with the recorded
/// fingerprint; none when the paragraph has changed since (the thread is then about
/// the section as a whole).
pub fn anchored_paragraph(section: &Section, thread: &Thread) -> Option<usize> {
    let fp = thread.paragraph.as_deref()?;
    (0..section.paragraphs.len()).find(|&i| fingerprint::paragraph(section.paragraph(i)) == fp)
}

/// The open threads of `lang` as open points of a draft (`build --draft`), each on its
/// section and the line of the paragraph it is anchored to.
pub fn open_points(root: &Path, edition: &Edition, model: &ReportModel) -> Vec<OpenPoint> {
    let labels = Labels::of(&model.lang);
    open_threads(root)
        .into_iter()
        .filter(|t| t.lang == model.lang)
        .map(|t| {
            let section = t
                .thread
                .domain
                .as_deref()
                .and_then(|d| edition.sections_in(&t.lang).find(|s| s.domain() == Some(d)));
            let paragraph = section.and_then(|s| anchored_paragraph(s, &t.thread));
            let line = section
                .zip(paragraph)
                .map_or(1, |(s, i)| s.file.line_col(s.paragraphs[i].start).0);
            let path = section.map_or_else(|| REVIEWS_DIR.to_string(), |s| s.file.path.clone());
            let anchor = if t.thread.anchor.is_empty() {
                String::new()
            } else {
                let quoted = shorten(&t.thread.anchor, 80);
                format!(
                    " ({})",
                    labels.fill(Label::OpenPointAnchor, &[("text", quoted.as_str())])
                )
            };
            let message = format!("{}: {}{anchor} [{}]", t.thread.author, t.thread.text, t.id);
            OpenPoint {
                code: "comment".into(),
                section: t.thread.domain.as_deref().and_then(|d| {
                    model
                        .sections
                        .iter()
                        .find(|v| v.slug == d)
                        .map(|v| v.title.clone())
                }),
                // Escaped, on one line and bounded, as the findings are.
                ..OpenPoint::new(
                    &labels,
                    &path,
                    line,
                    paragraph.map(|i| i + 1),
                    &message,
                    t.lang.clone(),
                )
            }
        })
        .take(crate::assemble::MAX_OPEN_POINTS)
        .collect()
}

/// At most `max` characters of `text`, with an ellipsis when shortened.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() > max {
        format!(
            "{}…",
            text.chars().take(max.saturating_sub(1)).collect::<String>()
        )
    } else {
        text.to_string()
    }
}

/// Writes an import: the review file first (so that what the reviewer proposed is kept
/// even if a section write fails), then the section files, each atomically and only if
/// unchanged since it was read. Returns the review file's path (relative).
pub fn write_import(root: &Path, plan: &ImportPlan) -> Result<String> {
    let dir = root.join(REVIEWS_DIR);
    let base = format!(
        "{}-{}",
        plan.review.imported,
        slug(&plan.review.by).unwrap_or_else(|| "review".into())
    );
    let mut name = base.clone();
    let mut n = 1;
    while dir.join(format!("{name}.yaml")).exists() {
        n += 1;
        name = format!("{base}-{n}");
    }
    let rel = format!("{REVIEWS_DIR}/{name}.yaml");
    // A new file of drafts/reviews/ (made if missing): inside the repository, through no
    // link; the sections are rewritten where they were read.
    let target = target::output(root, root, Path::new(&rel), Purpose::Drafts)?;
    target::create_folders(&target)?;
    write_atomic(&target, plan.review.to_yaml().as_bytes())?;
    for w in &plan.writes {
        let target = target::rewrite(root, Path::new(&w.path))?;
        write_atomic_if_unchanged(&target, w.original.as_bytes(), w.text.as_bytes())?;
    }
    Ok(rel)
}

/// A file-name slug of a name: lower-case ASCII letters and digits, dashes between
/// words (accents dropped); none when nothing is left.
fn slug(name: &str) -> Option<String> {
    let mut out = String::new();
    for c in name.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty()).then_some(out)
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ÿ' | 'ý' => 'y',
        'ñ' => 'n',
        'À' | 'Â' | 'Ä' | 'Á' => 'A',
        'Ç' => 'C',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'Î' | 'Ï' => 'I',
        'Ô' | 'Ö' => 'O',
        'Ù' | 'Û' | 'Ü' => 'U',
        other => other,
    }
}

/// What `review resolve` did.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub id: String,
    pub path: String,
    /// It was resolved already (then nothing changed but the note, if one was given).
    pub already: bool,
}

/// Marks thread `id` (`NAME/N`) resolved on `date`, with `note`.
pub fn resolve_thread(root: &Path, id: &str, note: Option<&str>, date: &str) -> Result<Resolved> {
    let files = load_reviews(&WorkTree::new(root))?;
    let unknown = || {
        let ids: Vec<String> = files
            .iter()
            .flat_map(|f| f.loaded.value.threads.iter().map(|t| f.thread_id(t)))
            .collect();
        let near = crate::check::rules::closest(id, ids.iter().map(String::as_str));
        Error::Usage(format!(
            "no review thread `{id}`\n  help: {}",
            match near {
                Some(n) => format!("did you mean `{n}`? (`rapporteur review list` shows them)"),
                None => "`rapporteur review list` shows the threads and their ids".into(),
            }
        ))
    };
    let (name, number) = id.rsplit_once('/').ok_or_else(unknown)?;
    let number: u32 = number.parse().map_err(|_| unknown())?;
    let file = files.iter().find(|f| f.name == name).ok_or_else(unknown)?;
    let mut review = file.loaded.value.clone();
    let thread = review
        .threads
        .iter_mut()
        .find(|t| t.id == number)
        .ok_or_else(unknown)?;
    let already = thread.state == ThreadState::Resolved;
    if note.is_some_and(|n| n.chars().any(|c| c.is_control() && c != '\n')) {
        return Err(Error::Usage(
            "`--note` must be text without control characters".into(),
        ));
    }
    thread.state = ThreadState::Resolved;
    if !already || note.is_some() {
        thread.resolution = Some(Resolution {
            date: date.to_string(),
            note: note.map(str::to_string),
        });
    }
    let target = target::rewrite(root, Path::new(&file.path))?;
    write_atomic_if_unchanged(
        &target,
        file.loaded.file.text.as_bytes(),
        review.to_yaml().as_bytes(),
    )?;
    Ok(Resolved {
        id: id.to_string(),
        path: file.path.clone(),
        already,
    })
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_of_names() {
        assert_eq!(
            slug("Délégation de la France").as_deref(),
            Some("delegation-de-la-france")
        );
        assert_eq!(slug("  ../../x ").as_deref(), Some("x"));
        assert_eq!(slug("«»"), None);
    }
}
