//! The pre-commit framework (https://pre-commit.com) running rapporteur on a real
//! repository: a commit that breaks the edition is refused with the rule's message, a
//! clean one goes through.
//!
//! The hook under test is a `repo: local` hook pointing at the binary cargo just built,
//! so the test takes seconds; the project's own `.pre-commit-hooks.yaml` (`language:
//! rust`, which makes pre-commit `cargo install` rapporteur — minutes) is checked for
//! what it declares, and built for real only by the ignored test at the end.
//!
//! Without `pre-commit` on the PATH the framework tests print a notice and pass, except
//! in CI (`CI` set), where they fail: CI installs it (`pip install pre-commit`).

mod common;
mod staged_repo;

use std::path::Path;
use std::process::{Command, Output};

use common::isolate_git;
use rapporteur::check::find_rule;
use rapporteur::load::yaml::parse_yaml;
use staged_repo::{BIN, Repo, all_output};

const SPACE: &str = "drafts/fr/11-space.md";

#[test]
fn hooks_manifest_declares_rapporteur_check() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(path).expect(".pre-commit-hooks.yaml at the repo root");
    let hooks = parse_yaml(&text).expect("valid YAML");
    let hooks = hooks.as_array().expect("a list of hooks");
    let hook = hooks
        .iter()
        .find(|h| h["id"] == "rapporteur-check")
        .expect("a hook `rapporteur-check`");
    assert_eq!(hook["entry"], "rapporteur check --staged");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["pass_filenames"], false);
    assert_eq!(hook["always_run"], false);
    assert!(hook["name"].is_string());
    let files = hook["files"].as_str().expect("files");
    assert_eq!(files, "^(drafts|schemas)/");
    // What the pattern must and must not match (a hand-check: no regex crate here).
    for (path, runs) in [
        ("drafts/fr/11-space.md", true),
        ("drafts/report.yaml", true),
        ("schemas/terminology.yaml", true),
        ("src/main.rs", false),
        ("templates/report.txt.j2", false),
    ] {
        let matches = path.starts_with("drafts/") || path.starts_with("schemas/");
        assert_eq!(matches, runs, "{path}");
    }
}

/// `pre-commit`, or `None` (with a notice) when it is absent outside CI.
fn pre_commit() -> Option<&'static str> {
    let found = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("pre-commit");
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "CI is set but `pre-commit` is not on the PATH: install it with `pip install pre-commit`"
    );
    eprintln!(
        "NOTICE: skipping the pre-commit framework test: `pre-commit` is not installed (pip install pre-commit)"
    );
    None
}

/// A repository using rapporteur through pre-commit, with the hook installed.
fn repo_with_hook(config: &str) -> Repo {
    let repo = Repo::with_shipped_edition();
    repo.write(".pre-commit-config.yaml", config);
    repo.git(&["add", ".pre-commit-config.yaml"]);
    repo.git(&["commit", "-q", "-m", "use rapporteur from pre-commit"]);
    let out = pre_commit_command(&repo, &["install"])
        .output()
        .expect("pre-commit runs");
    assert!(out.status.success(), "{}", all_output(&out));
    repo
}

fn pre_commit_command(repo: &Repo, args: &[&str]) -> Command {
    let mut cmd = Command::new("pre-commit");
    cmd.args(args).current_dir(repo.path());
    isolate_git(&mut cmd);
    // pre-commit's cache (and, for `language: rust`, its cargo builds) stay in the repo's
    // temp folder.
    cmd.env("PRE_COMMIT_HOME", repo.path().join(".cache-pre-commit"))
        .env("NO_COLOR", "1");
    cmd
}

fn commit(repo: &Repo, message: &str) -> Output {
    repo.git(&["add", "-A", "drafts"]);
    repo.git_command(&["commit", "-m", message])
        .env("PRE_COMMIT_HOME", repo.path().join(".cache-pre-commit"))
        .output()
        .expect("git commit runs")
}

