//! From a document's lines to the edition's sections, the same way for every format:
//! page furniture (page numbers, running heads, the draft marking) is set aside; the
//! cover, the contents, the proposals annex and the open points are recognised and left
//! out; headings are found by the catalog's titles (numbered or not, any case, wrapped
//! over up to three lines); paragraphs are made from what the format gives (blank lines,
//! the PDF's layout, or, in a text without either, line lengths and final punctuation);
//! and every paragraph is attributed to a domain — or counted as not attributable.
//! [`Analysis`] says where each heading was found and what was left out, so that the
//! import can be checked (and refused) before anything is written.

use std::collections::HashSet;

use super::document::{Document, Format, Line, Role};
use crate::model::Catalog;

/// Lines that cannot be attributed to a domain, at most, before the import is refused.
pub const MAX_UNATTRIBUTED: usize = 3;

/// Where something was found: page and line on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub page: usize,
    pub line: usize,
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "p. {}, l. {}", self.page, self.line)
    }
}

/// How a domain's text was found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// Under its heading, at these places (more than one: the import is refused).
    Heading(Vec<At>),
    /// A domain printed without a heading, found by its place: the text before the
    /// first heading, or the last paragraph of the body.
    Position(&'static str),
    /// Not found.
    Missing,
}

/// One row of the reconciliation table: a catalog domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub slug: String,
    pub title: String,
    pub found: Found,
    pub paragraphs: Vec<String>,
    pub words: usize,
}

/// Lines left out, by kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeftOut {
    pub cover: usize,
    pub contents: usize,
    pub annex: usize,
    pub open_points: usize,
    pub running_heads: usize,
    pub page_numbers: usize,
}

/// What the document holds, by domain, and what was left out.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub format: Format,
    pub pages: usize,
    pub rows: Vec<Row>,
    pub left_out: LeftOut,
    /// Lines no domain could take: where, and their text.
    pub unattributed: Vec<(At, String)>,
    /// How the paragraphs were told apart.
    pub paragraphs_from: &'static str,
}

impl Analysis {
    /// Why the import must be refused, one reason a line; empty when it may go on.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for row in &self.rows {
            match &row.found {
                Found::Missing => out.push(format!(
                    "the heading of `{}` (« {} ») is not in the text",
                    row.slug, row.title
                )),
                Found::Heading(at) if at.len() > 1 => out.push(format!(
                    "the heading of `{}` (« {} ») is found {} times: {}",
                    row.slug,
                    row.title,
                    at.len(),
                    at.iter().map(At::to_string).collect::<Vec<_>>().join("; ")
                )),
                _ => {}
            }
        }
        if self.unattributed.len() > MAX_UNATTRIBUTED {
            out.push(format!(
                "{} lines cannot be attributed to a domain (at most {MAX_UNATTRIBUTED} are let go), from {}",
                self.unattributed.len(),
                self.unattributed[0].0
            ));
        }
        out
    }

    /// Paragraphs found in all.
    pub fn paragraph_count(&self) -> usize {
        self.rows.iter().map(|r| r.paragraphs.len()).sum()
    }
}

/// What a line turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Body,
    PageNumber,
    RunningHead,
    Cover,
    Contents,
    Annex,
    OpenPoints,
    /// A line of the heading of the domain at this index of the catalog.
    Heading(usize),
}

#[derive(Debug, Clone)]
struct Work {
    line: Line,
    /// The line ended with a soft hyphen (a word broken by the typesetter).
    soft_end: bool,
    kind: Kind,
}

/// Labels of a table of contents, lower case.
const CONTENTS: &[&str] = &[
    "table des matières",
    "sommaire",
    "contents",
    "table of contents",
    "inhaltsverzeichnis",
    "índice",
    "indice",
    "sommario",
];
/// How an annex heading starts, lower case.
const ANNEX: &[&str] = &[
    "annexe",
    "annex",
    "appendix",
    "appendice",
    "anhang",
    "anexo",
    "allegato",
];
/// How the draft note of a cover starts, lower case.
const DRAFT_NOTES: &[&str] = &["document de travail", "working document"];
/// Labels of the draft's open points, lower case.
const OPEN_POINTS: &[&str] = &[
    "points ouverts",
    "open points",
    "offene punkte",
    "puntos abiertos",
];

