//! The yearly cycle on real git repositories: a fresh clone of the shipped 11th edition
//! started as the 12th with `edition next` (the README's walkthrough), the E rules that
//! point at last year's text, sign-offs and R001, `diff --since-signoff`, and the
//! pre-commit hook installed by `hook install`.

mod common;
mod staged_repo;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{
    copy_shipped, git, git_command, isolate_git, json_diagnostics, mkfifo, rapporteur_command,
    rapporteur_within, repo_root,
};
use serde_json::Value;
use staged_repo::{BIN, Repo, all_output, stdout};

const INTRO: &str = "drafts/fr/00-introduction.md";
const RESILIENCE: &str = "drafts/fr/03-resilience.md";
const REPORT: &str = "drafts/report.yaml";

/// A repository holding the shipped edition, committed, cloned afresh the way a drafter
/// gets it (`git clone`), with a git identity for the tag.
fn fresh_clone() -> (tempfile::TempDir, Repo) {
    let origin = tempfile::tempdir().expect("temp dir");
    copy_shipped(origin.path());
    git(origin.path(), &["init", "-q", "-b", "main"]);
    git(origin.path(), &["add", "-A"]);
    git(origin.path(), &["commit", "-q", "-m", "the 11th edition"]);
    let clone = Repo {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    git(
        clone.path(),
        &["clone", "-q", origin.path().to_str().unwrap(), "."],
    );
    set_identity(clone.path());
    (origin, clone)
}

/// `user.name` and `user.email` in the repository's own config: rapporteur (libgit2)
/// signs the tag with them.
fn set_identity(dir: &Path) {
    git(dir, &["config", "user.name", "Ada Drafter"]);
    git(dir, &["config", "user.email", "ada@example.org"]);
}

fn run_ok(repo: &Repo, args: &[&str]) -> String {
    let out = repo.rapporteur(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "rapporteur {args:?}\n{}",
        all_output(&out)
    );
    stdout(&out)
}

/// `rapporteur ARGS` in `dir`, with no inherited git state.
fn rapporteur_in(dir: &Path, args: &[&str]) -> Output {
    let mut command = rapporteur_command(dir, args);
    isolate_git(&mut command);
    command.output().expect("rapporteur runs")
}

fn json(repo: &Repo, args: &[&str]) -> Value {
    serde_json::from_str(&run_ok(repo, args)).expect("JSON")
}

fn codes(out: &Output) -> Vec<(String, String, u64, String)> {
    json_diagnostics(out)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn domains(diff: &Value) -> &Vec<Value> {
    diff["domains"].as_array().expect("domains")
}

/// Replaces the first `from` in a file.
fn replace_in(repo: &Repo, path: &str, from: &str, to: &str) {
    let text = repo.read(path);
    assert!(text.contains(from), "{path} has no {from:?}");
    repo.write(path, &text.replacen(from, to, 1));
}

fn section_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("drafts/fr"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

#[test]
fn readme_walkthrough_on_a_fresh_clone() {
    let (_origin, repo) = fresh_clone();

    // The first edition in the repository names no previous one.
    let out = repo.rapporteur(&["diff"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("drafts/report.yaml names no `previous:`"),
        "{}",
        all_output(&out)
    );
    let status = run_ok(&repo, &["status"]);
    assert!(
        !status.lines().next().unwrap().contains("changed"),
        "{status}"
    );
    assert!(!status.contains("note:"), "{status}");

    // A dry run says what it would do and does nothing.
    let report_before = repo.read(REPORT);
    let plan = run_ok(&repo, &["edition", "next", "--dry-run"]);
    assert!(plan.contains("dry run"), "{plan}");
    assert!(plan.contains("tag edition-11 on HEAD"), "{plan}");
    assert!(plan.contains("number 11 → 12"), "{plan}");
    assert!(
        plan.contains("21 section files set to `status: draft`"),
        "{plan}"
    );
    assert_eq!(repo.read(REPORT), report_before);
    assert_eq!(repo.git(&["tag", "-l"]), "");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");

    // The release and the start of the 12th edition.
    let head = repo.head();
    let done = run_ok(&repo, &["edition", "next"]);
    assert_eq!(
        plan,
        format!("dry run: nothing is written; `rapporteur edition next` would:\n{done}"),
        "the dry run printed the same plan"
    );
    assert!(done.contains("Nothing is committed"), "{done}");
    assert_eq!(repo.git(&["cat-file", "-t", "edition-11"]).trim(), "tag");
    assert_eq!(repo.git(&["rev-parse", "edition-11^{commit}"]).trim(), head);
    let message = repo.git(&["tag", "-l", "--format=%(contents)", "edition-11"]);
    assert!(
        message.starts_with("Onzième rapport d'étape sur les suites données")
            && message.contains("(juin 2025 – mai 2026)"),
        "{message}"
    );
    assert_eq!(
        repo.git(&["log", "-1", "--format=%H"]).trim(),
        head,
        "nothing is committed"
    );

    // drafts/report.yaml: three values changed, `previous:` added after `languages:`,
    // every comment and other byte kept.
    let expected = report_before
        .replacen("number: 11\n", "number: 12\n", 1)
        .replacen("start: \"2025-06\"", "start: \"2026-06\"", 1)
        .replacen("end: \"2026-05\"", "end: \"2027-05\"", 1)
        .replacen(
            "languages: [fr]\n",
            "languages: [fr]\nprevious: edition-11\n",
            1,
        );
    assert_eq!(repo.read(REPORT), expected);
    assert!(expected.contains("# The edition being drafted: the 11th"));
    // Every section is a draft again, nothing else in the files touched.
    for name in section_files(repo.path()) {
        let path = format!("drafts/fr/{name}");
        let original = std::fs::read_to_string(repo_root().join(&path)).unwrap();
        assert_eq!(
            repo.read(&path),
            original.replacen("status: final\n", "status: draft\n", 1),
            "{path}"
        );
    }

    // `check` points at what still speaks of the 11th edition.
    let out = repo.rapporteur(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let found = codes(&out);
    let e001: Vec<_> = found.iter().filter(|f| f.0 == "E001").collect();
    assert_eq!(e001.len(), 2, "{found:#?}");
    assert!(e001.iter().all(|f| f.1 == INTRO && f.2 == 12), "{e001:?}");
    let messages: Vec<String> = json_diagnostics(&out)
        .iter()
        .filter(|d| d["code"] == "E001")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(messages[0].contains("« onzième »"), "{messages:?}");
    assert!(messages[1].contains("juin 2025"), "{messages:?}");
    // Every section is still last year's, word for word: a note each, while drafts.
    let e002: Vec<_> = found.iter().filter(|f| f.0 == "E002").collect();
    assert_eq!(e002.len(), 21, "{found:#?}");
    assert!(e002.iter().all(|f| f.3 == "info"));
    // `check --staged` reads the previous edition too (once the new edition is staged).
    repo.git(&["add", "-A"]);
    let staged = repo.rapporteur(&["check", "--staged", "--format", "json"]);
    assert_eq!(
        codes(&staged).iter().filter(|f| f.0 == "E002").count(),
        21,
        "{}",
        all_output(&staged)
    );
    repo.git(&["commit", "-q", "-m", "Start edition 12"]);

    // `diff` runs, and calls every section unchanged: only their status moved.
    let diff = json(&repo, &["diff", "--format", "json"]);
    assert_eq!(diff["old"]["label"], "edition-11");
    assert_eq!(diff["new"]["edition"], 12);
    assert_eq!(domains(&diff).len(), 21);
    for d in domains(&diff) {
        assert_eq!(d["status"], "unchanged", "{d:#}");
        assert_eq!(d["status_change"]["from"], "final");
        assert_eq!(d["status_change"]["to"], "draft");
    }
    let term = run_ok(&repo, &["diff"]);
    // In the report's language.
    assert!(term.contains("0 domaine sur 21 modifié"), "{term}");
    assert!(
        term.contains("statut final → projet\u{a0}: les 21 sections"),
        "{term}"
    );
    assert!(!term.contains("──"), "no domain block: {term}");

    // Edit a paragraph: that section, and only it, changed; its E002 note is gone.
    replace_in(&repo, RESILIENCE, "productive", "féconde");
    let diff = json(&repo, &["diff", "--format", "json"]);
    let changed: Vec<&str> = domains(&diff)
        .iter()
        .filter(|d| d["status"] != "unchanged")
        .map(|d| d["domain"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["resilience"]);
    let term = run_ok(&repo, &["diff"]);
    assert!(term.contains("[-productive-] {+féconde+}"), "{term}");
    let out = repo.rapporteur(&["check", "--format", "json"]);
    assert_eq!(
        codes(&out).iter().filter(|f| f.0 == "E002").count(),
        20,
        "{}",
        all_output(&out)
    );
    let status = run_ok(&repo, &["status"]);
    let line = status
        .lines()
        .find(|l| l.starts_with("resilience "))
        .unwrap();
    assert!(line.contains("uncommitted changes"), "{status}");
    assert!(
        status.lines().next().unwrap().contains("changed"),
        "{status}"
    );
    assert!(
        status
            .lines()
            .last()
            .unwrap()
            .contains("1 section with uncommitted changes"),
        "{status}"
    );

    // `check --fix` writes this edition's ordinal and period.
    run_ok(&repo, &["check", "--fix"]);
    let intro = repo.read(INTRO);
    assert!(intro.contains("le douzième d'une série"), "{intro}");
    assert!(intro.contains("entre juin 2026 et mai 2027"), "{intro}");
}

#[test]
fn edition_next_drops_the_released_date_and_says_what_it_releases() {
    let (_origin, repo) = fresh_clone();
    replace_in(
        &repo,
        REPORT,
        "languages: [fr]\n",
        "languages: [fr]\ndate: 2026-06-12\n",
    );
    replace_in(
        &repo,
        "drafts/fr/11-space.md",
        "status: final",
        "status: review",
    );
    repo.git(&["commit", "-qam", "dated, one section in review"]);
    // A section in review is no release: refused, nothing tagged.
    let out = repo.rapporteur(&["edition", "next"]);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    assert!(
        all_output(&out)
            .contains("drafts/fr/11-space.md:4:9: R003 `space` is `review`, not `final`"),
        "{}",
        all_output(&out)
    );
    assert_eq!(repo.git(&["tag", "-l"]), "");
    run_ok(&repo, &["status", "set", "final", "space"]);
    repo.git(&["commit", "-qam", "space agreed"]);
    let plan = run_ok(&repo, &["edition", "next"]);
    assert!(
        plan.contains("`date: 2026-06-12` removed from drafts/report.yaml"),
        "{plan}"
    );
    let report = repo.read(REPORT);
    assert!(!report.contains("\ndate:"), "{report}");
    assert!(
        report.contains("languages: [fr]\nprevious: edition-11\n"),
        "{report}"
    );
    // The new edition is checked, and built, without last year's date on its cover.
    let out = repo.rapporteur(&["build", "--format", "txt", "--draft"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert!(!stdout(&out).contains("12 juin 2026"), "{}", stdout(&out));
}

#[test]
fn edition_next_refuses_what_cannot_be_released() {
    let (_origin, repo) = fresh_clone();
    let refused = |args: &[&str], saying: &str| {
        let out = repo.rapporteur(args);
        assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
        assert!(all_output(&out).contains(saying), "{}", all_output(&out));
        assert_eq!(repo.git(&["tag", "-l"]), "", "nothing tagged");
    };

    // Uncommitted changes, in drafts/, schemas/ or templates/.
    repo.write("templates/report.txt.j2", "changed\n");
    refused(&["edition", "next"], "templates/report.txt.j2 (modified)");
    refused(&["edition", "next", "--dry-run"], "uncommitted changes");
    repo.git(&["checkout", "--", "templates"]);
    repo.write(
        "drafts/fr/99-new.md",
        "---\ndomain: space\nstatus: draft\n---\nX.\n",
    );
    refused(&["edition", "next"], "drafts/fr/99-new.md (new)");
    std::fs::remove_file(repo.file("drafts/fr/99-new.md")).unwrap();

    // An edition with errors is not released: exit 1, the blocker listed.
    replace_in(&repo, "drafts/fr/19-capacity-building.md", "Kyïv", "Kiev");
    repo.git(&["commit", "-q", "-am", "Kiev"]);
    let out = repo.rapporteur(&["edition", "next"]);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    assert!(
        all_output(&out).contains(
            "drafts/fr/19-capacity-building.md:8:250: T001 `Kiev` is a variant of `Kyïv`"
        ),
        "{}",
        all_output(&out)
    );
    assert!(all_output(&out).contains("edition next refused: 1 release blocker"));
    assert_eq!(repo.git(&["tag", "-l"]), "", "nothing tagged");
    repo.git(&["revert", "--no-edit", "HEAD"]);

    // A tag edition-11 on another commit.
    repo.git(&["tag", "edition-11", "HEAD~1"]);
    refused_keep_tags(&repo, "already exists and names commit");
    // On HEAD, it is kept as it is (a lightweight tag stays lightweight).
    repo.git(&["tag", "-f", "edition-11", "HEAD"]);
    let done = run_ok(&repo, &["edition", "next"]);
    assert!(done.contains("edition-11 already names HEAD"), "{done}");
    assert_eq!(repo.git(&["cat-file", "-t", "edition-11"]).trim(), "commit");
    assert!(repo.read(REPORT).contains("number: 12\n"));

    // Run again before committing: the start of edition 12 is uncommitted.
    let out = repo.rapporteur(&["edition", "next"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        all_output(&out).contains("uncommitted"),
        "{}",
        all_output(&out)
    );

    // Outside git: one sentence, exit 2.
    let ws = common::Workspace::shipped();
    let out = ws.run(&["edition", "next"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("is not in a git repository"),
        "{}",
        all_output(&out)
    );
}

fn refused_keep_tags(repo: &Repo, saying: &str) {
    let out = repo.rapporteur(&["edition", "next"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(all_output(&out).contains(saying), "{}", all_output(&out));
    assert!(repo.read(REPORT).contains("number: 11\n"));
}

#[test]
fn previous_edition_out_of_reach_is_said_once() {
    // A clone without tags: `previous: edition-11` names nothing it can read.
    let (_origin, repo) = fresh_clone();
    run_ok(&repo, &["edition", "next"]);
    repo.git(&["commit", "-q", "-am", "Start edition 12"]);
    let untagged = tempfile::tempdir().unwrap();
    git(
        untagged.path(),
        &[
            "clone",
            "-q",
            "--no-tags",
            repo.path().to_str().unwrap(),
            ".",
        ],
    );
    let out = rapporteur_in(untagged.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let found = codes(&out);
    let e004: Vec<_> = found.iter().filter(|f| f.0 == "E004").collect();
    assert_eq!(e004.len(), 1, "{found:#?}");
    let line = repo
        .read(REPORT)
        .lines()
        .position(|l| l.starts_with("previous:"))
        .unwrap() as u64
        + 1;
    assert_eq!((e004[0].1.as_str(), e004[0].2), (REPORT, line));
    assert!(found.iter().all(|f| f.0 != "E002"), "E002 is silent");
    let human = rapporteur_in(untagged.path(), &["check"]);
    assert!(
        stdout(&human).contains("the previous edition `edition-11` cannot be read"),
        "{}",
        stdout(&human)
    );
}

#[test]
fn a_signed_off_section_edited_afterwards() {
    let repo = Repo::with_shipped_edition();
    set_identity(repo.path());
    let head = repo.head();

    // Only committed text can be signed.
    replace_in(&repo, RESILIENCE, "productive", "féconde");
    let out = repo.rapporteur(&["sign-off", "resilience", "--by", "Jeanne Dupont"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("drafts/fr/03-resilience.md has uncommitted changes"),
        "{}",
        all_output(&out)
    );
    assert!(!repo.file("drafts/signoffs.yaml").exists());
    repo.git(&["checkout", "--", "drafts"]);
    for (args, saying) in [
        (
            &["sign-off", "resilince", "--by", "J"][..],
            "did you mean `resilience`?",
        ),
        (&["sign-off", "resilience", "--by", " "], "`--by` is empty"),
        (
            &["sign-off", "resilience", "--by", "Eve\n  evil: 1"],
            "a name on one line",
        ),
        (
            &["sign-off", "resilience", "--by", "Eve\u{1b}[2J"],
            "without control characters",
        ),
        (
            &[
                "sign-off",
                "resilience",
                "--by",
                "J",
                "--date",
                "2026-02-30",
            ],
            "not a date",
        ),
        (
            &["sign-off", "resilience", "--by", "J", "--lang", "de"],
            "no language `de`",
        ),
    ] {
        let out = repo.rapporteur(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", all_output(&out));
        assert!(all_output(&out).contains(saying), "{}", all_output(&out));
    }

    let out = run_ok(
        &repo,
        &[
            "sign-off",
            "resilience",
            "--by",
            "Jeanne Dupont",
            "--date",
            "2026-03-02",
        ],
    );
    assert!(
        out.contains("signed off resilience (fr) by Jeanne Dupont on 2026-03-02"),
        "{out}"
    );
    // The command it gives to commit the new file works as printed (a plain
    // `git commit drafts/signoffs.yaml` fails on a file git does not track yet).
    assert!(
        out.contains("`git add drafts/signoffs.yaml && git commit -m \"Sign-off\"`"),
        "{out}"
    );
    let said = Command::new("sh")
        .arg("-c")
        .arg("git add drafts/signoffs.yaml && git -c user.name=R -c user.email=r@e.org commit -qm Sign-off")
        .current_dir(repo.path())
        .status()
        .unwrap();
    assert!(said.success());
    repo.git(&["reset", "-q", "--soft", "HEAD~1"]);
    repo.git(&["reset", "-q", "drafts/signoffs.yaml"]);
    let record = repo.read("drafts/signoffs.yaml");
    assert!(record.contains(&format!("commit: \"{head}\"")), "{record}");
    assert!(record.contains("edition: 11"), "{record}");
    assert!(record.contains("by: \"Jeanne Dupont\""), "{record}");

    // Signed and unchanged: no R001; the other final sections get R002 now that the
    // team uses sign-offs.
    let out = repo.rapporteur(&["check", "--format", "json"]);
    let found = codes(&out);
    assert!(found.iter().all(|f| f.0 != "R001"), "{found:#?}");
    assert_eq!(found.iter().filter(|f| f.0 == "R002").count(), 20);
    assert!(found.iter().all(|f| !(f.0 == "R002" && f.1 == RESILIENCE)));
    let status = run_ok(&repo, &["status"]);
    let line = status
        .lines()
        .find(|l| l.starts_with("resilience "))
        .unwrap();
    // The date as the edition's language writes it, as everywhere else.
    assert!(line.contains("2 mars 2026 Jeanne Dupont"), "{status}");
    assert!(!status.contains("2026-03-02"), "{status}");
    assert!(
        status.contains("1 signed off, 0 changed since sign-off"),
        "{status}"
    );
    repo.git(&["add", "drafts/signoffs.yaml"]);
    repo.git(&["commit", "-q", "-m", "resilience signed off"]);

    // Edited after the sign-off: R001, with who, when, and the command to see it.
    replace_in(&repo, RESILIENCE, "productive", "féconde");
    let out = repo.rapporteur(&["check", "--format", "json"]);
    let r001: Vec<Value> = json_diagnostics(&out)
        .into_iter()
        .filter(|d| d["code"] == "R001")
        .collect();
    assert_eq!(r001.len(), 1, "{}", all_output(&out));
    assert_eq!(r001[0]["path"], RESILIENCE);
    assert_eq!(r001[0]["severity"], "warning");
    let message = r001[0]["message"].as_str().unwrap();
    assert!(
        message.contains("Jeanne Dupont") && message.contains("2026-03-02"),
        "{message}"
    );
    assert!(
        r001[0]["help"]
            .as_str()
            .unwrap()
            .contains("rapporteur diff --since-signoff resilience")
    );
    let status = run_ok(&repo, &["status"]);
    let line = status
        .lines()
        .find(|l| l.starts_with("resilience "))
        .unwrap();
    assert!(line.contains("changed since sign-off"), "{status}");

    // `diff --since-signoff` shows the edit, in every format.
    let diff = json(&repo, &["diff", "--since-signoff", "--format", "json"]);
    let only = domains(&diff);
    assert_eq!(only.len(), 1, "{diff:#}");
    assert_eq!(only[0]["domain"], "resilience");
    assert_eq!(only[0]["status"], "changed");
    assert_eq!(only[0]["signoff"]["by"], "Jeanne Dupont");
    assert_eq!(only[0]["signoff"]["commit"], head.as_str());
    let words = only[0]["changes"][0]["words"].to_string();
    assert!(
        words.contains("\"delete\"") && words.contains("productive"),
        "{words}"
    );
    let term = run_ok(&repo, &["diff", "--since-signoff", "resilience"]);
    assert!(
        term.contains("approuvé par Jeanne Dupont le 2 mars 2026"),
        "{term}"
    );
    assert!(
        !term.contains("2026-03-02"),
        "no ISO date in a French sentence"
    );
    assert!(
        term.starts_with("Modifications entre approbations"),
        "{term}"
    );
    assert!(term.contains("[-productive-] {+féconde+}"), "{term}");
    let md = run_ok(&repo, &["diff", "--since-signoff", "--format", "md"]);
    assert!(
        md.contains("approuvé par Jeanne Dupont le 2 mars 2026"),
        "{md}"
    );
    assert!(
        !md.contains("2026-03-02"),
        "no ISO date in a French sentence"
    );
    assert!(
        md.contains("<del>productive</del> <ins>féconde</ins>"),
        "{md}"
    );
    let html = run_ok(&repo, &["diff", "--since-signoff", "--format", "html"]);
    assert!(
        html.contains("approuvé par Jeanne Dupont le 2 mars 2026"),
        "{html}"
    );
    assert!(
        !html.contains("2026-03-02"),
        "no ISO date in a French sentence"
    );
    assert!(
        html.contains("<del>productive</del> <ins>féconde</ins>"),
        "{html}"
    );
    // A section nobody signed off is a usage error.
    let out = repo.rapporteur(&["diff", "--since-signoff", "space"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        all_output(&out).contains("`space` has no sign-off"),
        "{}",
        all_output(&out)
    );

    // Signing again replaces the record, and the R001 goes away.
    repo.git(&["commit", "-q", "-am", "resilience: féconde"]);
    let out = run_ok(&repo, &["sign-off", "resilience", "--by", "Jeanne Dupont"]);
    assert!(
        out.contains("replaces Jeanne Dupont's sign-off of 2026-03-02"),
        "{out}"
    );
    let out = repo.rapporteur(&["check", "--format", "json"]);
    assert!(codes(&out).iter().all(|f| f.0 != "R001"));

    // The next edition starts with no sign-offs.
    repo.git(&["commit", "-q", "-am", "signed again"]);
    let done = run_ok(&repo, &["edition", "next"]);
    assert!(done.contains("1 sign-off of edition 11 removed"), "{done}");
    assert!(repo.read("drafts/signoffs.yaml").ends_with("{}\n"));
    let out = repo.rapporteur(&["check", "--format", "json"]);
    assert!(codes(&out).iter().all(|f| !f.0.starts_with('R')));
}

#[test]
fn a_broken_signoffs_file_is_one_error_with_its_line() {
    let ws = common::Workspace::shipped();
    ws.write(
        "drafts/signoffs.yaml",
        "fr:\n  space:\n    by: J\n    date: \"2026-13-01\"\n    edition: 11\n    commit: \"0123456789abcdef0123456789abcdef01234567\"\n    fingerprint: \"0123456789abcdef\"\n",
    );
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("drafts/signoffs.yaml:4:11: the sign-off of fr/space: `date`"),
        "{}",
        all_output(&out)
    );
    ws.write(
        "drafts/signoffs.yaml",
        "fr:\n  space:\n    by: J\n    date: \"2026-03-01\"\n    edition: 11\n    commit: \"0123456789abcdef0123456789abcdef01234567\"\n    fingerprint: \"0123456789abcdef\"\n    who: me\n",
    );
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("drafts/signoffs.yaml:8:5: `who` is not a field"),
        "{}",
        all_output(&out)
    );
}

/// The folder of the binary under test first on PATH, as `cargo install` would put it.
fn path_with_binary() -> String {
    let dir = PathBuf::from(BIN).parent().unwrap().to_path_buf();
    let old = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![dir];
    dirs.extend(std::env::split_paths(&old));
    std::env::join_paths(dirs).unwrap().into_string().unwrap()
}

fn commit(repo: &Repo, message: &str) -> Output {
    let mut command: Command = git_command(repo.path(), &["commit", "-q", "-m", message]);
    isolate_git(&mut command);
    command
        .env("PATH", path_with_binary())
        .env("NO_COLOR", "1")
        .output()
        .expect("git commit")
}

#[test]
fn hook_install_refuses_errors_and_prints_only_them() {
    let repo = Repo::with_shipped_edition();
    let out = run_ok(&repo, &["hook", "install"]);
    assert!(out.contains("installed"), "{out}");
    let hook = repo.file(".git/hooks/pre-commit");
    let script = std::fs::read_to_string(&hook).unwrap();
    assert!(
        script.contains("exec rapporteur check --staged --quiet"),
        "{script}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&hook).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "executable");
    }

    // A commit bringing `Kiev` back is refused, with the error and nothing else.
    replace_in(&repo, "drafts/fr/19-capacity-building.md", "Kyïv", "Kiev");
    repo.git(&["add", "-A"]);
    let before = repo.head();
    let out = commit(&repo, "Kiev");
    let text = all_output(&out);
    assert!(!out.status.success(), "{text}");
    assert_eq!(repo.head(), before, "no commit made");
    assert!(text.contains("error[T001]"), "{text}");
    assert!(text.contains("Kiev"), "{text}");
    assert!(
        !text.contains("warning[") && !text.contains("note["),
        "{text}"
    );
    assert!(
        text.starts_with("what this commit adds: 1 error, 0 warnings, 0 notes\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "already there before this commit: 0 errors, 5 warnings, 4 notes\nchecked 21 files: 1 error, 5 warnings, 4 notes (as staged in the git index)\n`rapporteur check --fix` would fix the new finding"
        ),
        "{text}"
    );

    // A clean commit passes, and prints the count of what was there and the summary line
    // alone.
    replace_in(&repo, "drafts/fr/19-capacity-building.md", "Kiev", "Kyïv");
    replace_in(&repo, RESILIENCE, "productive", "féconde");
    repo.git(&["add", "-A"]);
    let out = commit(&repo, "resilience: féconde");
    let text = all_output(&out);
    assert!(out.status.success(), "{text}");
    assert_eq!(
        text.trim(),
        "already there before this commit: 0 errors, 5 warnings, 4 notes\nchecked 21 files: 0 errors, 5 warnings, 4 notes (as staged in the git index)"
    );
    assert_ne!(repo.head(), before);

    // Installing again updates our hook; uninstall removes it.
    assert!(run_ok(&repo, &["hook", "install"]).contains("updated"));
    assert!(run_ok(&repo, &["hook", "uninstall"]).contains("removed"));
    assert!(!hook.exists());
    assert!(run_ok(&repo, &["hook", "uninstall"]).contains("no pre-commit hook"));
}

#[test]
fn hook_install_leaves_a_foreign_hook_and_honours_hooks_path() {
    let repo = Repo::with_shipped_edition();
    let foreign = "#!/bin/sh\necho checked by another tool\n";
    repo.write(".git/hooks/pre-commit", foreign);
    let out = repo.rapporteur(&["hook", "install"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(all_output(&out).contains("was not written by rapporteur"));
    assert_eq!(repo.read(".git/hooks/pre-commit"), foreign);
    let out = repo.rapporteur(&["hook", "uninstall"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert_eq!(repo.read(".git/hooks/pre-commit"), foreign);

    let out = run_ok(&repo, &["hook", "install", "--force"]);
    assert!(out.contains("replaced"), "{out}");
    assert_eq!(
        repo.read(".git/hooks/pre-commit.before-rapporteur"),
        foreign
    );
    assert!(
        repo.read(".git/hooks/pre-commit")
            .contains("check --staged --quiet")
    );

    // core.hooksPath, relative to the top of the work tree; from a sub-folder too.
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    let sub = repo.file("drafts/fr");
    let out = rapporteur_in(&sub, &["hook", "install"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert!(
        repo.read(".githooks/pre-commit")
            .contains("check --staged --quiet")
    );
}

#[test]
fn hook_install_reads_only_a_regular_hook_file() {
    let repo = Repo::with_shipped_edition();
    let hook = repo.file(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    // A FIFO (which a plain read would wait on forever), a folder, a link: each is left
    // as it is, with one error, in bounded time.
    let outside = tempfile::NamedTempFile::new().unwrap();
    for (make, saying) in [
        (Box::new(|p: &Path| mkfifo(p)) as Box<dyn Fn(&Path)>, "FIFO"),
        (
            Box::new(|p: &Path| std::fs::create_dir(p).unwrap()),
            "folder",
        ),
        (
            Box::new(|p: &Path| std::os::unix::fs::symlink(outside.path(), p).unwrap()),
            "symlink",
        ),
    ] {
        make(&hook);
        for args in [&["hook", "install", "--force"][..], &["hook", "uninstall"]] {
            let out = rapporteur_within(repo.path(), args, 10);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{saying} {args:?}: {}",
                all_output(&out)
            );
            assert!(
                all_output(&out).contains("left as it is") && all_output(&out).contains(saying),
                "{saying} {args:?}: {}",
                all_output(&out)
            );
        }
        let meta = std::fs::symlink_metadata(&hook).unwrap();
        assert!(!meta.file_type().is_file(), "{saying}: not replaced");
        if meta.is_dir() {
            std::fs::remove_dir(&hook).unwrap();
        } else {
            std::fs::remove_file(&hook).unwrap();
        }
    }
    assert_eq!(std::fs::read(outside.path()).unwrap(), b"");
}

#[test]
fn hook_for_a_workspace_in_a_sub_folder() {
    let top = tempfile::tempdir().unwrap();
    copy_shipped(&top.path().join("report"));
    git(top.path(), &["init", "-q", "-b", "main"]);
    git(top.path(), &["add", "-A"]);
    git(top.path(), &["commit", "-q", "-m", "report in a folder"]);
    let repo = Repo { dir: top };
    let out = rapporteur_in(&repo.file("report"), &["hook", "install"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert!(
        repo.read(".git/hooks/pre-commit")
            .contains("exec rapporteur -C 'report' check")
    );
    replace_in(
        &repo,
        "report/drafts/fr/19-capacity-building.md",
        "Kyïv",
        "Kiev",
    );
    repo.git(&["add", "-A"]);
    let out = commit(&repo, "Kiev");
    assert!(!out.status.success(), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("error[T001]"),
        "{}",
        all_output(&out)
    );
}

#[test]
fn check_quiet_prints_the_summary_line_alone() {
    let ws = common::Workspace::shipped();
    let out = ws.run(&["check", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).trim(),
        "checked 21 files: 0 errors, 5 warnings, 4 notes"
    );
    let out = ws.run(&["check", "--quiet", "--format", "json"]);
    assert!(json_diagnostics(&out).is_empty());
}
