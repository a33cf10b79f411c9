//! After rendering, every internal link must lead somewhere.
//!
//! Each `href` and `src` in every HTML page that points inside the site (a
//! path under the base path, or a relative path) must name a file the build
//! wrote, and an `#anchor` on it must name an id on that page. A broken link
//! fails the build, naming the page and the link.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use answerable_base::output::OutputFile;
use answerable_data::diagnostics::Diagnostic;

/// The site-internal links on one page (each once, in order) and the ids
/// in it, found in its text.
pub struct Found<'t> {
    links: Vec<&'t str>,
    ids: Vec<&'t str>,
}

impl<'t> Found<'t> {
    /// The links and ids of an HTML page; nothing for other files.
    pub fn of(file: &'t OutputFile) -> Option<Found<'t>> {
        if !file.path.ends_with(".html") {
            return None;
        }
        let text = std::str::from_utf8(&file.bytes).ok()?;
        let Attributes { hrefs, srcs, ids } = attributes(text);
        let mut seen = BTreeSet::new();
        let links = (hrefs.into_iter().chain(srcs))
            .filter(|link| seen.insert(*link) && !is_external(&decode_entities(link)))
            .collect();
        Some(Found { links, ids })
    }
}

/// What the link check needs of every page written, taken as each is
/// written so that the pages themselves need not be kept. Each distinct
/// link and id is held once, by number: pages share most of their links
/// (the menu, the records they list), and held page by page they were
/// about 40 MB at 10,000 pages.
#[derive(Default)]
pub struct Links {
    /// Each page's links and ids, by its path.
    pages: BTreeMap<String, PageLinks>,
    texts: Vec<Arc<str>>,
    numbers: foldhash::HashMap<Arc<str>, u32>,
}

struct PageLinks {
    links: Box<[u32]>,
    /// Sorted, to be searched.
    ids: Box<[u32]>,
}

impl Links {
    /// Keeps what the link check needs of the page at `path`, in place of
    /// what was kept of a page written there before.
    pub fn add(&mut self, path: &str, found: Found<'_>) {
        let links = found.links.iter().map(|t| self.number(t)).collect();
        let mut ids: Vec<u32> = found.ids.iter().map(|t| self.number(t)).collect();
        ids.sort_unstable();
        let page = PageLinks {
            links,
            ids: ids.into(),
        };
        self.pages.insert(path.to_string(), page);
    }

    /// Forgets the page at `path`, replaced by a file that is not a page.
    pub fn remove(&mut self, path: &str) {
        self.pages.remove(path);
    }

    fn number(&mut self, text: &str) -> u32 {
        if let Some(&n) = self.numbers.get(text) {
            return n;
        }
        let n = u32::try_from(self.texts.len()).expect("fewer than 4 billion distinct links");
        let text: Arc<str> = Arc::from(text);
        self.texts.push(Arc::clone(&text));
        self.numbers.insert(text, n);
        n
    }

