//! Plain words for the TOML mistakes editors make most often, in place of
//! the parser's ("string values must be quoted, expected literal string"
//! means nothing to someone who pasted a name from Word).
//!
//! Each rule looks at the line the parser stopped on and recognises one
//! mistake: curly quotes, a date written day/month/year or that does not
//! exist, text running onto the next line, a `"""` never closed, quote
//! marks inside quoted text. Anything not recognised keeps the parser's
//! message.

use std::ops::Range;

/// What an editor is told instead of the parser's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub message: String,
    pub hint: String,
    /// The spot to mark, when it is not where the parser stopped.
    pub span: Option<Range<usize>>,
    /// Text whose further syntax errors only echo this one (the rest of a
    /// string that never closed).
    pub echoes: Range<usize>,
}

/// The line holding `offset`: its start and its text without the newline.
fn line_at(text: &str, offset: usize) -> (usize, &str) {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (start, text[start..end].trim_end_matches('\r'))
}

/// `key = value` on a line: the key, and the value's offset in the line.
fn key_value(line: &str) -> Option<(&str, usize)> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let after = line.find('=')? + 1;
    let value_at = after + (line[after..].len() - line[after..].trim_start().len());
    (!key.is_empty() && !key.starts_with(['[', '#'])).then_some((key, value_at))
}

