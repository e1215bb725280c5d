//! `rapporteur completions` and `rapporteur man`, through the real binary: bash loads the
//! completion script and completes with it; the checked-in manual pages under `man/` are
//! what the clap definitions give today, and `man` formats them.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{rapporteur, repo_root, stderr, stdout, tool};

const SUBCOMMANDS: [&str; 9] = [
    "check",
    "build",
    "import",
    "schema",
    "rules",
    "diff",
    "status",
    "completions",
    "man",
];

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = rapporteur(&repo_root(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for word in SUBCOMMANDS.iter().chain(&["staged", "format", "exit-code"]) {
            assert!(script.contains(word), "{shell}: `{word}` not completed");
        }
    }
    let out = rapporteur(&repo_root(), &["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

/// bash sources the script and completes `rapporteur ch` to `check`, and the formats of
/// `diff --format`.
#[test]
fn bash_completes_with_the_script() {
    let Some(bash) = tool("bash", "apt-get install -y bash") else {
        return;
    };
    let script = stdout(&rapporteur(&repo_root(), &["completions", "bash"]));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rapporteur.bash"), script).unwrap();
    let complete = |words: &str| -> Vec<String> {
        let program = format!(
            "source ./rapporteur.bash\n\
             COMP_WORDS=({words}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n\
             COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}\n\
             _rapporteur rapporteur \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
             printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let out = Command::new(&bash)
            .args(["--norc", "--noprofile", "-c", &program])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut words: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        words.sort();
        words
    };
    assert_eq!(complete("rapporteur ch"), ["check"]);
    assert_eq!(
        complete("rapporteur diff --format ''"),
        ["html", "json", "md", "term"]
    );
}

/// The pages in `man/` are what `rapporteur man --out` writes today: a stale page (an
/// option added, a help text changed, a subcommand added by a merge) fails here. To
/// refresh them: `cargo run -q -- man --out man`, then commit `man/`.
#[test]
fn man_pages_are_fresh() {
    let generated = tempfile::tempdir().unwrap();
    let out = rapporteur(
        &repo_root(),
        &["man", "--out", generated.path().to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fresh = read_pages(generated.path());
    let checked_in = read_pages(&repo_root().join("man"));
    let names = |pages: &BTreeMap<String, String>| pages.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&checked_in),
        names(&fresh),
        "man/ does not hold one page per command; run `cargo run -q -- man --out man`"
    );
    for (name, page) in &fresh {
        assert!(
            checked_in[name] == *page,
            "man/{name} is stale; run `cargo run -q -- man --out man` and commit man/"
        );
    }
    assert!(fresh.contains_key("rapporteur.1"));
    for sub in SUBCOMMANDS {
        assert!(fresh.contains_key(&format!("rapporteur-{sub}.1")), "{sub}");
    }
    // Without --out, the main page on stdout.
    let main = stdout(&rapporteur(&repo_root(), &["man"]));
    assert_eq!(main, fresh["rapporteur.1"]);
}

/// `man` formats the pages: the diff page shows its options and their help.
#[test]
fn man_reads_the_pages() {
    let Some(man) = tool("man", "apt-get install -y man-db") else {
        return;
    };
    let out = Command::new(man)
        .arg("-l")
        .arg(repo_root().join("man/rapporteur-diff.1"))
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for seen in [
        "rapporteur-diff - Show what changed between two editions",
        "--format <FORMAT>",
        "md: Markdown for a pull-request comment",
        "--exit-code",
    ] {
        assert!(text.contains(seen), "`{seen}` not in\n{text}");
    }
}

fn read_pages(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().into_string().unwrap(),
                std::fs::read_to_string(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// `--version` names the release and the commit the program was built from (what an IT
/// department approving the tool, or a team reporting a problem, needs to know).
#[test]
fn version_names_the_commit() {
    let out = rapporteur(&repo_root(), &["--version"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let expected = format!("rapporteur {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(text.starts_with(&expected), "{text}");
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(repo_root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if let Some(head) = head {
        assert!(
            text.contains(&format!("(commit {head}, ")),
            "built from HEAD {head}: {text}"
        );
    }
}
