//! What rapporteur knows of each language, in one place and as data: month names,
//! ordinals in words ("onzième", "eleventh": the title's ordinal is made from the edition
//! number rather than typed), how a date and a span of months are written, and the
//! words the edition-currency rules (E) read in the text (nouns naming the report,
//! words announcing a plan, conjunctions joining clauses). The templates' filters, the
//! rules and the labels of the outputs all take them from here; so do the findings'
//! messages, in each language's catalog (`message`, `messages/*.ftl`).
//!
//! Each language is one [`Language`] value in its own file (`fr.rs`, `en.rs`), listed
//! in [`LANGUAGES`]: adding a language is adding such a file and one line there. A
//! language without data still works: months stay `2025-06`, ordinals are digits, and
//! the E rules that read words skip it.

mod calendar;
mod en;
mod fr;
pub mod labels;
pub mod message;

pub use labels::{Label, Labels};
pub use message::Message;

pub use calendar::{
    add_years, civil_date, compact_datetime, format_month_index, is_date, month_index, source_date,
    source_epoch, today, year_month,
};

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::Result;
use calendar::bad_date;

/// Everything rapporteur knows of one language.
#[derive(Debug)]
pub struct Language {
    /// The code used in folder names and catalog keys (`fr`).
    pub code: &'static str,
    /// The language with the region whose conventions the report follows (`fr-FR`,
    /// `en-GB`): what Word's proofing tools and document properties expect.
    pub locale: &'static str,
    /// Month names, January first, as written inside a sentence (`juin`, `June`).
    pub months: [&'static str; 12],
    /// How the first day of a month is written, when not as a plain number (`1er`).
    pub first_day: Option<&'static str>,
    pub ordinals: Ordinals,
    /// What may stand between the two months of a span (`entre juin 2025 et mai 2026`,
    /// `from June 2025 to May 2026`, `juin 2025 – mai 2026`).
    pub period_connectors: &'static [&'static str],
    /// The words by which a text names the report itself.
    pub report: ReportWords,
    /// Words that make a sentence speak of a plan or an expectation rather than of what
    /// happened (`prévu`, `will`): a month in such a sentence may lie after the period.
    pub future_words: &'static [&'static str],
    /// Endings of verbs in the future tense (`organisera`, `tiendront`), same use.
    pub future_endings: &'static [&'static str],
    /// Coordinating conjunctions, which may start a clause of their own (`et`, `mais`,
    /// `and`, `but`): a plan in one clause says nothing of a date in the next.
    pub clause_words: &'static [&'static str],
}

/// Ordinal numbers.
#[derive(Debug)]
pub struct Ordinals {
    /// The ordinals in words, lower case, from the first: `words[0]` is 1.
    pub words: &'static [&'static str],
    /// Other spellings that name an ordinal when reading text (`première`), with their
    /// number.
    pub other_forms: &'static [(&'static str, u32)],
    /// How a number past the words is written: the first suffix whose ending the
    /// number's digits end with (`("1", "st")`, `("", "th")`).
    pub digit_suffixes: &'static [(&'static str, &'static str)],
    /// Suffixes after digits that make an ordinal when reading text (`11^e^`, `11th`).
    pub read_suffixes: &'static [&'static str],
}

/// The words by which a text names the report it is part of.
#[derive(Debug)]
pub struct ReportWords {
    /// Nouns that, right after an ordinal, name a report (`rapport`, `report`).
    pub nouns: &'static [&'static str],
    /// Phrases that, right after an ordinal, place the report in its series (`d'une
    /// série`, `in a series`).
    pub series: &'static [&'static str],
    /// Phrases by which a sentence names the report itself (`présent rapport`, `this
    /// report`).
    pub self_references: &'static [&'static str],
    /// Words before an ordinal's article that make it name another report (`dans le
    /// dixième rapport`, `since the tenth report`).
    pub references: &'static [&'static str],
    /// Articles and determiners that may stand before an ordinal (`le`, `the`).
    pub articles: &'static [&'static str],
    /// Words that, a few words before or after « le onzième rapport », make it cite
    /// another report rather than name this one (`comme`, `relevait`, `as`, `noted`).
    pub citations: &'static [&'static str],
}

/// A language's ordinals, ready to be read in text: what the E rules ask of every
/// word, without looking the language's data up each time.
#[derive(Debug, Clone, Copy)]
pub struct OrdinalReader {
    index: &'static OrdinalIndex,
}

