//! The views of inspections and their recommendations: each deadline's
//! state and words, and the 56-day window, from the rules in `rules`.

use super::*;

impl Resolver<'_> {
    /// The last day of the deadline in force on the site's date.
    pub(crate) fn deadline_in_force(
        &self,
        inspection: &Inspection,
        recommendation: &Recommendation,
    ) -> Option<time::Date> {
        let date = match rules::revision_in_force(&recommendation.revisions) {
            Some(revision) => Some(revision.due),
            None => rules::deadline_date(recommendation.due, inspection.published),
        };
        date.as_ref().and_then(PartialDate::latest)
    }

    pub(crate) fn deadline(
        &self,
        inspection: &Inspection,
        recommendation: &Recommendation,
    ) -> Deadline {
        let original = rules::deadline_date(recommendation.due, inspection.published);
        let in_force = rules::revision_in_force(&recommendation.revisions);
        let revisions = self.revisions(recommendation, in_force);
        let date = in_force.map(|r| r.due).or(original);
        let range = date.as_ref().and_then(DayRange::of);
        let state = rules::deadline_state(range.as_ref(), self.as_of);
        let words =
            in_force.map_or_else(|| recommendation.due_text.clone(), |r| r.due_text.clone());
        let slip = in_force.map(|r| {
            let first = original.map_or_else(|| recommendation.due_text.clone(), |d| d.to_string());
            let moved = match rules::months_moved(&original.unwrap_or(r.due), &r.due) {
                Some(0) | None => String::new(),
                Some(n) if n > 0 => format!(": {n} month{} late", if n == 1 { "" } else { "s" }),
                Some(n) => format!(": {} month{} earlier", -n, if n == -1 { "" } else { "s" }),
            };
            format!("Due {first}, revised to {}{moved}", r.due)
        });
        let Some(range) = range else {
            let summary = match recommendation.due {
                Some(Due::Immediate) => format!(
                    "{words}: due on publication, and the report's publication date is not in the sources"
                ),
                _ => format!("{words}: no date given"),
            };
            return Deadline {
                words,
                date: None,
                iso: None,
                state,
                approximate: false,
                summary,
                original: None,
                original_iso: None,
                revisions,
                slip,
            };
        };
        let shown = date.map(|d| d.to_string());
        // A deadline known only to the month or year ends with that period:
        // say so rather than name a day the source never gave.
        let end = match date {
            Some(d) if !d.is_exact() => format!("the end of {d}"),
            _ => answerable_data::dates::long(range.latest),
        };
        let immediate = in_force.is_none() && recommendation.due == Some(Due::Immediate);
        let passed = state == DeadlineState::Passed;
        let revised = if in_force.is_some() {
            ", as revised"
        } else {
            ""
        };
        let summary = match (passed, immediate) {
            (true, true) => format!(
                "Due on publication ({}): passed",
                shown.clone().unwrap_or_default()
            ),
            (false, true) => format!("Due on publication ({})", shown.clone().unwrap_or_default()),
            (true, false) => format!("Deadline passed ({end}{revised})"),
            (false, false) => format!("Due by {end}{revised}"),
        };
        Deadline {
            words,
            date: shown,
            iso: date.map(|d| d.iso()),
            state,
            approximate: !range.is_exact(),
            summary,
            original: in_force.and(original).map(|d| d.to_string()),
            original_iso: in_force.and(original).map(|d| d.iso()),
            revisions,
            slip,
        }
    }

    /// The revisions, oldest first.
    fn revisions(
        &self,
        recommendation: &Recommendation,
        in_force: Option<&DeadlineRevision>,
    ) -> Vec<RevisionView> {
        let mut revisions: Vec<&DeadlineRevision> = recommendation.revisions.iter().collect();
        revisions.sort_by_key(|r| (r.date.earliest(), r.date.latest()));
        revisions
            .into_iter()
            .map(|r| RevisionView {
                date: r.date.to_string(),
                date_iso: r.date.iso(),
                due: r.due.to_string(),
                due_iso: r.due.iso(),
                due_text: r.due_text.clone(),
                set_by: r.set_by.clone(),
                reason: r.reason.clone(),
                quote: self.quotation(&r.quote.value, &r.source.value),
                in_force: in_force.is_some_and(|f| std::ptr::eq(f, r)),
            })
            .collect()
    }

    pub(crate) fn window(&self, inspection: &Inspection) -> Option<Window> {
        let duty = self.dataset.vocabulary.duty_of(inspection)?;
        let due = rules::comment_window(
            Some(duty),
            inspection.section_55,
            inspection.published.as_ref(),
        )?;
        let approximate = !due.is_exact();
        let precision = if approximate {
            " The report's publication date is known only to the month, so the window is approximate."
        } else {
            ""
        };
        let unsettled = if inspection.section_55 == Section55::Unsettled {
            " The sources here do not settle whether that duty applies to this report, so this date is information, not a finding of non-compliance."
        } else {
            ""
        };
        Some(Window {
            due: due.describe(),
            approximate,
            binding: inspection.section_55 == Section55::Applies,
            explanation: format!("{}{unsettled}{precision}", duty.description),
            duty: duty.name.clone(),
            days: duty.days,
            law: (duty.law.iter())
                .map(|l| self.source_link(&l.value))
                .collect(),
        })
    }

    /// `made`: the positions already made for the responses' pages, by
    /// response id and recommendation number, shared rather than made and
    /// kept again here and in each force's rows (23 MB a copy, as JSON, at
    /// 10,000 pages).
    pub(crate) fn recommendation(
        &self,
        inspection: &Inspection,
        recommendation: &Recommendation,
        made: &MadePositions,
    ) -> RecommendationView {
        let number = recommendation.number.value;
        let responses = self.lookup.responses_to(&inspection.id.value);
        let mut positions = Vec::new();
        let mut silent_responses = Vec::new();
        for response in responses {
            match response
                .positions
                .iter()
                .find(|p| p.recommendation.value == number)
            {
                Some(p) => positions.push(self.shared_position(made, response, inspection, p)),
                None => silent_responses.push(self.response_link(response)),
            }
        }
        let asked = self.forces_asked(recommendation, responses);
        let answer = asked_answer(recommendation, &asked);
        let key = format!("{}/{number}", inspection.id.value);
        let repeats = recommendation
            .repeats
            .iter()
            .filter_map(|k| RecommendationKey::parse(&k.value))
            .filter_map(|k| {
                let other = self.inspection_of(&k.inspection)?;
                let mut link = self.recommendation_link(other, k.number);
                link.title = format!("{} of “{}”", link.title, other.title);
                Some(link)
            })
            .collect();
        let repeated_by = self
            .lookup
            .repeated_by
            .get(key.as_str())
            .into_iter()
            .flatten()
            .map(|(other, r)| {
                let mut link = self.recommendation_link(other, r.number.value);
                link.title = format!("{} of “{}”", link.title, other.title);
                link
            })
            .collect();
        RecommendationView {
            inspection: self.inspection_link(inspection),
            number,
            title: format!("Recommendation {number}"),
            url: self.url(&urls::recommendation(&inspection.id.value, number)),
            text: recommendation.text.clone(),
            deadline: self.deadline(inspection, recommendation),
            addressees: recommendation.addressees.clone(),
            applies_to: recommendation
                .applies_to
                .iter()
                .map(|a| a.label().to_string())
                .collect(),
            encourages: (recommendation.encourages.iter())
                .map(|a| a.label().to_string())
                .collect(),
            asked_in_report: recommendation.asked_in_report.clone(),
            concerns_forces: recommendation.concerns_forces(),
            themes: recommendation.themes.clone(),
            cause_of_concern: recommendation
                .cause_of_concern
                .as_ref()
                .and_then(|c| {
                    inspection
                        .causes_of_concern
                        .iter()
                        .find(|x| x.id.value == c.value)
                })
                .map(|c| self.cause(inspection, c)),
            repeats,
            repeated_by,
            notes: self.readable_notes(&recommendation.notes),
            positions: fitted(positions),
            asked,
            answer,
            silent_responses: fitted(silent_responses),
            history: self.history(inspection, recommendation),
            deliveries: self.deliveries(inspection, recommendation),
            commentary_html: self.commentary(EntityRef::Recommendation(RecommendationKey {
                inspection: inspection.id.value.clone(),
                number,
            })),
            record: self.record(&recommendation.origin, Some("recommendation")),
        }
    }

    pub(crate) fn cause(&self, inspection: &Inspection, cause: &CauseOfConcern) -> Cause {
        Cause {
            id: cause.id.value.clone(),
            title: cause.title.clone(),
            text: cause.text.clone(),
            url: format!(
                "{}#cause-{}",
                self.url(&urls::inspection(&inspection.id.value)),
                cause.id.value
            ),
            recommendations: inspection
                .recommendations
                .iter()
                .filter(|r| {
                    r.cause_of_concern
                        .as_ref()
                        .is_some_and(|c| c.value == cause.id.value)
                })
                .map(|r| self.recommendation_link(inspection, r.number.value))
                .collect(),
        }
    }

    pub(crate) fn inspection(
        &self,
        inspection: &Inspection,
        made: &MadePositions,
    ) -> InspectionView {
        let recommendations: Vec<RecommendationView> = inspection
            .recommendations
            .iter()
            .map(|r| self.recommendation(inspection, r, made))
            .collect();
        let responses = self.lookup.responses_to(&inspection.id.value);
        let responses_expected = inspection.section_55 != Section55::NotApplicable;
        let forces_without_response = if responses_expected {
            self.dataset
                .forces
                .iter()
                .filter(|f| !responses.iter().any(|r| r.force.value == f.id.value))
                .map(|f| self.force_link(&f.id.value))
                .collect()
        } else {
            Vec::new()
        };
        InspectionView {
            id: inspection.id.value.clone(),
            title: inspection.title.clone(),
            untitled: inspection.untitled,
            url: self.url(&urls::inspection(&inspection.id.value)),
            inspectorate: inspection.inspectorate.clone(),
            subject: inspection.subject.clone(),
            published: inspection.published.map(|d| d.to_string()),
            published_iso: inspection.published.map(|d| d.iso()),
            published_approximate: inspection.published.is_some_and(|d| !d.is_exact()),
            fieldwork: inspection.fieldwork.clone(),
            section_55: match inspection.section_55 {
                Section55::Applies => "applies",
                Section55::Unsettled => "unsettled",
                Section55::NotApplicable => "not-applicable",
            },
            window: self.window(inspection),
            source: self.source_link(&inspection.source.value),
            summary_html: self.markdown(&inspection.summary.value),
            causes_of_concern: inspection
                .causes_of_concern
                .iter()
                .map(|c| self.cause(inspection, c))
                .collect(),
            areas_for_improvement: inspection
                .areas_for_improvement
                .iter()
                .map(|a| Term {
                    id: a.id.value.clone(),
                    label: a.id.value.clone(),
                    description: a.text.clone(),
                })
                .collect(),
            passed: recommendations
                .iter()
                .filter(|r| r.deadline.state == DeadlineState::Passed)
                .count(),
            recommendations,
            responses: responses.iter().map(|r| self.response_link(r)).collect(),
            responses_expected,
            forces_without_response,
            commentary_html: self.commentary(EntityRef::Inspection(inspection.id.value.clone())),
            record: self.record(&inspection.origin, None),
        }
    }

    /// Every force asked to act on `recommendation`, in the order of the
    /// data, grouped by status: a position on record, a response silent
    /// on it, no response. A group with no force is left out.
    fn forces_asked(
        &self,
        recommendation: &Recommendation,
        responses: &[&Response],
    ) -> Vec<AskedGroup> {
        if !recommendation.concerns_forces() {
            return Vec::new();
        }
        let number = recommendation.number.value;
        let mut first: HashMap<&str, &Response> = HashMap::new();
        for response in responses {
            first
                .entry(response.force.value.as_str())
                .or_insert(response);
        }
        let mut groups: [(&str, Vec<Link>); 3] = [
            ("position-recorded", Vec::new()),
            ("no-position", Vec::new()),
            ("no-response", Vec::new()),
        ];
        for force in &self.dataset.forces {
            let id = force.id.value.as_str();
            let link = self.force_link(id);
            let (group, url) = match first.get(id) {
                Some(r) if r.positions.iter().any(|p| p.recommendation.value == number) => {
                    (0, format!("#{}", urls::position_on_recommendation(id)))
                }
                Some(r) => (1, self.response_link(r).url),
                None => (2, link.url.clone()),
            };
            groups[group].1.push(Link { url, ..link });
        }
        // By name, so that a reader finds their own force in a long list.
        for (_, forces) in &mut groups {
            forces.sort_by(|a, b| a.title.cmp(&b.title));
        }
        (groups.into_iter())
            .filter(|(_, forces)| !forces.is_empty())
            .map(|(status, forces)| AskedGroup {
                status: self.status(status),
                forces,
            })
            .collect()
    }
}

