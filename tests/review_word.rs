//! Review in Word: a built .docx goes to a reviewer and comes back with tracked changes
//! and comments; `review import` puts each change in its section file and nowhere else,
//! keeps conflicts with every version, and turns comments into threads that `review
//! list`, `review resolve`, `status`, the language server and a draft's open points
//! follow.
//!
//! The reviewer is real software where it can be: LibreOffice, driven headless through
//! its Python bridge (Debian's python3-uno, tests/review/libreoffice_reviewer.py), and
//! python-docx adding a comment (tests/review/python_docx_comment.py). What LibreOffice
//! does not write (moves, replies, nested runs, formatting changes) is written here in
//! Word's own XML into a built file.

mod common;
mod lsp_support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{Workspace, git, stderr, stdout};
use lsp_support::{Client, uri};
use rapporteur::model::Review;
use serde_json::{Value, json};

const RESILIENCE: &str = "drafts/fr/03-resilience.md";
const CYBER: &str = "drafts/fr/08-cyber.md";
const SPACE: &str = "drafts/fr/11-space.md";
const EXERCISES: &str = "drafts/fr/17-exercises.md";
const DIALOGUE: &str = "drafts/fr/01-political-dialogue.md";

/// A copy of the shipped edition in a fresh git repository, committed.
fn repository() -> Workspace {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q", "-b", "main"]);
    git(ws.path(), &["add", "-A"]);
    git(ws.path(), &["commit", "-q", "-m", "edition"]);
    ws
}

