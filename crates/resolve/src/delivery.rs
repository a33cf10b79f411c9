//! What has become of recommendations: each one's history as known on the
//! site's date, where each body's delivery stands, and the
//! recommendations still open for a force or ROCU, overdue first. The
//! rules (what was known when, which entry stands) are in `rules`.

use super::*;
use crate::views::{BodyView, HistoryView, OpenItem, OpenList};

impl Resolver<'_> {
    pub(crate) fn body_view(&self, body: &Body) -> BodyView {
        match body {
            Body::Force(id) => {
                let link = self.force_link(id);
                BodyView {
                    name: link.title.clone(),
                    kind: "force",
                    link: Some(link),
                }
            }
            Body::Rocu(id) => {
                let link = self.rocu_link(id);
                BodyView {
                    name: link.title.clone(),
                    kind: "rocu",
                    link: Some(link),
                }
            }
            Body::Named(name) => BodyView {
                name: name.clone(),
                kind: "other",
                link: None,
            },
        }
    }

    /// Who says so, in words that keep a claim apart from an assessment.
    fn who(&self, inspection: &Inspection, entry: &HistoryEntry, body: &BodyView) -> String {
        match entry.asserted_by {
            AssertedBy::Body => format!("{}’s own claim", body.name),
            AssertedBy::Inspectorate => format!("{}’s assessment", inspection.inspectorate),
            AssertedBy::Other => {
                (entry.asserter.as_ref()).map_or_else(String::new, |a| a.value.clone())
            }
            AssertedBy::Publisher => {
                format!(
                    "{}’s assessment (this site’s)",
                    self.dataset.config.publisher
                )
            }
        }
    }

    fn delivery_term(&self, id: &str) -> (Term, bool) {
        match self.dataset.vocabulary.delivery(id) {
            Some(d) => (term(&d.term), d.open),
            None => (term_with_id(&[], id), true),
        }
    }

    fn history_view(&self, inspection: &Inspection, entry: &HistoryEntry) -> HistoryView {
        let body = self.body_view(&entry.body.value);
        let (delivery, open) = self.delivery_term(&entry.delivery.value);
        HistoryView {
            date: entry.date.to_string(),
            date_iso: entry.date.iso(),
            who: self.who(inspection, entry, &body),
            body,
            delivery,
            open,
            asserted_by: entry.asserted_by.id(),
            claim: entry.asserted_by == AssertedBy::Body,
            assertion: assertion(entry.asserted_by),
            reasoning: entry.reasoning.as_ref().map(|r| r.value.clone()),
            quote: self.quotation(&entry.quote.value, &entry.source.value),
            note: entry.note.clone(),
        }
    }

    /// The recommendation's history, oldest first.
    pub(crate) fn history(
        &self,
        inspection: &Inspection,
        recommendation: &Recommendation,
    ) -> Vec<HistoryView> {
        rules::oldest_first(&recommendation.history)
            .into_iter()
            .map(|e| self.history_view(inspection, e))
            .collect()
    }

    /// Where each body's delivery stands, in the order each was first named.
    pub(crate) fn deliveries(
        &self,
        inspection: &Inspection,
        recommendation: &Recommendation,
    ) -> Vec<HistoryView> {
        let mut bodies: Vec<&Body> = Vec::new();
        for entry in rules::oldest_first(&recommendation.history) {
            if !bodies.contains(&&entry.body.value) {
                bodies.push(&entry.body.value);
            }
        }
        bodies
            .into_iter()
            .filter_map(|b| self.delivery_of(inspection, recommendation, b))
            .collect()
    }

    /// Where `body`'s delivery of the recommendation stands.
    pub(crate) fn delivery_of(
        &self,
        inspection: &Inspection,
        recommendation: &Recommendation,
        body: &Body,
    ) -> Option<HistoryView> {
        let entries = (recommendation.history.iter()).filter(|e| &e.body.value == body);
        rules::standing_entry(entries).map(|e| self.history_view(inspection, e))
    }

    /// The recommendations `asked` picks that are still open for `body`,
    /// overdue ones first (longest overdue first), the rest in the order
    /// of the data.
    pub(crate) fn open_list(
        &self,
        body: &Body,
        asked: impl Fn(&Recommendation) -> bool,
    ) -> OpenList {
        let mut items = Vec::new();
        let mut keys = Vec::new();
        for inspection in &self.dataset.inspections {
            for recommendation in inspection.recommendations.iter().filter(|r| asked(r)) {
                let delivery = self.delivery_of(inspection, recommendation, body);
                if delivery.as_ref().is_some_and(|d| !d.open) {
                    continue;
                }
                let shared = (self.shared())
                    .recommendation(inspection, recommendation.number.value)
                    .expect("made for every recommendation");
                let deadline = Arc::clone(&shared.deadline);
                let last_day = self.deadline_in_force(inspection, recommendation);
                let overdue_days = match last_day {
                    Some(last) if deadline.state == DeadlineState::Passed => {
                        (self.as_of - last).whole_days()
                    }
                    _ => 0,
                };
                keys.push(RecommendationKey {
                    inspection: inspection.id.value.clone(),
                    number: recommendation.number.value,
                });
                items.push((
                    recommendation,
                    OpenItem {
                        recommendation: self
                            .recommendation_link(inspection, recommendation.number.value),
                        inspection: self.inspection_link(inspection),
                        text: Arc::clone(&shared.text),
                        overdue: (overdue_days > 0)
                            .then(|| how_long(last_day.unwrap_or(self.as_of), self.as_of)),
                        overdue_days,
                        deadline,
                        delivery,
                        same_ask_as: Vec::new(),
                    },
                ));
            }
        }
        // Through a map of what is listed, so a force with thousands of
        // open items is not compared with itself pair by pair.
        let listed: HashMap<&RecommendationKey, usize> =
            keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
        let mut counted = 0;
        for (i, key) in keys.iter().enumerate() {
            let repeats = (items[i].0.repeats.iter())
                .filter_map(|r| RecommendationKey::parse(&r.value))
                .filter_map(|k| listed.get(&k).copied());
            let repeated_by = (self.lookup.repeated_by)
                .get(format!("{}/{}", key.inspection, key.number).as_str())
                .into_iter()
                .flatten()
                .filter_map(|(inspection, r)| {
                    let k = RecommendationKey {
                        inspection: inspection.id.value.clone(),
                        number: r.number.value,
                    };
                    listed.get(&k).copied()
                });
            let mut same: Vec<usize> = repeats.chain(repeated_by).filter(|j| *j != i).collect();
            same.sort_unstable();
            same.dedup();
            // Of a set of the same ask, the first listed is counted.
            if same.iter().all(|j| *j > i) {
                counted += 1;
            }
            items[i].1.same_ask_as = (same.iter())
                .map(|j| items[*j].1.recommendation.clone())
                .collect();
        }
        let mut items: Vec<OpenItem> = items.into_iter().map(|(_, item)| item).collect();
        items.sort_by_key(|item| std::cmp::Reverse(item.overdue_days));
        let overdue = items.iter().filter(|i| i.overdue_days > 0).count();
        let listed = items.len();
        items.truncate(OpenList::SHOWN);
        // Kept with the view until the site is written: without this each
        // force kept room for every open item (tens of megabytes at 10,000
        // pages).
        items.shrink_to_fit();
        OpenList {
            items,
            listed,
            count: counted,
            overdue,
        }
    }
}

