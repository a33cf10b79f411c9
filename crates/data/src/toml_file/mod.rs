//! Reading one TOML file into a typed record, reporting every problem in it.
//!
//! `toml::from_str` stops at the first problem. An editor who made three
//! typos should see three errors, so syntax is parsed with recovery, and
//! the shape is checked repeatedly: after each error the key or table that
//! caused it is cut out of the parsed document and deserialisation runs
//! again, until it succeeds or nothing more can be cut.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};

mod advice;
use crate::diagnostics::{Diagnostic, closest};

/// More than this many problems in one file means the file is not the
/// kind the loader expected; listing them all would bury the useful ones.
const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Parses TOML text into `T`, turning every syntax or shape error into a
/// diagnostic that names the field.
pub fn parse_toml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Vec<Diagnostic>> {
    match parse_toml_partial(file, text) {
        (Some(value), problems) if problems.is_empty() => Ok(value),
        (_, problems) => Err(problems),
    }
}

/// Parses as much of the file as can be read: every problem in it, and
/// the value without the parts at fault, if anything is left. The value
/// lets the checks between files still run on a file with a mistake in it
/// (an unknown stance is found in the same run as a blank author).
pub fn parse_toml_partial<T: DeserializeOwned>(
    file: &str,
    text: &str,
) -> (Option<T>, Vec<Diagnostic>) {
    let (document, syntax_errors) = DeTable::parse_recoverable(text);
    let line_of = |offset: usize| {
        let before = &text.as_bytes()[..offset.min(text.len())];
        before.iter().filter(|&&b| b == b'\n').count()
    };
    // Recovery guesses, and its guesses cause echoes: a broken
    // `[[header]]` becomes a plain table, so every later `[[header]]` is
    // a "duplicate key"; one bad line can fail twice. Keep the first error
    // of each line and no echoes.
    // Advice that recognises a string left open also knows how far the
    // parser's confusion runs; errors there are echoes of it.
    let advised: Vec<_> = (syntax_errors.iter())
        .map(|e| {
            let at = e.span().map(|span| span.start);
            (
                e,
                at,
                at.and_then(|at| advice::syntax(text, e.message(), at)),
            )
        })
        .collect();
    let an_echo = |at: Option<usize>| {
        at.is_some_and(|at| {
            (advised.iter().filter_map(|(_, _, a)| a.as_ref()))
                .any(|a| a.echoes.start < at && a.echoes.contains(&at))
        })
    };
    let mut syntax_lines: Vec<Option<usize>> = Vec::new();
    let mut problems = Vec::new();
    for (i, (error, at, advice)) in advised.iter().enumerate() {
        let line = at.map(line_of);
        if an_echo(*at)
            || (i > 0 && (error.message() == "duplicate key" || syntax_lines.contains(&line)))
        {
            continue;
        }
        syntax_lines.push(line);
        let mut d = toml_error(file, text, error);
        if let Some(advice) = advice {
            d.message = advice.message.clone();
            d.hint = Some(advice.hint.clone());
            d.span = advice.span.clone().or(d.span);
        }
        problems.push(d);
    }
    let on_a_broken_line = |d: &Diagnostic| {
        d.span
            .as_ref()
            .is_some_and(|span| syntax_lines.contains(&Some(line_of(span.start))))
    };
    let mut empty = Vec::new();
    empty_strings(file, document.get_ref(), &mut empty);
    let (value, mut shape_problems) = shape::<T>(file, text, document);
    if !syntax_errors.is_empty() {
        // Recovery guesses at what a broken line meant, and the shape of
        // its guess is no news (a broken `[[force]` header makes the next
        // `[force.commissioner]` "a map, expected a sequence"): the shape
        // is checked once the syntax is fixed. Blanks elsewhere are real.
        shape_problems.clear();
        empty.retain(|e| !on_a_broken_line(e));
    }
    // A blank where a number belongs is one problem, not two.
    empty.retain(|e| !shape_problems.iter().any(|p| p.span == e.span));
    problems.extend(shape_problems);
    problems.extend(empty);
    // In file order, as an editor reads them.
    problems.sort_by_key(|d| d.span.as_ref().map(|s| s.start));
    problems.truncate(MAX_PROBLEMS_PER_FILE);
    (value, problems)
}

