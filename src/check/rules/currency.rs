//! E: edition currency. A new edition starts as last year's text (`rapporteur edition
//! next`); these rules point at what still speaks of last year: the report naming
//! itself by a past edition's ordinal or giving last year's period as its own (E001), a
//! section still word for word the previous edition's (E002), a month after the
//! period's end told as something that happened (E003), and a month of the previous
//! edition's period (E005).
//!
//! What the rules read in the text — month names, ordinals, the words that name the
//! report, the words that announce a plan — is per-language data in `crate::lang`; a
//! language without data is skipped by E001 and E003.

use crate::check::diagnostic::{Diagnostic, Edit, Severity};
use crate::check::registry::Rule;
use crate::check::{Ctx, Facts};
use crate::lang::{self, Language, month_index, year_month};
use crate::load::source::floor_char_boundary;
use crate::load::{Previous, Section, SourceFile};
use crate::model::Status;
use crate::msg;

use super::yaml_span;

pub const PAST_EDITION_WORDING: Rule = Rule {
    code: "E001",
    name: "past-edition-wording",
    severity: Severity::Warning,
    summary: "The text names this report by a past edition's ordinal, or gives the \
              previous edition's period as the reporting period.",
    why: "A new edition starts as a copy of the last one. A sentence such as « le onzième \
          d'une série de rapports » or « entre juin 2025 et mai 2026 » left in the twelfth \
          report contradicts its title page. A past ordinal after a preposition (« dans \
          le onzième rapport », « since the eleventh report ») names another report and is \
          not flagged. The fix is offered only where the sentence itself says that it \
          speaks of this report (« le présent document est le onzième d'une série »); a \
          bare « le onzième rapport », or one cited (« comme le relevait le onzième \
          rapport »), is flagged for the drafter to settle, never rewritten: a citation \
          that is meant is acknowledged above its paragraph with \
          `<!-- rapporteur-allow E001: citation du onzième rapport -->`, so that it no \
          longer stops the release.",
    example: "In edition 12 (June 2026 – May 2027): « Le présent document est le onzième \
              d'une série de rapports ». Fix: « douzième »; « entre juin 2025 et mai 2026 » \
              becomes « entre juin 2026 et mai 2027 ».",
    fixable: true,
};

pub const UNCHANGED_SINCE_PREVIOUS: Rule = Rule {
    code: "E002",
    name: "unchanged-since-previous",
    severity: Severity::Info,
    summary: "A section's paragraphs are word for word those of the previous edition.",
    why: "Each edition reports on a new year; a section copied unchanged from the last one \
          usually has not been updated yet. It is a note while the section is a `draft` \
          and a warning once it is sent to `review` or marked `final`. The previous \
          edition is the revision `previous:` names in drafts/report.yaml, read from git.",
    example: "`resilience` has the same four paragraphs as in `edition-11`. Fix: rewrite \
              it for this edition's period.",
    fixable: false,
};

pub const DATE_AFTER_PERIOD: Rule = Rule {
    code: "E003",
    name: "date-after-period",
    severity: Severity::Warning,
    summary: "A month and year later than the end of the edition's period, in a clause \
              that does not speak of a plan.",
    why: "The report covers its period; an event dated after its end is a typo in the \
          year or something that belongs in the next edition. Plans are fine (« un \
          exercice est prévu en juillet 2026 », « will meet in July 2026 »), and so are \
          years alone (« d'ici à 2030 »), which are targets. The plan must be in the \
          clause of the date: a sentence is cut at `;`, `:` and the coordinating \
          conjunctions (« et », « mais », « and », « but »), so « En juin 2027, les deux \
          organisations ont conduit un exercice ; un second exercice est prévu » is \
          flagged. A clause without a verb of its own (« et un autre en juillet 2027 ») \
          takes the sense of its neighbour.",
    example: "In a report on June 2025 – May 2026: « En juillet 2026, les deux \
              organisations ont tenu … ». Fix: correct the date, or keep the event for the \
              next edition.",
    fixable: false,
};

pub const PREVIOUS_UNREADABLE: Rule = Rule {
    code: "E004",
    name: "previous-edition-unreadable",
    severity: Severity::Info,
    summary: "The previous edition named by `previous:` in drafts/report.yaml cannot be \
              read, so E002 cannot compare with it.",
    why: "E002 reads the previous edition from git. A clone without tags (CI often \
          fetches none), a misspelt tag or a workspace outside git leaves it silent; this \
          note says so rather than pass quietly.",
    example: "`previous: edition-11` in a clone made without tags. Fix: `git fetch --tags`, \
              or correct the revision.",
    fixable: false,
};

