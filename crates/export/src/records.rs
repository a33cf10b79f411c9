//! The open data's record types: the one definition of every field.
//!
//! The JSON files serialise these, the CSV files take their columns (in
//! this order) from them, the JSON Schema is generated from them by
//! `schemars` (each doc comment becomes the field's `description`), and
//! the data page documents every column from that schema. So the docs, the
//! schema and the files cannot drift apart.
//!
//! Records are flat: text, numbers, true/false, empty (`null`) and lists of
//! text, so each one is also one CSV row.

use std::borrow::Cow;

use answerable_resolve::ForceRow;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};

/// Every JSON file the site publishes has this shape: the list of the data
/// files (`data/all.json`), one kind of record (`data/<kind>.json`), or the
/// records one page shows (`<page>/index.json`). A kind that is absent is not part of
/// that file; a kind that is present but empty has no records.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "answerable open data")]
pub struct DataFile<'a> {
    /// The site's title.
    pub site: String,
    /// The date the data is as of (YYYY-MM-DD): every `deadline_passed` and
    /// `deadline_state` compares with it.
    pub as_of: String,
    /// The address the site is published at.
    pub base_url: String,
    /// The page this file belongs to (the data page for the files in /data/).
    pub url: String,
    /// The JSON Schema this file follows.
    pub schema: String,
    /// There is no data licence: always `null` until the publisher declares one.
    pub licence: Option<String>,
    /// In `data/all.json` only: each kind of record, with where it is
    /// published as JSON and CSV. The whole dataset is those files
    /// together; `all.json` lists them rather than repeating them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<KindFiles>>,
    /// On the JSON of a force's page only: a force's recommendations are
    /// listed over numbered pages, and each page's JSON holds the rows
    /// that page shows; the force and its responses are in the first
    /// page's only. Which page this is, and where the others' JSON is.
    /// The whole list is in the files in /data/.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<ListPage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inspections: Option<Records<'a, Inspection>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendations: Option<Records<'a, Recommendation>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rocus: Option<Records<'a, Rocu>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forces: Option<Records<'a, Force>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responses: Option<Records<'a, Response>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positions: Option<Records<'a, Position<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statuses: Option<Records<'a, StatusRow<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Records<'a, Source>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Records<'a, HistoryEntry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_revisions: Option<Records<'a, DeadlineRevision>>,
}

impl<'a> DataFile<'a> {
    /// This envelope with the records of one kind from `all`
    /// (`data/<kind>.json`).
    pub fn with_kind_from(self, all: &DataFile<'a>, kind: &str) -> DataFile<'a> {
        let mut file = self;
        match kind {
            "inspections" => file.inspections = all.inspections.clone(),
            "recommendations" => file.recommendations = all.recommendations.clone(),
            "rocus" => file.rocus = all.rocus.clone(),
            "forces" => file.forces = all.forces.clone(),
            "responses" => file.responses = all.responses.clone(),
            "positions" => file.positions = all.positions.clone(),
            "statuses" => file.statuses = all.statuses.clone(),
            "sources" => file.sources = all.sources.clone(),
            "history" => file.history = all.history.clone(),
            "deadline_revisions" => file.deadline_revisions = all.deadline_revisions.clone(),
            other => unreachable!("no kind of record is called {other}"),
        }
        file
    }

    /// How many records of one kind the file holds.
    pub fn count(&self, kind: &str) -> usize {
        fn len<T>(records: &Option<Records<'_, T>>) -> usize {
            records.as_ref().map_or(0, |r| r.0.len())
        }
        match kind {
            "inspections" => len(&self.inspections),
            "recommendations" => len(&self.recommendations),
            "rocus" => len(&self.rocus),
            "forces" => len(&self.forces),
            "responses" => len(&self.responses),
            "positions" => len(&self.positions),
            "statuses" => len(&self.statuses),
            "sources" => len(&self.sources),
            "history" => len(&self.history),
            "deadline_revisions" => len(&self.deadline_revisions),
            other => unreachable!("no kind of record is called {other}"),
        }
    }

    /// Gives each record of one kind, as a JSON object, to `row`: one at a
    /// time, so that the CSV of even the largest kind never needs all of
    /// them as JSON at once.
    pub fn each_record(&self, kind: &str, mut row: impl FnMut(serde_json::Value)) {
        fn each<T: Serialize>(
            records: &Option<Records<'_, T>>,
            row: &mut impl FnMut(serde_json::Value),
        ) {
            for record in records.iter().flat_map(|r| &r.0) {
                row(serde_json::to_value(record).expect("records serialise"));
            }
        }
        match kind {
            "inspections" => each(&self.inspections, &mut row),
            "recommendations" => each(&self.recommendations, &mut row),
            "rocus" => each(&self.rocus, &mut row),
            "forces" => each(&self.forces, &mut row),
            "responses" => each(&self.responses, &mut row),
            "positions" => each(&self.positions, &mut row),
            "statuses" => each(&self.statuses, &mut row),
            "sources" => each(&self.sources, &mut row),
            "history" => each(&self.history, &mut row),
            "deadline_revisions" => each(&self.deadline_revisions, &mut row),
            other => unreachable!("no kind of record is called {other}"),
        }
    }
}

/// Which of a list's numbered pages a file is for (see [`DataFile::page`]).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ListPage {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the list has.
    pub of: usize,
    /// The first page's JSON.
    pub first: String,
    /// The page before's JSON; `null` on the first page.
    pub previous: Option<String>,
    /// The next page's JSON; `null` on the last page.
    pub next: Option<String>,
}