fn local_hook_config() -> String {
    format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: rapporteur-check\n        name: rapporteur check\n        entry: \"'{BIN}' check --staged\"\n        language: system\n        pass_filenames: false\n        files: ^(drafts|schemas)/\n"
    )
}

#[test]
fn pre_commit_refuses_an_unknown_proposal_and_lets_a_clean_commit_through() {
    if pre_commit().is_none() {
        return;
    }
    let repo = repo_with_hook(&local_hook_config());
    let good = repo.read(SPACE);
    let before = repo.head();

    repo.write(
        SPACE,
        &good.replacen("proposals: []", "proposals: [2017-60]", 1),
    );
    let out = commit(&repo, "report on proposal 2017-60");
    let text = all_output(&out);
    assert!(!out.status.success(), "the commit went through:\n{text}");
    assert!(text.contains("rapporteur check"), "{text}");
    assert!(text.contains("P001"), "{text}");
    assert!(
        text.contains("`2017-60` is not a proposal of schemas/proposals.yaml"),
        "{text}"
    );
    assert_eq!(repo.head(), before, "nothing was committed");

    repo.write(SPACE, &good.replacen("status: final", "status: review", 1));
    let out = commit(&repo, "space: back to review");
    assert!(out.status.success(), "{}", all_output(&out));
    assert_ne!(repo.head(), before);
}

#[test]
fn pre_commit_refuses_kiev() {
    if pre_commit().is_none() {
        return;
    }
    let repo = repo_with_hook(&local_hook_config());
    let good = repo.read(SPACE);
    let before = repo.head();
    repo.write(
        SPACE,
        &format!("{good}\nLes deux organisations se sont réunies à Kiev.\n"),
    );
    let out = commit(&repo, "space: a meeting in Kiev");
    let text = all_output(&out);

    // PENDING T001: the terminology rules (T001 forbidden-variant: `Kiev` → `Kyïv`) are
    // being written on another branch. Until T001 is in the registry, the commit goes
    // through and this one assertion cannot hold; it switches itself on when T001 lands.
    if find_rule("T001").is_none() {
        eprintln!(
            "NOTICE: rule T001 (forbidden-variant) is not in the registry yet: the `Kiev` assertion is skipped"
        );
        return;
    }
    assert!(!out.status.success(), "the commit went through:\n{text}");
    assert!(text.contains("Kiev"), "{text}");
    assert!(text.contains("T001"), "{text}");
    assert_eq!(repo.head(), before, "nothing was committed");
}

/// The project's own hook as a team would use it: pre-commit clones this repository and
/// builds rapporteur with `cargo install` (several minutes on 2 cores), so it is
/// ignored by default: `cargo test --test precommit_hook -- --ignored`. It needs the
/// manifest committed at HEAD of this repository.
#[test]
#[ignore = "builds rapporteur with cargo install through pre-commit: minutes"]
fn pre_commit_builds_the_project_hook_with_cargo() {
    if pre_commit().is_none() {
        return;
    }
    let here = env!("CARGO_MANIFEST_DIR");
    let rev = common::git(Path::new(here), &["rev-parse", "HEAD"])
        .trim()
        .to_string();
    let config = format!(
        "repos:\n  - repo: {here}\n    rev: {rev}\n    hooks:\n      - id: rapporteur-check\n"
    );
    let repo = repo_with_hook(&config);
    let good = repo.read(SPACE);
    let before = repo.head();
    repo.write(
        SPACE,
        &good.replacen("proposals: []", "proposals: [2017-60]", 1),
    );
    let out = commit(&repo, "bad");
    let text = all_output(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("2017-60"), "{text}");
    assert_eq!(repo.head(), before);
    repo.write(SPACE, &good.replacen("status: final", "status: review", 1));
    let out = commit(&repo, "good");
    assert!(out.status.success(), "{}", all_output(&out));
}
