//! HTML text, both ways: escaping text for HTML and XML, and the plain
//! words of an HTML fragment.

/// Escapes text for HTML and XML content and quoted attribute values. Tera's
/// default also escapes `/`, which is harmless but makes every URL in the
/// sitemap and the pages unreadable.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Runs of text between the characters to escape are copied whole:
    // every value on every page passes through here. The five are ASCII,
    // so a byte that is one of them is never part of a longer character.
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(entity);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// Plain text from a document, as HTML blocks: paragraphs where the text
/// leaves a blank line, and a list where lines start with a list marker
/// (`- `, `• `). A recommendation that asks for two things in a list keeps
/// it, rather than running on as "that: - provides … - enables". Every
/// word is escaped; a line that only carries on wraps into the one before.
pub fn text_blocks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<Vec<&str>> = Vec::new();
    // A blank line, or the end, closes the block gathered so far.
    for line in text.lines().map(str::trim).chain([""]) {
        if line.is_empty() {
            push_block(&mut out, &paragraph, &items);
            paragraph.clear();
            items.clear();
        } else if let Some(item) = list_item(line) {
            items.push(vec![item]);
        } else if let Some(item) = items.last_mut() {
            item.push(line);
        } else {
            paragraph.push(line);
        }
    }
    out
}

fn push_block(out: &mut String, paragraph: &[&str], items: &[Vec<&str>]) {
    if !paragraph.is_empty() {
        out.push_str("<p>");
        out.push_str(&escape_html(&paragraph.join(" ")));
        out.push_str("</p>");
    }
    if !items.is_empty() {
        out.push_str("<ul>");
        for item in items {
            out.push_str("<li>");
            out.push_str(&escape_html(&item.join(" ")));
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
}

/// The words of a list item, if `line` is one.
fn list_item(line: &str) -> Option<&str> {
    ["- ", "• ", "* "]
        .iter()
        .find_map(|marker| line.strip_prefix(marker))
        .map(str::trim_start)
}

/// Plain text of the first part of some HTML, for descriptions.
pub fn first_words(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_both_quote_marks() {
        assert_eq!(
            escape_html("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(
            escape_html("https://example.org/a/"),
            "https://example.org/a/"
        );
        assert_eq!(
            escape_html("“Café” & ‘<b>’ — ¶"),
            "“Café” &amp; ‘&lt;b&gt;’ — ¶"
        );
    }

    #[test]
    fn text_blocks_keep_a_list_and_escape_every_word() {
        assert_eq!(
            text_blocks("One <b>line</b>."),
            "<p>One &lt;b&gt;line&lt;/b&gt;.</p>"
        );
        assert_eq!(
            text_blocks("A model that:\n\n- provides clarity; and\n- enables\nROCUs to lead."),
            "<p>A model that:</p><ul><li>provides clarity; and</li><li>enables ROCUs to lead.</li></ul>"
        );
        assert_eq!(
            text_blocks("First\nwraps.\n  \n\nSecond."),
            "<p>First wraps.</p><p>Second.</p>"
        );
        assert_eq!(text_blocks("  \n"), "");
    }
}
