//! `cargo bench --bench build`: `rapporteur build --format html` on the shipped edition,
//! process start included, as a drafter or CI runs it. Prints min, median and mean of
//! repeated runs; the target is under 10 ms (see BENCHMARKS.md). Then the PDF side by
//! side with the HTML (runs interleaved, so that both see the same load): the bar is 25×.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    for format in ["html", "txt", "json"] {
        let run = || {
            let status = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
                .args(["build", "--format", format])
                .current_dir(root)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("run rapporteur");
            assert!(status.success(), "build --format {format} failed");
        };
        for _ in 0..5 {
            run();
        }
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                run();
                started.elapsed()
            })
            .collect();
        times.sort();
        let mean = times.iter().sum::<Duration>() / runs as u32;
        println!(
            "build --format {format:<4}  runs {runs}  min {:>6.2} ms  median {:>6.2} ms  mean {:>6.2} ms",
            ms(times[0]),
            ms(times[runs / 2]),
            ms(mean)
        );
    }
    pdf_side_by_side(root);
}

/// `build --format pdf -o …` and `build --format html -o …`, one after the other,
/// `BENCH_PDF_RUNS` times (default 30): the medians and their ratio.
fn pdf_side_by_side(root: &str) {
    let runs: usize = std::env::var("BENCH_PDF_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    let out = tempfile::tempdir().expect("a temporary folder");
    let time = |format: &str| {
        let target = out.path().join(format!("report.{format}"));
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
            .args(["build", "--format", format, "-o"])
            .arg(&target)
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run rapporteur");
        assert!(status.success(), "build --format {format} failed");
        started.elapsed()
    };
    time("pdf");
    time("html");
    let (mut html, mut pdf): (Vec<Duration>, Vec<Duration>) =
        (0..runs).map(|_| (time("html"), time("pdf"))).unzip();
    html.sort();
    pdf.sort();
    let (html, pdf) = (html[runs / 2], pdf[runs / 2]);
    println!(
        "build --format pdf vs html, interleaved, runs {runs}  html median {:>6.2} ms  \
         pdf median {:>7.2} ms  ratio {:.1}x (bar 25x)",
        ms(html),
        ms(pdf),
        pdf.as_secs_f64() / html.as_secs_f64()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
