//! Editing the data by hand: the JSON Schemas VS Code checks each file
//! against as it is typed, and the files `answerable new` starts.

use std::fs;
use std::path::{Path, PathBuf};

use answerable::scaffold::{self, Template};
use answerable::schemas::{self, Kind};
use serde_json::Value;

use crate::common::*;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// TOML as Taplo hands it to the schema: the same tree, with every date
/// turned into its text (taplo's `dom/serde.rs` serialises `Node::Date`
/// with `serialize_str(&date.to_string())`).
fn as_taplo_sees_it(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => items.into_iter().map(as_taplo_sees_it).collect(),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, as_taplo_sees_it(v)))
                .collect(),
        ),
    }
}

/// Every schema error in `text` as (JSON pointer, message). Formats are
/// checked, as Taplo's validator does for a draft-07 schema.
fn schema_errors(kind: Kind, text: &str) -> Vec<(String, String)> {
    let document: toml::Table = toml::from_str(text).expect("valid TOML");
    let instance = as_taplo_sees_it(toml::Value::Table(document));
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&kind.schema())
        .expect("the schema compiles");
    validator
        .iter_errors(&instance)
        .map(|e| (e.instance_path().to_string(), e.to_string()))
        .collect()
}

/// The TOML files of a site the loader reads, relative to its root.
fn data_files(root: &Path) -> Vec<String> {
    let mut files = vec!["site.toml".to_string()];
    for entry in walkdir::WalkDir::new(root.join("data")).sort_by_file_name() {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(root).unwrap();
        let relative = relative.to_str().unwrap().replace('\\', "/");
        if Kind::of_file(&relative).is_some() {
            files.push(relative);
        }
    }
    files
}

#[test]
fn the_committed_schemas_are_the_ones_the_types_generate() {
    for kind in Kind::ALL {
        let path = repository().join(schemas::DIR).join(kind.file_name());
        let committed = fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == kind.schema_text(),
            "{} is stale or missing: run `cargo run -- schemas` and commit the result",
            path.display()
        );
    }
}

#[test]
fn every_data_file_names_its_schema_and_validates_against_it() {
    let mut checked = 0;
    for root in [repository(), fixture("minimal")] {
        for relative in data_files(&root) {
            let kind = Kind::of_file(&relative).unwrap();
            let text = fs::read_to_string(root.join(&relative)).unwrap();
            // The directive's path, taken from the file's folder, is the
            // schema of its kind (Taplo resolves it that way).
            let first = text.lines().next().unwrap_or_default();
            let target = first
                .strip_prefix("#:schema ")
                .unwrap_or_else(|| panic!("{relative} does not start with #:schema"));
            let folder = root.join(&relative).parent().unwrap().to_path_buf();
            let schema = fs::canonicalize(folder.join(target))
                .unwrap_or_else(|e| panic!("{relative}: {target}: {e}"));
            assert_eq!(
                schema,
                fs::canonicalize(repository().join("schemas").join(kind.file_name())).unwrap(),
                "{relative}"
            );
            let errors = schema_errors(kind, &text);
            assert!(errors.is_empty(), "{relative}: {errors:#?}");
            assert!(answerable::load::check_shape(kind, &relative, &text).is_ok());
            checked += 1;
        }
    }
    // site.toml, 5 files in data/ (tiles.toml among them), 2
    // inspections, 3 responses; the fixture: site.toml, 5, 1, 1.
    assert_eq!(checked, 19);
}

#[test]
fn a_data_file_in_the_bundled_site_names_its_schema_the_way_new_files_do() {
    for relative in data_files(&repository()) {
        let text = fs::read_to_string(repository().join(&relative)).unwrap();
        let directive = schemas::directive(&relative).unwrap();
        assert!(
            text.starts_with(&format!("{directive}\n")),
            "{relative} should start with {directive}"
        );
    }
}

fn fixture_text(file: &str) -> String {
    fs::read_to_string(fixture("minimal").join(file)).unwrap()
}

/// The fixture's `file` with `from` replaced by `to`, checked by the schema.
fn schema_errors_after(kind: Kind, file: &str, from: &str, to: &str) -> Vec<(String, String)> {
    let text = fixture_text(file);
    assert!(text.contains(from), "{file} does not contain {from:?}");
    schema_errors(kind, &text.replacen(from, to, 1))
}

