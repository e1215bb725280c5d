//! The same commit gives byte-identical output in any folder, at any time, whatever the
//! locale or time zone: every format is built twice in two folders and compared.

mod build_support;
mod common;

use build_support::Workspace;

fn build(ws: &Workspace, format: &str, env: &[(&str, &str)]) -> Vec<u8> {
    let out = ws
        .command(&["build", "--format", format])
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn every_text_format_is_byte_identical_in_two_folders() {
    let a = Workspace::with_prefix("rapporteur-a-");
    let b = Workspace::with_prefix("rapporteur-second-folder-");
    for format in ["txt", "md", "html", "json", "docx"] {
        let first = build(&a, format, &[("TZ", "UTC"), ("LANG", "C.UTF-8")]);
        let second = build(
            &b,
            format,
            &[("TZ", "Pacific/Kiritimati"), ("LANG", "fr_FR.UTF-8")],
        );
        assert!(!first.is_empty());
        assert!(first == second, "{format} differs between two folders");
        let path = a.path().to_string_lossy().into_owned();
        assert!(
            !String::from_utf8_lossy(&first).contains(&path),
            "{format} names the folder"
        );
    }
}

#[test]
fn source_date_epoch_is_the_only_date() {
    let a = Workspace::with_prefix("rapporteur-a-");
    let b = Workspace::with_prefix("rapporteur-b-");
    let env = [("SOURCE_DATE_EPOCH", "1780272000")];
    for format in ["md", "html", "json", "docx", "pdf"] {
        assert!(
            build(&a, format, &env) == build(&b, format, &env),
            "{format}"
        );
    }
}

#[test]
fn pdf_is_byte_identical_in_two_folders() {
    let a = Workspace::with_prefix("rapporteur-a-");
    let b = Workspace::with_prefix("rapporteur-second-folder-");
    for epoch in [None, Some("1780272000")] {
        let env: Vec<(&str, &str)> = epoch
            .map(|e| ("SOURCE_DATE_EPOCH", e))
            .into_iter()
            .collect();
        let first = build(&a, "pdf", &env);
        let mut later = env.clone();
        later.push(("TZ", "Pacific/Kiritimati"));
        let second = build(&b, "pdf", &later);
        assert!(first.starts_with(b"%PDF"));
        assert!(
            first == second,
            "the PDF differs between two folders ({epoch:?})"
        );
    }
}
