//! Dates without a calendar crate: `YYYY-MM` and `YYYY-MM-DD` as the files write them,
//! months counted from year 0 for comparing them, and the civil date of a Unix time
//! (the build reads `SOURCE_DATE_EPOCH`, never the clock; a sign-off is dated today).

use crate::error::{Error, Result};

/// Splits `YYYY-MM` (or the start of `YYYY-MM-DD`) into year and month.
pub fn year_month(text: &str) -> Option<(u32, u32)> {
    let (y, rest) = text.split_once('-')?;
    let m = rest.get(..2)?;
    if y.len() != 4
        || !y.bytes().all(|b| b.is_ascii_digit())
        || !m.bytes().all(|b| b.is_ascii_digit())
        || !rest
            .get(2..)
            .is_some_and(|r| r.is_empty() || r.starts_with('-'))
    {
        return None;
    }
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

/// A month as one number (`year * 12 + month - 1`), so that months compare and subtract.
pub fn month_index(year: u32, month: u32) -> u32 {
    year * 12 + month - 1
}

/// `YYYY-MM` of a month index.
pub fn format_month_index(index: u32) -> String {
    format!("{:04}-{:02}", index / 12, index % 12 + 1)
}

/// `YYYY-MM` moved by `years` years (`2025-06` → `2026-06`).
pub fn add_years(text: &str, years: i64) -> Option<String> {
    let (y, m) = year_month(text)?;
    let y = u32::try_from(i64::from(y) + years).ok()?;
    (y <= 9999).then(|| format!("{y:04}-{m:02}"))
}

/// Whether `text` is a date `YYYY-MM-DD` that exists (leap years included).
pub fn is_date(text: &str) -> bool {
    let Some((y, m)) = year_month(text) else {
        return false;
    };
    let Some(d) = text
        .get(8..)
        .filter(|d| text.len() == 10 && d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|d| d.parse::<u32>().ok())
    else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d)
}

pub(super) fn bad_date(text: &str, form: &str) -> Error {
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

/// Today in UTC, `YYYY-MM-DD` (the default date of a sign-off).
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    civil_date(seconds.div_euclid(86_400))
}

/// Seconds since 1970 (UTC) → `YYYYMMDDHHMMSS`, the form of PDF dates.
pub fn compact_datetime(seconds: i64) -> String {
    let day = civil_date(seconds.div_euclid(86_400)).replace('-', "");
    let s = seconds.rem_euclid(86_400);
    format!("{day}{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (proleptic Gregorian; Howard Hinnant's
/// `civil_from_days`).
pub fn civil_date(days: i64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_and_months() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_454), "2026-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(compact_datetime(86_399), "19700101235959");
        assert_eq!(add_years("2025-06", 1).as_deref(), Some("2026-06"));
        assert_eq!(add_years("2025-6", 1), None);
        let (y, m) = year_month("2026-05").unwrap();
        assert_eq!(format_month_index(month_index(y, m) + 1), "2026-06");
        assert!(is_date("2024-02-29") && !is_date("2025-02-29") && !is_date("2025-13-01"));
        assert!(!is_date("2025-06-1x") && !is_date("2025-06-001"));
    }
}
