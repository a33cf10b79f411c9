//! Stage 4: render every page with tera templates.
//!
//! The default theme (`themes/default/`) is compiled into the binary, so any
//! site folder can be built without copying it; a site overrides any
//! template by putting a file of the same name in its own `templates/`
//! folder, and adds or replaces static files through `static/`. All text
//! from data reaches HTML through tera's auto-escaping; only markdown (made
//! safe by `markdown`) and highlighted records are inserted with `safe`.
//!
//! *Never:* computes a fact (every value comes from `resolve`'s views or
//! from pages other stages hand it as `ExtraPage`s) or writes to disk
//! itself: files go to the `Sink` it is given.

use std::borrow::Cow;
use std::cell::LazyCell;
use std::collections::HashSet;
use std::fs;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use answerable_base::html::first_words;
use answerable_base::memo::{self, Memo};
use answerable_base::output::Sink;
use answerable_base::output::{ExtraPage, OutputFile};
use answerable_base::packed::Packed;
use answerable_base::progress::Progress;
use answerable_data::diagnostics::{Diagnostic, SourceFiles};
use answerable_data::model::RecordKind;
use answerable_data::urls;
use answerable_resolve::{Link, SiteView};
use answerable_search::Letter;
use summaries::{
    InspectionRecommendations, InspectionSummary, ResponseSummary, RocuSummary, SourceSummary,
};

mod compact;
pub mod jsonld;
pub mod pagination;
mod records;
pub mod summaries;
pub mod templates;

/// What rendering keeps from one build to the next.
pub struct Memos {
    /// Rendered pages (before minifying), by a hash of their values,
    /// packed: at 10,000 pages they were a third of `serve`'s memory.
    pub pages: Memo<Packed>,
    /// The compiled templates, by a hash of their texts.
    pub templates: Memo<std::sync::Arc<Templates>>,
}

impl Memos {
    /// `remember`: keep results for the next build (`serve`), or not.
    pub fn new(remember: bool) -> Self {
        Memos {
            pages: Memo::new(remember),
            templates: Memo::new(remember),
        }
    }

    /// Forgets what the build that just finished did not use.
    pub fn finish_build(&self) {
        self.pages.finish_build();
        self.templates.finish_build();
    }
}

pub use templates::{THEME_TEMPLATES, Templates};

/// The theme's files copied as they are; a site's own `static/` file of
/// the same path replaces one.
const THEME_STATIC: [(&str, &[u8]); 5] = [
    (
        "assets/style.css",
        include_bytes!("../../../themes/default/static/style.css"),
    ),
    (
        "assets/search.js",
        include_bytes!("../../../themes/default/static/search.js"),
    ),
    (
        "assets/search-layout.js",
        include_bytes!("../../../themes/default/static/search-layout.js"),
    ),
    (
        "assets/favicon.svg",
        include_bytes!("../../../themes/default/static/favicon.svg"),
    ),
    (
        "assets/preview.png",
        include_bytes!("../../../themes/default/static/preview.png"),
    ),
];

/// The metadata every page shares: its title, canonical URL and trail.
#[derive(Serialize)]
struct Meta {
    title: String,
    description: String,
    /// Path relative to the base path, e.g. `forces/essex/`.
    path: String,
    canonical: String,
    kind: &'static str,
    breadcrumbs: Vec<Link>,
    /// Open Graph type: `website` for the home and index pages, `article`
    /// for the rest.
    og_type: &'static str,
    /// The site's language as an Open Graph locale (`en_GB`).
    locale: String,
    /// schema.org JSON-LD, already made safe by `jsonld::embed`.
    json_ld: String,
    /// When the page's data last changed, if known (docs/urls.md).
    updated: Option<Updated>,
}

#[derive(Serialize, Clone)]
struct Updated {
    /// For people: "1 April 2021", or "April 2021" for a date from data
    /// known only to the month.
    date: String,
    iso: String,
    /// `history` (the last commit changing the record's file) or `data`
    /// (a date in the record itself).
    from: &'static str,
}

impl Meta {
    fn with_ld(mut self, value: serde_json::Value) -> Meta {
        self.json_ld = jsonld::embed(&value);
        self
    }

    /// Sets when the record last changed, and the JSON-LD that says so.
    fn dated(
        mut self,
        updated: Option<Updated>,
        ld: impl FnOnce(Option<&str>) -> serde_json::Value,
    ) -> Meta {
        self = self.with_ld(ld(updated.as_ref().map(|u| u.iso.as_str())));
        self.updated = updated;
        self
    }
}