/// Splits a document into the catalog's domains. `title` is the edition's title
/// without its ordinal (`drafts/report.yaml`), to recognise the cover;
/// `vocabulary` the known words (lower case) by which a line-end hyphen is rejoined.
pub fn analyse(
    doc: &Document,
    catalog: &Catalog,
    lang: &str,
    title: Option<&str>,
    vocabulary: &HashSet<String>,
) -> Analysis {
    let domains = &catalog.domains.domains;
    let titles: Vec<Option<String>> = domains
        .iter()
        .map(|d| {
            d.heading
                .then(|| d.title.get(lang).map(|t| key(t)))
                .flatten()
                .filter(|t| !t.is_empty())
        })
        .collect();
    let mut lines: Vec<Work> = doc
        .lines
        .iter()
        .map(|l| {
            let (text, soft_end) = normalise_line(&l.text);
            Work {
                line: Line { text, ..l.clone() },
                soft_end,
                kind: Kind::Body,
            }
        })
        .filter(|w| !w.line.text.is_empty())
        .collect();
    let mut left_out = LeftOut::default();

    mark_furniture(&mut lines, doc, &titles);
    mark_contents_and_cover(&mut lines, &titles, title);
    mark_annex(&mut lines);
    mark_running_titles(&mut lines, &titles);
    let headings = mark_headings(&mut lines, &titles);

    for w in &lines {
        match w.kind {
            Kind::PageNumber => left_out.page_numbers += 1,
            Kind::RunningHead => left_out.running_heads += 1,
            Kind::Cover => left_out.cover += 1,
            Kind::Contents => left_out.contents += 1,
            Kind::Annex => left_out.annex += 1,
            Kind::OpenPoints => left_out.open_points += 1,
            _ => {}
        }
    }

    let mut own_words = own_vocabulary(&lines);
    own_words.extend(vocabulary.iter().cloned());
    let (paragraphs, paragraphs_from) = make_paragraphs(&lines, doc.format, &own_words, vocabulary);

    // Attribute: text before the first heading to the leading domain without a heading
    // (the introduction); each heading's text to its domain; the last paragraph of the
    // body to a trailing domain without a heading (the closing paragraph).
    let lead = domains.first().filter(|d| !d.heading).map(|_| 0usize);
    let trailing = domains
        .len()
        .checked_sub(1)
        .filter(|&i| i > 0 && !domains[i].heading);
    let mut owned: Vec<Vec<String>> = vec![Vec::new(); domains.len()];
    let mut unattributed: Vec<(At, String)> = Vec::new();
    let mut last_owner: Option<usize> = None;
    for p in &paragraphs {
        match p.owner.or(lead) {
            Some(d) => {
                owned[d].push(p.text.clone());
                if p.owner.is_some() {
                    last_owner = Some(d);
                }
            }
            None => unattributed.extend(p.lines.iter().cloned()),
        }
    }
    // Headings of the format (a Word heading style) that are no catalog title.
    for w in &lines {
        if w.kind == Kind::Body && w.line.role == Role::Heading {
            unattributed.push((at(&w.line), w.line.text.clone()));
        }
    }
    unattributed.sort_by_key(|(a, _)| (a.page, a.line));
    unattributed.dedup();
    if let (Some(closing), Some(last)) = (trailing, last_owner)
        && owned[last].len() > 1
        && owned[closing].is_empty()
        && let Some(p) = owned[last].pop()
    {
        owned[closing].push(p);
    }

    let rows = domains
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let found = if d.heading {
                let at: Vec<At> = headings
                    .iter()
                    .filter(|(h, _)| *h == i)
                    .map(|(_, a)| *a)
                    .collect();
                if at.is_empty() {
                    Found::Missing
                } else {
                    Found::Heading(at)
                }
            } else if Some(i) == lead {
                if owned[i].is_empty() {
                    Found::Missing
                } else {
                    Found::Position("before the first heading")
                }
            } else if Some(i) == trailing {
                if owned[i].is_empty() {
                    Found::Missing
                } else {
                    Found::Position("last paragraph of the body")
                }
            } else {
                Found::Missing
            };
            let words = owned[i].iter().map(|p| p.split_whitespace().count()).sum();
            Row {
                slug: d.slug.clone(),
                title: d.title.get(lang).cloned().unwrap_or_default(),
                found,
                paragraphs: std::mem::take(&mut owned[i]),
                words,
            }
        })
        .collect();
    Analysis {
        format: doc.format,
        pages: doc.pages,
        rows,
        left_out,
        unattributed,
        paragraphs_from,
    }
}

fn at(line: &Line) -> At {
    At {
        page: line.page,
        line: line.line,
    }
}

/// Ligatures spelled out, soft hyphens and invisible joiners taken away (a soft hyphen
/// at the end says the word goes on on the next line), runs of spaces made one.
fn normalise_line(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            '\u{2060}' | '\u{200b}' | '\u{feff}' => {}
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    let trimmed = out.trim_end();
    let soft_end = trimmed.ends_with('\u{ad}');
    let text: String = trimmed.replace('\u{ad}', "");
    let mut collapsed = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !collapsed.is_empty() {
            collapsed.push(' ');
        }
        space = false;
        collapsed.push(c);
    }
    (collapsed, soft_end)
}

/// How a line compares with a title: no numbering (`2.`, `II.`, `2)`), lower case,
/// typographic apostrophes and spaces made plain, no final colon or full stop.
pub fn key(text: &str) -> String {
    let text = strip_number(text.trim());
    let lowered: String = text
        .chars()
        .map(|c| match c {
            '’' | '‘' | 'ʼ' => '\'',
            '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
            '‐' | '‑' => '-',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    lowered
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([':', '.', ' '])
        .to_string()
}

/// The text after a leading section number (`2.`, `10 -`, `II.`, `IV)`, `2`).
fn strip_number(text: &str) -> &str {
    let digits = text.trim_start_matches(|c: char| c.is_ascii_digit());
    let roman = text.trim_start_matches(['I', 'V', 'X', 'L', 'C']);
    for rest in [digits, roman] {
        if rest.len() == text.len() {
            continue;
        }
        let after = rest.trim_start_matches(['.', ')', '-', '–', ' ', '\u{a0}']);
        // A bare number is kept as the text (`2025`), and so is a word that merely
        // starts with capitals (`CBRN`): a number needs its separator.
        if after.len() < rest.len() && (rest.starts_with(['.', ')', ' ', '-', '–', '\u{a0}'])) {
            return after;
        }
    }
    text
}

/// Whether the line is only a section number (`2.`, `II`).
fn is_bare_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']);
    !t.is_empty()
        && t.len() <= 5
        && (t.chars().all(|c| c.is_ascii_digit())
            || t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')))
}

/// `12`, `- 12 -`, `Page 12`, `12/45`, `p. 12 sur 45`.
pub fn is_page_number(line: &str) -> bool {
    let l = line
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let l = l.to_lowercase();
    let l = l
        .strip_prefix("page")
        .or_else(|| l.strip_prefix("p."))
        .unwrap_or(&l)
        .trim();
    if l.is_empty() || l.len() > 15 {
        return false;
    }
    let mut parts = l
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "sur" && *p != "of");
    let first = parts.next().unwrap_or("");
    let second = parts.next();
    let number = |s: &str| {
        !s.is_empty()
            && s.len() <= 4
            && (s.chars().all(|c| c.is_ascii_digit())
                || s.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l')))
    };
    parts.next().is_none() && number(first) && second.is_none_or(number)
}

/// A line with its digits masked, so `Rapport 2026 — page 3` and `… page 4` match.
fn shape(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['»', '"', '”', ')', '’', '\'', ' ', '\u{a0}', '\u{202f}']);
    t.ends_with(['.', '!', '?', '…'])
}

fn starts_like_a_paragraph(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '«' | '"' | '“' | '(' | '–' | '—' | '-' | '•')
    })
}

