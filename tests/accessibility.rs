//! The two pages readers open in a browser — the HTML report (`build --format html`) and
//! the HTML diff (`diff --format html`) — checked as a browser shows them: axe-core's
//! WCAG 2.0–2.2 A and AA rules in headless Chromium, at a desktop width and at a phone's,
//! and the page no wider than a 360 px screen (a wide table scrolls in its own box).
//!
//! axe-core and puppeteer-core are the pinned npm packages of `tests/axe/` (`.ci/setup`
//! runs `npm ci` there); `tests/axe/check.mjs` drives Chromium and reports. Outside CI
//! the test skips with a notice when Node.js, Chromium or those packages are missing.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Workspace, git, repo_root, stderr};
use serde_json::Value;

/// Splits a section file into its front matter (with the closing `---`) and paragraphs.
fn split(text: &str) -> (String, Vec<String>) {
    let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
    let paragraphs = text[end..]
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    (text[..end].to_string(), paragraphs)
}

fn edit(ws: &Workspace, path: &str, change: impl FnOnce(&mut Vec<String>)) {
    let (front, mut paragraphs) = split(&ws.read(path));
    change(&mut paragraphs);
    ws.write(path, format!("{front}{}\n", paragraphs.join("\n\n")));
}

/// The shipped edition in a git repository, with a previous edition tagged `edition-10`
/// that differs by every kind of change a diff page shows: a paragraph rewritten between
/// its first and last sentences (changed, with its side-by-side view), one moved to
/// another domain, one removed, one added.
fn shipped_with_previous() -> Workspace {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q", "-b", "main"]);
    let report = ws.read("drafts/report.yaml");
    ws.write(
        "drafts/report.yaml",
        report.replace("number: 11", "number: 10"),
    );
    edit(&ws, "drafts/fr/03-resilience.md", |p| {
        let first = p[1].split_inclusive(". ").next().unwrap().to_string();
        let last = p[1].rsplit(". ").next().unwrap().to_string();
        p[1] = format!(
            "{first}Les services ont comparé leurs évaluations de la préparation des réseaux de transport. {last}"
        );
    });
    let mut moved = String::new();
    edit(&ws, "drafts/fr/08-cyber.md", |p| moved = p.remove(1));
    edit(&ws, "drafts/fr/11-space.md", |p| p.push(moved));
    edit(&ws, "drafts/fr/17-exercises.md", |p| {
        p.insert(
            1,
            "Un exercice de planification prévu au printemps précédent a été annulé, faute de participants en nombre suffisant."
                .to_string(),
        )
    });
    edit(&ws, "drafts/fr/19-capacity-building.md", |p| {
        p.pop();
    });
    git(ws.path(), &["add", "-A"]);
    git(ws.path(), &["commit", "-q", "-m", "edition 10"]);
    git(ws.path(), &["tag", "edition-10"]);
    fs::remove_dir_all(ws.file("drafts")).unwrap();
    common::copy_dir(&repo_root().join("drafts"), &ws.file("drafts"));
    git(ws.path(), &["add", "-A"]);
    git(ws.path(), &["commit", "-q", "-m", "edition 11"]);
    ws
}

/// Node.js, Chromium and the packages of `tests/axe/`, or `None` (with a notice) outside
/// CI; in CI a missing one fails the test.
fn axe_tools() -> Option<(PathBuf, PathBuf)> {
    let node = common::tool("node", "apt-get install -y nodejs")?;
    let chromium = common::chromium()?;
    let modules = repo_root().join("tests/axe/node_modules");
    if !modules.join("axe-core").is_dir() || !modules.join("puppeteer-core").is_dir() {
        if std::env::var_os("CI").is_some() {
            panic!("tests/axe/node_modules is missing in CI: run `npm ci` in tests/axe");
        }
        eprintln!("notice: tests/axe/node_modules missing, test skipped (cd tests/axe && npm ci)");
        return None;
    }
    Some((node, chromium))
}

/// What `tests/axe/check.mjs` says of each page, in order.
fn axe(node: &Path, chromium: &Path, pages: &[&Path]) -> Vec<Value> {
    let out = Command::new("timeout")
        .arg("300")
        .arg(node)
        .arg(repo_root().join("tests/axe/check.mjs"))
        .arg(chromium)
        .args(pages)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "axe-core did not run: {}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON line per page"))
        .collect()
}

#[test]
fn the_report_and_the_diff_pass_axe_and_fit_a_phone() {
    let Some((node, chromium)) = axe_tools() else {
        return;
    };
    let ws = shipped_with_previous();
    let pages = tempfile::tempdir_in(ws.path()).unwrap();
    let report = pages.path().join("report.html");
    let draft = pages.path().join("draft.html");
    let diff = pages.path().join("diff.html");
    for (args, page) in [
        (&["build", "--format", "html", "-o"][..], &report),
        (&["build", "--draft", "--format", "html", "-o"][..], &draft),
    ] {
        let mut args = args.to_vec();
        let path = page.to_str().unwrap();
        args.push(path);
        let out = ws.run(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let out = ws.run(&["diff", "edition-10", "HEAD", "--format", "html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = String::from_utf8(out.stdout).unwrap();
    // The page holds what is checked: a changed paragraph with its side-by-side view,
    // a move, a removal and an addition.
    for kind in ["changed", "moved", "removed", "added"] {
        assert!(html.contains(&format!("class=\"change {kind}")), "{kind}");
    }
    assert!(html.contains("<details class=\"sides\">"));
    fs::write(&diff, html).unwrap();

    let results = axe(&node, &chromium, &[&report, &draft, &diff]);
    assert_eq!(results.len(), 3);
    for result in &results {
        let file = result["file"].as_str().unwrap();
        for width in ["1280", "360"] {
            let violations = &result["violations"][width];
            assert!(
                violations.as_array().unwrap().is_empty(),
                "{file} at {width} px: axe-core finds {violations:#}"
            );
        }
        let errors = result["errors"].as_array().unwrap();
        assert!(errors.is_empty(), "{file}: {errors:?}");
        let width = result["scroll_width"].as_u64().unwrap();
        assert!(
            width <= 360,
            "{file} is {width} px wide on a 360 px screen; too wide: {}",
            result["wider"]
        );
    }
}

/// The check can fail: a page with a contrast too low, no language and a table wider
/// than the phone is found out on each count.
#[test]
fn axe_finds_what_is_wrong() {
    let Some((node, chromium)) = axe_tools() else {
        return;
    };
    let pages = tempfile::tempdir().unwrap();
    let page = pages.path().join("bad.html");
    let cells: String = (0..12).map(|i| format!("<td>colonne{i}</td>")).collect();
    fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>t</title></head>\
             <body><main><p style=\"color:#22863a;background:#e6ffed\">inséré</p><table><tr>{cells}</tr></table></main></body></html>"
        ),
    )
    .unwrap();
    let results = axe(&node, &chromium, &[&page]);
    let ids: Vec<&str> = results[0]["violations"]["360"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"color-contrast"), "{ids:?}");
    assert!(ids.contains(&"html-has-lang"), "{ids:?}");
    assert!(results[0]["scroll_width"].as_u64().unwrap() > 360);
}
