//! What one load keeps for the next, in a `serve` session: each file's
//! stamp (size and modification time), text and what it made.

use super::*;

/// What one load made of each file, so that the next (in a `serve`
/// session) reads and parses again only the files that changed.
#[derive(Default)]
pub struct Memo {
    pub(super) files: foldhash::HashMap<String, Remembered>,
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