/// One kind of record's files, as `data/all.json` lists them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KindFiles {
    /// The kind, as in the other files' lists (`recommendations`).
    pub kind: String,
    /// How many records of the kind there are.
    pub records: usize,
    /// Its JSON file's address.
    pub json: String,
    /// Its CSV file's address.
    pub csv: String,
}

/// Records in a data file, borrowed from the one list of them all: every
/// file is serialised from the same records without copying them. In JSON
/// and in the schema it is a plain list.
#[derive(Debug, Clone)]
pub struct Records<'a, T>(pub Vec<&'a T>);

impl<'a, T> Records<'a, T> {
    pub fn all(records: &'a [T]) -> Self {
        Records(records.iter().collect())
    }
}

impl<T: Serialize> Serialize for Records<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(&self.0)
    }
}

impl<T: JsonSchema> JsonSchema for Records<'_, T> {
    fn inline_schema() -> bool {
        <Vec<T>>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        <Vec<T>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <Vec<T>>::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Vec<T>>::json_schema(generator)
    }
}

/// An inspection report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Inspection {
    /// The inspection's id, as in its page address.
    pub id: String,
    /// The report's title; when untitled is true, a description written for this site.
    pub title: String,
    /// True when the report gives itself no title.
    pub untitled: bool,
    /// The inspection's page.
    pub url: String,
    /// Who inspected.
    pub inspectorate: String,
    /// What was inspected.
    pub subject: String,
    /// Publication date at the precision the source gives (YYYY, YYYY-MM or YYYY-MM-DD); empty if unknown.
    pub published: Option<String>,
    /// `day`, `month` or `year`: how precisely the publication date is known; empty if unknown.
    pub published_precision: Option<String>,
    /// When the fieldwork took place, in the source's words.
    pub fieldwork: Option<String>,
    /// Whether commissioners' 56-day duty to comment (Police Act 1996, s.55) applies: `applies`, `unsettled` or `not-applicable`.
    pub section_55: String,
    /// When comments would be due under the 56-day duty (a day, or a range when the publication date is known only to the month); empty when it does not apply or the date is unknown.
    pub comments_due: Option<String>,
    /// Ids of its recommendations (`<inspection id>/<number>`).
    pub recommendation_ids: Vec<String>,
    /// How many of its recommendations' deadlines had passed on the `as_of` date.
    pub deadlines_passed: u32,
    /// Ids of the published responses to it on record.
    pub response_ids: Vec<String>,
    /// Ids of forces with no published response to it on record (empty when responses are not expected).
    pub forces_without_response: Vec<String>,
    /// The source document (file name) the record is taken from.
    pub source_file: String,
    /// The source document's page.
    pub source_url: String,
    /// The data file in the site's repository the record is written in.
    pub data_file: String,
}

