//! Bad input is refused with an error naming file, line, column and field,
//! with the spot marked and a hint. One test per kind of error pins the
//! whole report an editor sees (the snapshots in `tests/it/snapshots/`);
//! docs/errors.md lists the same kinds. A change to a message shows up as
//! a snapshot diff: review it, then `INSTA_UPDATE=always cargo test`.

use std::path::Path;

use crate::common::*;

/// The errors a broken site gets, exactly as the CLI prints them (without
/// colour), warnings left out.
fn errors(root: &Path) -> String {
    let report = errors_of(root);
    let errors: Vec<_> = report.errors().cloned().collect();
    answerable::diagnostics::render(&errors, &report.files, false)
}

/// A copy of the fixture site with each `(file, from, to)` edit made.
fn site_with(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let site = copy_fixture("minimal");
    for (file, from, to) in edits {
        edit(site.path(), file, from, to);
    }
    site
}

/// Pins the errors of the fixture site with these edits.
macro_rules! errors_after {
    ($($file:expr, $from:expr => $to:expr);+ $(;)?) => {{
        let site = site_with(&[$(($file, $from, $to)),+]);
        insta::assert_snapshot!(errors(site.path()));
    }};
}

const FORCES: &str = "data/forces.toml";
const ROCUS: &str = "data/rocus.toml";
const SOURCES: &str = "data/sources.toml";
const VOCABULARY: &str = "data/vocabulary.toml";
const INSPECTION: &str = "data/inspections/test-inspection.toml";
const RESPONSE: &str = "data/responses/north-test.toml";
const ABOUT: &str = "content/about.md";
const TILES: &str = "data/tiles.toml";

// In any TOML file.

#[test]
fn toml_syntax() {
    errors_after!(FORCES, "id = \"east\"" => "id = \"east");
}

#[test]
fn unknown_field() {
    errors_after!(FORCES, "name = \"East\"" => "nmae = \"East\"");
}

#[test]
fn missing_field() {
    errors_after!(FORCES, "rocu = \"beta\"\n" => "");
}

#[test]
fn empty_value() {
    errors_after!(RESPONSE, "author = \"Nora North\"" => "author = \"\"");
}

#[test]
fn wrong_type() {
    errors_after!(INSPECTION, "number = 2" => "number = \"2\"");
}

#[test]
fn bad_date() {
    errors_after!(INSPECTION, "published = \"2021-02\"" => "published = \"Feb 2021\"");
}

#[test]
fn unknown_value() {
    errors_after!(INSPECTION, "section_55 = \"unsettled\"" => "section_55 = \"sometimes\"");
}

#[test]
fn not_utf8() {
    let site = copy_fixture("minimal");
    let path = site.path().join(ROCUS);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"# caf\xe9\n");
    std::fs::write(&path, bytes).unwrap();
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn every_shape_error_in_one_file() {
    errors_after!(
        FORCES, "name = \"East\"" => "nmae = \"East\"";
        FORCES, "id = \"south\"" => "id = 3";
        FORCES, "rocu = \"alpha\"\nsource" => "source";
    );
}

#[test]
fn syntax_errors_in_several_files() {
    errors_after!(
        FORCES, "[[force]]" => "[[force]";
        ROCUS, "name = \"ALPHA\"" => "name = ALPHA";
    );
}

// The commonest mistakes of editors who are not programmers, in plain words.

#[test]
fn curly_quotes_from_word() {
    errors_after!(RESPONSE, "author = \"Nora North\"" => "author = “Nora North”");
}

#[test]
fn text_pasted_over_several_lines() {
    errors_after!(RESPONSE, "summary = \"Accepts recommendation 2.\"" => "summary = \"Accepts\nrecommendation 2.\"");
}

#[test]
fn triple_quotes_never_closed() {
    errors_after!(RESPONSE, "summary = \"Accepts recommendation 2.\"" => "summary = \"\"\"Accepts recommendation 2.");
}

#[test]
fn quote_marks_inside_text() {
    errors_after!(RESPONSE, "author = \"Nora North\"" => "author = \"Nora \"the boss\" North\"");
}

#[test]
fn single_brackets_where_a_list_belongs() {
    errors_after!(RESPONSE, "[[position]]" => "[position]");
}

