//! Answer first: each page opens with what a reader came to know, every
//! force asked to act is listed, and no reader sees a source's file name.

use crate::common::*;

#[test]
fn a_force_page_opens_with_what_the_force_said_and_what_is_open() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let north = read(&out, "forces/north/index.html");
    let answer = text_of(section(&north, "<p class=\"answer\">", "</p>"));
    assert_eq!(
        answer,
        "1 published response on record, of 1 April 2021. It takes a position on 1 of the 2 recommendations asked of North; 2 are open, 1 past the deadline in force."
    );
    // The answer, then the recommendations: before anything else.
    let text = text_of(&north);
    let positions = text.find("What North was asked, and what it said").unwrap();
    assert!(text.find(&answer).unwrap() < positions);
    assert!(positions < text.find("Regional organised crime unit").unwrap());
    let east = text_of(section(
        &read(&out, "forces/east/index.html"),
        "<p class=\"answer\">",
        "</p>",
    ));
    assert_eq!(
        east,
        "No published response from East's commissioner is on record. Of the 2 recommendations asked of East, 2 are open, 1 past the deadline in force."
    );
}

#[test]
fn a_recommendation_page_lists_every_force_asked_by_status_with_counts() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let page = read(
        &out,
        "inspections/test-inspection/recommendations/2/index.html",
    );
    let answer = text_of(section(&page, "<p class=\"answer\">", "</p>"));
    assert!(
        answer.starts_with("Of the 3 forces asked to act, 1 takes a position on it in a published response, 2 have no response on record."),
        "{answer}"
    );
    let asked = text_of(section(&page, "<h2 id=\"asked\">", "</section>"));
    assert!(
        asked.contains("Position recorded 1 force North No response found 2 forces East, South"),
        "{asked}"
    );
    // A force with a position links to it on this page.
    assert!(section(&page, "<h2 id=\"asked\">", "</section>").contains("href=\"#force-north\""));
    // A recommendation for regions asks every force, through its ROCU.
    let regions = read(
        &out,
        "inspections/test-inspection/recommendations/3/index.html",
    );
    let answer = text_of(section(&regions, "<p class=\"answer\">", "</p>"));
    assert!(
        answer.contains("Of the 3 forces asked to act through their ROCU, 0 take a position"),
        "{answer}"
    );
    assert!(
        answer.contains(
            "1 has a published response that does not mention it, 2 have no response on record."
        ),
        "{answer}"
    );
    // One for national bodies only says so.
    let national = read(
        &out,
        "inspections/test-inspection/recommendations/1/index.html",
    );
    assert!(!national.contains("id=\"asked\""));
    assert!(
        text_of(section(&national, "<p class=\"answer\">", "</p>"))
            .contains("no force is asked to act on it")
    );
}

#[test]
fn notes_name_source_documents_by_title_not_file_name() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/rocus.toml",
        "notes = [\"Sources disagree about this ROCU.\"]",
        "notes = [\"Sources disagree about this ROCU: letter.txt says one thing.\"]",
    );
    let out = build(site.path());
    let page = text_of(&read(&out, "rocus/alpha/index.html"));
    assert!(
        page.contains("Sources disagree about this ROCU: “North's letter” says one thing."),
        "{page}"
    );
    // Only the record's own TOML, in its closed box, keeps the file name.
    let shown = &page[..page.find("From data/rocus.toml").unwrap()];
    assert!(!shown.contains("letter.txt"), "{shown}");
}

#[test]
fn every_page_says_where_to_report_a_mistake_when_the_site_names_it() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    assert!(!read(&out, "index.html").contains("report-mistake"));
    edit(
        site.path(),
        "site.toml",
        "as_of =",
        "report_mistakes = \"https://example.org/issues/new\"\nas_of =",
    );
    let out = build(site.path());
    for page in [
        "index.html",
        "forces/north/index.html",
        "sources/letter/index.html",
    ] {
        let html = read(&out, page);
        assert!(has_href(&html, "https://example.org/issues/new"), "{page}");
    }
    let north = text_of(&read(&out, "forces/north/index.html"));
    assert!(
        north.contains("Seen a mistake on this page? Tell Test publisher, giving this page's address: https://example.org/sub/forces/north/."),
        "{north}"
    );
    edit(
        site.path(),
        "site.toml",
        "https://example.org/issues/new",
        "example.org",
    );
    let lines = error_lines(&errors_of(site.path()));
    assert!(
        lines
            .iter()
            .any(|l| l
                .contains("`report_mistakes`: `report_mistakes` is not a web or e-mail address")),
        "{lines:#?}"
    );
}

#[test]
fn a_source_links_to_the_document_as_published_only_where_recorded() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    assert!(!text_of(&read(&out, "sources/letter/index.html")).contains("As published"));
    edit(
        site.path(),
        "data/sources.toml",
        "file = \"letter.txt\"",
        "file = \"letter.txt\"\npublished_at = \"https://example.org/north/letter.pdf\"",
    );
    let out = build(site.path());
    let page = read(&out, "sources/letter/index.html");
    assert!(text_of(&page).contains("As published https://example.org/north/letter.pdf"));
    assert!(has_href(&page, "https://example.org/north/letter.pdf"));
    assert!(read(&out, "data/sources.csv").contains("https://example.org/north/letter.pdf"));
    edit(
        site.path(),
        "data/sources.toml",
        "https://example.org/north/letter.pdf",
        "letter.pdf",
    );
    let lines = error_lines(&errors_of(site.path()));
    assert!(
        lines.iter().any(|l| l.contains("data/sources.toml")
            && l.contains("`published_at`: `published_at` is not a web address")),
        "{lines:#?}"
    );
}
