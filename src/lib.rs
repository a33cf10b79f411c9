//! `answerable` turns TOML data about inspection reports, their
//! recommendations and the published responses to them, plus markdown
//! commentary, into a static website.
//!
//! The build is a straight pipeline, one crate per stage (re-exported
//! here): [`load`] → [`validate`] → [`resolve`] → [`render`] (and
//! [`export`], [`search`]) → [`linkcheck`] → [`write`]. This crate wires
//! them together ([`build`], [`check`], and the parts `serve` runs one by
//! one), checks links, writes and previews the site; the CLI in `main.rs`
//! only parses arguments and reports. See ARCHITECTURE.md.
//!
//! *Never:* computes a fact about the data or renders a page itself: that
//! is the stages' work, and this crate only hands their values on.

pub mod cache;
pub mod host;
pub mod linkcheck;
pub mod scaffold;
pub mod serve;
pub mod session;
pub mod write;

// The stages, under the names they had when they were modules of this
// crate, so that one `answerable` library reaches the whole pipeline.
pub use answerable_base::progress;
pub use answerable_charts as charts;
pub use answerable_data::{
    config, dates, diagnostics, history, load, model, quote, redirects, schemas, urls,
};
pub use answerable_export as export;
pub use answerable_markup::{highlight, markdown};
pub use answerable_render as render;
pub use answerable_resolve as resolve;
pub use answerable_search as search;
pub use answerable_validate as validate;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use answerable_base::output::{ExtraPage, OutputFile, Sink};
use cache::Cache;
pub use config::Overrides;
use diagnostics::{Diagnostic, SourceFiles};
use progress::{Progress, Silent};
use quote::QuoteIndexes;
pub use session::Session;

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder (holding `site.toml`).
    pub root: PathBuf,
    /// Where to write; `public/` in the root by default.
    pub out: Option<PathBuf>,
    pub overrides: Overrides,
    /// Treat warnings as errors (`--strict`), so that nothing is written
    /// while any remain.
    pub strict: bool,
    /// Replace an output folder that holds files a build did not write
    /// (`--force`); never the site's own or source folders.
    pub force: bool,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options {
            root: root.into(),
            out: None,
            overrides: Overrides::default(),
            strict: false,
            force: false,
        }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// Problems found in the site's files, with the files' text so they can be
/// shown with line numbers and snippets.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub files: SourceFiles,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        (self.diagnostics.iter()).filter(|d| d.severity == diagnostics::Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// All diagnostics, rendered for a person to read.
    pub fn render(&self, colour: bool) -> String {
        diagnostics::render(&self.diagnostics, &self.files, colour)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data, content or templates have errors (exit code 1).
    #[error("the site has {} error(s)", .0.errors().count())]
    Invalid(Report),
    /// The output could not be written (exit code 2).
    #[error("cannot write the site to {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The output folder is one a build must not replace (exit code 2).
    #[error("will not build into {}: {refusal}", path.display())]
    OutputRefused {
        path: PathBuf,
        refusal: write::guard::Refusal,
    },
}

/// What a successful build or check produced.
#[derive(Debug)]
pub struct Built {
    /// HTML pages rendered.
    pub pages: usize,
    /// All files, pages included.
    pub files: Vec<OutputFile>,
    /// Warnings (a successful build has no errors).
    pub report: Report,
}

/// Runs every stage except writing.
pub fn check(options: &Options) -> Result<Built, Error> {
    check_with(options, &Cache::one_off(), &Silent)
}

/// [`check`], reusing and filling `cache` (see [`Session`]) and telling
/// `progress` how far it has got.
pub fn check_with(
    options: &Options,
    cache: &Cache,
    progress: &dyn Progress,
) -> Result<Built, Error> {
    render_with(options, cache, progress)?.finish(progress)
}

/// A check with every page and data file made, kept in memory as text,
/// but neither the search index nor the link check yet. (`serve` keeps
/// its files packed instead: `session::Unfinished`.)
pub struct Rendered {
    /// Pages and data files, without the search index.
    pub files: Vec<OutputFile>,
    made: Made,
}

/// What the stages up to rendering leave for the last two.
struct Made {
    /// Until [`Made::index_for_search`] lets it go.
    view: Option<resolve::SiteView>,
    report: Report,
    base_path: String,
    /// The host's limit, and whether the site allows the `site-size` warning.
    host_size_limit: u64,
    size_warning_allowed: bool,
}

