//! The charts say what the data says: each is read back from the built
//! pages (the fixture, the real dataset, and generated sites) and checked
//! against the data files, never against a picture. The expected values
//! are worked out here from the loaded records, independently of
//! `resolve` and `charts`.

use std::path::Path;

use crate::common::*;
use answerable::model::Dataset;
use answerable::{Options, Overrides, urls};

/// The loaded data of a site.
fn dataset(root: &Path) -> Dataset {
    let loaded = answerable::load::load_site(root, &Overrides::default());
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        loaded.diagnostics
    );
    loaded.dataset.unwrap()
}

/// Builds a site into a temporary folder, whatever its warnings.
fn built(root: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let options = Options {
        out: Some(out.path().join("public")),
        ..Options::new(root)
    };
    if let Err(e) = answerable::build(&options) {
        match e {
            answerable::Error::Invalid(report) => panic!("{}", report.render(false)),
            other => panic!("{other}"),
        }
    }
    let public = out.path().join("public");
    (out, public)
}

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The value of attribute `name` in the first tag of `chunk`, quoted or not.
fn attribute(chunk: &str, name: &str) -> Option<String> {
    let tag = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
    attribute_values(tag, name).into_iter().next()
}

/// What one table cell of the matrix says: the status, the stance if any,
/// and the text a reader (or screen reader) gets.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cell {
    status: String,
    stance: Option<String>,
    text: String,
}

/// A response matrix read back from a page: its column links (the
/// recommendation or inspection each column is), and its rows, each the
/// force's name and cells.
struct Matrix {
    level: String,
    columns: Vec<String>,
    rows: Vec<(String, Vec<Cell>)>,
}

fn matrix_of(html: &str) -> Matrix {
    let table = section(html, "<table class=\"matrix", "</table>");
    let level = attribute(table, "class")
        .unwrap()
        .trim_start_matches("matrix matrix-")
        .to_string();
    let head = section(table, "<thead", "</thead>");
    let last_header_row = &head[head.rfind("<tr").unwrap()..];
    let columns = last_header_row
        .split("<th")
        .skip(2) // before the first <th>, and the corner
        .map(|th| attribute_values(th, "href").into_iter().next().unwrap())
        .collect();
    let body = &table[table.find("</thead>").unwrap()..];
    let rows = body
        .split("<tr")
        .skip(1)
        .filter(|tr| tr.contains("scope=\"row\""))
        .map(|tr| {
            let header = section(tr, "<th", "</th>");
            let cells = tr
                .split("<td")
                .skip(1)
                .map(|td| {
                    let td = &td[..td.find("</td>").unwrap()];
                    // The dash that stands for "no response" is hidden from
                    // screen readers, which get the words instead.
                    let td = td.replace("<span aria-hidden=\"true\">–</span>", "");
                    Cell {
                        status: attribute(&td, "data-status").unwrap(),
                        stance: attribute(&td, "data-stance"),
                        text: text_of(&format!("<td{td}</td>")),
                    }
                })
                .collect();
            (text_of(header), cells)
        })
        .collect();
    Matrix {
        level,
        columns,
        rows,
    }
}

/// What the data says a force's cell for one recommendation should be:
/// the stance of the position its response takes on it, or no position
/// in a response it published, or no response at all; for a
/// recommendation that does not ask forces to act, "Not for forces" unless
/// the force took a position on it anyway.
fn expected_cell(data: &Dataset, force: &str, inspection: &str, number: u32) -> Cell {
    let stance_label = |id: &str| {
        data.vocabulary
            .stances
            .iter()
            .find(|s| s.id.value == id)
            .unwrap()
            .label
            .clone()
    };
    let status_label = |id: &str| {
        data.vocabulary
            .statuses
            .iter()
            .find(|s| s.id.value == id)
            .unwrap()
            .label
            .clone()
    };
    let response = data
        .responses
        .iter()
        .find(|r| r.force.value == force && r.inspection.value == inspection);
    let asked = (data.inspections.iter())
        .find(|i| i.id.value == inspection)
        .and_then(|i| i.recommendation(number))
        .is_some_and(|r| r.concerns_forces());
    let position = response.and_then(|r| {
        r.positions
            .iter()
            .find(|p| p.recommendation.value == number)
    });
    if !asked && position.is_none() {
        return Cell {
            status: "not-applicable".into(),
            stance: None,
            text: status_label("not-applicable"),
        };
    }
    match response {
        None => Cell {
            status: "no-response".into(),
            stance: None,
            text: status_label("no-response"),
        },
        Some(r) => match r
            .positions
            .iter()
            .find(|p| p.recommendation.value == number)
        {
            Some(p) => Cell {
                status: "position-recorded".into(),
                stance: Some(p.stance.value.clone()),
                text: stance_label(&p.stance.value),
            },
            None => Cell {
                status: "no-position".into(),
                stance: None,
                text: status_label("no-position"),
            },
        },
    }
}

