//! The release gate on real git repositories, over a drafting year: a fresh edition is
//! refused as a release and circulates as a draft listing what stops it; `status set`
//! and `check --fix` make it releasable; a citation of last year's report is shown by
//! the hook, stops the release and passes once allowed with a reason (the comment in no
//! output); a section edited after its sign-off stops the release; a French commit and
//! a French build go through while the English translation in progress has errors.

mod common;
mod staged_repo;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::{git_command, isolate_git, json_diagnostics};
use staged_repo::{BIN, Repo, all_output, stdout};

const RESILIENCE: &str = "drafts/fr/03-resilience.md";
const CITATION: &str = "Le onzième rapport soulignait déjà la nécessité de poursuivre ce dialogue.";
const ALLOW: &str = "<!-- rapporteur-allow E001: citation du onzième rapport -->";

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The shipped edition, committed, with a git identity for the release tag.
fn shipped() -> Repo {
    let repo = Repo::with_shipped_edition();
    repo.git(&["config", "user.name", "Ada Drafter"]);
    repo.git(&["config", "user.email", "ada@example.org"]);
    repo
}

fn run(repo: &Repo, args: &[&str]) -> Output {
    repo.rapporteur(args)
}

fn run_ok(repo: &Repo, args: &[&str]) -> String {
    let out = run(repo, args);
    assert_eq!(out.status.code(), Some(0), "{args:?}\n{}", all_output(&out));
    stdout(&out)
}

fn commit_all(repo: &Repo, message: &str) {
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", message]);
}

/// `build` refused: exit 1, nothing written, each blocker on stderr.
fn refused(repo: &Repo, args: &[&str]) -> String {
    let out = run(repo, args);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?} should be refused:\n{err}"
    );
    assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
    err
}

/// Appends a paragraph to a section file.
fn append(repo: &Repo, path: &str, paragraph: &str) {
    let text = repo.read(path);
    repo.write(path, &format!("{}\n\n{paragraph}\n", text.trim_end()));
}

fn path_with_binary() -> String {
    let dir = PathBuf::from(BIN).parent().unwrap().to_path_buf();
    let old = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![dir];
    dirs.extend(std::env::split_paths(&old));
    std::env::join_paths(dirs).unwrap().into_string().unwrap()
}

/// `git commit` through the installed pre-commit hook.
fn commit_through_hook(repo: &Repo, message: &str) -> Output {
    let mut command: Command = git_command(repo.path(), &["commit", "-q", "-m", message]);
    isolate_git(&mut command);
    command
        .env("PATH", path_with_binary())
        .env("NO_COLOR", "1")
        .output()
        .expect("git commit")
}

