//! Bad input is refused with an error naming file, line, column and field,
//! with a hint; and every error is reported in one run. One test per kind
//! pins its message (docs/errors.md lists them).

mod common;

use common::*;

fn single_error(root: &std::path::Path) -> String {
    let lines = error_lines(&errors_of(root));
    assert_eq!(lines.len(), 1, "expected one error, got {lines:#?}");
    lines.into_iter().next().unwrap()
}

#[test]
fn toml_syntax_error() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/forces.toml",
        "id = \"east\"",
        "id = \"east",
    );
    assert_eq!(
        single_error(site.path()),
        "data/forces.toml:14:11: `id`: invalid basic string, expected `\"`"
    );
}

#[test]
fn unknown_field_names_the_allowed_ones() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/forces.toml",
        "name = \"East\"",
        "nmae = \"East\"",
    );
    let error = single_error(site.path());
    assert!(
        error.starts_with("data/forces.toml:15:1: `nmae`: unknown field `nmae` (hint: check the spelling; allowed fields here: `id`, `name`"),
        "{error}"
    );
}

#[test]
fn missing_field_points_at_the_table() {
    let site = copy_fixture("minimal");
    edit(site.path(), "data/forces.toml", "rocu = \"beta\"\n", "");
    assert_eq!(
        single_error(site.path()),
        "data/forces.toml:19:1: `rocu`: missing field `rocu` (hint: add the field to this table (see docs/data-format.md))"
    );
}

#[test]
fn wrong_type_says_how_to_write_it() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/inspections/test-inspection.toml",
        "number = 2",
        "number = \"2\"",
    );
    let error = single_error(site.path());
    assert!(
        error.starts_with("data/inspections/test-inspection.toml:"),
        "{error}"
    );
    assert!(
        error.contains("`number`: invalid type: string \"2\", expected u32"),
        "{error}"
    );
    assert!(
        error.ends_with("(hint: write a whole number without quotes)"),
        "{error}"
    );
}

#[test]
fn bad_date() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/inspections/test-inspection.toml",
        "published = \"2021-02\"",
        "published = \"Feb 2021\"",
    );
    let error = single_error(site.path());
    assert!(error.starts_with("data/inspections/test-inspection.toml:5:13: `published`: not a date (hint: write a full date"), "{error}");
}

#[test]
fn unknown_reference_suggests_the_near_miss() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/responses/north-test.toml",
        "force = \"north\"",
        "force = \"nort\"",
    );
    assert_eq!(
        single_error(site.path()),
        "data/responses/north-test.toml:2:9: `force`: unknown force `nort` (hint: did you mean `north`?)"
    );
}

#[test]
fn unknown_stance_lists_the_allowed_values() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/responses/north-test.toml",
        "stance = \"reports-met\"",
        "stance = \"happy\"",
    );
    let error = single_error(site.path());
    assert!(error.starts_with("data/responses/north-test.toml:12:10: `stance`: unknown stance `happy` (hint: expected one of: `reports-met`, `action-planned`"), "{error}");
}

#[test]
fn unknown_recommendation_number() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/responses/north-test.toml",
        "recommendation = 2",
        "recommendation = 9",
    );
    assert_eq!(
        single_error(site.path()),
        "data/responses/north-test.toml:11:18: `recommendation`: inspection `test-inspection` has no recommendation 9 (hint: its recommendations are numbered 1, 2, 3)"
    );
}

#[test]
fn duplicate_id_names_the_first_use() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/forces.toml",
        "id = \"east\"",
        "id = \"north\"",
    );
    assert_eq!(
        single_error(site.path()),
        "data/forces.toml:14:6: `id`: duplicate force id `north` (hint: it is already used in data/forces.toml on line 2; ids must be unique)"
    );
}