/// The recommendations that ask forces or regions to act, and those any
/// force took a position on anyway, in the site's order, as (inspection
/// id, number).
fn for_forces(data: &Dataset) -> Vec<(String, u32)> {
    let has_position = |i: &answerable::model::Inspection, n: u32| {
        (data.responses.iter())
            .filter(|r| r.inspection.value == i.id.value)
            .any(|r| r.positions.iter().any(|p| p.recommendation.value == n))
    };
    data.inspections
        .iter()
        .flat_map(|i| {
            i.recommendations
                .iter()
                .filter(|r| r.concerns_forces() || has_position(i, r.number.value))
                .map(|r| (i.id.value.clone(), r.number.value))
        })
        .collect()
}

/// Forces in the order the matrix lists them: by ROCU, in the data's order.
fn forces_by_rocu<'a>(data: &'a Dataset, rocu: Option<&str>) -> Vec<&'a answerable::model::Force> {
    data.rocus
        .iter()
        .filter(|r| rocu.is_none_or(|id| r.id.value == id))
        .flat_map(|r| data.forces.iter().filter(|f| f.rocu.value == r.id.value))
        .collect()
}

/// The forces the home page's matrix lists: those with a response on
/// record (every force has its row on each inspection's page).
fn answered<'a>(
    data: &'a Dataset,
    forces: Vec<&'a answerable::model::Force>,
) -> Vec<&'a answerable::model::Force> {
    (forces.into_iter())
        .filter(|f| data.responses.iter().any(|r| r.force.value == f.id.value))
        .collect()
}

/// Checks a full matrix cell by cell against the data.
fn assert_matrix_matches(
    data: &Dataset,
    matrix: &Matrix,
    forces: &[&answerable::model::Force],
    columns: &[(String, u32)],
) {
    let base = data.config.base_path();
    assert_eq!(matrix.level, "full");
    let expected_columns: Vec<String> = columns
        .iter()
        .map(|(i, n)| format!("{base}{}", urls::recommendation(i, *n)))
        .collect();
    assert_eq!(matrix.columns, expected_columns);
    let names: Vec<&str> = matrix.rows.iter().map(|(name, _)| name.as_str()).collect();
    let expected_names: Vec<&str> = forces.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, expected_names);
    for ((name, cells), force) in matrix.rows.iter().zip(forces) {
        let expected: Vec<Cell> = columns
            .iter()
            .map(|(i, n)| expected_cell(data, &force.id.value, i, *n))
            .collect();
        assert_eq!(cells, &expected, "the row of {name}");
    }
}

