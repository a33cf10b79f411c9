//! What one build of a site hands to the next (`serve`): each stage's own
//! memos, kept together. Every memo is an `answerable_base::memo::Memo`
//! keyed by a hash of its inputs, so a rebuild redoes exactly the work
//! whose inputs changed; git's history is kept by the commit checked out
//! (`history::Kept`). Loading keeps files by size and modification time
//! (`load::Memo`), so that an unchanged file is not even read; what is
//! made from one file (a source document's quotation index, a response's
//! checks, a record's view) is kept by the loader's allocation of that
//! file, which an unchanged file keeps, so that it is not even hashed.

use std::sync::Mutex;

use answerable_data::quote::KeptIndexes;

/// Everything kept between the builds of one site.
pub struct Cache {
    /// What the last load made of each file, when remembering.
    pub loaded: Option<Mutex<answerable_data::load::Memo>>,
    /// Source documents made ready for finding quotations in, with the
    /// quotations found so far.
    pub quotes: KeptIndexes,
    /// What checking each response found.
    pub checked: answerable_validate::Kept,
    /// Markdown, highlighting and the problems `validate` found in markdown.
    pub markup: answerable_markup::Memos,
    /// The last whole view, for a rebuild after a markdown edit to start
    /// from.
    pub resolved: answerable_resolve::Kept,
    /// Compiled templates and rendered pages.
    pub render: answerable_render::Memos,
    /// When each file last changed in git's history, for the commit
    /// checked out, and which files differ from it.
    pub history: answerable_data::history::Kept,
}

impl Cache {
    /// For a single build: computes everything, keeps nothing.
    pub fn one_off() -> Self {
        Cache::new(false)
    }

    /// For a session of rebuilds (`serve`).
    pub fn remembering() -> Self {
        Cache::new(true)
    }

    fn new(remember: bool) -> Self {
        Cache {
            loaded: remember.then(Mutex::default),
            quotes: KeptIndexes::new(remember),
            checked: answerable_validate::Kept::new(remember),
            markup: answerable_markup::Memos::new(remember),
            resolved: answerable_resolve::Kept::new(remember),
            render: answerable_render::Memos::new(remember),
            history: answerable_data::history::Kept::new(remember),
        }
    }

    /// Forgets whatever the build that just finished did not use, so a
    /// long session's memory stays the size of one site.
    pub fn finish_build(&self) {
        self.markup.finish_build();
        self.render.finish_build();
    }
}
