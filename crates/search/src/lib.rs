//! The search index: what a reader can find, written as static files that
//! the browser fetches piece by piece.
//!
//! A query needs only `search/index.json` (the chunk map and the filters'
//! labels, small), the one or two term chunks holding its words, and one
//! small file per result shown. Nothing grows with the site except the
//! number of files. `themes/default/static/search.js` reads it; see
//! docs/search.md for the format and the figures behind it.
//!
//! Documents come from the resolved views, not from the HTML, so each has
//! exact filters (kind, inspection, ROCU, force, stance, deadline) and its
//! fields carry weights: a force's name counts for more than a mention of
//! it in a paragraph.
//!
//! *Never:* reads the rendered HTML or computes a status: it indexes the
//! resolved views, and folds text exactly as `search.js` does.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use answerable_base::html::first_words;
use answerable_base::output::{OutputFile, Sink};
use answerable_data::model::RecordKind;
use answerable_resolve::{
    DeadlineState, ForceView, InspectionView, RecommendationView, ResponseView, RocuView, SiteView,
};

pub mod text;

/// Fast, and the same order on every run (the index must be byte-identical).
type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// One thing a reader can find, with its text by weight.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    /// Other names and numbers people search by: ids, aliases,
    /// "recommendation 4".
    pub keywords: Vec<String>,
    /// Words that identify the page more than its body does, such as the
    /// quotations a response is known by.
    pub key_text: Vec<String>,
    pub body: Vec<String>,
    /// `(filter, value)` pairs; a filter may have several values.
    pub filters: Vec<(&'static str, String)>,
}

/// How strongly a word names a page: in its title, or in its keywords.
const TITLE_NAME: f64 = 1.0;
const KEYWORD_NAME: f64 = 0.6;
/// The share of a score that naming earns; the rest is relevance in the
/// text. Above one half, a page named by the word comes before pages that
/// only talk about it: "Essex" finds the force before letters about Essex.
const NAME_SHARE: f64 = 0.6;
/// Scores of source passages are scaled by this.
const SOURCE_PRIOR: f64 = 0.7;
/// Weights of the text fields in the relevance part.
const KEY_TEXT_WEIGHT: f64 = 2.0;
const BODY_WEIGHT: f64 = 1.0;

/// BM25's usual constants: how quickly repeats stop counting, and how much
/// a long page is discounted.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// A term chunk is closed once it passes this many bytes, so a query
/// fetches a few kilobytes per word however large the site.
const CHUNK_BYTES: usize = 16 * 1024;

/// The filters a reader can narrow results by, in the order shown.
pub const FILTERS: &[(&str, &str)] = &[
    ("kind", "Kind of page"),
    ("inspection", "Inspection"),
    ("rocu", "ROCU"),
    ("force", "Force"),
    ("stance", "Stance"),
    ("status", "Force's status on a recommendation"),
    ("deadline", "Deadline"),
    ("delivery", "Delivery status"),
    ("asserted", "Who says so (latest entry)"),
    ("overdue", "Overdue"),
];

/// The `overdue` filter's one value: said of a recommendation still open
/// for someone past its deadline in force, and of a force or ROCU with
/// such a recommendation.
const OVERDUE: &str = "Open and past its deadline";

/// Everything on the site a reader can search for, in a fixed order.
///
/// Takes the views, and lets each kind's go as soon as its documents are
/// made: the documents copy their text, and made beside every view they
/// were the peak of a 100,000-page build. The kinds whose views are
/// largest beside their documents go first (a force's view holds a row
/// per recommendation; its document is a paragraph).
pub fn documents(mut view: SiteView) -> Vec<SearchDoc> {
    let mut made: Vec<(RecordKind, Vec<SearchDoc>)> = Vec::new();
    for kind in RELEASE_ORDER {
        made.push((kind, documents_of(&view, kind)));
        release(&mut view, kind);
    }
    drop(view);
    let mut docs: Vec<SearchDoc> = Vec::with_capacity(made.iter().map(|(_, d)| d.len()).sum());
    for kind in INDEX_ORDER {
        let at = made.iter().position(|(k, _)| *k == kind);
        docs.extend(at.map(|at| made.swap_remove(at).1).unwrap_or_default());
    }
    docs.par_iter_mut().for_each(|doc| {
        doc.filters.sort();
        doc.filters.dedup();
    });
    docs
}

