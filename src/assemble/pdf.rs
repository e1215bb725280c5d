//! `build --format pdf`: the HTML document printed by headless Chromium, offline.
//!
//! Chromium is not a dependency of the crate: it is found on `PATH` as `chromium` (or
//! named by `RAPPORTEUR_CHROMIUM`) and run with a fresh profile, no network and no
//! header or footer. Its PDF carries the print time in `/CreationDate` and `/ModDate`;
//! those are overwritten (same length, so the cross-reference offsets stay valid) with
//! `SOURCE_DATE_EPOCH` or 1970-01-01, so the same commit gives the same bytes on the
//! same Chromium and fonts. See `docs/pdf.md` for why Chromium rather than typst.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::lang::{compact_datetime, source_epoch};

/// How long Chromium may take to print (it takes about 2 s here).
const TIMEOUT: Duration = Duration::from_secs(120);

/// The Chromium to run: `RAPPORTEUR_CHROMIUM` if set, else [`chromium_on_path`].
pub fn find_chromium() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("RAPPORTEUR_CHROMIUM").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    chromium_on_path().ok_or_else(|| {
        Error::Usage(
            "the PDF is printed by headless Chromium, and no `chromium` was found on PATH\n  \
             help: install it (Debian: `apt-get install chromium`) or set RAPPORTEUR_CHROMIUM \
             to the browser's path"
                .into(),
        )
    })
}

/// The first of the usual names of Chromium found on `PATH`, if any.
pub fn chromium_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .into_iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|candidate| candidate.is_file())
}

/// `chromium` headless, with a fresh profile in `profile`, set for the machines it runs
/// on; the caller adds what to do (print, screenshot) and the page.
///
/// - Offline machines (build servers, CI): `--disable-quic`, `--no-first-run`,
///   `--disable-background-networking`, `--disable-component-update` and
///   `--disable-sync` keep it from fetching anything or waiting on the network, and
///   the empty `--user-data-dir` keeps it from reading or leaving a user's profile.
/// - Root (containers): Chromium refuses to start as root with its sandbox, hence
///   `--no-sandbox`; the page it opens is our own document.
/// - No GPU (servers, containers): `--disable-gpu` renders in software rather than
///   failing or warning about a missing GPU.
pub fn headless_chromium(chromium: &Path, profile: &Path) -> Command {
    let mut user_data_dir = OsString::from("--user-data-dir=");
    user_data_dir.push(profile);
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
        .arg(user_data_dir);
    command
}

/// Prints `html` (a self-contained page) to PDF with `chromium`.
pub fn print_pdf(chromium: &Path, html: &str) -> Result<Vec<u8>> {
    let work = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let page = work.path().join("report.html");
    let pdf = work.path().join("report.pdf");
    let profile = work.path().join("profile");
    std::fs::write(&page, html).map_err(|e| Error::io(&page, e))?;
    let flag = |name: &str, value: &Path| {
        let mut arg = OsString::from(name);
        arg.push(value);
        arg
    };
    let mut child = headless_chromium(chromium, &profile)
        .args([
            "--disable-extensions",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
        ])
        .arg(flag("--print-to-pdf=", &pdf))
        .arg(&page)
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Error::Usage(format!(
                "cannot run Chromium `{}` to print the PDF: {e}\n  help: install it \
                 (Debian: `apt-get install chromium`) or set RAPPORTEUR_CHROMIUM",
                chromium.display()
            ))
        })?;
    let stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stderr {
            let _ = std::io::Read::read_to_string(&mut s, &mut text);
        }
        text
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| Error::io(chromium, e))? {
            Some(status) => break status,
            None if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::Usage(format!(
                    "Chromium `{}` did not print the PDF within {} s",
                    chromium.display(),
                    TIMEOUT.as_secs()
                )));
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let log = reader.join().unwrap_or_default();
    let bytes = match std::fs::read(&pdf) {
        Ok(bytes) if status.success() && bytes.starts_with(b"%PDF") => bytes,
        _ => {
            return Err(Error::Usage(format!(
                "Chromium `{}` failed to print the PDF ({status}):\n{}",
                chromium.display(),
                log.trim()
            )));
        }
    };
    Ok(with_fixed_dates(bytes, source_epoch()?.unwrap_or(0)))
}

/// Overwrites the `/CreationDate` and `/ModDate` strings with the time `seconds` (UTC),
/// keeping their length.
fn with_fixed_dates(mut pdf: Vec<u8>, seconds: i64) -> Vec<u8> {
    let date = format!("D:{}+00'00'", compact_datetime(seconds));
    for key in [&b"/CreationDate ("[..], &b"/ModDate ("[..]] {
        let mut from = 0;
        while let Some(at) = find(&pdf[from..], key) {
            let start = from + at + key.len();
            let Some(len) = pdf[start..].iter().position(|&b| b == b')') else {
                break;
            };
            if len == date.len() {
                pdf[start..start + len].copy_from_slice(date.as_bytes());
            }
            from = start + len;
        }
    }
    pdf
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::with_fixed_dates;

    #[test]
    fn dates_are_fixed_in_place() {
        let pdf =
            b"%PDF<</CreationDate (D:20261127021503+00'00')\n/ModDate (D:20261127021503+00'00')>>"
                .to_vec();
        let fixed = with_fixed_dates(pdf.clone(), 0);
        assert_eq!(fixed.len(), pdf.len());
        assert_eq!(
            String::from_utf8(fixed).unwrap(),
            "%PDF<</CreationDate (D:19700101000000+00'00')\n/ModDate (D:19700101000000+00'00')>>"
        );
    }
}