impl OrdinalReader {
    /// A quick test, for reading every word of a text: `false` when `word` surely ends
    /// no ordinal (its last three bytes end none), so that [`Self::ending_at`]
    /// need not be asked.
    pub fn may_end(&self, word: &str) -> bool {
        match word.as_bytes() {
            [first, ..] if first.is_ascii_digit() => true,
            [.., a, b, c] => self.index.tails.may_hold(tail(*a, *b, *c)),
            _ => false,
        }
    }

    /// The longest ordinal whose last word is `words[end]`, reading back (`soixante et
    /// onzième`, `Onzième`, `11^e^`): its number and how many words it takes.
    pub fn ending_at(&self, words: &[&str], end: usize) -> Option<(u32, usize)> {
        let last = *words.get(end)?;
        let first = last.chars().next()?;
        if first.is_ascii_digit() {
            return self.index.digits(&last.to_lowercase()).map(|n| (n, 1));
        }
        // Most words are no ordinal: their last three bytes say so before any lookup.
        // A check reads every word of the edition through here.
        let index = self.index;
        let [.., a, b, c] = last.as_bytes() else {
            return None;
        };
        if !index.tails.may_hold(tail(*a, *b, *c)) {
            return None;
        }
        let lower = if last.chars().any(char::is_uppercase) {
            std::borrow::Cow::Owned(last.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(last)
        };
        let entry = index.last_words.get(lower.as_ref())?;
        let mut best = entry.single.map(|n| (n, 1));
        for (n, parts) in &entry.phrases {
            if parts.len() > end + 1 {
                continue;
            }
            let start = end + 1 - parts.len();
            let matches = parts[..parts.len() - 1]
                .iter()
                .zip(&words[start..end])
                .all(|(p, w)| w.to_lowercase() == *p);
            if matches && best.is_none_or(|(_, len)| parts.len() > len) {
                best = Some((*n, parts.len()));
            }
        }
        best
    }
}

/// Three last bytes, ASCII letters in lower case, as one number (compared without a
/// call to `memcmp`).
fn tail(a: u8, b: u8, c: u8) -> u32 {
    u32::from(a.to_ascii_lowercase()) << 16
        | u32::from(b.to_ascii_lowercase()) << 8
        | u32::from(c.to_ascii_lowercase())
}

/// A language's ordinals, indexed for reading text fast.
#[derive(Debug, Default)]
struct OrdinalIndex {
    /// Suffixes after digits that make an ordinal (`e`, `th`).
    read_suffixes: &'static [&'static str],
    /// Every word that ends an ordinal, lower case.
    last_words: HashMap<&'static str, LastWord>,
    /// The last three bytes of those words (`ème`), as [`tail`] packs them: a word
    /// ending otherwise is no ordinal.
    tails: TailSet,
}

/// A set of [`tail`]s that answers "surely not" in a few instructions, for every word of
/// a text: a 4096-bit filter (a false "maybe" only costs an exact lookup after it).
#[derive(Debug)]
struct TailSet([u64; 64]);

impl Default for TailSet {
    fn default() -> Self {
        TailSet([0; 64])
    }
}

impl TailSet {
    fn bit(tail: u32) -> usize {
        (tail.wrapping_mul(0x9E37_79B1) >> 20) as usize
    }