struct Renderer<'a> {
    templates: &'a Templates,
    memos: &'a Memos,
    progress: &'a dyn Progress,
    files: &'a SourceFiles,
    /// Pages other stages ask for (the data page, the feeds).
    extra: &'a [ExtraPage],
    view: &'a SiteView,
    /// Pages to render, in output order; rendered together, in parallel,
    /// by [`Renderer::render_pages`].
    jobs: Vec<Job<'a>>,
    /// Where each page goes as soon as it is rendered.
    sink: &'a dyn Sink,
    /// The pages to render, if not all (see [`Inputs::only`]).
    only: Option<&'a HashSet<String>>,
    /// Every page's output path, rendered or not, for the sitemap and the
    /// redirects' check. With [`Renderer::only`], only the kinds of page
    /// wanted are named: the sitemap and the check are the whole build's.
    outputs: Vec<String>,
    /// Files other than pages (source documents, static files), by path,
    /// put after the pages so that a site's own static file replaces
    /// anything else. Borrowed where they can be and copied only when put:
    /// the source documents, held as copies while every page was drawn,
    /// were 143 MB at 100,000 pages.
    out: Vec<(String, Cow<'a, [u8]>)>,
    errors: Vec<Diagnostic>,
}

/// One page to render: its output path, template and values.
struct Job<'a> {
    output: String,
    template: String,
    meta: Meta,
    fill: Box<dyn Fn(&mut Values) + Send + Sync + 'a>,
}

/// Above this many entries the A–Z index leaves the search page for a
/// page per letter: at 10,000 pages the whole A–Z made `/search/` 1.7 MB.
pub const A_TO_Z_ON_ONE_PAGE: usize = 400;

/// A letter of a split A–Z: the search page lists them.
#[derive(Debug, Clone, Serialize)]
struct LetterLink {
    letter: String,
    url: String,
    count: usize,
}

/// How many pages [`render_site`] renders, for a progress bar.
pub fn page_count(view: &SiteView, extra: &[ExtraPage]) -> usize {
    let records: usize = (RecordKind::ALL.iter())
        .map(|kind| record_page_count(view, *kind))
        .sum();
    // Home, search, 404, sitemap and robots.txt, then the indexes.
    let indexes: usize = (urls::INDEXES.iter())
        .map(|(path, _)| index_pages(view, path.trim_end_matches('/')).len())
        .sum();
    5 + indexes + records + view.redirects.len() + extra.len() + letter_pages(view)
}

/// How many pages a split A–Z adds.
fn letter_pages(view: &SiteView) -> usize {
    let letters = answerable_search::a_to_z(view);
    if is_split(&letters) { letters.len() } else { 0 }
}

/// Whether the A–Z is too long for the search page.
fn is_split(letters: &[Letter]) -> bool {
    letters.iter().map(|l| l.entries.len()).sum::<usize>() > A_TO_Z_ON_ONE_PAGE
}

/// How many pages the records of `kind` have: one each.
fn record_page_count(view: &SiteView, kind: RecordKind) -> usize {
    match kind {
        RecordKind::Inspection => view.inspections.len(),
        RecordKind::Recommendation => view.recommendations().count(),
        RecordKind::Rocu => view.rocus.len(),
        RecordKind::Force => (view.forces.iter())
            .map(|f| pagination::paginate_groups(f).len())
            .sum(),
        RecordKind::Response => view.responses.len(),
        RecordKind::Source => view.sources.len(),
        RecordKind::Page => view.pages.len(),
    }
}

/// What the pages are made from.
pub struct Inputs<'a> {
    pub templates: &'a Templates,
    /// The site's files, for error messages that point into templates.
    pub files: &'a SourceFiles,
    pub view: &'a SiteView,
    /// Pages other stages ask for (the data page, the feeds).
    pub extra: &'a [ExtraPage],
    /// The site's folder, for its `static/` files.
    pub root: &'a Path,
    /// Only the pages at these output paths, and no other files; `None`
    /// for the whole site.
    pub only: Option<&'a HashSet<String>>,
}