#[test]
fn quotation_not_in_its_source() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/responses/north-test.toml",
        "already - and",
        "already, and",
    );
    let error = single_error(site.path());
    assert!(
        error.starts_with("data/responses/north-test.toml:13:9: `quote`: this quotation is not in `seeds/letter.txt` (hint: copy the words exactly"),
        "{error}"
    );
}

#[test]
fn unknown_source_document() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/rocus.toml",
        "source = \"report.txt\"",
        "source = \"reprot.txt\"",
    );
    let error = single_error(site.path());
    assert!(
        error.starts_with("data/rocus.toml:6:10: `source`: unknown source document `reprot.txt` (hint: list it in data/sources.toml and put the file in seeds/; did you mean `report.txt`?)"),
        "{error}"
    );
}

#[test]
fn rocu_serving_no_force() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/forces.toml",
        "rocu = \"beta\"",
        "rocu = \"alpha\"",
    );
    assert_eq!(
        single_error(site.path()),
        "data/rocus.toml:10:6: `id`: the ROCU `beta` serves no force (hint: set `rocu = \"…\"` on the forces it serves in data/forces.toml, or remove this ROCU)"
    );
}

#[test]
fn markdown_link_to_a_missing_record() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "content/about.md",
        "force:north",
        "force:nroth",
    );
    assert_eq!(
        single_error(site.path()),
        "content/about.md:8:12: `force:nroth` links to a record that does not exist (hint: did you mean `north`?)"
    );
}

#[test]
fn javascript_links_are_refused() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/index.md",
        "Click [here](javascript:alert(1)).\n",
    );
    assert_eq!(
        single_error(site.path()),
        "content/index.md:1:7: links with the `javascript:` scheme are not allowed (hint: use an `https:` link, a relative path, or a short reference such as `force:essex`)"
    );
}

#[test]
fn front_matter_error_points_into_the_markdown_file() {
    let site = copy_fixture("minimal");
    edit(site.path(), "content/about.md", "weight = 5", "wieght = 5");
    let error = single_error(site.path());
    assert!(
        error.starts_with("content/about.md:3:1: `wieght`: unknown field `wieght`"),
        "{error}"
    );
}

#[test]
fn commentary_on_a_missing_record() {
    let site = copy_fixture("minimal");
    write(site.path(), "content/forces/weast.md", "Text.\n");
    assert_eq!(
        single_error(site.path()),
        "content/forces/weast.md: this commentary is about a record that does not exist (hint: did you mean `east`?)"
    );
}

#[test]
fn template_error_names_the_template() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title }\n{% endblock %}\n",
    );
    let error = single_error(site.path());
    assert!(
        error.starts_with("templates/page.html: the template cannot be parsed"),
        "{error}"
    );
    assert!(error.contains("2:"), "the line should be named: {error}");
}

#[test]
fn every_error_is_reported_in_one_run() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/responses/north-test.toml",
        "force = \"north\"",
        "force = \"nort\"",
    );
    edit(
        site.path(),
        "data/responses/north-test.toml",
        "stance = \"reports-met\"",
        "stance = \"happy\"",
    );
    edit(
        site.path(),
        "data/forces.toml",
        "rocu = \"alpha\"",
        "rocu = \"alfa\"",
    );
    edit(
        site.path(),
        "content/about.md",
        "force:north",
        "force:nroth",
    );
    let lines = error_lines(&errors_of(site.path()));
    assert_eq!(lines.len(), 4, "{lines:#?}");
}

#[test]
fn syntax_errors_in_several_files_are_all_reported() {
    let site = copy_fixture("minimal");
    edit(site.path(), "data/forces.toml", "[[force]]", "[[force]");
    edit(
        site.path(),
        "data/rocus.toml",
        "name = \"ALPHA\"",
        "name = ALPHA",
    );
    let lines = error_lines(&errors_of(site.path()));
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines[0].starts_with("data/forces.toml:1:"), "{lines:#?}");
    assert!(lines[1].starts_with("data/rocus.toml:3:"), "{lines:#?}");
}
