//! `build --format pdf`: the HTML document printed by headless Chromium, offline.
//!
//! Chromium is not a dependency of the crate: it is found on `PATH` as `chromium` (or
//! named by `RAPPORTEUR_CHROMIUM`) and run with a fresh profile, no network and no
//! header or footer. Its PDF carries the print time in `/CreationDate` and `/ModDate`;
//! those are overwritten (same length, so the cross-reference offsets stay valid) with
//! `SOURCE_DATE_EPOCH` or 1970-01-01, so the same commit gives the same bytes on the
//! same Chromium and fonts. See `docs/pdf.md` for why Chromium rather than typst.
//!
//! Chromium does not resolve CSS `target-counter()`, so the contents get their page
//! numbers from a first print: the PDF's named destinations (one per link target, which
//! Chromium writes) say on which page each heading landed; the page is rendered again
//! with those numbers and printed a second time. The numbers sit in boxes of a fixed
//! width, so the second print has the layout of the first.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use std::collections::BTreeMap;

use super::ReportModel;
use super::templates::{render_for_print, template_name};
use crate::error::{Error, Result};
use crate::lang::{compact_datetime, source_epoch};

/// Prints at most this many times: the first print finds the pages, the second shows
/// them; a third runs only if numbers moved a heading (they should not: fixed widths).
const MAX_PRINTS: usize = 3;

/// The report as a PDF: `templates/report.html.j2` printed by `chromium`, with the
/// page of every heading in the contents (see the module's header).
pub fn print_report(chromium: &Path, templates_dir: &Path, model: &ReportModel) -> Result<Vec<u8>> {
    let name = template_name("html");
    let mut pages = BTreeMap::new();
    let mut html = render_for_print(templates_dir, &name, model, &pages)?;
    let mut pdf = print_pdf(chromium, &html)?;
    for _ in 1..MAX_PRINTS {
        let found = page_numbers(&pdf)?;
        if found == pages {
            break;
        }
        pages = found;
        let next = render_for_print(templates_dir, &name, model, &pages)?;
        if next == html {
            break;
        }
        html = next;
        pdf = print_pdf(chromium, &html)?;
    }
    Ok(pdf)
}

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
    let bytes = with_fixed_dates(bytes, source_epoch()?.unwrap_or(0));
    Ok(with_ranked_node_ids(bytes))
}

/// Chromium names the elements of the tagged PDF's structure tree by an internal node
/// number (`/ID (node00000265)`, and the same names in the `/IDTree`). Those numbers are
/// handed out as the browser needs them, and on a loaded machine one print handed out
/// one more than another: the same page, with every later name shifted by one. Each
/// name is replaced by its rank among the names of the document, written with as many
/// digits, so the bytes no longer depend on it; the order, which the `/IDTree` relies on,
/// and every length (hence the cross-reference offsets) are kept.
fn with_ranked_node_ids(mut pdf: Vec<u8>) -> Vec<u8> {
    const PREFIX: &[u8] = b"(node";
    let digits_at = |pdf: &[u8], at: usize| -> Option<(usize, u64)> {
        let start = at + PREFIX.len();
        let len = pdf[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if len == 0 || pdf.get(start + len) != Some(&b')') {
            return None;
        }
        let n = std::str::from_utf8(&pdf[start..start + len])
            .ok()?
            .parse()
            .ok()?;
        Some((len, n))
    };
    let mut places = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&pdf[from..], PREFIX) {
        let at = from + at;
        if let Some((len, n)) = digits_at(&pdf, at) {
            places.push((at + PREFIX.len(), len, n));
        }
        from = at + PREFIX.len();
    }
    let mut numbers: Vec<u64> = places.iter().map(|&(_, _, n)| n).collect();
    numbers.sort_unstable();
    numbers.dedup();
    for (start, len, n) in places {
        let rank = numbers.partition_point(|&m| m < n) + 1;
        let text = format!("{rank:0len$}");
        if text.len() == len {
            pdf[start..start + len].copy_from_slice(text.as_bytes());
        }
    }
    pdf
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

/// The page (1 = first) of each named destination of a PDF as Chromium writes it: for
/// every element that a link of the page points to, its id. Reads the cross-reference
/// table, the catalog's `/Pages` tree and its `/Dests` dictionary; a PDF without named
/// destinations gives an empty map.
pub fn page_numbers(pdf: &[u8]) -> Result<BTreeMap<String, u32>> {
    let doc = PdfObjects::read(pdf).ok_or_else(unreadable)?;
    let catalog = doc.trailer_root().ok_or_else(unreadable)?;
    let mut pages = Vec::new();
    let root = reference(catalog, b"/Pages").ok_or_else(unreadable)?;
    doc.collect_pages(root, &mut pages, 0)
        .ok_or_else(unreadable)?;
    let mut out = BTreeMap::new();
    let dests = match reference(catalog, b"/Dests") {
        Some(n) => doc.object(n).ok_or_else(unreadable)?,
        None => return Ok(out),
    };
    let body = dictionary_body(dests).ok_or_else(unreadable)?;
    let mut i = 0;
    while let Some(at) = body[i..].iter().position(|&b| b == b'/') {
        let start = i + at + 1;
        let end = start
            + body[start..]
                .iter()
                .position(|&b| is_delimiter(b))
                .unwrap_or(body.len() - start);
        let name = decode_name(&body[start..end]);
        // The value: `[N 0 R /XYZ …]`, or `<</D [N 0 R …]>>`.
        let rest = &body[end..];
        let open = rest.iter().position(|&b| b == b'[').unwrap_or(rest.len());
        let close = rest.iter().position(|&b| b == b']').unwrap_or(rest.len());
        if open >= close {
            break;
        }
        if let Some(page) = leading_reference(&rest[open + 1..close])
            .and_then(|n| pages.iter().position(|&p| p == n))
        {
            out.insert(name, u32::try_from(page + 1).unwrap_or(u32::MAX));
        }
        i = end + close + 1;
    }
    Ok(out)
}

fn unreadable() -> Error {
    Error::Usage(
        "cannot read the page numbers back from the PDF Chromium printed (an unexpected PDF \
         structure); please report it with the Chromium version"
            .into(),
    )
}

/// The objects of a PDF without object streams, found through its cross-reference table
/// (or, without one, by the `N 0 obj` lines).
struct PdfObjects<'a> {
    pdf: &'a [u8],
    offsets: BTreeMap<u32, usize>,
}

