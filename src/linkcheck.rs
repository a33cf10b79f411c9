//! After rendering, every internal link must lead somewhere.
//!
//! Each `href` and `src` in every HTML page that points inside the site (a
//! path under the base path, or a relative path) must name a file the build
//! wrote, and an `#anchor` on it must name an id on that page. A broken link
//! fails the build, naming the page and the link.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use answerable_base::output::OutputFile;
use answerable_data::diagnostics::Diagnostic;

/// What the link check needs of one page: the site-internal links on it
/// (each once, in order) and the ids in it. Taken as each page is written,
/// so that the pages themselves need not be kept.
#[derive(Debug)]
pub struct PageLinks {
    pub path: String,
    links: Vec<Box<str>>,
    ids: Vec<Box<str>>,
}

impl PageLinks {
    /// The links and ids of an HTML page; nothing for other files.
    pub fn of(file: &OutputFile) -> Option<PageLinks> {
        if !file.path.ends_with(".html") {
            return None;
        }
        let text = std::str::from_utf8(&file.bytes).ok()?;
        let mut seen = BTreeSet::new();
        let links = attribute_values(text, "href")
            .chain(attribute_values(text, "src"))
            .filter(|link| seen.insert(*link) && !is_external(&decode_entities(link)))
            .map(Box::from)
            .collect();
        Some(PageLinks {
            path: file.path.clone(),
            links,
            ids: attribute_values(text, "id").map(Box::from).collect(),
        })
    }
}

/// Checks every link in `files` (kept in memory).
pub fn check_links(files: &[OutputFile], base_path: &str) -> Vec<Diagnostic> {
    let paths: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let pages: Vec<PageLinks> = files.par_iter().filter_map(PageLinks::of).collect();
    check(&pages, &paths, base_path)
}

/// Checks the links of `pages` (in path order) against the files written
/// (`paths`) and the ids on each page.
pub fn check(pages: &[PageLinks], paths: &BTreeSet<String>, base_path: &str) -> Vec<Diagnostic> {
    let ids: BTreeMap<&str, BTreeSet<&str>> = pages
        .iter()
        .map(|page| {
            (
                page.path.as_str(),
                page.ids.iter().map(|id| &**id).collect(),
            )
        })
        .collect();
    // Collecting keeps the pages' order, so the report is stable.
    pages
        .par_iter()
        .flat_map_iter(|page| {
            let broken = page.links.iter().filter_map(|link| {
                let problem = check_one(&page.path, link, base_path, paths, &ids)?;
                Some(
                    Diagnostic::error(format!("public/{}", page.path), format!("broken link `{link}`: {problem}"))
                        .with_hint("the link comes from a template, a markdown page or a short reference; fix it there"),
                )
            });
            broken.collect::<Vec<_>>()
        })
        .collect()
}

fn check_one(
    page: &str,
    link: &str,
    base_path: &str,
    paths: &BTreeSet<String>,
    ids: &BTreeMap<&str, BTreeSet<&str>>,
) -> Option<String> {
    let link = decode_entities(link);
    if is_external(&link) {
        return None;
    }
    let (target, fragment) = match link.split_once('#') {
        // A text fragment (`#p12:~:text=…`) is read by the browser, not a
        // part of the element id.
        Some((t, f)) => (t, Some(f.split(":~:").next().unwrap_or(f))),
        None => (link.as_str(), None),
    };
    let target = target.split('?').next().unwrap_or(target);
    let file = if target.is_empty() {
        page.to_string()
    } else if let Some(absolute) = target.strip_prefix('/') {
        let Some(inside) = format!("/{absolute}")
            .strip_prefix(base_path)
            .map(str::to_string)
        else {
            return Some(format!(
                "it does not start with the base path `{base_path}`"
            ));
        };
        resolve_file(&inside, paths)?
    } else {
        let directory = page.rsplit_once('/').map_or("", |(d, _)| d);
        let Some(joined) = normalise_path(&format!("{directory}/{target}")) else {
            return Some("it points outside the site".to_string());
        };
        resolve_file(&joined, paths)?
    };
    if !paths.contains(file.as_str()) {
        return Some("no such page was written".to_string());
    }
    match (fragment, ids.get(file.as_str())) {
        (Some(f), Some(page_ids)) if !f.is_empty() && !page_ids.contains(f) => {
            Some(format!("`{file}` has no element with id `{f}`"))
        }
        _ => None,
    }
}

/// The file a URL path is served from: `a/b/` is `a/b/index.html`.
fn resolve_file(path: &str, paths: &BTreeSet<String>) -> Option<String> {
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        return Some(format!("{path}index.html"));
    }
    if paths.contains(path) {
        Some(path.to_string())
    } else {
        Some(format!("{path}/index.html"))
    }
}

fn normalise_path(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let trailing = if path.ends_with('/') { "/" } else { "" };
    Some(format!("{}{trailing}", parts.join("/")))
}

fn is_external(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    lower.starts_with("//")
        || lower
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']))
}

/// The values of `name="…"` attributes in generated HTML (always quoted).
fn attribute_values<'t>(html: &'t str, name: &'t str) -> impl Iterator<Item = &'t str> + 't {
    let needle = format!(" {name}=\"");
    html.match_indices(needle.clone().as_str())
        .map(|(i, _)| i)
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(move |i| {
            let start = i + needle.len();
            let end = html[start..].find('"')? + start;
            Some(&html[start..end])
        })
}

fn decode_entities(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
        }
    }

    #[test]
    fn finds_missing_pages_and_anchors_under_a_sub_path() {
        let files = vec![
            file(
                "index.html",
                r##"<a href="/repo/forces/essex/">x</a> <a href="/repo/forces/kent/">y</a> <a href="/repo/sources/a/#p2">z</a> <a href="/elsewhere/">w</a> <a href="https://example.org/">e</a> <a href="#top">t</a>"##,
            ),
            file("forces/essex/index.html", r#"<p id="p1">x</p>"#),
            file("sources/a/index.html", r#"<p id="p1">x</p>"#),
        ];
        let problems = check_links(&files, "/repo/");
        let text: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
        assert_eq!(problems.len(), 4, "{text:#?}");
        assert!(
            text.iter()
                .any(|t| t.contains("/repo/forces/kent/") && t.contains("no such page"))
        );
        assert!(
            text.iter()
                .any(|t| t.contains("#p2") && t.contains("no element with id `p2`"))
        );
        assert!(
            text.iter()
                .any(|t| t.contains("/elsewhere/") && t.contains("base path"))
        );
        assert!(text.iter().any(|t| t.contains("#top")));
    }

    #[test]
    fn a_text_fragment_is_not_part_of_the_anchor() {
        let files = vec![
            file(
                "index.html",
                r#"<a href="/sources/a/#p1:~:text=x,y">ok</a> <a href="/sources/a/#p2:~:text=x">no p2</a>"#,
            ),
            file("sources/a/index.html", r#"<p id="p1">x y</p>"#),
        ];
        let problems = check_links(&files, "/");
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].message.contains("#p2"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn relative_links_resolve_against_the_page() {
        let files = vec![
            file(
                "about/index.html",
                r#"<a href="../methodology/">m</a> <a href="../../x/">x</a>"#,
            ),
            file("methodology/index.html", ""),
        ];
        let problems = check_links(&files, "/");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("../../x/"));
    }
}
