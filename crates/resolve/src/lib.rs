//! Stage 3: turn the validated dataset into the site's pages-to-be.
//!
//! This is where links are resolved in both directions (a force's
//! responses, a recommendation's positions, repeated recommendations) and
//! accountability facts are computed, never typed: whether a deadline has
//! passed as of the site's date, the 56-day window for commissioners'
//! comments, and which forces have no response on record. The result is
//! plain serialisable data for the templates; no HTML is written here except
//! rendered markdown and highlighted records.
//!
//! *Never:* reads a file, knows a template or writes an output file; and
//! no later stage computes an accountability fact again (export, search
//! and the charts take them from here).

pub mod tiles;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use answerable_base::memo;
use answerable_data::dates::{DayRange, PartialDate};
use answerable_data::diagnostics::{LineStarts, SourceFiles};
use answerable_data::model::*;
use answerable_data::quote::QuoteIndex;
use answerable_data::urls::{self, Targets};
use answerable_markup::Memos;
use answerable_markup::markdown;

/// A link to another page.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
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
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quotation {
    pub text: String,
    /// The source paragraph it comes from (`…/sources/<slug>/#p12`).
    pub url: String,
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
    /// "passed", "upcoming" or "unknown", as of the site's date.
    pub state: &'static str,
    pub approximate: bool,
    /// A sentence for readers, e.g. "Deadline passed: 31 March 2021".
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Position {
    pub recommendation: Link,
    pub recommendation_number: u32,
    pub recommendation_text: String,
    pub force: Link,
    pub response: Link,
    pub stance: Term,
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
    pub positions: Vec<Position>,
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
    pub recommendation: Link,
    pub number: u32,
    /// Whether the recommendation asks forces or regions to act. A row
    /// for one that does not is there because the force took a position
    /// on it anyway: a position on record is shown wherever it applies.
    pub asked: bool,
    pub text: String,
    pub deadline: Deadline,
    pub status: Term,
    pub position: Option<Position>,
    pub response: Option<Link>,
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
    pub groups: Vec<ForceGroup>,
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
    pub positions: Vec<Position>,
    /// Responses to the inspection that take no position on it.
    pub silent_responses: Vec<Link>,
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

#[derive(Debug, Clone, Serialize)]
pub struct Window {
    /// "26 May 2025", or "between 28 March 2021 and 24 April 2021".
    pub due: String,
    pub approximate: bool,
    pub binding: bool,
    pub explanation: String,
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

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub number: usize,
    pub id: String,
    pub text: String,
    pub quoted_by: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub slug: String,
    pub file: String,
    pub url: String,
    pub raw_url: String,
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
    #[serde(skip)]
    pub raw_text: String,
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
    pub as_of: String,
    pub as_of_iso: String,
    pub nav: Vec<Link>,
}

/// Everything the render stage needs.
pub struct SiteView {
    pub site: SiteInfo,
    pub home_html: Option<String>,
    pub totals: Totals,
    pub inspections: Vec<InspectionView>,
    pub rocus: Vec<RocuView>,
    pub forces: Vec<ForceView>,
    pub responses: Vec<ResponseView>,
    pub sources: Vec<SourceView>,
    pub pages: Vec<PageView>,
    pub stances: Vec<Term>,
    pub statuses: Vec<Term>,
    /// Old addresses to keep alive (`redirect_from`).
    pub redirects: Vec<answerable_data::redirects::Redirect>,
    /// When each data file last changed, from git (`history`); empty when
    /// unknown.
    pub last_changed: BTreeMap<String, time::Date>,
    /// Where each force's tile sits on the force map (`data/tiles.toml`).
    pub tiles: Vec<tiles::TilePlace>,
}

impl SiteView {
    pub fn recommendations(&self) -> impl Iterator<Item = &RecommendationView> {
        self.inspections
            .iter()
            .flat_map(|i| i.recommendations.iter())
    }
}

/// Builds the site view. Assumes `validate` found no errors.
pub fn resolve(
    dataset: &Dataset,
    files: &SourceFiles,
    quote_indexes: &BTreeMap<String, Arc<QuoteIndex>>,
    memos: &Memos,
) -> SiteView {
    let r = Resolver::new(dataset, files, quote_indexes, memos);
    r.build(&Scope::All)
}

/// Builds only what the pages at `outputs` (`forces/essex/index.html`) are
/// made from, when each is a page made from its own record's view alone
/// (a recommendation, force, response, source or content page): the view
/// then holds only those records, and the site-wide parts. Any other page
/// among them (the home page, an index, a ROCU or inspection page with its
/// charts) needs every record, so then everything is built.
pub fn resolve_for_pages(
    dataset: &Dataset,
    files: &SourceFiles,
    quote_indexes: &BTreeMap<String, Arc<QuoteIndex>>,
    memos: &Memos,
    outputs: &HashSet<String>,
) -> SiteView {
    let r = Resolver::new(dataset, files, quote_indexes, memos);
    let scope = Scope::Pages(outputs);
    let own_pages = (dataset.inspections.iter())
        .flat_map(|i| {
            (i.recommendations.iter()).map(|r| urls::recommendation(&i.id.value, r.number.value))
        })
        .chain(dataset.forces.iter().map(|f| urls::force(&f.id.value)))
        .chain(dataset.responses.iter().map(|r| urls::response(&r.id)))
        .chain(dataset.sources.iter().map(|s| urls::source(s.slug())))
        .chain((dataset.pages.iter()).filter_map(|p| match &p.role {
            PageRole::Page(slug) => Some(urls::page(slug)),
            _ => None,
        }))
        .filter(|path| scope.wants(path))
        .count();
    if own_pages == outputs.len() {
        r.build(&scope)
    } else {
        r.build(&Scope::All)
    }
}

/// Which records' views to build.
enum Scope<'s> {
    All,
    /// Those whose page is one of these outputs.
    Pages(&'s HashSet<String>),
}

impl Scope<'_> {
    /// Whether the page at `path` (`forces/essex/`) is wanted.
    fn wants(&self, path: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Pages(outputs) => outputs.contains(&format!("{path}index.html")),
        }
    }

    fn is_all(&self) -> bool {
        matches!(self, Scope::All)
    }
}

