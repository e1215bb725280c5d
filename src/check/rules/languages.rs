//! L: languages. When an edition has more than one language, each language version says
//! the same thing: the same sections, the same proposals, and paragraph by paragraph the
//! same numbers. The reference the others are compared with is the drafting language
//! (`source:` in drafts/report.yaml), or else the first language of `languages`.
//!
//! Paragraphs are compared by position, except in a translated section whose record
//! fits (see `translate::align`): there each translated paragraph is compared with the
//! source paragraph it translates, so that one paragraph inserted in the source does not
//! make every later one look different, and a difference in paragraph counts, or a
//! paragraph whose source changed since its translation, is the F rules' to report.

use std::collections::{BTreeMap, BTreeSet};

use super::reading_order;
use super::typography::style_of;
use crate::check::Ctx;
use crate::check::diagnostic::{Diagnostic, Severity};
use crate::check::registry::Rule;
use crate::lang::Message;
use crate::load::{Edition, Section};
use crate::msg;
use crate::translate::align::{Fate, Tracking, source_language};

pub const DOMAINS_DIFFER: Rule = Rule {
    code: "L001",
    name: "domain-in-one-language-only",
    severity: Severity::Error,
    summary: "A section's domain exists in one language and not in another (for domains \
              outside the catalog, which `missing-domain` does not cover).",
    why: "Each language version is the same report: a section present in one language only \
          is a hole in the other.",
    example: "`drafts/fr/21-annexe.md` says `domain: annex`, and no English file does. Fix: \
              add the English section, or remove the French one.",
    fixable: false,
};

pub const PROPOSALS_DIFFER: Rule = Rule {
    code: "L002",
    name: "proposals-differ-between-languages",
    severity: Severity::Error,
    summary: "The same domain lists different proposals in two languages.",
    why: "A section reports on the same proposals in every language; a difference means one \
          front matter was not updated.",
    example: "`fr` lists `[2017-06, 2017-07]`, `en` lists `[2017-06]`. Fix: add `2017-07` to \
              the English front matter.",
    fixable: false,
};

pub const NUMBERS_DIFFER: Rule = Rule {
    code: "L003",
    name: "numbers-differ-between-languages",
    severity: Severity::Error,
    summary: "A paragraph does not have the same numbers as its counterpart in the reference \
              language.",
    why: "Figures, dates and counts are where translations go wrong unnoticed. Written forms \
          are compared after normalisation (`90 000` = `90,000`, `5 %` = `5%`, `24^e^` = \
          `24th`, `1er` = `1st`), so only real differences show.",
    example: "`plus de 340 exposés` and `more than 430 briefings`. Fix: correct the wrong one.",
    fixable: false,
};

pub const PARAGRAPH_COUNT_DIFFERS: Rule = Rule {
    code: "L004",
    name: "paragraph-count-differs",
    severity: Severity::Warning,
    summary: "A section has a different number of paragraphs than in the reference language.",
    why: "Translations keep the paragraphs of the original; a missing or split paragraph \
          also makes the paragraph-by-paragraph comparison of numbers unreliable.",
    example: "`fr` has 9 paragraphs in `cyber`, `en` has 8. Fix: translate the missing one.",
    fixable: false,
};

pub const MARKUP_DIFFERS: Rule = Rule {
    code: "L005",
    name: "inline-markup-differs",
    severity: Severity::Warning,
    summary: "A translated paragraph does not have the emphasis, bold runs and superscripts \
              of its source paragraph.",
    why: "Markup lost or added in translation makes the language versions read \
          differently: `24^e^` in French and `24th` in English, an emphasis in one only. CAT \
          tools carry the markup as tags (`rapporteur xliff export`), and `xliff import` \
          refuses a target that drops one; text typed by hand is checked here.",
    example: "`drafts/fr/16-…md` says `la 24^e^ conférence`, `drafts/en/16-…md` says `the \
              24th conference`. Fix: `the 24^th^ conference`.",
    fixable: false,
};