impl<'a> PdfObjects<'a> {
    fn read(pdf: &'a [u8]) -> Option<Self> {
        let mut offsets = BTreeMap::new();
        if let Some(at) = rfind(pdf, b"startxref") {
            let xref: usize = number_after(&pdf[at + 9..])?.try_into().ok()?;
            let table = pdf.get(xref..)?;
            if table.starts_with(b"xref") {
                let mut lines = table[4..]
                    .split(|&b| b == b'\n' || b == b'\r')
                    .filter(|l| !l.is_empty());
                while let Some(header) = lines.next() {
                    let mut fields = header.split(|&b| b == b' ').filter(|f| !f.is_empty());
                    let (Some(first), Some(count)) = (fields.next(), fields.next()) else {
                        break;
                    };
                    let (Some(first), Some(count)) = (parse_u64(first), parse_u64(count)) else {
                        break; // `trailer`
                    };
                    for n in first..first + count {
                        let entry = lines.next()?;
                        if entry.ends_with(b"n") || entry.ends_with(b"n ") {
                            let offset = parse_u64(entry.get(..10)?)?;
                            offsets.insert(u32::try_from(n).ok()?, usize::try_from(offset).ok()?);
                        }
                    }
                }
            }
        }
        if offsets.is_empty() {
            let mut i = 0;
            while let Some(at) = find(&pdf[i..], b" 0 obj") {
                let end = i + at;
                let start = pdf[..end]
                    .iter()
                    .rposition(|b| !b.is_ascii_digit())
                    .map_or(0, |p| p + 1);
                if start < end
                    && (start == 0 || matches!(pdf[start - 1], b'\n' | b'\r'))
                    && let Some(n) = parse_u64(&pdf[start..end]).and_then(|n| u32::try_from(n).ok())
                {
                    offsets.insert(n, start);
                }
                i = end + 6;
            }
        }
        Some(PdfObjects { pdf, offsets })
    }

    /// The text of object `n`, from `obj` to `endobj` (or to its stream).
    fn object(&self, n: u32) -> Option<&'a [u8]> {
        let from = *self.offsets.get(&n)?;
        let text = self.pdf.get(from..)?;
        let start = find(text, b"obj")? + 3;
        let end = [find(text, b"endobj"), find(text, b"stream")]
            .into_iter()
            .flatten()
            .min()?;
        text.get(start..end)
    }

    fn trailer_root(&self) -> Option<&'a [u8]> {
        let at = rfind(self.pdf, b"trailer")?;
        let n = reference(&self.pdf[at..], b"/Root")?;
        self.object(n)
    }

    /// Appends the page objects under the page-tree node `n`, in order.
    fn collect_pages(&self, n: u32, pages: &mut Vec<u32>, depth: usize) -> Option<()> {
        if depth > 64 {
            return None;
        }
        let node = self.object(n)?;
        match find(node, b"/Kids") {
            Some(at) => {
                let list = &node[at..];
                let open = list.iter().position(|&b| b == b'[')?;
                let close = list.iter().position(|&b| b == b']')?;
                for kid in references(&list[open + 1..close]) {
                    self.collect_pages(kid, pages, depth + 1)?;
                }
            }
            None => pages.push(n),
        }
        Some(())
    }
}

/// The object number of the reference `KEY N 0 R` in a dictionary's text.
fn reference(text: &[u8], key: &[u8]) -> Option<u32> {
    let mut from = 0;
    while let Some(at) = find(&text[from..], key) {
        let after = from + at + key.len();
        // `/Pages` must not match `/PagesX`.
        if text.get(after).is_none_or(|&b| is_delimiter(b)) {
            return leading_reference(&text[after..]);
        }
        from = after;
    }
    None
}

