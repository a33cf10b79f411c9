//! Stage 1: read a site's folder into the domain model.
//!
//! Each file is parsed on its own, so one broken file does not hide the
//! problems in the others: every file's errors are collected and returned
//! together. Nothing here checks references between records; that is
//! `validate`'s job.

use std::any::Any;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::config::{self, Overrides};
use crate::dates::PartialDate;
use crate::diagnostics::{Diagnostic, SourceFiles, closest};
use crate::kinds::Kind;
use crate::model::*;
use crate::toml_file;
use crate::urls;

mod layout;

pub use layout::is_clutter;
pub use toml_file::{parse_toml, toml_date};

/// What loading produced: the dataset (as far as it could be read), the text
/// of every file read (for error snippets and the "data behind this page"
/// panel) and every problem found.
pub struct Loaded {
    pub dataset: Option<Dataset>,
    pub files: SourceFiles,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `site.toml`, `data/`, `content/` and the source documents in `seeds/`.
pub fn load_site(root: &Path, overrides: &Overrides) -> Loaded {
    load_site_with(root, overrides, None)
}

/// What one load made of each file, so that the next (in a `serve`
/// session) reads and parses again only the files that changed.
#[derive(Default)]
pub struct Memo {
    files: foldhash::HashMap<String, Remembered>,
}

pub const VOCABULARY: &str = "data/vocabulary.toml";
pub const SOURCES: &str = "data/sources.toml";
pub const ROCUS: &str = "data/rocus.toml";
pub const FORCES: &str = "data/forces.toml";
const TILES: &str = "data/tiles.toml";

/// A file's size and modification time.
fn stamp(metadata: &fs::Metadata) -> Option<(u64, SystemTime)> {
    Some((metadata.len(), metadata.modified().ok()?))
}

/// How long after it was last modified a file's stamp is trusted.
const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

/// One file as last loaded.
struct Remembered {
    /// The file's size and modification time when it was read: a file
    /// whose stamp is the same has not been saved since, unless it was
    /// modified just before it was read (see [`Loader::remembered`]).
    stamp: (u64, SystemTime),
    settled: bool,
    text: Option<Arc<str>>,
    /// What the file made (a record, or its text), and the problems found
    /// in it.
    made: Box<dyn Any + Send + Sync>,
    diagnostics: Vec<Diagnostic>,
}

/// [`load_site`], taking each file whose size and modification time have
/// not changed from `memo` rather than reading it again, and leaving in
/// `memo` what this load made.
pub fn load_site_with(root: &Path, overrides: &Overrides, mut memo: Option<&mut Memo>) -> Loaded {
    let remember = memo.is_some();
    let mut layout = layout::survey(root);
    let mut loader = Loader {
        root: root.to_path_buf(),
        files: SourceFiles::default(),
        diagnostics: std::mem::take(&mut layout.unread),
        previous: memo
            .as_mut()
            .map(|m| std::mem::take(&mut m.files))
            .unwrap_or_default(),
        next: remember.then(foldhash::HashMap::default),
        layout,
    };
    let config = loader.config(overrides);
    let vocabulary = loader.remembered(VOCABULARY, Loader::vocabulary);
    let mut sources = loader.remembered(SOURCES, Loader::sources);
    loader.read_seeds(&mut sources);
    let rocus = loader.remembered(ROCUS, Loader::rocus);
    let forces = loader.remembered(FORCES, Loader::forces);
    let inspections = loader.inspections();
    let responses = loader.responses();
    let pages = loader.pages();
    let tiles = loader.remembered(TILES, Loader::tiles);
    let dataset = config.map(|config| Dataset {
        config,
        vocabulary,
        sources,
        rocus,
        forces,
        inspections,
        responses,
        pages,
        tiles,
        seeds: std::mem::take(&mut loader.layout.seeds),
    });
    if let (Some(memo), Some(next)) = (memo, loader.next) {
        memo.files = next;
    }
    Loaded {
        dataset,
        files: loader.files,
        diagnostics: one_per_spot(loader.diagnostics),
    }
}

/// The first problem found at each spot: a value is read by more than one
/// check (a blank `section_55` is both "empty" and "an unknown value"),
/// and the first says it best.
fn one_per_spot(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    (diagnostics.into_iter())
        .filter(|d| match &d.span {
            Some(span) => seen.insert((d.file.clone(), span.clone())),
            None => true,
        })
        .collect()
}

struct Loader {
    root: PathBuf,
    files: SourceFiles,
    diagnostics: Vec<Diagnostic>,
    /// Files as the last load left them (see [`Memo`]).
    previous: foldhash::HashMap<String, Remembered>,
    /// Files as this load leaves them, when remembering.
    next: Option<foldhash::HashMap<String, Remembered>>,
    /// Which files there are to read.
    layout: layout::Layout,
}

impl Loader {
    /// What `make` makes of the file at `relative`, which it reads: taken
    /// from the last load instead if the file has not changed since. What
    /// `make` makes must depend on nothing but the file.
    fn remembered<T>(&mut self, relative: &str, make: impl FnOnce(&mut Self) -> T) -> T
    where
        T: Clone + Send + Sync + 'static,
    {
        self.remembered_with(relative, None, make)
    }

    /// [`Loader::remembered`], for a file whose metadata the caller has
    /// already read.
    fn remembered_with<T>(
        &mut self,
        relative: &str,
        metadata: Option<&fs::Metadata>,
        make: impl FnOnce(&mut Self) -> T,
    ) -> T
    where
        T: Clone + Send + Sync + 'static,
    {
        if self.next.is_none() {
            return make(self);
        }
        // Taken before reading, so that a save during the read is seen
        // next time.
        let stamp = match metadata {
            Some(metadata) => stamp(metadata),
            None => fs::metadata(self.root.join(relative))
                .ok()
                .as_ref()
                .and_then(stamp),
        };
        let kept = (self.previous.remove(relative)).filter(|r| r.settled && Some(r.stamp) == stamp);
        if let Some(kept) = kept
            && let Some(made) = kept.made.downcast_ref::<T>()
        {
            let made = made.clone();
            if let Some(text) = &kept.text {
                self.files.insert_shared(relative, Arc::clone(text));
            }
            self.diagnostics.extend(kept.diagnostics.iter().cloned());
            self.keep(relative, kept);
            return made;
        }
        let before = self.diagnostics.len();
        let made = make(self);
        if let Some(stamp) = stamp {
            // Modification times are coarse (a few milliseconds on Linux):
            // a file saved again within the same tick, at the same size,
            // would keep its stamp. So, as git does, a file modified just
            // before it was read is read again next time.
            let age = SystemTime::now().duration_since(stamp.1);
            let remembered = Remembered {
                stamp,
                settled: age.is_ok_and(|age| age > SETTLED),
                text: self.files.shared(relative),
                made: Box::new(made.clone()),
                diagnostics: self.diagnostics[before..].to_vec(),
            };
            self.keep(relative, remembered);
        }
        made
    }

