//! Nothing lost (issue 9): `import` refuses what would empty sections or replace
//! uncommitted text, `check --fix` never overwrites an edit saved while it runs, an
//! interrupted write leaves no temporary file, temporary files are never taken for
//! sections, and symlinks stay symlinks. Real files, real processes, real signals; every
//! run under a timeout.
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

const HANG: u64 = 30;

/// The file's text before and after an import that must be refused.
fn refused_import(ws: &Workspace, input: &str, args: &[&str]) -> String {
    ws.write("input.txt", input);
    let before: Vec<String> = sections(ws);
    let out = rapporteur_within(
        ws.path(),
        &[&["import", "input.txt", "--lang", "fr"][..], args].concat(),
        HANG,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(sections(ws), before, "nothing touched");
    assert!(temporaries(ws.path()).is_empty());
    stderr(&out)
}

/// Every section file's text, in name order.
fn sections(ws: &Workspace) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(ws.file("drafts/fr"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect()
}

#[test]
fn import_refuses_empty_input_and_text_without_a_heading() {
    let ws = Workspace::shipped();
    let err = refused_import(&ws, "", &[]);
    assert!(err.contains("no paragraph"), "{err}");
    let err = refused_import(&ws, "\n\n   \n\u{c}\n", &["--force"]);
    assert!(err.contains("no paragraph"), "{err}");
    let err = refused_import(
        &ws,
        "Some text that is no report.\n\nAnother paragraph of it.\n",
        &["--force"],
    );
    assert!(err.contains("no heading"), "{err}");
}

#[test]
fn import_over_uncommitted_text_needs_force() {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    git(ws.path(), &["add", "-A"]);
    git(ws.path(), &["commit", "-qm", "shipped"]);
    // Work in progress in one section, not committed.
    let space = "drafts/fr/11-space.md";
    let edited = format!("{}\nUne phrase écrite ce matin.\n", ws.read(space));
    ws.write(space, &edited);
    let err = refused_import(&ws, &seed_text(), &[]);
    assert!(err.contains(space) && err.contains("--force"), "{err}");
    // The committed sections alone would not have been a reason to refuse.
    assert!(!err.contains("03-resilience"), "{err}");

    // Committed, the same import goes through.
    git(ws.path(), &["commit", "-qam", "morning"]);
    ws.write("input.txt", seed_text());
    let out = rapporteur_within(ws.path(), &["import", "input.txt", "--lang", "fr"], HANG);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!ws.read(space).contains("ce matin"));

    // And --force replaces uncommitted text, as asked.
    ws.write(space, &edited);
    let out = rapporteur_within(
        ws.path(),
        &["import", "input.txt", "--lang", "fr", "--force"],
        HANG,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!ws.read(space).contains("ce matin"));
}

/// A copy of the shipped edition with one fixable finding planted in 11-space.md.
fn with_a_fixable_finding() -> Workspace {
    let ws = Workspace::shipped();
    let space = ws.read("drafts/fr/11-space.md");
    ws.write(
        "drafts/fr/11-space.md",
        format!("{}\nDeux objectifs : la paix.\n", space.trim_end()),
    );
    ws
}

/// Starts `check --fix` paused before its rename (a debug-build hook), and waits until
/// its temporary file exists.
fn fix_paused(ws: &Workspace, pause_ms: u64) -> std::process::Child {
    let child = rapporteur_command(ws.path(), &["check", "--fix"])
        .env(
            "RAPPORTEUR_TEST_PAUSE_BEFORE_RENAME_MS",
            pause_ms.to_string(),
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(HANG);
    while temporaries(&ws.file("drafts/fr")).is_empty() {
        assert!(Instant::now() < deadline, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

fn wait_within(child: std::process::Child, seconds: u64) -> std::process::Output {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut child = child;
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("still running after {seconds} s: killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn an_edit_saved_while_fix_runs_is_kept_and_reported() {
    let ws = with_a_fixable_finding();
    let child = fix_paused(&ws, 1500);
    // The drafter saves the file while the fix is being written.
    let edit = format!("{}\nAjout du drafter.\n", ws.read("drafts/fr/11-space.md"));
    ws.write("drafts/fr/11-space.md", &edit);
    let out = wait_within(child, HANG);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("drafts/fr/11-space.md") && err.contains("changed on disk"),
        "{err}"
    );
    assert_eq!(ws.read("drafts/fr/11-space.md"), edit, "the edit is kept");
    assert!(temporaries(ws.path()).is_empty());
    // Run again, it fixes the file as it now is.
    let out = rapporteur_within(ws.path(), &["check", "--fix"], HANG);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let fixed = ws.read("drafts/fr/11-space.md");
    assert!(fixed.contains("Ajout du drafter.") && fixed.contains("objectifs\u{a0}:"));
}

#[test]
fn two_processes_racing_fix_against_edits_lose_no_edit() {
    // No hook here: a real race, a few times over. Whatever the interleaving, the
    // drafter's last save survives: --fix either wrote before it, or saw it and left
    // the file alone.
    for round in 0..12 {
        let ws = with_a_fixable_finding();
        let path = ws.file("drafts/fr/11-space.md");
        let original = ws.read("drafts/fr/11-space.md");
        let child = rapporteur_command(ws.path(), &["check", "--fix"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(round * 3));
        let marker = format!("Sauvegarde {round}.");
        // The drafter's editor writes the file whole, from what it had loaded.
        std::fs::write(&path, format!("{}\n{marker}\n", original.trim_end())).unwrap();
        let out = wait_within(child, HANG);
        assert!(matches!(out.status.code(), Some(0..=2)));
        let now = std::fs::read_to_string(&path).unwrap();
        assert!(
            now.contains(&marker),
            "round {round}: the edit was lost:\n{now}"
        );
        assert!(temporaries(ws.path()).is_empty());
    }
}

#[test]
fn an_interrupted_fix_leaves_no_temporary_file_and_no_half_written_file() {
    for signal in ["TERM", "INT"] {
        let ws = with_a_fixable_finding();
        let before = ws.read("drafts/fr/11-space.md");
        let child = fix_paused(&ws, 5000);
        let pid = child.id().to_string();
        let status = Command::new("kill")
            .args([&format!("-{signal}"), pid.as_str()])
            .status()
            .unwrap();
        assert!(status.success());
        let out = wait_within(child, HANG);
        let expected = if signal == "TERM" { 143 } else { 130 };
        assert_eq!(out.status.code(), Some(expected), "{}", stderr(&out));
        assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
        assert!(
            temporaries(ws.path()).is_empty(),
            "{signal}: temporaries left"
        );
        assert_eq!(ws.read("drafts/fr/11-space.md"), before, "{signal}");
    }
}

#[test]
fn a_stray_temporary_file_is_never_taken_for_a_section() {
    let ws = Workspace::shipped();
    let copy = ws.read("drafts/fr/11-space.md");
    // What an interrupted run of an older version could leave, named like ours.
    ws.write("drafts/fr/.rapporteur-a1B2c3.tmp", &copy);
    ws.write("drafts/fr/.rapporteur-x.md.tmp", &copy);
    let out = rapporteur_within(ws.path(), &["check"], HANG);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("checked 21 files"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn fix_writes_through_a_symlink_inside_the_repository() {
    let ws = with_a_fixable_finding();
    // The section lives elsewhere in the repository; drafts/fr holds a link to it.
    std::fs::create_dir(ws.file("shared")).unwrap();
    std::fs::rename(ws.file("drafts/fr/11-space.md"), ws.file("shared/space.md")).unwrap();
    symlink("../../shared/space.md", ws.file("drafts/fr/11-space.md")).unwrap();
    let out = rapporteur_within(ws.path(), &["check", "--fix"], HANG);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let link = std::fs::symlink_metadata(ws.file("drafts/fr/11-space.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    assert!(ws.read("shared/space.md").contains("objectifs\u{a0}:"));
    assert!(temporaries(ws.path()).is_empty());
}

#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let ws = with_a_fixable_finding();
    // The file is replaced by a folder while the fix waits: the write is refused.
    let child = fix_paused(&ws, 1500);
    std::fs::remove_file(ws.file("drafts/fr/11-space.md")).unwrap();
    std::fs::create_dir(ws.file("drafts/fr/11-space.md")).unwrap();
    let out = wait_within(child, HANG);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(temporaries(ws.path()).is_empty());
    assert!(Path::new(&ws.file("drafts/fr/11-space.md")).is_dir());
}
