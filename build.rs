//! Records the commit rapporteur is built from, for `rapporteur --version`: an IT
//! department approving the tool, and a team reporting a problem, need to know exactly
//! which build they have.
//!
//! The commit comes from `RAPPORTEUR_COMMIT` when set (release workflows building in a
//! container without git, or from a source archive), else from git, else it is unknown.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=RAPPORTEUR_COMMIT");
    let from_env = std::env::var("RAPPORTEUR_COMMIT")
        .ok()
        .map(|c| c.trim().chars().take(12).collect::<String>())
        .filter(|c| !c.is_empty() && c.chars().all(|c| c.is_ascii_hexdigit()));
    let commit = from_env.map(|c| (c, None)).or_else(git_commit);
    let version = env!("CARGO_PKG_VERSION");
    let long = match commit {
        Some((commit, Some(date))) => format!("{version} (commit {commit}, {date})"),
        Some((commit, None)) => format!("{version} (commit {commit})"),
        None => format!("{version} (commit unknown)"),
    };
    println!("cargo:rustc-env=RAPPORTEUR_LONG_VERSION={long}");
}

/// The short hash and date of HEAD, and a rerun whenever HEAD moves.
fn git_commit() -> Option<(String, Option<String>)> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&manifest)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    // Only a checkout of rapporteur itself: a source archive unpacked inside another
    // repository must not take that repository's commit.
    let top = git(&["rev-parse", "--show-toplevel"])?;
    if Path::new(&top) != Path::new(&manifest) {
        return None;
    }
    // Rerun when HEAD moves: HEAD itself (a checkout), the branch it points to (a commit),
    // and packed refs. Only files that exist: a missing one would rerun every build.
    let git_dir = git(&["rev-parse", "--absolute-git-dir"])?;
    let common = git(&["rev-parse", "--git-common-dir"]).map(|d| Path::new(&manifest).join(d));
    let mut watched = vec![Path::new(&git_dir).join("HEAD")];
    if let (Some(common), Some(branch)) = (&common, git(&["symbolic-ref", "-q", "HEAD"])) {
        watched.push(common.join(branch));
        watched.push(common.join("packed-refs"));
    }
    for path in watched.iter().filter(|p| p.is_file()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
    let date = git(&["log", "-1", "--format=%cs", "HEAD"]);
    Some((commit, date))
}