/// Renders every page and copies the theme's static files, giving each to
/// `sink` as soon as it is made.
pub fn render_site(
    inputs: Inputs,
    memos: &Memos,
    progress: &dyn Progress,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let Inputs {
        templates,
        files,
        view,
        extra,
        root,
        only,
    } = inputs;
    let mut r = Renderer {
        templates,
        memos,
        progress,
        files,
        view,
        extra,
        sink,
        only,
        outputs: Vec::new(),
        jobs: Vec::new(),
        out: Vec::new(),
        errors: Vec::new(),
    };
    r.all();
    r.render_pages();
    if only.is_none() {
        r.static_files(root);
        for (path, bytes) in std::mem::take(&mut r.out) {
            sink.put(OutputFile {
                path,
                bytes: bytes.into_owned(),
            });
        }
    }
    if r.errors.is_empty() {
        Ok(())
    } else {
        Err(r.errors)
    }
}

impl<'a> Renderer<'a> {
    fn all(&mut self) {
        let view = self.view;
        let home = self.crumb("Home", "");
        let description = view.site.description.clone().unwrap_or_default();
        // Made only if a page with charts is wanted (see `Inputs::only`).
        let charts_index = LazyCell::new(|| answerable_charts::Index::new(view));
        if self.wants("index.html") {
            let home_charts = answerable_charts::home(&charts_index);
            self.page(
                "index.html",
                "home.html",
                self.meta(&view.site.title, &description, "", "home", vec![])
                    .with_ld(jsonld::home(&view.site)),
                move |c| {
                    // The most recent: the inspections index has them all.
                    let all: Vec<_> = view.inspections.iter().map(Arc::as_ref).collect();
                    let inspections: Vec<_> =
                        (answerable_charts::most_recent(&all, HOME_INSPECTIONS).into_iter())
                            .map(InspectionSummary::of)
                            .collect();
                    c.insert("charts", &home_charts);
                    c.insert("totals", &view.totals);
                    c.insert("inspections", &inspections);
                    c.insert("home_html", &view.home_html);
                },
            );
        }
        for (first, title) in urls::INDEXES {
            let kind = first.trim_end_matches('/');
            let template = format!("{kind}.html");
            let description = format!("{title} on {}", view.site.title);
            let pages = index_pages(view, kind);
            let total = pages.len();
            for (number, items) in (1..).zip(pages) {
                let path = urls::numbered_page(first, number);
                let output = format!("{path}index.html");
                if !self.wants(&output) {
                    continue;
                }
                let pagination =
                    pagination::Pagination::of_list(&view.site.base_path, first, number, total);
                let crumbs = match number {
                    1 => vec![home.clone()],
                    _ => vec![home.clone(), self.crumb(title, first)],
                };
                let title = pagination.title(title);
                let meta = self.meta(&title, &description, &path, "index", crumbs);
                let ld = jsonld::collection(&view.site, &title, &meta.description, &meta.canonical);
                let meta = meta.with_ld(ld);
                self.page(&output, &template, meta, move |c| {
                    index_values(view, kind, &items, c);
                    c.insert("pagination", &pagination);
                });
            }
        }
        for kind in RecordKind::ALL {
            self.record_pages(kind, &home, &charts_index);
        }
        self.search_pages(&home);
        self.extra_pages();
        if self.wants("404.html") {
            let meta = self.meta("Page not found", "", "404.html", "404", vec![]);
            let ld = jsonld::web_page(&view.site, "Page not found", "", &meta.canonical);
            let meta = meta.with_ld(ld);
            self.page("404.html", "404.html", meta, |_| {});
        }
        if self.wants("sitemap.xml") {
            let mut locations: Vec<String> = (self.outputs.iter())
                .filter(|path| path.ends_with("index.html"))
                .map(|path| {
                    format!(
                        "{}{}",
                        view.site.base_url,
                        path.trim_end_matches("index.html")
                    )
                })
                .collect();
            locations.sort();
            let meta = self.meta("sitemap", "", "sitemap.xml", "sitemap", vec![]);
            self.page("sitemap.xml", "sitemap.xml", meta, move |c| {
                c.insert("locations", &locations)
            });
        }
        if self.wants("robots.txt") {
            let meta = self.meta("robots", "", "robots.txt", "robots", vec![]);
            self.page("robots.txt", "robots.txt", meta, |_| {});
        }
        self.redirects();
        self.out.push((".nojekyll".into(), Cow::Borrowed(&[])));
    }

