//! The shapes of the files as written, and the closed sets of values
//! their fields take.

use super::*;

// The shapes of the files as written. `deny_unknown_fields` turns a typo
// into an error that lists the allowed names.
//
// The same types generate the JSON Schemas editors validate against while
// typing (`crate::schemas`), so every doc comment here is shown to the
// people who edit the data when they hover over a field in VS Code: write
// them for those people. `Spanned<T>` is only where a value was found, so
// its schema is `T`'s. Dates are strings in a schema because Taplo (the
// TOML engine of VS Code's Even Better TOML) turns TOML dates into strings
// before validating; see `schemas.rs`.

/// `data/vocabulary.toml`: the words the site uses to describe positions
/// (`[[stance]]`), statuses (`[[status]]`) and delivery (`[[delivery]]`),
/// and the duties to respond within a time (`[[duty]]`).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Vocabulary")]
pub(crate) struct RawVocabulary {
    /// What a response can say about one recommendation; each `[[position]]`
    /// in a response picks one by its `id`.
    #[serde(default)]
    pub(crate) stance: Vec<RawTerm>,
    /// What the site can say about a force and a recommendation. The site
    /// needs `position-recorded`, `no-position`, `no-response` and
    /// `not-applicable`.
    #[serde(default)]
    pub(crate) status: Vec<RawTerm>,
    /// What has become of a recommendation since: each
    /// `[[recommendation.history]]` entry picks one by its `id`.
    #[serde(default)]
    pub(crate) delivery: Vec<RawDeliveryTerm>,
    /// A duty to publish comments on a report within a number of days,
    /// such as the 56-day duty of section 55 of the Police Act 1996.
    #[serde(default)]
    pub(crate) duty: Vec<RawDuty>,
}

/// One delivery status, e.g. `reported-complete`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DeliveryTerm")]
pub(crate) struct RawDeliveryTerm {
    /// Lowercase letters, digits and hyphens, e.g. `in-progress`.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) id: Spanned<String>,
    /// A short label shown on the pages.
    pub(crate) label: String,
    /// One or two sentences saying what it means.
    pub(crate) description: String,
    /// `true` while the recommendation is still open in this status (a
    /// body's own claim to be done leaves it open); `false` once nothing
    /// more is expected (assessed complete, superseded).
    pub(crate) open: bool,
}

/// A duty to publish comments within a number of days of a report.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Duty")]
pub(crate) struct RawDuty {
    /// Lowercase letters, digits and hyphens, e.g. `police-act-1996-s55`.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) id: Spanned<String>,
    /// Its name on the pages, e.g. "the 56-day duty".
    pub(crate) name: String,
    /// How many days the window lasts.
    #[schemars(extend("minimum" = 1))]
    pub(crate) days: u32,
    /// Which day is day 1: `publication` (the day the report is
    /// published) or `day-after-publication`.
    #[schemars(with = "String", extend("enum" = ids(&COUNTED_FROM)))]
    pub(crate) counted_from: Spanned<String>,
    /// The `id` of the legislation in `data/sources.toml` it comes from;
    /// the inspection pages link to it.
    #[schemars(with = "Option<String>")]
    pub(crate) law: Option<Spanned<String>>,
    /// What the duty asks of whom, in a sentence or two for readers.
    pub(crate) description: String,
}

/// One word of the vocabulary.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Term")]
pub(crate) struct RawTerm {
    /// Lowercase letters, digits and hyphens, e.g. `reports-met`.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) id: Spanned<String>,
    /// A short label shown on the pages.
    pub(crate) label: String,
    /// One or two sentences saying what it means.
    pub(crate) description: String,
}

/// `data/sources.toml`: the source documents kept in `seeds/`, one
/// `[[source]]` per file.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Sources")]
pub(crate) struct RawSources {
    /// One source document.
    #[serde(default)]
    #[schemars(with = "Vec<RawSource>")]
    pub(crate) source: Vec<Spanned<RawSource>>,
}