    /// Checks the links of every page, in path order, against the files
    /// written (`paths`) and the ids on each page.
    pub fn check(&self, paths: &BTreeSet<String>, base_path: &str) -> Vec<Diagnostic> {
        let has_id = |file: &str, id: &str| -> Option<bool> {
            let page = self.pages.get(file)?;
            let n = self.numbers.get(id);
            Some(n.is_some_and(|n| page.ids.binary_search(n).is_ok()))
        };
        let pages: Vec<(&String, &PageLinks)> = self.pages.iter().collect();
        // Collecting keeps the pages' order, so the report is stable.
        pages
            .par_iter()
            .flat_map_iter(|(path, page)| {
                let broken = page.links.iter().filter_map(|&n| {
                    let link = &*self.texts[n as usize];
                    let problem = check_one(path, link, base_path, paths, &has_id)?;
                    Some(
                        Diagnostic::error(format!("public/{path}"), format!("broken link `{link}`: {problem}"))
                            .with_hint("the link comes from a template, a markdown page or a short reference; fix it there"),
                    )
                });
                broken.collect::<Vec<_>>()
            })
            .collect()
    }
}

/// Checks every link in `files` (kept in memory).
pub fn check_links(files: &[OutputFile], base_path: &str) -> Vec<Diagnostic> {
    let paths: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut links = Links::default();
    for file in files {
        if let Some(found) = Found::of(file) {
            links.add(&file.path, found);
        }
    }
    links.check(&paths, base_path)
}

fn check_one(
    page: &str,
    link: &str,
    base_path: &str,
    paths: &BTreeSet<String>,
    has_id: &dyn Fn(&str, &str) -> Option<bool>,
) -> Option<String> {
    let link = decode_entities(link);
    if is_external(&link) {
        return None;
    }
    let (target, fragment) = match link.split_once('#') {
        // A text fragment (`#p12:~:text=…`) is read by the browser, not a
        // part of the element id.
        Some((t, f)) => (t, Some(f.split(":~:").next().unwrap_or(f))),
        None => (&*link, None),
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
    match fragment {
        Some(f) if !f.is_empty() && has_id(&file, f) == Some(false) => {
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
    link.starts_with("//")
        || link
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']))
}

/// The values of the `href`, `src` and `id` attributes of a page, each in
/// the order they come.
#[derive(Default)]
struct Attributes<'t> {
    hrefs: Vec<&'t str>,
    srcs: Vec<&'t str>,
    ids: Vec<&'t str>,
}

/// [`Attributes`] of generated HTML (always quoted), in one pass: this
/// runs over every byte of every page, and three searches took a twentieth
/// of a build's time.
fn attributes(html: &str) -> Attributes<'_> {
    let bytes = html.as_bytes();
    let mut found = Attributes::default();
    for equals in memchr::memmem::find_iter(bytes, b"=\"") {
        let name = &bytes[..equals];
        let values = if name.ends_with(b" href") {
            &mut found.hrefs
        } else if name.ends_with(b" src") {
            &mut found.srcs
        } else if name.ends_with(b" id") {
            &mut found.ids
        } else {
            continue;
        };
        let start = equals + 2;
        if let Some(length) = memchr::memchr(b'"', &bytes[start..]) {
            values.push(&html[start..start + length]);
        }
    }
    found
}

fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    (text.replace("&amp;", "&"))
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .into()
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
    fn each_link_and_id_is_found_once_in_order_and_no_other_attribute() {
        let page = file(
            "a/index.html",
            r##"<p id="top" data-id="not-an-id"><img src="/i.png"> <a href="/b/">b</a> <a href="#top" title="href=&quot;/c/&quot;">t</a> <a href="/b/">again</a> <a href="https://example.org/?a=1&amp;b=2">e</a> <img src="/i.png"><span id="end">x</span>"##,
        );
        let found = Found::of(&page).expect("an HTML page");
        assert_eq!(found.links, ["/b/", "#top", "/i.png"]);
        assert_eq!(found.ids, ["top", "end"]);
    }

    #[test]
    fn a_page_written_again_is_checked_as_last_written() {
        let mut links = Links::default();
        let paths: BTreeSet<String> = ["index.html", "a/index.html", "b/index.html"]
            .map(String::from)
            .into();
        let pages = [
            file("index.html", r#"<a href="/missing/">x</a>"#),
            // An id on one page is not one of another's.
            file("a/index.html", r#"<p id="only-here">x</p>"#),
            file(
                "b/index.html",
                r#"<a href="/a/#only-here">ok</a> <a href="/b/#only-here">no</a>"#,
            ),
        ];
        for page in &pages {
            links.add(&page.path, Found::of(page).unwrap());
        }
        let problems = links.check(&paths, "/");
        let text: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(text.len(), 2, "{text:#?}");
        assert!(text[0].contains("/b/#only-here"), "{text:#?}");
        assert!(text[1].contains("/missing/"), "{text:#?}");
        // Written again without the broken link, then replaced by a file
        // that is not a page: neither is reported.
        let again = file("index.html", r#"<a href="/a/">x</a>"#);
        links.add("index.html", Found::of(&again).unwrap());
        links.remove("b/index.html");
        assert!(links.check(&paths, "/").is_empty());
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
