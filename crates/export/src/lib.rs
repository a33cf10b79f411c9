//! Open data: the whole dataset as JSON and CSV, a JSON Schema for the JSON,
//! one JSON file per page, the data page and the Atom feeds.
//!
//! Runs after `resolve`, from its views, so every computed fact (deadline
//! passed, each force's status, forces with no response) is the one the
//! pages show, never computed a second time. The record types in
//! [`records`] are the one definition of every field: the JSON, the CSV
//! columns, the schema and the data page's column docs all come from them.
//! Output is deterministic: records keep the data's order, objects keep the
//! types' field order, and no date comes from the clock.
//!
//! *Never:* computes a fact the pages do not show, or renders a page
//! itself: the data page and feeds go to `render` as `ExtraPage`s.

pub mod calendar;
mod csv_file;
pub mod csvw;
pub mod feed;
pub mod records;
mod schema;

pub use csv_file::*;
pub use schema::*;

use std::collections::{BTreeMap, HashSet};

use foldhash::HashMap;
use std::io::{self, Write};

use rayon::prelude::*;

use answerable_resolve::{group_of, grouped};

use serde::Serialize;
use serde_json::Value;

use answerable_base::output::Sink;
use answerable_base::output::{ExtraPage, OutputFile};
use answerable_data::dates::PartialDate;
use answerable_data::model::{Actor, Dataset, EntityRef, RecordKind};
use answerable_data::urls;
use answerable_resolve::{Deadline, DeadlineState, ForceView, Link, RecommendationView, SiteView};
use records::*;

/// What the open data takes from the model rather than from the views:
/// each recommendation's `applies_to`, `encourages` and `repeats` as
/// written, and each source document's date. Made before the model is let
/// go, so that exporting, the stage that adds the most, need not hold the
/// model too (at 100,000 pages, a few hundred MB).
pub struct FromModel {
    /// By inspection id, in the report's order.
    recommendations: HashMap<String, Vec<AsWritten>>,
    /// By file name.
    source_dates: HashMap<String, Option<PartialDate>>,
}

struct AsWritten {
    number: u32,
    applies_to: Vec<Actor>,
    encourages: Vec<Actor>,
    repeats: Vec<String>,
}

impl FromModel {
    pub fn of(dataset: &Dataset) -> Self {
        FromModel {
            recommendations: (dataset.inspections.iter())
                .map(|i| {
                    let written = (i.recommendations.iter())
                        .map(|r| AsWritten {
                            number: r.number.value,
                            applies_to: r.applies_to.clone(),
                            encourages: r.encourages.clone(),
                            repeats: r.repeats.iter().map(|k| k.value.clone()).collect(),
                        })
                        .collect();
                    (i.id.value.clone(), written)
                })
                .collect(),
            source_dates: (dataset.sources.iter())
                .map(|s| (s.file.value.clone(), s.date))
                .collect(),
        }
    }

    fn recommendation(&self, inspection: &str, number: u32) -> Option<&AsWritten> {
        (self.recommendations.get(inspection)?.iter()).find(|r| r.number == number)
    }
}

