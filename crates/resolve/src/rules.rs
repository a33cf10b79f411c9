//! The accountability rules, as pure functions returning typed states:
//! which days a deadline can stand for, whether it has passed on the
//! site's date, when a duty's window for a report's comments ends, what
//! was known on the site's date, which deadline was then in force and
//! which delivery status then stood.
//! No English and no URLs here: the views put these into words, and
//! export, search and the charts compare the states, never their words.

use answerable_data::dates::{DayRange, PartialDate};
use answerable_data::model::{DeadlineRevision, Due, Duty, HistoryEntry, Section55};
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
/// publishes its comments on a report, by the duty's own clock (the
/// 56-day duty of section 55 of the Police Act 1996 counts the day of
/// publication as day 1, so its last day is publication plus 55 days), as
/// a range when publication is known only to the month or year. `None`
/// when no duty applies or publication is unknown.
pub fn comment_window(
    duty: Option<&Duty>,
    section_55: Section55,
    published: Option<&PartialDate>,
) -> Option<DayRange> {
    if section_55 == Section55::NotApplicable {
        return None;
    }
    Some(DayRange::of(published?)?.shifted(duty?.last_day_offset()))
}

/// Whether something dated `date` was known on `as_of`: only once the
/// last day the date can stand for has come, so an entry dated "April
/// 2021" is not yet known on 15 April 2021.
pub fn known_on(date: &PartialDate, as_of: Date) -> bool {
    date.latest().is_some_and(|last| last <= as_of)
}

/// The order of dated entries: by the first day each can stand for, then
/// the last, then the order written.
fn chronological(date: &PartialDate, written: usize) -> (Option<Date>, Option<Date>, usize) {
    (date.earliest(), date.latest(), written)
}

/// The revision whose deadline is in force: the latest, or `None` while
/// the original deadline stands. What was not yet known on the site's date
/// is already left out (`known`).
pub fn revision_in_force(revisions: &[DeadlineRevision]) -> Option<&DeadlineRevision> {
    (revisions.iter().enumerate())
        .max_by_key(|(i, r)| chronological(&r.date, *i))
        .map(|(_, r)| r)
}

/// The entry of one body's history that stands: the latest. `entries` are
/// in the order written.
pub fn standing_entry<'h>(
    entries: impl IntoIterator<Item = &'h HistoryEntry>,
) -> Option<&'h HistoryEntry> {
    (entries.into_iter().enumerate())
        .max_by_key(|(i, e)| chronological(&e.date, *i))
        .map(|(_, e)| e)
}

/// History entries oldest first; those of the same date in the order
/// written.
pub fn oldest_first(entries: &[HistoryEntry]) -> Vec<&HistoryEntry> {
    let mut ordered: Vec<(usize, &HistoryEntry)> = entries.iter().enumerate().collect();
    ordered.sort_by_key(|(i, e)| chronological(&e.date, *i));
    ordered.into_iter().map(|(_, e)| e).collect()
}

/// How many whole months a deadline moved, where both dates name a
/// month: "February 2022" to "March 2023" is 13. Negative when it was
/// brought forward.
pub fn months_moved(from: &PartialDate, to: &PartialDate) -> Option<i32> {
    let months = |d: &PartialDate| Some(d.year * 12 + i32::from(d.month?));
    Some(months(to)? - months(from)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use answerable_data::model::{DayOne, Located, Origin};
    use time::Month;

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    fn parsed(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    fn located(text: &str) -> Located<String> {
        Located {
            value: text.to_string(),
            origin: Origin {
                file: "data/inspections/x.toml".into(),
                span: 0..0,
            },
        }
    }

    fn s55() -> Duty {
        Duty {
            id: located("police-act-1996-s55"),
            name: "the 56-day duty".into(),
            days: 56,
            counted_from: DayOne::Publication,
            law: None,
            description: String::new(),
        }
    }

    fn revision(date: &str, due: &str) -> DeadlineRevision {
        DeadlineRevision {
            date: parsed(date),
            due: parsed(due),
            due_text: String::new(),
            set_by: String::new(),
            reason: String::new(),
            source: located("s.txt"),
            quote: located(""),
            origin: located("").origin,
        }
    }

    #[test]
    fn an_entry_is_known_once_its_whole_date_has_come() {
        assert!(!known_on(&parsed("2021-04"), day(2021, 4, 15)));
        assert!(known_on(&parsed("2021-04"), day(2021, 4, 30)));
        assert!(known_on(&parsed("2021-04-07"), day(2021, 4, 7)));
        assert!(!known_on(&parsed("2021"), day(2021, 12, 30)));
    }

    #[test]
    fn the_deadline_in_force_is_the_latest_revision_whatever_the_order_written() {
        let revisions = [
            revision("2022-01-10", "2023-03"),
            revision("2021-12", "2022-09"),
        ];
        let due = revision_in_force(&revisions).map(|r| r.due.iso());
        assert_eq!(due.as_deref(), Some("2023-03"));
        assert!(revision_in_force(&revisions[..0]).is_none());
    }

    #[test]
    fn a_slip_counts_whole_months_where_both_dates_name_one() {
        assert_eq!(
            months_moved(&parsed("2022-02"), &parsed("2023-03")),
            Some(13)
        );
        assert_eq!(
            months_moved(&parsed("2022-02-28"), &parsed("2021-12")),
            Some(-2)
        );
        assert_eq!(months_moved(&parsed("2022"), &parsed("2023-03")), None);
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
        let exact = comment_window(
            Some(&s55()),
            Section55::Applies,
            Some(&parsed("2025-03-31")),
        )
        .unwrap();
        assert_eq!(
            (exact.earliest, exact.latest),
            (day(2025, 5, 25), day(2025, 5, 25))
        );
        // Published "February 2021": the window ends on a day in a range.
        let month =
            comment_window(Some(&s55()), Section55::Unsettled, Some(&parsed("2021-02"))).unwrap();
        assert_eq!(
            (month.earliest, month.latest),
            (day(2021, 3, 28), day(2021, 4, 24))
        );
        assert!(
            comment_window(
                Some(&s55()),
                Section55::NotApplicable,
                Some(&parsed("2021-02"))
            )
            .is_none()
        );
        assert!(comment_window(Some(&s55()), Section55::Applies, None).is_none());
        assert!(comment_window(None, Section55::Applies, Some(&parsed("2021-02"))).is_none());
        let mut next_day = s55();
        next_day.counted_from = DayOne::DayAfterPublication;
        let later = comment_window(
            Some(&next_day),
            Section55::Applies,
            Some(&parsed("2025-03-31")),
        );
        assert_eq!(later.unwrap().latest, day(2025, 5, 26));
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
