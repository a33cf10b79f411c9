//! Charts drawn at build time: the response matrix, the force map, the
//! deadline timeline and the coverage bars.
//!
//! Each chart is a serialisable view computed from the resolved
//! [`SiteView`], so every status, stance and deadline in a chart is the one
//! the pages state in words: nothing here decides whether a deadline has
//! passed or what a force's status is, it only counts and places what
//! `resolve` computed. The only other input is where each force's tile sits
//! on the map (`data/tiles.toml`, presentation, not facts).
//!
//! Geometry is computed here in whole numbers (the same data always gives
//! the same bytes); the markup is in the theme's `charts.html`, so every
//! text from data reaches the page through tera's escaping and a theme can
//! restyle or replace any chart. Every chart is a real table or has a text
//! equivalent beside it, and no chart needs a script.
//!
//! Big sites are summarised rather than drawn unreadably: past
//! [`MAX_COLUMNS`] recommendations the matrix has a column per inspection
//! (each linking to that inspection's own matrix), past [`MAX_COLUMNS`]
//! inspections it keeps the most recent, and past [`MAX_TIMELINE_ROWS`]
//! recommendations the timeline has a row per inspection.
//!
//! *Invariant:* no HTML here, and no status logic of its own.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use answerable_data::model::EntityRef;
use answerable_resolve::{
    ForceGroup, ForceRow, ForceView, InspectionView, Link, RocuView, SiteView, Term,
};

mod coverage;
mod map;
mod matrix;
mod timeline;

pub use coverage::{Bar, Coverage, CoverageRow};
pub use map::{ForceMap, MapEntry, MapGroup, MapTile};
pub use matrix::{Cell, Column, ColumnGroup, Matrix, Omitted, Row, RowGroup, most_recent};
pub use timeline::{Axis, AxisTick, Band, Timeline, TimelineGroup, TimelineRow};

/// The most columns a matrix has before it is summarised (one column per
/// inspection instead of per recommendation), and the most inspections a
/// summary shows.
pub const MAX_COLUMNS: usize = 16;

/// The most recommendations the timeline shows one by one; past that it
/// has one row per inspection.
pub const MAX_TIMELINE_ROWS: usize = 40;

/// How many colours stances cycle through (`tone-stance-1` …
/// `tone-stance-8` in the stylesheet), in the vocabulary's order.
pub const STANCE_TONES: usize = 8;

/// The charts on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeCharts {
    pub matrix: Matrix,
    pub map: ForceMap,
    pub timeline: Timeline,
    pub coverage: Coverage,
}

/// The charts on a ROCU's page: the matrix cut to its forces.
#[derive(Debug, Clone, Serialize)]
pub struct RocuCharts {
    pub matrix: Matrix,
}

/// The charts on an inspection's page: the matrix of its recommendations
/// for forces, if it has any.
#[derive(Debug, Clone, Serialize)]
pub struct InspectionCharts {
    pub matrix: Option<Matrix>,
}

/// One entry of a chart's key: a tone (the CSS class `tone-<tone>`), its
/// label and what it means.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Swatch {
    pub tone: String,
    pub label: String,
    pub description: String,
}

/// The home page's charts.
pub fn home(ix: &Index) -> HomeCharts {
    let view = ix.view;
    let inspections: Vec<&InspectionView> = view.inspections.iter().map(Arc::as_ref).collect();
    // A row for a force with no response is a row of dashes: the home page
    // shows only the forces that have answered, and says how many it
    // leaves out (each inspection's page still has every force).
    let answered: Vec<(&RocuView, Vec<&ForceView>)> = (ix.groups.iter())
        .map(|(rocu, forces)| {
            let answered = forces.iter().copied().filter(|f| !f.responses.is_empty());
            (*rocu, answered.collect::<Vec<_>>())
        })
        .filter(|(_, forces)| !forces.is_empty())
        .collect();
    let without_response = view.forces.len() - answered.iter().map(|(_, f)| f.len()).sum::<usize>();
    let mut matrix = matrix::build(ix, answered, &inspections, true);
    matrix.without_response = without_response;
    // Still grouped by ROCU when the forces that answered share one.
    matrix.grouped = true;
    HomeCharts {
        matrix,
        map: map::build(ix),
        timeline: timeline::build(view),
        coverage: coverage::build(ix),
    }
}

/// A ROCU page's charts.
pub fn rocu(ix: &Index, rocu: &RocuView) -> RocuCharts {
    let view = ix.view;
    let groups = ix
        .groups
        .iter()
        .filter(|(r, _)| r.id == rocu.id)
        .cloned()
        .collect();
    let inspections: Vec<&InspectionView> = view.inspections.iter().map(Arc::as_ref).collect();
    RocuCharts {
        matrix: matrix::build(ix, groups, &inspections, true),
    }
}

/// An inspection page's charts.
pub fn inspection(ix: &Index, inspection: &InspectionView) -> InspectionCharts {
    let has_columns = inspection.recommendations.iter().any(|r| r.in_matrix());
    InspectionCharts {
        matrix: has_columns.then(|| matrix::build(ix, ix.groups.clone(), &[inspection], false)),
    }
}

