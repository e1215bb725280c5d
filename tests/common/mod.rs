//! Shared helpers for the integration tests: a scratch copy of this repository's
//! workspace (drafts/, schemas/, templates/) in a temporary folder, the real binary, and
//! git run with no global or system configuration.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository this test suite belongs to.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The 11th report as published (French), kept in the test fixtures.
pub fn seed_text() -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures/11-fr.txt")).expect("seed fixture")
}

/// A temporary copy of the shipped workspace.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn shipped() -> Self {
        Self::shipped_with_prefix(".tmp")
    }

    /// A copy of the shipped workspace in a temporary folder whose name starts with
    /// `prefix`.
    pub fn shipped_with_prefix(prefix: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .expect("tempdir");
        copy_shipped(dir.path());
        Workspace { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// Runs `rapporteur ARGS` in the workspace.
    pub fn run(&self, args: &[&str]) -> Output {
        rapporteur(self.path(), args)
    }
}

/// The real binary in `dir`, without colours.
pub fn rapporteur_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    command
}

/// Runs the real binary in `dir`.
pub fn rapporteur(dir: &Path, args: &[&str]) -> Output {
    rapporteur_command(dir, args)
        .output()
        .expect("run rapporteur")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Copies the shipped workspace (drafts/, schemas/, templates/) into `to`.
pub fn copy_shipped(to: &Path) {
    for sub in ["drafts", "schemas", "templates"] {
        copy_dir(&repo_root().join(sub), &to.join(sub));
    }
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The path of an external tool on PATH, if it is installed.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The tool, or `None` with a printed notice when it is absent outside CI. In CI (the
/// variable `CI` set) an absent tool fails the test: CI installs it.
pub fn tool(name: &str, install: &str) -> Option<PathBuf> {
    required(name, install, which(name))
}

/// The Chromium the tests use to look at HTML pages (screenshots, what a reader sees),
/// found on PATH as `chromium` (or `chromium-browser`, `google-chrome`); `None` with a
/// notice, or a failure in CI, as [`tool`]. rapporteur itself never runs a browser.
pub fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find_map(which);
    required("chromium", "apt-get install -y chromium", found)
}

/// `chromium` headless with a fresh profile in `profile`, offline and set for servers
/// and containers (no sandbox as root, no GPU); the caller adds what to do and the page.
pub fn headless_chromium(chromium: &Path, profile: &Path) -> Command {
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// `html` (a self-contained page) printed to PDF by `chromium`, as a reader would print
/// it; stopped after 120 s.
pub fn print_with_chromium(chromium: &Path, html: &str) -> Vec<u8> {
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("page.html");
    let pdf = work.path().join("page.pdf");
    std::fs::write(&page, html).unwrap();
    let browser = headless_chromium(chromium, &work.path().join("profile"));
    let out = Command::new("timeout")
        .arg("120")
        .arg(browser.get_program())
        .args(browser.get_args())
        .args(["--disable-extensions", "--no-pdf-header-footer"])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&page)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium failed to print: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&pdf).unwrap()
}

fn required(name: &str, install: &str, found: Option<PathBuf>) -> Option<PathBuf> {
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("`{name}` is required in CI: {install}");
        }
        eprintln!("notice: `{name}` not installed, test skipped ({install})");
    }
    found
}

/// Who commits in the tests' git repositories.
pub struct Author {
    pub name: &'static str,
    pub email: &'static str,
}

pub const TEST_AUTHOR: Author = Author {
    name: "Rapporteur Test",
    email: "test@example.org",
};

/// `git ARGS` in `dir` as `author`, isolated from the machine's configuration (no
/// global or system config, no signing, no line-ending conversion).
pub fn git_command_as(author: &Author, dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-c")
        .arg(format!("user.name={}", author.name))
        .arg("-c")
        .arg(format!("user.email={}", author.email))
        .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
        .args(args)
        .current_dir(dir);
    isolate_git(&mut command);
    command
}

/// `git ARGS` in `dir` as the test author.
pub fn git_command(dir: &Path, args: &[&str]) -> Command {
    git_command_as(&TEST_AUTHOR, dir, args)
}

/// Runs `git ARGS` in `dir` as `author`; panics, with its output, when it fails.
/// Returns its standard output.
pub fn git_as(author: &Author, dir: &Path, args: &[&str]) -> String {
    let out = git_command_as(author, dir, args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `git ARGS` in `dir` as the test author; panics when it fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    git_as(&TEST_AUTHOR, dir, args)
}

/// No inherited git state or configuration: the tests may themselves run inside a git
/// hook, on a machine with any global config.
pub fn isolate_git(command: &mut Command) {
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_PREFIX",
    ] {
        command.env_remove(var);
    }
    command
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0");
}

/// The `diagnostics` of a `--format json` run; panics, with the run's output, when its
/// standard output is not that JSON.
pub fn json_diagnostics(out: &Output) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(out), stderr(out)));
    json["diagnostics"].as_array().expect("diagnostics").clone()
}

/// The seed's paragraphs as a reader sees them: non-empty lines, with the four
/// paragraphs that page breaks cut in two joined again.
pub fn seed_paragraphs() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in seed_text().lines().filter(|l| !l.trim().is_empty()) {
        let cut = out.last().is_some_and(|prev: &String| {
            !prev.ends_with(['.', '!', '?', ':', ';', '»', ')'])
                && line.chars().next().is_some_and(char::is_lowercase)
        });
        if cut {
            let prev = out.last_mut().unwrap();
            prev.push(' ');
            prev.push_str(line);
        } else {
            out.push(line.to_string());
        }
    }
    out
}

/// Non-empty lines of a text.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Runs a command that could hang (a FIFO, a runaway template) and kills it after
/// `seconds`: the test then fails instead of hanging the suite. Returns its output.
pub fn output_within(mut command: Command, seconds: u64) -> Output {
    use std::io::Read;
    let mut child = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read the pipes on threads, so that a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {seconds} s: killed");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out.join().expect("stdout thread"),
        stderr: err.join().expect("stderr thread"),
    }
}

/// `rapporteur ARGS` in `dir`, killed (and the test failed) after `seconds`.
pub fn rapporteur_within(dir: &Path, args: &[&str], seconds: u64) -> Output {
    output_within(rapporteur_command(dir, args), seconds)
}

/// Makes a FIFO (named pipe) at `path`.
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().expect("UTF-8 path")).expect("no NUL");
    // SAFETY: a valid NUL-terminated path.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(rc, 0, "mkfifo {}", path.display());
}

/// Whether the tests run as root (devices can be made, permissions do not bind).
#[cfg(unix)]
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Makes a character device like /dev/zero at `path` (root only).
#[cfg(unix)]
pub fn mknod_zero(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().expect("UTF-8 path")).expect("no NUL");
    // /dev/zero is character device 1:5 on Linux.
    // SAFETY: a valid NUL-terminated path.
    let rc = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o644, libc::makedev(1, 5)) };
    assert_eq!(rc, 0, "mknod {}", path.display());
}

/// Every file under `dir` whose name is one of rapporteur's temporary files.
pub fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if entry
                .file_name()
                .to_str()
                .is_some_and(rapporteur::write::is_temporary)
            {
                found.push(path);
            }
        }
    }
    found
}
