//! Building the same site again and again, as `serve` does, reusing what
//! did not change.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::sync::{Mutex, MutexGuard};

use crate::cache::Cache;
use crate::linkcheck::{Found, Links};
use crate::{Error, Made, Options, Prepared, Report, invalid, prepare, sorted, write};
use answerable_base::output::{OutputFile, Sink};
use answerable_base::packed::Packed;
use answerable_base::progress::{Progress, Silent};

/// Files by path: a hash of their text as made, and their text as
/// published (minified), packed.
type Published = HashMap<String, (u64, Packed)>;

/// One site, built as often as it changes. Each rebuild runs the whole
/// pipeline (so no change can be missed), but a file whose size and
/// modification time are unchanged (or, told what changed,
/// [`Session::files_changed`], any file not named) is not read or
/// parsed again, the costly
/// steps (quotation lookups, markdown, highlighting, compiling templates,
/// rendering pages) are looked up in a [`Cache`] by a hash of their
/// inputs, and files are minified only when their text changed, so only
/// what depends on a change is made again. [`Session::prepare`] and
/// [`Session::pages`] make chosen pages ahead of the rest.
///
/// What it keeps is packed ([`Packed`]): each page as rendered (in the
/// cache) and each file as published. Each file is minified and packed as
/// it is made, so no build holds the whole site as text.
pub struct Session {
    options: Options,
    cache: Cache,
    /// Each file of the last build.
    published: Published,
    /// The paths of the last build's search index.
    search_index: BTreeSet<String>,
}

/// A site as `serve` publishes it.
#[derive(Debug)]
pub struct Site {
    /// HTML pages.
    pub pages: usize,
    /// Every file by its path (`forces/essex/index.html`), minified and
    /// packed.
    pub files: HashMap<String, Packed>,
    /// Warnings (a successful build has no errors).
    pub report: Report,
}

/// Every page and data file published, without the search index or the
/// link check yet: what `serve` shows at once, finishing the rest after
/// the page has reloaded ([`Session::finish`]).
pub struct Unfinished {
    /// Pages and data files by path, minified and packed, with the last
    /// build's search index until [`Session::finish`] makes it again (so
    /// that search keeps working meanwhile). A page that went is not here.
    pub files: HashMap<String, Packed>,
    links: Links,
    made: Made,
    /// The last build's files, for its search index.
    last: Published,
}

impl Session {
    pub fn new(options: Options) -> Self {
        Session {
            options,
            cache: Cache::remembering(),
            published: HashMap::new(),
            search_index: BTreeSet::new(),
        }
    }

    /// Runs every stage except writing.
    pub fn rebuild(&mut self) -> Result<Site, Error> {
        self.rebuild_with(&Silent)
    }

    /// [`Session::rebuild`], telling `progress` how far it has got.
    pub fn rebuild_with(&mut self, progress: &dyn Progress) -> Result<Site, Error> {
        let prepared = self.prepare(progress)?;
        let rendered = self.render(prepared, progress)?;
        self.finish(rendered, progress)
    }

