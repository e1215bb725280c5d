//! The French slips of issue 16, planted in a copy of the shipped edition and run
//! through the real binary: an acronym in another case (T008), another language's
//! acronym (T009), straight quotes (Y006), a month of last year's period (E005) and a
//! past event after the period in a sentence that also holds a plan (E003, by clause).
//! Each with the text it must leave alone, and `check --fix` writing « … » and l'OTAN.

mod common;

use std::path::Path;

use common::{Workspace, json_diagnostics, rapporteur, repo_root};

const NEW_CODES: [&str; 5] = ["T008", "T009", "Y006", "E005", "E003"];

/// `(code, path, line, severity, message)` of every finding.
fn findings(dir: &Path) -> Vec<(String, String, u64, String, String)> {
    let out = rapporteur(dir, &["check", "--format", "json"]);
    json_diagnostics(&out)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn append(dir: &Workspace, path: &str, paragraph: &str) -> u64 {
    let text = dir.read(path);
    let text = format!("{}\n\n{paragraph}\n", text.trim_end());
    let line = text.lines().count() as u64;
    dir.write(path, text);
    line
}

/// The edition as `edition next` leaves it: the twelfth, on June 2026 – May 2027.
fn twelfth(dir: &Workspace) {
    let meta = dir
        .read("drafts/report.yaml")
        .replacen("number: 11", "number: 12", 1)
        .replacen("start: \"2025-06\"", "start: \"2026-06\"", 1)
        .replacen("end: \"2026-05\"", "end: \"2027-05\"", 1);
    dir.write("drafts/report.yaml", meta);
}

#[test]
fn the_shipped_edition_has_none_of_the_new_findings() {
    let dir = Workspace::shipped();
    let found = findings(dir.path());
    let new: Vec<_> = found
        .iter()
        .filter(|d| NEW_CODES.contains(&d.0.as_str()))
        .collect();
    assert!(new.is_empty(), "{new:#?}");
    // « UNITE – Brave NATO », « BraveTech EU » and « EU Integrated Resolve 2026 » are in
    // the text: the names allow their English words there.
    let text = std::fs::read_to_string(
        repo_root().join("drafts/fr/14-emerging-disruptive-technologies.md"),
    )
    .unwrap();
    assert!(text.contains("UNITE – Brave NATO") && text.contains("BraveTech EU"));
}

#[test]
fn french_slips_are_found_and_fixed() {
    let dir = Workspace::shipped();
    let path = "drafts/fr/03-resilience.md";
    let line = append(
        &dir,
        path,
        "La NATO et l'Otan soutiennent l'Ue\u{a0}; les \"stocks stratégiques\" comptent. Otan garde le cap. Voir https://example.org/NATO/Otan?q=\"EU\".",
    );
    let found: Vec<_> = findings(dir.path())
        .into_iter()
        .filter(|d| d.1 == path)
        .collect();
    let codes: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|d| (d.0.as_str(), d.2, d.3.as_str()))
        .collect();
    // « Otan » starting a sentence, « le cap » and the URL are left alone.
    assert_eq!(
        codes,
        [
            ("T009", line, "error"),
            ("T008", line, "error"),
            ("T008", line, "error"),
            ("Y006", line, "error"),
        ],
        "{found:#?}"
    );
    assert_eq!(
        found[0].4,
        "`NATO` is the English form of `OTAN`: French text writes `OTAN`"
    );
    assert_eq!(
        found[1].4,
        "`Otan` is the acronym `OTAN` written in another case"
    );

    let out = rapporteur(dir.path(), &["check", "--fix", path]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = dir.read(path);
    assert!(
        text.contains(
            "La OTAN et l'OTAN soutiennent l'UE\u{a0}; les «\u{a0}stocks stratégiques\u{a0}» comptent. Otan garde le cap. Voir https://example.org/NATO/Otan?q=\"EU\"."
        ),
        "{text}"
    );
    let left: Vec<_> = findings(dir.path())
        .into_iter()
        .filter(|d| d.1 == path && d.2 >= line)
        .collect();
    assert!(left.is_empty(), "{left:#?}");
}

#[test]
fn english_text_gets_its_own_forms_and_quotes() {
    let dir = Workspace::shipped();
    let meta = dir
        .read("drafts/report.yaml")
        .replacen("languages: [fr]", "languages: [fr, en]", 1);
    dir.write("drafts/report.yaml", meta);
    let path = "drafts/en/03-resilience.md";
    dir.write(
        path,
        "---\ndomain: resilience\nstatus: draft\n---\nThe OTAN and the EU stored \"strategic stocks\"; the Nato too.\n",
    );
    let found: Vec<_> = findings(dir.path())
        .into_iter()
        .filter(|d| d.1 == path && NEW_CODES.contains(&d.0.as_str()))
        .map(|d| d.0)
        .collect();
    assert_eq!(found, ["T009", "Y006", "T008"]);
    let out = rapporteur(dir.path(), &["check", "--fix", path]);
    assert!(out.status.code().is_some(), "{out:?}");
    assert!(
        dir.read(path)
            .contains("The NATO and the EU stored “strategic stocks”; the NATO too."),
        "{}",
        dir.read(path)
    );
}

#[test]
fn last_years_months_and_past_events_after_the_period_in_the_twelfth() {
    let dir = Workspace::shipped();
    twelfth(&dir);
    let path = "drafts/fr/17-exercises.md";
    let novembre = append(
        &dir,
        path,
        "En novembre 2025, les deux organisations ont tenu un atelier commun.",
    );
    let juin = append(
        &dir,
        path,
        "En juin 2027, les deux organisations ont conduit un exercice ; un second exercice est prévu en 2028.",
    );
    let planned = append(
        &dir,
        path,
        "Un exercice est prévu en juin 2027 et un autre en juillet 2027.",
    );
    let found = findings(dir.path());
    let of = |code: &str| -> Vec<(String, u64, String)> {
        found
            .iter()
            .filter(|d| d.0 == code)
            .map(|d| (d.1.clone(), d.2, d.3.clone()))
            .collect()
    };
    let note = |p: &str, l: u64| (p.to_string(), l, "info".to_string());
    // The shipped text's two mentions of November 2025 are last year's now, and the
    // planted one; « entre juin 2025 et mai 2026 » is E001's, not E005's.
    assert_eq!(
        of("E005"),
        [
            note("drafts/fr/16-operational-cooperation-maritime.md", 10),
            note(path, 14),
            note(path, novembre),
        ],
        "{found:#?}"
    );
    assert!(
        of("E001")
            .iter()
            .any(|d| d.0 == "drafts/fr/00-introduction.md")
    );
    // The past event is flagged although its sentence holds a plan; the plans are not.
    assert_eq!(
        of("E003"),
        [(path.to_string(), juin, "warning".to_string())],
        "{found:#?}"
    );
    assert!(planned > juin);
}

#[test]
fn rules_explains_the_new_rules() {
    for code in NEW_CODES {
        let out = rapporteur(&repo_root(), &["rules", code]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("What it checks") && text.contains("Why") && text.contains("Example"),
            "{text}"
        );
    }
    let text =
        String::from_utf8_lossy(&rapporteur(&repo_root(), &["rules", "E005"]).stdout).to_string();
    assert!(
        text.contains("date-in-previous-period (info by default)"),
        "{text}"
    );
}