/// A numbered recommendation of an inspection.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Recommendation {
    /// `<inspection id>/<number>`.
    pub id: String,
    /// The inspection it belongs to.
    pub inspection_id: String,
    /// Its number in the report.
    pub number: u32,
    /// The recommendation's page.
    pub url: String,
    /// The recommendation, in the report's words.
    pub text: String,
    /// The deadline in the report's words, e.g. "By March 2021".
    pub due_text: String,
    /// The deadline in force on the `as_of` date, at the precision its source gives (YYYY, YYYY-MM or YYYY-MM-DD; for "with immediate effect", the publication date); empty if no date is known. Where it was revised, `original_due` has the report's.
    pub due: Option<String>,
    /// `day`, `month` or `year`: how precisely the deadline is known; empty if no date is known.
    pub due_precision: Option<String>,
    /// The last day the deadline can stand for (YYYY-MM-DD): a deadline of "March 2021" ends on 2021-03-31.
    pub due_last_day: Option<String>,
    /// The report's own deadline, where a revision (in `deadline_revisions`) is in force on the `as_of` date; otherwise empty.
    pub original_due: Option<String>,
    /// How the deadline moved, as the page says it ("Due February 2022, revised to March 2023: 13 months late"); empty if it has not.
    pub deadline_slip: Option<String>,
    /// `passed`, `upcoming` or `unknown`, as of the `as_of` date.
    pub deadline_state: String,
    /// Whether the deadline had passed on the `as_of` date; empty when the date is unknown.
    pub deadline_passed: Option<bool>,
    /// The deadline as a sentence, as the page shows it.
    pub deadline_summary: String,
    /// Who the report addresses it to, in its words.
    pub addressees: Vec<String>,
    /// Who must act: `national`, `regions`, `forces`.
    pub applies_to: Vec<String>,
    /// Who is only to be encouraged, not asked to act: `national`, `regions`, `forces`.
    pub encourages: Vec<String>,
    /// The report's own words for which of them, e.g. "all relevant forces".
    pub asked_in_report: Option<String>,
    /// Whether forces (or regions, and so forces through their ROCU) must act.
    pub concerns_forces: bool,
    /// Themes it is filed under.
    pub themes: Vec<String>,
    /// The id of the cause of concern it answers, if any.
    pub cause_of_concern: Option<String>,
    /// Ids of earlier recommendations it repeats.
    pub repeats: Vec<String>,
    /// Ids of later recommendations that repeat it.
    pub repeated_by: Vec<String>,
    /// How many published responses take a position on it.
    pub positions: u32,
    /// How many entries of its history are known on the `as_of` date (rows of `history`).
    pub history_entries: u32,
    /// Ids of responses to its inspection that take no position on it.
    pub silent_response_ids: Vec<String>,
    /// The source document (file name) the record is taken from.
    pub source_file: String,
    /// The source document's page.
    pub source_url: String,
    /// The data file in the site's repository the record is written in.
    pub data_file: String,
}

/// A regional organised crime unit.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Rocu {
    /// The ROCU's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The ROCU's page.
    pub url: String,
    /// Other names it goes by.
    pub aliases: Vec<String>,
    /// The region it serves.
    pub region: String,
    /// When it was established, in the source's words; where sources disagree, what each says.
    pub established: Option<String>,
    /// Where the sources doubt that the ROCU exists, what they say; empty otherwise.
    pub status: Option<String>,
    /// Ids of the forces it serves.
    pub force_ids: Vec<String>,
    /// How many of those forces have a published response on record.
    pub forces_responded: u32,
    /// The source document (file name) the record is taken from.
    pub source_file: String,
    /// The source document's page.
    pub source_url: String,
    /// The data file in the site's repository the record is written in.
    pub data_file: String,
}

/// A police force.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Force {
    /// The force's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The force's page.
    pub url: String,
    /// The Atom feed that follows this force.
    pub feed_url: String,
    /// The id of its ROCU.
    pub rocu_id: String,
    /// The commissioner named in commissioner_source_file, as of that document's date: not necessarily who holds the office now.
    pub commissioner: Option<String>,
    /// The commissioner's role, as the source gives it.
    pub commissioner_role: Option<String>,
    /// The source document (file name) that names the commissioner.
    pub commissioner_source_file: Option<String>,
    /// The date of that document (YYYY-MM-DD, or YYYY-MM, or YYYY); empty when it is undated.
    pub commissioner_named_on: Option<String>,
    /// The chief constable named in chief_constable_source_file, as of that document's date: not necessarily who holds the office now.
    pub chief_constable: Option<String>,
    /// The source document (file name) that names the chief constable.
    pub chief_constable_source_file: Option<String>,
    /// The date of that document; empty when it is undated.
    pub chief_constable_named_on: Option<String>,
    /// Ids of its published responses on record.
    pub response_ids: Vec<String>,
    /// The source document (file name) the record is taken from.
    pub source_file: String,
    /// The source document's page.
    pub source_url: String,
    /// The data file in the site's repository the record is written in.
    pub data_file: String,
}