/// A source document kept, unchanged, in `seeds/`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Source")]
pub(crate) struct RawSource {
    /// The file's name in `seeds/`, e.g. `000_db42d9bd31ac33d6.txt`
    /// (every kind but `legislation`).
    #[schemars(with = "Option<String>")]
    pub(crate) file: Option<Spanned<String>>,
    /// For `legislation` only, which is not kept in `seeds/`: its id, used
    /// in its page's address `/sources/<id>/`.
    #[schemars(with = "Option<String>", extend("pattern" = ID_PATTERN))]
    pub(crate) id: Option<Spanned<String>>,
    /// For `legislation` only: where it is published.
    pub(crate) url: Option<String>,
    /// A descriptive title.
    pub(crate) title: String,
    /// `true` when the document gives itself no title: `title` is then a
    /// description written for the site, and pages say so. One wording
    /// for the same document everywhere (the inspection and its source).
    #[serde(default)]
    pub(crate) untitled: bool,
    /// Who wrote or published it.
    pub(crate) author: String,
    /// As precise as the document allows: `2021-04-07` (no quotes), or
    /// `"2021-02"` / `"2021"` when it gives only a month or a year. Leave
    /// it out if the document is undated.
    #[schemars(with = "Option<DateField>")]
    pub(crate) date: Option<Spanned<toml::Value>>,
    /// `report` (an inspection report), `response` (a response to one) or
    /// `legislation` (the law the site relies on, linked, not kept).
    #[schemars(with = "String", extend("enum" = ids(&SOURCE_KINDS)))]
    pub(crate) kind: Spanned<String>,
    /// One or two sentences about the document.
    pub(crate) description: Option<String>,
    /// Where the document is published, as an address (`https://…`),
    /// shown on its page so readers can reach the original. Only where
    /// recorded from a source or the publisher's site: never guessed.
    /// Not for `legislation`, which has `url`.
    #[schemars(with = "Option<String>", extend("pattern" = "^https?://"))]
    pub(crate) published_at: Option<Spanned<String>>,
}

/// `data/rocus.toml`: the regional organised crime units, one `[[rocu]]`
/// each.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rocus")]
pub(crate) struct RawRocus {
    /// One regional organised crime unit. Its forces are not listed here:
    /// each `[[force]]` in `data/forces.toml` names its ROCU.
    #[serde(default)]
    #[schemars(with = "Vec<RawRocu>")]
    pub(crate) rocu: Vec<Spanned<RawRocu>>,
}

/// A regional organised crime unit (ROCU).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rocu")]
pub(crate) struct RawRocu {
    /// Used in the page address `/rocus/<id>/`: lowercase letters, digits
    /// and hyphens. Never change it once published.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) id: Spanned<String>,
    /// The name the source uses.
    pub(crate) name: String,
    /// Other names used by other sources (searchable, shown on the page).
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    /// The policing region it serves.
    pub(crate) region: String,
    /// What the source says about when it was set up, as text; where
    /// sources disagree, what each says.
    pub(crate) established: Option<String>,
    /// Where the sources doubt that it exists at all, what they say, in
    /// brief. Shown beside its name wherever it is listed, and exported.
    pub(crate) status: Option<String>,
    /// The file in `seeds/` this was taken from (listed in
    /// `data/sources.toml`).
    #[schemars(with = "String")]
    pub(crate) source: Spanned<String>,
    /// Where sources disagree or a fact needs context; each note says which
    /// source says what.
    #[serde(default)]
    pub(crate) notes: Vec<String>,
    /// Old addresses of the page, kept working (see docs/urls.md).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) redirect_from: Vec<Spanned<String>>,
}

/// `data/forces.toml`: the police forces, one `[[force]]` each, each
/// naming the ROCU that serves it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Forces")]
pub(crate) struct RawForces {
    /// One police force.
    #[serde(default)]
    #[schemars(with = "Vec<RawForce>")]
    pub(crate) force: Vec<Spanned<RawForce>>,
}

/// A police force.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Force")]
pub(crate) struct RawForce {
    /// Used in the page address `/forces/<id>/`: lowercase letters, digits
    /// and hyphens. Never change it once published.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) id: Spanned<String>,
    /// The name as the source gives it.
    pub(crate) name: String,
    /// The `id` of the ROCU that serves the force (from `data/rocus.toml`).
    #[schemars(with = "String")]
    pub(crate) rocu: Spanned<String>,
    /// The file in `seeds/` that says which ROCU serves the force.
    #[schemars(with = "String")]
    pub(crate) source: Spanned<String>,
    /// Context, each note saying which source says what.
    #[serde(default)]
    pub(crate) notes: Vec<String>,
    /// The police and crime commissioner, only where a source names them.
    pub(crate) commissioner: Option<RawPerson>,
    /// The chief constable, only where a source names them.
    pub(crate) chief_constable: Option<RawPerson>,
    /// Old addresses of the page, kept working (see docs/urls.md).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) redirect_from: Vec<Spanned<String>>,
}

