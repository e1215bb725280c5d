//! `build --format pdf`: the report typeset in-process by Typst, judged by tools nobody
//! here wrote: `pdfua` (the machine-checkable part of PDF/UA-1), pikepdf (the document's
//! language, the parts tagged English, XMP, bookmarks, dates), poppler's `pdffonts` (every
//! font embedded) and `pdftotext` (every word of the text comes back). And the template
//! can read nothing: no file, no URL, no package.

mod build_support;
mod common;

use std::path::Path;
use std::process::Command;

use build_support::{Workspace, squeeze};
use common::tool;

/// What pikepdf reads in a PDF, as JSON: the catalog's `/Lang`, the languages marked on
/// structure elements and marked content, the XMP claims, the document information, the
/// bookmarks (level and title), whether any structure element is a heading with no
/// content, and how many links there are and how many have a description.
const INSPECT: &str = r#"
import json, sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
root = pdf.Root
langs = set()
empty_headings = []
def content(node):
    if isinstance(node, pikepdf.Dictionary):
        if node.get("/Type") == pikepdf.Name("/MCR"):
            return True
        kid = node.get("/K")
        if kid is None:
            return False
        return content(kid)
    if isinstance(node, pikepdf.Array):
        return any(content(k) for k in node)
    return isinstance(node, int)
def walk(node, depth=0):
    if depth > 100:
        return
    if isinstance(node, pikepdf.Array):
        for k in node:
            walk(k, depth + 1)
    elif isinstance(node, pikepdf.Dictionary):
        if node.get("/Lang") is not None:
            langs.add(str(node.get("/Lang")))
        kind = str(node.get("/S", ""))
        if kind.startswith("/H") and kind[2:].isdigit() and not content(node):
            empty_headings.append(kind)
        if node.get("/K") is not None:
            walk(node.get("/K"), depth + 1)
walk(root.StructTreeRoot)
for page in pdf.pages:
    for operands, op in pikepdf.parse_content_stream(page):
        if str(op) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
            if operands[1].get("/Lang") is not None:
                langs.add(str(operands[1].get("/Lang")))
meta = pdf.open_metadata()
def xmp(key):
    value = meta.get(key)
    return None if value is None else str(value)
bookmarks = []
with pdf.open_outline() as outline:
    def visit(items, level):
        for item in items:
            bookmarks.append([level, item.title])
            visit(item.children, level + 1)
    visit(outline.root, 1)
links = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
info = pdf.docinfo
print(json.dumps({
    "links": len(links),
    "links_described": sum(1 for a in links if str(a.get("/Contents", "")).strip()),
    "lang": str(root.get("/Lang")),
    "langs": sorted(langs),
    "empty_headings": empty_headings,
    "pdfua_part": xmp("pdfuaid:part"),
    "pdfa_part": xmp("pdfaid:part"),
    "pdfa_conformance": xmp("pdfaid:conformance"),
    "creator_tool": xmp("xmp:CreatorTool"),
    "create_date": xmp("xmp:CreateDate"),
    "creator": str(info.get("/Creator")),
    "creation_date": str(info.get("/CreationDate")) if info.get("/CreationDate") is not None else None,
    "title": str(info.get("/Title")),
    "bookmarks": bookmarks,
}))
"#;

/// The tools, or `None` (with a notice; in CI a failure) when one is missing.
struct Tools {
    pdfua: std::path::PathBuf,
    pdftotext: std::path::PathBuf,
    pdffonts: std::path::PathBuf,
}

fn tools() -> Option<Tools> {
    Some(Tools {
        pdfua: tool("pdfua", "python3 -m pip install pdfua")?,
        pdftotext: tool("pdftotext", "apt-get install -y poppler-utils")?,
        pdffonts: tool("pdffonts", "apt-get install -y poppler-utils")?,
    })
}