fn line_number(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Advice for the syntax error the parser reported at `at`, if the line
/// shows a mistake we know.
pub fn syntax(text: &str, message: &str, at: usize) -> Option<Advice> {
    if message.contains("multi-line") {
        return unclosed_triple_quotes(text, at);
    }
    let (line_start, line) = line_at(text, at);
    let (key, value_at) = key_value(line)?;
    let value = line[value_at..].trim_end();
    let value_span = line_start + value_at..line_start + value_at + value.len();
    let here = |message: String, hint: String| Advice {
        message,
        hint,
        span: Some(value_span.clone()),
        echoes: at..at,
    };
    if value.starts_with(['“', '”', '‘', '’', '„']) {
        let inner = value.trim_matches(['“', '”', '‘', '’', '„', '"']);
        return Some(here(
            "this text is in curly quotes (“ ”), which TOML does not read as quote marks".into(),
            format!(
                "use straight quotes: `{key} = \"{inner}\"` (Word and Outlook curl quotes as you type; paste as plain text)"
            ),
        ));
    }
    if let Some((problem, fix)) = crate::dates::advice(value) {
        return Some(here(problem, fix));
    }
    if let Some(rest) = value.strip_prefix('"')
        && !rest.starts_with("\"\"")
    {
        return unclosed_or_cut_short(text, key, rest, line_start + value_at, at);
    }
    None
}

/// A `"` string that either never closes on its line, or is closed early
/// by a quote mark inside the text.
fn unclosed_or_cut_short(
    text: &str,
    key: &str,
    rest: &str,
    value_start: usize,
    at: usize,
) -> Option<Advice> {
    let closing = rest
        .char_indices()
        .find(|&(i, c)| c == '"' && !escaped(rest, i));
    let Some((close, _)) = closing else {
        // Never closed on this line: pasted over several lines, or the
        // closing quote forgotten.
        let line_end = value_start + 1 + rest.len();
        // Text that goes on reads as text on the next line; a field or a
        // table there means the quote mark was forgotten.
        let next_line = text[line_end..].trim_start_matches(['\r', '\n']);
        let next_line = next_line.lines().next().unwrap_or("").trim();
        let goes_on = !next_line.is_empty()
            && !next_line.starts_with(['[', '#'])
            && key_value(next_line).is_none();
        let next_quote = (text[line_end..].find('"').map(|i| line_end + i)).filter(|_| goes_on);
        return Some(match next_quote {
            Some(end) => Advice {
                message:
                    "this text runs onto the next line, but text in \"…\" must stay on one line"
                        .into(),
                hint: format!(
                    "for text of several lines, put three quote marks at each end: `{key} = \"\"\"` … `\"\"\"`"
                ),
                span: Some(value_start..line_end),
                echoes: at..text[end..].find('\n').map_or(text.len(), |i| end + i),
            },
            None => Advice {
                message: "the closing quote mark is missing".into(),
                hint: "end the text with `\"` on the same line".into(),
                span: Some(value_start..line_end),
                echoes: at..at,
            },
        });
    };
    // Closed, yet more follows: a quote mark inside the text ended it.
    let after = rest[close + 1..].trim();
    if after.is_empty() || after.starts_with('#') {
        return None;
    }
    let whole = rest.trim_end();
    let inner = whole.strip_suffix('"')?;
    let escaped_inner = inner.replace('"', "\\\"");
    let single = if inner.contains('\'') {
        String::new()
    } else {
        format!(", or put it in single quotes: `{key} = '{inner}'`")
    };
    Some(Advice {
        message: "a quote mark inside the text ends it early".into(),
        hint: format!(
            "put a backslash before each quote mark inside: `{key} = \"{escaped_inner}\"`{single}"
        ),
        span: Some(value_start..value_start + 1 + whole.len()),
        echoes: at..at,
    })
}

fn escaped(text: &str, i: usize) -> bool {
    text[..i].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// A `"""` (or `'''`) that opens text and never closes: the parser notices
/// only at the end of the file, so point at where it opens.
fn unclosed_triple_quotes(text: &str, at: usize) -> Option<Advice> {
    let mut open: Option<(usize, &str)> = None;
    let mut i = 0;
    while i < at.min(text.len()) {
        let rest = &text[i..];
        match open {
            None if rest.starts_with("\"\"\"") || rest.starts_with("'''") => {
                open = Some((i, &rest[..3]));
                i += 3;
            }
            Some((_, marks)) if rest.starts_with(marks) => {
                open = None;
                i += 3;
            }
            _ => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    let (start, marks) = open?;
    Some(Advice {
        message: format!(
            "the text opened with `{marks}` on line {} is never closed",
            line_number(text, start)
        ),
        hint: format!("end the text with `{marks}` where it ends"),
        span: Some(start..start + 3),
        echoes: at..text.len(),
    })
}

/// Advice for a shape error, from the text it points at: a table written
/// `[position]` where a list needs `[[position]]`.
pub fn shape(text: &str, message: &str, span: &Range<usize>) -> Option<(String, String)> {
    let written = text.get(span.clone())?;
    if message.starts_with("invalid type: map, expected a sequence")
        && let Some(name) = written.strip_prefix('[').and_then(|w| w.strip_suffix(']'))
        && !name.starts_with('[')
    {
        return Some((
            format!("`[{name}]` needs two brackets each side: `[[{name}]]`"),
            format!(
                "there can be several of these, so each one starts with `[[{name}]]`; one pair of brackets makes a single table"
            ),
        ));
    }
    None
}

/// Advice for a field that belongs at the top of the file but is written
/// below a `[table]`, where TOML files it under that table.
pub fn below_a_table(text: &str, key: &str, span: &Range<usize>) -> (String, String) {
    let header = text[..span.start.min(text.len())]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .unwrap_or("[…]");
    (
        format!("`{key}` is written below `{header}`, so it is read as part of that table"),
        format!(
            "move the line up, above the first line in brackets: the file's own fields come first, then its `{header}` tables"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advice(text: &str, message: &str, at: &str) -> Advice {
        let offset = text.find(at).expect("the spot is in the text");
        syntax(text, message, offset).expect("advice")
    }

    #[test]
    fn curly_quotes_are_named_and_the_straight_version_shown() {
        let a = advice(
            "author = “Nora North”\n",
            "string values must be quoted",
            "“",
        );
        assert!(a.message.contains("curly quotes"), "{}", a.message);
        assert!(a.hint.contains("`author = \"Nora North\"`"), "{}", a.hint);
        assert_eq!(a.span, Some(9..9 + "“Nora North”".len()));
    }

    #[test]
    fn text_over_two_lines_asks_for_triple_quotes() {
        let text = "summary = \"Accepts\nrecommendation 2.\"\nrole = \"R\"\n";
        let a = advice(text, "invalid basic string", "\nrec");
        assert!(
            a.message.contains("runs onto the next line"),
            "{}",
            a.message
        );
        assert!(a.hint.contains("`summary = \"\"\"`"), "{}", a.hint);
        // The second line's errors are echoes of the first.
        assert_eq!(&text[a.echoes.end..a.echoes.end + 1], "\n");
        assert!(a.echoes.contains(&text.find("2.").unwrap()));
        let a = advice("role = \"R\n", "invalid basic string", "\n");
        assert_eq!(a.message, "the closing quote mark is missing");
        let a = advice(
            "id = \"east\nname = \"East\"\n",
            "invalid basic string",
            "\n",
        );
        assert_eq!(a.message, "the closing quote mark is missing");
    }

    #[test]
    fn unclosed_triple_quotes_point_at_their_opening() {
        let text = "a = \"\"\"x\"\"\"\nsummary = \"\"\"Accepts\n\n[[position]]\nquote = \"x\"\n";
        let a = syntax(text, "invalid multi-line basic string", text.len()).unwrap();
        assert_eq!(
            a.message,
            "the text opened with `\"\"\"` on line 2 is never closed"
        );
        let opening = text.find("\"\"\"Accepts").unwrap();
        assert_eq!(a.span, Some(opening..opening + 3));
    }

    #[test]
    fn quote_marks_inside_text_are_explained_with_both_fixes() {
        let text = "author = \"Nora \"the boss\" North\"\n";
        let a = advice(text, "unexpected key or value", "the boss");
        assert_eq!(a.message, "a quote mark inside the text ends it early");
        assert!(
            a.hint.contains(r#"`author = "Nora \"the boss\" North"`"#),
            "{}",
            a.hint
        );
        assert!(
            a.hint.contains(r#"`author = 'Nora "the boss" North'`"#),
            "{}",
            a.hint
        );
    }

    #[test]
    fn dates_are_recognised_in_any_order() {
        let a = advice("date = 31/04/2021\n", "string values must be quoted", "31");
        assert_eq!(
            a.message,
            "31 April 2021 does not exist: April 2021 has 30 days"
        );
        let a = advice("date = 2021-04-31\n", "invalid date", "2021");
        assert_eq!(
            a.message,
            "31 April 2021 does not exist: April 2021 has 30 days"
        );
    }

    #[test]
    fn a_single_bracket_table_where_a_list_belongs() {
        let text = "a = 1\n[position]\n";
        let span = 6..16;
        let (message, _) = shape(text, "invalid type: map, expected a sequence", &span).unwrap();
        assert_eq!(
            message,
            "`[position]` needs two brackets each side: `[[position]]`"
        );
    }
}