#[test]
fn field_written_below_the_last_table() {
    let site = site_with(&[(RESPONSE, "addressee = \"Home Secretary\"\n", "")]);
    append(site.path(), RESPONSE, "addressee = \"Home Secretary\"\n");
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn date_written_day_month_year() {
    errors_after!(RESPONSE, "date = 2021-04-01" => "date = \"01/04/2021\"");
}

#[test]
fn date_that_does_not_exist_written_day_month_year() {
    errors_after!(RESPONSE, "date = 2021-04-01" => "date = 31/04/2021");
}

#[test]
fn date_that_does_not_exist() {
    errors_after!(INSPECTION, "published = \"2021-02\"" => "published = \"2021-02-30\"");
}

#[test]
fn blank_stance_offers_the_stances() {
    errors_after!(RESPONSE, "stance = \"reports-met\"" => "stance = \"\"");
}

#[test]
fn blank_source_offers_documents_not_yet_cited() {
    errors_after!(RESPONSE, "source = \"letter.txt\"" => "source = \"\"");
}

#[test]
fn legislation_given_a_file_in_seeds() {
    let site = copy_fixture("minimal");
    append(
        site.path(),
        SOURCES,
        "\n[[source]]\nfile = \"act.txt\"\ntitle = \"An Act\"\nauthor = \"Parliament\"\nkind = \"legislation\"\n",
    );
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn quotation_from_legislation() {
    let site = site_with(&[(RESPONSE, "source = \"letter.txt\"", "source = \"an-act\"")]);
    append(
        site.path(),
        SOURCES,
        "\n[[source]]\nid = \"an-act\"\ntitle = \"An Act\"\nauthor = \"Parliament\"\nkind = \"legislation\"\nurl = \"https://example.org/act\"\n",
    );
    insta::assert_snapshot!(errors(site.path()));
}

// Every mistake in one run.

/// The errors and notes a broken site gets: what an editor reads to know
/// what else is still to be checked.
fn errors_and_notes(root: &Path) -> String {
    let report = errors_of(root);
    let shown: Vec<_> = (report.diagnostics.iter())
        .filter(|d| d.severity != answerable::diagnostics::Severity::Warning)
        .cloned()
        .collect();
    answerable::diagnostics::render(&shown, &report.files, false)
}

/// One broken file no longer hides the mistakes in the others: an unknown
/// force in a response is found while rocus.toml has a syntax error, and
/// the forces' references to ROCUs wait for rocus.toml to be fixed.
#[test]
fn a_broken_file_hides_nothing_that_does_not_depend_on_it() {
    let site = site_with(&[
        (ROCUS, "name = \"ALPHA\"", "name = ALPHA"),
        (FORCES, "rocu = \"beta\"", "rocu = \"gamma\""),
        (RESPONSE, "force = \"north\"", "force = \"nort\""),
    ]);
    insta::assert_snapshot!(errors_and_notes(site.path()));
}

/// Six mistakes in one file, found in one run: blanks, an impossible
/// date, an unknown force, stance and recommendation.
#[test]
fn six_mistakes_in_one_response() {
    errors_after!(
        RESPONSE, "force = \"north\"" => "force = \"nort\"";
        RESPONSE, "author = \"Nora North\"" => "author = \"\"";
        RESPONSE, "role = \"Police and Crime Commissioner\"" => "role = \"\"";
        RESPONSE, "date = 2021-04-01" => "date = 2021-04-31";
        RESPONSE, "recommendation = 2" => "recommendation = 7";
        RESPONSE, "stance = \"reports-met\"" => "stance = \"agreed\"";
    );
}

/// While forces.toml is broken, a response's force cannot be called
/// unknown: it may be in the part that did not load.
#[test]
fn references_into_a_broken_file_wait_for_it() {
    let site = site_with(&[(FORCES, "id = \"north\"", "id = \"north")]);
    let report = errors_and_notes(site.path());
    assert!(!report.contains("unknown force"), "{report}");
    assert!(
        report.contains("check(s) that depend on this file were not run, because it has errors\n --> data/forces.toml"),
        "{report}"
    );
}

// References between records.

#[test]
fn unknown_force() {
    errors_after!(RESPONSE, "force = \"north\"" => "force = \"nort\"");
}

#[test]
fn unknown_rocu() {
    errors_after!(FORCES, "rocu = \"alpha\"" => "rocu = \"alfa\"");
}

#[test]
fn unknown_inspection() {
    errors_after!(RESPONSE, "inspection = \"test-inspection\"" => "inspection = \"test-inspections\"");
}

#[test]
fn unknown_recommendation_number() {
    errors_after!(RESPONSE, "recommendation = 2" => "recommendation = 9");
}

#[test]
fn unknown_stance() {
    errors_after!(RESPONSE, "stance = \"reports-met\"" => "stance = \"happy\"");
}

#[test]
fn unknown_cause_of_concern() {
    errors_after!(INSPECTION, "cause_of_concern = \"law\"" => "cause_of_concern = \"laws\"");
}

#[test]
fn unknown_repeated_recommendation() {
    errors_after!(INSPECTION, "repeats = [\"test-inspection/1\"]" => "repeats = [\"test-inspection/7\"]");
}

#[test]
fn unknown_source_document() {
    errors_after!(ROCUS, "source = \"report.txt\"" => "source = \"reprot.txt\"");
}

#[test]
fn source_file_missing_from_seeds() {
    errors_after!(SOURCES, "file = \"letter.txt\"" => "file = \"letters.txt\"");
}

#[test]
fn source_document_name_that_breaks_in_a_web_address() {
    let site = site_with(&[(
        SOURCES,
        "file = \"report.txt\"",
        "file = \"Test Report.txt\"",
    )]);
    rename(site.path(), "seeds/report.txt", "seeds/Test Report.txt");
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn duplicate_id() {
    errors_after!(FORCES, "id = \"east\"" => "id = \"north\"");
}

#[test]
fn duplicate_recommendation_number() {
    errors_after!(INSPECTION, "number = 3" => "number = 2");
}

#[test]
fn second_position_on_one_recommendation() {
    errors_after!(
        RESPONSE,
        "[[point]]" => "[[position]]\nrecommendation = 2\nstance = \"supports\"\nquote = \"Dear Home Secretary,\"\n\n[[point]]"
    );
}

#[test]
fn two_responses_from_one_force_to_one_inspection() {
    let site = copy_fixture("minimal");
    let text = std::fs::read_to_string(site.path().join(RESPONSE)).unwrap();
    write(site.path(), "data/responses/north-test-2.toml", &text);
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn id_not_matching_file_name() {
    errors_after!(INSPECTION, "id = \"test-inspection\"" => "id = \"other-inspection\"");
}

#[test]
fn invalid_id() {
    errors_after!(FORCES, "id = \"east\"" => "id = \"East\"");
}

#[test]
fn rocu_serving_no_force() {
    errors_after!(FORCES, "rocu = \"beta\"" => "rocu = \"alpha\"");
}

#[test]
fn required_status_missing() {
    errors_after!(VOCABULARY, "id = \"no-position\"" => "id = \"no-positions\"");
}

#[test]
fn applies_to_empty() {
    errors_after!(INSPECTION, "applies_to = [\"regions\"]" => "applies_to = []");
}

#[test]
fn unknown_warning_name() {
    errors_after!("site.toml", "as_of = 2021-06-15" => "as_of = 2021-06-15\n\n[warnings]\nallow = [\"no-responses\"]");
}

#[test]
fn bad_base_url() {
    errors_after!("site.toml", "https://example.org/sub/" => "example.org/sub/");
}

// Quotations.

#[test]
fn quotation_not_in_its_source() {
    errors_after!(RESPONSE, "already - and" => "already, and");
}

// Markdown.

#[test]
fn markdown_link_to_a_missing_record() {
    errors_after!(ABOUT, "force:north" => "force:nroth");
}

#[test]
fn markdown_link_with_a_malformed_short_reference() {
    errors_after!(ABOUT, "recommendation:test-inspection/2" => "recommendation:test-inspection");
}

#[test]
fn markdown_link_in_a_summary() {
    errors_after!(INSPECTION, "A *short* summary." => "A [short](rocu:gamma) summary.");
}

#[test]
fn javascript_link() {
    errors_after!("content/index.md", "(page:about)" => "(javascript:alert(1))");
}

#[test]
fn front_matter_unknown_field() {
    errors_after!(ABOUT, "weight = 5" => "wieght = 5");
}

#[test]
fn front_matter_never_closed() {
    errors_after!(ABOUT, "weight = 5\n+++" => "weight = 5\n");
}

#[test]
fn commentary_on_a_missing_record() {
    let site = copy_fixture("minimal");
    write(site.path(), "content/forces/weast.md", "Text.\n");
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn markdown_file_in_the_wrong_place() {
    let site = copy_fixture("minimal");
    write(site.path(), "content/a/b/c.md", "Text.\n");
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn page_name_reserved_by_the_site() {
    let site = copy_fixture("minimal");
    write(site.path(), "content/forces.md", "Text.\n");
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn empty_commentary() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/forces/north.md",
        "+++\ntitle = \"North\"\n+++\n\n",
    );
    insta::assert_snapshot!(errors(site.path()));
}

// Files the build does not read (each one is reported).

/// The fixture site with one file moved or renamed.
fn site_with_file_moved(from: &str, to: &str) -> tempfile::TempDir {
    let site = copy_fixture("minimal");
    rename(site.path(), from, to);
    site
}

fn rename(root: &Path, from: &str, to: &str) {
    let to = root.join(to);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::rename(root.join(from), to).unwrap();
}

#[test]
fn response_saved_as_toml_txt() {
    let site = site_with_file_moved(RESPONSE, "data/responses/north-test.toml.txt");
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn inspection_saved_as_upper_case_toml() {
    let site = site_with_file_moved(INSPECTION, "data/inspections/test-inspection.TOML");
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn response_in_a_misspelt_folder() {
    let site = site_with_file_moved(RESPONSE, "data/response/north-test.toml");
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn response_saved_straight_into_data() {
    let site = site_with_file_moved(RESPONSE, "data/north-test.toml");
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn page_saved_as_markdown() {
    let site = site_with_file_moved(ABOUT, "content/about.markdown");
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn files_that_are_neither_data_nor_pages() {
    let site = copy_fixture("minimal");
    write(site.path(), "data/notes.txt", "To do.\n");
    write(site.path(), "content/logo.png", "PNG");
    insta::assert_snapshot!(errors(site.path()));
}

/// A document in seeds/ that no source lists is a warning (it may be on
/// its way into data/sources.toml), so `--strict` refuses it.
#[test]
fn document_in_seeds_that_no_source_lists() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "seeds/new-letter.txt",
        "Dear Home Secretary,\n",
    );
    let mut options = answerable::Options::new(site.path());
    options.strict = true;
    let Err(answerable::Error::Invalid(report)) = answerable::check(&options) else {
        panic!("--strict should refuse a document no source lists");
    };
    let unlisted: Vec<_> = (report.diagnostics.iter())
        .filter(|d| d.lint == Some("unlisted-source"))
        .cloned()
        .collect();
    insta::assert_snapshot!(answerable::diagnostics::render(
        &unlisted,
        &report.files,
        false
    ));
}

// Templates and the finished site.

#[test]
fn template_syntax() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title }\n{% endblock %}\n",
    );
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn template_uses_a_missing_variable() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.no_such_thing }}{% endblock %}\n",
    );
    insta::assert_snapshot!(errors(site.path()));
}

#[test]
fn broken_link_in_a_template() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}<a href=\"{{ site.base_path }}forces/kent/\">Kent</a>{% endblock %}\n",
    );
    insta::assert_snapshot!(errors(site.path()));
}

