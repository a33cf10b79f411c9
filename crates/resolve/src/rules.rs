//! The accountability rules, as pure functions returning typed states:
//! which days a deadline can stand for, whether it has passed on the
//! site's date, and when the 56-day window for a report's comments ends.
//! No English and no URLs here: the views put these into words, and
//! export, search and the charts compare the states, never their words.

use answerable_data::dates::{DayRange, PartialDate};
use answerable_data::model::{Due, Section55};
use serde::Serialize;
use time::Date;

/// Where a deadline stands on the site's date. Serialises as `passed`,
/// `upcoming` or `unknown`, the words templates and the open data use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineState {
    /// The site's date is after the last day the deadline can stand for.
    Passed,
    /// The deadline may still be met.
    Upcoming,
    /// The sources give no date to judge by.
    Unknown,
}

impl DeadlineState {
    /// The state's name, as it is serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineState::Passed => "passed",
            DeadlineState::Upcoming => "upcoming",
            DeadlineState::Unknown => "unknown",
        }
    }
}

impl std::fmt::Display for DeadlineState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The date a deadline stands for, at its own precision: its own date, or
/// for one "with immediate effect" the report's publication; `None` when
/// the sources give neither.
pub fn deadline_date(due: Option<Due>, published: Option<PartialDate>) -> Option<PartialDate> {
    match due {
        Some(Due::By(date)) => Some(date),
        Some(Due::Immediate) => published,
        None => None,
    }
}

/// A deadline has passed only once the site's date is after the last day
/// it can stand for: "by March 2021" passes on 1 April 2021, never before,
/// since the source gives no day.
pub fn deadline_state(days: Option<&DayRange>, as_of: Date) -> DeadlineState {
    match days {
        None => DeadlineState::Unknown,
        Some(days) if as_of > days.latest => DeadlineState::Passed,
        Some(_) => DeadlineState::Upcoming,
    }
}

/// The last day of the window in which a force's local policing body
/// publishes its comments on a report (section 55 of the Police Act 1996:
/// within 56 days, the day of publication being day 1, so publication plus
/// 55 days), as a range when publication is known only to the month or
/// year. `None` when the duty does not apply or publication is unknown.
pub fn comment_window(section_55: Section55, published: Option<&PartialDate>) -> Option<DayRange> {
    if section_55 == Section55::NotApplicable {
        return None;
    }
    Some(DayRange::of(published?)?.shifted(55))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Month;

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    fn parsed(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    #[test]
    fn a_month_deadline_passes_only_after_the_month_ends() {
        let march = DayRange::of(&parsed("2021-03")).unwrap();
        assert_eq!(
            deadline_state(Some(&march), day(2021, 3, 31)),
            DeadlineState::Upcoming
        );
        assert_eq!(
            deadline_state(Some(&march), day(2021, 4, 1)),
            DeadlineState::Passed
        );
        assert_eq!(
            deadline_state(None, day(2030, 1, 1)),
            DeadlineState::Unknown
        );
    }

    #[test]
    fn an_immediate_deadline_is_the_reports_publication() {
        let published = Some(parsed("2021-02"));
        assert_eq!(deadline_date(Some(Due::Immediate), published), published);
        assert_eq!(deadline_date(Some(Due::Immediate), None), None);
        assert_eq!(
            deadline_date(Some(Due::By(parsed("2022-06"))), published),
            Some(parsed("2022-06"))
        );
        assert_eq!(deadline_date(None, published), None);
    }

    #[test]
    fn the_window_is_56_days_counting_publication_as_day_1() {
        let exact = comment_window(Section55::Applies, Some(&parsed("2025-03-31"))).unwrap();
        assert_eq!(
            (exact.earliest, exact.latest),
            (day(2025, 5, 25), day(2025, 5, 25))
        );
        // Published "February 2021": the window ends on a day in a range.
        let month = comment_window(Section55::Unsettled, Some(&parsed("2021-02"))).unwrap();
        assert_eq!(
            (month.earliest, month.latest),
            (day(2021, 3, 28), day(2021, 4, 24))
        );
        assert!(comment_window(Section55::NotApplicable, Some(&parsed("2021-02"))).is_none());
        assert!(comment_window(Section55::Applies, None).is_none());
    }

    #[test]
    fn states_serialise_as_their_names() {
        for state in [
            DeadlineState::Passed,
            DeadlineState::Upcoming,
            DeadlineState::Unknown,
        ] {
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(json, format!("\"{state}\""));
        }
    }
}