/// Page numbers and running heads (the same line, digits aside, near the top or bottom
/// of many pages; the draft marking is one), and what the file marks as artifacts.
fn mark_furniture(lines: &mut [Work], doc: &Document, titles: &[Option<String>]) {
    for w in lines.iter_mut() {
        if w.line.role == Role::Artifact {
            w.kind = if is_page_number(&w.line.text) {
                Kind::PageNumber
            } else {
                Kind::RunningHead
            };
        }
    }
    if doc.pages < 2 || doc.format == Format::Docx {
        return;
    }
    // The two first and two last lines of each page.
    let mut edges: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let page = lines[i].line.page;
        let mut j = i;
        while j < lines.len() && lines[j].line.page == page {
            j += 1;
        }
        let on_page: Vec<usize> = (i..j).filter(|&k| lines[k].kind == Kind::Body).collect();
        edges.extend(on_page.iter().take(2));
        edges.extend(on_page.iter().rev().take(2));
        i = j;
    }
    edges.sort_unstable();
    edges.dedup();
    for &k in &edges {
        if is_page_number(&lines[k].line.text) {
            lines[k].kind = Kind::PageNumber;
        }
    }
    let mut pages_of: std::collections::HashMap<String, HashSet<usize>> = Default::default();
    for &k in &edges {
        if lines[k].kind == Kind::Body {
            pages_of
                .entry(shape(&lines[k].line.text))
                .or_default()
                .insert(lines[k].line.page);
        }
    }
    let need = 2.max(doc.pages / 3);
    for &k in &edges {
        let w = &lines[k];
        if w.kind != Kind::Body {
            continue;
        }
        let text = &w.line.text;
        let repeated = pages_of.get(&shape(text)).map_or(0, HashSet::len);
        let is_title = titles.iter().flatten().any(|t| *t == key(text));
        if repeated >= need && !ends_sentence(text) && text.chars().count() <= 150 && !is_title {
            lines[k].kind = Kind::RunningHead;
        }
    }
}

/// Running heads that name the part a page continues (as the PDF `build` makes has them):
/// the first line of a page that is, whole, the title of the part already open, its
/// heading found on an earlier page. Without this, a text without the PDF's artifact
/// marks (`pdftotext`) would find that heading twice.
fn mark_running_titles(lines: &mut [Work], titles: &[Option<String>]) {
    let body: Vec<usize> = (0..lines.len())
        .filter(|&k| lines[k].kind == Kind::Body)
        .collect();
    let title_of = |text: &str| {
        let text = key(text);
        titles
            .iter()
            .position(|t| t.as_deref() == Some(text.as_str()))
    };
    // The title, alone or with a draft marking after it on the same line (« PROJET »,
    // a word in capitals, as the PDF of a draft has it).
    let runs_under = |text: &str, title: usize| {
        let text = text.trim();
        let marking = text.rsplit_once(' ').filter(|(_, last)| {
            last.chars().count() >= 4 && last.chars().all(|c| c.is_uppercase())
        });
        // A line of the text that a wrap left alone (« Espace. ») ends a sentence.
        !ends_sentence(text)
            && (title_of(text) == Some(title)
                || marking.is_some_and(|(head, _)| title_of(head) == Some(title)))
    };
    // The part open (its title's index) and the page its heading was found on.
    let mut open: Option<(usize, usize)> = None;
    let mut page = None;
    for (i, &k) in body.iter().enumerate() {
        let first_on_page = page != Some(lines[k].line.page);
        page = Some(lines[k].line.page);
        if let (true, Some((title, at))) = (first_on_page, open)
            && at != lines[k].line.page
            && runs_under(&lines[k].line.text, title)
        {
            lines[k].kind = Kind::RunningHead;
            continue;
        }
        // A heading: this line, or it and the next one or two (a wrapped title); never
        // from the end of a sentence (« … 12. » then « Espace »).
        if ends_sentence(&lines[k].line.text) {
            continue;
        }
        let mut joined = String::new();
        for &j in body[i..].iter().take(3) {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(&lines[j].line.text);
            if let Some(title) = title_of(&joined) {
                open = Some((title, lines[k].line.page));
                break;
            }
        }
    }
}

