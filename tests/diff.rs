//! `rapporteur diff` and `rapporteur status` on real git repositories: editions committed
//! and tagged in a temporary folder, the binary run on them.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{Author, copy_dir, git_as, repo_root};
use serde_json::Value;

/// The author of every commit in these repositories (`status` reports it).
const ADA: Author = Author {
    name: "Ada Drafter",
    email: "ada@example.org",
};

/// A temporary git repository holding a rapporteur workspace.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// An empty repository with the shipped catalog (`schemas/`).
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        copy_dir(&repo_root().join("schemas"), &repo.path().join("schemas"));
        repo
    }

    /// A repository holding a copy of the shipped edition (drafts, schemas, templates).
    fn shipped() -> Repo {
        let repo = Repo::new();
        copy_dir(&repo_root().join("drafts"), &repo.path().join("drafts"));
        copy_dir(
            &repo_root().join("templates"),
            &repo.path().join("templates"),
        );
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) {
        git_as(&ADA, self.path(), args);
    }

    fn write(&self, path: &str, text: &str) {
        let full = self.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
    }

    fn read(&self, path: &str) -> String {
        fs::read_to_string(self.path().join(path)).unwrap()
    }

    fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Runs the binary with `-C` and without `NO_COLOR` (unlike `common::rapporteur`):
    /// the terminal test checks that piped output is plain by itself.
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rapporteur"))
            .arg("-C")
            .arg(self.path())
            .args(args)
            .env_remove("CLICOLOR_FORCE")
            .output()
            .expect("rapporteur runs")
    }

    /// Runs and returns stdout, asserting the exit code.
    fn stdout(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "rapporteur {args:?}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.stdout(args, 0)).expect("JSON output")
    }
}

fn report_yaml(number: u32) -> String {
    format!(
        "number: {number}\nperiod:\n  start: \"2024-06\"\n  end: \"2025-05\"\ntitle:\n  fr: \"rapport d'étape\"\nlanguages: [fr]\nprevious: edition-1\n"
    )
}

fn section(domain: &str, proposals: &str, status: &str, paragraphs: &[&str]) -> String {
    format!(
        "---\ndomain: {domain}\nproposals: [{proposals}]\nstatus: {status}\n---\n{}\n",
        paragraphs.join("\n\n")
    )
}

const R1: &str = "La résilience reste le domaine où la coopération entre les deux organisations est la plus concrète et la plus suivie.";
const R2_OLD: &str = "Les ateliers et les exercices fondés sur des scénarios ont été très utiles aux deux états-majors cette année.";
const R2_NEW: &str = "Les ateliers et les exercices fondés sur des scénarios ont été fort utiles aux deux états-majors cette année.";
const MOVED: &str = "Les équipes d'intervention rapide ont échangé leurs bonnes pratiques sur la protection des câbles sous-marins et des réseaux.";
const C1: &str = "Les deux centres de cybersécurité ont poursuivi leur coopération étroite et régulière, sur la base de leur arrangement technique.";
const S1: &str = "Le dialogue sur l'espace s'est tenu deux fois, au niveau des experts, sur la sécurité des systèmes spatiaux.";
const E1: &str = "Les exercices parallèles et coordonnés ont été menés selon le calendrier convenu entre les états-majors.";
const E2: &str = "Un exercice de gestion de crise prévu à l'automne a été reporté pour des raisons d'organisation.";
const T1: &str = "Des formations communes ont été suivies par le personnel des deux organisations à Oberammergau.";
const T2: &str = "Un nouveau module de formation <en ligne> & à distance sur les menaces hybrides a été ouvert aux deux personnels en mars.";
const B1: &str = "Les experts ont partagé leurs évaluations des risques chimiques, biologiques, radiologiques et nucléaires.";
const K1: &str = "Un premier échange sur les effets du changement climatique sur la sécurité a réuni les deux organisations.";

/// Two tagged editions with one change of each kind between them: a word changed and
/// the proposals and status changed (resilience), a paragraph moved from resilience to
/// cyber, one removed (exercises), one added (training), a renamed file whose status
/// changed (space), a domain removed (cbrn) and one added (climate-security).
fn two_editions() -> Repo {
    let repo = Repo::new();
    repo.write("drafts/report.yaml", &report_yaml(1));
    repo.write(
        "drafts/fr/01-resilience.md",
        &section("resilience", "2017-06", "review", &[R1, R2_OLD, MOVED]),
    );
    repo.write(
        "drafts/fr/02-cyber.md",
        &section("cyber", "", "final", &[C1]),
    );
    repo.write(
        "drafts/fr/03-space.md",
        &section("space", "", "final", &[S1]),
    );
    repo.write(
        "drafts/fr/04-exercises.md",
        &section("exercises", "", "final", &[E1, E2]),
    );
    repo.write(
        "drafts/fr/05-training.md",
        &section("training", "", "final", &[T1]),
    );
    repo.write("drafts/fr/06-cbrn.md", &section("cbrn", "", "final", &[B1]));
    repo.commit_all("edition 1");
    repo.git(&["tag", "edition-1"]);

    repo.write("drafts/report.yaml", &report_yaml(2));
    repo.write(
        "drafts/fr/01-resilience.md",
        &section("resilience", "2017-06, 2017-07", "final", &[R1, R2_NEW]),
    );
    repo.write(
        "drafts/fr/02-cyber.md",
        &section("cyber", "", "final", &[C1, MOVED]),
    );
    repo.git(&["mv", "drafts/fr/03-space.md", "drafts/fr/03-espace.md"]);
    repo.write(
        "drafts/fr/03-espace.md",
        &section("space", "", "review", &[S1]),
    );
    repo.write(
        "drafts/fr/04-exercises.md",
        &section("exercises", "", "final", &[E1]),
    );
    repo.write(
        "drafts/fr/05-training.md",
        &section("training", "", "final", &[T1, T2]),
    );
    repo.git(&["rm", "-q", "drafts/fr/06-cbrn.md"]);
    repo.write(
        "drafts/fr/07-climate-security.md",
        &section("climate-security", "", "draft", &[K1]),
    );
    repo.commit_all("edition 2");
    repo
}

