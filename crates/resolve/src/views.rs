//! The views: what each page is made from, as plain serialisable data. The
//! templates receive these (docs/theming.md lists the values), export and
//! search read them, and nothing in them is computed again downstream.

use std::collections::BTreeMap;
use std::sync::Arc;

use answerable_data::model::EntityRef;
use answerable_data::urls;
use answerable_markup::{Highlighting, markdown};
use serde::Serialize;

use crate::rules::DeadlineState;
use crate::tiles::TilePlace;

/// A link to another page.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
    /// The record it leads to, when it is one: what export, search and the
    /// charts match on, never the URL. Not a template value.
    #[serde(skip)]
    pub record: Option<EntityRef>,
}

impl Link {
    /// A link that is not to a record (an index, the search page).
    pub fn to_page(title: impl Into<String>, url: impl Into<String>) -> Self {
        Link {
            title: title.into(),
            url: url.into(),
            record: None,
        }
    }

    /// The plain id of the record it leads to (see [`EntityRef::plain_id`]).
    pub fn record_id(&self) -> Option<&str> {
        self.record.as_ref().and_then(EntityRef::plain_id)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub id: String,
    pub label: String,
    pub description: String,
}

/// The TOML a page was built from, for the "data behind this page" panel.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub file: String,
    pub line: usize,
    pub html: HighlightedToml,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quotation {
    pub text: String,
    /// The source paragraph it comes from (`…/sources/<slug>/#p12`).
    pub url: String,
    /// `url` with a text fragment (`#p12:~:text=…`) made from the source's
    /// own words, so that the browser highlights the passage.
    pub highlight_url: String,
    pub paragraph: usize,
    pub source: Link,
}

#[derive(Debug, Clone, Serialize)]
pub struct Deadline {
    /// The source's own words, e.g. "By March 2021".
    pub words: String,
    /// The date the deadline stands for, at its own precision, if known.
    pub date: Option<String>,
    pub iso: Option<String>,
    /// Passed, upcoming or unknown, as of the site's date.
    pub state: DeadlineState,
    pub approximate: bool,
    /// A sentence for readers, e.g. "Deadline passed: 31 March 2021".
    pub summary: String,
    /// The report's own deadline, where a revision is now in force.
    pub original: Option<String>,
    pub original_iso: Option<String>,
    /// The moves known on the site's date, oldest first.
    pub revisions: Vec<RevisionView>,
    /// "Due February 2022, revised to March 2023: 13 months late", where
    /// a revision is in force.
    pub slip: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Position {
    /// Its anchor on the response's page (`recommendation-4`).
    pub response_anchor: String,
    /// Its anchor on the recommendation's page (`force-essex`).
    pub recommendation_anchor: String,
    pub recommendation: Arc<Link>,
    pub recommendation_number: u32,
    pub recommendation_text: Arc<str>,
    pub force: Link,
    pub response: Link,
    pub stance: Arc<Term>,
    pub quote: Quotation,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PointView {
    pub topic: String,
    pub quote: Quotation,
    pub cause_of_concern: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub inspection: Link,
    pub force: Link,
    pub rocu: Link,
    pub author: String,
    pub role: String,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub reference: Option<String>,
    pub addressee: Option<String>,
    pub source: Link,
    pub summary_html: String,
    pub positions: Vec<Arc<Position>>,
    pub points: Vec<PointView>,
    /// Recommendations for forces or regions on which it takes no position.
    pub silent_on: Vec<Link>,
    pub timing: Option<String>,
    pub commentary_html: Option<String>,
    pub record: Record,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    /// The document that names them: a name is a fact about that
    /// document and its date, not about who holds the office now.
    pub source: Link,
    /// The naming document's date at its own precision ("7 April 2021"),
    /// if it has one.
    pub named_on: Option<String>,
    pub named_on_iso: Option<String>,
}

/// The recommendations of one inspection as they concern one force.
#[derive(Debug, Clone, Serialize)]
pub struct ForceGroup {
    pub inspection: Link,
    /// Whether forces' commissioners were expected to respond to it (not
    /// to an inspection of another body, such as the NCA).
    pub responses_expected: bool,
    pub rows: Vec<ForceRow>,
}

/// One recommendation as it concerns one force.
#[derive(Debug, Clone, Serialize)]
pub struct ForceRow {
    pub recommendation: Arc<Link>,
    pub number: u32,
    /// Whether the recommendation asks forces or regions to act. A row
    /// for one that does not is there because the force took a position
    /// on it anyway: a position on record is shown wherever it applies.
    pub asked: bool,
    pub text: Arc<str>,
    pub deadline: Arc<Deadline>,
    pub status: Arc<Term>,
    pub position: Option<Arc<Position>>,
    pub response: Option<Arc<Link>>,
    /// Where the force's delivery stands: the latest history entry about
    /// it known on the site's date, if any. Boxed: most rows have none,
    /// and inline it made every row 600 bytes.
    pub delivery: Option<Box<HistoryView>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForceView {
    pub id: String,
    pub name: String,
    pub url: String,
    pub rocu: Link,
    /// Where the sources doubt that its ROCU exists, what they say.
    pub rocu_status: Option<String>,
    pub source: Link,
    pub notes: Vec<String>,
    pub commissioner: Option<Person>,
    pub chief_constable: Option<Person>,
    pub responses: Vec<Link>,
    /// The page's first line: its responses, how many of the
    /// recommendations asked of it they answer, and what is open.
    pub answer: String,
    /// What it was asked, by inspection. Left out of what templates get as
    /// `force`: a force's list runs over several pages, and each page has
    /// its own part of it as `groups` (serialising every row for each page
    /// was most of the cost of a long force's pages).
    #[serde(skip_serializing)]
    pub groups: Vec<ForceGroup>,
    /// The recommendations asked of it and still open, overdue first.
    pub open: OpenList,
    pub commentary_html: Option<String>,
    pub record: Record,
}

#[derive(Debug, Clone, Serialize)]
pub struct RocuForce {
    pub force: Link,
    pub responses: Vec<Link>,
    pub positions: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RocuView {
    pub id: String,
    pub name: String,
    pub url: String,
    pub aliases: Vec<String>,
    pub region: String,
    pub established: Option<String>,
    /// Where the sources doubt that it exists, what they say.
    pub status: Option<String>,
    pub source: Link,
    pub notes: Vec<String>,
    pub forces: Vec<RocuForce>,
    pub forces_responded: usize,
    /// The recommendations asked of regions and still open for this one,
    /// overdue first.
    pub open: OpenList,
    pub commentary_html: Option<String>,
    pub record: Record,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cause {
    pub id: String,
    pub title: String,
    pub text: String,
    pub url: String,
    pub recommendations: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecommendationView {
    pub inspection: Link,
    pub number: u32,
    pub title: String,
    pub url: String,
    pub text: String,
    pub deadline: Deadline,
    pub addressees: Vec<String>,
    pub applies_to: Vec<String>,
    /// Who is only to be encouraged, not asked to act.
    pub encourages: Vec<String>,
    /// The report's words for which of them ("all relevant forces").
    pub asked_in_report: Option<String>,
    pub concerns_forces: bool,
    pub themes: Vec<String>,
    pub cause_of_concern: Option<Cause>,
    pub repeats: Vec<Link>,
    pub repeated_by: Vec<Link>,
    pub notes: Vec<String>,
    pub positions: Vec<Arc<Position>>,
    /// Every force asked to act, grouped by what is on record from it
    /// (a position, a response silent on it, no response), each group
    /// with its count; empty when no force is asked.
    pub asked: Vec<AskedGroup>,
    /// The page's first line: how many of the forces asked have answered.
    pub answer: Option<String>,
    /// Responses to the inspection that take no position on it.
    pub silent_responses: Vec<Link>,
    /// What has become of it, oldest first, as known on the site's date.
    pub history: Vec<HistoryView>,
    /// Where each body's delivery stands (the latest entry about each
    /// known on the site's date), in the order each was first named.
    pub deliveries: Vec<HistoryView>,
    pub commentary_html: Option<String>,
    pub record: Record,
}

impl RecommendationView {
    /// Whether it has a column in a response matrix: it asks forces or
    /// regions to act, or a force took a position on it anyway.
    pub fn in_matrix(&self) -> bool {
        self.concerns_forces || !self.positions.is_empty()
    }
}

/// The forces asked to act on a recommendation that share one status.
#[derive(Debug, Clone, Serialize)]
pub struct AskedGroup {
    pub status: Term,
    /// Each force, linked to its position on the page where it has one,
    /// else to its response, else to its own page.
    pub forces: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Window {
    /// "26 May 2025", or "between 28 March 2021 and 24 April 2021".
    pub due: String,
    pub approximate: bool,
    pub binding: bool,
    pub explanation: String,
    /// The duty's name ("the 56-day duty") and length, from
    /// `data/vocabulary.toml`.
    pub duty: String,
    pub days: u32,
    /// The legislation in `data/sources.toml` that the duty comes from:
    /// the one part of the site that is not from its documents.
    pub law: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InspectionView {
    pub id: String,
    pub title: String,
    /// The report gives itself no title; `title` is the site's description.
    pub untitled: bool,
    pub url: String,
    pub inspectorate: String,
    pub subject: String,
    pub published: Option<String>,
    pub published_iso: Option<String>,
    pub published_approximate: bool,
    pub fieldwork: Option<String>,
    pub section_55: &'static str,
    pub window: Option<Window>,
    pub source: Link,
    pub summary_html: String,
    pub causes_of_concern: Vec<Cause>,
    pub areas_for_improvement: Vec<Term>,
    pub recommendations: Vec<RecommendationView>,
    pub passed: usize,
    pub responses: Vec<Link>,
    pub responses_expected: bool,
    pub forces_without_response: Vec<Link>,
    pub commentary_html: Option<String>,
    pub record: Record,
}

/// A paragraph of a source document. Its label and anchors follow from
/// its numbers, so they are written out only when it is serialised (as
/// `label`, `id` and `also`): held as text, they were two strings for each
/// of the 920,000 paragraphs of a 100,000-page site.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// The number of its first block, which names it (`#p9`).
    pub number: usize,
    /// The number of its last block: more than `number` for a paragraph
    /// rebuilt from several.
    pub last: usize,
    pub text: Excerpt,
    pub quoted_by: Vec<Link>,
}

impl Paragraph {
    /// "9", or "9–10" for a paragraph rebuilt from blocks 9 and 10.
    pub fn label(&self) -> String {
        if self.number == self.last {
            self.number.to_string()
        } else {
            format!("{}–{}", self.number, self.last)
        }
    }

    /// Its anchor (`p9`).
    pub fn id(&self) -> String {
        urls::paragraph_anchor(self.number)
    }

    /// The anchors of its other blocks (`p10`), kept so that an address
    /// given before the paragraph was rebuilt still leads to it.
    pub fn also(&self) -> Vec<String> {
        (self.number + 1..=self.last)
            .map(urls::paragraph_anchor)
            .collect()
    }
}

impl Serialize for Paragraph {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut p = serializer.serialize_struct("Paragraph", 6)?;
        p.serialize_field("number", &self.number)?;
        p.serialize_field("label", &self.label())?;
        p.serialize_field("id", &self.id())?;
        p.serialize_field("also", &self.also())?;
        p.serialize_field("text", &self.text)?;
        p.serialize_field("quoted_by", &self.quoted_by)?;
        p.end()
    }
}

/// A record's TOML as its page shows it, highlighted: highlighted only
/// when the page is made (serialised), so that no view holds it (24.5 MB
/// of HTML at 10,000 pages, seven times the text). `serve` keeps what was
/// highlighted from build to build ([`Highlighting`]).
#[derive(Clone)]
pub struct HighlightedToml {
    pub(crate) text: Excerpt,
    pub(crate) highlighting: Arc<Highlighting>,
}

impl Serialize for HighlightedToml {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.highlighting.toml(&self.text))
    }
}

/// The text it highlights (the HTML follows from it alone).
impl std::fmt::Debug for HighlightedToml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("HighlightedToml")
            .field(&&*self.text)
            .finish()
    }
}

/// Part of a shared text, given to templates as that part alone: a
/// source's paragraphs point into the document's text, read once, rather
/// than copy it (23 MB at 10,000 pages).
#[derive(Debug, Clone)]
pub struct Excerpt {
    text: Arc<str>,
    range: std::ops::Range<usize>,
}

impl Excerpt {
    /// `range` must lie on character boundaries of `text`.
    pub fn new(text: Arc<str>, range: std::ops::Range<usize>) -> Self {
        assert!(
            text.get(range.clone()).is_some(),
            "an excerpt within its text"
        );
        Excerpt { text, range }
    }
}

impl std::ops::Deref for Excerpt {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text[self.range.clone()]
    }
}

impl Serialize for Excerpt {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub slug: String,
    pub file: String,
    pub url: String,
    pub raw_url: String,
    /// Where the document is published, where recorded: never guessed.
    pub published_at: Option<String>,
    pub title: String,
    /// The document gives itself no title; `title` is the site's description.
    pub untitled: bool,
    pub author: String,
    pub date: Option<String>,
    pub kind: &'static str,
    pub description: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub used_by: Vec<Link>,
    pub record: Record,
    /// The document's text, as read (shared with the dataset).
    #[serde(skip)]
    pub raw_text: Arc<str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub html: String,
    pub headings: Vec<markdown::Heading>,
    pub weight: Option<i64>,
}

/// Figures for the home page.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub inspections: usize,
    /// Every numbered recommendation, as the reports count them.
    pub recommendations: usize,
    /// Those made again in another report, linked to it (`repeats`): the
    /// same ask counted once.
    pub repeated: usize,
    pub recommendations_for_forces: usize,
    pub deadlines_passed: usize,
    pub forces: usize,
    pub forces_responded: usize,
    pub responses: usize,
    pub positions: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    pub base_path: String,
    pub language: String,
    pub publisher: String,
    /// Where readers report a mistake, if the site says.
    pub report_mistakes: Option<String>,
    pub as_of: String,
    pub as_of_iso: String,
    pub nav: Vec<Link>,
}

impl SiteInfo {
    /// An absolute URL from a path under the base path, as the views write
    /// them (`/repo/forces/x/` → `https://org.github.io/repo/forces/x/`),
    /// keeping any `#anchor`. Anything else (the address of legislation on
    /// legislation.gov.uk) is already absolute and stays as it is.
    pub fn absolute(&self, url: &str) -> String {
        match url.strip_prefix(&self.base_path) {
            Some(inside) => format!("{}/{inside}", self.base_url.trim_end_matches('/')),
            None => url.to_string(),
        }
    }
}

/// Everything the render stage needs. Each record's view is shared, so
/// that a rebuild can keep the views an edit did not touch
/// ([`crate::again`]) and a copy of the whole costs little.
#[derive(Debug, Clone)]
pub struct SiteView {
    pub site: SiteInfo,
    pub home_html: Option<String>,
    pub totals: Totals,
    pub inspections: Vec<Arc<InspectionView>>,
    pub rocus: Vec<Arc<RocuView>>,
    pub forces: Vec<Arc<ForceView>>,
    pub responses: Vec<Arc<ResponseView>>,
    pub sources: Vec<Arc<SourceView>>,
    pub pages: Vec<PageView>,
    pub stances: Vec<Term>,
    pub statuses: Vec<Term>,
    /// The delivery words (`[[delivery]]`), in the vocabulary's order.
    pub deliveries: Vec<Term>,
    /// Old addresses to keep alive (`redirect_from`).
    pub redirects: Vec<answerable_data::redirects::Redirect>,
    /// When each data file last changed, from git (`history`); empty when
    /// unknown.
    pub last_changed: BTreeMap<String, time::Date>,
    /// Where each force's tile sits on the force map (`data/tiles.toml`).
    pub tiles: Vec<TilePlace>,
}

impl SiteView {
    pub fn recommendations(&self) -> impl Iterator<Item = &RecommendationView> {
        self.inspections
            .iter()
            .flat_map(|i| i.recommendations.iter())
    }
}

/// Whose delivery a history entry is about: a force or ROCU, with its
/// page, or another body as the source names it.
#[derive(Debug, Clone, Serialize)]
pub struct BodyView {
    pub name: String,
    /// `force`, `rocu` or `other`.
    pub kind: &'static str,
    pub link: Option<Link>,
}

/// One dated entry of what has become of a recommendation.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    pub date: String,
    pub date_iso: String,
    pub body: BodyView,
    pub delivery: Term,
    /// Whether the recommendation stays open in this status.
    pub open: bool,
    /// `body`, `inspectorate`, `other` or `publisher`.
    pub asserted_by: &'static str,
    /// The body's own claim, never to be shown as an assessment.
    pub claim: bool,
    /// What kind of word it is, for readers: "Claim", "Inspectorate's
    /// assessment", "Another body's statement" or "This site's assessment".
    pub assertion: &'static str,
    /// Who says so, for readers: "Essex's own claim", "HMICFRS's assessment".
    pub who: String,
    /// Why, where this site makes the assessment.
    pub reasoning: Option<String>,
    pub quote: Quotation,
    pub note: Option<String>,
}

