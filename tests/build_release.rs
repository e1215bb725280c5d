//! The release document as a secretariat circulates it: draft marking in the document's
//! language, `build --draft` with its open points, the cover, numbered headings, an
//! annex in one language with one row per run of waived proposals, the PDF's contents
//! with page numbers, nothing stranded at the foot of a page, and what `build -o` says.

mod build_support;
mod common;

use std::io::Read;
use std::process::Command;

use build_support::{Workspace, squeeze};
use common::tool;

/// Sentences and labels of the English edition that must never appear in a French one:
/// the English waiver reasons and the English labels of every template.
const ENGLISH: &[&str] = &[
    "text not yet in the registry",
    "is not in our sources",
    "are in our sources",
    "Contents",
    "Annex: common proposals",
    "Each common proposal",
    "Proposals endorsed in",
    "Subject",
    "Reported in",
    "Not reported on",
    "not reported on",
    "text not available",
    "Period covered",
    "Document built on",
    "DRAFT",
    "Working document",
    "working document",
    "Open points",
    "in English",
];

/// The English sentences and labels found in `text`.
fn english_in(text: &str) -> Vec<&'static str> {
    ENGLISH
        .iter()
        .copied()
        .filter(|s| text.contains(s))
        .collect()
}

/// The HTML without the elements marked as English (`lang="en"`): a proposal's title
/// known only in English, shown as such, is not an English sentence of the document.
fn without_marked_english(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(" lang=\"en\">") {
        let open = rest[..at].rfind('<').unwrap();
        let tag: String = rest[open + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        out.push_str(&rest[..open]);
        let close = format!("</{tag}>");
        let end = rest[at..].find(&close).unwrap() + at + close.len();
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn set_status(ws: &Workspace, path: &str, status: &str) {
    let text = ws
        .read(path)
        .replace("status: final", &format!("status: {status}"));
    assert!(text.contains(&format!("status: {status}")));
    ws.write(path, text);
}

/// A file of a .docx (a zip) as text.
fn docx_part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The text of each page of a PDF, as `pdftotext -layout` lays it out.
fn pdf_pages(pdftotext: &std::path::Path, pdf: &std::path::Path) -> Vec<String> {
    let mut pages = Vec::new();
    for page in 1.. {
        let out = Command::new(pdftotext)
            .args(["-layout", "-enc", "UTF-8", "-f", &page.to_string(), "-l"])
            .arg(page.to_string())
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        if !out.status.success() {
            break; // past the last page
        }
        pages.push(String::from_utf8(out.stdout).unwrap());
        assert!(page < 200, "runaway");
    }
    assert!(!pages.is_empty());
    pages
}

#[test]
fn a_french_draft_says_projet_everywhere_and_no_english() {
    let ws = Workspace::new();
    set_status(&ws, "drafts/fr/03-resilience.md", "draft");
    // A section not final is no release.
    let out = ws.run(&["build", "--format", "html"]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    assert!(
        common::stderr(&out)
            .contains("drafts/fr/03-resilience.md:4:9: R003 `resilience` is `draft`, not `final`"),
        "{}",
        common::stderr(&out)
    );

    let html = ws.build_draft_text("html");
    assert!(html.contains("<title>PROJET – Onzième rapport"));
    assert!(
        html.contains("<p class=\"draft-mark\">PROJET</p>"),
        "on the cover"
    );
    assert!(
        html.contains("@top-right {\n      content: \"PROJET\";"),
        "in every printed page's header"
    );
    let english = english_in(&without_marked_english(&html));
    assert!(
        english.is_empty(),
        "English in the French HTML: {english:?}"
    );

    let txt = ws.build_draft_text("txt");
    assert!(
        txt.starts_with("PROJET – document de travail"),
        "{}",
        &txt[..80]
    );
    assert!(english_in(&txt).is_empty(), "{:?}", english_in(&txt));
    let md = ws.build_draft_text("md");
    assert!(md.contains("\n**PROJET** — document de travail"));
    assert!(md.contains("title: \"PROJET – Onzième"));
    let model: serde_json::Value = serde_json::from_slice(&ws.build_draft("json")).unwrap();
    assert_eq!(model["edition"]["draft"], true);

    let docx = ws.build_draft("docx");
    let document = docx_part(&docx, "word/document.xml");
    assert!(document.contains("<w:t>PROJET</w:t>"), "on the cover");
    assert!(
        docx_part(&docx, "word/header1.xml").contains("<w:t>PROJET</w:t>"),
        "in the page header"
    );
    // The Word document marks English the same way, with a language on the run.
    let unmarked = document
        .split("<w:r>")
        .filter(|run| !run.contains("<w:lang w:val=\"en\"/>"))
        .collect::<String>();
    assert!(
        english_in(&unmarked).is_empty(),
        "{:?}",
        english_in(&unmarked)
    );

    // The PDF: PROJET on every page, and no English label or reason in its text.
    let Some(pdftotext) = tool("pdftotext", "apt-get install -y poppler-utils") else {
        return;
    };
    let out = ws.run(&["build", "--draft", "--format", "pdf", "-o", "report.pdf"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let pages = pdf_pages(&pdftotext, &ws.file("report.pdf"));
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("PROJET"), "page {} has no PROJET", i + 1);
    }
    let text = pages.concat();
    assert!(english_in(&text).is_empty(), "{:?}", english_in(&text));
}

#[test]
fn a_final_edition_is_not_marked() {
    let ws = Workspace::new();
    let html = ws.build_text("html");
    assert!(!html.contains("PROJET"));
    assert!(!ws.build_text("txt").contains("PROJET"));
    assert!(!ws.build_text("md").contains("PROJET"));
    let model: serde_json::Value = serde_json::from_slice(&ws.build("json")).unwrap();
    assert_eq!(model["edition"]["draft"], false);
    let docx = ws.build("docx");
    assert!(!docx_part(&docx, "word/document.xml").contains("PROJET"));
    assert!(!docx_part(&docx, "word/header1.xml").contains("PROJET"));
}

#[test]
fn an_english_draft_says_draft() {
    let ws = Workspace::new();
    let meta = ws
        .read("drafts/report.yaml")
        .replace("languages: [fr]", "languages: [fr, en]");
    ws.write("drafts/report.yaml", &meta);
    ws.relax(&["B002", "L003", "L004"]);
    for entry in std::fs::read_dir(ws.file("drafts/fr")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let text = ws.read(&format!("drafts/fr/{name}"));
        let front = text
            .split("\n---\n")
            .next()
            .unwrap()
            .replace("final", "review");
        ws.write(
            &format!("drafts/en/{name}"),
            format!("{front}\n---\nThe meeting took place in June.\n"),
        );
    }
    // The English sections are in review: no release of them, a draft.
    let out = ws.run(&["build", "--lang", "en", "--format", "html"]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let out = ws.run(&["build", "--lang", "en", "--draft", "--format", "html"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let html = common::stdout(&out);
    assert!(html.contains("<p class=\"draft-mark\">DRAFT</p>"));
    assert!(html.contains("content: \"DRAFT\";"));
    assert!(!html.contains("PROJET"));
    // English reasons in the English annex, and the French one stays French.
    assert!(html.contains("the 2016 set (Council doc. 15283&#x2f;16) is not in our sources"));
    assert!(!html.contains("ne figure pas dans nos sources"));
    // The French release is not held back by the English sections in review.
    let out = ws.run(&["build", "--lang", "fr", "--format", "html"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(!common::stdout(&out).contains("DRAFT"), "the French build");
}

#[test]
fn draft_build_with_a_planted_error_exits_0_and_lists_it() {
    let ws = Workspace::new();
    let path = "drafts/fr/03-resilience.md";
    let text = ws.read(path).replace("2017-06", "2017-99");
    ws.write(path, &text);
    // Without --draft the gate stays.
    let out = ws.run(&["build", "--format", "html", "-o", "out.html"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        common::stderr(&out).contains("--draft"),
        "the refusal names --draft"
    );
    assert!(!ws.file("out.html").exists());

    let out = ws.run(&["build", "--draft", "--format", "html", "-o", "out.html"]);
    let stderr = common::stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("P001"), "the finding is shown: {stderr}");
    // The unknown id, and the proposal it replaced, now referenced by no section.
    assert!(stderr.contains("P002"), "{stderr}");
    assert!(
        stderr.contains("building a draft despite 2 release blockers"),
        "{stderr}"
    );
    let html = ws.read("out.html");
    assert!(html.contains("<p class=\"draft-mark\">PROJET</p>"));
    assert!(html.contains("<h2 id=\"open-points-title\">Points ouverts</h2>"));
    assert!(
        html.contains("<a href=\"#open-points-title\">Points ouverts</a>"),
        "in the contents"
    );
    let annex = &html[html.find("id=\"open-points\"").unwrap()..];
    assert_eq!(
        annex.matches("<tr>").count(),
        1 + 2,
        "header and two findings"
    );
    assert!(
        annex.contains(
            "<td><span class=\"waived\">schemas&#x2f;proposals.yaml, ligne 111</span></td>"
        )
    );
    assert!(annex.contains("<td class=\"id\">P001</td>"));
    assert!(annex.contains("<td>Résilience<br><span class=\"waived\">drafts&#x2f;fr&#x2f;03-resilience.md, ligne 3</span></td>"));
    assert!(
        annex.contains(
            "<td lang=\"fr\">«\u{a0}2017-99\u{a0}» n&#x27;est pas une proposition de schemas&#x2f;proposals.yaml</td>"
        ),
        "{annex}"
    );

    for (format, expected) in [
        (
            "txt",
            "\n\nPoints ouverts\n\nP001 – Résilience, drafts/fr/03-resilience.md, ligne 3 – «\u{a0}2017-99\u{a0}» n'est pas une proposition",
        ),
        (
            "md",
            "\n# Points ouverts {#open-points}\n\n- **P001** Résilience, drafts/fr/03-resilience.md, ligne 3 —",
        ),
    ] {
        let out = ws.run(&["build", "--draft", "--format", format]);
        assert_eq!(out.status.code(), Some(0));
        assert!(
            common::stdout(&out).contains(expected),
            "{format}:\n{}",
            common::stdout(&out)
        );
    }
    let out = ws.run(&["build", "--draft", "--format", "json"]);
    let model: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(model["edition"]["draft"], true);
    assert_eq!(model["open_points"][0]["code"], "P001");
    assert_eq!(model["open_points"][0]["section"], "Résilience");
    assert_eq!(model["open_points"][0]["line"], 3);
    let out = ws.run(&["build", "--draft", "--format", "docx", "-o", "out.docx"]);
    assert_eq!(out.status.code(), Some(0));
    let document = docx_part(
        &std::fs::read(ws.file("out.docx")).unwrap(),
        "word/document.xml",
    );
    assert!(document.contains("Points ouverts"));
    assert!(
        document.contains("«\u{a0}2017-99\u{a0}» n&apos;est pas une proposition")
            || document.contains("«\u{a0}2017-99\u{a0}» n'est pas une proposition"),
        "{document}"
    );
    // No Markdown quoting in a document.
    assert!(!document.contains('`'));
}

#[test]
fn without_errors_a_draft_build_has_no_open_points() {
    let ws = Workspace::new();
    let out = ws.run(&["build", "--draft", "--format", "html"]);
    assert_eq!(out.status.code(), Some(0));
    let html = common::stdout(&out);
    assert!(
        html.contains("<p class=\"draft-mark\">PROJET</p>"),
        "asked for a draft"
    );
    assert!(!html.contains("Points ouverts"));
}

#[test]
fn the_annex_has_one_row_per_run_of_waived_proposals() {
    let ws = Workspace::new();
    let rows = |ws: &Workspace| -> Vec<(String, String, u64)> {
        let model: serde_json::Value = serde_json::from_slice(&ws.build("json")).unwrap();
        model["annex"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|set| set["rows"].as_array().unwrap().clone())
            .map(|r| {
                (
                    r["first"].as_str().unwrap().to_string(),
                    r["last"].as_str().unwrap_or("").to_string(),
                    r["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let mut expected: Vec<(String, String, u64)> = vec![("2016-01".into(), "2016-42".into(), 42)];
    expected.extend((1..=7).map(|n| (format!("2017-0{n}"), String::new(), 1)));
    expected.push(("2017-08".into(), "2017-32".into(), 25));
    assert_eq!(rows(&ws), expected);

    // A waiver with another reason breaks the run in three.
    let meta = ws.read("drafts/report.yaml").replace(
        "\"2016-05\": *waived-2016",
        "\"2016-05\": \"texte retiré par le Conseil\"",
    );
    ws.write("drafts/report.yaml", &meta);
    let got = rows(&ws);
    assert_eq!(
        got[..3],
        [
            ("2016-01".into(), "2016-04".into(), 4),
            ("2016-05".into(), String::new(), 1),
            ("2016-06".into(), "2016-42".into(), 37)
        ]
    );
    let html = ws.build_text("html");
    assert!(html.contains("<td class=\"id\"><span>2016-06</span> à <span>2016-42</span></td>"));
    assert!(html.contains("texte retiré par le Conseil"));
    let md = ws.build_text("md");
    assert!(
        md.contains("- **2016-06 à 2016-42** *texte non disponible* —"),
        "{md}"
    );
}

#[test]
fn a_title_known_only_in_english_is_shown_marked_as_english() {
    let ws = Workspace::new();
    let html = ws.build_text("html");
    assert!(html.contains(
        "<span lang=\"en\">Coordinate strategic communications messaging on security threats \
         where appropriate, including terrorism related issues.</span> <span class=\"waived\">(en anglais)</span>"
    ));
    // 2016-01 … 2016-42 and 2017-08 … 2017-32 have no text at all: two rows say so.
    assert_eq!(html.matches("texte non disponible").count(), 2);
    let model: serde_json::Value = serde_json::from_slice(&ws.build("json")).unwrap();
    let p = &model["proposals"][42 + 4];
    assert_eq!(p["id"], "2017-05");
    assert_eq!(p["title_lang"], "en");
}

#[test]
fn a_waiver_reason_missing_in_the_language_is_left_out_and_check_says_so() {
    let ws = Workspace::new();
    // A plain string is the reason in the first language (fr); English has none.
    let meta = ws
        .read("drafts/report.yaml")
        .replace("languages: [fr]", "languages: [fr, en]")
        .replace(
            "\"2016-05\": *waived-2016",
            "\"2016-05\": \"texte retiré par le Conseil\"",
        );
    ws.write("drafts/report.yaml", &meta);
    ws.relax(&["B002", "L003", "L004"]);
    for entry in std::fs::read_dir(ws.file("drafts/fr")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let text = ws.read(&format!("drafts/fr/{name}"));
        let front = text.split("\n---\n").next().unwrap();
        ws.write(
            &format!("drafts/en/{name}"),
            format!("{front}\n---\nThe meeting took place.\n"),
        );
    }
    let out = ws.run(&["check", "--format", "json"]);
    let found: Vec<serde_json::Value> = common::json_diagnostics(&out)
        .into_iter()
        .filter(|d| d["code"] == "P006")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["path"], "drafts/report.yaml");
    let line = ws
        .read("drafts/report.yaml")
        .lines()
        .position(|l| l.starts_with("  \"2016-05\""))
        .unwrap()
        + 1;
    assert_eq!(found[0]["line"], line);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("no reason in `en` (2016-05)")
    );
    // The English annex says the proposal is waived, without a French sentence.
    let out = ws.run(&["build", "--lang", "en", "--format", "html"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let html = common::stdout(&out);
    assert!(!html.contains("retiré"));
    let row = &html[html.find("<tr id=\"proposal-2016-05\">").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("<strong>Not reported on in this edition</strong></span></td>"),
        "{row}"
    );
}

#[test]
fn the_cover_has_the_issuers_the_period_and_the_date() {
    let ws = Workspace::new();
    let html = ws.build_text("html");
    let cover =
        &html[html.find("<header class=\"cover\">").unwrap()..html.find("</header>").unwrap()];
    let issuers = cover.find("<li>Union européenne</li>").unwrap();
    let title = cover.find("<h1>Onzième rapport").unwrap();
    let period = cover
        .find("Période couverte\u{a0}: juin 2025 – mai 2026")
        .unwrap();
    assert!(issuers < title && title < period, "{cover}");
    assert!(!cover.contains("Document établi le"), "no date: none set");

    // date: in report.yaml is the document's date, before SOURCE_DATE_EPOCH.
    let mut meta = ws.read("drafts/report.yaml");
    meta.push_str("date: \"2026-06-12\"\n");
    ws.write("drafts/report.yaml", &meta);
    let out = ws
        .command(&["build", "--format", "html"])
        .env("SOURCE_DATE_EPOCH", "1780272000")
        .output()
        .unwrap();
    assert!(common::stdout(&out).contains("Document établi le 12 juin 2026"));
    let md = ws.build_text("md");
    assert!(md.contains("date: \"12 juin 2026\""));
    assert!(
        md.contains(
            "author: [\"Union européenne\",\"Organisation du Traité de l'Atlantique Nord\"]"
        ),
        "{md}"
    );

    // A date that is not one is refused with its place.
    let meta = meta.replace("\"2026-06-12\"", "\"12/06/2026\"");
    ws.write("drafts/report.yaml", &meta);
    let out = ws.run(&["build", "--format", "html"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = common::stderr(&out);
    assert!(stderr.contains("drafts/report.yaml:"), "{stderr}");
    assert!(stderr.contains("12/06/2026"), "{stderr}");
}

#[test]
fn numbering_can_be_turned_off_and_unheaded_sections_are_never_numbered() {
    let ws = Workspace::new();
    let model: serde_json::Value = serde_json::from_slice(&ws.build("json")).unwrap();
    let sections = model["sections"].as_array().unwrap();
    assert_eq!(sections[0]["slug"], "introduction");
    assert!(sections[0]["number"].is_null());
    assert_eq!(sections[1]["number"], 1);
    assert!(sections.last().unwrap()["number"].is_null(), "the closing");

    let mut meta = ws.read("drafts/report.yaml");
    meta.push_str("numbering: false\n");
    ws.write("drafts/report.yaml", &meta);
    let html = ws.build_text("html");
    assert!(!html.contains("class=\"num\""));
    assert!(html.contains("<h2 id=\"political-dialogue-title\">Dialogue politique</h2>"));
    assert!(
        ws.build_text("md")
            .contains("\n# Dialogue politique {#political-dialogue}\n")
    );
    let docx = ws.build("docx");
    assert!(docx_part(&docx, "word/document.xml").contains(">Dialogue politique</w:t>"));
}

#[test]
fn build_o_says_what_it_wrote_and_never_a_temporary_path() {
    let ws = Workspace::new();
    let out = ws.run(&["build", "--format", "html", "-o", "report.html"]);
    assert!(out.status.success());
    let size = std::fs::metadata(ws.file("report.html")).unwrap().len();
    let expected = format!("wrote report.html ({:.1} kB)\n", size as f64 / 1000.0);
    assert_eq!(common::stderr(&out), expected);
    assert!(out.stdout.is_empty());

    let out = ws.run(&[
        "build",
        "--format",
        "html",
        "-o",
        "no-such-folder/report.html",
    ]);
    let stderr = common::stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no-such-folder"), "{stderr}");
    assert!(
        !stderr.contains(".tmp") && !stderr.contains("at path"),
        "{stderr}"
    );
}

#[test]
fn pdf_contents_list_the_page_of_every_heading() {
    let Some(pdftotext) = tool("pdftotext", "apt-get install -y poppler-utils") else {
        return;
    };
    let ws = Workspace::new();
    let out = ws.run(&["build", "--format", "pdf", "-o", "report.pdf"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let pages = pdf_pages(&pdftotext, &ws.file("report.pdf"));
    let toc = pages
        .iter()
        .position(|p| p.trim_start().starts_with("Table des matières"))
        .expect("a contents page");
    let mut entries = ws
        .headings()
        .iter()
        .enumerate()
        .map(|(i, h)| format!("{}. {h}", i + 1))
        .collect::<Vec<_>>();
    entries.push("Annexe : propositions communes".into());
    for entry in &entries {
        // `19. Renforcement … sécurité ........ 17`: the number ends the entry's line.
        let line = pages[toc]
            .lines()
            .find(|l| squeeze(l).starts_with(entry.as_str()))
            .unwrap_or_else(|| panic!("`{entry}` not in the contents:\n{}", pages[toc]));
        let listed: usize = squeeze(line)
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap_or_else(|_| panic!("no page number: `{line}`"));
        // The page whose text has a line starting with the heading (its first words: a
        // long heading wraps).
        let opening: String = entry.chars().take(40).collect();
        let printed = pages
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != toc)
            .find(|(_, p)| {
                p.lines()
                    .any(|l| squeeze(l).starts_with(squeeze(&opening).as_str()))
            })
            .map(|(i, _)| i + 1)
            .unwrap_or_else(|| panic!("`{entry}` printed nowhere"));
        assert_eq!(
            listed, printed,
            "`{entry}`: the contents say {listed}, it is on {printed}"
        );
        // And the page number printed at the foot of that page is the same.
        let foot = pages[printed - 1]
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap();
        assert_eq!(foot.trim(), printed.to_string());
    }
}

/// With a reason per proposal, the annex runs over several pages: every page with rows
/// repeats the table's header, and no page ends with a heading, a caption or a header.
#[test]
fn nothing_is_stranded_at_the_foot_of_a_page() {
    let Some(pdftotext) = tool("pdftotext", "apt-get install -y poppler-utils") else {
        return;
    };
    let ws = Workspace::new();
    let meta: String = ws
        .read("drafts/report.yaml")
        .lines()
        .map(|l| match l.strip_prefix("  \"").and_then(|r| r.split_once("\": *waived-")) {
            Some((id, _)) => format!(
                "  \"{id}\": \"raison propre à {id}, assez longue pour occuper une ligne ou deux dans la colonne\"\n"
            ),
            None => format!("{l}\n"),
        })
        .collect();
    ws.write("drafts/report.yaml", &meta);
    let out = ws.run(&["build", "--format", "pdf", "-o", "report.pdf"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let pages = pdf_pages(&pdftotext, &ws.file("report.pdf"));
    let headings: Vec<String> = ws.headings();
    let mut pages_with_rows = 0;
    for (i, page) in pages.iter().enumerate() {
        if page.trim_start().starts_with("Table des matières") {
            continue; // the contents end with the annex's entry, as they should
        }
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        // The last line is the page number (none on the cover).
        let body = match lines.last() {
            Some(l) if l.trim().parse::<u32>().is_ok() => &lines[..lines.len() - 1],
            _ => &lines[..],
        };
        let Some(last) = body.last() else { continue };
        let last = squeeze(last);
        assert!(
            !last.starts_with("Propositions entérinées")
                && !last.starts_with("Proposition Objet")
                && !last.starts_with("Annexe")
                // A heading, or the first line of one split across two pages.
                && !headings
                    .iter()
                    .enumerate()
                    .any(|(n, h)| format!("{}. {h}", n + 1).starts_with(&last)),
            "page {} ends with `{last}`",
            i + 1
        );
        let first_row = body.iter().position(|l| {
            let l = l.trim_start();
            l.len() > 8 && l.as_bytes()[..4].iter().all(u8::is_ascii_digit) && &l[4..5] == "-"
        });
        if let Some(row) = first_row {
            pages_with_rows += 1;
            assert!(
                body[..row]
                    .iter()
                    .any(|l| squeeze(l).starts_with("Proposition Objet Traitée dans")),
                "page {}: rows without the table's header",
                i + 1
            );
        }
    }
    assert!(
        pages_with_rows >= 3,
        "the annex spans {pages_with_rows} pages"
    );
}
