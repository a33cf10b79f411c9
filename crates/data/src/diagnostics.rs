//! One type for every problem the build reports to a person, and one place
//! that renders it.
//!
//! Each diagnostic names the file, the field and (through its span) the line
//! and column, says what is wrong and, where it can, how to fix it.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::model::Origin;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// What the build could not check, and why; never fails a build.
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// Byte range in the file, when the problem has a place.
    pub span: Option<Range<usize>>,
    /// The field (TOML key) concerned, when there is one.
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// For a warning, its name in [`WARNINGS`], which a site can silence.
    pub lint: Option<&'static str>,
}

/// The warnings the build gives, by name, with what each means. A site
/// silences one with `[warnings] allow = ["name"]` in `site.toml`.
pub const WARNINGS: &[(&str, &str)] = &[
    (
        "raw-html",
        "markdown contains raw HTML, which is shown as text",
    ),
    (
        "no-response",
        "forces have no response on record to an inspection that asks them to act",
    ),
    (
        "no-commentary",
        "recommendations have no commentary in content/recommendations/",
    ),
    (
        "unlisted-source",
        "files in seeds/ are not listed as source documents in data/sources.toml",
    ),
    (
        "site-size",
        "the built site has passed 80% of the host's size limit (site.toml's host_size_limit)",
    ),
];

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            span: None,
            field: None,
            message: message.into(),
            hint: None,
            lint: None,
        }
    }

    /// A warning of one of the kinds in [`WARNINGS`].
    pub fn warning(
        lint: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        debug_assert!(WARNINGS.iter().any(|(name, _)| *name == lint));
        Diagnostic {
            severity: Severity::Warning,
            lint: Some(lint),
            ..Diagnostic::error(file, message)
        }
    }

    /// A note: something the build did not do, and why.
    pub fn note(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, message)
        }
    }

    /// An error at a place already known from the model.
    pub fn at(origin: &Origin, field: &str, message: impl Into<String>) -> Self {
        Diagnostic::error(origin.file.clone(), message)
            .with_span(origin.span.clone())
            .with_field(field)
    }

    pub fn with_span(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The text of every file a diagnostic may point into, so that line,
/// column and snippet can be shown.
#[derive(Debug, Default, Clone)]
pub struct SourceFiles {
    /// Shared, so that a file read once can be kept from build to build,
    /// its path too.
    texts: BTreeMap<Arc<str>, Arc<str>>,
}

impl SourceFiles {
    pub fn insert(&mut self, path: &str, text: &str) {
        self.insert_shared(path, Arc::from(text));
    }

    pub fn insert_shared(&mut self, path: &str, text: Arc<str>) {
        self.insert_at(Arc::from(path), text);
    }

    /// [`SourceFiles::insert_shared`], with the path shared too.
    pub fn insert_at(&mut self, path: Arc<str>, text: Arc<str>) {
        self.texts.insert(path, text);
    }

    /// Moves every file of `other` into this one. (Not `BTreeMap::append`,
    /// which builds the whole map again: a file at a time, that was
    /// quadratic.)
    pub fn extend(&mut self, other: SourceFiles) {
        self.texts.extend(other.texts);
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.texts.get(path).map(|text| &**text)
    }

    pub fn shared(&self, path: &str) -> Option<Arc<str>> {
        self.texts.get(path).cloned()
    }

    /// The path and text of the file at `path`, both shared.
    pub fn entry(&self, path: &str) -> Option<(Arc<str>, Arc<str>)> {
        let (path, text) = self.texts.get_key_value(path)?;
        Some((Arc::clone(path), Arc::clone(text)))
    }

    /// The paths whose text differs from `earlier`'s (added, removed or
    /// edited), in order. A file kept from build to build is the same
    /// allocation, so only a file read again has its text compared.
    pub fn changed_since<'a>(&'a self, earlier: &'a SourceFiles) -> Vec<&'a str> {
        // Both are in path order: one walk through them side by side.
        let mut now = self.texts.iter().peekable();
        let mut then = earlier.texts.iter().peekable();
        let mut changed = Vec::new();
        loop {
            match (now.peek(), then.peek()) {
                (None, None) => return changed,
                (Some((a, _)), Some((b, _))) if a == b => {
                    let (path, text) = now.next().expect("peeked");
                    let (_, was) = then.next().expect("peeked");
                    if !Arc::ptr_eq(text, was) && text != was {
                        changed.push(&**path);
                    }
                }
                (Some((a, _)), Some((b, _))) if a > b => {
                    changed.push(&**then.next().expect("peeked").0);
                }
                (Some(_), _) => changed.push(&**now.next().expect("peeked").0),
                (None, Some(_)) => changed.push(&**then.next().expect("peeked").0),
            }
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Where each line of a text starts, so that the line of any offset is a
/// binary search rather than a count from the top (which made resolving a
/// file of thousands of records quadratic).
#[derive(Debug, Clone, Default)]
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn of(text: &str) -> Self {
        let breaks = text.match_indices('\n').map(|(i, _)| i + 1);
        LineStarts(std::iter::once(0).chain(breaks).collect())
    }

    /// The 1-based line holding byte `offset`; the same as
    /// [`line_column`]'s line.
    pub fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// A location line such as `data/forces.toml:12:7`.
pub fn location(diagnostic: &Diagnostic, files: &SourceFiles) -> String {
    match (&diagnostic.span, files.get(&diagnostic.file)) {
        (Some(span), Some(text)) => {
            let (line, column) = line_column(text, span.start);
            format!("{}:{line}:{column}", diagnostic.file)
        }
        _ => diagnostic.file.clone(),
    }
}

/// Renders diagnostics the way an editor reads them: a one-line summary with
/// file, line, column and field, then the marked snippet and the hint.
pub fn render(diagnostics: &[Diagnostic], files: &SourceFiles, colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(diagnostic, files, &renderer));
        out.push_str("\n\n");
    }
    out
}

fn render_one(diagnostic: &Diagnostic, files: &SourceFiles, renderer: &Renderer) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let title = match &diagnostic.field {
        Some(field) if !diagnostic.message.contains(&format!("`{field}`")) => {
            format!("{} (field `{field}`)", diagnostic.message)
        }
        _ => diagnostic.message.clone(),
    };
    let location = location(diagnostic, files);
    let mut primary = level.primary_title(title.as_str());
    if let Some(lint) = diagnostic.lint {
        primary = primary.id(lint);
    }
    let mut group = Group::with_title(primary);
    let snippet_text = files.get(&diagnostic.file);
    if let (Some(span), Some(text)) = (&diagnostic.span, snippet_text) {
        let span = clamp_span(text, span.clone());
        group = group.element(
            Snippet::source(text)
                .path(diagnostic.file.as_str())
                .annotation(AnnotationKind::Primary.span(span)),
        );
    } else {
        group = group.element(annotate_snippets::Origin::path(location.as_str()));
    }
    if let Some(hint) = &diagnostic.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    renderer.render(&[group])
}

fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    start..end
}

