//! Stage 3: turn the validated dataset into the site's pages-to-be.
//!
//! This is where links are resolved in both directions (a force's
//! responses, a recommendation's positions, repeated recommendations) and
//! accountability facts are computed, never typed: whether a deadline has
//! passed as of the site's date, the 56-day window for commissioners'
//! comments, and which forces have no response on record. The result is
//! plain serialisable data for the templates; no HTML is written here except
//! rendered markdown (a record's TOML is highlighted when its page is made,
//! see [`HighlightedToml`]).
//!
//! *Never:* reads a file, knows a template or writes an output file; and
//! no later stage computes an accountability fact again (export, search
//! and the charts take them from here).

mod again;
mod delivery;
mod forces;
mod inspections;
pub mod known;
mod lookup;
pub mod paging;
mod records;
mod responses;
pub mod rules;
mod shared;
mod sources;
pub mod tiles;
mod views;

pub use again::Kept;
pub use records::record_text;
// Named, not a glob: the views share names with the model's records
// (`Term`, `Position`, `Person`), and a named import wins over the glob.
use lookup::Lookup;
pub use lookup::{group_of, grouped};
use records::without_directives;
pub use views::{
    AskedGroup, BodyView, Cause, Deadline, Excerpt, ForceGroup, ForceRow, ForceView,
    HighlightedToml, HistoryView, InspectionView, Link, OpenItem, OpenList, PageView, Paragraph,
    Person, PointView, Position, Quotation, RecommendationView, Record, ResponseView, RevisionView,
    RocuForce, RocuView, SiteInfo, SiteView, SourceView, Term, Totals, Window,
};

use std::collections::{BTreeMap, BTreeSet};

// foldhash, not SipHash: these maps are keyed by the site's own ids, and a
// rebuild in `serve` makes them again on every save.
use foldhash::{HashMap, HashMapExt};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use answerable_base::memo;
use answerable_data::dates::{DayRange, PartialDate};
use answerable_data::diagnostics::{LineStarts, SourceFiles};
use answerable_data::model::*;
use answerable_data::quote::QuoteIndexes;
use answerable_data::urls::{self, Targets};
use answerable_markup::Memos;
use answerable_markup::markdown;
pub use rules::DeadlineState;

/// Builds the site view. Assumes `validate` found no errors.
pub fn resolve(
    dataset: &Dataset,
    files: &SourceFiles,
    quote_indexes: &Arc<QuoteIndexes>,
    memos: &Memos,
) -> SiteView {
    let r = Resolver::new(dataset, files, quote_indexes, memos);
    r.build(&Scope::All)
}

/// [`resolve`], starting from the view `kept` holds from the last resolve
/// of the same site, and keeping this one for the next (see
/// [`again`](crate::again)).
pub fn resolve_again(
    dataset: &Dataset,
    files: &SourceFiles,
    quote_indexes: &Arc<QuoteIndexes>,
    memos: &Memos,
    kept: &Kept,
) -> SiteView {
    Resolver::new(dataset, files, quote_indexes, memos).again(kept)
}

/// Builds only what the pages at `outputs` (`forces/essex/index.html`) are
/// made from, when each is a page made from its own record's view alone
/// (a recommendation, force, response, source or content page): the view
/// then holds only those records, and the site-wide parts. Any other page
/// among them (the home page, an index, a ROCU or inspection page with its
/// charts) needs every record, so then everything is built, from the view
/// `kept` holds when it can be (see [`resolve_again`]).
pub fn resolve_for_pages(
    dataset: &Dataset,
    files: &SourceFiles,
    quote_indexes: &Arc<QuoteIndexes>,
    memos: &Memos,
    kept: &Kept,
    outputs: &std::collections::HashSet<String>,
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
        r.again_for(kept, &scope)
    } else {
        r.again(kept)
    }
}

/// `list` without the room it grew into. A list built by pushing holds
/// at least four places: most lists here hold one link (a paragraph
/// quoted by one response), and at 100,000 pages the room was a tenth of
/// the views.
fn fitted<T>(mut list: Vec<T>) -> Vec<T> {
    list.shrink_to_fit();
    list
}