/// `data/tiles.toml`: where each force's tile sits on the force map, one
/// `[[tile]]` each. Presentation, not facts: no source gives these
/// positions, so they name no source. A force without a tile is listed
/// beside the map rather than drawn on it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Tiles")]
pub(crate) struct RawTiles {
    /// One force's place on the map.
    #[serde(default)]
    #[schemars(with = "Vec<RawTile>")]
    pub(crate) tile: Vec<Spanned<RawTile>>,
}

/// One force's tile on the force map.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Tile")]
pub(crate) struct RawTile {
    /// The `id` of the force (from `data/forces.toml`).
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) force: Spanned<String>,
    /// Its column on the map, from 0 at the left.
    #[schemars(with = "u32", extend("maximum" = MAX_TILE_POSITION))]
    pub(crate) column: Spanned<u32>,
    /// Its row on the map, from 0 at the top.
    #[schemars(with = "u32", extend("maximum" = MAX_TILE_POSITION))]
    pub(crate) row: Spanned<u32>,
    /// Up to four characters shown on the tile, e.g. `NYK`; the first three
    /// letters of the force's name when left out. The full name is shown
    /// beside the map and read out by screen readers.
    #[schemars(with = "Option<String>", extend("maxLength" = MAX_TILE_LABEL))]
    pub(crate) label: Option<Spanned<String>>,
}

/// The largest column or row a tile may have: enough for any map of
/// forces, small enough that a typo (`row = 400`) is caught.
pub const MAX_TILE_POSITION: u32 = 40;

/// The most characters a tile's label may have, so that it fits the tile.
pub const MAX_TILE_LABEL: usize = 4;

/// A person named by a source.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Person")]
pub(crate) struct RawPerson {
    /// Their name, as the source writes it.
    pub(crate) name: String,
    /// Their title, as written, e.g. "Police, Fire and Crime Commissioner".
    pub(crate) role: Option<String>,
    /// The file in `seeds/` that names them.
    #[schemars(with = "String")]
    pub(crate) source: Spanned<String>,
}

/// `data/inspections/<id>.toml`: one inspection report and its
/// recommendations. The file name (without `.toml`) must equal `id`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Inspection")]
pub(crate) struct RawInspection {
    /// The same as the file name without `.toml`; used in the page address
    /// `/inspections/<id>/`. Never change it once published.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) id: Spanned<String>,
    /// The report's title.
    pub(crate) title: String,
    /// `true` when the document gives itself no title: `title` is then a
    /// description written for the site, and pages say so. One wording
    /// for the same document everywhere (the inspection and its source).
    #[serde(default)]
    pub(crate) untitled: bool,
    /// Who inspected, e.g. "HMICFRS".
    pub(crate) inspectorate: String,
    /// What was inspected, in words ("the National Crime Agency").
    pub(crate) subject: String,
    /// When the report was published, as precise as the source allows:
    /// `2021-04-07` (no quotes), or `"2021-02"` / `"2021"`. Leave it out if
    /// no source gives it.
    #[schemars(with = "Option<DateField>")]
    pub(crate) published: Option<Spanned<toml::Value>>,
    /// When the fieldwork took place, in the source's words.
    pub(crate) fieldwork: Option<String>,
    /// Whether commissioners' 56-day duty to publish comments applies:
    /// `applies`, `unsettled` (e.g. a report on the ROCUs, which are not
    /// forces) or `not-applicable` (the report is not about police forces).
    #[schemars(with = "String", extend("enum" = ids(&SECTION_55)))]
    pub(crate) section_55: Spanned<String>,
    /// Which `[[duty]]` of `data/vocabulary.toml` gives the window for
    /// comments, by its `id`. Leave it out where the vocabulary has one duty.
    #[schemars(with = "Option<String>")]
    pub(crate) duty: Option<Spanned<String>>,
    /// The file in `seeds/` holding the report.
    #[schemars(with = "String")]
    pub(crate) source: Spanned<String>,
    /// A short summary; markdown allowed.
    #[schemars(with = "String")]
    pub(crate) summary: Spanned<String>,
    /// The report's causes of concern, in its own words.
    #[serde(default)]
    pub(crate) cause_of_concern: Vec<RawCause>,
    /// Areas for improvement, kept apart from recommendations (the 56-day
    /// duty names recommendations only).
    #[serde(default)]
    pub(crate) area_for_improvement: Vec<RawArea>,
    /// The report's numbered recommendations.
    #[serde(default)]
    #[schemars(with = "Vec<RawRecommendation>")]
    pub(crate) recommendation: Vec<Spanned<RawRecommendation>>,
    /// Old addresses of the page, kept working (see docs/urls.md).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) redirect_from: Vec<Spanned<String>>,
}

