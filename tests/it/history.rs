//! What has become of recommendations over time, on the `history`
//! fixture: a force's claim, the inspectorate's later assessments and a
//! moved deadline, seen as of three dates. A reader must see only what
//! was known on the date, a claim never shown as an assessment, the
//! deadline in force with its slip, and the same in the open data and
//! the feeds.

use std::path::{Path, PathBuf};

use answerable::Options;

use crate::common::*;

/// Builds the fixture as of `date` into its own folder.
fn built_as_of(root: &Path, date: &str) -> PathBuf {
    let mut options = Options::new(root);
    options.overrides.as_of =
        answerable::dates::PartialDate::parse(date).and_then(|d| d.earliest());
    options.out = Some(root.join(format!("out-{date}")));
    if let Err(e) = answerable::build(&options) {
        panic!("build failed: {e}");
    }
    options.out_dir()
}

const REC_2: &str = "inspections/test-inspection/recommendations/2/index.html";

fn open_items(out: &Path, force: &str) -> String {
    let page = text_of(&read(out, &format!("forces/{force}/index.html")));
    let start = page.find("Open recommendations").expect("an open list");
    let end = page[start..].find("Published responses").unwrap() + start;
    page[start..end].to_string()
}

#[test]
fn entries_after_the_as_of_date_are_left_out() {
    let site = copy_fixture("history");
    let before = built_as_of(site.path(), "2021-06-15");
    let page = text_of(&read(&before, REC_2));
    assert!(
        page.contains("North: Reported as done Claim: North’s own claim, 1 April 2021"),
        "{page}"
    );
    assert!(
        !page.contains("Test Inspectorate’s assessment"),
        "an entry of 2022 is not known in 2021"
    );
    assert!(
        !page.contains("How the deadline moved"),
        "the revision of July 2021 is not known yet"
    );
    assert!(page.contains("Due by the end of August 2021"), "{page}");

    let after = built_as_of(site.path(), "2022-06-01");
    let page = text_of(&read(&after, REC_2));
    for expected in [
        "North: Assessed as done Inspectorate’s assessment: Test Inspectorate’s assessment, 10 May 2022",
        "East: Assessed as not done Inspectorate’s assessment",
        "1 April 2021, North: Reported as done Claim: North’s own claim",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in {page}");
    }
    // Oldest first: the claim, then the assessments.
    let claim = page.find("1 April 2021, North").unwrap();
    let assessed = page.find("10 May 2022, North").unwrap();
    assert!(claim < assessed);
}

#[test]
fn the_deadline_in_force_is_the_revised_one_with_its_slip() {
    let site = copy_fixture("history");
    let out = built_as_of(site.path(), "2022-04-01");
    let page = text_of(&read(&out, REC_2));
    assert!(
        page.contains("Due August 2021, revised to March 2022: 7 months late."),
        "{page}"
    );
    assert!(
        page.contains("Deadline passed (the end of March 2022, as revised)"),
        "{page}"
    );
    assert!(page.contains("20 July 2021: Test Inspectorate moved the deadline to March 2022"));
    // A calendar's event keeps its UID and moves to the deadline in force.
    let calendar = read(&out, "deadlines.ics").replace("\r\n ", "");
    let at = calendar.find("recommendations/2/#deadline").unwrap();
    let event = &calendar[calendar[..at].rfind("BEGIN:VEVENT").unwrap()..];
    let event = &event[..event.find("END:VEVENT").unwrap()];
    assert!(event.contains("DTSTART;VALUE=DATE:20220331"), "{event}");
    assert!(event.contains("revised to March 2022"), "{event}");
    // The passed state follows the deadline in force: in August 2021 the
    // report's own deadline has gone, the revised one has not.
    let out = built_as_of(site.path(), "2021-09-01");
    let page = text_of(&read(&out, REC_2));
    assert!(
        page.contains("Due by the end of March 2022, as revised"),
        "{page}"
    );
}

#[test]
fn a_forces_open_list_puts_overdue_first_and_drops_what_is_assessed_done() {
    let site = copy_fixture("history");
    let out = built_as_of(site.path(), "2022-04-01");
    let north = open_items(&out, "north");
    assert!(north.contains("overdue by 1 day"), "{north}");
    assert!(north.contains("a body's own claim to be done leaves a recommendation open"));
    assert!(north.contains("Reported as done Claim"), "{north}");

    let out = built_as_of(site.path(), "2022-06-01");
    let north = open_items(&out, "north");
    assert!(
        !north.contains("Recommendation 2 of"),
        "assessed as done, so no longer open: {north}"
    );
    let east = open_items(&out, "east");
    assert!(
        east.contains("Recommendation 2 of A test inspection: overdue by 2 months"),
        "{east}"
    );
    assert!(east.contains("Assessed as not done"), "{east}");
}

