//! CSV on the Web metadata (`data/csv-metadata.json`, W3C CSVW): for each
//! CSV file its columns, their types and descriptions, and the as-of date
//! that `deadline_passed` and `deadline_state` were judged against, so the
//! date travels with the files. It sits where a CSVW processor looks for
//! the metadata of any CSV in the folder, and is made from the same schema
//! as the data page's column documentation.

use serde_json::{Value, json};

use super::records::KINDS;
use answerable_resolve::SiteView;

/// Where the metadata goes, beside the CSV files.
pub const PATH: &str = "csv-metadata.json";

/// The metadata for every CSV file, from the JSON Schema of the records.
pub fn metadata(view: &SiteView, schema: &Value) -> Value {
    let site = &view.site;
    let tables: Vec<Value> = KINDS
        .iter()
        .map(|kind| {
            json!({
                "url": format!("{}.csv", kind.name),
                "dc:title": kind.title,
                "dc:description": kind.description,
                "tableSchema": {
                    "columns": columns(schema, kind.definition),
                    "primaryKey": primary_key(kind.name),
                },
            })
        })
        .collect();
    json!({
        "@context": ["http://www.w3.org/ns/csvw", { "@language": site.language }],
        "dc:title": site.title,
        "dc:publisher": site.publisher,
        "dc:source": site.base_url,
        // The date every "deadline passed" in these files was judged against.
        "dc:date": { "@value": site.as_of_iso, "@type": "xsd:date" },
        "dc:description": format!(
            "{}: the data as of {}. Deadlines are judged against that date. \
             Files are UTF-8 with a byte order mark; lists are joined with \"; \"; \
             a cell that would start with = + - @ is prefixed with ' so that \
             spreadsheets do not run it (the JSON files keep the original).",
            site.title, site.as_of
        ),
        "dialect": { "encoding": "utf-8", "lineTerminators": ["\r\n"], "header": true },
        "tables": tables,
    })
}

/// The column or columns that identify a row.
fn primary_key(kind: &str) -> Value {
    match kind {
        "positions" => json!(["response_id", "recommendation_id"]),
        "statuses" => json!(["force_id", "recommendation_id"]),
        "sources" => json!("file"),
        "history" => json!([
            "recommendation_id",
            "body_kind",
            "body_name",
            "date",
            "delivery"
        ]),
        "deadline_revisions" => json!(["recommendation_id", "date"]),
        _ => json!("id"),
    }
}

/// The CSVW description of each column the data page documents.
fn columns(schema: &Value, definition: &str) -> Vec<Value> {
    super::columns(schema, definition)
        .into_iter()
        .map(|c| {
            let datatype = match c.json_type.as_str() {
                "integer" => "integer",
                "boolean" => "boolean",
                _ => "string",
            };
            let mut column = json!({
                "name": c.name.clone(),
                "titles": c.name,
                "dc:description": c.description,
                "datatype": datatype,
            });
            if c.json_type == "array" {
                column["separator"] = json!("; ");
            }
            column
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_typed_and_lists_get_a_separator() {
        let schema = json!({"$defs": {"Thing": {"properties": {
            "id": {"type": "string", "description": "The `id`."},
            "count": {"type": ["integer", "null"]},
            "tags": {"type": "array"},
        }}}});
        let columns = columns(&schema, "Thing");
        assert_eq!(columns[0]["name"], "id");
        assert_eq!(columns[0]["dc:description"], "The id.");
        assert_eq!(columns[0]["datatype"], "string");
        assert_eq!(columns[1]["datatype"], "integer");
        assert_eq!(columns[2]["separator"], "; ");
        assert!(columns[1].get("separator").is_none());
    }
}
