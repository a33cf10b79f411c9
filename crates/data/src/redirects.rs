//! Old addresses kept alive: each `redirect_from` path in the data or a
//! page's front matter gets a small page that sends readers (and search
//! engines, through `rel="canonical"`) to the record's current address.
//!
//! Paths are written relative to the site's base path (`forces/old-id/`; a
//! leading `/` is allowed and ignored) and always name a folder: the
//! redirect is written as `<path>index.html`. A redirect may not take the
//! address of a real page, of a file the site writes, or of another
//! redirect; `check` reports each with the file, line and field.

use std::collections::{BTreeMap, HashSet};

use crate::diagnostics::{Diagnostic, SourceFiles, line_column};
use crate::model::{Dataset, Located, PageRole};
use crate::urls;

/// A redirect from an old path to a current one, both relative to the base
/// path and ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub from: String,
    pub to: String,
}

/// The normal form of a `redirect_from` path (`forces/old/`), or why it
/// cannot be one.
pub fn normalise(path: &str) -> Result<String, String> {
    let trimmed = path.trim().trim_start_matches('/');
    let trimmed = trimmed.strip_suffix("/index.html").unwrap_or(trimmed);
    let trimmed = trimmed.trim_end_matches('/');
    if trimmed.is_empty() {
        return Err("the home page cannot be redirected".into());
    }
    for segment in trimmed.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err(format!("`{path}` has an empty, `.` or `..` part"));
        }
        if let Some(c) = segment
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            return Err(format!(
                "`{path}` contains `{c}`, which a path here may not"
            ));
        }
    }
    Ok(format!("{trimmed}/"))
}

/// Every `redirect_from` entry with the path of the page it leads to.
fn entries(dataset: &Dataset) -> Vec<(&Located<String>, String)> {
    fn add<'d>(
        out: &mut Vec<(&'d Located<String>, String)>,
        list: &'d [Located<String>],
        to: String,
    ) {
        out.extend(list.iter().map(|from| (from, to.clone())));
    }
    let mut out = Vec::new();
    for f in &dataset.forces {
        add(&mut out, &f.redirect_from, urls::force(&f.id.value));
    }
    for r in &dataset.rocus {
        add(&mut out, &r.redirect_from, urls::rocu(&r.id.value));
    }
    for i in &dataset.inspections {
        add(&mut out, &i.redirect_from, urls::inspection(&i.id.value));
        for r in &i.recommendations {
            let to = urls::recommendation(&i.id.value, r.number.value);
            add(&mut out, &r.redirect_from, to);
        }
    }
    for r in &dataset.responses {
        add(&mut out, &r.redirect_from, urls::response(&r.id));
    }
    for p in &dataset.pages {
        let to = match &p.role {
            PageRole::Page(slug) => urls::page(slug),
            PageRole::Home => String::new(),
            PageRole::Commentary(_) => continue,
        };
        add(&mut out, &p.redirect_from, to);
    }
    out
}

/// The paths of every page and file the site writes itself, as folders
/// (`forces/north/`) or files (`sitemap.xml/`, so they compare with a
/// normalised redirect).
fn taken(dataset: &Dataset) -> HashSet<String> {
    let mut paths: HashSet<String> = urls::INDEXES.iter().map(|(p, _)| p.to_string()).collect();
    for reserved in urls::RESERVED {
        paths.insert(format!("{reserved}/"));
    }
    for file in ["404.html", "sitemap.xml", "robots.txt", ".nojekyll"] {
        paths.insert(format!("{file}/"));
    }
    paths.extend(dataset.forces.iter().map(|f| urls::force(&f.id.value)));
    paths.extend(dataset.rocus.iter().map(|r| urls::rocu(&r.id.value)));
    for i in &dataset.inspections {
        paths.insert(urls::inspection(&i.id.value));
        for r in &i.recommendations {
            paths.insert(urls::recommendation(&i.id.value, r.number.value));
        }
    }
    paths.extend(dataset.responses.iter().map(|r| urls::response(&r.id)));
    for s in &dataset.sources {
        paths.insert(urls::source(s.slug()));
        paths.insert(format!("{}{}/", urls::source(s.slug()), s.file.value));
    }
    for p in &dataset.pages {
        if let PageRole::Page(slug) = &p.role {
            paths.insert(urls::page(slug));
        }
    }
    paths
}

/// Whether `path` (normalised) ends in `page/<n>/`, where the build
/// writes page n of a list too long for one page (urls::numbered_page):
/// which of those exist depends on how large the site is, so no redirect
/// may take one.
fn is_numbered_page(path: &str) -> bool {
    let mut segments = path.trim_end_matches('/').rsplit('/');
    let number = segments.next().unwrap_or_default();
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && segments.next() == Some("page")
}

