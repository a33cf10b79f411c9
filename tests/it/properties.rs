//! Whatever an editor (or a broken editor, or a bad merge) leaves in a data
//! file, the loader answers with errors, never a crash: arbitrary bytes and
//! arbitrary TOML, written into each kind of file of a real site.

use std::fs;

use proptest::prelude::*;

use crate::common::*;

/// Every kind of file the loader reads, in the fixture site.
const FILES: &[&str] = &[
    "site.toml",
    "data/vocabulary.toml",
    "data/sources.toml",
    "data/rocus.toml",
    "data/forces.toml",
    "data/inspections/test-inspection.toml",
    "data/responses/north-test.toml",
    "content/about.md",
];

/// Field names the data format uses, so generated TOML gets past "unknown
/// field" into the deeper checks, and some names it does not use.
const KEYS: &[&str] = &[
    "id",
    "name",
    "rocu",
    "force",
    "inspection",
    "recommendation",
    "position",
    "point",
    "number",
    "text",
    "due",
    "due_text",
    "applies_to",
    "stance",
    "quote",
    "source",
    "file",
    "date",
    "published",
    "summary",
    "title",
    "section_55",
    "cause_of_concern",
    "repeats",
    "aliases",
    "region",
    "kind",
    "status",
    "label",
    "description",
    "commissioner",
    "as_of",
    "base_url",
    "warnings",
    "allow",
    "weight",
    "x",
    "",
];

fn toml_value() -> impl Strategy<Value = toml::Value> {
    let leaf = prop_oneof![
        any::<String>().prop_map(toml::Value::String),
        prop::sample::select(vec![
            "north",
            "alpha",
            "test-inspection",
            "report.txt",
            "2021-02",
            "immediate",
            "forces",
            "reports-met",
            "test-inspection/1",
            "force:north"
        ])
        .prop_map(|s| toml::Value::String(s.to_string())),
        any::<i64>().prop_map(toml::Value::Integer),
        (0u32..12).prop_map(|n| toml::Value::Integer(n.into())),
        any::<bool>().prop_map(toml::Value::Boolean),
        (1u16..3000, 1u8..13, 1u8..29).prop_map(|(y, m, d)| {
            toml::Value::Datetime(toml::value::Datetime {
                date: Some(toml::value::Date {
                    year: y,
                    month: m,
                    day: d,
                }),
                time: None,
                offset: None,
            })
        }),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(toml::Value::Array),
            toml_table(inner).prop_map(toml::Value::Table),
        ]
    })
}

fn toml_table(
    value: impl Strategy<Value = toml::Value>,
) -> impl Strategy<Value = toml::map::Map<String, toml::Value>> {
    prop::collection::btree_map(
        prop::sample::select(KEYS).prop_map(str::to_string),
        value,
        0..8,
    )
    .prop_map(|map| map.into_iter().collect())
}

/// Text made of TOML's and markdown's punctuation, real keys and any
/// character at all, so that it often gets some way into the parser.
fn toml_ish_text() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "\n",
        "+++\n",
        "[[force]]\n",
        "[[recommendation]]\n",
        "[",
        "]",
        "=",
        " = ",
        "\"",
        "'''",
        "#",
        "{",
        "}",
        ",",
        "[x](force:north)",
        "<script>",
        "\u{200F}",
        "ŵ",
        "\r\n",
        "1979-05-27",
        "\\",
    ];
    let piece = prop_oneof![
        prop::sample::select(PIECES).prop_map(str::to_string),
        prop::sample::select(KEYS).prop_map(str::to_string),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn check_survives(file: &str, bytes: &[u8]) {
    let site = copy_fixture("minimal");
    fs::write(site.path().join(file), bytes).unwrap();
    // Either outcome is fine; a panic fails the property.
    let _ = answerable::check(&answerable::Options::new(site.path()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_in_any_file_give_errors_not_a_crash(
        file in prop::sample::select(FILES),
        bytes in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        check_survives(file, &bytes);
    }

    #[test]
    fn arbitrary_text_in_any_file_give_errors_not_a_crash(
        file in prop::sample::select(FILES),
        text in toml_ish_text(),
    ) {
        check_survives(file, text.as_bytes());
    }

    #[test]
    fn arbitrary_toml_in_any_file_gives_errors_not_a_crash(
        file in prop::sample::select(FILES),
        table in toml_table(toml_value()),
    ) {
        let text = toml::to_string(&table).unwrap_or_default();
        let text = if file.ends_with(".md") { format!("+++\n{text}+++\nBody\n") } else { text };
        check_survives(file, text.as_bytes());
    }
}