    /// A small page at each old address that sends readers on to the new
    /// one (not in the sitemap, and marked `noindex`).
    fn redirects(&mut self) {
        let view = self.view;
        for redirect in &view.redirects {
            let output = format!("{}index.html", redirect.from);
            if self.outputs.contains(&output) || self.out.iter().any(|(path, _)| *path == output) {
                self.errors.push(
                    Diagnostic::error(
                        format!("public/{output}"),
                        format!("the redirect from `{}` would replace a page", redirect.from),
                    )
                    .with_hint("remove that `redirect_from` entry"),
                );
                continue;
            }
            if !self.wants(&output) {
                continue;
            }
            let meta = self.meta("Page moved", "", &redirect.from, "redirect", vec![]);
            self.page(&output, "redirect.html", meta, move |c| {
                c.insert("url", &format!("{}{}", view.site.base_path, redirect.to));
                c.insert(
                    "canonical",
                    &format!("{}{}", view.site.base_url, redirect.to),
                );
            });
        }
    }

    fn static_files(&mut self, root: &Path) {
        for (path, bytes) in THEME_STATIC {
            self.out.push((path.to_string(), Cow::Borrowed(bytes)));
        }
        let dir = root.join("static");
        if !dir.is_dir() {
            return;
        }
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let path: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let path = path.join("/");
            match fs::read(entry.path()) {
                Ok(bytes) => {
                    self.out.retain(|(other, _)| *other != path);
                    self.out.push((path, Cow::Owned(bytes)));
                }
                Err(e) => self.errors.push(Diagnostic::error(
                    format!("static/{path}"),
                    format!("cannot read the file: {e}"),
                )),
            }
        }
    }

    /// Pages other stages describe, rendered like the rest so that they
    /// share the layout and appear in the sitemap.
    fn extra_pages(&mut self) {
        for page in self.extra {
            if !self.wants(&page.output) {
                continue;
            }
            let crumbs = if page.template.ends_with(".html") {
                vec![self.crumb("Home", "")]
            } else {
                Vec::new()
            };
            let meta = self.meta(
                &page.title,
                &page.description,
                &page.path,
                page.kind,
                crumbs,
            );
            self.page(&page.output, page.template, meta, |c| {
                for (name, value) in &page.values {
                    c.insert(name, value);
                }
            });
        }
    }

    /// The search page, with the A–Z index a reader without JavaScript
    /// browses. A long A–Z is split into a page per letter, so that the
    /// search page stays small however large the site.
    fn search_pages(&mut self, home: &Link) {
        // The A–Z index reads every record's title: not worth making when
        // no page under the search page is wanted.
        if !self.wants_any_under(urls::SEARCH) {
            return;
        }
        let letters = answerable_search::a_to_z(self.view);
        let split = is_split(&letters);
        let index: Arc<Vec<LetterLink>> = Arc::new(
            (letters.iter())
                .map(|l| LetterLink {
                    letter: l.letter.clone(),
                    url: format!(
                        "{}{}a-z/{}/",
                        self.view.site.base_path,
                        urls::SEARCH,
                        l.slug
                    ),
                    count: l.entries.len(),
                })
                .collect(),
        );
        // Split, the search page lists only the letters, each a page of its
        // own; whole, the search page lists every entry.
        let (on_search_page, letter_pages) = if split {
            (Vec::new(), letters)
        } else {
            (letters, Vec::new())
        };
        let output = format!("{}index.html", urls::SEARCH);
        if self.wants(&output) {
            let meta = self.meta(
                "Search",
                "Search every page, or browse the A–Z index.",
                urls::SEARCH,
                "search",
                vec![home.clone()],
            );
            let index = Arc::clone(&index);
            self.page(&output, "search.html", meta, move |c| {
                c.insert("letters", &on_search_page);
                c.insert("letter_pages", if split { &index[..] } else { &[] });
            });
        }
        let search = self.crumb("Search", urls::SEARCH);
        for letter in letter_pages {
            let path = format!("{}a-z/{}/", urls::SEARCH, letter.slug);
            let output = format!("{path}index.html");
            if !self.wants(&output) {
                continue;
            }
            let title = format!("A–Z: {}", letter.letter);
            let description = format!(
                "Every page under {} on {}",
                letter.letter, self.view.site.title
            );
            let meta = self.meta(
                &title,
                &description,
                &path,
                "a-z",
                vec![home.clone(), search.clone()],
            );
            let index = Arc::clone(&index);
            self.page(&output, "a-z.html", meta, move |c| {
                c.insert("letter", &letter);
                c.insert("letter_pages", &*index);
            });
        }
    }

    fn crumb(&self, title: &str, path: &str) -> Link {
        Link::to_page(title, format!("{}{path}", self.view.site.base_path))
    }

    fn meta(
        &self,
        title: &str,
        description: &str,
        path: &str,
        kind: &'static str,
        breadcrumbs: Vec<Link>,
    ) -> Meta {
        // Every page has a description for link previews: the site's own
        // when the page has none.
        let description = match description.trim() {
            "" => self.view.site.description.as_deref().unwrap_or_default(),
            text => text,
        };
        Meta {
            title: title.to_string(),
            description: shorten(description, 200),
            path: path.to_string(),
            canonical: format!("{}{path}", self.view.site.base_url),
            kind,
            breadcrumbs,
            og_type: if matches!(kind, "home" | "index") {
                "website"
            } else {
                "article"
            },
            locale: self.view.site.language.replace('-', "_"),
            json_ld: String::new(),
            updated: None,
        }
    }

    /// When the data behind a page last changed: the last commit touching
    /// the file its record is in, or else the date the data gives (`date`,
    /// `iso`), or unknown.
    fn updated(
        &self,
        file: &str,
        from_data: (&Option<String>, &Option<String>),
    ) -> Option<Updated> {
        if let Some(date) = self.view.last_changed.get(file) {
            return Some(Updated {
                date: answerable_data::dates::long(*date),
                iso: date.to_string(),
                from: "history",
            });
        }
        match from_data {
            (Some(date), Some(iso)) => Some(Updated {
                date: date.clone(),
                iso: iso.clone(),
                from: "data",
            }),
            _ => None,
        }
    }

    /// Whether to render the page at `output` (see [`Inputs::only`]),
    /// noting it among the site's pages either way. Every page is asked
    /// for this way, before anything costly is made for it.
    fn wants(&mut self, output: &str) -> bool {
        self.outputs.push(output.to_string());
        self.only.is_none_or(|only| only.contains(output))
    }

    /// Whether any page under `folder` may be wanted: always, unless only
    /// some pages are.
    fn wants_any_under(&self, folder: &str) -> bool {
        (self.only).is_none_or(|only| only.iter().any(|page| page.starts_with(folder)))
    }

    /// Adds a page to render (one [`Renderer::wants`] said yes to).
    fn page(
        &mut self,
        output: &str,
        template: &str,
        meta: Meta,
        fill: impl Fn(&mut Values) + Send + Sync + 'a,
    ) {
        self.jobs.push(Job {
            output: output.to_string(),
            template: template.to_string(),
            meta,
            fill: Box::new(fill),
        });
    }

    /// Renders every page added, in parallel; the output keeps the order
    /// they were added in, so the site is the same on any number of
    /// threads.
    fn render_pages(&mut self) {
        let jobs = std::mem::take(&mut self.jobs);
        // Each job goes once its page is made, rather than all at the end:
        // at 100,000 pages their titles, trails and JSON-LD are a part of
        // this stage's memory.
        let failed: Vec<_> = jobs
            .into_par_iter()
            .filter_map(|job| match self.render(&job) {
                Ok(text) => {
                    self.sink.put(OutputFile {
                        path: job.output,
                        bytes: text.into_bytes(),
                    });
                    None
                }
                Err(e) => Some((job.template, job.output, e)),
            })
            .collect();
        for (template, output, e) in failed {
            // A fault in a shared template fails every page; say it once.
            let d = (self.templates).render_error(&template, &output, &e, self.files);
            let seen = self
                .errors
                .iter()
                .any(|o| (&o.file, &o.span, &o.message) == (&d.file, &d.span, &d.message));
            if !seen {
                self.errors.push(d);
            }
        }
    }

    fn render(&self, job: &Job) -> Result<String, tera::Error> {
        let values = |mut values: Values| {
            values.insert("site", &self.view.site);
            values.insert("meta", &job.meta);
            (job.fill)(&mut values);
            values
        };
        let render = || match values(Values::Context(Context::new())) {
            Values::Context(context) => self.templates.tera.render(&job.template, &context),
            Values::Hash(_) => unreachable!("filled a context"),
        };
        let rendered = if self.memos.pages.remembers() {
            // The page is a function of its templates and its values alone.
            let key = match values(Values::Hash(memo::JsonHasher::default())) {
                Values::Hash(hasher) => hasher.finish_with(&(self.templates.key, &job.template)),
                Values::Context(_) => unreachable!("hashed"),
            };
            // A page just rendered is used as it is, not unpacked again.
            let mut fresh = None;
            let packed = self.memos.pages.try_get_or(key, || {
                let page = render()?;
                let packed = Packed::new(page.as_bytes());
                fresh = Some(page);
                Ok(packed)
            });
            packed.map(|packed| fresh.unwrap_or_else(|| packed.unpack_text()))
        } else {
            render()
        };
        self.progress.step();
        rendered
    }
}

