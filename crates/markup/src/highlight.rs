//! Syntax highlighting with syntect, as HTML with CSS classes (`hl-…`) so the
//! theme's stylesheet decides the colours and keeps them accessible.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxDefinition, SyntaxSet, SyntaxSetBuilder};
use syntect::util::LinesWithEndings;

const TOML_SYNTAX: &str = include_str!("../../../themes/default/syntaxes/TOML.sublime-syntax");
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Built once per build and shared by every page.
pub struct Highlighter {
    /// The bundled TOML grammar alone, for records: compiling it is quick,
    /// whereas rebuilding syntect's whole default set to add it took a
    /// noticeable part of a small site's build.
    toml: SyntaxSet,
    /// syntect's default grammars, loaded the first time a code block in
    /// another language needs them.
    others: OnceLock<SyntaxSet>,
}

impl Highlighter {
    pub fn new() -> Self {
        let mut builder = SyntaxSetBuilder::new();
        builder.add(
            SyntaxDefinition::load_from_str(TOML_SYNTAX, true, Some("TOML"))
                .expect("the bundled TOML grammar is valid"),
        );
        Highlighter {
            toml: builder.build(),
            others: OnceLock::new(),
        }
    }

    /// Highlights `code` as the language named by a code fence (`toml`,
    /// `rust`, `json` …). Unknown languages are shown plain, escaped.
    pub fn highlight(&self, code: &str, language: &str) -> String {
        if language.is_empty() {
            return escape_text(code);
        }
        let in_set = |set| Some((set, SyntaxSet::find_syntax_by_token(set, language)?));
        let found = in_set(&self.toml)
            .or_else(|| in_set(self.others.get_or_init(SyntaxSet::load_defaults_newlines)));
        let Some((syntaxes, syntax)) = found else {
            return escape_text(code);
        };
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return escape_text(code);
            }
        }
        generator.finalize()
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

fn escape_text(code: &str) -> String {
    answerable_base::html::escape_html(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_is_highlighted_with_classes_and_escaped() {
        let h = Highlighter::new();
        let html = h.highlight("# note\nname = \"<Essex & Kent>\"\n[[force]]\n", "toml");
        assert!(html.contains("hl-comment"), "{html}");
        assert!(html.contains("hl-string"), "{html}");
        assert!(html.contains("hl-entity"), "{html}");
        assert!(html.contains("&lt;Essex &amp; Kent&gt;"), "{html}");
        assert!(!html.contains("<Essex"), "{html}");
    }

    #[test]
    fn unknown_languages_are_plain_but_escaped() {
        let h = Highlighter::new();
        assert_eq!(h.highlight("<b>", "no-such-language"), "&lt;b&gt;");
    }

    #[test]
    fn other_languages_come_from_syntects_defaults() {
        let h = Highlighter::new();
        let html = h.highlight("fn main() {}\n", "rust");
        assert!(html.contains("hl-"), "{html}");
        assert!(html.contains("main"), "{html}");
    }
}
