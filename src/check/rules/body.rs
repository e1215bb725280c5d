//! B: body. The paragraphs themselves: one cut in two by a page break of the PDF the text
//! came from, one that appears twice.

use std::hash::{BuildHasher, Hasher};

use foldhash::{HashMap, HashMapExt};

use super::reading_order_indexed;
use crate::check::diagnostic::{Diagnostic, Edit, Severity};
use crate::check::registry::Rule;
use crate::check::{Ctx, Facts as CheckFacts};
use crate::load::Section;
use std::ops::Range;

use crate::escape::{has_controls, is_bidi_control, is_control, is_zero_width};
use crate::load::SourceFile;
use crate::msg;

pub const PARAGRAPH_CUT: Rule = Rule {
    code: "B001",
    name: "paragraph-cut",
    severity: Severity::Error,
    summary: "A paragraph ends without final punctuation and the next one starts in lower \
              case: one paragraph cut in two.",
    why: "Text copied from a PDF keeps its page breaks as blank lines in the middle of a \
          sentence; the report would print one sentence as two paragraphs.",
    example: "`… l'approvisionnement en` / blank line / `carburant …`. Fix: join them with \
              one space.",
    fixable: true,
};

pub const DUPLICATE_PARAGRAPH: Rule = Rule {
    code: "B002",
    name: "duplicate-paragraph",
    severity: Severity::Error,
    summary: "A paragraph appears twice in the edition (same language, same words).",
    why: "A repeated paragraph is a copy-and-paste slip: a reader sees the same text twice, \
          and one copy is usually out of date.",
    example: "The same paragraph in `cyber` and in `resilience`. Fix: keep it where it \
              belongs, delete the other.",
    fixable: false,
};

pub const CONTROL_CHARACTER: Rule = Rule {
    code: "B003",
    name: "control-character",
    severity: Severity::Error,
    summary: "The text holds an invisible control character (NUL, BEL, ESC, a form feed…), \
              a bidirectional override (U+202E…), or a zero-width character inside a word; \
              in a section, the catalog, drafts/report.yaml or drafts/signoffs.yaml.",
    why: "Control characters are not text. They come from a copy out of another program or \
          a damaged file; they print as nothing or as garbage, can make a terminal or a \
          converter misbehave, and make one word two different strings for searches and \
          the year-over-year diff. A bidirectional override reorders what a reader sees \
          (the text reviewed is not the text shown); a zero-width space inside `O\u{200B}TAN` \
          makes a word that looks right but is not one for any search or rule. The built \
          document leaves controls and overrides out; terminals show them escaped.",
    example: "`la coopération` followed by an invisible ESC (U+001B) pasted from a terminal; \
              `O\u{200B}TAN`. Fix: delete the character.",
    fixable: true,
};

/// Signs a paragraph may end with (before closing quotes and brackets).
fn ends_sentence(paragraph: &str) -> bool {
    let trimmed = paragraph.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '»' | '"' | '”' | '’' | ')' | ']' | '*' | '^')
    });
    trimmed
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '…' | ':' | ';'))
}

/// A control character's name, for the message.
fn control_name(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\u{7}' => "BEL",
        '\u{8}' => "backspace",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{1b}' => "ESC",
        '\u{7f}' => "DEL",
        '\u{200b}' => "zero width space",
        '\u{200c}' => "zero width non-joiner",
        '\u{200d}' => "zero width joiner",
        '\u{2060}' => "word joiner",
        '\u{feff}' => "byte order mark",
        '\u{202a}' => "left-to-right embedding",
        '\u{202b}' => "right-to-left embedding",
        '\u{202c}' => "pop directional formatting",
        '\u{202d}' => "left-to-right override",
        '\u{202e}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        _ => "",
    };
    if name.is_empty() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} ({name})", c as u32)
    }
}

/// B003: control characters and bidirectional overrides in the paragraphs, and
/// zero-width characters inside words; a run of them one finding.
fn check_controls(ctx: &mut Ctx, section: &Section) {
    let file = &section.file;
    for range in &section.paragraphs {
        report_controls(ctx, file, range.clone(), true);
    }
}

