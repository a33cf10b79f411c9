//! Every value from data or markdown is escaped on output. Hostile text
//! (script tags, attribute break-outs, `javascript:` URLs) goes through
//! every field of every kind of record; odd but legitimate Unicode
//! (right-to-left marks, zero-width characters, Welsh ŵ and ŷ) survives.

use crate::common::*;

const SCRIPT: &str = "</title><script>alert(1)</script>";
const BREAKOUT: &str = "\\\" onmouseover=\\\"alert(1)";
const UNICODE: &str = "Heddlu Dyfed-Powys: ŵ ŷ \u{200F}RTL\u{200E} zero\u{200B}width";

fn hostile(label: &str) -> String {
    format!("{label} {SCRIPT} {BREAKOUT} {UNICODE}")
}

/// A tag as a browser reads it: its name and its attributes.
#[derive(Debug)]
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// The search page's own script, the one script the theme has: external,
/// with nothing from data in it.
fn is_theme_script(tag: &Tag) -> bool {
    let mut attributes = tag.attributes.clone();
    attributes.sort();
    let module = [
        ("src".to_string(), "/sub/assets/search.js".to_string()),
        ("type".to_string(), "module".to_string()),
    ];
    let layout = [(
        "src".to_string(),
        "/sub/assets/search-layout.js".to_string(),
    )];
    tag.name == "script" && (attributes == module || attributes == layout)
}

/// Reads the tags of a page the way an HTML tokenizer does: attribute
/// values (quoted or not) are values, whatever they contain, and the text of
/// `<title>` (RCDATA) is text up to `</title>`. Anything from data that
/// became markup shows up as a tag or an attribute here.
fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<'
            || i + 1 >= bytes.len()
            || !(bytes[i + 1].is_ascii_alphabetic() || bytes[i + 1] == b'/')
        {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
            i += 1;
        }
        let name = html[start..i].trim_end_matches('/').to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                i += 1;
                break;
            }
            let name_start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'=' | b'>')
            {
                i += 1;
            }
            let attribute = html[name_start..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                if i < bytes.len() && matches!(bytes[i], b'"' | b'\'') {
                    let quote = bytes[i];
                    let value_start = i + 1;
                    i = value_start;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    value = html[value_start..i.min(bytes.len())].to_string();
                    i += 1;
                } else {
                    let value_start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[value_start..i].to_string();
                }
            }
            attributes.push((attribute, value));
        }
        if name == "title" {
            // RCDATA: only `</title` ends it.
            let end = html[i..].find("</title").map_or(bytes.len(), |e| e + i);
            i = end;
        }
        tags.push(Tag { name, attributes });
    }
    tags
}

