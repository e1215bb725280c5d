//! `import` of the shipped edition's own documents (issue 17): the PDF that `build
//! --format pdf` makes, the Word file of `build --format docx`, `pdftotext` of that PDF
//! (with and without -layout), and the PDF LibreOffice makes from the Word file each
//! come back with every body paragraph in its own section. And what must be refused is:
//! a missing heading, an unrecognised file.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// A paragraph as compared: the house style's spaces and apostrophes as plain ones, the
/// stray space before a full stop of the published text taken away. The superscript
/// markup (`24^e^`) is kept: PDF and Word files say what is a superscript.
fn normalised(paragraph: &str) -> String {
    let plain = paragraph
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace('’', "'")
        .replace(" .", ".");
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each section file's paragraphs, by file name, normalised.
fn sections(dir: &Path) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let body = &text[text[4..].find("\n---\n").unwrap() + 4 + 5..];
            let paragraphs = body
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(normalised)
                .collect();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                paragraphs,
            )
        })
        .collect();
    out.sort();
    out
}

/// A copy of the shipped edition in git, each section's body emptied (front matter
/// kept) and committed, ready to import into.
fn emptied() -> Workspace {
    let ws = Workspace::shipped();
    for entry in std::fs::read_dir(ws.file("drafts/fr")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
        std::fs::write(&path, &text[..end]).unwrap();
    }
    git(ws.path(), &["init", "-q"]);
    git(ws.path(), &["add", "-A"]);
    git(ws.path(), &["commit", "-qm", "emptied"]);
    ws
}