/// A cause of concern raised by the report.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CauseOfConcern")]
pub(crate) struct RawCause {
    /// A short id, unique in this inspection, that recommendations and
    /// points refer to.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) id: Spanned<String>,
    /// A short title.
    pub(crate) title: String,
    /// The report's words.
    pub(crate) text: String,
}

/// An area for improvement named by the report.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "AreaForImprovement")]
pub(crate) struct RawArea {
    /// A short id, unique in this inspection.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) id: Spanned<String>,
    /// The report's words.
    pub(crate) text: String,
}

/// One numbered recommendation of the report.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Recommendation")]
pub(crate) struct RawRecommendation {
    /// Its number in the report, from 1; its page is
    /// `/inspections/<id>/recommendations/<number>/`.
    #[schemars(with = "u32", extend("minimum" = 1))]
    pub(crate) number: Spanned<u32>,
    /// The report's own wording, verbatim.
    pub(crate) text: String,
    /// The deadline: `2021-03-31` (no quotes), `"2021-03"` for a month,
    /// `"2021"` for a year, or `"immediate"` for "with immediate effect".
    /// Leave it out if there is none.
    #[schemars(with = "Option<DueField>")]
    pub(crate) due: Option<Spanned<toml::Value>>,
    /// The source's own words for the deadline, e.g. "By March 2021".
    pub(crate) due_text: String,
    /// Who the recommendation is addressed to, in the report's words.
    pub(crate) addressees: Vec<String>,
    /// Who must act: any of `national` (national bodies), `regions`
    /// (regions, through their ROCU), `forces`. Only these count as asked:
    /// a force is listed as not responding only where forces must act.
    #[schemars(with = "Vec<ActorField>")]
    pub(crate) applies_to: Vec<Spanned<String>>,
    /// Who the addressees are only to encourage (or ask to adopt what they
    /// make), not asked to act themselves, e.g. `["forces"]` for "and then
    /// encourage its adoption ... by all relevant forces". Not counted as
    /// asked to act.
    #[serde(default)]
    #[schemars(with = "Vec<ActorField>")]
    pub(crate) encourages: Vec<Spanned<String>>,
    /// The report's own words for which of them, where it narrows them:
    /// "all relevant forces", "the chief officers of the affected forces".
    pub(crate) asked_in_report: Option<String>,
    /// Short lowercase tags.
    #[serde(default)]
    pub(crate) themes: Vec<String>,
    /// The `id` of the cause of concern it answers.
    #[schemars(with = "Option<String>")]
    pub(crate) cause_of_concern: Option<Spanned<String>>,
    /// Earlier recommendations it repeats, as `<inspection id>/<number>`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) repeats: Vec<Spanned<String>>,
    /// Context, e.g. where sources word it differently.
    #[serde(default)]
    pub(crate) notes: Vec<String>,
    /// What has become of it since, one entry per change, each with who
    /// says so: `[[recommendation.history]]` after the recommendation.
    #[serde(default)]
    #[schemars(with = "Vec<RawHistoryEntry>")]
    pub(crate) history: Vec<Spanned<RawHistoryEntry>>,
    /// Each time its deadline was moved: `[[recommendation.deadline_revision]]`.
    /// The original `due` stays as the report gave it.
    #[serde(default)]
    #[schemars(with = "Vec<RawRevision>")]
    pub(crate) deadline_revision: Vec<Spanned<RawRevision>>,
    /// Old addresses of the page, kept working (see docs/urls.md).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) redirect_from: Vec<Spanned<String>>,
}

