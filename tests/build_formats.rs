//! `build` in every format on the shipped edition: structure, headings, typography, and
//! the JSON model against its schema.

mod build_support;
mod common;

use build_support::Workspace;

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// Text as minijinja's auto-escape writes it.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

#[test]
fn txt_has_the_title_and_every_heading_in_order() {
    let ws = Workspace::new();
    let txt = ws.build_text("txt");
    assert!(txt.starts_with("Onzième rapport d'étape"), "{}", &txt[..80]);
    let mut from = 0;
    for heading in ws.headings() {
        let at = txt[from..]
            .find(&format!("\n\n{heading}\n\n"))
            .unwrap_or_else(|| panic!("heading `{heading}` missing or out of order"));
        from += at + heading.len();
    }
}

#[test]
fn the_ordinal_comes_from_the_edition_number() {
    let ws = Workspace::new();
    let meta = ws
        .read("drafts/report.yaml")
        .replace("number: 11", "number: 12");
    ws.write("drafts/report.yaml", &meta);
    // The text still says « onzième » (E001): a draft.
    assert!(
        ws.build_draft_text("txt")
            .contains("\n\nDouzième rapport d'étape")
    );
    assert!(ws.build_draft_text("html").contains("<h1>Douzième rapport"));
}

#[test]
fn markdown_is_pandoc_markdown_with_metadata_headings_and_annex() {
    let ws = Workspace::new();
    ws.append_paragraph(
        "drafts/fr/03-resilience.md",
        "2025. Une année où la 24^e^ réunion a eu lieu\u{a0}; [rien] <b> n'est une balise.",
    );
    let md = ws.build_text("md");
    let (meta, body) = md
        .strip_prefix("---\n")
        .and_then(|m| m.split_once("\n---\n"))
        .expect("a YAML metadata block first");
    let meta: serde_json::Value = serde_saphyr::from_str(meta).unwrap();
    assert!(
        meta["title"]
            .as_str()
            .unwrap()
            .starts_with("Onzième rapport")
    );
    assert_eq!(meta["subtitle"], "juin 2025 \u{2013} mai 2026");
    assert_eq!(meta["lang"], "fr");
    assert!(
        meta.get("date").is_none(),
        "no date without SOURCE_DATE_EPOCH"
    );
    // Headings are numbered as in the HTML contents.
    for (i, heading) in ws.headings().iter().enumerate() {
        let n = i + 1;
        assert!(
            body.lines()
                .any(|l| l.starts_with(&format!("# {n}. {heading} {{#"))),
            "heading `{n}. {heading}`"
        );
    }
    assert!(body.contains("\n# Annexe"));
    assert!(body.contains("- **2017-06**"));
    // The planted paragraph: a list marker escaped, our superscript kept, the rest text.
    assert!(
        body.contains(
            "\n2025\\. Une année où la 24^e^ réunion a eu lieu\u{a0}; \\[rien\\] \\<b\\> n'est"
        ),
        "{body}"
    );
}

#[test]
fn html_is_one_page_with_toc_headings_annex_and_typography() {
    let ws = Workspace::new();
    // A narrow no-break space where the house style wants U+00A0: a warning here, to see
    // that both kinds pass through.
    ws.relax(&["Y001"]);
    ws.append_paragraph(
        "drafts/fr/03-resilience.md",
        "La 24^e^ réunion s'est tenue le 3\u{a0}juin\u{202f}; elle a duré 2\u{a0}heures.",
    );
    let html = ws.build_text("html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(html.contains("<style>") && html.contains("@media print"));
    assert!(
        !html.contains("<link") && !html.contains("<script"),
        "self-contained"
    );
    assert!(html.contains("<h1>Onzième rapport d&#x27;étape"));
    assert!(html.contains("juin 2025 \u{2013} mai 2026"));
    assert!(html.contains("<nav class=\"toc\""));
    // Headings and contents are numbered alike.
    for (i, heading) in ws.headings().iter().enumerate() {
        let numbered = format!("<span class=\"num\">{}.</span> {}", i + 1, escape(heading));
        assert!(
            html.contains(&format!("-title\">{numbered}</h2>")),
            "heading `{heading}`"
        );
        assert!(
            html.contains(&format!("-title\">{numbered}</a></li>")),
            "toc `{heading}`"
        );
    }
    // No-break spaces pass through, never collapsed; the superscript is one.
    assert!(
        html.contains(&format!(
            "<p>La 24<sup>e</sup> réunion s&#39;est tenue le 3{NBSP}juin{NNBSP}; elle a duré 2{NBSP}heures.</p>"
        )),
        "planted paragraph"
    );
    // The annex: every proposal; waived ones marked, with the reason in French. The 7
    // proposals reported on have a row each; each run of waived ones is one row.
    assert!(html.contains("<section class=\"annex\" id=\"annex\""));
    assert_eq!(html.matches("<tr id=\"proposal-").count(), 7 + 2);
    assert!(html.contains("<td class=\"id\"><span>2016-01</span> à <span>2016-42</span></td>"));
    assert!(html.contains("<td class=\"id\"><span>2017-08</span> à <span>2017-32</span></td>"));
    assert!(html.contains("Non traitée dans cette édition"));
    assert!(html.contains(
        "l&#x27;ensemble de 2016 (document du Conseil 15283&#x2f;16) ne figure pas dans nos sources"
    ));
    assert!(!html.contains("is not in our sources"), "no English reason");
    assert!(
        !html.contains("Document établi le"),
        "no date without SOURCE_DATE_EPOCH"
    );
}

#[test]
fn source_date_epoch_sets_the_date() {
    let ws = Workspace::new();
    let out = ws
        .command(&["build", "--format", "html"])
        .env("SOURCE_DATE_EPOCH", "1780272000") // 2026-06-01
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains("Document établi le 1er juin 2026"),
        "date shown"
    );
}