#[test]
fn the_fixture_home_matrix_gives_each_forces_stance_or_status() {
    let root = fixture("minimal");
    let data = dataset(&root);
    let (_dir, out) = built(&root);
    let html = read(&out, "index.html");
    let matrix = matrix_of(&html);
    // Only North has a response: the home page leaves out the two rows
    // that would be all dashes, and says so.
    assert_matrix_matches(
        &data,
        &matrix,
        &answered(&data, forces_by_rocu(&data, None)),
        &for_forces(&data),
    );
    assert!(
        text_of(&html).contains("Only the 1 force with a published response on record is shown: the other 2 have none, so every cell of their rows would say so. Each inspection's page has the matrix of every force."),
        "{}",
        text_of(&html)
    );
    // Spelled out once, so a mistake in the oracle cannot hide one in the
    // chart: North's response takes a position on 2 and none on 3; the
    // other forces have no response.
    let north = &matrix.rows[0];
    assert_eq!(north.0, "North");
    assert_eq!(north.1[0].stance.as_deref(), Some("reports-met"));
    assert_eq!(north.1[0].text, "Says it already meets this");
    assert_eq!(north.1[1].text, "No published position");
    let key = section(&html, "<ul class=\"chart-legend\">", "</ul>");
    assert_eq!(
        text_of(key),
        "Says it already meets this No published position"
    );

    // The inspection's page has every force. "No response" reads as a
    // dash, with the words for screen readers; the key says what the dash
    // means.
    let html = read(&out, "inspections/test-inspection/index.html");
    let matrix = matrix_of(&html);
    assert_matrix_matches(
        &data,
        &matrix,
        &forces_by_rocu(&data, None),
        &for_forces(&data),
    );
    assert_eq!(matrix.rows[1].1[0].text, "No response found");
    let table = section(&html, "<table class=\"matrix", "</table>");
    assert!(table.contains("<span class=\"visually-hidden\">No response found</span>"));
    let key = section(&html, "<ul class=\"chart-legend\">", "</ul>");
    assert_eq!(
        text_of(key),
        "Says it already meets this No published position –No response found"
    );
    // A screen reader gets every header of every cell: its ROCU, its
    // force, and its column, each named by id.
    assert!(table.contains("<caption>"));
    assert_eq!(table.matches("scope=\"row\"").count(), 3);
    assert_eq!(table.matches("scope=\"rowgroup\"").count(), 2);
    let cells = table.matches("<td class=\"cell").count();
    assert_eq!(cells, 3 * matrix.columns.len());
    let headers = attribute_values(table, "headers");
    let of_cells: Vec<&String> = headers.iter().filter(|h| h.contains("mx-c")).collect();
    assert_eq!(of_cells.len(), cells, "{headers:?}");
    for h in of_cells {
        let ids: Vec<&str> = h.split(' ').collect();
        assert!(
            ids[0].starts_with("mx-r") && ids[1].starts_with("mx-r"),
            "{h}"
        );
        for id in ids {
            assert!(has_id(table, id), "{id} names no header");
        }
    }
}

#[test]
fn the_real_matrix_matches_every_response_on_the_home_rocu_and_inspection_pages() {
    let data = dataset(repository());
    let (_dir, out) = built(repository());
    let columns = for_forces(&data);
    assert_matrix_matches(
        &data,
        &matrix_of(&read(&out, "index.html")),
        &answered(&data, forces_by_rocu(&data, None)),
        &columns,
    );
    // Cut to its region on each ROCU's page.
    for rocu in &data.rocus {
        let page = format!("{}index.html", urls::rocu(&rocu.id.value));
        let matrix = matrix_of(&read(&out, &page));
        assert_matrix_matches(
            &data,
            &matrix,
            &forces_by_rocu(&data, Some(&rocu.id.value)),
            &columns,
        );
    }
    // And cut to its recommendations on each inspection's page.
    for inspection in &data.inspections {
        let page = format!("{}index.html", urls::inspection(&inspection.id.value));
        let html = read(&out, &page);
        let own: Vec<(String, u32)> = columns
            .iter()
            .filter(|(i, _)| *i == inspection.id.value)
            .cloned()
            .collect();
        assert!(
            !own.is_empty(),
            "both inspections have a recommendation for forces"
        );
        assert_matrix_matches(&data, &matrix_of(&html), &forces_by_rocu(&data, None), &own);
    }
    // The three responses of the real data, as the seeds have them.
    let home = matrix_of(&read(&out, "index.html"));
    let row = |name: &str| &home.rows.iter().find(|(n, _)| n == name).unwrap().1;
    let essex: Vec<Option<&str>> = row("Essex").iter().map(|c| c.stance.as_deref()).collect();
    assert_eq!(
        essex,
        [
            None,
            Some("acknowledged"),
            Some("acknowledged"),
            Some("reports-met"),
            Some("reports-met"),
            Some("acknowledged"),
            Some("acknowledged"),
            Some("acknowledged")
        ]
    );
    // Columns for national bodies appear because forces took positions on
    // them; Staffordshire's two are shown, not lost.
    let columns: Vec<&str> = home.columns.iter().map(|c| &c[c.len() - 4..]).collect();
    assert_eq!(
        columns,
        [
            "s/7/", "s/1/", "s/2/", "s/3/", "s/4/", "s/5/", "s/6/", "s/7/"
        ]
    );
    let staffordshire: Vec<&str> = row("Staffordshire")
        .iter()
        .map(|c| c.status.as_str())
        .collect();
    assert_eq!(
        staffordshire,
        [
            "no-response",
            "position-recorded",
            "not-applicable",
            "no-position",
            "no-position",
            "not-applicable",
            "not-applicable",
            "position-recorded"
        ]
    );
}