/// Deserialises the document into `T`, reporting every shape error, and
/// the value once the parts at fault are cut out, if any is left.
fn shape<T: DeserializeOwned>(
    file: &str,
    text: &str,
    mut document: Spanned<DeTable<'_>>,
) -> (Option<T>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut cut_keys: Vec<(Range<usize>, String)> = Vec::new();
    loop {
        let error = match T::deserialize(Deserializer::from(document.clone())) {
            Ok(value) => return (Some(value), problems),
            Err(error) => error,
        };
        let Some(span) = error.span() else {
            problems.push(toml_error(file, text, &error));
            return (None, problems);
        };
        // Cutting a bad key (or a misspelling of one) makes its table lack
        // it; that follow-on "missing field" says nothing new.
        let follow_on = backticked_after(error.message(), "missing field ").is_some_and(|field| {
            cut_keys
                .iter()
                .any(|(table, key)| *table == span && closest(key, [field.as_str()]).is_some())
        });
        if !follow_on {
            let mut d = toml_error(file, text, &error);
            if let Some(key) = backticked_after(error.message(), "unknown field ")
                && is_a_top_level_field::<T>(&key)
            {
                let (message, hint) = advice::below_a_table(text, &key, &span);
                d.message = message;
                d.hint = Some(hint);
            }
            problems.push(d);
        }
        if problems.len() >= MAX_PROBLEMS_PER_FILE || !cut(&mut document, &span, &mut cut_keys) {
            return (None, problems);
        }
    }
}

/// Whether `key` is a field of the file itself (not of its tables): then
/// an "unknown field" inside a table means the line is below the table.
fn is_a_top_level_field<T: DeserializeOwned>(key: &str) -> bool {
    let probe = format!("{key} = 0\n");
    let Ok(document) = DeTable::parse(&probe) else {
        return false;
    };
    match T::deserialize(Deserializer::from(document)) {
        Ok(_) => true,
        Err(e) => !e.message().starts_with("unknown field"),
    }
}

/// Reports every blank text value (`""`, or only spaces). Blank text is
/// never a value in this data: an optional field is left out, not left
/// blank. So a blank marks a value still to be written, which is how
/// files made by `answerable new` mark theirs, and `check` then lists
/// exactly what is left to fill in.
fn empty_strings(file: &str, table: &DeTable<'_>, out: &mut Vec<Diagnostic>) {
    for (key, value) in table {
        let key = key.get_ref().as_ref();
        match value.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => out.push(
                Diagnostic::error(file, format!("`{key}` is empty"))
                    .with_span(value.span())
                    .with_field(key)
                    .with_hint("write the value between the quotes, or delete the line if the field is optional (docs/data-format.md says which are)"),
            ),
            DeValue::Array(items) => {
                for item in items {
                    match item.get_ref() {
                        DeValue::String(s) if s.trim().is_empty() => out.push(
                            Diagnostic::error(file, format!("an entry of `{key}` is empty"))
                                .with_span(item.span())
                                .with_field(key)
                                .with_hint("write it between the quotes, or remove it from the list"),
                        ),
                        DeValue::Table(inner) => empty_strings(file, inner, out),
                        _ => {}
                    }
                }
            }
            DeValue::Table(inner) => empty_strings(file, inner, out),
            _ => {}
        }
    }
}

/// What became of the search for the thing an error points at.
enum Cut {
    /// It was found inside and cut.
    Done,
    /// It is this value itself: its parent should drop it.
    Whole,
    /// It is not in this value.
    Elsewhere,
}

/// Removes the innermost key, table or array item the error points at.
/// Returns false when nothing matches (an error about the document as a
/// whole), so there is nothing left to try.
///
/// Spans of array-of-tables items and sub-tables cover only their
/// `[header]` line, so the search matches spans exactly (a bad key, a bad
/// scalar value, the header a missing field points at) rather than by
/// enclosure, looking deepest first.
fn cut(
    document: &mut Spanned<DeTable<'_>>,
    span: &Range<usize>,
    cut_keys: &mut Vec<(Range<usize>, String)>,
) -> bool {
    let table_span = document.span();
    matches!(
        cut_in_table(document.get_mut(), table_span, span, cut_keys),
        Cut::Done
    )
}