#[test]
fn the_open_data_has_one_row_per_entry_and_derives_the_status() {
    let site = copy_fixture("history");
    let out = built_as_of(site.path(), "2022-06-01");
    let history = read(&out, "data/history.csv");
    let rows: Vec<&str> = history.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{history}");
    assert!(
        rows[0].contains(",force,north,North,reported-complete,") && rows[0].contains(",body,")
    );
    // The claim is no longer the entry North's status comes from.
    assert!(rows[0].contains(",false,We have “appointed"), "{}", rows[0]);
    let statuses = read(&out, "data/statuses.csv");
    let north = statuses
        .lines()
        .find(|l| l.starts_with("north,test-inspection,test-inspection/2,"))
        .unwrap();
    assert!(
        north.contains(",assessed-complete,inspectorate,2022-05-10,false,"),
        "{north}"
    );
    let revisions = read(&out, "data/deadline_revisions.csv");
    assert!(revisions.contains(
        "test-inspection/2,test-inspection,2021-07-20,2022-03,2022-03-31,By March 2022,"
    ));
    let recommendations = read(&out, "data/recommendations.json");
    assert!(recommendations.contains("\"original_due\":\"2021-08\""));

    let earlier = built_as_of(site.path(), "2021-06-15");
    let history = read(&earlier, "data/history.csv");
    assert_eq!(
        history.lines().count(),
        2,
        "only the claim is known: {history}"
    );
}

#[test]
fn each_change_and_revision_is_a_feed_entry_dated_by_itself() {
    let site = copy_fixture("history");
    let out = built_as_of(site.path(), "2022-06-01");
    let feed = read(&out, "feed.xml");
    for (id, updated) in [
        (
            "recommendations/2/#delivery-force-north-2022-05-10-assessed-complete",
            "2022-05-10",
        ),
        (
            "recommendations/2/#delivery-force-east-2022-05-10-assessed-not-complete",
            "2022-05-10",
        ),
        (
            "recommendations/2/#deadline-revised-2021-07-20",
            "2021-07-20",
        ),
    ] {
        let at = feed.find(id).unwrap_or_else(|| panic!("no entry {id}"));
        let entry = &feed[at..at + 600];
        assert!(
            entry.contains(&format!("<updated>{updated}T00:00:00Z</updated>")),
            "{entry}"
        );
    }
    let east = read(&out, "forces/east/feed.xml");
    assert!(east.contains("#delivery-force-east-"));
    assert!(
        !east.contains("#delivery-force-north-"),
        "a force's feed has its own changes only"
    );
}

#[test]
fn a_history_entry_is_checked_like_every_record() {
    let site = copy_fixture("history");
    let file = "data/inspections/test-inspection.toml";
    edit(
        site.path(),
        file,
        "delivery = \"assessed-not-complete\"",
        "delivery = \"not-done\"",
    );
    edit(
        site.path(),
        file,
        "body = \"force:east\"",
        "body = \"force:eats\"",
    );
    edit(
        site.path(),
        file,
        "quote = \"We found that North has appointed",
        "quote = \"We found that North appointed",
    );
    append(
        site.path(),
        file,
        "\n[[recommendation.history]]\ndate = 2022-05-10\nbody = \"Home Office\"\ndelivery = \"in-progress\"\nasserted_by = \"other\"\nsource = \"progress.txt\"\nquote = \"East has not yet appointed a lead officer.\"\n",
    );
    // North's claim written twice.
    edit(
        site.path(),
        file,
        "quote = \"We have “appointed a lead officer” already\"",
        "quote = \"We have “appointed a lead officer” already\"\n\n[[recommendation.history]]\ndate = 2021-04-01\nbody = \"force:north\"\ndelivery = \"reported-complete\"\nasserted_by = \"body\"\nsource = \"letter.txt\"\nquote = \"We have “appointed a lead officer” already\"",
    );
    let lines = error_lines(&errors_of(site.path()));
    let expected = [
        "`body`: this history entry repeats an earlier one",
        "already recorded in data/inspections/test-inspection.toml on line 37",
        "`delivery`: unknown delivery status `not-done`",
        "`body`: unknown force `eats`",
        "`quote`: this quotation is not in `seeds/progress.txt`",
        "`asserted_by`: `asserted_by = \"other\"` needs `asserter`",
    ];
    for e in expected {
        assert!(
            lines.iter().any(|l| l.contains(e)),
            "no {e:?} in {lines:#?}"
        );
    }
}