/// A commissioner's published response to an inspection.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Response {
    /// The response's id.
    pub id: String,
    /// The response's page.
    pub url: String,
    /// The response's title, as the site shows it.
    pub title: String,
    /// The inspection it responds to.
    pub inspection_id: String,
    /// The force whose commissioner published it.
    pub force_id: String,
    /// The force's ROCU.
    pub rocu_id: String,
    /// Who wrote it.
    pub author: String,
    /// The author's role.
    pub role: String,
    /// Its date at the precision the source gives (YYYY, YYYY-MM or YYYY-MM-DD); empty if undated.
    pub date: Option<String>,
    /// `day`, `month` or `year`: how precisely the date is known; empty if undated.
    pub date_precision: Option<String>,
    /// The letter's reference, if it has one.
    pub reference: Option<String>,
    /// Who it is addressed to.
    pub addressee: Option<String>,
    /// How many recommendations it takes a position on.
    pub positions: u32,
    /// Ids of recommendations for forces or regions on which it takes no position.
    pub silent_on: Vec<String>,
    /// Its date against the 56-day window for comments, as the page shows it.
    pub timing: Option<String>,
    /// The source document (file name) the record is taken from.
    pub source_file: String,
    /// The source document's page.
    pub source_url: String,
    /// The data file in the site's repository the record is written in.
    pub data_file: String,
}

/// What one response says about one recommendation, with the quotation
/// that supports it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Position<'a> {
    /// The response that takes the position.
    pub response_id: Shared,
    /// The force whose commissioner published the response.
    pub force_id: Shared,
    /// The inspection of the recommendation.
    pub inspection_id: Shared,
    /// `<inspection id>/<number>`.
    pub recommendation_id: Shared,
    /// The recommendation's number.
    pub recommendation_number: u32,
    /// The stance's id (see the vocabulary on the responses page).
    pub stance: Shared,
    /// The stance as the site words it. It is the body's own claim, not an assessment.
    pub stance_label: Shared,
    /// The response's words, quoted exactly from its source document.
    pub quote: &'a str,
    /// A note by the site's editors, if any.
    pub note: Option<&'a str>,
    /// The source document (file name) the quotation comes from.
    pub source_file: Shared,
    /// The paragraph of the source document the quotation is in (from 1).
    pub source_paragraph: u32,
    /// The paragraph's anchor on the source document's page.
    pub source_anchor: String,
    /// The paragraph's address.
    pub source_url: String,
    /// The response's page.
    pub url: Shared,
    /// The recommendation's page.
    pub recommendation_url: Shared,
}

/// Text that many records hold alike (a response's id and address, on
/// each of its positions; a stance's words): one allocation, shared.
pub type Shared = std::sync::Arc<str>;

/// Where one force stands on one recommendation: one row per force and
/// recommendation.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Status<'s> {
    /// The force.
    pub force_id: &'s str,
    /// The inspection of the recommendation.
    pub inspection_id: &'s str,
    /// `<inspection id>/<number>`.
    pub recommendation_id: &'s str,
    /// The recommendation's number.
    pub recommendation_number: u32,
    /// `position-recorded`, `no-position` (a response is on record but says nothing on it), `no-response` (no response to the inspection is on record) or `not-applicable` (the recommendation is for national bodies only; there is a row for it only where the force took a position on it).
    pub status: &'s str,
    /// The status as the site words it.
    pub status_label: &'s str,
    /// The stance's id, when a position is recorded.
    pub stance: Option<&'s str>,
    /// The force's response to the inspection, if one is on record.
    pub response_id: Option<&'s str>,
    /// `passed`, `upcoming` or `unknown`, as of the `as_of` date.
    pub deadline_state: &'s str,
    /// Whether the recommendation's deadline had passed on the `as_of` date; empty when the date is unknown.
    pub deadline_passed: Option<bool>,
    /// Where the force's delivery stands on the `as_of` date: the delivery id of its latest history entry; empty where no entry names the force. Derived from `history`, never typed.
    pub delivery: Option<&'s str>,
    /// Who says so: `body` (the force's own claim), `inspectorate`, `other` or `publisher`.
    pub delivery_asserted_by: Option<&'s str>,
    /// The date of that entry, at its source's precision.
    pub delivery_date: Option<&'s str>,
    /// Whether the recommendation is open for the force: asked of it and not in a closed delivery status (a claim to be done leaves it open). Empty where it is not asked of forces.
    pub open: Option<bool>,
    /// The force's page.
    pub url: &'s str,
    /// The recommendation's page.
    pub recommendation_url: &'s str,
}

