//! Markdown to safe HTML, with pulldown-cmark.
//!
//! Safety rule (documented in docs/data-format.md): raw HTML in markdown is
//! never passed through; it is shown as text. Links may only be `http(s):`,
//! `mailto:`, in-page or relative paths, or a short reference to a record
//! (`force:essex`), which becomes a URL under the site's base path.
//! Headings get unique ids; footnote ids are prefixed so they cannot clash
//! with other ids on the page. Commentary and pages are rendered with
//! anchors (`render_anchored`): every paragraph is numbered (`p1`, `p2` …,
//! counted in order, footnotes aside) and every heading and paragraph gets
//! a visible "link to this" link. Numbers, not hashes of the text, so that
//! fixing a typo never moves an anchor (docs/urls.md).

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::highlight::Highlighter;
use answerable_data::model::EntityRef;
use answerable_data::urls::Targets;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// What a link destination is, and whether it is allowed.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkTarget {
    Record(EntityRef),
    /// `http:`, `https:` or `mailto:`.
    External,
    /// A fragment or a relative path, left as written.
    Relative,
    /// A short reference that does not parse (`recommendation:x`).
    BadReference,
    /// Any other scheme, such as `javascript:`.
    Forbidden(String),
}

pub fn classify(destination: &str) -> LinkTarget {
    // Browsers ignore white space and control characters inside a scheme
    // (`java\tscript:`), so the check does too.
    let cleaned: String = destination
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    let Some(colon) = scheme_end.filter(|c| *c < path_start) else {
        return LinkTarget::Relative;
    };
    let scheme = cleaned[..colon].to_ascii_lowercase();
    match scheme.as_str() {
        "http" | "https" | "mailto" => LinkTarget::External,
        kind if EntityRef::KINDS.contains(&kind) => match EntityRef::parse(destination.trim()) {
            Some(target) => LinkTarget::Record(target),
            None => LinkTarget::BadReference,
        },
        _ => LinkTarget::Forbidden(scheme),
    }
}

/// A problem found in markdown, at a byte range of the markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
    pub hint: Option<String>,
    pub is_error: bool,
}

/// Every problem in a markdown text: links that are forbidden or point to
/// records that do not exist, and raw HTML (a warning).
pub fn check(markdown: &str, targets: &Targets) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (event, span) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if let Some(p) = link_problem(&dest_url, targets, span) {
                    problems.push(p);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => problems.push(Problem {
                span,
                message: "raw HTML is not rendered; it will be shown as text".into(),
                hint: Some("use markdown instead (e.g. **bold**, [link](https://…))".into()),
                is_error: false,
            }),
            _ => {}
        }
    }
    problems
}

fn link_problem(destination: &str, targets: &Targets, span: Range<usize>) -> Option<Problem> {
    let error = |message: String, hint: String| Problem {
        span: span.clone(),
        message,
        hint: Some(hint),
        is_error: true,
    };
    match classify(destination) {
        LinkTarget::External | LinkTarget::Relative => None,
        LinkTarget::Forbidden(scheme) => Some(error(
            format!("links with the `{scheme}:` scheme are not allowed"),
            "use an `https:` link, a relative path, or a short reference such as `force:essex`".into(),
        )),
        LinkTarget::BadReference => Some(error(
            format!("`{destination}` is not a valid short reference"),
            "write e.g. `recommendation:<inspection id>/<number>` or `source:<file>#p12` (see docs/data-format.md)".into(),
        )),
        LinkTarget::Record(target) => {
            if targets.path(&target).is_some() {
                return None;
            }
            let ids = targets.ids_like(&target);
            let wrong = destination.split_once(':').map_or("", |(_, id)| id);
            let wrong = wrong.split('#').next().unwrap_or(wrong);
            let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            Some(error(
                format!("`{destination}` links to a record that does not exist"),
                answerable_data::diagnostics::suggest(wrong, &id_refs),
            ))
        }
    }
}

/// A heading of a rendered text, for tables of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Clone)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// Renders markdown to HTML. `base_path` (e.g. `/repo/`) prefixes the URLs
/// of short references. References to missing records are rendered as plain
/// text: `check` has already reported them.
pub fn render(
    markdown: &str,
    targets: &Targets,
    base_path: &str,
    highlighter: &Highlighter,
) -> Rendered {
    render_anchored(markdown, targets, base_path, highlighter, None)
}

