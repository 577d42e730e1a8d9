//! Calendar dates as writers keep them in front matter: `2026-02-24`, a YAML
//! timestamp (`2026-02-24T22:57:53-08:00`, `2026-02-24 22:57:53 -8`), a TOML
//! datetime (which reaches the suite as its text), and today's date.
//!
//! A timestamp is the calendar date written at its start: Hugo shows
//! `2026-02-24T22:57:53-08:00` as February 24, and so does the suite, with no
//! conversion to UTC (which would make it the 25th). Only the time's shape is
//! checked, so a value that is not a date is never mistaken for one.
//!
//! Today's date is computed here from the clock (or `SOURCE_DATE_EPOCH`, for
//! reproducible builds) with the days-from-civil arithmetic below: a dozen
//! lines, so no date crate is needed.

use std::fmt;

/// A calendar date (proleptic Gregorian), ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a date value may be written as, for messages.
pub const EXPECTED: &str =
    "a date (`2026-02-24`, or a timestamp such as `2026-02-24T22:57:53-08:00`)";

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads a run of `min` to `max` ASCII digits at the start of `text`.
fn digits(text: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let length = text
        .bytes()
        .take(max)
        .take_while(u8::is_ascii_digit)
        .count();
    if length < min {
        return None;
    }
    let value = text[..length].parse().ok()?;
    Some((value, &text[length..]))
}

/// Reads `HH:MM[:SS[.fraction]]` and an optional offset (`Z`, `±HH`,
/// `±HH:MM`, `±HHMM`, after optional blanks): the rest of a timestamp.
fn is_time_and_offset(text: &str) -> bool {
    let Some((hour, rest)) = digits(text, 1, 2) else {
        return false;
    };
    let Some((minute, mut rest)) = rest.strip_prefix(':').and_then(|r| digits(r, 2, 2)) else {
        return false;
    };
    if let Some(after) = rest.strip_prefix(':') {
        let Some((second, after)) = digits(after, 2, 2) else {
            return false;
        };
        if second > 60 {
            return false;
        }
        rest = after;
        if let Some(fraction) = rest.strip_prefix('.') {
            let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if length == 0 {
                return false;
            }
            rest = &fraction[length..];
        }
    }
    if hour > 23 || minute > 59 {
        return false;
    }
    let offset = rest.trim_start_matches([' ', '\t']);
    if offset.is_empty() || offset == "Z" || offset == "z" {
        return true;
    }
    let Some(sign_less) = offset.strip_prefix(['+', '-']) else {
        return false;
    };
    let Some((hours, rest)) = digits(sign_less, 1, 2) else {
        return false;
    };
    let minutes = match rest.strip_prefix(':').unwrap_or(rest) {
        "" => Some(0),
        minutes => digits(minutes, 2, 2)
            .filter(|(_, r)| r.is_empty())
            .map(|(m, _)| m),
    };
    hours <= 23 && minutes.is_some_and(|m| m <= 59)
}

impl Date {
    /// 1970-01-01, day 0 of Unix time.
    pub const EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// A date from its parts, if they name a day of the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD`, optionally followed by a time (after `T`, `t` or
    /// blanks) and an offset, as YAML 1.1 timestamps, TOML datetimes and
    /// RFC 3339 write them. The date is the one written, whatever the offset.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (year, rest) = digits(text, 4, 4)?;
        let (month, rest) = digits(rest.strip_prefix('-')?, 1, 2)?;
        let (day, rest) = digits(rest.strip_prefix('-')?, 1, 2)?;
        let date = Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )?;
        if rest.is_empty() {
            return Some(date);
        }
        let time = rest.strip_prefix(['T', 't']).or_else(|| {
            Some(rest.trim_start_matches([' ', '\t'])).filter(|t| t.len() < rest.len())
        })?;
        is_time_and_offset(time).then_some(date)
    }

    /// The date `days` days after 1970-01-01 (before it, when negative), from
    /// Howard Hinnant's `civil_from_days`; `None` outside years 0 to 9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Self> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok().filter(|y| *y <= 9999)?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The UTC date of a Unix time in seconds.
    pub fn from_unix_seconds(seconds: i64) -> Option<Self> {
        Date::from_days_since_epoch(seconds.div_euclid(86_400))
    }
}