fn domain<'a>(diff: &'a Value, slug: &str) -> &'a Value {
    diff["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == slug)
        .unwrap_or_else(|| panic!("no domain {slug} in {diff:#}"))
}

fn kinds(domain: &Value) -> Vec<String> {
    domain["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_kind_of_change_in_json() {
    let repo = two_editions();
    let diff = repo.json(&["diff", "edition-1", "HEAD", "--format", "json"]);
    assert_eq!(diff["old"]["label"], "edition-1");
    assert_eq!(diff["old"]["edition"], 1);
    assert_eq!(diff["new"]["edition"], 2);

    let resilience = domain(&diff, "resilience");
    assert_eq!(resilience["status"], "changed");
    assert_eq!(kinds(resilience), ["changed", "moved"]);
    let words = &resilience["changes"][0]["words"];
    let ops: Vec<(&str, &str)> = words
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["op"].as_str().unwrap(), w["text"].as_str().unwrap()))
        .collect();
    assert!(ops.contains(&("delete", "très")), "{ops:?}");
    assert!(ops.contains(&("insert", "fort")), "{ops:?}");
    assert_eq!(resilience["stats"]["words_added"], 1);
    assert_eq!(resilience["stats"]["words_removed"], 1);
    assert_eq!(resilience["stats"]["proposals_added"][0], "2017-07");
    assert_eq!(resilience["status_change"]["from"], "review");
    assert_eq!(resilience["status_change"]["to"], "final");
    assert_eq!(resilience["front_matter"]["proposals_added"][0], "2017-07");
    let out = &resilience["changes"][1];
    assert_eq!(out["from_domain"], "resilience");
    assert_eq!(out["to_domain"], "cyber");
    assert_eq!(out["old_index"], 2);
    assert_eq!(out["new_index"], 1);

    let cyber = domain(&diff, "cyber");
    assert_eq!(kinds(cyber), ["moved"]);
    assert_eq!(cyber["changes"][0]["from_domain"], "resilience");
    assert_eq!(cyber["changes"][0]["to_domain"], "cyber");
    assert_eq!(cyber["changes"][0]["direction"], "in");

    let space = domain(&diff, "space");
    assert_eq!(
        space["status"], "unchanged",
        "a renamed file and a new status are no change"
    );
    assert_eq!(space["status_change"]["from"], "final");
    assert_eq!(space["status_change"]["to"], "review");
    assert!(space["changes"].as_array().unwrap().is_empty());
    assert!(domain(&diff, "exercises").get("status_change").is_none());
    assert_eq!(space["old_paths"][0], "drafts/fr/03-space.md");
    assert_eq!(space["new_paths"][0], "drafts/fr/03-espace.md");

    assert_eq!(kinds(domain(&diff, "exercises")), ["removed"]);
    assert_eq!(kinds(domain(&diff, "training")), ["added"]);
    assert_eq!(domain(&diff, "cbrn")["status"], "removed");
    assert_eq!(domain(&diff, "climate-security")["status"], "added");

    let stats = &diff["stats"];
    assert_eq!(stats["proposals_added"][0], "2017-07");
    assert!(stats["share_changed"].as_f64().unwrap() > 0.0);
}

#[test]
fn markdown_comment_snapshot() {
    let repo = two_editions();
    let md = repo.stdout(&["diff", "edition-1", "HEAD", "--format", "md"], 0);
    assert!(
        md.contains("&lt;en ligne&gt; &amp; à distance"),
        "drafter text is escaped"
    );
    insta::assert_snapshot!("md", md);
}

#[test]
fn terminal_snapshot_is_plain_and_fits_80_columns() {
    let repo = two_editions();
    let term = repo.stdout(&["diff", "edition-1", "HEAD"], 0);
    assert!(!term.contains('\u{1b}'), "no colour when not a terminal");
    for line in term.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    insta::assert_snapshot!("term", term);
}

