//! `xliff export|import` on the bilingual test edition, with the real tools: xmllint
//! (Debian's libxml2-utils) validates exports against the OASIS XLIFF 2.0 schemas kept in
//! tests/fixtures/xliff-2.0, and translate-toolkit (PyPI) reads an export, changes a
//! target and saves it, as a CAT tool would, for `xliff import` to read back.

mod bilingual;
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use bilingual::{bilingual, commit, edit, findings, line_of, run_expect, translate_toolkit};
use common::{repo_root, stderr, stdout, tool};

const EN_CYBER: &str = "drafts/en/01-cyber.md";
const FR_CYBER: &str = "drafts/fr/01-cyber.md";
const FR_EXERCISES: &str = "drafts/fr/02-exercises.md";

/// The bilingual edition after the English changed (committed): 12 → 14 in cyber, a new
/// paragraph in exercises.
fn english_changed() -> tempfile::TempDir {
    let repo = bilingual();
    let dir = repo.path();
    edit(dir, EN_CYBER, "held 12 staff", "held 14 staff");
    edit(
        dir,
        "drafts/en/02-exercises.md",
        "Planners of both",
        "A joint workshop on lessons learned took place in March.\n\nPlanners of both",
    );
    commit(dir, "English: 14 meetings, a workshop");
    repo
}

/// `xmllint --noout --nonet --schema` with the OASIS schemas: (success, output).
fn validate(xmllint: &Path, file: &Path) -> (bool, String) {
    let schema = repo_root().join("tests/fixtures/xliff-2.0/validate.xsd");
    let out = Command::new(xmllint)
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .arg(file)
        .output()
        .expect("xmllint runs");
    (
        out.status.success(),
        format!("{}{}", stdout(&out), stderr(&out)),
    )
}

