//! `build --format docx`: a Word document that real readers open. python-docx (PyPI)
//! reads its heading styles, language and annex table; LibreOffice (headless) converts
//! it to PDF, in which every heading is found.

mod build_support;
mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use build_support::{Workspace, squeeze};
use common::tool;

/// The parts of a .docx, by name, in the zip's order.
fn parts(docx: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().unwrap().to_string(), text)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
    &parts.iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn the_package_has_the_language_styles_a_toc_field_and_a_repeating_header_row() {
    let ws = Workspace::new();
    ws.append_paragraph(
        "drafts/fr/03-resilience.md",
        "La 24^e^ réunion s'est tenue le 3\u{a0}juin\u{a0}; *elle* a duré 2\u{a0}heures & plus.",
    );
    let docx = ws.build("docx");
    let parts = parts(&docx);
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "[Content_Types].xml", "content types first");
    for name in [
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/header1.xml",
        "word/footer1.xml",
        "word/_rels/document.xml.rels",
        "docProps/core.xml",
    ] {
        assert!(names.contains(&name), "{name} missing: {names:?}");
    }
    let styles = part(&parts, "word/styles.xml");
    assert!(
        styles.contains("<w:lang w:val=\"fr-FR\""),
        "the document's language"
    );
    assert!(styles.contains("w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"));
    let core = part(&parts, "docProps/core.xml");
    assert!(core.contains("<dc:language>fr-FR</dc:language>"));
    assert!(
        core.contains("<dc:title>Onzième rapport d&apos;étape"),
        "{core}"
    );
    let document = part(&parts, "word/document.xml");
    assert!(document.contains(
        "<w:instrText xml:space=\"preserve\"> TOC \\o \"1-1\" \\h \\z \\u </w:instrText>"
    ));
    assert_eq!(
        document.matches("<w:pStyle w:val=\"Heading1\"/>").count(),
        ws.headings().len() + 1,
        "every heading and the annex"
    );
    assert_eq!(
        document.matches("<w:tblHeader/>").count(),
        2,
        "one per table"
    );
    // The planted paragraph: superscript, italics and no-break spaces kept, text escaped.
    assert!(document.contains(
        "<w:r><w:t xml:space=\"preserve\">La 24</w:t></w:r>\
         <w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t xml:space=\"preserve\">e</w:t></w:r>\
         <w:r><w:t xml:space=\"preserve\"> réunion s&apos;est tenue le 3\u{a0}juin\u{a0}; </w:t></w:r>\
         <w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">elle</w:t></w:r>\
         <w:r><w:t xml:space=\"preserve\"> a duré 2\u{a0}heures &amp; plus.</w:t></w:r>"
    ));
}