/// Builds every open-data file, giving each to `sink` as it is made, and
/// returns the pages (data page, feeds) still to render with the templates.
pub fn export(model: &FromModel, view: &SiteView, sink: &dyn Sink) -> Vec<ExtraPage> {
    let e = Exporter::new(model, view);
    let records = e.all();
    let all = records.file(e.empty_file(&e.data_url()));
    let schema = schema_value(&view.site.absolute(&format!(
        "{}{}",
        view.site.base_path,
        urls::DATA_SCHEMA
    )));
    // Serialising is most of this stage and each file is independent:
    // made in parallel. Every file borrows the same records rather than
    // holding copies of them, and the large ones go straight to the sink.
    let json = |path: String, value: &DataFile| {
        let size = sink.put_with(&path, &mut |w| write_json(w, value));
        (path, size)
    };
    let kind_files = |kind: &Kind| {
        let columns: Vec<String> = columns(&schema, kind.definition)
            .into_iter()
            .map(|c| c.name)
            .collect();
        let csv_path = format!("{}{}.csv", urls::DATA, kind.name);
        let csv_size = sink.put_with(&csv_path, &mut |w| {
            let mut csv = CsvWriter::new(&columns, w);
            all.each_record(kind.name, |record| csv.row(&record));
            csv.finish()
        });
        [
            json(
                format!("{}{}.json", urls::DATA, kind.name),
                &e.empty_file(&e.data_url()).with_kind_from(&all, kind.name),
            ),
            (csv_path, csv_size),
        ]
    };
    // all.json names the files of each kind rather than repeating them:
    // at 10,000 pages it was a 76 MB second copy of the dataset.
    let data_file = |kind: &Kind, ext: &str| {
        let path = format!("{}{}{}.{ext}", view.site.base_path, urls::DATA, kind.name);
        view.site.absolute(&path)
    };
    let index = DataFile {
        files: Some(
            (KINDS.iter())
                .map(|kind| KindFiles {
                    kind: kind.name.to_string(),
                    records: all.count(kind.name),
                    json: data_file(kind, "json"),
                    csv: data_file(kind, "csv"),
                })
                .collect(),
        ),
        ..e.empty_file(&e.data_url())
    };
    // The largest kinds' files (statuses, positions) take longest: they
    // are written beside the pages' files, not after them.
    let ((), by_kind) = rayon::join(
        || {
            e.entity_files(&records, &|path, file| {
                sink.put(json_file(&format!("{path}index.json"), &file));
            });
        },
        || {
            KINDS
                .par_iter()
                .flat_map_iter(kind_files)
                .collect::<Vec<_>>()
        },
    );
    let all_size = json(format!("{}all.json", urls::DATA), &index);
    let schema_file = pretty_json_file(urls::DATA_SCHEMA, &schema);
    let csvw_file = pretty_json_file(
        &format!("{}{}", urls::DATA, csvw::PATH),
        &csvw::metadata(view, &schema),
    );
    let mut sizes: BTreeMap<String, usize> = by_kind.into_iter().collect();
    sizes.insert(schema_file.path.clone(), schema_file.bytes.len());
    sizes.insert(csvw_file.path.clone(), csvw_file.bytes.len());
    sizes.insert(all_size.0, all_size.1);
    sink.put(schema_file);
    sink.put(csvw_file);
    // Every data file is made: the records they borrowed can go before
    // the calendars and feeds are made, so those reuse their memory
    // rather than add to the build's peak.
    drop(all);
    drop(records);
    let ((), feeds) = rayon::join(|| calendar::calendars(view, sink), || feed::feeds(view));
    let mut pages = vec![e.data_page(&schema, &sizes)];
    pages.extend(feeds);
    pages
}

/// Every record of every kind, made once from the views; each data file
/// borrows from these.
struct AllRecords<'a> {
    inspections: Vec<Inspection>,
    recommendations: Vec<Recommendation>,
    rocus: Vec<Rocu>,
    forces: Vec<Force>,
    responses: Vec<Response>,
    positions: Vec<Position<'a>>,
    statuses: Vec<StatusRow<'a>>,
    sources: Vec<Source>,
    history: Vec<HistoryEntry>,
    deadline_revisions: Vec<DeadlineRevision>,
}

impl<'a> AllRecords<'a> {
    /// `envelope` with every record.
    fn file<'r>(&'r self, envelope: DataFile<'r>) -> DataFile<'r> {
        DataFile {
            inspections: Some(Records::all(&self.inspections)),
            recommendations: Some(Records::all(&self.recommendations)),
            rocus: Some(Records::all(&self.rocus)),
            forces: Some(Records::all(&self.forces)),
            responses: Some(Records::all(&self.responses)),
            positions: Some(Records::all(&self.positions)),
            statuses: Some(Records::all(&self.statuses)),
            sources: Some(Records::all(&self.sources)),
            history: Some(Records::all(&self.history)),
            deadline_revisions: Some(Records::all(&self.deadline_revisions)),
            ..envelope
        }
    }
}

/// A data file as compact JSON (a browser's JSON viewer lays it out; the
/// indentation of pretty JSON was a fifth of its bytes).
fn json_file(path: &str, value: &impl Serialize) -> OutputFile {
    let mut bytes = Vec::new();
    write_json(&mut bytes, value).expect("writing to memory");
    OutputFile {
        path: path.to_string(),
        bytes,
    }
}

/// A file people read as it is (the schema, the CSV metadata): pretty.
fn pretty_json_file(path: &str, value: &impl Serialize) -> OutputFile {
    let mut bytes = serde_json::to_vec_pretty(value).expect("writing to memory");
    bytes.push(b'\n');
    OutputFile {
        path: path.to_string(),
        bytes,
    }
}

/// Compact JSON and a final newline.
fn write_json(w: &mut dyn Write, value: &(impl Serialize + ?Sized)) -> io::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    w.write_all(b"\n")
}

/// `day`, `month` or `year`, from an ISO date at its own precision.
fn precision(iso: Option<&str>) -> Option<String> {
    iso.map(|d| match d.len() {
        10 => "day",
        7 => "month",
        _ => "year",
    })
    .map(str::to_string)
}

/// One [`Shared`] text for each distinct text, so that records saying the
/// same thing hold one copy of it.
#[derive(Default)]
struct Interner<'t>(HashMap<&'t str, Shared>);

impl<'t> Interner<'t> {
    /// `text`, shared.
    fn text(&mut self, text: &'t str) -> Shared {
        Shared::clone(self.0.entry(text).or_insert_with(|| text.into()))
    }