impl Made {
    /// Gives the search index's files to `sink`. The views go, a kind at a
    /// time, as the index's documents are made from them: nothing after
    /// needs them, and they are the largest thing a build holds (1.2 GB at
    /// 100,000 pages, which made indexing the peak of the whole build).
    fn index_for_search(&mut self, sink: &dyn Sink) {
        let documents = (self.view.take())
            .map(search::documents)
            .unwrap_or_default();
        search::index(&documents, sink);
    }

    /// Judges the size of the whole output against the host's limit, as
    /// validation judges the data: a warning becomes an error with
    /// `--strict` unless the site allows it.
    fn judge_size(&mut self, bytes: u64, strict: bool) -> Result<(), Error> {
        let Some(mut said) = host::size_check(bytes, self.host_size_limit) else {
            return Ok(());
        };
        if said.lint.is_some() && self.size_warning_allowed {
            return Ok(());
        }
        if strict {
            said.severity = diagnostics::Severity::Error;
        }
        let failed = said.severity == diagnostics::Severity::Error;
        self.report.diagnostics.push(said);
        if failed {
            return Err(Error::Invalid(sorted(self.report.clone())));
        }
        Ok(())
    }
}

impl Rendered {
    /// Indexes the site for search and checks every link.
    pub fn finish(self, progress: &dyn Progress) -> Result<Built, Error> {
        let Rendered {
            mut files,
            mut made,
        } = self;
        progress.stage("Indexing for search", 0);
        let index = write::Collect::default();
        made.index_for_search(&index);
        files.extend(index.into_files());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        progress.stage("Checking links", 0);
        let broken = linkcheck::check_links(&files, &made.base_path);
        if !broken.is_empty() {
            return Err(invalid(&made.report, broken));
        }
        Ok(Built {
            pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
            files,
            report: sorted(made.report),
        })
    }
}

/// The stages up to rendering, kept in memory: [`check_with`] without
/// its last two.
pub fn render_with(
    options: &Options,
    cache: &Cache,
    progress: &dyn Progress,
) -> Result<Rendered, Error> {
    prepare(options, cache, progress)?.render(cache, progress)
}

/// A site read and checked: everything its pages are made from. Any page
/// can be rendered from it on its own ([`Prepared::pages`]), which is how
/// `serve` shows the open page again before making the rest.
pub struct Prepared {
    dataset: model::Dataset,
    quote_indexes: Arc<QuoteIndexes>,
    templates: Arc<render::Templates>,
    last_changed: BTreeMap<String, time::Date>,
    report: Report,
    root: PathBuf,
}

/// Reads and checks the site: every stage before resolving.
pub fn prepare(
    options: &Options,
    cache: &Cache,
    progress: &dyn Progress,
) -> Result<Prepared, Error> {
    // Asking git when each file last changed takes up to three processes
    // (one on a save in `serve` the watcher reported: `history::Kept`),
    // tens of milliseconds in a repository, and needs nothing read or
    // checked: it runs beside reading and checking rather than after them.
    std::thread::scope(|scope| {
        let history = scope.spawn(|| cache.history.last_changed(&options.root));
        let mut prepared = read_and_check(options, cache, progress)?;
        prepared.last_changed = history.join().expect("asking git does not panic");
        Ok(prepared)
    })
}