/// Like `render`, and with `paragraph_prefix` (`Some("p")`) numbers every
/// paragraph outside footnotes (`id="p1"` …) and adds a "link to this"
/// link to it and to every heading.
pub fn render_anchored(
    markdown: &str,
    targets: &Targets,
    base_path: &str,
    highlighter: &Highlighter,
    paragraph_prefix: Option<&str>,
) -> Rendered {
    let mut paragraphs = 0usize;
    // For each open paragraph, its anchor id if it has one.
    let mut open_paragraphs: Vec<Option<String>> = Vec::new();
    let mut in_footnote = false;
    let mut events: Vec<Event> = Vec::new();
    let mut headings = Vec::new();
    let mut used_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut footnotes: BTreeMap<String, usize> = BTreeMap::new();
    let mut parser = Parser::new_ext(markdown, options()).peekable();
    let mut dropped_links = 0usize;

    while let Some(event) = parser.next() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let mut inner = Vec::new();
                for e in parser.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(e);
                }
                let text = plain_text(&inner);
                let mut base = id.map(|i| i.to_string()).unwrap_or_else(|| slugify(&text));
                // A heading may not take a paragraph's anchor (`## P1`).
                let looks_like_paragraph = paragraph_prefix
                    .and_then(|p| base.strip_prefix(p))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                if looks_like_paragraph {
                    base.push_str("-section");
                }
                let id = unique_id(&base, &mut used_ids);
                headings.push(Heading {
                    level: heading_number(level),
                    id: id.clone(),
                    text,
                });
                let opening = events.len();
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id.clone())),
                    classes,
                    attrs,
                }));
                events.extend(inner.into_iter().map(|e| match e {
                    Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
                    other => other,
                }));
                events.push(Event::End(TagEnd::Heading(level)));
                if paragraph_prefix.is_some() {
                    // The link sits beside the heading, not inside it, so the
                    // heading's name stays its own text.
                    events.insert(
                        opening,
                        Event::Html(CowStr::from("<div class=\"heading-anchor\">\n")),
                    );
                    events.push(Event::Html(CowStr::from(format!(
                        "<a class=\"anchor-link\" href=\"#{id}\" aria-label=\"Link to the section “{label}”\">#</a></div>\n",
                        id = answerable_base::html::escape_html(&id),
                        label = answerable_base::html::escape_html(&headings.last().map(|h| h.text.clone()).unwrap_or_default()),
                    ))));
                }
            }
            Event::Start(Tag::Paragraph) => {
                let anchor = paragraph_prefix.filter(|_| !in_footnote).map(|prefix| {
                    paragraphs += 1;
                    format!("{prefix}{paragraphs}")
                });
                match &anchor {
                    Some(id) => events.push(Event::Html(CowStr::from(format!("<p id=\"{id}\">")))),
                    None => events.push(Event::Start(Tag::Paragraph)),
                }
                open_paragraphs.push(anchor);
            }
            Event::End(TagEnd::Paragraph) => match open_paragraphs.pop().flatten() {
                Some(id) => {
                    let number = id.trim_start_matches(|c: char| !c.is_ascii_digit());
                    events.push(Event::Html(CowStr::from(format!(
                        " <a class=\"anchor-link\" href=\"#{id}\" aria-label=\"Link to paragraph {number}\">¶</a></p>\n"
                    ))));
                }
                None => events.push(Event::End(TagEnd::Paragraph)),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match resolve_link(&dest_url, targets, base_path) {
                Some(url) => events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                })),
                None => dropped_links += 1,
            },
            Event::End(TagEnd::Link) if dropped_links > 0 => dropped_links -= 1,
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = resolve_link(&dest_url, targets, base_path).unwrap_or_default();
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for e in parser.by_ref() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let body = highlighter.highlight(&code, &language);
                events.push(Event::Html(CowStr::from(format!(
                    "<pre class=\"code\"><code>{body}</code></pre>\n"
                ))));
            }
            Event::FootnoteReference(label) => {
                let next = footnotes.len() + 1;
                let number = *footnotes.entry(label.to_string()).or_insert(next);
                let slug = slugify(&label);
                events.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#fn-{slug}\" id=\"fnref-{slug}\">{number}</a></sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                in_footnote = true;
                let next = footnotes.len() + 1;
                let number = *footnotes.entry(label.to_string()).or_insert(next);
                let slug = slugify(&label);
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote\" id=\"fn-{slug}\"><span class=\"footnote-label\">{number}.</span> "
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                in_footnote = false;
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, headings }
}