    /// The text `make` makes from what `key` names (an id from a page's
    /// address, say), made once per key.
    fn made(&mut self, key: &'t str, make: impl FnOnce() -> String) -> Shared {
        Shared::clone(self.0.entry(key).or_insert_with(|| make().into()))
    }
}

fn deadline_passed(deadline: &Deadline) -> Option<bool> {
    match deadline.state {
        DeadlineState::Passed => Some(true),
        DeadlineState::Upcoming => Some(false),
        DeadlineState::Unknown => None,
    }
}

struct Exporter<'a> {
    view: &'a SiteView,
    /// A source's slug → its file name.
    source_files: HashMap<&'a str, &'a str>,
    /// What the views do not say.
    model: &'a FromModel,
    /// What each force's status rows say alike, in the forces' order.
    status_forces: Vec<StatusOfForce>,
    /// What each recommendation's status rows say alike, in page order.
    status_recommendations: Vec<(&'a RecommendationView, StatusOfRecommendation)>,
}

impl<'a> Exporter<'a> {
    fn new(model: &'a FromModel, view: &'a SiteView) -> Self {
        Exporter {
            view,
            source_files: (view.sources.iter())
                .map(|s| (s.slug.as_str(), s.file.as_str()))
                .collect(),
            model,
            status_forces: (view.forces.iter())
                .map(|f| StatusOfForce {
                    id: f.id.clone(),
                    url: view.site.absolute(&f.url),
                })
                .collect(),
            status_recommendations: (view.inspections.iter())
                .flat_map(|inspection| {
                    (inspection.recommendations.iter()).map(move |r| {
                        let shared = StatusOfRecommendation {
                            inspection_id: inspection.id.clone(),
                            recommendation_id: format!("{}/{}", inspection.id, r.number),
                            number: r.number,
                            deadline_state: r.deadline.state.to_string(),
                            deadline_passed: deadline_passed(&r.deadline),
                            recommendation_url: view.site.absolute(&r.url),
                        };
                        (r, shared)
                    })
                })
                .collect(),
        }
    }

    fn id(&self, link: &Link) -> String {
        link.record.as_ref().map(EntityRef::id).unwrap_or_default()
    }

    fn ids_of(&self, links: &[Link]) -> Vec<String> {
        links.iter().map(|l| self.id(l)).collect()
    }

    fn data_url(&self) -> String {
        self.view
            .site
            .absolute(&format!("{}{}", self.view.site.base_path, urls::DATA))
    }