/// The force map's tiles: (href, label) in the order drawn.
fn tiles_of(html: &str) -> Vec<(String, String)> {
    let svg = section(html, "<svg class=\"force-map-svg\"", "</svg>");
    svg.split("<a ")
        .skip(1)
        .map(|a| {
            let href = attribute(a, "href").unwrap();
            let label = section(a, "<text", "</text>");
            (href, text_of(label))
        })
        .collect()
}

#[test]
fn the_real_force_map_has_a_linked_tile_for_every_force_at_its_place() {
    let data = dataset(repository());
    let (_dir, out) = built(repository());
    let html = read(&out, "index.html");
    let tiles = tiles_of(&html);
    assert_eq!(tiles.len(), data.forces.len());
    assert_eq!(data.tiles.len(), 44);
    let base = data.config.base_path();
    for tile in &data.tiles {
        let href = format!("{base}{}", urls::force(&tile.force.value));
        let label = tile.label.as_ref().unwrap().value.as_str();
        assert!(
            tiles.iter().any(|(h, l)| *h == href && l == label),
            "no tile {label} linking to {href}"
        );
    }
    // Every force linked once, from its tile, and again from the list.
    for force in &data.forces {
        let href = format!("{base}{}", urls::force(&force.id.value));
        assert_eq!(tiles.iter().filter(|(h, _)| *h == href).count(), 1);
        let list = section(
            &html,
            "<ul class=\"map-list\" aria-labelledby=\"force-map-list-title\"",
            "</ul></li></ul>",
        );
        assert!(has_href(list, &href), "{href} is not in the list");
    }
    // Tiles are read top to bottom, left to right; BTP stands first, apart.
    assert_eq!(tiles[0].1, "BTP");
    assert_eq!(tiles[1].1, "NBR");
    // A tile's name for screen readers (its SVG <title>, also a tooltip) is
    // the force's full name, the label shown (so speech input can use what
    // is seen, WCAG 2.5.3) and what it has published.
    assert!(html.contains(
        "<title>Essex (ESX): Answered in its response: at least one; positions on 2 of 3 recommendations for forces or regions, and on 5 recommendations for national bodies</title>"
    ));
    // Staffordshire's positions are on recommendations for national bodies
    // only: still positions, not "no published position".
    assert!(html.contains("<title>Staffordshire (STF): Answered in its response: at least one; positions on 0 of 3 recommendations for forces or regions, and on 2 recommendations for national bodies</title>"));
    assert!(html.contains("<title>Kent (KNT): No response on record;"));
    // The title and description say what the map shows.
    assert!(html.contains(
        "<title id=\"force-map-title\">Map of 44 police forces, one square each</title>"
    ));
    assert!(html.contains("<desc id=\"force-map-desc\">"));
}

#[test]
fn a_force_without_a_tile_is_listed_not_dropped() {
    let root = fixture("minimal");
    let (_dir, out) = built(&root);
    let html = read(&out, "index.html");
    let tiles = tiles_of(&html);
    // North and South have tiles; East has none.
    assert_eq!(
        tiles,
        [
            ("/sub/forces/north/".to_string(), "N&<".to_string()),
            ("/sub/forces/south/".to_string(), "SOU".to_string()),
        ]
    );
    let list = text_of(section(
        &html,
        "<ul class=\"map-list\" aria-labelledby=\"force-map-list-title\"",
        "</ul></li></ul>",
    ));
    assert!(
        list.contains("East: No response found (not on the map)"),
        "{list}"
    );
    assert!(list.contains("South: No response found"), "{list}");
    assert!(
        list.contains("North: Position recorded: at least one (positions on 1 of 2 recommendations for forces or regions)"),
        "{list}"
    );
    assert!(text_of(&html).contains("1 force has no place on the map yet"));
}

