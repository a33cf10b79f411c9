//! The text of one record in its data file, for the "data behind this
//! page" panels.

/// A whole file without its leading editor directives (`#:schema …`, which
/// tells VS Code where the file's JSON Schema is and means nothing to a
/// reader), and the offset where the rest starts.
pub(crate) fn without_directives(text: &str) -> (&str, usize) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if !line.starts_with("#:") {
            break;
        }
        offset += line.len();
    }
    (&text[offset..], offset)
}

/// The text of one `[[name]]` entry starting at `start`, ending before the
/// next header that is not `[name.…]`, without trailing blank or comment
/// lines (those introduce the next record).
pub fn record_text<'t>(text: &'t str, start: usize, name: &str) -> &'t str {
    let start = start.min(text.len());
    let rest = &text[start..];
    let mut end = rest.len();
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if i > 0 && trimmed.starts_with('[') {
            let header = trimmed.trim_start_matches('[').trim_start();
            let sub_table = header.starts_with(&format!("{name}.")) && !trimmed.starts_with("[[");
            if !sub_table {
                end = offset;
                break;
            }
        }
        offset += line.len();
    }
    let mut record = &rest[..end];
    loop {
        let trimmed = record.trim_end();
        let last_line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let last = trimmed[last_line_start..].trim_start();
        if last.starts_with('#') && last_line_start > 0 {
            record = &trimmed[..last_line_start];
        } else {
            return trimmed;
        }
    }
}