    fn empty_file(&self, url: &str) -> DataFile<'a> {
        DataFile {
            site: self.view.site.title.clone(),
            as_of: self.view.site.as_of_iso.clone(),
            base_url: self.view.site.base_url.clone(),
            url: url.to_string(),
            schema: self.view.site.absolute(&format!(
                "{}{}",
                self.view.site.base_path,
                urls::DATA_SCHEMA
            )),
            licence: None,
            files: None,
            page: None,
            inspections: None,
            recommendations: None,
            rocus: None,
            forces: None,
            responses: None,
            positions: None,
            statuses: None,
            sources: None,
            history: None,
            deadline_revisions: None,
        }
    }

    fn source_file_of(&self, source: &Link) -> String {
        (source.record_id())
            .and_then(|slug| self.source_files.get(slug))
            .map(|file| file.to_string())
            .unwrap_or_default()
    }

    fn all(&self) -> AllRecords<'_> {
        // Statuses are the most numerous records, and none of these
        // depends on another: made side by side.
        let (mut all, (statuses, (sources, history))) = rayon::join(
            || self.all_but_statuses_sources_and_history(),
            || {
                rayon::join(
                    || self.statuses(),
                    || rayon::join(|| self.sources(), || self.history()),
                )
            },
        );
        all.statuses = statuses;
        all.sources = sources;
        all.history = history;
        all
    }

    fn all_but_statuses_sources_and_history(&self) -> AllRecords<'a> {
        let view = self.view;
        let inspections = view
            .inspections
            .iter()
            .map(|i| Inspection {
                id: i.id.clone(),
                title: i.title.clone(),
                untitled: i.untitled,
                url: self.view.site.absolute(&i.url),
                inspectorate: i.inspectorate.clone(),
                subject: i.subject.clone(),
                published: i.published_iso.clone(),
                published_precision: precision(i.published_iso.as_deref()),
                fieldwork: i.fieldwork.clone(),
                section_55: i.section_55.to_string(),
                comments_due: i.window.as_ref().map(|w| w.due.clone()),
                recommendation_ids: i
                    .recommendations
                    .iter()
                    .map(|r| format!("{}/{}", i.id, r.number))
                    .collect(),
                deadlines_passed: i.passed as u32,
                response_ids: self.ids_of(&i.responses),
                forces_without_response: self.ids_of(&i.forces_without_response),
                source_file: self.source_file_of(&i.source),
                source_url: self.view.site.absolute(&i.source.url),
                data_file: i.record.file.clone(),
            })
            .collect();
        let recommendations = view
            .inspections
            .iter()
            .flat_map(|i| i.recommendations.iter().map(move |r| (i, r)))
            .map(|(i, r)| {
                let model = self.model.recommendation(&i.id, r.number);
                let d = &r.deadline;
                Recommendation {
                    id: format!("{}/{}", i.id, r.number),
                    inspection_id: i.id.clone(),
                    number: r.number,
                    url: self.view.site.absolute(&r.url),
                    text: r.text.clone(),
                    due_text: d.words.clone(),
                    due: d.iso.clone(),
                    due_precision: precision(d.iso.as_deref()),
                    due_last_day: d
                        .iso
                        .as_deref()
                        .and_then(answerable_data::dates::PartialDate::parse)
                        .and_then(|p| p.latest())
                        .map(|day| day.to_string()),
                    original_due: d.original_iso.clone(),
                    deadline_slip: d.slip.clone(),
                    deadline_state: d.state.to_string(),
                    deadline_passed: deadline_passed(d),
                    deadline_summary: d.summary.clone(),
                    addressees: r.addressees.clone(),
                    applies_to: model
                        .map(|m| m.applies_to.iter().map(|a| a.id().to_string()).collect())
                        .unwrap_or_default(),
                    encourages: model
                        .map(|m| m.encourages.iter().map(|a| a.id().to_string()).collect())
                        .unwrap_or_default(),
                    asked_in_report: r.asked_in_report.clone(),
                    concerns_forces: r.concerns_forces,
                    themes: r.themes.clone(),
                    cause_of_concern: r.cause_of_concern.as_ref().map(|c| c.id.clone()),
                    repeats: model.map(|m| m.repeats.clone()).unwrap_or_default(),
                    repeated_by: self.ids_of(&r.repeated_by),
                    positions: r.positions.len() as u32,
                    history_entries: r.history.len() as u32,
                    silent_response_ids: self.ids_of(&r.silent_responses),
                    source_file: self.source_file_of(&i.source),
                    source_url: self.view.site.absolute(&i.source.url),
                    data_file: r.record.file.clone(),
                }
            })
            .collect();
        let rocus = view
            .rocus
            .iter()
            .map(|r| Rocu {
                id: r.id.clone(),
                name: r.name.clone(),
                url: self.view.site.absolute(&r.url),
                aliases: r.aliases.clone(),
                region: r.region.clone(),
                established: r.established.clone(),
                status: r.status.clone(),
                force_ids: r.forces.iter().map(|f| self.id(&f.force)).collect(),
                forces_responded: r.forces_responded as u32,
                source_file: self.source_file_of(&r.source),
                source_url: self.view.site.absolute(&r.source.url),
                data_file: r.record.file.clone(),
            })
            .collect();
        let forces = view
            .forces
            .iter()
            .map(|f| Force {
                id: f.id.clone(),
                name: f.name.clone(),
                url: self.view.site.absolute(&f.url),
                feed_url: self.view.site.absolute(&format!("{}feed.xml", f.url)),
                rocu_id: self.id(&f.rocu),
                commissioner: f.commissioner.as_ref().map(|p| p.name.clone()),
                commissioner_role: f.commissioner.as_ref().and_then(|p| p.role.clone()),
                commissioner_source_file: (f.commissioner.as_ref())
                    .map(|p| self.source_file_of(&p.source)),
                commissioner_named_on: f.commissioner.as_ref().and_then(|p| p.named_on_iso.clone()),
                chief_constable: f.chief_constable.as_ref().map(|p| p.name.clone()),
                chief_constable_source_file: (f.chief_constable.as_ref())
                    .map(|p| self.source_file_of(&p.source)),
                chief_constable_named_on: (f.chief_constable.as_ref())
                    .and_then(|p| p.named_on_iso.clone()),
                response_ids: self.ids_of(&f.responses),
                source_file: self.source_file_of(&f.source),
                source_url: self.view.site.absolute(&f.source.url),
                data_file: f.record.file.clone(),
            })
            .collect();
        let responses = view
            .responses
            .iter()
            .map(|r| Response {
                id: r.id.clone(),
                url: self.view.site.absolute(&r.url),
                title: r.title.clone(),
                inspection_id: self.id(&r.inspection),
                force_id: self.id(&r.force),
                rocu_id: self.id(&r.rocu),
                author: r.author.clone(),
                role: r.role.clone(),
                date: r.date_iso.clone(),
                date_precision: precision(r.date_iso.as_deref()),
                reference: r.reference.clone(),
                addressee: r.addressee.clone(),
                positions: r.positions.len() as u32,
                silent_on: self.ids_of(&r.silent_on),
                timing: r.timing.clone(),
                source_file: self.source_file_of(&r.source),
                source_url: self.view.site.absolute(&r.source.url),
                data_file: r.record.file.clone(),
            })
            .collect();
        let positions = self.positions();
        AllRecords {
            inspections,
            recommendations,
            rocus,
            forces,
            responses,
            positions,
            statuses: Vec::new(),
            sources: Vec::new(),
            history: Vec::new(),
            deadline_revisions: self.deadline_revisions(),
        }
    }

    /// Every response's positions. Most of a position's fields say what
    /// its response or its recommendation says, so each such text is
    /// made once and shared, and the quotation is the view's own: at
    /// 100,000 pages, 183,000 positions each with thirteen copies were
    /// the second-largest part of this stage's memory.
    fn positions(&self) -> Vec<Position<'a>> {
        let view = self.view;
        let mut ids = Interner::default();
        let mut inspection_ids = Interner::default();
        let mut absolute = Interner::default();
        let mut source_files = Interner::default();
        let mut words = Interner::default();
        let mut out = Vec::new();
        for p in view.responses.iter().flat_map(|r| r.positions.iter()) {
            let recommendation_id = ids.made(&p.recommendation.url, || self.id(&p.recommendation));
            out.push(Position {
                response_id: ids.made(&p.response.url, || self.id(&p.response)),
                force_id: ids.made(&p.force.url, || self.id(&p.force)),
                inspection_id: inspection_ids.made(&p.recommendation.url, || {
                    (recommendation_id.rsplit_once('/'))
                        .map(|(i, _)| i.to_string())
                        .unwrap_or_default()
                }),
                recommendation_id,
                recommendation_number: p.recommendation_number,
                stance: words.text(&p.stance.id),
                stance_label: words.text(&p.stance.label),
                quote: &p.quote.text,
                note: p.note.as_deref(),
                source_file: source_files
                    .made(&p.quote.source.url, || self.source_file_of(&p.quote.source)),
                source_paragraph: p.quote.paragraph as u32,
                source_anchor: urls::paragraph_anchor(p.quote.paragraph),
                source_url: self.view.site.absolute(&p.quote.url),
                url: absolute.made(&p.response.url, || self.view.site.absolute(&p.response.url)),
                recommendation_url: absolute.made(&p.recommendation.url, || {
                    self.view.site.absolute(&p.recommendation.url)
                }),
            });
        }
        out
    }

    /// Every force against every recommendation that concerns forces, with
    /// the status the force's page shows. A recommendation for national
    /// bodies only has a row for a force only where the force took a
    /// position on it: a row saying only "not for forces" repeated what
    /// `recommendations.json` says (its addressees) once per force, and
    /// was two-fifths of the rows.
    fn statuses(&self) -> Vec<StatusRow<'_>> {
        let view = self.view;
        let not_applicable = view.statuses.iter().find(|t| t.id == "not-applicable");
        let mut out = Vec::new();
        for (force, shared) in view.forces.iter().zip(&self.status_forces) {
            let rows: BTreeMap<&str, &answerable_resolve::ForceRow> = force
                .groups
                .iter()
                .flat_map(|g| g.rows.iter())
                .map(|row| (row.recommendation.url.as_str(), row))
                .collect();
            for (r, recommendation) in &self.status_recommendations {
                let row = rows.get(r.url.as_str()).copied();
                let has_stance = row.is_some_and(|row| row.position.is_some());
                let (status, status_label) = match (row, not_applicable) {
                    (Some(row), _) => (row.status.id.as_str(), row.status.label.as_str()),
                    (None, Some(t)) => (t.id.as_str(), t.label.as_str()),
                    (None, None) => ("not-applicable", ""),
                };
                if status == "not-applicable" && !has_stance {
                    continue;
                }
                out.push(StatusRow {
                    force: shared,
                    recommendation,
                    row,
                    status,
                    status_label,
                });
            }
        }
        out
    }

    /// Every recommendation's history known on the `as_of` date, in the
    /// order its page lists it.
    fn history(&self) -> Vec<HistoryEntry> {
        let mut out = Vec::new();
        for r in self.view.recommendations() {
            let id = self.id_of_recommendation(r);
            for (i, h) in r.history.iter().enumerate() {
                // The page lists entries oldest first: the last about a
                // body is the one its status comes from.
                let current = !r.history[i + 1..]
                    .iter()
                    .any(|later| later.body.name == h.body.name && later.body.kind == h.body.kind);
                out.push(HistoryEntry {
                    recommendation_id: id.clone(),
                    inspection_id: self.id(&r.inspection),
                    recommendation_number: r.number,
                    date: h.date_iso.clone(),
                    date_precision: precision(Some(&h.date_iso)).unwrap_or_default(),
                    body_kind: h.body.kind.to_string(),
                    body_id: h.body.link.as_ref().map(|l| self.id(l)),
                    body_name: h.body.name.clone(),
                    delivery: h.delivery.id.clone(),
                    delivery_label: h.delivery.label.clone(),
                    open: h.open,
                    asserted_by: h.asserted_by.to_string(),
                    asserter: h.who.clone(),
                    reasoning: h.reasoning.clone(),
                    current,
                    quote: h.quote.text.clone(),
                    note: h.note.clone(),
                    source_file: self.source_file_of(&h.quote.source),
                    source_paragraph: h.quote.paragraph as u32,
                    source_url: self.view.site.absolute(&h.quote.url),
                    recommendation_url: self.view.site.absolute(&r.url),
                });
            }
        }
        out
    }

    fn deadline_revisions(&self) -> Vec<DeadlineRevision> {
        let mut out = Vec::new();
        for r in self.view.recommendations() {
            for v in &r.deadline.revisions {
                out.push(DeadlineRevision {
                    recommendation_id: self.id_of_recommendation(r),
                    inspection_id: self.id(&r.inspection),
                    date: v.date_iso.clone(),
                    due: v.due_iso.clone(),
                    due_last_day: (answerable_data::dates::PartialDate::parse(&v.due_iso))
                        .and_then(|p| p.latest())
                        .map(|day| day.to_string()),
                    due_text: v.due_text.clone(),
                    set_by: v.set_by.clone(),
                    reason: v.reason.clone(),
                    in_force: v.in_force,
                    quote: v.quote.text.clone(),
                    source_file: self.source_file_of(&v.quote.source),
                    source_url: self.view.site.absolute(&v.quote.url),
                    recommendation_url: self.view.site.absolute(&r.url),
                });
            }
        }
        out
    }

    fn id_of_recommendation(&self, r: &answerable_resolve::RecommendationView) -> String {
        format!("{}/{}", self.id(&r.inspection), r.number)
    }

    fn sources(&self) -> Vec<Source> {
        self.view
            .sources
            .iter()
            .map(|s| Source {
                file: s.file.clone(),
                title: s.title.clone(),
                untitled: s.untitled,
                author: s.author.clone(),
                date: (self.model.source_dates.get(s.file.as_str()))
                    .and_then(|d| *d)
                    .map(|d| d.iso()),
                kind: s.kind.to_string(),
                description: s.description.clone(),
                paragraphs: s.paragraphs.len() as u32,
                url: self.view.site.absolute(&s.url),
                text_url: self.view.site.absolute(&s.raw_url),
                published_at: s.published_at.clone(),
                data_file: s.record.file.clone(),
            })
            .collect()
    }

    /// One file per page, the page's own record and the records about it,
    /// each given to `put` as soon as it is made, on any core (at 100,000
    /// pages, every page's file made before the first was written was a
    /// tenth of this stage's memory). Paths are relative to the base path,
    /// as the page's own.
    fn entity_files<'r>(&self, all: &'r AllRecords<'a>, put: &(dyn Fn(String, DataFile<'r>) + Sync))
    where
        'a: 'r,
    {
        let AllRecords {
            inspections,
            recommendations,
            rocus,
            forces,
            responses,
            positions,
            statuses,
            sources,
            history,
            deadline_revisions,
        } = all;
        let base = &self.view.site.base_path;
        let page = |url: &str| url.strip_prefix(base.as_str()).unwrap_or(url).to_string();
        let positions_by_response = grouped(positions, |p| &p.response_id);
        let statuses_by_recommendation = grouped(statuses, |s| s.recommendation_id());
        let statuses_by_force = grouped(statuses, |s| s.force_id());
        let responses_by_inspection = grouped(responses, |r| &r.inspection_id);
        let responses_by_force = grouped(responses, |r| &r.force_id);
        let recommendations_by_inspection = grouped(recommendations, |r| &r.inspection_id);
        let forces_by_rocu = grouped(forces, |f| &f.rocu_id);
        let history_by_recommendation = grouped(history, |h| &h.recommendation_id);
        let history_by_body = grouped(history, |h| h.body_id.as_deref().unwrap_or_default());
        let revisions_by_recommendation = grouped(deadline_revisions, |v| &v.recommendation_id);
        // Every kind is named here, so a new kind of record does not
        // compile until it has decided what data its page has.
        for kind in RecordKind::ALL {
            match kind {
                RecordKind::Inspection => {
                    inspections.par_iter().for_each(|i| {
                        let path = urls::inspection(&i.id);
                        // No positions: a position is its response's, and
                        // the response's own JSON (its `url` + index.json)
                        // holds it; here they were 13.5 MB of copies at
                        // 10,000 pages.
                        let file = DataFile {
                            inspections: Some(Records(vec![i])),
                            recommendations: Some(take(&recommendations_by_inspection, &i.id)),
                            responses: Some(take(&responses_by_inspection, &i.id)),
                            ..self.empty_file(&i.url)
                        };
                        put(path, file);
                    });
                }
                RecordKind::Recommendation => {
                    recommendations.par_iter().for_each(|r| {
                        let path = urls::recommendation(&r.inspection_id, r.number);
                        // Each force's status row says its stance and the
                        // response it is in (`response_id`), whose own JSON
                        // holds the quotation: a position written here as
                        // well was a third copy of every one, 13.5 MB at
                        // 10,000 pages, as it was on the force's pages.
                        let file = DataFile {
                            recommendations: Some(Records(vec![r])),
                            statuses: Some(take(&statuses_by_recommendation, &r.id)),
                            history: Some(take(&history_by_recommendation, &r.id)),
                            deadline_revisions: Some(take(&revisions_by_recommendation, &r.id)),
                            ..self.empty_file(&r.url)
                        };
                        put(path, file);
                    });
                }
                RecordKind::Rocu => {
                    rocus.par_iter().for_each(|r| {
                        let file = DataFile {
                            rocus: Some(Records(vec![r])),
                            forces: Some(take(&forces_by_rocu, &r.id)),
                            history: Some(take_body(&history_by_body, &r.id, "rocu")),
                            ..self.empty_file(&r.url)
                        };
                        put(urls::rocu(&r.id), file);
                    });
                }
                RecordKind::Force => {
                    let views: HashMap<&str, &ForceView> = (self.view.forces.iter())
                        .map(|f| (f.id.as_str(), &**f))
                        .collect();
                    forces.par_iter().for_each(|f| {
                        // A force's recommendations are over numbered pages
                        // (a few hundred at most to a page's JSON, where
                        // one file of them all was 940 kB at 10,000 pages):
                        // each page's JSON holds the rows that page shows.
                        // Their quotations are each response's, in its JSON.
                        // The force and its responses are the first page's:
                        // a further page shows the force's name and each
                        // row's response as a link, which `page.first` and
                        // the rows' `force_id` and `response_id` give.
                        let first = urls::force(&f.id);
                        let pages = views.get(f.id.as_str()).map(|v| shown_on_pages(v));
                        let pages = pages.unwrap_or_else(|| vec![HashSet::new()]);
                        let total = pages.len();
                        let json_url = |n: usize| {
                            let path =
                                format!("{base}{}index.json", urls::numbered_page(&first, n));
                            self.view.site.absolute(&path)
                        };
                        for (number, shown) in (1..).zip(&pages) {
                            let path = urls::numbered_page(&first, number);
                            let url = self.view.site.absolute(&format!("{base}{path}"));
                            let rows = |id: &str| shown.contains(id);
                            let file = DataFile {
                                page: Some(ListPage {
                                    number,
                                    of: total,
                                    first: json_url(1),
                                    previous: (number > 1).then(|| json_url(number - 1)),
                                    next: (number < total).then(|| json_url(number + 1)),
                                }),
                                forces: (number == 1).then(|| Records(vec![f])),
                                responses: (number == 1).then(|| take(&responses_by_force, &f.id)),
                                statuses: Some(take_where(&statuses_by_force, &f.id, |s| {
                                    rows(s.recommendation_id())
                                })),
                                history: Some(Records(
                                    (take_body(&history_by_body, &f.id, "force").0.into_iter())
                                        .filter(|h| rows(&h.recommendation_id))
                                        .collect(),
                                )),
                                ..self.empty_file(&url)
                            };
                            put(path, file);
                        }
                    });
                }
                RecordKind::Response => {
                    responses.par_iter().for_each(|r| {
                        let file = DataFile {
                            responses: Some(Records(vec![r])),
                            positions: Some(take(&positions_by_response, &r.id)),
                            ..self.empty_file(&r.url)
                        };
                        put(urls::response(&r.id), file);
                    });
                }
                RecordKind::Source => {
                    (sources.par_iter().zip(&self.view.sources)).for_each(|(s, view)| {
                        let file = DataFile {
                            sources: Some(Records(vec![s])),
                            ..self.empty_file(&s.url)
                        };
                        put(page(&view.url), file);
                    });
                }
                // A content page is prose: no records behind it.
                RecordKind::Page => {}
            }
        }
    }

    /// The data page: every file with its size, every column documented
    /// from the schema.
    fn data_page(&self, schema: &Value, sizes: &BTreeMap<String, usize>) -> ExtraPage {
        let base = &self.view.site.base_path;
        let file_info = |path: &str| {
            let size = sizes.get(path).copied().unwrap_or(0);
            DataFileInfo {
                url: format!("{base}{path}"),
                name: path.trim_start_matches(urls::DATA).to_string(),
                size: answerable_base::output::human_size(size as u64),
                bytes: size,
            }
        };
        let kinds: Vec<KindInfo> = KINDS
            .iter()
            .map(|k| KindInfo {
                name: k.name,
                title: k.title,
                description: k.description,
                json: file_info(&format!("{}{}.json", urls::DATA, k.name)),
                csv: file_info(&format!("{}{}.csv", urls::DATA, k.name)),
                columns: columns(schema, k.definition),
            })
            .collect();
        let data = DataPageInfo {
            all: file_info(&format!("{}all.json", urls::DATA)),
            schema: file_info(urls::DATA_SCHEMA),
            csvw: file_info(&format!("{}{}", urls::DATA, csvw::PATH)),
            kinds,
            envelope: columns_of_root(schema),
            feed: format!("{base}feed.xml"),
        };
        ExtraPage {
            output: format!("{}index.html", urls::DATA),
            template: "data.html",
            title: "Open data".to_string(),
            description: format!(
                "Download the data behind {} as JSON and CSV, with every column documented.",
                self.view.site.title
            ),
            path: urls::DATA.to_string(),
            kind: "data",
            values: vec![("data", serde_json::to_value(&data).expect("serialises"))],
        }
    }
}

