//! `--format sarif` and `--format github` on an edition with planted defects, and
//! `rapporteur rules`: the SARIF log validates against the SARIF 2.1.0 schema (vendored
//! in tests/fixtures, draft-04, self-contained), names every rule with the same help
//! text `rapporteur rules CODE` prints, and points at files by relative URIs.

mod common;
mod staged_repo;

use serde_json::Value;

use rapporteur::check::registry::{RULES, explain, find_rule};
use staged_repo::{Repo, all_output, stdout};

const SARIF_SCHEMA: &str = include_str!("fixtures/sarif-schema-2.1.0.json");

/// A copy of the shipped edition with an unknown proposal (line 3 of the space section)
/// and a bad status value (line 4 of the cyber section).
fn planted() -> Repo {
    let repo = Repo::with_shipped_edition();
    let space = "drafts/fr/11-space.md";
    repo.write(
        space,
        &repo
            .read(space)
            .replacen("proposals: []", "proposals: [2017-60]", 1),
    );
    let cyber = "drafts/fr/08-cyber.md";
    let text = repo.read(cyber);
    let status = text.find("status: ").expect("status line");
    let end = status + text[status..].find('\n').expect("eol");
    repo.write(
        cyber,
        &format!("{}status: done{}", &text[..status], &text[end..]),
    );
    repo
}

fn validate_sarif(log: &Value) {
    let schema: Value = serde_json::from_str(SARIF_SCHEMA).expect("schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles offline");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path().as_str()))
        .collect();
    assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
}

#[test]
fn sarif_validates_and_describes_every_rule() {
    let repo = planted();
    let out = repo.rapporteur(&["check", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    validate_sarif(&log);

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), RULES.len());
    for (descriptor, rule) in rules.iter().zip(RULES) {
        assert_eq!(descriptor["id"], rule.code);
        assert_eq!(descriptor["name"], rule.name);
        assert_eq!(descriptor["help"]["text"], explain(rule));
        assert!(
            descriptor["fullDescription"]["text"]
                .as_str()
                .is_some_and(|t| t.contains(rule.why))
        );
        let level = match rule.severity.as_str() {
            "info" => "note",
            other => other,
        };
        assert_eq!(descriptor["defaultConfiguration"]["level"], level);
    }

    let results = run["results"].as_array().expect("results");
    let mut seen = Vec::new();
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            !uri.starts_with('/') && !uri.contains(':'),
            "not relative: {uri}"
        );
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        seen.push((
            result["ruleId"].as_str().unwrap_or_default().to_string(),
            result["level"].as_str().unwrap_or_default().to_string(),
            uri.to_string(),
            location["region"]["startLine"].as_u64().unwrap_or_default(),
        ));
    }
    let errors: Vec<_> = seen
        .iter()
        .filter(|(_, level, ..)| level == "error")
        .collect();
    assert_eq!(
        errors,
        [
            &(
                "S003".to_string(),
                "error".to_string(),
                "drafts/fr/08-cyber.md".to_string(),
                4
            ),
            &(
                "P001".to_string(),
                "error".to_string(),
                "drafts/fr/11-space.md".to_string(),
                3
            ),
        ]
    );
}

#[test]
fn sarif_regions_count_code_points() {
    // `2017-60` sits after `proposals: [`: column 13, end column 20 (exclusive).
    let repo = planted();
    let out = repo.rapporteur(&["check", "--format", "sarif"]);
    let log: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let result = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "P001")
        .expect("P001");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], 13);
    assert_eq!(region["endLine"], 3);
    assert_eq!(region["endColumn"], 20);
}

#[test]
fn sarif_of_a_clean_edition_validates_with_no_error() {
    let repo = Repo::with_shipped_edition();
    let out = repo.rapporteur(&["check", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let log: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    validate_sarif(&log);
    assert!(
        log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .all(|r| r["level"] != "error")
    );
}

#[test]
fn github_prints_one_workflow_command_per_finding() {
    let repo = planted();
    let out = repo.rapporteur(&["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    let text = stdout(&out);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 2, "{text}");
    assert!(
        errors[1].starts_with(
            "::error file=drafts/fr/11-space.md,line=3,col=13,endLine=3,endColumn=20,title=P001 unknown-proposal::`2017-60`"
        ),
        "{}",
        errors[1]
    );
    assert!(
        errors[0].contains("title=S003 invalid-front-matter::"),
        "{}",
        errors[0]
    );
    for line in text.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
        // Each finding is one line: help lines ride along escaped, never raw.
        let message = line
            .split_once("::")
            .and_then(|(_, rest)| rest.split_once("::"));
        assert!(message.is_some(), "{line}");
    }
    // Infos (the waived proposals) are notices.
    assert!(text.contains("::notice file=drafts/report.yaml"), "{text}");
}

#[test]
fn rules_explains_each_rule_with_the_sarif_help_text() {
    let repo = Repo::with_shipped_edition();
    let list = repo.rapporteur(&["rules"]);
    assert_eq!(list.status.code(), Some(0));
    let listing = stdout(&list);
    for rule in RULES {
        assert!(listing.contains(rule.code), "{} not listed", rule.code);
        let one = repo.rapporteur(&["rules", rule.code]);
        assert_eq!(one.status.code(), Some(0));
        assert_eq!(stdout(&one), format!("{}\n", explain(rule)));
    }
    assert!(find_rule("unknown-proposal").is_some());
    let unknown = repo.rapporteur(&["rules", "Z999"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn sarif_carries_the_fixes_of_fixable_rules() {
    let repo = Repo::with_shipped_edition();
    let space = "drafts/fr/11-space.md";
    repo.write(space, &format!("{}\nÀ Kiev.\n", repo.read(space)));
    let out = repo.rapporteur(&["check", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    let log: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    validate_sarif(&log);
    let results = log["runs"][0]["results"].as_array().expect("results");
    let kiev = results
        .iter()
        .find(|r| r["ruleId"] == "T001")
        .expect("T001 reports `Kiev`");
    let replacement = &kiev["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "Kyïv");
    // `À Kiev.`: code points, so `Kiev` is columns 3 to 7 (exclusive).
    assert_eq!(replacement["deletedRegion"]["startColumn"], 3);
    assert_eq!(replacement["deletedRegion"]["endColumn"], 7);
}
