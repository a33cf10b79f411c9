//! The domain model: plain data read from `site.toml`, `data/`, `content/` and
//! `seeds/`.
//!
//! Invariant: nothing here knows about HTML, templates or the file system.
//! Records remember where they came from (`Origin`) so that later stages can
//! point an editor at the exact line, and show the record's own text.

use crate::dates::PartialDate;
use std::ops::Range;

/// Where a record or value was written: a file (relative to the site root)
/// and a byte range in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub span: Range<usize>,
}

/// A value together with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Located<T> {
    pub fn get(&self) -> &T {
        &self.value
    }
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    pub language: String,
    pub publisher: String,
    /// Where readers report a mistake, if the site says.
    pub report_mistakes: Option<String>,
    pub as_of: time::Date,
    /// The most the host publishes, in bytes (`site-size`).
    pub host_size_limit: u64,
    /// Whether every page is minified as it is written (`minify_html`).
    pub minify_html: bool,
    /// Warnings (by name) this site does not want to hear about.
    pub allowed_warnings: Vec<String>,
}

impl SiteConfig {
    /// The path part of the base URL, always starting and ending with `/`
    /// (`/` for a root site, `/repo/` for a GitHub Pages project site).
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        }
    }
}

/// An entry of a controlled vocabulary (a stance or a status).
#[derive(Debug, Clone)]
pub struct Term {
    pub id: Located<String>,
    pub label: String,
    pub description: String,
}

#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub stances: Vec<Term>,
    pub statuses: Vec<Term>,
    pub deliveries: Vec<DeliveryTerm>,
    pub duties: Vec<Duty>,
}

impl Vocabulary {
    pub fn delivery(&self, id: &str) -> Option<&DeliveryTerm> {
        self.deliveries.iter().find(|d| d.term.id.value == id)
    }

    /// The duty an inspection names, or the vocabulary's only one.
    pub fn duty_of(&self, inspection: &Inspection) -> Option<&Duty> {
        match &inspection.duty {
            Some(id) => self.duties.iter().find(|d| d.id.value == id.value),
            None if self.duties.len() == 1 => self.duties.first(),
            None => None,
        }
    }
}

/// A delivery status: what has become of a recommendation.
#[derive(Debug, Clone)]
pub struct DeliveryTerm {
    pub term: Term,
    /// Whether the recommendation is still open in this status.
    pub open: bool,
}

/// Which day of a duty's window is day 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOne {
    Publication,
    DayAfterPublication,
}

/// A duty to publish comments within a number of days of a report: the
/// clock a regime sets, kept as data so that another can be added.
#[derive(Debug, Clone)]
pub struct Duty {
    pub id: Located<String>,
    pub name: String,
    pub days: u32,
    pub counted_from: DayOne,
    /// The id of the legislation in `data/sources.toml`, if it is listed.
    pub law: Option<Located<String>>,
    pub description: String,
}

impl Duty {
    /// How many days after publication the window's last day falls.
    pub fn last_day_offset(&self) -> i64 {
        let days = i64::from(self.days);
        match self.counted_from {
            DayOne::Publication => days - 1,
            DayOne::DayAfterPublication => days,
        }
    }
}

/// Who says what has become of a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssertedBy {
    /// The body itself: a claim, never shown as an assessment.
    Body,
    /// The inspectorate that made the recommendation.
    Inspectorate,
    /// Another body, named in the entry.
    Other,
    /// The site's publisher, with its reasoning.
    Publisher,
}

impl AssertedBy {
    pub fn id(self) -> &'static str {
        match self {
            AssertedBy::Body => "body",
            AssertedBy::Inspectorate => "inspectorate",
            AssertedBy::Other => "other",
            AssertedBy::Publisher => "publisher",
        }
    }
}

/// Whose delivery a history entry is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Body {
    Force(String),
    Rocu(String),
    /// A body with no page here, as the source names it.
    Named(String),
}

impl Body {
    /// Reads `force:<id>`, `rocu:<id>` or a name.
    pub fn parse(text: &str) -> Body {
        match text.split_once(':') {
            Some(("force", id)) => Body::Force(id.to_string()),
            Some(("rocu", id)) => Body::Rocu(id.to_string()),
            _ => Body::Named(text.to_string()),
        }
    }
}