/// The records in one group of [`grouped`].
fn take<'r, T>(groups: &HashMap<&str, Vec<&'r T>>, key: &str) -> Records<'r, T> {
    Records(group_of(groups, key).to_vec())
}

/// [`take`], keeping only the records `keep` picks.
fn take_where<'r, T>(
    groups: &HashMap<&str, Vec<&'r T>>,
    key: &str,
    keep: impl Fn(&T) -> bool,
) -> Records<'r, T> {
    Records(
        group_of(groups, key)
            .iter()
            .copied()
            .filter(|r| keep(r))
            .collect(),
    )
}

/// The recommendations (by id) each of a force's numbered pages shows, as
/// the pages divide its rows ([`ForceView::pages`]).
fn shown_on_pages(force: &ForceView) -> Vec<HashSet<String>> {
    (force.pages().into_iter())
        .map(|page| {
            (page.into_iter())
                .flat_map(|(group, rows)| &force.groups[group].rows[rows])
                .filter_map(|row| row.recommendation.record.as_ref())
                .map(|recommendation| recommendation.id())
                .collect()
        })
        .collect()
}

#[derive(Serialize)]
struct DataFileInfo {
    url: String,
    name: String,
    size: String,
    bytes: usize,
}

#[derive(Serialize)]
struct KindInfo {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    json: DataFileInfo,
    csv: DataFileInfo,
    columns: Vec<Column>,
}

