//! What one load keeps for the next, in a `serve` session: each file's
//! stamp (size and modification time), text and what it made, and the
//! list of files found.

use std::collections::BTreeSet;

use super::*;

/// What one load made of each file, so that the next (in a `serve`
/// session) reads and parses again only the files that changed.
///
/// By default the next load looks at every file's stamp, and walks the
/// folders again for files added or removed. Told which files changed
/// ([`Memo::changed`]), as a file watcher reports them, it looks at those
/// alone: on a site of 10,000 pages that walk and those stamps are most of
/// the time a load takes. It then also keeps, rather than making again,
/// what depends on many files at once: the layout (while no file is added
/// or removed) and the source documents (while neither `sources.toml` nor
/// a document is saved). Each was a few milliseconds on every save there.
#[derive(Default)]
pub struct Memo {
    /// By path, each path shared with the load's `SourceFiles`.
    pub(super) files: foldhash::HashMap<Arc<str>, Remembered>,
    /// Every file the last load found in `data/`, `content/` and `seeds/`.
    pub(super) found: Option<BTreeSet<String>>,
    /// What the last load made of `found`.
    pub(super) layout: Option<layout::Layout>,
    /// The source documents as the last load left them.
    pub(super) sources: Option<KeptSources>,
    /// The files changed since the last load, if known.
    pub(super) changed: Option<BTreeSet<String>>,
}

impl Memo {
    /// Tells the next load that only these files (paths relative to the
    /// site's folder, with `/` separators) may have changed since the last
    /// one: added, removed, saved or renamed. A folder among them (one
    /// made, moved or removed whole) makes the load look at everything.
    /// Holds for one load; said again, the lists add up.
    pub fn changed<'a>(&mut self, paths: impl IntoIterator<Item = &'a str>) {
        let changed = self.changed.get_or_insert_default();
        changed.extend(paths.into_iter().map(str::to_string));
    }

    /// Takes what [`Memo::changed`] was told, for one load: `None` if the
    /// load must look at everything (nothing was said, there was no load
    /// before, or a folder changed).
    pub(super) fn take_changes(&mut self, root: &Path) -> Option<BTreeSet<String>> {
        let changed = self.changed.take()?;
        let found = self.found.as_ref()?;
        let folder_changed = changed.iter().any(|path| {
            let below = format!("{path}/");
            root.join(path).is_dir()
                || found
                    .range(below.clone()..)
                    .next()
                    .is_some_and(|f| f.starts_with(&below))
        });
        (!folder_changed).then_some(changed)
    }
}

/// A file's size and modification time.
pub(crate) fn stamp(metadata: &fs::Metadata) -> Option<(u64, SystemTime)> {
    Some((metadata.len(), metadata.modified().ok()?))
}

/// How long after it was last modified a file's stamp is trusted.
pub(crate) const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

/// One file as last loaded.
pub(crate) struct Remembered {
    /// The file's size and modification time when it was read: a file
    /// whose stamp is the same has not been saved since, unless it was
    /// modified just before it was read (see [`Loader::remembered`]).
    pub(crate) stamp: (u64, SystemTime),
    pub(crate) settled: bool,
    pub(crate) text: Option<Arc<str>>,
    /// What the file made (a record, or its text), and the problems found
    /// in it.
    pub(crate) made: Box<dyn Any + Send + Sync>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// `data/sources.toml`'s documents with their texts, as one load left them
/// (see `Loader::sources_and_texts`).
pub(crate) struct KeptSources {
    pub(crate) sources: Vec<Arc<SourceDoc>>,
    /// The texts of `data/sources.toml` and of the documents, by path.
    pub(crate) files: Vec<(Arc<str>, Arc<str>)>,
    /// The problems found in them.
    pub(crate) diagnostics: Vec<Diagnostic>,
}