fn resolve_link(destination: &str, targets: &Targets, base_path: &str) -> Option<String> {
    match classify(destination) {
        LinkTarget::External | LinkTarget::Relative => Some(destination.to_string()),
        LinkTarget::Record(target) => targets.path(&target).map(|p| format!("{base_path}{p}")),
        LinkTarget::BadReference | LinkTarget::Forbidden(_) => None,
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

fn unique_id(base: &str, used: &mut BTreeMap<String, usize>) -> String {
    let base = if base.is_empty() { "section" } else { base };
    let count = used.entry(base.to_string()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base.to_string()
    } else {
        format!("{base}-{count}")
    }
}

/// A lowercase, hyphenated form of a text, for ids and anchors. Letters
/// outside ASCII (Welsh ŵ, ŷ) are kept; everything else becomes a hyphen.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Targets {
        Targets::default()
    }

    fn html(markdown: &str) -> String {
        render(markdown, &targets(), "/repo/", &Highlighter::new()).html
    }

    #[test]
    fn dangerous_schemes_are_forbidden_even_when_disguised() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(matches!(classify(bad), LinkTarget::Forbidden(_)), "{bad:?}");
        }
        assert_eq!(classify("https://example.org/a:b"), LinkTarget::External);
        assert_eq!(classify("../about/"), LinkTarget::Relative);
        assert_eq!(classify("#section"), LinkTarget::Relative);
        assert_eq!(classify("recommendation:x"), LinkTarget::BadReference);
    }

    #[test]
    fn forbidden_links_are_reported_and_not_rendered() {
        let problems = check("[x](javascript:alert(1))", &targets());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].is_error);
        let out = html("[x](javascript:alert(1))");
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains('x'));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let out = html("Hello <script>alert(1)</script>\n\n<div onclick=\"x\">y</div>\n");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<div onclick"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert_eq!(check("a <b>bold</b>", &targets()).len(), 2);
    }

    #[test]
    fn headings_get_unique_ids_and_footnotes_prefixed_ids() {
        let out = html(
            "## Funding\n\n## Funding\n\n## Ŵyr ŷd {#custom}\n\nText[^1].\n\n[^1]: Police Act 1996.\n",
        );
        assert!(out.contains("<h2 id=\"funding\">"), "{out}");
        assert!(out.contains("<h2 id=\"funding-2\">"), "{out}");
        assert!(out.contains("<h2 id=\"custom\">"), "{out}");
        assert!(out.contains("id=\"fn-1\""), "{out}");
        assert!(out.contains("href=\"#fn-1\""), "{out}");
        assert!(!out.contains("id=\"1\""), "{out}");
    }

    fn anchored(markdown: &str) -> String {
        render_anchored(markdown, &targets(), "/", &Highlighter::new(), Some("p")).html
    }

    #[test]
    fn paragraphs_are_numbered_in_order_and_each_has_a_link_to_itself() {
        let out = anchored(
            "## Who we are\n\nFirst.\n\n> Quoted.\n\n- loose\n\n- list\n\nLast[^n].\n\n[^n]: Note.\n",
        );
        for n in 1..=5 {
            assert!(out.contains(&format!("<p id=\"p{n}\">")), "p{n}: {out}");
            assert!(
                out.contains(&format!(
                    "<a class=\"anchor-link\" href=\"#p{n}\" aria-label=\"Link to paragraph {n}\">¶</a></p>"
                )),
                "{out}"
            );
        }
        assert!(
            !out.contains("id=\"p6\""),
            "footnotes are not numbered: {out}"
        );
        assert!(out.contains("<p id=\"p1\">First."), "{out}");
        assert!(out.contains("<p id=\"p5\">Last"), "{out}");
    }

    #[test]
    fn headings_get_a_link_beside_them_not_inside_them() {
        let out = anchored("## Who <we> are\n\n## P2\n\ntext\n");
        assert!(
            out.contains("<div class=\"heading-anchor\">\n<h2 id=\"who-we-are\">Who &lt;we&gt; are</h2>\n<a class=\"anchor-link\" href=\"#who-we-are\" aria-label=\"Link to the section “Who &lt;we&gt; are”\">#</a></div>"),
            "{out}"
        );
        assert!(out.contains("<h2 id=\"p2-section\">"), "{out}");
        assert!(out.contains("<p id=\"p1\">text"), "{out}");
    }

    #[test]
    fn without_anchors_nothing_is_added() {
        let out = html("## A\n\nText.\n");
        assert!(!out.contains("anchor-link"), "{out}");
        assert!(out.contains("<p>Text.</p>"), "{out}");
    }

    #[test]
    fn slugs_keep_welsh_letters() {
        assert_eq!(
            slugify("Heddlu Gogledd Cymru: ŵ ŷ!"),
            "heddlu-gogledd-cymru-ŵ-ŷ"
        );
    }

    #[test]
    fn attribute_breakouts_in_links_are_escaped() {
        let out = html("[x](https://example.org/\"onmouseover=\"alert(1))");
        assert!(!out.contains("\"onmouseover"), "{out}");
    }
}
