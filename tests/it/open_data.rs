//! Open data on the `minimal` fixture: the JSON and CSV files at their
//! documented addresses, their columns and a known row, CSV injection
//! neutralised, every JSON file valid against the published schema, the
//! Atom feeds, and every entity page linking to its JSON.

use std::path::Path;

use crate::common::*;
use serde_json::Value;

const KINDS: [&str; 10] = [
    "inspections",
    "recommendations",
    "rocus",
    "forces",
    "responses",
    "positions",
    "statuses",
    "sources",
    "history",
    "deadline_revisions",
];

fn json(out: &Path, file: &str) -> Value {
    serde_json::from_str(&read(out, file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn data_files_are_written_at_their_documented_urls() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let mut files = vec![
        "data/index.html".to_string(),
        "data/all.json".to_string(),
        "data/schema.json".to_string(),
        "feed.xml".to_string(),
        "forces/north/feed.xml".to_string(),
        "forces/east/feed.xml".to_string(),
        "inspections/test-inspection/index.json".to_string(),
        "inspections/test-inspection/recommendations/2/index.json".to_string(),
        "rocus/alpha/index.json".to_string(),
        "forces/north/index.json".to_string(),
        "responses/north-test/index.json".to_string(),
        "sources/letter/index.json".to_string(),
    ];
    for kind in KINDS {
        files.push(format!("data/{kind}.json"));
        files.push(format!("data/{kind}.csv"));
    }
    for file in &files {
        assert!(out.join(file).is_file(), "{file} was not written");
    }
    let all = json(&out, "data/all.json");
    assert_eq!(all["as_of"], "2021-06-15");
    assert_eq!(all["schema"], "https://example.org/sub/data/schema.json");
    assert_eq!(all["licence"], Value::Null);
    // all.json lists each kind's files with its count, and repeats no
    // record: the whole dataset is the files it names.
    let listed = all["files"].as_array().unwrap();
    assert_eq!(listed.len(), KINDS.len());
    for (kind, entry) in KINDS.iter().zip(listed) {
        assert!(all.get(*kind).is_none(), "all.json repeats {kind}");
        assert_eq!(entry["kind"], *kind);
        assert_eq!(
            entry["json"],
            format!("https://example.org/sub/data/{kind}.json")
        );
        assert_eq!(
            entry["csv"],
            format!("https://example.org/sub/data/{kind}.csv")
        );
        let one = json(&out, &format!("data/{kind}.json"));
        let records = one[*kind]
            .as_array()
            .unwrap_or_else(|| panic!("{kind}.json has no {kind}"));
        assert_eq!(entry["records"], records.len(), "{kind}");
        for other in KINDS.iter().filter(|k| *k != kind) {
            assert!(one.get(*other).is_none(), "{kind}.json holds {other}");
        }
    }
}

#[test]
fn the_positions_csv_has_the_north_forces_position_on_recommendation_2() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let (headers, rows) = csv_rows(&out, "data/positions.csv");
    assert_eq!(
        headers[..5],
        [
            "response_id",
            "force_id",
            "inspection_id",
            "recommendation_id",
            "recommendation_number"
        ]
    );
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(get(row, "force_id"), "north");
    assert_eq!(get(row, "recommendation_id"), "test-inspection/2");
    assert_eq!(get(row, "stance"), "reports-met");
    assert_eq!(get(row, "stance_label"), "Says it already meets this");
    assert_eq!(
        get(row, "quote"),
        "We have \"appointed a lead officer\" already - and the ROCU agrees."
    );
    assert_eq!(get(row, "source_file"), "letter.txt");
    assert_eq!(get(row, "source_paragraph"), "2");
    assert_eq!(
        get(row, "source_url"),
        "https://example.org/sub/sources/letter/#p2"
    );
    assert_eq!(
        get(row, "url"),
        "https://example.org/sub/responses/north-test/"
    );
    assert!(read(&out, "data/positions.csv").starts_with("\u{FEFF}response_id,force_id,"));
}

#[test]
fn statuses_and_deadlines_are_the_ones_the_pages_show() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let (_, rows) = csv_rows(&out, "data/statuses.csv");
    // Three forces, and the two recommendations that concern forces:
    // recommendation 1 is for the Home Office alone, and no force takes a
    // position on it.
    assert_eq!(rows.len(), 6);
    let row = |force: &str, number: &str| {
        rows.iter()
            .find(|r| get(r, "force_id") == force && get(r, "recommendation_number") == number)
    };
    let status = |force: &str, number: &str| {
        let row = row(force, number).unwrap();
        (
            get(row, "status").to_string(),
            get(row, "stance").to_string(),
        )
    };
    assert_eq!(
        status("north", "2"),
        ("position-recorded".into(), "reports-met".into())
    );
    assert_eq!(status("north", "3"), ("no-position".into(), String::new()));
    assert_eq!(status("east", "2"), ("no-response".into(), String::new()));
    assert!(row("east", "1").is_none());

    let (_, rows) = csv_rows(&out, "data/recommendations.csv");
    let first = &rows[0];
    assert_eq!(get(first, "id"), "test-inspection/1");
    assert_eq!(get(first, "due"), "2021-03");
    assert_eq!(get(first, "due_precision"), "month");
    assert_eq!(get(first, "due_last_day"), "2021-03-31");
    assert_eq!(get(first, "deadline_state"), "passed");
    assert_eq!(get(first, "deadline_passed"), "true");
    assert_eq!(get(first, "addressees"), "Home Office");
    assert_eq!(get(first, "source_file"), "report.txt");
    assert_eq!(
        get(first, "url"),
        "https://example.org/sub/inspections/test-inspection/recommendations/1/"
    );
    assert_eq!(get(&rows[1], "deadline_passed"), "false");

    let (_, forces) = csv_rows(&out, "data/forces.csv");
    assert_eq!(forces.len(), 3);
    assert_eq!(get(&forces[0], "source_file"), "report.txt");
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/inspections/test-inspection.toml",
        "addressees = [\"Home Office\"]",
        "addressees = [\"=HYPERLINK(\\\"http://evil\\\")\", \"Home Office\"]",
    );
    edit(
        site.path(),
        "data/inspections/test-inspection.toml",
        "inspectorate = \"Test Inspectorate\"",
        "inspectorate = \"@Test Inspectorate\"",
    );
    let out = build(site.path());
    let (_, rows) = csv_rows(&out, "data/recommendations.csv");
    assert_eq!(
        get(&rows[0], "addressees"),
        "'=HYPERLINK(\"http://evil\"); Home Office"
    );
    let (_, rows) = csv_rows(&out, "data/inspections.csv");
    assert_eq!(get(&rows[0], "inspectorate"), "'@Test Inspectorate");
    // The JSON keeps the original text.
    let all = json(&out, "data/recommendations.json");
    assert_eq!(
        all["recommendations"][0]["addressees"][0],
        "=HYPERLINK(\"http://evil\")"
    );
}