/// One change in what has become of a recommendation, for one body.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub date: PartialDate,
    pub body: Located<Body>,
    pub delivery: Located<String>,
    pub asserted_by: AssertedBy,
    /// Who, where `asserted_by` is `Other`.
    pub asserter: Option<Located<String>>,
    /// Why, where `asserted_by` is `Publisher`.
    pub reasoning: Option<Located<String>>,
    pub source: Located<String>,
    pub quote: Located<String>,
    pub note: Option<String>,
    pub origin: Origin,
}

/// A recommendation's deadline moved.
#[derive(Debug, Clone)]
pub struct DeadlineRevision {
    pub date: PartialDate,
    pub due: PartialDate,
    pub due_text: String,
    pub set_by: String,
    pub reason: String,
    pub source: Located<String>,
    pub quote: Located<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Report,
    Response,
    /// The law, cited where the site relies on it (the 56-day duty). Not
    /// kept in `seeds/`: its page links to where it is published.
    Legislation,
}

/// A document in `seeds/` that records are taken from.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// File name in `seeds/`, e.g. `002_682a47d598012fc3.txt`.
    pub file: Located<String>,
    pub title: String,
    /// The document gives itself no title; `title` describes it.
    pub untitled: bool,
    /// Where legislation is published; documents in `seeds/` have none.
    pub url: Option<String>,
    pub author: String,
    pub date: Option<PartialDate>,
    pub kind: SourceKind,
    pub description: Option<String>,
    /// Where the document is published, where recorded.
    pub published_at: Option<Located<String>>,
    /// The document's text; `None` when the file is missing (an error).
    pub text: Option<std::sync::Arc<str>>,
    pub origin: Origin,
}

impl SourceDoc {
    /// The id used in URLs: the file name without `.txt`.
    pub fn slug(&self) -> &str {
        self.file
            .value
            .strip_suffix(".txt")
            .unwrap_or(&self.file.value)
    }
}

#[derive(Debug, Clone)]
pub struct Rocu {
    pub id: Located<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub region: String,
    pub established: Option<String>,
    /// Where the sources doubt that it exists, what they say.
    pub status: Option<String>,
    pub source: Located<String>,
    pub notes: Vec<String>,
    /// Earlier addresses of its page (`redirect_from`), each to be
    /// redirected to the page: paths under the base path, e.g. `forces/old/`.
    pub redirect_from: Vec<Located<String>>,
    pub origin: Origin,
}

/// A named office holder, recorded only where a source names them.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    pub source: Located<String>,
}

#[derive(Debug, Clone)]
pub struct Force {
    pub id: Located<String>,
    pub name: String,
    pub rocu: Located<String>,
    pub source: Located<String>,
    pub notes: Vec<String>,
    pub commissioner: Option<Person>,
    pub chief_constable: Option<Person>,
    /// Earlier addresses of its page (`redirect_from`), each to be
    /// redirected to the page: paths under the base path, e.g. `forces/old/`.
    pub redirect_from: Vec<Located<String>>,
    pub origin: Origin,
}

/// Whether commissioners' duty to publish comments within 56 days
/// (Police Act 1996, s.55) applies to a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section55 {
    Applies,
    Unsettled,
    NotApplicable,
}

/// Who must act on a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Actor {
    National,
    Regions,
    Forces,
}