struct Resolver<'a> {
    dataset: &'a Dataset,
    files: &'a SourceFiles,
    quote_indexes: &'a BTreeMap<String, Arc<QuoteIndex>>,
    memos: &'a Memos,
    lookup: Lookup<'a>,
    targets: Targets,
    /// Markdown renders differently when a link target appears or goes.
    targets_key: u64,
    base: String,
    as_of: time::Date,
}

impl<'a> Resolver<'a> {
    fn new(
        dataset: &'a Dataset,
        files: &'a SourceFiles,
        quote_indexes: &'a BTreeMap<String, Arc<QuoteIndex>>,
        memos: &'a Memos,
    ) -> Self {
        let targets = Targets::of(dataset);
        Resolver {
            dataset,
            files,
            quote_indexes,
            memos,
            lookup: Lookup::new(dataset, quote_indexes),
            targets_key: memo::key(&targets),
            targets,
            base: dataset.config.base_path(),
            as_of: dataset.config.as_of,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn build(&self, scope: &Scope) -> SiteView {
        // Each record's view depends only on the dataset, so they are made
        // in parallel; collecting keeps the dataset's order.
        let d = self.dataset;
        let inspections: Vec<InspectionView> = (d.inspections.par_iter())
            .filter(|i| {
                scope.is_all()
                    || (i.recommendations.iter())
                        .any(|r| scope.wants(&urls::recommendation(&i.id.value, r.number.value)))
            })
            .map(|i| self.inspection(i))
            .collect();
        let responses: Vec<ResponseView> = (d.responses.par_iter())
            .filter(|r| scope.wants(&urls::response(&r.id)))
            .map(|r| self.response(r))
            .collect();
        let forces: Vec<ForceView> = (d.forces.par_iter())
            .filter(|f| scope.wants(&urls::force(&f.id.value)))
            .map(|f| self.force(f))
            .collect();
        let rocus: Vec<RocuView> = (d.rocus.par_iter())
            .filter(|_| scope.is_all())
            .map(|r| self.rocu(r))
            .collect();
        let sources: Vec<SourceView> = (d.sources.par_iter())
            .filter(|s| scope.wants(&urls::source(s.slug())))
            .map(|s| self.source(s))
            .collect();
        let pages = self.pages();
        let totals = Totals {
            inspections: inspections.len(),
            recommendations: inspections.iter().map(|i| i.recommendations.len()).sum(),
            repeated: (inspections.iter().flat_map(|i| &i.recommendations))
                .filter(|r| !r.repeats.is_empty())
                .count(),
            recommendations_for_forces: inspections
                .iter()
                .flat_map(|i| &i.recommendations)
                .filter(|r| r.concerns_forces)
                .count(),
            deadlines_passed: inspections.iter().map(|i| i.passed).sum(),
            forces: forces.len(),
            forces_responded: forces.iter().filter(|f| !f.responses.is_empty()).count(),
            responses: responses.len(),
            positions: responses.iter().map(|r| r.positions.len()).sum(),
        };
        let mut nav: Vec<Link> = vec![
            self.link("Inspections", "inspections/"),
            self.link("Recommendations", "recommendations/"),
            self.link("ROCUs", "rocus/"),
            self.link("Forces", "forces/"),
            self.link("Responses", "responses/"),
            self.link("Sources", "sources/"),
            self.link("Search", answerable_data::urls::SEARCH),
        ];
        let mut weighted: Vec<&PageView> = pages.iter().filter(|p| p.weight.is_some()).collect();
        weighted.sort_by_key(|p| (p.weight, p.slug.clone()));
        nav.extend(weighted.into_iter().map(|p| Link {
            title: p.title.clone(),
            url: p.url.clone(),
        }));
        let config = &self.dataset.config;
        SiteView {
            site: SiteInfo {
                title: config.title.clone(),
                description: config.description.clone(),
                base_url: config.base_url.clone(),
                base_path: self.base.clone(),
                language: config.language.clone(),
                publisher: config.publisher.clone(),
                as_of: answerable_data::dates::long(config.as_of),
                as_of_iso: config.as_of.to_string(),
                nav,
            },
            home_html: self
                .dataset
                .pages
                .iter()
                .find(|p| p.role == PageRole::Home)
                .map(|p| self.anchored(&p.body, "p").html),
            totals,
            inspections,
            rocus,
            forces,
            responses,
            sources,
            pages,
            stances: self.dataset.vocabulary.stances.iter().map(term).collect(),
            statuses: self.dataset.vocabulary.statuses.iter().map(term).collect(),
            redirects: answerable_data::redirects::redirects(self.dataset),
            last_changed: BTreeMap::new(),
            tiles: tiles::places(self.dataset),
        }
    }

    fn link(&self, title: &str, path: &str) -> Link {
        Link {
            title: title.to_string(),
            url: self.url(path),
        }
    }

    fn markdown(&self, text: &str) -> String {
        self.rendered(text, None).html
    }

    fn commentary(&self, target: EntityRef) -> Option<String> {
        self.lookup
            .pages
            .get(&PageRole::Commentary(target))
            .map(|p| self.anchored(&p.body, "commentary-p").html)
    }

    /// Markdown written as commentary: every heading and paragraph gets an
    /// anchor and a "link to this" link (docs/urls.md).
    fn anchored(&self, text: &str, paragraph_prefix: &str) -> markdown::Rendered {
        self.rendered(text, Some(paragraph_prefix))
    }

    fn rendered(&self, text: &str, paragraph_prefix: Option<&str>) -> markdown::Rendered {
        let key = memo::key(&(text, paragraph_prefix, &self.base, self.targets_key));
        self.memos.markdown.get_or(key, || {
            markdown::render_anchored(
                text,
                &self.targets,
                &self.base,
                &self.memos.highlighter,
                paragraph_prefix,
            )
        })
    }

    fn force_link(&self, id: &str) -> Link {
        let name = self.lookup.forces.get(id).map_or(id, |f| f.name.as_str());
        self.link(name, &urls::force(id))
    }

    fn rocu_link(&self, id: &str) -> Link {
        let name = self.lookup.rocus.get(id).map_or(id, |r| r.name.as_str());
        self.link(name, &urls::rocu(id))
    }

    fn inspection_link(&self, inspection: &Inspection) -> Link {
        self.link(&inspection.title, &urls::inspection(&inspection.id.value))
    }

    fn recommendation_link(&self, inspection: &Inspection, number: u32) -> Link {
        self.link(
            &format!("Recommendation {number}"),
            &urls::recommendation(&inspection.id.value, number),
        )
    }

    fn source_doc(&self, file: &str) -> Option<&SourceDoc> {
        self.lookup.sources.get(file).copied()
    }

    fn source_link(&self, file: &str) -> Link {
        match self.source_doc(file) {
            Some(s) => self.link(&s.title, &urls::source(s.slug())),
            None => self.link(file, "sources/"),
        }
    }

    fn response_link(&self, response: &Response) -> Link {
        self.link(
            &self.response_title(response),
            &urls::response(&response.id),
        )
    }

    fn response_title(&self, response: &Response) -> String {
        let force = self.force_link(&response.force.value).title;
        match response.date {
            Some(date) => format!("{force}: response of {date}"),
            None => format!("{force}: undated response"),
        }
    }

    fn inspection_of(&self, id: &str) -> Option<&Inspection> {
        self.lookup.inspections.get(id).copied()
    }

    fn quotation(&self, text: &str, source_file: &str) -> Quotation {
        let source = self.source_link(source_file);
        let paragraph = self.lookup.paragraph(source_file, text).unwrap_or(1);
        Quotation {
            text: text.trim().to_string(),
            url: format!("{}#{}", source.url, urls::paragraph_anchor(paragraph)),
            paragraph,
            source,
        }
    }

    fn stance(&self, id: &str) -> Term {
        term_with_id(&self.dataset.vocabulary.stances, id)
    }

    fn status(&self, id: &str) -> Term {
        term_with_id(&self.dataset.vocabulary.statuses, id)
    }

    fn position(
        &self,
        response: &Response,
        inspection: &Inspection,
        position: &answerable_data::model::Position,
    ) -> Position {
        let number = position.recommendation.value;
        Position {
            recommendation: self.recommendation_link(inspection, number),
            recommendation_number: number,
            recommendation_text: inspection
                .recommendation(number)
                .map(|r| r.text.clone())
                .unwrap_or_default(),
            force: self.force_link(&response.force.value),
            response: self.response_link(response),
            stance: self.stance(&position.stance.value),
            quote: self.quotation(&position.quote.value, &response.source.value),
            note: position.note.clone(),
        }
    }

    fn deadline(&self, inspection: &Inspection, recommendation: &Recommendation) -> Deadline {
        let date = match recommendation.due {
            Some(Due::By(date)) => Some(date),
            Some(Due::Immediate) => inspection.published,
            None => None,
        };
        let range = date.as_ref().and_then(DayRange::of);
        let words = recommendation.due_text.clone();
        let Some(range) = range else {
            let summary = match recommendation.due {
                Some(Due::Immediate) => format!(
                    "{words}: due on publication, and the report's publication date is not in the sources"
                ),
                _ => format!("{words}: no date given"),
            };
            return Deadline {
                words,
                date: None,
                iso: None,
                state: "unknown",
                approximate: false,
                summary,
            };
        };
        let shown = date.map(|d| d.to_string());
        // A deadline known only to the month or year ends with that period:
        // say so rather than name a day the source never gave.
        let end = match date {
            Some(d) if !d.is_exact() => format!("the end of {d}"),
            _ => answerable_data::dates::long(range.latest),
        };
        let immediate = recommendation.due == Some(Due::Immediate);
        let (state, summary) = match (self.as_of > range.latest, immediate) {
            (true, true) => (
                "passed",
                format!(
                    "Due on publication ({}): passed",
                    shown.clone().unwrap_or_default()
                ),
            ),
            (false, true) => (
                "upcoming",
                format!("Due on publication ({})", shown.clone().unwrap_or_default()),
            ),
            (true, false) => ("passed", format!("Deadline passed ({end})")),
            (false, false) => ("upcoming", format!("Due by {end}")),
        };
        Deadline {
            words,
            date: shown,
            iso: date.map(|d| d.iso()),
            state,
            approximate: !range.is_exact(),
            summary,
        }
    }

    fn window(&self, inspection: &Inspection) -> Option<Window> {
        if inspection.section_55 == Section55::NotApplicable {
            return None;
        }
        let published = DayRange::of(inspection.published.as_ref()?)?;
        let due = published.shifted(55);
        let approximate = !due.is_exact();
        let precision = if approximate {
            " The report's publication date is known only to the month, so the window is approximate."
        } else {
            ""
        };
        let explanation = match inspection.section_55 {
            Section55::Applies => format!(
                "Under section 55 of the Police Act 1996, each force's local policing body must publish its comments, the chief constable's comments and its response within 56 days of publication (the day of publication is day 1).{precision}"
            ),
            _ => format!(
                "Under section 55 of the Police Act 1996, a force's local policing body publishes comments on an inspection report about the force within 56 days of publication (the day of publication is day 1). The sources here do not settle whether that duty applies to a report on the ROCUs, which are collaborations rather than forces, so this date is information, not a finding of non-compliance.{precision}"
            ),
        };
        Some(Window {
            due: due.describe(),
            approximate,
            binding: inspection.section_55 == Section55::Applies,
            explanation,
            law: (self.dataset.sources.iter())
                .filter(|s| s.kind == SourceKind::Legislation)
                .map(|s| self.source_link(&s.file.value))
                .collect(),
        })
    }

    fn recommendation(
        &self,
        inspection: &Inspection,
        recommendation: &Recommendation,
    ) -> RecommendationView {
        let number = recommendation.number.value;
        let responses = self.lookup.responses_to(&inspection.id.value);
        let mut positions = Vec::new();
        let mut silent_responses = Vec::new();
        for response in responses {
            match response
                .positions
                .iter()
                .find(|p| p.recommendation.value == number)
            {
                Some(p) => positions.push(self.position(response, inspection, p)),
                None => silent_responses.push(self.response_link(response)),
            }
        }
        let key = format!("{}/{number}", inspection.id.value);
        let repeats = recommendation
            .repeats
            .iter()
            .filter_map(|k| RecommendationKey::parse(&k.value))
            .filter_map(|k| {
                let other = self.inspection_of(&k.inspection)?;
                let mut link = self.recommendation_link(other, k.number);
                link.title = format!("{} of “{}”", link.title, other.title);
                Some(link)
            })
            .collect();
        let repeated_by = self
            .lookup
            .repeated_by
            .get(key.as_str())
            .into_iter()
            .flatten()
            .map(|(other, r)| {
                let mut link = self.recommendation_link(other, r.number.value);
                link.title = format!("{} of “{}”", link.title, other.title);
                link
            })
            .collect();
        RecommendationView {
            inspection: self.inspection_link(inspection),
            number,
            title: format!("Recommendation {number}"),
            url: self.url(&urls::recommendation(&inspection.id.value, number)),
            text: recommendation.text.clone(),
            deadline: self.deadline(inspection, recommendation),
            addressees: recommendation.addressees.clone(),
            applies_to: recommendation
                .applies_to
                .iter()
                .map(|a| a.label().to_string())
                .collect(),
            encourages: (recommendation.encourages.iter())
                .map(|a| a.label().to_string())
                .collect(),
            asked_in_report: recommendation.asked_in_report.clone(),
            concerns_forces: recommendation.concerns_forces(),
            themes: recommendation.themes.clone(),
            cause_of_concern: recommendation
                .cause_of_concern
                .as_ref()
                .and_then(|c| {
                    inspection
                        .causes_of_concern
                        .iter()
                        .find(|x| x.id.value == c.value)
                })
                .map(|c| self.cause(inspection, c)),
            repeats,
            repeated_by,
            notes: recommendation.notes.clone(),
            positions,
            silent_responses,
            commentary_html: self.commentary(EntityRef::Recommendation(RecommendationKey {
                inspection: inspection.id.value.clone(),
                number,
            })),
            record: self.record(&recommendation.origin, Some("recommendation")),
        }
    }

    fn cause(&self, inspection: &Inspection, cause: &CauseOfConcern) -> Cause {
        Cause {
            id: cause.id.value.clone(),
            title: cause.title.clone(),
            text: cause.text.clone(),
            url: format!(
                "{}#cause-{}",
                self.url(&urls::inspection(&inspection.id.value)),
                cause.id.value
            ),
            recommendations: inspection
                .recommendations
                .iter()
                .filter(|r| {
                    r.cause_of_concern
                        .as_ref()
                        .is_some_and(|c| c.value == cause.id.value)
                })
                .map(|r| self.recommendation_link(inspection, r.number.value))
                .collect(),
        }
    }

    fn inspection(&self, inspection: &Inspection) -> InspectionView {
        let recommendations: Vec<RecommendationView> = inspection
            .recommendations
            .iter()
            .map(|r| self.recommendation(inspection, r))
            .collect();
        let responses = self.lookup.responses_to(&inspection.id.value);
        let responses_expected = inspection.section_55 != Section55::NotApplicable;
        let forces_without_response = if responses_expected {
            self.dataset
                .forces
                .iter()
                .filter(|f| !responses.iter().any(|r| r.force.value == f.id.value))
                .map(|f| self.force_link(&f.id.value))
                .collect()
        } else {
            Vec::new()
        };
        InspectionView {
            id: inspection.id.value.clone(),
            title: inspection.title.clone(),
            untitled: inspection.untitled,
            url: self.url(&urls::inspection(&inspection.id.value)),
            inspectorate: inspection.inspectorate.clone(),
            subject: inspection.subject.clone(),
            published: inspection.published.map(|d| d.to_string()),
            published_iso: inspection.published.map(|d| d.iso()),
            published_approximate: inspection.published.is_some_and(|d| !d.is_exact()),
            fieldwork: inspection.fieldwork.clone(),
            section_55: match inspection.section_55 {
                Section55::Applies => "applies",
                Section55::Unsettled => "unsettled",
                Section55::NotApplicable => "not-applicable",
            },
            window: self.window(inspection),
            source: self.source_link(&inspection.source.value),
            summary_html: self.markdown(&inspection.summary.value),
            causes_of_concern: inspection
                .causes_of_concern
                .iter()
                .map(|c| self.cause(inspection, c))
                .collect(),
            areas_for_improvement: inspection
                .areas_for_improvement
                .iter()
                .map(|a| Term {
                    id: a.id.value.clone(),
                    label: a.id.value.clone(),
                    description: a.text.clone(),
                })
                .collect(),
            passed: recommendations
                .iter()
                .filter(|r| r.deadline.state == "passed")
                .count(),
            recommendations,
            responses: responses.iter().map(|r| self.response_link(r)).collect(),
            responses_expected,
            forces_without_response,
            commentary_html: self.commentary(EntityRef::Inspection(inspection.id.value.clone())),
            record: self.record(&inspection.origin, None),
        }
    }

    fn response(&self, response: &Response) -> ResponseView {
        let inspection = self
            .inspection_of(&response.inspection.value)
            .expect("validated: the inspection exists");
        let positions: Vec<Position> = response
            .positions
            .iter()
            .map(|p| self.position(response, inspection, p))
            .collect();
        let silent_on = inspection
            .recommendations
            .iter()
            .filter(|r| r.concerns_forces())
            .filter(|r| {
                !response
                    .positions
                    .iter()
                    .any(|p| p.recommendation.value == r.number.value)
            })
            .map(|r| self.recommendation_link(inspection, r.number.value))
            .collect();
        let force = self.lookup.forces.get(response.force.value.as_str());
        let timing = match (self.window(inspection), response.date) {
            (Some(window), Some(date)) => Some(format!(
                "Dated {date}. Comments on the report would be due {}{}.",
                window.due,
                if window.binding {
                    ""
                } else {
                    " if the 56-day duty applies"
                }
            )),
            (Some(window), None) => Some(format!(
                "The response is undated. Comments on the report would be due {}{}.",
                window.due,
                if window.binding {
                    ""
                } else {
                    " if the 56-day duty applies"
                }
            )),
            _ => None,
        };
        ResponseView {
            id: response.id.clone(),
            url: self.url(&urls::response(&response.id)),
            title: self.response_title(response),
            inspection: self.inspection_link(inspection),
            force: self.force_link(&response.force.value),
            rocu: force.map_or_else(
                || self.link("", "rocus/"),
                |f| self.rocu_link(&f.rocu.value),
            ),
            author: response.author.clone(),
            role: response.role.clone(),
            date: response.date.map(|d| d.to_string()),
            date_iso: response.date.map(|d| d.iso()),
            reference: response.reference.clone(),
            addressee: response.addressee.clone(),
            source: self.source_link(&response.source.value),
            summary_html: self.markdown(&response.summary.value),
            positions,
            points: response
                .points
                .iter()
                .map(|p| PointView {
                    topic: p.topic.clone(),
                    quote: self.quotation(&p.quote.value, &response.source.value),
                    cause_of_concern: p
                        .cause_of_concern
                        .as_ref()
                        .and_then(|c| {
                            inspection
                                .causes_of_concern
                                .iter()
                                .find(|x| x.id.value == c.value)
                        })
                        .map(|c| {
                            let cause = self.cause(inspection, c);
                            Link {
                                title: cause.title,
                                url: cause.url,
                            }
                        }),
                })
                .collect(),
            silent_on,
            timing,
            commentary_html: self.commentary(EntityRef::Response(response.id.clone())),
            record: self.record(&response.origin, None),
        }
    }

    fn force(&self, force: &Force) -> ForceView {
        let id = &force.id.value;
        let responses = self.lookup.responses_by(id);
        // The first response to each inspection, as a scan would find it.
        let mut by_inspection: HashMap<&str, &Response> = HashMap::new();
        for response in responses {
            by_inspection
                .entry(response.inspection.value.as_str())
                .or_insert(response);
        }
        let mut groups = Vec::new();
        for inspection in &self.dataset.inspections {
            let mut rows = Vec::new();
            let response = by_inspection.get(inspection.id.value.as_str()).copied();
            for recommendation in &inspection.recommendations {
                let number = recommendation.number.value;
                let asked = recommendation.concerns_forces();
                let position = response.and_then(|r| {
                    r.positions
                        .iter()
                        .find(|p| p.recommendation.value == number)
                        .map(|p| self.position(r, inspection, p))
                });
                if !asked && position.is_none() {
                    continue;
                }
                let status = match (response, &position) {
                    (Some(_), Some(_)) => "position-recorded",
                    (Some(_), None) => "no-position",
                    (None, _) => "no-response",
                };
                rows.push(ForceRow {
                    recommendation: self.recommendation_link(inspection, number),
                    number,
                    asked,
                    text: recommendation.text.clone(),
                    deadline: self.deadline(inspection, recommendation),
                    status: self.status(status),
                    position,
                    response: response.map(|r| self.response_link(r)),
                });
            }
            if !rows.is_empty() {
                groups.push(ForceGroup {
                    inspection: self.inspection_link(inspection),
                    responses_expected: inspection.section_55 != Section55::NotApplicable,
                    rows,
                });
            }
        }
        let person = |p: &answerable_data::model::Person| {
            let date = self.source_doc(&p.source.value).and_then(|s| s.date);
            Person {
                name: p.name.clone(),
                role: p.role.clone(),
                source: self.source_link(&p.source.value),
                named_on: date.map(|d| d.to_string()),
                named_on_iso: date.map(|d| d.iso()),
            }
        };
        ForceView {
            id: id.clone(),
            name: force.name.clone(),
            url: self.url(&urls::force(id)),
            rocu: self.rocu_link(&force.rocu.value),
            rocu_status: (self.lookup.rocus.get(force.rocu.value.as_str()))
                .and_then(|r| r.status.clone()),
            source: self.source_link(&force.source.value),
            notes: force.notes.clone(),
            commissioner: force.commissioner.as_ref().map(person),
            chief_constable: force.chief_constable.as_ref().map(person),
            responses: responses.iter().map(|r| self.response_link(r)).collect(),
            groups,
            commentary_html: self.commentary(EntityRef::Force(id.clone())),
            record: self.record(&force.origin, Some("force")),
        }
    }

    fn rocu(&self, rocu: &Rocu) -> RocuView {
        let id = &rocu.id.value;
        let forces: Vec<RocuForce> = self
            .dataset
            .forces
            .iter()
            .filter(|f| &f.rocu.value == id)
            .map(|f| {
                let responses = self.lookup.responses_by(&f.id.value);
                RocuForce {
                    force: self.force_link(&f.id.value),
                    responses: responses.iter().map(|r| self.response_link(r)).collect(),
                    positions: responses.iter().map(|r| r.positions.len()).sum(),
                }
            })
            .collect();
        RocuView {
            id: id.clone(),
            name: rocu.name.clone(),
            url: self.url(&urls::rocu(id)),
            aliases: rocu.aliases.clone(),
            region: rocu.region.clone(),
            established: rocu.established.clone(),
            status: rocu.status.clone(),
            source: self.source_link(&rocu.source.value),
            notes: rocu.notes.clone(),
            forces_responded: forces.iter().filter(|f| !f.responses.is_empty()).count(),
            forces,
            commentary_html: self.commentary(EntityRef::Rocu(id.clone())),
            record: self.record(&rocu.origin, Some("rocu")),
        }
    }

    fn source(&self, source: &SourceDoc) -> SourceView {
        let text = source.text.as_deref().unwrap_or_default();
        let file = &source.file.value;
        let mut quoted_by: BTreeMap<usize, Vec<Link>> = BTreeMap::new();
        let mut used_by = Vec::new();
        if self.quote_indexes.contains_key(file) {
            for response in self.lookup.responses_from(file) {
                used_by.push(self.response_link(response));
                let quotes = response
                    .positions
                    .iter()
                    .map(|p| &p.quote.value)
                    .chain(response.points.iter().map(|p| &p.quote.value));
                for quote in quotes {
                    if let Some(n) = self.lookup.paragraph(file, quote) {
                        let entry = quoted_by.entry(n).or_default();
                        let link = self.response_link(response);
                        if !entry.iter().any(|l| l.url == link.url) {
                            entry.push(link);
                        }
                    }
                }
            }
        }
        for inspection in self.lookup.inspections_from(file) {
            used_by.push(self.inspection_link(inspection));
        }
        let paragraphs = self
            .quote_indexes
            .get(file)
            .map(|index| {
                index
                    .paragraphs()
                    .iter()
                    .enumerate()
                    .map(|(i, range)| Paragraph {
                        number: i + 1,
                        id: urls::paragraph_anchor(i + 1),
                        text: text[range.clone()].to_string(),
                        quoted_by: quoted_by.remove(&(i + 1)).unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        SourceView {
            slug: source.slug().to_string(),
            file: file.clone(),
            url: self.url(&urls::source(source.slug())),
            // Legislation is linked where it is published, not copied.
            raw_url: match &source.url {
                Some(url) => url.clone(),
                None => self.url(&format!("{}{file}", urls::source(source.slug()))),
            },
            title: source.title.clone(),
            untitled: source.untitled,
            author: source.author.clone(),
            date: source.date.map(|d: PartialDate| d.to_string()),
            kind: match source.kind {
                SourceKind::Report => "report",
                SourceKind::Response => "response",
                SourceKind::Legislation => "legislation",
            },
            description: source.description.clone(),
            paragraphs,
            used_by,
            record: self.record(&source.origin, Some("source")),
            raw_text: text.to_string(),
        }
    }

    fn pages(&self) -> Vec<PageView> {
        self.dataset
            .pages
            .iter()
            .filter_map(|p| match &p.role {
                PageRole::Page(slug) => {
                    let rendered = self.anchored(&p.body, "p");
                    Some(PageView {
                        slug: slug.clone(),
                        url: self.url(&urls::page(slug)),
                        title: p.title.clone().unwrap_or_else(|| slug.replace('-', " ")),
                        description: p.description.clone(),
                        html: rendered.html,
                        headings: rendered.headings,
                        weight: p.weight,
                    })
                }
                _ => None,
            })
            .collect()
    }

    /// The exact TOML text of a record, highlighted. For an entry of an array
    /// of tables (`[[force]]`), that is the text from its header up to the
    /// next table that is not one of its sub-tables.
    fn record(&self, origin: &Origin, table: Option<&str>) -> Record {
        let text = self.files.get(&origin.file).unwrap_or_default();
        let (slice, start) = match table {
            Some(name) => (
                record_text(text, origin.span.start, name),
                origin.span.start,
            ),
            None => without_directives(text),
        };
        let line = self.lookup.line_of(&origin.file, text, start);
        Record {
            file: origin.file.clone(),
            line,
            html: self.memos.highlighted.get_or(memo::key(&slice), || {
                self.memos.highlighter.highlight(slice, "toml")
            }),
        }
    }
}

/// Indexes over the dataset, made once per build, so that resolving a
/// record looks up its neighbours instead of scanning every record: with
/// scans, a site of thousands of responses took quadratic time.
struct Lookup<'a> {
    forces: HashMap<&'a str, &'a Force>,
    rocus: HashMap<&'a str, &'a Rocu>,
    inspections: HashMap<&'a str, &'a Inspection>,
    sources: HashMap<&'a str, &'a SourceDoc>,
    /// Responses, in dataset order, by inspection id, force id and source
    /// file.
    responses_to: HashMap<&'a str, Vec<&'a Response>>,
    responses_by: HashMap<&'a str, Vec<&'a Response>>,
    responses_from: HashMap<&'a str, Vec<&'a Response>>,
    inspections_from: HashMap<&'a str, Vec<&'a Inspection>>,
    /// Recommendations by the `inspection/number` key they repeat.
    repeated_by: HashMap<&'a str, Vec<(&'a Inspection, &'a Recommendation)>>,
    /// The first page with each role.
    pages: BTreeMap<&'a PageRole, &'a Page>,
    /// Source documents, to find the paragraph a quotation is in.
    quote_indexes: &'a BTreeMap<String, Arc<QuoteIndex>>,
    /// Line starts of the data files whose records' views were made: found
    /// when first needed, since a page made alone needs only its own.
    lines: Mutex<HashMap<String, Arc<LineStarts>>>,
}

impl<'a> Lookup<'a> {
    fn new(dataset: &'a Dataset, quote_indexes: &'a BTreeMap<String, Arc<QuoteIndex>>) -> Self {
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
                .map(|s| (s.file.value.as_str(), s))
                .collect(),
            responses_to: grouped(dataset.responses.iter().map(|r| &**r), |r| {
                &r.inspection.value
            }),
            responses_by: grouped(dataset.responses.iter().map(|r| &**r), |r| &r.force.value),
            responses_from: grouped(dataset.responses.iter().map(|r| &**r), |r| &r.source.value),
            inspections_from: grouped(dataset.inspections.iter().map(|i| &**i), |i| {
                &i.source.value
            }),
            repeated_by,
            pages,
            quote_indexes,
            lines: Mutex::default(),
        }
    }

    fn responses_to(&self, inspection: &str) -> &[&'a Response] {
        group_of(&self.responses_to, inspection)
    }

    fn responses_by(&self, force: &str) -> &[&'a Response] {
        group_of(&self.responses_by, force)
    }

    fn responses_from(&self, file: &str) -> &[&'a Response] {
        group_of(&self.responses_from, file)
    }

    fn inspections_from(&self, file: &str) -> &[&'a Inspection] {
        group_of(&self.inspections_from, file)
    }

    /// The 1-based line of byte `offset` in `file`, whose text is `text`.
    fn line_of(&self, file: &str, text: &str, offset: usize) -> usize {
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
    fn paragraph(&self, file: &str, quote: &str) -> Option<usize> {
        let index = self.quote_indexes.get(file)?;
        index.paragraph_of(index.find(quote)?.start)
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

/// The term with `id`; validation guarantees it exists, but a bare id is a
/// readable fallback rather than a panic.
fn term_with_id(terms: &[answerable_data::model::Term], id: &str) -> Term {
    terms
        .iter()
        .find(|t| t.id.value == id)
        .map(term)
        .unwrap_or_else(|| Term {
            id: id.to_string(),
            label: id.to_string(),
            description: String::new(),
        })
}

fn term(t: &answerable_data::model::Term) -> Term {
    Term {
        id: t.id.value.clone(),
        label: t.label.clone(),
        description: t.description.clone(),
    }
}

/// A whole file without its leading editor directives (`#:schema …`, which
/// tells VS Code where the file's JSON Schema is and means nothing to a
/// reader), and the offset where the rest starts.
fn without_directives(text: &str) -> (&str, usize) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if !line.starts_with("#:") {
            break;
        }
        offset += line.len();
    }
    (&text[offset..], offset)
}

/// The text of one `[[name]]` entry starting at `start`, ending before the
/// next header that is not `[name.…]`, without trailing blank or comment
/// lines (those introduce the next record).
pub fn record_text<'t>(text: &'t str, start: usize, name: &str) -> &'t str {
    let start = start.min(text.len());
    let rest = &text[start..];
    let mut end = rest.len();
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if i > 0 && trimmed.starts_with('[') {
            let header = trimmed.trim_start_matches('[').trim_start();
            let sub_table = header.starts_with(&format!("{name}.")) && !trimmed.starts_with("[[");
            if !sub_table {
                end = offset;
                break;
            }
        }
        offset += line.len();
    }
    let mut record = &rest[..end];
    loop {
        let trimmed = record.trim_end();
        let last_line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let last = trimmed[last_line_start..].trim_start();
        if last.starts_with('#') && last_line_start > 0 {
            record = &trimmed[..last_line_start];
        } else {
            return trimmed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_text_keeps_sub_tables_and_drops_the_next_records_comment() {
        let text = "[[force]]\nid = \"essex\"\n[force.commissioner]\nname = \"R\"\n\n# Kent\n[[force]]\nid = \"kent\"\n";
        assert_eq!(
            record_text(text, 0, "force"),
            "[[force]]\nid = \"essex\"\n[force.commissioner]\nname = \"R\""
        );
        let second = text.rfind("[[force]]").unwrap();
        assert_eq!(
            record_text(text, second, "force"),
            "[[force]]\nid = \"kent\""
        );
    }

    #[test]
    fn a_whole_file_is_shown_without_its_editor_directives() {
        let text = "#:schema ../../schemas/response.schema.json\n# A comment\nforce = \"x\"\n";
        let (shown, start) = without_directives(text);
        assert_eq!(shown, "# A comment\nforce = \"x\"\n");
        assert_eq!(&text[start..], shown);
        assert_eq!(without_directives("a = 1\n"), ("a = 1\n", 0));
    }

    #[test]
    fn record_text_of_a_recommendation_stops_at_the_next_one() {
        let text = "id = \"x\"\n[[recommendation]]\nnumber = 1\n# note\ntext = \"a\"\n[[recommendation]]\nnumber = 2\n";
        let start = text.find("[[rec").unwrap();
        assert_eq!(
            record_text(text, start, "recommendation"),
            "[[recommendation]]\nnumber = 1\n# note\ntext = \"a\""
        );
    }
}
