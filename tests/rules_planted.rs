//! The T, Y and B rules, `check --fix` and per-rule severities, run through the real
//! binary on a copy of the shipped edition with defects planted in it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Workspace, json_diagnostics, rapporteur, repo_root};

/// Exit code and `(code, path, line)` of every finding, with its severity.
fn check(dir: &Path) -> (i32, Vec<(String, String, u64, String)>) {
    let out = rapporteur(dir, &["check", "--format", "json"]);
    let found = json_diagnostics(&out)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (out.status.code().unwrap(), found)
}

/// Runs `check --fix PATHS` and asserts that it exits 0.
fn fix(dir: &Path, paths: &[&str]) {
    let args = [&["check", "--fix"][..], paths].concat();
    let out = rapporteur(dir, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn edit(dir: &Path, path: &str, change: impl FnOnce(String) -> String) {
    let path = dir.join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = change(text.clone());
    assert_ne!(
        text,
        changed,
        "the edit of {} changed nothing",
        path.display()
    );
    std::fs::write(path, changed).unwrap();
}

fn replace_once(from: &'static str, to: &'static str) -> impl FnOnce(String) -> String {
    move |text| text.replacen(from, to, 1)
}

fn append(paragraph: &'static str) -> impl FnOnce(String) -> String {
    move |text| format!("{}\n\n{paragraph}\n", text.trim_end())
}

/// 1-based line of the first line holding `needle`.
fn line_of(dir: &Path, path: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(dir.join(path)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

fn all_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                files.insert(entry.path(), std::fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

#[test]
fn shipped_edition_passes_with_its_known_warnings() {
    let dir = Workspace::shipped();
    let (code, found) = check(dir.path());
    assert_eq!(code, 0, "{found:?}");
    assert!(found.iter().all(|d| d.3 != "error"), "{found:?}");
    let warnings: Vec<(&str, &str, u64)> = found
        .iter()
        .filter(|d| d.3 == "warning")
        .map(|d| (d.0.as_str(), d.1.as_str(), d.2))
        .collect();
    assert_eq!(
        warnings,
        vec![
            (
                "T006",
                "drafts/fr/16-operational-cooperation-maritime.md",
                6
            ),
            ("T007", "drafts/fr/19-capacity-building.md", 8),
            ("T006", "drafts/fr/19-capacity-building.md", 8),
            ("T007", "drafts/fr/19-capacity-building.md", 14),
            ("T006", "drafts/fr/19-capacity-building.md", 24),
        ]
    );
}

#[test]
fn each_planted_defect_is_found_once_where_it_is() {
    let dir = Workspace::shipped();
    let root = dir.path();
    let (_, baseline) = check(root);

    edit(
        root,
        "drafts/fr/19-capacity-building.md",
        replace_once("Kyïv", "Kiev"),
    );
    edit(
        root,
        "drafts/fr/05-strategic-communications.md",
        append("Le ZQX a été consulté."),
    );
    edit(
        root,
        "drafts/fr/08-cyber.md",
        replace_once(
            "sur sa lancée, dans le cadre",
            "sur sa lancée, dans le\n\ncadre",
        ),
    );
    edit(
        root,
        "drafts/fr/11-space.md",
        append("Deux objectifs ; un seul plan."),
    );
    let copied = std::fs::read_to_string(root.join("drafts/fr/13-defence-industry.md"))
        .unwrap()
        .lines()
        .nth(5)
        .unwrap()
        .to_string();
    edit(root, "drafts/fr/15-research.md", |text| {
        format!("{}\n\n{copied}\n", text.trim_end())
    });

    let planted = [
        ("T001", "drafts/fr/19-capacity-building.md", 8),
        (
            "T005",
            "drafts/fr/05-strategic-communications.md",
            line_of(root, "drafts/fr/05-strategic-communications.md", "ZQX"),
        ),
        ("B001", "drafts/fr/08-cyber.md", 6),
        (
            "Y001",
            "drafts/fr/11-space.md",
            line_of(root, "drafts/fr/11-space.md", "Deux objectifs"),
        ),
        (
            "B002",
            "drafts/fr/15-research.md",
            line_of(root, "drafts/fr/15-research.md", &copied[..40]),
        ),
    ];
    let (code, found) = check(root);
    assert_eq!(code, 1);
    let mut expected: Vec<(String, String, u64)> = baseline
        .iter()
        .map(|d| (d.0.clone(), d.1.clone(), d.2))
        .chain(
            planted
                .iter()
                .map(|(c, p, l)| (c.to_string(), p.to_string(), *l)),
        )
        .collect();
    let mut got: Vec<(String, String, u64)> = found
        .iter()
        .map(|d| (d.0.clone(), d.1.clone(), d.2))
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn fix_repairs_safe_findings_atomically_and_idempotently() {
    let dir = Workspace::shipped();
    let root = dir.path();
    edit(
        root,
        "drafts/fr/19-capacity-building.md",
        replace_once("Kyïv", "Kiev"),
    );
    edit(
        root,
        "drafts/fr/08-cyber.md",
        replace_once(
            "sur sa lancée, dans le cadre",
            "sur sa lancée, dans le\n\n\ncadre",
        ),
    );
    edit(
        root,
        "drafts/fr/11-space.md",
        append("Deux objectifs ; un seul plan :  « la paix»  ."),
    );
    let before = all_files(root);
    fix(root, &[]);
    let text = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    assert!(text("drafts/fr/19-capacity-building.md").contains("Kyïv"));
    assert!(!text("drafts/fr/19-capacity-building.md").contains("Kiev"));
    assert!(text("drafts/fr/08-cyber.md").contains("sur sa lancée, dans le cadre"));
    assert!(
        text("drafts/fr/11-space.md")
            .contains("Deux objectifs\u{a0}; un seul plan\u{a0}: «\u{a0}la paix\u{a0}»."),
        "{}",
        text("drafts/fr/11-space.md")
    );
    let after = all_files(root);
    // Only the three edited files changed, and no temporary file was left behind.
    let changed = changed_files(root, &before);
    assert_eq!(
        changed,
        vec![
            "drafts/fr/08-cyber.md",
            "drafts/fr/11-space.md",
            "drafts/fr/19-capacity-building.md"
        ]
    );
    // A second run changes nothing.
    fix(root, &[]);
    assert_eq!(changed_files(root, &after), Vec::<String>::new());
}

#[test]
fn fix_changes_nothing_on_the_shipped_edition() {
    let dir = Workspace::shipped();
    let before = all_files(dir.path());
    fix(dir.path(), &[]);
    assert_eq!(changed_files(dir.path(), &before), Vec::<String>::new());
}

/// Files added or changed since `before`, relative to `root`.
fn changed_files(root: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    all_files(root)
        .iter()
        .filter(|(p, c)| before.get(*p) != Some(*c))
        .map(|(p, _)| p.strip_prefix(root).unwrap().display().to_string())
        .collect()
}

#[test]
fn severities_can_be_changed_per_rule() {
    let dir = Workspace::shipped();
    edit(
        dir.path(),
        "drafts/report.yaml",
        append("rules:\n  T006: info\n  T007: error"),
    );
    let (code, found) = check(dir.path());
    assert_eq!(code, 1);
    let of = |c: &str| {
        found
            .iter()
            .filter(|d| d.0 == c)
            .map(|d| d.3.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("T006"), vec!["info"; 3]);
    assert_eq!(of("T007"), vec!["error"; 2]);
}

#[test]
fn an_unknown_rule_code_is_a_broken_config() {
    let dir = Workspace::shipped();
    edit(
        dir.path(),
        "drafts/report.yaml",
        append("rules:\n  T006: info\n  T999: warning"),
    );
    let line = line_of(dir.path(), "drafts/report.yaml", "T999");
    let out = rapporteur(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("drafts/report.yaml:{line}:3")),
        "{stderr}"
    );
    assert!(stderr.contains("T999"), "{stderr}");
}

#[test]
fn rules_lists_and_explains_every_new_rule() {
    let out = rapporteur(&repo_root(), &["rules"]);
    let list = String::from_utf8_lossy(&out.stdout);
    for code in [
        "T001", "T002", "T003", "T004", "T005", "T006", "T007", "Y001", "Y002", "Y003", "Y004",
        "Y005", "B001", "B002", "B003", "L001", "L002", "L003", "L004",
    ] {
        assert!(list.contains(code), "{code} missing from:\n{list}");
        let out = rapporteur(&repo_root(), &["rules", code]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Why") && text.contains("Example"), "{text}");
    }
}

/// The findings of `check` on a copy of the shipped edition with one change, minus the
/// shipped edition's own findings.
fn planted(path: &str, change: impl FnOnce(String) -> String) -> Vec<(String, String, u64)> {
    let dir = Workspace::shipped();
    let (_, baseline) = check(dir.path());
    edit(dir.path(), path, change);
    let (_, found) = check(dir.path());
    found
        .into_iter()
        .filter(|d| !baseline.contains(d))
        .map(|d| (d.0, d.1, d.2))
        .collect()
}

fn one(code: &str, path: &str, line: u64) -> Vec<(String, String, u64)> {
    vec![(code.to_string(), path.to_string(), line)]
}

#[test]
fn acronym_used_before_its_expansion_in_reading_order() {
    // The introduction comes before political dialogue, where the AED is spelled out;
    // the elided form `l'AED` counts as a use.
    let found = planted(
        "drafts/fr/00-introduction.md",
        append("Le rôle de l'AED a été salué."),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "T002");
    assert_eq!(found[0].1, "drafts/fr/00-introduction.md");
}

#[test]
fn acronym_never_expanded() {
    let found = planted(
        "drafts/fr/01-political-dialogue.md",
        replace_once("du Comité politique et de sécurité (COPS)", "du COPS"),
    );
    assert_eq!(found, one("T003", "drafts/fr/01-political-dialogue.md", 14));
}

#[test]
fn acronym_expanded_another_way() {
    let found = planted(
        "drafts/fr/01-political-dialogue.md",
        replace_once(
            "Agence européenne de défense (AED)",
            "Agence de défense européenne (AED)",
        ),
    );
    assert_eq!(found, one("T004", "drafts/fr/01-political-dialogue.md", 12));
}

#[test]
fn capitals_in_hyphenated_words_are_checked_part_by_part() {
    let found = planted(
        "drafts/fr/09-defence-capabilities.md",
        replace_once("anti-UAS", "anti-ZQX"),
    );
    assert_eq!(
        found,
        one("T005", "drafts/fr/09-defence-capabilities.md", 20)
    );
}

#[test]
fn times_urls_and_numbers_are_not_punctuation() {
    let found = planted(
        "drafts/fr/11-space.md",
        append(
            "La réunion de 14:30 (voir https://example.org/a?b=c;d) a réuni 90\u{a0}000 personnes en 2016 200 fois, soit 5\u{a0}% de plus…",
        ),
    );
    assert_eq!(found, vec![]);
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Workspace::shipped();
    let path = dir.path().join("drafts/fr/19-capacity-building.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    edit(
        dir.path(),
        "drafts/fr/19-capacity-building.md",
        replace_once("Kyïv", "Kiev"),
    );
    fix(dir.path(), &[]);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o644);
}

#[test]
fn thousands_are_kept_together() {
    let found = planted(
        "drafts/fr/11-space.md",
        append("Il y a eu 1 500 exercices et 12\u{a0}000 000 visites."),
    );
    let line = found.first().map_or(0, |d| d.2);
    assert_eq!(
        found,
        vec![
            (
                "Y005".to_string(),
                "drafts/fr/11-space.md".to_string(),
                line
            ),
            (
                "Y005".to_string(),
                "drafts/fr/11-space.md".to_string(),
                line
            )
        ]
    );
}

#[test]
fn checked_in_schemas_know_every_rule_code() {
    // edition.schema.json lists the rule codes `rules:` accepts; a new rule needs
    // `rapporteur schema`.
    let out = rapporteur(&repo_root(), &["schema", "--check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn fix_with_paths_touches_only_those_files() {
    let dir = Workspace::shipped();
    let root = dir.path();
    edit(
        root,
        "drafts/fr/19-capacity-building.md",
        replace_once("Kyïv", "Kiev"),
    );
    edit(
        root,
        "drafts/fr/11-space.md",
        append("Deux objectifs ; un seul plan."),
    );
    let before = all_files(root);
    fix(root, &["drafts/fr/11-space.md"]);
    // The file asked for is fixed; nothing else is touched or reported.
    assert_eq!(changed_files(root, &before), vec!["drafts/fr/11-space.md"]);
    let (code, found) = check(root);
    assert_eq!(code, 1);
    assert!(found.iter().any(|d| d.0 == "T001"), "{found:?}");
}

/// `--fix` says which files it rewrote and how many fixes each received, on stderr.
#[test]
fn fix_names_each_file_and_its_fixes() {
    let dir = Workspace::shipped();
    let root = dir.path();
    edit(
        root,
        "drafts/fr/19-capacity-building.md",
        replace_once("Kyïv", "Kiev"),
    );
    edit(
        root,
        "drafts/fr/11-space.md",
        append("Deux objectifs ; un seul plan : le bon."),
    );
    let out = rapporteur(root, &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "drafts/fr/11-space.md: 2 fixes applied\n\
         drafts/fr/19-capacity-building.md: 1 fix applied\n\
         fixed 3 findings in 2 files\n"
    );
    // Nothing left to fix: nothing said.
    let out = rapporteur(root, &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn an_acronym_without_termbase_expansion_is_spelled_out_one_way() {
    let dir = Workspace::shipped();
    let root = dir.path();
    let (_, baseline) = check(root);
    edit(
        root,
        "drafts/fr/00-introduction.md",
        replace_once("la part du PIB", "la part du produit intérieur brut (PIB)"),
    );
    edit(
        root,
        "drafts/fr/11-space.md",
        append("Le produit interne brut (PIB) a crû."),
    );
    let (_, found) = check(root);
    let new: Vec<_> = found.iter().filter(|d| !baseline.contains(d)).collect();
    let line = line_of(root, "drafts/fr/11-space.md", "produit interne brut");
    assert_eq!(
        new,
        vec![&(
            "T004".to_string(),
            "drafts/fr/11-space.md".to_string(),
            line,
            "error".to_string()
        )]
    );
}