/// The resolved view, arranged for charts: forces grouped by their ROCU
/// (in the data's order), each force's rows by inspection, and the
/// vocabulary. Made once for all of a build's charts: each inspection
/// page's matrix looks up every force's rows for that inspection.
pub struct Index<'a> {
    pub view: &'a SiteView,
    pub groups: Vec<(&'a RocuView, Vec<&'a ForceView>)>,
    /// Force id → inspection id → that force's groups of rows for it.
    rows: HashMap<&'a str, HashMap<&'a str, Vec<&'a ForceGroup>>>,
}

impl<'a> Index<'a> {
    pub fn new(view: &'a SiteView) -> Self {
        let groups = view
            .rocus
            .iter()
            .map(|rocu| {
                let forces = view
                    .forces
                    .iter()
                    .filter(|f| f.rocu.record_id() == Some(rocu.id.as_str()))
                    .map(Arc::as_ref)
                    .collect();
                (rocu.as_ref(), forces)
            })
            .collect();
        let mut rows: HashMap<&str, HashMap<&str, Vec<&ForceGroup>>> = HashMap::new();
        for force in &view.forces {
            let by_inspection = rows.entry(force.id.as_str()).or_default();
            for group in &force.groups {
                let inspection = group.inspection.record_id().unwrap_or_default();
                (by_inspection.entry(inspection)).or_default().push(group);
            }
        }
        Index { view, groups, rows }
    }

    fn groups_of(&self, force: &ForceView, inspection: &InspectionView) -> &[&'a ForceGroup] {
        (self.rows.get(force.id.as_str()))
            .and_then(|by_inspection| by_inspection.get(inspection.id.as_str()))
            .map_or(&[], Vec::as_slice)
    }

    /// A force's row for one recommendation: its status as `resolve`
    /// computed it.
    pub fn row(
        &self,
        force: &ForceView,
        inspection: &InspectionView,
        number: u32,
    ) -> Option<&'a ForceRow> {
        (self.groups_of(force, inspection).iter())
            .flat_map(|g| &g.rows)
            .find(|r| r.number == number)
    }

    /// A force's rows for every recommendation of one inspection.
    pub fn rows(&self, force: &ForceView, inspection: &InspectionView) -> Vec<&'a ForceRow> {
        (self.groups_of(force, inspection).iter())
            .flat_map(|g| &g.rows)
            .collect()
    }

    /// The CSS tone of a stance: its place in the vocabulary, cycling
    /// through [`STANCE_TONES`] colours.
    pub fn stance_tone(&self, stance: &str) -> String {
        let index = self
            .view
            .stances
            .iter()
            .position(|s| s.id == stance)
            .unwrap_or(0);
        format!("stance-{}", index % STANCE_TONES + 1)
    }

    /// The status term with `id` (validation guarantees the four the site
    /// needs exist).
    pub fn status(&self, id: &str) -> Term {
        self.view
            .statuses
            .iter()
            .find(|t| t.id == id)
            .cloned()
            .unwrap_or_else(|| Term {
                id: id.to_string(),
                label: id.to_string(),
                description: String::new(),
            })
    }

    /// The key entry for a status.
    pub fn status_swatch(&self, id: &str) -> Swatch {
        let term = self.status(id);
        Swatch {
            tone: term.id,
            label: term.label,
            description: term.description,
        }
    }
}

/// A link to a ROCU, titled with its name and region.
pub(crate) fn rocu_link(rocu: &RocuView) -> Link {
    Link {
        record: Some(EntityRef::Rocu(rocu.id.clone())),
        ..Link::to_page(format!("{} ({})", rocu.name, rocu.region), &rocu.url)
    }
}

/// A link to a force, titled with its name.
pub(crate) fn force_link(force: &ForceView) -> Link {
    Link {
        record: Some(EntityRef::Force(force.id.clone())),
        ..Link::to_page(&force.name, &force.url)
    }
}

/// `part` of `whole` in thousandths, rounded down (0 when `whole` is 0).
pub(crate) fn permille(part: usize, whole: usize) -> u32 {
    (part.min(whole) * 1000)
        .checked_div(whole)
        .map_or(0, |p| u32::try_from(p).unwrap_or(1000))
}

/// Thousandths as a CSS percentage: 125 → "12.5%".
pub(crate) fn percent(permille: u32) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

/// "1 recommendation", "2 recommendations".
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_round_down_and_print_as_percentages() {
        assert_eq!(permille(1, 3), 333);
        assert_eq!(permille(5, 0), 0);
        assert_eq!(permille(7, 7), 1000);
        assert_eq!(percent(333), "33.3%");
        assert_eq!(percent(1000), "100.0%");
        assert_eq!(counted(1, "force", "forces"), "1 force");
        assert_eq!(counted(0, "force", "forces"), "0 forces");
    }
}
