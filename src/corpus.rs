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
use crate::load::{WorkTree, find_root, load_edition};

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

/// Checks one edition, from its workspace root.
pub fn check_edition_at(root: &Path) -> EditionReport {
    let loaded = find_root(root).and_then(|canonical| load_edition(&WorkTree::new(canonical)));
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
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(root) = roots.get(i) else { break };
                    if send.send(check_edition_at(root)).is_err() {
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

/// Threads to use by default: the machine's parallelism.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_each_edition_once_and_reports_failures() {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["a", "b", "c"] {
            let root = dir.path().join(name);
            for folder in ["drafts", "schemas"] {
                copy(&source.join(folder), &root.join(folder));
            }
        }
        // `c` lacks its termbase: a tool failure for that edition only.
        std::fs::remove_file(dir.path().join("c/schemas/terminology.yaml")).expect("rm");
        let roots = find_editions(dir.path()).expect("list");
        assert_eq!(roots.len(), 3);
        let mut reports = Vec::new();
        check_editions(&roots, 2, |r| reports.push(r));
        reports.sort_by(|a, b| a.root.cmp(&b.root));
        assert_eq!(reports.len(), 3);
        for report in &reports[..2] {
            let diagnostics = report.diagnostics.as_ref().expect("checked");
            assert!(report.files > 0);
            assert!(
                diagnostics
                    .iter()
                    .all(|d| d.severity != crate::check::Severity::Error)
            );
        }
        assert!(reports[2].diagnostics.is_err());
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
