//! Building the same site again and again, as `serve` does, reusing what
//! did not change.

use std::collections::HashMap;
use std::sync::Arc;

use crate::cache::{self, Cache};
use crate::progress::{Progress, Silent};
use crate::render::OutputFile;
use crate::{Built, Error, Options, check_with, write};

/// One site, built as often as it changes. Each rebuild reads every file
/// and runs the whole pipeline (so no change can be missed), but the costly
/// steps (markdown, highlighting, rendering and
/// minifying pages) are looked up in a [`Cache`] by a hash of their inputs,
/// so only the pages whose inputs changed are made again.
pub struct Session {
    options: Options,
    cache: Cache,
}

impl Session {
    pub fn new(options: Options) -> Self {
        Session {
            options,
            cache: Cache::remembering(),
        }
    }

    /// Runs every stage except writing.
    pub fn rebuild(&mut self) -> Result<Built, Error> {
        self.rebuild_with(&Silent)
    }

    /// [`Session::rebuild`], telling `progress` how far it has got.
    pub fn rebuild_with(&mut self, progress: &dyn Progress) -> Result<Built, Error> {
        let built = check_with(&self.options, &self.cache, progress);
        if built.is_ok() {
            self.cache.finish_build();
        }
        built
    }

    /// The files as they are published, minified; a page whose text did
    /// not change since the last build is not minified again.
    pub fn minified(&mut self, files: &[OutputFile]) -> HashMap<String, Arc<[u8]>> {
        let minified = files
            .iter()
            .map(|file| {
                let key = cache::key(&(&file.path, &file.bytes));
                let bytes = self
                    .cache
                    .minified
                    .get_or(key, || Arc::from(write::minify(file)));
                (file.path.clone(), bytes)
            })
            .collect();
        self.cache.minified.finish_build();
        minified
    }
}
