//! `rapporteur edition next`: from the released edition N to the draft of N+1. The
//! release is the annotated tag `edition-N` on HEAD; the draft is the same text with
//! drafts/report.yaml moved one edition and one year on (`previous: edition-N`) and
//! every section back to `status: draft`. Files are edited in place, at the spans the
//! YAML parser gives, so that every comment, key order and other value stays byte for
//! byte; nothing is committed.
//!
//! [`plan_next`] checks the preconditions and computes everything (it writes nothing:
//! `--dry-run` prints it); [`apply_next`] tags and writes.

use std::ops::Range;
use std::path::Path;

use git2::Oid;

use super::repo::Repo;
use crate::check::{Diagnostic, check_edition, check_rule_settings, release_blockers};
use crate::error::{Error, Result};
use crate::lang;
use crate::load::yaml::yaml_spans;
use crate::load::{REPORT_FILE, SIGNOFFS_FILE, WorkTree, load_edition};
use crate::model::SignOffs;
use crate::write::write_atomic;

/// The folders whose uncommitted changes stop a release: what the edition is made of.
pub const RELEASED_FOLDERS: &[&str] = &["drafts", "schemas", "templates"];

/// What `edition next` does.
#[derive(Debug, Clone)]
pub struct NextPlan {
    /// The edition released (N) and the one started (N+1).
    pub released: u32,
    pub next: u32,
    /// The release tag, `edition-N`.
    pub tag: String,
    /// HEAD, the commit the tag names.
    pub head: Oid,
    /// Whether the tag already points at HEAD (it is then left as it is).
    pub tag_exists: bool,
    /// The tag's message: the edition's title and period.
    pub tag_message: String,
    /// The period, before and after (`YYYY-MM`).
    pub period: [(String, String); 2],
    /// `previous:` before (none when absent) and after.
    pub previous: (Option<String>, String),
    /// Section files whose status becomes `draft`, with the status they had.
    pub statuses: Vec<(String, String)>,
    /// Sign-offs of the released edition, removed from drafts/signoffs.yaml.
    pub signoffs_cleared: usize,
    /// The released edition's `date:`, removed: it is not the new edition's.
    pub date_removed: Option<String>,
    /// What the drafter should know about the release (none at present: what would
    /// have been worth a note, sections not `final` or changed since their sign-off,
    /// now stops the release).
    pub notes: Vec<String>,
    /// Every file to write, relative to the workspace root, with its new content.
    pub writes: Vec<(String, String)>,
}

/// What `edition next` can do: the plan, or the release blockers that stop it.
#[derive(Debug)]
pub enum Planned {
    Ready(Box<NextPlan>),
    /// The release gate's blockers (`check::release_blockers`): nothing is tagged.
    Blocked(Vec<Diagnostic>),
}

