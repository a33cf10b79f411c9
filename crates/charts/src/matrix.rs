//! The response matrix: forces, grouped by ROCU, against the
//! recommendations that ask forces or regions to act, each cell the
//! force's status on the recommendation as `resolve` computed it (and the
//! stance, where its response takes one). Drawn as a real table.
//!
//! Past [`MAX_COLUMNS`] recommendations a matrix that may summarise
//! (`summarise`) has one column per inspection instead, each cell counting
//! the force's positions on that inspection's recommendations; past
//! [`MAX_COLUMNS`] inspections it keeps the most recently published.

use serde::Serialize;

use super::{Index, MAX_COLUMNS, Swatch, counted, force_link, rocu_link};
use answerable_data::dates::PartialDate;
use answerable_resolve::{
    DeadlineState, ForceRow, ForceView, InspectionView, Link, RecommendationView, RocuView,
};

#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    /// `full` (a column per recommendation) or `by-inspection` (a column
    /// per inspection, each cell a count).
    pub level: &'static str,
    /// What the table shows, for its `<caption>`.
    pub caption: String,
    /// Column headers above `columns` (an inspection spanning its
    /// recommendations); empty when there is one inspection or a column
    /// per inspection.
    pub column_groups: Vec<ColumnGroup>,
    pub columns: Vec<Column>,
    /// The forces of one ROCU each.
    pub row_groups: Vec<RowGroup>,
    /// Whether to show the ROCU of each group (false on a ROCU's page).
    pub grouped: bool,
    /// The key to the cells' colours and borders, for what the table shows.
    pub legend: Vec<Swatch>,
    /// Inspections left out of a summary, if any.
    pub omitted: Option<Omitted>,
    /// Forces left out because no response of theirs is on record (on
    /// the home page; elsewhere every force has its row).
    pub without_response: usize,
    pub forces: usize,
    pub cells: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnGroup {
    pub title: String,
    pub url: String,
    pub span: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// "Recommendation 2", or an inspection's title.
    pub title: String,
    pub url: String,
    /// A short line under the title: the deadline's words, or how many
    /// recommendations an inspection has for forces.
    pub detail: String,
    /// The deadline's state (`passed`, `upcoming`, `unknown`) for a
    /// recommendation; none for an inspection.
    pub deadline: Option<DeadlineState>,
    /// Which of `column_groups` it is under (from 1), so that each cell
    /// can name both of its column headers; 0 when there are none.
    pub group: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowGroup {
    pub rocu: Link,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub force: Link,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The CSS tone (`tone-<tone>`): `stance-N`, `no-position`,
    /// `no-response`, `not-applicable`, or in a summary `all`, `some`.
    pub tone: String,
    /// The words shown: the stance's label, the status's label, or a count.
    pub label: String,
    /// The status id from `resolve` (`position-recorded`, `no-position`,
    /// `no-response`); in a summary, `no-response` or `responded`.
    pub status: String,
    /// The stance id, where a position is recorded.
    pub stance: Option<String>,
    /// Where to read more: the response.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Omitted {
    pub shown: usize,
    pub total: usize,
    /// The list of every inspection.
    pub url: String,
}

/// The matrix of `groups`' forces against the recommendations for forces
/// of `inspections`; summarised when `summarise` and it would be too wide.
pub(super) fn build(
    ix: &Index,
    groups: Vec<(&RocuView, Vec<&ForceView>)>,
    inspections: &[&InspectionView],
    summarise: bool,
) -> Matrix {
    let recommendations: Vec<(&InspectionView, &RecommendationView)> = inspections
        .iter()
        .flat_map(|i| {
            i.recommendations
                .iter()
                .filter(|r| r.in_matrix())
                .map(move |r| (*i, r))
        })
        .collect();
    let grouped = groups.len() > 1;
    let forces: usize = groups.iter().map(|(_, f)| f.len()).sum();
    let mut matrix = if summarise && recommendations.len() > MAX_COLUMNS {
        by_inspection(ix, &groups, inspections)
    } else {
        full(ix, &groups, inspections, &recommendations)
    };
    matrix.grouped = grouped;
    matrix.forces = forces;
    matrix.cells = matrix
        .row_groups
        .iter()
        .flat_map(|g| &g.rows)
        .map(|r| r.cells.len())
        .sum();
    matrix
}

fn full(
    ix: &Index,
    groups: &[(&RocuView, Vec<&ForceView>)],
    inspections: &[&InspectionView],
    recommendations: &[(&InspectionView, &RecommendationView)],
) -> Matrix {
    let column_groups = if inspections.len() > 1 {
        inspections
            .iter()
            .map(|i| ColumnGroup {
                title: i.title.clone(),
                url: i.url.clone(),
                span: i.recommendations.iter().filter(|r| r.in_matrix()).count(),
            })
            .filter(|g| g.span > 0)
            .collect()
    } else {
        Vec::new()
    };
    let columns = recommendations
        .iter()
        .map(|(i, r)| Column {
            title: r.title.clone(),
            url: r.url.clone(),
            detail: match (r.concerns_forces, i.responses_expected) {
                (false, _) => format!("For national bodies; {}", r.deadline.words),
                (true, false) => format!("{}; no response from forces expected", r.deadline.words),
                (true, true) => r.deadline.words.clone(),
            },
            deadline: Some(r.deadline.state),
            group: (column_groups.iter())
                .position(|g: &ColumnGroup| g.url == i.url)
                .map_or(0, |at| at + 1),
        })
        .collect();
    let row_groups: Vec<RowGroup> = groups
        .iter()
        .map(|(rocu, forces)| RowGroup {
            rocu: rocu_link(rocu),
            rows: forces
                .iter()
                .map(|force| Row {
                    force: force_link(force),
                    cells: recommendations
                        .iter()
                        .map(|(i, r)| cell(ix, ix.row(force, i, r.number)))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    // The key lists what the table shows: stances in the vocabulary's
    // order, then the two statuses without one.
    let shown: Vec<&Cell> = row_groups
        .iter()
        .flat_map(|g| &g.rows)
        .flat_map(|r| &r.cells)
        .collect();
    let mut legend: Vec<Swatch> = ix
        .view
        .stances
        .iter()
        .filter(|s| {
            shown
                .iter()
                .any(|c| c.stance.as_deref() == Some(s.id.as_str()))
        })
        .map(|s| Swatch {
            tone: ix.stance_tone(&s.id),
            label: s.label.clone(),
            description: s.description.clone(),
        })
        .collect();
    for status in ["no-position", "no-response", "not-applicable"] {
        if shown.iter().any(|c| c.status == status) {
            legend.push(ix.status_swatch(status));
        }
    }
    let caption = match inspections {
        [one] => format!(
            "Where each force stands on the recommendations of “{}” that ask forces or regions to act",
            one.title
        ),
        _ => "Where each force stands on each recommendation that asks forces or regions to act"
            .to_string(),
    };
    Matrix {
        level: "full",
        caption,
        column_groups,
        columns,
        row_groups,
        grouped: true,
        legend,
        omitted: None,
        without_response: 0,
        forces: 0,
        cells: 0,
    }
}

/// One cell of a full matrix: the stance where a position is recorded,
/// otherwise the status `resolve` gave.
fn cell(ix: &Index, row: Option<&ForceRow>) -> Cell {
    let Some(row) = row else {
        let status = ix.status("not-applicable");
        return Cell {
            tone: status.id.clone(),
            label: status.label,
            status: status.id,
            stance: None,
            url: None,
        };
    };
    let url = row
        .response
        .as_ref()
        .map(|r| format!("{}#positions", r.url));
    match &row.position {
        Some(position) if row.status.id == "position-recorded" => Cell {
            tone: ix.stance_tone(&position.stance.id),
            label: position.stance.label.clone(),
            status: row.status.id.clone(),
            stance: Some(position.stance.id.clone()),
            url,
        },
        _ => Cell {
            tone: row.status.id.clone(),
            label: row.status.label.clone(),
            status: row.status.id.clone(),
            stance: None,
            url,
        },
    }
}

fn by_inspection(
    ix: &Index,
    groups: &[(&RocuView, Vec<&ForceView>)],
    inspections: &[&InspectionView],
) -> Matrix {
    let with_columns: Vec<&InspectionView> = inspections
        .iter()
        .copied()
        .filter(|i| i.recommendations.iter().any(|r| r.concerns_forces))
        .collect();
    let (shown, omitted) = recent_inspections(&ix.view.site, &with_columns);
    let columns = shown
        .iter()
        .map(|i| Column {
            title: i.title.clone(),
            url: format!("{}#response-matrix", i.url),
            detail: counted(
                i.recommendations
                    .iter()
                    .filter(|r| r.concerns_forces)
                    .count(),
                "recommendation for forces",
                "recommendations for forces",
            ),
            deadline: None,
            group: 0,
        })
        .collect();
    let row_groups: Vec<RowGroup> = groups
        .iter()
        .map(|(rocu, forces)| RowGroup {
            rocu: rocu_link(rocu),
            rows: forces
                .iter()
                .map(|force| Row {
                    force: force_link(force),
                    cells: shown
                        .iter()
                        .map(|i| {
                            // What the force was asked: positions beyond
                            // that are in the full matrix.
                            let asked: Vec<_> =
                                ix.rows(force, i).into_iter().filter(|r| r.asked).collect();
                            summary_cell(ix, &asked)
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let tones: Vec<&str> = row_groups
        .iter()
        .flat_map(|g| &g.rows)
        .flat_map(|r| &r.cells)
        .map(|c| c.tone.as_str())
        .collect();
    let position = ix.status("position-recorded");
    let candidates = [
        Swatch {
            tone: "all".into(),
            label: "A position on every one".into(),
            description: format!(
                "{}: the force's response takes a position on every recommendation for forces in the inspection.",
                position.label
            ),
        },
        Swatch {
            tone: "some".into(),
            label: "Positions on some".into(),
            description: "The force's response takes a position on some of the inspection's recommendations for forces, and none on the rest.".into(),
        },
        ix.status_swatch("no-position"),
        ix.status_swatch("no-response"),
    ];
    let legend = candidates
        .into_iter()
        .filter(|s| tones.contains(&s.tone.as_str()))
        .collect();
    Matrix {
        level: "by-inspection",
        caption: "How many positions each force's published response takes on each inspection's recommendations for forces or regions".into(),
        column_groups: Vec::new(),
        columns,
        row_groups,
        grouped: true,
        legend,
        omitted,
        without_response: 0,
        forces: 0,
        cells: 0,
    }
}

/// A force's positions on one inspection's recommendations, counted.
fn summary_cell(ix: &Index, rows: &[&ForceRow]) -> Cell {
    let response = rows.iter().find_map(|r| r.response.as_ref());
    let Some(response) = response else {
        let status = ix.status("no-response");
        return Cell {
            tone: status.id.clone(),
            label: status.label,
            status: status.id,
            stance: None,
            url: None,
        };
    };
    let recorded = rows
        .iter()
        .filter(|r| r.status.id == "position-recorded")
        .count();
    let tone = match recorded {
        0 => "no-position",
        n if n == rows.len() => "all",
        _ => "some",
    };
    Cell {
        tone: tone.into(),
        label: format!("{recorded} of {} positions", rows.len()),
        status: "responded".into(),
        stance: None,
        url: Some(format!("{}#positions", response.url)),
    }
}

/// The `limit` most recently published of `inspections`, in their own
/// order.
pub fn most_recent<'a>(
    inspections: &[&'a InspectionView],
    limit: usize,
) -> Vec<&'a InspectionView> {
    let dates: Vec<Option<&str>> = inspections
        .iter()
        .map(|i| i.published_iso.as_deref())
        .collect();
    newest(&dates, limit)
        .into_iter()
        .map(|n| inspections[n])
        .collect()
}

/// The [`MAX_COLUMNS`] most recently published of `inspections`, and
/// what a chart keeping only those says it left out, if anything.
pub(super) fn recent_inspections<'a>(
    site: &answerable_resolve::SiteInfo,
    inspections: &[&'a InspectionView],
) -> (Vec<&'a InspectionView>, Option<Omitted>) {
    let shown = most_recent(inspections, MAX_COLUMNS);
    let omitted = (shown.len() < inspections.len()).then(|| Omitted {
        shown: shown.len(),
        total: inspections.len(),
        url: format!("{}inspections/", site.base_path),
    });
    (shown, omitted)
}

/// The places in `dates` (ISO dates at any precision) of the `limit`
/// newest, in their own order. A date known only to the month counts from
/// its last day; a missing date counts as the oldest; among equals, the
/// later in the list is kept.
fn newest(dates: &[Option<&str>], limit: usize) -> Vec<usize> {
    let mut by_date: Vec<(usize, Option<time::Date>)> = dates
        .iter()
        .enumerate()
        .map(|(n, d)| (n, d.and_then(PartialDate::parse).and_then(|d| d.latest())))
        .collect();
    by_date.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    let mut keep: Vec<usize> = by_date.into_iter().take(limit).map(|(n, _)| n).collect();
    keep.sort_unstable();
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_keeps_the_newest_inspections_in_their_own_order() {
        let dates = [
            Some("2021-02"),
            None,
            Some("2019"),
            Some("2021-02-28"),
            Some("2022-01-05"),
        ];
        assert_eq!(newest(&dates, 5), [0, 1, 2, 3, 4]);
        assert_eq!(newest(&dates, 2), [3, 4]);
        // "February 2021" may be its 28th: a tie, and the later one stays.
        assert_eq!(newest(&dates, 3), [0, 3, 4]);
        // Undated inspections go first.
        assert_eq!(newest(&dates, 4), [0, 2, 3, 4]);
    }
}