/// Timeline rows: (recommendation link, state class, deadline text).
fn timeline_of(html: &str) -> Vec<(String, String, String)> {
    let table = section(html, "<table class=\"timeline", "</table>");
    table
        .split("<tr class=\"timeline-row")
        .skip(1)
        .map(|tr| {
            let state = tr[..tr.find('"').unwrap()]
                .trim()
                .trim_start_matches("state-")
                .to_string();
            let href = attribute_values(tr, "href").into_iter().next().unwrap();
            let deadline = section(tr, "<td class=\"timeline-deadline\"", "</td>");
            (href, state, text_of(deadline))
        })
        .collect()
}

#[test]
fn the_timeline_marks_passed_deadlines_in_words_and_keeps_month_dates_approximate() {
    let root = fixture("minimal");
    let (_dir, out) = built(&root);
    let html = read(&out, "index.html");
    let rows = timeline_of(&html);
    let base = "/sub/inspections/test-inspection/recommendations";
    // As of 15 June 2021: March 2021 has passed, August 2021 has not, and
    // "with immediate effect" from a report of February 2021 has.
    assert_eq!(
        rows,
        [
            (
                format!("{base}/1/"),
                "passed".into(),
                "By March 2021 Passed (approx.)".into()
            ),
            (
                format!("{base}/2/"),
                "upcoming".into(),
                "By August 2021 Not yet due (approx.)".into()
            ),
            (
                format!("{base}/3/"),
                "passed".into(),
                "With immediate effect Passed (approx.)".into()
            ),
        ]
    );
    let table = section(&html, "<table class=\"timeline", "</table>");
    assert!(text_of(table).contains(
        "3 recommendations from publication to deadline: 2 passed, 1 not yet due and 0 with no known date, as of 15 June 2021"
    ));
    // A publication date known only to the month is said so, and drawn as
    // a band, not a day.
    assert!(text_of(table).contains("Published: February 2021 (the sources give only the month)"));
    assert_eq!(table.matches("class=\"band band-published\"").count(), 3);
    // Passed deadlines are drawn with their own mark, not only a colour.
    assert_eq!(table.matches("class=\"tick tick-passed\"").count(), 2);
    assert_eq!(table.matches("class=\"tick tick-upcoming\"").count(), 1);
    assert!(table.contains("As of 15 June 2021"));

    // The same data a year later: every deadline has passed.
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "site.toml",
        "as_of = 2021-06-15",
        "as_of = 2022-06-15",
    );
    let (_dir, out) = built(site.path());
    let states: Vec<String> = timeline_of(&read(&out, "index.html"))
        .into_iter()
        .map(|(_, state, _)| state)
        .collect();
    assert_eq!(states, ["passed", "passed", "passed"]);
}

#[test]
fn the_real_timeline_has_every_recommendation_and_the_deadlines_the_pages_state() {
    let data = dataset(repository());
    let (_dir, out) = built(repository());
    let rows = timeline_of(&read(&out, "index.html"));
    let passed = rows
        .iter()
        .filter(|(_, state, _)| state == "passed")
        .count();
    // The home page's own figure, in words.
    let glance = text_of(&read(&out, "index.html"));
    assert!(glance.contains(&format!(
        "{passed} of {} recommendations were past their deadline",
        rows.len()
    )));
    // The NCA's third recommendation takes effect "immediately" from a
    // publication date the seed does not give: no date, not a guess.
    let nca3 = rows
        .iter()
        .find(|(href, _, _)| href.ends_with("nca-rocu-relationship/recommendations/3/"))
        .unwrap();
    assert_eq!(nca3.1, "unknown");
    assert_eq!(nca3.2, "With immediate effect Date unknown");
    assert_eq!(
        rows.len(),
        data.inspections
            .iter()
            .map(|i| i.recommendations.len())
            .sum::<usize>()
    );
}