/// The order documents are numbered in: a change of order changes every
/// file of the index, so it is kept, not derived.
const INDEX_ORDER: [RecordKind; 7] = [
    RecordKind::Inspection,
    RecordKind::Recommendation,
    RecordKind::Rocu,
    RecordKind::Force,
    RecordKind::Response,
    RecordKind::Page,
    RecordKind::Source,
];

/// The order documents are made in, each kind's views let go after: the
/// same kinds as [`INDEX_ORDER`].
const RELEASE_ORDER: [RecordKind; 7] = [
    RecordKind::Force,
    RecordKind::Rocu,
    RecordKind::Response,
    RecordKind::Inspection,
    RecordKind::Recommendation,
    RecordKind::Source,
    RecordKind::Page,
];

/// Lets go of the views of `kind`, whose documents are made.
fn release(view: &mut SiteView, kind: RecordKind) {
    match kind {
        RecordKind::Inspection => view.inspections = Vec::new(),
        RecordKind::Recommendation => {}
        RecordKind::Rocu => view.rocus = Vec::new(),
        RecordKind::Force => view.forces = Vec::new(),
        RecordKind::Response => view.responses = Vec::new(),
        RecordKind::Page => view.pages = Vec::new(),
        RecordKind::Source => view.sources = Vec::new(),
    }
}

/// The documents of every record of `kind`, each record's made on any
/// core and collected in the records' order.
fn documents_of(view: &SiteView, kind: RecordKind) -> Vec<SearchDoc> {
    match kind {
        RecordKind::Inspection => view
            .inspections
            .par_iter()
            .flat_map_iter(|r| inspection_docs(r))
            .collect(),
        // Indexed with their inspection, each after it.
        RecordKind::Recommendation => Vec::new(),
        RecordKind::Rocu => view.rocus.par_iter().map(|r| rocu_doc(r)).collect(),
        RecordKind::Force => view.forces.par_iter().map(|r| force_doc(r)).collect(),
        RecordKind::Response => (view.responses.par_iter())
            .map(|r| response_doc(r))
            .collect(),
        RecordKind::Page => (view.pages.iter())
            .map(|page| SearchDoc {
                url: page.url.clone(),
                title: page.title.clone(),
                kind: "page",
                body: vec![first_words(&page.html)],
                filters: vec![("kind", "Page".into())],
                ..SearchDoc::default()
            })
            .collect(),
        RecordKind::Source => view
            .sources
            .par_iter()
            .flat_map_iter(|r| source_passages(r))
            .collect(),
    }
}

fn deadline_label(state: DeadlineState) -> &'static str {
    match state {
        DeadlineState::Passed => "Deadline passed",
        DeadlineState::Upcoming => "Deadline not yet passed",
        DeadlineState::Unknown => "Deadline unknown",
    }
}

/// An inspection and each of its recommendations.
fn inspection_docs(inspection: &InspectionView) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let mut body = vec![first_words(&inspection.summary_html)];
    body.extend(
        inspection
            .causes_of_concern
            .iter()
            .map(|c| format!("{} {}", c.title, c.text)),
    );
    body.extend((inspection.areas_for_improvement.iter()).map(|a| a.description.clone()));
    body.extend(inspection.commentary_html.as_deref().map(first_words));
    docs.push(SearchDoc {
        url: inspection.url.clone(),
        title: inspection.title.clone(),
        kind: "inspection",
        keywords: vec![
            inspection.id.clone(),
            inspection.inspectorate.clone(),
            inspection.subject.clone(),
        ],
        key_text: Vec::new(),
        body,
        filters: vec![
            ("kind", "Inspection".into()),
            ("inspection", inspection.title.clone()),
        ],
    });
    docs.extend(
        inspection
            .recommendations
            .iter()
            .map(|r| recommendation_doc(inspection, r)),
    );
    docs
}

