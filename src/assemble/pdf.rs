//! `build --format pdf`: the report typeset in-process by Typst.
//!
//! `templates/report.typ.j2` is rendered by minijinja like every other template
//! (sandboxed, fuelled; drafter text escaped for Typst, see [`super::typst_text`]), and
//! the Typst source it gives is compiled by a [`World`] that serves that one source and
//! the fonts embedded in the binary (`fonts/`), and nothing else: no file, no package,
//! no network, no system font, no clock. So the same commit gives the same bytes on
//! every machine, and a template cannot read the machine it runs on.
//!
//! Typst has no fuel. What bounds it: the source is bounded (minijinja's fuel bounds
//! the render, and [`MAX_SOURCE_BYTES`] the result), Typst stops loops and recursion of
//! its own, and the compilation runs on a thread of its own, watched: past
//! [`TIME_LIMIT`], or past [`MEMORY_LIMIT`] more resident memory, the build stops with an
//! error (the process exits, which ends the thread).
//!
//! The PDF claims PDF/UA-1 and, when it has a date, PDF/A-2a: Typst checks what it can
//! of both while it writes (a document title, a language, alternative descriptions,
//! fonts embedded, a date) and refuses a document that breaks them; `docs/pdf.md` says
//! what is tested beyond.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::ReportModel;
use super::templates::{self, resident_bytes, template_name};
use crate::error::{Error, Result};
use crate::lang::{compact_datetime, source_epoch};

/// The fonts the PDF is set in, embedded in the binary (OFL; their licences are beside
/// them in `fonts/`): Libertinus Serif for the text, Noto Sans for headings, contents,
/// tables and the running heads.
const FONTS: [&[u8]; 8] = [
    include_bytes!("../../fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Semibold.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../../fonts/LibertinusSerif-BoldItalic.otf"),
    include_bytes!("../../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../fonts/NotoSans-Italic.ttf"),
];

/// Longest the compilation may take. The shipped edition takes about a tenth of a second
/// (release build) and a few seconds in a debug build.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// How much the compilation may grow the process's resident memory. The shipped edition
/// needs about 40 MB.
pub const MEMORY_LIMIT: u64 = 1024 * 1024 * 1024;

/// Largest Typst source compiled: a hundred times the shipped edition's.
pub const MAX_SOURCE_BYTES: usize = 32 * 1024 * 1024;

/// The report as a PDF: `templates/report.typ.j2` rendered with `model`, typeset.
/// `created`: the document's creation time, in seconds since 1970 (see
/// [`creation_time`]); none writes no date.
pub fn typeset_report(
    templates_dir: &Path,
    model: &ReportModel,
    created: Option<i64>,
) -> Result<Vec<u8>> {
    let name = template_name("typ");
    let source = templates::render(templates_dir, &name, model)?;
    let template = templates::template_text(templates_dir, &name)?;
    let ident = format!("rapporteur-{}-{}", model.edition.number, model.lang);
    typeset(&name, &template, source, &ident, created)
}