/// What every status row of one force says alike, made once.
#[derive(Debug)]
pub struct StatusOfForce {
    pub id: String,
    pub url: String,
}

/// What every status row of one recommendation says alike, made once.
#[derive(Debug)]
pub struct StatusOfRecommendation {
    pub inspection_id: String,
    pub recommendation_id: String,
    pub number: u32,
    pub deadline_state: String,
    pub deadline_passed: Option<bool>,
    pub recommendation_url: String,
}

/// What one [`Status`] is made from, kept in its place: the row is made
/// when it is written, borrowing every text. At 100,000 pages the 452,000
/// rows held as records were 160 MB of the export's memory.
#[derive(Debug, Clone, Copy)]
pub struct StatusRow<'e> {
    pub force: &'e StatusOfForce,
    pub recommendation: &'e StatusOfRecommendation,
    /// The force's row on its page, if the recommendation has one there.
    pub row: Option<&'e ForceRow>,
    pub status: &'e str,
    pub status_label: &'e str,
}

impl<'e> StatusRow<'e> {
    pub fn force_id(&self) -> &'e str {
        &self.force.id
    }

    pub fn recommendation_id(&self) -> &'e str {
        &self.recommendation.recommendation_id
    }

    pub fn status(&self) -> Status<'e> {
        let (row, r) = (self.row, self.recommendation);
        let delivery = row.and_then(|row| row.delivery.as_deref());
        Status {
            force_id: &self.force.id,
            inspection_id: &r.inspection_id,
            recommendation_id: &r.recommendation_id,
            recommendation_number: r.number,
            status: self.status,
            status_label: self.status_label,
            stance: (row.and_then(|row| row.position.as_deref())).map(|p| p.stance.id.as_str()),
            response_id: (row.and_then(|row| row.response.as_deref())).and_then(|l| l.record_id()),
            deadline_state: &r.deadline_state,
            deadline_passed: r.deadline_passed,
            delivery: delivery.map(|d| d.delivery.id.as_str()),
            delivery_asserted_by: delivery.map(|d| d.asserted_by),
            delivery_date: delivery.map(|d| d.date_iso.as_str()),
            open: (row.filter(|row| row.asked)).map(|_| delivery.is_none_or(|d| d.open)),
            url: &self.force.url,
            recommendation_url: &r.recommendation_url,
        }
    }
}

impl Serialize for StatusRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.status().serialize(serializer)
    }
}

/// A row's schema is its [`Status`]'s.
impl JsonSchema for StatusRow<'_> {
    fn inline_schema() -> bool {
        Status::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        Status::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        Status::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Status::json_schema(generator)
    }
}

/// A source document records are taken from, kept unchanged.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Source {
    /// The file name (for legislation, which is not kept on the site, its id); records' `source_file` refers to it.
    pub file: String,
    /// The document's title; when untitled is true, a description written for this site.
    pub title: String,
    /// True when the document gives itself no title.
    pub untitled: bool,
    /// Who wrote it.
    pub author: String,
    /// Its date, as the site shows it.
    pub date: Option<String>,
    /// `report` or `response`.
    pub kind: String,
    /// What it is.
    pub description: Option<String>,
    /// How many paragraphs it has (quotations point at them by number).
    pub paragraphs: u32,
    /// The document's page, one anchor per paragraph.
    pub url: String,
    /// The document's text, byte for byte as kept; for legislation, where it is published.
    pub text_url: String,
    /// Where the document is published, where recorded; empty otherwise (never guessed).
    pub published_at: Option<String>,
    /// The data file in the site's repository the record is written in.
    pub data_file: String,
}