/// Today's date in UTC: from `SOURCE_DATE_EPOCH` (Unix seconds) when it is
/// set, so that a build is reproducible, else from the clock. An unusable
/// `SOURCE_DATE_EPOCH` is an error naming it.
pub fn today() -> Result<Date, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(Date::from_unix_seconds)
            .ok_or_else(|| {
                format!(
                    "SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01 (UTC), found `{}`",
                    value.escape_debug()
                )
            }),
        Err(_) => {
            let seconds = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs());
            Date::from_unix_seconds(i64::try_from(seconds).unwrap_or(i64::MAX))
                .ok_or_else(|| "the system clock is past the year 9999".to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Option<String> {
        Date::parse(text).map(|d| d.to_string())
    }

    #[test]
    fn a_timestamp_is_the_day_written_whatever_its_offset() {
        // 22:57 at -08:00 is the 25th in UTC; the writer's day is the 24th.
        assert_eq!(
            shown("2026-02-24T22:57:53-08:00").as_deref(),
            Some("2026-02-24")
        );
        assert_eq!(
            shown("2024-08-31T20:18:07+02:00").as_deref(),
            Some("2024-08-31")
        );
        assert_eq!(
            shown("2013-05-21T15:14:50-06:00").as_deref(),
            Some("2013-05-21")
        );
        assert_eq!(
            shown("2001-12-14t21:59:43.10-05:00").as_deref(),
            Some("2001-12-14")
        );
        assert_eq!(
            shown("2001-12-14 21:59:43.10 -5").as_deref(),
            Some("2001-12-14")
        );
        assert_eq!(
            shown("2001-12-15T02:59:43.1Z").as_deref(),
            Some("2001-12-15")
        );
        assert_eq!(
            shown("2026-02-24T22:57:53+0530").as_deref(),
            Some("2026-02-24")
        );
    }

    #[test]
    fn toml_datetimes_as_the_toml_crate_writes_them() {
        for (toml, day) in [
            ("d = 1979-05-27T07:32:00Z", "1979-05-27"),
            ("d = 1979-05-27T00:32:00.999999-07:00", "1979-05-27"),
            ("d = 1979-05-27 07:32:00", "1979-05-27"),
            ("d = 1979-05-27", "1979-05-27"),
        ] {
            let table: toml::Table = toml::from_str(toml).unwrap();
            let written = table["d"].as_datetime().unwrap().to_string();
            assert_eq!(shown(&written).as_deref(), Some(day), "{toml} → {written}");
        }
    }

    #[test]
    fn date_only_and_short_parts() {
        assert_eq!(shown("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(shown(" 2024-2-9 ").as_deref(), Some("2024-02-09"));
        assert_eq!(shown("2000-02-29").as_deref(), Some("2000-02-29"));
    }

    #[test]
    fn what_is_not_a_date_is_none() {
        for text in [
            "",
            "YYYY-MM-DD",
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-04-31",
            "2024-00-10",
            "24-01-01",
            "2024/01/01",
            "2024-01-01x",
            "2024-01-01T",
            "2024-01-01T25:00",
            "2024-01-01T10:60",
            "2024-01-01T10:00:61",
            "2024-01-01T10:00+25:00",
            "2024-01-01T10:00 PST",
            "2024-01-01 <script>",
            "<script>alert(1)</script>",
            "07:32:00",
            "Q3 2026",
            "20240101",
            "2024-01-01T10:00:00.Z",
        ] {
            assert_eq!(Date::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn dates_order_by_time() {
        let older = Date::parse("2013-03-05").unwrap();
        let newer = Date::parse("2013-03-07T00:00:00-12:00").unwrap();
        assert!(older < newer);
        assert!(Date::parse("2024-12-31").unwrap() < Date::parse("2025-01-01").unwrap());
    }

    #[test]
    fn days_since_the_epoch_are_civil_dates() {
        for (days, day) in [
            (0, "1970-01-01"),
            (-1, "1969-12-31"),
            (11_016, "2000-02-29"),
            (19_782, "2024-02-29"),
            (20_508, "2026-02-24"),
            (2_932_896, "9999-12-31"),
            (-719_468, "0000-03-01"),
        ] {
            assert_eq!(
                Date::from_days_since_epoch(days)
                    .map(|d| d.to_string())
                    .as_deref(),
                Some(day),
                "{days}"
            );
        }
        assert_eq!(Date::from_days_since_epoch(2_932_897), None);
        assert_eq!(Date::from_days_since_epoch(i64::MAX), None);
        assert_eq!(
            Date::from_unix_seconds(1_772_002_673)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-02-25")
        );
        assert_eq!(
            Date::from_unix_seconds(-1)
                .map(|d| d.to_string())
                .as_deref(),
            Some("1969-12-31")
        );
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        // Civil days from the epoch count up one by one through leap years
        // and centuries.
        let mut previous = Date::from_days_since_epoch(-1).unwrap();
        for days in 0..146_097 {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert!(date > previous, "{date}");
            assert_eq!(Date::parse(&date.to_string()), Some(date));
            previous = date;
        }
        assert_eq!(previous.to_string(), "2369-12-31");
    }
}