/// Imports `document` into an emptied copy; returns the sections and the table printed.
fn import(document: &Path) -> (Vec<(String, Vec<String>)>, String) {
    let ws = emptied();
    let name = document.file_name().unwrap().to_str().unwrap();
    std::fs::copy(document, ws.file(name)).unwrap();
    let out = ws.run(&["import", name, "--lang", "fr"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{name}:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    (sections(&ws.file("drafts/fr")), stdout(&out))
}

fn run_tool(command: &mut Command) {
    let out = command.output().expect("tool runs");
    assert!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_shipped_edition_round_trips_through_its_own_documents() {
    let Some(pdftotext) = tool("pdftotext", "apt-get install -y poppler-utils") else {
        return;
    };
    let Some(soffice) = tool("soffice", "apt-get install -y libreoffice-writer-nogui") else {
        return;
    };
    let shipped = Workspace::shipped();
    let want = sections(&shipped.file("drafts/fr"));
    let paragraphs: usize = want.iter().map(|(_, p)| p.len()).sum();
    assert_eq!(paragraphs, 76, "the seed's 76 body paragraphs");

    // The documents, as the tool makes them.
    let out = shipped.run(&["build", "--format", "docx", "-o", "report.docx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = shipped.run(&["build", "--format", "pdf", "-o", "report.pdf"]);
    if out.status.code() != Some(0) && std::env::var_os("CI").is_none() {
        eprintln!(
            "notice: build --format pdf failed here, PDF round trips skipped: {}",
            stderr(&out)
        );
        return;
    }
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dir = shipped.path();
    run_tool(
        Command::new(&pdftotext)
            .args(["-enc", "UTF-8", "-layout", "report.pdf", "layout.txt"])
            .current_dir(dir),
    );
    run_tool(
        Command::new(&pdftotext)
            .args(["-enc", "UTF-8", "report.pdf", "plain.txt"])
            .current_dir(dir),
    );
    let profile = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.join("lo")).unwrap();
    run_tool(
        Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.path().display()
            ))
            .args([
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                "lo",
                "report.docx",
            ])
            .current_dir(dir),
    );

    for document in ["report.pdf", "report.docx", "layout.txt", "lo/report.pdf"] {
        let (got, table) = import(&dir.join(document));
        if document == "layout.txt" && !table.contains("paragraphs from blank lines") {
            // A PDF whose paragraph spacing is too small for `pdftotext -layout` to
            // print a blank line between paragraphs (Typst's default): the text is then
            // as plain pdftotext's, and is held to the same measure below.
            assert_text_whole(&want, &got, &table);
            continue;
        }
        let want: Vec<(String, Vec<String>)> = if document.ends_with(".txt") {
            // A text keeps no superscript: « 24e ».
            want.iter()
                .map(|(name, p)| (name.clone(), p.iter().map(|p| p.replace('^', "")).collect()))
                .collect()
        } else {
            want.clone()
        };
        assert_eq!(got, want, "{document}:\n{table}");
        // The table says what was left out.
        assert!(table.contains("left out (lines): cover "), "{table}");
        assert!(
            !table.contains("cover 0,"),
            "{document}: the cover is recognised\n{table}"
        );
        assert!(
            !table.contains("annex 0,"),
            "{document}: the annex is recognised\n{table}"
        );
    }

    // Plain pdftotext output has no blank line between paragraphs: they are told apart
    // by estimated line widths and final punctuation, which cannot tell a paragraph
    // whose last line is nearly full. Every paragraph's text is in its own section all
    // the same, and most paragraphs come back exactly (70 of 76 here: three pairs are
    // joined).
    let (got, table) = import(&dir.join("plain.txt"));
    assert_text_whole(&want, &got, &table);
}

/// Every section holds the same words as the shipped one (a text keeps no superscript;
/// a hyphenated word that pdftotext joined at a line end and that neither the edition
/// nor the termbase knows, « ÉtatsUnis », may come back without its hyphen), and at
/// least 70 of the 76 paragraphs are the shipped ones, word for word so.
fn assert_text_whole(want: &[(String, Vec<String>)], got: &[(String, Vec<String>)], table: &str) {
    // Word for word, a word equal or its hyphenated form joined.
    let same = |got: &str, want: &str| {
        let (got, want): (Vec<&str>, Vec<&str>) = (
            got.split_whitespace().collect(),
            want.split_whitespace().collect(),
        );
        got.len() == want.len()
            && got
                .iter()
                .zip(&want)
                .all(|(g, w)| g == w || (w.contains('-') && *g == w.replace('-', "")))
    };
    let mut exact = 0;
    for ((name, want), (_, got)) in want.iter().zip(got) {
        let want: Vec<String> = want.iter().map(|p| p.replace('^', "")).collect();
        assert!(
            same(&got.join(" "), &want.join(" ")),
            "{name}: the same text\n{table}\n{got:?}\n{want:?}"
        );
        exact += got
            .iter()
            .filter(|p| want.iter().any(|w| same(p, w)))
            .count();
    }
    assert!(exact >= 70, "{exact} of 76 paragraphs exact\n{table}");
}

#[test]
fn a_text_with_one_heading_removed_is_refused_with_that_domain_named() {
    let ws = Workspace::shipped();
    let before = ws.read("drafts/fr/11-space.md");
    let text = seed_text().replacen("\nEspace\n", "\n", 1);
    assert_ne!(text, seed_text());
    ws.write("edition.txt", &text);
    let out = ws.run(&["import", "edition.txt", "--lang", "fr", "--force"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let table = stdout(&out);
    let row = table.lines().find(|l| l.starts_with("space ")).unwrap();
    assert!(row.contains("NOT FOUND"), "{table}");
    assert!(
        stderr(&out).contains("the heading of `space` (« Espace ») is not in the text"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ws.read("drafts/fr/11-space.md"), before, "nothing written");
    assert!(temporaries(ws.path()).is_empty());

    // Twice: refused too, with both places.
    let text = seed_text().replacen("\nEspace\n", "\nEspace\n\nNormes\n", 1);
    ws.write("edition.txt", &text);
    let out = ws.run(&["import", "edition.txt", "--lang", "fr", "--force"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("`standards` (« Normes ») is found 2 times"),
        "{}",
        stderr(&out)
    );
}

/// The reconciliation table of the published text (the seed), as the drafter reads it.
#[test]
fn the_reconciliation_table() {
    let ws = Workspace::shipped();
    ws.write("edition.txt", seed_text());
    let out = ws.run(&["import", "edition.txt", "--lang", "fr", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("reconciliation_table", stdout(&out));
}

#[test]
fn dry_run_prints_the_table_and_writes_nothing() {
    let ws = Workspace::shipped();
    let before = ws.read("drafts/fr/11-space.md");
    ws.write(
        "edition.txt",
        seed_text().replace("\nEspace\n", "\n2. ESPACE\n"),
    );
    let out = ws.run(&[
        "import",
        "edition.txt",
        "--lang",
        "fr",
        "--dry-run",
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    // A numbered heading in capitals is the heading all the same.
    let row = table.lines().find(|l| l.starts_with("space ")).unwrap();
    assert!(row.contains("p. 1, l. "), "{table}");
    assert!(table.contains("total "), "{table}");
    assert!(stderr(&out).contains("dry run: nothing written"));
    assert_eq!(ws.read("drafts/fr/11-space.md"), before);
}

#[test]
fn an_unrecognised_file_is_one_clear_error_naming_what_it_looks_like() {
    let ws = Workspace::shipped();
    // An OpenDocument text named .docx.
    let mut zip = std::io::Cursor::new(Vec::new());
    {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(&mut zip);
        let options = zip::write::SimpleFileOptions::default();
        w.start_file("mimetype", options).unwrap();
        w.write_all(b"application/vnd.oasis.opendocument.text")
            .unwrap();
        w.start_file("content.xml", options).unwrap();
        w.write_all(b"<office:document/>").unwrap();
        w.finish().unwrap();
    }
    let zip = zip.into_inner();
    for (name, bytes, what) in [
        (
            "scan.pdf",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "a PNG image",
        ),
        (
            "old.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0".to_vec(),
            "an old Office file (.doc",
        ),
        ("report.docx", zip, "an OpenDocument file"),
    ] {
        ws.write(name, &bytes);
        let out = ws.run(&["import", name, "--lang", "fr"]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("{name}: this looks like {what}")),
            "{err}"
        );
        assert_eq!(err.lines().count(), 2, "one error and its help: {err}");
    }
}

/// A draft carries its marking on every page (« PROJET »), a draft note on the cover and
/// the open points after the annex: all left out, and the text comes back.
#[test]
fn a_draft_imports_back_without_its_marking_and_open_points() {
    let Some(pdftotext) = tool("pdftotext", "apt-get install -y poppler-utils") else {
        return;
    };
    let draft = Workspace::shipped();
    let added = "Une phrase ajoutée au projet, avec  deux espaces.";
    let space = format!("{}\n{added}\n", draft.read("drafts/fr/11-space.md"));
    draft.write("drafts/fr/11-space.md", &space);
    let want = sections(&draft.file("drafts/fr"));
    let out = draft.run(&["build", "--draft", "--format", "pdf", "-o", "draft.pdf"]);
    if out.status.code() != Some(0) && std::env::var_os("CI").is_none() {
        eprintln!(
            "notice: build --format pdf failed here, skipped: {}",
            stderr(&out)
        );
        return;
    }
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    run_tool(
        Command::new(&pdftotext)
            .args(["-enc", "UTF-8", "-layout", "draft.pdf", "draft.txt"])
            .current_dir(draft.path()),
    );
    for document in ["draft.pdf", "draft.txt"] {
        let (got, table) = import(&draft.file(document));
        let want: Vec<(String, Vec<String>)> = want
            .iter()
            .map(|(name, p)| {
                let p = p.iter().map(|p| {
                    // The house style: one space; a text keeps no superscript.
                    let p = p.replace("  ", " ");
                    if document.ends_with(".txt") {
                        p.replace('^', "")
                    } else {
                        p
                    }
                });
                (name.clone(), p.collect())
            })
            .collect();
        assert_eq!(got, want, "{document}:\n{table}");
        assert!(!table.contains("open points 0,"), "{table}");
        assert!(!table.contains("running heads 0,"), "{table}");
    }
}