#[derive(Serialize)]
struct DataPageInfo {
    all: DataFileInfo,
    schema: DataFileInfo,
    csvw: DataFileInfo,
    kinds: Vec<KindInfo>,
    envelope: Vec<Column>,
    feed: String,
}

/// The history entries about one force or ROCU (a force and a ROCU may
/// share an id).
fn take_body<'r>(
    groups: &HashMap<&str, Vec<&'r HistoryEntry>>,
    id: &str,
    kind: &str,
) -> Records<'r, HistoryEntry> {
    Records(
        group_of(groups, id)
            .iter()
            .copied()
            .filter(|h| h.body_kind == kind)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_other_text_is_kept() {
        for bad in ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise_formula(bad), format!("'{bad}"));
        }
        assert_eq!(neutralise_formula("a=b"), "a=b");
        assert_eq!(neutralise_formula(""), "");
    }

    #[test]
    fn csv_joins_lists_and_leaves_null_empty() {
        let columns = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let mut bytes = Vec::new();
        let mut csv = CsvWriter::new(&columns, &mut bytes);
        csv.row(&serde_json::json!({"a": ["x", "y"], "b": null, "c": "=cmd, \"q\""}));
        csv.finish().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{FEFF}a,b,c\r\nx; y,,\"'=cmd, \"\"q\"\"\"\r\n");
    }

    #[test]
    fn every_kind_has_documented_columns_in_the_schema() {
        let schema = schema_value("https://example.org/data/schema.json");
        assert_eq!(schema["$id"], "https://example.org/data/schema.json");
        for kind in &KINDS {
            let columns = columns(&schema, kind.definition);
            assert!(!columns.is_empty(), "{}", kind.name);
            for c in &columns {
                assert!(!c.description.is_empty(), "{}.{}", kind.name, c.name);
            }
            assert!(
                schema["properties"][kind.name].is_object(),
                "{} is not a field of the data file",
                kind.name
            );
        }
        let names: Vec<String> = columns(&schema, "Position")
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(&names[..3], ["response_id", "force_id", "inspection_id"]);
    }
}
