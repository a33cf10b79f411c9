//! Resolving again after an edit (`serve`). The last whole view is kept
//! with what it was made from. When the next resolve finds that only
//! markdown in `content/` or response files (`data/responses/`) changed,
//! it keeps every record's view that the edit cannot have touched and
//! makes again the rest and the parts made from the content pages (the
//! home page's text, the pages, the menu). Any other change makes every
//! view again, as a first build does.
//!
//! Why that is safe: a record's view is made from the data files, the
//! source documents (their quotation indexes), the site's settings, and
//! markdown, whose links depend on which records and pages exist
//! ([`Targets`]). Of the content pages, a record's view reads only its own
//! commentary ([`Resolver::commentary`]). A response is read by its own
//! view and, through [`Lookup`], by the views of its force, that force's
//! ROCU, its inspection and the source it quotes, and by nothing else.
//! So with the other data, the documents, the settings and the link
//! targets unchanged, those views, before the edit and after, are the ones
//! made again. The test `again_is_the_same_as_a_first_resolve`
//! (tests/it/session.rs) holds this path to a first resolve, edit by edit.

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
    /// The responses as they were, for the records an edit took them from.
    responses: Vec<Arc<Response>>,
    quote_indexes: Arc<QuoteIndexes>,
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
                responses: r.dataset.responses.clone(),
                quote_indexes: Arc::clone(r.quote_indexes),
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

/// The folder of response files, each read only by the views named in the
/// module's comment.
const RESPONSES: &str = "data/responses/";

/// What changed since the last view, when it is no more than commentary
/// and responses.
#[derive(Default)]
struct Changes {
    commentary: Vec<EntityRef>,
    response_files: BTreeSet<String>,
}

/// The records whose views an edit to responses touches.
#[derive(Default)]
struct Touched<'d> {
    forces: BTreeSet<&'d str>,
    rocus: BTreeSet<&'d str>,
    inspections: BTreeSet<&'d str>,
    sources: BTreeSet<&'d str>,
}

impl Touched<'_> {
    fn is_empty(&self) -> bool {
        self.forces.is_empty()
            && self.rocus.is_empty()
            && self.inspections.is_empty()
            && self.sources.is_empty()
    }
}

impl<'a> Resolver<'a> {
    /// The whole view, from the last one when it can be kept; kept for
    /// the next.
    pub(crate) fn again(&self, kept: &Kept) -> SiteView {
        let last = kept.take();
        let changes = last.as_ref().and_then(|last| self.changes(last));
        self.whole_and_kept(kept, last.zip(changes))
    }

    /// The view for these pages: the whole one when the last can be kept
    /// (no dearer than a part), else only the part (see
    /// [`resolve_for_pages`]), keeping the last for the whole resolve that
    /// follows.
    pub(crate) fn again_for(&self, kept: &Kept, scope: &Scope) -> SiteView {
        let last = kept.take();
        match last.as_ref().and_then(|last| self.changes(last)) {
            Some(changes) => self.whole_and_kept(kept, last.map(|last| (last, changes))),
            None => {
                kept.put(last);
                self.build(scope)
            }
        }
    }

    /// The whole view, from `last` if it and the changes since allow, and
    /// kept for the next. The last view is dropped before a new one is
    /// made from nothing, so a session never holds two whole views.
    fn whole_and_kept(&self, kept: &Kept, last: Option<(Last, Changes)>) -> SiteView {
        let view = last
            .and_then(|(last, changes)| self.remade_from(last, &changes))
            .unwrap_or_else(|| self.build(&Scope::All));
        kept.keep(self, &view);
        view
    }

    /// The view made from `last`, if the views line up with the dataset.
    fn remade_from(&self, last: Last, changes: &Changes) -> Option<SiteView> {
        let responses = self.responses_from_last(&last, changes)?;
        let Last { view, .. } = last;
        let view = self.with_responses(view, responses)?;
        Some(self.with_commentary(view, &changes.commentary))
    }

    /// What changed since `last`, if no more than commentary and responses
    /// edited in place; `None` when anything else did.
    fn changes(&self, last: &Last) -> Option<Changes> {
        let same_indexes = Arc::ptr_eq(self.quote_indexes, &last.quote_indexes)
            || (self.quote_indexes.len() == last.quote_indexes.len()
                && (self.quote_indexes.iter().zip(last.quote_indexes.iter()))
                    .all(|((a, x), (b, y))| a == b && Arc::ptr_eq(x, y)));
        if !same_indexes
            || self.targets_key != last.targets_key
            || self.base != last.base
            || self.as_of != last.as_of
        {
            return None;
        }
        let mut changes = Changes::default();
        for path in self.files.changed_since(&last.files) {
            if NOT_INPUTS.iter().any(|folder| path.starts_with(folder)) {
                continue;
            }
            // A file added or taken away changes more than the views
            // named here (the records it is linked from, the lists).
            self.files.get(path)?;
            last.files.get(path)?;
            if path.starts_with(RESPONSES) {
                changes.response_files.insert(path.to_string());
                continue;
            }
            if let PageRole::Commentary(target) = answerable_data::load::page_role(path)? {
                changes.commentary.push(target);
            }
        }
        Some(changes)
    }