#[test]
fn json_is_the_model_and_validates_against_the_schema() {
    let ws = Workspace::new();
    let model: serde_json::Value = serde_json::from_slice(&ws.build("json")).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&ws.read("schemas/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&model)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(model["lang"], "fr");
    assert_eq!(model["edition"]["number"], 11);
    assert_eq!(model["proposals"].as_array().unwrap().len(), 74);
    let first = &model["sections"][0];
    assert_eq!(first["slug"], "introduction");
    assert_eq!(first["heading"], false);
}

#[test]
fn output_file_is_written_and_stdout_is_empty() {
    let ws = Workspace::new();
    for format in ["txt", "md", "html", "json", "docx"] {
        let name = format!("out/report.{format}");
        std::fs::create_dir_all(ws.file("out")).unwrap();
        let out = ws.run(&["build", "--format", format, "-o", &name]);
        assert!(out.status.success(), "{format}");
        assert!(out.stdout.is_empty(), "{format}: nothing on stdout");
        assert_eq!(std::fs::read(ws.file(&name)).unwrap(), ws.build(format));
    }
    let left: Vec<_> = std::fs::read_dir(ws.file("out")).unwrap().collect();
    assert_eq!(left.len(), 5, "no temporary file left behind");
}

#[test]
fn schema_of_the_model_is_fresh() {
    let ws = Workspace::new();
    let out = ws.run(&["schema", "--check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// When pandoc is installed (it is optional, even in CI), it reads the Markdown as
/// meant: one heading per section plus the annex, one list (the annex), every paragraph
/// a paragraph, and a paragraph that looks like a block stays text.
#[test]
fn pandoc_reads_the_markdown_as_meant() {
    let Some(pandoc) = common::which("pandoc") else {
        eprintln!("notice: pandoc not installed, test skipped (apt-get install -y pandoc)");
        return;
    };
    let ws = Workspace::new();
    // Text built to look like Markdown blocks, not like the house style.
    ws.relax(&["T005", "Y001"]);
    let tricky = [
        "2025. Une année où la 24^e^ réunion a eu lieu.",
        "- Pas une liste, ni [un lien](x), ni <b>du HTML</b>.",
        "# Pas un titre : a) non plus.",
        "> Pas une citation | ni un tableau.",
    ];
    for paragraph in tricky {
        ws.append_paragraph("drafts/fr/03-resilience.md", paragraph);
    }
    ws.write("report.md", ws.build_text("md"));
    let out = std::process::Command::new(pandoc)
        .args(["-f", "markdown", "-t", "html", "report.md"])
        .current_dir(ws.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let model: serde_json::Value = serde_json::from_slice(&ws.build("json")).unwrap();
    let paragraphs: usize = model["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["paragraphs"].as_array().unwrap().len())
        .sum();
    assert_eq!(html.matches("<h1").count(), ws.headings().len() + 1);
    assert_eq!(html.matches("<ul>").count(), 1, "the annex only");
    assert!(!html.contains("<ol") && !html.contains("<blockquote") && !html.contains("<table"));
    assert_eq!(html.matches("<p>").count(), paragraphs);
    for expected in [
        "<p>2025. Une année où la 24<sup>e</sup> réunion a eu lieu.</p>",
        "<p>- Pas une liste, ni [un lien](x), ni &lt;b&gt;du HTML&lt;/b&gt;.</p>",
        "<p># Pas un titre : a) non plus.</p>",
        "<p>&gt; Pas une citation | ni un tableau.</p>",
    ] {
        assert!(html.contains(expected), "{expected}\n{html}");
    }
}

/// An English edition: the ordinal, the period and the labels in English forms.
#[test]
fn english_uses_english_forms() {
    let ws = Workspace::new();
    let meta = ws
        .read("drafts/report.yaml")
        .replace("languages: [fr]", "languages: [fr, en]");
    assert!(meta.contains("languages: [fr, en]"));
    ws.write("drafts/report.yaml", &meta);
    // One placeholder sentence for every English section: the same paragraph everywhere,
    // and not the French sections' numbers.
    ws.relax(&["B002", "L003", "L004"]);
    for entry in std::fs::read_dir(ws.file("drafts/fr")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let text = ws.read(&format!("drafts/fr/{name}"));
        let front = text.split("\n---\n").next().unwrap();
        ws.write(
            &format!("drafts/en/{name}"),
            format!("{front}\n---\nThe 24^e^ meeting took place in June.\n"),
        );
    }
    let out = ws.run(&["build", "--lang", "en", "--format", "html"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<h1>Eleventh progress report"));
    assert!(html.contains("Period covered: June 2025 \u{2013} May 2026"));
    assert!(html.contains(">Contents</h2>") && html.contains(">Annex: common proposals</h2>"));
    assert!(html.contains("<p>The 24<sup>e</sup> meeting took place in June.</p>"));
    let out = ws
        .command(&["build", "--lang", "en", "--format", "md"])
        .env("SOURCE_DATE_EPOCH", "1780272000")
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("subtitle: \"June 2025 \u{2013} May 2026\""),
        "{md}"
    );
    assert!(md.contains("date: \"1 June 2026\""));
}