pub const DATE_IN_PREVIOUS_PERIOD: Rule = Rule {
    code: "E005",
    name: "date-in-previous-period",
    severity: Severity::Info,
    summary: "A month and year inside the previous edition's period.",
    why: "A new edition starts as a copy of the last one; an event dated in last year's \
          period was most likely reported there already, and is kept only as background \
          or by oversight. The previous period is the year before this edition's (its \
          length before `period.start` in drafts/report.yaml). A note: the drafter \
          decides. The months of last year's period given as this report's own (« entre \
          juin 2025 et mai 2026 ») are E001's.",
    example: "In edition 12 (June 2026 – May 2027): « En novembre 2025, les deux \
              organisations ont tenu … ». Fix: keep it if it is background, or replace it \
              with this year's events.",
    fixable: false,
};

/// E001, E003 and E005, which read one section file and the edition's number and period.
pub fn check_section(ctx: &mut Ctx, section: &Section, _facts: &mut Facts) {
    let meta = &ctx.edition.meta.value;
    let Some(language) = lang::language(&section.lang) else {
        return;
    };
    let reader = Reader {
        language,
        ordinals: language.ordinal_reader(),
        number: meta.number,
        period: Span::of(&meta.period.start, &meta.period.end),
        lang: &section.lang,
    };
    for range in &section.paragraphs {
        reader.check_paragraph(ctx, &section.file, range.start, range.end);
    }
}

/// E002, which compares every section with the previous edition, and E004.
pub fn check(ctx: &mut Ctx) {
    let edition = ctx.edition;
    let meta = &edition.meta.value;
    let period = Span::of(&meta.period.start, &meta.period.end);
    match &edition.previous {
        Previous::Read(previous) => {
            for section in &edition.sections {
                unchanged_since_previous(ctx, section, previous, period);
            }
        }
        Previous::Unavailable { revision, reason } => {
            let file = &edition.meta.file;
            let span = yaml_span(file, "/previous", false);
            ctx.report(
                Diagnostic::new(
                    &PREVIOUS_UNREADABLE,
                    file,
                    span,
                    msg!(
                        "E004",
                        revision = revision.as_str(),
                        reason = reason.as_str()
                    ),
                )
                .with_help(msg!("E004-help")),
            );
        }
        Previous::None | Previous::NotRead => {}
    }
}

/// The edition's period as month indexes, when drafts/report.yaml gives it well.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn of(start: &str, end: &str) -> Option<Span> {
        let (sy, sm) = year_month(start)?;
        let (ey, em) = year_month(end)?;
        let (start, end) = (month_index(sy, sm), month_index(ey, em));
        (start <= end).then_some(Span { start, end })
    }
}

/// E002: the section's paragraphs against the previous edition's.
fn unchanged_since_previous(
    ctx: &mut Ctx,
    section: &Section,
    previous: &crate::load::PreviousEdition,
    period: Option<Span>,
) {
    let Some(front) = section.front_matter() else {
        return;
    };
    let Some(old) = previous.section(&section.lang, &front.domain) else {
        return;
    };
    if section.paragraphs.is_empty() || !old.same_paragraphs(section) {
        return;
    }
    let n = section.paragraphs.len();
    let when = period.and_then(|_| {
        let meta = &ctx.edition.meta.value;
        lang::period(&meta.period.start, &meta.period.end, &section.lang).ok()
    });
    let mut d = Diagnostic::new(
        &UNCHANGED_SINCE_PREVIOUS,
        &section.file,
        section.front_span("/domain"),
        msg!(
            "E002",
            domain = &front.domain,
            revision = &previous.revision,
            count = n
        ),
    )
    .with_help(match when {
        Some(when) => msg!("E002-help-period", period = when),
        None => msg!("E002-help"),
    });
    if front.status != Status::Draft {
        d.severity = Severity::Warning;
    }
    ctx.report(d);
}

/// A word of a paragraph, with its byte range in the paragraph and its sentence.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    sentence: usize,
}

/// Characters that make up a word: letters, digits, hyphens, apostrophes and the
/// carets of a superscript (`24^e^`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '\u{2019}' | '^')
}

