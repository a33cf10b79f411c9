//! Atom 1.0 feeds: one for the whole site (`feed.xml`) and one per force
//! (`forces/<id>/feed.xml`), rendered by the `feed.xml` template so that
//! tera's auto-escaping covers every value, as it does for the sitemap.
//!
//! Every `updated` comes from the data, never the clock: a response's date,
//! else its inspection's publication date, else the site's `as_of` date. A
//! date known only to the month or year stands for its first day, the
//! earliest the event can have happened.

use std::collections::HashMap;

use serde::Serialize;

use crate::dates::PartialDate;
use crate::model::Dataset;
use crate::render::ExtraPage;
use crate::resolve::{InspectionView, ResponseView, SiteView, group_of, grouped};
use crate::urls;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub url: String,
    pub updated: String,
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

/// An Atom timestamp for the first day of a date at any precision
/// (`2021-02` → `2021-02-01T00:00:00Z`).
pub fn timestamp(iso: &str) -> Option<String> {
    let day = PartialDate::parse(iso)?.earliest()?;
    Some(format!("{day}T00:00:00Z"))
}

struct Feeds<'a> {
    view: &'a SiteView,
    as_of: String,
    /// By page URL, for the entries that link to them.
    inspections: HashMap<&'a str, &'a InspectionView>,
    responses: HashMap<&'a str, &'a ResponseView>,
    /// Each force's responses, by the force's page URL.
    responses_by_force: HashMap<&'a str, Vec<&'a ResponseView>>,
}

/// The site's feed and one per force, as pages to render.
pub fn feeds(_dataset: &Dataset, view: &SiteView) -> Vec<ExtraPage> {
    let f = Feeds {
        view,
        as_of: timestamp(&view.site.as_of_iso).unwrap_or_default(),
        inspections: (view.inspections.iter())
            .map(|i| (i.url.as_str(), i))
            .collect(),
        responses: (view.responses.iter())
            .map(|r| (r.url.as_str(), r))
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

impl Feeds<'_> {
    fn absolute(&self, url: &str) -> String {
        let site = &self.view.site;
        let inside = url.strip_prefix(&site.base_path).unwrap_or(url);
        format!("{}/{inside}", site.base_url.trim_end_matches('/'))
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

    fn published(&self, inspection_url: &str) -> String {
        self.inspection(inspection_url)
            .and_then(|i| i.published_iso.as_deref())
            .and_then(timestamp)
            .unwrap_or_else(|| self.as_of.clone())
    }

    fn response_entry(&self, r: &ResponseView) -> Entry {
        let updated = r
            .date_iso
            .as_deref()
            .and_then(timestamp)
            .unwrap_or_else(|| self.published(&r.inspection.url));
        Entry {
            id: self.absolute(&r.url),
            title: format!("Response: {}", r.title),
            url: self.absolute(&r.url),
            updated,
            summary: format!(
                "{} published a response to “{}”, taking a position on {} recommendation(s).",
                r.author,
                r.inspection.title,
                r.positions.len()
            ),
        }
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
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| self.as_of.clone());
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
    /// file. Without that date (no git history) they are left out: the
    /// site's "as of" date would make them look new at every rebuild.
    fn writing_entries(&self) -> Vec<Entry> {
        let view = self.view;
        // (file, title, url, summary)
        let mut writing: Vec<(String, String, &str, String)> = Vec::new();
        for p in &view.pages {
            let summary = p.description.clone().unwrap_or_default();
            writing.push((
                format!("content/{}.md", p.slug),
                p.title.clone(),
                &p.url,
                summary,
            ));
        }
        let mut commentary = |path: String, title: &str, url| {
            let title = format!("Commentary: {title}");
            writing.push((
                format!("content/{path}.md"),
                title,
                url,
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
            .filter_map(|(file, title, url, summary)| {
                let date = view.last_changed.get(&file)?;
                Some(Entry {
                    id: self.absolute(url),
                    title,
                    url: self.absolute(url),
                    updated: format!("{date}T00:00:00Z"),
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
            .map(|r| self.response_entry(r))
            .collect();
        for i in &view.inspections {
            for r in &i.recommendations {
                entries.push(Entry {
                    id: self.absolute(&r.url),
                    title: format!("{} of “{}”: {}", r.title, i.title, r.deadline.summary),
                    url: self.absolute(&r.url),
                    updated: self.published(&i.url),
                    summary: format!("{} {}.", r.text, r.deadline.summary),
                });
            }
        }
        entries.extend(self.writing_entries());
        self.feed(
            self.absolute(&format!("{}feed.xml", view.site.base_path)),
            view.site.title.clone(),
            format!(
                "Responses, recommendations and their deadlines, and commentary, as of {}.",
                view.site.as_of
            ),
            view.site.base_url.clone(),
            entries,
        )
    }

    fn force_feed(&self, force: &crate::resolve::ForceView) -> Feed {
        let view = self.view;
        let mut entries: Vec<Entry> = group_of(&self.responses_by_force, &force.url)
            .iter()
            .map(|r| self.response_entry(r))
            .collect();
        for group in &force.groups {
            for row in &group.rows {
                let response_date = row
                    .response
                    .as_ref()
                    .and_then(|l| self.responses.get(l.url.as_str()))
                    .and_then(|r| r.date_iso.as_deref())
                    .and_then(timestamp);
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
                        self.absolute(&force.url),
                        self.inspection(&group.inspection.url)
                            .map_or("", |i| i.id.as_str()),
                        row.number
                    ),
                    title: format!(
                        "{} of “{}”: {}",
                        row.recommendation.title, group.inspection.title, row.status.label
                    ),
                    url: self.absolute(&row.recommendation.url),
                    updated: response_date.unwrap_or_else(|| self.published(&group.inspection.url)),
                    summary: format!(
                        "{} {}. {}: {}.{stance}",
                        row.text, row.deadline.summary, force.name, row.status.label
                    ),
                });
            }
        }
        self.feed(
            self.absolute(&format!("{}feed.xml", force.url)),
            format!("{}: {}", force.name, view.site.title),
            format!(
                "What {} was asked to do, its published responses and its status on each recommendation, as of {}.",
                force.name, view.site.as_of
            ),
            self.absolute(&force.url),
            entries,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_start_at_the_first_day_the_date_can_mean() {
        assert_eq!(timestamp("2021-04-07").unwrap(), "2021-04-07T00:00:00Z");
        assert_eq!(timestamp("2021-02").unwrap(), "2021-02-01T00:00:00Z");
        assert_eq!(timestamp("2021").unwrap(), "2021-01-01T00:00:00Z");
        assert_eq!(timestamp("not a date"), None);
    }
}
