//! The theme's HTML templates without the line breaks and indentation that
//! no reader ever sees, taken out once when the templates are compiled
//! rather than minifying every page the build writes.
//!
//! A run of white space is taken out only if it holds a line break and
//! touches the start or end tag of an element that CSS lays out as a block
//! (or a table's or the head's parts, which ignore white space). Beside such a
//! tag the run is shown as nothing, whatever the template's control flow
//! puts on its other side: the run and the tag are one piece of template
//! text, always written together. White space between inline elements
//! (`</a>\n<a>`), beside tera's own tags only, or inside `<pre>`,
//! `<textarea>`, `<script>` and `<style>` is left as written, and so is
//! everything inside `{{ }}`, `{% %}` and `{# #}`.

/// Elements beside whose tags a line break is never seen: blocks, list
/// items, table parts and the document's head.
const BLOCK: &[&str] = &[
    "!doctype",
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "ol",
    "option",
    "p",
    "section",
    "select",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose content is shown (or run) exactly as written.
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];

/// `template` with the white space no reader sees taken out.
pub fn compact(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    // Whether the piece just copied is a block-level tag.
    let mut after_block = false;
    while let Some(first) = rest.chars().next() {
        let taken = if let Some(len) = tera_tag_len(rest) {
            after_block = false;
            len
        } else if let Some(len) = rest.starts_with("<!--").then(|| comment_len(rest)) {
            after_block = false;
            len
        } else if let Some(tag) = Tag::at(rest) {
            after_block = tag.is_block();
            if !tag.closing && VERBATIM.contains(&tag.name.as_str()) {
                after_block = false;
                tag.len + verbatim_len(&rest[tag.len..], &tag.name)
            } else {
                tag.len
            }
        } else if is_space(first) {
            let len = rest.len() - rest.trim_start_matches(is_space).len();
            let (run, after) = rest.split_at(len);
            let before_block = Tag::at(after).is_some_and(|tag| tag.is_block());
            if run.contains('\n') && (after_block || before_block) {
                rest = after;
                continue;
            }
            len
        } else {
            after_block = false;
            first.len_utf8()
        };
        out.push_str(&rest[..taken]);
        rest = &rest[taken..];
    }
    out
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// The length of the tera tag `text` starts with, if it starts with one.
fn tera_tag_len(text: &str) -> Option<usize> {
    let close = match text.get(..2)? {
        "{{" => "}}",
        "{%" => "%}",
        "{#" => "#}",
        _ => return None,
    };
    text[2..].find(close).map(|end| 2 + end + close.len())
}

fn comment_len(text: &str) -> usize {
    text.find("-->").map_or(text.len(), |end| end + 3)
}

/// The length of an element's content up to its end tag.
fn verbatim_len(text: &str, name: &str) -> usize {
    let end_tag = format!("</{name}");
    text.to_ascii_lowercase()
        .find(&end_tag)
        .unwrap_or(text.len())
}

/// An HTML start or end tag at the start of some template text.
struct Tag {
    name: String,
    closing: bool,
    /// Up to and including its `>`, past any tera tags and quoted values
    /// inside it.
    len: usize,
}

impl Tag {
    fn at(text: &str) -> Option<Tag> {
        let after = text.strip_prefix('<')?;
        let (closing, after) = match after.strip_prefix('/') {
            Some(after) => (true, after),
            None => (false, after),
        };
        let bang = after.starts_with('!');
        let name_len = after
            .char_indices()
            .skip(usize::from(bang))
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-'))
            .map_or(after.len(), |(i, _)| i);
        if name_len == usize::from(bang) {
            return None;
        }
        let name = after[..name_len].to_ascii_lowercase();
        let start = text.len() - after.len() + name_len;
        let mut quote = None;
        let mut i = start;
        while let Some(c) = text[i..].chars().next() {
            if let Some(len) = tera_tag_len(&text[i..]) {
                i += len;
                continue;
            }
            match (quote, c) {
                (None, '>') => {
                    return Some(Tag {
                        name,
                        closing,
                        len: i + 1,
                    });
                }
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            i += c.len_utf8();
        }
        None
    }

    fn is_block(&self) -> bool {
        BLOCK.contains(&self.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn line_breaks_beside_block_tags_go() {
        let template = "<ul>\n  {% for x in xs %}\n  <li>\n    <a href=\"{{ x.url }}\">{{ x.title }}</a>\n  </li>\n  {% endfor %}\n</ul>\n";
        assert_eq!(
            compact(template),
            "<ul>{% for x in xs %}<li><a href=\"{{ x.url }}\">{{ x.title }}</a></li>{% endfor %}</ul>"
        );
    }

    #[test]
    fn space_between_inline_elements_and_text_stays() {
        for template in [
            "<p>\n  <a href=\"/a/\">A</a>\n  <a href=\"/b/\">B</a>\n</p>",
            "<span>one\n  two</span>",
            "<p>{{ a }}\n  {{ b }}</p>",
            "<p>{% if a %}\n  <em>a</em>\n{% endif %}\n<em>b</em></p>",
        ] {
            let compacted = compact(template);
            let words = |html: &str| {
                let text: String = html
                    .split('<')
                    .map(|part| part.split_once('>').map_or(part, |(_, text)| text))
                    .collect();
                text.split_whitespace().count()
            };
            assert_eq!(words(&compacted), words(template), "{compacted}");
        }
        assert_eq!(
            compact("<p>\n  <a href=\"/a/\">A</a>\n  <a href=\"/b/\">B</a>\n</p>"),
            "<p><a href=\"/a/\">A</a>\n  <a href=\"/b/\">B</a></p>"
        );
    }

    #[test]
    fn verbatim_elements_tera_tags_and_comments_are_left_alone() {
        for template in [
            "<pre>\n  x\n\n  y\n</pre>",
            "<script>\nlet a = 1\n<!-- -->\nlet b = 2\n</script>",
            "<textarea>\n</textarea>",
            "{% set x = \"<div>\n</div>\" %}",
            "{# <div>\n</div> #}",
            "<!-- <div>\n</div> -->",
        ] {
            assert_eq!(compact(template), template);
        }
    }

    #[test]
    fn tags_holding_tera_and_quoted_angles_are_read_whole() {
        let template =
            "<div class=\"a{% if x > 1 %} b{% endif %}\" title=\"1 > 0\">\n  <p>x</p>\n</div>";
        assert_eq!(
            compact(template),
            "<div class=\"a{% if x > 1 %} b{% endif %}\" title=\"1 > 0\"><p>x</p></div>"
        );
    }

    #[test]
    fn a_stray_angle_bracket_is_text() {
        assert_eq!(compact("a < b\n<div>"), "a < b<div>");
        assert_eq!(compact("<div>\n<"), "<div><");
    }
}