#[test]
fn every_json_file_validates_against_the_schema() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let checked = assert_all_json_valid(&out);
    assert!(checked >= 20, "only {checked} JSON files");
    // And the schema is strict enough to catch a broken file.
    let schema = json(&out, "data/schema.json");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut broken = json(&out, "data/positions.json");
    broken["positions"][0]["recommendation_number"] = Value::String("two".into());
    assert!(!validator.is_valid(&broken));
    let mut broken = json(&out, "data/all.json");
    broken.as_object_mut().unwrap().remove("as_of");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn every_entity_page_links_to_its_json() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let mut checked = 0;
    for (path, _) in tree(&out) {
        let entity = [
            "inspections/",
            "rocus/",
            "forces/",
            "responses/",
            "sources/",
        ]
        .iter()
        .any(|p| path.starts_with(p) && path.ends_with("/index.html"))
            && path.matches('/').count() >= 2;
        if !entity {
            continue;
        }
        let html = read(&out, &path);
        let json_path = path.replace("index.html", "index.json");
        assert!(
            has_href(&html, &format!("/sub/{json_path}")),
            "{path} does not link to its JSON"
        );
        assert!(out.join(&json_path).is_file());
        checked += 1;
    }
    // 1 inspection, 3 recommendations, 2 ROCUs, 3 forces, 1 response, 2 sources.
    assert_eq!(checked, 12);
    let force = json(&out, "forces/north/index.json");
    assert_eq!(force["forces"][0]["id"], "north");
    // North's three rows, less recommendation 1's, which is for national
    // bodies only and on which North takes no position: the page shows
    // no row for it, and neither does statuses.json.
    let rows: Vec<&str> = (force["statuses"].as_array().unwrap().iter())
        .map(|s| s["recommendation_id"].as_str().unwrap())
        .collect();
    assert_eq!(rows, ["test-inspection/2", "test-inspection/3"]);
    let every = json(&out, "data/statuses.json");
    let north: Vec<&str> = (every["statuses"].as_array().unwrap().iter())
        .filter(|s| s["force_id"] == "north")
        .map(|s| s["recommendation_id"].as_str().unwrap())
        .collect();
    assert_eq!(north, rows);
    let national = json(
        &out,
        "inspections/test-inspection/recommendations/1/index.json",
    );
    assert_eq!(national["statuses"], Value::Array(Vec::new()));
    // A position is written in full only in its response's file (and
    // data/): the force's and the recommendation's files point to it by
    // the status row's stance and response id.
    let response = json(&out, "responses/north-test/index.json");
    let position = &response["positions"][0];
    assert_eq!(position["stance"], "reports-met");
    assert!(position["quote"].as_str().is_some_and(|q| !q.is_empty()));
    let recommendation = json(
        &out,
        &format!(
            "inspections/test-inspection/recommendations/{}/index.json",
            position["recommendation_number"]
        ),
    );
    let inspection = json(&out, "inspections/test-inspection/index.json");
    assert_eq!(inspection["responses"][0]["id"], "north-test");
    for file in [&force, &recommendation, &inspection] {
        assert!(file.get("positions").is_none(), "{file}");
    }
    for file in [&force, &recommendation] {
        let row = (file["statuses"].as_array().unwrap().iter())
            .find(|s| s["recommendation_id"] == position["recommendation_id"])
            .unwrap_or_else(|| panic!("no row for the position in {file}"));
        assert_eq!(row["stance"], position["stance"]);
        assert_eq!(row["response_id"], "north-test");
    }
}

