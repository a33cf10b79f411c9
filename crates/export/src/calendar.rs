//! The deadline calendar: an iCalendar (RFC 5545) file of every dated
//! deadline, for the whole site (`deadlines.ics`) and for each force
//! (`forces/<id>/deadlines.ics`, the recommendations it is asked to act
//! on), that Outlook, Google Calendar and Apple Calendar can subscribe to.
//!
//! Each deadline is an all-day event on the last day it can stand for: a
//! deadline "by March 2021" is on 31 March, and says that the source gives
//! the month only. Written with the `icalendar` crate; nothing comes from
//! the clock (the stamp is the site's as-of date) and each event's UID is
//! its recommendation's address, so the same data gives the same bytes and
//! a subscribed calendar updates an event rather than adding another.

use answerable_base::output::{OutputFile, Sink};
use answerable_data::dates::PartialDate;
use answerable_data::urls;
use answerable_resolve::{Deadline, ForceView, SiteView};
use icalendar::{Calendar, Component, Event, EventLike};
use rayon::prelude::*;

/// The site's calendar file, under the base path.
pub const SITE: &str = "deadlines.ics";

/// The path of a force's calendar file.
pub fn of_force(force: &str) -> String {
    format!("{}{SITE}", urls::force(force))
}

/// One deadline to put in a calendar.
struct Entry<'a> {
    title: String,
    url: &'a str,
    text: &'a str,
    deadline: &'a Deadline,
}

/// The site's calendar and each force's, each handed to `sink` as it is
/// made (together they are about as large as the site's HTML for one
/// kind of page).
pub fn calendars(view: &SiteView, sink: &dyn Sink) {
    let site = &view.site;
    let everything: Vec<Entry> = (view.inspections.iter())
        .flat_map(|i| {
            (i.recommendations.iter()).map(move |r| Entry {
                title: format!("{}: {}", r.title, i.title),
                url: &r.url,
                text: &r.text,
                deadline: &r.deadline,
            })
        })
        .collect();
    // One calendar per force, each its own work.
    rayon::join(
        || {
            sink.put(file(
                SITE,
                calendar(view, &format!("Deadlines: {}", site.title), &everything),
            ))
        },
        || {
            view.forces
                .par_iter()
                .for_each(|force| force_calendar(view, force, sink))
        },
    );
}

fn force_calendar(view: &SiteView, force: &ForceView, sink: &dyn Sink) {
    let asked: Vec<Entry> = (force.groups.iter())
        .flat_map(|g| g.rows.iter().map(move |row| (g, row)))
        .filter(|(_, row)| row.asked)
        .map(|(g, row)| Entry {
            title: format!("{}: {}", row.recommendation.title, g.inspection.title),
            url: &row.recommendation.url,
            text: &row.text,
            deadline: &row.deadline,
        })
        .collect();
    let name = format!("Deadlines for {}: {}", force.name, view.site.title);
    sink.put(file(&of_force(&force.id), calendar(view, &name, &asked)));
}

fn file(path: &str, calendar: Calendar) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: calendar.to_string().into_bytes(),
    }
}

fn calendar(view: &SiteView, name: &str, entries: &[Entry]) -> Calendar {
    let site = &view.site;
    let stamp = day(&site.as_of_iso).map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc());
    let mut calendar = Calendar::new();
    calendar.name(name).description(&format!(
        "Recommendation deadlines from {}, data as of {}. Deadlines the sources give only to the month are on its last day.",
        site.title, site.as_of
    ));
    for entry in entries {
        if let Some(event) = event(view, entry, stamp) {
            calendar.push(event);
        }
    }
    calendar.done()
}

/// The all-day event of a deadline with a known date; none for one the
/// sources give no date for.
fn event(
    view: &SiteView,
    entry: &Entry,
    stamp: Option<chrono::DateTime<chrono::Utc>>,
) -> Option<Event> {
    let iso = entry.deadline.iso.as_deref()?;
    let last = day(iso)?;
    let absolute = view.site.absolute(entry.url);
    let precision = match super::precision(Some(iso)).as_deref() {
        Some("day") | None => String::new(),
        Some(unit) => format!(" The source gives the {unit} only, so this is its last day."),
    };
    // The same event (its UID) moves with the deadline in force, and
    // says that it moved.
    let slip = (entry.deadline.slip.as_ref()).map_or_else(String::new, |s| format!(" {s}."));
    let mut event = Event::new();
    event
        .uid(&format!("{absolute}#deadline"))
        .summary(&format!("Deadline: {}", entry.title))
        .description(&format!(
            "{}\n\n{}.{slip}{precision}\n\n{absolute}",
            entry.text, entry.deadline.words
        ))
        .url(&absolute)
        .starts(last)
        .ends(last.succ_opt()?);
    if let Some(stamp) = stamp {
        event.timestamp(stamp);
    }
    Some(event.done())
}

/// The last day a date at any precision can stand for.
fn day(iso: &str) -> Option<chrono::NaiveDate> {
    let latest = PartialDate::parse(iso)?.latest()?;
    chrono::NaiveDate::from_ymd_opt(
        latest.year(),
        u8::from(latest.month()).into(),
        latest.day().into(),
    )
}
