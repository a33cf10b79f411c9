//! JSON Schemas of the TOML files people edit, for their editor.
//!
//! VS Code's Even Better TOML extension (Taplo) checks a TOML file against
//! the schema named in its first line (`#:schema ../schemas/forces.schema.json`)
//! as the file is typed: it underlines a misspelt field or a value of the
//! wrong kind, completes field names and shows each field's description on
//! hover. The schemas are generated from the very types the loader reads
//! the files into (`load::Raw*`, `config::RawConfig`), so they cannot drift
//! from what the build accepts; their doc comments are the descriptions.
//! `answerable schemas` writes them, and a test fails when the copies kept
//! in `schemas/` are stale.
//!
//! What Taplo needs shapes the output:
//! - draft-07: its validator (`jsonschema` 0.16/0.17) predates draft
//!   2020-12 and does not recognise it;
//! - every subschema inlined: behind a `$ref` (wrapped in `allOf` in
//!   draft-07), hover shows the referenced type's description instead of
//!   the field's own;
//! - no `null`: TOML has none, so "string or null" would only confuse;
//! - dates as strings: Taplo serialises a TOML date to its text
//!   (`2021-04-07`) before validating, so a date is a string with a
//!   pattern. The schema cannot tell `2021-04-07` from `"2021-04-07"`;
//!   the loader can, and says so where it matters.
//!
//! The schemas check shape only (fields, types, closed sets of values, id
//! and date formats). References between files, quotations and everything
//! else stay with `answerable check`.

use std::fmt;
use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use schemars::transform::{RecursiveTransform, RestrictFormats};
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value};

use crate::config::RawConfig;
pub use crate::kinds::Kind;
use crate::load::{
    RawForces, RawInspection, RawResponse, RawRocus, RawSources, RawTiles, RawVocabulary,
};

/// Where the schemas live, relative to the site root.
pub const DIR: &str = "schemas";

impl Kind {
    /// The JSON Schema of this kind of file.
    pub fn schema(self) -> Value {
        let schema = match self {
            Kind::Site => generate::<RawConfig>(),
            Kind::Vocabulary => generate::<RawVocabulary>(),
            Kind::Sources => generate::<RawSources>(),
            Kind::Rocus => generate::<RawRocus>(),
            Kind::Forces => generate::<RawForces>(),
            Kind::Tiles => generate::<RawTiles>(),
            Kind::Inspection => generate::<RawInspection>(),
            Kind::Response => generate::<RawResponse>(),
        };
        let mut value = schema.to_value();
        if let Some(object) = value.as_object_mut() {
            // `$schema` and the title first, so the file reads well.
            let mut ordered = Map::new();
            if let Some(meta) = object.remove("$schema") {
                ordered.insert("$schema".into(), meta);
            }
            object.remove("title");
            ordered.insert("title".into(), Value::String(self.pattern().into()));
            ordered.extend(std::mem::take(object));
            *object = ordered;
        }
        value
    }

