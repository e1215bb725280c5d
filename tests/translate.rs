//! Translations kept in step with the drafting language, on the bilingual test edition
//! (tests/fixtures/bilingual) in a real git repository: the F rules, the L rules with
//! the alignment, and `translate status|diff|accept|init`.

mod bilingual;
mod common;

use bilingual::{bilingual, commit, edit, findings, line_of, run_expect};
use common::{git, rapporteur, stderr, stdout};

const EN_CYBER: &str = "drafts/en/01-cyber.md";
const FR_CYBER: &str = "drafts/fr/01-cyber.md";

/// The paragraphs of a section file's body.
fn body_paragraphs(text: &str) -> Vec<String> {
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    body.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn the_fixture_is_clean_and_its_records_are_what_git_says() {
    let repo = bilingual();
    let dir = repo.path();
    assert_eq!(findings(dir), vec![]);
    let english_commit = git(dir, &["rev-list", "-n1", "HEAD~1"]).trim().to_string();
    for (en, fr) in [
        (
            "drafts/en/00-introduction.md",
            "drafts/fr/00-introduction.md",
        ),
        (EN_CYBER, FR_CYBER),
        ("drafts/en/02-exercises.md", "drafts/fr/02-exercises.md"),
    ] {
        let fr_text = std::fs::read_to_string(dir.join(fr)).unwrap();
        assert!(
            fr_text.contains(&format!("  commit: {english_commit}\n")),
            "{fr} names the English commit {english_commit}:\n{fr_text}"
        );
        // Each recorded fingerprint is git's hash of the normalised English paragraph at
        // that commit: recomputed here with git itself.
        let en_then = git(dir, &["show", &format!("{english_commit}:{en}")]);
        let recorded: Vec<&str> = fr_text
            .lines()
            .filter_map(|l| l.strip_prefix("    - "))
            .collect();
        let paragraphs = body_paragraphs(&en_then);
        assert_eq!(recorded.len(), paragraphs.len(), "{fr}");
        for (fp, paragraph) in recorded.iter().zip(&paragraphs) {
            let mut hash = std::process::Command::new("git")
                .args(["hash-object", "--stdin"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            hash.stdin
                .take()
                .unwrap()
                .write_all(paragraph.as_bytes())
                .unwrap();
            let out = hash.wait_with_output().unwrap();
            let sha = String::from_utf8(out.stdout).unwrap();
            assert_eq!(*fp, &sha[..16], "{fr}: {paragraph}");
        }
    }
}

#[test]
fn twelve_to_fourteen_is_one_f001_and_translate_diff_shows_it_above_the_french() {
    let repo = bilingual();
    let dir = repo.path();
    edit(dir, EN_CYBER, "held 12 staff", "held 14 staff");
    let fr_line = line_of(dir, FR_CYBER, "L'UE et l'OTAN ont tenu 12");
    let found = findings(dir);
    let f: Vec<_> = found.iter().filter(|d| d.0.starts_with('F')).collect();
    assert_eq!(
        f,
        vec![&("F001".to_string(), FR_CYBER.to_string(), fr_line)],
        "{found:?}"
    );
    // Nothing else: the numbers of a paragraph whose source changed are F001's to report
    // (an L003 error there would refuse the English commit until the French catches up).
    assert_eq!(
        found,
        vec![("F001".to_string(), FR_CYBER.to_string(), fr_line)]
    );

    let out = run_expect(dir, &["translate", "diff", "--lang", "fr"], 0);
    let text = stdout(&out);
    let change = text.find("12 → 14").unwrap_or_else(|| panic!("{text}"));
    let french = text
        .find("fr: L'UE et l'OTAN ont tenu 12 réunions")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        change < french,
        "the change comes above the French:\n{text}"
    );
    assert!(
        text.contains("en: The EU and NATO held [12 → 14] staff-to-staff"),
        "{text}"
    );
    assert!(text.contains("1 paragraph behind"), "{text}");

    // The same as JSON: the word diff, old text read from git at the recorded commit.
    let out = run_expect(
        dir,
        &[
            "translate",
            "diff",
            "cyber",
            "--lang",
            "fr",
            "--format",
            "json",
        ],
        0,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &json["sections"][0]["paragraphs"][0];
    assert_eq!(p["fate"], "edited");
    assert_eq!(p["paragraph"], 1);
    assert_eq!(
        p["old_source"],
        "The EU and NATO held 12 staff-to-staff meetings on cyber security."
    );
    let ops: Vec<(&str, &str)> = p["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["op"].as_str().unwrap(), w["text"].as_str().unwrap()))
        .collect();
    assert!(
        ops.contains(&("delete", "12")) && ops.contains(&("insert", "14")),
        "{ops:?}"
    );
    assert_eq!(
        p["translation"],
        "L'UE et l'OTAN ont tenu 12 réunions entre services sur la cybersécurité."
    );
}

#[test]
fn one_inserted_english_paragraph_is_one_f002_and_nothing_after_it() {
    let repo = bilingual();
    let dir = repo.path();
    edit(
        dir,
        EN_CYBER,
        "Both organisations exchanged",
        "A new working group on cyber security met in May.\n\nBoth organisations exchanged",
    );
    // The translation of that paragraph belongs before the French second paragraph.
    let at = line_of(dir, FR_CYBER, "Les deux organisations");
    assert_eq!(
        findings(dir),
        vec![("F002".to_string(), FR_CYBER.to_string(), at)],
        "no L003, no L004, no F001 on the paragraphs after the insertion"
    );
    let out = run_expect(dir, &["translate", "status", "--lang", "fr"], 0);
    let text = stdout(&out);
    assert!(
        text.contains("cyber        behind             1       0      1        0"),
        "{text}"
    );

    // Positional comparison (no record) would shift every later paragraph: without the
    // record the L rules see a different paragraph count.
    let fr = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    let start = fr.find("translated_from:").unwrap();
    let end = fr[start..].find("---").unwrap() + start;
    std::fs::write(
        dir.join(FR_CYBER),
        format!("{}{}", &fr[..start], &fr[end..]),
    )
    .unwrap();
    let codes: Vec<String> = findings(dir).into_iter().map(|d| d.0).collect();
    assert_eq!(codes, ["F004", "L004"]);
}

#[test]
fn a_removed_english_paragraph_orphans_its_translation() {
    let repo = bilingual();
    let dir = repo.path();
    edit(
        dir,
        EN_CYBER,
        "Experts took part in each other's exercises as observers.\n\n",
        "",
    );
    let orphan = line_of(dir, FR_CYBER, "Des experts");
    assert_eq!(
        findings(dir),
        vec![("F003".to_string(), FR_CYBER.to_string(), orphan)]
    );
    let out = run_expect(dir, &["translate", "diff", "--lang", "fr"], 0);
    let text = stdout(&out);
    assert!(
        text.contains("fr ¶3 — its en paragraph was removed"),
        "{text}"
    );
    assert!(text.contains("[-Experts took part"), "{text}");
}

#[test]
fn accept_one_paragraph_after_the_translator_updates_it() {
    let repo = bilingual();
    let dir = repo.path();
    edit(dir, EN_CYBER, "held 12 staff", "held 14 staff");
    edit(
        dir,
        "drafts/en/02-exercises.md",
        "met 3 times",
        "met 4 times",
    );
    // The record must name a commit holding the English text: refused until committed.
    let out = run_expect(
        dir,
        &["translate", "accept", "cyber", "--lang", "fr", "-p", "1"],
        2,
    );
    assert!(stderr(&out).contains("not committed"), "{}", stderr(&out));
    commit(dir, "English: 14 meetings, 4 times");
    let head = git(dir, &["rev-parse", "HEAD"]).trim().to_string();

    edit(dir, FR_CYBER, "ont tenu 12", "ont tenu 14");
    let before = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    run_expect(
        dir,
        &[
            "translate",
            "accept",
            "cyber",
            "--lang",
            "fr",
            "--paragraph",
            "1",
        ],
        0,
    );
    let after = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    // Only the record's commit and first fingerprint changed; the rest is byte for byte.
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert_eq!(changed[0].1, format!("  commit: {head}"));
    assert!(changed[1].1.starts_with("    - "), "{changed:?}");
    assert_eq!(before.lines().count(), after.lines().count());

    // The other section is still behind, and `translate diff` still shows its old text,
    // which is in the history of the new commit, not in it.
    let found = findings(dir);
    assert_eq!(
        found,
        vec![(
            "F001".to_string(),
            "drafts/fr/02-exercises.md".to_string(),
            12
        )]
    );
    let out = run_expect(dir, &["translate", "diff", "--lang", "fr"], 0);
    assert!(stdout(&out).contains("[3 → 4]"), "{}", stdout(&out));
    // Accepting a paragraph that is up to date changes nothing.
    let out = run_expect(
        dir,
        &["translate", "accept", "cyber", "--lang", "fr", "-p", "2"],
        0,
    );
    assert!(
        stderr(&out).contains("nothing to accept"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(dir.join(FR_CYBER)).unwrap(), after);
}

#[test]
fn accepting_a_whole_section_needs_it_to_match_the_source() {
    let repo = bilingual();
    let dir = repo.path();
    edit(
        dir,
        EN_CYBER,
        "Both organisations exchanged",
        "A new working group on cyber security met in May.\n\nBoth organisations exchanged",
    );
    commit(dir, "English: a new paragraph");
    let out = run_expect(dir, &["translate", "accept", "cyber", "--lang", "fr"], 2);
    assert!(
        stderr(&out).contains("4 paragraphs, but drafts/en/01-cyber.md has 5"),
        "{}",
        stderr(&out)
    );
    // The translator translates it (F005 meanwhile: the record no longer fits), then
    // accepts the section.
    edit(
        dir,
        FR_CYBER,
        "Les deux organisations",
        "Un nouveau groupe de travail sur la cybersécurité s'est réuni en mai.\n\nLes deux organisations",
    );
    let codes: Vec<String> = findings(dir).into_iter().map(|d| d.0).collect();
    assert_eq!(codes, ["F005"]);
    run_expect(dir, &["translate", "accept", "cyber", "--lang", "fr"], 0);
    assert_eq!(findings(dir), vec![]);
    // Accepting it again, after another commit, changes nothing (not even the commit).
    commit(dir, "French: the new paragraph");
    let accepted = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    let out = run_expect(dir, &["translate", "accept", "cyber"], 0);
    assert!(
        stderr(&out).contains("nothing to accept"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(FR_CYBER)).unwrap(),
        accepted
    );
    // Unknown domain: one clear error.
    let out = run_expect(dir, &["translate", "accept", "cyberr", "--lang", "fr"], 2);
    assert!(
        stderr(&out).contains("did you mean `cyber`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn init_writes_the_records_by_position_and_refuses_uneven_sections() {
    let repo = bilingual();
    let dir = repo.path();
    let recorded = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    // Without records: F004 on each French section.
    for name in ["00-introduction.md", "01-cyber.md", "02-exercises.md"] {
        let path = dir.join("drafts/fr").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find("translated_from:").unwrap();
        let end = text[start..].find("---").unwrap() + start;
        std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    }
    let codes: Vec<String> = findings(dir).into_iter().map(|d| d.0).collect();
    assert_eq!(codes, ["F004", "F004", "F004"]);
    let stripped = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();

    // One section with a paragraph too many: refused, nothing written.
    edit(
        dir,
        "drafts/fr/02-exercises.md",
        "Les planificateurs",
        "Un de plus.\n\nLes planificateurs",
    );
    let out = run_expect(dir, &["translate", "init", "--lang", "fr"], 2);
    assert!(
        stderr(&out).contains(
            "drafts/fr/02-exercises.md has 3 paragraphs, drafts/en/02-exercises.md has 2"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(FR_CYBER)).unwrap(),
        stripped
    );
    edit(dir, "drafts/fr/02-exercises.md", "Un de plus.\n\n", "");

    let out = run_expect(dir, &["translate", "init", "--lang", "fr"], 0);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        said.contains("drafts/fr/01-cyber.md: recorded 4 paragraphs of drafts/en/01-cyber.md"),
        "{said}"
    );
    assert_eq!(findings(dir), vec![]);
    // The same fingerprints as the fixture's records; the commit is now HEAD.
    let head = git(dir, &["rev-parse", "HEAD"]).trim().to_string();
    let now = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    let english = git(dir, &["rev-parse", "HEAD~1"]).trim().to_string();
    assert_eq!(now, recorded.replace(&english, &head));
    // A second run has nothing to do.
    let out = run_expect(dir, &["translate", "init", "--lang", "fr"], 0);
    assert!(stderr(&out).contains("nothing to do"), "{}", stderr(&out));
}

#[test]
fn old_text_tells_an_edit_from_an_insertion_beside_it() {
    let repo = bilingual();
    let dir = repo.path();
    // A new paragraph before the second one, and the second one edited.
    edit(
        dir,
        EN_CYBER,
        "Both organisations exchanged information on threats in a timely manner.",
        "A new working group on cyber security met in May.\n\nBoth organisations exchanged information on cyber threats in a timely manner.",
    );
    // `check` (fingerprints only) pairs the run by position...
    let at = line_of(dir, FR_CYBER, "Les deux organisations");
    let codes: Vec<(String, u64)> = findings(dir).into_iter().map(|d| (d.0, d.2)).collect();
    assert_eq!(
        codes,
        [("F001".to_string(), at), ("F002".to_string(), at + 2)]
    );
    // ...`translate diff` reads the old text and pairs by similarity: the new paragraph
    // is the added one, the second the edited one.
    let out = run_expect(
        dir,
        &["translate", "diff", "--lang", "fr", "--format", "json"],
        0,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paragraphs = json["sections"][0]["paragraphs"].as_array().unwrap();
    let summary: Vec<(&str, Option<u64>)> = paragraphs
        .iter()
        .map(|p| (p["fate"].as_str().unwrap(), p["source_paragraph"].as_u64()))
        .collect();
    assert_eq!(summary, [("added", Some(2)), ("edited", Some(3))]);
    assert_eq!(paragraphs[0]["before"], 2);
}

#[test]
fn without_the_recorded_commit_changes_are_known_by_fingerprint_only() {
    let repo = bilingual();
    let dir = repo.path();
    // As in a shallow clone: the records name a commit this repository does not have.
    for name in ["00-introduction.md", "01-cyber.md", "02-exercises.md"] {
        let english = git(dir, &["rev-parse", "HEAD~1"]).trim().to_string();
        edit(
            dir,
            &format!("drafts/fr/{name}"),
            &english,
            "0123456789abcdef0123456789abcdef01234567",
        );
    }
    edit(dir, EN_CYBER, "held 12 staff", "held 14 staff");
    let found = findings(dir);
    assert_eq!(
        found.iter().filter(|d| d.0 == "F001").count(),
        1,
        "{found:?}"
    );
    let out = run_expect(dir, &["translate", "diff", "--lang", "fr"], 0);
    let text = stdout(&out);
    assert!(
        text.contains("commit 0123456 is not in this repository"),
        "{text}"
    );
    assert!(
        text.contains("(old text unknown; now:) The EU and NATO held 14"),
        "{text}"
    );
    let out = run_expect(dir, &["translate", "status", "--format", "json"], 0);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sections"][1]["state"], "behind");
    assert!(
        json["sections"][1]["note"]
            .as_str()
            .unwrap()
            .contains("shallow clone")
    );
}

#[test]
fn diff_formats_and_usage_errors() {
    let repo = bilingual();
    let dir = repo.path();
    edit(dir, EN_CYBER, "held 12 staff", "held 14 <staff>");
    let md = stdout(&run_expect(
        dir,
        &["translate", "diff", "--lang", "fr", "--format", "md"],
        0,
    ));
    assert!(
        md.contains("<del>12 staff-to-staff</del> → <ins>14 &lt;staff&gt;-to-staff</ins>"),
        "{md}"
    );
    assert!(!md.contains("<staff>"), "{md}");
    let html = stdout(&run_expect(
        dir,
        &["translate", "diff", "--lang", "fr", "--format", "html"],
        0,
    ));
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("lang=\"fr\""),
        "{html}"
    );
    assert!(!html.contains("<staff>"), "{html}");
    // Up to date: said so.
    let clean = bilingual();
    let out = run_expect(clean.path(), &["translate", "diff"], 0);
    assert!(
        stdout(&out).contains("all 3 `fr` sections are up to date with `en`"),
        "{}",
        stdout(&out)
    );
    // Wrong language, unknown domain, the source language: one line each, exit 2.
    for (args, says) in [
        (
            vec!["translate", "diff", "--lang", "de"],
            "`de` is not a language of this edition",
        ),
        (
            vec!["translate", "diff", "--lang", "en"],
            "`en` is the source language",
        ),
        (
            vec!["translate", "diff", "space", "--lang", "fr"],
            "no `fr` section of domain `space`",
        ),
    ] {
        let out = rapporteur(dir, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn an_edition_without_source_is_unaffected() {
    // The shipped edition (French only, no `source:`) has no F findings and no
    // translation to work on.
    let ws = common::Workspace::shipped();
    let out = ws.run(&["check", "--format", "json"]);
    let codes: Vec<String> = common::json_diagnostics(&out)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(codes.iter().all(|c| !c.starts_with('F')), "{codes:?}");
    let out = ws.run(&["translate", "status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("names no source language"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_source_outside_the_languages_is_a_broken_setting() {
    let repo = bilingual();
    let dir = repo.path();
    edit(dir, "drafts/report.yaml", "source: en", "source: de");
    let out = run_expect(dir, &["check"], 2);
    assert!(
        stderr(&out).contains(
            "drafts/report.yaml:10:9: `source: de` is not one of the edition's `languages` (en, fr)"
        ),
        "{}",
        stderr(&out)
    );
    let out = run_expect(dir, &["translate", "status"], 2);
    assert!(stderr(&out).contains("`source: de`"), "{}", stderr(&out));
}
