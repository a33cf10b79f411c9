//! Helpers shared by the whole-site tests: copy a fixture site into a
//! temporary folder, change it, build it, and read what was written.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use answerable::{Options, Report};
pub use answerable_bench_tools::bench::copy_dir;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A private copy of a fixture site, to change without touching the original.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// Replaces the first `from` with `to` in a file of the site, failing the
/// test if `from` is not there (so a fixture change cannot silently make a
/// test pass).
pub fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Adds `text` to the end of a file of the site.
pub fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let before = fs::read_to_string(&path).unwrap();
    fs::write(&path, before + text).unwrap();
}

pub fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Checks a site that must fail, returning its report.
pub fn errors_of(root: &Path) -> Report {
    match answerable::check(&Options::new(root)) {
        Err(answerable::Error::Invalid(report)) => report,
        Err(other) => panic!("unexpected error: {other}"),
        Ok(_) => panic!("the site should have failed to build"),
    }
}

/// Each error as `file:line:column: field: message (hint: …)`.
pub fn error_lines(report: &Report) -> Vec<String> {
    report
        .errors()
        .map(|d| {
            let location = answerable::diagnostics::location(d, &report.files);
            format!(
                "{location}: {}{}{}",
                d.field
                    .as_ref()
                    .map(|f| format!("`{f}`: "))
                    .unwrap_or_default(),
                d.message,
                d.hint
                    .as_ref()
                    .map(|h| format!(" (hint: {h})"))
                    .unwrap_or_default()
            )
        })
        .collect()
}

/// Builds a site into `<root>/public` and returns that folder.
pub fn build(root: &Path) -> PathBuf {
    let options = Options::new(root);
    if let Err(e) = answerable::build(&options) {
        match e {
            answerable::Error::Invalid(report) => panic!("build failed:\n{}", report.render(false)),
            other => panic!("build failed: {other}"),
        }
    }
    options.out_dir()
}

pub fn read(out: &Path, file: &str) -> String {
    fs::read_to_string(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Visible text of an HTML page with tags removed and white space folded,
/// for asserting on what a reader sees.
pub fn text_of(html: &str) -> String {
    const BLOCKS: [&str; 31] = [
        "p",
        "li",
        "td",
        "th",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "div",
        "br",
        "tr",
        "section",
        "article",
        "blockquote",
        "figcaption",
        "summary",
        "pre",
        "ul",
        "ol",
        "dl",
        "table",
        "caption",
        "nav",
        "header",
        "footer",
        "main",
        "title",
        "figure",
        "details",
    ];
    // JSON-LD is data for machines, not text a reader sees.
    let mut visible = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<script") {
        visible.push_str(&rest[..i]);
        rest = rest[i..]
            .find("</script>")
            .map_or("", |end| &rest[i + end + "</script>".len()..]);
    }
    visible.push_str(rest);
    let mut text = String::new();
    let mut tag = String::new();
    let mut in_tag = false;
    for c in visible.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if BLOCKS.contains(&name.as_str()) {
                    text.push(' ');
                }
            }
            _ if in_tag => tag.push(c),
            _ => text.push(c),
        }
    }
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text with the character references the build writes decoded.
pub fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// Every file below a folder with its bytes, sorted by path.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (relative, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Values of an attribute, quoted or not (as `minify_html` leaves them),
/// with character references decoded.
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!("{name}=");
    let mut values = Vec::new();
    for (i, _) in html.match_indices(&needle) {
        let before = html[..i].chars().last();
        if !matches!(before, Some(' ') | Some('<')) {
            continue;
        }
        let rest = &html[i + needle.len()..];
        let value = if let Some(quoted) = rest.strip_prefix('"') {
            quoted.split('"').next().unwrap_or_default()
        } else {
            rest.split([' ', '>']).next().unwrap_or_default()
        };
        values.push(decode_entities(value));
    }
    values
}

pub fn has_href(html: &str, url: &str) -> bool {
    attribute_values(html, "href").iter().any(|h| h == url)
}

pub fn has_id(html: &str, id: &str) -> bool {
    attribute_values(html, "id").iter().any(|h| h == id)
}

