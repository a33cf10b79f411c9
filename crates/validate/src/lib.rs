//! Stage 2: check the loaded dataset as a whole and report every problem.
//!
//! Loading checks each file's shape; this stage checks what no single file
//! can: that ids are unique, that every reference (to a ROCU, force,
//! inspection, recommendation, stance, cause of concern or source document)
//! exists, that every quotation is really in the document it cites, and that
//! markdown links point somewhere. It never stops at the first problem.
//!
//! It runs even when some files did not load cleanly, so that one typo
//! does not hide every other mistake; a check that depends on such a file
//! waits (an unknown force is not reported while `data/forces.toml` is
//! broken, as the force may be in the part that did not load), and one
//! note per broken file says how many checks waited for it.
//!
//! *Never:* changes the dataset, renders anything or stops at the first
//! problem; what it reports is all it returns.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use answerable_base::memo;
use answerable_data::diagnostics::{Diagnostic, SourceFiles, line_column, suggest};
use answerable_data::load::{FORCES, ROCUS, SOURCES, VOCABULARY};
use answerable_data::model::*;
use answerable_data::quote::QuoteIndexes;
use answerable_data::urls::{RESERVED, Targets};
use answerable_markup::Memos;
use answerable_markup::markdown;

mod history;
mod kept;

pub use kept::Kept;

/// The status ids the site's pages need.
pub const REQUIRED_STATUSES: [&str; 4] = [
    "position-recorded",
    "no-position",
    "no-response",
    "not-applicable",
];

/// Checks `dataset`; `broken` names the files that had errors in loading,
/// whose records may be missing or incomplete.
pub fn validate(
    dataset: &Dataset,
    quote_indexes: &QuoteIndexes,
    files: &SourceFiles,
    memos: &Memos,
    kept: &Kept,
    broken: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut v = Validator {
        dataset,
        quote_indexes,
        files,
        memos,
        kept,
        broken,
        waited: BTreeMap::new(),
        source_files: Known::new(dataset.sources.iter().map(|s| s.file.value.as_str())),
        inspections: (dataset.inspections.iter())
            .map(|i| (i.id.value.as_str(), &**i))
            .collect(),
        out: Vec::new(),
    };
    v.vocabulary();
    v.delivery_vocabulary();
    v.sources();
    v.rocus();
    v.forces();
    v.inspections();
    // The responses are half the work on a large site, and no check after
    // them depends on them: the rest run beside them.
    let mut rest = v.fork();
    rayon::join(
        || v.responses(),
        || {
            rest.pages();
            rest.tiles();
            rest.gaps();
            // Redirects name pages, which any data or content file may make.
            if !rest.waits_on(|f| f.starts_with("data/") || f.starts_with("content/")) {
                (rest.out).extend(answerable_data::redirects::check(dataset, files));
            }
        },
    );
    v.absorb(rest);
    v.notes();
    v.out
}

/// Blank text, which the loader has reported already.
fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

fn is_inspection_file(file: &str) -> bool {
    file.starts_with("data/inspections/")
}

struct Validator<'a> {
    dataset: &'a Dataset,
    quote_indexes: &'a QuoteIndexes,
    files: &'a SourceFiles,
    memos: &'a Memos,
    kept: &'a Kept,
    /// Files that did not load cleanly.
    broken: &'a BTreeSet<String>,
    /// How many checks waited for each broken file.
    waited: BTreeMap<&'a str, usize>,
    /// Every source document's file name.
    source_files: Known<'a>,
    inspections: HashMap<&'a str, &'a Inspection>,
    out: Vec<Diagnostic>,
}

/// The ids a response may name.
struct ResponseRefs<'k> {
    forces: Known<'k>,
    inspections: Known<'k>,
    stances: Known<'k>,
}

/// The ids a reference may name: a set to look them up in (a site has
/// thousands), and the list, in data order, to suggest the nearest from.
#[derive(Clone)]
struct Known<'k> {
    ids: Vec<&'k str>,
    set: HashSet<&'k str>,
    /// Broken files that may define more of these ids: a reference to an
    /// id not found waits for them rather than be called unknown.
    maybe_in: Vec<&'k str>,
}