/// Compiles `source` (rendered from the template `name`, whose text is `template`) and
/// writes the PDF, watched. Errors point at the template's line.
pub fn typeset(
    name: &str,
    template: &str,
    source: String,
    ident: &str,
    created: Option<i64>,
) -> Result<Vec<u8>> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(Error::Template {
            name: name.to_string(),
            message: format!(
                "the Typst source it gives is {} MB, more than the {} MB rapporteur typesets",
                source.len() / 1_000_000,
                MAX_SOURCE_BYTES / 1_000_000
            ),
        });
    }
    let (send, receive) = mpsc::channel();
    let ident = ident.to_string();
    let work = move || {
        let world = ReportWorld::new(source, created);
        let result = compile(&world, &ident, created).map_err(|errors| (world, errors));
        let _ = send.send(result);
    };
    let baseline = resident_bytes();
    std::thread::Builder::new()
        .name("typst".into())
        .spawn(work)
        .map_err(|e| Error::Template {
            name: name.to_string(),
            message: format!("cannot start typesetting: {e}"),
        })?;
    let started = Instant::now();
    let stopped = |why: String| Error::Template {
        name: name.to_string(),
        message: format!("typesetting stopped: {why}"),
    };
    loop {
        match receive.recv_timeout(Duration::from_millis(10)) {
            Ok(Ok(pdf)) => return Ok(pdf),
            Ok(Err((world, errors))) => {
                return Err(Error::Template {
                    name: name.to_string(),
                    message: describe(&world, template, &errors),
                });
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(stopped("the typesetter failed".into()));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if started.elapsed() > TIME_LIMIT {
            return Err(stopped(format!(
                "it ran for more than {} s",
                TIME_LIMIT.as_secs()
            )));
        }
        if let (Some(before), Some(now)) = (baseline, resident_bytes())
            && now.saturating_sub(before) > MEMORY_LIMIT
        {
            return Err(stopped(format!(
                "it used more than {} MiB of memory",
                MEMORY_LIMIT / (1024 * 1024)
            )));
        }
    }
}

/// Compiles the world's source and writes the PDF.
fn compile(
    world: &ReportWorld,
    ident: &str,
    created: Option<i64>,
) -> std::result::Result<Vec<u8>, Vec<SourceDiagnostic>> {
    let compiled = typst::compile::<PagedDocument>(world);
    // A warning is a defect of the template (an unknown font, a label never placed):
    // the release PDF is made without any.
    let mut problems: Vec<SourceDiagnostic> = compiled.warnings.into_iter().collect();
    let document = match compiled.output {
        Ok(document) => document,
        Err(errors) => {
            problems.splice(0..0, errors);
            return Err(problems);
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    // PDF/A requires a date: without one (no `date:`, no SOURCE_DATE_EPOCH, no commit) the
    // PDF claims PDF/UA-1 alone rather than a made-up date.
    let claimed: &[PdfStandard] = match created {
        Some(_) => &[PdfStandard::Ua_1, PdfStandard::A_2a],
        None => &[PdfStandard::Ua_1],
    };
    let standards = PdfStandards::new(claimed).map_err(|e| {
        vec![SourceDiagnostic::error(
            typst::syntax::Span::detached(),
            e.message().clone(),
        )]
    })?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("rapporteur".to_string())),
        timestamp: created.and_then(timestamp),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| errors.into_iter().collect())
}

/// `seconds` since 1970 (UTC) as a Typst timestamp.
fn timestamp(seconds: i64) -> Option<Timestamp> {
    let text = compact_datetime(seconds);
    let field = |range: std::ops::Range<usize>| text.get(range)?.parse::<u8>().ok();
    let year = text.get(..4)?.parse().ok()?;
    let datetime = Datetime::from_ymd_hms(
        year,
        field(4..6)?,
        field(6..8)?,
        field(8..10)?,
        field(10..12)?,
        field(12..14)?,
    )?;
    Some(Timestamp::new_utc(datetime))
}

/// The day of `seconds` since 1970 (UTC).
fn day_of(seconds: i64) -> Option<Datetime> {
    let text = compact_datetime(seconds);
    let field = |range: std::ops::Range<usize>| text.get(range)?.parse::<u8>().ok();
    Datetime::from_ymd(text.get(..4)?.parse().ok()?, field(4..6)?, field(6..8)?)
}

/// When the document was made, in seconds since 1970: the day of `date:` in
/// drafts/report.yaml (`date`), else `SOURCE_DATE_EPOCH` (the release workflow sets it to
/// the tagged commit's time), else the time of the repository's last commit; none when
/// there is none of these (a PDF without a date, rather than a made-up one).
pub fn creation_time(date: Option<&str>, root: &Path) -> Result<Option<i64>> {
    if let Some(days) = date.and_then(days_from_date) {
        return Ok(Some(days * 86_400));
    }
    if let Some(seconds) = source_epoch()? {
        return Ok(Some(seconds));
    }
    Ok(git2::Repository::discover(root)
        .ok()
        .and_then(|repo| Some(repo.head().ok()?.peel_to_commit().ok()?.time().seconds())))
}

/// `YYYY-MM-DD` → days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_date(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// What the compiler sees: the one source, and the embedded fonts.
struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    today: Option<Datetime>,
}

impl ReportWorld {
    fn new(source: String, created: Option<i64>) -> ReportWorld {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        ReportWorld {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::detached(source),
            // `datetime.today()` is the document's date, not the machine's clock.
            today: created.and_then(day_of),
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(refused())
        }
    }

