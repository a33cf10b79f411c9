//! What the home and index pages list: a few fields of each record, not
//! the whole record. An index given every record in full (every position,
//! quotation and highlighted TOML) took most of a big site's rendering
//! time, and, since it changed whenever any record did, was rendered again
//! on every save in `serve`.
//!
//! These borrow from the resolved views, so every figure is the one the
//! record's own page shows.

use serde::Serialize;

use answerable_resolve::{
    Deadline, InspectionView, Link, RecommendationView, ResponseView, RocuView, SourceView,
};

/// An inspection on the home page and the inspections index.
#[derive(Serialize)]
pub struct InspectionSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub inspectorate: &'a str,
    pub subject: &'a str,
    pub published: Option<&'a str>,
    pub recommendation_count: usize,
    /// Recommendations past their deadline as of the site's date.
    pub passed: usize,
    pub response_count: usize,
}

impl<'a> InspectionSummary<'a> {
    pub fn of(inspection: &'a InspectionView) -> Self {
        InspectionSummary {
            id: &inspection.id,
            title: &inspection.title,
            url: &inspection.url,
            inspectorate: &inspection.inspectorate,
            subject: &inspection.subject,
            published: inspection.published.as_deref(),
            recommendation_count: inspection.recommendations.len(),
            passed: inspection.passed,
            response_count: inspection.responses.len(),
        }
    }
}

/// An inspection with its recommendations, for the recommendations index.
#[derive(Serialize)]
pub struct InspectionRecommendations<'a> {
    #[serde(flatten)]
    pub inspection: InspectionSummary<'a>,
    pub recommendations: Vec<RecommendationSummary<'a>>,
    /// Whether its recommendations began on an earlier page of the index.
    pub continued: bool,
}

impl<'a> InspectionRecommendations<'a> {
    /// The inspection with those of its recommendations in `part`.
    pub fn part_of(inspection: &'a InspectionView, part: std::ops::Range<usize>) -> Self {
        InspectionRecommendations {
            inspection: InspectionSummary::of(inspection),
            continued: part.start > 0,
            recommendations: (inspection.recommendations[part].iter())
                .map(RecommendationSummary::of)
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct RecommendationSummary<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: &'a str,
    pub text: &'a str,
    pub deadline: &'a Deadline,
    pub position_count: usize,
}

impl<'a> RecommendationSummary<'a> {
    fn of(recommendation: &'a RecommendationView) -> Self {
        RecommendationSummary {
            number: recommendation.number,
            title: &recommendation.title,
            url: &recommendation.url,
            text: &recommendation.text,
            deadline: &recommendation.deadline,
            position_count: recommendation.positions.len(),
        }
    }
}

/// A ROCU on the ROCUs and forces indexes.
#[derive(Serialize)]
pub struct RocuSummary<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub aliases: &'a [String],
    pub region: &'a str,
    pub forces: Vec<ForceSummary<'a>>,
    /// How many of its forces have a published response on record.
    pub forces_responded: usize,
}

#[derive(Serialize)]
pub struct ForceSummary<'a> {
    #[serde(flatten)]
    pub link: &'a Link,
    pub responded: bool,
}

impl<'a> RocuSummary<'a> {
    pub fn of(rocu: &'a RocuView) -> Self {
        RocuSummary {
            id: &rocu.id,
            name: &rocu.name,
            url: &rocu.url,
            aliases: &rocu.aliases,
            region: &rocu.region,
            forces: (rocu.forces.iter())
                .map(|f| ForceSummary {
                    link: &f.force,
                    responded: !f.responses.is_empty(),
                })
                .collect(),
            forces_responded: rocu.forces_responded,
        }
    }
}

/// A response on the responses index.
#[derive(Serialize)]
pub struct ResponseSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub inspection: &'a Link,
    pub force: &'a Link,
    pub date: Option<&'a str>,
    pub position_count: usize,
}

impl<'a> ResponseSummary<'a> {
    pub fn of(response: &'a ResponseView) -> Self {
        ResponseSummary {
            id: &response.id,
            title: &response.title,
            url: &response.url,
            inspection: &response.inspection,
            force: &response.force,
            date: response.date.as_deref(),
            position_count: response.positions.len(),
        }
    }
}

/// A source document on the sources index.
#[derive(Serialize)]
pub struct SourceSummary<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub author: &'a str,
    pub date: Option<&'a str>,
    /// `report` or `response`.
    pub kind: &'a str,
}

impl<'a> SourceSummary<'a> {
    pub fn of(source: &'a SourceView) -> Self {
        SourceSummary {
            title: &source.title,
            url: &source.url,
            author: &source.author,
            date: source.date.as_deref(),
            kind: source.kind,
        }
    }
}
