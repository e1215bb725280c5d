//! Hostile inputs, as real files in temporary repositories (issue 9): nothing outside
//! the repository is read or written, no input is overwritten, every run ends within
//! seconds. Commands that could hang run under a timeout that kills them and fails the
//! test (`output_within`).
#![cfg(unix)]

mod bilingual;
mod common;
mod lsp_support;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::*;

/// Seconds after which a run that should be quick is taken for a hang.
const HANG: u64 = 30;

fn run(ws: &Workspace, args: &[&str]) -> std::process::Output {
    rapporteur_within(ws.path(), args, HANG)
}

fn code(out: &std::process::Output) -> Option<i32> {
    out.status.code()
}

/// A folder outside the workspace, with a file that must never be read or written.
fn outside() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.md");
    std::fs::write(
        &secret,
        "---\ndomain: space\nstatus: final\n---\nSecret : never read.\n",
    )
    .unwrap();
    (dir, secret)
}

// 1. Outside the repository.

#[test]
fn a_language_that_is_a_path_is_refused_with_its_line() {
    let (dir, secret) = outside();
    let ws = Workspace::shipped();
    // A path that, from drafts/, reaches the folder outside.
    let rel = pathdiff(ws.file("drafts").as_path(), dir.path());
    let meta = ws
        .read("drafts/report.yaml")
        .replace("languages: [fr]", &format!("languages: [fr, \"{rel}\"]"));
    ws.write("drafts/report.yaml", meta);
    let line = ws
        .read("drafts/report.yaml")
        .lines()
        .position(|l| l.starts_with("languages:"))
        .unwrap()
        + 1;
    for args in [
        &["check"][..],
        &["check", "--fix"],
        &["build"],
        &["status"],
        &["diff", ".", "."],
    ] {
        let out = run(&ws, args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("drafts/report.yaml:{line}:")) && err.contains("language tag"),
            "{args:?}: {err}"
        );
        assert!(!stdout(&out).contains("never read"), "{args:?}");
    }
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "---\ndomain: space\nstatus: final\n---\nSecret : never read.\n",
        "not rewritten by --fix"
    );
    // The same path as --lang.
    for args in [
        &["build", "--lang", rel.as_str()][..],
        &["check", "--lang", rel.as_str()],
    ] {
        let out = run(&ws, args);
        assert_eq!(code(&out), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("not a language tag"),
            "{}",
            stderr(&out)
        );
    }
}