    fn keep(&mut self, relative: &str, remembered: Remembered) {
        if let Some(next) = &mut self.next {
            next.insert(relative.to_string(), remembered);
        }
    }

    /// Reads a file relative to the root, remembering its text.
    fn read(&mut self, relative: &str) -> Option<Arc<str>> {
        match fs::read(self.root.join(relative)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    let text = Arc::from(text);
                    self.files.insert_shared(relative, Arc::clone(&text));
                    Some(text)
                }
                Err(e) => {
                    // Keep a readable copy so the error can show the line.
                    self.files
                        .insert(relative, &String::from_utf8_lossy(e.as_bytes()));
                    self.diagnostics.push(
                        Diagnostic::error(relative, "the file is not valid UTF-8 text")
                            .with_span(e.utf8_error().valid_up_to()..e.utf8_error().valid_up_to())
                            .with_hint("save the file as UTF-8 (VS Code: \"Save with Encoding\")"),
                    );
                    None
                }
            },
            Err(e) => {
                self.diagnostics.push(Diagnostic::error(
                    relative,
                    format!("cannot read the file: {e}"),
                ));
                None
            }
        }
    }

    fn parse<T: DeserializeOwned>(&mut self, relative: &str) -> Option<(T, Arc<str>)> {
        let text = self.read(relative)?;
        // A file with mistakes still gives what it could, so that the
        // checks between files find the rest in the same run.
        let (value, problems) = toml_file::parse_toml_partial(relative, &text);
        self.diagnostics.extend(problems);
        Some((value?, text))
    }

    fn config(&mut self, overrides: &Overrides) -> Option<SiteConfig> {
        let text = self.read(config::FILE)?;
        match config::parse(&text, overrides) {
            Ok(config) => Some(config),
            Err(problems) => {
                self.diagnostics.extend(problems);
                None
            }
        }
    }

    fn vocabulary(&mut self) -> Vocabulary {
        const FILE: &str = VOCABULARY;
        let Some((raw, _)) = self.parse::<RawVocabulary>(FILE) else {
            return Vocabulary::default();
        };
        let term = |t: RawTerm| Term {
            id: located(FILE, t.id),
            label: t.label,
            description: t.description,
        };
        Vocabulary {
            stances: raw.stance.into_iter().map(term).collect(),
            statuses: raw.status.into_iter().map(term).collect(),
        }
    }

    fn sources(&mut self) -> Vec<SourceDoc> {
        const FILE: &str = SOURCES;
        let Some((raw, _)) = self.parse::<RawSources>(FILE) else {
            return Vec::new();
        };
        let mut sources = Vec::new();
        for entry in raw.source {
            let origin = origin(FILE, entry.span());
            let s = entry.into_inner();
            let Some(kind) = lookup(&SOURCE_KINDS, s.kind.get_ref()) else {
                self.diagnostics.push(
                    Diagnostic::error(FILE, format!("unknown source kind `{}`", s.kind.get_ref()))
                        .with_span(s.kind.span())
                        .with_field("kind")
                        .with_hint(format!("expected {}", one_of(&SOURCE_KINDS, "or"))),
                );
                continue;
            };
            let Some(file) = self.source_name(&s, kind, &origin) else {
                continue;
            };
            let date = self.partial_date(FILE, "date", s.date.as_ref());
            sources.push(SourceDoc {
                file: located(FILE, file),
                title: s.title,
                untitled: s.untitled,
                url: s.url,
                author: s.author,
                date,
                kind,
                description: s.description,
                text: None,
                origin,
            });
        }
        sources
    }

    /// What names a source: the file in `seeds/` of a document, or the id
    /// of legislation, which is not kept there but linked at its `url`.
    fn source_name(
        &mut self,
        s: &RawSource,
        kind: SourceKind,
        origin: &Origin,
    ) -> Option<Spanned<String>> {
        let problem = match (kind, &s.file, &s.id, &s.url) {
            (SourceKind::Legislation, None, Some(id), Some(_)) => return Some(id.clone()),
            (SourceKind::Legislation, Some(_), _, _) => (
                "file",
                "legislation is not kept in `seeds/`: give it an `id` and the `url` where it is published, instead of `file`",
            ),
            (SourceKind::Legislation, None, _, _) => (
                "id",
                "legislation needs an `id` (e.g. `police-act-1996-s55`) and the `url` where it is published",
            ),
            (_, Some(file), None, None) => return Some(file.clone()),
            (_, None, _, _) => ("file", "give the name of the document's file in `seeds/`"),
            (_, Some(_), _, _) => (
                "id",
                "`id` and `url` are for legislation only; a document in `seeds/` is named by its `file`",
            ),
        };
        let (field, hint) = problem;
        self.diagnostics.push(
            Diagnostic::at(
                origin,
                field,
                format!("this source's `{field}` is missing or does not belong"),
            )
            .with_hint(hint),
        );
        None
    }

    fn read_seeds(&mut self, sources: &mut [SourceDoc]) {
        for source in sources
            .iter_mut()
            .filter(|s| s.kind != SourceKind::Legislation)
        {
            let name = &source.file.value;
            if name.contains(['/', '\\']) || name.starts_with('.') {
                self.diagnostics.push(
                    Diagnostic::at(
                        &source.file.origin,
                        "file",
                        format!("`{name}` is not a plain file name"),
                    )
                    .with_hint("give the name of a file directly inside `seeds/`"),
                );
                continue;
            }
            if let Some(safe) = urls::safe_file_name(name) {
                self.diagnostics.push(
                    Diagnostic::at(
                        &source.file.origin,
                        "file",
                        format!("`{name}` cannot be part of a web address"),
                    )
                    .with_hint(format!(
                        "rename the document in `seeds/`, and here, to `{safe}`: its name is in the address of its page, so it may use only lowercase letters, digits, `-`, `_` and `.`"
                    )),
                );
                continue;
            }
            let path = format!("seeds/{name}");
            let metadata = fs::metadata(self.root.join(&path)).ok();
            let Some(metadata) = metadata.filter(fs::Metadata::is_file) else {
                self.diagnostics.push(
                    Diagnostic::at(
                        &source.file.origin,
                        "file",
                        format!("`{path}` does not exist"),
                    )
                    .with_hint(self.missing_seed_hint(name)),
                );
                continue;
            };
            source.text = self.remembered_with(&path, Some(&metadata), |loader| loader.read(&path));
        }
    }

    /// A document listed but not in `seeds/` may be one there under a
    /// slightly different name.
    fn missing_seed_hint(&self, name: &str) -> String {
        let hint = "copy the document into `seeds/` unchanged, or fix the name";
        match closest(name, self.layout.seeds.iter().map(String::as_str)) {
            Some(near) => format!("{hint}: did you mean `{near}`?"),
            None => hint.to_string(),
        }
    }

    fn rocus(&mut self) -> Vec<Rocu> {
        const FILE: &str = ROCUS;
        let Some((raw, _)) = self.parse::<RawRocus>(FILE) else {
            return Vec::new();
        };
        raw.rocu
            .into_iter()
            .map(|entry| {
                let origin = origin(FILE, entry.span());
                let r = entry.into_inner();
                Rocu {
                    id: located(FILE, r.id),
                    name: r.name,
                    aliases: r.aliases,
                    region: r.region,
                    established: r.established,
                    status: r.status,
                    source: located(FILE, r.source),
                    notes: r.notes,
                    redirect_from: located_all(FILE, r.redirect_from),
                    origin,
                }
            })
            .collect()
    }

    fn forces(&mut self) -> Vec<Force> {
        const FILE: &str = FORCES;
        let Some((raw, _)) = self.parse::<RawForces>(FILE) else {
            return Vec::new();
        };
        let person = |p: RawPerson| Person {
            name: p.name,
            role: p.role,
            source: located(FILE, p.source),
        };
        raw.force
            .into_iter()
            .map(|entry| {
                let origin = origin(FILE, entry.span());
                let f = entry.into_inner();
                Force {
                    id: located(FILE, f.id),
                    name: f.name,
                    rocu: located(FILE, f.rocu),
                    source: located(FILE, f.source),
                    notes: f.notes,
                    commissioner: f.commissioner.map(person),
                    chief_constable: f.chief_constable.map(person),
                    redirect_from: located_all(FILE, f.redirect_from),
                    origin,
                }
            })
            .collect()
    }

    /// `data/tiles.toml`, which is optional: without it the force map
    /// places no tile and lists every force beside it.
    fn tiles(&mut self) -> Vec<Tile> {
        const FILE: &str = TILES;
        if !self.root.join(FILE).is_file() {
            return Vec::new();
        }
        let Some((raw, _)) = self.parse::<RawTiles>(FILE) else {
            return Vec::new();
        };
        raw.tile
            .into_iter()
            .map(|entry| {
                let origin = origin(FILE, entry.span());
                let t = entry.into_inner();
                Tile {
                    force: located(FILE, t.force),
                    column: located(FILE, t.column),
                    row: located(FILE, t.row),
                    label: t.label.map(|l| located(FILE, l)),
                    origin,
                }
            })
            .collect()
    }

    fn inspections(&mut self) -> Vec<Arc<Inspection>> {
        std::mem::take(&mut self.layout.inspections)
            .into_iter()
            .filter_map(|file| {
                self.remembered(&file, |loader| loader.inspection(&file).map(Arc::new))
            })
            .collect()
    }

    fn inspection(&mut self, file: &str) -> Option<Inspection> {
        let (raw, text) = self.parse::<RawInspection>(file)?;
        let section_55 = lookup(&SECTION_55, raw.section_55.get_ref()).unwrap_or_else(|| {
            self.diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("unknown value `{}`", raw.section_55.get_ref()),
                )
                .with_span(raw.section_55.span())
                .with_field("section_55")
                .with_hint(format!("expected {}", one_of(&SECTION_55, "or"))),
            );
            Section55::Unsettled
        });
        let published = self.partial_date(file, "published", raw.published.as_ref());
        let recommendations = raw
            .recommendation
            .into_iter()
            .map(|entry| self.recommendation(file, entry))
            .collect();
        Some(Inspection {
            id: located(file, raw.id),
            title: raw.title,
            untitled: raw.untitled,
            inspectorate: raw.inspectorate,
            subject: raw.subject,
            published,
            fieldwork: raw.fieldwork,
            section_55,
            source: located(file, raw.source),
            summary: located(file, raw.summary),
            causes_of_concern: raw
                .cause_of_concern
                .into_iter()
                .map(|c| CauseOfConcern {
                    id: located(file, c.id),
                    title: c.title,
                    text: c.text,
                })
                .collect(),
            areas_for_improvement: raw
                .area_for_improvement
                .into_iter()
                .map(|a| AreaForImprovement {
                    id: located(file, a.id),
                    text: a.text,
                })
                .collect(),
            recommendations,
            redirect_from: located_all(file, raw.redirect_from),
            origin: origin(file, 0..text.len()),
        })
    }

    fn recommendation(&mut self, file: &str, entry: Spanned<RawRecommendation>) -> Recommendation {
        let origin = origin(file, entry.span());
        let r = entry.into_inner();
        let due = r.due.as_ref().and_then(|due| match due.get_ref() {
            toml::Value::String(s) if s == "immediate" => Some(Due::Immediate),
            _ => self.partial_date(file, "due", Some(due)).map(Due::By),
        });
        let applies_to = self.actors(file, "applies_to", &r.applies_to);
        let encourages = self.actors(file, "encourages", &r.encourages);
        Recommendation {
            number: located(file, r.number),
            text: r.text,
            due,
            due_text: r.due_text,
            addressees: r.addressees,
            applies_to,
            encourages,
            asked_in_report: r.asked_in_report,
            themes: r.themes,
            cause_of_concern: r.cause_of_concern.map(|c| located(file, c)),
            repeats: located_all(file, r.repeats),
            notes: r.notes,
            redirect_from: located_all(file, r.redirect_from),
            origin,
        }
    }

    /// The actors a list names (`applies_to`, `encourages`), each once.
    fn actors(&mut self, file: &str, field: &str, names: &[Spanned<String>]) -> Vec<Actor> {
        let mut actors = Vec::new();
        for actor in names {
            match lookup(&ACTORS, actor.get_ref()) {
                Some(known) => actors.push(known),
                None => self.diagnostics.push(
                    Diagnostic::error(file, format!("unknown value `{}`", actor.get_ref()))
                        .with_span(actor.span())
                        .with_field(field)
                        .with_hint(format!(
                            "expected any of {}",
                            ids(&ACTORS)
                                .iter()
                                .map(|id| format!("`{id}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                ),
            }
        }
        actors.sort();
        actors.dedup();
        actors
    }

    fn responses(&mut self) -> Vec<Arc<Response>> {
        std::mem::take(&mut self.layout.responses)
            .into_iter()
            .filter_map(|file| {
                self.remembered(&file, |loader| loader.response(&file).map(Arc::new))
            })
            .collect()
    }

    fn response(&mut self, file: &str) -> Option<Response> {
        let (raw, text) = self.parse::<RawResponse>(file)?;
        let id = file_stem(file);
        let date = self.partial_date(file, "date", raw.date.as_ref());
        Some(Response {
            id,
            inspection: located(file, raw.inspection),
            force: located(file, raw.force),
            author: raw.author,
            role: raw.role,
            date,
            reference: raw.reference,
            addressee: raw.addressee,
            source: located(file, raw.source),
            summary: located(file, raw.summary),
            positions: raw
                .position
                .into_iter()
                .map(|p| Position {
                    recommendation: located(file, p.recommendation),
                    stance: located(file, p.stance),
                    quote: located(file, p.quote),
                    note: p.note,
                })
                .collect(),
            points: raw
                .point
                .into_iter()
                .map(|p| Point {
                    topic: p.topic,
                    quote: located(file, p.quote),
                    cause_of_concern: p.cause_of_concern.map(|c| located(file, c)),
                })
                .collect(),
            redirect_from: located_all(file, raw.redirect_from),
            origin: origin(file, 0..text.len()),
        })
    }

    fn pages(&mut self) -> Vec<Arc<Page>> {
        std::mem::take(&mut self.layout.pages)
            .into_iter()
            .filter_map(|relative| {
                self.remembered(&relative, |loader| loader.page(&relative).map(Arc::new))
            })
            .collect()
    }

    fn page(&mut self, relative: &str) -> Option<Page> {
        let text = self.read(relative)?;
        let Some(role) = page_role(relative) else {
            self.diagnostics.push(
                Diagnostic::error(relative, "this file is not where pages or commentary go")
                    .with_hint("see docs/data-format.md: pages sit at `content/<name>.md`, commentary at `content/<kind>/<id>.md`"),
            );
            return None;
        };
        match split_front_matter(relative, &text) {
            Ok((_, body_offset)) if text[body_offset..].trim().is_empty() => {
                self.diagnostics.push(empty_page(relative, &role));
                None
            }
            Ok((front, body_offset)) => Some(Page {
                role,
                title: front.title,
                description: front.description,
                weight: front.weight,
                body: text[body_offset..].to_string(),
                body_offset,
                redirect_from: front
                    .redirect_from
                    .into_iter()
                    .map(|x| located(relative, x))
                    .collect(),
                origin: origin(relative, 0..text.len()),
            }),
            Err(problems) => {
                self.diagnostics.extend(problems);
                None
            }
        }
    }

    /// Reads a date that may be a TOML date or a `"YYYY-MM"`/`"YYYY"` string.
    fn partial_date(
        &mut self,
        file: &str,
        field: &str,
        value: Option<&Spanned<toml::Value>>,
    ) -> Option<PartialDate> {
        let value = value?;
        let parsed = match value.get_ref() {
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.map(|d| PartialDate {
                    year: i32::from(d.year),
                    month: Some(d.month),
                    day: Some(d.day),
                })
            }
            toml::Value::String(s) => PartialDate::parse(s),
            _ => None,
        };
        if parsed.is_none() {
            let written = match value.get_ref() {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let (message, hint) = crate::dates::advice(&written).unwrap_or_else(|| ("not a date".into(), "write a full date without quotes (`2021-04-07`), or a quoted month or year (`\"2021-02\"`, `\"2021\"`); leave the field out if no source gives the date".into()));
            self.diagnostics.push(
                Diagnostic::error(file, message)
                    .with_span(value.span())
                    .with_field(field)
                    .with_hint(hint),
            );
        }
        parsed
    }
}

/// A page or commentary with no text: published, it would be a heading
/// over nothing.
fn empty_page(relative: &str, role: &PageRole) -> Diagnostic {
    let (message, hint) = match role {
        PageRole::Commentary(_) => (
            "this commentary has no text",
            "write the commentary below the front matter, or delete the file: a record without commentary shows none",
        ),
        PageRole::Home | PageRole::Page(_) => (
            "this page has no text",
            "write the page below the front matter, or delete the file",
        ),
    };
    Diagnostic::error(relative, message).with_hint(hint)
}

/// Reads `text` as a file of `kind`, checking its shape only (as the
/// loader does before anything else), and reports every problem.
pub fn check_shape(kind: Kind, file: &str, text: &str) -> Result<(), Vec<Diagnostic>> {
    fn shape<T: DeserializeOwned>(file: &str, text: &str) -> Result<(), Vec<Diagnostic>> {
        parse_toml::<T>(file, text).map(|_| ())
    }
    match kind {
        Kind::Site => shape::<config::RawConfig>(file, text),
        Kind::Vocabulary => shape::<RawVocabulary>(file, text),
        Kind::Sources => shape::<RawSources>(file, text),
        Kind::Rocus => shape::<RawRocus>(file, text),
        Kind::Forces => shape::<RawForces>(file, text),
        Kind::Tiles => shape::<RawTiles>(file, text),
        Kind::Inspection => shape::<RawInspection>(file, text),
        Kind::Response => shape::<RawResponse>(file, text),
    }
}

/// Splits `+++`-delimited TOML front matter from a markdown file. Returns
/// the front matter and the byte offset where the body starts.
pub fn split_front_matter(file: &str, text: &str) -> Result<(FrontMatter, usize), Vec<Diagnostic>> {
    let Some(after_open) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Ok((FrontMatter::default(), 0));
    };
    let open_len = text.len() - after_open.len();
    let close = after_open
        .match_indices("+++")
        .find(|(i, _)| *i == 0 || after_open.as_bytes()[i - 1] == b'\n')
        .map(|(i, _)| i);
    let Some(close) = close else {
        return Err(vec![
            Diagnostic::error(file, "the front matter is never closed")
                .with_span(0..3)
                .with_hint("end the front matter with a line containing only `+++`"),
        ]);
    };
    let front_text = &after_open[..close];
    let mut front: FrontMatter = parse_toml(file, front_text).map_err(|problems| {
        problems
            .into_iter()
            .map(|mut d| {
                d.span = d.span.map(|s| s.start + open_len..s.end + open_len);
                d
            })
            .collect::<Vec<_>>()
    })?;
    // Spans inside the front matter count from the start of the file.
    front.redirect_from = std::mem::take(&mut front.redirect_from)
        .into_iter()
        .map(|x| {
            let span = x.span();
            Spanned::new(span.start + open_len..span.end + open_len, x.into_inner())
        })
        .collect();
    let mut body = open_len + close + 3;
    if text[body..].starts_with("\r\n") {
        body += 2;
    } else if text[body..].starts_with('\n') {
        body += 1;
    }
    Ok((front, body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    /// Earlier addresses of the page, redirected to it.
    #[serde(default)]
    pub redirect_from: Vec<Spanned<String>>,
}

/// Decides what a markdown file is from its path under `content/`.
pub fn page_role(relative: &str) -> Option<PageRole> {
    let inner = relative.strip_prefix("content/")?.strip_suffix(".md")?;
    let parts: Vec<&str> = inner.split('/').collect();
    Some(match parts.as_slice() {
        ["index"] => PageRole::Home,
        [slug] => PageRole::Page(slug.to_string()),
        ["forces", id] => PageRole::Commentary(EntityRef::Force(id.to_string())),
        ["rocus", id] => PageRole::Commentary(EntityRef::Rocu(id.to_string())),
        ["inspections", id] => PageRole::Commentary(EntityRef::Inspection(id.to_string())),
        ["responses", id] => PageRole::Commentary(EntityRef::Response(id.to_string())),
        ["recommendations", inspection, number] => {
            PageRole::Commentary(EntityRef::Recommendation(RecommendationKey {
                inspection: inspection.to_string(),
                number: number.parse().ok()?,
            }))
        }
        _ => return None,
    })
}

fn file_stem(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_string()
}

fn origin(file: &str, span: std::ops::Range<usize>) -> Origin {
    Origin {
        file: file.to_string(),
        span,
    }
}

fn located_all<T>(file: &str, list: Vec<Spanned<T>>) -> Vec<Located<T>> {
    list.into_iter().map(|x| located(file, x)).collect()
}

fn located<T>(file: &str, spanned: Spanned<T>) -> Located<T> {
    let span = spanned.span();
    Located {
        value: spanned.into_inner(),
        origin: origin(file, span),
    }
}

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
/// (`[[stance]]`) and statuses (`[[status]]`).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Vocabulary")]
pub(crate) struct RawVocabulary {
    /// What a response can say about one recommendation; each `[[position]]`
    /// in a response picks one by its `id`.
    #[serde(default)]
    stance: Vec<RawTerm>,
    /// What the site can say about a force and a recommendation. The site
    /// needs `position-recorded`, `no-position`, `no-response` and
    /// `not-applicable`.
    #[serde(default)]
    status: Vec<RawTerm>,
}

/// One word of the vocabulary.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Term")]
pub(crate) struct RawTerm {
    /// Lowercase letters, digits and hyphens, e.g. `reports-met`.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    id: Spanned<String>,
    /// A short label shown on the pages.
    label: String,
    /// One or two sentences saying what it means.
    description: String,
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
    source: Vec<Spanned<RawSource>>,
}

/// A source document kept, unchanged, in `seeds/`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Source")]
pub(crate) struct RawSource {
    /// The file's name in `seeds/`, e.g. `000_db42d9bd31ac33d6.txt`
    /// (every kind but `legislation`).
    #[schemars(with = "Option<String>")]
    file: Option<Spanned<String>>,
    /// For `legislation` only, which is not kept in `seeds/`: its id, used
    /// in its page's address `/sources/<id>/`.
    #[schemars(with = "Option<String>", extend("pattern" = ID_PATTERN))]
    id: Option<Spanned<String>>,
    /// For `legislation` only: where it is published.
    url: Option<String>,
    /// A descriptive title.
    title: String,
    /// `true` when the document gives itself no title: `title` is then a
    /// description written for the site, and pages say so. One wording
    /// for the same document everywhere (the inspection and its source).
    #[serde(default)]
    untitled: bool,
    /// Who wrote or published it.
    author: String,
    /// As precise as the document allows: `2021-04-07` (no quotes), or
    /// `"2021-02"` / `"2021"` when it gives only a month or a year. Leave
    /// it out if the document is undated.
    #[schemars(with = "Option<DateField>")]
    date: Option<Spanned<toml::Value>>,
    /// `report` (an inspection report), `response` (a response to one) or
    /// `legislation` (the law the site relies on, linked, not kept).
    #[schemars(with = "String", extend("enum" = ids(&SOURCE_KINDS)))]
    kind: Spanned<String>,
    /// One or two sentences about the document.
    description: Option<String>,
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
    rocu: Vec<Spanned<RawRocu>>,
}

/// A regional organised crime unit (ROCU).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rocu")]
pub(crate) struct RawRocu {
    /// Used in the page address `/rocus/<id>/`: lowercase letters, digits
    /// and hyphens. Never change it once published.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    id: Spanned<String>,
    /// The name the source uses.
    name: String,
    /// Other names used by other sources (searchable, shown on the page).
    #[serde(default)]
    aliases: Vec<String>,
    /// The policing region it serves.
    region: String,
    /// What the source says about when it was set up, as text; where
    /// sources disagree, what each says.
    established: Option<String>,
    /// Where the sources doubt that it exists at all, what they say, in
    /// brief. Shown beside its name wherever it is listed, and exported.
    status: Option<String>,
    /// The file in `seeds/` this was taken from (listed in
    /// `data/sources.toml`).
    #[schemars(with = "String")]
    source: Spanned<String>,
    /// Where sources disagree or a fact needs context; each note says which
    /// source says what.
    #[serde(default)]
    notes: Vec<String>,
    /// Old addresses of the page, kept working (see docs/urls.md).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    redirect_from: Vec<Spanned<String>>,
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
    force: Vec<Spanned<RawForce>>,
}

/// A police force.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Force")]
pub(crate) struct RawForce {
    /// Used in the page address `/forces/<id>/`: lowercase letters, digits
    /// and hyphens. Never change it once published.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    id: Spanned<String>,
    /// The name as the source gives it.
    name: String,
    /// The `id` of the ROCU that serves the force (from `data/rocus.toml`).
    #[schemars(with = "String")]
    rocu: Spanned<String>,
    /// The file in `seeds/` that says which ROCU serves the force.
    #[schemars(with = "String")]
    source: Spanned<String>,
    /// Context, each note saying which source says what.
    #[serde(default)]
    notes: Vec<String>,
    /// The police and crime commissioner, only where a source names them.
    commissioner: Option<RawPerson>,
    /// The chief constable, only where a source names them.
    chief_constable: Option<RawPerson>,
    /// Old addresses of the page, kept working (see docs/urls.md).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    redirect_from: Vec<Spanned<String>>,
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
    tile: Vec<Spanned<RawTile>>,
}

/// One force's tile on the force map.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Tile")]
pub(crate) struct RawTile {
    /// The `id` of the force (from `data/forces.toml`).
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    force: Spanned<String>,
    /// Its column on the map, from 0 at the left.
    #[schemars(with = "u32", extend("maximum" = MAX_TILE_POSITION))]
    column: Spanned<u32>,
    /// Its row on the map, from 0 at the top.
    #[schemars(with = "u32", extend("maximum" = MAX_TILE_POSITION))]
    row: Spanned<u32>,
    /// Up to four characters shown on the tile, e.g. `NYK`; the first three
    /// letters of the force's name when left out. The full name is shown
    /// beside the map and read out by screen readers.
    #[schemars(with = "Option<String>", extend("maxLength" = MAX_TILE_LABEL))]
    label: Option<Spanned<String>>,
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
    name: String,
    /// Their title, as written, e.g. "Police, Fire and Crime Commissioner".
    role: Option<String>,
    /// The file in `seeds/` that names them.
    #[schemars(with = "String")]
    source: Spanned<String>,
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
    id: Spanned<String>,
    /// The report's title.
    title: String,
    /// `true` when the document gives itself no title: `title` is then a
    /// description written for the site, and pages say so. One wording
    /// for the same document everywhere (the inspection and its source).
    #[serde(default)]
    untitled: bool,
    /// Who inspected, e.g. "HMICFRS".
    inspectorate: String,
    /// What was inspected, in words ("the National Crime Agency").
    subject: String,
    /// When the report was published, as precise as the source allows:
    /// `2021-04-07` (no quotes), or `"2021-02"` / `"2021"`. Leave it out if
    /// no source gives it.
    #[schemars(with = "Option<DateField>")]
    published: Option<Spanned<toml::Value>>,
    /// When the fieldwork took place, in the source's words.
    fieldwork: Option<String>,
    /// Whether commissioners' 56-day duty to publish comments applies:
    /// `applies`, `unsettled` (e.g. a report on the ROCUs, which are not
    /// forces) or `not-applicable` (the report is not about police forces).
    #[schemars(with = "String", extend("enum" = ids(&SECTION_55)))]
    section_55: Spanned<String>,
    /// The file in `seeds/` holding the report.
    #[schemars(with = "String")]
    source: Spanned<String>,
    /// A short summary; markdown allowed.
    #[schemars(with = "String")]
    summary: Spanned<String>,
    /// The report's causes of concern, in its own words.
    #[serde(default)]
    cause_of_concern: Vec<RawCause>,
    /// Areas for improvement, kept apart from recommendations (the 56-day
    /// duty names recommendations only).
    #[serde(default)]
    area_for_improvement: Vec<RawArea>,
    /// The report's numbered recommendations.
    #[serde(default)]
    #[schemars(with = "Vec<RawRecommendation>")]
    recommendation: Vec<Spanned<RawRecommendation>>,
    /// Old addresses of the page, kept working (see docs/urls.md).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    redirect_from: Vec<Spanned<String>>,
}

/// A cause of concern raised by the report.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CauseOfConcern")]
pub(crate) struct RawCause {
    /// A short id, unique in this inspection, that recommendations and
    /// points refer to.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    id: Spanned<String>,
    /// A short title.
    title: String,
    /// The report's words.
    text: String,
}

/// An area for improvement named by the report.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "AreaForImprovement")]
pub(crate) struct RawArea {
    /// A short id, unique in this inspection.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    id: Spanned<String>,
    /// The report's words.
    text: String,
}

/// One numbered recommendation of the report.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Recommendation")]
pub(crate) struct RawRecommendation {
    /// Its number in the report, from 1; its page is
    /// `/inspections/<id>/recommendations/<number>/`.
    #[schemars(with = "u32", extend("minimum" = 1))]
    number: Spanned<u32>,
    /// The report's own wording, verbatim.
    text: String,
    /// The deadline: `2021-03-31` (no quotes), `"2021-03"` for a month,
    /// `"2021"` for a year, or `"immediate"` for "with immediate effect".
    /// Leave it out if there is none.
    #[schemars(with = "Option<DueField>")]
    due: Option<Spanned<toml::Value>>,
    /// The source's own words for the deadline, e.g. "By March 2021".
    due_text: String,
    /// Who the recommendation is addressed to, in the report's words.
    addressees: Vec<String>,
    /// Who must act: any of `national` (national bodies), `regions`
    /// (regions, through their ROCU), `forces`. Only these count as asked:
    /// a force is listed as not responding only where forces must act.
    #[schemars(with = "Vec<ActorField>")]
    applies_to: Vec<Spanned<String>>,
    /// Who the addressees are only to encourage (or ask to adopt what they
    /// make), not asked to act themselves, e.g. `["forces"]` for "and then
    /// encourage its adoption ... by all relevant forces". Not counted as
    /// asked to act.
    #[serde(default)]
    #[schemars(with = "Vec<ActorField>")]
    encourages: Vec<Spanned<String>>,
    /// The report's own words for which of them, where it narrows them:
    /// "all relevant forces", "the chief officers of the affected forces".
    asked_in_report: Option<String>,
    /// Short lowercase tags.
    #[serde(default)]
    themes: Vec<String>,
    /// The `id` of the cause of concern it answers.
    #[schemars(with = "Option<String>")]
    cause_of_concern: Option<Spanned<String>>,
    /// Earlier recommendations it repeats, as `<inspection id>/<number>`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    repeats: Vec<Spanned<String>>,
    /// Context, e.g. where sources word it differently.
    #[serde(default)]
    notes: Vec<String>,
    /// Old addresses of the page, kept working (see docs/urls.md).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    redirect_from: Vec<Spanned<String>>,
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
    inspection: Spanned<String>,
    /// The `id` of the force whose commissioner responded (from
    /// `data/forces.toml`).
    #[schemars(with = "String")]
    force: Spanned<String>,
    /// Who signed it, as written.
    author: String,
    /// Their title, as written, e.g. "Police and Crime Commissioner".
    role: String,
    /// The date on the document: `2021-04-07` (no quotes), or `"2021-04"`
    /// if it gives only a month. Leave it out if it is undated.
    #[schemars(with = "Option<DateField>")]
    date: Option<Spanned<toml::Value>>,
    /// The document's reference, as written.
    reference: Option<String>,
    /// Who it is addressed to, as written.
    addressee: Option<String>,
    /// The file in `seeds/` holding the response (listed in
    /// `data/sources.toml`).
    #[schemars(with = "String")]
    source: Spanned<String>,
    /// A neutral summary; markdown allowed.
    #[schemars(with = "String")]
    summary: Spanned<String>,
    /// What the response says about one recommendation. Record a position
    /// only where the text supports it.
    #[serde(default)]
    position: Vec<RawPosition>,
    /// Points the response raises beyond the recommendations.
    #[serde(default)]
    point: Vec<RawPoint>,
    /// Old addresses of the page, kept working (see docs/urls.md).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    redirect_from: Vec<Spanned<String>>,
}

/// What a response says about one recommendation.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Position")]
pub(crate) struct RawPosition {
    /// The recommendation's number in the inspection.
    #[schemars(with = "u32", extend("minimum" = 1))]
    recommendation: Spanned<u32>,
    /// A stance `id` from `data/vocabulary.toml`, e.g. `reports-met`,
    /// `action-planned`, `acknowledged`.
    #[schemars(with = "String", extend("pattern" = ID_PATTERN))]
    stance: Spanned<String>,
    /// Words copied exactly from the source that support the stance. The
    /// build checks they are in the source.
    #[schemars(with = "String")]
    quote: Spanned<String>,
    /// Why the stance was chosen, when it is not obvious.
    note: Option<String>,
}

/// A point the response raises beyond the recommendations.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Point")]
pub(crate) struct RawPoint {
    /// A few words naming the point.
    topic: String,
    /// Words copied exactly from the source.
    #[schemars(with = "String")]
    quote: Spanned<String>,
    /// The `id` of the inspection's cause of concern it is about.
    #[schemars(with = "Option<String>")]
    cause_of_concern: Option<Spanned<String>>,
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

fn lookup<T: Copy>(table: &[(&str, T)], value: &str) -> Option<T> {
    table.iter().find(|(id, _)| *id == value).map(|(_, x)| *x)
}

/// "`a`, `b` or `c`" for hints.
fn one_of<T>(table: &[(&str, T)], last: &str) -> String {
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
struct DateField;

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
struct DueField;

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
struct ActorField;

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
const DATE_PATTERN: &str = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

#[cfg(test)]
mod tests {
    use super::*;

    fn single<T>(result: Result<T, Vec<Diagnostic>>) -> Diagnostic {
        let mut problems = result.err().expect("an error");
        assert_eq!(problems.len(), 1, "{problems:#?}");
        problems.remove(0)
    }

    fn messages<T: DeserializeOwned>(text: &str) -> Vec<(String, String)> {
        let problems = parse_toml::<T>("f.toml", text).err().expect("errors");
        problems
            .into_iter()
            .map(|d| (text[d.span.unwrap()].to_string(), d.message))
            .collect()
    }

    #[test]
    fn every_shape_error_in_a_file_is_reported() {
        let text = "[[force]]\nid = \"a\"\nnmae = \"A\"\nrocu = \"r\"\nsource = \"s\"\n\n\
                    [[force]]\nid = 7\nname = \"B\"\nrocu = \"r\"\nsource = \"s\"\n\n\
                    [[force]]\nid = \"c\"\nname = \"C\"\nsource = \"s\"\n\n\
                    [[force]]\nid = \"d\"\nname = \"D\"\nrocu = \"r\"\nsource = \"s\"\nnotes = 3\n";
        assert_eq!(
            messages::<RawForces>(text),
            [
                ("nmae".to_string(), "unknown field `nmae`".to_string()),
                (
                    "7".to_string(),
                    "invalid type: integer `7`, expected a string".to_string()
                ),
                ("[[force]]".to_string(), "missing field `rocu`".to_string()),
                (
                    "3".to_string(),
                    "invalid type: integer `3`, expected a sequence".to_string()
                ),
            ]
        );
    }

    #[test]
    fn blank_text_is_reported_wherever_it_is_in_file_order() {
        let text = "[[force]]\nid = \"a\"\nname = \" \"\nrocu = \"r\"\nsource = \"\"\n\
                    notes = [\"ok\", \"\"]\n[force.commissioner]\nname = \"\"\nsource = \"s\"\n";
        let found = messages::<RawForces>(text);
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|(at, message)| (at.as_str(), message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("\" \"", "`name` is empty"),
                ("\"\"", "`source` is empty"),
                ("\"\"", "an entry of `notes` is empty"),
                ("\"\"", "`name` is empty"),
            ]
        );
        // A blank where a list belongs is one problem, not two.
        let text =
            "[[force]]\nid = \"a\"\nname = \"A\"\nrocu = \"r\"\nsource = \"s\"\nnotes = \"\"\n";
        assert_eq!(
            messages::<RawForces>(text),
            [(
                "\"\"".to_string(),
                "invalid type: string \"\", expected a sequence".to_string()
            )]
        );
    }

    #[test]
    fn every_syntax_error_in_a_file_is_reported() {
        let text = "[[force]]\nid = \"a\nname = \"A\"\n[[force]]\nid = = \"b\"\n";
        let problems = parse_toml::<RawForces>("f.toml", text).err().unwrap();
        assert!(problems.len() >= 2, "{problems:#?}");
    }

    #[test]
    fn a_file_without_errors_is_read_whole() {
        let text = "[[force]]\nid = \"a\"\nname = \"A\"\nrocu = \"r\"\nsource = \"s\"\n";
        let forces = parse_toml::<RawForces>("f.toml", text).unwrap();
        assert_eq!(forces.force.len(), 1);
    }

    #[test]
    fn an_unknown_field_is_named_with_the_allowed_ones() {
        let text = "[[force]]\nid = \"essex\"\nnmae = \"Essex\"\n";
        let d = single(parse_toml::<RawForces>("data/forces.toml", text));
        assert_eq!(d.field.as_deref(), Some("nmae"));
        assert_eq!(d.message, "unknown field `nmae`");
        assert!(d.hint.unwrap().contains("`name`"));
        assert_eq!(&text[d.span.unwrap()], "nmae");
    }

    #[test]
    fn a_missing_field_points_at_its_table() {
        let text = "[[force]]\nid = \"essex\"\nname = \"Essex\"\nsource = \"x.txt\"\n";
        let d = single(parse_toml::<RawForces>("data/forces.toml", text));
        assert_eq!(d.field.as_deref(), Some("rocu"));
        assert_eq!(&text[d.span.unwrap()], "[[force]]");
    }

    #[test]
    fn a_wrong_type_names_the_key_on_its_line() {
        let text = "[[force]]\nid = 7\n";
        let d = single(parse_toml::<RawForces>("data/forces.toml", text));
        assert_eq!(d.field.as_deref(), Some("id"));
        assert_eq!(d.hint.as_deref(), Some("put the value in double quotes"));
    }

    #[test]
    fn front_matter_is_split_and_its_errors_point_into_the_file() {
        let (front, body) =
            split_front_matter("content/a.md", "+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(front.title.as_deref(), Some("A"));
        assert_eq!(body, 20);
        let text = "+++\ntitel = \"A\"\n+++\nBody\n";
        let d = single(split_front_matter("content/a.md", text));
        assert_eq!(&text[d.span.unwrap()], "titel");
        let d = single(split_front_matter(
            "content/a.md",
            "+++\ntitle = \"A\"\nBody\n",
        ));
        assert!(d.message.contains("never closed"));
    }

    /// A site folder with one page, and a way to write it.
    fn site_with_page(text: &str) -> (tempfile::TempDir, impl Fn(&str, Option<SystemTime>)) {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        let path = site.path().join("content/about.md");
        let write = move |text: &str, modified: Option<SystemTime>| {
            std::fs::write(&path, text).unwrap();
            if let Some(time) = modified {
                let file = std::fs::File::options().write(true).open(&path).unwrap();
                file.set_modified(time).unwrap();
            }
        };
        write(text, None);
        (site, write)
    }

    fn page_text(root: &Path, memo: &mut Memo) -> String {
        let loaded = load_site_with(root, &Overrides::default(), Some(memo));
        loaded.files.get("content/about.md").unwrap().to_string()
    }

    #[test]
    fn a_file_saved_again_at_once_at_the_same_size_is_read_again() {
        let (site, write) = site_with_page("First text.\n");
        let mut memo = Memo::default();
        assert_eq!(page_text(site.path(), &mut memo), "First text.\n");
        write("Other text.\n", None);
        assert_eq!(page_text(site.path(), &mut memo), "Other text.\n");
    }

    #[test]
    fn a_file_unchanged_since_the_last_load_is_not_read_again() {
        let long_ago = SystemTime::now() - std::time::Duration::from_secs(3600);
        let (site, write) = site_with_page("First text.\n");
        write("First text.\n", Some(long_ago));
        let mut memo = Memo::default();
        assert_eq!(page_text(site.path(), &mut memo), "First text.\n");
        // Changed behind the stamp's back: same size, same time. Only a
        // load that kept the first reading still sees it.
        write("Other text.\n", Some(long_ago));
        assert_eq!(page_text(site.path(), &mut memo), "First text.\n");
        assert_eq!(
            page_text(site.path(), &mut Memo::default()),
            "Other text.\n"
        );
        // A real save changes the time.
        write("Other text.\n", None);
        assert_eq!(page_text(site.path(), &mut memo), "Other text.\n");
    }

    #[test]
    fn page_roles_follow_the_path() {
        assert_eq!(page_role("content/index.md"), Some(PageRole::Home));
        assert_eq!(
            page_role("content/about.md"),
            Some(PageRole::Page("about".into()))
        );
        assert_eq!(
            page_role("content/recommendations/x/4.md"),
            Some(PageRole::Commentary(EntityRef::Recommendation(
                RecommendationKey {
                    inspection: "x".into(),
                    number: 4
                }
            )))
        );
        assert_eq!(page_role("content/recommendations/x/four.md"), None);
        assert_eq!(page_role("content/a/b/c/d.md"), None);
    }
}
