//! The JSON Schema of the open data, generated from the record types, and
//! the documented columns of each kind of record read back from it.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::records::DataFile;

/// The JSON Schema of every JSON file, generated from the record types.
pub fn schema_value(id: &str) -> Value {
    let schema = schemars::schema_for!(DataFile);
    let mut value = schema.to_value();
    if let Some(object) = value.as_object_mut() {
        let mut ordered = Map::new();
        if let Some(s) = object.remove("$schema") {
            ordered.insert("$schema".into(), s);
        }
        ordered.insert("$id".into(), Value::String(id.to_string()));
        ordered.extend(std::mem::take(object));
        *object = ordered;
    }
    value
}

/// A documented column (or JSON field) of one kind of record.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// In words: "text", "number", "list of text", "true or false", with
    /// ", may be empty" when it can be null.
    pub kind: String,
    pub description: String,
    /// Its JSON Schema type apart from null: `string`, `integer`,
    /// `boolean` or `array`.
    pub json_type: String,
}

/// The columns of one kind of record, in order, from the schema.
pub fn columns(schema: &Value, definition: &str) -> Vec<Column> {
    let Some(properties) = schema["$defs"][definition]["properties"].as_object() else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, property)| {
            let types: Vec<&str> = match &property["type"] {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            let json_type = types.iter().find(|t| **t != "null").copied().unwrap_or("");
            let base = match json_type {
                "string" => "text",
                "integer" => "whole number",
                "boolean" => "true or false",
                "array" => "list of text (in CSV, joined with \"; \")",
                _ => "value",
            };
            let kind = if types.contains(&"null") {
                format!("{base}, or empty")
            } else {
                base.to_string()
            };
            Column {
                name: name.clone(),
                kind,
                // Doc comments mark names with backticks; the page shows
                // plain text.
                description: property["description"]
                    .as_str()
                    .unwrap_or("")
                    .replace('`', ""),
                json_type: json_type.to_string(),
            }
        })
        .collect()
}

/// The top-level fields of every JSON file, from the schema.
pub(crate) fn columns_of_root(schema: &Value) -> Vec<Column> {
    let mut wrapped = Value::Object(Map::new());
    wrapped["$defs"] = serde_json::json!({ "DataFile": schema.clone() });
    columns(&wrapped, "DataFile")
        .into_iter()
        .map(|mut c| {
            if c.description.is_empty() {
                c.kind = "list of records, or absent".to_string();
                c.description = format!("The {} records (see below).", c.name);
            }
            c
        })
        .collect()
}