impl fmt::Display for Diagnostic {
    /// A compact form without line numbers, for logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{kind}: {}: ", self.file)?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// The closest candidate to a misspelt name, if one is close enough to be
/// a likely typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(wrong, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// A "did you mean" hint, or a list of the allowed values when none is close.
pub fn suggest(wrong: &str, candidates: &[&str]) -> String {
    match closest(wrong, candidates.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if candidates.len() <= 12 => format!(
            "expected one of: {}",
            candidates
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("no close match among {} known ids", candidates.len()),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_changed_are_those_added_removed_or_edited() {
        let mut earlier = SourceFiles::default();
        earlier.insert("kept.toml", "a = 1");
        earlier.insert("read-again.toml", "b = 2");
        earlier.insert("edited.toml", "c = 3");
        earlier.insert("removed.md", "gone");
        let mut now = SourceFiles::default();
        now.insert_shared("kept.toml", earlier.shared("kept.toml").unwrap());
        now.insert("read-again.toml", "b = 2");
        now.insert("edited.toml", "c = 4");
        now.insert("added.md", "new");
        let changed = now.changed_since(&earlier);
        assert_eq!(changed, ["added.md", "edited.toml", "removed.md"]);
        assert!(now.changed_since(&now.clone()).is_empty());
    }

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let text = "a = 1\nŵŷ = \"x\"\n";
        assert_eq!(line_column(text, 0), (1, 1));
        let offset = text.find('=').unwrap();
        assert_eq!(line_column(text, offset), (1, 3));
        let second = text.rfind('=').unwrap();
        assert_eq!(line_column(text, second), (2, 4));
        let lines = LineStarts::of(text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(
                    lines.line_of(offset),
                    line_column(text, offset).0,
                    "{offset}"
                );
            }
        }
    }

    #[test]
    fn near_misses_get_a_did_you_mean() {
        let ids = ["west-yorkshire", "south-yorkshire", "essex"];
        assert_eq!(
            suggest("west-yorks", &ids),
            "did you mean `west-yorkshire`?"
        );
        assert_eq!(
            suggest("zzzzzzzz", &ids),
            "expected one of: `west-yorkshire`, `south-yorkshire`, `essex`"
        );
    }

    #[test]
    fn rendering_names_file_line_column_field_and_hint() {
        let mut files = SourceFiles::default();
        let text = "[[force]]\nid = \"essex\"\nrocu = \"ersu\"\n";
        files.insert("data/forces.toml", text);
        let start = text.find("\"ersu").unwrap();
        let diagnostic = Diagnostic::error("data/forces.toml", "unknown ROCU `ersu`")
            .with_span(start..start + 6)
            .with_field("rocu")
            .with_hint("did you mean `ersou`?");
        let text = render(&[diagnostic], &files, false);
        assert!(
            text.contains("error: unknown ROCU `ersu` (field `rocu`)"),
            "{text}"
        );
        assert!(text.contains("data/forces.toml:3:8"), "{text}");
        assert!(text.contains("rocu = \"ersu\""), "{text}");
        assert!(text.contains("did you mean `ersou`?"), "{text}");
    }
}
