//! `cargo bench --bench build`: `rapporteur build --format html` on the shipped edition,
//! process start included, as a drafter or CI runs it. Prints min, median and mean of
//! repeated runs; the target is under 10 ms (see BENCHMARKS.md).

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
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
