//! The views of forces and ROCUs: each force's status on every
//! recommendation asked of it, and the forces each ROCU serves.

use super::*;
use crate::inspections::plural;

impl Resolver<'_> {
    /// `made`: the positions made for the responses' pages, shared (see
    /// [`Resolver::recommendation`]).
    pub(crate) fn force(&self, force: &Force, made: &MadePositions) -> ForceView {
        let parts = self.shared();
        let id = &force.id.value;
        let responses = self.lookup.responses_by(id);
        // The first response to each inspection, as a scan would find it.
        let mut by_inspection: HashMap<&str, &Response> = HashMap::new();
        for response in responses {
            by_inspection
                .entry(response.inspection.value.as_str())
                .or_insert(response);
        }
        let mut groups = Vec::new();
        for inspection in &self.dataset.inspections {
            let mut rows = Vec::new();
            let response = by_inspection.get(inspection.id.value.as_str()).copied();
            let response_link = response.map(|r| Arc::new(self.response_link(r)));
            for recommendation in &inspection.recommendations {
                let number = recommendation.number.value;
                let asked = recommendation.concerns_forces();
                let position = response.and_then(|r| {
                    r.positions
                        .iter()
                        .find(|p| p.recommendation.value == number)
                        .map(|p| self.shared_position(made, r, inspection, p))
                });
                if !asked && position.is_none() {
                    continue;
                }
                let status = match (response, &position) {
                    (Some(_), Some(_)) => "position-recorded",
                    (Some(_), None) => "no-position",
                    (None, _) => "no-response",
                };
                let shared = parts
                    .recommendation(inspection, number)
                    .expect("made for every recommendation");
                rows.push(ForceRow {
                    recommendation: Arc::clone(&shared.link),
                    number,
                    asked,
                    text: Arc::clone(&shared.text),
                    deadline: Arc::clone(&shared.deadline),
                    status: Arc::clone(&parts.statuses[status]),
                    position,
                    response: response_link.clone(),
                    delivery: self
                        .delivery_of(inspection, recommendation, &Body::Force(id.clone()))
                        .map(Box::new),
                });
            }
            if !rows.is_empty() {
                groups.push(ForceGroup {
                    inspection: self.inspection_link(inspection),
                    responses_expected: inspection.section_55 != Section55::NotApplicable,
                    rows: fitted(rows),
                });
            }
        }
        // Inspections of the police, whose responses are expected, first.
        groups.sort_by_key(|g: &ForceGroup| !g.responses_expected);
        let groups = fitted(groups);
        let person = |p: &answerable_data::model::Person| {
            let date = self.source_doc(&p.source.value).and_then(|s| s.date);
            Person {
                name: p.name.clone(),
                role: p.role.clone(),
                source: self.source_link(&p.source.value),
                named_on: date.map(|d| d.to_string()),
                named_on_iso: date.map(|d| d.iso()),
            }
        };
        let open = self.open_list(&Body::Force(id.clone()), Recommendation::concerns_forces);
        let answer = force_answer(&force.name, responses, &groups, &open);
        ForceView {
            id: id.clone(),
            name: force.name.clone(),
            url: self.url(&urls::force(id)),
            rocu: self.rocu_link(&force.rocu.value),
            rocu_status: (self.lookup.rocus.get(force.rocu.value.as_str()))
                .and_then(|r| r.status.clone()),
            source: self.source_link(&force.source.value),
            notes: self.readable_notes(&force.notes),
            commissioner: force.commissioner.as_ref().map(person),
            chief_constable: force.chief_constable.as_ref().map(person),
            responses: responses.iter().map(|r| self.response_link(r)).collect(),
            answer,
            groups,
            open,
            commentary_html: self.commentary(EntityRef::Force(id.clone())),
            record: self.record(&force.origin, Some("force")),
        }
    }

    pub(crate) fn rocu(&self, rocu: &Rocu) -> RocuView {
        let id = &rocu.id.value;
        let forces: Vec<RocuForce> = self
            .dataset
            .forces
            .iter()
            .filter(|f| &f.rocu.value == id)
            .map(|f| {
                let responses = self.lookup.responses_by(&f.id.value);
                RocuForce {
                    force: self.force_link(&f.id.value),
                    responses: responses.iter().map(|r| self.response_link(r)).collect(),
                    positions: responses.iter().map(|r| r.positions.len()).sum(),
                }
            })
            .collect();
        RocuView {
            id: id.clone(),
            name: rocu.name.clone(),
            url: self.url(&urls::rocu(id)),
            aliases: rocu.aliases.clone(),
            region: rocu.region.clone(),
            established: rocu.established.clone(),
            status: rocu.status.clone(),
            source: self.source_link(&rocu.source.value),
            notes: self.readable_notes(&rocu.notes),
            forces_responded: forces.iter().filter(|f| !f.responses.is_empty()).count(),
            forces,
            open: self.open_list(&Body::Rocu(id.clone()), |r| {
                r.applies_to.contains(&Actor::Regions)
            }),
            commentary_html: self.commentary(EntityRef::Rocu(id.clone())),
            record: self.record(&rocu.origin, Some("rocu")),
        }
    }
}

/// "1 published response on record, of 7 April 2021. It takes a position
/// on 2 of the 7 recommendations asked of Essex; 5 are open, none past
/// the deadline in force."
fn force_answer(
    name: &str,
    responses: &[&Response],
    groups: &[ForceGroup],
    open: &OpenList,
) -> String {
    let rows = || groups.iter().flat_map(|g| &g.rows).filter(|r| r.asked);
    let asked = rows().count();
    let answered = rows().filter(|r| r.position.is_some()).count();
    let recommendations = plural(asked, "recommendation", "recommendations");
    let open_words = match (open.count, open.overdue) {
        (0, _) => "none is open".to_string(),
        (1, 0) => "1 is open, not past its deadline".to_string(),
        (n, 0) => format!("{n} are open, none past the deadline in force"),
        (1, _) => "1 is open and past its deadline".to_string(),
        (n, m) => format!("{n} are open, {m} past the deadline in force"),
    };
    if responses.is_empty() {
        let first = format!("No published response from {name}'s commissioner is on record.");
        return match asked {
            0 => first,
            _ => format!("{first} Of the {recommendations} asked of {name}, {open_words}."),
        };
    }
    let mut dates: Vec<String> = (responses.iter())
        .map(|r| {
            r.date
                .map_or_else(|| "undated".to_string(), |d| format!("of {d}"))
        })
        .collect();
    dates.dedup();
    let first = format!(
        "{} on record, {}.",
        plural(responses.len(), "published response", "published responses"),
        dates.join(", ")
    );
    let they = if responses.len() == 1 {
        "It takes"
    } else {
        "They take"
    };
    match asked {
        0 => first,
        _ => format!(
            "{first} {they} a position on {answered} of the {recommendations} asked of {name}; {open_words}."
        ),
    }
}