/// The contents (a label, then entries: titles with or without dot leaders and page
/// numbers, wrapped or not) and the cover (what comes before the contents; or, without
/// contents, the lines up to the report's title and the short lines after it).
fn mark_contents_and_cover(lines: &mut [Work], titles: &[Option<String>], title: Option<&str>) {
    let body: Vec<usize> = (0..lines.len())
        .filter(|&k| lines[k].kind == Kind::Body)
        .collect();
    let label = body.iter().take(200).copied().find(|&k| {
        let t = key(&lines[k].line.text);
        CONTENTS.contains(&t.as_str())
    });
    if let Some(start) = label {
        lines[start].kind = Kind::Contents;
        let mut seen: HashSet<usize> = HashSet::new();
        let mut pending = String::new();
        for &k in body.iter().filter(|&&k| k > start) {
            let w = &lines[k];
            let entry = strip_leaders(&w.line.text);
            let t = key(&entry);
            let candidate = if pending.is_empty() {
                t.clone()
            } else {
                format!("{pending} {t}")
            };
            let title_match = titles
                .iter()
                .position(|x| x.as_deref() == Some(candidate.as_str()));
            let is_entry = if w.line.role == Role::Contents {
                true
            } else if t.is_empty() {
                // A bare page number or leaders of a wrapped entry.
                true
            } else if let Some(i) = title_match {
                if !seen.insert(i) {
                    break;
                }
                true
            } else if ANNEX.iter().any(|a| candidate.starts_with(a))
                || OPEN_POINTS.iter().any(|o| candidate == *o)
            {
                true
            } else {
                titles
                    .iter()
                    .flatten()
                    .any(|x| x.starts_with(&candidate) && x.len() > candidate.len())
            };
            if !is_entry {
                break;
            }
            pending = if title_match.is_some() || t.is_empty() || w.line.role == Role::Contents {
                String::new()
            } else if titles
                .iter()
                .flatten()
                .any(|x| x.starts_with(&candidate) && x.len() > candidate.len())
            {
                candidate
            } else {
                String::new()
            };
            lines[k].kind = Kind::Contents;
        }
        // What stands before the contents is the cover.
        for w in lines[..start].iter_mut() {
            if w.kind == Kind::Body {
                w.kind = Kind::Cover;
            }
        }
        return;
    }
    // No contents: the cover is the title (and what comes before it), then short lines
    // without a final full stop (period covered, date, draft note) on the same page.
    let Some(title) = title.map(key).filter(|t| !t.is_empty()) else {
        return;
    };
    let window: Vec<usize> = body.iter().take(60).copied().collect();
    let mut title_end: Option<usize> = None;
    'search: for n in 0..window.len() {
        let mut joined = String::new();
        for &j in window.iter().skip(n).take(10) {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(&key(&lines[j].line.text));
            if joined.contains(&title) {
                title_end = Some(j);
                break 'search;
            }
        }
    }
    // A Word title style marks the title too.
    let styled = body
        .iter()
        .copied()
        .take(60)
        .filter(|&k| lines[k].line.role == Role::Title)
        .max();
    let Some(end) = title_end.max(styled) else {
        return;
    };
    // After the title: lines standing alone (a block of one line), short, without a
    // final full stop, on the title's page: period covered, date, draft marking; and
    // the draft note.
    let page = lines[end].line.page;
    let mut last = end;
    let after: Vec<usize> = body.iter().copied().filter(|&k| k > end).collect();
    for (i, &k) in after.iter().enumerate() {
        let w = &lines[k];
        let alone = after.get(i + 1).is_none_or(|&next| {
            let n = &lines[next].line;
            n.blank_before
                || n.starts == Some(true)
                || n.role != Role::Body
                || (n.page != w.line.page && w.line.text.split_whitespace().count() <= 8)
        });
        let t = key(&w.line.text);
        let short = w.line.text.split_whitespace().count() <= 12
            && (!ends_sentence(&w.line.text) || DRAFT_NOTES.iter().any(|d| t.starts_with(d)));
        let heading = titles.iter().flatten().any(|x| *x == t);
        if w.line.role == Role::Title || (alone && short && w.line.page == page && !heading) {
            last = k;
        } else {
            break;
        }
    }
    for w in lines[..=last].iter_mut() {
        if w.kind == Kind::Body {
            w.kind = Kind::Cover;
        }
    }
}

/// An entry of the contents without its dot leaders and page number.
fn strip_leaders(text: &str) -> String {
    let mut t = text.trim_end();
    // The page number (arabic or roman), then the leaders.
    let without_number =
        t.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, 'i' | 'v' | 'x'));
    if without_number.len() < t.len()
        && (without_number.is_empty() || without_number.ends_with([' ', '.', '…', '\u{a0}', '\t']))
    {
        t = without_number;
    }
    t.trim_end_matches(|c: char| c == '.' || c == '…' || c == '·' || c.is_whitespace() || c == '_')
        .to_string()
}

/// The annex (a short line starting with « Annexe », after the body has begun) and the
/// open points, to the end of the document.
fn mark_annex(lines: &mut [Work]) {
    let mut region: Option<Kind> = None;
    let mut body_seen = 0usize;
    for w in lines.iter_mut() {
        if w.kind != Kind::Body {
            continue;
        }
        let t = key(&w.line.text);
        let short = w.line.text.split_whitespace().count() <= 12 && !ends_sentence(&w.line.text);
        if short && body_seen > 0 && OPEN_POINTS.iter().any(|o| t == *o) {
            region = Some(Kind::OpenPoints);
        } else if short
            && body_seen > 0
            && region.is_none()
            && ANNEX.iter().any(|a| {
                t == *a || t.starts_with(&format!("{a} ")) || t.starts_with(&format!("{a}:"))
            })
        {
            region = Some(Kind::Annex);
        }
        match region {
            Some(kind) => w.kind = kind,
            None => body_seen += 1,
        }
    }
}