/// The paragraphs of a section file, as Word shows them (front matter left out, line
/// breaks inside a paragraph as spaces).
fn split_paragraphs(text: &str) -> Vec<String> {
    let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
    text[end..]
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// What Word reads before showing anything: a distinct first page without footer, the
/// authors and the date in the properties, `fr-FR`, nothing that makes Word ask to
/// update fields, and the labels in the house style's typography.
#[test]
fn the_word_file_opens_without_questions_and_names_its_authors() {
    let ws = Workspace::new();
    let meta = ws.read("drafts/report.yaml");
    ws.write(
        "drafts/report.yaml",
        format!("{meta}date: \"2026-12-07\"\n"),
    );
    let parts = parts(&ws.build("docx"));
    let document = part(&parts, "word/document.xml");
    let section = &document[document.rfind("<w:sectPr>").unwrap()..];
    assert!(section.contains("<w:titlePg/>"), "{section}");
    assert!(section.contains("<w:footerReference w:type=\"first\" r:id=\"rIdFooterFirst\"/>"));
    assert!(part(&parts, "word/_rels/document.xml.rels").contains("Target=\"footer2.xml\""));
    assert!(!part(&parts, "word/footer2.xml").contains("PAGE"));
    assert!(part(&parts, "word/footer1.xml").contains(" PAGE "));
    let core = part(&parts, "docProps/core.xml");
    assert!(
        core.contains(
            "<dc:creator>Union européenne; Organisation du Traité de l&apos;Atlantique Nord</dc:creator>"
        ),
        "{core}"
    );
    assert!(core.contains(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-12-07T00:00:00Z</dcterms:created>"
    ));
    assert!(core.contains("<dc:language>fr-FR</dc:language>"));
    assert!(core.contains("le 5\u{a0}décembre\u{a0}2017"), "{core}");
    let settings = part(&parts, "word/settings.xml");
    assert!(!settings.contains("updateFields"), "{settings}");
    assert!(settings.contains("<w:themeFontLang w:val=\"fr-FR\"/>"));
    assert!(!document.contains("w:dirty"));
    // The contents are written out: every heading is in the TOC field's result.
    let contents = &document[document.find("<w:pStyle w:val=\"TOC1\"/>").unwrap()..];
    for heading in ws.headings() {
        assert!(contents.contains(&xml(&heading)), "{heading}");
    }
    // The English titles of the annex are tagged en-GB.
    assert!(document.contains("<w:lang w:val=\"en-GB\"/>"));
    assert!(!document.contains("<w:lang w:val=\"en\"/>"));
    // Labels in the house style: straight apostrophes, no-break space before a colon.
    assert!(!document.contains('’'), "a curly apostrophe");
    assert!(document.contains("n&apos;en traite pas"));
    assert!(document.contains("Annexe\u{a0}: propositions communes"));
    // Without a date (nor SOURCE_DATE_EPOCH), no date is made up.
    ws.write("drafts/report.yaml", &meta);
    let parts = self::parts(&ws.build("docx"));
    let core = part(&parts, "docProps/core.xml");
    assert!(!core.contains("dcterms:created"), "{core}");
    assert!(core.contains("<dc:creator>"));
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('\'', "&apos;")
}

#[test]
fn a_template_cannot_break_the_xml() {
    let ws = Workspace::new();
    // A catalog title with markup and a control character: escaped, and the control
    // character (which XML forbids, and Word refuses) left out.
    let domains = ws
        .read("schemas/domains.yaml")
        .replace("fr: Résilience", "fr: \"Résilience <b> & \\u0007co\"");
    assert!(domains.contains("\\u0007"), "the planted title");
    ws.write("schemas/domains.yaml", &domains);
    // The control character is a finding (B003): a draft is built despite it.
    let out = ws.run(&["build", "--draft", "--format", "docx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("B003"));
    let docx = out.stdout;
    let document = parts(&docx)
        .into_iter()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap()
        .1;
    assert!(
        document.contains(">3. Résilience &lt;b&gt; &amp; co</w:t>"),
        "escaped"
    );
    assert!(!document.contains('\u{7}'));
}

/// python-docx, with python-docx installed (PyPI `python-docx`); `None` outside CI when
/// it is not.
fn python_docx() -> Option<PathBuf> {
    let python = tool("python3", "apt-get install -y python3")?;
    let has = Command::new(&python)
        .args(["-c", "import docx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if has {
        return Some(python);
    }
    if std::env::var_os("CI").is_some() {
        panic!("python-docx is required in CI: pip install python-docx");
    }
    eprintln!("notice: python-docx not installed, test skipped (pip install python-docx)");
    None
}

const READ_WITH_PYTHON_DOCX: &str = r#"
import json, sys
import docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
tables = []
for t in d.tables:
    rows = [[c.text for c in r.cells] for r in t.rows]
    header = t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    tables.append({"rows": rows, "header_repeats": header})
print(json.dumps({
    "headings": [[p.style.name, p.text] for p in d.paragraphs if p.style.name.startswith("Heading")],
    "title": [p.text for p in d.paragraphs if p.style.name == "Title"],
    "language": d.core_properties.language,
    "tables": tables,
    "header": [p.text for p in d.sections[0].header.paragraphs],
    "author": d.core_properties.author,
    "created": d.core_properties.created.isoformat() if d.core_properties.created else None,
    "different_first_page": d.sections[0].different_first_page_header_footer,
    "first_page_footer": [p.text for p in d.sections[0].first_page_footer.paragraphs],
    "first_page_header": [p.text for p in d.sections[0].first_page_header.paragraphs],
    "footer_fields": [instr.text for p in d.sections[0].footer.paragraphs for instr in p._p.iter(qn("w:instrText"))],
    "rules": [[d.paragraphs[i - 1].text, d.paragraphs[i + 1].text]
              for i, p in enumerate(d.paragraphs)
              if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None and not p.text],
}))
"#;

#[test]
fn python_docx_reads_the_heading_styles_and_the_annex_table() {
    let Some(python) = python_docx() else {
        return;
    };
    let ws = Workspace::new();
    let headings = ws.headings();
    let text = ws
        .read("drafts/fr/03-resilience.md")
        .replace("status: final", "status: draft");
    ws.write("drafts/fr/03-resilience.md", text);
    let meta = ws.read("drafts/report.yaml");
    ws.write(
        "drafts/report.yaml",
        format!("{meta}date: \"2026-12-07\"\n"),
    );
    let out = ws.run(&["build", "--draft", "--format", "docx", "-o", "report.docx"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    ws.write("read.py", READ_WITH_PYTHON_DOCX);
    let out = Command::new(python)
        .arg(ws.file("read.py"))
        .arg(ws.file("report.docx"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut expected: Vec<serde_json::Value> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| serde_json::json!(["Heading 1", format!("{}. {h}", i + 1)]))
        .collect();
    expected.push(serde_json::json!([
        "Heading 1",
        "Annexe\u{a0}: propositions communes"
    ]));
    // A draft: its open points (the section not final) last.
    expected.push(serde_json::json!(["Heading 1", "Points ouverts"]));
    assert_eq!(read["headings"], serde_json::Value::Array(expected));
    assert!(
        read["title"][0]
            .as_str()
            .unwrap()
            .starts_with("Onzième rapport")
    );
    assert_eq!(read["language"], "fr-FR");
    assert_eq!(read["header"], serde_json::json!(["PROJET"]));
    // The properties a secretariat sees: who issues it, and the document's date.
    assert_eq!(
        read["author"],
        "Union européenne; Organisation du Traité de l'Atlantique Nord"
    );
    assert_eq!(read["created"], "2026-12-07T00:00:00+00:00");
    // The cover has its own, empty, header and footer: no page number, no second mark.
    assert_eq!(read["different_first_page"], true);
    assert_eq!(read["first_page_footer"], serde_json::json!([""]));
    assert_eq!(read["first_page_header"], serde_json::json!([""]));
    assert_eq!(read["footer_fields"], serde_json::json!([" PAGE "]));
    // The title's dates hold together.
    assert!(
        read["title"][0]
            .as_str()
            .unwrap()
            .contains("le 5\u{a0}décembre\u{a0}2017"),
        "{}",
        read["title"]
    );
    // One rule, between the last section and the closing paragraph.
    let rules = read["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 1, "{rules:?}");
    let closing = split_paragraphs(&ws.read("drafts/fr/20-closing.md"));
    let last_section = split_paragraphs(&ws.read("drafts/fr/19-capacity-building.md"));
    assert_eq!(rules[0][0], *last_section.last().unwrap());
    assert_eq!(rules[0][1], closing[0]);
    let tables = read["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 3, "one table per set, and the open points");
    for table in &tables[..2] {
        assert_eq!(table["header_repeats"], true);
        assert_eq!(
            table["rows"][0],
            serde_json::json!(["Proposition", "Objet", "Traitée dans"])
        );
    }
    assert_eq!(tables[0]["rows"].as_array().unwrap().len(), 1 + 1);
    assert_eq!(tables[0]["rows"][1][0], "2016-01 à 2016-42");
    assert_eq!(tables[1]["rows"].as_array().unwrap().len(), 1 + 8);
    assert_eq!(
        tables[1]["rows"][1][1].as_str().unwrap().lines().nth(1),
        Some("(en anglais)")
    );
}

/// Runs `command`, stopped after `limit`; panics on a timeout.
fn run_bounded(command: &mut Command, limit: Duration) -> std::process::Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("timed out after {} s", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn libreoffice_profile(dir: &Path) -> String {
    format!("-env:UserInstallation=file://{}", dir.display())
}

#[test]
fn libreoffice_opens_it_with_every_heading() {
    let Some(soffice) = tool("soffice", "apt-get install -y libreoffice-writer-nogui") else {
        return;
    };
    let Some(pdftotext) = tool("pdftotext", "apt-get install -y poppler-utils") else {
        return;
    };
    let ws = Workspace::new();
    let out = ws.run(&["build", "--format", "docx", "-o", "report.docx"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    std::fs::create_dir(ws.file("lo")).unwrap();
    let out = run_bounded(
        Command::new(soffice)
            .arg(libreoffice_profile(&ws.file("lo-profile")))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(ws.file("lo"))
            .arg(ws.file("report.docx"))
            .env("HOME", ws.path()),
        Duration::from_secs(180),
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let pdf = ws.file("lo/report.pdf");
    assert!(
        pdf.is_file(),
        "LibreOffice wrote no PDF: {}",
        common::stdout(&out)
    );
    let text = Command::new(pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = squeeze(&String::from_utf8(text.stdout).unwrap());
    assert!(
        text.contains("Onzième rapport d'étape"),
        "{}",
        &text[..200.min(text.len())]
    );
    assert!(text.contains("Union européenne"));
    for (i, heading) in ws.headings().iter().enumerate() {
        let numbered = squeeze(&format!("{}. {heading}", i + 1));
        // Once in the contents, once as the heading.
        assert!(
            text.matches(&numbered).count() >= 2,
            "`{numbered}` not in LibreOffice's PDF twice"
        );
    }
    assert!(text.contains("2016-01 à 2016-42"));
    // The cover bears no page number; the next page is numbered 2.
    let page = |n: &str| -> Vec<String> {
        let out = Command::new(tool("pdftotext", "").unwrap())
            .args(["-enc", "UTF-8", "-f", n, "-l", n])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let cover = page("1");
    assert!(cover.iter().any(|l| l.starts_with("Onzième rapport")));
    assert!(
        !cover.iter().any(|l| l.chars().all(|c| c.is_ascii_digit())),
        "a page number on the cover: {cover:?}"
    );
    assert_eq!(page("2").last().map(String::as_str), Some("2"));
}
