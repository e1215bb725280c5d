//! Checking many editions at once: an archive of past reports, or every language of
//! every edition of a series, each a workspace folder (with its own `drafts/report.yaml`
//! and `schemas/`).
//!
//! Editions are checked on a few threads from a shared queue. Each thread loads one
//! edition, checks it, hands its diagnostics to the caller and drops it before taking
//! the next, so memory stays bounded by the largest editions in flight, whatever the
//! size of the corpus. This is what `examples/corpus.rs` measures (see BENCHMARKS.md).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::check::{Diagnostic, check_edition};
use crate::error::Result;
use crate::load::{
    CatalogFiles, DOMAINS_FILE, PROPOSALS_FILE, TERMINOLOGY_FILE, Tree, WorkTree, find_root,
    load_catalog, load_edition_with,
};
use crate::model::Catalog;

/// What checking one edition gave.
#[derive(Debug)]
pub struct EditionReport {
    /// The edition's workspace root, as given.
    pub root: PathBuf,
    /// Number of section files read (including unreadable ones).
    pub files: usize,
    /// Its findings, or the tool failure that stopped its check (a missing catalog, …).
    pub diagnostics: Result<Vec<Diagnostic>>,
}

/// The workspace roots under `dir`: each sub-folder holding `drafts/report.yaml`, sorted
/// by name.
pub fn find_editions(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| crate::Error::io(dir, e))?;
    let mut roots = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| crate::Error::io(dir, e))?;
        let path = entry.path();
        if path.join(crate::load::REPORT_FILE).is_file() {
            roots.push(path);
        }
    }
    roots.sort();
    Ok(roots)
}

fn check_with_cache(root: &Path, cache: &mut CatalogCache) -> EditionReport {
    let loaded = find_root(root).and_then(|canonical| {
        load_edition_with(&WorkTree::new(canonical), |tree| cache.load(tree))
    });
    match loaded {
        Ok(edition) => EditionReport {
            root: root.to_path_buf(),
            files: edition.sections.len() + edition.unreadable.len(),
            diagnostics: Ok(check_edition(&edition)),
        },
        Err(e) => EditionReport {
            root: root.to_path_buf(),
            files: 0,
            diagnostics: Err(e),
        },
    }
}

/// The last catalog parsed, with the bytes it was parsed from.
#[derive(Default)]
struct CatalogCache {
    last: Option<(Vec<Vec<u8>>, Catalog, CatalogFiles)>,
}

impl CatalogCache {
    fn load(&mut self, tree: &dyn Tree) -> Result<(Catalog, CatalogFiles)> {
        let bytes: Option<Vec<Vec<u8>>> = [DOMAINS_FILE, PROPOSALS_FILE, TERMINOLOGY_FILE]
            .iter()
            .map(|path| tree.read(path).ok().flatten())
            .collect();
        if let (Some(bytes), Some((seen, catalog, files))) = (&bytes, &self.last)
            && bytes == seen
        {
            return Ok((catalog.clone(), files.clone()));
        }
        // Parsed afresh (and any error reported) exactly as `load_edition` does.
        let (catalog, files) = load_catalog(tree)?;
        self.last = bytes.map(|bytes| (bytes, catalog.clone(), files.clone()));
        Ok((catalog, files))
    }
}

/// Checks every edition of `roots` on `threads` threads (at least one) and calls
/// `on_report` on the calling thread with each report, in completion order. At most
/// `threads` editions are loaded at a time, plus the reports waiting to be handed over
/// (at most `threads` more).
pub fn check_editions(roots: &[PathBuf], threads: usize, mut on_report: impl FnMut(EditionReport)) {
    let threads = threads.clamp(1, roots.len().max(1));
    let next = AtomicUsize::new(0);
    let (send, receive) = mpsc::sync_channel::<EditionReport>(threads);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || {
                let mut cache = CatalogCache::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(root) = roots.get(i) else { break };
                    if send.send(check_with_cache(root, &mut cache)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        for report in receive {
            on_report(report);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_each_edition_once_and_reports_failures() {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["a", "b", "c", "d"] {
            let root = dir.path().join(name);
            for folder in ["drafts", "schemas"] {
                copy(&source.join(folder), &root.join(folder));
            }
        }
        // `b` has another catalog, where `space` is named `outer-space`: a thread that
        // reused `a`'s catalog would find nothing wrong.
        let domains = dir.path().join("b/schemas/domains.yaml");
        let text = std::fs::read_to_string(&domains).expect("read");
        std::fs::write(
            &domains,
            text.replacen(
                "- slug: space\n    title:",
                "- slug: outer-space\n    title:",
                1,
            ),
        )
        .expect("write");
        // `c` lacks its termbase: a tool failure for that edition only.
        std::fs::remove_file(dir.path().join("c/schemas/terminology.yaml")).expect("rm");
        let roots = find_editions(dir.path()).expect("list");
        assert_eq!(roots.len(), 4);
        for threads in [1, 2] {
            let mut reports = Vec::new();
            check_editions(&roots, threads, |r| reports.push(r));
            reports.sort_by(|a, b| a.root.cmp(&b.root));
            let errors: Vec<Option<Vec<&str>>> = reports
                .iter()
                .map(|r| {
                    r.diagnostics.as_ref().ok().map(|ds| {
                        ds.iter()
                            .filter(|d| d.severity == crate::check::Severity::Error)
                            .map(|d| d.code)
                            .collect()
                    })
                })
                .collect();
            assert_eq!(
                errors,
                [Some(vec![]), Some(vec!["S004", "S006"]), None, Some(vec![])],
                "{threads} thread(s)"
            );
            assert!(reports[0].files > 0);
        }
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            if entry.file_type().expect("type").is_dir() {
                copy(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
            }
        }
    }
}