#[test]
fn hostile_text_in_every_field_is_escaped_and_unicode_survives() {
    let site = copy_fixture("minimal");
    let root = site.path();
    let seed_line = format!("{label} <script>alert(1)</script> ŵ ŷ\n", label = "Seed");
    let letter = std::fs::read_to_string(root.join("seeds/letter.txt")).unwrap();
    write(root, "seeds/letter.txt", &format!("{letter}\n{seed_line}"));

    edit(
        root,
        "site.toml",
        "title = \"Fixture site\"",
        &format!("title = \"{}\"", hostile("Site")),
    );
    edit(
        root,
        "site.toml",
        "publisher = \"Test publisher\"",
        &format!("publisher = \"{}\"", hostile("Publisher")),
    );
    edit(
        root,
        "data/sources.toml",
        "title = \"North's letter\"",
        &format!("title = \"{}\"", hostile("Source")),
    );
    edit(
        root,
        "data/rocus.toml",
        "name = \"ALPHA\"",
        &format!("name = \"{}\"", hostile("Rocu")),
    );
    edit(
        root,
        "data/rocus.toml",
        "aliases = [\"AROCU\"]",
        &format!("aliases = [\"{}\"]", hostile("Alias")),
    );
    edit(
        root,
        "data/rocus.toml",
        "notes = [\"Sources disagree about this ROCU.\"]",
        &format!("notes = [\"{}\"]", hostile("Note")),
    );
    edit(
        root,
        "data/forces.toml",
        "name = \"North\"",
        &format!("name = \"{}\"", hostile("Force")),
    );
    edit(
        root,
        "data/forces.toml",
        "name = \"Nora North\"",
        &format!("name = \"{}\"", hostile("Commissioner")),
    );
    // A tile's label is at most four characters: enough to try to open a
    // tag or close an attribute in the force map's SVG.
    edit(
        root,
        "data/tiles.toml",
        "label = \"N&<\"",
        "label = \"\\\"<a \"",
    );
    edit(
        root,
        "data/vocabulary.toml",
        "label = \"Says it already meets this\"",
        &format!("label = \"{}\"", hostile("Stance")),
    );
    let inspection = "data/inspections/test-inspection.toml";
    edit(
        root,
        inspection,
        "title = \"A test inspection\"",
        &format!("title = \"{}\"", hostile("Inspection")),
    );
    edit(
        root,
        inspection,
        "summary = \"A *short* summary.\"",
        &format!(
            "summary = \"{} [x](javascript:alert(1))\"",
            hostile("Summary")
        ),
    );
    edit(
        root,
        inspection,
        "text = \"The law is unclear.\"",
        &format!("text = \"{}\"", hostile("Cause")),
    );
    edit(
        root,
        inspection,
        "text = \"By August 2021, every force",
        &format!(
            "text = \"{} By August 2021, every force",
            hostile("Recommendation")
        ),
    );
    edit(
        root,
        inspection,
        "addressees = [\"every force\"]",
        &format!("addressees = [\"{}\"]", hostile("Addressee")),
    );
    edit(
        root,
        inspection,
        "due_text = \"By August 2021\"",
        &format!("due_text = \"{}\"", hostile("Due")),
    );
    let response = "data/responses/north-test.toml";
    edit(
        root,
        response,
        "author = \"Nora North\"",
        &format!("author = \"{}\"", hostile("Author")),
    );
    edit(
        root,
        response,
        "summary = \"Accepts recommendation 2.\"",
        &format!("summary = \"{}\"", hostile("ResponseSummary")),
    );
    edit(
        root,
        response,
        "topic = \"Greeting\"",
        &format!("topic = \"{}\"", hostile("Topic")),
    );
    edit(
        root,
        response,
        "quote = \"Dear Home Secretary,\"",
        "quote = \"Seed <script>alert(1)</script> ŵ ŷ\"",
    );
    edit(
        root,
        "content/about.md",
        "title = \"About\"",
        &format!("title = \"{}\"", hostile("Page")),
    );
    write(
        root,
        "content/forces/north.md",
        &format!(
            "{}\n\n<img src=x onerror=alert(1)>\n\n[a](https://example.org/\" onmouseover=\"alert(1))\n",
            hostile("Commentary")
        ),
    );

    // The javascript: link in the summary is refused, not rendered.
    let report = errors_of(root);
    let errors = error_lines(&report);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("`javascript:` scheme"), "{errors:#?}");
    edit(root, inspection, " [x](javascript:alert(1))", "");

    let out = build(root);
    let mut pages = 0;
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") && !path.ends_with(".xml") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        let found = tags(&html);
        if path.ends_with(".html") {
            assert!(
                found.iter().any(|t| t.name == "main"),
                "{path}: the tokenizer found no <main>"
            );
        }
        for tag in found {
            // Scripts allowed: JSON-LD data, which no browser runs (its
            // contents are checked below), and the theme's search script.
            let json_ld = tag.name == "script"
                && tag.attributes == [("type".to_string(), "application/ld+json".to_string())];
            assert!(
                json_ld
                    || is_theme_script(&tag)
                    || !matches!(tag.name.as_str(), "script" | "img" | "iframe"),
                "{path} contains a <{}> tag: {tag:?}",
                tag.name
            );
            for (attribute, value) in &tag.attributes {
                assert!(
                    !attribute.starts_with("on"),
                    "{path}: <{}> has an event handler {attribute}={value}",
                    tag.name
                );
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "{path}: <{}> has a javascript: URL",
                    tag.name
                );
            }
        }
    }
    assert!(pages > 20);

    // JSON-LD keeps the hostile text intact as data, and nothing in it can
    // end the script element.
    for (page, label) in [
        ("index.html", "Site"),
        ("rocus/alpha/index.html", "Rocu"),
        ("rocus/alpha/index.html", "Alias"),
        ("forces/north/index.html", "Force"),
        ("inspections/test-inspection/index.html", "Inspection"),
        (
            "inspections/test-inspection/recommendations/2/index.html",
            "Recommendation",
        ),
        ("responses/north-test/index.html", "Author"),
        ("sources/letter/index.html", "Source"),
        ("about/index.html", "Page"),
    ] {
        let html = read(&out, page);
        let scripts = json_ld_of(&html);
        assert_eq!(scripts.len(), 1, "{page}: {scripts:?}");
        let raw = &scripts[0];
        assert!(
            !raw.contains('<') && !raw.contains('>') && !raw.contains('&'),
            "{page}: unescaped markup characters in {raw}"
        );
        let value: serde_json::Value =
            serde_json::from_str(raw).unwrap_or_else(|e| panic!("{page}: {e}: {raw}"));
        let mut found = Vec::new();
        strings_in(&value, &mut found);
        assert!(
            // As read from TOML: `\"` in the data is a plain `"`.
            found
                .iter()
                .any(|s| s.contains(&hostile(label).replace("\\\"", "\""))),
            "{page}: {label} not intact in the JSON-LD {value}"
        );
    }

    // The hostile text is still there, as text, with its Unicode intact.
    for (page, label) in [
        ("index.html", "Site"),
        ("rocus/alpha/index.html", "Rocu"),
        ("rocus/alpha/index.html", "Alias"),
        ("rocus/alpha/index.html", "Note"),
        ("forces/north/index.html", "Force"),
        ("forces/north/index.html", "Commissioner"),
        ("forces/north/index.html", "Commentary"),
        ("inspections/test-inspection/index.html", "Inspection"),
        ("inspections/test-inspection/index.html", "Summary"),
        ("inspections/test-inspection/index.html", "Cause"),
        (
            "inspections/test-inspection/recommendations/2/index.html",
            "Recommendation",
        ),
        (
            "inspections/test-inspection/recommendations/2/index.html",
            "Addressee",
        ),
        (
            "inspections/test-inspection/recommendations/2/index.html",
            "Due",
        ),
        ("responses/north-test/index.html", "Author"),
        ("responses/north-test/index.html", "ResponseSummary"),
        ("responses/north-test/index.html", "Topic"),
        ("sources/letter/index.html", "Source"),
        ("about/index.html", "Page"),
    ] {
        let text = text_of(&read(&out, page));
        let expected = format!("{label} </title><script>alert(1)</script>");
        assert!(
            text.contains(&expected),
            "{page}: {label} not shown as text in {text}"
        );
        assert!(
            text.contains("ŵ ŷ \u{200F}RTL\u{200E} zero\u{200B}width"),
            "{page}: Unicode lost"
        );
    }
    let source = text_of(&read(&out, "sources/letter/index.html"));
    assert!(
        source.contains("Seed <script>alert(1)</script> ŵ ŷ"),
        "{source}"
    );
}

/// The contents of each JSON-LD script element (the minifier may or may
/// not keep the quotes around the attribute).
fn json_ld_of(html: &str) -> Vec<String> {
    html.match_indices("<script")
        .filter_map(|(i, _)| {
            let start = html[i..].find('>')? + i + 1;
            if !html[i..start].contains("application/ld+json") {
                return None;
            }
            let end = html[start..].find("</script")? + start;
            Some(html[start..end].to_string())
        })
        .collect()
}

fn strings_in(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings_in(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings_in(v, out)),
        _ => {}
    }
}