/// Finds the headings: one to three lines (page furniture between them skipped), with
/// or without a number line before, equal to a catalog title. Returns (domain, where).
fn mark_headings(lines: &mut [Work], titles: &[Option<String>]) -> Vec<(usize, At)> {
    let body: Vec<usize> = (0..lines.len())
        .filter(|&k| lines[k].kind == Kind::Body)
        .collect();
    let mut found = Vec::new();
    let mut n = 0;
    while n < body.len() {
        let mut best: Option<(usize, usize)> = None; // (domain, lines used)
        let mut joined = String::new();
        for used in 1..=4.min(body.len() - n) {
            // The lines may straddle a page break: the furniture between them (page
            // number, running head, draft marking) is not in `body`.
            let w = &lines[body[n + used - 1]];
            let text = &w.line.text;
            if used == 1 {
                // A heading (or its number on a line of its own) starts only where a
                // paragraph may start: not « … UE-OTAN » / « 90. » wrapped from the text.
                let before = lines[..body[n]]
                    .iter()
                    .rev()
                    .find(|l| !matches!(l.kind, Kind::PageNumber | Kind::RunningHead));
                let may_start = before
                    .is_none_or(|b| b.kind != Kind::Body || ends_sentence(&b.line.text))
                    || w.line.blank_before
                    || w.line.starts == Some(true)
                    || w.line.role == Role::Heading;
                if !may_start {
                    break;
                }
                if is_bare_number(text) {
                    continue;
                }
            }
            // A number and its title go together: no blank line between them.
            if used == 2 && joined.is_empty() && w.line.blank_before {
                break;
            }
            // A title wrapped after a hyphen, or inside a word at a soft hyphen, joins
            // without a space.
            if !joined.is_empty() && !joined.ends_with('-') && !lines[body[n + used - 2]].soft_end {
                joined.push(' ');
            }
            joined.push_str(text);
            let k = key(&joined);
            // A title ends without a full stop: « Espace. » ending a sentence is text.
            if let Some(d) = titles.iter().position(|t| t.as_deref() == Some(k.as_str()))
                && !ends_sentence(text)
            {
                best = Some((d, used));
            }
            if !titles.iter().flatten().any(|t| t.starts_with(&k)) {
                break;
            }
        }
        match best {
            Some((domain, used)) => {
                let first = &lines[body[n]];
                found.push((domain, at(&first.line)));
                for k in &body[n..n + used] {
                    lines[*k].kind = Kind::Heading(domain);
                }
                n += used;
            }
            None => n += 1,
        }
    }
    found
}

/// A paragraph and the domain it falls under.
struct Paragraph {
    text: String,
    owner: Option<usize>,
    lines: Vec<(At, String)>,
}

/// Paragraphs of the body, each under the heading before it (`None`: before any).
fn make_paragraphs(
    lines: &[Work],
    format: Format,
    vocabulary: &HashSet<String>,
    external: &HashSet<String>,
) -> (Vec<Paragraph>, &'static str) {
    // Body lines, in order, with the heading they follow.
    let mut owner: Option<usize> = None;
    let mut items: Vec<(usize, Option<usize>, bool)> = Vec::new(); // (line, owner, after heading)
    let mut after_heading = true;
    for (k, w) in lines.iter().enumerate() {
        match w.kind {
            Kind::Heading(d) => {
                owner = Some(d);
                after_heading = true;
            }
            Kind::Body => {
                items.push((k, owner, after_heading));
                after_heading = false;
            }
            Kind::Cover | Kind::Contents => after_heading = true,
            _ => {}
        }
    }
    // Does the text mark paragraphs with blank lines? (Counted between two lines of
    // the body on one page.)
    let same_page_pairs: Vec<(usize, usize)> = items
        .windows(2)
        .filter(|p| !p[1].2 && lines[p[0].0].line.page == lines[p[1].0].line.page)
        .map(|p| (p[0].0, p[1].0))
        .collect();
    let blank_separated = same_page_pairs
        .iter()
        .filter(|(_, b)| lines[*b].line.blank_before)
        .count();
    let blank_mode = format == Format::Text
        && blank_separated > 0
        && (blank_separated * 40 >= same_page_pairs.len() || same_page_pairs.len() < 40);
    // In a text with blank lines, does a page that starts a paragraph say so with a
    // blank line after its furniture? Then a page top without one goes on. Only when
    // some page tops have that blank line and others not: a blank line after every
    // running head is the page's layout (pdftotext -layout under a draft marking).
    let tops: Vec<bool> = items
        .windows(2)
        .filter(|p| lines[p[0].0].line.page != lines[p[1].0].line.page && !p[1].2)
        .map(|p| lines[p[1].0].line.blank_before)
        .collect();
    let blank_page_tops = blank_mode && tops.contains(&true) && tops.contains(&false);
    // Full line length of the text, for texts without blank lines.
    let full = typical_full_length(items.iter().map(|i| lines[i.0].line.text.as_str()));
    let from = match (format, blank_mode) {
        (Format::Docx, _) => "Word paragraphs",
        (Format::Pdf, _) => "the PDF's layout (gaps, indents, short last lines)",
        (Format::Text, true) => "blank lines",
        (Format::Text, false) => {
            "line lengths and final punctuation (the text has no blank lines between paragraphs)"
        }
    };

    // Hyphenated compounds by their letters (`civilomilitaire` → `civilo-militaire`).
    let compounds: std::collections::HashMap<String, &str> = vocabulary
        .iter()
        .filter(|w| w.contains('-'))
        .map(|w| (w.replace('-', ""), w.as_str()))
        .collect();
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut current_owner: Option<usize> = None;
    let flush = |current: &mut Vec<usize>, owner: Option<usize>, out: &mut Vec<Paragraph>| {
        if current.is_empty() {
            return;
        }
        let mut text = join_lines(current.iter().map(|&k| &lines[k]), vocabulary);
        if format == Format::Text {
            text = restore_compounds(&text, &compounds, external);
        }
        out.push(Paragraph {
            text,
            owner,
            lines: current
                .iter()
                .map(|&k| (at(&lines[k].line), lines[k].line.text.clone()))
                .collect(),
        });
        current.clear();
    };
    let mut prev: Option<usize> = None;
    for &(k, own, after_heading) in &items {
        let w = &lines[k];
        let starts = match prev {
            _ if after_heading || own != current_owner => true,
            None => true,
            Some(p) => {
                let before = &lines[p];
                if before.line.page != w.line.page {
                    // A page top: a new paragraph where the layout shows the last line
                    // had room to go on (a line inside a paragraph never has room for
                    // the next one's first word, justified or not, even when it ends a
                    // sentence); without a layout, after a finished sentence.
                    if blank_page_tops {
                        w.line.blank_before
                    } else if let (Some(b), Some(n)) = (before.line.geo, w.line.geo) {
                        b.has_room_for(&n)
                    } else {
                        ends_sentence(&before.line.text) && starts_like_a_paragraph(&w.line.text)
                    }
                } else {
                    match format {
                        Format::Docx => true,
                        Format::Pdf => w.line.starts.unwrap_or(false),
                        Format::Text if blank_mode => w.line.blank_before,
                        Format::Text => {
                            w.line.blank_before
                                || (ends_sentence(&before.line.text)
                                    && starts_like_a_paragraph(&w.line.text)
                                    && would_fit_chars(&before.line.text, &w.line.text, full))
                        }
                    }
                }
            }
        };
        if starts {
            flush(&mut current, current_owner, &mut out);
            current_owner = own;
        }
        current.push(k);
        prev = Some(k);
    }
    flush(&mut current, current_owner, &mut out);
    (join_cut_paragraphs(out), from)
}

