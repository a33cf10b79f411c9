//! Resolving again after an edit (`serve`). The last whole view is kept
//! with what it was made from; when the next resolve finds that only
//! markdown in `content/` changed, every record's view but those whose
//! commentary changed is kept as it was, and only the parts made from
//! the content pages (the home page's text, the pages, the menu) are made
//! again. Any other change makes every view again, as a first build does.
//!
//! Why that is safe: a record's view is made from the data files, the
//! source documents (their quotation indexes), the site's settings, and
//! markdown, whose links depend on which pages exist ([`Targets`]). Of the
//! content pages, a record's view reads only its own commentary
//! ([`Resolver::commentary`]). So with the data, the documents, the
//! settings and the link targets unchanged, a commentary page is the one
//! input that can differ, and it is made again. The test
//! `again_is_the_same_as_a_first_resolve` (tests/it/session.rs) holds the
//! two paths to the same result, edit by edit.

use super::*;

/// What one resolve hands to the next in a session. A build that is not
/// part of a session keeps nothing ([`Kept::new`] with `false`).
pub struct Kept {
    remember: bool,
    last: Mutex<Option<Last>>,
}

/// The last whole view and what it was made from.
struct Last {
    view: SiteView,
    /// Every file read, as the loader shares them (see
    /// [`SourceFiles::changed_since`]).
    files: SourceFiles,
    quote_indexes: BTreeMap<String, Arc<QuoteIndex>>,
    targets_key: u64,
    base: String,
    as_of: time::Date,
}

impl Kept {
    pub fn new(remember: bool) -> Self {
        Kept {
            remember,
            last: Mutex::new(None),
        }
    }

    fn take(&self) -> Option<Last> {
        self.last.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    fn put(&self, last: Option<Last>) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = last;
    }

    fn keep(&self, r: &Resolver, view: &SiteView) {
        if self.remember {
            self.put(Some(Last {
                view: view.clone(),
                files: r.files.clone(),
                quote_indexes: r.quote_indexes.clone(),
                targets_key: r.targets_key,
                base: r.base.clone(),
                as_of: r.as_of,
            }));
        }
    }
}

/// Folders whose files no view is made from: templates, themes and files
/// copied as they are. Any other file is taken to be an input.
const NOT_INPUTS: [&str; 3] = ["templates/", "themes/", "static/"];

impl Resolver<'_> {
    /// The whole view, from the last one when only commentary changed;
    /// kept for the next.
    pub(crate) fn again(&self, kept: &Kept) -> SiteView {
        let last = kept.take();
        let view = match last.and_then(|last| self.commentary_changed(&last).map(|c| (last, c))) {
            Some((last, changed)) => self.with_commentary(last.view, &changed),
            // The last view is dropped before the new one is made, so a
            // session never holds two whole views.
            None => self.build(&Scope::All),
        };
        kept.keep(self, &view);
        view
    }

    /// The view for these pages: the whole one when the last can be kept
    /// (no dearer than a part), else only the part (see
    /// [`resolve_for_pages`]), keeping the last for the whole resolve that
    /// follows.
    pub(crate) fn again_for(&self, kept: &Kept, scope: &Scope) -> SiteView {
        let last = kept.take();
        let changed = last.as_ref().and_then(|last| self.commentary_changed(last));
        match (last, changed) {
            (Some(last), Some(changed)) => {
                let view = self.with_commentary(last.view, &changed);
                kept.keep(self, &view);
                view
            }
            (last, _) => {
                kept.put(last);
                self.build(scope)
            }
        }
    }

    /// The records whose commentary changed since `last`, if nothing else
    /// any view is made from did; `None` when something else did.
    fn commentary_changed(&self, last: &Last) -> Option<Vec<EntityRef>> {
        let same_indexes = self.quote_indexes.len() == last.quote_indexes.len()
            && (self.quote_indexes.iter().zip(&last.quote_indexes))
                .all(|((a, x), (b, y))| a == b && Arc::ptr_eq(x, y));
        if !same_indexes
            || self.targets_key != last.targets_key
            || self.base != last.base
            || self.as_of != last.as_of
        {
            return None;
        }
        let mut changed = Vec::new();
        for path in self.files.changed_since(&last.files) {
            if NOT_INPUTS.iter().any(|folder| path.starts_with(folder)) {
                continue;
            }
            // A page added or taken away changes more than its record's
            // view (the records it is linked from), as does any data file.
            let role = answerable_data::load::page_role(path)?;
            self.files.get(path)?;
            last.files.get(path)?;
            if let PageRole::Commentary(target) = role {
                changed.push(target);
            }
        }
        Some(changed)
    }

    /// `view` with the commentary on `changed` made again, and every part
    /// made from the content pages.
    fn with_commentary(&self, view: SiteView, changed: &[EntityRef]) -> SiteView {
        let SiteView {
            mut inspections,
            mut rocus,
            mut forces,
            mut responses,
            sources,
            ..
        } = view;
        for target in changed {
            let commentary = self.commentary(target.clone());
            match target {
                EntityRef::Force(id) => {
                    if let Some(f) = forces.iter_mut().find(|f| &f.id == id) {
                        Arc::make_mut(f).commentary_html = commentary;
                    }
                }
                EntityRef::Rocu(id) => {
                    if let Some(r) = rocus.iter_mut().find(|r| &r.id == id) {
                        Arc::make_mut(r).commentary_html = commentary;
                    }
                }
                EntityRef::Inspection(id) => {
                    if let Some(i) = inspections.iter_mut().find(|i| &i.id == id) {
                        Arc::make_mut(i).commentary_html = commentary;
                    }
                }
                EntityRef::Recommendation(key) => {
                    let Some(i) = inspections.iter_mut().find(|i| i.id == key.inspection) else {
                        continue;
                    };
                    let inspection = Arc::make_mut(i);
                    let recommendation =
                        (inspection.recommendations.iter_mut()).find(|r| r.number == key.number);
                    if let Some(r) = recommendation {
                        r.commentary_html = commentary;
                    }
                }
                EntityRef::Response(id) => {
                    if let Some(r) = responses.iter_mut().find(|r| &r.id == id) {
                        Arc::make_mut(r).commentary_html = commentary;
                    }
                }
                // No view shows commentary on these.
                EntityRef::Source { .. } | EntityRef::Page(_) => {}
            }
        }
        self.site_view(Records {
            inspections,
            rocus,
            forces,
            responses,
            sources,
        })
    }
}