/// [`prepare`] but for the files' dates, which it leaves empty.
fn read_and_check(
    options: &Options,
    cache: &Cache,
    progress: &dyn Progress,
) -> Result<Prepared, Error> {
    progress.stage("Reading", 0);
    let loaded = match &cache.loaded {
        Some(memo) => {
            let mut memo = memo.lock().unwrap_or_else(|e| e.into_inner());
            load::load_site_with(&options.root, &options.overrides, Some(&mut memo))
        }
        None => load::load_site(&options.root, &options.overrides),
    };
    let mut report = Report {
        diagnostics: loaded.diagnostics,
        files: loaded.files,
    };
    // Checks between files run even when some files have errors, so that
    // one run reports every mistake; those that depend on a broken file
    // wait for it (see `validate`). Without site.toml, none can run.
    let Some(dataset) = loaded.dataset else {
        report.diagnostics.push(
            Diagnostic::note(
                config::FILE,
                "references between files were not checked, because site.toml has errors",
            )
            .with_hint("fix site.toml and check again"),
        );
        return Err(Error::Invalid(sorted(report)));
    };
    let broken: BTreeSet<String> = report.errors().map(|d| d.file.clone()).collect();
    let quote_indexes = cache.quotes.of(&dataset.sources);
    progress.stage("Checking", 0);
    let allowed = &dataset.config.allowed_warnings;
    let checked: Vec<Diagnostic> = validate::validate(
        &dataset,
        &quote_indexes,
        &report.files,
        &cache.markup,
        &cache.checked,
        &broken,
    )
    .into_iter()
    .filter(|d| d.lint.is_none_or(|lint| !allowed.iter().any(|a| a == lint)))
    .collect();
    // Validation knows more than loading about the same spot (what a
    // blank `stance` may be filled with): its word replaces the loader's.
    let spots: HashSet<(&str, std::ops::Range<usize>)> = (checked.iter())
        .filter_map(|d| Some((d.file.as_str(), d.span.clone()?)))
        .collect();
    report.diagnostics.retain(|d| {
        d.span
            .as_ref()
            .is_none_or(|span| !spots.contains(&(d.file.as_str(), span.clone())))
    });
    report.diagnostics.extend(checked);
    if options.strict {
        for d in &mut report.diagnostics {
            if d.severity == diagnostics::Severity::Warning {
                d.severity = diagnostics::Severity::Error;
            }
        }
    }
    if report.has_errors() {
        return Err(Error::Invalid(sorted(report)));
    }
    let templates = render::templates::load(&options.root, &mut report.files, &cache.render)
        .map_err(|d| invalid(&report, d))?;
    Ok(Prepared {
        dataset: resolve::known::as_known(dataset),
        quote_indexes,
        templates,
        last_changed: BTreeMap::new(),
        report,
        root: options.root.clone(),
    })
}

impl Prepared {
    /// Renders only the pages at these output paths (`forces/essex/index.html`),
    /// exactly as the whole build renders them, resolving no more than
    /// they need (see [`resolve::resolve_for_pages`]). Pages made from the
    /// open data (the data page, the feeds, and the sitemap that lists
    /// them) are not among them: they wait for [`Prepared::render`].
    pub fn pages(
        &self,
        outputs: &HashSet<String>,
        cache: &Cache,
    ) -> Result<Vec<OutputFile>, Error> {
        let files = &self.report.files;
        let view = resolve::resolve_for_pages(
            &self.dataset,
            files,
            &self.quote_indexes,
            &cache.markup,
            &cache.resolved,
            outputs,
        );
        let view = self.dated(view);
        let collect = write::Collect::default();
        let inputs = self.inputs(&view, &[], Some(outputs));
        render::render_site(inputs, &cache.render, &Silent, &collect)
            .map_err(|d| invalid(&self.report, d))?;
        Ok(collect.into_files())
    }

    /// Makes every page and data file, kept in memory: the search index and
    /// the link check are left to [`Rendered::finish`].
    pub fn render(self, cache: &Cache, progress: &dyn Progress) -> Result<Rendered, Error> {
        let collect = write::Collect::default();
        let made = self.make(cache, progress, &collect)?;
        Ok(Rendered {
            files: collect.into_files(),
            made,
        })
    }