pub const MARKUP_LEFT_OPEN: Rule = Rule {
    code: "L006",
    name: "inline-markup-left-open",
    severity: Severity::Error,
    summary: "A translation holds an emphasis or a superscript left open (`24^th`, \
              `*seconde`): it would be printed as typed, caret or asterisk included.",
    why: "An unclosed marker is not markup: every format prints it as a character. In the \
          drafting language a drafter sees the rendered text soon; a translation typed by \
          hand is read less often, so it is checked here.",
    example: "`le 24^th sommet` in `drafts/en/08-cyber.md`. Fix: close it, `24^th^` (or write \
              `\\^` for a caret that is meant).",
    fixable: false,
};

/// Reports the L family.
pub fn check(ctx: &mut Ctx) {
    let edition = ctx.edition;
    let languages = &edition.meta.value.languages;
    if languages.len() < 2 {
        return;
    }
    let reference: &str = source_language(edition).unwrap_or(&languages[0]);
    let base = sections_by_domain(edition, reference);
    for lang in languages.iter().filter(|l| *l != reference) {
        let other = sections_by_domain(edition, lang);
        for (missing_in, present) in [(lang.as_str(), &base), (reference, &other)] {
            let there = if missing_in == lang { &other } else { &base };
            for (domain, section) in present.iter() {
                if there.contains_key(domain) || edition.catalog.domain(domain).is_some() {
                    continue;
                }
                ctx.report(
                    Diagnostic::new(
                        &DOMAINS_DIFFER,
                        &section.file,
                        section.front_span("/domain"),
                        msg!(
                            "L001",
                            domain = *domain,
                            lang = &section.lang,
                            missing_in = missing_in
                        ),
                    )
                    .with_help(msg!("L001-help", missing_in = missing_in)),
                );
            }
        }
        for (domain, theirs) in &other {
            let Some(ours) = base.get(domain) else {
                continue;
            };
            compare_proposals(ctx, ours, theirs);
            stray_markup(ctx, theirs);
            let pairs = match aligned_pairs(ctx, ours, theirs) {
                Some(pairs) => pairs,
                None => compare_paragraphs(ctx, ours, theirs),
            };
            compare_numbers(ctx, ours, theirs, &pairs);
            compare_markup(ctx, ours, theirs, &pairs);
        }
    }
}

/// A language's sections by domain (the first one when there are duplicates).
fn sections_by_domain<'a>(edition: &'a Edition, lang: &'a str) -> BTreeMap<&'a str, &'a Section> {
    let mut map = BTreeMap::new();
    for s in reading_order(edition, lang) {
        if let Some(d) = s.domain() {
            map.entry(d).or_insert(s);
        }
    }
    map
}

fn compare_proposals(ctx: &mut Ctx, ours: &Section, theirs: &Section) {
    let (Some(a), Some(b)) = (ours.front_matter(), theirs.front_matter()) else {
        return;
    };
    let a: BTreeSet<&str> = a.proposals.iter().map(String::as_str).collect();
    let b: BTreeSet<&str> = b.proposals.iter().map(String::as_str).collect();
    if a == b {
        return;
    }
    let missing: Vec<&str> = a.difference(&b).copied().collect();
    let extra: Vec<&str> = b.difference(&a).copied().collect();
    ctx.report(
        Diagnostic::new(
            &PROPOSALS_DIFFER,
            &theirs.file,
            theirs.front_span("/proposals"),
            msg!(
                "L002",
                lang = &ours.lang,
                path = &ours.file.path,
                which = which(&missing, &extra),
                missing = missing.join(", "),
                extra = extra.join(", ")
            ),
        )
        .with_help(msg!("L002-help")),
    );
}