/// The words of a paragraph, each with its sentence number.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut sentence = 0;
    let mut ended = false;
    // A run of word characters, and whether it holds a letter or digit (`--` is no
    // word).
    let mut start: Option<usize> = None;
    let mut alnum = false;
    let mut i = 0;
    while i <= bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b' ');
        // Every word of the edition passes here. Most bytes are ASCII letters inside a
        // word: their whole run is taken at once. Other ASCII is looked up by byte, and
        // of the rest only the blocks that hold spaces and punctuation (U+0080–U+00BF:
        // « » and the no-break space; U+2000–U+2BFF: dashes, …, ’) are decoded. Any
        // other character is a letter (é, œ, Cyrillic, CJK…).
        let (word, letter, len) = if b.is_ascii_alphanumeric() {
            let run = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            (true, true, run)
        } else if b < 0x80 {
            (matches!(b, b'-' | b'\'' | b'^'), false, 1)
        } else if b == 0xC2 || b == 0xE2 {
            let c = text[i..].chars().next().unwrap_or(' ');
            let word = is_word_char(c);
            (word, word && c != '\u{2019}', c.len_utf8())
        } else {
            let len = match b {
                0xF0..=0xF7 => 4,
                0xE0..=0xEF => 3,
                _ => 2,
            };
            (true, true, len)
        };
        if i < bytes.len() && word {
            if start.is_none() {
                if ended {
                    sentence += 1;
                    ended = false;
                }
                start = Some(i);
                alnum = false;
            }
            alnum |= letter;
        } else {
            if let Some(s) = start.take()
                && alnum
            {
                let mut word = &text[s..i];
                let mut from = s;
                if word.starts_with('-') || word.ends_with('-') {
                    let trimmed = word.trim_start_matches('-');
                    from += word.len() - trimmed.len();
                    word = trimmed.trim_end_matches('-');
                }
                out.push(Token {
                    text: word,
                    start: from,
                    end: from + word.len(),
                    sentence,
                });
            }
            // `.`, `!`, `?` or `…` (U+2026) end a sentence.
            if matches!(b, b'.' | b'!' | b'?')
                || (b == 0xE2 && bytes.get(i + 1..i + 3) == Some(&[0x80, 0xA6][..]))
            {
                ended = true;
            }
        }
        i += len;
    }
    out
}

/// How many bytes after an ordinal are read for a series phrase (« d'une série »).
const LOOK_AFTER: usize = 48;
/// How many words before an ordinal are read for a self reference.
const LOOK_BEFORE: usize = 24;

/// `text` in lower case, with typographic apostrophes made straight: the form in which
/// the language data lists its words and phrases.
fn folded(text: &str) -> String {
    text.to_lowercase().replace('\u{2019}', "'")
}

/// The first `max` bytes of `text` (cut at a character boundary), [`folded`].
fn lower_prefix(text: &str, max: usize) -> String {
    folded(&text[..floor_char_boundary(text, max)])
}

/// For each sentence of a paragraph, the index of its first word.
fn sentence_starts(words: &[Token]) -> Vec<usize> {
    let mut starts = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if starts.len() <= w.sentence {
            starts.resize(w.sentence + 1, i);
        }
    }
    starts
}

/// A word without an elided article or preposition before it (`l'horizon` →
/// `horizon`), lower case, with typographic apostrophes made straight.
fn bare(word: &str) -> String {
    let lower = folded(word);
    match lower.find('\'') {
        Some(i) if i <= 3 && i + 1 < lower.len() => lower[i + 1..].to_string(),
        _ => lower,
    }
}

/// A month and year in the text (`juin 2025`).
#[derive(Debug, Clone, Copy)]
struct MonthYear {
    /// Byte range in the paragraph, from the month's first letter to the year's last digit.
    start: usize,
    end: usize,
    /// Month index ([`month_index`]).
    index: u32,
    /// Index of the month's token.
    token: usize,
}

/// Reads one language's paragraphs for E001 and E003.
struct Reader<'a> {
    language: &'static Language,
    ordinals: lang::OrdinalReader,
    number: u32,
    period: Option<Span>,
    lang: &'a str,
}