fn cut_in_table(
    table: &mut DeTable<'_>,
    table_span: Range<usize>,
    span: &Range<usize>,
    cut_keys: &mut Vec<(Range<usize>, String)>,
) -> Cut {
    let mut bad_key = None;
    for (key, value) in table.iter_mut() {
        if key.span().contains(&span.start) {
            bad_key = Some(key.get_ref().to_string());
            break;
        }
        match cut_in_value(value, span, cut_keys) {
            Cut::Done => return Cut::Done,
            Cut::Whole => {
                bad_key = Some(key.get_ref().to_string());
                break;
            }
            Cut::Elsewhere => {}
        }
    }
    let Some(key) = bad_key else {
        return Cut::Elsewhere;
    };
    table.remove(key.as_str());
    cut_keys.push((table_span, key));
    Cut::Done
}

fn cut_in_value(
    value: &mut Spanned<DeValue<'_>>,
    span: &Range<usize>,
    cut_keys: &mut Vec<(Range<usize>, String)>,
) -> Cut {
    let value_span = value.span();
    let inside = match value.get_mut() {
        DeValue::Table(table) => cut_in_table(table, value_span.clone(), span, cut_keys),
        DeValue::Array(array) => cut_in_array(array, span, cut_keys),
        _ if encloses(&value_span, span) => return Cut::Whole,
        _ => return Cut::Elsewhere,
    };
    match inside {
        Cut::Elsewhere if value_span == *span => Cut::Whole,
        other => other,
    }
}

fn cut_in_array(
    array: &mut DeArray<'_>,
    span: &Range<usize>,
    cut_keys: &mut Vec<(Range<usize>, String)>,
) -> Cut {
    for index in 0..array.len() {
        match cut_in_value(&mut array.as_mut()[index], span, cut_keys) {
            Cut::Done => return Cut::Done,
            Cut::Whole => {
                // `DeArray` cannot remove in place; rebuild it without the item.
                let mut kept = DeArray::new();
                for (i, item) in array.iter().enumerate() {
                    if i != index {
                        kept.push(item.clone());
                    }
                }
                *array = kept;
                return Cut::Done;
            }
            Cut::Elsewhere => {}
        }
    }
    Cut::Elsewhere
}

fn encloses(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// A diagnostic for one TOML error, naming the field and hinting at a fix.
pub fn toml_error(file: &str, text: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let mut d = Diagnostic::error(file, first_sentence(&message));
    if let Some(span) = error.span() {
        d = d.with_span(span.clone());
        if let Some(field) = backticked_after(&message, "unknown field ")
            .or_else(|| backticked_after(&message, "missing field "))
            .or_else(|| field_at(text, span.start))
        {
            d = d.with_field(field);
        }
    }
    if let Some((_, expected)) = message.split_once(", expected one of ") {
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let unknown = backticked_after(&message, "unknown field ").unwrap_or_default();
        d = d.with_hint(match closest(&unknown, allowed) {
            Some(near) => format!("did you mean `{near}`? allowed fields here: {expected}"),
            None => format!("check the spelling; allowed fields here: {expected}"),
        });
    } else if message.starts_with("missing field") {
        d = d.with_hint("add the field to this table (see docs/data-format.md)");
    } else if let Some((message, hint)) = error
        .span()
        .and_then(|span| advice::shape(text, &message, &span))
    {
        d.message = message;
        d = d.with_hint(hint);
    } else if message.starts_with("invalid type") {
        d = d.with_hint(type_hint(&message));
    }
    d
}

fn first_sentence(message: &str) -> String {
    match message.split_once(", expected one of ") {
        Some((head, _)) => head.to_string(),
        None => message.to_string(),
    }
}

fn type_hint(message: &str) -> String {
    if message.contains("expected a string") {
        "put the value in double quotes".to_string()
    } else if message.contains("expected a sequence") {
        "write a list in square brackets, e.g. `[\"a\", \"b\"]`".to_string()
    } else if message.contains("expected u32") || message.contains("expected i64") {
        "write a whole number without quotes".to_string()
    } else {
        "see docs/data-format.md for the type this field takes".to_string()
    }
}

fn backticked_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split_once('`').map(|(name, _)| name.to_string())
}

/// The key written on the line at `offset`, as in `key = value`.
fn field_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text.as_bytes()[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let valid = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    valid.then(|| key.to_string())
}

/// An exact date from a TOML value, if it is one.
pub fn toml_date(value: &toml::Value) -> Option<time::Date> {
    let toml::Value::Datetime(dt) = value else {
        return None;
    };
    if dt.time.is_some() || dt.offset.is_some() {
        return None;
    }
    let d = dt.date?;
    time::Date::from_calendar_date(
        i32::from(d.year),
        time::Month::try_from(d.month).ok()?,
        d.day,
    )
    .ok()
}
