//! `cargo bench --bench lsp`: the language server as an editor drives it. The real
//! `rapporteur lsp` in a copy of the shipped edition; a section is opened, then edited
//! keystroke by keystroke (a word typed, then deleted, over and over), and each
//! `didChange` is timed until the `publishDiagnostics` of that version comes back.
//! Prints the median, the 99th percentile and the maximum of the latencies, and the
//! server's resident memory along the way (targets: median < 10 ms, p99 < 30 ms, memory
//! flat over 10,000 edits; see BENCHMARKS.md).
//!
//! `BENCH_EDITS` sets the number of edits (default 10,000), `BENCH_SECTION` the section
//! (default drafts/fr/03-resilience.md, the longest).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn read(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "server closed"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.read();
            if wanted(&message) {
                return message;
            }
        }
    }

    /// Resident memory of the server, in KiB (Linux).
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

fn copy_dir(from: &Path, to: &Path) {
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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let edits: usize = std::env::var("BENCH_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let section =
        std::env::var("BENCH_SECTION").unwrap_or_else(|_| "drafts/fr/03-resilience.md".into());
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["drafts", "schemas", "templates"] {
        copy_dir(&repo.join(sub), &dir.path().join(sub));
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start rapporteur lsp");
    let mut server = Server {
        stdin: child.stdin.take().unwrap(),
        stdout: BufReader::new(child.stdout.take().unwrap()),
        child,
    };
    let root = format!("file://{}", dir.path().display());
    server.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": root, "capabilities": {}}}));
    server.wait_for(|m| m["id"] == 1);
    server.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let text = std::fs::read_to_string(dir.path().join(&section)).unwrap();
    let uri = format!("{root}/{section}");
    server.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    );
    let published = |uri: &str, version: i64| {
        let uri = uri.to_string();
        move |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        }
    };
    server.wait_for(published(&uri, 1));

    // Where the drafter types: the end of the first line of the body's first paragraph.
    let line = text.lines().position(|l| l == "---").unwrap() + 1;
    let line = (line..)
        .find(|&i| {
            text.lines()
                .nth(i)
                .is_some_and(|l| !l.trim().is_empty() && l != "---")
        })
        .unwrap();
    let column = text.lines().nth(line).unwrap().encode_utf16().count();
    let word = " Kiev";
    let mut latencies = Vec::with_capacity(edits);
    let mut memory = vec![(0, server.rss_kib())];
    for i in 0..edits {
        let version = i as i64 + 2;
        let change = if i % 2 == 0 {
            json!({"range": {"start": {"line": line, "character": column},
                "end": {"line": line, "character": column}}, "text": word})
        } else {
            json!({"range": {"start": {"line": line, "character": column},
                "end": {"line": line, "character": column + word.len()}}, "text": ""})
        };
        let started = Instant::now();
        server.send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}}),
        );
        let message = server.wait_for(published(&uri, version));
        latencies.push(started.elapsed());
        let found = message["params"]["diagnostics"].as_array().unwrap().len();
        assert_eq!(
            found,
            usize::from(i % 2 == 0),
            "T001 comes and goes: {message}"
        );
        if (i + 1) % (edits / 10).max(1) == 0 {
            memory.push((i + 1, server.rss_kib()));
        }
    }
    server.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    server.wait_for(|m| m["id"] == 2);
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = server.child.wait().unwrap();
    assert!(status.success());

    let mut sorted = latencies.clone();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    println!(
        "lsp didChange → publishDiagnostics, {section}, {edits} edits: median {:.2} ms, p99 {:.2} ms, max {:.2} ms, min {:.2} ms",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(sorted[sorted.len() - 1]),
        ms(sorted[0])
    );
    let first_half: Duration = latencies[..edits / 2].iter().sum();
    let second_half: Duration = latencies[edits / 2..].iter().sum();
    println!(
        "  mean of the first half {:.2} ms, of the second half {:.2} ms",
        ms(first_half) / (edits / 2) as f64,
        ms(second_half) / (edits - edits / 2) as f64
    );
    let rss: Vec<String> = memory
        .iter()
        .map(|(n, kib)| format!("{n}: {:.1} MB", *kib as f64 / 1024.0))
        .collect();
    println!("  resident memory after N edits: {}", rss.join(", "));
}