/// B003 in `range` of `file`. With `fix`, each finding deletes what it reports.
fn report_controls(ctx: &mut Ctx, file: &SourceFile, range: Range<usize>, fix: bool) {
    let text = &file.text[range.clone()];
    // Most paragraphs hold none: one pass over the bytes says so.
    if !has_controls(text) {
        return;
    }
    let mut chars = text.char_indices().peekable();
    let mut before: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        // A zero-width character counts inside a word only: between two letters or
        // digits (a joiner between emoji, or at a word's edge, is left alone).
        let hidden = |c: char, before: Option<char>, after: Option<char>| {
            is_control(c)
                || (is_zero_width(c)
                    && before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
        };
        let next_visible = |from: &std::iter::Peekable<std::str::CharIndices>| {
            from.clone().map(|(_, n)| n).find(|&n| !is_zero_width(n))
        };
        if !hidden(c, before, next_visible(&chars)) {
            before = Some(c);
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = chars.peek() {
            let rest = {
                let mut after = chars.clone();
                after.next();
                next_visible(&after)
            };
            if !hidden(n, before, rest) {
                break;
            }
            end = j + n.len_utf8();
            chars.next();
        }
        let span = range.start + i..range.start + end;
        let what = if is_control(c) && !is_bidi_control(c) {
            format!("control character {}", control_name(c))
        } else if is_bidi_control(c) {
            format!(
                "bidirectional control {} (it reorders the text a reader sees)",
                control_name(c)
            )
        } else {
            format!("zero-width character {} inside a word", control_name(c))
        };
        let message: crate::lang::Message = if is_control(c) && !is_bidi_control(c) {
            msg!("B003", character = control_name(c))
        } else {
            format!("{what} in the text").into()
        };
        let mut diagnostic = Diagnostic::new(&CONTROL_CHARACTER, file, span.clone(), message);
        diagnostic = if fix {
            diagnostic.with_fix("delete the character", vec![Edit::new(file, span, "")])
        } else {
            diagnostic
                .with_help("delete the character (an editor that shows invisible characters helps)")
        };
        ctx.report(diagnostic);
    }
}

/// B003 in the values of the catalog and drafts/report.yaml that reach the documents
/// and terminals: titles, names, issuers, waiver reasons. Written in YAML as escapes
/// (`"\e[2J"`, `"\u202E"`), they are found in the parsed values, and reported at the
/// value's place, without a fix (a YAML file is edited by hand).
fn check_yaml_controls(ctx: &mut Ctx) {
    let edition = ctx.edition;
    let catalog = &edition.catalog;
    let meta = &edition.meta.value;
    // Nearly always nothing to report: one pass over each value's bytes says so.
    let hides = |text: &str| has_controls(text) && text.chars().any(is_control);
    let mut found: Vec<(&SourceFile, String, &str)> = Vec::new();
    let domains = &edition.catalog_files.domains;
    for (i, area) in catalog.domains.areas.iter().enumerate() {
        for (lang, name) in area.name.iter().filter(|(_, n)| hides(n)) {
            found.push((domains, format!("/areas/{i}/name/{lang}"), name));
        }
    }
    for (i, domain) in catalog.domains.domains.iter().enumerate() {
        for (lang, title) in domain.title.iter().filter(|(_, t)| hides(t)) {
            found.push((domains, format!("/domains/{i}/title/{lang}"), title));
        }
    }
    let proposals = &edition.catalog_files.proposals;
    for (i, proposal) in catalog.proposals.proposals.iter().enumerate() {
        for (lang, title) in proposal.title.iter().filter(|(_, t)| hides(t)) {
            found.push((proposals, format!("/proposals/{i}/title/{lang}"), title));
        }
    }
    let report = &edition.meta.file;
    for (lang, title) in meta.title.iter().filter(|(_, t)| hides(t)) {
        found.push((report, format!("/title/{lang}"), title));
    }
    for (lang, issuers) in &meta.issuers {
        for (j, issuer) in issuers.iter().enumerate().filter(|(_, i)| hides(i)) {
            found.push((report, format!("/issuers/{lang}/{j}"), issuer));
        }
    }
    for (id, waiver) in &meta.waivers {
        for lang in &meta.languages {
            if let Some(reason) = waiver
                .reason(lang, meta.first_language())
                .filter(|r| hides(r))
            {
                found.push((report, format!("/waivers/{id}"), reason));
            }
        }
    }
    found.dedup_by(|a, b| a.1 == b.1);
    for (file, pointer, value) in found {
        let span = super::yaml_span(file, &pointer, false);
        let c = value.chars().find(|&c| is_control(c)).unwrap_or('\0');
        ctx.report(
            Diagnostic::new(
                &CONTROL_CHARACTER,
                file,
                span,
                format!(
                    "{} in `{}`: documents leave it out, terminals show it escaped",
                    if is_bidi_control(c) {
                        format!("bidirectional control {}", control_name(c))
                    } else {
                        format!("control character {}", control_name(c))
                    },
                    crate::escape::one_line(value, 80)
                ),
            )
            .with_help("delete the escape from the value"),
        );
    }
}

/// What the work across files needs of a section: the key of each paragraph long
/// enough to count as a duplicate.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    /// (hash of the paragraph's words, paragraph index).
    keys: Vec<(u64, usize)>,
}

