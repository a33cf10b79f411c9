//! Dates as precise as their source: a day, a month or only a year.
//!
//! Accountability facts (has a deadline passed? when were responses due?) are
//! computed from these, so an imprecise date must stay visibly imprecise: the
//! site shows "February 2021", never an invented "1 February 2021".

use std::fmt;
use time::{Date, Month};

/// A calendar date known to the day, the month or the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn day(date: Date) -> Self {
        PartialDate {
            year: date.year(),
            month: Some(date.month() as u8),
            day: Some(date.day()),
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('-');
        let year = i32::try_from(parse_digits(parts.next()?, 4)?).ok()?;
        let month = match parts.next() {
            Some(m) => Some(parse_digits(m, 2)?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(parse_digits(d, 2)?),
            None => None,
        };
        if parts.next().is_some() || (day.is_some() && month.is_none()) {
            return None;
        }
        let date = PartialDate {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        };
        date.earliest()?;
        Some(date)
    }

    pub fn is_exact(&self) -> bool {
        self.day.is_some()
    }

    /// The first day the date could stand for.
    pub fn earliest(&self) -> Option<Date> {
        let month = Month::try_from(self.month.unwrap_or(1)).ok()?;
        Date::from_calendar_date(self.year, month, self.day.unwrap_or(1)).ok()
    }

    /// The last day the date could stand for.
    pub fn latest(&self) -> Option<Date> {
        match (self.month, self.day) {
            (Some(_), Some(_)) => self.earliest(),
            (Some(m), None) => {
                let month = Month::try_from(m).ok()?;
                Date::from_calendar_date(self.year, month, month.length(self.year)).ok()
            }
            _ => Date::from_calendar_date(self.year, Month::December, 31).ok(),
        }
    }

    /// ISO form at the date's own precision: `2021`, `2021-02`, `2021-02-07`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }
}

impl fmt::Display for PartialDate {
    /// British long form: "7 April 2021", "February 2021", "2021".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month_name = self
            .month
            .and_then(|m| Month::try_from(m).ok())
            .map(|m| m.to_string());
        match (self.day, month_name) {
            (Some(d), Some(m)) => write!(f, "{d} {m} {}", self.year),
            (None, Some(m)) => write!(f, "{m} {}", self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

fn parse_digits(text: &str, width: usize) -> Option<u32> {
    if text.len() == width && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// What is wrong with a date an editor wrote, and how to write it, for
/// text that is meant as a date but is not one this data reads: a day,
/// month and year in British order (`31/03/2021`, `31.03.2021`), or a
/// year-month-day whose day or month does not exist (`2021-04-31`).
/// Returns (problem, fix).
pub fn advice(text: &str) -> Option<(String, String)> {
    let text = text.trim().trim_matches(['"', '\'']);
    let numbers: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [a, b, c] = numbers[..] else {
        return None;
    };
    let number = |part: &str, max_len: usize| {
        (!part.is_empty() && part.len() <= max_len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (year, month, day, day_first) = match (number(a, 4), number(b, 2), number(c, 4)) {
        (Some(y), Some(m), Some(d)) if a.len() == 4 && c.len() <= 2 => (y, m, d, false),
        (Some(d), Some(m), Some(y)) if a.len() <= 2 && c.len() == 4 => (y, m, d, true),
        _ => return None,
    };
    let year = i32::try_from(year).ok()?;
    let Some(month_name) = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
    else {
        return Some((
            format!("there is no month {month}: months go from 1 to 12"),
            "write the date year-month-day, without quotes, e.g. `2021-04-07` for 7 April 2021"
                .to_string(),
        ));
    };
    let days = time::util::days_in_month(month_name, year);
    if day == 0 || day > u32::from(days) {
        return Some((
            format!("{day} {month_name} {year} does not exist: {month_name} {year} has {days} days"),
            "check the date in the source, and write it year-month-day without quotes, e.g. `2021-04-07`".to_string(),
        ));
    }
    let iso = format!("{year:04}-{month:02}-{day:02}");
    day_first.then(|| {
        (
            format!("`{text}` is written day/month/year"),
            format!("write it year-month-day, without quotes: `{iso}`"),
        )
    })
}

/// Formats an exact date in the site's long form.
pub fn long(date: Date) -> String {
    PartialDate::day(date).to_string()
}

/// A range of possible days, for facts computed from imprecise dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    pub earliest: Date,
    pub latest: Date,
}

impl DayRange {
    pub fn of(date: &PartialDate) -> Option<Self> {
        Some(DayRange {
            earliest: date.earliest()?,
            latest: date.latest()?,
        })
    }

    pub fn is_exact(&self) -> bool {
        self.earliest == self.latest
    }

    pub fn shifted(&self, days: i64) -> Self {
        DayRange {
            earliest: self.earliest + time::Duration::days(days),
            latest: self.latest + time::Duration::days(days),
        }
    }

    /// "26 May 2025", or "between 28 March and 24 April 2021".
    pub fn describe(&self) -> String {
        if self.is_exact() {
            long(self.earliest)
        } else {
            format!("between {} and {}", long(self.earliest), long(self.latest))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_written_the_british_way_or_impossible_are_explained() {
        let (problem, fix) = advice("31/03/2021").unwrap();
        assert_eq!(problem, "`31/03/2021` is written day/month/year");
        assert_eq!(fix, "write it year-month-day, without quotes: `2021-03-31`");
        let (problem, _) = advice("\"31/04/2021\"").unwrap();
        assert_eq!(
            problem,
            "31 April 2021 does not exist: April 2021 has 30 days"
        );
        let (problem, _) = advice("2021-02-29").unwrap();
        assert_eq!(
            problem,
            "29 February 2021 does not exist: February 2021 has 28 days"
        );
        assert!(advice("2021-13-01").unwrap().0.contains("no month 13"));
        assert_eq!(advice("2024-02-29"), None, "a real day needs no advice");
        assert_eq!(advice("Feb 2021"), None);
    }

    #[test]
    fn parses_each_precision_and_rejects_nonsense() {
        assert_eq!(
            PartialDate::parse("2021-02").unwrap().to_string(),
            "February 2021"
        );
        assert_eq!(
            PartialDate::parse("2021-04-07").unwrap().to_string(),
            "7 April 2021"
        );
        assert_eq!(PartialDate::parse("2021").unwrap().iso(), "2021");
        for bad in [
            "2021-13",
            "2021-02-30",
            "21-02",
            "2021-2",
            "2021--01",
            "February 2021",
            "",
        ] {
            assert!(PartialDate::parse(bad).is_none(), "{bad} should be refused");
        }
    }

    #[test]
    fn a_month_spans_its_days_including_leap_years() {
        let feb = PartialDate::parse("2024-02").unwrap();
        assert_eq!(long(feb.earliest().unwrap()), "1 February 2024");
        assert_eq!(long(feb.latest().unwrap()), "29 February 2024");
    }

    #[test]
    fn the_56_day_example_from_the_act() {
        // Published 1 April 2025: day 56 is 26 May 2025 (publication day is day 1).
        let published = DayRange::of(&PartialDate::parse("2025-04-01").unwrap()).unwrap();
        assert_eq!(published.shifted(55).describe(), "26 May 2025");
    }

    #[test]
    fn imprecise_dates_give_a_range() {
        let published = DayRange::of(&PartialDate::parse("2021-02").unwrap()).unwrap();
        assert_eq!(
            published.shifted(55).describe(),
            "between 28 March 2021 and 24 April 2021"
        );
    }
}