    /// Resolves, exports the data and renders the site, handing every page
    /// and data file to `sink` as it is made.
    fn make(self, cache: &Cache, progress: &dyn Progress, sink: &dyn Sink) -> Result<Made, Error> {
        let Prepared {
            dataset,
            quote_indexes,
            templates,
            last_changed,
            report,
            root,
        } = self;
        progress.stage("Resolving", 0);
        let mut view = resolve::resolve_again(
            &dataset,
            &report.files,
            &quote_indexes,
            &cache.markup,
            &cache.resolved,
        );
        view.last_changed = last_changed;
        // Every later stage reads the views, not the model: what only
        // checking and resolving needed goes before the stages that add
        // the most (at 100,000 pages, letting the quotation indexes and
        // the model go took the build's peak from 2,660 to 2,382 MiB).
        // `serve`'s cache keeps its own.
        drop(quote_indexes);
        let from_model = export::FromModel::of(&dataset);
        let config = &dataset.config;
        let made = Made {
            base_path: config.base_path(),
            host_size_limit: config.host_size_limit,
            size_warning_allowed: config.allowed_warnings.iter().any(|w| w == "site-size"),
            view: None,
            report,
        };
        drop(dataset);
        progress.stage("Exporting data", 0);
        let extra_pages = export::export(&from_model, &view, sink);
        drop(from_model);
        progress.stage("Rendering pages", render::page_count(&view, &extra_pages));
        let inputs = render::Inputs {
            templates: &templates,
            files: &made.report.files,
            view: &view,
            extra: &extra_pages,
            root: &root,
            only: None,
        };
        render::render_site(inputs, &cache.render, progress, sink)
            .map_err(|d| invalid(&made.report, d))?;
        Ok(Made {
            view: Some(view),
            ..made
        })
    }

    fn dated(&self, mut view: resolve::SiteView) -> resolve::SiteView {
        view.last_changed = self.last_changed.clone();
        view
    }

    fn inputs<'a>(
        &'a self,
        view: &'a resolve::SiteView,
        extra: &'a [ExtraPage],
        only: Option<&'a HashSet<String>>,
    ) -> render::Inputs<'a> {
        render::Inputs {
            templates: &self.templates,
            files: &self.report.files,
            view,
            extra,
            root: &self.root,
            only,
        }
    }
}

/// What a build wrote.
#[derive(Debug)]
pub struct Published {
    /// HTML pages written.
    pub pages: usize,
    /// All files written, pages included.
    pub files: usize,
    /// Their size on disk.
    pub bytes: u64,
    /// Warnings (a successful build has no errors).
    pub report: Report,
}

/// Runs every stage and writes the site, replacing the output folder only
/// if everything succeeded.
pub fn build(options: &Options) -> Result<Published, Error> {
    build_with(options, &Silent)
}

/// [`build`], telling `progress` how far it has got. Each file is written
/// (to a folder beside the output) as soon as it is made, so that memory
/// does not grow with the size of the output.
pub fn build_with(options: &Options, progress: &dyn Progress) -> Result<Published, Error> {
    let out = write::guard::check(&options.root, &options.out_dir(), options.force).map_err(
        |refusal| Error::OutputRefused {
            path: options.out_dir(),
            refusal,
        },
    )?;
    let cannot_write = |source| Error::Write {
        path: out.clone(),
        source,
    };
    // Begun first, so that a site left aside by an interrupted build is put
    // back even if this build then fails.
    let mut staging = write::Staging::begin(&out).map_err(cannot_write)?;
    let cache = Cache::one_off();
    let prepared = prepare(options, &cache, progress)?;
    staging.minify_pages(prepared.dataset.config.minify_html);
    let mut made = prepared.make(&cache, progress, &staging)?;
    progress.stage("Indexing for search", 0);
    made.index_for_search(&staging);
    progress.stage("Checking links", 0);
    let written = staging.written().map_err(cannot_write)?;
    let broken = written.links.check(&written.paths, &made.base_path);
    if !broken.is_empty() {
        return Err(invalid(&made.report, broken));
    }
    made.judge_size(written.bytes, options.strict)?;
    progress.stage("Publishing", 0);
    staging.publish().map_err(cannot_write)?;
    Ok(Published {
        pages: written
            .paths
            .iter()
            .filter(|p| p.ends_with(".html"))
            .count(),
        files: written.paths.len(),
        bytes: written.bytes,
        report: sorted(made.report),
    })
}

fn invalid(report: &Report, more: Vec<Diagnostic>) -> Error {
    let mut report = report.clone();
    report.diagnostics.extend(more);
    Error::Invalid(sorted(report))
}

/// Errors before warnings, then by file and position, so output is stable.
fn sorted(mut report: Report) -> Report {
    report.diagnostics.sort_by(|a, b| {
        (a.severity, &a.file, a.span.as_ref().map(|s| s.start)).cmp(&(
            b.severity,
            &b.file,
            b.span.as_ref().map(|s| s.start),
        ))
    });
    report
}

/// The site root to use when none is given: the current folder.
pub fn default_root() -> PathBuf {
    Path::new(".").to_path_buf()
}
