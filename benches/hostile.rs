//! `cargo bench --bench hostile`: the inputs that were quadratic (issue 9), measured in
//! the library, on a copy of the shipped edition in a temporary folder.
//!
//! - one 1 MB paragraph full of findings (typography, acronyms and their expansions,
//!   URLs, numbers, capitals, past ordinals and dates after the period): loaded and checked, then one round of `--fix` in memory;
//! - the same paragraph's findings turned into columns and rendered as JSON;
//! - the diff of two 20 MB editions whose paragraphs were all rewritten.
//!
//! Prints the best of a few runs (BENCH_RUNS, default 5). Before the fixes: a 100 KB
//! paragraph took 11 s, 400 KB more than 2 minutes; the diff 56 s.

use std::path::Path;
use std::time::{Duration, Instant};

use rapporteur::check::check_edition;
use rapporteur::check::fix::fix_round;
use rapporteur::diff::{Options, diff_editions};
use rapporteur::load::{WorkTree, load_edition};

/// A long paragraph made of the kinds of text the rules look hardest at.
fn hostile_paragraph(bytes: usize) -> String {
    let units = [
        "Le COPS : la résilience ; « points névralgiques » . ",
        "l'Agence européenne de défense (AED) et l'AED (Agence de défense) puis (PIB) ",
        "AED (sans fin et AED, encore ",
        "voir https://www.example.org/a:b;c www.www.www.x ",
        "1 234 567 et 12,5 % puis 2016 200 ",
        "ABC-DEF XYZ  doublé , fin ",
        "le dixième rapport d'une série, en juillet 2027 et entre juin 2024 et mai 2025 ",
    ];
    let mut text = String::with_capacity(bytes + 128);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(units[i % units.len()]);
        i += 1;
    }
    text
}

/// A copy of the shipped workspace (drafts/, schemas/) in `to`.
fn copy_shipped(to: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["drafts/fr", "schemas"] {
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), to.join(sub).join(entry.file_name())).unwrap();
            }
        }
    }
    std::fs::copy(
        root.join("drafts/report.yaml"),
        to.join("drafts/report.yaml"),
    )
    .unwrap();
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = None;
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let out = f();
        let took = started.elapsed();
        best = Some(best.map_or(took, |b: Duration| b.min(took)));
        last = Some(out);
    }
    (best.unwrap(), last.unwrap())
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);

    // One 1 MB paragraph.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    copy_shipped(&root);
    let paragraph = hostile_paragraph(1024 * 1024);
    std::fs::write(
        root.join("drafts/fr/03-resilience.md"),
        format!("---\ndomain: resilience\nstatus: draft\n---\n{paragraph}\n"),
    )
    .unwrap();
    let tree = WorkTree::new(&root);
    let (took, (edition, diagnostics)) = best(runs, || {
        let edition = load_edition(&tree).unwrap();
        let diagnostics = check_edition(&edition);
        (edition, diagnostics)
    });
    println!(
        "check, one 1 MB paragraph: {:>7.1} ms  ({} findings; load included)",
        took.as_secs_f64() * 1000.0,
        diagnostics.len()
    );
    let (took, changed) = best(runs, || fix_round(&edition, &diagnostics, |_| true));
    println!(
        "--fix, one round in memory: {:>6.1} ms  ({} fixes)",
        took.as_secs_f64() * 1000.0,
        changed.iter().map(|(_, _, n)| n).sum::<usize>()
    );
    let (took, bytes) = best(runs, || serde_json::to_vec(&diagnostics).unwrap().len());
    println!(
        "JSON of those findings:     {:>6.1} ms  ({} MB)",
        took.as_secs_f64() * 1000.0,
        bytes / 1_000_000
    );

    // Two 20 MB editions, every paragraph rewritten.
    let old_dir = tempfile::tempdir().unwrap();
    let new_dir = tempfile::tempdir().unwrap();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let vocabulary: Vec<String> = (0..3000).map(|i| format!("mot{i:x}")).collect();
    for side in [old_dir.path(), new_dir.path()] {
        copy_shipped(side);
        for name in ["03-resilience.md", "08-cyber.md", "11-space.md"] {
            let path = side.join("drafts/fr").join(name);
            let front_end = {
                let text = std::fs::read_to_string(&path).unwrap();
                text[..text[4..].find("\n---\n").unwrap() + 9].to_string()
            };
            let mut body = String::with_capacity(7_000_000);
            while body.len() < 6_700_000 {
                for _ in 0..60 {
                    body.push_str(&vocabulary[(next() % 3000) as usize]);
                    body.push(' ');
                }
                body.push_str(".\n\n");
            }
            std::fs::write(&path, format!("{front_end}{body}")).unwrap();
        }
    }
    let old = load_edition(&WorkTree::new(old_dir.path().canonicalize().unwrap())).unwrap();
    let new = load_edition(&WorkTree::new(new_dir.path().canonicalize().unwrap())).unwrap();
    let (took, diff) = best(runs.min(3), || {
        diff_editions(&old, &new, "old", "new", &Options::default())
    });
    println!(
        "diff, two 20 MB editions rewritten: {:>6.0} ms  ({} + {} words; coarse: {})",
        took.as_secs_f64() * 1000.0,
        diff.stats.words_before,
        diff.stats.words_after,
        diff.stats.coarse
    );
}
