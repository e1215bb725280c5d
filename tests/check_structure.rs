//! The S and P families on planted defects in a copy of the shipped edition: each bad
//! input gives one clear finding at its file and line, never a panic.

mod common;

use common::*;
use serde_json::Value;

fn all_diagnostics(ws: &Workspace) -> (Option<i32>, Vec<Value>) {
    let out = ws.run(&["check", "--format", "json"]);
    (out.status.code(), json_diagnostics(&out))
}

/// The findings a planted defect adds: what `check` reports on the workspace, less what
/// it reports on the untouched shipped edition (its known warnings and notes).
fn diagnostics(ws: &Workspace) -> (Option<i32>, Vec<Value>) {
    let (_, baseline) = all_diagnostics(&Workspace::shipped());
    let (code, all) = all_diagnostics(ws);
    let findings = all.into_iter().filter(|d| !baseline.contains(d)).collect();
    (code, findings)
}

fn summary(d: &Value) -> String {
    format!(
        "{}:{}:{} {}",
        d["path"].as_str().unwrap(),
        d["line"],
        d["column"],
        d["code"].as_str().unwrap()
    )
}

/// Asserts the exit code of a run, and that its standard error says `text`.
fn assert_exit_saying(out: &std::process::Output, code: i32, text: &str) {
    assert_eq!(out.status.code(), Some(code), "{}", stderr(out));
    assert!(stderr(out).contains(text), "{}", stderr(out));
}

fn replace_in(ws: &Workspace, rel: &str, from: &str, to: &str) {
    let text = ws.read(rel);
    assert!(text.contains(from), "{rel} lacks {from:?}");
    ws.write(rel, text.replacen(from, to, 1));
}

#[test]
fn unknown_domain_is_one_error_with_a_suggestion() {
    let ws = Workspace::shipped();
    replace_in(
        &ws,
        "drafts/fr/11-space.md",
        "domain: space",
        "domain: spce",
    );
    let (code, found) = diagnostics(&ws);
    assert_eq!(code, Some(1));
    assert_eq!(
        found.iter().map(summary).collect::<Vec<_>>(),
        ["drafts/fr/11-space.md:2:9 S004"]
    );
    assert_eq!(found[0]["help"], "did you mean `space`?");
}

#[test]
fn broken_yaml_is_one_error_at_its_line() {
    let ws = Workspace::shipped();
    replace_in(
        &ws,
        "drafts/fr/03-resilience.md",
        "proposals: [2017-06, 2017-07]",
        "proposals: [2017-06, 2017-07",
    );
    let (code, found) = diagnostics(&ws);
    assert_eq!(code, Some(1));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["code"], "S002");
    assert_eq!(found[0]["path"], "drafts/fr/03-resilience.md");
    assert!(found[0]["line"].as_u64().unwrap() >= 3, "{found:#?}");
}

#[test]
fn invalid_utf8_is_one_error_with_its_line() {
    let ws = Workspace::shipped();
    let mut bytes = ws.read("drafts/fr/06-cbrn.md").into_bytes();
    let at = bytes.len() - 10;
    bytes[at] = 0xE9; // Latin-1 é
    ws.write("drafts/fr/06-cbrn.md", bytes);
    let (code, found) = diagnostics(&ws);
    assert_eq!(code, Some(1));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["code"], "S001");
    assert_eq!(found[0]["line"], 6);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("invalid UTF-8")
    );
}

#[test]
fn bad_front_matter_value_and_unknown_key_point_at_the_key() {
    let ws = Workspace::shipped();
    replace_in(
        &ws,
        "drafts/fr/15-research.md",
        "status: final",
        "status: done\nauthor: moi",
    );
    let (code, found) = diagnostics(&ws);
    assert_eq!(code, Some(1));
    assert_eq!(
        found.iter().map(summary).collect::<Vec<_>>(),
        [
            "drafts/fr/15-research.md:4:9 S003",
            "drafts/fr/15-research.md:5:1 S003"
        ]
    );
    assert!(found[1]["message"].as_str().unwrap().contains("`author`"));
}

#[test]
fn missing_and_duplicate_domains() {
    let ws = Workspace::shipped();
    std::fs::remove_file(ws.file("drafts/fr/18-training.md")).unwrap();
    ws.write(
        "drafts/fr/11-espace.md",
        "---\ndomain: space\nstatus: draft\n---\nEncore.\n",
    );
    let (code, found) = diagnostics(&ws);
    assert_eq!(code, Some(1));
    let got: Vec<String> = found.iter().map(summary).collect();
    assert_eq!(
        got,
        [
            "drafts/fr/11-space.md:2:9 S005",
            "drafts/report.yaml:11:13 S006"
        ],
        "{found:#?}"
    );
    assert!(
        found[1]["help"]
            .as_str()
            .unwrap()
            .contains("drafts/fr/18-training.md")
    );
}

#[test]
fn empty_section_and_missing_front_matter() {
    let ws = Workspace::shipped();
    ws.write(
        "drafts/fr/10-standards.md",
        "---\ndomain: standards\nstatus: draft\n---\n\n",
    );
    let (_, found) = diagnostics(&ws);
    assert_eq!(
        found.iter().map(summary).collect::<Vec<_>>(),
        ["drafts/fr/10-standards.md:4:1 S007"]
    );

    ws.write(
        "drafts/fr/10-standards.md",
        "Les deux organisations ont continué.\n",
    );
    let (_, found) = diagnostics(&ws);
    let codes: Vec<_> = found.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["S003", "S006"], "{found:#?}");
}