// Redirects from old addresses.

#[test]
fn redirect_not_a_path() {
    errors_after!(FORCES, "name = \"East\"\n" => "name = \"East\"\nredirect_from = [\"../forces/old/\"]\n");
}

#[test]
fn redirect_to_a_real_page() {
    errors_after!(FORCES, "name = \"East\"\n" => "name = \"East\"\nredirect_from = [\"forces/north/\"]\n");
}

#[test]
fn redirect_listed_twice() {
    errors_after!(
        FORCES, "name = \"East\"\n" => "name = \"East\"\nredirect_from = [\"forces/old/\"]\n";
        ABOUT, "weight = 5\n" => "weight = 5\nredirect_from = [\"/forces/old\"]\n";
    );
}

#[test]
fn redirect_on_commentary() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/forces/north.md",
        "+++\nredirect_from = [\"forces/old/\"]\n+++\nCommentary.\n",
    );
    insta::assert_snapshot!(errors(site.path()));
}

// Several kinds at once.

#[test]
fn every_error_is_reported_in_one_run() {
    errors_after!(
        RESPONSE, "force = \"north\"" => "force = \"nort\"";
        RESPONSE, "stance = \"reports-met\"" => "stance = \"happy\"";
        FORCES, "rocu = \"alpha\"" => "rocu = \"alfa\"";
        ABOUT, "force:north" => "force:nroth";
    );
}

// In data/tiles.toml (the force map).

#[test]
fn tile_for_an_unknown_force() {
    errors_after!(TILES, "force = \"south\"" => "force = \"sout\"");
}

#[test]
fn two_forces_on_one_tile() {
    errors_after!(TILES, "column = 2\nrow = 1" => "column = 1\nrow = 0");
}

#[test]
fn a_second_tile_for_a_force() {
    errors_after!(TILES, "force = \"south\"" => "force = \"north\"");
}

#[test]
fn tile_off_the_map_with_a_long_label() {
    errors_after!(
        TILES, "column = 2" => "column = 41";
        TILES, "label = \"N&<\"" => "label = \"NORTH\"";
    );
}