/// In a translated section whose record fits: the pairs (source paragraph, translated
/// paragraph) that translate one another and whose source has not changed since. A
/// paragraph whose source was edited is F001's: its numbers are expected to differ until
/// it is translated again, and an error there would block the drafting language's commits
/// on the translators' pace.
fn aligned_pairs(ctx: &Ctx, ours: &Section, theirs: &Section) -> Option<Vec<(usize, usize)>> {
    let tracked = ctx
        .translations()
        .iter()
        .find(|t| std::ptr::eq(t.pair.source, ours) && std::ptr::eq(t.pair.translation, theirs))?;
    let Tracking::Aligned(steps) = &tracked.tracking else {
        return None;
    };
    Some(
        steps
            .iter()
            .filter(|s| s.fate == Fate::Unchanged)
            .filter_map(|s| Some((s.source?, s.recorded?)))
            .collect(),
    )
}

/// L006 on every emphasis or superscript left open in a translation's paragraphs.
fn stray_markup(ctx: &mut Ctx, theirs: &Section) {
    for range in &theirs.paragraphs {
        let text = &theirs.file.text[range.clone()];
        // A drafters' comment inside a line is not text: its characters are no markup.
        let comments = crate::markdown::comment_ranges(text);
        for at in crate::markdown::stray_markers(text) {
            if comments.iter().any(|c| c.contains(&at)) {
                continue;
            }
            let marker = &text[at..at + 1];
            let superscript = marker == "^";
            let word: String = text[..at]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or_default()
                .chars()
                .chain(
                    text[at..]
                        .split(char::is_whitespace)
                        .next()
                        .unwrap_or_default()
                        .chars(),
                )
                .collect();
            let start = range.start + at;
            ctx.report(
                Diagnostic::new(
                    &MARKUP_LEFT_OPEN,
                    &theirs.file,
                    start..start + 1,
                    if superscript {
                        msg!("L006-superscript", marker = marker, word = word)
                    } else {
                        msg!("L006-emphasis", marker = marker, word = word)
                    },
                )
                .with_help(if superscript {
                    msg!("L006-superscript-help")
                } else {
                    msg!("L006-emphasis-help")
                }),
            );
        }
    }
}

/// How many emphases, bold runs and superscripts a paragraph has.
fn markup_counts(text: &str) -> [usize; 3] {
    let mut counts = [0; 3];
    let mut before = [false; 3];
    for run in crate::markdown::parse_inline(text) {
        let now = [run.strong, run.emphasis, run.superscript];
        for k in 0..3 {
            if now[k] && !before[k] {
                counts[k] += 1;
            }
        }
        before = now;
    }
    counts
}

/// L005 on each pair of paragraphs whose emphasis, bold or superscripts differ.
fn compare_markup(ctx: &mut Ctx, ours: &Section, theirs: &Section, pairs: &[(usize, usize)]) {
    // Each count with its own plural, in the catalog's words.
    let say = |counts: [usize; 3]| -> Vec<Message> {
        let mut parts = Vec::new();
        if counts[0] > 0 {
            parts.push(msg!("L005-bold", count = counts[0]));
        }
        if counts[1] > 0 {
            parts.push(msg!("L005-emphasis", count = counts[1]));
        }
        if counts[2] > 0 {
            parts.push(msg!("L005-superscript", count = counts[2]));
        }
        if parts.is_empty() {
            parts.push(msg!("L005-none"));
        }
        parts
    };
    for &(i, j) in pairs {
        let (a, b) = (&ours.paragraphs[i], &theirs.paragraphs[j]);
        let ours_text = crate::markdown::without_comments(&ours.file.text[a.clone()]);
        let theirs_text = crate::markdown::without_comments(&theirs.file.text[b.clone()]);
        let (ours_text, theirs_text) = (ours_text.as_ref(), theirs_text.as_ref());
        // Most paragraphs hold no markup at all, in either language.
        let marked = |t: &str| memchr::memchr2(b'*', b'^', t.as_bytes()).is_some();
        if !marked(ours_text) && !marked(theirs_text) {
            continue;
        }
        let (want, have) = (markup_counts(ours_text), markup_counts(theirs_text));
        if want == have {
            continue;
        }
        let (line, _) = ours.file.line_col(a.start);
        ctx.report(
            Diagnostic::new(
                &MARKUP_DIFFERS,
                &theirs.file,
                b.start..b.start,
                msg!(
                    "L005",
                    lang = &ours.lang,
                    at = format!("{}:{line}", ours.file.path),
                    source = say(want),
                    here = say(have)
                ),
            )
            .with_help(msg!("L005-help")),
        );
    }
}

