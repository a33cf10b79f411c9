//! `Lookup`: every neighbour of a record found through maps built once per
//! build, never by scanning every record, so resolving stays linear in the
//! site's size.

use super::*;

/// Indexes over the dataset, made once per build, so that resolving a
/// record looks up its neighbours instead of scanning every record: with
/// scans, a site of thousands of responses took quadratic time.
pub(crate) struct Lookup<'a> {
    pub(crate) forces: HashMap<&'a str, &'a Force>,
    pub(crate) rocus: HashMap<&'a str, &'a Rocu>,
    pub(crate) inspections: HashMap<&'a str, &'a Inspection>,
    pub(crate) sources: HashMap<&'a str, &'a SourceDoc>,
    /// Responses, in dataset order, by inspection id, force id and source
    /// file.
    pub(crate) responses_to: HashMap<&'a str, Vec<&'a Response>>,
    pub(crate) responses_by: HashMap<&'a str, Vec<&'a Response>>,
    pub(crate) responses_from: HashMap<&'a str, Vec<&'a Response>>,
    pub(crate) inspections_from: HashMap<&'a str, Vec<&'a Inspection>>,
    /// Recommendations whose history or deadline revisions quote each
    /// source file, each once per file.
    pub(crate) followed_up_from: HashMap<&'a str, Vec<(&'a Inspection, &'a Recommendation)>>,
    /// Recommendations by the `inspection/number` key they repeat.
    pub(crate) repeated_by: HashMap<&'a str, Vec<(&'a Inspection, &'a Recommendation)>>,
    /// The first page with each role.
    pub(crate) pages: BTreeMap<&'a PageRole, &'a Page>,
    /// Source documents, to find the paragraph a quotation is in.
    pub(crate) quote_indexes: &'a QuoteIndexes,
    /// Line starts of the data files whose records' views were made: found
    /// when first needed, since a page made alone needs only its own.
    pub(crate) lines: Mutex<HashMap<String, Arc<LineStarts>>>,
}

impl<'a> Lookup<'a> {
    pub(crate) fn new(dataset: &'a Dataset, quote_indexes: &'a QuoteIndexes) -> Self {
        let mut repeated_by: HashMap<&str, Vec<_>> = HashMap::new();
        for inspection in &dataset.inspections {
            for recommendation in &inspection.recommendations {
                for key in &recommendation.repeats {
                    repeated_by
                        .entry(key.value.as_str())
                        .or_default()
                        .push((&**inspection, recommendation));
                }
            }
        }
        let mut followed_up_from: HashMap<&str, Vec<_>> = HashMap::new();
        for inspection in &dataset.inspections {
            for recommendation in &inspection.recommendations {
                let files: BTreeSet<&str> = (recommendation.history.iter().map(|e| &e.source))
                    .chain(recommendation.revisions.iter().map(|r| &r.source))
                    .map(|s| s.value.as_str())
                    .collect();
                for file in files {
                    (followed_up_from.entry(file).or_default())
                        .push((&**inspection, recommendation));
                }
            }
        }
        let mut pages = BTreeMap::new();
        for page in &dataset.pages {
            pages.entry(&page.role).or_insert(&**page);
        }
        Lookup {
            forces: dataset
                .forces
                .iter()
                .map(|f| (f.id.value.as_str(), f))
                .collect(),
            rocus: dataset
                .rocus
                .iter()
                .map(|r| (r.id.value.as_str(), r))
                .collect(),
            inspections: (dataset.inspections.iter())
                .map(|i| (i.id.value.as_str(), &**i))
                .collect(),
            sources: (dataset.sources.iter())
                .map(|s| (s.file.value.as_str(), &**s))
                .collect(),
            responses_to: grouped(dataset.responses.iter().map(|r| &**r), |r| {
                &r.inspection.value
            }),
            responses_by: grouped(dataset.responses.iter().map(|r| &**r), |r| &r.force.value),
            responses_from: grouped(dataset.responses.iter().map(|r| &**r), |r| &r.source.value),
            inspections_from: grouped(dataset.inspections.iter().map(|i| &**i), |i| {
                &i.source.value
            }),
            followed_up_from,
            repeated_by,
            pages,
            quote_indexes,
            lines: Mutex::default(),
        }
    }

    pub(crate) fn responses_to(&self, inspection: &str) -> &[&'a Response] {
        group_of(&self.responses_to, inspection)
    }

    pub(crate) fn responses_by(&self, force: &str) -> &[&'a Response] {
        group_of(&self.responses_by, force)
    }

    pub(crate) fn responses_from(&self, file: &str) -> &[&'a Response] {
        group_of(&self.responses_from, file)
    }

    pub(crate) fn inspections_from(&self, file: &str) -> &[&'a Inspection] {
        group_of(&self.inspections_from, file)
    }

    /// The recommendations whose history or revisions quote `file`.
    pub(crate) fn followed_up_from(&self, file: &str) -> &[(&'a Inspection, &'a Recommendation)] {
        group_of(&self.followed_up_from, file)
    }

    /// The 1-based line of byte `offset` in `file`, whose text is `text`.
    pub(crate) fn line_of(&self, file: &str, text: &str, offset: usize) -> usize {
        let starts = {
            // A panic elsewhere cannot leave the map half-changed.
            let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
            match lines.get(file) {
                Some(starts) => Arc::clone(starts),
                None => {
                    let starts = Arc::new(LineStarts::of(text));
                    lines.insert(file.to_string(), Arc::clone(&starts));
                    starts
                }
            }
        };
        starts.line_of(offset)
    }

    /// The paragraph of `file` where `quote` is found, if it is.
    pub(crate) fn paragraph(&self, file: &str, quote: &str) -> Option<usize> {
        let index = self.quote_indexes.get(file)?;
        index.paragraph_of(index.find(quote)?.start)
    }

    /// The words of `file` that `quote` matches, as the source has them
    /// (its quote marks, dashes and line breaks), if it is found.
    pub(crate) fn passage(&self, file: &str, quote: &str) -> Option<&'a str> {
        let range = self.quote_indexes.get(file)?.find(quote)?;
        self.sources.get(file)?.text.as_deref()?.get(range)
    }
}

/// Items by a key, each group in the items' order: built once, so that
/// finding an item's neighbours is a lookup, not a scan of every item.
pub fn grouped<'a, T>(
    items: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&'a T) -> &'a str,
) -> HashMap<&'a str, Vec<&'a T>> {
    let mut groups: HashMap<&str, Vec<&T>> = HashMap::new();
    for item in items {
        groups.entry(key(item)).or_default().push(item);
    }
    groups
}

/// The group with `key`, or none.
pub fn group_of<'m, T>(groups: &'m HashMap<&str, Vec<T>>, key: &str) -> &'m [T] {
    groups.get(key).map_or(&[], Vec::as_slice)
}