/// One change in what has become of a recommendation, for one body.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "HistoryEntry")]
pub(crate) struct RawHistoryEntry {
    /// When it was said, as precise as the source: `2021-04-07` (no
    /// quotes), `"2021-04"` or `"2021"`.
    #[schemars(with = "DateField")]
    pub(crate) date: Spanned<toml::Value>,
    /// Whose delivery it is about: `force:<id>`, `rocu:<id>`, or the name
    /// of another body as the source gives it ("Home Office").
    #[schemars(with = "String")]
    pub(crate) body: Spanned<String>,
    /// A delivery `id` from `data/vocabulary.toml`, e.g. `reported-complete`.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) delivery: Spanned<String>,
    /// Who says so: `body` (the body itself: a claim), `inspectorate`
    /// (the inspectorate's assessment), `other` (another body, named in
    /// `asserter`) or `publisher` (this site's own assessment, with
    /// `reasoning`).
    #[schemars(with = "String", extend("enum" = ids(&ASSERTERS)))]
    pub(crate) asserted_by: Spanned<String>,
    /// With `asserted_by = "other"`: who, as the source names them.
    #[schemars(with = "Option<String>")]
    pub(crate) asserter: Option<Spanned<String>>,
    /// With `asserted_by = "publisher"`: why this site judges so.
    #[schemars(with = "Option<String>")]
    pub(crate) reasoning: Option<Spanned<String>>,
    /// The file in `seeds/` that says so (listed in `data/sources.toml`).
    #[schemars(with = "String")]
    pub(crate) source: Spanned<String>,
    /// Words copied exactly from the source. The build checks they are in it.
    #[schemars(with = "String")]
    pub(crate) quote: Spanned<String>,
    /// Context for readers, when the entry needs it.
    pub(crate) note: Option<String>,
}

/// A new deadline for a recommendation.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DeadlineRevision")]
pub(crate) struct RawRevision {
    /// When the deadline was moved, as precise as the source.
    #[schemars(with = "DateField")]
    pub(crate) date: Spanned<toml::Value>,
    /// The new deadline, as `due` is written.
    #[schemars(with = "DateField")]
    pub(crate) due: Spanned<toml::Value>,
    /// The source's own words for it, e.g. "by March 2023".
    pub(crate) due_text: String,
    /// Who moved it, as the source names them.
    pub(crate) set_by: String,
    /// Why, as the source gives it.
    pub(crate) reason: String,
    /// The file in `seeds/` that says so.
    #[schemars(with = "String")]
    pub(crate) source: Spanned<String>,
    /// Words copied exactly from the source. The build checks they are in it.
    #[schemars(with = "String")]
    pub(crate) quote: Spanned<String>,
}

/// `data/responses/<force>-<inspection>.toml`: one published response to
/// an inspection. The file name is the response's id and address.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Response")]
pub(crate) struct RawResponse {
    /// The `id` of the inspection responded to (a file in
    /// `data/inspections/`).
    #[schemars(with = "String")]
    pub(crate) inspection: Spanned<String>,
    /// The `id` of the force whose commissioner responded (from
    /// `data/forces.toml`).
    #[schemars(with = "String")]
    pub(crate) force: Spanned<String>,
    /// Who signed it, as written.
    pub(crate) author: String,
    /// Their title, as written, e.g. "Police and Crime Commissioner".
    pub(crate) role: String,
    /// The date on the document: `2021-04-07` (no quotes), or `"2021-04"`
    /// if it gives only a month. Leave it out if it is undated.
    #[schemars(with = "Option<DateField>")]
    pub(crate) date: Option<Spanned<toml::Value>>,
    /// The document's reference, as written.
    pub(crate) reference: Option<String>,
    /// Who it is addressed to, as written.
    pub(crate) addressee: Option<String>,
    /// The file in `seeds/` holding the response (listed in
    /// `data/sources.toml`).
    #[schemars(with = "String")]
    pub(crate) source: Spanned<String>,
    /// A neutral summary; markdown allowed.
    #[schemars(with = "String")]
    pub(crate) summary: Spanned<String>,
    /// What the response says about one recommendation. Record a position
    /// only where the text supports it.
    #[serde(default)]
    pub(crate) position: Vec<RawPosition>,
    /// Points the response raises beyond the recommendations.
    #[serde(default)]
    pub(crate) point: Vec<RawPoint>,
    /// Old addresses of the page, kept working (see docs/urls.md).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) redirect_from: Vec<Spanned<String>>,
}

/// What a response says about one recommendation.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Position")]
pub(crate) struct RawPosition {
    /// The recommendation's number in the inspection.
    #[schemars(with = "u32", extend("minimum" = 1))]
    pub(crate) recommendation: Spanned<u32>,
    /// A stance `id` from `data/vocabulary.toml`, e.g. `reports-met`,
    /// `action-planned`, `acknowledged`.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    pub(crate) stance: Spanned<String>,
    /// Words copied exactly from the source that support the stance. The
    /// build checks they are in the source.
    #[schemars(with = "String")]
    pub(crate) quote: Spanned<String>,
    /// Why the stance was chosen, when it is not obvious.
    pub(crate) note: Option<String>,
}