#[test]
fn the_data_page_lists_every_file_and_documents_every_column() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let html = read(&out, "data/index.html");
    let text = text_of(&html);
    for kind in KINDS {
        assert!(has_href(&html, &format!("/sub/data/{kind}.csv")), "{kind}");
        assert!(has_href(&html, &format!("/sub/data/{kind}.json")), "{kind}");
    }
    assert!(has_href(&html, "/sub/data/all.json"));
    assert!(has_href(&html, "/sub/data/schema.json"));
    assert!(has_href(&html, "/sub/data/csv-metadata.json"));
    assert!(text.contains("No licence has been declared"), "{text}");
    assert!(text.contains("15 June 2021"));
    // Every CSV column is documented, with its meaning.
    for kind in KINDS {
        let (headers, _) = csv_rows(&out, &format!("data/{kind}.csv"));
        for h in headers {
            assert!(text.contains(&h), "{kind}.{h} is not documented");
        }
    }
    assert!(text.contains(
        "deadline_passed true or false, or empty Whether the deadline had passed on the as_of date"
    ));
    let size = std::fs::metadata(out.join("data/all.json")).unwrap().len();
    assert!(
        text.contains(&format!("all.json ({:.1} kB)", size as f64 / 1000.0)),
        "{text}"
    );
    assert!(has_href(&read(&out, "index.html"), "/sub/data/"));
    assert!(read(&out, "sitemap.xml").contains("<loc>https://example.org/sub/data/</loc>"));
}

#[test]
fn the_site_feed_is_atom_and_names_no_day_the_data_does_not_give() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let feed = read(&out, "feed.xml");
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(feed.contains("<id>https://example.org/sub/feed.xml</id>"));
    // Outside git only the response has a day of its own (1 April 2021).
    // The report was published in "February 2021": its recommendations
    // are not stamped 1 February, they wait for a date from history.
    assert!(
        feed.contains("<updated>2021-04-01T00:00:00Z</updated>\n  <author>"),
        "{feed}"
    );
    assert!(!feed.contains("2021-02-01"), "{feed}");
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    assert_eq!(entries.len(), 1, "{feed}");
    assert!(entries[0].contains("<id>https://example.org/sub/responses/north-test/</id>"));
    assert!(entries[0].contains("<updated>2021-04-01T00:00:00Z</updated>"));
    assert!(entries[0].contains("<published>2021-04-01T00:00:00Z</published>"));
    let home = read(&out, "index.html");
    assert!(
        home.contains("type=application/atom+xml")
            || home.contains("type=\"application/atom+xml\"")
    );
    assert!(has_href(&home, "/sub/feed.xml"));
}