    /// The schema as the file in `schemas/` holds it.
    pub fn schema_text(self) -> String {
        let mut text = serde_json::to_string_pretty(&self.schema()).expect("a schema serialises");
        text.push('\n');
        text
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn generate<T: JsonSchema>() -> Schema {
    let mut settings = SchemaSettings::draft07();
    settings.inline_subschemas = true;
    // First, so the draft-07 rewrites see the schema without `null`.
    settings
        .transforms
        .insert(0, Box::new(RecursiveTransform(for_taplo)));
    settings
        .transforms
        .push(Box::new(RestrictFormats::default()));
    settings.into_generator().into_root_schema_for::<T>()
}

/// Adapts a schema to TOML and to Taplo:
/// - removes `null`: TOML has none, and an optional field is one that may
///   be left out, which `required` already says;
/// - refuses blank text (`minLength`; a pattern or a list of values
///   refuses it already), as the loader does, so the blanks of a file
///   made by `answerable new` are underlined until filled in;
/// - joins the lines of each paragraph of a description, which were
///   wrapped for the source code, not for a hover box.
fn for_taplo(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let open_text = !object.contains_key("enum") && !object.contains_key("pattern");
    if object.get("type").is_some_and(|t| t == "string") && open_text {
        object.entry("minLength").or_insert(Value::from(1));
    }
    if let Some(Value::String(description)) = object.get_mut("description") {
        *description = description
            .split("\n\n")
            .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            object.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(choices)) = object.get_mut("anyOf") {
        choices.retain(|c| c.get("type").is_none_or(|t| t != "null"));
        if let [Value::Object(only)] = choices.as_slice() {
            let only = only.clone();
            object.remove("anyOf");
            for (key, value) in only {
                object.entry(key).or_insert(value);
            }
        }
    }
}

/// The `#:schema` directive for the TOML file at `relative` (to the site
/// root): the path of its schema relative to the file, as Taplo resolves
/// it. `None` for files that have no schema.
pub fn directive(relative: &str) -> Option<String> {
    let kind = Kind::of_file(relative)?;
    let depth = relative.matches('/').count();
    let up = if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    };
    Some(format!("#:schema {up}{DIR}/{}", kind.file_name()))
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Writes every schema into `dir`, returning the files written.
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>, WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_path_buf(),
        source,
    })?;
    Kind::ALL
        .iter()
        .map(|kind| {
            let path = dir.join(kind.file_name());
            std::fs::write(&path, kind.schema_text()).map_err(|source| WriteError {
                path: path.clone(),
                source,
            })?;
            Ok(path)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_loaded_file_has_a_kind_and_nothing_else_does() {
        assert_eq!(Kind::of_file("site.toml"), Some(Kind::Site));
        assert_eq!(Kind::of_file("data/forces.toml"), Some(Kind::Forces));
        assert_eq!(
            Kind::of_file("data/inspections/x.toml"),
            Some(Kind::Inspection)
        );
        assert_eq!(
            Kind::of_file("data/responses/a-b.toml"),
            Some(Kind::Response)
        );
        assert_eq!(Kind::of_file("data/inspections/x/y.toml"), None);
        assert_eq!(Kind::of_file("data/other.toml"), None);
        assert_eq!(Kind::of_file("content/about.md"), None);
    }

    #[test]
    fn directives_are_relative_to_the_file() {
        assert_eq!(
            directive("site.toml").unwrap(),
            "#:schema ./schemas/site.schema.json"
        );
        assert_eq!(
            directive("data/rocus.toml").unwrap(),
            "#:schema ../schemas/rocus.schema.json"
        );
        assert_eq!(
            directive("data/responses/a-b.toml").unwrap(),
            "#:schema ../../schemas/response.schema.json"
        );
        assert_eq!(directive("content/about.md"), None);
    }

    #[test]
    fn schemas_are_draft_07_inlined_and_without_null() {
        for kind in Kind::ALL {
            let text = kind.schema_text();
            let schema: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                schema["$schema"], "http://json-schema.org/draft-07/schema#",
                "{kind}"
            );
            assert!(!text.contains("$ref"), "{kind}: {text}");
            assert!(!text.contains("\"null\""), "{kind}: {text}");
            assert!(!text.contains("anyOf"), "{kind}: {text}");
            // Descriptions are paragraphs, not source-code lines.
            assert!(
                !text.replace("\\n\\n", "").contains("\\n"),
                "{kind}: {text}"
            );
            assert_eq!(schema["additionalProperties"], false, "{kind}");
        }
    }

    #[test]
    fn fields_carry_their_doc_comments_and_optional_ones_are_not_required() {
        let schema = Kind::Response.schema();
        let date = &schema["properties"]["date"];
        assert_eq!(date["type"], "string");
        assert!(
            date["description"].as_str().unwrap().contains("2021-04-07"),
            "{date}"
        );
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(required.contains(&"author"));
        assert!(!required.contains(&"date"));
        assert!(!required.contains(&"position"));
        let position = &schema["properties"]["position"]["items"];
        assert_eq!(position["properties"]["recommendation"]["minimum"], 1);
        assert!(position["properties"]["recommendation"]["format"].is_null());
    }
}
