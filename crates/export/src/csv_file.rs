//! CSV files: a header row, one row per record, lists joined with "; ",
//! formulas neutralised, and a byte order mark for Excel.

use std::io::{self, Write};

use serde_json::Value;

/// What starts every CSV file, so that Excel reads it as UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// CSV text of records (JSON objects), one row each, under a header row,
/// written as the records come so that no list of them is held.
pub struct CsvWriter<'c, W: Write> {
    columns: &'c [String],
    writer: csv::Writer<W>,
    error: Option<csv::Error>,
}

impl<'c, W: Write> CsvWriter<'c, W> {
    pub fn new(columns: &'c [String], mut out: W) -> Self {
        // Excel on Windows reads a CSV without a byte order mark as the
        // local code page (`Agency’s` shows as `Agencyâ€™s`); LibreOffice,
        // pandas and readr skip the mark.
        let bom = out.write_all(UTF8_BOM).map_err(csv::Error::from).err();
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let error = bom.or_else(|| writer.write_record(columns).err());
        CsvWriter {
            columns,
            writer,
            error,
        }
    }

    /// Writes one record; after a failed write, nothing more is written
    /// and [`CsvWriter::finish`] reports the failure.
    pub fn row(&mut self, record: &Value) {
        if self.error.is_none() {
            let row = self.columns.iter().map(|c| cell(&record[c.as_str()]));
            self.error = self.writer.write_record(row).err();
        }
    }

    pub fn finish(mut self) -> io::Result<()> {
        match self.error {
            Some(e) => Err(e.into()),
            None => self.writer.flush(),
        }
    }
}

/// One CSV cell: lists joined with "; ", empty for null, and text that a
/// spreadsheet would run as a formula neutralised.
fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    };
    neutralise_formula(&text)
}

/// OWASP's advice against CSV injection: a cell that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`, so spreadsheets
/// show it as text instead of running it. The JSON keeps the original.
pub fn neutralise_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}