impl Reader<'_> {
    fn check_paragraph(&self, ctx: &mut Ctx, file: &SourceFile, base: usize, end: usize) {
        let text = &file.text[base..end];
        let words = tokens(text);
        if self.number > 1 {
            self.past_ordinals(ctx, file, base, text, &words);
        }
        let Some(period) = self.period else {
            return;
        };
        let dates = self.month_years(text, &words);
        if dates.is_empty() {
            return;
        }
        if self.number > 1 {
            let in_past_periods = self.past_periods(ctx, file, base, text, &dates, period);
            self.dates_in_previous_period(ctx, file, base, &dates, &in_past_periods, period);
        }
        self.dates_after_period(ctx, file, base, text, &words, &dates, period);
    }

    /// E005: months of the previous edition's period (the same length of time before
    /// this one's start), except those E001 reported as last year's period.
    fn dates_in_previous_period(
        &self,
        ctx: &mut Ctx,
        file: &SourceFile,
        base: usize,
        dates: &[MonthYear],
        reported: &[usize],
        period: Span,
    ) {
        let length = period.end - period.start + 1;
        let Some(start) = period.start.checked_sub(length) else {
            return;
        };
        let previous = start..period.start;
        for (k, date) in dates.iter().enumerate() {
            if !previous.contains(&date.index) || reported.contains(&k) {
                continue;
            }
            let written = &file.text[base + date.start..base + date.end];
            let covered = lang::period(
                &lang::format_month_index(previous.start),
                &lang::format_month_index(previous.end - 1),
                self.lang,
            )
            .unwrap_or_default();
            ctx.report(
                Diagnostic::new(
                    &DATE_IN_PREVIOUS_PERIOD,
                    file,
                    base + date.start..base + date.end,
                    msg!(
                        "E005",
                        written = written,
                        previous = self.number - 1,
                        covered = covered
                    ),
                )
                .with_help(msg!("E005-help")),
            );
        }
    }

    /// Months followed by a four-digit year, with nothing but spaces between.
    fn month_years(&self, text: &str, words: &[Token]) -> Vec<MonthYear> {
        let mut out = Vec::new();
        for (i, pair) in words.windows(2).enumerate() {
            let (month, year) = (pair[0], pair[1]);
            // The year first: it is rare, month names are not cheap to compare.
            if year.text.len() != 4 || !year.text.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let Some(m) = self.language.month_of(month.text) else {
                continue;
            };
            if !text[month.end..year.start].chars().all(char::is_whitespace) {
                continue;
            }
            let Ok(y) = year.text.parse::<u32>() else {
                continue;
            };
            out.push(MonthYear {
                start: month.start,
                end: year.end,
                index: month_index(y, m),
                token: i,
            });
        }
        out
    }

    /// E001, ordinals: a past edition's ordinal naming this report.
    fn past_ordinals(
        &self,
        ctx: &mut Ctx,
        file: &SourceFile,
        base: usize,
        text: &str,
        words: &[Token],
    ) {
        let report = &self.language.report;
        let texts: Vec<&str> = words.iter().map(|w| w.text).collect();
        let sentence_starts = sentence_starts(words);
        let mut i = 0;
        while i < words.len() {
            let found = if self.ordinals.may_end(texts[i]) {
                self.ordinals.ending_at(&texts, i)
            } else {
                None
            };
            let Some((n, len)) = found else {
                i += 1;
                continue;
            };
            let first = i + 1 - len;
            let (start, end) = (words[first].start, words[i].end);
            i += 1;
            if n >= self.number || n == 0 {
                continue;
            }
            let sentence = words[first].sentence;
            let same = |j: usize| words.get(j).filter(|w| w.sentence == sentence);
            // Followed by a noun naming a report (one word may come between:
            // « eleventh progress report »), or by a phrase placing it in a series.
            let noun =
                |j: usize| same(j).is_some_and(|w| report.nouns.contains(&bare(w.text).as_str()));
            // The few words after it are enough for a series phrase; a bounded slice
            // keeps a paragraph of many ordinals linear.
            let after = lower_prefix(text[end..].trim_start(), LOOK_AFTER);
            let in_series = report.series.iter().any(|s| after.starts_with(s));
            // Or closing a clause of a sentence that names the report itself (« Ce
            // rapport est le onzième. »).
            let closes = after.is_empty() || after.starts_with(['.', ',', ';', ':', ')']);
            // The sentence up to the ordinal, at most LOOK_BEFORE words of it: a self
            // reference stands a few words before (« Le présent rapport est le … »).
            let sentence_text = {
                let from = first.saturating_sub(LOOK_BEFORE);
                let from = sentence_starts[sentence].max(from);
                folded(&text[words[from].start..end])
            };
            // The sentence names the report itself (« Le présent document est … »,
            // « This is the … »).
            let self_reference = report
                .self_references
                .iter()
                .any(|r| sentence_text.contains(r));
            let self_named = closes && self_reference;
            let noun_after = noun(i) || noun(i + 1);
            if !(noun_after || in_series || self_named) {
                continue;
            }
            // « dans le onzième rapport », « since the eleventh report »: another report.
            let mut before = first.checked_sub(1).and_then(same);
            if before.is_some_and(|w| report.articles.contains(&bare(w.text).as_str())) {
                before = first.checked_sub(2).and_then(same);
            }
            if before.is_some_and(|w| report.references.contains(&bare(w.text).as_str())) {
                continue;
            }
            // Only a series phrase or the sentence's own words make it certain that the
            // ordinal names this report. « Comme le relevait le onzième rapport », « the
            // eleventh report had noted » cite last year's report: still a finding (a
            // release must not carry last year's ordinal by accident), without a fix; a
            // citation that is meant is acknowledged with an allow comment.
            let explicit = in_series || self_reference;
            let cites = || {
                let window = first.saturating_sub(4)..(i + 4).min(words.len());
                words[window]
                    .iter()
                    .filter(|w| w.sentence == sentence)
                    .any(|w| report.citations.contains(&bare(w.text).as_str()))
            };
            let written = &text[start..end];
            let current = self.language.ordinal(self.number);
            let mut d = Diagnostic::new(
                &PAST_EDITION_WORDING,
                file,
                base + start..base + end,
                msg!(
                    "E001",
                    written = written,
                    past = n,
                    number = self.number,
                    current = current.as_str()
                ),
            );
            if explicit && n + 1 == self.number {
                let replacement = self.replace_ordinal(written, self.number);
                d = d.with_fix(
                    format!("replace with « {replacement} »"),
                    vec![Edit::new(file, base + start..base + end, replacement)],
                );
            } else if cites() {
                d = d.with_help(format!(
                    "if it cites the report of edition {n}, acknowledge it on the line above its paragraph: `<!-- rapporteur-allow E001: citation du rapport précédent -->`; if it names this report, write « {current} »"
                ));
            } else {
                // It may cite an earlier report: the drafter decides, no fix.
                d = d.with_help(msg!(
                    "E001-help",
                    current = current.as_str(),
                    past = n,
                    past_ordinal = self.language.ordinal(n)
                ));
            }
            ctx.report(d);
        }
    }

    /// The ordinal of `n` written as `written` is (words or digits, capital or not).
    fn replace_ordinal(&self, written: &str, n: u32) -> String {
        if written.starts_with(|c: char| c.is_ascii_digit()) {
            let digits_end = written
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(written.len());
            let old: u32 = written[..digits_end].parse().unwrap_or(0);
            let suffix = &written[digits_end..];
            // `11th` → `12th`, `21st` → `22nd`; a suffix the data does not compute
            // (`11^e^`, `11ème`) is kept.
            let (old_suffix, new_suffix) = (
                self.language.digit_suffix(old),
                self.language.digit_suffix(n),
            );
            let suffix = if !old_suffix.is_empty() && suffix.replace('^', "") == old_suffix {
                suffix.replace(old_suffix, new_suffix)
            } else {
                suffix.to_string()
            };
            return format!("{n}{suffix}");
        }
        match_case(written, &self.language.ordinal(n))
    }

    /// E001, periods: last year's period given as the reporting period (« entre juin
    /// 2025 et mai 2026 » in the edition on June 2026 – May 2027).
    fn past_periods(
        &self,
        ctx: &mut Ctx,
        file: &SourceFile,
        base: usize,
        text: &str,
        dates: &[MonthYear],
        period: Span,
    ) -> Vec<usize> {
        let mut reported = Vec::new();
        for (k, pair) in dates.windows(2).enumerate() {
            let (a, b) = (pair[0], pair[1]);
            let between = folded(text[a.end..b.start].trim_matches(char::is_whitespace));
            if !self.language.period_connectors.contains(&between.as_str()) {
                continue;
            }
            let length = period.end - period.start;
            if b.index.checked_sub(a.index) != Some(length) || a.index + 12 != period.start {
                continue;
            }
            let written = format!("{} … {}", &text[a.start..a.end], &text[b.start..b.end]);
            let new = self.period_words(period.start, period.end);
            let edits = vec![
                Edit::new(
                    file,
                    base + a.start..base + a.end,
                    self.month_year_like(&text[a.start..a.end], period.start),
                ),
                Edit::new(
                    file,
                    base + b.start..base + b.end,
                    self.month_year_like(&text[b.start..b.end], period.end),
                ),
            ];
            ctx.report(
                Diagnostic::new(
                    &PAST_EDITION_WORDING,
                    file,
                    base + a.start..base + b.end,
                    msg!(
                        "E001-period",
                        written = written,
                        past = self.number - 1,
                        number = self.number,
                        period = new.as_str()
                    ),
                )
                .with_fix(format!("write this edition's period, {new}"), edits),
            );
            reported.extend([k, k + 1]);
        }
        reported
    }

    /// `juin 2025 – mai 2026` for two month indexes.
    fn period_words(&self, start: u32, end: u32) -> String {
        let month = |i: u32| format!("{} {}", self.language.months[(i % 12) as usize], i / 12);
        format!("{} \u{2013} {}", month(start), month(end))
    }

    /// The month `index` written as `written` is (its month capitalised or not).
    fn month_year_like(&self, written: &str, index: u32) -> String {
        let month = self.language.months[(index % 12) as usize];
        format!("{} {}", match_case(written, month), index / 12)
    }

    /// The clauses of a paragraph's `words`; `dates` are not counted as words of their
    /// clause.
    fn clauses(&self, text: &str, words: &[Token], dates: &[MonthYear]) -> Clauses {
        let mut of_word = Vec::with_capacity(words.len());
        let mut clauses: Vec<(usize, bool, bool)> = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        let mut in_date = vec![false; words.len()];
        for d in dates {
            in_date[d.token] = true;
            if let Some(year) = in_date.get_mut(d.token + 1) {
                *year = true;
            }
        }
        let mut previous_end = 0;
        for (i, w) in words.iter().enumerate() {
            let lower = folded(w.text);
            let conjunction = self.language.clause_words.contains(&lower.as_str());
            let new_clause = match clauses.last() {
                None => true,
                Some(&(sentence, ..)) => {
                    sentence != w.sentence
                        || conjunction
                        || text[previous_end..w.start].contains([';', ':'])
                }
            };
            if new_clause {
                clauses.push((w.sentence, false, true));
                counts.push(0);
            }
            let c = clauses.len() - 1;
            of_word.push(c);
            if !conjunction && !in_date[i] {
                counts[c] += 1;
            }
            if !clauses[c].1 {
                clauses[c].1 = self.language.is_future_word(&lower)
                    || self.language.is_future_word(&bare(w.text));
            }
            previous_end = w.end;
        }
        for (clause, count) in clauses.iter_mut().zip(counts) {
            clause.2 = count <= ELLIPTIC;
        }
        Clauses { of_word, clauses }
    }

    /// E003: a month after the period's end, outside a clause about a plan.
    #[allow(clippy::too_many_arguments)]
    fn dates_after_period(
        &self,
        ctx: &mut Ctx,
        file: &SourceFile,
        base: usize,
        text: &str,
        words: &[Token],
        dates: &[MonthYear],
        period: Span,
    ) {
        // Which clauses speak of a plan, read once for the paragraph (not once per
        // date: a paragraph of many dates stays linear).
        let mut clauses: Option<Clauses> = None;
        for date in dates.iter().filter(|d| d.index > period.end) {
            let clauses = clauses.get_or_insert_with(|| self.clauses(text, words, dates));
            if clauses.planned(date.token) {
                continue;
            }
            let covered = lang::period(
                &lang::format_month_index(period.start),
                &lang::format_month_index(period.end),
                self.lang,
            )
            .unwrap_or_default();
            let written = &file.text[base + date.start..base + date.end];
            ctx.report(
                Diagnostic::new(
                    &DATE_AFTER_PERIOD,
                    file,
                    base + date.start..base + date.end,
                    msg!("E003", written = written, covered = covered),
                )
                .with_help(msg!("E003-help")),
            );
        }
    }
}