/// The relative path from `from` to `to` (both absolute), made of `..` and names.
fn pathdiff(from: &Path, to: &Path) -> String {
    let from = from.canonicalize().unwrap();
    let to = to.canonicalize().unwrap();
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = from.components().count() - common;
    let mut parts: Vec<String> = vec!["..".into(); ups];
    parts.extend(
        to.components()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[test]
fn a_language_folder_linking_out_of_the_repository_is_never_read_or_written() {
    let (dir, secret) = outside();
    let ws = Workspace::shipped();
    // drafts/en is a link to the folder outside; the edition names `en`.
    symlink(dir.path(), ws.file("drafts/en")).unwrap();
    let meta = ws
        .read("drafts/report.yaml")
        .replace("languages: [fr]", "languages: [fr, en]");
    ws.write("drafts/report.yaml", meta);
    for args in [
        &["check"][..],
        &["check", "--fix"],
        &["build", "--lang", "en"],
    ] {
        let out = run(&ws, args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("drafts/en"), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("leaves the repository"),
            "{}",
            stderr(&out)
        );
        assert!(!stdout(&out).contains("never read"));
    }
    assert!(
        std::fs::read_to_string(&secret)
            .unwrap()
            .contains("Secret : never")
    );
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_section_linking_out_of_the_repository_is_a_finding_and_never_fixed() {
    let (_dir, secret) = outside();
    let ws = Workspace::shipped();
    symlink(&secret, ws.file("drafts/fr/98-leak.md")).unwrap();
    let out = run(&ws, &["check", "--fix", "--format", "json"]);
    let found = json_diagnostics(&out);
    let leak: Vec<_> = found
        .iter()
        .filter(|d| d["path"] == "drafts/fr/98-leak.md")
        .collect();
    assert_eq!(leak.len(), 1, "{found:#?}");
    assert_eq!(leak[0]["code"], "S001");
    assert!(
        leak[0]["message"]
            .as_str()
            .unwrap()
            .contains("leaves the repository")
    );
    // `Secret :` has a plain space before the colon: a fix that was never applied.
    assert!(
        std::fs::read_to_string(&secret)
            .unwrap()
            .contains("Secret : never")
    );
    assert!(
        std::fs::symlink_metadata(ws.file("drafts/fr/98-leak.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_folder_link_in_the_middle_of_a_path_is_resolved_too() {
    let (dir, _secret) = outside();
    let ws = Workspace::shipped();
    // drafts/fr/sub is a link out; drafts/fr/ itself is fine. The file is reached through
    // the link, a component that is not the last.
    symlink(dir.path(), ws.file("drafts/fr/sub")).unwrap();
    symlink("sub/secret.md", ws.file("drafts/fr/97-through.md")).unwrap();
    let out = run(&ws, &["check", "--format", "json"]);
    let found = json_diagnostics(&out);
    let through: Vec<_> = found
        .iter()
        .filter(|d| d["path"] == "drafts/fr/97-through.md")
        .collect();
    assert_eq!(through.len(), 1, "{found:#?}");
    assert_eq!(through[0]["code"], "S001");
    assert!(!stdout(&out).contains("never read"));
}

#[test]
fn check_refuses_paths_that_are_missing_or_outside() {
    let ws = Workspace::shipped();
    for (path, why) in [
        ("drafts/fr/typo.md", "no such file"),
        ("/etc/passwd", "not inside the repository"),
        ("drafts/fr/../../../etc/passwd", "not inside the repository"),
    ] {
        let out = run(&ws, &["check", path]);
        assert_eq!(code(&out), Some(2), "{path}");
        assert!(stderr(&out).contains(why), "{path}: {}", stderr(&out));
        assert!(!stdout(&out).contains("0 errors"), "{path}");
    }
    // A real file and a folder still work.
    let out = run(&ws, &["check", "drafts/fr/03-resilience.md"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let out = run(&ws, &["check", "drafts/fr"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
}

#[test]
fn import_never_writes_outside_the_repository() {
    let (dir, _secret) = outside();
    let ws = Workspace::shipped();
    ws.write("seed.txt", seed_text());
    let abs = dir.path().join("fr");
    let elsewhere = pathdiff(ws.path(), dir.path());
    for args in [
        vec!["import", "seed.txt", "--lang", abs.to_str().unwrap()],
        vec!["import", "seed.txt", "--lang", "fr", "--into", &elsewhere],
        vec!["import", "seed.txt", "--lang", "../fr"],
    ] {
        let out = run(&ws, &args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stderr(&out));
    }
    let created: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(created, ["secret.md"], "nothing written outside");
    assert!(temporaries(ws.path()).is_empty());
}

// 2. build -o never overwrites an input.

#[test]
fn build_output_never_replaces_an_input_git_or_a_special_file() {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    std::fs::create_dir(ws.file("out-folder")).unwrap();
    mkfifo(&ws.file("pipe.html"));
    symlink("drafts/fr/03-resilience.md", ws.file("link-to-draft.txt")).unwrap();
    let draft = ws.read("drafts/fr/03-resilience.md");
    let head = ws.read(".git/HEAD");
    let mut targets = vec![
        "drafts/fr/03-resilience.md",
        "drafts/fr/new.txt",
        "drafts/report.yaml",
        "schemas/domains.yaml",
        "templates/report.txt.j2",
        ".git/HEAD",
        "out-folder",
        "pipe.html",
        "link-to-draft.txt",
    ];
    if is_root() {
        targets.push("/dev/null");
    } else {
        eprintln!("notice: not root, `-o /dev/null` (replacing a device) not tried");
    }
    for target in targets {
        let out = run(&ws, &["build", "-o", target]);
        assert_eq!(code(&out), Some(2), "{target}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not written"),
            "{target}: {}",
            stderr(&out)
        );
    }
    assert_eq!(ws.read("drafts/fr/03-resilience.md"), draft);
    assert_eq!(ws.read(".git/HEAD"), head);
    assert!(!ws.file("drafts/fr/new.txt").exists());
    assert!(ws.file("out-folder").is_dir());
    assert!(
        std::fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device_like()
    );
    // Outside the repository is refused too (issue 21): a path given on the command line
    // of CI can come from a pull request. Inside, any new place is fine.
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("report.txt");
    let out = run(&ws, &["build", "-o", target.to_str().unwrap()]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("outside the repository"),
        "{}",
        stderr(&out)
    );
    assert!(!target.exists());
    let out = run(&ws, &["build", "-o", "report.txt"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let out = run(&ws, &["build", "-o", "dist/report.txt"]);
    assert_eq!(code(&out), Some(2), "a missing folder: {}", stderr(&out));
    std::fs::create_dir(ws.file("dist")).unwrap();
    let out = run(&ws, &["build", "-o", "dist/report.txt"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(ws.read("dist/report.txt").contains("Onzième"));
}

trait CharDeviceLike {
    fn is_char_device_like(&self) -> bool;
}

impl CharDeviceLike for std::fs::FileType {
    fn is_char_device_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_char_device()
    }
}

// 3. Only regular files, read with a bound.

#[test]
fn a_fifo_among_the_section_files_is_a_finding_for_every_command() {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    git(ws.path(), &["add", "-A"]);
    git(ws.path(), &["commit", "-qm", "shipped"]);
    mkfifo(&ws.file("drafts/fr/99-pipe.md"));
    let out = run(&ws, &["check", "--format", "json"]);
    assert_eq!(code(&out), Some(1));
    let found = json_diagnostics(&out);
    let pipe: Vec<_> = found
        .iter()
        .filter(|d| d["path"] == "drafts/fr/99-pipe.md")
        .collect();
    assert_eq!(pipe.len(), 1, "{found:#?}");
    assert_eq!(pipe[0]["code"], "S001");
    assert!(pipe[0]["message"].as_str().unwrap().contains("FIFO"));
    // Every other command gets past it without waiting for a writer.
    for args in [
        &["status"][..],
        &["diff", "HEAD"],
        &["build"],
        &["check", "--fix"],
        &["schema", "--check"],
    ] {
        let out = run(&ws, args);
        assert!(code(&out).is_some(), "{args:?}");
    }
}

#[test]
fn a_fifo_or_a_device_as_a_catalog_file_a_template_or_import_input_is_an_error() {
    let cases: [(&str, &[&str]); 4] = [
        ("schemas/domains.yaml", &["check"]),
        ("drafts/report.yaml", &["status"]),
        ("templates/report.txt.j2", &["build"]),
        ("input.txt", &["import", "input.txt", "--lang", "fr"]),
    ];
    for (file, args) in cases {
        let ws = Workspace::shipped();
        let _ = std::fs::remove_file(ws.file(file));
        mkfifo(&ws.file(file));
        let out = run(&ws, args);
        assert_eq!(code(&out), Some(2), "{file}: {}", stderr(&out));
        assert!(stderr(&out).contains("FIFO"), "{file}: {}", stderr(&out));
    }
    // schema --check reads the generated schemas: a FIFO there is stale, not a hang.
    let ws = Workspace::shipped();
    std::fs::remove_file(ws.file("schemas/section.schema.json")).unwrap();
    mkfifo(&ws.file("schemas/section.schema.json"));
    let out = run(&ws, &["schema", "--check"]);
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    let out = run(&ws, &["schema"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    if !is_root() {
        eprintln!("notice: not root, no device made: the device cases are skipped");
        return;
    }
    for (file, args) in cases {
        let ws = Workspace::shipped();
        let _ = std::fs::remove_file(ws.file(file));
        mknod_zero(&ws.file(file));
        let out = run(&ws, args);
        assert_eq!(code(&out), Some(2), "{file}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("a device"),
            "{file}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_device_or_a_link_to_dev_zero_among_the_sections_is_a_finding() {
    let ws = Workspace::shipped();
    symlink("/dev/zero", ws.file("drafts/fr/97-zero.md")).unwrap();
    let mut expected = vec!["drafts/fr/97-zero.md"];
    if is_root() {
        mknod_zero(&ws.file("drafts/fr/96-device.md"));
        expected.insert(0, "drafts/fr/96-device.md");
    } else {
        eprintln!("notice: not root, no device made in drafts/fr");
    }
    let out = run(&ws, &["check", "--format", "json"]);
    let found = json_diagnostics(&out);
    let s001: Vec<&str> = found
        .iter()
        .filter(|d| d["code"] == "S001")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(s001, expected, "{found:#?}");
}

#[test]
fn a_folder_named_like_a_section_is_a_finding() {
    let ws = Workspace::shipped();
    std::fs::create_dir(ws.file("drafts/fr/21-annex.md")).unwrap();
    let out = run(&ws, &["check", "--format", "json"]);
    let found = json_diagnostics(&out);
    let folder: Vec<_> = found
        .iter()
        .filter(|d| d["path"] == "drafts/fr/21-annex.md")
        .collect();
    assert_eq!(folder.len(), 1, "{found:#?}");
    assert_eq!(folder[0]["code"], "S001");
    assert!(folder[0]["message"].as_str().unwrap().contains("a folder"));
}

#[test]
fn a_huge_blob_in_git_is_refused_by_its_header() {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    // 20 MB that compress to nothing: the object is small, its content is not.
    let mut big = ws.read("drafts/fr/03-resilience.md");
    big.push_str(&"\n".repeat(20 * 1024 * 1024));
    ws.write("drafts/fr/03-resilience.md", &big);
    git(ws.path(), &["add", "-A"]);
    git(ws.path(), &["commit", "-qm", "huge"]);
    git(ws.path(), &["tag", "edition-10"]);
    let out = run(&ws, &["check", "--staged", "--format", "json"]);
    let found = json_diagnostics(&out);
    let huge: Vec<_> = found.iter().filter(|d| d["code"] == "S001").collect();
    assert_eq!(huge.len(), 1, "{found:#?}");
    assert!(huge[0]["message"].as_str().unwrap().contains("bytes"));
    let out = run(&ws, &["diff", "edition-10", "HEAD", "--format", "json"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
}

// 4. Unbounded work.

/// A long paragraph full of findings of every kind the rules look for.
fn hostile_paragraph(bytes: usize) -> String {
    let units = [
        "Le COPS : la résilience ; « points névralgiques » . ",
        "l'Agence européenne de défense (AED) et l'AED (Agence de défense) puis (PIB) ",
        "AED (sans fin et AED, encore ",
        "voir https://www.example.org/a:b;c www.www.www.x ",
        "1 234 567 et 12,5 % puis 2016 200 ",
        "ABC-DEF XYZ  doublé , fin ",
    ];
    let mut text = String::new();
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(units[i % units.len()]);
        i += 1;
    }
    text
}

#[test]
fn a_long_paragraph_with_many_findings_is_checked_and_rendered_in_bounded_time() {
    let ws = Workspace::shipped();
    let text = format!(
        "---\ndomain: resilience\nstatus: draft\n---\n{}\n",
        hostile_paragraph(200 * 1024)
    );
    ws.write("drafts/fr/03-resilience.md", &text);
    // Quadratic, this took minutes (100 KB: 11 s in a release build, in human format;
    // 200 KB of acronyms in parentheses: 50 s), and a debug build is ten times slower.
    // Linear, it takes a few seconds. (benches/hostile.rs measures a 1 MB paragraph.)
    for format in ["human", "sarif"] {
        let out = rapporteur_within(ws.path(), &["check", "--format", format], 120);
        assert_eq!(code(&out), Some(1), "{format}: {}", stderr(&out));
    }
    let out = rapporteur_within(ws.path(), &["build"], 120);
    assert_eq!(code(&out), Some(1), "the gate refuses, in bounded time");
}

#[test]
fn a_template_building_huge_values_is_stopped() {
    for template in [
        // Lazy list concatenation, copied whole past 32 levels without fuel.
        "{% set ns = namespace(l=[1]) %}{% for i in range(34) %}{% set ns.l = ns.l + ns.l %}{% endfor %}{{ ns.l|length }}\n",
        // A string doubled 34 times.
        "{% set ns = namespace(s='ab') %}{% for i in range(34) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}\n",
        // A map sharing one nested map, serialized.
        "{% set ns = namespace(m={'a': 1}) %}{% for i in range(40) %}{% set ns.m = {'a': ns.m, 'b': ns.m} %}{% endfor %}{{ ns.m|tojson|length }}\n",
    ] {
        let ws = Workspace::shipped();
        ws.write("templates/report.txt.j2", template);
        let out = run(&ws, &["build", "-o", "out.txt"]);
        assert_eq!(code(&out), Some(2), "{template}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("stopped") || err.contains("fuel") || err.contains("too large"),
            "{template}: {err}"
        );
        assert!(!ws.file("out.txt").exists());
    }
}

#[test]
fn a_diff_of_two_large_rewritten_editions_is_bounded_and_says_it_is_coarse() {
    let ws = Workspace::shipped();
    let old = ws.file("old");
    std::fs::create_dir(&old).unwrap();
    copy_shipped(&old);
    // Two editions of about 3 MB each whose paragraphs share their words but not
    // their order: every paragraph is a candidate for every other.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let words: Vec<String> = (0..400).map(|i| format!("mot{i}")).collect();
    let paragraph = |next: &mut dyn FnMut() -> u64| -> String {
        (0..60)
            .map(|_| words[(next() % 400) as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for root in [old.as_path(), ws.path()] {
        let body: Vec<String> = (0..6_000).map(|_| paragraph(&mut next)).collect();
        std::fs::write(
            root.join("drafts/fr/03-resilience.md"),
            format!(
                "---\ndomain: resilience\nstatus: draft\n---\n{}\n",
                body.join("\n\n")
            ),
        )
        .unwrap();
    }
    let out = rapporteur_within(ws.path(), &["diff", "old", ".", "--format", "json"], 120);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let diff: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diff["stats"]["coarse"], true, "{}", stderr(&out));
    assert!(stderr(&out).contains("differ too much"), "{}", stderr(&out));
}

// Issue 21, second hostile run. 1. One door for every output: inside the repository,
// through no link, never onto an input.

/// `rapporteur ARGS` refused with "not written", the refusal naming `why`.
fn assert_not_written(out: &std::process::Output, args: &[&str], why: &str) {
    assert_eq!(code(out), Some(2), "{args:?}: {}", stderr(out));
    assert!(
        stderr(out).contains("not written") && stderr(out).contains(why),
        "{args:?}: {}",
        stderr(out)
    );
}

#[test]
fn build_and_man_never_write_through_a_committed_link() {
    let (dir, secret) = outside();
    let secret_text = std::fs::read_to_string(&secret).unwrap();
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    let draft = ws.read("drafts/fr/03-resilience.md");
    // Links a pull request could commit: to a file out of the repository (`~/.bashrc`),
    // to a folder out of it, to an input, to git's configuration.
    symlink(&secret, ws.file("report.txt")).unwrap();
    symlink(dir.path(), ws.file("dist")).unwrap();
    symlink("drafts/fr/03-resilience.md", ws.file("report.md")).unwrap();
    std::fs::create_dir(ws.file("out")).unwrap();
    symlink("../.git/config", ws.file("out/report.html")).unwrap();
    symlink("../drafts", ws.file("out/drafts")).unwrap();
    for (args, why) in [
        (vec!["build", "-o", "report.txt"], "symlink"),
        (vec!["build", "-o", "dist/report.txt"], "symlink"),
        (
            vec!["build", "--format", "md", "-o", "report.md"],
            "symlink",
        ),
        (
            vec!["build", "--format", "html", "-o", "out/report.html"],
            "symlink",
        ),
        (vec!["build", "-o", "out/drafts/fr/x.txt"], "symlink"),
        (vec!["build", "-o", "out/../drafts/x.txt"], "drafts/"),
        (vec!["build", "-o", "src/x.txt"], "src/"),
        (vec!["man", "--out", "dist"], "symlink"),
        (vec!["man", "--out", "templates"], "templates/"),
    ] {
        let out = run(&ws, &args);
        assert_not_written(&out, &args, why);
    }
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), secret_text);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert_eq!(ws.read("drafts/fr/03-resilience.md"), draft);
    assert!(!ws.read(".git/config").contains("Onzième"));
    assert!(temporaries(ws.path()).is_empty());
}

#[test]
fn man_out_never_follows_a_page_link_nor_waits_on_a_fifo() {
    let (_dir, secret) = outside();
    let ws = Workspace::shipped();
    std::fs::create_dir(ws.file("man")).unwrap();
    symlink(&secret, ws.file("man/rapporteur.1")).unwrap();
    let out = run(&ws, &["man", "--out", "man"]);
    assert_not_written(&out, &["man"], "symlink");
    assert!(std::fs::read_to_string(&secret).unwrap().contains("Secret"));
    // A page linked to /dev/zero is neither read (5.6 GB in 8 s before) nor written.
    std::fs::remove_file(ws.file("man/rapporteur.1")).unwrap();
    symlink("/dev/zero", ws.file("man/rapporteur.1")).unwrap();
    let out = run(&ws, &["man", "--out", "man"]);
    assert_not_written(&out, &["man"], "symlink");
    // A FIFO in place of a page: refused at once, not waited on.
    std::fs::remove_file(ws.file("man/rapporteur.1")).unwrap();
    mkfifo(&ws.file("man/rapporteur.1"));
    let out = run(&ws, &["man", "--out", "man"]);
    assert_not_written(&out, &["man"], "FIFO");
    // A regular folder gets its pages.
    let out = run(&ws, &["man", "--out", "pages"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(ws.read("pages/rapporteur-check.1").contains("check"));
}

#[test]
fn schema_never_writes_through_a_link() {
    let ws = Workspace::shipped();
    let draft = ws.read("drafts/fr/03-resilience.md");
    std::fs::remove_file(ws.file("schemas/section.schema.json")).unwrap();
    symlink(
        "../drafts/fr/03-resilience.md",
        ws.file("schemas/section.schema.json"),
    )
    .unwrap();
    let out = run(&ws, &["schema"]);
    assert_not_written(&out, &["schema"], "symlink");
    assert_eq!(ws.read("drafts/fr/03-resilience.md"), draft);
}

#[test]
fn import_into_git_templates_schemas_or_src_is_refused() {
    let ws = Workspace::shipped();
    ws.write("seed.txt", seed_text());
    std::fs::create_dir_all(ws.file(".git")).unwrap();
    std::fs::create_dir_all(ws.file("src")).unwrap();
    for into in [
        ".git",
        "templates",
        "schemas",
        "src",
        "drafts/../.git",
        ".git/x",
    ] {
        let args = ["import", "seed.txt", "--lang", "fr", "--into", into];
        let out = run(&ws, &args);
        assert_not_written(&out, &args, "");
    }
    for folder in [".git", "templates", "schemas", "src"] {
        assert!(!ws.file(folder).join("fr").exists(), "{folder}/fr");
    }
    // Into drafts (or a folder of its own) still works.
    let out = run(
        &ws,
        &["import", "seed.txt", "--lang", "fr", "--into", "elsewhere"],
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(ws.file("elsewhere/fr/03-resilience.md").is_file());
}

#[test]
fn a_rewritten_input_linked_into_git_is_never_written() {
    // A section (or drafts/signoffs.yaml) that is a link to git's configuration: read as
    // a section, but `check --fix` and `sign-off` never write there.
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    let config = ws.read(".git/config");
    ws.write(
        ".git/x.md",
        "---\ndomain: space\nstatus: draft\n---\nL'OTAN a dit : oui .\n",
    );
    std::fs::remove_file(ws.file("drafts/fr/11-space.md")).unwrap();
    symlink("../../.git/x.md", ws.file("drafts/fr/11-space.md")).unwrap();
    let out = run(&ws, &["check", "--fix"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(".git"), "{}", stderr(&out));
    assert!(ws.read(".git/x.md").contains("oui ."));
    assert_eq!(ws.read(".git/config"), config);
}

#[test]
fn xliff_export_never_replaces_an_input_nor_leaves_the_repository() {
    let (dir, secret) = outside();
    let secret_text = std::fs::read_to_string(&secret).unwrap();
    let repo = bilingual::bilingual();
    let root = repo.path();
    let section = std::fs::read_to_string(root.join("drafts/fr/01-cyber.md")).unwrap();
    let config = std::fs::read_to_string(root.join(".git/config")).unwrap();
    symlink("drafts/fr/01-cyber.md", root.join("out.xlf")).unwrap();
    symlink(".git/config", root.join("config.xlf")).unwrap();
    symlink(&secret, root.join("home.xlf")).unwrap();
    symlink(dir.path(), root.join("linked")).unwrap();
    let abs = dir.path().join("fr.xlf");
    for (target, why) in [
        ("out.xlf", "symlink"),
        ("config.xlf", "symlink"),
        ("home.xlf", "symlink"),
        ("linked/fr.xlf", "symlink"),
        (abs.to_str().unwrap(), "outside the repository"),
        ("drafts/fr/01-cyber.md", "drafts/"),
        (".git/fr.xlf", ".git"),
        ("templates/fr.xlf", "templates/"),
    ] {
        let args = ["xliff", "export", "--lang", "fr", "-o", target];
        let out = rapporteur_within(root, &args, HANG);
        assert_not_written(&out, &args, why);
    }
    assert_eq!(
        std::fs::read_to_string(root.join("drafts/fr/01-cyber.md")).unwrap(),
        section
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".git/config")).unwrap(),
        config
    );
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), secret_text);
    assert!(!abs.exists());
    let out = rapporteur_within(
        root,
        &["xliff", "export", "--lang", "fr", "-o", "fr.xlf"],
        HANG,
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(root.join("fr.xlf"))
            .unwrap()
            .contains("<xliff")
    );
}

// 2. The git hook goes where git runs it, for this repository only.

/// `rapporteur ARGS` in `ws`, git isolated from the machine, with `global` as git's
/// global configuration file.
fn run_with_global(ws: &Workspace, global: &Path, args: &[&str]) -> std::process::Output {
    let mut command = rapporteur_command(ws.path(), args);
    isolate_git(&mut command);
    command.env("GIT_CONFIG_GLOBAL", global);
    output_within(command, HANG)
}

#[test]
fn hook_install_never_writes_a_shared_or_outside_hooks_folder() {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    let shared = tempfile::tempdir().unwrap();
    let global = shared.path().join("gitconfig");
    // A global core.hooksPath, as git sees it through GIT_CONFIG_GLOBAL (libgit2 does
    // not read that variable: the hook went to .git/hooks, where git never runs it).
    std::fs::write(
        &global,
        format!(
            "[core]\n\thooksPath = {}\n",
            shared.path().join("hooks").display()
        ),
    )
    .unwrap();
    for args in [&["hook", "install"][..], &["hook", "install", "--force"]] {
        let out = run_with_global(&ws, &global, args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stdout(&out));
        assert!(stderr(&out).contains("global"), "{}", stderr(&out));
    }
    assert!(!shared.path().join("hooks").exists());
    assert!(!ws.file(".git/hooks/pre-commit").exists());
    // A repository-local core.hooksPath out of the repository (/etc, or any folder).
    let empty = shared.path().join("empty");
    std::fs::write(&empty, "").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    git(
        ws.path(),
        &[
            "config",
            "core.hooksPath",
            elsewhere.path().to_str().unwrap(),
        ],
    );
    let out = run_with_global(&ws, &empty, &["hook", "install"]);
    assert_not_written(&out, &["hook", "install"], "outside the repository");
    git(ws.path(), &["config", "core.hooksPath", "/etc"]);
    let out = run_with_global(&ws, &empty, &["hook", "install"]);
    assert_not_written(&out, &["hook", "install"], "outside the repository");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    // .git/hooks as a link out of the repository is not followed.
    git(ws.path(), &["config", "--unset", "core.hooksPath"]);
    let hooks = ws.file(".git/hooks");
    if hooks.exists() {
        std::fs::remove_dir_all(&hooks).unwrap();
    }
    symlink(elsewhere.path(), &hooks).unwrap();
    let out = run_with_global(&ws, &empty, &["hook", "install"]);
    assert_not_written(&out, &["hook", "install"], "symlink");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    // A hooks folder of the repository's own is fine.
    std::fs::remove_file(&hooks).unwrap();
    git(ws.path(), &["config", "core.hooksPath", ".githooks"]);
    let out = run_with_global(&ws, &empty, &["hook", "install"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(ws.read(".githooks/pre-commit").contains("rapporteur-hook"));
}

#[test]
fn hook_backups_and_the_users_own_lines_are_never_lost() {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    let empty = ws.file(".git/empty-config");
    std::fs::write(&empty, "").unwrap();
    let hook = ".git/hooks/pre-commit";
    ws.write(hook, "#!/bin/sh\necho first hook of mine\n");
    let out = run_with_global(&ws, &empty, &["hook", "install", "--force"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    // Another tool puts its own hook back; a second --force keeps the first backup.
    ws.write(hook, "#!/bin/sh\necho second hook\n");
    let out = run_with_global(&ws, &empty, &["hook", "install", "--force"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(
        ws.read(".git/hooks/pre-commit.before-rapporteur"),
        "#!/bin/sh\necho first hook of mine\n"
    );
    assert_eq!(
        ws.read(".git/hooks/pre-commit.before-rapporteur.2"),
        "#!/bin/sh\necho second hook\n"
    );
    // The user adds a line to rapporteur's hook: uninstall (and install) keep it.
    let ours = ws.read(hook);
    let edited = ours.replacen("#!/bin/sh\n", "#!/bin/sh\nnpm test || exit 1\n", 1);
    ws.write(hook, &edited);
    for args in [&["hook", "uninstall"][..], &["hook", "install"]] {
        let out = run_with_global(&ws, &empty, args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stdout(&out));
        assert!(stderr(&out).contains("npm test"), "{}", stderr(&out));
        assert_eq!(ws.read(hook), edited);
    }
    // Untouched, it is removed.
    ws.write(hook, &ours);
    let out = run_with_global(&ws, &empty, &["hook", "uninstall"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(!ws.file(hook).exists());
}

// 3. Wrong answers.

#[test]
fn edition_next_killed_midway_changes_nothing_and_the_next_run_completes() {
    let ws = Workspace::shipped();
    let dir = ws.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Ada Drafter"]);
    git(dir, &["config", "user.email", "ada@example.org"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "the 11th edition"]);
    let report = ws.read("drafts/report.yaml");
    let mut command = rapporteur_command(dir, &["edition", "next"]);
    isolate_git(&mut command);
    let mut child = command
        .env("RAPPORTEUR_TEST_PAUSE_BEFORE_RENAME_MS", "200")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed (SIGKILL: no handler runs) once it has begun writing, a few files in.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(HANG);
    while temporaries(dir).is_empty() {
        assert!(std::time::Instant::now() < deadline, "no write began");
        assert!(
            child.try_wait().unwrap().is_none(),
            "it ended before writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(700));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(git(dir, &["tag", "-l"]), "", "no tag");
    assert_eq!(ws.read("drafts/report.yaml"), report);
    let changed: Vec<String> = git(dir, &["status", "--porcelain"])
        .lines()
        .filter(|l| !l.contains(".rapporteur-"))
        .map(str::to_string)
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
    // The temporary file the kill left does not stop the next run.
    assert!(!temporaries(dir).is_empty());
    let mut command = rapporteur_command(dir, &["edition", "next"]);
    isolate_git(&mut command);
    let out = output_within(command, HANG);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(git(dir, &["tag", "-l"]), "edition-11\n");
    assert!(ws.read("drafts/report.yaml").contains("number: 12"));
}

#[test]
fn previous_never_names_a_workspace_outside_the_repository() {
    let other = Workspace::shipped();
    git(other.path(), &["init", "-q"]);
    let marker = "Texte confidentiel d’un autre espace de travail.";
    let space = other.read("drafts/fr/11-space.md");
    other.write("drafts/fr/11-space.md", format!("{space}\n{marker}\n"));
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    let report = ws.read("drafts/report.yaml");
    let relative = pathdiff(ws.path(), other.path());
    for previous in [other.path().to_str().unwrap(), relative.as_str()] {
        ws.write(
            "drafts/report.yaml",
            report.replacen(
                "number: 11\n",
                &format!("number: 11\nprevious: {previous}\n"),
                1,
            ),
        );
        for args in [&["diff", "--format", "md"][..], &["status"], &["diff"]] {
            let out = run(&ws, args);
            assert!(
                !stdout(&out).contains("confidentiel") && !stderr(&out).contains("confidentiel"),
                "{previous} {args:?}: {}",
                stdout(&out)
            );
        }
        let out = run(&ws, &["diff"]);
        assert_eq!(code(&out), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("outside the repository")
                || stderr(&out).contains("no folder of the repository"),
            "{}",
            stderr(&out)
        );
        assert!(
            !other.file(".git/rapporteur").exists(),
            "no parse cache written into the other repository"
        );
    }
    // A folder inside the repository is still a previous edition.
    copy_shipped(&ws.file("archive/10"));
    ws.write(
        "drafts/report.yaml",
        report.replacen("number: 11\n", "number: 11\nprevious: archive/10\n", 1),
    );
    let out = run(&ws, &["diff"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
}

#[test]
fn check_fix_never_edits_front_matter_it_could_not_read() {
    let ws = Workspace::shipped();
    let space = ws.read("drafts/fr/11-space.md");
    let body = space.splitn(3, "---\n").nth(2).unwrap().to_string();
    let front = space.split("---\n").nth(1).unwrap().to_string();
    assert!(front.contains("domain: space"), "{front}");
    // The opening `---` forgotten; CR-only line endings (old Mac, some exports).
    let forgotten = format!("{front}---\n{body}");
    let cr_only = format!("---\n{front}---\n{body}").replace('\n', "\r");
    for broken in [forgotten, cr_only] {
        ws.write("drafts/fr/11-space.md", &broken);
        let out = run(&ws, &["check", "--fix"]);
        assert!(code(&out).is_some(), "{}", stderr(&out));
        let after = std::fs::read(ws.file("drafts/fr/11-space.md")).unwrap();
        assert_eq!(
            String::from_utf8(after).unwrap(),
            broken,
            "{}{}",
            stdout(&out),
            stderr(&out)
        );
    }
}

// 4. One bound on findings, in every format; a draft always assembles.

#[test]
fn two_hundred_thousand_findings_are_bounded_in_every_format_and_the_draft_assembles() {
    let ws = Workspace::shipped();
    // 700 KB, two findings every 7 bytes (a variant, a plain space before a comma).
    ws.write(
        "drafts/fr/03-resilience.md",
        format!(
            "---\ndomain: resilience\nstatus: draft\n---\n{}\n",
            "Kiev , ".repeat(100_000)
        ),
    );
    for (format, bound) in [
        ("json", 1_000_000),
        ("sarif", 2_000_000),
        ("human", 1_000_000),
    ] {
        let out = rapporteur_within(ws.path(), &["check", "--format", format], 120);
        assert_eq!(code(&out), Some(1), "{format}: {}", stderr(&out));
        assert!(
            out.stdout.len() < bound,
            "{format}: {} bytes",
            out.stdout.len()
        );
        // The rest is counted, in the format's own words.
        assert!(
            stdout(&out).contains("99900 more `T001` findings in this file"),
            "{format}"
        );
        if format == "human" {
            assert!(
                stdout(&out).contains("200002 errors"),
                "the summary counts them all"
            );
        }
    }
    // The draft promises to assemble: the open points are bounded too.
    for format in ["md", "html", "docx"] {
        let out = rapporteur_within(ws.path(), &["build", "--draft", "--format", format], 120);
        assert_eq!(code(&out), Some(0), "{format}: {}", stderr(&out));
        if format != "docx" {
            // The shipped edition is French: the draft counts in French.
            let text = stdout(&out);
            let at = text.find("encore 99900 constats").map(|i| &text[i..i + 80]);
            assert!(at.is_some_and(|t| t.contains("T001")), "{format}: {at:?}");
        }
        assert!(stderr(&out).len() < 1_000_000, "{format}: stderr bounded");
        assert!(
            out.stdout.len() < 5_000_000,
            "{format}: the annex is bounded"
        );
    }
}

// 5. Control characters and bidirectional overrides: a finding, and escaped wherever
// they would reach a terminal or a document.

/// Whether `text` holds a raw ESC, a bidirectional override or a line break in `what`.
fn has_raw_controls(text: &str) -> bool {
    text.contains(['\u{1b}', '\u{202e}', '\u{9b}'])
}

#[test]
fn escapes_in_the_catalog_and_issuers_are_findings_and_never_reach_an_output() {
    let ws = Workspace::shipped();
    let domains = ws.read("schemas/domains.yaml");
    ws.write(
        "schemas/domains.yaml",
        domains.replacen(
            "      fr: Espace\n",
            "      fr: \"Espace\\e[2J\\u202E\"\n",
            1,
        ),
    );
    let report = ws.read("drafts/report.yaml");
    ws.write(
        "drafts/report.yaml",
        report.replacen(
            "fr: [Union européenne,",
            "fr: [\"Union\\e]0;pwned\\a européenne\",",
            1,
        ),
    );
    let out = run(&ws, &["check", "--format", "json"]);
    let b003: Vec<String> = json_diagnostics(&out)
        .iter()
        .filter(|d| d["code"] == "B003")
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    assert!(
        b003.contains(&"schemas/domains.yaml".to_string()),
        "{b003:?}"
    );
    assert!(b003.contains(&"drafts/report.yaml".to_string()), "{b003:?}");
    for format in ["txt", "md", "html", "json"] {
        let out = run(&ws, &["build", "--draft", "--format", format]);
        assert_eq!(code(&out), Some(0), "{format}: {}", stderr(&out));
        assert!(!has_raw_controls(&stdout(&out)), "{format}");
        assert!(!has_raw_controls(&stderr(&out)), "{format}");
        assert!(!stdout(&out).contains('\u{7}'), "{format}");
    }
    let out = run(&ws, &["check"]);
    assert!(!has_raw_controls(&stdout(&out)), "{}", stdout(&out));
}

#[test]
fn a_forged_sign_off_name_is_refused_at_its_line() {
    let ws = Workspace::shipped();
    ws.write(
        "drafts/signoffs.yaml",
        "fr:\n  space:\n    by: \"Jeanne\\ncbrn      final   FAKE APPROVAL\"\n    date: 2026-03-02\n    edition: 11\n    commit: 0123456789abcdef0123456789abcdef01234567\n    fingerprint: 0123456789abcdef\n",
    );
    for args in [&["status"][..], &["check"]] {
        let out = run(&ws, args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stdout(&out));
        assert!(!stdout(&out).contains("FAKE APPROVAL"), "{}", stdout(&out));
        assert!(
            stderr(&out).contains("drafts/signoffs.yaml:3"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn section_text_controls_are_escaped_in_the_diff_and_hidden_words_reported() {
    let ws = Workspace::shipped();
    git(ws.path(), &["init", "-q"]);
    git(ws.path(), &["add", "-A"]);
    git(
        ws.path(),
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "11",
        ],
    );
    let space = ws.read("drafts/fr/11-space.md");
    ws.write(
        "drafts/fr/11-space.md",
        format!("{space}\nL’O\u{200b}TAN \u{1b}[2J a dit \u{202e}non\u{202c} hier.\n"),
    );
    for format in ["md", "html", "term"] {
        let out = run(&ws, &["diff", "HEAD", "--format", format]);
        assert_eq!(code(&out), Some(0), "{format}: {}", stderr(&out));
        assert!(
            !has_raw_controls(&stdout(&out)),
            "{format}: {}",
            stdout(&out)
        );
        assert!(
            stdout(&out).contains("\\u{1B}"),
            "{format}: {}",
            stdout(&out)
        );
    }
    let out = run(&ws, &["check", "--format", "json"]);
    let found = json_diagnostics(&out);
    let messages: Vec<&str> = found
        .iter()
        .filter(|d| d["path"] == "drafts/fr/11-space.md")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("zero width space")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("right-to-left override")),
        "{messages:?}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("`TAN`")),
        "O\\u{{200B}}TAN is not the word TAN: {messages:?}"
    );
}

#[test]
fn file_names_with_escapes_reach_the_draft_escaped() {
    let ws = Workspace::shipped();
    let space = ws.read("drafts/fr/11-space.md");
    ws.write("drafts/fr/12-x\u{1b}[2J\nFAKE.md", &space);
    for format in ["md", "txt", "html"] {
        let out = run(&ws, &["build", "--draft", "--format", format]);
        assert_eq!(code(&out), Some(0), "{format}: {}", stderr(&out));
        assert!(!has_raw_controls(&stdout(&out)), "{format}");
        assert!(!stdout(&out).contains("\nFAKE"), "{format}");
        assert!(stdout(&out).contains("\\nFAKE"), "{format}");
    }
    let out = run(&ws, &["check"]);
    assert!(!has_raw_controls(&stdout(&out)), "{}", stdout(&out));
}

// 6. The language server: the command line's bounds.

/// The peak resident memory of a running process, in bytes (Linux: VmHWM).
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kb * 1024
}

#[test]
fn the_language_server_holds_a_large_document_to_the_command_lines_bound() {
    let ws = Workspace::shipped();
    let mut client = lsp_support::Client::start(ws.path());
    client.initialize(ws.path(), &["utf-16"]);
    let path = ws.file("drafts/fr/03-resilience.md");
    let uri = lsp_support::uri(&path);
    let open = |client: &mut lsp_support::Client, text: String| {
        client.notify(
            "textDocument/didOpen",
            serde_json::json!({"textDocument": {
                "uri": uri, "languageId": "markdown", "version": 1, "text": text,
            }}),
        );
    };
    // Over 8 MiB: a finding, as `check` gives for such a file, not a silent acceptance.
    let head = "---\ndomain: resilience\nstatus: draft\n---\n";
    let big = format!(
        "{head}{}\n",
        "Les travaux continuent. ".repeat(9 * 1024 * 1024 / 24)
    );
    open(&mut client, big);
    let found = client.diagnostics_for(&uri);
    assert!(
        found
            .iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains("8 MiB")),
        "{found:?}"
    );
    // A message over the bound is answered with an error, and the server goes on.
    let huge = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"x\",\"params\":\"{}\"}}",
        "a".repeat(40 * 1024 * 1024)
    );
    client.send_raw(format!("Content-Length: {}\r\n\r\n{huge}", huge.len()).as_bytes());
    drop(huge);
    // Just under the bound: held in memory a few times over, not 15 times.
    let text = format!(
        "{head}{}\n",
        "Les travaux continuent. ".repeat(7 * 1024 * 1024 / 24)
    );
    let size = text.len() as u64;
    open(&mut client, text);
    let found = client.diagnostics_for(&uri);
    assert!(
        !found
            .iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains("8 MiB")),
        "{found:?}"
    );
    let peak = peak_memory(client.child.id());
    assert!(
        peak < 8 * size + 100 * 1024 * 1024,
        "peak {} MB for a document of {} MB",
        peak / 1_000_000,
        size / 1_000_000
    );
    assert!(client.shutdown().success());
}

#[test]
fn check_of_a_file_it_does_not_check_is_an_error_not_zero_errors() {
    let ws = Workspace::shipped();
    ws.write("README.md", "# Notre rapport\n");
    let space = ws.read("drafts/fr/11-space.md");
    ws.write("drafts/fr/11-space.markdown", &space);
    for path in [
        "README.md",
        "templates/report.txt.j2",
        "drafts/fr/11-space.markdown",
    ] {
        let out = run(&ws, &["check", path]);
        assert_eq!(code(&out), Some(2), "{path}: {}", stdout(&out));
        assert!(
            !stdout(&out).contains("checked"),
            "{path}: {}",
            stdout(&out)
        );
        assert!(
            stderr(&out).contains("not a file rapporteur checks")
                || stderr(&out).contains("section files end in `.md`"),
            "{path}: {}",
            stderr(&out)
        );
    }
    for path in [
        "drafts/fr/11-space.md",
        "drafts/report.yaml",
        "schemas/proposals.yaml",
        "drafts",
        ".",
    ] {
        let out = run(&ws, &["check", path]);
        assert!(
            matches!(code(&out), Some(0 | 1)),
            "{path}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_date_that_does_not_exist_is_refused_at_its_line_by_check_build_and_status() {
    let ws = Workspace::shipped();
    let report = ws.read("drafts/report.yaml");
    let broken = report.replacen("number: 11\n", "number: 11\ndate: 2026-02-30\n", 1);
    let line = broken.lines().position(|l| l.starts_with("date:")).unwrap() + 1;
    ws.write("drafts/report.yaml", &broken);
    for args in [&["check"][..], &["build"], &["status"]] {
        let out = run(&ws, args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stdout(&out));
        assert!(
            stderr(&out).contains(&format!("drafts/report.yaml:{line}:7")),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!stdout(&out).contains("février"), "{args:?}");
    }
    // status stops on a broken report.yaml as check does (here: a rule code that is none).
    ws.write(
        "drafts/report.yaml",
        report.replacen("number: 11\n", "number: 11\nrules:\n  X999: error\n", 1),
    );
    for args in [&["check"][..], &["status"]] {
        let out = run(&ws, args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stdout(&out));
    }
}

#[test]
fn an_xliff_unit_present_twice_is_refused_naming_both() {
    let repo = bilingual::bilingual();
    let dir = repo.path();
    let out = rapporteur_within(
        dir,
        &["xliff", "export", "--lang", "fr", "-o", "fr.xlf"],
        HANG,
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let xml = std::fs::read_to_string(dir.join("fr.xlf")).unwrap();
    let start = xml.find("<unit ").unwrap();
    let end = xml[start..].find("</unit>").unwrap() + start + "</unit>".len();
    let unit = &xml[start..end];
    let target_at = unit.find("<target>").unwrap() + "<target>".len();
    let other = format!(
        "{}Une autre traduction. {}",
        &unit[..target_at],
        &unit[target_at..]
    );
    // The same unit twice (same id), then a copy under another id with another target.
    let renamed = other.replacen("id=\"", "id=\"copy-", 1);
    for copy in [other.clone(), renamed] {
        let doubled = format!("{}\n{copy}{}", &xml[..end], &xml[end..]);
        std::fs::write(dir.join("twice.xlf"), doubled).unwrap();
        let out = rapporteur_within(dir, &["xliff", "import", "twice.xlf"], HANG);
        assert_eq!(code(&out), Some(2), "{}", stdout(&out));
        assert!(stderr(&out).contains("twice"), "{}", stderr(&out));
        // Both places are named: `twice.xlf:L:C` twice.
        assert!(
            stderr(&out).matches("twice.xlf:").count() >= 2,
            "{}",
            stderr(&out)
        );
    }
}

// 7. Parser errors in plain words.

#[test]
fn parser_errors_are_said_in_plain_words_and_values_cut_short() {
    let ws = Workspace::shipped();
    let report = ws.read("drafts/report.yaml");
    let domains = ws.read("schemas/domains.yaml");
    let internals = [
        "budget breached",
        "Nodes {",
        "Depth {",
        "from_str_multiple",
        "configured policy",
    ];
    let nested = format!("{}1{}", "[".repeat(70), "]".repeat(70));
    let many = format!("[{}1]", "1, ".repeat(260_000));
    let long = "x".repeat(100_000);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "schemas/domains.yaml",
            format!("{domains}extra: {many}\n"),
            "values, keys and list items",
        ),
        (
            "schemas/domains.yaml",
            format!("{domains}extra: {nested}\n"),
            "levels deep",
        ),
        (
            "drafts/report.yaml",
            format!("{report}---\nnumber: 12\n"),
            "more than one YAML document",
        ),
        (
            "drafts/report.yaml",
            report.replacen("number: 11", "number: .nan", 1),
            "",
        ),
        (
            "drafts/report.yaml",
            report.replacen("number: 11\n", &format!("number: 11\nsource: {long}\n"), 1),
            "",
        ),
    ];
    for (path, text, says) in cases {
        ws.write(path, &text);
        let out = run(&ws, &["check"]);
        let err = stderr(&out);
        assert_eq!(code(&out), Some(2), "{path}: {err}");
        for internal in internals {
            assert!(!err.contains(internal), "{path}: {err}");
        }
        assert!(err.contains(says), "{path}: {err}");
        assert!(err.len() < 2_000, "{path}: {} bytes of error", err.len());
        if says.contains("values") || says.contains("deep") {
            assert!(!err.contains("fix the YAML syntax"), "valid YAML: {err}");
        }
        ws.write("drafts/report.yaml", &report);
        ws.write("schemas/domains.yaml", &domains);
    }
    // A 100 KB value in a section's front matter: the finding quotes its start.
    let space = ws.read("drafts/fr/11-space.md");
    ws.write(
        "drafts/fr/11-space.md",
        space.replacen("domain: space", &format!("domain: {long}"), 1),
    );
    let out = run(&ws, &["check", "--format", "json"]);
    for d in json_diagnostics(&out) {
        assert!(
            d["message"].as_str().unwrap().len() < 2_000,
            "{}",
            d["message"]
        );
    }
}
