//! `build` refuses while `check` finds errors: exit 1, nothing written.

mod build_support;
mod common;

use build_support::Workspace;

fn assert_refused(ws: &Workspace) {
    for format in ["txt", "md", "html", "json"] {
        let name = format!("out.{format}");
        let out = ws.run(&["build", "--format", format, "-o", &name]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(stderr.contains("build refused"), "{stderr}");
        assert!(!ws.file(&name).exists(), "{format}: nothing written");
        assert!(out.stdout.is_empty());
    }
    let left: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["drafts", "schemas", "templates"].contains(&n.as_str()))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn an_unknown_domain_refuses_the_build() {
    let ws = Workspace::new();
    let path = "drafts/fr/03-resilience.md";
    let text = ws
        .read(path)
        .replace("domain: resilience", "domain: resilience-and-more");
    ws.write(path, &text);
    assert_refused(&ws);
}

#[test]
fn an_unknown_proposal_refuses_the_build() {
    let ws = Workspace::new();
    let path = "drafts/fr/03-resilience.md";
    let text = ws.read(path).replace("2017-06", "2017-99");
    ws.write(path, &text);
    assert_refused(&ws);
}

#[test]
fn an_existing_output_is_left_as_it_was() {
    let ws = Workspace::new();
    ws.write("out.html", "previous");
    let path = "drafts/fr/03-resilience.md";
    let text = ws.read(path).replace("2017-06", "2017-99");
    ws.write(path, &text);
    let out = ws.run(&["build", "--format", "html", "-o", "out.html"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(ws.read("out.html"), "previous");
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let ws = Workspace::new();
    let out = ws.run(&["build", "--lang", "xx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no language `xx`"));
}