/// The clauses of a paragraph's sentences, as E003 reads them: a sentence is cut at
/// `;`, `:` and the coordinating conjunctions of the language (`et`, `mais`, `and`), so
/// that a plan in one clause (« un second exercice est prévu ») says nothing of a date in
/// another (« en juin 2027, les deux organisations ont conduit un exercice »).
struct Clauses {
    /// The clause of each word.
    of_word: Vec<usize>,
    /// Per clause: its sentence, whether it holds a word of plan, and whether it is
    /// elliptic (at most [`ELLIPTIC`] words besides its dates: « et en juillet 2027 »),
    /// when it takes its sense from its neighbours.
    clauses: Vec<(usize, bool, bool)>,
}

/// The most words besides its dates that a clause without a verb of its own may have
/// (« et un autre en juillet 2027 »).
const ELLIPTIC: usize = 3;

impl Clauses {
    /// Whether the date whose month is word `token` is in a clause about a plan: its own
    /// clause holds a word of plan, or, elliptic, it takes the sense of the nearest
    /// clause of its sentence that is not (the one before, else the one after).
    fn planned(&self, token: usize) -> bool {
        let c = self.of_word[token];
        let (sentence, future, elliptic) = self.clauses[c];
        if future || !elliptic {
            return future;
        }
        let decisive = |&(s, future, elliptic): &(usize, bool, bool)| {
            (s == sentence && (future || !elliptic)).then_some(future)
        };
        self.clauses[..c]
            .iter()
            .rev()
            .take_while(|cl| cl.0 == sentence)
            .find_map(decisive)
            .or_else(|| {
                self.clauses[c + 1..]
                    .iter()
                    .take_while(|cl| cl.0 == sentence)
                    .find_map(decisive)
            })
            .unwrap_or(false)
    }
}