impl Actor {
    pub fn id(self) -> &'static str {
        match self {
            Actor::National => "national",
            Actor::Regions => "regions",
            Actor::Forces => "forces",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Actor::National => "national bodies",
            Actor::Regions => "regions (ROCUs)",
            Actor::Forces => "forces",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    By(PartialDate),
    /// "With immediate effect": due on the report's publication.
    Immediate,
}

#[derive(Debug, Clone)]
pub struct CauseOfConcern {
    pub id: Located<String>,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct AreaForImprovement {
    pub id: Located<String>,
    pub text: String,
}

/// A reference to a recommendation by inspection id and number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecommendationKey {
    pub inspection: String,
    pub number: u32,
}

impl RecommendationKey {
    /// Parses `inspection-id/number`.
    pub fn parse(text: &str) -> Option<Self> {
        let (inspection, number) = text.rsplit_once('/')?;
        Some(RecommendationKey {
            inspection: inspection.to_string(),
            number: number.parse().ok().filter(|n| *n > 0)?,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Recommendation {
    pub number: Located<u32>,
    pub text: String,
    pub due: Option<Due>,
    pub due_text: String,
    pub addressees: Vec<String>,
    /// Who must act.
    pub applies_to: Vec<Actor>,
    /// Who is only to be encouraged, not asked to act.
    pub encourages: Vec<Actor>,
    /// The report's words for which of them ("all relevant forces").
    pub asked_in_report: Option<String>,
    pub themes: Vec<String>,
    pub cause_of_concern: Option<Located<String>>,
    pub repeats: Vec<Located<String>>,
    pub notes: Vec<String>,
    /// What has become of it, in the order written.
    pub history: Vec<HistoryEntry>,
    /// Each move of its deadline, in the order written.
    pub revisions: Vec<DeadlineRevision>,
    /// Earlier addresses of its page (`redirect_from`), each to be
    /// redirected to the page: paths under the base path, e.g. `forces/old/`.
    pub redirect_from: Vec<Located<String>>,
    pub origin: Origin,
}

impl Recommendation {
    /// True when forces or regions (and so forces through their ROCU) must act.
    pub fn concerns_forces(&self) -> bool {
        self.applies_to
            .iter()
            .any(|a| matches!(a, Actor::Forces | Actor::Regions))
    }
}

#[derive(Debug, Clone)]
pub struct Inspection {
    pub id: Located<String>,
    pub title: String,
    /// The report gives itself no title; `title` describes it.
    pub untitled: bool,
    pub inspectorate: String,
    pub subject: String,
    pub published: Option<PartialDate>,
    pub fieldwork: Option<String>,
    pub section_55: Section55,
    /// The duty it names, if it names one (`Vocabulary::duty_of`).
    pub duty: Option<Located<String>>,
    pub source: Located<String>,
    /// Markdown.
    pub summary: Located<String>,
    pub causes_of_concern: Vec<CauseOfConcern>,
    pub areas_for_improvement: Vec<AreaForImprovement>,
    pub recommendations: Vec<Recommendation>,
    /// Earlier addresses of its page (`redirect_from`), each to be
    /// redirected to the page: paths under the base path, e.g. `forces/old/`.
    pub redirect_from: Vec<Located<String>>,
    pub origin: Origin,
}

impl Inspection {
    pub fn recommendation(&self, number: u32) -> Option<&Recommendation> {
        self.recommendations
            .iter()
            .find(|r| r.number.value == number)
    }
}

/// What a response says about one recommendation.
#[derive(Debug, Clone)]
pub struct Position {
    pub recommendation: Located<u32>,
    pub stance: Located<String>,
    pub quote: Located<String>,
    pub note: Option<String>,
}

/// A point a response raises beyond the recommendations.
#[derive(Debug, Clone)]
pub struct Point {
    pub topic: String,
    pub quote: Located<String>,
    pub cause_of_concern: Option<Located<String>>,
}

#[derive(Debug, Clone)]
pub struct Response {
    /// The file name without `.toml`.
    pub id: String,
    pub inspection: Located<String>,
    pub force: Located<String>,
    pub author: String,
    pub role: String,
    pub date: Option<PartialDate>,
    pub reference: Option<String>,
    pub addressee: Option<String>,
    pub source: Located<String>,
    /// Markdown.
    pub summary: Located<String>,
    pub positions: Vec<Position>,
    pub points: Vec<Point>,
    /// Earlier addresses of its page (`redirect_from`), each to be
    /// redirected to the page: paths under the base path, e.g. `forces/old/`.
    pub redirect_from: Vec<Located<String>>,
    pub origin: Origin,
}

/// What a markdown file in `content/` is, decided by where it sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageRole {
    /// `content/index.md`: the home page introduction.
    Home,
    /// `content/<slug>.md`: a free-standing page at `/<slug>/`.
    Page(String),
    /// Commentary on one entity, e.g. `content/forces/essex.md`.
    Commentary(EntityRef),
}

/// The kinds of record with a page of their own: the one list that the
/// pages, the search index and the open data each go through, handling
/// every kind in an exhaustive `match`, so that a new kind does not
/// compile until each of them has decided what to make of it
/// (ARCHITECTURE.md, "Adding a kind of record").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Inspection,
    Recommendation,
    Rocu,
    Force,
    Response,
    Source,
    Page,
}

impl RecordKind {
    pub const ALL: [RecordKind; 7] = [
        RecordKind::Inspection,
        RecordKind::Recommendation,
        RecordKind::Rocu,
        RecordKind::Force,
        RecordKind::Response,
        RecordKind::Source,
        RecordKind::Page,
    ];

    /// As a short reference names it (`force` in `force:essex`).
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Inspection => "inspection",
            RecordKind::Recommendation => "recommendation",
            RecordKind::Rocu => "rocu",
            RecordKind::Force => "force",
            RecordKind::Response => "response",
            RecordKind::Source => "source",
            RecordKind::Page => "page",
        }
    }

