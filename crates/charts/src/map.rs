//! The force map: a square cartogram, one equal tile per force at the
//! place `data/tiles.toml` gives it, each tile a link to the force's page
//! and shaded by what its commissioner has published; and beside it the
//! same as a list, by ROCU, which also holds the forces without a tile.

use serde::Serialize;

use super::{Index, Swatch, force_link, rocu_link};
use answerable_resolve::tiles::TilePlace;
use answerable_resolve::{ForceView, Link};

/// Tile side, gap between tiles and margin, in the map's own units.
const TILE: u32 = 58;
const GAP: u32 = 6;
const MARGIN: u32 = 4;

#[derive(Debug, Clone, Serialize)]
pub struct ForceMap {
    /// The SVG's `viewBox` size.
    pub width: u32,
    pub height: u32,
    pub tile: u32,
    pub tiles: Vec<MapTile>,
    /// The key, for the tones the map uses.
    pub legend: Vec<Swatch>,
    /// The text alternative: every force, by ROCU.
    pub groups: Vec<MapGroup>,
    pub placed: usize,
    pub unplaced: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapTile {
    pub force: Link,
    pub rocu: String,
    /// The few letters drawn on the tile.
    pub label: String,
    /// Top left corner, and the centre line for the text.
    pub x: u32,
    pub y: u32,
    pub cx: u32,
    pub label_y: u32,
    pub mark_y: u32,
    pub tone: String,
    /// The tone's label and the counts behind it, in words.
    pub status: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapGroup {
    pub rocu: Link,
    pub forces: Vec<MapEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapEntry {
    pub force: Link,
    pub tone: String,
    pub status: String,
    pub detail: String,
    pub on_map: bool,
}

pub(super) fn build(ix: &Index) -> ForceMap {
    let places = &ix.view.tiles;
    let legend_for = legend(ix);
    let mut tiles = Vec::new();
    let mut groups = Vec::new();
    for (rocu, forces) in &ix.groups {
        let mut entries = Vec::new();
        for force in forces {
            let (tone, detail) = standing(force);
            let status = legend_for
                .iter()
                .find(|s| s.tone == tone)
                .map(|s| s.label.clone())
                .unwrap_or_default();
            let link = force_link(force);
            let place = places.iter().find(|p| p.force == force.id);
            if let Some(place) = place {
                tiles.push(tile(place, &link, &rocu.name, tone, &status, &detail));
            }
            entries.push(MapEntry {
                force: link,
                tone: tone.to_string(),
                status,
                detail,
                on_map: place.is_some(),
            });
        }
        groups.push(MapGroup {
            rocu: rocu_link(rocu),
            forces: entries,
        });
    }
    // Top to bottom, left to right: the order a reader scans the map in,
    // and the order its links are tabbed through.
    tiles.sort_by_key(|t| (t.y, t.x));
    let columns = tiles.iter().map(|t| t.x).max().map_or(0, |x| x + TILE);
    let rows = tiles.iter().map(|t| t.y).max().map_or(0, |y| y + TILE);
    let legend = legend_for
        .into_iter()
        .filter(|s| {
            groups
                .iter()
                .flat_map(|g: &MapGroup| &g.forces)
                .any(|f| f.tone == s.tone)
        })
        .collect();
    let placed = tiles.len();
    ForceMap {
        width: columns + MARGIN,
        height: rows + MARGIN,
        tile: TILE,
        tiles,
        legend,
        unplaced: ix.view.forces.len().saturating_sub(placed),
        placed,
        groups,
    }
}

fn tile(
    place: &TilePlace,
    force: &Link,
    rocu: &str,
    tone: &str,
    status: &str,
    detail: &str,
) -> MapTile {
    let x = MARGIN + place.column * (TILE + GAP);
    let y = MARGIN + place.row * (TILE + GAP);
    MapTile {
        force: force.clone(),
        rocu: rocu.to_string(),
        label: place.label.clone(),
        x,
        y,
        cx: x + TILE / 2,
        label_y: y + 27,
        mark_y: y + 42,
        tone: tone.to_string(),
        status: status.to_string(),
        detail: detail.to_string(),
    }
}

/// What a force's commissioner has published, from the statuses `resolve`
/// gave it on each recommendation for forces: its tone, and the counts.
fn standing(force: &ForceView) -> (&'static str, String) {
    let all: Vec<_> = force.groups.iter().flat_map(|g| &g.rows).collect();
    // Positions on recommendations for national bodies count too, said
    // apart: a force that answered only those has still answered.
    let beyond = (all.iter())
        .filter(|r| !r.asked && r.status.id == "position-recorded")
        .count();
    let rows: Vec<_> = all.into_iter().filter(|r| r.asked).collect();
    let count = |status: &str| rows.iter().filter(|r| r.status.id == status).count();
    let recorded = count("position-recorded");
    let silent = count("no-position");
    let n = rows.len();
    let and_beyond = match beyond {
        0 => String::new(),
        1 => ", and on 1 recommendation for national bodies".to_string(),
        b => format!(", and on {b} recommendations for national bodies"),
    };
    if n == 0 {
        return (
            "not-applicable",
            "no recommendation on record asks forces to act".into(),
        );
    }
    let of = if n == 1 {
        "the 1 recommendation for forces or regions".to_string()
    } else {
        format!("{n} recommendations for forces or regions")
    };
    if recorded > 0 || beyond > 0 {
        (
            "position-recorded",
            format!("positions on {recorded} of {of}{and_beyond}"),
        )
    } else if silent > 0 {
        (
            "no-position",
            format!("a response, with no position on any of {of}"),
        )
    } else {
        (
            "no-response",
            format!("no published response to any of {of}"),
        )
    }
}

/// The map's key: what each tone says about a force as a whole.
fn legend(ix: &Index) -> Vec<Swatch> {
    let label = |id: &str| ix.status(id).label;
    vec![
        Swatch {
            tone: "position-recorded".into(),
            label: format!("{}: at least one", label("position-recorded")),
            description: "Its commissioner's published response takes a position on at least one recommendation for forces or regions.".into(),
        },
        Swatch {
            tone: "no-position".into(),
            label: format!("Responded; {}", label("no-position").to_lowercase()),
            description: "A published response is on record, but it takes no position on any recommendation for forces or regions.".into(),
        },
        Swatch {
            tone: "no-response".into(),
            label: label("no-response"),
            description: "No published response from its commissioner to an inspection with recommendations for forces is on record in this site's sources. One may exist elsewhere.".into(),
        },
        Swatch {
            tone: "not-applicable".into(),
            label: label("not-applicable"),
            description: "No recommendation on record asks forces or regions to act.".into(),
        },
    ]
}