/// A move of a recommendation's deadline.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    pub date: String,
    pub date_iso: String,
    pub due: String,
    pub due_iso: String,
    pub due_text: String,
    pub set_by: String,
    pub reason: String,
    pub quote: Quotation,
    /// Whether this is the deadline in force on the site's date.
    pub in_force: bool,
}

/// A recommendation still open for a force or ROCU.
#[derive(Debug, Clone, Serialize)]
pub struct OpenItem {
    pub recommendation: Link,
    pub inspection: Link,
    pub text: Arc<str>,
    pub deadline: Arc<Deadline>,
    /// How long past the deadline in force, in words ("1 year and 9
    /// months"), when it has passed.
    pub overdue: Option<String>,
    /// Days past the deadline in force (0 when not overdue): the order.
    pub overdue_days: i64,
    pub delivery: Option<HistoryView>,
    /// Other open items on the same list that it repeats or that repeat
    /// it: the same ask, counted once.
    pub same_ask_as: Vec<Link>,
}

/// The recommendations still open for a force or ROCU.
#[derive(Debug, Clone, Serialize)]
pub struct OpenList {
    /// The [`OpenList::SHOWN`] most overdue: a page lists no more, and a
    /// force at 100,000 pages has thousands open.
    pub items: Vec<OpenItem>,
    /// Every open item, a repeated recommendation under each report.
    pub listed: usize,
    /// Distinct asks among them: a repeated recommendation counts once.
    pub count: usize,
    /// Of them all, those past the deadline in force.
    pub overdue: usize,
}

impl OpenList {
    /// How many items a page lists.
    pub const SHOWN: usize = 50;
}