impl<'k> Known<'k> {
    fn new(ids: impl IntoIterator<Item = &'k str>) -> Self {
        let ids: Vec<&str> = ids.into_iter().collect();
        Known {
            set: ids.iter().copied().collect(),
            ids,
            maybe_in: Vec::new(),
        }
    }

    /// These ids, perhaps incomplete: defined in the files `defines` picks.
    fn unless_broken(
        mut self,
        broken: &'k BTreeSet<String>,
        defines: impl Fn(&str) -> bool,
    ) -> Self {
        self.maybe_in = broken
            .iter()
            .map(String::as_str)
            .filter(|f| defines(f))
            .collect();
        self
    }
}

impl<'a> Validator<'a> {
    /// A validator for the same site with nothing found yet, to run checks
    /// on another thread; [`Validator::absorb`] takes back what it finds.
    fn fork(&self) -> Self {
        Validator {
            waited: BTreeMap::new(),
            source_files: self.source_files.clone(),
            inspections: self.inspections.clone(),
            out: Vec::new(),
            ..*self
        }
    }

    /// Adds what a forked validator found after what this one found.
    fn absorb(&mut self, other: Validator<'a>) {
        self.out.extend(other.out);
        for (file, count) in other.waited {
            *self.waited.entry(file).or_default() += count;
        }
    }