/// `replacement` with a capital first letter when `original` has one.
fn match_case(original: &str, replacement: &str) -> String {
    if original.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = replacement.chars();
        chars.next().map_or_else(String::new, |c| {
            c.to_uppercase().chain(chars).collect::<String>()
        })
    } else {
        replacement.to_string()
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_edition;
    use crate::check::{Diagnostic, check_edition, fix::apply_fixes};
    use serde_json::json;

    fn run(number: u32, start: &str, end: &str, lang: &str, body: &str) -> Vec<Diagnostic> {
        let edition = test_edition(
            json!({
                "number": number,
                "period": {"start": start, "end": end},
                "title": {lang: "rapport"},
                "languages": [lang],
            }),
            &[(lang, body)],
        );
        check_edition(&edition)
            .into_iter()
            .filter(|d| d.code.starts_with('E'))
            .collect()
    }

    fn fixed(body: &str, diagnostics: &[Diagnostic]) -> String {
        let text = format!("---\ndomain: space\nstatus: draft\n---\n{body}\n");
        let edits: Vec<&[crate::check::Edit]> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| f.edits.as_slice()))
            .collect();
        apply_fixes(&text, &edits).0
    }

    #[test]
    fn last_years_ordinal_and_period_in_the_twelfth() {
        let body = "Le présent document est le onzième d'une série de rapports. Il revient sur les progrès réalisés entre juin 2025 et mai 2026 dans le cadre du dialogue.";
        let found = run(12, "2026-06", "2027-05", "fr", body);
        let codes: Vec<_> = found.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E001", "E001"], "{found:#?}");
        assert!(
            found[0].message.contains("« onzième »"),
            "{}",
            found[0].message
        );
        let out = fixed(body, &found);
        assert!(out.contains("le douzième d'une série"), "{out}");
        assert!(out.contains("entre juin 2026 et mai 2027"), "{out}");
        // The fixed text is clean.
        let body = out.split("---\n").nth(2).unwrap().trim_end();
        assert!(run(12, "2026-06", "2027-05", "fr", body).is_empty());
    }

    #[test]
    fn the_current_edition_and_other_ordinals_are_not_flagged() {
        let body = "Le présent document est le onzième d'une série de rapports. Le sixième séminaire de haut niveau et la deuxième conférence ont eu lieu. Pour la première fois, un rapport commun a été publié.";
        assert!(run(11, "2025-06", "2026-05", "fr", body).is_empty());
        // A reference to an earlier report is no self-description.
        let body = "Comme indiqué dans le dixième rapport, la coopération progresse. Depuis le onzième rapport, rien n'a changé.";
        assert!(run(12, "2026-06", "2027-05", "fr", body).is_empty());
    }

    #[test]
    fn citations_of_last_years_report_are_flagged_without_a_fix() {
        for body in [
            "Comme le relevait le onzième rapport, la coopération progresse.",
            "Le onzième rapport avait souligné les progrès accomplis.",
            "Le onzième rapport soulignait déjà la nécessité de poursuivre.",
            "As the eleventh report noted, cooperation deepened.",
        ] {
            let lang = if body.starts_with("As") { "en" } else { "fr" };
            let found = run(12, "2026-06", "2027-05", lang, body);
            assert_eq!(found.len(), 1, "{body}: {found:#?}");
            assert!(found[0].fix.is_none(), "{found:#?}");
            assert!(
                found[0]
                    .help
                    .as_deref()
                    .is_some_and(|h| h.contains("rapporteur-allow E001")),
                "{found:#?}"
            );
        }
        // The report naming itself is flagged and fixed, whatever else the sentence holds.
        let body = "Le présent rapport, onzième du genre, relève les progrès.";
        let found = run(12, "2026-06", "2027-05", "fr", body);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(fixed(body, &found).contains("douzième du genre"));
        // Bare, it may be either: a finding the drafter settles, never rewritten.
        let body = "Le onzième rapport met l'accent sur la résilience.";
        let found = run(12, "2026-06", "2027-05", "fr", body);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].fix.is_none(), "{found:#?}");
    }

    #[test]
    fn english_ordinals_and_capitals() {
        let body = "This is the Eleventh progress report on the common set of proposals.";
        let found = run(12, "2026-06", "2027-05", "en", body);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(fixed(body, &found).contains("the Twelfth progress report"));
        // Without words of its own sentence naming this report, the ordinal may name last
        // year's: flagged, without a fix.
        let body = "The 11th report was published. Since the eleventh report, much has changed.";
        let found = run(12, "2026-06", "2027-05", "en", body);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].fix.is_none() && found[0].help.is_some());
        let found = run(22, "2026-06", "2027-05", "en", "This is the 21st report.");
        assert!(fixed("This is the 21st report.", &found).contains("This is the 22nd report."));
        // An older ordinal: flagged, no fix (it may name an earlier report).
        let found = run(12, "2026-06", "2027-05", "fr", "Le dixième rapport est là.");
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none() && found[0].help.is_some());
    }

    #[test]
    fn months_after_the_period_unless_planned() {
        let body = "En juillet 2026, les deux organisations ont tenu une réunion. Un exercice est prévu en septembre 2026. Le sommet se tiendra en juin 2026. Les Alliés porteront leurs dépenses à 5 % d'ici à 2035. En novembre 2025 a eu lieu la conférence. Le 1er juin 2026, rien. Le plan est à achever d’ici juillet 2026.";
        let found = run(11, "2025-06", "2026-05", "fr", body);
        let quoted: Vec<_> = found.iter().map(|d| d.message.clone()).collect();
        assert_eq!(found.len(), 2, "{quoted:#?}");
        assert!(quoted[0].contains("« juillet 2026 »"));
        assert!(quoted[1].contains("« juin 2026 »"));
        assert!(found.iter().all(|d| d.code == "E003"));
        // English: `may` is no month, `May 2026` is.
        let found = run(
            11,
            "2025-06",
            "2026-05",
            "en",
            "Allies may 2026 targets. In May 2026 and in July 2026 the Councils met. The summit will take place in July 2026.",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].message.contains("July 2026"));
    }

    /// A plan in one clause of a sentence does not cover a past event in another.
    #[test]
    fn dates_after_the_period_are_judged_by_clause() {
        let flagged = |lang: &str, body: &str| -> Vec<String> {
            run(12, "2026-06", "2027-05", lang, body)
                .into_iter()
                .filter(|d| d.code == "E003")
                .map(|d| d.message)
                .collect()
        };
        // The sentence: the event is past, the plan is another clause.
        let found = flagged(
            "fr",
            "En juin 2027, les deux organisations ont conduit un exercice ; un second exercice est prévu à l'automne.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("« juin 2027 »"), "{found:?}");
        let found = flagged(
            "fr",
            "Un exercice est prévu en 2028 et les organisations ont conduit un exercice commun en juin 2027.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let found = flagged(
            "en",
            "In June 2027, the two organisations conducted an exercise; a second one is planned.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        // Elliptic clauses take the sense of their neighbours: all plans.
        for (lang, body) in [
            (
                "fr",
                "Un exercice est prévu en juin 2027 et un autre en juillet 2027.",
            ),
            (
                "fr",
                "En juin 2027 et en juillet 2027, des exercices sont prévus.",
            ),
            (
                "fr",
                "Deux exercices sont prévus : en juin 2027 et en juillet 2027.",
            ),
            (
                "fr",
                "Les exercices prévus en juin 2027 et juillet 2027 ont été reportés.",
            ),
            ("en", "Exercises are planned for June 2027 and July 2027."),
        ] {
            assert!(flagged(lang, body).is_empty(), "{body}");
        }
    }

    #[test]
    fn months_of_last_years_period_are_noted() {
        let body = "En novembre 2025, les deux organisations ont tenu une conférence. Entre juin 2025 et mai 2026, la coopération a progressé. En mai 2025, rien. En juillet 2026, un atelier.";
        let found = run(12, "2026-06", "2027-05", "fr", body);
        let e005: Vec<_> = found.iter().filter(|d| d.code == "E005").collect();
        // novembre 2025 only: juin 2025 … mai 2026 is E001's, mai 2025 two years back,
        // juillet 2026 this period.
        assert_eq!(e005.len(), 1, "{found:#?}");
        assert!(e005[0].message.contains("« novembre 2025 »"), "{found:#?}");
        assert!(e005[0].message.contains("edition 11"), "{found:#?}");
        assert_eq!(e005[0].severity, crate::check::Severity::Info);
        assert!(
            e005[0]
                .message_in("fr")
                .starts_with("«\u{a0}novembre 2025\u{a0}» tombe dans la période de l'édition 11"),
            "{}",
            e005[0].message_in("fr")
        );
        assert!(found.iter().any(|d| d.code == "E001"));
        // The first edition has no previous one.
        let found = run(1, "2026-06", "2027-05", "fr", body);
        assert!(found.iter().all(|d| d.code != "E005"), "{found:#?}");
    }

    #[test]
    fn tokens_and_sentences() {
        let words = super::tokens("Le 24^e^ sommet — l'OTAN. Puis « juin 2025 ».");
        let texts: Vec<_> = words.iter().map(|w| (w.text, w.sentence)).collect();
        assert_eq!(
            texts,
            [
                ("Le", 0),
                ("24^e^", 0),
                ("sommet", 0),
                ("l'OTAN", 0),
                ("Puis", 1),
                ("juin", 1),
                ("2025", 1)
            ]
        );
        assert_eq!(super::bare("l'Horizon"), "horizon");
        assert_eq!(super::bare("d’une"), "une");
    }
}