#[test]
fn unknown_proposal_is_one_error_with_a_suggestion() {
    let ws = Workspace::shipped();
    replace_in(&ws, "drafts/fr/03-resilience.md", "2017-07]", "2017-70]");
    let (code, found) = diagnostics(&ws);
    assert_eq!(code, Some(1));
    // The typo is the finding; 2017-07, which it meant, is not also reported unreferenced.
    let got: Vec<String> = found.iter().map(summary).collect();
    assert_eq!(got, ["drafts/fr/03-resilience.md:3:22 P001"], "{found:#?}");
    assert_eq!(found[0]["help"], "did you mean `2017-07`?");
}

#[test]
fn unreferenced_proposal_points_at_the_registry() {
    let ws = Workspace::shipped();
    replace_in(&ws, "drafts/fr/03-resilience.md", ", 2017-07]", "]");
    let (code, found) = diagnostics(&ws);
    assert_eq!(code, Some(1));
    let got: Vec<String> = found.iter().map(summary).collect();
    assert_eq!(got, ["schemas/proposals.yaml:119:9 P002"], "{found:#?}");
    assert!(found[0]["message"].as_str().unwrap().contains("2017-07"));
    // Waiving it, with a reason, is the other way out.
    let report = ws.read("drafts/report.yaml");
    ws.write(
        "drafts/report.yaml",
        report.replacen(
            "waivers:\n",
            "waivers:\n  \"2017-07\": \"reported next year\"\n",
            1,
        ),
    );
    let (code, found) = diagnostics(&ws);
    // Only the waiver note changes: 68 waived instead of 67.
    assert_eq!(code, Some(0));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("68 of 74 proposals are waived")
    );
}

#[test]
fn huge_file_and_symlink_out_of_the_repository_are_refused() {
    let ws = Workspace::shipped();
    let big = std::fs::File::create(ws.file("drafts/fr/99-big.md")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        outside.path(),
        "---\ndomain: space\nstatus: final\n---\nSecret.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), ws.file("drafts/fr/98-link.md")).unwrap();
    let (code, found) = diagnostics(&ws);
    assert_eq!(code, Some(1));
    let got: Vec<String> = found.iter().map(summary).collect();
    assert_eq!(
        got,
        [
            "drafts/fr/98-link.md:1:1 S001",
            "drafts/fr/99-big.md:1:1 S001"
        ]
    );
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("leaves the repository")
    );
    assert!(
        found[1]["message"]
            .as_str()
            .unwrap()
            .contains("104857600 bytes")
    );
}

#[test]
fn broken_edition_metadata_is_a_tool_error() {
    let ws = Workspace::shipped();
    replace_in(&ws, "drafts/report.yaml", "number: 11", "number: [11");
    let out = ws.run(&["check"]);
    assert_exit_saying(&out, 2, "drafts/report.yaml:");
    assert!(stderr(&out).contains("not valid YAML"), "{}", stderr(&out));

    let ws = Workspace::shipped();
    replace_in(&ws, "drafts/report.yaml", "number: 11", "number: eleven");
    let out = ws.run(&["check"]);
    assert_exit_saying(&out, 2, "drafts/report.yaml:3:9");
}

#[test]
fn outside_a_workspace_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = rapporteur(dir.path(), &["check"]);
    assert_exit_saying(&out, 2, "no rapporteur workspace");
}

#[test]
fn works_from_a_subfolder_and_narrows_to_paths() {
    let ws = Workspace::shipped();
    replace_in(
        &ws,
        "drafts/fr/11-space.md",
        "domain: space",
        "domain: spce",
    );
    let out = rapporteur(
        &ws.file("drafts/fr"),
        &["check", "--format", "json", "01-political-dialogue.md"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "the other file's error is not reported"
    );
    let out = rapporteur(
        &ws.file("drafts/fr"),
        &["check", "--format", "json", "11-space.md"],
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn human_output_shows_the_line_and_a_help() {
    let ws = Workspace::shipped();
    replace_in(
        &ws,
        "drafts/fr/11-space.md",
        "domain: space",
        "domain: spce",
    );
    replace_in(
        &ws,
        "drafts/fr/15-research.md",
        "status: final",
        "status: done",
    );
    let out = ws.run(&["check"]);
    insta::assert_snapshot!("human_output", stdout(&out));
}

#[test]
fn schema_check_catches_a_stale_schema() {
    let ws = Workspace::shipped();
    let out = ws.run(&["schema", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A new domain in the catalog makes the section schema's enum stale.
    let domains = ws.read("schemas/domains.yaml");
    let addition = "  - slug: new-domain\n    title:\n      fr: Nouveau\n";
    ws.write(
        "schemas/domains.yaml",
        domains.replacen("domains:\n", &format!("domains:\n{addition}"), 1),
    );
    let out = ws.run(&["schema", "--check"]);
    assert_exit_saying(&out, 1, "schemas/section.schema.json is stale");
    let out = ws.run(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        ws.read("schemas/section.schema.json")
            .contains("\"new-domain\"")
    );
    assert_eq!(ws.run(&["schema", "--check"]).status.code(), Some(0));
}

#[test]
fn checked_in_schemas_are_fresh() {
    let out = rapporteur(&repo_root(), &["schema", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