/// The width of a full line: nine lines in ten of a wrapped text are no longer (the
/// longest few are headings or tables).
fn typical_full_length<'a>(texts: impl Iterator<Item = &'a str>) -> f64 {
    let mut widths: Vec<f64> = texts.map(text_width).collect();
    if widths.is_empty() {
        return 0.0;
    }
    widths.sort_by(f64::total_cmp);
    widths[(widths.len() * 9 / 10).min(widths.len() - 1)]
}

/// About how wide a text is printed, in ems of a common proportional font: a text keeps
/// no widths, and counting characters alone would take « mmm » for « iii ».
fn text_width(text: &str) -> f64 {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> f64 {
    // The letter without its accent.
    let base = match c {
        'à' | 'â' | 'ä' | 'á' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' => 'i',
        'ô' | 'ö' | 'ó' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ç' => 'c',
        'É' | 'È' | 'Ê' => 'E',
        'À' | 'Â' => 'A',
        c => c,
    };
    match base {
        ' ' | '\u{a0}' => 0.32,
        'i' | 'l' | 'j' | '\'' | '’' | ',' | '.' | ':' | ';' | '|' | '!' => 0.28,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '-' | '\u{202f}' => 0.37,
        'm' | 'w' => 0.86,
        'M' | 'W' | 'œ' | 'æ' | 'Œ' | 'Æ' => 0.92,
        '«' | '»' => 0.5,
        c if c.is_uppercase() => 0.7,
        c if c.is_ascii_digit() => 0.6,
        _ => 0.54,
    }
}

/// Whether the first word of `next` would have fit on `before`, by estimated widths (a
/// text keeps no widths: this is a guess, so a break is only made where the room is
/// clear; a paragraph whose last line is nearly full is joined to the next one).
fn would_fit_chars(before: &str, next: &str, full: f64) -> bool {
    let first = next.split_whitespace().next().unwrap_or("");
    text_width(before) + char_width(' ') + text_width(first) < full
}

/// A paragraph that ends without final punctuation, followed by one that starts in lower
/// case under the same heading, is one paragraph cut in two (by a page break).
fn join_cut_paragraphs(paragraphs: Vec<Paragraph>) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        if let Some(prev) = out.last_mut()
            && prev.owner == p.owner
            && is_cut(&prev.text, &p.text)
        {
            prev.text.push(' ');
            prev.text.push_str(&p.text);
            prev.lines.extend(p.lines);
            continue;
        }
        out.push(p);
    }
    out
}

/// Whether `first` looks cut off and `next` looks like its continuation.
pub fn is_cut(first: &str, next: &str) -> bool {
    let ends_open = first.trim_end().chars().last().is_some_and(|c| {
        !matches!(
            c,
            '.' | '!' | '?' | ':' | ';' | '…' | '»' | '"' | ')' | ']' | '”'
        )
    });
    let starts_lower = next
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    ends_open && starts_lower
}

