//! A language added from nothing to the shipped (French) edition: `translate start en`,
//! the XLIFF export checked by xmllint against the OASIS schema, a real CAT tool —
//! OmegaT (Debian's `omegat`, console mode) translating the 1.2 export from a
//! translation memory that covers two paragraphs — and `xliff import` of what it wrote.
//! OmegaT is a Java program: it runs once, in one test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Workspace, git, json_diagnostics, rapporteur, repo_root, stderr, stdout, tool};

/// The shipped edition in a git repository, with English added to `languages:` and
/// French named as the source, committed.
fn bilingual_shipped() -> Workspace {
    let ws = Workspace::shipped();
    let dir = ws.path();
    git(dir, &["init", "-q", "-b", "main"]);
    let meta = ws.read("drafts/report.yaml");
    assert!(meta.contains("\nlanguages: [fr]\n"), "{meta}");
    ws.write(
        "drafts/report.yaml",
        meta.replace("\nlanguages: [fr]\n", "\nlanguages: [fr, en]\nsource: fr\n"),
    );
    commit(dir, "English to come, translated from French");
    ws
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

fn run_ok(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = rapporteur(dir, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "rapporteur {args:?}:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

/// `(code, path)` of every finding of `check`.
fn findings(dir: &Path) -> Vec<(String, String)> {
    let out = rapporteur(dir, &["check", "--format", "json"]);
    json_diagnostics(&out)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The `translate status --format json` totals: (untranslated, behind, sections).
fn status(dir: &Path) -> (u64, u64, usize) {
    let out = run_ok(
        dir,
        &["translate", "status", "--lang", "en", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sections = json["sections"].as_array().unwrap();
    let sum = |key: &str| sections.iter().map(|s| s[key].as_u64().unwrap()).sum();
    (sum("untranslated"), sum("behind"), sections.len())
}

/// The body of a section file: what follows the front matter.
fn body(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").unwrap();
    let end = rest.find("\n---\n").unwrap();
    &rest[end + 5..]
}

fn section_files(dir: &Path, lang: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("drafts").join(lang))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// The paragraphs of the French sections.
fn french_paragraphs(dir: &Path) -> Vec<String> {
    section_files(dir, "fr")
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            common::paragraphs(body(&text))
        })
        .collect()
}

#[test]
fn english_starts_from_nothing_and_its_export_carries_the_superscripts_as_codes() {
    let ws = bilingual_shipped();
    let dir = ws.path();
    // Before: every command says how to open the language, none says "up to date".
    let out = run_ok(dir, &["translate", "status"]);
    assert!(
        stdout(&out).contains("there is no `en` section yet")
            && stdout(&out).contains("rapporteur translate start en"),
        "{}",
        stdout(&out)
    );
    let out = rapporteur(dir, &["xliff", "export", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("translate start en"),
        "{}",
        stderr(&out)
    );
    // A language not listed, and the source itself, are refused with what to do.
    let out = rapporteur(dir, &["translate", "start", "de"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("add it to `languages:` in drafts/report.yaml"),
        "{}",
        stderr(&out)
    );
    let out = rapporteur(dir, &["translate", "start", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is the source language"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("drafts/en").exists(), "nothing written");

    let out = run_ok(dir, &["translate", "start", "en"]);
    let french = section_files(dir, "fr");
    let english = section_files(dir, "en");
    let names = |files: &[PathBuf]| -> Vec<String> {
        files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names(&english), names(&french), "one file per domain");
    let total = french_paragraphs(dir).len() as u64;
    assert!(
        stderr(&out).contains(&format!("{total} paragraphs of `fr` to translate")),
        "{}",
        stderr(&out)
    );
    for (fr, en) in french.iter().zip(&english) {
        let (fr, en) = (
            std::fs::read_to_string(fr).unwrap(),
            std::fs::read_to_string(en).unwrap(),
        );
        assert_eq!(body(&en), "", "no text copied:\n{en}");
        assert!(en.contains("\nstatus: draft\n"), "{en}");
        let proposals = |t: &str| {
            t.lines()
                .find(|l| l.starts_with("proposals:"))
                .map(str::to_string)
        };
        assert_eq!(proposals(&en), proposals(&fr));
        assert_eq!(
            en.matches("    - untranslated: ").count(),
            common::paragraphs(body(&fr)).len(),
            "{en}"
        );
    }
    // A second start has nothing to do and changes nothing.
    let before: Vec<String> = english
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let out = run_ok(dir, &["translate", "start", "en"]);
    assert!(
        stderr(&out).contains("nothing to start"),
        "{}",
        stderr(&out)
    );
    let after: Vec<String> = english
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(before, after);

    // Progress, not noise: nothing behind, every paragraph untranslated, and `check` says
    // so once per section (on the English file), with no empty-section or
    // paragraph-by-paragraph finding.
    assert_eq!(status(dir), (total, 0, english.len()));
    let out = run_ok(dir, &["translate", "status", "--lang", "en"]);
    assert!(
        stdout(&out).contains(&format!(
            "{} in progress; {total} of {total} source paragraphs not translated yet",
            english.len()
        )),
        "{}",
        stdout(&out)
    );
    let english_findings: Vec<(String, String)> = findings(dir)
        .into_iter()
        .filter(|(_, path)| path.starts_with("drafts/en/"))
        .collect();
    let f007 = english_findings.iter().filter(|(c, _)| c == "F007").count();
    assert_eq!(f007, english.len(), "{english_findings:?}");
    assert!(
        english_findings
            .iter()
            .all(|(c, _)| c == "F007" || c == "P003"),
        "only the progress (and the proposal areas the French has too): {english_findings:?}"
    );
    commit(dir, "English opened");

    // The export: every paragraph, no target, state initial; valid XLIFF 2.0; the
    // superscripts of the edition as inline codes, none as a caret.
    let files = tempfile::tempdir().unwrap();
    let xlf = files.path().join("en.xlf");
    run_ok(
        dir,
        &[
            "xliff",
            "export",
            "--lang",
            "en",
            "-o",
            xlf.to_str().unwrap(),
        ],
    );
    let xml = std::fs::read_to_string(&xlf).unwrap();
    assert_eq!(xml.matches("<unit ").count() as u64, total);
    assert_eq!(
        xml.matches("<segment state=\"initial\">").count() as u64,
        total
    );
    assert_eq!(xml.matches("<target").count(), 0, "nothing translated yet");
    let superscripts: usize = french_paragraphs(dir)
        .iter()
        .map(|p| {
            rapporteur::markdown::parse_inline(p)
                .iter()
                .filter(|r| r.superscript)
                .count()
        })
        .sum();
    assert!(superscripts >= 2, "the shipped edition has superscripts");
    assert_eq!(
        xml.matches("type=\"fmt\" subType=\"rp:sup\">").count(),
        superscripts,
        "each superscript is a code"
    );
    assert!(xml.contains("la 24<pc id=\"1\" type=\"fmt\" subType=\"rp:sup\">e</pc> conférence"));
    assert!(!xml.contains("^e"), "no caret left in the text");
    if let Some(xmllint) = tool("xmllint", "apt-get install -y libxml2-utils") {
        let schema = repo_root().join("tests/fixtures/xliff-2.0/validate.xsd");
        let out = Command::new(xmllint)
            .args(["--noout", "--nonet", "--schema"])
            .arg(schema)
            .arg(&xlf)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    }

    // Back from a CAT tool: the tag placed in one target becomes the Markdown
    // superscript; a target that lost its tag is refused, that unit alone, named.
    let sup = "<pc id=\"1\" type=\"fmt\" subType=\"rp:sup\">";
    let translated = translate_unit(
        &xml,
        "la 24<pc",
        &format!(
            "In November 2025, the 24{sup}th</pc> half-yearly conference of the Directors General of the two military staffs took place."
        ),
    );
    let translated = translate_unit(
        &translated,
        "Le 15<pc",
        "The 15th REPMUS exercise was held jointly.",
    );
    let back = files.path().join("back.xlf");
    std::fs::write(&back, translated).unwrap();
    let out = rapporteur(dir, &["xliff", "import", back.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("of `operational-cooperation-maritime` («Le 15e REPMUS (expérimentation et prototypage de robots …»): its inline codes differ from its source's: the source has superscript (id 1), the target none"),
        "{err}"
    );
    assert!(err.contains("imported 1 unit into `en`"), "{err}");
    let maritime = ws.read("drafts/en/16-operational-cooperation-maritime.md");
    assert_eq!(
        common::paragraphs(body(&maritime)),
        [
            "In November 2025, the 24^th^ half-yearly conference of the Directors General of the two military staffs took place."
        ]
    );
}

/// The 2.0 document `xml` with the unit whose source contains `needle` translated as
/// `target` (inner XML), state `translated`.
fn translate_unit(xml: &str, needle: &str, target: &str) -> String {
    let at = xml.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    let segment = xml[..at].rfind("<segment state=\"initial\">").unwrap();
    let end = xml[at..].find("</source>").unwrap() + at + "</source>".len();
    format!(
        "{}<segment state=\"translated\">{}<target>{target}</target>{}",
        &xml[..segment],
        &xml[segment + "<segment state=\"initial\">".len()..end],
        &xml[end..]
    )
}

/// An OmegaT project translating `fr` into `en`: paragraphs kept whole (no sentence
/// segmentation), the file in source/, the memory in omegat/project_save.tmx.
const OMEGAT_PROJECT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>fr</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"#;

/// A `<source>`'s inner XML as OmegaT's memory holds it: each `<g …>` shown as `<gN>`
/// (N counting the segment's tags from 0), then escaped for the TMX's `<seg>`.
fn omegat_segment(source_xml: &str) -> String {
    let mut out = String::new();
    let mut rest = source_xml;
    let mut n = 0;
    let mut open = Vec::new();
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').unwrap() + at;
        let tag = &rest[at..=end];
        if tag.starts_with("</") {
            out.push_str(&format!("</g{}>", open.pop().unwrap()));
        } else {
            out.push_str(&format!("<g{n}>"));
            open.push(n);
            n += 1;
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    // The source is XML text (with `&amp;`…): unescape, then escape the tags too.
    let text = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The `<source>` inner XML of the 1.2 unit whose source contains `needle`.
fn source_of(xml: &str, needle: &str) -> String {
    xml.split("<source>")
        .skip(1)
        .map(|s| &s[..s.find("</source>").unwrap()])
        .find(|s| s.contains(needle))
        .unwrap_or_else(|| panic!("no source with {needle:?}"))
        .to_string()
}

#[test]
fn omegat_translates_two_paragraphs_from_its_memory_and_import_takes_only_those() {
    let Some(omegat) = tool("omegat", "apt-get install -y omegat") else {
        return;
    };
    let ws = bilingual_shipped();
    let dir = ws.path();
    run_ok(dir, &["translate", "start", "en"]);
    commit(dir, "English opened");
    let total = french_paragraphs(dir).len();

    // The 1.2 export, as OmegaT's project source.
    let project = tempfile::tempdir().unwrap();
    let p = project.path();
    for sub in ["source", "omegat", "target", "tm", "glossary", "dictionary"] {
        std::fs::create_dir(p.join(sub)).unwrap();
    }
    std::fs::write(p.join("omegat.project"), OMEGAT_PROJECT).unwrap();
    let xlf = p.join("source/en.xlf");
    run_ok(
        dir,
        &[
            "xliff",
            "export",
            "--lang",
            "en",
            "--xliff-version",
            "1.2",
            "-o",
            xlf.to_str().unwrap(),
        ],
    );
    let exported = std::fs::read_to_string(&xlf).unwrap();
    // A memory covering two paragraphs: one with a superscript (its tag placed in the
    // translation), one without.
    let with_sup = source_of(
        &exported,
        "24<g id=\"1\" ctype=\"x-superscript\">e</g> conférence",
    );
    let plain = source_of(&exported, "Les chantiers de la résilience");
    let sup_en = "In November 2025, the 24&lt;g0&gt;th&lt;/g0&gt; half-yearly conference of the Director General of the Alliance's International Military Staff and the Director General of the European Union Military Staff took place.";
    let plain_en = "Resilience and preparedness remain the areas where cooperation between the two organisations is most productive and concrete.";
    let tmx = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"OmegaT\" o-tmf=\"OmegaT TMX\" adminlang=\"EN-US\" datatype=\"plaintext\" segtype=\"paragraph\" srclang=\"fr\"/><body>\n<tu><tuv lang=\"fr\"><seg>{}</seg></tuv><tuv lang=\"en\"><seg>{sup_en}</seg></tuv></tu>\n<tu><tuv lang=\"fr\"><seg>{}</seg></tuv><tuv lang=\"en\"><seg>{plain_en}</seg></tuv></tu>\n</body></tmx>\n",
        omegat_segment(&with_sup),
        omegat_segment(&plain)
    );
    std::fs::write(p.join("omegat/project_save.tmx"), tmx).unwrap();
    let out = common::output_within(
        {
            let mut c = Command::new(omegat);
            c.arg(p).arg("--mode=console-translate");
            c
        },
        300,
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let translated = p.join("target/en.xlf");
    let back = std::fs::read_to_string(&translated).unwrap();
    // OmegaT translated what stood in the targets: two from its memory, the others left
    // as the copies of their source the export put there; it changed no state.
    assert!(
        back.contains("24<g id=\"1\" ctype=\"x-superscript\">th</g> half-yearly"),
        "{back}"
    );
    assert_eq!(back.matches("state=\"needs-translation\"").count(), total);

    let out = rapporteur(dir, &["xliff", "import", translated.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stderr(&out).contains(&format!(
            "imported 2 units into `en`; 0 left as they were (not confirmed, or empty); {} left untranslated: their target is their source, no translation\n",
            total - 2
        )),
        "{}",
        stderr(&out)
    );
    // The English files hold those two paragraphs, and nothing else: no French.
    let english: Vec<String> = section_files(dir, "en")
        .iter()
        .flat_map(|p| common::paragraphs(body(&std::fs::read_to_string(p).unwrap())))
        .collect();
    assert_eq!(
        english,
        [
            plain_en.to_string(),
            sup_en
                .replace("&lt;g0&gt;", "^")
                .replace("&lt;/g0&gt;", "^")
                .to_string()
        ]
    );
    assert_eq!(status(dir).0, total as u64 - 2);
    let found = findings(dir);
    assert!(
        !found
            .iter()
            .any(|(c, _)| ["F006", "L005", "L006", "S007"].contains(&c.as_str())),
        "{found:?}"
    );
    commit(dir, "Two English paragraphs");

    // French pasted into an English paragraph, and a superscript left open: a finding
    // each, on the English file.
    let resilience = "drafts/en/03-resilience.md";
    let maritime = section_files(dir, "en")
        .into_iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains("24^th^"))
        .unwrap();
    let french_text = common::paragraphs(body(&ws.read("drafts/fr/03-resilience.md")))[0].clone();
    ws.write(
        resilience,
        ws.read(resilience).replace(plain_en, &french_text),
    );
    let text = std::fs::read_to_string(&maritime).unwrap();
    std::fs::write(&maritime, text.replace("24^th^", "24^th")).unwrap();
    let maritime = maritime
        .strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let found = findings(dir);
    assert!(
        found.contains(&("F006".to_string(), resilience.to_string())),
        "{found:?}"
    );
    assert!(found.contains(&("L006".to_string(), maritime)), "{found:?}");
}

/// The issue's workaround — copy the French files into drafts/en, then `translate init` —
/// is no translation: `translate status` counts every copied paragraph untranslated, and
/// `check` finds each one (F006).
#[test]
fn copying_the_source_is_not_translating() {
    let ws = bilingual_shipped();
    let dir = ws.path();
    let out = run_ok(dir, &["translate", "init", "--lang", "en"]);
    assert!(
        stderr(&out).contains("there is no `en` section yet")
            && stderr(&out).contains("translate start en"),
        "{}",
        stderr(&out)
    );
    for fr in section_files(dir, "fr") {
        let name = fr.file_name().unwrap().to_string_lossy().into_owned();
        ws.write(
            &format!("drafts/en/{name}"),
            std::fs::read_to_string(&fr).unwrap(),
        );
    }
    run_ok(dir, &["translate", "init", "--lang", "en"]);
    let total = french_paragraphs(dir).len() as u64;
    let sections = section_files(dir, "en").len();
    assert_eq!(status(dir), (total, 0, sections));
    let out = run_ok(dir, &["translate", "status", "--lang", "en"]);
    assert!(
        stdout(&out).contains(&format!(
            "{sections} sections: 0 up to date, {sections} in progress; {total} of {total} source paragraphs not translated yet"
        )),
        "{}",
        stdout(&out)
    );
    let f006 = findings(dir)
        .iter()
        .filter(|(code, path)| code == "F006" && path.starts_with("drafts/en/"))
        .count() as u64;
    assert_eq!(f006, total);
    // Exported, the copies are paragraphs to translate, not translations to sign off.
    let out = run_ok(dir, &["xliff", "export", "--lang", "en"]);
    let xml = stdout(&out);
    assert_eq!(
        xml.matches("<segment state=\"initial\">").count() as u64,
        total
    );
    assert_eq!(xml.matches("<target").count(), 0);
}
