//! Syntax highlighting with syntect, as HTML with CSS classes (`hl-…`) so the
//! theme's stylesheet decides the colours and keeps them accessible.

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxDefinition, SyntaxSet};
use syntect::util::LinesWithEndings;

const TOML_SYNTAX: &str = include_str!("../themes/default/syntaxes/TOML.sublime-syntax");
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Built once per build and shared by every page.
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Highlighter {
    pub fn new() -> Self {
        let mut builder = SyntaxSet::load_defaults_newlines().into_builder();
        let toml = SyntaxDefinition::load_from_str(TOML_SYNTAX, true, Some("TOML"))
            .expect("the bundled TOML grammar is valid");
        builder.add(toml);
        Highlighter {
            syntaxes: builder.build(),
        }
    }

    /// Highlights `code` as the language named by a code fence (`toml`,
    /// `rust`, `json` …). Unknown languages are shown plain, escaped.
    pub fn highlight(&self, code: &str, language: &str) -> String {
        let syntax = self
            .syntaxes
            .find_syntax_by_token(language)
            .filter(|_| !language.is_empty());
        let Some(syntax) = syntax else {
            return escape_text(code);
        };
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
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
    crate::render::escape_html(code)
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
}
