//! `rapporteur import`: a published edition (plain text, PDF or Word) into section files.
//! The file is read by what it is (`document`: text and Word here, PDF in `pdf` with
//! its layout in `layout`), then split the same way for every format (`structure`):
//! page furniture, cover, contents and annex set aside, headings matched to the
//! catalog's titles, paragraphs attributed to domains. The [`structure::Analysis`] is
//! the reconciliation table the command shows before it writes anything.

pub mod document;
pub mod layout;
pub mod pdf;
pub mod structure;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::file::read_inside;
use crate::load::{MAX_FILE_BYTES, Section, Tree, parse_section};
use crate::markdown::escape_plain;
use crate::model::Catalog;
use crate::write::{Purpose, Target, target, write_atomic, write_atomic_if_unchanged};

pub use document::{Document, Format, ReadError, read_document};
pub use structure::{Analysis, Found, analyse};

/// One section as found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedSection {
    pub slug: String,
    /// Paragraphs as plain text.
    pub paragraphs: Vec<String>,
}

/// The published text, split by domain.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Sections in catalog order; only those found in the text.
    pub sections: Vec<ImportedSection>,
    /// Slugs of catalog domains the text has no text for.
    pub missing: Vec<String>,
}

impl Imported {
    /// The sections of an analysis: the domains that have text.
    pub fn of(analysis: &Analysis) -> Self {
        let mut imported = Imported::default();
        for row in &analysis.rows {
            if row.paragraphs.is_empty() {
                imported.missing.push(row.slug.clone());
            } else {
                imported.sections.push(ImportedSection {
                    slug: row.slug.clone(),
                    paragraphs: row.paragraphs.clone(),
                });
            }
        }
        imported
    }
}

/// Splits a published edition's plain text into sections (no vocabulary beyond the
/// text's own). `title_hint` is the edition's title without its ordinal.
pub fn split_edition(
    raw: &str,
    catalog: &Catalog,
    lang: &str,
    title_hint: Option<&str>,
) -> Imported {
    let doc = document::read_text(raw);
    Imported::of(&analyse(&doc, catalog, lang, title_hint, &HashSet::new()))
}

/// The words an import may rejoin a line-end hyphen into: the termbase's terms and the
/// words of the section files in `dir` (the edition's own vocabulary).
pub fn vocabulary(
    root: &Path,
    dir: &Path,
    catalog: &Catalog,
    lang: &str,
) -> Result<HashSet<String>> {
    let sections = existing_sections(root, dir)?;
    let mut words = structure::words_of(sections.iter().map(|(_, _, s)| s.file.text.as_str()));
    if let Some(terms) = catalog.terms.languages.get(lang) {
        let texts = terms
            .terms
            .iter()
            .flat_map(|t| std::iter::once(t.preferred.as_str()))
            .chain(terms.acronyms.iter().filter_map(|a| a.expansion.as_deref()))
            .chain(terms.names.iter().map(String::as_str));
        words.extend(structure::words_of(texts));
    }
    Ok(words)
}

/// Why an import is refused as not being an edition at all (nothing in it the catalog
/// knows): `None` when the reconciliation table has a say.
pub fn refusal(imported: &Imported, catalog: &Catalog) -> Option<String> {
    let paragraphs: usize = imported.sections.iter().map(|s| s.paragraphs.len()).sum();
    if paragraphs == 0 {
        return Some("no paragraph found in the text".into());
    }
    let headed = catalog.domains.domains.iter().filter(|d| d.heading);
    let found_heading = headed
        .clone()
        .any(|d| imported.sections.iter().any(|s| s.slug == d.slug));
    if headed.count() > 0 && !found_heading {
        return Some(
            "no heading of schemas/domains.yaml found in the text: it is not an edition of this report, or its headings are in another language"
                .into(),
        );
    }
    None
}

/// One file `import` will write.
#[derive(Debug)]
pub struct PlannedFile {
    /// Where it is written (checked: inside the repository, through no link).
    pub target: Target,
    /// Its path relative to the repository root, as named in the folder.
    pub path: String,
    pub content: String,
    /// The file as it is now, when it exists.
    pub current: Option<String>,
    /// Whether the body it has now differs from the imported one and is not empty: then
    /// replacing it may lose text.
    pub replaces_text: bool,
}

