//! Building the same site again and again, as `serve` does, reusing what
//! did not change.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::Cache;
use crate::{Built, Error, Options, Prepared, Rendered, prepare, render_with, write};
use answerable_base::output::OutputFile;
use answerable_base::progress::{Progress, Silent};

/// Files by path: a hash of their text, and their minified text.
type Published = HashMap<String, (u64, Arc<[u8]>)>;

/// One site, built as often as it changes. Each rebuild runs the whole
/// pipeline (so no change can be missed), but a file whose size and
/// modification time are unchanged is not read or parsed again, the costly
/// steps (quotation lookups, markdown, highlighting, compiling templates,
/// rendering pages) are looked up in a [`Cache`] by a hash of their
/// inputs, and files are minified only when their text changed, so only
/// what depends on a change is made again. [`Session::prepare`] and
/// [`Session::pages`] make chosen pages ahead of the rest.
pub struct Session {
    options: Options,
    cache: Cache,
    /// Each file of the last build: a hash of its text and its minified
    /// text. Not the text itself: at 10,000 pages that was a copy of the
    /// whole site kept between builds.
    published: Published,
}

impl Session {
    pub fn new(options: Options) -> Self {
        Session {
            options,
            cache: Cache::remembering(),
            published: HashMap::new(),
        }
    }

    /// Runs every stage except writing.
    pub fn rebuild(&mut self) -> Result<Built, Error> {
        self.rebuild_with(&Silent)
    }

    /// [`Session::rebuild`], telling `progress` how far it has got.
    pub fn rebuild_with(&mut self, progress: &dyn Progress) -> Result<Built, Error> {
        let rendered = self.render_with(progress)?;
        self.finish(rendered, progress)
    }

    /// The stages up to rendering (see [`Rendered`]); [`Session::finish`]
    /// does the rest.
    pub fn render_with(&mut self, progress: &dyn Progress) -> Result<Rendered, Error> {
        render_with(&self.options, &self.cache, progress)
    }

    /// Reads and checks the site (see [`Prepared`]).
    pub fn prepare(&mut self, progress: &dyn Progress) -> Result<Prepared, Error> {
        prepare(&self.options, &self.cache, progress)
    }

    /// Renders only these pages of a prepared site (see [`Prepared::pages`]).
    pub fn pages(
        &self,
        prepared: &Prepared,
        outputs: &HashSet<String>,
    ) -> Result<Vec<OutputFile>, Error> {
        prepared.pages(outputs, &self.cache)
    }

    /// Makes every page and data file of a prepared site.
    pub fn render(
        &mut self,
        prepared: Prepared,
        progress: &dyn Progress,
    ) -> Result<Rendered, Error> {
        prepared.render(&self.cache, progress)
    }

    /// Indexes for search and checks links.
    pub fn finish(&mut self, rendered: Rendered, progress: &dyn Progress) -> Result<Built, Error> {
        let built = rendered.finish(progress);
        if built.is_ok() {
            self.cache.finish_build();
        }
        built
    }

    /// The files as they are published, minified; a file whose text did
    /// not change since the last build (by its hash) is not minified again.
    pub fn minified(&mut self, files: &[OutputFile]) -> HashMap<String, Arc<[u8]>> {
        let mut previous = std::mem::take(&mut self.published);
        let made: Vec<(u64, Option<Arc<[u8]>>)> = files
            .par_iter()
            .map(|file| {
                let hash = text_hash(file);
                let minified = unchanged(&previous, file, hash)
                    .is_none()
                    .then(|| minify(file));
                (hash, minified)
            })
            .collect();
        for (file, (hash, made)) in files.iter().zip(made) {
            let entry = match made {
                Some(minified) => (hash, minified),
                None => previous.remove(&file.path).expect("unchanged, so kept"),
            };
            self.published.insert(file.path.clone(), entry);
        }
        (self.published.iter())
            .map(|(path, (_, minified))| (path.clone(), minified.clone()))
            .collect()
    }

    /// Some files as they are published, minified, leaving the others of
    /// the last build as they were: for pages made ahead of the rest.
    pub fn minified_some(&mut self, files: &[OutputFile]) -> Vec<(String, Arc<[u8]>)> {
        (files.iter())
            .map(|file| {
                let hash = text_hash(file);
                let minified = match unchanged(&self.published, file, hash) {
                    Some(minified) => minified.clone(),
                    None => {
                        let minified = minify(file);
                        let entry = (hash, minified.clone());
                        self.published.insert(file.path.clone(), entry);
                        minified
                    }
                };
                (file.path.clone(), minified)
            })
            .collect()
    }
}

/// The minified text published for `file` by the last build, if its text
/// still has the same hash (64 bits, as the build's memos are keyed).
fn unchanged<'p>(published: &'p Published, file: &OutputFile, hash: u64) -> Option<&'p Arc<[u8]>> {
    let (last, minified) = published.get(&file.path)?;
    (*last == hash).then_some(minified)
}

fn text_hash(file: &OutputFile) -> u64 {
    answerable_base::memo::key(&file.bytes)
}

fn minify(file: &OutputFile) -> Arc<[u8]> {
    Arc::from(write::minify(file))
}