/// `N G R` at the start of `text` (after white space): N.
fn leading_reference(text: &[u8]) -> Option<u32> {
    match tokens(text).take(3).collect::<Vec<_>>().as_slice() {
        [n, g, r] if *r == b"R" && parse_u64(g).is_some() => {
            parse_u64(n).and_then(|n| u32::try_from(n).ok())
        }
        _ => None,
    }
}

/// Every `N G R` in `text`, in order.
fn references(text: &[u8]) -> Vec<u32> {
    let words: Vec<&[u8]> = tokens(text).collect();
    words
        .windows(3)
        .filter(|w| w[2] == b"R" && parse_u64(w[1]).is_some())
        .filter_map(|w| parse_u64(w[0]).and_then(|n| u32::try_from(n).ok()))
        .collect()
}

/// The words of `text`, split at white space and PDF delimiters (`R>>` gives `R`).
fn tokens(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| is_delimiter(b)).filter(|w| !w.is_empty())
}

/// What lies between the outer `<<` and `>>` of a dictionary's text.
fn dictionary_body(text: &[u8]) -> Option<&[u8]> {
    let start = find(text, b"<<")? + 2;
    let end = rfind(text, b">>")?;
    text.get(start..end)
}

/// A PDF name without its slash, `#xx` escapes decoded.
fn decode_name(raw: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && let Some(b) = raw
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            bytes.push(b);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b)
}

fn parse_u64(text: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(text).ok()?.trim();
    text.parse().ok()
}

fn number_after(text: &[u8]) -> Option<u64> {
    let start = text.iter().position(u8::is_ascii_digit)?;
    let len = text[start..]
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(text.len() - start);
    parse_u64(&text[start..start + len])
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::{page_numbers, with_fixed_dates, with_ranked_node_ids};

    /// A PDF of three pages shaped as Chromium writes them: a page tree of two levels,
    /// named destinations in the catalog's `/Dests`, and a cross-reference table.
    fn three_pages() -> Vec<u8> {
        let objects = [
            "<</Type /Catalog /Pages 2 0 R /Dests 7 0 R>>",
            "<</Type /Pages /Count 3 /Kids [3 0 R 6 0 R]>>",
            "<</Type /Pages /Count 2 /Kids [4 0 R 5 0 R]>>",
            "<</Type /Page /Parent 3 0 R>>",
            "<</Type /Page /Parent 3 0 R>>",
            "<</Type /Page /Parent 2 0 R>>",
            "<</intro-title [4 0 R /XYZ 0 800 0]\n/space#2Dtitle [6 0 R /XYZ 0 300 0]\n/annex <</D [5 0 R /XYZ 0 1 0]>>>>",
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
        }
        let xref = pdf.len();
        pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for offset in offsets {
            pdf.extend(format!("{offset:010} 00000 n \n").bytes());
        }
        pdf.extend(format!("trailer\n<</Size 8 /Root 1 0 R>>\nstartxref\n{xref}\n%%EOF").bytes());
        pdf
    }

    #[test]
    fn node_names_are_ranked_in_place() {
        let print = |a: u32, b: u32, c: u32| {
            format!(
                "<</ID (node{a:08})>> <</ID (node{b:08})>> <</Names [(node{a:08}) 1 0 R (node{c:08}) 2 0 R]>> (nodes) (node12x)"
            )
            .into_bytes()
        };
        // Two prints whose names differ by a shift give the same bytes, of the same length.
        let first = with_ranked_node_ids(print(264, 265, 300));
        let second = with_ranked_node_ids(print(265, 266, 301));
        assert_eq!(first, second);
        assert_eq!(first.len(), print(264, 265, 300).len());
        assert_eq!(
            String::from_utf8(first).unwrap(),
            "<</ID (node00000001)>> <</ID (node00000002)>> <</Names [(node00000001) 1 0 R (node00000003) 2 0 R]>> (nodes) (node12x)"
        );
    }

    #[test]
    fn named_destinations_give_their_pages() {
        let pages = page_numbers(&three_pages()).unwrap();
        let got: Vec<(&str, u32)> = pages.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(got, [("annex", 2), ("intro-title", 1), ("space-title", 3)]);
    }

    #[test]
    fn objects_are_found_without_a_cross_reference_table() {
        let pdf = three_pages();
        let cut = pdf.windows(4).position(|w| w == b"xref").unwrap();
        let mut broken = pdf[..cut].to_vec();
        broken.extend(b"trailer\n<</Size 8 /Root 1 0 R>>\n%%EOF");
        assert_eq!(page_numbers(&broken).unwrap().get("space-title"), Some(&3));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(page_numbers(b"%PDF-1.4 nothing here").is_err());
        assert!(page_numbers(b"").is_err());
    }

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