/// The words of a paragraph, however they are spaced: two paragraphs with the same words
/// in the same order are the same paragraph.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
}

/// Reports the B findings of one section file (paragraphs cut in two, control
/// characters) and keys its paragraphs for the duplicate search.
pub fn check_section(ctx: &mut Ctx, section: &Section, facts: &mut CheckFacts) {
    check_controls(ctx, section);
    let file = &section.file;
    for (i, range) in section.paragraphs.iter().enumerate() {
        let text = &file.text[range.clone()];
        if let Some(next) = section.paragraphs.get(i + 1)
            && !ends_sentence(text)
            && file.text[next.clone()]
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        {
            let end = range.end;
            let (line, _) = file.line_col(next.start);
            ctx.report(
                Diagnostic::new(&PARAGRAPH_CUT, file, end..end, msg!("B001", line = line))
                    .with_fix(
                        "join the two paragraphs",
                        vec![Edit::new(file, end..next.start, " ")],
                    ),
            );
        }
        // Paragraphs are found by a hash of their words, then compared word by word (no
        // list of words is built: this is every word of the edition). The seed is fixed:
        // the language server keeps a file's keys from one run to the next.
        let (key, count) = words_hash(&foldhash::fast::FixedState::default(), text);
        if count >= 4 {
            facts.body.keys.push((key, i));
        }
    }
}

/// Reports the B findings across files: a paragraph that already appeared, in reading
/// order, in the same language.
pub fn check(ctx: &mut Ctx) {
    check_yaml_controls(ctx);
    let edition = ctx.edition;
    let facts = ctx.facts();
    for lang in &edition.meta.value.languages {
        // Key → the paragraphs (section, index) that first had it: one, unless two
        // different paragraphs share a hash.
        let mut first: HashMap<u64, Vec<(&Section, usize)>> = HashMap::new();
        for (index, section) in reading_order_indexed(edition, lang) {
            for &(key, p) in &facts[index].body.keys {
                let text = section.paragraph(p);
                let earlier = first.entry(key).or_default();
                match earlier
                    .iter()
                    .find(|(s, q)| words(s.paragraph(*q)).eq(words(text)))
                {
                    Some((s, q)) => {
                        let (line, _) = s.file.line_col(s.paragraphs[*q].start);
                        ctx.report(
                            Diagnostic::new(
                                &DUPLICATE_PARAGRAPH,
                                &section.file,
                                section.paragraphs[p].clone(),
                                msg!("B002", at = format!("{}:{line}", s.file.path)),
                            )
                            .with_help(msg!("B002-help")),
                        );
                    }
                    None => earlier.push((section, p)),
                }
            }
        }
    }
}

/// A hash of a text's words (not of its spacing), and how many there are.
fn words_hash(hasher: &impl BuildHasher, text: &str) -> (u64, usize) {
    let mut state = hasher.build_hasher();
    let mut count = 0;
    for word in text.split_whitespace() {
        state.write(word.as_bytes());
        state.write_u8(0xFF);
        count += 1;
    }
    (state.finish(), count)
}

#[cfg(test)]
mod tests {
    use super::ends_sentence;

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("Fin."));
        assert!(ends_sentence("« Fin. »"));
        assert!(ends_sentence("(avril)."));
        assert!(!ends_sentence("l'approvisionnement en"));
        assert!(!ends_sentence("le 24^e^"));
    }
}