/// Which records' views to build.
enum Scope<'s> {
    All,
    /// Those whose page is one of these outputs.
    Pages(&'s std::collections::HashSet<String>),
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

/// Every record's view, in the dataset's order.
struct Records {
    inspections: Vec<Arc<InspectionView>>,
    rocus: Vec<Arc<RocuView>>,
    forces: Vec<Arc<ForceView>>,
    responses: Vec<Arc<ResponseView>>,
    sources: Vec<Arc<SourceView>>,
}

/// The positions made for the responses' pages, by response id and
/// recommendation number, for the recommendations' pages and the forces'
/// rows to share.
type MadePositions<'v> = HashMap<(&'v str, u32), &'v Arc<Position>>;

fn made_positions(responses: &[Arc<ResponseView>]) -> MadePositions<'_> {
    (responses.iter())
        .flat_map(|r| (r.positions.iter()).map(|p| ((r.id.as_str(), p.recommendation_number), p)))
        .collect()
}

struct Resolver<'a> {
    dataset: &'a Dataset,
    files: &'a SourceFiles,
    quote_indexes: &'a Arc<QuoteIndexes>,
    memos: &'a Memos,
    lookup: Lookup<'a>,
    targets: Targets,
    /// Markdown renders differently when a link target appears or goes.
    targets_key: u64,
    base: String,
    as_of: time::Date,
    /// See [`Resolver::shared`].
    shared: OnceLock<shared::Shared<'a>>,
}

impl<'a> Resolver<'a> {
    fn new(
        dataset: &'a Dataset,
        files: &'a SourceFiles,
        quote_indexes: &'a Arc<QuoteIndexes>,
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
            shared: OnceLock::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn build(&self, scope: &Scope) -> SiteView {
        // Each record's view depends only on the dataset, so they are made
        // in parallel; collecting keeps the dataset's order.
        let d = self.dataset;
        let responses: Vec<Arc<ResponseView>> = (d.responses.par_iter())
            .filter(|r| scope.wants(&urls::response(&r.id)))
            .map(|r| Arc::new(self.response(r)))
            .collect();
        let made = made_positions(&responses);
        let inspections: Vec<Arc<InspectionView>> = (d.inspections.par_iter())
            .filter(|i| {
                scope.is_all()
                    || (i.recommendations.iter())
                        .any(|r| scope.wants(&urls::recommendation(&i.id.value, r.number.value)))
            })
            .map(|i| Arc::new(self.inspection(i, &made)))
            .collect();
        let forces: Vec<Arc<ForceView>> = (d.forces.par_iter())
            .filter(|f| scope.wants(&urls::force(&f.id.value)))
            .map(|f| Arc::new(self.force(f, &made)))
            .collect();
        let rocus: Vec<Arc<RocuView>> = (d.rocus.par_iter())
            .filter(|_| scope.is_all())
            .map(|r| Arc::new(self.rocu(r)))
            .collect();
        let sources: Vec<Arc<SourceView>> = (d.sources.par_iter())
            .filter(|s| scope.wants(&urls::source(s.slug())))
            .map(|s| Arc::new(self.source(s)))
            .collect();
        self.site_view(Records {
            inspections,
            rocus,
            forces,
            responses,
            sources,
        })
    }

    /// The site view around the records' views: what is made from them
    /// all (the totals) or from the content pages and the site's settings.
    fn site_view(&self, records: Records) -> SiteView {
        let Records {
            inspections,
            rocus,
            forces,
            responses,
            sources,
        } = records;
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
            record: Some(EntityRef::Page(p.slug.clone())),
            ..Link::to_page(&p.title, &p.url)
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
                report_mistakes: config.report_mistakes.clone(),
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
            deliveries: (self.dataset.vocabulary.deliveries.iter())
                .map(|d| term(&d.term))
                .collect(),
            redirects: answerable_data::redirects::redirects(self.dataset),
            last_changed: BTreeMap::new(),
            tiles: tiles::places(self.dataset),
        }
    }