fn assert_one_error_at(errors: &[(String, String)], pointer: &str, says: &str) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].0, pointer, "{errors:#?}");
    assert!(errors[0].1.contains(says), "{errors:#?}");
}

#[test]
fn a_broken_file_is_rejected_at_the_field_at_fault() {
    const FORCES: &str = "data/forces.toml";
    const INSPECTION: &str = "data/inspections/test-inspection.toml";
    const RESPONSE: &str = "data/responses/north-test.toml";

    let typo = schema_errors_after(Kind::Forces, FORCES, "name = \"East\"", "nmae = \"East\"");
    // A field the table does not allow is reported on its table, and so
    // is the field it should have been.
    assert_eq!(typo.len(), 2, "{typo:#?}");
    assert!(typo.iter().all(|(at, _)| at == "/force/1"), "{typo:#?}");
    assert!(typo[1].1.contains("('nmae' was unexpected)"), "{typo:#?}");
    assert!(
        typo[0].1.contains("\"name\" is a required property"),
        "{typo:#?}"
    );

    let missing = schema_errors_after(Kind::Forces, FORCES, "rocu = \"beta\"\n", "");
    assert_one_error_at(&missing, "/force/2", "\"rocu\" is a required property");

    let number = schema_errors_after(Kind::Inspection, INSPECTION, "number = 2", "number = \"2\"");
    assert_one_error_at(
        &number,
        "/recommendation/1/number",
        "is not of type \"integer\"",
    );

    let zero = schema_errors_after(Kind::Inspection, INSPECTION, "number = 2", "number = 0");
    assert_one_error_at(&zero, "/recommendation/1/number", "minimum");

    let stance = schema_errors_after(
        Kind::Response,
        RESPONSE,
        "stance = \"reports-met\"",
        "stance = [\"reports-met\"]",
    );
    assert_one_error_at(&stance, "/position/0/stance", "is not of type \"string\"");

    let stance_id = schema_errors_after(
        Kind::Response,
        RESPONSE,
        "stance = \"reports-met\"",
        "stance = \"Reports met\"",
    );
    assert_one_error_at(&stance_id, "/position/0/stance", "does not match");

    // `[position]` (one table) instead of `[[position]]` (a list of them).
    let table = schema_errors(
        Kind::Response,
        &fixture_text(RESPONSE)
            .replacen("[[position]]", "[position]", 1)
            .replacen("[[point]]", "[position.point]", 1),
    );
    assert!(
        table
            .iter()
            .any(|(at, message)| at == "/position" && message.contains("is not of type \"array\"")),
        "{table:#?}"
    );

    let blank = schema_errors_after(
        Kind::Response,
        RESPONSE,
        "author = \"Nora North\"",
        "author = \"\"",
    );
    assert_one_error_at(&blank, "/author", "shorter than 1 character");

    let closed = schema_errors_after(
        Kind::Inspection,
        INSPECTION,
        "section_55 = \"unsettled\"",
        "section_55 = \"sometimes\"",
    );
    assert_one_error_at(&closed, "/section_55", "is not one of");

    let actor = schema_errors_after(
        Kind::Inspection,
        INSPECTION,
        "applies_to = [\"regions\"]",
        "applies_to = [\"region\"]",
    );
    assert_one_error_at(&actor, "/recommendation/2/applies_to/0", "is not one of");
}

#[test]
fn the_loader_refuses_the_shapes_the_schema_refuses() {
    const FORCES: &str = "data/forces.toml";
    const INSPECTION: &str = "data/inspections/test-inspection.toml";
    const RESPONSE: &str = "data/responses/north-test.toml";
    for (kind, file, from, to) in [
        (Kind::Forces, FORCES, "name = \"East\"", "nmae = \"East\""),
        (Kind::Forces, FORCES, "rocu = \"beta\"\n", ""),
        (Kind::Inspection, INSPECTION, "number = 2", "number = \"2\""),
        (
            Kind::Response,
            RESPONSE,
            "stance = \"reports-met\"",
            "stance = [\"reports-met\"]",
        ),
        (
            Kind::Response,
            RESPONSE,
            "author = \"Nora North\"",
            "author = \"\"",
        ),
        (Kind::Site, "site.toml", "publisher = ", "publisher_ = "),
    ] {
        let text = fixture_text(file).replacen(from, to, 1);
        assert!(!schema_errors(kind, &text).is_empty(), "{file}: {to}");
        assert!(
            answerable::load::check_shape(kind, file, &text).is_err(),
            "{file}: {to}"
        );
    }
}

