//! A typo on the command line — a language, a domain — is a usage error (exit 2) that
//! says what was meant, never a clean run over nothing ("0 errors", "no section files").

mod bilingual;
mod common;

use common::{Workspace, git, rapporteur, stderr};

fn refused(out: &std::process::Output, saying: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    assert!(stderr(out).contains(saying), "{}", stderr(out));
}

#[test]
fn a_language_the_edition_does_not_have() {
    let ws = Workspace::shipped();
    for args in [&["check", "--lang", "de"][..], &["status", "--lang", "de"]] {
        let out = ws.run(args);
        refused(&out, "the edition has no language `de`");
        assert!(stderr(&out).contains("drafts/report.yaml lists: fr"));
    }
}

#[test]
fn a_mistyped_domain_gets_the_slug_it_meant() {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    git(ws.path(), &["add", "-A"]);
    git(ws.path(), &["commit", "-qm", "the 11th edition"]);
    refused(
        &ws.run(&["diff", "HEAD", "--domain", "spce"]),
        "did you mean `space`?",
    );
    refused(
        &ws.run(&["diff", "--since-signoff", "spce"]),
        "`spce` is not a domain of schemas/domains.yaml\n  help: did you mean `space`?",
    );
    // A real domain that nobody signed off is another mistake, said as such.
    refused(
        &ws.run(&["diff", "--since-signoff", "space"]),
        "`space` has no sign-off",
    );

    let repo = bilingual::bilingual();
    refused(
        &rapporteur(
            repo.path(),
            &["translate", "accept", "cybr", "--lang", "fr"],
        ),
        "no `fr` section of domain `cybr` translates a source section\n  help: did you mean `cyber`?",
    );
}