/// A recommendation, found by its number ("recommendation 4"), its words
/// and its themes; the stances taken on it as filters.
fn recommendation_doc(inspection: &InspectionView, r: &RecommendationView) -> SearchDoc {
    let mut filters = vec![
        ("kind", "Recommendation".to_string()),
        ("inspection", inspection.title.clone()),
        ("deadline", deadline_label(r.deadline.state).to_string()),
    ];
    let mut body = vec![r.text.clone(), r.deadline.words.clone()];
    // Quotations are indexed where they are attributed (the
    // response) and where they come from (the source passage), so a
    // quoted phrase finds the response first.
    for p in &r.positions {
        filters.push(("force", p.force.title.clone()));
        filters.push(("stance", p.stance.label.clone()));
    }
    for d in &r.deliveries {
        filters.push(("delivery", d.delivery.label.clone()));
        filters.push(("asserted", d.assertion.to_string()));
    }
    // Open unless every body on record is in a closed status.
    let closed = !r.deliveries.is_empty() && r.deliveries.iter().all(|d| !d.open);
    if r.deadline.state == DeadlineState::Passed && !closed {
        filters.push(("overdue", OVERDUE.to_string()));
    }
    body.extend(
        r.cause_of_concern
            .iter()
            .map(|c| format!("{} {}", c.title, c.text)),
    );
    body.extend(r.commentary_html.as_deref().map(first_words));
    let mut keywords = vec![format!("recommendation {}", r.number)];
    keywords.extend(r.themes.iter().cloned());
    keywords.extend(r.addressees.iter().cloned());
    SearchDoc {
        url: r.url.clone(),
        title: format!("{}: {}", r.title, inspection.title),
        kind: "recommendation",
        keywords,
        key_text: Vec::new(),
        body,
        filters,
    }
}

/// A ROCU, found by its name and its other names.
fn rocu_doc(rocu: &RocuView) -> SearchDoc {
    let mut keywords = vec![rocu.id.clone(), rocu.region.clone()];
    keywords.extend(rocu.aliases.iter().cloned());
    let mut body: Vec<String> = rocu.forces.iter().map(|f| f.force.title.clone()).collect();
    body.extend(rocu.notes.iter().cloned());
    body.extend(rocu.commentary_html.as_deref().map(first_words));
    SearchDoc {
        url: rocu.url.clone(),
        title: rocu.name.clone(),
        kind: "rocu",
        keywords,
        key_text: Vec::new(),
        body,
        filters: {
            let mut filters = vec![("kind", "ROCU".into()), ("rocu", rocu.name.clone())];
            if rocu.open.overdue > 0 {
                filters.push(("overdue", OVERDUE.to_string()));
            }
            filters
        },
    }
}

/// A force, found by its name; its ROCU and stances as filters.
fn force_doc(force: &ForceView) -> SearchDoc {
    let mut body = vec![format!("Served by {}", force.rocu.title)];
    body.extend(force.notes.iter().cloned());
    for person in force.commissioner.iter().chain(&force.chief_constable) {
        body.push(format!(
            "{} {}",
            person.name,
            person.role.clone().unwrap_or_default()
        ));
    }
    let mut filters = vec![
        ("kind", "Force".to_string()),
        ("force", force.name.clone()),
        ("rocu", force.rocu.title.clone()),
    ];
    for row in force.groups.iter().flat_map(|g| &g.rows) {
        filters.push(("status", row.status.label.clone()));
        if let Some(position) = &row.position {
            filters.push(("stance", position.stance.label.clone()));
        }
        if let Some(d) = &row.delivery {
            filters.push(("delivery", d.delivery.label.clone()));
            filters.push(("asserted", d.assertion.to_string()));
        }
    }
    if force.open.overdue > 0 {
        filters.push(("overdue", OVERDUE.to_string()));
    }
    body.extend(force.commentary_html.as_deref().map(first_words));
    SearchDoc {
        url: force.url.clone(),
        title: force.name.clone(),
        kind: "force",
        keywords: vec![force.id.clone()],
        key_text: Vec::new(),
        body,
        filters,
    }
}