#[test]
fn old_defaults_to_previous_and_new_to_the_work_tree() {
    let repo = two_editions();
    let diff = repo.json(&["diff", "--format", "json"]);
    assert_eq!(diff["old"]["label"], "edition-1");
    assert_eq!(diff["new"]["label"], "work tree");
    assert_eq!(domain(&diff, "cyber")["status"], "changed");
}

#[test]
fn a_folder_is_a_side_too() {
    let repo = two_editions();
    let other = tempfile::tempdir().unwrap();
    copy_dir(&repo.path().join("drafts"), &other.path().join("drafts"));
    copy_dir(&repo.path().join("schemas"), &other.path().join("schemas"));
    let folder = other.path().to_str().unwrap();
    let diff = repo.json(&["diff", folder, "HEAD", "--format", "json"]);
    assert!(
        diff["domains"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "unchanged")
    );
}

#[test]
fn domain_and_exit_code_options() {
    let repo = two_editions();
    let diff = repo.json(&[
        "diff",
        "edition-1",
        "HEAD",
        "--format",
        "json",
        "--domain",
        "cyber",
    ]);
    assert_eq!(diff["domains"].as_array().unwrap().len(), 1);
    assert_eq!(kinds(&diff["domains"][0]), ["moved"]);
    repo.stdout(&["diff", "edition-1", "HEAD", "--exit-code"], 1);
    repo.stdout(&["diff", "HEAD", "HEAD", "--exit-code"], 0);
    repo.stdout(
        &[
            "diff",
            "edition-1",
            "HEAD",
            "--domain",
            "space",
            "--exit-code",
        ],
        0,
    );
}