#[test]
fn dates_are_checked_as_taplo_sees_them() {
    const INSPECTION: &str = "data/inspections/test-inspection.toml";
    const RESPONSE: &str = "data/responses/north-test.toml";
    // A full TOML date, a quoted month and "immediate" are all fine (the
    // fixture has each); these are not.
    let words = schema_errors_after(
        Kind::Inspection,
        INSPECTION,
        "published = \"2021-02\"",
        "published = \"Feb 2021\"",
    );
    assert_one_error_at(&words, "/published", "does not match");

    let month = schema_errors_after(
        Kind::Inspection,
        INSPECTION,
        "published = \"2021-02\"",
        "published = \"2021-13\"",
    );
    assert_one_error_at(&month, "/published", "does not match");

    let time = schema_errors_after(
        Kind::Response,
        RESPONSE,
        "date = 2021-04-01",
        "date = 2021-04-01T10:00:00",
    );
    assert_one_error_at(&time, "/date", "does not match");

    let due = schema_errors_after(
        Kind::Inspection,
        INSPECTION,
        "due = \"immediate\"",
        "due = \"immediately\"",
    );
    assert_one_error_at(&due, "/recommendation/2/due", "does not match");
    let due_date = schema_errors_after(
        Kind::Inspection,
        INSPECTION,
        "due = \"immediate\"",
        "due = 2021-09-30",
    );
    assert!(due_date.is_empty(), "{due_date:#?}");

    let as_of = schema_errors_after(
        Kind::Site,
        "site.toml",
        "as_of = 2021-06-15",
        "as_of = \"2021-06\"",
    );
    // Both the pattern and the `date` format say so.
    assert!(
        !as_of.is_empty() && as_of.iter().all(|(at, _)| at == "/as_of"),
        "{as_of:#?}"
    );
}

#[test]
fn the_schema_accepts_exactly_the_ids_the_build_accepts() {
    let text = fixture_text("data/forces.toml");
    for id in [
        "north",
        "west-yorkshire",
        "002_682a47d598012fc3",
        "North",
        "west--yorkshire",
        "west yorkshire",
        "-x",
        "x-",
    ] {
        let edited = text.replacen("id = \"north\"", &format!("id = \"{id}\""), 1);
        let accepted = schema_errors(Kind::Forces, &edited).is_empty();
        assert_eq!(accepted, answerable::validate::is_id(id), "{id}");
    }
}

// `answerable new`

fn scaffold_into(root: &Path, template: Template) -> String {
    let done = scaffold::scaffold(root, &template).unwrap_or_else(|e| panic!("{e}"));
    assert!(!done.next.is_empty());
    done.file
}

fn errors_in(root: &Path, file: &str) -> Vec<String> {
    let report = errors_of(root);
    let lines = error_lines(&report);
    assert!(
        lines.iter().all(|l| l.starts_with(&format!("{file}:"))),
        "errors elsewhere too: {lines:#?}"
    );
    lines
}

fn response(inspection: &str, force: &str) -> Template {
    Template::Response {
        inspection: inspection.into(),
        force: force.into(),
    }
}

#[test]
fn a_new_response_has_a_position_for_each_recommendation_to_forces() {
    let site = copy_fixture("minimal");
    let file = scaffold_into(site.path(), response("test-inspection", "east"));
    assert_eq!(file, "data/responses/east-test-inspection.toml");
    let text = fs::read_to_string(site.path().join(&file)).unwrap();
    insta::assert_snapshot!(text);
    // Recommendation 1 is for the Home Office only.
    assert_eq!(text.lines().filter(|l| *l == "[[position]]").count(), 2);
    assert!(text.contains("recommendation = 2\n") && text.contains("recommendation = 3\n"));
    assert!(
        text.replace("\n# ", " ").contains("Recommendation 2, addressed to every force: \"By August 2021, every force should appoint a lead officer for serious crime.\"")
    );
    assert!(text.contains("#   reports-met"));
    assert!(text.contains("#   supports-with-reservations  Supports, with reservations"));
}

