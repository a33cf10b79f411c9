//! The theme's templates: loading them (the default theme, then the site's
//! own `templates/` over it), compiling them, and turning tera's errors into
//! diagnostics that point at the template, line and column.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use tera::Tera;

use crate::{Memos, compact};
use answerable_data::diagnostics::{Diagnostic, SourceFiles};

macro_rules! theme_templates {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, by name.
pub const THEME_TEMPLATES: [(&str, &str); 26] = theme_templates![
    "base.html",
    "macros.html",
    "charts.html",
    "home.html",
    "home-charts.html",
    "inspection.html",
    "recommendation.html",
    "rocu.html",
    "force.html",
    "response.html",
    "source.html",
    "page.html",
    "inspections.html",
    "recommendations.html",
    "rocus.html",
    "forces.html",
    "responses.html",
    "sources.html",
    "search.html",
    "a-z.html",
    "404.html",
    "redirect.html",
    "sitemap.xml",
    "robots.txt",
    "data.html",
    "feed.xml",
];

/// The compiled templates, and where each came from, so that an error
/// can name the file a person would edit.
pub struct Templates {
    pub tera: Tera,
    /// `(name, path shown to people)`, for every template.
    paths: Vec<(String, String)>,
    /// A hash of every template's text: a page rendered with other
    /// templates is another page.
    pub key: u64,
}

/// Loads and compiles the templates. Their text goes into `files`, so that
/// errors can show the line at fault. Compiled templates are taken from
/// `memos` when no template's text changed.
pub fn load(
    root: &Path,
    files: &mut SourceFiles,
    memos: &Memos,
) -> Result<Arc<Templates>, Vec<Diagnostic>> {
    let sources = sources(root)?;
    for (_, path, text) in &sources {
        files.insert(path, text);
    }
    let key = answerable_base::memo::key(&sources);
    let files = &*files;
    memos
        .templates
        .try_get_or(key, || compile(&sources, key, files).map(Arc::new))
}

fn compile(
    sources: &[(String, String, String)],
    key: u64,
    files: &SourceFiles,
) -> Result<Templates, Vec<Diagnostic>> {
    let paths: Vec<(String, String)> = sources
        .iter()
        .map(|(name, path, _)| (name.clone(), path.clone()))
        .collect();
    // The templates as written are parsed first, so that a fault is shown
    // at its line in the file a person edits; pages are drawn from the
    // compacted ones, which differ only in white space outside tera's tags.
    let mut templates = Templates {
        tera: tera(),
        paths,
        key,
    };
    let as_written = sources
        .iter()
        .map(|(name, _, text)| (name.as_str(), text.as_str()));
    if let Err(e) = templates.tera.add_raw_templates(as_written) {
        return Err(vec![templates.parse_error(&e, files)]);
    }
    let compacted: Vec<(&str, String)> = sources
        .iter()
        .map(|(name, _, text)| {
            let text = if name.ends_with(".html") {
                compact::compact(text)
            } else {
                text.clone()
            };
            (name.as_str(), text)
        })
        .collect();
    let mut tera = tera();
    let compacted = compacted.iter().map(|(name, text)| (*name, text.as_str()));
    // Taking out white space between tags cannot make a template that
    // parsed fail to; were it to, the pages are drawn as written.
    if tera.add_raw_templates(compacted).is_ok() {
        templates.tera = tera;
    }
    Ok(templates)
}

fn tera() -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(answerable_base::html::escape_html);
    tera.register_filter("text_blocks", TextBlocks);
    tera
}

/// `(name, path shown to people, text)` of the theme's templates with the
/// site's own over them.
fn sources(root: &Path) -> Result<Vec<(String, String, String)>, Vec<Diagnostic>> {
    let mut sources: Vec<(String, String, String)> = THEME_TEMPLATES
        .iter()
        .map(|(name, text)| {
            (
                name.to_string(),
                format!("themes/default/templates/{name}"),
                text.to_string(),
            )
        })
        .collect();
    let dir = root.join("templates");
    if !dir.is_dir() {
        return Ok(sources);
    }
    let cannot = |what: &str, e: std::io::Error| {
        vec![Diagnostic::error(what, format!("cannot read it: {e}"))]
    };
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .map_err(|e| cannot("templates", e))?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("templates/{name}");
        let text = fs::read_to_string(entry.path()).map_err(|e| cannot(&path, e))?;
        sources.retain(|(n, _, _)| n != &name);
        sources.push((name, path, text));
    }
    Ok(sources)
}

