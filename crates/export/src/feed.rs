//! Atom 1.0 feeds: one for the whole site (`feed.xml`) and one per force
//! (`forces/<id>/feed.xml`), rendered by the `feed.xml` template so that
//! tera's auto-escaping covers every value, as it does for the sitemap.
//!
//! Every date in a feed is either the day the data gives (a response's
//! `date`, a report's `published`, when known to the day) or the day a
//! commit last changed the entry's file; never the clock nor the site's
//! `as_of`, so the daily rebuild of unchanged data gives the same feeds.
//! A date known only to the month is never turned into a day: an entry
//! with no git history and no exact date is left out. Nothing in a feed
//! depends on `as_of` either (a deadline is given in the report's words,
//! not as "passed"), except that a status change or deadline revision
//! dated after it is not yet known, so not yet in the feed.
//!
//! Each status change and deadline revision is an entry of its own, dated
//! by its own day where its source gives one, else by the last commit to
//! its inspection's file.

use foldhash::HashMap;
use std::sync::Arc;

/// The most entries a feed holds, the newest: a feed tells of what
/// changed, and a reader subscribes to it for that (as Hugo's
/// `rssLimit` and most feeds do). At 10,000 pages the site's feed held
/// every entry ever made, 2.2 MB, fetched again at every poll.
pub const FEED_ENTRIES: usize = 100;

use serde::Serialize;

use answerable_base::output::ExtraPage;
use answerable_data::dates::PartialDate;
use answerable_data::urls;
use answerable_resolve::{
    HistoryView, InspectionView, RecommendationView, ResponseView, SiteView, group_of, grouped,
};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub url: String,
    pub updated: String,
    /// When the event happened, if the data gives its day.
    pub published: Option<String>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Feed {
    pub id: String,
    pub title: String,
    pub subtitle: String,
    /// The feed's own address.
    pub self_url: String,
    /// The page the feed follows.
    pub page_url: String,
    pub updated: String,
    pub entries: Vec<Entry>,
}

/// An Atom timestamp for a date known to the day; none for a month or year
/// (`2021-02`), which names no day.
pub fn timestamp(iso: &str) -> Option<String> {
    let date = PartialDate::parse(iso).filter(PartialDate::is_exact)?;
    Some(format!("{}T00:00:00Z", date.earliest()?))
}

fn day_timestamp(day: time::Date) -> String {
    format!("{day}T00:00:00Z")
}

struct Feeds<'a> {
    view: &'a SiteView,
    /// For a feed with no entries: the newest date anywhere in the site.
    newest: String,
    /// By page URL, for the entries that link to them.
    inspections: HashMap<&'a str, &'a InspectionView>,
    responses: HashMap<&'a str, &'a ResponseView>,
    /// Each force's responses, by the force's page URL.
    responses_by_force: HashMap<&'a str, Vec<&'a Arc<ResponseView>>>,
}

/// The site's feed and one per force, as pages to render.
pub fn feeds(view: &SiteView) -> Vec<ExtraPage> {
    let f = Feeds {
        view,
        newest: newest(view),
        inspections: (view.inspections.iter())
            .map(|i| (i.url.as_str(), &**i))
            .collect(),
        responses: (view.responses.iter())
            .map(|r| (r.url.as_str(), &**r))
            .collect(),
        responses_by_force: grouped(&view.responses, |r| &r.force.url),
    };
    let mut pages = vec![f.page("feed.xml", f.site_feed())];
    for force in &view.forces {
        let path = format!("{}feed.xml", urls::force(&force.id));
        pages.push(f.page(&path, f.force_feed(force)));
    }
    pages
}

/// The newest date the site knows from its data or its history, for the
/// `updated` of a feed that has no entries. Only a site with neither falls
/// back to its `as_of` date, for Atom requires a date.
fn newest(view: &SiteView) -> String {
    let from_data = (view.responses.iter().filter_map(|r| r.date_iso.as_deref()))
        .chain(
            view.inspections
                .iter()
                .filter_map(|i| i.published_iso.as_deref()),
        )
        .filter_map(timestamp);
    let from_history = view.last_changed.values().map(|d| day_timestamp(*d));
    from_data
        .chain(from_history)
        .max()
        .or_else(|| timestamp(&view.site.as_of_iso))
        .unwrap_or_default()
}