#[test]
fn check_lists_exactly_the_values_a_new_response_still_needs() {
    let site = copy_fixture("minimal");
    let file = scaffold_into(site.path(), response("test-inspection", "east"));
    let errors = errors_in(site.path(), &file);
    let fields: Vec<&str> = errors
        .iter()
        .map(|l| l.split('`').nth(1).unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "author", "role", "source", "summary", "stance", "quote", "stance", "quote"
        ],
        "{errors:#?}"
    );
    // Each error is at the blank it is about.
    let text = fs::read_to_string(site.path().join(&file)).unwrap();
    for error in &errors {
        let (line, column) = location(error);
        let at = &text.lines().nth(line - 1).unwrap()[column - 1..];
        assert!(at.starts_with("\"\""), "{error}: {at}");
    }
    assert!(errors[0].contains("`author` is empty"), "{errors:#?}");
    assert!(errors[0].contains("hint: write the value between the quotes"));

    // Filled in (and the position the letter is silent on deleted), it builds.
    let filled = text
        .replace("author = \"\"", "author = \"Erin East\"")
        .replace("role = \"\"", "role = \"Police and Crime Commissioner\"")
        .replace("source = \"\"", "source = \"letter.txt\"")
        .replace(
            "summary = \"\"\"\n\"\"\"",
            "summary = \"Accepts recommendation 2.\"",
        )
        .replacen("stance = \"\"", "stance = \"reports-met\"", 1)
        .replacen(
            "quote = \"\"",
            "quote = \"We have \\\"appointed a lead officer\\\" already\"",
            1,
        );
    let last = filled.rfind("\n# Recommendation 3").unwrap();
    let points = filled.find("\n# Points the response").unwrap();
    let filled = format!("{}{}", &filled[..last], &filled[points..]);
    fs::write(site.path().join(&file), filled).unwrap();
    build(site.path());
}

fn location(error: &str) -> (usize, usize) {
    let mut parts = error.split(':').skip(1);
    let line = parts.next().unwrap().parse().unwrap();
    let column = parts.next().unwrap().parse().unwrap();
    (line, column)
}

#[test]
fn a_new_response_names_the_commissioner_on_record() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/forces.toml",
        "rocu = \"beta\"\nsource = \"report.txt\"\n",
        "rocu = \"beta\"\nsource = \"report.txt\"\n\n[force.commissioner]\nname = \"Sam South\"\nrole = \"Police, Fire and Crime Commissioner\"\nsource = \"letter.txt\"\n",
    );
    let file = scaffold_into(site.path(), response("test-inspection", "south"));
    let text = fs::read_to_string(site.path().join(&file)).unwrap();
    assert!(text.contains("\nauthor = \"Sam South\"\n"), "{text}");
    assert!(
        text.contains("\nrole = \"Police, Fire and Crime Commissioner\"\n"),
        "{text}"
    );
    let fields: Vec<String> = errors_in(site.path(), &file)
        .iter()
        .map(|l| l.split('`').nth(1).unwrap().to_string())
        .collect();
    assert_eq!(fields[..2], ["source", "summary"]);
}