    fn link(&self, title: &str, path: &str) -> Link {
        Link::to_page(title, self.url(path))
    }

    fn record_link(&self, title: &str, path: &str, record: EntityRef) -> Link {
        Link {
            record: Some(record),
            ..self.link(title, path)
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
                &self.memos.highlighting.highlighter,
                paragraph_prefix,
            )
        })
    }

    fn force_link(&self, id: &str) -> Link {
        let name = self.lookup.forces.get(id).map_or(id, |f| f.name.as_str());
        self.record_link(name, &urls::force(id), EntityRef::Force(id.to_string()))
    }

    fn rocu_link(&self, id: &str) -> Link {
        let name = self.lookup.rocus.get(id).map_or(id, |r| r.name.as_str());
        self.record_link(name, &urls::rocu(id), EntityRef::Rocu(id.to_string()))
    }

    fn inspection_link(&self, inspection: &Inspection) -> Link {
        let id = &inspection.id.value;
        self.record_link(
            &inspection.title,
            &urls::inspection(id),
            EntityRef::Inspection(id.clone()),
        )
    }

    fn recommendation_link(&self, inspection: &Inspection, number: u32) -> Link {
        self.record_link(
            &format!("Recommendation {number}"),
            &urls::recommendation(&inspection.id.value, number),
            EntityRef::Recommendation(RecommendationKey {
                inspection: inspection.id.value.clone(),
                number,
            }),
        )
    }

    fn source_doc(&self, file: &str) -> Option<&SourceDoc> {
        self.lookup.sources.get(file).copied()
    }

    fn source_link(&self, file: &str) -> Link {
        match self.source_doc(file) {
            Some(s) => self.record_link(
                &s.title,
                &urls::source(s.slug()),
                EntityRef::Source {
                    slug: s.slug().to_string(),
                    anchor: None,
                },
            ),
            None => self.link(file, "sources/"),
        }
    }

    fn response_link(&self, response: &Response) -> Link {
        self.record_link(
            &self.response_title(response),
            &urls::response(&response.id),
            EntityRef::Response(response.id.clone()),
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
        let url = format!("{}#{}", source.url, urls::paragraph_anchor(paragraph));
        let directive = (self.lookup.passage(source_file, text)).map(urls::text_directive);
        Quotation {
            text: text.trim().to_string(),
            highlight_url: format!("{url}{}", directive.unwrap_or_default()),
            url,
            paragraph,
            source,
        }
    }

    fn status(&self, id: &str) -> Term {
        term_with_id(&self.dataset.vocabulary.statuses, id)
    }

    /// The position as made for its response's page, or made now where
    /// that response is not being resolved (a page `serve` shows first).
    fn shared_position(
        &self,
        made: &MadePositions,
        response: &Response,
        inspection: &Inspection,
        position: &answerable_data::model::Position,
    ) -> Arc<Position> {
        match made.get(&(response.id.as_str(), position.recommendation.value)) {
            Some(shared) => Arc::clone(shared),
            None => Arc::new(self.position(response, inspection, position)),
        }
    }

    fn position(
        &self,
        response: &Response,
        inspection: &Inspection,
        position: &answerable_data::model::Position,
    ) -> Position {
        let number = position.recommendation.value;
        let shared = self.shared();
        let (recommendation, recommendation_text) = match shared.recommendation(inspection, number)
        {
            Some(parts) => (Arc::clone(&parts.link), Arc::clone(&parts.text)),
            None => (
                Arc::new(self.recommendation_link(inspection, number)),
                Arc::from(""),
            ),
        };
        Position {
            response_anchor: urls::position_on_response(number),
            recommendation_anchor: urls::position_on_recommendation(&response.force.value),
            recommendation,
            recommendation_number: number,
            recommendation_text,
            force: self.force_link(&response.force.value),
            response: self.response_link(response),
            stance: shared.stance(&position.stance.value, &self.dataset.vocabulary),
            quote: self.quotation(&position.quote.value, &response.source.value),
            note: position.note.clone(),
        }
    }
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