/// The most inspections the home page shows as cards, the most recently
/// published.
pub const HOME_INSPECTIONS: usize = 12;

/// The most records one page of an index lists (inspections, responses,
/// source documents); past it the index runs over numbered pages.
pub const INDEX_ITEMS_PER_PAGE: usize = 100;

/// Which of an index's records each of its pages lists, as
/// [`answerable_resolve::paging::split`] gives them: pages of at most
/// [`INDEX_ITEMS_PER_PAGE`] records (the recommendations grouped by their
/// inspection), or one page for the ROCUs and forces, which are few by
/// nature.
fn index_pages(view: &SiteView, kind: &str) -> Vec<Vec<(usize, Range<usize>)>> {
    let sizes = match kind {
        "inspections" => vec![view.inspections.len()],
        "responses" => vec![view.responses.len()],
        "sources" => vec![view.sources.len()],
        "recommendations" => (view.inspections.iter())
            .map(|i| i.recommendations.len())
            .collect(),
        _ => return vec![Vec::new()],
    };
    answerable_resolve::paging::split(&sizes, INDEX_ITEMS_PER_PAGE)
}

/// What each index page lists (docs/theming.md): the records in `parts`
/// (see [`index_pages`]) of those the index has.
fn index_values(view: &SiteView, kind: &str, parts: &[(usize, Range<usize>)], c: &mut Values) {
    // A list not grouped is split as one group: its part on this page.
    let on_page = || parts.first().map_or(0..0, |(_, items)| items.clone());
    match kind {
        "inspections" => {
            let inspections: Vec<_> = (view.inspections[on_page()].iter())
                .map(|r| InspectionSummary::of(r))
                .collect();
            c.insert("inspections", &inspections);
        }
        "recommendations" => {
            let inspections: Vec<_> = (parts.iter())
                .map(|(index, part)| {
                    InspectionRecommendations::part_of(&view.inspections[*index], part.clone())
                })
                .collect();
            c.insert("inspections", &inspections);
            c.insert("stances", &view.stances);
            c.insert("statuses", &view.statuses);
        }
        "rocus" | "forces" => {
            let rocus: Vec<_> = view.rocus.iter().map(|r| RocuSummary::of(r)).collect();
            c.insert("rocus", &rocus);
        }
        "responses" => {
            let responses: Vec<_> = (view.responses[on_page()].iter())
                .map(|r| ResponseSummary::of(r))
                .collect();
            c.insert("responses", &responses);
        }
        "sources" => {
            let sources: Vec<_> = (view.sources[on_page()].iter())
                .map(|r| SourceSummary::of(r))
                .collect();
            c.insert("sources", &sources);
        }
        other => unreachable!("an index page not in urls::INDEXES: {other}"),
    }
}

/// A page's template values: put into a tera context to render the page,
/// or only hashed, to find out whether the page rendered last time is
/// still right (hashing is much cheaper than building the context).
enum Values {
    Context(Context),
    Hash(memo::JsonHasher),
}

impl Values {
    fn insert<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match self {
            Values::Context(context) => context.insert(name, value),
            Values::Hash(hasher) => hasher.add(name, value),
        }
    }
}

/// A tera error with all its causes, which is where the useful detail is.
pub fn error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn shorten(text: &str, limit: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in words {
        if out.chars().count() + word.chars().count() + 1 > limit {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_plain_text_and_short() {
        assert_eq!(
            first_words("<p>A &amp; <em>B</em></p>\n<p>C</p>"),
            "A & B C"
        );
        assert_eq!(shorten("one two three", 8), "one two…");
    }
}