/// Text with tags removed without adding spaces (for highlighted code,
/// where a token is split across spans), white space folded.
pub fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text_of(&text)
}

/// Validates every open-data JSON file of a built site against its schema
/// (the search index under `search/` is the search script's, and the CSV
/// metadata is in the W3C's format, not ours).
pub fn assert_all_json_valid(out: &Path) -> usize {
    let schema: serde_json::Value = serde_json::from_str(&read(out, "data/schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut checked = 0;
    for (path, bytes) in tree(out) {
        if !path.ends_with(".json")
            || path.ends_with("schema.json")
            || path.ends_with("csv-metadata.json")
            || path.starts_with("search/")
        {
            continue;
        }
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
        checked += 1;
    }
    checked
}

/// Makes `root` a git repository with everything in it committed on
/// `date` (YYYY-MM-DD), so that "last changed" dates come from history.
pub fn commit_all(root: &Path, date: &str) {
    let stamp = format!("{date}T12:00:00Z");
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args(args)
            .current_dir(root)
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    if !root.join(".git").exists() {
        git(&["init", "-q"]);
    }
    git(&["add", "."]);
    git(&["commit", "-q", "--allow-empty", "-m", "data"]);
}

/// Every "read it in the source" link carries a text fragment whose words
/// the linked source page shows, in order, from the cited paragraph on:
/// what a browser needs to highlight the quoted passage.
pub fn assert_text_fragments_match(out: &std::path::Path, base: &str) -> usize {
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .unwrap()
            .to_string()
    };
    let mut checked = 0;
    for (path, bytes) in tree(out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for href in attribute_values(&html, "href") {
            let Some((target, directive)) = href.split_once(":~:text=") else {
                continue;
            };
            let (page, anchor) = target.split_once('#').expect("a paragraph anchor first");
            let page = page.strip_prefix(base).unwrap();
            let source = read(out, &format!("{page}index.html"));
            let at = (source.find(&format!("id={anchor}>")))
                .or_else(|| source.find(&format!("id=\"{anchor}\"")))
                .unwrap_or_else(|| panic!("{page} has no #{anchor}"));
            let shown = text_of(&source[at..]);
            let words: Vec<String> = directive.split(',').map(decode).collect();
            let start = shown
                .find(words[0].as_str())
                .unwrap_or_else(|| panic!("{href} on {path}: `{}` not in {page}", words[0]));
            if let Some(end) = words.get(1) {
                assert!(
                    shown[start..].contains(end.as_str()),
                    "{href} on {path}: `{end}` not after `{}`",
                    words[0]
                );
            }
            checked += 1;
        }
    }
    checked
}

/// The part of `html` from `start` to the next `end`.
pub fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let rest = &html[from..];
    &rest[..rest.find(end).map_or(rest.len(), |e| e + end.len())]
}

/// A synthetic site of about 1,000 pages (seed 4), written and built once
/// for the tests that need more than the fixtures hold: an A–Z split by
/// letter, forces whose list runs over several pages. Returns its output.
pub fn large_site() -> &'static Path {
    static SITE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, out) = SITE.get_or_init(|| {
        let site = answerable_bench_tools::generate(1000, 4);
        let dir = tempfile::tempdir().unwrap();
        answerable_bench_tools::write(&site, dir.path()).unwrap();
        let out = build(dir.path());
        (dir, out)
    });
    out
}

/// Rows of a CSV file as header → value maps, read past its byte order
/// mark as Excel, LibreOffice and pandas read it.
pub fn csv_rows(out: &Path, file: &str) -> (Vec<String>, Vec<Vec<(String, String)>>) {
    let text = read(out, file);
    let text = text
        .strip_prefix('\u{FEFF}')
        .unwrap_or_else(|| panic!("{file} has no byte order mark"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (headers, rows)
}

pub fn get<'a>(row: &'a [(String, String)], column: &str) -> &'a str {
    &row.iter()
        .find(|(h, _)| h == column)
        .unwrap_or_else(|| panic!("no column {column}"))
        .1
}