#[test]
fn a_drafting_year_through_the_release_gate() {
    let repo = shipped();
    // The shipped edition passes the gate: `edition next` releases it.
    run_ok(&repo, &["edition", "next"]);
    commit_all(&repo, "Start edition 12");
    let head = repo.head();

    // A fresh edition is no release: every section is a draft, the introduction still
    // says « onzième ». Nothing is written.
    let err = refused(&repo, &["build", "--format", "html", "-o", "report.html"]);
    assert!(!repo.file("report.html").exists());
    assert!(
        err.contains("drafts/fr/00-introduction.md:12:28: E001 « onzième » names this report"),
        "{err}"
    );
    assert!(
        err.contains("drafts/fr/11-space.md:4:9: R003 `space` is `draft`, not `final`"),
        "{err}"
    );
    assert!(err.contains("build refused: 23 release blockers"), "{err}");
    // Nor can it be tagged.
    let err = refused(&repo, &["edition", "next"]);
    assert!(err.contains("edition next refused"), "{err}");
    assert!(!repo.git(&["tag"]).contains("edition-12"));
    assert_eq!(
        repo.read("drafts/report.yaml")
            .matches("number: 12")
            .count(),
        1
    );

    // The draft for circulation: its version and date on the cover, and every blocker
    // among its open points, by section title and paragraph.
    let txt = run_ok(&repo, &["build", "--draft", "--format", "txt"]);
    assert!(txt.starts_with("PROJET – "), "{}", &txt[..200]);
    let version = format!("Version {} – Projet du ", &head[..10]);
    assert!(txt.contains(&version), "{}", &txt[..300]);
    assert!(!txt.contains("modifications non validées"));
    let open = &txt[txt.find("\nPoints ouverts\n").expect("open points")..];
    assert!(
        open.contains("E001 – Introduction, drafts/fr/00-introduction.md, paragraphe 4 – « onzième » names this report"),
        "{open}"
    );
    assert!(
        open.contains(
            "R003 – Espace, drafts/fr/11-space.md, ligne 4 – “space” is “draft”, not “final”"
        ),
        "{open}"
    );
    assert_eq!(open.matches("R003 – ").count(), 21, "{open}");
    for format in ["md", "html"] {
        let out = run_ok(&repo, &["build", "--draft", "--format", format]);
        assert!(out.contains("onzième"), "{format}");
        assert!(
            out.contains(&format!("Version {}", &head[..10])),
            "{format}"
        );
    }
    let model: serde_json::Value =
        serde_json::from_str(&run_ok(&repo, &["build", "--draft", "--format", "json"])).unwrap();
    assert_eq!(model["circulation"]["commit"], head[..10]);
    assert_eq!(model["circulation"]["uncommitted"], false);
    let first = &model["open_points"][0];
    assert_eq!(first["code"], "R003");
    assert_eq!(model["open_points"][1]["paragraph"], 4);
    // A work tree with uncommitted changes says so on the cover.
    append(
        &repo,
        "drafts/fr/17-exercises.md",
        "Un exercice a eu lieu en juin 2026.",
    );
    let txt = run_ok(&repo, &["build", "--draft", "--format", "txt"]);
    assert!(
        txt.contains(&format!(
            "Version {} avec des modifications non validées",
            &head[..10]
        )),
        "{}",
        &txt[..300]
    );

    // Agreed and fixed, it is a release: no draft marking anywhere.
    let out = run_ok(&repo, &["status", "set", "final", "--all"]);
    assert!(
        out.contains("21 section files set to `status: final`"),
        "{out}"
    );
    let out = run(&repo, &["check", "--fix"]);
    assert!(
        stderr(&out).contains("00-introduction.md"),
        "{}",
        all_output(&out)
    );
    run_ok(&repo, &["build", "--format", "html", "-o", "report.html"]);
    let html = repo.read("report.html");
    assert!(!html.contains("PROJET") && !html.contains("Douzième rapport d'étape sur les suites données aux propositions communes entérinées le 6 décembre 2016 et le 5 décembre 2017 par le Conseil de l'Union européenne et le Conseil de l'Atlantique Nord (Version"));
    commit_all(&repo, "Edition 12 agreed");

    // A citation of last year's report: the hook shows it, although it is a warning
    // and the hook is quiet; it does not block the commit.
    run_ok(&repo, &["hook", "install"]);
    append(&repo, RESILIENCE, CITATION);
    repo.git(&["add", RESILIENCE]);
    let out = run(&repo, &["check", "--staged", "--quiet"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.starts_with("what this commit adds: 0 errors, 1 warning, 0 notes"),
        "{text}"
    );
    assert!(text.contains("warning[E001]: « onzième »"), "{text}");
    assert!(
        text.contains("already there before this commit: "),
        "{text}"
    );
    let out = commit_through_hook(&repo, "A citation");
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("warning[E001]"),
        "{}",
        all_output(&out)
    );
    // Line numbers do not make a finding new: the commit after it adds nothing.
    let text = repo.read(RESILIENCE);
    repo.write(
        RESILIENCE,
        &text.replacen("\n\n", "\n\nUn paragraphe ajouté en tête.\n\n", 1),
    );
    repo.git(&["add", RESILIENCE]);
    let text = run_ok(&repo, &["check", "--staged", "--quiet"]);
    assert!(!text.contains("E001"), "{text}");
    repo.git(&["checkout", "-q", "HEAD", "--", RESILIENCE]);

    // It blocks the release.
    let err = refused(&repo, &["build", "--format", "txt"]);
    assert!(
        err.contains("drafts/fr/03-resilience.md:") && err.contains("E001"),
        "{err}"
    );

    // Allowed, with a reason: it blocks nothing, `check` counts it, and the comment is
    // in no output.
    // (A note inside the line is never published either.)
    let text = repo.read(RESILIENCE);
    let noted = CITATION.replace("déjà ", "déjà <!-- à vérifier --> ");
    repo.write(
        RESILIENCE,
        &text.replace(CITATION, &format!("{ALLOW}\n{noted}")),
    );
    let out = run_ok(&repo, &["check"]);
    assert!(out.trim_end().ends_with(", 1 allowed"), "{out}");
    assert!(!out.contains("E001"), "{out}");
    for format in ["txt", "md", "html", "json", "docx"] {
        let name = format!("report.{format}");
        run_ok(&repo, &["build", "--format", format, "-o", &name]);
        let bytes = std::fs::read(repo.file(&name)).unwrap();
        let text = if format == "docx" {
            docx_text(&bytes)
        } else {
            String::from_utf8(bytes).unwrap()
        };
        assert!(text.contains("soulignait déjà"), "{format}");
        assert!(!text.contains("rapporteur-allow"), "{format}");
        assert!(!text.contains("citation du onzième"), "{format}");
        assert!(!text.contains("vérifier"), "{format}");
        assert!(text.contains("soulignait déjà la nécessité"), "{format}");
    }
    let diff: serde_json::Value =
        serde_json::from_str(&run_ok(&repo, &["diff", "HEAD", "--format", "json"])).unwrap();
    assert!(!diff.to_string().contains("rapporteur-allow"), "{diff}");
    assert!(!diff.to_string().contains("vérifier"), "{diff}");

    // An allow without its reason is an error; one that allows nothing a warning whose
    // fix removes it.
    repo.write(
        RESILIENCE,
        &text.replace(
            CITATION,
            &format!("<!-- rapporteur-allow E001 -->\n{CITATION}"),
        ),
    );
    let out = run(&repo, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(json_diagnostics(&out).iter().any(|d| d["code"] == "S008"));
    repo.write(
        RESILIENCE,
        &text.replace(
            CITATION,
            &format!(
                "{ALLOW}\nLe douzième rapport souligne la nécessité de poursuivre ce dialogue."
            ),
        ),
    );
    let out = run(&repo, &["check", "--format", "json"]);
    let found = json_diagnostics(&out);
    assert!(
        found
            .iter()
            .any(|d| d["code"] == "S009" && d["severity"] == "warning"),
        "{found:#?}"
    );
    run(&repo, &["check", "--fix"]);
    assert!(!repo.read(RESILIENCE).contains("rapporteur-allow"));
    assert!(
        repo.read(RESILIENCE)
            .contains("\n\nLe douzième rapport souligne")
    );
}

/// The text of a .docx's main part.
fn docx_text(docx: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn a_section_edited_after_its_signoff_blocks_the_release() {
    let repo = shipped();
    run_ok(&repo, &["sign-off", "resilience", "--by", "Jeanne Dupont"]);
    commit_all(&repo, "Sign-off");
    run_ok(&repo, &["build", "--format", "txt", "-o", "report.txt"]);
    let text = repo.read(RESILIENCE);
    repo.write(
        RESILIENCE,
        &text.replacen("résilience", "résilience collective", 1),
    );
    commit_all(&repo, "An edit after the sign-off");
    let err = refused(&repo, &["build", "--format", "txt"]);
    assert!(
        err.contains("drafts/fr/03-resilience.md:2:9: R001 `resilience` changed since Jeanne Dupont signed it off"),
        "{err}"
    );
    let txt = run_ok(&repo, &["build", "--draft", "--format", "txt"]);
    assert!(txt.contains("R001 – Résilience"), "{txt}");

    // `signoff: required`: a final section nobody signed off stops the release too.
    let report = repo.read("drafts/report.yaml");
    repo.write(
        "drafts/report.yaml",
        &format!("{report}signoff: required\n"),
    );
    run_ok(&repo, &["sign-off", "resilience", "--by", "Jeanne Dupont"]);
    let err = refused(&repo, &["build", "--format", "txt"]);
    assert_eq!(err.matches(" R002 ").count(), 20, "{err}");
    assert!(!err.contains("R001"), "{err}");
}

#[test]
fn a_french_commit_and_build_are_not_held_back_by_english_in_progress() {
    let repo = shipped();
    let report = repo.read("drafts/report.yaml");
    repo.write(
        "drafts/report.yaml",
        &report.replace("languages: [fr]", "languages: [fr, en]"),
    );
    // English begun: every section a draft, one with an unknown proposal (an error).
    for entry in std::fs::read_dir(repo.file("drafts/fr")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let text = repo.read(&format!("drafts/fr/{name}"));
        let front = text
            .split("\n---\n")
            .next()
            .unwrap()
            .replace("final", "draft");
        let front = if name.starts_with("03-") {
            front.replace("2017-06", "2017-99")
        } else {
            front
        };
        repo.write(
            &format!("drafts/en/{name}"),
            &format!("{front}\n---\nThe meeting took place in June.\n"),
        );
    }
    commit_all(&repo, "English begun");
    let out = run(&repo, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let errors: Vec<_> = json_diagnostics(&out)
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|d| d["path"].as_str().unwrap().starts_with("drafts/en/")),
        "{errors:#?}"
    );

    // The French report builds; the whole edition does not.
    run_ok(
        &repo,
        &["build", "--lang", "fr", "--format", "html", "-o", "fr.html"],
    );
    let err = refused(&repo, &["build", "--format", "html"]);
    assert!(
        err.contains("drafts/en/03-resilience.md:3:13: P001"),
        "{err}"
    );
    assert!(!err.lines().any(|l| l.starts_with("drafts/fr/")), "{err}");

    // A French commit goes through the hook; an English one is held back.
    run_ok(&repo, &["hook", "install"]);
    let text = repo.read(RESILIENCE);
    repo.write(
        RESILIENCE,
        &text.replacen("résilience", "résilience collective", 1),
    );
    repo.git(&["add", RESILIENCE]);
    let out = commit_through_hook(&repo, "French edit");
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let en = "drafts/en/11-space.md";
    let text = repo.read(en);
    repo.write(en, &format!("{}\nMore.\n", text));
    repo.git(&["add", en]);
    let out = commit_through_hook(&repo, "English edit");
    assert_ne!(out.status.code(), Some(0), "{}", all_output(&out));
    assert!(all_output(&out).contains("P001"), "{}", all_output(&out));
    // The error was there before: listed as what still blocks, not as new.
    assert!(
        all_output(&out).contains("already there before this commit, and still blocking: "),
        "{}",
        all_output(&out)
    );
}

#[test]
fn new_since_reports_only_what_a_branch_adds_in_every_format() {
    let repo = shipped();
    append(
        &repo,
        RESILIENCE,
        "En juillet 2026, les deux organisations ont conduit un exercice commun.",
    );
    append(
        &repo,
        "drafts/fr/11-space.md",
        "La coopération avec l'AED et Kiev a progressé.",
    );
    for format in ["json", "sarif", "github", "human"] {
        let out = run(&repo, &["check", "--new-since", "HEAD", "--format", format]);
        let mut text = stdout(&out);
        if format == "sarif" {
            // The results, not the rules' descriptions.
            let sarif: serde_json::Value = serde_json::from_str(&text).unwrap();
            text = sarif["runs"][0]["results"].to_string();
        }
        // `Kiev` is a new error: exit 1.
        assert_eq!(out.status.code(), Some(1), "{format}: {text}");
        // The shipped edition's own findings (T006, T007, P003, P004) are not new.
        for old in ["T006", "T007", "P003", "P004"] {
            assert!(!text.contains(old), "{format}: {old} is not new:\n{text}");
        }
        assert!(text.contains("E003"), "{format}: {text}");
        assert!(text.contains("T001"), "{format}: {text}");
    }
    let out = run(&repo, &["check", "--new-since", "HEAD", "--format", "json"]);
    let codes: Vec<String> = json_diagnostics(&out)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["E003", "T001"], "only the new ones");
    let out = run(&repo, &["check", "--new-since", "no-such-tag"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
}

#[test]
fn status_set_changes_the_status_and_nothing_else() {
    let repo = shipped();
    let space = "drafts/fr/11-space.md";
    let text = repo.read(space);
    let quoted = text.replacen("status: final", "status: 'final' # agreed in May", 1);
    repo.write(space, &quoted);
    let out = run_ok(&repo, &["status", "set", "review", "space", "resilience"]);
    assert!(
        out.contains("2 section files set to `status: review`"),
        "{out}"
    );
    assert_eq!(
        repo.read(space),
        quoted.replacen("'final'", "'review'", 1),
        "every other byte kept"
    );
    assert!(repo.read(RESILIENCE).contains("\nstatus: review\n"));
    // An unknown domain: nothing written, a suggestion.
    let before = repo.read(RESILIENCE);
    let out = run(&repo, &["status", "set", "final", "resilience", "spce"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `space`?"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.read(RESILIENCE), before);

    // `status`'s last change: not a commit that changed only the status.
    repo.git(&["checkout", "-q", "--", "drafts"]);
    let first = repo.head();
    run_ok(&repo, &["status", "set", "draft", "--all"]);
    commit_all(&repo, "Statuses only");
    let status: serde_json::Value =
        serde_json::from_str(&run_ok(&repo, &["status", "--format", "json"])).unwrap();
    for line in status["sections"].as_array().unwrap() {
        assert_eq!(line["status"], "draft");
        assert_eq!(line["last_change"]["commit"], first[..10], "{line}");
    }
}

#[test]
fn the_commit_that_adds_the_edition_shows_all_its_findings_as_new() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repo { dir };
    repo.git(&["init", "-q", "-b", "main"]);
    repo.write("README.txt", "A report.\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "start"]);
    common::copy_shipped(repo.path());
    repo.git(&["add", "-A"]);
    let out = run(&repo, &["check", "--staged", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("what this commit adds: 0 errors, 5 warnings, 4 notes"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("note: the edition at HEAD cannot be read"),
        "{}",
        stderr(&out)
    );
}