/// Joins a paragraph's lines: with a space; with nothing after a soft hyphen; across a
/// line-end hyphen, without it when the joined word is known (`coopé-` + `ration`),
/// keeping it otherwise (`civilo-` + `militaire`).
fn join_lines<'a>(lines: impl Iterator<Item = &'a Work>, vocabulary: &HashSet<String>) -> String {
    let mut out = String::new();
    let mut soft = false;
    for w in lines {
        let text = &w.line.text;
        if !out.is_empty() {
            if soft {
                // The word goes on.
            } else if out.ends_with('-')
                && out[..out.len() - 1]
                    .chars()
                    .last()
                    .is_some_and(char::is_alphabetic)
            {
                let head: String = out[..out.len() - 1]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let tail: String = text.chars().take_while(|c| c.is_alphabetic()).collect();
                let joined = format!("{head}{tail}").to_lowercase();
                if !tail.is_empty() && vocabulary.contains(&joined) {
                    out.pop();
                }
            } else {
                out.push(' ');
            }
        }
        out.push_str(text);
        soft = w.soft_end;
    }
    out
}

/// The words the document spells whole (not broken at a line end), lower case.
fn own_vocabulary(lines: &[Work]) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut broken_before = false;
    for w in lines {
        let words: Vec<&str> = w
            .line
            .text
            .split(|c: char| !c.is_alphabetic())
            .filter(|s| !s.is_empty())
            .collect();
        let broken_after = w.soft_end || w.line.text.ends_with('-');
        let n = words.len();
        for (i, word) in words.into_iter().enumerate() {
            if (i == 0 && broken_before) || (i + 1 == n && broken_after) {
                continue;
            }
            out.insert(word.to_lowercase());
        }
        for token in w
            .line
            .text
            .split(|c: char| !(c.is_alphabetic() || c == '-'))
        {
            let token = token.trim_matches('-');
            if token.contains('-') && !token.contains("--") {
                out.insert(token.to_lowercase());
            }
        }
        broken_before = broken_after;
    }
    out
}

/// Words of texts (lower case), for [`analyse`]'s vocabulary.
pub fn words_of<'a>(texts: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    let mut out = HashSet::new();
    for text in texts {
        add_words(text, &mut out);
    }
    out
}

/// Adds a text's words, and its hyphenated compounds whole (`civilo-militaire`).
fn add_words(text: &str, out: &mut HashSet<String>) {
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|s| !s.is_empty())
    {
        out.insert(word.to_lowercase());
    }
    for token in text.split(|c: char| !(c.is_alphabetic() || c == '-')) {
        let token = token.trim_matches('-');
        if token.contains('-') && !token.contains("--") {
            out.insert(token.to_lowercase());
        }
    }
}

