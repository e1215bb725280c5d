//! `build --format pdf`: the HTML printed by headless Chromium. The text must be
//! extractable and hold the title and every heading.

mod build_support;
mod common;

use std::process::Command;

use build_support::{Workspace, squeeze};
use common::tool;

#[test]
fn pdf_holds_the_title_and_every_heading() {
    let Some(_) = common::chromium() else {
        return;
    };
    let Some(pdftotext) = tool("pdftotext", "apt-get install -y poppler-utils") else {
        return;
    };
    let ws = Workspace::new();
    let out = ws.run(&["build", "--format", "pdf", "-o", "report.pdf"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(ws.file("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = Command::new(pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(ws.file("report.pdf"))
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success());
    let text = squeeze(&String::from_utf8(text.stdout).unwrap());
    // The cover: the issuing bodies, then the title.
    assert!(
        text.starts_with(
            "Union européenne Organisation du Traité de l'Atlantique Nord Onzième rapport d"
        ),
        "{}",
        &text[..100]
    );
    assert!(text.contains("juin 2025 – mai 2026"));
    for heading in ws.headings() {
        assert!(
            text.contains(&squeeze(&heading)),
            "heading `{heading}` not in the PDF"
        );
    }
    assert!(text.contains("Annexe"));
    let pages = Command::new("pdfinfo")
        .arg(ws.file("report.pdf"))
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if !pages.is_empty() {
        assert!(pages.contains("A4"), "{pages}");
    }
}

#[test]
fn a_missing_chromium_is_a_clear_error() {
    let ws = Workspace::new();
    let out = ws
        .command(&["build", "--format", "pdf", "-o", "report.pdf"])
        .env("RAPPORTEUR_CHROMIUM", ws.file("no-such-browser"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Chromium"), "{stderr}");
    assert!(!ws.file("report.pdf").exists());

    let out = ws
        .command(&["build", "--format", "pdf"])
        .env("PATH", ws.file("empty"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no `chromium` was found on PATH"),
        "{stderr}"
    );
}