    /// No file: an image, a `read`, a data file, a package, a URL are all refused.
    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(refused())
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

fn refused() -> FileError {
    FileError::Other(Some(
        "the PDF template reads no file: only its own text and the embedded fonts".into(),
    ))
}

/// The compiler's errors in words, each at the template's line it comes from (found by
/// [`template_line`]), with the generated Typst line it is on. Characters that no
/// embedded font has (Typst refuses them in a PDF/UA document) are named together, with
/// the text they are in: they come from drafter text, not from the template.
fn describe(world: &ReportWorld, template: &str, errors: &[SourceDiagnostic]) -> String {
    let text = world.main.text();
    let lines = world.main.lines();
    // The generated line an error is on (0 = first), or the innermost call leading to it.
    let line_of = |error: &SourceDiagnostic| {
        world
            .range(error.span)
            .or_else(|| error.trace.iter().find_map(|point| world.range(point.span)))
            .and_then(|range| lines.byte_to_line(range.start))
    };
    let generated = |line: usize| {
        lines
            .line_to_range(line)
            .and_then(|r| text.get(r))
            .unwrap_or_default()
            .trim()
    };
    let mut out = Vec::new();
    let (missing, others): (Vec<_>, Vec<_>) = errors
        .iter()
        .partition(|e| missing_glyph(&e.message).is_some());
    if !missing.is_empty() {
        let mut chars: Vec<char> = missing
            .iter()
            .filter_map(|e| missing_glyph(&e.message))
            .collect();
        chars.sort_unstable();
        chars.dedup();
        let named: Vec<String> = chars
            .iter()
            .take(10)
            .map(|c| format!("`{c}` (U+{:04X})", u32::from(*c)))
            .collect();
        let context = missing
            .iter()
            .find_map(|e| line_of(e))
            .map(|line| format!(", in `{}`", shorten(&unescape(generated(line)))))
            .unwrap_or_default();
        out.push(format!(
            "the PDF's fonts (Libertinus Serif, Noto Sans) have no {}{context}\n  help: write \
             them otherwise, or add an OFL font that has them to fonts/",
            named.join(", ")
        ));
    }
    for error in others.iter().take(5) {
        let kind = match error.severity {
            typst::diag::Severity::Error => "Typst error",
            typst::diag::Severity::Warning => "Typst warning",
        };
        let mut message = format!("{kind}: {}", error.message);
        // Typst's command line gives some hints of its own (`--root`): not ours to give.
        for hint in error.hints.iter().filter(|h| !h.v.contains("--")) {
            message.push_str(&format!(" (hint: {})", hint.v));
        }
        let place = line_of(error).map(|line| {
            let generated = generated(line);
            match template_line(template, generated) {
                Some(at) => format!("line {at}: "),
                None => format!(
                    "in the Typst it generated, line {}: `{}`: ",
                    line + 1,
                    shorten(generated)
                ),
            }
        });
        out.push(format!("{}{message}", place.unwrap_or_default()));
    }
    if others.len() > 5 {
        out.push(format!("and {} more", others.len() - 5));
    }
    out.join("\n  ")
}

/// The character of Typst's "the text `"X"` could not be displayed with font" error.
fn missing_glyph(message: &str) -> Option<char> {
    let rest = message.split_once("the text `\"")?.1;
    let (text, after) = rest.split_once("\"`")?;
    after
        .trim_start()
        .starts_with("could not be displayed")
        .then(|| text.chars().next())?
}

/// Typst markup as the reader sees it: escapes undone.
fn unescape(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut chars = markup.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// The template's line (1 = first) that a line of the generated Typst comes from: the
/// line whose literal text (around its `{{ }}` and `{% %}`) is found, in order, in the
/// generated line, and covers most of it. Drafter text is always escaped, so what Typst
/// refuses is the template's own text.
pub fn template_line(template: &str, generated: &str) -> Option<usize> {
    let generated = generated.trim();
    if generated.is_empty() {
        return None;
    }
    let mut best: Option<(usize, usize)> = None;
    for (i, line) in template.lines().enumerate() {
        let pieces = literal_pieces(line);
        if pieces.is_empty() {
            continue;
        }
        let mut from = 0;
        let mut covered = 0;
        let mut all = true;
        for piece in &pieces {
            match generated[from..].find(piece.as_str()) {
                Some(at) => {
                    from += at + piece.len();
                    covered += piece.len();
                }
                None => {
                    all = false;
                    break;
                }
            }
        }
        if all && best.is_none_or(|(_, c)| covered > c) {
            best = Some((i + 1, covered));
        }
    }
    best.map(|(line, _)| line)
}

/// The literal text of a template line: what lies outside `{{ }}`, `{% %}` and `{# #}`,
/// trimmed, pieces shorter than two characters left out.
fn literal_pieces(line: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = line;
    loop {
        let open = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|o| rest.find(o).map(|at| (at, *o)))
            .min();
        let (text, next) = match open {
            Some((at, o)) => {
                let close = match o {
                    "{{" => "}}",
                    "{%" => "%}",
                    _ => "#}",
                };
                let after = rest[at + 2..].find(close).map(|c| at + 2 + c + 2);
                (&rest[..at], after.map(|a| &rest[a..]))
            }
            None => (rest, None),
        };
        let text = text.trim();
        if text.len() >= 2 {
            pieces.push(text.to_string());
        }
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
    pieces
}

/// A generated line cut to a readable length.
fn shorten(line: &str) -> String {
    match line.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{days_from_date, missing_glyph, template_line, timestamp, unescape};

    /// Escaped text, parsed by Typst's own parser, is text, escapes and spaces only:
    /// no markup, no code, whatever the signs and wherever they stand.
    #[test]
    fn escaped_text_parses_as_text_only() {
        use crate::assemble::typst_text::escape_markup;
        use typst::syntax::{SyntaxKind, SyntaxNode, parse};
        fn only_text(node: &SyntaxNode) -> bool {
            match node.kind() {
                SyntaxKind::Markup => node.children().all(only_text),
                SyntaxKind::Text | SyntaxKind::Escape | SyntaxKind::Space => true,
                _ => false,
            }
        }
        let signs = [
            "#",
            "$",
            "*",
            "_",
            "@",
            "<",
            ">",
            "\\",
            "]",
            "[",
            "//",
            "/*",
            "*/",
            "`",
            "```",
            "=",
            "- ",
            "+ ",
            "/ ",
            "~",
            "'",
            "\"",
            "http://x",
            "https://",
            "...",
            "--",
            "-?",
            "1. ",
            "\n",
            "\r\n",
            "\u{2028}",
            "\\u{41}",
            "{",
            "}",
            "(",
            ")",
            ":",
            ";",
            "a",
            " ",
            "é",
            "\u{a0}",
            "<a>",
            "@a",
            "#let x = 1",
            "#{",
            "$x$",
            "\\ ",
        ];
        let mut cases = Vec::new();
        for a in signs {
            for b in signs {
                cases.push(format!("{a}{b}"));
                cases.push(format!("{a} {b}x"));
                cases.push(format!("x{a}{b}"));
            }
        }
        for case in cases {
            let escaped = escape_markup(&case);
            let root = parse(&escaped);
            assert!(
                only_text(&root),
                "`{case}` → `{escaped}` parses as {root:#?}"
            );
        }
    }

    #[test]
    fn missing_glyphs_are_read_from_typst_messages() {
        let message = "PDF/UA-1 error: the text `\"漢\"` could not be displayed with font `\"Libertinus Serif\"`";
        assert_eq!(missing_glyph(message), Some('漢'));
        assert_eq!(missing_glyph("expected expression"), None);
        assert_eq!(unescape("a \\: \\\\ b"), "a : \\ b");
    }

    #[test]
    fn generated_lines_lead_back_to_the_template() {
        let template = "#set text(lang: {{ lang | typst_str }})\n{% for s in sections %}\n#heading(level: 1)[{{ s.title }}] #label({{ s.slug | typst_str }})\n#read(\"/etc/hostname\")\n{% endfor %}\n";
        assert_eq!(
            template_line(
                template,
                "#heading(level: 1)[Dialogue] #label(\"dialogue\")"
            ),
            Some(3)
        );
        assert_eq!(template_line(template, "#read(\"/etc/hostname\")"), Some(4));
        assert_eq!(template_line(template, "#set text(lang: \"fr\")"), Some(1));
        assert_eq!(template_line(template, "nothing like it"), None);
    }

    #[test]
    fn dates_convert_both_ways() {
        assert_eq!(days_from_date("1970-01-01"), Some(0));
        assert_eq!(days_from_date("2026-06-12"), Some(20_616));
        assert_eq!(
            crate::lang::civil_date(days_from_date("2024-02-29").unwrap()),
            "2024-02-29"
        );
        assert_eq!(days_from_date("2026-13-01"), None);
        assert!(timestamp(20_616 * 86_400 + 3_661).is_some());
    }
}