/// A response, found by the words it is quoted for.
fn response_doc(response: &ResponseView) -> SearchDoc {
    let mut filters = vec![
        ("kind", "Response".to_string()),
        ("inspection", response.inspection.title.clone()),
        ("force", response.force.title.clone()),
        ("rocu", response.rocu.title.clone()),
    ];
    let mut key_text = Vec::new();
    for p in &response.positions {
        filters.push(("stance", p.stance.label.clone()));
        key_text.push(p.quote.text.clone());
    }
    key_text.extend(response.points.iter().map(|p| p.quote.text.clone()));
    let mut body = vec![first_words(&response.summary_html)];
    body.extend(response.points.iter().map(|p| p.topic.clone()));
    body.extend(response.commentary_html.as_deref().map(first_words));
    SearchDoc {
        url: response.url.clone(),
        title: response.title.clone(),
        kind: "response",
        keywords: vec![
            response.force.title.clone(),
            response.author.clone(),
            response.role.clone(),
        ],
        key_text,
        body,
        filters,
    }
}

/// A long source document is found by the passage that matches, linked at
/// its first paragraph, rather than as one page of fifty thousand words.
fn source_passages(source: &answerable_resolve::SourceView) -> Vec<SearchDoc> {
    const PASSAGE_WORDS: usize = 250;
    let mut passages = Vec::new();
    let mut current: Vec<&answerable_resolve::Paragraph> = Vec::new();
    let mut words = 0;
    let flush = |current: &mut Vec<&answerable_resolve::Paragraph>,
                 passages: &mut Vec<SearchDoc>| {
        let (Some(first), Some(last)) = (current.first(), current.last()) else {
            return;
        };
        let range = if first.number == last.number {
            format!("paragraph {}", first.number)
        } else {
            format!("paragraphs {}–{}", first.number, last.number)
        };
        passages.push(SearchDoc {
            url: format!("{}#{}", source.url, first.id()),
            title: format!("{}, {range}", source.title),
            kind: "source",
            keywords: vec![source.author.clone()],
            key_text: Vec::new(),
            body: current.iter().map(|p| p.text.to_string()).collect(),
            filters: vec![("kind", "Source document".into())],
        });
        current.clear();
    };
    for paragraph in &source.paragraphs {
        current.push(paragraph);
        words += paragraph.text.split_whitespace().count();
        if words >= PASSAGE_WORDS {
            flush(&mut current, &mut passages);
            words = 0;
        }
    }
    flush(&mut current, &mut passages);
    passages
}

/// One letter of the A–Z index: what the search page shows without
/// JavaScript, and what a reader scanning for a name uses anyway.
#[derive(Debug, Serialize)]
pub struct Letter {
    pub letter: String,
    /// Its page's folder under `search/a-z/`, where the A–Z is too long for
    /// one page: `a` … `z`, `0-9`, or the letter's code point (`u3a3`).
    pub slug: String,
    pub entries: Vec<AzEntry>,
}

#[derive(Debug, Serialize)]
pub struct AzEntry {
    pub title: String,
    pub url: String,
    pub kind: &'static str,
}

