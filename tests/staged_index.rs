//! `check --staged` reads the edition as the git index holds it: what the commit would
//! record, whatever the work tree says. Real git repositories in temporary folders.

mod common;
mod staged_repo;

use staged_repo::{Repo, all_output, error_codes, findings};

const SPACE: &str = "drafts/fr/11-space.md";

/// The space section with an unknown proposal id in its front matter (rule P001).
fn with_unknown_proposal(text: &str) -> String {
    text.replacen("proposals: []", "proposals: [2017-60]", 1)
}

#[test]
fn shipped_edition_is_clean_in_the_index_and_the_work_tree() {
    let repo = Repo::with_shipped_edition();
    for args in [&["check"][..], &["check", "--staged"][..]] {
        let out = repo.rapporteur(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}:\n{}",
            all_output(&out)
        );
    }
}

#[test]
fn a_staged_bad_file_fails_though_the_work_tree_is_fixed() {
    let repo = Repo::with_shipped_edition();
    let good = repo.read(SPACE);
    repo.write(SPACE, &with_unknown_proposal(&good));
    repo.git(&["add", SPACE]);
    repo.write(SPACE, &good);

    let work = repo.rapporteur(&["check", "--format", "json"]);
    assert_eq!(work.status.code(), Some(0), "{}", all_output(&work));

    let staged = repo.rapporteur(&["check", "--staged", "--format", "json"]);
    assert_eq!(staged.status.code(), Some(1), "{}", all_output(&staged));
    assert_eq!(error_codes(&staged), ["P001"]);
    assert_eq!(
        findings(&staged)
            .into_iter()
            .filter(|(code, ..)| code == "P001")
            .collect::<Vec<_>>(),
        [("P001".to_string(), SPACE.to_string(), 3)]
    );

    // The human format shows the staged line, not the work tree's.
    let human = repo.rapporteur(&["check", "--staged"]);
    let text = all_output(&human);
    assert!(text.contains("proposals: [2017-60]"), "{text}");
    assert!(text.contains("as staged in the git index"), "{text}");
}

#[test]
fn a_clean_index_passes_though_the_work_tree_is_not() {
    let repo = Repo::with_shipped_edition();
    let good = repo.read(SPACE);
    repo.write(SPACE, &with_unknown_proposal(&good));

    let work = repo.rapporteur(&["check", "--format", "json"]);
    assert_eq!(work.status.code(), Some(1), "{}", all_output(&work));
    assert_eq!(error_codes(&work), ["P001"]);

    let staged = repo.rapporteur(&["check", "--staged"]);
    assert_eq!(staged.status.code(), Some(0), "{}", all_output(&staged));
}

#[test]
fn domain_coverage_is_judged_on_the_whole_staged_edition() {
    let repo = Repo::with_shipped_edition();
    // Unstaged deletion: the index still holds the section, so the commit is fine.
    std::fs::remove_file(repo.file(SPACE)).expect("rm");
    let staged = repo.rapporteur(&["check", "--staged"]);
    assert_eq!(staged.status.code(), Some(0), "{}", all_output(&staged));

    // Staged deletion, file still in the work tree: the commit would lose the domain.
    repo.git(&["checkout", "--", SPACE]);
    repo.git(&["rm", "-q", "--cached", SPACE]);
    assert!(repo.file(SPACE).is_file());
    let work = repo.rapporteur(&["check"]);
    assert_eq!(work.status.code(), Some(0), "{}", all_output(&work));
    let staged = repo.rapporteur(&["check", "--staged", "--format", "json"]);
    assert_eq!(staged.status.code(), Some(1), "{}", all_output(&staged));
    assert_eq!(error_codes(&staged), ["S006"], "{}", all_output(&staged));

    // Back in the index, plus a second file for the same domain staged (and gone from
    // the work tree): a duplicate only the index has.
    repo.git(&["add", SPACE]);
    let copy = "drafts/fr/21-space-copy.md";
    // (Its own text: a copy of the paragraphs would also be a repeated paragraph, B002.)
    repo.write(
        copy,
        "---\ndomain: space\nstatus: draft\n---\nTexte provisoire sur la coopération spatiale.\n",
    );
    repo.git(&["add", copy]);
    std::fs::remove_file(repo.file(copy)).expect("rm");
    let staged = repo.rapporteur(&["check", "--staged", "--format", "json"]);
    assert_eq!(error_codes(&staged), ["S005"], "{}", all_output(&staged));
}

#[test]
fn a_plain_git_hook_judges_the_index_git_commit_prepares() {
    // `git commit -a` and `git commit <path>` build the commit in a temporary index and
    // name it in GIT_INDEX_FILE: the hook must read that one, not .git/index.
    let repo = Repo::with_shipped_edition();
    let hook = repo.file(".git/hooks/pre-commit");
    std::fs::write(
        &hook,
        format!("#!/bin/sh\nexec '{}' check --staged\n", staged_repo::BIN),
    )
    .expect("hook");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let before = repo.head();
    let good = repo.read(SPACE);
    repo.write(SPACE, &with_unknown_proposal(&good));

    for args in [
        &["commit", "-q", "-a", "-m", "bad"][..],
        &["commit", "-q", "-m", "bad", "--", SPACE][..],
    ] {
        let out = repo.git_command(args).output().expect("git");
        assert!(!out.status.success(), "{args:?} went through");
        assert!(all_output(&out).contains("2017-60"), "{}", all_output(&out));
        assert_eq!(repo.head(), before);
    }

    repo.write(SPACE, &good.replacen("status: final", "status: review", 1));
    let out = repo
        .git_command(&["commit", "-q", "-a", "-m", "good"])
        .output()
        .expect("git");
    assert!(out.status.success(), "{}", all_output(&out));
    assert_ne!(repo.head(), before);
}

#[test]
fn outside_a_git_repository_staged_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["drafts", "schemas"] {
        common::copy_dir(&common::repo_root().join(folder), &dir.path().join(folder));
    }
    let mut cmd = common::rapporteur_command(dir.path(), &["check", "--staged"]);
    common::isolate_git(&mut cmd);
    cmd.env(
        "GIT_CEILING_DIRECTORIES",
        dir.path().parent().expect("parent"),
    );
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("not in a git repository"),
        "{}",
        all_output(&out)
    );
}