/// One dated entry of what has become of a recommendation, for one body:
/// one row per entry known on the `as_of` date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct HistoryEntry {
    /// `<inspection id>/<number>`.
    pub recommendation_id: String,
    /// The inspection of the recommendation.
    pub inspection_id: String,
    /// The recommendation's number.
    pub recommendation_number: u32,
    /// When it was said, at the precision the source gives (YYYY, YYYY-MM or YYYY-MM-DD).
    pub date: String,
    /// `day`, `month` or `year`.
    pub date_precision: String,
    /// `force`, `rocu` or `other` (a body with no page here).
    pub body_kind: String,
    /// The force's or ROCU's id; empty for another body.
    pub body_id: Option<String>,
    /// The body's name.
    pub body_name: String,
    /// The delivery status's id, from the site's vocabulary.
    pub delivery: String,
    /// The delivery status as the site words it.
    pub delivery_label: String,
    /// Whether the recommendation stays open in this status.
    pub open: bool,
    /// Who says so: `body` (the body's own claim, never an assessment), `inspectorate`, `other` (another named body) or `publisher` (this site's assessment, with `reasoning`).
    pub asserted_by: String,
    /// Who says so, as the page words it.
    pub asserter: String,
    /// Why, where the publisher makes the assessment.
    pub reasoning: Option<String>,
    /// True for the latest entry about its body known on the `as_of` date: the one its current status comes from.
    pub current: bool,
    /// The exact words of the source.
    pub quote: String,
    /// Context, where the entry has it.
    pub note: Option<String>,
    /// The source document's file name.
    pub source_file: String,
    /// The paragraph of the source the quotation is in.
    pub source_paragraph: u32,
    /// The paragraph's address.
    pub source_url: String,
    /// The recommendation's page.
    pub recommendation_url: String,
}

/// A move of a recommendation's deadline: one row per revision known on
/// the `as_of` date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DeadlineRevision {
    /// `<inspection id>/<number>`.
    pub recommendation_id: String,
    /// The inspection of the recommendation.
    pub inspection_id: String,
    /// When the deadline was moved, at the precision the source gives.
    pub date: String,
    /// The new deadline, at the precision the source gives.
    pub due: String,
    /// The last day the new deadline can stand for (YYYY-MM-DD).
    pub due_last_day: Option<String>,
    /// The source's words for it.
    pub due_text: String,
    /// Who moved it, as the source names them.
    pub set_by: String,
    /// Why, as the source gives it.
    pub reason: String,
    /// True for the revision in force on the `as_of` date.
    pub in_force: bool,
    /// The exact words of the source.
    pub quote: String,
    /// The source document's file name.
    pub source_file: String,
    /// The paragraph's address.
    pub source_url: String,
    /// The recommendation's page.
    pub recommendation_url: String,
}

/// One kind of record: its name in the files, the type's name in the
/// schema's `$defs`, and what it is, for the data page.
pub struct Kind {
    pub name: &'static str,
    pub definition: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

/// The kinds, in the order the files and the data page list them.
pub const KINDS: [Kind; 10] = [
    Kind {
        name: "inspections",
        definition: "Inspection",
        title: "Inspections",
        description: "One row per inspection report.",
    },
    Kind {
        name: "recommendations",
        definition: "Recommendation",
        title: "Recommendations",
        description: "One row per numbered recommendation, with its deadline judged against the as-of date.",
    },
    Kind {
        name: "rocus",
        definition: "Rocu",
        title: "Regional organised crime units",
        description: "One row per ROCU.",
    },
    Kind {
        name: "forces",
        definition: "Force",
        title: "Police forces",
        description: "One row per police force.",
    },
    Kind {
        name: "responses",
        definition: "Response",
        title: "Responses",
        description: "One row per published response of a commissioner to an inspection.",
    },
    Kind {
        name: "positions",
        definition: "Position",
        title: "Positions",
        description: "One row per position a response takes on a recommendation, with the exact quotation and the source paragraph it is in.",
    },
    Kind {
        name: "statuses",
        definition: "Status",
        title: "Force statuses",
        description: "One row per force and recommendation: whether a position, a response with no position, or no response is on record, or the recommendation is not for forces.",
    },
    Kind {
        name: "sources",
        definition: "Source",
        title: "Source documents",
        description: "One row per source document.",
    },
    Kind {
        name: "history",
        definition: "HistoryEntry",
        title: "History",
        description: "One row per dated entry of what has become of a recommendation for one body, with who says so (a body's claim or someone's assessment), the exact quotation and its source.",
    },
    Kind {
        name: "deadline_revisions",
        definition: "DeadlineRevision",
        title: "Deadline revisions",
        description: "One row per move of a recommendation's deadline: the new date, who set it, why, and the source.",
    },
];