/// The A–Z entries of every record of `kind`.
fn a_to_z_entries(view: &SiteView, kind: RecordKind) -> Vec<AzEntry> {
    let entry = |title: &str, url: &str, kind| AzEntry {
        title: title.to_string(),
        url: url.to_string(),
        kind,
    };
    match kind {
        RecordKind::Inspection => (view.inspections.iter())
            .map(|i| entry(&i.title, &i.url, "Inspection"))
            .collect(),
        RecordKind::Recommendation => (view.inspections.iter())
            .flat_map(|i| {
                (i.recommendations.iter()).map(move |r| {
                    entry(
                        &format!("{}: {}", r.title, i.title),
                        &r.url,
                        "Recommendation",
                    )
                })
            })
            .collect(),
        RecordKind::Rocu => (view.rocus.iter())
            .flat_map(|rocu| {
                let aliases = (rocu.aliases.iter()).map(move |alias| {
                    entry(&format!("{alias} (see {})", rocu.name), &rocu.url, "ROCU")
                });
                std::iter::once(entry(&rocu.name, &rocu.url, "ROCU")).chain(aliases)
            })
            .collect(),
        RecordKind::Force => (view.forces.iter())
            .map(|f| entry(&f.name, &f.url, "Force"))
            .collect(),
        RecordKind::Response => (view.responses.iter())
            .map(|r| entry(&r.title, &r.url, "Response"))
            .collect(),
        RecordKind::Source => (view.sources.iter())
            .map(|s| entry(&s.title, &s.url, "Source document"))
            .collect(),
        RecordKind::Page => (view.pages.iter())
            .map(|p| entry(&p.title, &p.url, "Page"))
            .collect(),
    }
}

/// Every named thing on the site, alphabetically, under its first letter
/// (accents ignored); ROCUs also under their other names.
pub fn a_to_z(view: &SiteView) -> Vec<Letter> {
    let mut entries = Vec::new();
    for kind in RecordKind::ALL {
        entries.extend(a_to_z_entries(view, kind));
    }
    entries.sort_by_cached_key(|e| (text::fold(&e.title), e.url.clone()));
    let mut letters: Vec<Letter> = Vec::new();
    for e in entries {
        let first = text::fold(&e.title).chars().find(|c| c.is_alphanumeric());
        let letter = match first {
            Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
            _ => "#".to_string(),
        };
        match letters.last_mut() {
            Some(last) if last.letter == letter => last.entries.push(e),
            _ => letters.push(Letter {
                slug: letter_slug(&letter),
                letter,
                entries: vec![e],
            }),
        }
    }
    letters
}

/// A letter's folder name: stable whatever else the A–Z holds.
fn letter_slug(letter: &str) -> String {
    match letter.chars().next() {
        Some('#') | None => "0-9".to_string(),
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_lowercase().to_string(),
        Some(c) => format!("u{:x}", u32::from(c)),
    }
}

#[derive(Serialize)]
struct IndexMeta<'a> {
    version: u32,
    documents: usize,
    /// The first term of each chunk: chunk `i` is `terms/i.json`.
    chunks: Vec<&'a str>,
    filters: Vec<FilterMeta<'a>>,
}

#[derive(Serialize)]
struct FilterMeta<'a> {
    name: &'a str,
    label: &'a str,
    /// `(value, number of documents)`, sorted by value.
    values: Vec<(&'a str, usize)>,
}

/// What a result needs to be shown: fetched only for results on screen.
#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    title: &'a str,
    kind: &'a str,
    text: String,
}

/// Writes the index files under `search/`, giving each to `sink` as it is
/// made: at 100,000 pages the documents' own files alone are 100,000, and
/// held together until the last was made they were the largest thing the
/// stage kept.
pub fn index(docs: &[SearchDoc], sink: &dyn Sink) {
    // Numbering the words and writing the term lists are done on one core;
    // each document's own file, on any: side by side, the second keeps
    // the core the first leaves idle busy.
    rayon::join(|| terms_and_filters(docs, sink), || fragments(docs, sink));
}