    /// Every force's id, in data order.
    fn force_ids(&self) -> Known<'a> {
        let dataset: &'a Dataset = self.dataset;
        Known::new(dataset.forces.iter().map(|f| f.id.value.as_str()))
            .unless_broken(self.broken, |f| f == FORCES)
    }

    /// Whether a check must wait because a file it depends on (one that
    /// `depends` picks) is broken; if so, the wait is counted against each.
    fn waits_on(&mut self, depends: impl Fn(&str) -> bool) -> bool {
        let broken: &'a BTreeSet<String> = self.broken;
        let mut waits = false;
        for file in broken.iter().filter(|f| depends(f)) {
            *self.waited.entry(file.as_str()).or_default() += 1;
            waits = true;
        }
        waits
    }

    /// One note per broken file that checks waited for.
    fn notes(&mut self) {
        for (file, count) in std::mem::take(&mut self.waited) {
            self.out.push(
                Diagnostic::note(
                    file,
                    format!("{count} check(s) that depend on this file were not run, because it has errors"),
                )
                .with_hint("fix the errors in this file and check again: those checks run then, and may find more"),
            );
        }
    }

    fn vocabulary(&mut self) {
        let vocabulary = &self.dataset.vocabulary;
        self.unique("stance", vocabulary.stances.iter().map(|t| &t.id));
        self.unique("status", vocabulary.statuses.iter().map(|t| &t.id));
        for t in vocabulary.stances.iter().chain(&vocabulary.statuses) {
            self.id_format(&t.id);
        }
        let statuses: BTreeSet<&str> = vocabulary
            .statuses
            .iter()
            .map(|t| t.id.value.as_str())
            .collect();
        for required in REQUIRED_STATUSES {
            if !statuses.contains(required) {
                self.out.push(
                    Diagnostic::error(
                        "data/vocabulary.toml",
                        format!("the status `{required}` is missing"),
                    )
                    .with_field("status")
                    .with_hint(format!(
                        "the site needs these statuses: {}",
                        REQUIRED_STATUSES.join(", ")
                    )),
                );
            }
        }
    }

    fn sources(&mut self) {
        self.unique("source file", self.dataset.sources.iter().map(|s| &s.file));
        for seed in self.dataset.seeds.iter() {
            if self.source_files.set.contains(seed.as_str()) {
                continue;
            }
            let hint = if seed.contains('/') {
                "source documents sit directly in seeds/: move it there and list it as a [[source]] in data/sources.toml, or delete it"
            } else {
                "list it as a [[source]] in data/sources.toml so records can cite it, or delete it if the site does not use it"
            };
            self.out.push(
                Diagnostic::warning(
                    "unlisted-source",
                    format!("seeds/{seed}"),
                    "this document is not listed in data/sources.toml",
                )
                .with_hint(hint),
            );
        }
    }

    fn rocus(&mut self) {
        let rocus = &self.dataset.rocus;
        self.unique("ROCU id", rocus.iter().map(|r| &r.id));
        let forces_unknown = self.waits_on(|f| f == FORCES);
        let served: BTreeSet<&str> = self
            .dataset
            .forces
            .iter()
            .map(|f| f.rocu.value.as_str())
            .collect();
        for rocu in rocus {
            self.id_format(&rocu.id);
            self.source_exists(&rocu.source);
            if !forces_unknown && !served.contains(rocu.id.value.as_str()) {
                self.out.push(
                    Diagnostic::at(&rocu.id.origin, "id", format!("the ROCU `{}` serves no force", rocu.id.value))
                        .with_hint("set `rocu = \"…\"` on the forces it serves in data/forces.toml, or remove this ROCU"),
                );
            }
        }
    }

    fn forces(&mut self) {
        let forces = &self.dataset.forces;
        self.unique("force id", forces.iter().map(|f| &f.id));
        let rocu_ids = Known::new(self.dataset.rocus.iter().map(|r| r.id.value.as_str()))
            .unless_broken(self.broken, |f| f == ROCUS);
        for force in forces {
            self.id_format(&force.id);
            self.reference(&force.rocu, "rocu", "ROCU", &rocu_ids);
            self.source_exists(&force.source);
            for person in force.commissioner.iter().chain(&force.chief_constable) {
                self.source_exists(&person.source);
            }
        }
    }

    fn inspections(&mut self) {
        let inspections = &self.dataset.inspections;
        self.unique("inspection id", inspections.iter().map(|i| &i.id));
        let history_ids = self.history_ids();
        for inspection in inspections {
            self.id_format(&inspection.id);
            let stem = inspection
                .origin
                .file
                .rsplit('/')
                .next()
                .and_then(|n| n.strip_suffix(".toml"))
                .unwrap_or_default();
            if inspection.id.value != stem {
                self.out.push(
                    Diagnostic::at(
                        &inspection.id.origin,
                        "id",
                        format!(
                            "the id `{}` does not match the file name `{stem}.toml`",
                            inspection.id.value
                        ),
                    )
                    .with_hint(format!(
                        "rename the file to `{}.toml`, or change the id",
                        inspection.id.value
                    )),
                );
            }
            self.source_exists(&inspection.source);
            self.unique(
                "cause of concern id",
                inspection.causes_of_concern.iter().map(|c| &c.id),
            );
            self.unique(
                "area for improvement id",
                inspection.areas_for_improvement.iter().map(|a| &a.id),
            );
            self.unique_numbers(inspection);
            self.inspection_duty(inspection);
            let causes =
                Known::new((inspection.causes_of_concern.iter()).map(|c| c.id.value.as_str()));
            for r in &inspection.recommendations {
                if let Some(cause) = &r.cause_of_concern {
                    self.reference(cause, "cause_of_concern", "cause of concern", &causes);
                }
                for repeated in &r.repeats {
                    self.repeat(repeated);
                }
                self.history(r, &history_ids);
                // A blank or unknown entry was reported and left out.
                if r.applies_to.is_empty() && !self.waits_on(|f| f == inspection.origin.file) {
                    self.out.push(
                        Diagnostic::at(&r.origin, "applies_to", "`applies_to` is empty")
                            .with_hint("list who must act: any of `national`, `regions`, `forces`"),
                    );
                }
            }
        }
    }

    fn unique_numbers(&mut self, inspection: &Inspection) {
        let mut seen = BTreeSet::new();
        for r in &inspection.recommendations {
            if r.number.value == 0 {
                self.out.push(
                    Diagnostic::at(
                        &r.number.origin,
                        "number",
                        "recommendation numbers start at 1",
                    )
                    .with_hint("use the number the report gives"),
                );
            }
            if !seen.insert(r.number.value) {
                self.out.push(
                    Diagnostic::at(
                        &r.number.origin,
                        "number",
                        format!("recommendation {} is defined twice", r.number.value),
                    )
                    .with_hint("each recommendation number appears once per inspection"),
                );
            }
        }
    }

    fn repeat(&mut self, repeated: &Located<String>) {
        let found = RecommendationKey::parse(&repeated.value).is_some_and(|key| {
            (self.inspections.get(key.inspection.as_str()))
                .is_some_and(|i| i.recommendation(key.number).is_some())
        });
        if !found && !self.waits_on(is_inspection_file) {
            let keys: Vec<String> = (self.dataset.inspections.iter())
                .flat_map(|i| {
                    (i.recommendations.iter())
                        .map(move |r| format!("{}/{}", i.id.value, r.number.value))
                })
                .collect();
            let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            self.out.push(
                Diagnostic::at(
                    &repeated.origin,
                    "repeats",
                    format!("no recommendation `{}`", repeated.value),
                )
                .with_hint(format!(
                    "write `<inspection id>/<number>`; {}",
                    suggest(&repeated.value, &key_refs)
                )),
            );
        }
    }

    fn responses(&mut self) {
        let refs = ResponseRefs {
            forces: self.force_ids(),
            inspections: Known::new((self.dataset.inspections.iter()).map(|i| i.id.value.as_str()))
                .unless_broken(self.broken, is_inspection_file),
            stances: Known::new(
                (self.dataset.vocabulary.stances.iter()).map(|s| s.id.value.as_str()),
            )
            .unless_broken(self.broken, |f| f == VOCABULARY),
        };
        // With a file broken, a check may wait for it, counted for the
        // note that says so: each is run again until all load cleanly.
        let kept = self.kept;
        let mut checking = (kept.remembers() && self.broken.is_empty())
            .then(|| kept.begin(self.context_of_responses(&refs)));
        let mut recorded: HashMap<(&str, &str), &str> = HashMap::new();
        for response in &self.dataset.responses {
            let pair = (
                response.force.value.as_str(),
                response.inspection.value.as_str(),
            );
            match recorded.entry(pair) {
                Entry::Occupied(first) => self.second_response(response, first.get()),
                Entry::Vacant(slot) => {
                    slot.insert(&response.origin.file);
                }
            }
            match checking.as_mut() {
                // A blank source's hint depends on what every record cites.
                Some(checking) if !is_blank(&response.source.value) => {
                    let inspection = self.inspections.get(response.inspection.value.as_str());
                    let source = self.quote_indexes.get(&response.source.value);
                    let found = checking.response(response, inspection.copied(), source, || {
                        let from = self.out.len();
                        self.response(response, &refs);
                        self.out.split_off(from)
                    });
                    self.out.extend_from_slice(found);
                }
                _ => self.response(response, &refs),
            }
        }
        if let Some(checking) = checking {
            checking.finish();
        }
        let ids: Vec<Located<String>> = self
            .dataset
            .responses
            .iter()
            .map(|r| Located {
                value: r.id.clone(),
                origin: Origin {
                    file: r.origin.file.clone(),
                    span: 0..0,
                },
            })
            .collect();
        for id in &ids {
            self.id_format(id);
        }
    }

    /// The checks of one response alone, against the ids it names.
    fn response(&mut self, response: &Response, refs: &ResponseRefs<'a>) {
        self.reference(&response.force, "force", "force", &refs.forces);
        self.reference(
            &response.inspection,
            "inspection",
            "inspection",
            &refs.inspections,
        );
        self.source_exists(&response.source);
        let inspection = self
            .inspections
            .get(response.inspection.value.as_str())
            .copied();
        // A broken inspection file may have lost recommendations.
        let numbers_known =
            inspection.is_some_and(|i| !self.waits_on(|f| f == i.origin.file.as_str()));
        let mut seen = BTreeSet::new();
        for position in &response.positions {
            self.reference(&position.stance, "stance", "stance", &refs.stances);
            let number = position.recommendation.value;
            if let Some(inspection) = inspection.filter(|_| numbers_known)
                && inspection.recommendation(number).is_none()
            {
                let numbers: Vec<String> = inspection
                    .recommendations
                    .iter()
                    .map(|r| r.number.value.to_string())
                    .collect();
                self.out.push(
                    Diagnostic::at(
                        &position.recommendation.origin,
                        "recommendation",
                        format!(
                            "inspection `{}` has no recommendation {number}",
                            inspection.id.value
                        ),
                    )
                    .with_hint(format!(
                        "its recommendations are numbered {}",
                        numbers.join(", ")
                    )),
                );
            }
            if !seen.insert(number) {
                self.out.push(
                    Diagnostic::at(
                        &position.recommendation.origin,
                        "recommendation",
                        format!("a second position on recommendation {number} in the same response"),
                    )
                    .with_hint("record one position per recommendation; put further quotations in a `[[point]]`"),
                );
            }
            self.quotation(&position.quote, &response.source.value);
        }
        let causes = Known::new(
            (inspection.iter())
                .flat_map(|i| &i.causes_of_concern)
                .map(|c| c.id.value.as_str()),
        )
        .unless_broken(self.broken, |f| {
            inspection.is_some_and(|i| i.origin.file == f)
        });
        for point in &response.points {
            self.quotation(&point.quote, &response.source.value);
            if let Some(cause) = &point.cause_of_concern
                && inspection.is_some()
            {
                self.reference(cause, "cause_of_concern", "cause of concern", &causes);
            }
        }
    }

    /// A hash of every id a response's checks look up, beside its own
    /// inspection's (see [`kept`]).
    fn context_of_responses(&self, refs: &ResponseRefs) -> u64 {
        let sources: Vec<(&str, bool)> = (self.dataset.sources.iter())
            .map(|s| (s.file.value.as_str(), s.kind == SourceKind::Legislation))
            .collect();
        memo::key(&(
            &refs.forces.ids,
            &refs.inspections.ids,
            &refs.stances.ids,
            sources,
        ))
    }

    /// `new response` refuses to start a second response from a force to
    /// an inspection; one written by hand is refused here, or one of the
    /// two would silently win.
    fn second_response(&mut self, response: &Response, first: &str) {
        self.out.push(
            Diagnostic::at(
                &response.force.origin,
                "force",
                format!(
                    "a second response from `{}` to `{}`: {first} records it already",
                    response.force.value, response.inspection.value
                ),
            )
            .with_hint("a force's response to an inspection is recorded once: keep one of the two files and delete the other"),
        );
    }

    fn quotation(&mut self, quote: &Located<String>, source_file: &str) {
        // A missing source is reported once, by `source_exists`.
        let Some(index) = self.quote_indexes.get(source_file) else {
            let legislation = (self.dataset.sources.iter())
                .any(|s| s.file.value == source_file && s.kind == SourceKind::Legislation);
            if legislation && !is_blank(&quote.value) {
                self.out.push(
                    Diagnostic::at(&quote.origin, "quote", format!("`{source_file}` is legislation, which is not kept on this site, so this quotation cannot be checked"))
                        .with_hint("quote a document in seeds/: set the record's `source` to the file the words come from"),
                );
            }
            return;
        };
        if is_blank(&quote.value) {
            return;
        }
        if index.find(&quote.value).is_none() {
            const EXACTLY: &str = "copy the words exactly from the source; only line breaks, spaces, quote marks and dashes may differ";
            let hint = match index.closest(&quote.value) {
                Some(closest) => format!(
                    "the closest passage is {}: where the quotation has “{}”, the source has “{}”; {EXACTLY}",
                    closest
                        .paragraph
                        .map_or_else(|| "in the source".to_string(), |p| format!("paragraph {p}")),
                    closest.quotation,
                    closest.source
                ),
                None => format!("no passage of the source starts or ends like it; {EXACTLY}"),
            };
            self.out.push(
                Diagnostic::at(
                    &quote.origin,
                    "quote",
                    format!("this quotation is not in `seeds/{source_file}`"),
                )
                .with_hint(hint),
            );
        }
    }

    fn pages(&mut self) {
        // Links and commentary name records and pages, which any data or
        // content file may make.
        if self.waits_on(|f| f.starts_with("data/") || f.starts_with("content/")) {
            return;
        }
        let targets = Targets::of(self.dataset);
        let targets_key = memo::key(&targets);
        let mut roles = BTreeSet::new();
        for page in &self.dataset.pages {
            if !roles.insert(page.role.clone()) {
                self.out.push(Diagnostic::error(
                    &page.origin.file,
                    "a second file for the same page or commentary",
                ));
            }
            match &page.role {
                PageRole::Page(slug) if RESERVED.contains(&slug.as_str()) => self.out.push(
                    Diagnostic::error(
                        &page.origin.file,
                        format!("`{slug}` is used by the site itself"),
                    )
                    .with_hint("rename the file"),
                ),
                PageRole::Page(slug) if !is_id(slug) => self.out.push(
                    Diagnostic::error(
                        &page.origin.file,
                        format!("`{slug}` cannot be used in a URL"),
                    )
                    .with_hint(
                        "name pages with lowercase letters, digits and hyphens, e.g. `about.md`",
                    ),
                ),
                PageRole::Commentary(target) if targets.path(target).is_none() => {
                    let ids = targets.ids_like(target);
                    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                    let stem = page
                        .origin
                        .file
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches(".md");
                    self.out.push(
                        Diagnostic::error(
                            &page.origin.file,
                            "this commentary is about a record that does not exist",
                        )
                        .with_hint(suggest(stem, &id_refs)),
                    );
                }
                _ => {}
            }
            let origin = Origin {
                file: page.origin.file.clone(),
                span: page.body_offset..page.origin.span.end,
            };
            self.markdown(&page.body, &origin, None, (&targets, targets_key));
        }
        let summaries = self
            .dataset
            .inspections
            .iter()
            .map(|i| &i.summary)
            .chain(self.dataset.responses.iter().map(|r| &r.summary));
        for summary in summaries {
            self.markdown(
                &summary.value,
                &summary.origin,
                Some("summary"),
                (&targets, targets_key),
            );
        }
    }

    /// The force map's tiles (`data/tiles.toml`): each names a force that
    /// exists, once, on a place of its own, with a label that fits.
    fn tiles(&mut self) {
        use answerable_data::load::{MAX_TILE_LABEL, MAX_TILE_POSITION};
        let force_ids = self.force_ids();
        let mut forces: BTreeMap<&str, &Origin> = BTreeMap::new();
        let mut places: BTreeMap<(u32, u32), &Tile> = BTreeMap::new();
        for tile in &self.dataset.tiles {
            self.reference(&tile.force, "force", "force", &force_ids);
            if let Some(first) = forces.insert(tile.force.value.as_str(), &tile.force.origin) {
                let hint = format!(
                    "its tile is already placed {}; remove one of the two",
                    self.on_line(first)
                );
                self.out.push(
                    Diagnostic::at(
                        &tile.force.origin,
                        "force",
                        format!("a second tile for the force `{}`", tile.force.value),
                    )
                    .with_hint(hint),
                );
            }
            for (field, value) in [("column", &tile.column), ("row", &tile.row)] {
                if value.value > MAX_TILE_POSITION {
                    self.out.push(
                        Diagnostic::at(
                            &value.origin,
                            field,
                            format!("{field} {} is off the map", value.value),
                        )
                        .with_hint(format!("columns and rows go from 0 to {MAX_TILE_POSITION}")),
                    );
                }
            }
            let place = (tile.column.value, tile.row.value);
            if let Some(first) = places.get(&place) {
                let hint = format!(
                    "`{}` is already there ({}); each tile holds one force, so move one of them",
                    first.force.value,
                    self.on_line(&first.origin)
                );
                self.out.push(
                    Diagnostic::at(
                        &tile.column.origin,
                        "column",
                        format!(
                            "`{}` is on the same tile as `{}` (column {}, row {})",
                            tile.force.value, first.force.value, place.0, place.1
                        ),
                    )
                    .with_hint(hint),
                );
            } else {
                places.insert(place, tile);
            }
            if let Some(label) = &tile.label
                && label.value.chars().count() > MAX_TILE_LABEL
            {
                self.out.push(
                    Diagnostic::at(
                        &label.origin,
                        "label",
                        format!(
                            "the label `{}` is longer than {MAX_TILE_LABEL} characters",
                            label.value
                        ),
                    )
                    .with_hint("shorten it so it fits on the tile; the force's full name is shown beside the map"),
                );
            }
        }
    }

    /// "in data/tiles.toml on line 12", for hints that point at an
    /// earlier record.
    fn on_line(&self, origin: &Origin) -> String {
        match self.files.get(&origin.file) {
            Some(text) => format!(
                "in {} on line {}",
                origin.file,
                line_column(text, origin.span.start).0
            ),
            None => format!("in {}", origin.file),
        }
    }

    /// Warns about what is missing but may legitimately be missing for a
    /// while: a response not yet published, commentary not yet written.
    /// One warning per inspection, so the list stays readable.
    fn gaps(&mut self) {
        let inputs = |f: &str| {
            f == FORCES
                || is_inspection_file(f)
                || f.starts_with("data/responses/")
                || f.starts_with("content/")
        };
        if self.waits_on(inputs) {
            return;
        }
        let responded: BTreeSet<(&str, &str)> = self
            .dataset
            .responses
            .iter()
            .map(|r| (r.inspection.value.as_str(), r.force.value.as_str()))
            .collect();
        let with_commentary: BTreeSet<&RecommendationKey> = self
            .dataset
            .pages
            .iter()
            .filter_map(|p| match &p.role {
                PageRole::Commentary(EntityRef::Recommendation(key)) => Some(key),
                _ => None,
            })
            .collect();
        for inspection in &self.dataset.inspections {
            let id = inspection.id.value.as_str();
            if inspection
                .recommendations
                .iter()
                .any(|r| r.concerns_forces())
            {
                let silent: Vec<&str> = self
                    .dataset
                    .forces
                    .iter()
                    .map(|f| f.id.value.as_str())
                    .filter(|force| !responded.contains(&(id, force)))
                    .collect();
                if !silent.is_empty() {
                    self.out.push(
                        Diagnostic::warning(
                            "no-response",
                            &inspection.id.origin.file,
                            format!(
                                "{} of {} forces have no response on record to `{id}`",
                                silent.len(),
                                self.dataset.forces.len()
                            ),
                        )
                        .with_span(inspection.id.origin.span.clone())
                        .with_field("id")
                        .with_hint(format!(
                            "when one is published, add data/responses/<force>-{id}.toml; no response yet from {}",
                            list_some(&silent)
                        )),
                    );
                }
            }
            let uncommented: Vec<String> = inspection
                .recommendations
                .iter()
                .filter(|r| {
                    !with_commentary.contains(&RecommendationKey {
                        inspection: id.to_string(),
                        number: r.number.value,
                    })
                })
                .map(|r| r.number.value.to_string())
                .collect();
            if !uncommented.is_empty() {
                self.out.push(
                    Diagnostic::warning(
                        "no-commentary",
                        &inspection.id.origin.file,
                        format!(
                            "{} of {} recommendations of `{id}` have no commentary",
                            uncommented.len(),
                            inspection.recommendations.len()
                        ),
                    )
                    .with_span(inspection.id.origin.span.clone())
                    .with_field("id")
                    .with_hint(format!(
                        "write content/recommendations/{id}/<number>.md; none yet for {}",
                        list_some(&uncommented)
                    )),
                );
            }
        }
    }

    /// Reports problems in markdown. In a content page, `origin` is the
    /// body and problems point at their exact place; in a TOML field, they
    /// point at the field's value.
    fn markdown(
        &mut self,
        text: &str,
        origin: &Origin,
        field: Option<&str>,
        (targets, targets_key): (&Targets, u64),
    ) {
        // A link's problems depend on the pages it may point to, too.
        let key = memo::key(&(text, targets_key));
        let problems = (self.memos.problems).get_or(key, || markdown::check(text, targets));
        for problem in problems {
            let span = match field {
                Some(_) => origin.span.clone(),
                None => {
                    problem.span.start + origin.span.start..problem.span.end + origin.span.start
                }
            };
            let mut d = if problem.is_error {
                Diagnostic::error(&origin.file, problem.message)
            } else {
                Diagnostic::warning("raw-html", &origin.file, problem.message)
            };
            d = d.with_span(span);
            if let Some(field) = field {
                d = d.with_field(field);
            }
            if let Some(hint) = problem.hint {
                d = d.with_hint(hint);
            }
            self.out.push(d);
        }
    }

    fn unique<'b>(&mut self, what: &str, ids: impl Iterator<Item = &'b Located<String>>) {
        let mut seen: BTreeMap<&str, &Origin> = BTreeMap::new();
        for id in ids {
            if let Some(first) = seen.insert(id.value.as_str(), &id.origin) {
                let line = self
                    .files
                    .get(&first.file)
                    .map(|t| line_column(t, first.span.start).0);
                self.out.push(
                    Diagnostic::at(&id.origin, "id", format!("duplicate {what} `{}`", id.value))
                        .with_hint(format!(
                            "it is already used in {}{}; ids must be unique",
                            first.file,
                            line.map(|l| format!(" on line {l}")).unwrap_or_default()
                        )),
                );
            }
        }
    }

    fn reference(&mut self, reference: &Located<String>, field: &str, kind: &str, known: &Known) {
        if known.set.contains(reference.value.as_str()) {
            return;
        }
        if is_blank(&reference.value) {
            // The loader reported the blank; this says what may fill it.
            if !known.ids.is_empty() {
                self.out.push(
                    Diagnostic::at(&reference.origin, field, format!("`{field}` is empty"))
                        .with_hint(format!(
                            "it is required: write the {kind}'s id between the quotes, one of {}",
                            choices(&known.ids)
                        )),
                );
            }
            return;
        }
        if !self.waits_on(|f| known.maybe_in.contains(&f)) {
            self.out.push(
                Diagnostic::at(
                    &reference.origin,
                    field,
                    format!("unknown {kind} `{}`", reference.value),
                )
                .with_hint(suggest(&reference.value, &known.ids)),
            );
        }
    }

    fn source_exists(&mut self, source: &Located<String>) {
        if self.source_files.set.contains(source.value.as_str()) || self.waits_on(|f| f == SOURCES)
        {
            return;
        }
        if is_blank(&source.value) {
            self.blank_source(source);
            return;
        }
        let files = &self.source_files;
        self.out.push(
            Diagnostic::at(
                &source.origin,
                "source",
                format!("unknown source document `{}`", source.value),
            )
            .with_hint(format!(
                "list it in data/sources.toml and put the file in seeds/; {}",
                suggest(&source.value, &files.ids)
            )),
        );
    }

    /// A blank `source`: the documents that no record cites yet are the
    /// likeliest to be meant, so they are offered first.
    fn blank_source(&mut self, source: &Located<String>) {
        let dataset = self.dataset;
        let cited: HashSet<&str> = (dataset.responses.iter().map(|r| &r.source))
            .chain(dataset.inspections.iter().map(|i| &i.source))
            .chain(dataset.forces.iter().map(|f| &f.source))
            .chain(dataset.rocus.iter().map(|r| &r.source))
            .map(|s| s.value.as_str())
            .collect();
        let documents: Vec<&str> = (dataset.sources.iter())
            .filter(|s| s.kind != SourceKind::Legislation)
            .map(|s| s.file.value.as_str())
            .collect();
        let uncited: Vec<&str> = (documents.iter().copied())
            .filter(|f| !cited.contains(f))
            .collect();
        let hint = if uncited.is_empty() {
            format!(
                "it is required: write the file name of the document in seeds/ that this comes from, one of {}",
                choices(&documents)
            )
        } else {
            format!(
                "it is required: write the file name of the document in seeds/ that this comes from; not yet cited by any record: {}",
                choices(&uncited)
            )
        };
        self.out
            .push(Diagnostic::at(&source.origin, "source", "`source` is empty").with_hint(hint));
    }

    fn id_format(&mut self, id: &Located<String>) {
        if !is_id(&id.value) && !is_blank(&id.value) {
            self.out.push(
                Diagnostic::at(
                    &id.origin,
                    "id",
                    format!("`{}` is not a valid id", id.value),
                )
                .with_hint(
                    "ids use lowercase letters, digits and single hyphens, e.g. `west-yorkshire`",
                ),
            );
        }
    }
}

/// Lowercase ASCII letters and digits separated by single hyphens.
/// The first few items of a list, and how many more.
/// The ids an editor may choose from: all of a short list, or the first
/// few of a long one.
fn choices(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    if quoted.len() <= 12 {
        quoted.join(", ")
    } else {
        list_some(&quoted)
    }
}

fn list_some(items: &[impl AsRef<str>]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<&str> = items.iter().take(SHOWN).map(|i| i.as_ref()).collect();
    match items.len().saturating_sub(SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

pub fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_hyphenated() {
        assert!(is_id("west-yorkshire"));
        assert!(is_id("002_682a47d598012fc3"));
        assert!(!is_id("West-Yorkshire"));
        assert!(!is_id("west--yorkshire"));
        assert!(!is_id("west yorkshire"));
        assert!(!is_id(""));
        assert!(!is_id("-x"));
    }
}
