//! The edition the server keeps loaded, and what it knows of it: the findings of every
//! file, the work per section file kept between changes, and the file (if any) that
//! stops the edition from loading right now.
//!
//! A change to a section file re-parses that file and redoes its work per file; the work
//! across files is redone on every change. A change to anything else in `drafts/`
//! (`report.yaml`, sign-offs) reloads the edition with the catalog it has; a change to
//! `schemas/` reloads everything. When a reload fails (a catalog or `report.yaml` broken
//! mid-edit) the error is kept as a finding on that file and the last good edition stays
//! in use for the rest.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::check::{
    Diagnostic, Facts, Prepared, SectionRun, check_across, check_rule_settings, check_section,
    finish_diagnostics,
};
use crate::error::Error;
use crate::load::{
    DRAFTS_DIR, Edition, Section, SourceFile, Tree, WorkTree, load_catalog, load_edition_with,
    load_section,
};

use super::overlay::Overlay;

/// An error that stops the edition from loading, shown on the file it names.
#[derive(Debug, Clone)]
pub struct Broken {
    /// The file as read when it failed (for positions).
    pub file: SourceFile,
    pub offset: usize,
    pub message: String,
}

/// What must be redone before the findings are current again.
#[derive(Debug, Default)]
struct Pending {
    /// Reload the catalog and the edition.
    catalog: bool,
    /// Reload the edition with the catalog it has.
    edition: bool,
    /// Re-read these section files.
    sections: BTreeSet<String>,
}

/// The repository the editor works in.
pub struct Workspace {
    pub root: PathBuf,
    pub overlay: Overlay,
    /// The last edition that loaded.
    pub edition: Option<Edition>,
    pub broken: Option<Broken>,
    /// Every finding of the last check, by path.
    pub findings: BTreeMap<String, Vec<Diagnostic>>,
    /// Reviewers' open comments (drafts/reviews/), read again with the edition.
    pub review_threads: Vec<crate::review::OpenThread>,
    /// The work per file, by section path, while its file, the catalog and the metadata
    /// stay as they are.
    runs: HashMap<String, SectionRun>,
    pending: Pending,
}

impl Workspace {
    /// A workspace at `root` (the canonical repository root); nothing is loaded until the
    /// first [`refresh`](Self::refresh).
    pub fn new(root: PathBuf) -> Self {
        Workspace {
            overlay: Overlay::new(WorkTree::new(&root)),
            root,
            edition: None,
            broken: None,
            findings: BTreeMap::new(),
            review_threads: Vec::new(),
            runs: HashMap::new(),
            pending: Pending {
                catalog: true,
                ..Pending::default()
            },
        }
    }

    /// Notes that the file at `path` (relative to the root) may have changed, on disk or in
    /// the editor. Returns whether it matters to the edition.
    pub fn touch(&mut self, path: &str) -> bool {
        let drafts = path.starts_with(&format!("{DRAFTS_DIR}/"));
        if self.edition.is_none() && (drafts || path.starts_with("schemas/")) {
            // Nothing loaded yet: any file may be the one that was in the way.
            self.pending.catalog = true;
        } else if path.starts_with("schemas/") && path.ends_with(".yaml") {
            self.pending.catalog = true;
        } else if self.section_lang(path).is_some() {
            self.pending.sections.insert(path.to_string());
        } else if drafts && !path.ends_with(".md") {
            self.pending.edition = true;
        } else {
            return false;
        }
        true
    }

    /// Whether something changed since the last [`refresh`](Self::refresh).
    pub fn is_stale(&self) -> bool {
        self.pending.catalog || self.pending.edition || !self.pending.sections.is_empty()
    }

    /// The language of a section file path (`drafts/<lang>/<name>.md`, `lang` one of the
    /// edition's languages).
    pub fn section_lang(&self, path: &str) -> Option<&str> {
        let rest = path.strip_prefix(&format!("{DRAFTS_DIR}/"))?;
        let (lang, name) = rest.split_once('/')?;
        if name.contains('/') || !name.ends_with(".md") {
            return None;
        }
        let edition = self.edition.as_ref()?;
        edition
            .meta
            .value
            .languages
            .iter()
            .find(|l| *l == lang)
            .map(String::as_str)
    }

    /// Brings the edition and its findings up to date with every change noted.
    pub fn refresh(&mut self) {
        if !self.is_stale() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        // A broken catalog is read again on any reload, so that a reload of the metadata
        // does not hide it.
        let whole = pending.catalog || pending.edition || self.edition.is_none();
        if whole {
            self.reload(pending.catalog || self.broken.is_some() || self.edition.is_none());
        } else {
            for path in &pending.sections {
                self.reload_section(path);
            }
        }
        self.check();
    }