/// Writes the term lists, in chunks, the filters' lists, and
/// `search/index.json`, which says what they are.
fn terms_and_filters(docs: &[SearchDoc], sink: &dyn Sink) {
    let postings = postings(docs);
    let chunks = chunk(&postings);
    let mut chunk_heads = Vec::new();
    for (i, chunk) in chunks.iter().enumerate() {
        chunk_heads.push(chunk.first().map_or("", |(term, _)| term.as_str()));
        // An array, not an object: JavaScript reorders number-like keys.
        let entries: Vec<(&str, Vec<u32>, Vec<u32>)> = chunk
            .iter()
            .map(|(term, list)| {
                let ids: Vec<u32> = list.iter().map(|(id, _)| *id).collect();
                let scores = list.iter().map(|(_, s)| u32::from(*s)).collect();
                (term.as_str(), deltas(&ids), scores)
            })
            .collect();
        sink.put(json_file(format!("search/terms/{i}.json"), &entries));
    }
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (id, doc) in docs.iter().enumerate() {
        for (name, value) in &doc.filters {
            filters
                .entry(name)
                .or_default()
                .entry(value.as_str())
                .or_default()
                .push(id as u32);
        }
    }
    let mut filter_meta = Vec::new();
    for (name, label) in FILTERS {
        let Some(values) = filters.get(name) else {
            continue;
        };
        filter_meta.push(FilterMeta {
            name,
            label,
            values: values.iter().map(|(v, ids)| (*v, ids.len())).collect(),
        });
        let deltas: BTreeMap<&str, Vec<u32>> =
            values.iter().map(|(v, ids)| (*v, deltas(ids))).collect();
        sink.put(json_file(format!("search/filters/{name}.json"), &deltas));
    }
    let meta = IndexMeta {
        version: 1,
        documents: docs.len(),
        chunks: chunk_heads,
        filters: filter_meta,
    };
    sink.put(json_file("search/index.json".to_string(), &meta));
}

/// Writes each document's own file: what a result shows.
fn fragments(docs: &[SearchDoc], sink: &dyn Sink) {
    docs.par_iter().enumerate().for_each(|(id, doc)| {
        let text = doc
            .body
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(" \u{2026} ");
        let kind = doc
            .filters
            .iter()
            .find(|(name, _)| *name == "kind")
            .map_or(doc.kind, |(_, label)| label.as_str());
        let fragment = Fragment {
            url: &doc.url,
            title: &doc.title,
            kind,
            text: if text.is_empty() {
                doc.key_text.join(" \u{2026} ")
            } else {
                text
            },
        };
        sink.put(json_file(format!("search/docs/{id}.json"), &fragment));
    });
}

/// For every term, the documents containing it with a score from 1 to
/// 255: naming (title, keywords) plus BM25's term-frequency part over the
/// weighted text. The reader's browser multiplies by the term's rarity (it
/// knows the list's length).
fn postings(docs: &[SearchDoc]) -> Vec<(String, Vec<(u32, u8)>)> {
    // Counting each document's words is the work, and each document's is
    // its own; numbering the words needs the one vocabulary, in order. A
    // batch at a time: every document's words at once, as text, would be
    // the largest thing a 100,000-page build holds. One batch is numbered
    // while the next is counted, so that the core not numbering counts.
    let count =
        |batch: &[SearchDoc]| -> Vec<Counted> { batch.par_iter().map(Counted::new).collect() };
    let mut vocabulary = Vocabulary::default();
    let mut analysed: Vec<Analysed> = Vec::with_capacity(docs.len());
    let mut batches = docs.chunks(COUNTED_AT_ONCE);
    let mut counted = batches.next().map(count);
    while let Some(these) = counted.take() {
        let number = || {
            analysed.extend((these.into_iter()).map(|counted| counted.by_term(&mut vocabulary)));
        };
        (counted, ()) = rayon::join(|| batches.next().map(count), number);
    }
    let average = analysed.iter().map(|a| a.length).sum::<f64>() / analysed.len().max(1) as f64;
    let mut lists: Vec<Vec<(u32, u8)>> = vec![Vec::new(); vocabulary.terms.len()];
    for (id, a) in analysed.into_iter().enumerate() {
        let norm = K1 * (1.0 - B + B * a.length / average.max(1.0));
        for (term, name, tf) in a.terms {
            let relevance = tf * (K1 + 1.0) / (tf + norm) / (K1 + 1.0);
            let score = a.prior * (NAME_SHARE * name + (1.0 - NAME_SHARE) * relevance);
            let quantised = (score * 255.0).round().clamp(1.0, 255.0) as u8;
            lists[term as usize].push((id as u32, quantised));
        }
    }
    let mut postings: Vec<(String, Vec<(u32, u8)>)> =
        vocabulary.terms.into_iter().zip(lists).collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    postings
}