impl Templates {
    fn path_of(&self, name: &str) -> String {
        self.paths
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| format!("templates/{name}"), |(_, path)| path.clone())
    }

    /// The template a tera message names last (`… while rendering 'x'`,
    /// `Failed to parse 'x'`), which is where the fault is.
    fn culprit(&self, message: &str, fallback: &str) -> String {
        let named = message
            .rsplit('\'')
            .skip(1)
            .step_by(2)
            .find(|candidate| self.paths.iter().any(|(n, _)| n == candidate));
        self.path_of(named.unwrap_or(fallback))
    }

    /// A template that does not parse. Tera gives the line and column as
    /// `--> 2:31` and what it expected after `= `.
    fn parse_error(&self, error: &tera::Error, files: &SourceFiles) -> Diagnostic {
        let chain = super::error_chain(error);
        let path = self.culprit(&chain, "templates");
        let expected = chain
            .lines()
            .rev()
            .find_map(|line| line.trim_start().strip_prefix("= "))
            .unwrap_or(chain.lines().next().unwrap_or_default());
        let mut d = Diagnostic::error(&path, format!("the template cannot be parsed: {expected}"))
            .with_hint("fix the tera syntax at the place marked (see docs/theming.md)");
        if let Some(offset) = line_column_in(&chain)
            .and_then(|(line, column)| offset_of(files.get(&path)?, line, column))
        {
            d = d.with_span(offset..offset + 1);
        }
        d
    }

    /// A template that parsed but failed on a page, usually a variable or
    /// filter that does not exist. Tera does not say where, so the error
    /// points at the first use of the name it complains about.
    pub fn render_error(
        &self,
        template: &str,
        output: &str,
        error: &tera::Error,
        files: &SourceFiles,
    ) -> Diagnostic {
        let chain = super::error_chain(error);
        let path = self.culprit(&chain, template);
        let message = chain
            .split(": ")
            .last()
            .unwrap_or(&chain)
            .split(" while rendering ")
            .next()
            .unwrap_or(&chain)
            .to_string();
        let mut d = Diagnostic::error(&path, format!("the template failed: {message}")).with_hint(
            format!("first seen rendering `{output}`; check the names against docs/theming.md"),
        );
        let name = message.split('`').nth(1);
        if let Some(span) = name.zip(files.get(&path)).and_then(|(name, text)| {
            let start = text.find(name)?;
            Some(start..start + name.len())
        }) {
            d = d.with_span(span);
        }
        d
    }
}

/// The `line:column` after tera's `--> ` marker.
fn line_column_in(message: &str) -> Option<(usize, usize)> {
    let after = message.split_once("--> ")?.1;
    let (line, rest) = after.split_once(':')?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// The byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let line_text = &text[line_start..];
    let within = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(line_start + within)
}

/// `{{ r.text | text_blocks }}`: a document's plain text as escaped
/// paragraphs and lists ([`answerable_base::html::text_blocks`]).
struct TextBlocks;

impl tera::Filter for TextBlocks {
    fn filter(
        &self,
        value: &tera::Value,
        _: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let text = value
            .as_str()
            .ok_or_else(|| tera::Error::msg("text_blocks takes text"))?;
        Ok(tera::Value::String(answerable_base::html::text_blocks(
            text,
        )))
    }

    /// Its output is HTML it has escaped itself.
    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tera_positions_become_offsets() {
        assert_eq!(line_column_in("x --> 2:31\n  |"), Some((2, 31)));
        assert_eq!(offset_of("ab\ncdé f", 2, 5), Some(8));
        assert_eq!(offset_of("ab", 1, 1), Some(0));
    }
}