/// A point the response raises beyond the recommendations.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Point")]
pub(crate) struct RawPoint {
    /// A few words naming the point.
    pub(crate) topic: String,
    /// Words copied exactly from the source.
    #[schemars(with = "String")]
    pub(crate) quote: Spanned<String>,
    /// The `id` of the inspection's cause of concern it is about.
    #[schemars(with = "Option<String>")]
    pub(crate) cause_of_concern: Option<Spanned<String>>,
}

/// The values `kind` in `data/sources.toml` takes.
pub(crate) const SOURCE_KINDS: [(&str, SourceKind); 3] = [
    ("report", SourceKind::Report),
    ("response", SourceKind::Response),
    ("legislation", SourceKind::Legislation),
];

/// The values `section_55` takes.
pub const SECTION_55: [(&str, Section55); 3] = [
    ("applies", Section55::Applies),
    ("unsettled", Section55::Unsettled),
    ("not-applicable", Section55::NotApplicable),
];

/// The values `asserted_by` takes in a history entry.
pub const ASSERTERS: [(&str, AssertedBy); 4] = [
    ("body", AssertedBy::Body),
    ("inspectorate", AssertedBy::Inspectorate),
    ("other", AssertedBy::Other),
    ("publisher", AssertedBy::Publisher),
];

/// The values a duty's `counted_from` takes.
pub const COUNTED_FROM: [(&str, DayOne); 2] = [
    ("publication", DayOne::Publication),
    ("day-after-publication", DayOne::DayAfterPublication),
];

/// The values `applies_to` takes.
pub const ACTORS: [(&str, Actor); 3] = [
    ("national", Actor::National),
    ("regions", Actor::Regions),
    ("forces", Actor::Forces),
];

/// What `answerable_validate::is_id` accepts, for editors to check as they type.
pub(crate) const ID_PATTERN: &str = "^[a-z0-9_]+(-[a-z0-9_]+)*$";

pub(crate) fn ids<T>(table: &[(&'static str, T)]) -> Vec<&'static str> {
    table.iter().map(|(id, _)| *id).collect()
}

pub(crate) fn lookup<T: Copy>(table: &[(&str, T)], value: &str) -> Option<T> {
    table.iter().find(|(id, _)| *id == value).map(|(_, x)| *x)
}

/// "`a`, `b` or `c`" for hints.
pub(crate) fn one_of<T>(table: &[(&str, T)], last: &str) -> String {
    let quoted: Vec<String> = table.iter().map(|(id, _)| format!("`{id}`")).collect();
    match quoted.split_last() {
        Some((tail, [])) => tail.clone(),
        Some((tail, head)) => format!("{} {last} {tail}", head.join(", ")),
        None => String::new(),
    }
}

/// A date as the loader reads it (`partial_date`): a TOML date, which
/// Taplo hands to the schema as a `YYYY-MM-DD` string, or a quoted
/// `"YYYY-MM"` or `"YYYY"`. Taplo cannot tell a TOML date from a quoted
/// one, so neither can the schema; the loader can, and reports the rest.
pub(crate) struct DateField;

impl JsonSchema for DateField {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date: 2021-04-07 (no quotes), or \"2021-02\" or \"2021\" (in quotes) when the source gives only a month or a year.",
            "type": "string",
            "pattern": DATE_PATTERN,
        })
    }
}

/// A deadline: a date as in [`DateField`], or `"immediate"`.
pub(crate) struct DueField;

impl JsonSchema for DueField {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Due".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A deadline: 2021-03-31 (no quotes), \"2021-03\" or \"2021\" (in quotes) for a month or a year, or \"immediate\" for \"with immediate effect\".",
            "type": "string",
            "pattern": format!("^immediate$|{DATE_PATTERN}"),
        })
    }
}

/// One of [`ACTORS`].
pub(crate) struct ActorField;

impl JsonSchema for ActorField {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Actor".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "`national` (national bodies), `regions` (regions, through their ROCU) or `forces`.",
            "type": "string",
            "enum": ids(&ACTORS),
        })
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with plausible months and days; the
/// loader checks the calendar.
pub(crate) const DATE_PATTERN: &str = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";