    /// The responses' views, each kept from `last` but those from the
    /// files changed, with the records those touch (before the edit and
    /// after); `None` if the views do not line up with the dataset.
    fn responses_from_last(
        &self,
        last: &Last,
        changes: &Changes,
    ) -> Option<(Vec<Arc<ResponseView>>, Touched<'a>)> {
        let d = self.dataset;
        if changes.response_files.is_empty() {
            return Some((last.view.responses.clone(), Touched::default()));
        }
        let changed = |r: &Response| changes.response_files.contains(&r.origin.file);
        let mut touched = Touched::default();
        let was: Vec<&Response> = (last.responses.iter())
            .map(|r| &**r)
            .filter(|r| changed(r))
            .collect();
        let now: Vec<&'a Response> = (d.responses.iter())
            .map(|r| &**r)
            .filter(|r| changed(r))
            .collect();
        for response in was.iter().chain(&now) {
            // Ids of the records named before the edit, found in this
            // dataset (the link targets are the same, so they all are).
            let force: &'a Force = self.lookup.forces.get(response.force.value.as_str())?;
            touched.forces.insert(&force.id.value);
            touched.rocus.insert(&force.rocu.value);
            let inspection: &'a Inspection = self
                .lookup
                .inspections
                .get(response.inspection.value.as_str())?;
            touched.inspections.insert(&inspection.id.value);
            let source: &'a SourceDoc = self.lookup.sources.get(response.source.value.as_str())?;
            touched.sources.insert(&source.file.value);
        }
        let kept: HashMap<&str, &Arc<ResponseView>> = (last.view.responses.iter())
            .map(|r| (r.id.as_str(), r))
            .collect();
        let responses = (d.responses.par_iter())
            .map(|r| {
                if changed(r) {
                    Some(Arc::new(self.response(r)))
                } else {
                    kept.get(r.id.as_str()).map(|v| Arc::clone(v))
                }
            })
            .collect::<Option<Vec<_>>>()?;
        Some((responses, touched))
    }

    /// `view` with the responses' views given, and the views of the
    /// records they touch made again; `None` if the views do not line up
    /// with the dataset.
    fn with_responses(
        &self,
        view: SiteView,
        (responses, touched): (Vec<Arc<ResponseView>>, Touched),
    ) -> Option<SiteView> {
        let d = self.dataset;
        if touched.is_empty() {
            return Some(SiteView { responses, ..view });
        }
        // The touched records' views share the positions of the responses
        // to them, and no others: the rest, tens of thousands on a large
        // site, need not be looked up on each save.
        let theirs: Vec<Arc<ResponseView>> = (d.responses.iter().zip(&responses))
            .filter(|(r, _)| {
                touched.inspections.contains(r.inspection.value.as_str())
                    || touched.forces.contains(r.force.value.as_str())
            })
            .map(|(_, view)| Arc::clone(view))
            .collect();
        let made = made_positions(&theirs);
        let inspections = remade(
            &d.inspections,
            &view.inspections,
            |i, kept| kept.id == i.id.value,
            |i| touched.inspections.contains(i.id.value.as_str()),
            |i| self.inspection(i, &made),
        )?;
        let forces = remade(
            &d.forces,
            &view.forces,
            |f, kept| kept.id == f.id.value,
            |f| touched.forces.contains(f.id.value.as_str()),
            |f| self.force(f, &made),
        )?;
        let rocus = remade(
            &d.rocus,
            &view.rocus,
            |r, kept| kept.id == r.id.value,
            |r| touched.rocus.contains(r.id.value.as_str()),
            |r| self.rocu(r),
        )?;
        let sources = remade(
            &d.sources,
            &view.sources,
            |s, kept| kept.file == s.file.value,
            |s| touched.sources.contains(s.file.value.as_str()),
            |s| self.source(s),
        )?;
        Some(SiteView {
            inspections,
            rocus,
            forces,
            responses,
            sources,
            ..view
        })
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

/// Each record's view: made again if `touched`, else the one `kept` holds
/// at its place; `None` if the kept views are not the records' (`same`).
fn remade<R: Sync, V: Send + Sync>(
    records: &[R],
    kept: &[Arc<V>],
    same: impl Fn(&R, &V) -> bool + Sync,
    touched: impl Fn(&R) -> bool + Sync,
    make: impl Fn(&R) -> V + Sync,
) -> Option<Vec<Arc<V>>> {
    if records.len() != kept.len() {
        return None;
    }
    (records.par_iter().zip(kept))
        .map(|(record, kept)| {
            if touched(record) {
                Some(Arc::new(make(record)))
            } else {
                same(record, kept).then(|| Arc::clone(kept))
            }
        })
        .collect()
}