/// Checks the preconditions and computes the plan. Writes nothing.
pub fn plan_next(root: &Path) -> Result<Planned> {
    let repo = Repo::open(root)?;
    let head = repo.head()?;
    let dirty = repo.uncommitted(RELEASED_FOLDERS)?;
    if !dirty.is_empty() {
        let list: Vec<String> = dirty
            .iter()
            .take(5)
            .map(|u| format!("{} ({})", u.path, u.what))
            .collect();
        let more = if dirty.len() > 5 {
            format!(" and {} more", dirty.len() - 5)
        } else {
            String::new()
        };
        return Err(Error::Usage(format!(
            "the edition has uncommitted changes: {}{more}\n  help: commit them (or stash them) first: the release tag must name exactly the released text",
            list.join(", ")
        )));
    }

    let edition = load_edition(&WorkTree::new(root))?;
    check_rule_settings(&edition.meta)?;
    // The release gate, on every language: the tag releases all of them.
    let diagnostics = check_edition(&edition);
    let blockers = release_blockers(&edition, &diagnostics, None);
    if !blockers.is_empty() {
        return Ok(Planned::Blocked(blockers));
    }
    let meta = &edition.meta.value;
    let n = meta.number;

    let tag = format!("edition-{n}");
    let tag_exists = match repo.tag_target(&tag)? {
        None => false,
        Some(target) if target == head => true,
        Some(target) => {
            return Err(Error::Usage(format!(
                "the tag {tag} already exists and names commit {}, not HEAD ({})\n  help: if edition {n} was released there, its successor was started and not committed: check out the branch that holds it; if the tag is wrong, delete it (`git tag -d {tag}`) and run `rapporteur edition next` again",
                short(target),
                short(head)
            )));
        }
    };

    let first_lang = meta.languages.first().map_or("en", String::as_str);
    let title = meta.title.get(first_lang);
    let when = lang::period(&meta.period.start, &meta.period.end, first_lang)
        .unwrap_or_else(|_| format!("{} – {}", meta.period.start, meta.period.end));
    let ordinal = capitalise(&lang::ordinal(n, first_lang));
    let tag_message = match title {
        Some(title) => format!("{ordinal} {title} ({when})\n"),
        None => format!("Edition {n} ({when})\n"),
    };

    let moved = |text: &str| {
        lang::add_years(text, 1).ok_or_else(|| {
            Error::Usage(format!(
                "{REPORT_FILE}: the period `{text}` is not of the form YYYY-MM"
            ))
        })
    };
    let start = moved(&meta.period.start)?;
    let end = moved(&meta.period.end)?;
    let report = bump_report(&edition.meta.file.text, n + 1, &start, &end, &tag)?;

    let mut writes = vec![(REPORT_FILE.to_string(), report)];
    let mut statuses = Vec::new();
    for section in &edition.sections {
        let Some(front) = section.front_matter() else {
            continue;
        };
        let status = front.status.as_str();
        if status == "draft" {
            continue;
        }
        let span = section.front_span("/status");
        let text = replace_scalar(&section.file.text, span, "draft");
        statuses.push((section.file.path.clone(), status.to_string()));
        writes.push((section.file.path.clone(), text));
    }
    // What the gate lets through (warnings, notes, allowed findings) is the drafters' call.
    let notes = Vec::new();
    let signoffs_cleared = edition
        .signoffs
        .as_ref()
        .map_or(0, |s| s.value.0.values().map(|m| m.len()).sum());
    if signoffs_cleared > 0 {
        writes.push((SIGNOFFS_FILE.to_string(), SignOffs::default().to_yaml()));
    }

    Ok(Planned::Ready(Box::new(NextPlan {
        released: n,
        next: n + 1,
        tag,
        head,
        tag_exists,
        tag_message,
        period: [
            (meta.period.start.clone(), meta.period.end.clone()),
            (start, end),
        ],
        previous: (meta.previous.clone(), format!("edition-{n}")),
        statuses,
        signoffs_cleared,
        date_removed: meta.date.clone(),
        notes,
        writes,
    })))
}

/// Tags HEAD (unless the tag is already there) and writes the files, each atomically.
pub fn apply_next(root: &Path, plan: &NextPlan) -> Result<()> {
    let repo = Repo::open(root)?;
    if !plan.tag_exists {
        repo.create_tag(&plan.tag, plan.head, &plan.tag_message)?;
    }
    for (path, content) in &plan.writes {
        write_atomic(&root.join(path), content.as_bytes())?;
    }
    Ok(())
}

/// Abbreviated commit id.
pub fn short(oid: Oid) -> String {
    oid.to_string()[..10].to_string()
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// drafts/report.yaml with `number`, `period` and `previous` set and the released
/// edition's `date:` line removed (the new edition's date is not known yet), every other
/// byte kept. `previous:` is added after `languages:` when absent.
pub fn bump_report(
    text: &str,
    number: u32,
    start: &str,
    end: &str,
    previous: &str,
) -> Result<String> {
    let spans = yaml_spans(text);
    let value = |pointer: &str| -> Result<Range<usize>> {
        spans.get(pointer).map(|s| s.value.clone()).ok_or_else(|| {
            Error::Usage(format!(
                "{REPORT_FILE} has no `{}` to update",
                pointer.trim_start_matches('/').replace('/', ".")
            ))
        })
    };
    let mut edits: Vec<(Range<usize>, String)> = vec![
        (value("/number")?, number.to_string()),
        (
            value("/period/start")?,
            styled(text, value("/period/start")?, start),
        ),
        (
            value("/period/end")?,
            styled(text, value("/period/end")?, end),
        ),
    ];
    if let Some(date) = spans.get("/date")
        && let Some(key) = date.key.clone()
    {
        let line_start = text[..key.start].rfind('\n').map_or(0, |i| i + 1);
        if !text[line_start..key.start].trim().is_empty() {
            return Err(Error::Usage(format!(
                "{REPORT_FILE}: `date:` is not on a line of its own: remove the released edition's date by hand"
            )));
        }
        edits.push((line_start..line_end(text, date.value.end), String::new()));
    }
    match spans.get("/previous") {
        Some(span) => edits.push((
            span.value.clone(),
            styled(text, span.value.clone(), previous),
        )),
        None => {
            // After the line where `languages:` ends, at the indentation of the
            // top-level keys.
            if text.trim_start().starts_with('{') {
                return Err(Error::Usage(format!(
                    "{REPORT_FILE} is one flow mapping (`{{…}}`): add `previous: {previous}` to it by hand"
                )));
            }
            // A collection's span is its opening only: the end is its last item's.
            let after = spans
                .iter()
                .filter(|(pointer, _)| {
                    *pointer == "/languages" || pointer.starts_with("/languages/")
                })
                .map(|(_, s)| s.value.end)
                .max()
                .map_or(text.len(), |end| line_end(text, end));
            let key = spans
                .get("/number")
                .and_then(|s| s.key.clone())
                .map_or(0, |k| k.start);
            let indent = &text[text[..key].rfind('\n').map_or(0, |i| i + 1)..key];
            let newline = if after > 0 && !text[..after].ends_with('\n') {
                "\n"
            } else {
                ""
            };
            edits.push((
                after..after,
                format!("{newline}{indent}previous: {previous}\n"),
            ));
        }
    }
    // An insertion before a removal at the same place (`previous:` added where the
    // `date:` line was).
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len() + 32);
    let mut pos = 0;
    for (range, replacement) in edits {
        out.push_str(&text[pos..range.start]);
        out.push_str(&replacement);
        pos = range.end;
    }
    out.push_str(&text[pos..]);
    Ok(out)
}