/// Entries without a day of their own in the data are dated by the commit
/// that last changed their file: pages, commentary and recommendations.
#[test]
fn entries_enter_the_feed_dated_by_git() {
    let site = copy_fixture("minimal");
    commit_all(site.path(), "2021-05-20");
    let out = build(site.path());
    let feed = read(&out, "feed.xml");
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    // 1 response, 3 recommendations, 1 page, 2 commentaries.
    assert_eq!(entries.len(), 7, "{feed}");
    let mut ids: Vec<&str> = entries
        .iter()
        .map(|e| {
            e.split("<id>")
                .nth(1)
                .unwrap()
                .split("</id>")
                .next()
                .unwrap()
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 7, "every entry's id is its own: {feed}");
    for entry in &entries {
        for tag in ["<id>", "<title>", "<link ", "<updated>", "<summary>"] {
            assert!(entry.contains(tag), "{tag} missing in {entry}");
        }
        assert!(
            entry.contains("<updated>2021-05-20T00:00:00Z</updated>"),
            "{entry}"
        );
    }
    for (id, title) in [
        ("about/", "About"),
        ("forces/north/#commentary", "Commentary: North"),
        (
            "inspections/test-inspection/recommendations/2/#commentary",
            "Commentary: Recommendation 2: A test inspection",
        ),
        (
            "inspections/test-inspection/recommendations/2/",
            "Recommendation 2 of “A test inspection”",
        ),
        (
            "inspections/test-inspection/recommendations/1/",
            "Recommendation 1 of “A test inspection”",
        ),
    ] {
        let entry = entries
            .iter()
            .find(|e| e.contains(&format!("<id>https://example.org/sub/{id}</id>")))
            .unwrap_or_else(|| panic!("no entry for {id}: {feed}"));
        assert!(
            entry.contains(&format!("<title>{title}</title>")),
            "{entry}"
        );
    }
    let recommendation = entries
        .iter()
        .find(|e| e.contains("recommendations/1/</id>"))
        .unwrap();
    assert!(
        recommendation.contains("Deadline, in the report&#x27;s words: By March 2021.")
            || recommendation.contains("Deadline, in the report's words: By March 2021."),
        "{recommendation}"
    );
    assert!(
        !recommendation.contains("<published>"),
        "a month is not a day"
    );
}

/// The daily rebuild moves the as-of date, not the data: feed readers and
/// search engines must not be told that anything changed.
#[test]
fn feeds_and_the_sitemap_are_the_same_whatever_the_as_of_date() {
    let site = copy_fixture("minimal");
    commit_all(site.path(), "2021-05-20");
    let feeds = |as_of: Option<time::Date>, out: &str| {
        let mut options = answerable::Options::new(site.path());
        options.out = Some(site.path().join(out));
        options.overrides.as_of = as_of;
        answerable::build(&options).unwrap();
        [
            "feed.xml",
            "forces/north/feed.xml",
            "forces/east/feed.xml",
            "sitemap.xml",
        ]
        .map(|f| read(&site.path().join(out), f))
    };
    let later = time::Date::from_calendar_date(2030, time::Month::January, 1).unwrap();
    let (before, after) = (feeds(None, "public"), feeds(Some(later), "later"));
    assert_eq!(before, after);
    assert!(read(&site.path().join("later"), "index.html").contains("1 January 2030"));
}

#[test]
fn each_force_has_its_own_feed() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let north = read(&out, "forces/north/feed.xml");
    assert!(north.contains("<id>https://example.org/sub/forces/north/feed.xml</id>"));
    assert!(
        north.contains("<title>North: Fixture site</title>"),
        "{north}"
    );
    let entries: Vec<&str> = north.split("<entry>").skip(1).collect();
    // Its response, and its status on the two recommendations for forces
    // or regions, dated by the response.
    assert_eq!(entries.len(), 3, "{north}");
    assert!(north.contains("Recommendation 2 of “A test inspection”: Position recorded"));
    assert!(north.contains("Stance: Says it already meets this."));
    assert!(north.contains("Recommendation 3 of “A test inspection”: No published position"));
    // East has answered nothing, and outside git nothing dates its
    // statuses: an empty feed, as new as the newest date in the site.
    let east = read(&out, "forces/east/feed.xml");
    assert!(!east.contains("<entry>"), "{east}");
    assert!(
        east.contains("<updated>2021-04-01T00:00:00Z</updated>"),
        "{east}"
    );
    commit_all(site.path(), "2021-05-20");
    let out = build(site.path());
    let east = read(&out, "forces/east/feed.xml");
    assert!(!east.contains("north-test"), "{east}");
    assert!(east.contains("No response found"), "{east}");
    let page = read(&out, "forces/north/index.html");
    assert!(has_href(&page, "/sub/forces/north/feed.xml"));
}

#[test]
fn feed_text_is_escaped() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/forces.toml",
        "name = \"North\"",
        "name = \"North & <b>Co</b>\"",
    );
    let out = build(site.path());
    let feed = read(&out, "forces/north/feed.xml");
    assert!(feed.contains("North &amp; &lt;b&gt;Co&lt;/b&gt;"), "{feed}");
    assert!(!feed.contains("<b>"));
}

