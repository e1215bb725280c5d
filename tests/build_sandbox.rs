//! Templates run sandboxed: they load only from `templates/`, undefined variables are
//! errors, work is bounded, and drafter text is escaped in HTML.

mod build_support;
mod common;

use std::time::{Duration, Instant};

use build_support::Workspace;

/// Runs `build` with `templates/report.txt.j2` replaced by `template`: exit 2, nothing
/// on stdout, and the error on stderr.
fn hostile(template: &str) -> (String, Duration) {
    let ws = Workspace::new();
    ws.write("templates/report.txt.j2", template);
    let started = Instant::now();
    let out = ws.run(&["build", "--format", "txt", "-o", "out.txt"]);
    let took = started.elapsed();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(!ws.file("out.txt").exists());
    (stderr, took)
}

#[test]
fn an_include_outside_templates_is_refused() {
    for name in [
        "../Cargo.toml",
        "../drafts/report.yaml",
        "/etc/passwd",
        "./../x",
    ] {
        let (stderr, _) = hostile(&format!("{{% include \"{name}\" %}}\n"));
        assert!(stderr.contains("refused"), "{name}: {stderr}");
        assert!(!stderr.contains("[package]") && !stderr.contains("root:"));
        assert!(!stderr.contains("number: 11"));
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_templates_is_refused() {
    let ws = Workspace::new();
    std::os::unix::fs::symlink(ws.file("drafts/report.yaml"), ws.file("templates/meta.j2"))
        .unwrap();
    ws.write("templates/report.txt.j2", "{% include \"meta.j2\" %}\n");
    let out = ws.run(&["build"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("outside the templates/ folder"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn an_undefined_variable_is_an_error() {
    let (stderr, _) = hostile("{{ edition.numbr }}\n");
    assert!(stderr.contains("undefined"), "{stderr}");
    assert!(stderr.contains("line 1"), "{stderr}");
}

#[test]
fn a_huge_range_is_refused() {
    let (stderr, took) = hostile("{% for i in range(100000000) %}{{ i }}{% endfor %}\n");
    assert!(stderr.contains("range has too many elements"), "{stderr}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn a_runaway_loop_runs_out_of_fuel_within_seconds() {
    let (stderr, took) = hostile(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
    );
    assert!(stderr.contains("fuel"), "{stderr}");
    assert!(took < Duration::from_secs(20), "{took:?}");
}

#[test]
fn endless_recursion_is_stopped() {
    let (stderr, _) = hostile("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}\n");
    assert!(
        stderr.contains("recursion") || stderr.contains("fuel"),
        "{stderr}"
    );
}

#[test]
fn drafter_text_is_escaped_in_html() {
    let ws = Workspace::new();
    ws.append_paragraph(
        "drafts/fr/03-resilience.md",
        "Un texte <script>alert(\"x\")</script> & <img src=x onerror=alert(1)> fin.",
    );
    let html = ws.build_text("html");
    assert!(!html.contains("<script"), "no script element");
    assert!(!html.contains("<img"));
    assert!(html.contains(
        "Un texte &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; fin."
    ));
}

#[test]
fn a_catalog_heading_is_escaped_in_html() {
    let ws = Workspace::new();
    let catalog = ws.read("schemas/domains.yaml").replace(
        "fr: Dialogue politique",
        "fr: \"Dialogue <b>politique</b>\"",
    );
    ws.write("schemas/domains.yaml", &catalog);
    let html = ws.build_text("html");
    assert!(html.contains("Dialogue &lt;b&gt;politique&lt;&#x2f;b&gt;"));
    assert!(!html.contains("<b>"));
}