#[test]
fn unknown_ids_are_refused_with_a_suggestion() {
    let site = copy_fixture("minimal");
    let e = scaffold::scaffold(site.path(), &response("test-inspecton", "east")).unwrap_err();
    assert_eq!(e.to_string(), "there is no inspection `test-inspecton`");
    assert_eq!(e.hint(), Some("did you mean `test-inspection`?"));
    let e = scaffold::scaffold(site.path(), &response("test-inspection", "esat")).unwrap_err();
    assert_eq!(e.to_string(), "there is no force `esat`");
    assert_eq!(e.hint(), Some("did you mean `east`?"));
    let e = scaffold::scaffold(
        site.path(),
        &Template::Force {
            id: "west".into(),
            name: "West".into(),
            rocu: "alpah".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.hint(), Some("did you mean `alpha`?"));
    let e = scaffold::scaffold(
        site.path(),
        &Template::Page {
            path: "forces/esat".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "there is no force `esat`");
    assert_eq!(e.hint(), Some("did you mean `east`?"));
    assert!(
        !site
            .path()
            .join("data/responses/esat-test-inspection.toml")
            .exists()
    );
    assert!(!site.path().join("content/forces/esat.md").exists());
}

#[test]
fn nothing_is_ever_overwritten() {
    let site = copy_fixture("minimal");
    let file = scaffold_into(site.path(), response("test-inspection", "east"));
    fs::write(site.path().join(&file), "edited").unwrap();
    let e = scaffold::scaffold(site.path(), &response("test-inspection", "east")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "data/responses/east-test-inspection.toml already exists"
    );
    assert_eq!(
        fs::read_to_string(site.path().join(&file)).unwrap(),
        "edited"
    );

    // North's response is on record under another file name.
    let e = scaffold::scaffold(site.path(), &response("test-inspection", "north")).unwrap_err();
    assert!(
        e.to_string().contains("data/responses/north-test.toml"),
        "{e}"
    );

    let forces = fs::read_to_string(site.path().join("data/forces.toml")).unwrap();
    let e = scaffold::scaffold(
        site.path(),
        &Template::Force {
            id: "east".into(),
            name: "East".into(),
            rocu: "alpha".into(),
        },
    )
    .unwrap_err();
    assert!(matches!(e, scaffold::Error::Exists { .. }), "{e}");
    assert_eq!(
        fs::read_to_string(site.path().join("data/forces.toml")).unwrap(),
        forces
    );

    let e = scaffold::scaffold(
        site.path(),
        &Template::Page {
            path: "about".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "content/about.md already exists");
}

#[test]
fn a_new_inspection_lists_its_blanks_at_their_lines() {
    let site = copy_fixture("minimal");
    let file = scaffold_into(
        site.path(),
        Template::Inspection {
            id: "second-inspection".into(),
        },
    );
    assert_eq!(file, "data/inspections/second-inspection.toml");
    let text = fs::read_to_string(site.path().join(&file)).unwrap();
    insta::assert_snapshot!(text);
    let errors = errors_in(site.path(), &file);
    assert_eq!(errors.len(), 10, "{errors:#?}");
    for error in &errors {
        let (line, column) = location(error);
        let at = &text.lines().nth(line - 1).unwrap()[column - 1..];
        assert!(at.starts_with("\"\""), "{error}: {at}");
    }
    let e = scaffold::scaffold(
        site.path(),
        &Template::Inspection {
            id: "Second Inspection".into(),
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "`Second Inspection` cannot be used as an inspection id"
    );
}

#[test]
fn a_new_force_is_added_to_the_end_of_forces_toml() {
    let site = copy_fixture("minimal");
    let before = fs::read_to_string(site.path().join("data/forces.toml")).unwrap();
    let done = scaffold::scaffold(
        site.path(),
        &Template::Force {
            id: "west".into(),
            name: "West".into(),
            rocu: "beta".into(),
        },
    )
    .unwrap();
    assert!(done.added_to_existing);
    let after = fs::read_to_string(site.path().join("data/forces.toml")).unwrap();
    assert!(after.starts_with(&before));
    insta::assert_snapshot!(&after[before.len()..]);
    let errors = errors_in(site.path(), "data/forces.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("`source` is empty"), "{errors:#?}");
}

#[test]
fn a_new_page_has_front_matter_and_check_asks_for_its_title() {
    let site = copy_fixture("minimal");
    let file = scaffold_into(
        site.path(),
        Template::Page {
            path: "contact-us".into(),
        },
    );
    assert_eq!(file, "content/contact-us.md");
    let errors = errors_in(site.path(), &file);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("`title` is empty"), "{errors:#?}");
    edit(site.path(), &file, "title = \"\"", "title = \"Contact us\"");
    // A page with a title but no text would be a heading over nothing.
    let errors = errors_in(site.path(), &file);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("this page has no text"), "{errors:#?}");
    append(site.path(), &file, "Write to us at the address below.\n");
    let out = build(site.path());
    assert!(read(&out, "contact-us/index.html").contains("Contact us"));

    let file = scaffold_into(
        site.path(),
        Template::Page {
            path: "content/forces/east.md".into(),
        },
    );
    assert_eq!(file, "content/forces/east.md");
    let errors = errors_in(site.path(), &file);
    assert!(
        errors[0].contains("this commentary has no text"),
        "{errors:#?}"
    );
    append(
        site.path(),
        &file,
        "East has answered every recommendation.\n",
    );
    build(site.path());
}
