//! Coverage bars: per inspection and per ROCU, how many forces have a
//! published response on record, and how the cells of the response matrix
//! divide between positions recorded, responses silent on a
//! recommendation, and no response at all. Drawn as a table, with the
//! numbers in words beside each bar.

use std::sync::Arc;

use serde::Serialize;

use super::{Index, Omitted, Swatch, matrix, permille, rocu_link};
use answerable_data::model::EntityRef;
use answerable_resolve::{ForceRow, ForceView, InspectionView, Link};

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// The [`crate::MAX_COLUMNS`] most recently published inspections.
    pub inspections: Vec<CoverageRow>,
    /// Inspections left out of `inspections`, if any.
    pub omitted: Option<Omitted>,
    pub rocus: Vec<CoverageRow>,
    /// The key to the stacked bars.
    pub legend: Vec<Swatch>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    pub subject: Link,
    /// Forces, and those with a published response on record (to this
    /// inspection; for a ROCU, to any inspection).
    pub forces: usize,
    pub responded: usize,
    pub responded_bar: Bar,
    /// Cells of the response matrix (forces × recommendations for forces)
    /// and how they divide, in the order drawn.
    pub cells: usize,
    pub recorded: usize,
    pub no_position: usize,
    pub no_response: usize,
    pub segments: Vec<Bar>,
    /// Every position in these responses, on any recommendation (those
    /// for national bodies included).
    pub positions: usize,
    /// Whether commissioners were expected to respond (the 56-day duty
    /// does not apply to every report).
    pub responses_expected: bool,
}

/// A part of a bar, in thousandths of its width.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub tone: String,
    pub x: u32,
    pub width: u32,
    pub count: usize,
    pub label: String,
}

pub(super) fn build(ix: &Index) -> Coverage {
    let view = ix.view;
    let forces: Vec<&ForceView> = ix
        .groups
        .iter()
        .flat_map(|(_, f)| f.iter().copied())
        .collect();
    let all: Vec<&InspectionView> = view.inspections.iter().map(Arc::as_ref).collect();
    let (shown, omitted) = matrix::recent_inspections(&view.site, &all);
    let inspections = shown
        .iter()
        .map(|i| {
            let responses: Vec<_> = view
                .responses
                .iter()
                .filter(|r| r.inspection.record_id() == Some(i.id.as_str()))
                .collect();
            let mut responders: Vec<&str> = responses
                .iter()
                .filter_map(|r| r.force.record_id())
                .collect();
            responders.sort_unstable();
            responders.dedup();
            let rows: Vec<&ForceRow> = (forces.iter().flat_map(|f| ix.rows(f, i)))
                .filter(|r| r.asked)
                .collect();
            row(
                ix,
                Link {
                    record: Some(EntityRef::Inspection(i.id.clone())),
                    ..Link::to_page(&i.title, &i.url)
                },
                forces.len(),
                responders.len(),
                &rows,
                responses.iter().map(|r| r.positions.len()).sum(),
                i.responses_expected,
            )
        })
        .collect();
    let rocus = ix
        .groups
        .iter()
        .map(|(rocu, forces)| {
            let rows: Vec<&ForceRow> = forces.iter().flat_map(|f| all_rows(f)).collect();
            let positions = view
                .responses
                .iter()
                .filter(|r| {
                    forces
                        .iter()
                        .any(|f| r.force.record_id() == Some(f.id.as_str()))
                })
                .map(|r| r.positions.len())
                .sum();
            row(
                ix,
                rocu_link(rocu),
                forces.len(),
                forces.iter().filter(|f| !f.responses.is_empty()).count(),
                &rows,
                positions,
                view.inspections.iter().any(|i| responses_due(i)),
            )
        })
        .collect();
    Coverage {
        inspections,
        omitted,
        rocus,
        legend: vec![
            Swatch {
                tone: "responded".into(),
                label: "Forces with a published response".into(),
                description: "Forces whose commissioner's published response is on record.".into(),
            },
            ix.status_swatch("position-recorded"),
            ix.status_swatch("no-position"),
            ix.status_swatch("no-response"),
        ],
    }
}

fn responses_due(inspection: &InspectionView) -> bool {
    inspection.responses_expected && inspection.recommendations.iter().any(|r| r.concerns_forces)
}

/// A force's rows for the recommendations that ask forces or regions to
/// act: the cells this chart counts.
fn all_rows(force: &ForceView) -> impl Iterator<Item = &ForceRow> {
    force
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .filter(|r| r.asked)
}

fn row(
    ix: &Index,
    subject: Link,
    forces: usize,
    responded: usize,
    rows: &[&ForceRow],
    positions: usize,
    responses_expected: bool,
) -> CoverageRow {
    let count = |status: &str| rows.iter().filter(|r| r.status.id == status).count();
    let cells = rows.len();
    let mut segments = Vec::new();
    let mut x = 0;
    let mut counts = Vec::new();
    for status in ["position-recorded", "no-position", "no-response"] {
        let n = count(status);
        counts.push(n);
        // Widths from running totals, so the parts always add up to the
        // whole bar, whatever the rounding.
        let end = permille(counts.iter().sum(), cells);
        segments.push(Bar {
            tone: status.to_string(),
            x,
            width: end - x,
            count: n,
            label: ix.status(status).label,
        });
        x = end;
    }
    CoverageRow {
        subject,
        forces,
        responded,
        responded_bar: Bar {
            tone: "responded".into(),
            x: 0,
            width: permille(responded, forces),
            count: responded,
            label: "Forces with a published response".into(),
        },
        cells,
        recorded: counts[0],
        no_position: counts[1],
        no_response: counts[2],
        segments,
        positions,
        responses_expected,
    }
}
