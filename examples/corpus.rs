//! The corpus benchmark: many editions checked at once (see BENCHMARKS.md).
//!
//! ```sh
//! cargo build --release --example corpus
//! target/release/examples/corpus generate /tmp/corpus 264   # from this repo's edition
//! target/release/examples/corpus check /tmp/corpus 2        # 2 threads
//! ```
//!
//! `generate` copies the shipped edition (drafts/ and schemas/ of the current folder's
//! workspace) into N edition folders with small variations, so that no two are
//! identical: the edition number, each section's status, and the order of each
//! section's paragraphs. `check` checks every edition with
//! `rapporteur::corpus::check_editions` and prints counts and the time taken (process
//! start and corpus listing excluded; run it under hyperfine and `/usr/bin/time -v`
//! for the whole-process figures).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rapporteur::check::Severity;
use rapporteur::corpus::{check_editions, find_editions};
use rapporteur::load::find_root;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", dir, rest @ ..] => generate(Path::new(dir), number(rest, 264)),
        ["check", dir, rest @ ..] => check(Path::new(dir), number(rest, 2)),
        _ => Err("usage: corpus generate DIR [EDITIONS=264] | corpus check DIR [THREADS=2]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpus: {e}");
            ExitCode::from(2)
        }
    }
}

fn number(rest: &[&str], default: usize) -> usize {
    rest.first().and_then(|n| n.parse().ok()).unwrap_or(default)
}

type Res = Result<(), Box<dyn std::error::Error>>;

fn generate(dir: &Path, editions: usize) -> Res {
    let root = find_root(&std::env::current_dir()?)?;
    let report = std::fs::read_to_string(root.join("drafts/report.yaml"))?;
    let languages = languages(&report);
    let mut words = 0;
    for i in 0..editions {
        let edition = dir.join(format!("edition-{i:03}"));
        copy_dir(&root.join("schemas"), &edition.join("schemas"))?;
        std::fs::create_dir_all(edition.join("drafts"))?;
        std::fs::write(
            edition.join("drafts/report.yaml"),
            report
                .lines()
                .map(|l| match l.starts_with("number:") {
                    true => format!("number: {}\n", i + 1),
                    false => format!("{l}\n"),
                })
                .collect::<String>(),
        )?;
        for lang in &languages {
            let from = root.join("drafts").join(lang);
            let to = edition.join("drafts").join(lang);
            std::fs::create_dir_all(&to)?;
            for entry in std::fs::read_dir(&from)? {
                let path = entry?.path();
                if path.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let text = vary(&std::fs::read_to_string(&path)?, i);
                words += text.split_whitespace().count();
                std::fs::write(to.join(path.file_name().ok_or("file name")?), text)?;
            }
        }
    }
    println!(
        "generated {editions} editions × {} language(s) in {}: {words} words",
        languages.len(),
        dir.display()
    );
    Ok(())
}

/// The `languages: [fr, en]` of a report.yaml, read plainly.
fn languages(report: &str) -> Vec<String> {
    report
        .lines()
        .find_map(|l| l.strip_prefix("languages:"))
        .map(|l| {
            l.trim()
                .trim_matches(|c| c == '[' || c == ']')
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The section with its status cycled and its paragraphs rotated by `i`.
fn vary(text: &str, i: usize) -> String {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text.to_string();
    };
    let Some(end) = rest.find("\n---\n") else {
        return text.to_string();
    };
    let status = ["draft", "review", "final"][i % 3];
    let front: String = rest[..end]
        .lines()
        .map(|l| {
            if l.starts_with("status:") {
                format!("status: {status}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let mut paragraphs: Vec<&str> = rest[end + 5..]
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if !paragraphs.is_empty() {
        let by = i % paragraphs.len();
        paragraphs.rotate_left(by);
    }
    format!("---\n{front}---\n{}\n", paragraphs.join("\n\n"))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

fn check(dir: &Path, threads: usize) -> Res {
    let roots: Vec<PathBuf> = find_editions(dir)?;
    let start = Instant::now();
    let (mut files, mut errors, mut warnings, mut infos, mut failed) = (0, 0, 0, 0, 0);
    check_editions(&roots, threads, |report| {
        files += report.files;
        match &report.diagnostics {
            Ok(diagnostics) => {
                for d in diagnostics {
                    match d.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                        Severity::Info => infos += 1,
                    }
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e}", report.root.display());
            }
        }
    });
    let elapsed = start.elapsed();
    println!(
        "checked {} editions ({files} files) on {threads} thread(s) in {:.1} ms: {errors} errors, {warnings} warnings, {infos} notes, {failed} failed",
        roots.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(())
}
