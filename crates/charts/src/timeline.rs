//! The deadline timeline: every recommendation on one time axis, from its
//! report's publication to its deadline, with the site's "as of" date
//! marked. A table with a small drawing in each row, so each row's dates
//! are also there in words.
//!
//! Dates are as precise as the sources: a date known only to the month is
//! drawn as a band covering the whole month (and said to be approximate),
//! never as an invented day. Whether a deadline has passed is `resolve`'s
//! answer (`Deadline::state`), drawn here, not computed again.
//!
//! Positions on the axis are in thousandths of its width, so the drawing
//! in each row (and the year labels above) line up whatever the width.

use std::sync::Arc;

use serde::Serialize;
use time::{Date, Month};

use super::{MAX_TIMELINE_ROWS, Omitted, counted, matrix, percent};
use answerable_data::dates::{DayRange, PartialDate};
use answerable_resolve::{Deadline, DeadlineState, InspectionView, SiteView};

#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// `recommendations` (a row each) or `inspections` (a row per
    /// inspection, past [`MAX_TIMELINE_ROWS`] recommendations).
    pub level: &'static str,
    pub axis: Axis,
    pub groups: Vec<TimelineGroup>,
    /// Inspections left out of a summary (a row per inspection keeps the
    /// [`crate::MAX_COLUMNS`] most recently published), if any.
    pub omitted: Option<Omitted>,
    pub recommendations: usize,
    pub passed: usize,
    pub upcoming: usize,
    pub unknown: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Axis {
    /// The years along the axis, each labelled in the middle of its span.
    pub ticks: Vec<AxisTick>,
    /// The "as of" date: where it is (thousandths), the same as a CSS
    /// percentage, and whether its label should end there (near the right
    /// edge) rather than start there.
    pub as_of: u32,
    pub as_of_left: String,
    pub as_of_end: bool,
    pub as_of_label: String,
    pub as_of_date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AxisTick {
    /// Where the year starts, in thousandths of the axis.
    pub x: u32,
    /// The middle of the year's span, as a CSS percentage.
    pub middle: String,
    /// The year, or empty where labels are thinned out.
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineGroup {
    /// The inspection, or empty in a summary (one group of inspections).
    pub title: String,
    pub url: String,
    pub published: String,
    pub rows: Vec<TimelineRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    pub title: String,
    pub url: String,
    /// When the report was published, in words ("February 2021 (month
    /// only)", "not in the sources").
    pub published: String,
    /// The span a publication date known only to the month or year covers.
    pub published_band: Option<Band>,
    /// From publication to the deadline.
    pub bar: Option<Band>,
    /// The span a deadline known only to the month or year covers.
    pub deadline_band: Option<Band>,
    /// Where each deadline ends: one for a recommendation, one per distinct
    /// deadline in a summary row.
    pub ticks: Vec<Tick>,
    /// `passed`, `upcoming` or `unknown`; in a summary, `passed` if any
    /// deadline of the inspection has.
    pub state: DeadlineState,
    /// The recommendation's deadline, as every page shows it.
    pub deadline: Option<Deadline>,
    /// A summary row's deadlines in words ("5 of 7 deadlines passed").
    pub summary: String,
    /// The row's dates as a sentence, for screen readers.
    pub description: String,
}

/// A span on the axis, in thousandths.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Band {
    pub x: u32,
    pub width: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Tick {
    pub x: u32,
    pub state: DeadlineState,
}

pub(super) fn build(view: &SiteView) -> Timeline {
    let as_of = PartialDate::parse(&view.site.as_of_iso)
        .and_then(|d| d.earliest())
        .unwrap_or(Date::MIN);
    let scale = Scale::new(view, as_of);
    let recommendations = view.recommendations().count();
    let count = |state: DeadlineState| {
        view.recommendations()
            .filter(|r| r.deadline.state == state)
            .count()
    };
    let (level, groups, omitted) = if recommendations > MAX_TIMELINE_ROWS {
        let all: Vec<&InspectionView> = view.inspections.iter().map(Arc::as_ref).collect();
        let (shown, omitted) = matrix::recent_inspections(&view.site, &all);
        let rows = shown.iter().map(|i| inspection_row(&scale, i)).collect();
        (
            "inspections",
            vec![TimelineGroup {
                title: String::new(),
                url: String::new(),
                published: String::new(),
                rows,
            }],
            omitted,
        )
    } else {
        let groups = view
            .inspections
            .iter()
            .filter(|i| !i.recommendations.is_empty())
            .map(|i| TimelineGroup {
                title: i.title.clone(),
                url: i.url.clone(),
                published: published_words(i),
                rows: recommendation_rows(&scale, i),
            })
            .collect();
        ("recommendations", groups, None)
    };
    let as_of_x = scale.x(as_of);
    Timeline {
        level,
        axis: Axis {
            ticks: scale.ticks(),
            as_of: as_of_x,
            as_of_left: percent(as_of_x),
            as_of_end: as_of_x > 600,
            as_of_label: format!("As of {}", view.site.as_of),
            as_of_date: view.site.as_of.clone(),
        },
        groups,
        omitted,
        recommendations,
        passed: count(DeadlineState::Passed),
        upcoming: count(DeadlineState::Upcoming),
        unknown: count(DeadlineState::Unknown),
    }
}

fn recommendation_rows(scale: &Scale, inspection: &InspectionView) -> Vec<TimelineRow> {
    let published = range(inspection.published_iso.as_deref());
    inspection
        .recommendations
        .iter()
        .map(|r| {
            let due = range(r.deadline.iso.as_deref());
            let published_words = published_words(inspection);
            TimelineRow {
                title: r.title.clone(),
                url: r.url.clone(),
                description: format!(
                    "Report published: {published_words}. {}.",
                    r.deadline.summary
                ),
                published: published_words,
                published_band: published.filter(|p| !p.is_exact()).map(|p| scale.band(p)),
                bar: bar(scale, published, due),
                deadline_band: due.filter(|d| !d.is_exact()).map(|d| scale.band(d)),
                ticks: due
                    .map(|d| Tick {
                        x: scale.x(d.latest),
                        state: r.deadline.state,
                    })
                    .into_iter()
                    .collect(),
                state: r.deadline.state,
                deadline: Some(r.deadline.clone()),
                summary: String::new(),
            }
        })
        .collect()
}

fn inspection_row(scale: &Scale, inspection: &InspectionView) -> TimelineRow {
    let published = range(inspection.published_iso.as_deref());
    let dues: Vec<(DayRange, DeadlineState)> = inspection
        .recommendations
        .iter()
        .filter_map(|r| Some((range(r.deadline.iso.as_deref())?, r.deadline.state)))
        .collect();
    let mut ticks: Vec<Tick> = dues
        .iter()
        .map(|(d, state)| Tick {
            x: scale.x(d.latest),
            state: *state,
        })
        .collect();
    ticks.sort_by_key(|t| (t.x, t.state.as_str()));
    ticks.dedup();
    let first = dues.iter().map(|(d, _)| *d).min_by_key(|d| d.earliest);
    let total = inspection.recommendations.len();
    let passed = inspection.passed;
    let undated = total - dues.len();
    let mut summary = format!(
        "{passed} of {} passed",
        counted(total, "deadline", "deadlines")
    );
    if undated > 0 {
        summary.push_str(&format!("; {undated} with no date"));
    }
    let published_words = published_words(inspection);
    TimelineRow {
        title: inspection.title.clone(),
        url: inspection.url.clone(),
        description: format!("Report published: {published_words}. {summary}."),
        published: published_words,
        published_band: published.filter(|p| !p.is_exact()).map(|p| scale.band(p)),
        bar: bar(scale, published, first),
        deadline_band: None,
        ticks,
        state: if passed > 0 {
            DeadlineState::Passed
        } else if dues.is_empty() {
            DeadlineState::Unknown
        } else {
            DeadlineState::Upcoming
        },
        deadline: None,
        summary,
    }
}

/// The solid part of a row: from the last day the report could have been
/// published to the first day its deadline could mean.
fn bar(scale: &Scale, published: Option<DayRange>, due: Option<DayRange>) -> Option<Band> {
    let (published, due) = (published?, due?);
    if due.earliest <= published.latest {
        return None;
    }
    let x = scale.x(published.latest);
    Some(Band {
        x,
        width: scale.x(due.earliest).saturating_sub(x),
    })
}

fn published_words(inspection: &InspectionView) -> String {
    match (&inspection.published, &inspection.published_iso) {
        (Some(date), Some(iso)) => match iso.len() {
            4 => format!("{date} (the sources give only the year)"),
            7 => format!("{date} (the sources give only the month)"),
            _ => date.clone(),
        },
        _ => "not in the sources".into(),
    }
}

fn range(iso: Option<&str>) -> Option<DayRange> {
    DayRange::of(&PartialDate::parse(iso?)?)
}

/// Days to thousandths of the axis, which runs from the first of January
/// before the earliest date to the first of January after the latest
/// (the "as of" date included).
struct Scale {
    start: Date,
    end: Date,
}

impl Scale {
    fn new(view: &SiteView, as_of: Date) -> Self {
        let mut days = vec![as_of];
        for inspection in &view.inspections {
            for range in std::iter::once(range(inspection.published_iso.as_deref()))
                .chain(
                    inspection
                        .recommendations
                        .iter()
                        .map(|r| range(r.deadline.iso.as_deref())),
                )
                .flatten()
            {
                days.push(range.earliest);
                days.push(range.latest);
            }
        }
        let first = days.iter().min().copied().unwrap_or(as_of);
        let last = days.iter().max().copied().unwrap_or(as_of);
        Scale {
            start: new_year(first.year()),
            end: new_year(last.year() + 1),
        }
    }

    fn x(&self, day: Date) -> u32 {
        let span = (self.end - self.start).whole_days().max(1);
        let offset = (day - self.start).whole_days().clamp(0, span);
        u32::try_from(offset * 1000 / span).unwrap_or(0)
    }

    /// The span from the first to the end of the last day of `range`.
    fn band(&self, range: DayRange) -> Band {
        let x = self.x(range.earliest);
        let end = self.x(range.latest.next_day().unwrap_or(range.latest));
        Band {
            x,
            width: end.saturating_sub(x).max(1),
        }
    }

    fn ticks(&self) -> Vec<AxisTick> {
        let years: Vec<i32> = (self.start.year()..self.end.year()).collect();
        // At most eight labels, so they fit a phone's width.
        let step = years.len().div_ceil(8).max(1);
        years
            .iter()
            .enumerate()
            .map(|(n, &year)| {
                let x = self.x(new_year(year));
                let next = self.x(new_year(year + 1));
                AxisTick {
                    x,
                    middle: percent((x + next) / 2),
                    label: if n % step == 0 {
                        year.to_string()
                    } else {
                        String::new()
                    },
                }
            })
            .collect()
    }
}

fn new_year(year: i32) -> Date {
    Date::from_calendar_date(year, Month::January, 1).unwrap_or(Date::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(start: i32, end: i32) -> Scale {
        Scale {
            start: new_year(start),
            end: new_year(end),
        }
    }

    #[test]
    fn the_axis_runs_from_new_year_to_new_year_in_thousandths() {
        let s = scale(2020, 2022);
        assert_eq!(s.x(new_year(2020)), 0);
        assert_eq!(s.x(new_year(2021)), 500);
        assert_eq!(s.x(new_year(2022)), 1000);
        // Dates off the axis are held at its ends.
        assert_eq!(s.x(new_year(2030)), 1000);
    }

    #[test]
    fn a_month_is_a_band_as_wide_as_the_month() {
        let s = scale(2021, 2022);
        let february = range(Some("2021-02")).unwrap();
        let band = s.band(february);
        assert_eq!(band.x, 31 * 1000 / 365);
        assert_eq!(band.x + band.width, 59 * 1000 / 365);
        // A single day is still drawn, at least a thousandth wide.
        let day = s.band(range(Some("2021-03-01")).unwrap());
        assert_eq!((day.x, day.width), (59 * 1000 / 365, 3));
        let long = Scale {
            start: new_year(1900),
            end: new_year(2100),
        };
        assert_eq!(long.band(range(Some("2021-03-01")).unwrap()).width, 1);
    }

    #[test]
    fn the_bar_runs_from_the_last_day_of_publication_to_the_first_of_the_deadline() {
        let s = scale(2021, 2022);
        let published = range(Some("2021-02"));
        let due = range(Some("2021-08"));
        let b = bar(&s, published, due).unwrap();
        assert_eq!(
            b.x,
            s.x(Date::from_calendar_date(2021, Month::February, 28).unwrap())
        );
        assert_eq!(
            b.x + b.width,
            s.x(Date::from_calendar_date(2021, Month::August, 1).unwrap())
        );
        // Without a publication date there is no bar, only the deadline.
        assert_eq!(bar(&s, None, due), None);
    }

    #[test]
    fn year_labels_are_thinned_to_eight() {
        assert_eq!(
            scale(2019, 2027)
                .ticks()
                .iter()
                .filter(|t| !t.label.is_empty())
                .count(),
            8
        );
        let long = scale(2000, 2030).ticks();
        assert_eq!(long.len(), 30);
        assert!(long.iter().filter(|t| !t.label.is_empty()).count() <= 8);
        assert_eq!(long[0].label, "2000");
    }
}
