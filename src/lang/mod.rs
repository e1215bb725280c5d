//! What rapporteur knows of each language, in one place: ordinals ("Onzième",
//! "Eleventh", made from the edition number rather than typed), months and dates as each
//! language writes them ("juin 2025", "June 2025", "1er juin 2025"). The templates'
//! filters, the rules that read dates and ordinals in the text, and the labels of the
//! outputs all take them from here, so a language is added here and nowhere else.

pub mod labels;

pub use labels::{Label, Labels};

use crate::error::{Error, Result};

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(month: u32, lang: &str) -> Option<&'static str> {
    let i = usize::try_from(month).ok()?.checked_sub(1)?;
    match lang {
        "fr" => MONTHS_FR.get(i).copied(),
        "en" => MONTHS_EN.get(i).copied(),
        _ => None,
    }
}

/// Splits `YYYY-MM` (or the start of `YYYY-MM-DD`) into year and month.
fn year_month(text: &str) -> Option<(u32, u32)> {
    let (y, rest) = text.split_once('-')?;
    let m = rest.get(..2)?;
    if y.len() != 4
        || !rest
            .get(2..)
            .is_some_and(|r| r.is_empty() || r.starts_with('-'))
    {
        return None;
    }
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

/// `2025-06` as the language writes a month: `juin 2025`, `June 2025`. Languages without
/// month names here keep `2025-06`.
pub fn month_year(text: &str, lang: &str) -> Result<String> {
    let (y, m) = year_month(text).ok_or_else(|| bad_date(text, "YYYY-MM"))?;
    Ok(match month_name(m, lang) {
        Some(name) => format!("{name} {y}"),
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
    Ok(match (lang, month_name(m, lang)) {
        ("fr", Some(name)) if d == 1 => format!("1er {name} {y}"),
        (_, Some(name)) => format!("{d} {name} {y}"),
        (_, None) => text.to_string(),
    })
}

fn bad_date(text: &str, form: &str) -> Error {
    Error::Usage(format!("`{text}` is not a date of the form {form}"))
}

/// The day set by `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) as `YYYY-MM-DD`, or
/// `None` when the variable is not set: the build never reads the clock.
pub fn source_date() -> Result<Option<String>> {
    Ok(source_epoch()?.map(|s| civil_date(s.div_euclid(86_400))))
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "the time of this
/// build" (usually the last commit's time), if set.
pub fn source_epoch() -> Result<Option<i64>> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let value = value.to_string_lossy();
    value.trim().parse().map(Some).map_err(|_| {
        Error::Usage(format!(
            "SOURCE_DATE_EPOCH=`{value}` is not a number of seconds since 1970-01-01"
        ))
    })
}

/// Seconds since 1970 (UTC) → `YYYYMMDDHHMMSS`, the form of PDF dates.
pub fn compact_datetime(seconds: i64) -> String {
    let day = civil_date(seconds.div_euclid(86_400)).replace('-', "");
    let s = seconds.rem_euclid(86_400);
    format!("{day}{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (proleptic Gregorian; Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The ordinal of `n` in words, lower case (`onzième`, `eleventh`). Languages without
/// words here get digits with the language's suffix (`11.`).
pub fn ordinal(n: u32, lang: &str) -> String {
    match lang {
        "fr" => ordinal_fr(n),
        "en" => ordinal_en(n),
        _ => format!("{n}."),
    }
}

fn ordinal_fr(n: u32) -> String {
    if n == 1 {
        return "premier".into();
    }
    if n >= 1000 {
        return format!("{n}e");
    }
    let cardinal = cardinal_fr(n);
    // The ordinal changes only the last word of the cardinal.
    let (head, last) = match cardinal.rfind(['-', ' ']) {
        Some(i) => (&cardinal[..=i], &cardinal[i + 1..]),
        None => ("", cardinal.as_str()),
    };
    let last = match last {
        "un" => "unième".to_string(),
        "cinq" => "cinquième".to_string(),
        "neuf" => "neuvième".to_string(),
        "vingts" | "cents" => format!("{}ième", &last[..last.len() - 1]),
        w if w.ends_with('e') => format!("{}ième", &w[..w.len() - 1]),
        w => format!("{w}ième"),
    };
    format!("{head}{last}")
}

fn cardinal_fr(n: u32) -> String {
    const UNITS: [&str; 17] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize",
    ];
    const TENS: [&str; 7] = [
        "",
        "",
        "vingt",
        "trente",
        "quarante",
        "cinquante",
        "soixante",
    ];
    match n {
        0..=16 => UNITS[n as usize].to_string(),
        17..=19 => format!("dix-{}", UNITS[(n - 10) as usize]),
        20..=69 => {
            let (t, u) = (n / 10, n % 10);
            match u {
                0 => TENS[t as usize].to_string(),
                1 => format!("{} et un", TENS[t as usize]),
                _ => format!("{}-{}", TENS[t as usize], UNITS[u as usize]),
            }
        }
        70..=79 => match n {
            71 => "soixante et onze".into(),
            _ => format!("soixante-{}", cardinal_fr(n - 60)),
        },
        80 => "quatre-vingts".into(),
        81..=99 => format!("quatre-vingt-{}", cardinal_fr(n - 80)),
        100 => "cent".into(),
        101..=199 => format!("cent {}", cardinal_fr(n - 100)),
        _ => {
            let (h, r) = (n / 100, n % 100);
            if r == 0 {
                format!("{} cents", cardinal_fr(h))
            } else {
                format!("{} cent {}", cardinal_fr(h), cardinal_fr(r))
            }
        }
    }
}

fn ordinal_en(n: u32) -> String {
    if n >= 100 {
        let suffix = match (n % 10, n % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        return format!("{n}{suffix}");
    }
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let ordinal_word = |w: &str| -> String {
        match w {
            "one" => "first".into(),
            "two" => "second".into(),
            "three" => "third".into(),
            "five" => "fifth".into(),
            "eight" => "eighth".into(),
            "nine" => "ninth".into(),
            "twelve" => "twelfth".into(),
            w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
            w => format!("{w}th"),
        }
    };
    match n {
        0..=19 => ordinal_word(UNITS[n as usize]),
        _ if n.is_multiple_of(10) => ordinal_word(TENS[(n / 10) as usize]),
        _ => format!(
            "{}-{}",
            TENS[(n / 10) as usize],
            ordinal_word(UNITS[(n % 10) as usize])
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{civil_date, date, month_year, ordinal, period};

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
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_454), "2026-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(super::compact_datetime(86_399), "19700101235959");
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
            (113, "113th"),
        ];
        for (n, word) in cases {
            assert_eq!(ordinal(n, "en"), word, "{n}");
        }
    }
}