    /// Whether `order` names every kind once: for a stage that goes
    /// through the kinds in an order of its own (its output's order).
    pub fn is_every_kind(order: &[RecordKind]) -> bool {
        let mut sorted = order.to_vec();
        sorted.sort();
        sorted == RecordKind::ALL
    }
}

/// A reference to any entity that has a page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntityRef {
    Force(String),
    Rocu(String),
    Inspection(String),
    Recommendation(RecommendationKey),
    Response(String),
    Source {
        slug: String,
        anchor: Option<String>,
    },
    Page(String),
}

impl EntityRef {
    /// Parses a short reference as written in markdown: `force:essex`,
    /// `recommendation:rocu-effectiveness-2021/4`, `source:002_…#p12`.
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, rest) = text.split_once(':')?;
        if rest.is_empty() {
            return None;
        }
        let id = rest.to_string();
        Some(match kind {
            "force" => EntityRef::Force(id),
            "rocu" => EntityRef::Rocu(id),
            "inspection" => EntityRef::Inspection(id),
            "recommendation" => EntityRef::Recommendation(RecommendationKey::parse(rest)?),
            "response" => EntityRef::Response(id),
            "page" => EntityRef::Page(id),
            "source" => match rest.split_once('#') {
                Some((slug, anchor)) => EntityRef::Source {
                    slug: slug.to_string(),
                    anchor: Some(anchor.to_string()),
                },
                None => EntityRef::Source {
                    slug: id,
                    anchor: None,
                },
            },
            _ => return None,
        })
    }

    /// The record's id as the open data writes it: `essex`, or
    /// `rocu-effectiveness-2021/4` for a recommendation, a source's slug.
    pub fn id(&self) -> String {
        match self {
            EntityRef::Recommendation(key) => format!("{}/{}", key.inspection, key.number),
            other => other.plain_id().unwrap_or_default().to_string(),
        }
    }

    /// The id of a record named by one id alone (all but a
    /// recommendation, which is its inspection's id and a number).
    pub fn plain_id(&self) -> Option<&str> {
        match self {
            EntityRef::Force(id)
            | EntityRef::Rocu(id)
            | EntityRef::Inspection(id)
            | EntityRef::Response(id)
            | EntityRef::Page(id) => Some(id),
            EntityRef::Source { slug, .. } => Some(slug),
            EntityRef::Recommendation(_) => None,
        }
    }

    pub fn kind(&self) -> RecordKind {
        match self {
            EntityRef::Force(_) => RecordKind::Force,
            EntityRef::Rocu(_) => RecordKind::Rocu,
            EntityRef::Inspection(_) => RecordKind::Inspection,
            EntityRef::Recommendation(_) => RecordKind::Recommendation,
            EntityRef::Response(_) => RecordKind::Response,
            EntityRef::Source { .. } => RecordKind::Source,
            EntityRef::Page(_) => RecordKind::Page,
        }
    }

    /// The kinds of short reference, for hints.
    pub const KINDS: [&'static str; 7] = [
        "force",
        "rocu",
        "inspection",
        "recommendation",
        "response",
        "source",
        "page",
    ];
}