impl Feeds<'_> {
    /// When the record in `file` last changed (git), else the day the data
    /// gives; none if neither is known.
    fn dated(&self, file: &str, data_iso: Option<&str>) -> Option<String> {
        (self.view.last_changed.get(file).map(|d| day_timestamp(*d)))
            .or_else(|| data_iso.and_then(timestamp))
    }

    fn page(&self, path: &str, feed: Feed) -> ExtraPage {
        ExtraPage {
            output: path.to_string(),
            template: "feed.xml",
            title: feed.title.clone(),
            description: feed.subtitle.clone(),
            path: path.to_string(),
            kind: "feed",
            values: vec![("feed", serde_json::to_value(&feed).expect("serialises"))],
        }
    }

    fn inspection(&self, url: &str) -> Option<&InspectionView> {
        self.inspections.get(url).copied()
    }

    fn response_entry(&self, r: &ResponseView) -> Option<Entry> {
        Some(Entry {
            id: self.view.site.absolute(&r.url),
            title: format!("Response: {}", r.title),
            url: self.view.site.absolute(&r.url),
            updated: self.dated(&r.record.file, r.date_iso.as_deref())?,
            published: r.date_iso.as_deref().and_then(timestamp),
            summary: format!(
                "{} published a response to “{}”, taking a position on {} recommendation(s).",
                r.author,
                r.inspection.title,
                r.positions.len()
            ),
        })
    }

    /// One entry per status change of `r` that `about` picks, and, with
    /// `with_revisions`, one per move of its deadline.
    fn change_entries(
        &self,
        inspection: &InspectionView,
        r: &RecommendationView,
        about: impl Fn(&HistoryView) -> bool,
        with_revisions: bool,
    ) -> Vec<Entry> {
        let url = self.view.site.absolute(&r.url);
        let dated =
            |iso: &str| timestamp(iso).or_else(|| self.dated(&inspection.record.file, None));
        let on = format!("{} of “{}”", r.title, inspection.title);
        let mut entries = Vec::new();
        for h in r.history.iter().filter(|h| about(h)) {
            let Some(updated) = dated(&h.date_iso) else {
                continue;
            };
            entries.push(Entry {
                id: format!(
                    "{url}#delivery-{}-{}-{}-{}",
                    h.body.kind,
                    body_key(h),
                    h.date_iso,
                    h.delivery.id
                ),
                title: format!("{}: {} on {on}", h.body.name, h.delivery.label),
                url: format!("{url}#timeline"),
                updated,
                published: timestamp(&h.date_iso),
                summary: format!("{}: {}, {}. “{}”", h.assertion, h.who, h.date, h.quote.text),
            });
        }
        for v in r.deadline.revisions.iter().filter(|_| with_revisions) {
            let Some(updated) = dated(&v.date_iso) else {
                continue;
            };
            entries.push(Entry {
                id: format!("{url}#deadline-revised-{}", v.date_iso),
                title: format!("Deadline moved to {}: {on}", v.due),
                url: format!("{url}#deadline-moves"),
                updated,
                published: timestamp(&v.date_iso),
                summary: format!(
                    "{}, {} moved the deadline to {} (“{}”). The reason given: {}",
                    v.date, v.set_by, v.due, v.due_text, v.reason
                ),
            });
        }
        entries
    }

    fn feed(
        &self,
        id: String,
        title: String,
        subtitle: String,
        page_url: String,
        mut entries: Vec<Entry>,
    ) -> Feed {
        // Newest first; ties by id, so the order never depends on anything
        // but the data.
        entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
        entries.truncate(FEED_ENTRIES);
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| self.newest.clone());
        Feed {
            self_url: id.clone(),
            id,
            title,
            subtitle,
            page_url,
            updated,
            entries,
        }
    }

    /// Pages and commentary, dated by the last commit that changed their
    /// file. Without that date (no git history) they are left out, as
    /// they have no date in the data.
    fn writing_entries(&self) -> Vec<Entry> {
        let view = self.view;
        // (file, title, url, what it is, summary); commentary shares its
        // page with the record it is about, whose entry has the page's id.
        let mut writing: Vec<(String, String, &str, &str, String)> = Vec::new();
        for p in &view.pages {
            let summary = p.description.clone().unwrap_or_default();
            writing.push((
                format!("content/{}.md", p.slug),
                p.title.clone(),
                &p.url,
                "",
                summary,
            ));
        }
        let mut commentary = |path: String, title: &str, url| {
            let title = format!("Commentary: {title}");
            writing.push((
                format!("content/{path}.md"),
                title,
                url,
                "#commentary",
                "New or changed commentary.".into(),
            ));
        };
        for i in &view.inspections {
            if i.commentary_html.is_some() {
                commentary(format!("inspections/{}", i.id), &i.title, &i.url);
            }
            for r in i
                .recommendations
                .iter()
                .filter(|r| r.commentary_html.is_some())
            {
                let title = format!("{}: {}", r.title, i.title);
                commentary(
                    format!("recommendations/{}/{}", i.id, r.number),
                    &title,
                    &r.url,
                );
            }
        }
        for r in view.rocus.iter().filter(|r| r.commentary_html.is_some()) {
            commentary(format!("rocus/{}", r.id), &r.name, &r.url);
        }
        for f in view.forces.iter().filter(|f| f.commentary_html.is_some()) {
            commentary(format!("forces/{}", f.id), &f.name, &f.url);
        }
        for r in view
            .responses
            .iter()
            .filter(|r| r.commentary_html.is_some())
        {
            commentary(format!("responses/{}", r.id), &r.title, &r.url);
        }
        writing
            .into_iter()
            .filter_map(|(file, title, url, what, summary)| {
                let date = view.last_changed.get(&file)?;
                Some(Entry {
                    id: format!("{}{what}", self.view.site.absolute(url)),
                    title,
                    url: self.view.site.absolute(url),
                    updated: day_timestamp(*date),
                    published: None,
                    summary,
                })
            })
            .collect()
    }

    fn site_feed(&self) -> Feed {
        let view = self.view;
        let mut entries: Vec<Entry> = view
            .responses
            .iter()
            .filter_map(|r| self.response_entry(r))
            .collect();
        for i in &view.inspections {
            for r in &i.recommendations {
                entries.extend(self.change_entries(i, r, |_| true, true));
            }
            let Some(updated) = self.dated(&i.record.file, i.published_iso.as_deref()) else {
                continue;
            };
            for r in &i.recommendations {
                entries.push(Entry {
                    id: self.view.site.absolute(&r.url),
                    title: format!("{} of “{}”", r.title, i.title),
                    url: self.view.site.absolute(&r.url),
                    updated: updated.clone(),
                    published: i.published_iso.as_deref().and_then(timestamp),
                    summary: format!("{} {}", r.text, in_the_reports_words(&r.deadline)),
                });
            }
        }
        entries.extend(self.writing_entries());
        self.feed(
            self.view
                .site
                .absolute(&format!("{}feed.xml", view.site.base_path)),
            view.site.title.clone(),
            "Responses, recommendations and their deadlines, and commentary.".to_string(),
            view.site.base_url.clone(),
            entries,
        )
    }

    fn force_feed(&self, force: &answerable_resolve::ForceView) -> Feed {
        let view = self.view;
        let mut entries: Vec<Entry> = group_of(&self.responses_by_force, &force.url)
            .iter()
            .filter_map(|r| self.response_entry(r))
            .collect();
        for group in &force.groups {
            let inspection = self.inspection(&group.inspection.url);
            for row in &group.rows {
                let response =
                    (row.response.as_ref()).and_then(|l| self.responses.get(l.url.as_str()));
                // The status comes from the response if there is one, else
                // from the inspection (which the force has not answered).
                let updated = match (response, inspection) {
                    (Some(r), _) => self.dated(&r.record.file, r.date_iso.as_deref()),
                    (None, Some(i)) => self.dated(&i.record.file, None),
                    (None, None) => None,
                };
                let recommendation = inspection.and_then(|i| {
                    Some((
                        i,
                        i.recommendations.iter().find(|r| r.number == row.number)?,
                    ))
                });
                if let Some((i, r)) = recommendation {
                    let about_force =
                        |h: &HistoryView| h.body.link.as_ref().is_some_and(|l| l.url == force.url);
                    entries.extend(self.change_entries(i, r, about_force, row.asked));
                }
                let Some(updated) = updated else { continue };
                let stance = row
                    .position
                    .as_ref()
                    .map(|p| format!(" Stance: {}.", p.stance.label))
                    .unwrap_or_default();
                entries.push(Entry {
                    // Not a page of its own: an id for this force's
                    // status on this recommendation.
                    id: format!(
                        "{}#status-{}-{}",
                        self.view.site.absolute(&force.url),
                        inspection.map_or("", |i| i.id.as_str()),
                        row.number
                    ),
                    title: format!(
                        "{} of “{}”: {}",
                        row.recommendation.title, group.inspection.title, row.status.label
                    ),
                    url: self.view.site.absolute(&row.recommendation.url),
                    updated,
                    published: None,
                    summary: format!(
                        "{} {} {}: {}.{stance}",
                        row.text,
                        in_the_reports_words(&row.deadline),
                        force.name,
                        row.status.label
                    ),
                });
            }
        }
        self.feed(
            self.view.site.absolute(&format!("{}feed.xml", force.url)),
            format!("{}: {}", force.name, view.site.title),
            format!(
                "What {} was asked to do, its published responses and its status on each recommendation.",
                force.name
            ),
            self.view.site.absolute(&force.url),
            entries,
        )
    }
}

/// The deadline as the report words it, which stays true whatever the
/// date of the build ("Deadline passed" would not).
fn in_the_reports_words(deadline: &answerable_resolve::Deadline) -> String {
    format!("Deadline, in the report's words: {}.", deadline.words)
}

/// A body in an entry's id: its record's id, or its name in lowercase
/// words joined by hyphens.
fn body_key(h: &HistoryView) -> String {
    if let Some(id) = h.body.link.as_ref().and_then(|l| l.record_id()) {
        return id.to_string();
    }
    let words: Vec<String> = (h.body.name.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_date_known_to_the_day_becomes_a_timestamp() {
        assert_eq!(timestamp("2021-04-07").unwrap(), "2021-04-07T00:00:00Z");
        assert_eq!(timestamp("2021-02"), None);
        assert_eq!(timestamp("2021"), None);
        assert_eq!(timestamp("not a date"), None);
    }
}