fn built(ws: &Workspace, name: &str) {
    let out = ws.run(&["build", "--format", "docx", "-o", name]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The files git sees changed or new, as `git status --porcelain` lists them.
fn changed_files(ws: &Workspace) -> Vec<String> {
    git(
        ws.path(),
        &["status", "--porcelain", "--untracked-files=all"],
    )
    .lines()
    .map(|l| l[3..].to_string())
    .collect()
}

fn the_review(ws: &Workspace) -> (String, Review) {
    let dir = ws.file("drafts/reviews");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let name = names.last().unwrap().clone();
    let text = ws.read(&format!("drafts/reviews/{name}"));
    let review: Review = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    (name, review)
}

/// Debian's python3 with the `uno` module (LibreOffice's bridge); `None` outside CI
/// when there is none.
fn python_with_uno() -> Option<PathBuf> {
    for python in ["/usr/bin/python3", "python3"] {
        let ok = Command::new(python)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(PathBuf::from(python));
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("python3-uno is required in CI: apt-get install -y python3-uno");
    }
    eprintln!("notice: python3-uno not installed, test skipped (apt-get install -y python3-uno)");
    None
}

/// A python3 with python-docx.
fn python_with_docx() -> Option<PathBuf> {
    for python in ["python3", "/usr/bin/python3"] {
        let ok = Command::new(python)
            .args(["-c", "import docx; docx.Document().add_comment"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(PathBuf::from(python));
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("python-docx 1.2 is required in CI: pip install python-docx");
    }
    eprintln!("notice: python-docx (1.2, with comments) not installed, test skipped");
    None
}

fn script(name: &str) -> PathBuf {
    common::repo_root().join("tests/review").join(name)
}

fn run_checked(command: &mut Command) -> Output {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{:?} failed:\n{}{}",
        command,
        stdout(&out),
        stderr(&out)
    );
    out
}

#[test]
fn libreoffice_edits_and_a_python_docx_comment_come_back_into_their_sections() {
    let (Some(uno_python), Some(docx_python)) = (python_with_uno(), python_with_docx()) else {
        return;
    };
    if common::tool("soffice", "apt-get install -y libreoffice-writer-nogui").is_none() {
        return;
    }
    let ws = repository();
    built(&ws, "report.docx");
    let committed = |path: &str| ws.read(path);
    let (resilience, cyber, space) = (committed(RESILIENCE), committed(CYBER), committed(SPACE));

    // Meanwhile a drafter rewrites the first paragraph of the exercises, and commits.
    let drafted = ws.read(EXERCISES).replace(
        "La coopération entre l'OTAN et l'UE a permis d'améliorer la compréhension mutuelle",
        "La coopération entre l'UE et l'OTAN a permis d'améliorer encore la compréhension mutuelle",
    );
    assert_ne!(drafted, ws.read(EXERCISES));
    ws.write(EXERCISES, &drafted);
    git(
        ws.path(),
        &["commit", "-q", "-am", "exercises: drafter's edit"],
    );

    // The reviewer, in LibreOffice with Track Changes on: a word replaced, a phrase
    // deleted, a sentence added, and the paragraph the drafter changed edited too.
    ws.write(
        "edits.json",
        json!([
            {"replace": "productive et concrète", "with": "productive et tangible"},
            {"delete": ", en particulier dans le cadre de leurs déclarations"},
            {"append_after": "au forum de l'AED sur la défense spatiale.", "text": " Ces échanges se poursuivront en 2027."},
            {"replace": "compréhension mutuelle et l'état", "with": "connaissance mutuelle et l'état"},
        ])
        .to_string(),
    );
    run_checked(
        Command::new(&uno_python)
            .arg(script("libreoffice_reviewer.py"))
            .args([
                ws.file("report.docx"),
                ws.file("tracked.docx"),
                ws.file("edits.json"),
                ws.file("lo-profile"),
            ])
            .env("HOME", ws.file("lo-profile")),
    );
    // And a comment, with python-docx.
    run_checked(
        Command::new(&docx_python)
            .arg(script("python_docx_comment.py"))
            .args([ws.file("tracked.docx"), ws.file("reviewed.docx")])
            .args([
                "Jeanne Dupont",
                "Le dialogue politique entre l'UE et l'OTAN",
                "Citer le sommet de La Haye.",
            ]),
    );
    for scratch in ["report.docx", "tracked.docx", "edits.json"] {
        std::fs::remove_file(ws.file(scratch)).unwrap();
    }
    std::fs::remove_dir_all(ws.file("lo-profile")).unwrap();

    let out = ws.run(&[
        "review",
        "import",
        "reviewed.docx",
        "--by",
        "Délégation de la France",
    ]);
    let said = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a conflict remains:\n{said}{}",
        stderr(&out)
    );
    for line in [
        "resilience: 1 applied, 0 conflicts, 0 comments",
        "cyber: 1 applied, 0 conflicts, 0 comments",
        "space: 1 applied, 0 conflicts, 0 comments",
        "exercises: 0 applied, 1 conflict, 0 comments",
        "political-dialogue: 0 applied, 0 conflicts, 1 comment",
    ] {
        assert!(said.contains(line), "`{line}` missing:\n{said}");
    }
    assert!(
        said.contains("conflict in exercises: the paragraph was changed in the repository"),
        "{said}"
    );

    // Exactly the three changes, in the three sections, and nowhere else.
    let mut files = changed_files(&ws);
    files.retain(|f| f != "reviewed.docx");
    let (review_name, review) = the_review(&ws);
    assert_eq!(
        files,
        vec![
            RESILIENCE.to_string(),
            CYBER.to_string(),
            SPACE.to_string(),
            format!("drafts/reviews/{review_name}")
        ]
    );
    assert_eq!(
        ws.read(RESILIENCE),
        resilience.replacen("productive et concrète", "productive et tangible", 1)
    );
    assert_eq!(
        ws.read(CYBER),
        cyber.replacen(
            ", en particulier dans le cadre de leurs déclarations",
            "",
            1
        )
    );
    assert_eq!(
        ws.read(SPACE),
        space.replacen(
            "au forum de l'AED sur la défense spatiale.",
            "au forum de l'AED sur la défense spatiale. Ces échanges se poursuivront en 2027.",
            1
        )
    );
    // The drafter's text stays; the reviewer's proposal is kept with the review.
    assert_eq!(ws.read(EXERCISES), drafted);
    assert_eq!(review.by, "Délégation de la France");
    assert_eq!(review.applied.len(), 3);
    assert!(
        review.applied.iter().all(|c| c.tracked),
        "{:?}",
        review.applied
    );
    let [conflict] = review.conflicts.as_slice() else {
        panic!("one conflict: {:?}", review.conflicts)
    };
    assert_eq!(conflict.domain.as_deref(), Some("exercises"));
    assert!(
        conflict.proposed[0].contains("connaissance mutuelle"),
        "{conflict:?}"
    );
    assert!(
        conflict
            .current
            .as_deref()
            .unwrap()
            .contains("améliorer encore"),
        "{conflict:?}"
    );
    assert!(
        conflict
            .built
            .as_deref()
            .unwrap()
            .contains("compréhension mutuelle"),
        "{conflict:?}"
    );
    // The comment, with its author, on its paragraph.
    let [thread] = review.threads.as_slice() else {
        panic!("one thread: {:?}", review.threads)
    };
    assert_eq!(thread.author, "Jeanne Dupont");
    assert_eq!(thread.text, "Citer le sommet de La Haye.");
    assert_eq!(thread.domain.as_deref(), Some("political-dialogue"));
    assert!(
        thread
            .anchor
            .starts_with("Le dialogue politique entre l'UE et l'OTAN")
    );
    let first = ws.read(DIALOGUE);
    let first = first
        .split("---\n")
        .nth(2)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    assert_eq!(
        thread.paragraph.as_deref(),
        Some(rapporteur::model::fingerprint::paragraph(first).as_str())
    );

    // `diff` reads the import like any other change.
    let out = ws.run(&["diff", "HEAD", "--format", "json"]);
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changed: Vec<&str> = diff["domains"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] != "unchanged")
        .map(|d| d["domain"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["resilience", "cyber", "space"], "{diff}");

    // The thread in the workflow: listed, counted by status, an open point of a draft,
    // then resolved.
    let id = format!("{}/1", review_name.trim_end_matches(".yaml"));
    let listed = stdout(&ws.run(&["review", "list", "--open"]));
    assert!(
        listed.contains(&format!("{id} [open] political-dialogue: Jeanne Dupont")),
        "{listed}"
    );
    let status: Value =
        serde_json::from_slice(&ws.run(&["status", "--format", "json"]).stdout).unwrap();
    let comments = |status: &Value, domain: &str| {
        status["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["domain"] == domain)
            .unwrap()["open_comments"]
            .clone()
    };
    assert_eq!(comments(&status, "political-dialogue"), 1);
    assert_eq!(comments(&status, "resilience"), 0);
    let draft = ws.run(&["build", "--draft", "--format", "json"]);
    let model: Value = serde_json::from_slice(&draft.stdout).unwrap();
    assert!(
        model["open_points"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["code"] == "comment"
                && p["path"] == DIALOGUE
                && p["message"].as_str().unwrap().contains("Citer le sommet")),
        "{}",
        model["open_points"]
    );
    let out = ws.run(&[
        "review",
        "resolve",
        &id,
        "--note",
        "Ajouté au paragraphe 2.",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&ws.run(&["review", "list", "--open"])).contains("no open review thread"));
    let status: Value =
        serde_json::from_slice(&ws.run(&["status", "--format", "json"]).stdout).unwrap();
    assert_eq!(comments(&status, "political-dialogue"), 0);
    let (_, review) = the_review(&ws);
    assert_eq!(
        review.threads[0]
            .resolution
            .as_ref()
            .unwrap()
            .note
            .as_deref(),
        Some("Ajouté au paragraphe 2.")
    );
}

// ---------------------------------------------------------------------------------------
// Word's own XML, written into a built file.

/// The parts of a .docx, by name, in order.
fn unzip(docx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A built Word file being edited part by part.
struct Docx {
    parts: Vec<(String, Vec<u8>)>,
    domains: Vec<String>,
}

impl Docx {
    fn read(path: &Path) -> Self {
        let parts = unzip(&std::fs::read(path).unwrap());
        let custom = String::from_utf8(
            parts
                .iter()
                .find(|(n, _)| n == "docProps/custom.xml")
                .unwrap()
                .1
                .clone(),
        )
        .unwrap();
        let domains = custom
            .split("name=\"rapporteur.domains\"><vt:lpwstr>")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .split(' ')
            .map(str::to_string)
            .collect();
        Docx { parts, domains }
    }

    fn part(&self, name: &str) -> String {
        String::from_utf8(
            self.parts
                .iter()
                .find(|(n, _)| n == name)
                .unwrap()
                .1
                .clone(),
        )
        .unwrap()
    }

    fn set(&mut self, name: &str, text: String) {
        match self.parts.iter_mut().find(|(n, _)| n == name) {
            Some(part) => part.1 = text.into_bytes(),
            None => self.parts.push((name.to_string(), text.into_bytes())),
        }
    }

    fn section(&self, domain: &str) -> usize {
        self.domains.iter().position(|d| d == domain).unwrap()
    }

    /// Replaces the content of paragraph `p` of `domain` (the bookmark stays around
    /// `content`, after the paragraph properties `ppr`); `after` is XML put after the
    /// paragraph.
    fn edit(&mut self, domain: &str, p: usize, ppr: &str, content: &str, after: &str) {
        let s = self.section(domain);
        let mut doc = self.part("word/document.xml");
        let name = format!("w:name=\"_rp_{s}_{p}_");
        let at = doc
            .find(&name)
            .unwrap_or_else(|| panic!("no paragraph {domain} {p}"));
        let start = doc[..at].rfind("<w:p>").unwrap();
        let end = at + doc[at..].find("</w:p>").unwrap() + "</w:p>".len();
        let old = doc[start..end].to_string();
        let mark_start = &old[old.find("<w:bookmarkStart").unwrap()..];
        let mark_start = &mark_start[..mark_start.find("/>").unwrap() + 2];
        let mark_end = &old[old.find("<w:bookmarkEnd").unwrap()..];
        let mark_end = &mark_end[..mark_end.find("/>").unwrap() + 2];
        let new = format!("<w:p>{ppr}{mark_start}{content}{mark_end}</w:p>{after}");
        doc.replace_range(start..end, &new);
        self.set("word/document.xml", doc);
    }

    fn write(&self, path: &Path) {
        std::fs::write(path, rezip(&self.parts)).unwrap();
    }
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}
fn ins(text: &str) -> String {
    format!(
        "<w:ins w:id=\"901\" w:author=\"Word Reviewer\" w:date=\"2026-03-02T10:00:00Z\">{}</w:ins>",
        run(text)
    )
}
fn del(text: &str) -> String {
    format!(
        "<w:del w:id=\"902\" w:author=\"Word Reviewer\" w:date=\"2026-03-02T10:00:00Z\"><w:r><w:delText xml:space=\"preserve\">{text}</w:delText></w:r></w:del>"
    )
}

/// The paragraphs of a section file's body.
fn paragraphs(text: &str) -> Vec<String> {
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    body.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Splits `text` at the first occurrence of `at`: (before, at, after).
fn around<'a>(text: &'a str, at: &str) -> (&'a str, &'a str, &'a str) {
    let i = text
        .find(at)
        .unwrap_or_else(|| panic!("{at:?} not in {text:?}"));
    (&text[..i], &text[i..i + at.len()], &text[i + at.len()..])
}

#[test]
fn word_xml_moves_nested_runs_formatting_splits_and_replies() {
    let ws = repository();
    built(&ws, "report.docx");
    let mut docx = Docx::read(&ws.file("report.docx"));
    let exercises = paragraphs(&ws.read(EXERCISES));
    let cyber = paragraphs(&ws.read(CYBER));
    let space = paragraphs(&ws.read(SPACE));
    let resilience = paragraphs(&ws.read(RESILIENCE));
    for p in exercises
        .iter()
        .chain(&cyber)
        .chain(&space)
        .chain(&resilience)
    {
        assert!(
            !p.contains(['*', '^', '\\', '&', '<']),
            "plain text expected: {p}"
        );
    }

    // 1. A sentence moved from the end of exercises ¶1 to the end of ¶0 (Word's move).
    let moved = " Chaque organisation a associé les services de l'autre aux stades de planification de son exercice.";
    let (kept, _, rest) = around(&exercises[1], moved.trim_start());
    assert!(rest.is_empty());
    let kept = kept.trim_end();
    docx.edit(
        "exercises",
        0,
        "",
        &format!(
            "{}<w:moveToRangeStart w:id=\"910\" w:author=\"Word Reviewer\" w:name=\"move1\"/><w:moveTo w:id=\"911\" w:author=\"Word Reviewer\">{}</w:moveTo><w:moveToRangeEnd w:id=\"910\"/>",
            run(&exercises[0]),
            run(moved)
        ),
        "",
    );
    docx.edit(
        "exercises",
        1,
        "",
        &format!(
            "{}<w:moveFromRangeStart w:id=\"912\" w:author=\"Word Reviewer\" w:name=\"move1\"/><w:moveFrom w:id=\"913\" w:author=\"Word Reviewer\"><w:r><w:delText xml:space=\"preserve\">{moved}</w:delText></w:r></w:moveFrom><w:moveFromRangeEnd w:id=\"912\"/>",
            run(kept)
        ),
        "",
    );

    // 2. Nested runs: an insertion inside a hyperlink, a smart tag and a content control;
    // a field's instruction is not text.
    let (a, word, b) = around(&cyber[0], "cybermalveillance");
    docx.edit(
        "cyber",
        0,
        "",
        &format!(
            "<w:sdt><w:sdtPr/><w:sdtContent>{}</w:sdtContent></w:sdt><w:hyperlink r:id=\"rIdX\"><w:smartTag w:element=\"place\">{}{}</w:smartTag></w:hyperlink><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>{}",
            run(a),
            run(word),
            ins(" grave"),
            run(b)
        ),
        "",
    );

    // 3. Formatting only (a word made bold, the old formatting recorded): no change.
    let space_text = ws.read(SPACE);
    let (a, word, b) = around(&space[0], "approfondis");
    docx.edit(
        "space",
        0,
        "",
        &format!(
            "{}<w:r><w:rPr><w:b/><w:rPrChange w:id=\"920\" w:author=\"Word Reviewer\"><w:rPr/></w:rPrChange></w:rPr><w:t>{word}</w:t></w:r>{}",
            run(a),
            run(b)
        ),
        "",
    );

    // 4. Resilience ¶0 split in two (an inserted paragraph mark; the space at the split
    // deleted), a word deleted in the second half, and a new paragraph added after it.
    let inserted_mark = "<w:pPr><w:rPr><w:ins w:id=\"930\" w:author=\"Word Reviewer\" w:date=\"2026-03-02T10:00:00Z\"/></w:rPr></w:pPr>";
    let (a, _, b) = around(&resilience[0], " Grâce à leur dialogue");
    let (b1, _, b2) = around(b, " structuré");
    assert!(b1.is_empty());
    docx.edit(
        "resilience",
        0,
        inserted_mark,
        &format!(
            "{}{}</w:p><w:p>{inserted_mark}{}{}{}",
            run(a),
            del(" "),
            run("Grâce à leur dialogue"),
            del(" structuré"),
            run(b2)
        ),
        &format!(
            "<w:p>{}</w:p>",
            ins("Un paragraphe ajouté par le relecteur.")
        ),
    );

    // 5. Resilience ¶1 deleted with Track Changes (its text and its paragraph mark).
    let deleted_mark = "<w:pPr><w:rPr><w:del w:id=\"940\" w:author=\"Word Reviewer\" w:date=\"2026-03-02T10:00:00Z\"/></w:rPr></w:pPr>";
    assert!(resilience.len() >= 3, "{resilience:?}");
    docx.edit("resilience", 1, deleted_mark, &del(&resilience[1]), "");

    // 6. A comment on exercises ¶2 with a reply (commentsExtended), and a second one
    // marked done.
    let s = docx.section("exercises");
    let mut doc = docx.part("word/document.xml");
    let mark = format!("w:name=\"_rp_{s}_2_");
    let at = doc.find(&mark).unwrap();
    let after_start = at + doc[at..].find("/>").unwrap() + 2;
    doc.insert_str(
        after_start,
        "<w:commentRangeStart w:id=\"0\"/><w:commentRangeStart w:id=\"1\"/><w:commentRangeStart w:id=\"2\"/>",
    );
    let end = after_start + doc[after_start..].find("<w:bookmarkEnd").unwrap();
    doc.insert_str(
        end,
        "<w:commentRangeEnd w:id=\"0\"/><w:commentRangeEnd w:id=\"1\"/><w:commentRangeEnd w:id=\"2\"/><w:r><w:commentReference w:id=\"0\"/></w:r><w:r><w:commentReference w:id=\"1\"/></w:r><w:r><w:commentReference w:id=\"2\"/></w:r>",
    );
    docx.set("word/document.xml", doc);
    docx.set(
        "word/comments.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">
<w:comment w:id="0" w:author="Anna Schmidt" w:date="2026-03-02T09:00:00Z" w:initials="AS"><w:p w14:paraId="0A000001"><w:r><w:t>Quels ateliers ?</w:t></w:r></w:p><w:p w14:paraId="0A000002"><w:r><w:t>Donner les dates &amp; lieux.</w:t></w:r></w:p></w:comment>
<w:comment w:id="1" w:author="Paul Martin" w:date="2026-03-02T11:00:00Z"><w:p w14:paraId="0B000001"><w:r><w:t>Trois, à Bruxelles.</w:t></w:r></w:p></w:comment>
<w:comment w:id="2" w:author="Anna Schmidt" w:date="2026-03-03T08:00:00Z"><w:p w14:paraId="0C000001"><w:r><w:t>Vu, merci.</w:t></w:r></w:p></w:comment>
</w:comments>"#
            .to_string(),
    );
    docx.set(
        "word/commentsExtended.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">
<w15:commentEx w15:paraId="0A000002" w15:done="0"/>
<w15:commentEx w15:paraId="0B000001" w15:paraIdParent="0A000002" w15:done="0"/>
<w15:commentEx w15:paraId="0C000001" w15:paraIdParent="0B000001" w15:done="0"/>
</w15:commentsEx>"#
            .to_string(),
    );
    docx.write(&ws.file("reviewed.docx"));

    let out = ws.run(&["review", "import", "reviewed.docx", "--by", "Word"]);
    let said = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{said}{}", stderr(&out));

    let now = |path: &str| paragraphs(&ws.read(path));
    // 1. The move.
    let mut expected = exercises.clone();
    expected[0] = format!("{}{moved}", exercises[0]);
    expected[1] = kept.to_string();
    assert_eq!(now(EXERCISES), expected);
    // 2. The insertion in nested runs; the field instruction left out.
    let mut expected = cyber.clone();
    expected[0] = cyber[0].replacen("cybermalveillance", "cybermalveillance grave", 1);
    assert_eq!(now(CYBER), expected);
    // 3. Formatting only: the file is untouched.
    assert_eq!(ws.read(SPACE), space_text);
    // 4 and 5.
    let mut expected = vec![
        a.to_string(),
        format!("Grâce à leur dialogue{b2}"),
        "Un paragraphe ajouté par le relecteur.".to_string(),
    ];
    expected.extend(resilience[2..].iter().cloned());
    assert_eq!(now(RESILIENCE), expected);
    // Nothing else.
    let mut files = changed_files(&ws);
    files.retain(|f| {
        f != "reviewed.docx" && f != "report.docx" && !f.starts_with("drafts/reviews/")
    });
    assert_eq!(files, [RESILIENCE, CYBER, EXERCISES]);

    // 6. One thread, its replies in order.
    let (_, review) = the_review(&ws);
    let [thread] = review.threads.as_slice() else {
        panic!("{:?}", review.threads)
    };
    assert_eq!(thread.author, "Anna Schmidt");
    assert_eq!(thread.text, "Quels ateliers ?\nDonner les dates & lieux.");
    assert_eq!(thread.domain.as_deref(), Some("exercises"));
    assert_eq!(thread.anchor, exercises[2]);
    let replies: Vec<(&str, &str)> = thread
        .replies
        .iter()
        .map(|r| (r.author.as_str(), r.text.as_str()))
        .collect();
    assert_eq!(
        replies,
        [
            ("Paul Martin", "Trois, à Bruxelles."),
            ("Anna Schmidt", "Vu, merci.")
        ]
    );
    assert!(
        review.applied.iter().all(|c| c.tracked),
        "{:?}",
        review.applied
    );
    assert!(
        said.contains("exercises: 2 applied, 0 conflicts, 1 comment"),
        "{said}"
    );
    assert!(said.contains("resilience: 2 applied"), "{said}");
}

#[test]
fn edits_made_without_track_changes_are_found_and_said_so() {
    let ws = repository();
    built(&ws, "report.docx");
    let mut docx = Docx::read(&ws.file("report.docx"));
    let doc = docx.part("word/document.xml");
    // Typed over, no tracking: a word replaced, and a whole paragraph deleted (its
    // bookmark gone with it).
    assert_eq!(doc.matches("productive et concrète").count(), 1);
    let doc = doc.replacen("productive et concrète", "productive et tangible", 1);
    docx.set("word/document.xml", doc);
    let cyber = paragraphs(&ws.read(CYBER));
    let s = docx.section("cyber");
    let mut doc = docx.part("word/document.xml");
    let at = doc.find(&format!("w:name=\"_rp_{s}_1_")).unwrap();
    let start = doc[..at].rfind("<w:p>").unwrap();
    let end = at + doc[at..].find("</w:p>").unwrap() + "</w:p>".len();
    doc.replace_range(start..end, "");
    docx.set("word/document.xml", doc);
    docx.write(&ws.file("reviewed.docx"));

    let out = ws.run(&["review", "import", "reviewed.docx", "--by", "Cabinet"]);
    let said = stdout(&out);
    assert!(out.status.success(), "{said}{}", stderr(&out));
    assert!(
        said.contains("resilience: 1 applied (1 without Track Changes)"),
        "{said}"
    );
    assert!(
        said.contains("cyber: 1 applied (1 without Track Changes)"),
        "{said}"
    );
    assert!(
        said.contains("2 changes were made without Track Changes"),
        "{said}"
    );
    assert!(ws.read(RESILIENCE).contains("productive et tangible"));
    let mut expected = cyber.clone();
    expected.remove(1);
    assert_eq!(paragraphs(&ws.read(CYBER)), expected);
    let (_, review) = the_review(&ws);
    assert!(review.applied.iter().all(|c| !c.tracked));

    // The same file imported again: the sections hold its changes already.
    let (resilience, cyber) = (ws.read(RESILIENCE), ws.read(CYBER));
    let out = ws.run(&["review", "import", "reviewed.docx", "--by", "Cabinet"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!((ws.read(RESILIENCE), ws.read(CYBER)), (resilience, cyber));
    let names: Vec<String> = std::fs::read_dir(ws.file("drafts/reviews"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with("-cabinet-2.yaml")),
        "{names:?}"
    );
}

#[test]
fn a_file_not_built_here_is_one_clear_error_and_nothing_is_written() {
    let ws = repository();
    let refused = |file: &str, expected: &str| {
        let out = ws.run(&["review", "import", file, "--by", "X"]);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", stdout(&out));
        let message = stderr(&out);
        assert!(message.contains(expected), "{file}: {message}");
        assert_eq!(message.matches("error:").count(), 1, "{message}");
        assert!(!ws.file("drafts/reviews").exists(), "{file}");
        assert!(changed_files(&ws).iter().all(|f| !f.starts_with("drafts/")));
    };
    ws.write("notes.docx", "plain text, not a zip");
    refused("notes.docx", "not a Word file");
    ws.write(
        "empty.docx",
        rezip(&[("hello.txt".to_string(), b"hi".to_vec())]),
    );
    refused("empty.docx", "no word/document.xml");
    // A Word document from elsewhere: no identities.
    ws.write(
        "other.docx",
        rezip(&[(
            "word/document.xml".to_string(),
            br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Bonjour</w:t></w:r></w:p></w:body></w:document>"#.to_vec(),
        )]),
    );
    refused("other.docx", "was not built by rapporteur");
    // Built in another repository: a commit this one lacks.
    let elsewhere = repository();
    elsewhere.write(
        "drafts/fr/03-resilience.md",
        elsewhere.read(RESILIENCE).replace("concrète", "concrète !"),
    );
    git(elsewhere.path(), &["commit", "-q", "-am", "elsewhere"]);
    built(&elsewhere, "report.docx");
    std::fs::copy(elsewhere.file("report.docx"), ws.file("foreign.docx")).unwrap();
    refused("foreign.docx", "which this repository does not have");
    // A part that inflates beyond the limit (a small file: zeros compress well).
    let mut parts = unzip(&std::fs::read(elsewhere.file("report.docx")).unwrap());
    let doc = parts
        .iter_mut()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap();
    doc.1 = vec![b' '; 33 * 1024 * 1024];
    let bomb = rezip(&parts);
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    ws.write("bomb.docx", bomb);
    refused("bomb.docx", "inflates to more than 32 MiB");
    refused("missing.docx", "cannot read it");
}

#[test]
fn open_comments_show_in_the_language_server_on_their_paragraph() {
    let ws = repository();
    built(&ws, "report.docx");
    let mut docx = Docx::read(&ws.file("report.docx"));
    let s = docx.section("exercises");
    let mut doc = docx.part("word/document.xml");
    let at = doc.find(&format!("w:name=\"_rp_{s}_1_")).unwrap();
    let after_start = at + doc[at..].find("/>").unwrap() + 2;
    doc.insert_str(after_start, "<w:commentRangeStart w:id=\"7\"/>");
    let end = after_start + doc[after_start..].find("<w:bookmarkEnd").unwrap();
    doc.insert_str(
        end,
        "<w:commentRangeEnd w:id=\"7\"/><w:r><w:commentReference w:id=\"7\"/></w:r>",
    );
    docx.set("word/document.xml", doc);
    docx.set(
        "word/comments.xml",
        r#"<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="7" w:author="Anna Schmidt"><w:p><w:r><w:t>Source ?</w:t></w:r></w:p></w:comment></w:comments>"#.to_string(),
    );
    docx.write(&ws.file("reviewed.docx"));
    let out = ws.run(&["review", "import", "reviewed.docx", "--by", "Anna"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));

    let human = stdout(&ws.run(&["status"]));
    let header = human.lines().next().unwrap();
    assert!(header.contains("comments"), "{header}");

    let mut client = Client::start(ws.path());
    client.initialize(ws.path(), &["utf-16"]);
    let text = ws.read(EXERCISES);
    let doc_uri = uri(&ws.file(EXERCISES));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc_uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let diagnostics = client.diagnostics_for(&doc_uri);
    let notes: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "comment")
        .collect();
    let [note] = notes.as_slice() else {
        panic!("{diagnostics:#?}")
    };
    assert_eq!(note["severity"], 3, "information");
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .starts_with("Anna Schmidt: Source ?"),
        "{note}"
    );
    let second = paragraphs(&text)[1].clone();
    let line = text
        .lines()
        .position(|l| !l.is_empty() && second.starts_with(l))
        .unwrap();
    assert_eq!(note["range"]["start"]["line"], line as u64, "{note}");
    client.shutdown();
}

#[test]
fn the_word_file_records_its_commit_and_each_paragraph() {
    let ws = repository();
    built(&ws, "report.docx");
    let docx = Docx::read(&ws.file("report.docx"));
    let custom = docx.part("docProps/custom.xml");
    let head = git(ws.path(), &["rev-parse", "HEAD"]);
    assert!(
        custom.contains(&format!(
            "name=\"rapporteur.commit\"><vt:lpwstr>{}</vt:lpwstr>",
            head.trim()
        )),
        "{custom}"
    );
    assert!(custom.contains("name=\"rapporteur.lang\"><vt:lpwstr>fr</vt:lpwstr>"));
    let types = docx.part("[Content_Types].xml");
    assert!(types.contains("/docProps/custom.xml"), "{types}");
    // Every paragraph of every section, by section index, paragraph index and
    // fingerprint; every heading; the end of the sections.
    let doc = docx.part("word/document.xml");
    let mut expected = 1;
    for (s, domain) in docx.domains.iter().enumerate() {
        let path = std::fs::read_dir(ws.file("drafts/fr"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                std::fs::read_to_string(p)
                    .unwrap()
                    .contains(&format!("domain: {domain}\n"))
            })
            .unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        for (p, paragraph) in paragraphs(&text).iter().enumerate() {
            let name = format!(
                "w:name=\"_rp_{s}_{p}_{}\"",
                rapporteur::model::fingerprint::paragraph(paragraph)
            );
            assert_eq!(doc.matches(&name).count(), 1, "{name}");
            expected += 1;
        }
        if doc.contains(&format!("w:name=\"_rp_{s}_h\"")) {
            expected += 1;
        }
    }
    assert!(doc.contains("w:name=\"_rp_end\""));
    assert_eq!(doc.matches("w:name=\"_rp_").count(), expected);
    // Outside git, no commit is recorded, and the file cannot be taken back.
    let plain = Workspace::shipped();
    let out = plain.run(&["build", "--format", "docx", "-o", "report.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let custom = Docx::read(&plain.file("report.docx")).part("docProps/custom.xml");
    assert!(!custom.contains("rapporteur.commit"), "{custom}");
}