/// The paragraphs facing each other by position (L004 when their counts differ: then
/// none).
fn compare_paragraphs(ctx: &mut Ctx, ours: &Section, theirs: &Section) -> Vec<(usize, usize)> {
    if ours.paragraphs.len() != theirs.paragraphs.len() {
        let start = theirs.paragraphs.first().map_or(0, |r| r.start);
        ctx.report(
            Diagnostic::new(
                &PARAGRAPH_COUNT_DIFFERS,
                &theirs.file,
                start..start,
                msg!(
                    "L004",
                    count = theirs.paragraphs.len(),
                    reference = ours.paragraphs.len(),
                    lang = &ours.lang,
                    path = &ours.file.path
                ),
            )
            .with_help(msg!("L004-help")),
        );
        // Paragraphs no longer face their counterparts: comparing their numbers would
        // only add noise until the paragraphs are aligned again.
        return Vec::new();
    }
    (0..ours.paragraphs.len()).map(|i| (i, i)).collect()
}

/// L003 on each pair of paragraphs `(ours, theirs)`.
fn compare_numbers(ctx: &mut Ctx, ours: &Section, theirs: &Section, pairs: &[(usize, usize)]) {
    for &(i, j) in pairs {
        let (a, b) = (&ours.paragraphs[i], &theirs.paragraphs[j]);
        let meta = &ctx.edition.meta.value;
        let mut want = numbers(
            &ours.file.text[a.clone()],
            style_of(meta, &ours.lang).french,
        );
        let mut have = numbers(
            &theirs.file.text[b.clone()],
            style_of(meta, &theirs.lang).french,
        );
        want.sort();
        have.sort();
        if want == have {
            continue;
        }
        let missing = multiset_minus(&want, &have);
        let extra = multiset_minus(&have, &want);
        let (line, _) = ours.file.line_col(a.start);
        ctx.report(
            Diagnostic::new(
                &NUMBERS_DIFFER,
                &theirs.file,
                b.start..b.start,
                msg!(
                    "L003",
                    lang = &ours.lang,
                    at = format!("{}:{line}", ours.file.path),
                    which = which(&missing, &extra),
                    missing = missing.join(", "),
                    extra = extra.join(", ")
                ),
            )
            .with_help(msg!("L003-help")),
        );
    }
}

/// Which of the two lists a message has to name: `both`, `missing` or `extra`.
fn which<T>(missing: &[T], extra: &[T]) -> &'static str {
    match (missing.is_empty(), extra.is_empty()) {
        (false, false) => "both",
        (false, true) => "missing",
        _ => "extra",
    }
}

/// The items of `a` not matched one for one in `b`, both sorted: one merge, linear in
/// the numbers of a paragraph however many there are.
fn multiset_minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut j = 0;
    for x in a {
        while j < b.len() && b[j] < *x {
            j += 1;
        }
        if j < b.len() && b[j] == *x {
            j += 1;
        } else {
            out.push(format!("`{x}`"));
        }
    }
    out
}