#[derive(Debug, Clone)]
pub struct Page {
    pub role: PageRole,
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    /// The markdown after the front matter.
    pub body: String,
    /// Byte offset of `body` within the file, so markdown errors can point
    /// at the right line.
    pub body_offset: usize,
    /// Earlier addresses of its page (`redirect_from`), each to be
    /// redirected to the page: paths under the base path, e.g. `forces/old/`.
    pub redirect_from: Vec<Located<String>>,
    pub origin: Origin,
}

/// Where a force's tile sits on the force map (`data/tiles.toml`).
/// Presentation only: no source gives it and no fact depends on it.
#[derive(Debug, Clone)]
pub struct Tile {
    pub force: Located<String>,
    pub column: Located<u32>,
    pub row: Located<u32>,
    /// A few letters shown on the tile; derived from the name when absent.
    pub label: Option<Located<String>>,
    pub origin: Origin,
}

/// Everything loaded from a site's folder.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub config: SiteConfig,
    pub vocabulary: Vocabulary,
    pub sources: Vec<std::sync::Arc<SourceDoc>>,
    pub rocus: Vec<Rocu>,
    pub forces: Vec<Force>,
    pub inspections: Vec<std::sync::Arc<Inspection>>,
    pub responses: Vec<std::sync::Arc<Response>>,
    pub pages: Vec<std::sync::Arc<Page>>,
    /// Force map tile positions; empty when `data/tiles.toml` is absent.
    pub tiles: Vec<Tile>,
    /// Every file in `seeds/` (but its README), named relative to it, so
    /// that a document no source lists is reported.
    pub seeds: std::sync::Arc<[String]>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> SiteConfig {
        SiteConfig {
            title: String::new(),
            description: None,
            base_url: base_url.to_string(),
            language: "en-GB".into(),
            publisher: String::new(),
            report_mistakes: None,
            as_of: time::Date::MIN,
            host_size_limit: 1_000_000_000,
            minify_html: false,
            allowed_warnings: Vec::new(),
        }
    }

    #[test]
    fn base_path_keeps_the_sub_path_of_a_project_site() {
        assert_eq!(config("https://org.github.io/repo/").base_path(), "/repo/");
        assert_eq!(config("https://org.github.io/repo").base_path(), "/repo/");
        assert_eq!(config("https://example.org").base_path(), "/");
        assert_eq!(config("http://localhost:8000/").base_path(), "/");
    }

    #[test]
    fn short_references_parse_or_are_refused() {
        assert_eq!(
            EntityRef::parse("recommendation:rocu-2021/4"),
            Some(EntityRef::Recommendation(RecommendationKey {
                inspection: "rocu-2021".into(),
                number: 4
            }))
        );
        assert_eq!(
            EntityRef::parse("source:002_x#p3"),
            Some(EntityRef::Source {
                slug: "002_x".into(),
                anchor: Some("p3".into())
            })
        );
        assert_eq!(EntityRef::parse("recommendation:rocu-2021/0"), None);
        assert_eq!(EntityRef::parse("force:"), None);
        assert_eq!(EntityRef::parse("https://example.org"), None);
    }

    #[test]
    fn every_kind_of_record_has_a_short_reference() {
        let mut names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.name()).collect();
        let mut kinds = EntityRef::KINDS.to_vec();
        names.sort();
        kinds.sort();
        assert_eq!(names, kinds);
        for kind in RecordKind::ALL {
            let reference = EntityRef::parse(&format!("{}:x/1", kind.name())).unwrap();
            assert_eq!(reference.kind(), kind);
        }
        assert!(RecordKind::is_every_kind(&[
            RecordKind::Page,
            RecordKind::Source,
            RecordKind::Response,
            RecordKind::Force,
            RecordKind::Rocu,
            RecordKind::Recommendation,
            RecordKind::Inspection,
        ]));
        assert!(!RecordKind::is_every_kind(&RecordKind::ALL[1..]));
    }

    #[test]
    fn a_reference_gives_the_id_the_open_data_uses() {
        let id = |text: &str| EntityRef::parse(text).unwrap().id();
        assert_eq!(id("force:essex"), "essex");
        assert_eq!(id("recommendation:rocu-2021/4"), "rocu-2021/4");
        assert_eq!(id("source:002_x#p3"), "002_x");
        let recommendation = EntityRef::parse("recommendation:rocu-2021/4").unwrap();
        assert_eq!(recommendation.plain_id(), None);
    }
}