/// Coverage rows: the subject's name and the figures in words.
fn coverage_of(html: &str, caption: &str) -> Vec<String> {
    let start = html.find(caption).unwrap();
    let table = section(&html[start..], "<tbody>", "</tbody>");
    table.split("<tr>").skip(1).map(text_of).collect()
}

#[test]
fn coverage_counts_forces_and_matrix_cells_as_the_data_has_them() {
    let root = fixture("minimal");
    let (_dir, out) = built(&root);
    let html = read(&out, "index.html");
    // Three forces; North responded. Two recommendations for forces, so six
    // cells: North's position on 2, its silence on 3, four with no response.
    assert_eq!(
        coverage_of(&html, "per inspection</caption>"),
        [
            "A test inspection 1 of 3 forces 1 of 6 with a position No published position: 1; No response found: 4."
        ]
    );
    assert_eq!(
        coverage_of(&html, "per ROCU (every inspection)</caption>"),
        [
            "ALPHA (North) 1 of 2 forces 1 of 4 with a position No published position: 1; No response found: 2.",
            "BETA (South) 0 of 1 forces 0 of 2 with a position No published position: 0; No response found: 2."
        ]
    );
}

#[test]
fn real_coverage_counts_every_position_including_those_for_national_bodies() {
    let data = dataset(repository());
    let (_dir, out) = built(repository());
    let html = read(&out, "index.html");
    let rows = coverage_of(&html, "per inspection</caption>");
    let positions: usize = data.responses.iter().map(|r| r.positions.len()).sum();
    assert_eq!(positions, 13);
    assert!(rows[1].starts_with(
        "An inspection of the effectiveness of the Regional Organised Crime Units 3 of 44 forces 3 of 88 with a position"
    ), "{}", rows[1]);
    assert!(
        rows[1].contains("13 positions in these responses in all"),
        "{}",
        rows[1]
    );
    // The NCA inspection's one recommendation for regions; no response was
    // expected, and the row says so.
    assert!(
        rows[0].contains("0 of 44 forces The 56-day duty to respond does not apply."),
        "{}",
        rows[0]
    );
    let rocus = coverage_of(&html, "per ROCU (every inspection)</caption>");
    assert_eq!(rocus.len(), data.rocus.len());
    assert!(
        rocus[0].starts_with("ERSOU (Eastern England) 1 of 7 forces 2 of 21 with a position"),
        "{}",
        rocus[0]
    );
}

#[test]
fn the_charts_are_the_same_bytes_every_build() {
    let root = fixture("minimal");
    let (_a, first) = built(&root);
    let (_b, second) = built(&root);
    for page in [
        "index.html",
        "rocus/alpha/index.html",
        "inspections/test-inspection/index.html",
    ] {
        assert_eq!(read(&first, page), read(&second, page), "{page}");
    }
}