/// pikepdf's reading of the PDF (see [`INSPECT`]).
fn inspect(pdf: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .args(["-c", INSPECT])
        .arg(pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pikepdf: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `pdfua check`: no error, no warning (exit 0, and says so).
fn assert_pdfua_clean(tools: &Tools, pdf: &Path) {
    let out = Command::new(&tools.pdfua)
        .arg("check")
        .arg(pdf)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.contains("errors=0 warnings=0"),
        "pdfua: {report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `pdffonts`: every font embedded.
fn assert_fonts_embedded(tools: &Tools, pdf: &Path) {
    let out = Command::new(&tools.pdffonts).arg(pdf).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{table}");
    for row in rows {
        // name, type (one or two words), encoding, then emb sub uni.
        let fields: Vec<&str> = row.split_whitespace().collect();
        let emb = fields[fields.len() - 5];
        assert_eq!(emb, "yes", "a font not embedded: {row}");
    }
}

/// The text of each page, as `pdftotext` gives it, a word cut by hyphenation (marked by a
/// soft hyphen at the line's end) joined again.
fn page_texts(tools: &Tools, pdf: &Path) -> Vec<String> {
    let out = Command::new(&tools.pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .replace("\u{ad}\n", "")
        .split('\u{c}')
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// Words, with no-break spaces as spaces.
fn words(text: &str) -> String {
    squeeze(&text.replace(['\u{a0}', '\u{202f}'], " "))
}

/// The text of the body: each page without its running head (the text of a heading
/// printed on an earlier page, alone on the first line) and its number (alone on the
/// last).
fn body_words(pages: &[String], headings: &[String]) -> String {
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for page in pages {
        let mut lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        if lines
            .last()
            .is_some_and(|l| l.trim().parse::<u32>().is_ok())
        {
            lines.pop();
        }
        if lines.first().is_some_and(|l| seen.contains(&words(l))) {
            lines.remove(0);
        }
        let text = words(&lines.join(" "));
        // The contents name every heading; a heading is printed on a later page.
        let contents = text.starts_with("Table des matières");
        seen.extend(
            headings
                .iter()
                .map(|h| words(h))
                .filter(|h| !contents && text.contains(h.as_str())),
        );
        out.push(text);
    }
    out.join(" ")
}

/// A paragraph's inline markup as the reader sees it: markers and escapes gone.
fn plain(markup: &str) -> String {
    let mut out = String::new();
    let mut chars = markup.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                out.extend(chars.next());
            }
            '*' | '^' => {}
            c => out.push(c),
        }
    }
    out
}

/// The headings as printed (`1. Dialogue politique`), from the report model.
fn printed_headings(model: &serde_json::Value) -> Vec<String> {
    model["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["heading"] == true)
        .map(|s| match s["number"].as_u64() {
            Some(n) => format!("{n}. {}", s["title"].as_str().unwrap()),
            None => s["title"].as_str().unwrap().to_string(),
        })
        .collect()
}

#[test]
fn the_shipped_edition_is_accessible_and_complete() {
    let Some(tools) = tools() else {
        return;
    };
    let ws = Workspace::new();
    let out = ws
        .command(&["build", "--format", "pdf", "-o", "report.pdf"])
        .env("SOURCE_DATE_EPOCH", "1780272000")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    let pdf = ws.file("report.pdf");
    assert_pdfua_clean(&tools, &pdf);
    assert_fonts_embedded(&tools, &pdf);

    let model: serde_json::Value = serde_json::from_slice(&ws.build("json")).unwrap();
    let found = inspect(&pdf);
    assert_eq!(found["lang"], "fr");
    assert!(
        found["langs"].as_array().unwrap().contains(&"en".into()),
        "the English proposal titles are tagged `en`: {}",
        found["langs"]
    );
    assert_eq!(found["empty_headings"], serde_json::json!([]));
    // The contents' 20 entries and the annex's links to the sections, each described.
    assert!(found["links"].as_u64().unwrap() >= 27, "{}", found["links"]);
    assert_eq!(found["links_described"], found["links"]);
    assert_eq!(found["pdfua_part"], "1", "XMP claims PDF/UA-1");
    assert_eq!(found["pdfa_part"], "2", "XMP claims PDF/A-2");
    assert_eq!(found["pdfa_conformance"], "A");
    assert_eq!(found["creator"], "rapporteur");
    assert_eq!(found["creator_tool"], "rapporteur");
    assert!(
        found["title"]
            .as_str()
            .unwrap()
            .starts_with("Onzième rapport d'étape sur les suites données"),
        "{}",
        found["title"]
    );
    // SOURCE_DATE_EPOCH 1780272000 is 2026-06-01T00:00:00Z.
    assert_eq!(found["creation_date"], "D:20260601000000Z");

    // One bookmark per heading, with exactly its words, then the annex and its sets.
    let headings = printed_headings(&model);
    let mut expected: Vec<serde_json::Value> =
        headings.iter().map(|h| serde_json::json!([1, h])).collect();
    expected.push(serde_json::json!([1, "Annexe : propositions communes"]));
    for set in model["annex"].as_array().unwrap() {
        let set = set["set"].as_str().unwrap();
        expected.push(serde_json::json!([
            2,
            format!("Propositions entérinées en {set}")
        ]));
    }
    assert_eq!(found["bookmarks"], serde_json::Value::Array(expected));

    // Every word of the text comes back, paragraph by paragraph, in order. Compared
    // letter by letter: where a line ends on a word's own hyphen (`États-` / `Unis`),
    // pdftotext may keep the line break or drop the hyphen.
    let pages = page_texts(&tools, &pdf);
    let body = body_words(&pages, &headings);
    let letters = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}'))
            .collect()
    };
    let all = letters(&body);
    let mut from = 0;
    for section in model["sections"].as_array().unwrap() {
        for paragraph in section["paragraphs"].as_array().unwrap() {
            let paragraph = letters(&plain(paragraph.as_str().unwrap()));
            let at = all[from..].find(&paragraph).unwrap_or_else(|| {
                panic!("not in the PDF's text, in order:\n{paragraph}\n\n{body}")
            });
            from += at + paragraph.len();
        }
    }
    for heading in &headings {
        assert!(body.contains(&words(heading)), "{heading}");
    }
    // The cover, the contents (with page numbers), the annex's rows.
    assert!(
        body.starts_with(
            "Union européenne Organisation du Traité de l'Atlantique Nord Onzième rapport d'étape"
        ),
        "{}",
        &body[..120]
    );
    assert!(body.contains("Période couverte : juin 2025 – mai 2026"));
    assert!(body.contains("Document établi le 1er juin 2026"), "{body}");
    assert!(pages[1].trim_start().starts_with("Table des matières"));
    for row in [
        "2016-01 à 2016-42",
        "2017-01",
        "2017-07",
        "2017-08 à 2017-32",
    ] {
        assert!(body.contains(row), "annex row {row}");
    }
    assert!(body.contains("Intensify relations among actors"));
}

/// A draft built despite errors: « PROJET » on every page, the open points annex (its
/// findings, in English, tagged so), and still no PDF/UA finding.
#[test]
fn a_draft_is_marked_on_every_page_and_accessible() {
    let Some(tools) = tools() else {
        return;
    };
    let ws = Workspace::new();
    let path = "drafts/fr/03-resilience.md";
    ws.write(
        path,
        ws.read(path)
            .replace("status: final", "status: draft")
            .replace(
                "proposals: [2017-06, 2017-07]",
                "proposals: [2017-06, 2099-99]",
            ),
    );
    let out = ws.run(&["build", "--draft", "--format", "pdf", "-o", "draft.pdf"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let pdf = ws.file("draft.pdf");
    assert_pdfua_clean(&tools, &pdf);
    assert_fonts_embedded(&tools, &pdf);
    let pages = page_texts(&tools, &pdf);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("PROJET"), "page {} has no PROJET", i + 1);
    }
    let last = words(pages.last().unwrap());
    assert!(last.contains("Points ouverts"), "{last}");
    assert!(last.contains("P001"), "{last}");
    assert!(
        last.contains("« 2099-99 » n'est pas une proposition"),
        "in the document's language: {last}"
    );
    let found = inspect(&pdf);
    assert_eq!(found["pdfua_part"], "1");
    assert!(found["title"].as_str().unwrap().starts_with("PROJET – "));
    let bookmarks = found["bookmarks"].as_array().unwrap();
    assert_eq!(
        bookmarks.last().unwrap(),
        &serde_json::json!([1, "Points ouverts"])
    );
    assert!(found["langs"].as_array().unwrap().contains(&"en".into()));
}

/// Drafter text is text: every sign that means something in Typst comes back as typed.
#[test]
fn drafter_text_is_never_markup_or_code() {
    let Some(tools) = tools() else {
        return;
    };
    let ws = Workspace::new();
    let signs = [
        "Signes #x $y$ _a_ @ref <lbl> ] [ // /* `c` ~ http://example.com et enfin \\\\ fin",
        "= pas un titre",
        "- pas une liste",
        "+ pas une énumération",
        "/ pas un terme",
        "2025. Pas une liste numérotée",
        "#read(\"/etc/hostname\") #image(\"/etc/passwd\") #eval(\"1\") \\u{41}",
    ];
    for paragraph in signs {
        ws.append_paragraph("drafts/fr/03-resilience.md", paragraph);
    }
    ws.relax(&["Y001", "Y002", "Y003", "Y004", "Y005", "S001", "S002"]);
    let out = ws.run(&["build", "--draft", "--format", "pdf", "-o", "report.pdf"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = words(&page_texts(&tools, &ws.file("report.pdf")).join(" "));
    for paragraph in signs {
        let shown = paragraph.replace("\\\\", "\\");
        assert!(
            text.contains(&words(&shown)),
            "`{shown}` not in the PDF as typed:\n{text}"
        );
    }
}

/// The PDF's date: `date:` of drafts/report.yaml, else SOURCE_DATE_EPOCH, else the last
/// commit's; never 1970, never the clock.
#[test]
fn the_date_is_the_documents_or_the_commits() {
    if tool("pdfua", "python3 -m pip install pdfua").is_none() {
        return;
    }
    let ws = Workspace::new();
    let created = |env: &[(&str, &str)]| {
        let mut command = ws.command(&["build", "--format", "pdf", "-o", "report.pdf"]);
        command.envs(env.iter().copied());
        let out = command.output().unwrap();
        assert!(out.status.success(), "{}", common::stderr(&out));
        inspect(&ws.file("report.pdf"))["creation_date"].clone()
    };
    // No date anywhere (not a git repository): no date, and no PDF/A claim without one.
    assert_eq!(created(&[]), serde_json::Value::Null);
    // A commit: its time.
    for args in [
        &["init", "-q"][..],
        &["add", "."],
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "x",
        ],
    ] {
        let out = Command::new("git")
            .args(args)
            .current_dir(ws.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", ws.path())
            .env("GIT_COMMITTER_DATE", "2026-06-03T10:20:30Z")
            .env("GIT_AUTHOR_DATE", "2026-06-03T10:20:30Z")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", common::stderr(&out));
    }
    assert_eq!(created(&[]), "D:20260603102030Z");
    assert_eq!(
        created(&[("SOURCE_DATE_EPOCH", "1780272000")]),
        "D:20260601000000Z"
    );
    let meta = ws.read("drafts/report.yaml");
    ws.write("drafts/report.yaml", format!("{meta}date: 2026-06-12\n"));
    assert_eq!(
        created(&[("SOURCE_DATE_EPOCH", "1780272000")]),
        "D:20260612000000Z"
    );
}

/// A template that tries to read a file, fetch a URL or load a package is refused at its
/// line, and writes nothing. Under strace (when installed), the file is not even opened
/// and no socket is made.
#[test]
fn the_template_reads_nothing_outside() {
    let strace = common::which("strace");
    let attempts = [
        "#read(\"/etc/hostname\")",
        "#image(\"/etc/passwd\")",
        "#image(\"https://example.com/logo.png\")",
        "#import \"@preview/cetz:0.3.0\"",
        "#include \"../drafts/report.yaml\"",
        "#let x = 1 +",
    ];
    for attempt in attempts {
        let ws = Workspace::new();
        let template = ws.read("templates/report.typ.j2");
        let mut lines: Vec<&str> = template.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("#set par("))
            .unwrap()
            + 1;
        lines.insert(at, attempt);
        ws.write("templates/report.typ.j2", lines.join("\n") + "\n");
        let log = ws.file("strace.log");
        let out = match &strace {
            Some(strace) => Command::new(strace)
                .args(["-f", "-e", "trace=%file,%network", "-o"])
                .arg(&log)
                .arg(env!("CARGO_BIN_EXE_rapporteur"))
                .args(["build", "--format", "pdf", "-o", "report.pdf"])
                .current_dir(ws.path())
                .env("NO_COLOR", "1")
                .output()
                .unwrap(),
            None => ws.run(&["build", "--format", "pdf", "-o", "report.pdf"]),
        };
        let stderr = common::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{attempt}: {stderr}");
        assert!(
            stderr.contains(&format!("template report.typ.j2: line {}: ", at + 1)),
            "{attempt}: the template's line {} not named: {stderr}",
            at + 1
        );
        assert!(!ws.file("report.pdf").exists(), "{attempt}");
        if strace.is_some() {
            let calls = std::fs::read_to_string(&log).unwrap();
            let calls: Vec<&str> = calls
                .lines()
                .filter(|l| !l.contains(ws.path().to_str().unwrap()))
                .collect();
            let forbidden = [
                "/etc/hostname",
                "/etc/passwd",
                "cetz",
                " socket(",
                " connect(",
            ];
            for call in &calls {
                assert!(
                    !forbidden.iter().any(|f| call.contains(f)),
                    "{attempt}: {call}"
                );
            }
        }
    }
}

/// A character no embedded font has is named, with the text it is in, and nothing is
/// written (a PDF/UA document shows every character it holds).
#[test]
fn a_character_no_font_has_is_named() {
    let ws = Workspace::new();
    ws.append_paragraph(
        "drafts/fr/03-resilience.md",
        "Le caractère 漢 n'a pas de glyphe.",
    );
    let out = ws.run(&["build", "--draft", "--format", "pdf", "-o", "report.pdf"]);
    let stderr = common::stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("have no `漢` (U+6F22), in `Le caractère 漢 n'a pas de glyphe.`"),
        "{stderr}"
    );
    assert!(!ws.file("report.pdf").exists());
}
