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

/// The hooks of `.pre-commit-hooks.yaml`, read as pre-commit reads them.
fn manifest_hooks() -> Vec<serde_json::Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(path).expect(".pre-commit-hooks.yaml at the repo root");
    let hooks = parse_yaml(&text).expect("valid YAML");
    hooks.as_array().expect("a list of hooks").clone()
}

#[test]
fn hooks_manifest_declares_rapporteur_check_built_and_installed() {
    let hooks = manifest_hooks();
    let find = |id: &str| {
        hooks
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("a hook `{id}`"))
            .clone()
    };
    let built = find("rapporteur-check");
    assert_eq!(built["entry"], "rapporteur check --staged");
    assert_eq!(built["language"], "rust");
    // The installed program: nothing for pre-commit to build.
    let installed = find("rapporteur-check-system");
    assert_eq!(installed["entry"], "rapporteur check --staged --quiet");
    assert_eq!(installed["language"], "system");
    for hook in [&built, &installed] {
        assert_eq!(hook["pass_filenames"], false);
        assert_eq!(hook["always_run"], false);
        assert!(hook["name"].is_string());
        let files = hook["files"].as_str().expect("files");
        assert_eq!(files, "^(drafts|schemas)/");
    }
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
        .env("NO_COLOR", "1")
        .env("PATH", path_with_rapporteur());
    cmd
}

/// The PATH with the folder of the `rapporteur` cargo built first, as an installed program
/// is found by a `language: system` hook.
fn path_with_rapporteur() -> std::ffi::OsString {
    let bin = Path::new(BIN).parent().expect("the binary's folder");
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&rest)))
        .expect("a PATH")
}

fn commit(repo: &Repo, message: &str) -> Output {
    repo.git(&["add", "-A", "drafts"]);
    repo.git_command(&["commit", "-m", message])
        .env("PRE_COMMIT_HOME", repo.path().join(".cache-pre-commit"))
        .env("PATH", path_with_rapporteur())
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

/// The project's `language: system` hook, as a team without Rust uses it: pre-commit
/// reads this repository's `.pre-commit-hooks.yaml` (copied, as it stands in the work
/// tree, into a hooks repository of its own) and runs the `rapporteur` it finds on the
/// PATH, here the one cargo just built. Nothing is compiled: pre-commit installs no
/// environment for a system hook. `.ci/wheel` runs the same hook with the program a
/// wheel installed.
#[test]
fn pre_commit_runs_the_installed_program_through_the_system_hook() {
    if pre_commit().is_none() {
        return;
    }
    let hooks = tempfile::tempdir().unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml"),
        hooks.path().join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    common::git(hooks.path(), &["init", "-q"]);
    common::git(hooks.path(), &["add", "."]);
    common::git(hooks.path(), &["commit", "-q", "-m", "hooks"]);
    let rev = common::git(hooks.path(), &["rev-parse", "HEAD"])
        .trim()
        .to_string();
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: rapporteur-check-system\n",
        hooks.path().display()
    );
    let repo = repo_with_hook(&config);
    let good = repo.read(SPACE);
    let before = repo.head();
    repo.write(
        SPACE,
        &good.replacen("proposals: []", "proposals: [2017-60]", 1),
    );
    let out = commit(&repo, "report on proposal 2017-60");
    let text = all_output(&out);
    assert!(!out.status.success(), "the commit went through:\n{text}");
    assert!(text.contains("P001"), "{text}");
    assert!(text.contains("2017-60"), "{text}");
    assert_eq!(repo.head(), before, "nothing was committed");

    repo.write(SPACE, &good.replacen("status: final", "status: review", 1));
    let out = commit(&repo, "space: back to review");
    assert!(out.status.success(), "{}", all_output(&out));
    assert_ne!(repo.head(), before);
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