    /// Reloads the edition (and the catalog, when `catalog`); keeps the last good one when
    /// that fails.
    fn reload(&mut self, catalog: bool) {
        let kept = match (&self.edition, catalog) {
            (Some(edition), false) => {
                Some((edition.catalog.clone(), edition.catalog_files.clone()))
            }
            _ => None,
        };
        let loaded = load_edition_with(&self.overlay, |tree| match kept {
            Some(kept) => Ok(kept),
            None => load_catalog(tree),
        })
        .and_then(|edition| check_rule_settings(&edition.meta).map(|()| edition));
        match loaded {
            Ok(edition) => {
                self.edition = Some(edition);
                self.broken = None;
                self.runs.clear();
                self.review_threads = crate::review::open_threads(&self.root);
            }
            Err(error) => self.broken = Some(self.broken_by(&error)),
        }
    }

    /// Re-reads one section file: changed, created or deleted.
    fn reload_section(&mut self, path: &str) {
        let Some(lang) = self.section_lang(path).map(str::to_string) else {
            return;
        };
        self.runs.remove(path);
        let exists = !matches!(self.overlay.read(path), Ok(None));
        let loaded = exists.then(|| load_section(&self.overlay, path, &lang));
        let Some(edition) = self.edition.as_mut() else {
            return;
        };
        edition.sections.retain(|s| s.file.path != path);
        edition.unreadable.retain(|u| u.file.path != path);
        match loaded {
            None => {}
            Some(Ok(section)) => {
                let order = |s: &Section| {
                    let lang = edition
                        .meta
                        .value
                        .languages
                        .iter()
                        .position(|l| *l == s.lang);
                    (lang, s.file.path.clone())
                };
                let key = order(&section);
                let at = edition.sections.partition_point(|s| order(s) < key);
                edition.sections.insert(at, section);
            }
            Some(Err(unreadable)) => edition.unreadable.push(*unreadable),
        }
    }

    /// Runs the rules: the work per file of sections that changed, the work across files
    /// for all.
    fn check(&mut self) {
        let Some(edition) = &self.edition else {
            self.findings.clear();
            return;
        };
        let prepared = Prepared::new(edition);
        for section in &edition.sections {
            if !self.runs.contains_key(&section.file.path) {
                let run = check_section(&prepared, section);
                self.runs.insert(section.file.path.clone(), run);
            }
        }
        let runs: Vec<&SectionRun> = edition
            .sections
            .iter()
            .filter_map(|s| self.runs.get(&s.file.path))
            .collect();
        let facts: Vec<&Facts> = runs.iter().map(|r| &r.facts).collect();
        let mut all = check_across(&prepared, &facts);
        for run in &runs {
            all.extend(run.diagnostics.iter().cloned());
        }
        finish_diagnostics(edition, &mut all);
        self.findings.clear();
        for d in all {
            self.findings.entry(d.path.clone()).or_default().push(d);
        }
    }