/// CSV on the Web metadata beside the CSV files: each file's columns as
/// its header gives them, and the as-of date its deadlines were judged
/// against.
#[test]
fn csv_metadata_describes_every_csv_and_carries_the_as_of_date() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let metadata = json(&out, "data/csv-metadata.json");
    assert_eq!(metadata["@context"][0], "http://www.w3.org/ns/csvw");
    assert_eq!(metadata["dc:date"]["@value"], "2021-06-15");
    assert!(
        metadata["dc:description"]
            .as_str()
            .unwrap()
            .contains("as of 15 June 2021")
    );
    let tables = metadata["tables"].as_array().unwrap();
    assert_eq!(tables.len(), KINDS.len());
    for (table, kind) in tables.iter().zip(KINDS) {
        assert_eq!(table["url"], format!("{kind}.csv"));
        let (headers, _) = csv_rows(&out, &format!("data/{kind}.csv"));
        let names: Vec<&str> = table["tableSchema"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, headers, "{kind}");
        for key in std::iter::once(&table["tableSchema"]["primaryKey"])
            .flat_map(|k| k.as_array().cloned().unwrap_or_else(|| vec![k.clone()]))
        {
            assert!(names.contains(&key.as_str().unwrap()), "{kind}: {key}");
        }
    }
    let recommendations = &tables[1]["tableSchema"]["columns"];
    let column = |name: &str| {
        recommendations
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(column("deadline_passed")["datatype"], "boolean");
    assert_eq!(column("number")["datatype"], "integer");
    assert_eq!(column("themes")["separator"], "; ");
}

/// Each event of an iCalendar file, as name → value, read back by the
/// `ical` crate (not the one that wrote it).
fn calendar_events(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = parser.next().expect("a calendar").expect("it parses");
    assert!(parser.next().is_none(), "one calendar per file");
    (calendar.events.iter())
        .map(|event| {
            (event.properties.iter())
                .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
                .collect()
        })
        .collect()
}

#[test]
fn the_deadline_calendar_has_an_all_day_event_per_dated_deadline() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let events = calendar_events(&read(&out, "deadlines.ics"));
    let by_day: Vec<(&str, &str, &str)> = (events.iter())
        .map(|e| {
            (
                e["DTSTART"].as_str(),
                e["DTEND"].as_str(),
                e["URL"].as_str(),
            )
        })
        .collect();
    let page = |n: u32| {
        format!("https://example.org/sub/inspections/test-inspection/recommendations/{n}/")
    };
    let (one, two, three) = (page(1), page(2), page(3));
    assert_eq!(
        by_day,
        [
            // "By March 2021": the month's last day, ending the next day.
            ("20210331", "20210401", one.as_str()),
            ("20210831", "20210901", two.as_str()),
            // "With immediate effect", published in February 2021.
            ("20210228", "20210301", three.as_str()),
        ]
    );
    for event in &events {
        assert!(
            event["SUMMARY"].starts_with("Deadline: Recommendation "),
            "{event:?}"
        );
        assert!(event["DESCRIPTION"].contains("the month only"), "{event:?}");
        assert_eq!(event["UID"], format!("{}#deadline", event["URL"]));
        // The stamp is the data's as-of date, never the clock.
        assert_eq!(event["DTSTAMP"], "20210615T000000Z");
    }
    // A force's calendar: what it is asked to act on, not national bodies'.
    let north: Vec<String> = calendar_events(&read(&out, "forces/north/deadlines.ics"))
        .into_iter()
        .map(|e| e["URL"].clone())
        .collect();
    assert_eq!(north, [two.clone(), three.clone()]);
    let force_page = read(&out, "forces/north/index.html");
    assert!(has_href(&force_page, "/sub/forces/north/deadlines.ics"));
}

/// A feed holds the 100 newest entries, newest first: at 10,000 pages the
/// site's feed held every entry ever, 2.2 MB fetched at every poll.
#[test]
fn a_feed_holds_the_hundred_newest_entries() {
    let out = large_site();
    let feed = read(out, "feed.xml");
    let updated: Vec<&str> = (feed.split("<entry>").skip(1))
        .map(|entry| {
            let start = entry.find("<updated>").unwrap() + "<updated>".len();
            &entry[start..start + entry[start..].find('<').unwrap()]
        })
        .collect();
    let (_, responses) = csv_rows(out, "data/responses.csv");
    assert!(responses.len() > 100, "{} responses", responses.len());
    assert_eq!(updated.len(), 100);
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "{updated:?}");
}