    /// Tells the next rebuild which files changed since the last (paths
    /// relative to the site's folder, as a file watcher reports them), so
    /// that it looks at only those instead of every file's size and time
    /// (see [`answerable_data::load::Memo::changed`]). Without it, a
    /// rebuild looks at every file.
    pub fn files_changed<'a>(&self, paths: impl IntoIterator<Item = &'a str> + Clone) {
        self.cache.history.saved(paths.clone());
        if let Some(memo) = &self.cache.loaded {
            locked(memo).changed(paths);
        }
    }

    /// Reads and checks the site (see [`Prepared`]).
    pub fn prepare(&mut self, progress: &dyn Progress) -> Result<Prepared, Error> {
        prepare(&self.options, &self.cache, progress)
    }

    /// Renders and publishes only these pages of a prepared site (see
    /// [`Prepared::pages`]), leaving the others of the last build as they
    /// were: for pages made ahead of the rest.
    pub fn pages(
        &mut self,
        prepared: &Prepared,
        outputs: &HashSet<String>,
    ) -> Result<Vec<(String, Packed)>, Error> {
        let publishing = Publishing::after(&self.published, prepared.dataset.config.minify_html);
        let made = prepared.pages(outputs, &self.cache)?;
        for file in made {
            publishing.put(file);
        }
        let (published, _) = publishing.into_parts();
        let pages = (published.iter())
            .map(|(path, (_, packed))| (path.clone(), packed.clone()))
            .collect();
        self.published.extend(published);
        Ok(pages)
    }

    /// Makes and publishes every page and data file of a prepared site.
    pub fn render(
        &mut self,
        prepared: Prepared,
        progress: &dyn Progress,
    ) -> Result<Unfinished, Error> {
        let publishing = Publishing::after(&self.published, prepared.dataset.config.minify_html);
        let made = prepared.make(&self.cache, progress, &publishing)?;
        let (published, links) = publishing.into_parts();
        let last = std::mem::replace(&mut self.published, published);
        let mut files = self.files();
        for path in &self.search_index {
            if let Some((_, packed)) = last.get(path) {
                files.entry(path.clone()).or_insert_with(|| packed.clone());
            }
        }
        Ok(Unfinished {
            files,
            links,
            made,
            last,
        })
    }

    /// Indexes for search and checks links.
    pub fn finish(&mut self, rendered: Unfinished, progress: &dyn Progress) -> Result<Site, Error> {
        let Unfinished {
            links,
            mut made,
            last,
            ..
        } = rendered;
        progress.stage("Indexing for search", 0);
        // The index is JSON, which is never minified.
        let publishing = Publishing::after(&last, false);
        made.index_for_search(&publishing);
        let (index, _) = publishing.into_parts();
        self.search_index = index.keys().cloned().collect();
        self.published.extend(index);
        progress.stage("Checking links", 0);
        let paths: BTreeSet<String> = self.published.keys().cloned().collect();
        let broken = links.check(&paths, &made.base_path);
        if !broken.is_empty() {
            return Err(invalid(&made.report, broken));
        }
        self.cache.finish_build();
        Ok(Site {
            pages: paths.iter().filter(|p| p.ends_with(".html")).count(),
            files: self.files(),
            report: sorted(made.report),
        })
    }

    fn files(&self) -> HashMap<String, Packed> {
        (self.published.iter())
            .map(|(path, (_, packed))| (path.clone(), packed.clone()))
            .collect()
    }
}

/// The sink of a session's build: packs each file (minified if the site
/// asks) as it is made, unless its text is the same as in the last build
/// (by its hash), and keeps each page's links for the link check.
struct Publishing<'a> {
    last: &'a Published,
    /// `minify_html`.
    minify: bool,
    published: Mutex<Published>,
    links: Mutex<Links>,
}

impl<'a> Publishing<'a> {
    fn after(last: &'a Published, minify: bool) -> Self {
        Publishing {
            last,
            minify,
            published: Mutex::default(),
            links: Mutex::default(),
        }
    }

    /// The files published, and the links of each page.
    fn into_parts(self) -> (Published, Links) {
        let published = self
            .published
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let links = self.links.into_inner().unwrap_or_else(|e| e.into_inner());
        (published, links)
    }
}

impl Sink for Publishing<'_> {
    fn put(&self, file: OutputFile) {
        // Turning `minify_html` on or off changes every page.
        let hash = answerable_base::memo::key(&(self.minify, &file.bytes));
        let packed = match self.last.get(&file.path) {
            Some((last, packed)) if *last == hash => packed.clone(),
            _ => Packed::new(&write::published_bytes(&file, self.minify)),
        };
        // A later file at the same path replaces an earlier one, links too.
        match Found::of(&file) {
            Some(found) => locked(&self.links).add(&file.path, found),
            None => locked(&self.links).remove(&file.path),
        }
        locked(&self.published).insert(file.path, (hash, packed));
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> usize {
        let bytes = write::in_memory(write);
        let size = bytes.len();
        self.put(OutputFile {
            path: path.to_string(),
            bytes,
        });
        size
    }
}

/// A panic elsewhere cannot leave a map half-changed (each change is one
/// insert or remove), so a poisoned lock is still good.
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