/// Runs a Python snippet (with translate-toolkit) on `args`; returns its standard output.
fn python(python: &Path, script: &str, args: &[&Path]) -> String {
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// translate-toolkit as a CAT tool: opens an XLIFF 2.0 file, gives the unit whose source
/// contains `argv[3]` the target `argv[4]`, marks it translated, saves to `argv[2]`.
const TT_EDIT_20: &str = r#"
import sys
from translate.storage.xliff2 import Xliff2File
path, out = sys.argv[1], sys.argv[2]
store = Xliff2File.parsestring(open(path, 'rb').read())
edits = dict(zip(sys.argv[3::2], sys.argv[4::2]))
done = 0
for unit in store.units:
    for needle, target in edits.items():
        if needle in unit.source:
            unit.target = target
            unit.markfuzzy(False)
            done += 1
assert done == len(edits), (done, edits)
open(out, 'wb').write(bytes(store))
print(len(store.units), sum(1 for u in store.units if u.isfuzzy()))
"#;

/// Exports into the folder `to` (outside the repository) as `name`; returns the path.
fn export(dir: &Path, to: &Path, args: &[&str], name: &str) -> PathBuf {
    let file = to.join(name);
    let path = file.to_string_lossy().to_string();
    let mut all = vec!["xliff", "export", "--lang", "fr", "-o", path.as_str()];
    all.extend(args);
    run_expect(dir, &all, 0);
    file
}

#[test]
fn the_export_validates_against_the_oasis_schema_and_a_planted_state_does_not() {
    let Some(xmllint) = tool("xmllint", "apt-get install -y libxml2-utils") else {
        return;
    };
    let repo = english_changed();
    let dir = repo.path();
    let files = tempfile::tempdir().unwrap();
    let file = export(dir, files.path(), &[], "all.xlf");
    let (ok, says) = validate(&xmllint, &file);
    assert!(ok, "{says}");
    let xml = std::fs::read_to_string(&file).unwrap();
    // One file per section, one unit per English paragraph (2 + 4 + 3), the fingerprint
    // on the unit, no id on segments; the outdated translation `initial`, the others
    // `final`, the new paragraph without a target.
    assert_eq!(xml.matches("<file ").count(), 3);
    assert_eq!(xml.matches("<unit ").count(), 9);
    assert_eq!(xml.matches("rp:fingerprint=").count(), 9);
    assert_eq!(xml.matches("<segment state=\"final\">").count(), 7);
    assert_eq!(xml.matches("<segment state=\"initial\">").count(), 2);
    assert_eq!(xml.matches("<target>").count(), 8);
    assert!(
        xml.contains("The EU and NATO held [12 → 14] staff-to-staff"),
        "{xml}"
    );

    // A state XLIFF does not have fails validation...
    let bad = file.with_extension("approved.xlf");
    std::fs::write(
        &bad,
        xml.replacen("state=\"initial\"", "state=\"approved\"", 1),
    )
    .unwrap();
    let (ok, says) = validate(&xmllint, &bad);
    assert!(!ok && says.contains("approved"), "{says}");
    // ...and so does a fingerprint on a segment (why it sits on the unit).
    let bad = file.with_extension("segment.xlf");
    std::fs::write(
        &bad,
        xml.replacen("<segment state=", "<segment rp:fingerprint=\"x\" state=", 1),
    )
    .unwrap();
    let (ok, says) = validate(&xmllint, &bad);
    assert!(!ok, "{says}");

    // --only outdated: the two paragraphs behind, and still valid.
    let outdated = export(dir, files.path(), &["--only", "outdated"], "outdated.xlf");
    let (ok, says) = validate(&xmllint, &outdated);
    assert!(ok, "{says}");
    let xml = std::fs::read_to_string(&outdated).unwrap();
    assert_eq!(xml.matches("<unit ").count(), 2, "{xml}");
    assert_eq!(xml.matches("<file ").count(), 2, "{xml}");
}

#[test]
fn a_round_trip_through_translate_toolkit_imports_back() {
    let Some(py) = translate_toolkit() else {
        return;
    };
    let xmllint = tool("xmllint", "apt-get install -y libxml2-utils");
    let repo = english_changed();
    let dir = repo.path();
    let files = tempfile::tempdir().unwrap();
    let file = export(dir, files.path(), &[], "fr.xlf");
    let edited = file.with_extension("edited.xlf");
    let counts = Command::new(&py)
        .arg("-c")
        .arg(TT_EDIT_20)
        .arg(&file)
        .arg(&edited)
        .args([
            "held 14 staff",
            "L'UE et l'OTAN ont tenu 14 réunions entre services sur la cybersécurité.",
            "A joint workshop",
            "Un atelier commun sur les enseignements tirés a eu lieu en mars.",
        ])
        .output()
        .unwrap();
    assert!(counts.status.success(), "{}", stderr(&counts));
    // translate-toolkit read 9 units, 2 of them needing work, and left none fuzzy.
    assert_eq!(stdout(&counts).trim(), "9 0");
    if let Some(xmllint) = &xmllint {
        let (ok, says) = validate(xmllint, &edited);
        assert!(ok, "translate-toolkit's file still validates: {says}");
    }
    let before_intro = std::fs::read_to_string(dir.join("drafts/fr/00-introduction.md")).unwrap();

    let out = run_expect(dir, &["xliff", "import", edited.to_str().unwrap()], 0);
    assert!(
        stderr(&out).contains("drafts/fr/01-cyber.md: 1 paragraph updated, 0 added"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("drafts/fr/02-exercises.md: 0 paragraphs updated, 1 added"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("no findings; 0 paragraphs of `fr` still behind"),
        "{}",
        stdout(&out)
    );
    // Everything in step: no finding at all.
    assert_eq!(findings(dir), vec![]);
    let exercises = std::fs::read_to_string(dir.join(FR_EXERCISES)).unwrap();
    assert!(
        exercises.contains("de l'automne.\n\nUn atelier commun sur les enseignements tirés a eu lieu en mars.\n\nLes planificateurs"),
        "{exercises}"
    );
    assert!(
        std::fs::read_to_string(dir.join(FR_CYBER))
            .unwrap()
            .contains("ont tenu 14 réunions")
    );
    // Sections without a change are not rewritten.
    assert_eq!(
        std::fs::read_to_string(dir.join("drafts/fr/00-introduction.md")).unwrap(),
        before_intro
    );
    // Importing the same file again changes nothing.
    let out = run_expect(dir, &["xliff", "import", edited.to_str().unwrap()], 0);
    assert!(!stderr(&out).contains("updated"), "{}", stderr(&out));
}

#[test]
fn a_stale_file_is_refused_and_nothing_is_written() {
    let Some(py) = translate_toolkit() else {
        return;
    };
    let repo = english_changed();
    let dir = repo.path();
    let files = tempfile::tempdir().unwrap();
    let file = export(dir, files.path(), &[], "fr.xlf");
    let edited = file.with_extension("edited.xlf");
    python(
        &py,
        TT_EDIT_20,
        &[
            &file,
            &edited,
            Path::new("held 14 staff"),
            Path::new("L'UE et l'OTAN ont tenu 14 réunions entre services sur la cybersécurité."),
        ],
    );
    // Meanwhile the English changed again.
    edit(dir, EN_CYBER, "held 14 staff", "held 16 staff");
    commit(dir, "English: 16 meetings");
    let before = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    let out = run_expect(dir, &["xliff", "import", edited.to_str().unwrap()], 2);
    let err = stderr(&out);
    assert!(
        err.contains("is stale: 1 confirmed unit no longer matches"),
        "{err}"
    );
    assert!(
        err.contains("unit `p1` of `cyber` («The EU and NATO held 14"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.join(FR_CYBER)).unwrap(), before);
}

#[test]
fn a_unit_left_as_exported_is_passed_over_even_when_its_source_moved_on() {
    let Some(py) = translate_toolkit() else {
        return;
    };
    let repo = english_changed();
    let dir = repo.path();
    let files = tempfile::tempdir().unwrap();
    let file = export(dir, files.path(), &[], "fr.xlf");
    let edited = file.with_extension("edited.xlf");
    python(
        &py,
        TT_EDIT_20,
        &[
            &file,
            &edited,
            Path::new("held 14 staff"),
            Path::new("L'UE et l'OTAN ont tenu 14 réunions entre services sur la cybersécurité."),
        ],
    );
    // Meanwhile the English introduction changed: its units were up to date (`final`)
    // in the export, and the translator did not touch them.
    edit(
        dir,
        "drafts/en/00-introduction.md",
        "met regularly",
        "met every month",
    );
    commit(dir, "English: monthly meetings");
    let out = run_expect(dir, &["xliff", "import", edited.to_str().unwrap()], 0);
    let err = stderr(&out);
    assert!(
        err.contains("drafts/fr/01-cyber.md: 1 paragraph updated"),
        "{err}"
    );
    let cyber = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    assert!(cyber.contains("ont tenu 14 réunions"), "{cyber}");
    // The introduction's translation is now behind, as `check` says, and was not touched.
    let found = findings(dir);
    assert!(
        found
            .iter()
            .any(|(code, path, _)| code == "F001" && path == "drafts/fr/00-introduction.md"),
        "{found:?}"
    );
}

#[test]
fn import_checks_what_it_wrote_with_every_rule() {
    let Some(py) = translate_toolkit() else {
        return;
    };
    let repo = english_changed();
    let dir = repo.path();
    let files = tempfile::tempdir().unwrap();
    let file = export(dir, files.path(), &[], "fr.xlf");
    let edited = file.with_extension("edited.xlf");
    // A CAT tool's target with a plain space before the colon (French typography).
    python(
        &py,
        TT_EDIT_20,
        &[
            &file,
            &edited,
            Path::new("held 14 staff"),
            Path::new("L'UE et l'OTAN ont tenu 14 réunions entre services : la cybersécurité."),
        ],
    );
    let out = run_expect(dir, &["xliff", "import", edited.to_str().unwrap()], 1);
    let text = stdout(&out);
    assert!(text.contains("[Y001]"), "{text}");
    assert!(text.contains("drafts/fr/01-cyber.md"), "{text}");
    // One summary: the file written, its counts, and what is still behind.
    assert!(
        text.contains("checked 1 file written: 1 error, 0 warnings, 0 notes; "),
        "{text}"
    );
    // What `check` then says of the file is what the import said.
    assert!(
        findings(dir)
            .iter()
            .any(|(code, path, _)| code == "Y001" && path == FR_CYBER)
    );
}

#[test]
fn xliff_12_is_read_by_translate_toolkit_and_imports_back() {
    let Some(py) = translate_toolkit() else {
        return;
    };
    let repo = english_changed();
    let dir = repo.path();
    let files = tempfile::tempdir().unwrap();
    let file = export(dir, files.path(), &["--xliff-version", "1.2"], "fr12.xlf");
    let edited = file.with_extension("edited.xlf");
    let script = r#"
import sys
from translate.storage.xliff import xlifffile
store = xlifffile.parsestring(open(sys.argv[1], 'rb').read())
units = store.units
print(len(units), sum(1 for u in units if u.isfuzzy()), sum(1 for u in units if u.isapproved()))
for u in units:
    if 'held 14' in u.source:
        u.target = "L'UE et l'OTAN ont tenu 14 réunions entre services sur la cybersécurité."
        u.markfuzzy(False)
open(sys.argv[2], 'wb').write(bytes(store))
"#;
    // 9 units: the outdated one fuzzy (needs-review-translation), the 7 up to date
    // approved, the new one fuzzy too (its target a copy of its source, as XLIFF 1.2
    // tools expect, `needs-translation`).
    assert_eq!(python(&py, script, &[&file, &edited]).trim(), "9 2 7");
    run_expect(dir, &["xliff", "import", edited.to_str().unwrap()], 0);
    let found = findings(dir);
    assert_eq!(
        found,
        vec![(
            "F002".to_string(),
            FR_EXERCISES.to_string(),
            line_of(dir, FR_EXERCISES, "Les planificateurs")
        )],
        "cyber is in step, the new paragraph still awaits its translation"
    );
}

#[test]
fn import_refuses_what_it_cannot_take_with_the_place() {
    let repo = english_changed();
    let dir = repo.path();
    let files = tempfile::tempdir().unwrap();
    let file = export(dir, files.path(), &[], "fr.xlf");
    let xml = std::fs::read_to_string(&file).unwrap();
    let before = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    let translated = xml.replacen(
        "<segment state=\"initial\">",
        "<segment state=\"translated\">",
        1,
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "doctype",
            xml.replacen(
                "<xliff ",
                "<!DOCTYPE xliff [<!ENTITY x \"y\">]>\n<xliff ",
                1,
            ),
            ":2:1: a DOCTYPE is not allowed",
        ),
        (
            "language",
            xml.replacen("trgLang=\"fr\"", "trgLang=\"de\"", 1),
            "translates into `de`",
        ),
        (
            "not-xliff",
            "<html><body/></html>".to_string(),
            "not an XLIFF document",
        ),
        (
            "broken",
            xml.replacen("</xliff>", "", 1),
            "not well-formed XML",
        ),
        (
            "source-edited",
            translated.replacen(
                "<source>The EU and NATO held 14",
                "<source>The EU and NATO held 15",
                1,
            ),
            "its source text was changed in the file",
        ),
    ];
    for (name, text, says) in cases {
        let bad = file.with_extension(format!("{name}.xlf"));
        std::fs::write(&bad, text).unwrap();
        let out = run_expect(dir, &["xliff", "import", bad.to_str().unwrap()], 2);
        assert!(stderr(&out).contains(says), "{name}: {}", stderr(&out));
        assert_eq!(
            std::fs::read_to_string(dir.join(FR_CYBER)).unwrap(),
            before,
            "{name}"
        );
    }
    // A target with an inline code its source does not have: that unit alone is
    // refused, named, and the run fails.
    let bad = file.with_extension("inline.xlf");
    std::fs::write(
        &bad,
        translated.replacen(
            "<target>L'UE et l'OTAN ont tenu 12",
            "<target><ph id=\"1\"/>L'UE et l'OTAN ont tenu 14",
            1,
        ),
    )
    .unwrap();
    let out = run_expect(dir, &["xliff", "import", bad.to_str().unwrap()], 1);
    assert!(
        stderr(&out).contains(":18:5: unit `p1` of `cyber` («The EU and NATO held 14 staff-to-staff meetings …»): its target holds `<ph>`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(dir.join(FR_CYBER)).unwrap(), before);
    // A FIFO is refused, not waited on.
    let fifo = files.path().join("fifo.xlf");
    common::mkfifo(&fifo);
    let out = common::rapporteur_within(dir, &["xliff", "import", fifo.to_str().unwrap()], 10);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
    // -o never overwrites the edition's files.
    let out = run_expect(dir, &["xliff", "export", "-o", FR_CYBER], 2);
    assert!(
        stderr(&out).contains("-o would write into drafts/"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(dir.join(FR_CYBER)).unwrap(), before);
}

/// translate-toolkit's PO path: `xliff2po` on the 1.2 export, the PO edited as a PO
/// editor would, then `pomerge` with the export as template (which fills the export's
/// units; `po2xliff -t` adds the PO's units beside them instead, and import says what to
/// run), then `xliff import`.
#[test]
fn the_po_path_through_translate_toolkit_imports_back() {
    let Some(py) = translate_toolkit() else {
        return;
    };
    let (Some(xliff2po), Some(pomerge), Some(po2xliff)) = (
        tool(
            "xliff2po",
            "python3 -m pip install translate-toolkit==3.20.4",
        ),
        tool(
            "pomerge",
            "python3 -m pip install translate-toolkit==3.20.4",
        ),
        tool(
            "po2xliff",
            "python3 -m pip install translate-toolkit==3.20.4",
        ),
    ) else {
        return;
    };
    let repo = english_changed();
    let dir = repo.path();
    let files = tempfile::tempdir().unwrap();
    let file = export(dir, files.path(), &["--xliff-version", "1.2"], "fr.xlf");
    let po = files.path().join("fr.po");
    let status = Command::new(&xliff2po)
        .arg(&file)
        .arg(&po)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    let script = r#"
import sys
from translate.storage import po
store = po.pofile.parsefile(sys.argv[1])
for unit in store.units:
    if 'held 14' in unit.source:
        unit.target = "L'UE et l'OTAN ont tenu 14 réunions entre services sur la cybersécurité."
        unit.markfuzzy(False)
    if 'joint workshop' in unit.source:
        unit.target = "Un atelier commun sur les enseignements tirés a eu lieu en mars."
        unit.markfuzzy(False)
open(sys.argv[1], 'wb').write(bytes(store))
"#;
    python(&py, script, &[&po]);
    // po2xliff -t: the PO's units in a file of their own; import names the way out.
    let appended = files.path().join("appended.xlf");
    let out = Command::new(&po2xliff)
        .arg("-t")
        .arg(&file)
        .arg(&po)
        .arg(&appended)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run_expect(dir, &["xliff", "import", appended.to_str().unwrap()], 2);
    assert!(
        stderr(&out).contains("pomerge -t EXPORT.xlf"),
        "{}",
        stderr(&out)
    );
    // pomerge fills the export's units.
    let back = files.path().join("back.xlf");
    let out = Command::new(&pomerge)
        .arg("-t")
        .arg(&file)
        .arg("-i")
        .arg(&po)
        .arg("-o")
        .arg(&back)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    run_expect(dir, &["xliff", "import", back.to_str().unwrap()], 0);
    assert_eq!(findings(dir), vec![], "both paragraphs are in step");
    assert!(
        std::fs::read_to_string(dir.join(FR_EXERCISES))
            .unwrap()
            .contains("Un atelier commun sur les enseignements tirés a eu lieu en mars.\n\nLes planificateurs")
    );
}

/// XLIFF 1.2 as Trados and memoQ save it, the target in `<mrk mtype="seg">` segments:
/// joined into one paragraph. A unit given twice is refused, naming both.
#[test]
fn segmented_targets_are_joined_and_a_unit_given_twice_is_refused() {
    let repo = english_changed();
    let dir = repo.path();
    let files = tempfile::tempdir().unwrap();
    let file = export(dir, files.path(), &["--xliff-version", "1.2"], "fr12.xlf");
    let xml = std::fs::read_to_string(&file).unwrap();
    let old_target = "<target state=\"needs-review-translation\">L'UE et l'OTAN ont tenu 12 réunions entre services sur la cybersécurité.</target>";
    assert!(xml.contains(old_target), "{xml}");
    let segmented = xml.replacen(
        old_target,
        "<target state=\"translated\"><mrk mtype=\"seg\" mid=\"1\">L'UE et l'OTAN ont tenu 14 réunions</mrk>\n  <mrk mtype=\"seg\" mid=\"2\">entre services sur la cybersécurité.</mrk></target>",
        1,
    );
    // The same unit twice, with two translations.
    let unit_start = segmented
        .find("<trans-unit id=\"p1\" rp:fingerprint")
        .unwrap();
    let cyber = segmented[unit_start..].find("cyber security").unwrap() + unit_start;
    let unit_start = segmented[..cyber].rfind("<trans-unit").unwrap();
    let unit_end = segmented[unit_start..].find("</trans-unit>").unwrap() + unit_start + 13;
    let unit = &segmented[unit_start..unit_end];
    let twice = format!(
        "{}\n      {}{}",
        &segmented[..unit_end],
        unit.replace("14 réunions", "quatorze réunions"),
        &segmented[unit_end..]
    );
    let before = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    let bad = files.path().join("twice.xlf");
    std::fs::write(&bad, twice).unwrap();
    let out = run_expect(dir, &["xliff", "import", bad.to_str().unwrap()], 2);
    let err = stderr(&out);
    assert!(err.contains("1 unit is given twice"), "{err}");
    assert!(
        err.contains(":17:7 and ") && err.contains("units `p1` and `p1`"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(dir.join(FR_CYBER)).unwrap(), before);

    let good = files.path().join("segmented.xlf");
    std::fs::write(&good, segmented).unwrap();
    run_expect(dir, &["xliff", "import", good.to_str().unwrap()], 0);
    let text = std::fs::read_to_string(dir.join(FR_CYBER)).unwrap();
    assert!(
        text.contains(
            "\nL'UE et l'OTAN ont tenu 14 réunions entre services sur la cybersécurité.\n"
        ),
        "{text}"
    );
}