    /// The error as a finding on the file it names (or on `drafts/report.yaml`).
    fn broken_by(&self, error: &Error) -> Broken {
        let (path, line, column, message) = match error {
            Error::Invalid {
                location,
                message,
                help,
            } => {
                let (path, line, column) = split_location(location);
                (path, line, column, format!("{message}\nhelp: {help}"))
            }
            Error::Io { path, .. } => (
                super::text::relative_path(&self.root, path)
                    .unwrap_or_else(|| crate::load::REPORT_FILE.to_string()),
                1,
                1,
                error.to_string(),
            ),
            _ => (
                crate::load::REPORT_FILE.to_string(),
                1,
                1,
                error.to_string(),
            ),
        };
        let text = match self.overlay.read(&path) {
            Ok(Some(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
            _ => String::new(),
        };
        let file = SourceFile::new(path, text);
        let offset = file.offset_of(line, column);
        Broken {
            file,
            offset,
            message,
        }
    }

    /// The file a finding's byte offsets are in, as the edition holds it.
    pub fn source(&self, path: &str) -> Option<&SourceFile> {
        if let Some(broken) = &self.broken
            && broken.file.path == path
        {
            return Some(&broken.file);
        }
        let edition = self.edition.as_ref()?;
        let catalog = &edition.catalog_files;
        edition
            .sections
            .iter()
            .map(|s| &s.file)
            .chain(edition.unreadable.iter().map(|u| &u.file))
            .chain([
                &edition.meta.file,
                &catalog.domains,
                &catalog.proposals,
                &catalog.terminology,
            ])
            .find(|f| f.path == path)
    }

    /// The section at `path`, as loaded.
    pub fn section(&self, path: &str) -> Option<&Section> {
        self.edition
            .as_ref()?
            .sections
            .iter()
            .find(|s| s.file.path == path)
    }

    /// The absolute path of a path relative to the root.
    pub fn absolute(&self, path: &str) -> PathBuf {
        self.root.join(path)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// `path:line:col` → its parts (line and column 1 when absent).
fn split_location(location: &str) -> (String, usize, usize) {
    let mut parts = location.rsplitn(3, ':');
    let (last, middle, first) = (parts.next(), parts.next(), parts.next());
    match (
        first,
        middle.and_then(|m| m.parse().ok()),
        last.and_then(|l| l.parse().ok()),
    ) {
        (Some(path), Some(line), Some(column)) => (path.to_string(), line, column),
        _ => (location.to_string(), 1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_edition;
    use crate::load::load_edition;
    use crate::lsp::overlay::Buffer;

    fn key(d: &Diagnostic) -> String {
        format!(
            "{}:{}:{} {} {} {:?}",
            d.path, d.line, d.column, d.code, d.message, d.severity
        )
    }

    /// After any sequence of edits, what the workspace found by re-checking only what
    /// changed is what `check` finds in the same texts from scratch.
    #[test]
    fn incremental_findings_are_those_of_a_full_check() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for sub in ["drafts", "schemas"] {
            let to = dir.path().join(sub);
            std::fs::create_dir_all(&to).unwrap();
            copy(&repo.join(sub), &to);
        }
        let root = dir.path().canonicalize().unwrap();
        let mut ws = Workspace::new(root);
        ws.refresh();
        let sections: Vec<String> = ws
            .edition
            .as_ref()
            .unwrap()
            .sections
            .iter()
            .map(|s| s.file.path.clone())
            .collect();
        let text = |ws: &Workspace, path: &str| match ws.overlay.read(path) {
            Ok(Some(bytes)) => String::from_utf8(bytes).unwrap(),
            _ => String::new(),
        };
        // A small deterministic generator: each step edits one file in one of the ways
        // that move findings across files.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let insertions = [
            " Kiev",
            " l'AED",
            " Agence européenne de défense (AED)",
            " FOOBAR",
            " produit interne brut (PIB)",
            "  ",
        ];
        for step in 0..60 {
            let path = sections[next(sections.len())].clone();
            let mut body = text(&ws, &path);
            match next(6) {
                0 | 1 => {
                    let at = body.len().saturating_sub(2);
                    let at = (0..=at).rev().find(|&i| body.is_char_boundary(i)).unwrap();
                    body.insert_str(at, insertions[next(insertions.len())]);
                }
                2 => {
                    // A paragraph of another section copied here.
                    let other = text(&ws, &sections[next(sections.len())]);
                    if let Some(p) = other.split("\n\n").nth(1) {
                        body.push_str(&format!("\n{p}\n"));
                    }
                }
                3 => body = body.replacen("proposals: [", "proposals: [2017-02, ", 1),
                4 => {
                    // The buffer closed on a file deleted on disk, or a new one opened.
                    ws.overlay.buffers.remove(&path);
                    let _ = std::fs::remove_file(ws.root.join(&path));
                    ws.touch(&path);
                    ws.refresh();
                    let new = format!("drafts/fr/99-new-{step}.md");
                    ws.overlay.buffers.insert(
                        new.clone(),
                        Buffer {
                            text: body,
                            version: step,
                        },
                    );
                    ws.touch(&new);
                    ws.refresh();
                    continue;
                }
                _ => body = body.replacen("status: final", "status: draft", 1),
            }
            ws.overlay.buffers.insert(
                path.clone(),
                Buffer {
                    text: body,
                    version: step,
                },
            );
            assert!(ws.touch(&path));
            if next(3) > 0 {
                ws.refresh();
            }
            let mut incremental: Vec<String> = ws.findings.values().flatten().map(key).collect();
            if !ws.is_stale() {
                let full = check_edition(&load_edition(&ws.overlay).unwrap());
                let full: Vec<String> = full.iter().map(key).collect();
                incremental.sort();
                let mut full_sorted = full.clone();
                full_sorted.sort();
                assert_eq!(incremental, full_sorted, "step {step}");
            }
        }
        let codes: std::collections::BTreeSet<&str> =
            ws.findings.values().flatten().map(|d| d.code).collect();
        assert!(codes.len() >= 4, "the edits made findings: {codes:?}");
    }

    fn copy(from: &Path, to: &Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    #[test]
    fn locations() {
        assert_eq!(
            split_location("schemas/terminology.yaml:12:5"),
            ("schemas/terminology.yaml".to_string(), 12, 5)
        );
        assert_eq!(
            split_location("drafts/report.yaml"),
            ("drafts/report.yaml".to_string(), 1, 1)
        );
    }
}