#[test]
fn a_big_synthetic_site_gets_summaries_not_unreadable_charts() {
    // A few hundred pages: about ten inspections, well past the matrix's
    // sixteen columns and the timeline's forty rows, and quick to build.
    let site = answerable_bench_tools::generate(500, 8);
    let dir = tempfile::tempdir().unwrap();
    answerable_bench_tools::write(&site, dir.path()).unwrap();
    let data = dataset(dir.path());
    let columns = for_forces(&data);
    assert!(
        columns.len() > answerable::charts::MAX_COLUMNS,
        "{}",
        columns.len()
    );
    assert!(site.recommendations > answerable::charts::MAX_TIMELINE_ROWS);
    let (_out, out) = built(dir.path());
    let html = read(&out, "index.html");

    // The matrix has a column per inspection with recommendations for
    // forces, each linking to that inspection's own full matrix.
    let matrix = matrix_of(&html);
    assert_eq!(matrix.level, "by-inspection");
    let inspections: Vec<&answerable::model::Inspection> = data
        .inspections
        .iter()
        .filter(|i| i.recommendations.iter().any(|r| r.concerns_forces()))
        .map(|i| &**i)
        .collect();
    assert!(inspections.len() <= answerable::charts::MAX_COLUMNS);
    let base = data.config.base_path();
    let expected: Vec<String> = inspections
        .iter()
        .map(|i| format!("{base}{}#response-matrix", urls::inspection(&i.id.value)))
        .collect();
    assert_eq!(matrix.columns, expected);
    let forces = answered(&data, forces_by_rocu(&data, None));
    assert!(forces.len() > 10 && forces.len() < data.forces.len());
    assert_eq!(matrix.rows.len(), forces.len());
    // Each summary cell counts what the data has.
    for ((name, cells), force) in matrix.rows.iter().zip(forces) {
        assert_eq!(name, &force.name);
        for (cell, inspection) in cells.iter().zip(&inspections) {
            let numbers: Vec<u32> = inspection
                .recommendations
                .iter()
                .filter(|r| r.concerns_forces())
                .map(|r| r.number.value)
                .collect();
            let expected: Vec<Cell> = numbers
                .iter()
                .map(|n| expected_cell(&data, &force.id.value, &inspection.id.value, *n))
                .collect();
            let text = if expected.iter().all(|c| c.status == "no-response") {
                "No response on record".to_string()
            } else {
                let recorded = expected.iter().filter(|c| c.stance.is_some()).count();
                format!("{recorded} of {} positions", numbers.len())
            };
            assert_eq!(cell.text, text, "{name} on {}", inspection.id.value);
        }
    }
    // Each inspection's page has the full matrix the summary links to.
    let first = inspections[0];
    let own: Vec<(String, u32)> = columns
        .iter()
        .filter(|(i, _)| *i == first.id.value)
        .cloned()
        .collect();
    let page = read(
        &out,
        &format!("{}index.html", urls::inspection(&first.id.value)),
    );
    assert_matrix_matches(&data, &matrix_of(&page), &forces_by_rocu(&data, None), &own);

    // The timeline has a row per inspection, with the count in words.
    let timeline = section(&html, "<table class=\"timeline", "</table>");
    assert!(timeline.starts_with("<table class=\"timeline timeline-inspections\""));
    assert_eq!(
        timeline.matches("<tr class=\"timeline-row").count(),
        data.inspections.len()
    );
    assert!(text_of(timeline).contains(&format!(
        "{} recommendations from publication to deadline",
        site.recommendations
    )));
}

#[test]
fn a_hundred_forces_keep_a_row_and_a_tile_each() {
    // The fixture with 97 more forces, each with a tile on a 10-wide grid.
    let site = copy_fixture("minimal");
    let root = site.path();
    let mut forces = std::fs::read_to_string(root.join("data/forces.toml")).unwrap();
    let mut tiles = std::fs::read_to_string(root.join("data/tiles.toml")).unwrap();
    for n in 0..97 {
        let rocu = if n % 2 == 0 { "alpha" } else { "beta" };
        forces.push_str(&format!(
            "\n[[force]]\nid = \"force-{n}\"\nname = \"Force {n}\"\nrocu = \"{rocu}\"\nsource = \"report.txt\"\n"
        ));
        tiles.push_str(&format!(
            "\n[[tile]]\nforce = \"force-{n}\"\ncolumn = {}\nrow = {}\n",
            n % 10,
            n / 10 + 2
        ));
    }
    write(root, "data/forces.toml", &forces);
    write(root, "data/tiles.toml", &tiles);
    let data = dataset(root);
    assert_eq!(data.forces.len(), 100);
    let (_dir, out) = built(root);
    let html = read(&out, "index.html");
    let inspection = read(&out, "inspections/test-inspection/index.html");
    assert_matrix_matches(
        &data,
        &matrix_of(&inspection),
        &forces_by_rocu(&data, None),
        &for_forces(&data),
    );
    assert_eq!(tiles_of(&html).len(), 99);
    assert!(text_of(&html).contains("1 force has no place on the map yet"));
    // The map grows by rows, at the same size per tile: 10 columns wide.
    assert!(
        html.contains("viewBox=\"0 0 642 770\""),
        "{}",
        section(&html, "<svg class=\"force-map-svg\"", ">")
    );
}

/// WCAG relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

