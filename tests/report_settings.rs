//! Settings of drafts/report.yaml that the schema's types alone would let through: each
//! is one error naming the file, line and column (exit 2), for `check` and `build` alike,
//! before anything is assembled.

mod common;

use common::{Workspace, git, stderr};

fn with_period(start: &str, end: &str) -> Workspace {
    let ws = Workspace::shipped();
    let meta = ws
        .read("drafts/report.yaml")
        .replace("start: \"2025-06\"", &format!("start: \"{start}\""))
        .replace("end: \"2026-05\"", &format!("end: \"{end}\""));
    ws.write("drafts/report.yaml", meta);
    ws
}

#[test]
fn a_period_that_is_no_month_is_refused_at_its_line() {
    for start in ["2025-13", "juin 2025", "2025-6"] {
        let ws = with_period(start, "2026-05");
        for args in [&["check"][..], &["build", "--format", "html"]] {
            let out = ws.run(args);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{start} {args:?}: {}",
                stderr(&out)
            );
            let err = stderr(&out);
            assert!(
                err.contains("drafts/report.yaml:5:10:") && err.contains("period.start"),
                "{start} {args:?}: {err}"
            );
            assert!(out.stdout.is_empty(), "nothing assembled: {args:?}");
        }
    }
}

#[test]
fn a_period_ending_before_it_starts_is_refused() {
    let ws = with_period("2025-06", "2024-05");
    for args in [&["check"][..], &["build", "--format", "html"]] {
        let out = ws.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(
                "drafts/report.yaml:6:8: the period ends (2024-05) before it starts (2025-06)"
            ),
            "{err}"
        );
    }
    // One month is a period.
    let ws = with_period("2025-06", "2025-06");
    assert_eq!(ws.run(&["check"]).status.code(), Some(0));
}

#[test]
fn an_edition_number_out_of_range_is_refused() {
    // 0 names no edition; 4294967295 has no successor (edition next added one to it).
    for number in ["0", "10000", "4294967295"] {
        let ws = Workspace::shipped();
        let meta = ws
            .read("drafts/report.yaml")
            .replace("number: 11", &format!("number: {number}"));
        ws.write("drafts/report.yaml", meta);
        git(ws.path(), &["init", "-q"]);
        git(ws.path(), &["add", "-A"]);
        git(ws.path(), &["commit", "-qm", "an edition"]);
        for args in [
            &["check"][..],
            &["build", "--format", "html"],
            &["edition", "next", "--dry-run"],
        ] {
            let out = ws.run(args);
            assert_eq!(out.status.code(), Some(2), "{number} {args:?}");
            let err = stderr(&out);
            assert!(
                err.contains(&format!(
                    "drafts/report.yaml:3:9: `number: {number}` is no edition's number"
                )) && err.contains("from 1 to 9999"),
                "{number} {args:?}: {err}"
            );
        }
    }
}