#[test]
fn a_duty_and_its_clock_are_data() {
    let site = copy_fixture("history");
    append(
        site.path(),
        "data/vocabulary.toml",
        "\n[[duty]]\nid = \"a-28-day-duty\"\nname = \"the 28-day duty\"\ndays = 28\ncounted_from = \"day-after-publication\"\ndescription = \"A made-up duty to answer within 28 days, counted from the day after publication.\"\n",
    );
    let lines = error_lines(&errors_of(site.path()));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("this inspection does not say which duty its window follows")),
        "{lines:#?}"
    );
    edit(
        site.path(),
        "data/inspections/test-inspection.toml",
        "section_55 = \"unsettled\"",
        "section_55 = \"unsettled\"\nduty = \"a-28-day-duty\"",
    );
    let out = built_as_of(site.path(), "2021-06-15");
    let page = text_of(&read(&out, "inspections/test-inspection/index.html"));
    assert!(
        page.contains("between 1 March 2021 and 28 March 2021"),
        "{page}"
    );
    assert!(page.contains("A made-up duty to answer within 28 days"));
    let response = text_of(&read(&out, "responses/north-test/index.html"));
    assert!(
        response.contains("if the 28-day duty applies"),
        "{response}"
    );
}

#[test]
fn a_repeated_recommendation_is_listed_under_each_but_counted_once() {
    let site = copy_fixture("history");
    edit(
        site.path(),
        "data/inspections/test-inspection.toml",
        "repeats = [\"test-inspection/1\"]",
        "repeats = [\"test-inspection/2\"]",
    );
    let out = built_as_of(site.path(), "2021-06-15");
    let north = open_items(&out, "north");
    assert!(
        north.contains("1 recommendation asked of North is open"),
        "{north}"
    );
    assert!(
        north.contains("listed under each but counted once"),
        "{north}"
    );
    assert!(
        north.contains("The same ask as Recommendation 2"),
        "{north}"
    );
    assert!(
        north.contains("The same ask as Recommendation 3"),
        "{north}"
    );
}

#[test]
fn search_filters_by_delivery_by_who_says_so_and_by_overdue() {
    let site = copy_fixture("history");
    let filter = |out: &Path, name: &str| -> serde_json::Value {
        serde_json::from_str(&read(out, &format!("search/filters/{name}.json"))).unwrap()
    };
    let before = built_as_of(site.path(), "2021-06-15");
    assert!(filter(&before, "asserted").get("Claim").is_some());
    let after = built_as_of(site.path(), "2022-06-01");
    let delivery = filter(&after, "delivery");
    assert!(delivery.get("Assessed as done").is_some(), "{delivery}");
    assert!(delivery.get("Assessed as not done").is_some(), "{delivery}");
    let asserted = filter(&after, "asserted");
    assert!(
        asserted.get("Claim").is_none(),
        "the claim no longer stands: {asserted}"
    );
    assert!(
        asserted.get("Inspectorate’s assessment").is_some(),
        "{asserted}"
    );
    assert!(
        filter(&after, "overdue")
            .get("Open and past its deadline")
            .is_some()
    );
}

#[test]
fn responses_reports_and_documents_dated_later_are_left_out_too() {
    let site = copy_fixture("history");
    let exists = |out: &Path, path: &str| out.join(path).exists();

    // North's letter is of 1 April 2021; the report of February 2021.
    let before_letter = built_as_of(site.path(), "2021-03-15");
    assert!(exists(&before_letter, REC_2));
    assert!(!exists(&before_letter, "responses/north-test/index.html"));
    assert!(!exists(&before_letter, "sources/letter/index.html"));
    assert!(!exists(&before_letter, "sources/update/index.html"));
    let north = text_of(&read(&before_letter, "forces/north/index.html"));
    // The box of the record's TOML shows the file as it stands; the page does not.
    let shown = &north[..north.find("Data behind this page").unwrap()];
    assert!(
        !shown.contains("Nora North"),
        "only the letter names the commissioner: {shown}"
    );
    let responses = read(&before_letter, "data/responses.csv");
    assert_eq!(responses.lines().count(), 1, "only the header: {responses}");

    // Before the whole of February 2021 has passed, the report is not known.
    let before_report = built_as_of(site.path(), "2021-02-20");
    assert!(!exists(
        &before_report,
        "inspections/test-inspection/index.html"
    ));
    assert!(!exists(&before_report, REC_2));
    assert!(!exists(&before_report, "sources/progress/index.html"));
    // The forces' own record cites the report, so its page stays.
    assert!(exists(&before_report, "sources/report/index.html"));
    let recommendations = read(&before_report, "data/recommendations.csv");
    assert_eq!(recommendations.lines().count(), 1, "{recommendations}");

    // The site's own date leaves everything in.
    let now = built_as_of(site.path(), "2022-06-01");
    for path in [
        "responses/north-test/index.html",
        "sources/progress/index.html",
    ] {
        assert!(exists(&now, path), "{path}");
    }
}

#[test]
fn a_source_names_the_recommendations_whose_history_quotes_it() {
    let site = copy_fixture("history");
    let out = built_as_of(site.path(), "2022-06-01");
    let page = text_of(&read(&out, "sources/progress/index.html"));
    assert!(
        page.contains("Quoted in: What has become of recommendation 2 of A test inspection"),
        "{page}"
    );
    let update = text_of(&read(&out, "sources/update/index.html"));
    assert!(
        update.contains("What has become of recommendation 2 of A test inspection"),
        "the deadline's move quotes it: {update}"
    );
}