/// The offset just past the end of the line holding `offset` (after its `\n`).
fn line_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// `value` quoted as the scalar at `range` is (`"2025-06"`, `'2025-06'` or plain).
fn styled(text: &str, range: Range<usize>, value: &str) -> String {
    match text[range].chars().next() {
        Some('"') => format!("\"{value}\""),
        Some('\'') => format!("'{value}'"),
        _ => value.to_string(),
    }
}

/// `text` with the scalar at `range` replaced by `value`, in the same quoting style.
pub(crate) fn replace_scalar(text: &str, range: Range<usize>, value: &str) -> String {
    let replacement = styled(text, range.clone(), value);
    format!(
        "{}{replacement}{}",
        &text[..range.start],
        &text[range.end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bump_keeps_every_other_byte() {
        let text = "# The 11th edition.\nnumber: 11 # eleventh\nperiod:\n  start: \"2025-06\"\n  end: '2026-05'\ntitle:\n  fr: \"rapport\"\nlanguages: [fr]\n# waivers follow\nwaivers: {}\n";
        let out = bump_report(text, 12, "2026-06", "2027-05", "edition-11").unwrap();
        assert_eq!(
            out,
            "# The 11th edition.\nnumber: 12 # eleventh\nperiod:\n  start: \"2026-06\"\n  end: '2027-05'\ntitle:\n  fr: \"rapport\"\nlanguages: [fr]\nprevious: edition-11\n# waivers follow\nwaivers: {}\n"
        );
        // An existing `previous:` is replaced where it is.
        let again = bump_report(&out, 13, "2027-06", "2028-05", "edition-12").unwrap();
        assert!(again.contains("languages: [fr]\nprevious: edition-12\n# waivers"));
        assert!(again.contains("number: 13 # eleventh"));
        // The released edition's date goes, line and all.
        let text = "number: 11\nperiod:\n  start: 2025-06\n  end: 2026-05\ndate: 2026-06-12 # published\nlanguages: [fr]\nprevious: edition-10\n";
        let out = bump_report(text, 12, "2026-06", "2027-05", "edition-11").unwrap();
        assert_eq!(
            out,
            "number: 12\nperiod:\n  start: 2026-06\n  end: 2027-05\nlanguages: [fr]\nprevious: edition-11\n"
        );
        // A block list of languages, no newline at the end of the file.
        let text = "number: 1\nperiod: {start: 2025-06, end: 2026-05}\nlanguages:\n  - fr\n  - en";
        let out = bump_report(text, 2, "2026-06", "2027-05", "edition-1").unwrap();
        assert_eq!(
            out,
            "number: 2\nperiod: {start: 2026-06, end: 2027-05}\nlanguages:\n  - fr\n  - en\nprevious: edition-1\n"
        );
    }

    #[test]
    fn status_keeps_its_quotes() {
        let text = "---\ndomain: space\nstatus: 'final' # agreed\n---\nBody.\n";
        let start = text.find("'final'").unwrap();
        assert_eq!(
            replace_scalar(text, start..start + 7, "draft"),
            "---\ndomain: space\nstatus: 'draft' # agreed\n---\nBody.\n"
        );
    }
}
