//! Syntax highlighting with syntect, as HTML with CSS classes (`hl-…`) so the
//! theme's stylesheet decides the colours and keeps them accessible.
//!
//! Only scopes the theme colours get an element, with one class each:
//! syntect's own HTML gives every scope a span with a class per atom
//! (`hl-punctuation hl-definition hl-string hl-begin hl-toml`), which made
//! a record's highlighted TOML seven times the size of its text and
//! two-fifths of a response page. Punctuation inside a coloured scope
//! (a string's quote marks) takes that scope's colour and gets no element
//! of its own: those were a third of a record's markup. Nor does what the
//! stylesheet would draw in the text's own colour (punctuation) or leaves
//! plain (operators: TOML's `=`, on every line of a record): those two were
//! a fifth of what was left, 7 MB of a 10,000-page site.

use std::sync::OnceLock;

use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxDefinition, SyntaxReference, SyntaxSet,
    SyntaxSetBuilder,
};
use syntect::util::LinesWithEndings;

const TOML_SYNTAX: &str = include_str!("../../../themes/default/syntaxes/TOML.sublime-syntax");

/// The scopes the stylesheet colours (`.hl-comment` …), by their first
/// atom: a scope gets the class of its first atom in this list, and a
/// scope with none gets no element.
pub const STYLED: [&str; 8] = [
    "comment", "string", "constant", "entity", "variable", "key", "keyword", "storage",
];

/// Scopes that get no element of their own, though an atom of theirs is
/// styled (`punctuation.definition.string`): punctuation is drawn in its
/// scope's colour or the text's, and an operator reads as well in the
/// text's colour as a keyword's.
const PLAIN: [&str; 2] = ["punctuation", "keyword.operator"];

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
        classed(code, syntax, syntaxes).unwrap_or_else(|| escape_text(code))
    }
}

/// `code` as escaped HTML with a `<span class="hl-…">` for each styled
/// scope, nested as the scopes are; `None` if the grammar fails on it.
fn classed(code: &str, syntax: &SyntaxReference, syntaxes: &SyntaxSet) -> Option<String> {
    let mut out = String::with_capacity(code.len() * 2);
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    // For each scope on the stack, whether it opened an element.
    let mut opened: Vec<bool> = Vec::new();
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, syntaxes).ok()?;
        let mut at = 0;
        for (to, op) in ops {
            out.push_str(&escape_text(&line[at..to]));
            at = to;
            stack
                .apply_with_hook(&op, |basic, _| match basic {
                    BasicScopeStackOp::Push(scope) => {
                        let class = styled_class(scope);
                        if let Some(class) = class {
                            out.push_str("<span class=\"hl-");
                            out.push_str(class);
                            out.push_str("\">");
                        }
                        opened.push(class.is_some());
                    }
                    BasicScopeStackOp::Pop => {
                        if opened.pop() == Some(true) {
                            out.push_str("</span>");
                        }
                    }
                })
                .ok()?;
        }
        out.push_str(&escape_text(&line[at..]));
    }
    for was_opened in opened.into_iter().rev() {
        if was_opened {
            out.push_str("</span>");
        }
    }
    Some(out)
}

/// The class of the first atom of `scope` the theme colours, if any.
fn styled_class(scope: Scope) -> Option<&'static str> {
    let name = scope.build_string();
    if PLAIN.iter().any(|plain| name.starts_with(plain)) {
        return None;
    }
    name.split('.')
        .find_map(|atom| STYLED.iter().find(|styled| **styled == atom).copied())
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
        // One class per element, and only the classes the theme colours.
        for class in html.split("class=\"").skip(1) {
            let class = &class[..class.find('"').unwrap()];
            assert!(
                STYLED.iter().any(|s| class == format!("hl-{s}")),
                "{class} in {html}"
            );
        }
        // The text is all there, in order.
        let text: String = html
            .split('<')
            .map(|part| part.split_once('>').map_or(part, |(_, text)| text))
            .collect();
        assert_eq!(
            text,
            "# note\nname = &quot;&lt;Essex &amp; Kent&gt;&quot;\n[[force]]\n"
        );
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        // A string's quote marks are part of the string's one element.
        assert!(
            html.contains("<span class=\"hl-string\">&quot;&lt;Essex &amp; Kent&gt;&quot;</span>"),
            "{html}"
        );
        // Neither a table's brackets nor `=` get an element of their own.
        assert!(
            html.contains("\n[[<span class=\"hl-entity\">force</span>]]\n"),
            "{html}"
        );
        assert!(html.contains("</span> = <span"), "{html}");
    }

    #[test]
    fn a_comment_and_a_keyword_keep_their_colour_without_their_punctuation() {
        let h = Highlighter::new();
        let html = h.highlight("// note\nfn main() { let a = 1; }\n", "rust");
        assert!(
            html.contains("<span class=\"hl-comment\">// note\n</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-storage\">fn</span>"),
            "{html}"
        );
        assert!(!html.contains("<span class=\"hl-comment\"><span"), "{html}");
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
