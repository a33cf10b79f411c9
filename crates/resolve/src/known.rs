//! Stage 2½: the dataset as it stood on the site's `as_of` date.
//!
//! `--as-of D` shows what was known on D, so that a reader can see the
//! picture at an earlier date and a build of old data is reproducible.
//! Everything dated after D is left out here, once, before anything is
//! derived: inspections published later (with their responses), responses
//! dated later, history entries and deadline revisions dated later,
//! office holders named only by a document dated later, and source
//! documents dated later that no remaining record cites. Undated
//! records stay: nothing says they were unknown.
//!
//! It runs after validation, so a mistake in a record dated after D is
//! still reported.

use foldhash::HashSet;
use std::sync::Arc;

use answerable_data::dates::PartialDate;
use answerable_data::model::{Dataset, Inspection, RecommendationKey};

use crate::rules::known_on;

/// `dataset` less everything dated after its `as_of` date.
pub fn as_known(mut dataset: Dataset) -> Dataset {
    let as_of = dataset.config.as_of;
    let known = |date: Option<&PartialDate>| date.is_none_or(|d| known_on(d, as_of));
    dataset.inspections.retain(|i| known(i.published.as_ref()));
    let kept: HashSet<RecommendationKey> = (dataset.inspections.iter())
        .flat_map(|i| {
            (i.recommendations.iter()).map(|r| RecommendationKey {
                inspection: i.id.value.clone(),
                number: r.number.value,
            })
        })
        .collect();
    for inspection in &mut dataset.inspections {
        if !all_known(inspection, &kept, as_of) {
            leave_out_unknown(Arc::make_mut(inspection), &kept, as_of);
        }
    }
    let inspections: HashSet<&str> = (dataset.inspections.iter())
        .map(|i| i.id.value.as_str())
        .collect();
    dataset
        .responses
        .retain(|r| known(r.date.as_ref()) && inspections.contains(r.inspection.value.as_str()));
    // An office holder is named by a document; before it, no one is.
    let later: HashSet<String> = (dataset.sources.iter())
        .filter(|s| !known(s.date.as_ref()))
        .map(|s| s.file.value.clone())
        .collect();
    for force in &mut dataset.forces {
        for person in [&mut force.commissioner, &mut force.chief_constable] {
            if person
                .as_ref()
                .is_some_and(|p| later.contains(&p.source.value))
            {
                *person = None;
            }
        }
    }
    let cited: HashSet<String> = cited_sources(&dataset).map(str::to_string).collect();
    dataset
        .sources
        .retain(|s| known(s.date.as_ref()) || cited.contains(&s.file.value));
    dataset
}

fn repeats_kept(key: &str, kept: &HashSet<RecommendationKey>) -> bool {
    RecommendationKey::parse(key).is_some_and(|k| kept.contains(&k))
}

/// Whether nothing in `inspection` is dated after `as_of`, so that the
/// common case (the site's own date) copies nothing.
fn all_known(
    inspection: &Inspection,
    kept: &HashSet<RecommendationKey>,
    as_of: time::Date,
) -> bool {
    inspection.recommendations.iter().all(|r| {
        r.history.iter().all(|e| known_on(&e.date, as_of))
            && r.revisions.iter().all(|v| known_on(&v.date, as_of))
            && r.repeats.iter().all(|k| repeats_kept(&k.value, kept))
    })
}

fn leave_out_unknown(
    inspection: &mut Inspection,
    kept: &HashSet<RecommendationKey>,
    as_of: time::Date,
) {
    for recommendation in &mut inspection.recommendations {
        recommendation.history.retain(|e| known_on(&e.date, as_of));
        recommendation
            .revisions
            .retain(|v| known_on(&v.date, as_of));
        recommendation
            .repeats
            .retain(|k| repeats_kept(&k.value, kept));
    }
}

/// Every source document a record in `dataset` cites.
fn cited_sources(dataset: &Dataset) -> impl Iterator<Item = &str> {
    let recommendations = dataset.inspections.iter().flat_map(|i| &i.recommendations);
    let people = (dataset.forces.iter())
        .flat_map(|f| f.commissioner.iter().chain(&f.chief_constable))
        .map(|p| &p.source);
    (dataset.inspections.iter().map(|i| &i.source))
        .chain(dataset.responses.iter().map(|r| &r.source))
        .chain(dataset.forces.iter().map(|f| &f.source))
        .chain(dataset.rocus.iter().map(|r| &r.source))
        .chain(people)
        .chain(
            recommendations
                .clone()
                .flat_map(|r| r.history.iter().map(|e| &e.source)),
        )
        .chain(recommendations.flat_map(|r| r.revisions.iter().map(|v| &v.source)))
        .map(|s| s.value.as_str())
}
