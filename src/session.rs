//! Building the same site again and again, as `serve` does, reusing what
//! did not change.

use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use crate::render::OutputFile;
use crate::{Built, Error, Options, check, write};

/// What changed between two builds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Paths relative to the site root, with `/` separators.
    pub paths: BTreeSet<String>,
    /// Everything may have changed (the first build, or the watcher lost
    /// track): read it all again.
    pub everything: bool,
}

/// One site, built as often as it changes.
pub struct Session {
    options: Options,
    /// Minified pages by output path, with a hash of the unminified text.
    minified: HashMap<String, (u64, Arc<[u8]>)>,
}

impl Session {
    pub fn new(options: Options) -> Self {
        Session {
            options,
            minified: HashMap::new(),
        }
    }

    pub fn root(&self) -> PathBuf {
        self.options.root.clone()
    }

    /// Runs every stage except writing.
    pub fn rebuild(&mut self, _changes: &Changes) -> Result<Built, Error> {
        check(&self.options)
    }

    /// The files as they are published, minified; a page whose text did
    /// not change since the last call is not minified again.
    pub fn minified(&mut self, files: &[OutputFile]) -> HashMap<String, Arc<[u8]>> {
        let mut previous = std::mem::take(&mut self.minified);
        for file in files {
            let hash = hash_of(&file.bytes);
            let bytes = match previous.remove(&file.path) {
                Some((old, bytes)) if old == hash => bytes,
                _ => Arc::from(write::minify(file)),
            };
            self.minified.insert(file.path.clone(), (hash, bytes));
        }
        self.minified
            .iter()
            .map(|(path, (_, bytes))| (path.clone(), bytes.clone()))
            .collect()
    }
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}