/// What `import` will write, decided before anything is.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
}

/// What `write_plan` did.
#[derive(Debug, Default)]
pub struct Written {
    pub created: Vec<PathBuf>,
    pub updated: Vec<PathBuf>,
}

/// Plans the imported sections into `dir` (the language folder: a real path inside the
/// repository at `root`, existing or not). A section whose domain already has a file there keeps that file's name and
/// front matter; only its body is replaced. Other sections get `NN-slug.md` with a draft
/// front matter.
pub fn plan_sections(
    root: &Path,
    dir: &Path,
    imported: &Imported,
    catalog: &Catalog,
) -> Result<Plan> {
    let existing = existing_sections(root, dir)?;
    let mut plan = Plan::default();
    for section in &imported.sections {
        let body = section
            .paragraphs
            .iter()
            .map(|p| escape_plain(p))
            .collect::<Vec<_>>()
            .join("\n\n");
        let found = existing
            .iter()
            .find(|(_, _, s)| s.domain() == Some(section.slug.as_str()));
        let (path, front) = match found {
            Some((path, _, s)) => {
                let end = s.front_range.end;
                // Keep the front matter and its closing line exactly as they are.
                let close_end = s.file.text[end..]
                    .find('\n')
                    .map_or(s.file.text.len(), |i| end + i + 1);
                (path.clone(), s.file.text[..close_end].to_string())
            }
            None => {
                let order = catalog.domain_index(&section.slug).unwrap_or(0);
                let path = dir.join(format!("{order:02}-{}.md", section.slug));
                (
                    path,
                    format!(
                        "---\ndomain: {}\nproposals: []\nstatus: draft\n---\n",
                        section.slug
                    ),
                )
            }
        };
        let content = format!("{front}{body}\n");
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let target = target::output(root, root, &path, Purpose::Drafts)?;
        let replaces_text = found.is_some_and(|(_, _, s)| {
            !s.paragraphs.is_empty()
                && s.paragraph_texts().collect::<Vec<_>>()
                    != content[front.len()..]
                        .split("\n\n")
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
        });
        plan.files.push(PlannedFile {
            target,
            path: rel,
            content,
            current: found.map(|(_, _, s)| s.file.text.clone()),
            replaces_text,
        });
    }
    Ok(plan)
}

/// The files whose text the plan replaces although it is not what `committed` (the last
/// commit) holds: replacing them would lose work that exists nowhere else. With no
/// commit to compare with, every file whose text would be replaced is listed.
pub fn uncommitted_replacements<'a>(plan: &'a Plan, committed: Option<&dyn Tree>) -> Vec<&'a str> {
    plan.files
        .iter()
        .filter(|f| f.replaces_text)
        .filter(|f| {
            let in_commit = committed.and_then(|tree| tree.read(&f.path).ok().flatten());
            in_commit.as_deref() != f.current.as_deref().map(str::as_bytes)
        })
        .map(|f| f.path.as_str())
        .collect()
}

/// Writes the planned files, each atomically (temporary file, then rename), and only when
/// it still holds what it held when planned.
pub fn write_plan(plan: &Plan) -> Result<Written> {
    let mut written = Written::default();
    for file in &plan.files {
        target::create_folders(&file.target)?;
        match &file.current {
            Some(current) => {
                write_atomic_if_unchanged(
                    &file.target,
                    current.as_bytes(),
                    file.content.as_bytes(),
                )?;
                written.updated.push(file.target.path().to_path_buf());
            }
            None => {
                write_atomic(&file.target, file.content.as_bytes())?;
                written.created.push(file.target.path().to_path_buf());
            }
        }
    }
    Ok(written)
}