/// Puts back the hyphen of compounds that a text extraction joined at a line end
/// (`pdftotext` gives « civilomilitaire » for « civilo- / militaire »): a word that is not
/// known outside the document (`external`: the edition, the termbase), while the same
/// letters with a hyphen are known.
fn restore_compounds(
    text: &str,
    compounds: &std::collections::HashMap<String, &str>,
    external: &HashSet<String>,
) -> String {
    if compounds.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let lower = word.to_lowercase();
        match compounds.get(&lower) {
            Some(hyphenated) if !external.contains(&lower) => {
                // The hyphens go where the compound has them; the letters keep their case.
                let mut letters = word.chars();
                for c in hyphenated.chars() {
                    if c == '-' {
                        out.push('-');
                    } else if let Some(l) = letters.next() {
                        out.push(l);
                    }
                }
            }
            _ => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for yes in ["12", "- 12 -", "Page 3", "3/45", "p. 3 sur 45", "iv"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["Le 12 mai.", "CBRN", ""] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn keys_ignore_numbering_case_and_typography() {
        assert_eq!(
            key("2. Lutte contre le terrorisme"),
            "lutte contre le terrorisme"
        );
        assert_eq!(key("II. ESPACE"), "espace");
        assert_eq!(key("10) Normes :"), "normes");
        assert_eq!(key("CBRN"), "cbrn");
        assert_eq!(key("Incidences de l’UE"), "incidences de l'ue");
    }

    #[test]
    fn leaders_and_page_numbers_are_stripped_from_contents_entries() {
        assert_eq!(
            strip_leaders("1. Dialogue politique . . . . . . 4"),
            "1. Dialogue politique"
        );
        assert_eq!(
            strip_leaders("3. Résilience............ 12"),
            "3. Résilience"
        );
        assert_eq!(
            strip_leaders("Annexe : propositions communes"),
            "Annexe : propositions communes"
        );
        assert_eq!(strip_leaders("4"), "");
    }

    #[test]
    fn hyphens_rejoin_only_known_words() {
        let vocabulary: HashSet<String> = ["coopération".to_string()].into();
        let work = |t: &str| Work {
            line: Line {
                text: t.into(),
                page: 1,
                line: 1,
                blank_before: false,
                starts: None,
                geo: None,
                role: Role::Body,
            },
            soft_end: false,
            kind: Kind::Body,
        };
        let lines = [
            work("la coopé-"),
            work("ration civilo-"),
            work("militaire."),
        ];
        assert_eq!(
            join_lines(lines.iter(), &vocabulary),
            "la coopération civilo-militaire."
        );
    }

    #[test]
    fn ligatures_and_soft_hyphens() {
        assert_eq!(
            normalise_line("déﬁs  et  eﬀorts"),
            ("défis et efforts".into(), false)
        );
        assert_eq!(normalise_line("propo\u{ad}"), ("propo".into(), true));
        assert_eq!(
            normalise_line("co\u{ad}opération"),
            ("coopération".into(), false)
        );
    }

    fn catalog(lead: bool) -> Catalog {
        use crate::model::{DomainCatalog, ProposalRegistry, Termbase};
        let mut yaml = String::from("domains:\n");
        if lead {
            yaml.push_str("  - {slug: introduction, heading: false, title: {fr: Introduction}}\n");
        }
        yaml.push_str(
            "  - {slug: hybrid, title: {fr: Lutte contre les menaces hybrides et réponse aux autres défis communs}}
  - {slug: space, title: {fr: Espace}}
  - {slug: closing, heading: false, title: {fr: Conclusion}}
",
        );
        let domains: DomainCatalog = serde_saphyr::from_str(&yaml).unwrap();
        Catalog {
            domains,
            proposals: ProposalRegistry {
                sets: vec![],
                proposals: vec![],
            },
            terms: Termbase::default(),
        }
    }

    fn split(text: &str, lead: bool) -> Analysis {
        let doc = super::super::document::read_text(text);
        analyse(&doc, &catalog(lead), "fr", None, &HashSet::new())
    }

    fn paragraphs(a: &Analysis, slug: &str) -> Vec<String> {
        a.rows
            .iter()
            .find(|r| r.slug == slug)
            .unwrap()
            .paragraphs
            .clone()
    }

    #[test]
    fn a_heading_wrapped_across_a_page_break_with_furniture_between() {
        let text = "Rapport 2026\nIntroduction, premier paragraphe.\n2. LUTTE CONTRE LES MENACES HYBRIDES ET\n\n3\n\u{c}Rapport 2026\nRÉPONSE AUX AUTRES DÉFIS COMMUNS\nLe texte du domaine.\nII. Espace\nDans ce domaine.\nDernier paragraphe.\n\n4\n\u{c}Rapport 2026\n";
        let a = split(text, true);
        assert!(a.problems().is_empty(), "{:?}", a.problems());
        assert_eq!(
            paragraphs(&a, "introduction"),
            ["Introduction, premier paragraphe."]
        );
        assert_eq!(paragraphs(&a, "hybrid"), ["Le texte du domaine."]);
        assert_eq!(paragraphs(&a, "space"), ["Dans ce domaine."]);
        assert_eq!(paragraphs(&a, "closing"), ["Dernier paragraphe."]);
        assert_eq!(a.left_out.page_numbers, 2);
        assert_eq!(a.left_out.running_heads, 3);
        let Found::Heading(at) = &a.rows[1].found else {
            panic!()
        };
        assert_eq!(at, &[At { page: 1, line: 3 }]);
    }

    #[test]
    fn a_running_head_naming_the_part_a_page_continues_is_not_its_heading_again() {
        // The PDF `build` makes heads each page with the part it continues (a draft's
        // with « PROJET » after it); pdftotext gives it as the page's first line.
        for head in ["Espace", "2. Espace", "2. Espace PROJET"] {
            let text = format!(
                "Introduction.\n\nLutte contre les menaces hybrides et réponse aux autres défis communs\n\nTexte.\n\n2. Espace\n\nLe premier paragraphe qui va sur la page\n\n1\n\x0c{head}\n\nsuivante.\n\nLe second.\n\n2\n\x0c{head}\n\nDernier paragraphe.\n"
            );
            let a = split(&text, true);
            assert!(a.problems().is_empty(), "{head}: {:?}", a.problems());
            assert_eq!(a.left_out.running_heads, 2, "{head}");
            assert_eq!(
                paragraphs(&a, "space"),
                [
                    "Le premier paragraphe qui va sur la page suivante.",
                    "Le second."
                ],
                "{head}"
            );
            assert_eq!(paragraphs(&a, "closing"), ["Dernier paragraphe."], "{head}");
        }
    }

    #[test]
    fn a_page_top_after_a_full_stop_starts_a_paragraph_in_a_text_without_blank_lines() {
        // pdftotext without -layout: no blank lines, a page number and a form feed
        // between pages.
        let text = "Espace\nUne phrase qui finit la page.\n1\n\u{c}Un nouveau paragraphe qui\ncontinue ici sans point\n2\n\u{c}et se termine enfin.\nUn autre.\n3\n\u{c}";
        let a = split(text, false);
        assert_eq!(
            paragraphs(&a, "space"),
            [
                "Une phrase qui finit la page.",
                "Un nouveau paragraphe qui continue ici sans point et se termine enfin."
            ]
        );
        assert_eq!(paragraphs(&a, "closing"), ["Un autre."]);
    }

    #[test]
    fn lines_no_domain_takes_are_refused_beyond_a_few() {
        // Without an unheaded first domain, text before the first heading has no home.
        let text = "Un.\n\nDeux.\n\nTrois.\n\nQuatre.\n\nLutte contre les menaces hybrides et réponse aux autres défis communs\n\nTexte.\n\nEspace\n\nTexte.\n\nFin.\n";
        let a = split(text, false);
        assert_eq!(a.unattributed.len(), 4);
        assert!(
            a.problems()[0].contains("4 lines cannot be attributed"),
            "{:?}",
            a.problems()
        );
        let a = split(&text[5..], false);
        assert_eq!(a.unattributed.len(), 3);
        assert!(a.problems().is_empty(), "{:?}", a.problems());
    }

    #[test]
    fn cut_detection() {
        assert!(is_cut("l'approvisionnement en", "carburant en période"));
        assert!(!is_cut("Fin.", "carburant"));
        assert!(!is_cut("Dialogue politique", "Le dialogue"));
    }
}