    fn insert(&mut self, tail: u32) {
        let bit = Self::bit(tail);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn may_hold(&self, tail: u32) -> bool {
        let bit = Self::bit(tail);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// What a word ends.
#[derive(Debug, Default)]
struct LastWord {
    /// The ordinal it is alone (`onzième`, `première`), if any.
    single: Option<u32>,
    /// The ordinals of several words it ends (`soixante et onzième`), with their words.
    phrases: Vec<(u32, Vec<&'static str>)>,
}

impl OrdinalIndex {
    /// The number of an ordinal in digits (`11^e^`, `11th`), lower case.
    fn digits(&self, lower: &str) -> Option<u32> {
        let digits_end = lower
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(lower.len());
        if digits_end == 0 || digits_end > 4 {
            return None;
        }
        let (digits, suffix) = lower.split_at(digits_end);
        self.read_suffixes
            .contains(&suffix)
            .then(|| digits.parse().ok())
            .flatten()
    }

    fn of(language: &'static Language) -> OrdinalIndex {
        let mut index = OrdinalIndex {
            read_suffixes: language.ordinals.read_suffixes,
            ..OrdinalIndex::default()
        };
        for (i, word) in language.ordinals.words.iter().enumerate() {
            let n = i as u32 + 1;
            let parts: Vec<&'static str> = word.split(' ').collect();
            let Some(last) = parts.last().copied() else {
                continue;
            };
            let entry = index.last_words.entry(last).or_default();
            if parts.len() == 1 {
                entry.single = Some(n);
            } else {
                entry.phrases.push((n, parts));
            }
        }
        for (word, n) in language.ordinals.other_forms {
            let entry = index.last_words.entry(word).or_default();
            entry.single.get_or_insert(*n);
        }
        for word in index.last_words.keys() {
            if let [.., a, b, c] = word.as_bytes() {
                index.tails.insert(tail(*a, *b, *c));
            }
        }
        index
    }
}

/// Every language with data, by code.
pub const LANGUAGES: &[&Language] = &[&en::EN, &fr::FR];

/// The data of a language, when there is some.
pub fn language(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().copied().find(|l| l.code == code)
}

impl Language {
    /// The ordinal of `n`, lower case: in words where the data has them, else digits
    /// and suffix (`101e`, `113th`).
    pub fn ordinal(&self, n: u32) -> String {
        let index = usize::try_from(n).ok().and_then(|n| n.checked_sub(1));
        if let Some(word) = index.and_then(|i| self.ordinals.words.get(i)) {
            return (*word).to_string();
        }
        format!("{n}{}", self.digit_suffix(n))
    }

    /// The suffix of `n` written in digits (`e`, `st`, `th`).
    pub fn digit_suffix(&self, n: u32) -> &'static str {
        let digits = n.to_string();
        self.ordinals
            .digit_suffixes
            .iter()
            .find(|(ending, _)| digits.ends_with(ending))
            .map_or("", |(_, suffix)| suffix)
    }

    /// The month (1–12) a word names, written as the data has it or with a capital
    /// first letter at the start of a sentence (`Juin`; but `may` is no month in
    /// English).
    pub fn month_of(&self, word: &str) -> Option<u32> {
        self.months
            .iter()
            .position(|m| *m == word || capitalised_eq(m, word))
            .map(|i| i as u32 + 1)
    }

    /// The number an ordinal word names (`onzième`, `Onzième`, `11^e^`, `eleventh`,
    /// `11th`), for one-word ordinals. Multi-word ones (`vingt et unième`) are found
    /// by [`Language::ordinal_ending_at`].
    pub fn ordinal_of(&self, word: &str) -> Option<u32> {
        let lower = word.to_lowercase();
        if let Some(n) = self
            .ordinal_index()
            .last_words
            .get(lower.as_str())
            .and_then(|w| w.single)
        {
            return Some(n);
        }
        self.ordinal_index().digits(&lower)
    }

    /// Reads ordinals in text (see [`OrdinalReader`]).
    pub fn ordinal_reader(&'static self) -> OrdinalReader {
        OrdinalReader {
            index: self.ordinal_index(),
        }
    }

    /// The longest ordinal in words whose last word is `words[end]`, reading back
    /// (`soixante et onzième`): its number and how many words it takes.
    pub fn ordinal_ending_at(&self, words: &[&str], end: usize) -> Option<(u32, usize)> {
        OrdinalReader {
            index: self.ordinal_index(),
        }
        .ending_at(words, end)
    }

    /// The ordinals of the data, indexed for reading text; computed once per language.
    fn ordinal_index(&self) -> &'static OrdinalIndex {
        static INDEXES: OnceLock<Vec<(&'static str, OrdinalIndex)>> = OnceLock::new();
        static EMPTY: OnceLock<OrdinalIndex> = OnceLock::new();
        let indexes = INDEXES.get_or_init(|| {
            LANGUAGES
                .iter()
                .map(|l| (l.code, OrdinalIndex::of(l)))
                .collect()
        });
        indexes
            .iter()
            .find(|(code, _)| *code == self.code)
            .map_or_else(|| EMPTY.get_or_init(OrdinalIndex::default), |(_, i)| i)
    }

    /// Whether a word (lower case) makes its sentence speak of the future.
    pub fn is_future_word(&self, lower: &str) -> bool {
        self.future_words.contains(&lower)
            || self
                .future_endings
                .iter()
                .any(|e| lower.len() > e.len() + 1 && lower.ends_with(e))
    }

    /// `2025-06` as this language writes a month (`juin 2025`).
    fn month_year(&self, year: u32, month: u32) -> String {
        format!("{} {year}", self.months[month as usize - 1])
    }
}

/// Whether `word` is `name` with its first letter in upper case.
fn capitalised_eq(name: &str, word: &str) -> bool {
    let mut a = name.chars();
    let mut b = word.chars();
    match (a.next(), b.next()) {
        (Some(x), Some(y)) => x.to_uppercase().eq(std::iter::once(y)) && a.eq(b),
        _ => false,
    }
}

/// The language tag with its region, as Word wants it (`fr-FR`, `en-GB`); a language
/// without data keeps its code.
pub fn locale(code: &str) -> &str {
    language(code).map_or(code, |l| l.locale)
}

/// `le 5 décembre 2017` with no-break spaces between the day and the month and between
/// the month and the year, as typography wants a date kept on one line: a long title
/// then never ends a line on `5`. Only ordinary spaces around a month name of the
/// language are touched; a language without month names is returned as it is.
pub fn tie_dates(text: &str, lang: &str) -> String {
    let Some(language) = language(lang) else {
        return text.to_string();
    };
    let is_month = |word: &str| {
        language
            .months
            .iter()
            .any(|m| *m == word || capitalised_eq(m, word))
    };
    let is_day = |word: &str| {
        language.first_day == Some(word)
            || (matches!(word.len(), 1 | 2) && word.bytes().all(|b| b.is_ascii_digit()))
    };
    let is_year = |word: &str| {
        let digits = word.trim_end_matches(|c: char| c.is_ascii_punctuation());
        digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let before = words[i - 1];
            let tie = (is_day(before) && is_month(word)) || (is_month(before) && is_year(word));
            out.push(if tie { '\u{a0}' } else { ' ' });
        }
        out.push_str(word);
    }
    out
}

/// The ordinal of `n` in words, lower case (`onzième`, `eleventh`). Languages without
/// data get digits and a full stop (`11.`).
pub fn ordinal(n: u32, lang: &str) -> String {
    match language(lang) {
        Some(language) => language.ordinal(n),
        None => format!("{n}."),
    }
}

/// `2025-06` as the language writes a month: `juin 2025`, `June 2025`. Languages without
/// month names keep `2025-06`.
pub fn month_year(text: &str, lang: &str) -> Result<String> {
    let (y, m) = year_month(text).ok_or_else(|| bad_date(text, "YYYY-MM"))?;
    Ok(match language(lang) {
        Some(language) => language.month_year(y, m),
        None => text.to_string(),
    })
}

/// A span of months, both ends included: `juin 2025 – mai 2026`.
pub fn period(start: &str, end: &str, lang: &str) -> Result<String> {
    Ok(format!(
        "{} \u{2013} {}",
        month_year(start, lang)?,
        month_year(end, lang)?
    ))
}

/// `2026-06-01` as the language writes a date: `1er juin 2026`, `1 June 2026`.
pub fn date(text: &str, lang: &str) -> Result<String> {
    let (y, m) = year_month(text).ok_or_else(|| bad_date(text, "YYYY-MM-DD"))?;
    let d: u32 = text
        .get(8..)
        .filter(|d| d.len() == 2 && text.len() == 10)
        .and_then(|d| d.parse().ok())
        .filter(|d| (1..=31).contains(d))
        .ok_or_else(|| bad_date(text, "YYYY-MM-DD"))?;
    Ok(match language(lang) {
        Some(language) => {
            let day = match language.first_day {
                Some(first) if d == 1 => first.to_string(),
                _ => d.to_string(),
            };
            format!("{day} {}", language.month_year(y, m))
        }
        None => text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_dates() {
        assert_eq!(month_year("2025-06", "fr").unwrap(), "juin 2025");
        assert_eq!(month_year("2025-06", "en").unwrap(), "June 2025");
        assert_eq!(month_year("2025-06", "de").unwrap(), "2025-06");
        assert_eq!(
            period("2025-06", "2026-05", "fr").unwrap(),
            "juin 2025 \u{2013} mai 2026"
        );
        assert_eq!(date("2026-06-01", "fr").unwrap(), "1er juin 2026");
        assert_eq!(date("2026-12-05", "en").unwrap(), "5 December 2026");
        for bad in ["2025-13", "25-06", "2025-6", "juin", "2025-06-1x"] {
            assert!(
                month_year(bad, "fr").is_err() || bad == "2025-06-1x",
                "{bad}"
            );
            assert!(date(bad, "fr").is_err(), "{bad}");
        }
    }

    #[test]
    fn french_ordinals() {
        let cases = [
            (1, "premier"),
            (2, "deuxième"),
            (5, "cinquième"),
            (9, "neuvième"),
            (11, "onzième"),
            (12, "douzième"),
            (17, "dix-septième"),
            (21, "vingt et unième"),
            (30, "trentième"),
            (71, "soixante et onzième"),
            (80, "quatre-vingtième"),
            (81, "quatre-vingt-unième"),
            (99, "quatre-vingt-dix-neuvième"),
            (100, "centième"),
            (101, "101e"),
        ];
        for (n, word) in cases {
            assert_eq!(ordinal(n, "fr"), word, "{n}");
        }
    }

    #[test]
    fn english_ordinals() {
        let cases = [
            (1, "first"),
            (2, "second"),
            (3, "third"),
            (11, "eleventh"),
            (12, "twelfth"),
            (20, "twentieth"),
            (21, "twenty-first"),
            (42, "forty-second"),
            (101, "101st"),
            (112, "112th"),
            (113, "113th"),
            (122, "122nd"),
        ];
        for (n, word) in cases {
            assert_eq!(ordinal(n, "en"), word, "{n}");
        }
        assert_eq!(ordinal(3, "de"), "3.");
    }

    #[test]
    fn every_language_is_complete() {
        for language in LANGUAGES {
            assert!(language.ordinals.words.len() >= 99, "{}", language.code);
            // Every ordinal word reads back as its number.
            for n in 1..=language.ordinals.words.len() as u32 {
                let word = language.ordinal(n);
                let words: Vec<&str> = word.split(' ').collect();
                assert_eq!(
                    language.ordinal_ending_at(&words, words.len() - 1),
                    Some((n, words.len())),
                    "{} {word}",
                    language.code
                );
            }
            assert!(language.months.iter().all(|m| !m.is_empty()));
        }
        assert_eq!(LANGUAGES.len(), {
            let mut codes: Vec<_> = LANGUAGES.iter().map(|l| l.code).collect();
            codes.sort();
            codes.dedup();
            codes.len()
        });
    }

    #[test]
    fn reading_words() {
        let fr = language("fr").unwrap();
        assert_eq!(fr.month_of("juin"), Some(6));
        assert_eq!(fr.month_of("Juin"), Some(6));
        assert_eq!(fr.month_of("JUIN"), None);
        assert_eq!(fr.ordinal_of("Onzième"), Some(11));
        assert_eq!(fr.ordinal_of("11^e^"), Some(11));
        assert_eq!(fr.ordinal_of("première"), Some(1));
        assert_eq!(fr.ordinal_of("2025"), None);
        let en = language("en").unwrap();
        assert_eq!(en.month_of("May"), Some(5));
        assert_eq!(en.month_of("may"), None, "the verb is no month");
        assert_eq!(en.ordinal_of("11th"), Some(11));
        assert!(fr.is_future_word("organisera") && !fr.is_future_word("ira"));
    }

    #[test]
    fn dates_in_a_title_hold_together() {
        assert_eq!(
            tie_dates(
                "entérinées le 6 décembre 2016 et le 5 décembre 2017 par le Conseil",
                "fr"
            ),
            "entérinées le 6\u{a0}décembre\u{a0}2016 et le 5\u{a0}décembre\u{a0}2017 par le Conseil"
        );
        assert_eq!(
            tie_dates("on 6 December 2016, in 2017 and 12 members", "en"),
            "on 6\u{a0}December\u{a0}2016, in 2017 and 12 members"
        );
        assert_eq!(tie_dates("le 1er juin", "fr"), "le 1er\u{a0}juin");
        assert_eq!(tie_dates("am 5 Dezember 2017", "de"), "am 5 Dezember 2017");
        assert_eq!(locale("fr"), "fr-FR");
        assert_eq!(locale("en"), "en-GB");
        assert_eq!(locale("de"), "de");
    }
}