/// How many documents' words are counted side by side before they are
/// numbered: enough to keep every core busy.
const COUNTED_AT_ONCE: usize = 1024;

/// Every term seen, numbered, so each document's counts are kept by
/// number rather than by a fresh copy of each word.
#[derive(Default)]
struct Vocabulary {
    /// Words as folded, to their term's number.
    ids: FastMap<String, u32>,
    /// Stems, to their term's number.
    stems: FastMap<String, u32>,
    terms: Vec<String>,
}

impl Vocabulary {
    /// The number of the term a folded word is indexed under: its stem.
    /// Each distinct word is stemmed once.
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let stem = text::stem(word);
        let id = match self.stems.get(stem.as_ref()) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.stems.insert(stem.to_string(), id);
                self.terms.push(stem.into_owned());
                id
            }
        };
        self.ids.insert(word.to_string(), id);
        id
    }
}

/// A document's words as folded, each with how well it names the page (1
/// in a short title, less in keywords, 0 otherwise) and its weighted count
/// in the text.
struct Counted {
    words: FastMap<String, (f64, f64)>,
    length: f64,
    prior: f64,
}

impl Counted {
    fn new(doc: &SearchDoc) -> Self {
        // Counted per word as written, then each stem takes its best
        // word's: stemming lets "days" find "day" without letting a page
        // that says "appoint" and "appointed" outscore one that quotes
        // the words a reader typed.
        let mut counts: FastMap<String, (f64, f64)> = FastMap::default();
        // A short title names its page more surely than a long one: "Essex"
        // is the force; "Essex: response of 7 April 2021" is about it.
        let title_words = text::words(&text::fold(&doc.title)).count().max(1) as f64;
        let title_name = (TITLE_NAME / title_words.sqrt()).max(TITLE_NAME / 2.0);
        let names = [
            (title_name, std::slice::from_ref(&doc.title)),
            (KEYWORD_NAME, doc.keywords.as_slice()),
        ];
        for (strength, texts) in names {
            for t in texts {
                for word in text::words(&text::fold(t)) {
                    let entry = counts.entry(word.to_string()).or_default();
                    entry.0 = entry.0.max(strength);
                }
            }
        }
        let mut length = 0.0;
        for (weight, texts) in [(KEY_TEXT_WEIGHT, &doc.key_text), (BODY_WEIGHT, &doc.body)] {
            for t in texts {
                let folded = text::fold(t);
                for word in text::words(&folded) {
                    match counts.get_mut(word) {
                        Some(entry) => entry.1 += weight,
                        None => {
                            counts.insert(word.to_string(), (0.0, weight));
                        }
                    }
                    length += weight;
                }
            }
        }
        // A passage of a source document is the raw material; the page that
        // attributes or discusses the words comes first, all else equal.
        let prior = if doc.kind == "source" {
            SOURCE_PRIOR
        } else {
            1.0
        };
        Counted {
            words: counts,
            length,
            prior,
        }
    }

    /// The counts by term (stem), numbered in `vocabulary`.
    fn by_term(self, vocabulary: &mut Vocabulary) -> Analysed {
        let mut terms: FastMap<u32, (f64, f64)> = FastMap::default();
        for (word, (name, tf)) in self.words {
            let entry = terms.entry(vocabulary.id(&word)).or_default();
            entry.0 = entry.0.max(name);
            entry.1 = entry.1.max(tf);
        }
        Analysed {
            terms: terms
                .into_iter()
                .map(|(term, (name, tf))| (term, name, tf))
                .collect(),
            length: self.length,
            prior: self.prior,
        }
    }
}