/// What kind of word an entry is: a claim is never called an assessment.
fn assertion(by: AssertedBy) -> &'static str {
    match by {
        AssertedBy::Body => "Claim",
        AssertedBy::Inspectorate => "Inspectorate’s assessment",
        AssertedBy::Other => "Another body’s statement",
        AssertedBy::Publisher => "This site’s assessment",
    }
}

/// How long from `from` to `to`, in whole years, months and days as a
/// reader counts them: "1 year and 9 months", "3 months", "12 days".
pub(crate) fn how_long(from: time::Date, to: time::Date) -> String {
    let mut months = (to.year() - from.year()) * 12 + i32::from(u8::from(to.month()))
        - i32::from(u8::from(from.month()));
    if to.day() < from.day() {
        months -= 1;
    }
    let (years, months) = (months / 12, months % 12);
    let plural = |n: i32, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (years, months) {
        (0, 0) => plural((to - from).whole_days() as i32, "day"),
        (0, m) => plural(m, "month"),
        (y, 0) => plural(y, "year"),
        (y, m) => format!("{} and {}", plural(y, "year"), plural(m, "month")),
    }
}

#[cfg(test)]
mod tests {
    use super::how_long;

    fn date(y: i32, m: u8, d: u8) -> time::Date {
        time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
    }

    #[test]
    fn how_long_counts_whole_months_and_years_as_readers_do() {
        assert_eq!(how_long(date(2022, 2, 28), date(2022, 3, 12)), "12 days");
        assert_eq!(how_long(date(2022, 2, 28), date(2022, 5, 28)), "3 months");
        assert_eq!(how_long(date(2022, 2, 28), date(2023, 2, 27)), "11 months");
        assert_eq!(how_long(date(2021, 3, 31), date(2022, 3, 31)), "1 year");
        assert_eq!(
            how_long(date(2021, 3, 31), date(2025, 12, 31)),
            "4 years and 9 months"
        );
        assert_eq!(how_long(date(2021, 3, 31), date(2021, 4, 1)), "1 day");
    }
}