/// The numbers of a text, normalized: thousands separators removed, the decimal mark a
/// point. French writes `90 000` and `2,5`; English `90,000` and `2.5`. Suffixes
/// (`24^e^`, `1er`, `24th`, `5 %`) are not part of the number. `french` is the house
/// style's punctuation (see `typography::style_of`).
pub fn numbers(text: &str, french: bool) -> Vec<String> {
    let (thousands, decimal): (&[char], char) = if french {
        (&[' ', '\u{a0}', '\u{202f}', '.'], ',')
    } else {
        (&[',', ' ', '\u{a0}', '\u{202f}'], '.')
    };
    let chars: Vec<char> = text.chars().collect();
    let digits_at = |k: usize| {
        let mut n = 0;
        while chars.get(k + n).is_some_and(char::is_ascii_digit) {
            n += 1;
        }
        n
    };
    let mut found = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if !chars[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let run = digits_at(k);
        let mut number: String = chars[k..k + run].iter().collect();
        k += run;
        // Thousands groups: a separator then exactly three digits, after a first group of
        // one to three digits (`2016 200` is a year and a count, not 2 016 200).
        while run <= 3
            && k + 1 < chars.len()
            && thousands.contains(&chars[k])
            && digits_at(k + 1) == 3
        {
            number.extend(&chars[k + 1..k + 4]);
            k += 4;
        }
        if k + 1 < chars.len() && chars[k] == decimal && digits_at(k + 1) > 0 {
            let n = digits_at(k + 1);
            number.push('.');
            number.extend(&chars[k + 1..k + 1 + n]);
            k += 1 + n;
        }
        found.push(number);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::numbers;

    #[test]
    fn markup_left_open_or_lost_in_translation() {
        use crate::check::rules::test_edition;
        use crate::load::parse_section;
        let mut edition = test_edition(
            serde_json::json!({
                "number": 1, "period": {"start": "2025-06", "end": "2026-05"},
                "title": {"en": "t", "fr": "t"}, "languages": ["fr", "en"]
            }),
            &[("fr", "La 24^e^ réunion.\n\nUne *seconde* fois.\n\nRien.")],
        );
        edition.sections.push(parse_section(
            "drafts/en/01-space.md",
            "en",
            "---\ndomain: space\nstatus: draft\n---\nThe 24th meeting.\n\nA *second time.\n\nNothing 5 * 3.\n".into(),
        ));
        let found: Vec<(usize, String)> = crate::check::check_edition(&edition)
            .into_iter()
            .filter(|d| d.code == "L005" || d.code == "L006")
            .map(|d| (d.line, d.message))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].1.contains("1 superscript, this paragraph none"),
            "{found:?}"
        );
        assert!(
            found[1].1.contains("1 emphasis, this paragraph none"),
            "{found:?}"
        );
        assert!(
            found[2]
                .1
                .contains("`*` in «*second» is an emphasis left open"),
            "{found:?}"
        );
    }

    #[test]
    fn multiset_difference_of_sorted_lists() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            super::multiset_minus(&s(&["1", "2", "2", "5"]), &s(&["2", "3", "5"])),
            ["`1`", "`2`"]
        );
        assert!(super::multiset_minus(&s(&["1"]), &s(&["1", "1"])).is_empty());
    }

    #[test]
    fn normalizes_written_forms() {
        assert_eq!(
            numbers("90 000 soldats, 5 %, 24^e^, 1er, 2,5", true),
            vec!["90000", "5", "24", "1", "2.5"]
        );
        assert_eq!(
            numbers("90,000 soldiers, 5%, 24th, 1st, 2.5", false),
            vec!["90000", "5", "24", "1", "2.5"]
        );
        assert_eq!(numbers("en 2016 et 2017", true), vec!["2016", "2017"]);
        // A year then a count is two numbers, in both languages.
        assert_eq!(numbers("En 2016 200 exposés", true), vec!["2016", "200"]);
        assert_eq!(
            numbers("In 2016, 200 briefings", false),
            vec!["2016", "200"]
        );
        assert_eq!(
            numbers("1 234 567 et 12 345", true),
            vec!["1234567", "12345"]
        );
    }
}