/// Every problem with the site's redirects.
pub fn check(dataset: &Dataset, files: &SourceFiles) -> Vec<Diagnostic> {
    let entries = entries(dataset);
    // Every address of a large site is a few milliseconds on each save
    // in `serve`: made only when there is a redirect to check against it.
    let taken = if entries.is_empty() {
        HashSet::new()
    } else {
        taken(dataset)
    };
    let mut seen: BTreeMap<String, &Located<String>> = BTreeMap::new();
    let mut out = Vec::new();
    for page in &dataset.pages {
        if let (PageRole::Commentary(_), Some(from)) = (&page.role, page.redirect_from.first()) {
            out.push(
                Diagnostic::at(
                    &from.origin,
                    "redirect_from",
                    "commentary has no address of its own",
                )
                .with_hint("put `redirect_from` on the record the commentary is about, in data/"),
            );
        }
    }
    for (from, to) in entries {
        let path = match normalise(&from.value) {
            Ok(path) => path,
            Err(why) => {
                out.push(
                    Diagnostic::at(&from.origin, "redirect_from", format!("not a path: {why}"))
                        .with_hint(
                            "write the old address under the site's base path, e.g. `forces/old-id/`",
                        ),
                );
                continue;
            }
        };
        if path == to {
            out.push(
                Diagnostic::at(
                    &from.origin,
                    "redirect_from",
                    format!("`{path}` is this page's own address"),
                )
                .with_hint("list only addresses the page used to have"),
            );
        } else if is_numbered_page(&path) {
            out.push(
                Diagnostic::at(
                    &from.origin,
                    "redirect_from",
                    format!("`{path}` is kept for a numbered page of a long list"),
                )
                .with_hint(
                    "an address ending in `page/<number>/` may become page <number> of a force's list or an index as the site grows; keep old addresses that do not end so",
                ),
            );
        } else if taken.contains(&path) || path.starts_with("assets/") {
            out.push(
                Diagnostic::at(
                    &from.origin,
                    "redirect_from",
                    format!("`{path}` is the address of a page or file the site writes"),
                )
                .with_hint(
                    "a redirect can only keep an address that nothing else uses alive; remove it, or rename the page now at that address",
                ),
            );
        } else if let Some(first) = seen.get(&path) {
            let line = files
                .get(&first.origin.file)
                .map(|t| line_column(t, first.origin.span.start).0);
            out.push(
                Diagnostic::at(
                    &from.origin,
                    "redirect_from",
                    format!("`{path}` is already redirected elsewhere"),
                )
                .with_hint(format!(
                    "it is already listed in {}{}; an old address can lead to one page only",
                    first.origin.file,
                    line.map(|l| format!(" on line {l}")).unwrap_or_default()
                )),
            );
        } else {
            seen.insert(path, from);
        }
    }
    out
}

/// The redirects to write, sorted by old path. Assumes `check` found no
/// errors.
pub fn redirects(dataset: &Dataset) -> Vec<Redirect> {
    let mut out: Vec<Redirect> = entries(dataset)
        .into_iter()
        .filter_map(|(from, to)| {
            Some(Redirect {
                from: normalise(&from.value).ok()?,
                to,
            })
        })
        .collect();
    out.sort_by(|a, b| a.from.cmp(&b.from));
    out.dedup_by(|a, b| a.from == b.from);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_pages_are_kept_for_long_lists() {
        assert!(is_numbered_page("forces/essex/page/2/"));
        assert!(is_numbered_page("responses/page/12/"));
        assert!(!is_numbered_page("forces/page/"));
        assert!(!is_numbered_page("pages/2/"));
        assert!(!is_numbered_page("forces/essex/page/two/"));
    }

    #[test]
    fn paths_are_normalised_to_folders_under_the_base_path() {
        assert_eq!(normalise("/forces/old/").unwrap(), "forces/old/");
        assert_eq!(normalise("forces/old").unwrap(), "forces/old/");
        assert_eq!(normalise("forces/old/index.html").unwrap(), "forces/old/");
        assert_eq!(
            normalise("inspections/x/recommendations/7").unwrap(),
            "inspections/x/recommendations/7/"
        );
    }

    #[test]
    fn paths_that_could_escape_or_mean_something_else_are_refused() {
        for bad in [
            "",
            "/",
            "../etc/",
            "forces//old/",
            "forces/./old/",
            "https://example.org/",
            "forces/old?x=1",
            "forces/old#p1",
            "forces/<script>/",
            "forces/o ld/",
        ] {
            assert!(normalise(bad).is_err(), "{bad:?}");
        }
    }
}