/// A document's terms by number, each with its naming strength and count.
struct Analysed {
    terms: Vec<(u32, f64, f64)>,
    length: f64,
    prior: f64,
}

type Postings<'a> = &'a [(String, Vec<(u32, u8)>)];

/// Splits the sorted terms into chunks of about `CHUNK_BYTES`.
fn chunk(postings: &[(String, Vec<(u32, u8)>)]) -> Vec<Postings<'_>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, (term, list)) in postings.iter().enumerate() {
        let cost = term.len() + 8 + list.len() * 6;
        if size > 0 && size + cost > CHUNK_BYTES {
            chunks.push(&postings[start..i]);
            start = i;
            size = 0;
        }
        size += cost;
    }
    chunks.push(&postings[start..]);
    chunks
}

/// Gaps between ascending document ids: small numbers, short files.
fn deltas(ids: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    ids.iter()
        .map(|&id| {
            let gap = id - previous;
            previous = id;
            gap
        })
        .collect()
}

fn json_file(path: String, value: &impl Serialize) -> OutputFile {
    OutputFile {
        path,
        bytes: serde_json::to_vec(value).expect("search data serialises"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Keeps what the index puts.
    #[derive(Default)]
    struct Files(Mutex<Vec<OutputFile>>);

    impl Sink for Files {
        fn put(&self, file: OutputFile) {
            self.0.lock().unwrap().push(file);
        }

        fn put_with(
            &self,
            _: &str,
            _: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
        ) -> usize {
            unreachable!("the index puts whole files")
        }
    }

    #[test]
    fn the_index_goes_through_every_kind_of_record() {
        assert!(RecordKind::is_every_kind(&INDEX_ORDER));
    }

    fn doc(title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: format!("/{title}/"),
            title: title.to_string(),
            kind: "page",
            body: vec![body.to_string()],
            filters: vec![("kind", "Page".into())],
            ..SearchDoc::default()
        }
    }

    #[test]
    fn every_kind_indexed_is_made_and_let_go_once() {
        let mut released = RELEASE_ORDER.map(|k| format!("{k:?}"));
        let mut indexed = INDEX_ORDER.map(|k| format!("{k:?}"));
        released.sort();
        indexed.sort();
        assert_eq!(released, indexed);
    }

    #[test]
    fn a_word_in_the_title_outscores_the_same_word_in_the_body() {
        let docs = [doc("Essex", "A force."), doc("Kent", "Kent borders Essex.")];
        let postings = postings(&docs);
        let essex = &postings.iter().find(|(t, _)| t == "essex").unwrap().1;
        assert_eq!(essex.len(), 2);
        assert!(essex[0].1 > essex[1].1, "{essex:?}");
    }

    #[test]
    fn postings_are_gap_encoded_and_chunks_stay_small() {
        assert_eq!(deltas(&[3, 4, 10]), [3, 1, 6]);
        let docs: Vec<SearchDoc> = (0..400)
            .map(|i| doc(&format!("t{i}"), &format!("word{i} common")))
            .collect();
        let files = Files::default();
        index(&docs, &files);
        let files = files.0.into_inner().unwrap();
        let chunks: Vec<&OutputFile> = files
            .iter()
            .filter(|f| f.path.starts_with("search/terms/"))
            .collect();
        assert!(chunks.len() > 1);
        for chunk in chunks {
            assert!(chunk.bytes.len() < 2 * CHUNK_BYTES, "{}", chunk.path);
        }
        let meta = files
            .iter()
            .find(|f| f.path == "search/index.json")
            .unwrap();
        let meta: serde_json::Value = serde_json::from_slice(&meta.bytes).unwrap();
        assert_eq!(meta["documents"], 400);
        assert_eq!(
            meta["filters"][0]["values"][0],
            serde_json::json!(["Page", 400])
        );
    }
}
