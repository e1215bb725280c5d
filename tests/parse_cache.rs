//! The cache of parsed YAML (`load::cache`), through the real binary: it lives in the
//! repository's git folder, gives the same findings as parsing the YAML, and never stands
//! in for a file that changed — the catalog, the edition metadata or a section's front
//! matter; a broken one is still reported. The findings of the work per file kept there
//! (`check::cached`) are those of a fresh check, and a changed file is checked again.

mod common;

use std::path::{Path, PathBuf};

use common::{Workspace, git, json_diagnostics, stderr};

/// The cache's entries of one kind (`catalog-`, `edition-`, `front-matter-`).
fn entries_of(git_dir: &Path, kind: &str) -> Vec<PathBuf> {
    match std::fs::read_dir(git_dir.join("rapporteur")) {
        Ok(dir) => dir
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(kind))
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn entries(git_dir: &Path) -> Vec<PathBuf> {
    entries_of(git_dir, "catalog-")
}

/// The shipped workspace in a git repository.
fn repository() -> Workspace {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q", "-b", "main"]);
    git(ws.path(), &["add", "-A"]);
    git(ws.path(), &["commit", "-q", "-m", "edition 11"]);
    ws
}

#[test]
fn a_cached_catalog_gives_the_same_findings_and_follows_every_edit() {
    let ws = repository();
    let git_dir = ws.file(".git");
    assert!(entries(&git_dir).is_empty());
    let first = ws.run(&["check", "--format", "json"]);
    assert_eq!(
        entries(&git_dir).len(),
        1,
        "the first run caches the catalog"
    );
    assert_eq!(
        entries_of(&git_dir, "edition-").len(),
        1,
        "and the metadata"
    );
    assert_eq!(
        entries_of(&git_dir, "front-matter-").len(),
        1,
        "and the front matter"
    );
    let second = ws.run(&["check", "--format", "json"]);
    assert_eq!(first.status.code(), second.status.code());
    assert_eq!(json_diagnostics(&first), json_diagnostics(&second));
    assert_eq!(entries(&git_dir).len(), 1, "a hit writes nothing");

    // The termbase edited: the cached catalog no longer applies. `Kyïv` becomes the
    // variant to avoid, and the check reports each use of it.
    let terms = ws.read("schemas/terminology.yaml");
    let edited = terms.replacen(
        "- preferred: Kyïv\n        variants: [Kiev, Kyiv, Kiyv, Kyjiv]",
        "- preferred: Kiev\n        variants: [Kyïv]",
        1,
    );
    assert_ne!(terms, edited, "the termbase has a Kyïv entry");
    ws.write("schemas/terminology.yaml", &edited);
    let third = ws.run(&["check", "--format", "json"]);
    assert_eq!(third.status.code(), Some(1));
    let kyiv = json_diagnostics(&third)
        .iter()
        .filter(|d| d["code"] == "T001" && d["message"].as_str().unwrap().contains("Kyïv"))
        .count();
    assert!(kyiv > 0, "{:?}", json_diagnostics(&third));
    assert_eq!(entries(&git_dir).len(), 2, "a new entry for the new text");
    // Broken YAML after a good, cached catalog: the error is still reported, with its line.
    ws.write("schemas/terminology.yaml", "languages:\n  fr: [unclosed\n");
    let broken = ws.run(&["check"]);
    assert_eq!(broken.status.code(), Some(2), "{}", stderr(&broken));
    assert!(
        stderr(&broken).contains("schemas/terminology.yaml:"),
        "{}",
        stderr(&broken)
    );
    // Back to the shipped text: the first entry serves again, with the first findings.
    ws.write("schemas/terminology.yaml", &terms);
    let again = ws.run(&["check", "--format", "json"]);
    assert_eq!(json_diagnostics(&again), json_diagnostics(&first));
    assert_eq!(entries(&git_dir).len(), 2);
}

/// The metadata and the front matter follow every edit too, and a broken front matter
/// after a cached good one is still reported.
#[test]
fn cached_metadata_and_front_matter_follow_every_edit() {
    let ws = repository();
    let first = ws.run(&["check", "--format", "json"]);
    let codes = |out: &std::process::Output| -> Vec<String> {
        json_diagnostics(out)
            .iter()
            .map(|d| format!("{} {}", d["code"], d["path"]))
            .collect()
    };
    // A waiver removed from the metadata: 2016-02 (one line, an alias of the reason of
    // 2016-01) is then neither reported on nor waived.
    let report = ws.read("drafts/report.yaml");
    let edited = report
        .lines()
        .filter(|l| !l.starts_with("  \"2016-02\":"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(report.trim_end(), edited, "the report waives 2016-02");
    ws.write("drafts/report.yaml", format!("{edited}\n"));
    let out = ws.run(&["check", "--format", "json"]);
    assert_ne!(codes(&out), codes(&first), "the edited metadata is read");
    ws.write("drafts/report.yaml", &report);

    // A front matter naming an unknown domain, then one that is not YAML.
    let path = "drafts/fr/11-space.md";
    let section = ws.read(path);
    ws.write(path, section.replacen("domain: space", "domain: spce", 1));
    let out = ws.run(&["check", "--format", "json"]);
    assert!(
        codes(&out).contains(&format!("\"S004\" \"{path}\"")),
        "{:?}",
        codes(&out)
    );
    ws.write(path, section.replacen("domain: space", "domain: [space", 1));
    let out = ws.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        codes(&out)
            .iter()
            .any(|c| c.starts_with("\"S") && c.ends_with(&format!("\"{path}\""))),
        "{:?}",
        codes(&out)
    );
    // Back as shipped: the first findings, from the first entries.
    ws.write(path, &section);
    let again = ws.run(&["check", "--format", "json"]);
    assert_eq!(json_diagnostics(&again), json_diagnostics(&first));
}

/// A damaged entry is a miss, never an error: the YAML is parsed and the entry rewritten.
#[test]
fn a_damaged_entry_is_parsed_again() {
    let ws = repository();
    let first = ws.run(&["check", "--format", "json"]);
    let entry = entries(&ws.file(".git")).pop().expect("an entry");
    let bytes = std::fs::read(&entry).unwrap();
    std::fs::write(&entry, &bytes[..bytes.len() - 100]).unwrap();
    let second = ws.run(&["check", "--format", "json"]);
    assert_eq!(json_diagnostics(&first), json_diagnostics(&second));
    assert_eq!(std::fs::read(&entry).unwrap(), bytes, "rewritten whole");
}

/// Outside a git repository nothing is written anywhere.
#[test]
fn no_cache_outside_a_repository() {
    let ws = Workspace::shipped();
    let listing = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing(ws.path());
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(listing(ws.path()), before);
}

/// The run's output without the cache: its folder removed first (and again after).
fn fresh(ws: &Workspace, args: &[&str]) -> std::process::Output {
    let dir = ws.file(".git/rapporteur");
    let _ = std::fs::remove_dir_all(&dir);
    let out = ws.run(args);
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// Findings planted in a section: a variant to avoid (with its fix) and a typography
/// slip, beside an acronym (its uses are facts that the work across files reads).
fn plant(ws: &Workspace) {
    let path = "drafts/fr/03-resilience.md";
    let shipped = std::fs::read_to_string(common::repo_root().join(path)).unwrap();
    ws.write(
        path,
        format!(
            "{}\n\nLa délégation s'est rendue à Kiev , puis a rencontré le SEAE.\n",
            shipped.trim_end()
        ),
    );
}

#[test]
fn kept_findings_are_those_of_a_fresh_check() {
    let ws = repository();
    plant(&ws);
    let git_dir = ws.file(".git");
    for format in ["json", "human", "sarif"] {
        let args = ["check", "--format", format];
        let cold = fresh(&ws, &args);
        let stored = ws.run(&args);
        assert_eq!(entries_of(&git_dir, "findings-").len(), 1, "one entry");
        let warm = ws.run(&args);
        assert_eq!(warm.status.code(), Some(1), "{}", stderr(&warm));
        for out in [&stored, &warm] {
            assert_eq!(out.status.code(), cold.status.code());
            assert_eq!(out.stdout, cold.stdout, "{format}: the same output");
        }
    }
    // The kept fixes are the fixes: `check --fix` after a warm run writes what it would
    // have written from a fresh check.
    let fixed_fresh = {
        fresh(&ws, &["check", "--fix"]);
        ws.read("drafts/fr/03-resilience.md")
    };
    plant(&ws);
    ws.run(&["check"]);
    ws.run(&["check"]);
    ws.run(&["check", "--fix"]);
    assert_eq!(ws.read("drafts/fr/03-resilience.md"), fixed_fresh);
    assert!(fixed_fresh.contains("Kyïv"), "the fix applied");
}

#[test]
fn a_changed_file_is_checked_again_and_the_others_are_kept() {
    let ws = repository();
    let args = ["check", "--format", "json"];
    ws.run(&args);
    let git_dir = ws.file(".git");
    let entry = entries_of(&git_dir, "findings-").pop().expect("an entry");
    // One section edited: its new finding is there, at its line, as a fresh check has it.
    plant(&ws);
    let out = ws.run(&args);
    let found = json_diagnostics(&out);
    assert!(
        found
            .iter()
            .any(|d| d["code"] == "T001" && d["path"] == "drafts/fr/03-resilience.md"),
        "{found:?}"
    );
    assert_eq!(found, json_diagnostics(&fresh(&ws, &args)));
    ws.run(&args);
    // The edition metadata edited: the 12th edition now says « onzième » in its
    // introduction (E001), which the kept findings of the 11th could not know.
    let report = ws.read("drafts/report.yaml");
    ws.write(
        "drafts/report.yaml",
        report.replacen("number: 11", "number: 12", 1),
    );
    let out = ws.run(&args);
    let found = json_diagnostics(&out);
    assert!(found.iter().any(|d| d["code"] == "E001"), "{found:?}");
    assert_eq!(found, json_diagnostics(&fresh(&ws, &args)));
    // The build reads the same kept findings, and writes the same document.
    ws.write("drafts/report.yaml", &report);
    let path = "drafts/fr/03-resilience.md";
    let text = ws.read(path);
    ws.write(path, text.replacen("Kiev , puis", "Kyïv, puis", 1));
    let build = ["build", "--format", "html"];
    let cold = fresh(&ws, &build);
    ws.run(&["check"]);
    let warm = ws.run(&build);
    assert_eq!(warm.status.code(), Some(0), "{}", stderr(&warm));
    assert_eq!(warm.stdout, cold.stdout);
    // A damaged entry is a miss.
    let entry_now = entries_of(&git_dir, "findings-").pop().expect("an entry");
    let bytes = std::fs::read(&entry_now).unwrap();
    std::fs::write(&entry_now, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(
        json_diagnostics(&ws.run(&args)),
        json_diagnostics(&fresh(&ws, &args))
    );
    assert!(
        !entry.exists() || entry == entry_now,
        "one entry per catalog and metadata"
    );
}