#[test]
fn unknown_revision_and_folder_without_edition_are_errors() {
    let repo = two_editions();
    let out = repo.run(&["diff", "edition-0", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown revision `edition-0`"), "{stderr}");
    assert_eq!(stderr.matches("error").count(), 1, "{stderr}");

    let empty = tempfile::tempdir().unwrap();
    let out = repo.run(&["diff", empty.path().to_str().unwrap(), "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds no edition"), "{stderr}");
}

#[test]
fn status_lists_every_section() {
    let repo = two_editions();
    let status = repo.json(&["status", "--format", "json"]);
    assert_eq!(status["previous"], "edition-1");
    let sections = status["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 6);
    let cyber = sections.iter().find(|s| s["domain"] == "cyber").unwrap();
    assert!(cyber["share_changed"].as_f64().unwrap() > 0.0);
    assert_eq!(cyber["last_change"]["author"], "Ada Drafter");
    assert!(cyber["findings"].is_u64());
    let space = sections.iter().find(|s| s["domain"] == "space").unwrap();
    assert_eq!(space["share_changed"], 0.0);
    assert_eq!(space["path"], "drafts/fr/03-espace.md");
    let climate = sections
        .iter()
        .find(|s| s["domain"] == "climate-security")
        .unwrap();
    assert_eq!(climate["new_domain"], true);
    assert_eq!(climate["status"], "draft");

    let human = repo.stdout(&["status"], 0);
    // A header, one line per section, the totals.
    assert_eq!(human.lines().count(), 8, "{human}");
    assert!(human.contains("Ada Drafter"), "{human}");
    assert!(human.lines().next().unwrap().contains("changed"), "{human}");
    assert!(
        human
            .lines()
            .last()
            .unwrap()
            .starts_with("6 sections, 161 words: 1 draft, 4 final, 1 review;"),
        "{human}"
    );
}

#[test]
fn status_when_the_previous_edition_cannot_be_read_says_so_once() {
    let repo = two_editions();
    repo.git(&["tag", "-d", "edition-1"]);
    let human = repo.stdout(&["status"], 0);
    assert_eq!(human.matches("note:").count(), 1, "{human}");
    assert!(
        human.contains("previous edition `edition-1` cannot be read"),
        "{human}"
    );
    // No change figure and no sign-off on any of the 6 sections.
    let dashes = |l: &&str| {
        let cells: Vec<&str> = l.split_whitespace().collect();
        cells.get(3) == Some(&"–") && cells.get(4) == Some(&"–")
    };
    assert_eq!(human.lines().filter(dashes).count(), 6, "{human}");
}

/// Splits a section file into its front matter (with the closing `---`) and paragraphs.
fn split(text: &str) -> (String, Vec<String>) {
    let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
    let paragraphs = text[end..]
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    (text[..end].to_string(), paragraphs)
}

fn edit(repo: &Repo, path: &str, change: impl FnOnce(&mut Vec<String>)) {
    let (front, mut paragraphs) = split(&repo.read(path));
    change(&mut paragraphs);
    repo.write(path, &format!("{front}{}\n", paragraphs.join("\n\n")));
}

/// The issue's "done means": a previous edition made from the shipped one by changing
/// one word in one domain, moving one paragraph to another domain, adding one and
/// removing one elsewhere and renaming a file, tagged; `diff <tag> HEAD` reports exactly
/// those domains as changed, with the right kinds.
#[test]
fn done_means_the_shipped_edition_against_a_made_up_previous_one() {
    let repo = Repo::shipped();
    repo.commit_all("the shipped edition");
    let shipped_cyber = split(&repo.read("drafts/fr/08-cyber.md")).1;
    let moved = shipped_cyber[1].clone();

    // The previous edition: what the shipped one changed from.
    let report = repo.read("drafts/report.yaml");
    repo.write(
        "drafts/report.yaml",
        &report.replace("number: 11", "number: 10"),
    );
    edit(&repo, "drafts/fr/03-resilience.md", |p| {
        assert!(p[0].contains("la plus productive"));
        p[0] = p[0].replacen("la plus productive", "la plus féconde", 1);
    });
    edit(&repo, "drafts/fr/08-cyber.md", |p| {
        p.remove(1);
    });
    edit(&repo, "drafts/fr/11-space.md", |p| p.push(moved.clone()));
    edit(&repo, "drafts/fr/17-exercises.md", |p| {
        p.insert(
            1,
            "Un exercice de planification prévu au printemps précédent a été annulé, faute de participants en nombre suffisant."
                .to_string(),
        )
    });
    let mut dropped = String::new();
    edit(&repo, "drafts/fr/19-capacity-building.md", |p| {
        dropped = p.pop().unwrap();
    });
    repo.git(&["mv", "drafts/fr/06-cbrn.md", "drafts/fr/06-nrbc.md"]);
    repo.commit_all("edition 10, as it was");
    repo.git(&["tag", "edition-10"]);
    // Back to the shipped edition as HEAD.
    repo.git(&["rm", "-q", "-r", "drafts"]);
    copy_dir(&repo_root().join("drafts"), &repo.path().join("drafts"));
    repo.commit_all("edition 11");

    let diff = repo.json(&["diff", "edition-10", "HEAD", "--format", "json"]);
    assert_eq!(diff["old"]["edition"], 10);
    assert_eq!(diff["new"]["edition"], 11);
    let changed: Vec<&str> = diff["domains"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] != "unchanged")
        .map(|d| d["domain"].as_str().unwrap())
        .collect();
    assert_eq!(
        changed,
        [
            "resilience",
            "cyber",
            "space",
            "exercises",
            "capacity-building"
        ]
    );
    for d in diff["domains"].as_array().unwrap() {
        if !changed.contains(&d["domain"].as_str().unwrap()) {
            assert_eq!(d["status"], "unchanged", "{d:#}");
            assert!(d["changes"].as_array().unwrap().is_empty());
        }
    }

    let resilience = domain(&diff, "resilience");
    assert_eq!(kinds(resilience), ["changed"]);
    let ops: Vec<(&str, &str)> = resilience["changes"][0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["op"] != "equal")
        .map(|w| (w["op"].as_str().unwrap(), w["text"].as_str().unwrap()))
        .collect();
    assert_eq!(ops, [("delete", "féconde"), ("insert", "productive")]);

    for (slug, direction) in [("space", "out"), ("cyber", "in")] {
        let d = domain(&diff, slug);
        assert_eq!(kinds(d), ["moved"], "{slug}");
        let change = &d["changes"][0];
        assert_eq!(change["from_domain"], "space");
        assert_eq!(change["to_domain"], "cyber");
        assert_eq!(change["direction"], direction);
        assert_eq!(change["new_index"], 1);
    }
    assert_eq!(kinds(domain(&diff, "exercises")), ["removed"]);
    let added = domain(&diff, "capacity-building");
    assert_eq!(kinds(added), ["added"]);
    assert_eq!(
        added["changes"][0]["words"][0]["text"],
        dropped.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    assert_eq!(domain(&diff, "cbrn")["status"], "unchanged");

    let html = repo.stdout(&["diff", "edition-10", "HEAD", "--format", "html"], 0);
    assert_self_contained(&html);
    assert!(
        html.contains("href=\"#to-fr-cyber-2\""),
        "move linked to where it went"
    );
    assert!(html.contains("id=\"to-fr-cyber-2\""));
}

/// One page, nothing fetched: no script, no stylesheet link, every link an anchor.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    assert!(lower.starts_with("<!doctype html>"));
    for forbidden in [
        "<script", "<link", "src=", "url(", "@import", "<iframe", "<img",
    ] {
        assert!(!lower.contains(forbidden), "found {forbidden}");
    }
    for (i, _) in lower.match_indices("href=\"") {
        assert_eq!(&lower[i + 6..i + 7], "#", "external link at {i}");
    }
}

/// The HTML page rendered by headless Chromium: it must render, without console errors.
#[test]
fn html_renders_in_headless_chromium() {
    let repo = two_editions();
    let html = repo.stdout(&["diff", "edition-1", "HEAD", "--format", "html"], 0);
    assert_self_contained(&html);
    assert!(
        html.contains("&lt;en ligne&gt; &amp; à distance"),
        "drafter text is escaped"
    );
    let Some(chromium) = common::chromium() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("diff.html");
    let png = work.path().join("diff.png");
    fs::write(&page, &html).unwrap();
    let mut chromium = common::headless_chromium(&chromium, &work.path().join("profile"));
    chromium
        .args([
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1200,1600",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()));
    // Under `timeout`, so that a hung browser fails the test rather than blocking it.
    let out = Command::new("timeout")
        .arg("120")
        .arg(chromium.get_program())
        .args(chromium.get_args())
        .output()
        .expect("chromium runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed: {stderr}");
    for bad in ["Uncaught", "ERROR:CONSOLE", "Not allowed to load"] {
        assert!(!stderr.contains(bad), "console error: {stderr}");
    }
    let bytes = fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    assert!(
        bytes.len() > 20_000,
        "screenshot too small: {} bytes",
        bytes.len()
    );
}

/// What a reader of the French HTML diff sees, as Chromium prints it (pdftotext reads
/// the PDF back): French labels, domains by their French titles, no English label and
/// no slug.
#[test]
fn the_french_html_diff_reads_in_french_in_chromium() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let Some(pdftotext) = common::tool("pdftotext", "apt-get install -y poppler-utils") else {
        return;
    };
    let repo = two_editions();
    let html = repo.stdout(&["diff", "edition-1", "HEAD", "--format", "html"], 0);
    assert!(html.contains("<html lang=\"fr\">"));
    let pdf = common::print_with_chromium(&chromium, &html);
    let work = tempfile::tempdir().unwrap();
    fs::write(work.path().join("diff.pdf"), &pdf).unwrap();
    let out = Command::new(pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(work.path().join("diff.pdf"))
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    // One space for any run of spaces, no-break ones included.
    let text = String::from_utf8(out.stdout)
        .unwrap()
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    for seen in [
        "Modifications entre edition-1 (édition 1) et HEAD (édition 2)",
        "6 domaines sur 7 modifiés",
        "Domaine État Mots + − Déplacés Modifié Propositions",
        "Résilience modifié 56 → 38 1 1 →18",
        "Incidences du changement climatique sur la sécurité et la défense ajouté",
        "Espace inchangé",
        "CBRN supprimé",
        "Résilience — modifié, 21 % des mots",
        // A status change alone is one line for the edition, under the headline.
        "statut en relecture → final : Résilience ; final → en relecture : Espace",
        "Résilience — modifié, 21 % des mots propositions +2017-07",
        "¶2 modifié",
        "¶3 déplacé vers Cybersécurité et cyberdéfense, ¶2",
        "¶2 déplacé ici depuis Résilience, ¶3",
        "¶2 supprimé",
        "¶2 ajouté",
        "les mots déplacés sont comptés à part",
    ] {
        assert!(
            text.contains(seen),
            "`{seen}` is not in what Chromium shows:\n{text}"
        );
    }
    for english in [
        "Changes",
        "changed",
        "moved",
        "added",
        "removed",
        "Domain ",
        "Status",
        "Words",
        "of words",
        "status",
        "proposals",
        "review",
    ] {
        assert!(
            !text.contains(english),
            "`{english}` in the French diff:\n{text}"
        );
    }
    for slug in [
        "resilience",
        "climate-security",
        "exercises",
        "training",
        "cbrn",
    ] {
        assert!(
            !text.contains(slug),
            "slug `{slug}` shown to readers:\n{text}"
        );
    }
}

#[test]
fn status_of_an_uncommitted_section() {
    let repo = two_editions();
    repo.write(
        "drafts/fr/08-standards.md",
        &section("standards", "", "draft", &[S1]),
    );
    let status = repo.json(&["status", "--format", "json"]);
    let sections = status["sections"].as_array().unwrap();
    let standards = sections
        .iter()
        .find(|s| s["domain"] == "standards")
        .unwrap();
    assert!(standards["last_change"].is_null());
    let human = repo.stdout(&["status"], 0);
    assert!(human.contains("uncommitted"), "{human}");
}

#[test]
fn an_unreadable_section_is_named_not_dropped() {
    let repo = two_editions();
    fs::write(
        repo.path().join("drafts/fr/09-research.md"),
        b"---\ndomain: research\nstatus: draft\n---\nCaf\xe9 au lait.\n",
    )
    .unwrap();
    let diff = repo.json(&["diff", "edition-1", "--format", "json"]);
    assert_eq!(
        diff["unreadable"][0],
        "drafts/fr/09-research.md (work tree)"
    );
    // Read in the edition's language, French.
    let term = repo.stdout(&["diff", "edition-1"], 0);
    assert!(
        term.contains(
            "attention\u{a0}: drafts/fr/09-research.md (copie de travail) n'a pas pu être lu"
        ),
        "{term}"
    );
}

#[test]
fn languages_are_compared_separately() {
    let repo = Repo::new();
    let report = report_yaml(1).replace("languages: [fr]", "languages: [fr, en]");
    repo.write("drafts/report.yaml", &report);
    repo.write(
        "drafts/fr/01-cyber.md",
        &section("cyber", "", "final", &[C1, MOVED]),
    );
    repo.write(
        "drafts/en/01-cyber.md",
        &section("cyber", "", "final", &[S1]),
    );
    repo.commit_all("edition 1");
    repo.git(&["tag", "edition-1"]);
    // The paragraph leaves the French section and appears in the English one: that is
    // a removal in one language and an addition in the other, never a move.
    repo.write(
        "drafts/fr/01-cyber.md",
        &section("cyber", "", "final", &[C1]),
    );
    repo.write(
        "drafts/en/01-cyber.md",
        &section("cyber", "", "final", &[S1, MOVED]),
    );
    repo.commit_all("edition 2");

    let diff = repo.json(&["diff", "edition-1", "HEAD", "--format", "json"]);
    let domains = diff["domains"].as_array().unwrap();
    assert_eq!(domains.len(), 2);
    assert_eq!(domains[0]["lang"], "fr");
    assert_eq!(kinds(&domains[0]), ["removed"]);
    assert_eq!(domains[1]["lang"], "en");
    assert_eq!(kinds(&domains[1]), ["added"]);

    let en = repo.json(&[
        "diff",
        "edition-1",
        "HEAD",
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert_eq!(en["domains"].as_array().unwrap().len(), 1);
    assert_eq!(en["domains"][0]["lang"], "en");
    // Each domain is named in its own language, with the language.
    let term = repo.stdout(&["diff", "edition-1", "HEAD"], 0);
    assert!(
        term.contains("fr · Cybersécurité et cyberdéfense"),
        "{term}"
    );
    assert!(term.contains("en · Cyber security and defence"), "{term}");
}

/// The issue's miscount: a paragraph moved from one domain to another and touched up on
/// the way (one word replaced) read as +N+1 in the domain it reached. Moved words are
/// counted apart from added and removed ones, each word once: the word replaced is one
/// removed where the paragraph was and one added where it is, the rest moved.
#[test]
fn a_moved_paragraph_counts_its_words_once() {
    let repo = Repo::shipped();
    repo.commit_all("the shipped edition");
    let moved = split(&repo.read("drafts/fr/08-cyber.md")).1[1].clone();
    let n = moved.split_whitespace().count();
    assert!(moved.contains("leur intense coopération"), "{moved}");
    let report = repo.read("drafts/report.yaml");
    repo.write(
        "drafts/report.yaml",
        &report.replace("number: 11", "number: 10"),
    );
    edit(&repo, "drafts/fr/08-cyber.md", |p| {
        p.remove(1);
    });
    edit(&repo, "drafts/fr/11-space.md", |p| {
        p.push(moved.replace("leur intense coopération", "leur étroite coopération"))
    });
    repo.commit_all("edition 10, as it was");
    repo.git(&["tag", "edition-10"]);
    repo.git(&["rm", "-q", "-r", "drafts"]);
    copy_dir(&repo_root().join("drafts"), &repo.path().join("drafts"));
    repo.commit_all("edition 11");

    let diff = repo.json(&["diff", "edition-10", "HEAD", "--format", "json"]);
    let figures = |slug: &str| -> [u64; 6] {
        let s = &domain(&diff, slug)["stats"];
        [
            "words_before",
            "words_after",
            "words_added",
            "words_removed",
            "words_moved_in",
            "words_moved_out",
        ]
        .map(|k| s[k].as_u64().unwrap())
    };
    let n = n as u64;
    // cyber received the paragraph: n - 1 words moved in, the new word added.
    assert_eq!(figures("cyber")[2..], [1, 0, n - 1, 0]);
    // space lost it: n - 1 words moved out, the old word removed.
    assert_eq!(figures("space")[2..], [0, 1, 0, n - 1]);
    assert_eq!(kinds(domain(&diff, "cyber")), ["moved"]);
    // Every domain, and the edition, balance: each word is counted once.
    let mut all: Vec<&Value> = diff["domains"].as_array().unwrap().iter().collect();
    let edition = serde_json::json!({ "stats": diff["stats"] });
    all.push(&edition);
    for d in all {
        let s = &d["stats"];
        let f = |k: &str| s[k].as_i64().unwrap();
        assert_eq!(
            f("words_after"),
            f("words_before") + f("words_added") - f("words_removed") + f("words_moved_in")
                - f("words_moved_out"),
            "{d:#}"
        );
    }
    // The + column of cyber says +1, not +n+1: the move has its own column.
    let term = repo.stdout(&["diff", "edition-10", "HEAD"], 0);
    let row = term
        .lines()
        .find(|l| l.starts_with("Cybersécurité et cyberdéfense "))
        .unwrap_or_else(|| panic!("no cyber row in {term}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert!(cells.contains(&"+1"), "{row}");
    assert!(cells.contains(&"−0"), "{row}");
    assert!(cells.contains(&format!("←{}", n - 1).as_str()), "{row}");
    let md = repo.stdout(&["diff", "edition-10", "HEAD", "--format", "md"], 0);
    assert!(
        md.contains(&format!(
            "| Cybersécurité et cyberdéfense | **modifié** | 241 → 295 | 1 | 0 | ←{} |",
            n - 1
        )),
        "{md}"
    );
}

/// Labels come from the edition's language: English for an English edition, English
/// too for a language rapporteur has no labels for (with the slug where the catalog has
/// no title in that language).
#[test]
fn an_english_edition_reads_in_english() {
    for (lang, name) in [("en", "Cyber security and defence"), ("de", "cyber")] {
        let repo = Repo::new();
        repo.write(
            "drafts/report.yaml",
            &report_yaml(1).replace("languages: [fr]", &format!("languages: [{lang}]")),
        );
        let path = format!("drafts/{lang}/01-cyber.md");
        repo.write(&path, &section("cyber", "", "review", &[C1]));
        repo.commit_all("edition 1");
        repo.git(&["tag", "edition-1"]);
        repo.write(
            "drafts/report.yaml",
            &report_yaml(2).replace("languages: [fr]", &format!("languages: [{lang}]")),
        );
        repo.write(&path, &section("cyber", "", "final", &[C1, MOVED]));
        repo.commit_all("edition 2");
        let term = repo.stdout(&["diff", "edition-1", "HEAD"], 0);
        assert!(
            term.starts_with("Changes from edition-1 (edition 1) to HEAD (edition 2)\n1 of 1 domains changed; words 19 → 37 (+18 −0, 32% changed)"),
            "{lang}: {term}"
        );
        assert!(
            term.contains(&format!("\nstatus review → final: {name}\n")),
            "{lang}: {term}"
        );
        assert!(
            term.contains(&format!("── {name} ── changed\n  ¶2 added")),
            "{lang}: {term}"
        );
        let html = repo.stdout(&["diff", "edition-1", "HEAD", "--format", "html"], 0);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
    }
}

/// A diff reads each side's domain catalog (for titles and order), never its registry or
/// termbase: an old revision whose termbase no longer parses is still compared, while a
/// broken domain catalog is the one error.
#[test]
fn a_diff_reads_only_the_domain_catalog() {
    let repo = two_editions();
    repo.write("schemas/terminology.yaml", "languages: [broken\n");
    repo.write("schemas/proposals.yaml", "sets: {\n");
    repo.commit_all("broken registry and termbase");
    let diff = repo.json(&["diff", "edition-1", "HEAD", "--format", "json"]);
    assert_eq!(
        domain(&diff, "cyber")["title"],
        "Cybersécurité et cyberdéfense"
    );
    repo.write("schemas/domains.yaml", "domains: [broken\n");
    repo.commit_all("broken domain catalog");
    let out = repo.run(&["diff", "edition-1", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("schemas/domains.yaml:"), "{stderr}");
}

/// The middle of a rewritten paragraph of the shipped edition (resilience, ¶2): what
/// replaces everything between its first sentence and its last one.
const REWRITTEN_MIDDLE: &str = "Les services des deux organisations se sont réunis à plusieurs reprises pour comparer leurs évaluations de la préparation des infrastructures critiques, en particulier des réseaux de transport et des installations portuaires utilisées pour le déploiement des forces. Les échanges ont également porté sur la continuité de l'action publique en cas de perturbation grave, sur la gestion des flux massifs de personnes déplacées et sur la coordination des exercices nationaux de gestion de crise, dont les enseignements ont été présentés lors d'un séminaire commun tenu au printemps.";

/// A paragraph that shares nothing with resilience's ¶2: a real replacement.
const REPLACEMENT: &str = "Trois réunions techniques consacrées aux risques sismiques en Méditerranée orientale ont abouti à un inventaire partagé des moyens de secours aériens disponibles pendant l'été.";

/// The sentences of a paragraph (cut after `.` followed by a space).
fn sentences(paragraph: &str) -> Vec<String> {
    paragraph
        .split_inclusive(". ")
        .map(|s| s.trim().to_string())
        .collect()
}

/// The issue's rewrite: a paragraph of the shipped edition (resilience, ¶2, 151 words)
/// rewritten between its first and last sentences, about two thirds of it new. It is one
/// changed paragraph, word by word in JSON (its opening and last sentence kept as equal
/// runs), and in every other format; a real replacement stays removed and added.
#[test]
fn a_rewritten_paragraph_is_one_changed_paragraph() {
    let repo = Repo::shipped();
    repo.commit_all("the shipped edition");
    repo.git(&["tag", "edition-10"]);
    let old = split(&repo.read("drafts/fr/03-resilience.md")).1[1].clone();
    let parts = sentences(&old);
    let (first, last) = (parts[0].clone(), parts[parts.len() - 1].clone());
    edit(&repo, "drafts/fr/03-resilience.md", |p| {
        p[1] = format!("{first} {REWRITTEN_MIDDLE} {last}");
    });
    repo.commit_all("resilience ¶2 rewritten");

    let diff = repo.json(&["diff", "edition-10", "HEAD", "--format", "json"]);
    let resilience = domain(&diff, "resilience");
    assert_eq!(kinds(resilience), ["changed"], "{resilience:#}");
    let change = &resilience["changes"][0];
    assert_eq!(
        (change["old_index"].as_u64(), change["new_index"].as_u64()),
        (Some(1), Some(1))
    );
    let words = change["words"].as_array().unwrap();
    let ops: Vec<&str> = words.iter().map(|w| w["op"].as_str().unwrap()).collect();
    // The kept opening and last sentence, and between them one passage replaced by
    // another: the words the two passages happen to share (`services`, `de`, `la`) are
    // not cut out of them.
    assert_eq!(ops, ["equal", "delete", "insert", "equal"], "{words:#?}");
    assert!(
        words[0]["text"].as_str().unwrap().starts_with(&first),
        "{:#}",
        words[0]
    );
    assert!(
        words[words.len() - 1]["text"]
            .as_str()
            .unwrap()
            .ends_with(&last)
    );
    // Read back, each side is its paragraph.
    let side = |skip: &str| -> String {
        words
            .iter()
            .filter(|w| w["op"] != skip)
            .map(|w| w["text"].as_str().unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(side("insert"), norm(&old));
    assert_eq!(
        side("delete"),
        norm(&format!("{first} {REWRITTEN_MIDDLE} {last}"))
    );
    // Most of it changed: this is no small edit.
    let stats = &resilience["stats"];
    assert!(stats["words_removed"].as_u64().unwrap() > 90, "{stats:#}");

    // Every format reads it as changed, not as removed and added.
    let md = repo.stdout(&["diff", "edition-10", "HEAD", "--format", "md"], 0);
    assert!(
        md.contains("¶2 modifié") && !md.contains("¶2 supprimé"),
        "{md}"
    );
    let term = repo.stdout(&["diff", "edition-10", "HEAD"], 0);
    assert!(
        term.contains("¶2 modifié") && !term.contains("¶2 ajouté"),
        "{term}"
    );
    assert!(term.contains("[-") && term.contains("{+"), "{term}");
    let html = repo.stdout(&["diff", "edition-10", "HEAD", "--format", "html"], 0);
    assert!(html.contains("¶2 modifié") && !html.contains("¶2 supprimé"));
    // The side-by-side view: the old text with its deletions, the new with its
    // insertions, behind a <details> that needs no script.
    let sides = &html[html
        .find("<details class=\"sides\">")
        .expect("a side-by-side view")..];
    let sides = &sides[..sides.find("</details>").unwrap()];
    assert!(sides.contains("<summary>Avant et après, côte à côte</summary>"));
    let old_side = &sides
        [sides.find("<div class=\"old\">").unwrap()..sides.find("<div class=\"new\">").unwrap()];
    let new_side = &sides[sides.find("<div class=\"new\">").unwrap()..];
    assert!(
        old_side.contains("<del>") && !old_side.contains("<ins>"),
        "{old_side}"
    );
    assert!(
        new_side.contains("<ins>") && !new_side.contains("<del>"),
        "{new_side}"
    );
    assert!(new_side.contains("se sont réunis à plusieurs reprises"));

    // A real replacement: nothing in common, removed and added.
    edit(&repo, "drafts/fr/03-resilience.md", |p| {
        p[1] = REPLACEMENT.to_string()
    });
    repo.commit_all("resilience ¶2 replaced");
    let diff = repo.json(&["diff", "edition-10", "HEAD", "--format", "json"]);
    assert_eq!(kinds(domain(&diff, "resilience")), ["removed", "added"]);
}

/// `status` writes shares and dates as the edition's language does, as `diff` does: a
/// one-word change in the shipped (French) edition reads `0,2 %`, never `0.2%`, and the
/// last change is dated `7 décembre 2026`, never `2026-12-07`.
#[test]
fn status_writes_numbers_and_dates_in_the_editions_language() {
    let repo = Repo::shipped();
    repo.commit_all("the shipped edition");
    repo.git(&["tag", "edition-10"]);
    let report = repo.read("drafts/report.yaml");
    repo.write(
        "drafts/report.yaml",
        &format!("{report}previous: edition-10\n"),
    );
    edit(&repo, "drafts/fr/03-resilience.md", |p| {
        p[0] = p[0].replacen("la plus productive", "la plus féconde", 1);
    });
    repo.commit_all("one word");
    let fr = rapporteur::lang::Labels::of("fr");
    let status = repo.json(&["status", "--format", "json"]);
    let sections = status["sections"].as_array().unwrap();
    let resilience = sections
        .iter()
        .find(|s| s["domain"] == "resilience")
        .unwrap();
    let share = resilience["share_changed"].as_f64().unwrap();
    assert!(share > 0.0 && share < 0.01, "{share}");
    let date = resilience["last_change"]["date"].as_str().unwrap();

    let human = repo.stdout(&["status"], 0);
    let line = human
        .lines()
        .find(|l| l.starts_with("resilience "))
        .unwrap();
    let percent = fr.percent(share);
    assert!(percent.starts_with("0,") && percent.ends_with("\u{a0}%"));
    assert!(line.contains(&percent), "{line}");
    assert!(line.contains(&fr.date(date)), "{line}");
    assert!(!human.contains(date), "an ISO date: {human}");
    assert!(!human.contains(&percent.replace(',', ".").replace('\u{a0}', "")));
    // The diff says the same share the same way.
    let diff = repo.stdout(&["diff", "edition-10", "HEAD", "--domain", "resilience"], 0);
    assert!(diff.contains(&fr.percent(share)), "{diff}");
}