/// "Of the 44 forces asked to act, 3 take a position on it in a
/// published response, 41 have no response on record."
fn asked_answer(recommendation: &Recommendation, asked: &[AskedGroup]) -> Option<String> {
    let total: usize = asked.iter().map(|g| g.forces.len()).sum();
    if total == 0 {
        return None;
    }
    let count = |id: &str| {
        (asked.iter())
            .find(|g| g.status.id == id)
            .map_or(0, |g| g.forces.len())
    };
    let through = if recommendation.applies_to.contains(&Actor::Forces) {
        ""
    } else {
        " through their ROCU"
    };
    let forces = plural(total, "force", "forces");
    // "1 takes", "2 take": the verb agrees with the count.
    let said = |id: &str, one: &str, many: &str, rest: &str| {
        let n = count(id);
        format!("{n} {} {rest}", if n == 1 { one } else { many })
    };
    let mut parts = vec![said(
        "position-recorded",
        "takes",
        "take",
        "a position on it in a published response",
    )];
    if count("no-position") > 0 {
        parts.push(said(
            "no-position",
            "has",
            "have",
            "a published response that does not mention it",
        ));
    }
    parts.push(said("no-response", "has", "have", "no response on record"));
    Some(format!(
        "Of the {forces} asked to act{through}, {}.",
        parts.join(", ")
    ))
}

/// "1 force", "44 forces".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