/// The section files already in `dir`, each read as the loader reads files: inside the
/// repository, regular, bounded.
fn existing_sections(root: &Path, dir: &Path) -> Result<Vec<(PathBuf, String, Section)>> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(crate::write::is_temporary)
        })
        .collect();
    paths.sort();
    for path in paths {
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let refuse = |why: String| Error::Invalid {
            location: rel.clone(),
            message: format!("cannot read the section file: {why}"),
            help: "make it a regular UTF-8 file inside the repository, or remove it".into(),
        };
        let bytes = read_inside(root, &path, MAX_FILE_BYTES).map_err(|r| refuse(r.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            refuse(format!(
                "invalid UTF-8 at byte {}",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let section = parse_section(&rel, "", text);
        out.push((path, rel, section));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DomainCatalog, ProposalRegistry, Termbase};

    fn catalog() -> Catalog {
        let domains: DomainCatalog = serde_saphyr::from_str(
            "domains:
  - {slug: introduction, heading: false, title: {fr: Introduction}}
  - {slug: space, title: {fr: Espace}}
  - {slug: cyber, title: {fr: Cybersécurité et cyberdéfense}}
  - {slug: closing, heading: false, title: {fr: Conclusion}}
",
        )
        .unwrap();
        Catalog {
            domains,
            proposals: ProposalRegistry {
                sets: vec![],
                proposals: vec![],
            },
            terms: Termbase::default(),
        }
    }

    /// Random editions, wrapped at random widths with page breaks (number, form feed,
    /// running header) at random lines, come back paragraph for paragraph.
    #[test]
    fn random_extractions_give_back_every_paragraph() {
        const WORDS: &[&str] = &[
            "la",
            "coopération",
            "UE-OTAN",
            "s'est",
            "poursuivie",
            "2025",
            "90",
            "000",
            "24^e",
            "«",
            "flotte",
            "fantôme",
            "»",
            "civilo-militaire",
            "Kyïv",
            "–",
            "5",
            "%",
            "(SEAE)",
            "et",
            "12",
            "Espace",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let paragraphs = |next: &mut dyn FnMut(usize) -> usize| -> Vec<String> {
            (0..1 + next(3))
                .map(|_| {
                    let n = 3 + next(40);
                    let mut words: Vec<&str> = (0..n).map(|_| WORDS[next(WORDS.len())]).collect();
                    words.insert(0, "Les");
                    format!("{}.", words.join(" "))
                })
                .collect()
        };
        for _ in 0..1000 {
            // An edition: introduction, two headed sections, a closing paragraph.
            let intro = paragraphs(&mut next);
            let space = paragraphs(&mut next);
            let mut cyber = paragraphs(&mut next);
            if cyber.len() == 1 {
                // The closing paragraph is taken from the end: leave the section one.
                cyber.extend(paragraphs(&mut next));
            }
            let published = [
                intro.join("\n\n"),
                "Espace".into(),
                space.join("\n\n"),
                "Cybersécurité et cyberdéfense".into(),
                cyber.join("\n\n"),
            ]
            .join("\n\n");

            // Extract it: wrap, then a page break every few lines.
            let width = 30 + next(60);
            let mut lines = Vec::new();
            for line in published.lines() {
                let mut current = String::new();
                for word in line.split(' ').filter(|w| !w.is_empty()) {
                    if !current.is_empty()
                        && current.chars().count() + word.chars().count() >= width
                    {
                        lines.push(std::mem::take(&mut current));
                    }
                    if !current.is_empty() {
                        current.push(' ');
                    }
                    current.push_str(word);
                }
                lines.push(current);
            }
            let every = 4 + next(10);
            // Page 1 has the running header too, as in a real PDF: that is what makes a
            // line "repeated at page breaks" even when there is only one break.
            let mut raw = String::from("Rapport d'étape 2026\r\n");
            for (i, line) in lines.iter().enumerate() {
                let page_break = format!("{}\r\n\u{c}Rapport d'étape 2026\r\n", i / every + 1);
                let at_break = i % every == every - 1;
                // A break between two paragraphs has the blank line after the page's
                // furniture (text right after it continues the paragraph).
                if at_break && line.is_empty() {
                    raw.push_str(&page_break);
                }
                raw.push_str(line);
                raw.push_str("\r\n");
                if at_break && !line.is_empty() {
                    raw.push_str(&page_break);
                }
            }

            let imported = split_edition(&raw, &catalog(), "fr", None);
            let got: Vec<(&str, Vec<String>)> = imported
                .sections
                .iter()
                .map(|s| (s.slug.as_str(), s.paragraphs.clone()))
                .collect();
            let closing = cyber.pop().unwrap();
            let want = vec![
                ("introduction", intro),
                ("space", space),
                ("cyber", cyber),
                ("closing", vec![closing]),
            ];
            assert_eq!(got, want, "from:\n{raw}");
        }
    }
}