#[test]
fn the_chart_colours_meet_wcag_aa_contrast() {
    let css =
        std::fs::read_to_string(repository().join("themes/default/static/style.css")).unwrap();
    let colour = |name: &str| -> String {
        let start = css
            .find(&format!("{name}:"))
            .unwrap_or_else(|| panic!("{name} is not set"));
        let value = css[start + name.len() + 1..].trim_start();
        value[..7].to_string()
    };
    let page = colour("--bg");
    let text = colour("--text");
    // Fills that carry white text: at least 4.5:1 with it; and, as shapes a
    // reader tells apart, at least 3:1 against the page.
    let mut filled: Vec<String> = (1..=answerable::charts::STANCE_TONES)
        .map(|n| format!("--tone-{n}"))
        .collect();
    filled.extend(["--recorded", "--passed-bg", "--upcoming-bg", "--unknown-bg"].map(String::from));
    for name in &filled {
        let fill = colour(name);
        assert!(
            contrast(&fill, "#ffffff") >= 4.5,
            "{name} {fill} with white text"
        );
        assert!(
            contrast(&fill, &page) >= 3.0,
            "{name} {fill} against the page"
        );
    }
    // Borders, marks and lines that tell shapes apart: 3:1 on the page.
    for name in ["--line", "--strong-line", "--as-of"] {
        let stroke = colour(name);
        assert!(
            contrast(&stroke, &page) >= 3.0,
            "{name} {stroke} against the page"
        );
    }
    // Dark text stays readable over the hatching that marks "no position".
    assert!(contrast(&text, &colour("--hatch")) >= 4.5);
    // The eight stance colours are eight different colours.
    let mut tones: Vec<String> = (1..=8).map(|n| colour(&format!("--tone-{n}"))).collect();
    tones.sort();
    tones.dedup();
    assert_eq!(tones.len(), 8);
}

/// Past 16 inspections the home page keeps to the most recently published
/// (as the matrix does): the timeline's and the coverage's rows per
/// inspection, and 12 cards, each saying how many are left out and where
/// every one is; so the home page does not grow with the site.
#[test]
fn the_home_page_keeps_to_the_most_recent_inspections() {
    let out = large_site();
    let html = read(out, "index.html");
    let inspections = std::fs::read_dir(out.join("inspections"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name != "page" && name != "index.html"
        })
        .count();
    assert!(inspections > 16, "{inspections} inspections");
    let text = text_of(&html);

    let timeline = timeline_of(&html);
    assert_eq!(timeline.len(), 16);
    // The most recent: none left out was published after one shown
    // (the synthetic site dates every report to the day).
    let (_, records) = csv_rows(out, "data/inspections.csv");
    let published = |url: &str| {
        let record = (records.iter())
            .find(|r| get(r, "url").ends_with(url))
            .unwrap_or_else(|| panic!("{url} not in inspections.csv"));
        get(record, "published").to_string()
    };
    let shown: Vec<String> = timeline
        .iter()
        .map(|(href, _, _)| published(href))
        .collect();
    let oldest_shown = shown.iter().min().unwrap();
    for record in &records {
        let url = get(record, "url");
        if !timeline
            .iter()
            .any(|(href, _, _)| url.ends_with(href.as_str()))
        {
            assert!(
                get(record, "published") <= oldest_shown.as_str(),
                "{url} left out"
            );
        }
    }
    // The timeline's note (the matrix counts only inspections with
    // recommendations for forces, and says so in its own).
    assert!(text.contains(&format!(
        "The 16 most recently published of {inspections} inspections are shown here; every inspection is listed with its deadlines."
    )));

    let coverage = section(&html, "Coverage per inspection", "</table>");
    assert_eq!(coverage.matches("<th scope=\"row\">").count(), 16);
    assert!(text.contains(&format!(
        "The 16 most recently published of {inspections} inspections are shown per inspection"
    )));

    let cards = section(&html, "id=\"inspected\"", "</section>");
    assert_eq!(cards.matches("<article class=\"card\">").count(), 12);
    assert!(text.contains(&format!(
        "The 12 most recently published of {inspections} inspections; every inspection is listed on its own page."
    )));
}
