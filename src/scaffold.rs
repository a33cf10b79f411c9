//! `answerable new`: starts a response, inspection, force or page with
//! every field in place, each under a comment saying what goes there.
//!
//! A new file holds only what the data already knows (the ids given, the
//! recommendations a response should answer, the commissioner on record).
//! Every value still to write is left blank (`""`). The loader refuses
//! blank text anywhere (an optional field is left out, never blank), so
//! `answerable check` then lists exactly the values still to write, each
//! at its line, until none is left. Optional fields are commented out;
//! optional dates read `YYYY-MM-DD`, which is not TOML, so a line
//! uncommented but not filled in is an error too, never a silent guess.
//!
//! Nothing is ever overwritten: a file is created only if it does not
//! exist, and a force is added only if its id is new.

use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::Path;

use crate::Report;
use answerable_data::config::Overrides;
use answerable_data::diagnostics::{Diagnostic, suggest};
use answerable_data::load::{self, ACTORS, SECTION_55};
use answerable_data::model::{Dataset, EntityRef, Inspection, PageRole, SourceKind};
use answerable_data::schemas::{self, Kind};
use answerable_data::urls::{RESERVED, Targets};
use answerable_validate::is_id;

/// What to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    /// `data/responses/<force>-<inspection>.toml`.
    Response { inspection: String, force: String },
    /// `data/inspections/<id>.toml`.
    Inspection { id: String },
    /// A `[[force]]` added to `data/forces.toml`.
    Force {
        id: String,
        name: String,
        rocu: String,
    },
    /// A page or commentary under `content/`, given as its path there
    /// (`about-us`, `forces/essex`, with or without `content/` and `.md`).
    Page { path: String },
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffolded {
    /// The file, relative to the site root.
    pub file: String,
    /// True when a table was added to an existing file.
    pub added_to_existing: bool,
    /// What the person should do next.
    pub next: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file} already exists")]
    Exists { file: String, hint: String },
    #[error("there is no {kind} `{id}`")]
    Unknown {
        kind: &'static str,
        id: String,
        hint: String,
    },
    #[error("`{name}` cannot be used as {what}")]
    BadName {
        name: String,
        what: &'static str,
        hint: String,
    },
    /// Files the new one depends on have errors (shown in the report).
    #[error("fix the errors in the files above first: the new file is made from them")]
    Invalid(Report),
    #[error("cannot write {file}: {source}")]
    Write {
        file: String,
        source: std::io::Error,
    },
}

impl Error {
    /// How to put it right, when there is more to say than the message.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Exists { hint, .. }
            | Error::Unknown { hint, .. }
            | Error::BadName { hint, .. } => Some(hint),
            Error::Invalid(_) | Error::Write { .. } => None,
        }
    }
}

/// Writes the new file (or adds the force) in the site at `root`.
pub fn scaffold(root: &Path, template: &Template) -> Result<Scaffolded, Error> {
    let mut done = write(root, template)?;
    if let Some(kind) = Kind::of_file(&done.file)
        && !root.join(schemas::DIR).join(kind.file_name()).is_file()
    {
        done.next.push_str(&format!(
            " To have VS Code check the file as you type, run `answerable schemas` (it writes {}/{}).",
            schemas::DIR,
            kind.file_name()
        ));
    }
    Ok(done)
}

fn write(root: &Path, template: &Template) -> Result<Scaffolded, Error> {
    match template {
        Template::Response { inspection, force } => {
            let file = format!("data/responses/{force}-{inspection}.toml");
            refuse_existing(root, &file)?;
            // A response being written elsewhere may be broken for now;
            // it should not stop another from being started.
            let dataset = load_for(root, |file| {
                file == "data/forces.toml"
                    || file == "data/vocabulary.toml"
                    || file.starts_with("data/inspections/")
            })?;
            let text = response(&dataset, inspection, force)?;
            create(root, &file, &text)?;
            Ok(Scaffolded {
                next: "Fill in every \"\" (the source, the summary, and each position's stance and quote), delete the positions the response says nothing about, then run `answerable check`: it lists every value still to write.".into(),
                file,
                added_to_existing: false,
            })
        }
        Template::Inspection { id } => {
            check_id(id, "an inspection id")?;
            let file = format!("data/inspections/{id}.toml");
            refuse_existing(root, &file)?;
            // Only to list the report documents not yet used; a site with
            // errors gets the file without the list.
            let dataset = load::load_site(root, &Overrides::default()).dataset;
            create(root, &file, &inspection(id, dataset.as_ref()))?;
            Ok(Scaffolded {
                next: "Fill in every \"\", copy the [[recommendation]] table for each recommendation, then run `answerable check`: it lists every value still to write.".into(),
                file,
                added_to_existing: false,
            })
        }
        Template::Force { id, name, rocu } => {
            check_id(id, "a force id")?;
            const FILE: &str = "data/forces.toml";
            let dataset = load_for(root, |file| file == FILE || file == "data/rocus.toml")?;
            if dataset.forces.iter().any(|f| f.id.value == *id) {
                return Err(Error::Exists {
                    file: format!("the force `{id}` in {FILE}"),
                    hint: "ids are unique: edit the force that is there, or choose another id"
                        .into(),
                });
            }
            let rocus: Vec<&str> = dataset.rocus.iter().map(|r| r.id.value.as_str()).collect();
            if !rocus.contains(&rocu.as_str()) {
                return Err(Error::Unknown {
                    kind: "ROCU",
                    id: rocu.clone(),
                    hint: suggest(rocu, &rocus),
                });
            }
            // The file read (`load_for` says so); only its end matters.
            let existing = fs::read_to_string(root.join(FILE)).unwrap_or_default();
            let mut text = String::new();
            if !existing.is_empty() && !existing.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&force(id, name, rocu));
            append(root, FILE, &text)?;
            Ok(Scaffolded {
                file: FILE.into(),
                added_to_existing: true,
                next: format!(
                    "The force is at the end of {FILE}: fill in its source (and its commissioner, if a source names them), then run `answerable check`."
                ),
            })
        }
        Template::Page { path } => {
            let (file, role) = page_file(path)?;
            refuse_existing(root, &file)?;
            if let PageRole::Commentary(target) = &role {
                let dataset = load_for(root, |file| file.starts_with("data/"))?;
                let targets = Targets::of(&dataset);
                if targets.path(target).is_none() {
                    let ids = targets.ids_like(target);
                    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                    let (kind, id) = describe(target);
                    return Err(Error::Unknown {
                        kind,
                        id,
                        hint: suggest(&target_id(target), &ids),
                    });
                }
            }
            create(root, &file, &page(&role))?;
            let next = match role {
                PageRole::Page(_) => {
                    "Give the page its title, write it in markdown below the closing +++, then run `answerable check`."
                }
                _ => {
                    "Write the commentary in markdown below the closing +++, then run `answerable check`."
                }
            };
            Ok(Scaffolded {
                file,
                added_to_existing: false,
                next: next.into(),
            })
        }
    }
}

/// Loads the site, failing only on errors in the files `needed` names
/// (or in `site.toml`, without which nothing loads).
fn load_for(root: &Path, needed: impl Fn(&str) -> bool) -> Result<Dataset, Error> {
    let loaded = load::load_site(root, &Overrides::default());
    let blocking: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error() && (loaded.dataset.is_none() || needed(&d.file)))
        .collect();
    match loaded.dataset {
        Some(dataset) if blocking.is_empty() => Ok(dataset),
        _ => Err(Error::Invalid(Report {
            diagnostics: blocking,
            files: loaded.files,
        })),
    }
}

fn refuse_existing(root: &Path, file: &str) -> Result<(), Error> {
    if root.join(file).exists() {
        return Err(Error::Exists {
            file: file.to_string(),
            hint:
                "answerable new never overwrites a file: edit it, or delete it first to start again"
                    .into(),
        });
    }
    Ok(())
}

fn check_id(id: &str, what: &'static str) -> Result<(), Error> {
    if is_id(id) {
        return Ok(());
    }
    Err(Error::BadName {
        name: id.to_string(),
        what,
        hint: "ids appear in page addresses: use lowercase letters, digits and single hyphens, e.g. `west-yorkshire`".into(),
    })
}

fn create(root: &Path, file: &str, text: &str) -> Result<(), Error> {
    let path = root.join(file);
    let write = || -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        // `create_new` refuses a file that appeared since the check.
        let mut out = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        out.write_all(text.as_bytes())
    };
    write().map_err(|source| Error::Write {
        file: file.to_string(),
        source,
    })
}

fn append(root: &Path, file: &str, text: &str) -> Result<(), Error> {
    let write = || -> std::io::Result<()> {
        let mut out = OpenOptions::new().append(true).open(root.join(file))?;
        out.write_all(text.as_bytes())
    };
    write().map_err(|source| Error::Write {
        file: file.to_string(),
        source,
    })
}

const PREAMBLE: &str = "Every \"\" is a value still to write: `answerable check` lists each one until it is filled in. Optional fields are commented out: remove the `#` to use one.";

/// The text of a new response of `force` to `inspection`.
pub fn response(dataset: &Dataset, inspection: &str, force: &str) -> Result<String, Error> {
    let Some(found) = dataset
        .inspections
        .iter()
        .find(|i| i.id.value == inspection)
    else {
        let ids: Vec<&str> = dataset
            .inspections
            .iter()
            .map(|i| i.id.value.as_str())
            .collect();
        return Err(Error::Unknown {
            kind: "inspection",
            id: inspection.to_string(),
            hint: suggest(inspection, &ids),
        });
    };
    let Some(the_force) = dataset.forces.iter().find(|f| f.id.value == force) else {
        let ids: Vec<&str> = dataset.forces.iter().map(|f| f.id.value.as_str()).collect();
        return Err(Error::Unknown {
            kind: "force",
            id: force.to_string(),
            hint: suggest(force, &ids),
        });
    };
    if let Some(existing) = dataset
        .responses
        .iter()
        .find(|r| r.inspection.value == inspection && r.force.value == force)
    {
        return Err(Error::Exists {
            file: format!(
                "a response from `{force}` to `{inspection}` ({})",
                existing.origin.file
            ),
            hint: "a force's response to an inspection is recorded once: edit that file".into(),
        });
    }
    let file = format!("data/responses/{force}-{inspection}.toml");
    let mut t = String::new();
    line(&mut t, &directive(&file));
    comment(
        &mut t,
        &format!(
            "The response of {}'s commissioner to \"{}\" ({inspection}). Started by `answerable new response`.",
            the_force.name, found.title
        ),
    );
    comment(&mut t, PREAMBLE);
    comment(
        &mut t,
        "Format: docs/data-format.md (section \"data/responses/<id>.toml\").",
    );
    line(&mut t, "");
    line(&mut t, &format!("inspection = {}", quoted(inspection)));
    line(&mut t, &format!("force = {}", quoted(force)));
    line(&mut t, "");
    let commissioner = the_force.commissioner.as_ref();
    match commissioner {
        Some(_) => comment(
            &mut t,
            "Who signed the response, and their title, as written in it. Filled in from data/forces.toml: check them against the document.",
        ),
        None => comment(
            &mut t,
            "Who signed the response, and their title, as written in it (e.g. \"Police and Crime Commissioner\").",
        ),
    }
    let author = commissioner.map(|c| c.name.as_str()).unwrap_or_default();
    let role = commissioner
        .and_then(|c| c.role.as_deref())
        .unwrap_or_default();
    line(&mut t, &format!("author = {}", quoted(author)));
    line(&mut t, &format!("role = {}", quoted(role)));
    comment(
        &mut t,
        "The date on the document, without quotes (2021-04-07), or in quotes if it gives only a month (\"2021-04\"). Leave it out if the document is undated.",
    );
    line(&mut t, "# date = YYYY-MM-DD");
    comment(
        &mut t,
        "The document's reference and whom it is addressed to, as written in it.",
    );
    line(&mut t, "# reference = \"\"");
    line(&mut t, "# addressee = \"\"");
    comment(
        &mut t,
        "The file in seeds/ holding the response, as listed in data/sources.toml.",
    );
    unused_sources(&mut t, dataset, SourceKind::Response);
    line(&mut t, "source = \"\"");
    comment(
        &mut t,
        "A neutral summary of what the response says; markdown allowed.",
    );
    line(&mut t, "summary = \"\"\"\n\"\"\"");
    line(&mut t, "");
    positions(&mut t, dataset, found);
    points(&mut t, found);
    Ok(t)
}

fn positions(t: &mut String, dataset: &Dataset, inspection: &Inspection) {
    let mut asked: Vec<_> = inspection
        .recommendations
        .iter()
        .filter(|r| r.concerns_forces())
        .collect();
    asked.sort_by_key(|r| r.number.value);
    if asked.is_empty() {
        comment(
            t,
            "The inspection asks no force or region to act, so there is no [[position]] here. Add one (recommendation, stance, quote) only where the response takes a position on a recommendation.",
        );
        line(t, "");
        return;
    }
    comment(
        t,
        "What the response says about each recommendation that asks forces or regions to act: one [[position]] each. Record a position only where the response's words support it, and delete the [[position]] of any recommendation it says nothing about (the site then shows \"no published position\").",
    );
    line(t, "#");
    comment(t, "`stance` is one of the stances in data/vocabulary.toml:");
    let stances = &dataset.vocabulary.stances;
    let width = stances
        .iter()
        .map(|s| s.id.value.len())
        .max()
        .unwrap_or_default();
    for stance in stances {
        let entry = format!("#   {:<width$}  {}", stance.id.value, stance.label);
        line(t, entry.trim_end());
    }
    comment(
        t,
        "`quote` is the response's words, copied exactly, that support the stance. `note` (optional) says why the stance was chosen, when it is not obvious.",
    );
    let others: Vec<String> = inspection
        .recommendations
        .iter()
        .filter(|r| !r.concerns_forces())
        .map(|r| r.number.value.to_string())
        .collect();
    if !others.is_empty() {
        comment(
            t,
            &format!(
                "Recommendations to national bodies only ({}) have no [[position]] here; add one for any the response takes a position on.",
                others.join(", ")
            ),
        );
    }
    for r in asked {
        line(t, "");
        let to = match r.addressees.as_slice() {
            [] => String::new(),
            [one] => format!(", addressed to {one}"),
            [init @ .., last] => format!(", addressed to {} and {last}", init.join(", ")),
        };
        comment(
            t,
            &format!(
                "Recommendation {}{to}: \"{}\"",
                r.number.value,
                r.text.trim()
            ),
        );
        line(t, "[[position]]");
        line(t, &format!("recommendation = {}", r.number.value));
        line(t, "stance = \"\"");
        line(t, "quote = \"\"");
        line(t, "# note = \"\"");
    }
    line(t, "");
}

fn points(t: &mut String, inspection: &Inspection) {
    let causes: Vec<&str> = inspection
        .causes_of_concern
        .iter()
        .map(|c| c.id.value.as_str())
        .collect();
    let cause = if causes.is_empty() {
        String::new()
    } else {
        format!(
            " `cause_of_concern` (optional) is the id of the inspection's cause of concern it is about: {}.",
            causes.join(", ")
        )
    };
    comment(
        t,
        &format!(
            "Points the response raises beyond the recommendations (optional), one [[point]] each: `topic` names it in a few words, `quote` is the response's own words.{cause}"
        ),
    );
    line(t, "# [[point]]");
    line(t, "# topic = \"\"");
    line(t, "# quote = \"\"");
    if !causes.is_empty() {
        line(t, "# cause_of_concern = \"\"");
    }
}

/// Lists the documents of `kind` no record of that kind uses yet: the
/// likely `source` of the new one.
fn unused_sources(t: &mut String, dataset: &Dataset, kind: SourceKind) {
    let used: Vec<&str> = match kind {
        SourceKind::Response => dataset
            .responses
            .iter()
            .map(|r| r.source.value.as_str())
            .collect(),
        SourceKind::Report => dataset
            .inspections
            .iter()
            .map(|i| i.source.value.as_str())
            .collect(),
        SourceKind::Legislation => Vec::new(),
    };
    let unused: Vec<&str> = dataset
        .sources
        .iter()
        .filter(|s| s.kind == kind && !used.contains(&s.file.value.as_str()))
        .map(|s| s.file.value.as_str())
        .collect();
    let (document, record) = match kind {
        SourceKind::Response => ("response", "response"),
        SourceKind::Report => ("report", "inspection"),
        SourceKind::Legislation => ("legislation", "record"),
    };
    if unused.is_empty() {
        comment(
            t,
            &format!(
                "(Every {document} listed there has its {record} file already: put the new document in seeds/ and list it in data/sources.toml first.)"
            ),
        );
    } else {
        comment(
            t,
            &format!(
                "Listed there with no {record} file yet: {}.",
                unused.join(", ")
            ),
        );
    }
}

/// The text of a new inspection. `dataset`, when the site loads, adds the
/// report documents not used yet.
pub fn inspection(id: &str, dataset: Option<&Dataset>) -> String {
    let file = format!("data/inspections/{id}.toml");
    let mut t = String::new();
    line(&mut t, &directive(&file));
    comment(
        &mut t,
        "An inspection report and its recommendations. Started by `answerable new inspection`.",
    );
    comment(&mut t, PREAMBLE);
    comment(
        &mut t,
        "Format: docs/data-format.md (section \"data/inspections/<id>.toml\").",
    );
    line(&mut t, "");
    comment(
        &mut t,
        "The same as the file name. It is in the page's address: never change it once published.",
    );
    line(&mut t, &format!("id = {}", quoted(id)));
    comment(
        &mut t,
        "The report's title, who inspected (e.g. \"HMICFRS\") and what was inspected, in words (\"the National Crime Agency\").",
    );
    line(&mut t, "title = \"\"");
    line(&mut t, "inspectorate = \"\"");
    line(&mut t, "subject = \"\"");
    comment(
        &mut t,
        "When the report was published, as precise as it says: 2021-04-07 (no quotes), or \"2021-02\" or \"2021\" (in quotes) for a month or a year. Leave it out if no source gives it.",
    );
    line(&mut t, "# published = YYYY-MM-DD");
    comment(
        &mut t,
        "When the fieldwork took place, in the report's words.",
    );
    line(&mut t, "# fieldwork = \"\"");
    comment(
        &mut t,
        &format!(
            "Whether commissioners' 56-day duty to publish comments (Police Act 1996, s.55) applies: \"{}\", \"{}\" (e.g. a report on ROCUs, which are not forces) or \"{}\" (a report not about police forces).",
            SECTION_55[0].0, SECTION_55[1].0, SECTION_55[2].0
        ),
    );
    line(&mut t, "section_55 = \"\"");
    comment(
        &mut t,
        "The file in seeds/ holding the report, as listed in data/sources.toml.",
    );
    if let Some(dataset) = dataset {
        unused_sources(&mut t, dataset, SourceKind::Report);
    }
    line(&mut t, "source = \"\"");
    comment(&mut t, "A short summary of the report; markdown allowed.");
    line(&mut t, "summary = \"\"\"\n\"\"\"");
    line(&mut t, "");
    comment(
        &mut t,
        "The report's causes of concern (optional), one [[cause_of_concern]] each: a short `id` recommendations can name, a `title`, and the report's own words in `text`.",
    );
    line(&mut t, "# [[cause_of_concern]]");
    line(&mut t, "# id = \"\"");
    line(&mut t, "# title = \"\"");
    line(&mut t, "# text = \"\"");
    line(&mut t, "");
    comment(
        &mut t,
        "The recommendations, in number order: copy this [[recommendation]] table for each one.",
    );
    line(&mut t, "[[recommendation]]");
    line(&mut t, "number = 1");
    comment(&mut t, "The report's own wording, verbatim.");
    line(&mut t, "text = \"\"");
    comment(
        &mut t,
        "The deadline: 2021-03-31 (no quotes), \"2021-03\" or \"2021\" (in quotes) for a month or a year, or \"immediate\" for \"with immediate effect\". Leave it out if there is none.",
    );
    line(&mut t, "# due = YYYY-MM-DD");
    comment(
        &mut t,
        "The report's own words for the deadline, e.g. \"By March 2021\".",
    );
    line(&mut t, "due_text = \"\"");
    comment(
        &mut t,
        "Whom it is addressed to, in the report's words: a list, e.g. [\"Home Office\", \"NCA\"].",
    );
    line(&mut t, "addressees = [\"\"]");
    comment(
        &mut t,
        &format!(
            "Who must act: any of {} (national bodies, regions through their ROCU, forces). Those only to be encouraged go in `encourages` instead (docs/data-format.md).",
            ACTORS
                .iter()
                .map(|(id, _)| format!("\"{id}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    line(&mut t, "applies_to = [\"\"]");
    comment(
        &mut t,
        "Optional: short lowercase tags; the id of the cause of concern it answers; earlier recommendations it repeats, as \"<inspection id>/<number>\"; notes giving context.",
    );
    line(&mut t, "# themes = [\"\"]");
    line(&mut t, "# cause_of_concern = \"\"");
    line(&mut t, "# repeats = [\"\"]");
    line(&mut t, "# notes = [\"\"]");
    t
}

/// The `[[force]]` table added to `data/forces.toml`.
pub fn force(id: &str, name: &str, rocu: &str) -> String {
    let mut t = String::new();
    line(&mut t, "");
    comment(
        &mut t,
        "Added by `answerable new force`: fill in every \"\", then run `answerable check`.",
    );
    line(&mut t, "[[force]]");
    line(&mut t, &format!("id = {}", quoted(id)));
    line(&mut t, &format!("name = {}", quoted(name)));
    line(&mut t, &format!("rocu = {}", quoted(rocu)));
    comment(
        &mut t,
        "The file in seeds/ that says which ROCU serves the force, as listed in data/sources.toml.",
    );
    line(&mut t, "source = \"\"");
    comment(
        &mut t,
        "The commissioner and the chief constable, only where a source names them (remove the `#`s to use): their name and title as written, and the file in seeds/ that names them.",
    );
    line(&mut t, "# [force.commissioner]");
    line(&mut t, "# name = \"\"");
    line(&mut t, "# role = \"\"");
    line(&mut t, "# source = \"\"");
    line(&mut t, "# [force.chief_constable]");
    line(&mut t, "# name = \"\"");
    line(&mut t, "# source = \"\"");
    t
}

/// The file and role of a page given as its path under `content/`.
fn page_file(path: &str) -> Result<(String, PageRole), Error> {
    let inner = path.trim_matches('/');
    let inner = inner.strip_prefix("content/").unwrap_or(inner);
    let inner = inner.strip_suffix(".md").unwrap_or(inner);
    let file = format!("content/{inner}.md");
    let role = load::page_role(&file).ok_or_else(|| Error::BadName {
        name: path.to_string(),
        what: "a page",
        hint: "give a page's name (`about-us`, for content/about-us.md) or the commentary's place: `forces/<id>`, `rocus/<id>`, `inspections/<id>`, `responses/<id>` or `recommendations/<inspection id>/<number>`".into(),
    })?;
    if let PageRole::Page(slug) = &role {
        if RESERVED.contains(&slug.as_str()) {
            return Err(Error::BadName {
                name: slug.clone(),
                what: "a page name",
                hint: format!(
                    "the site uses /{slug}/ itself; choose another name (reserved: {})",
                    RESERVED.join(", ")
                ),
            });
        }
        if !is_id(slug) {
            return Err(Error::BadName {
                name: slug.clone(),
                what: "a page name",
                hint: "the name is the page's address: use lowercase letters, digits and single hyphens, e.g. `about-us`".into(),
            });
        }
    }
    Ok((file, role))
}

fn describe(target: &EntityRef) -> (&'static str, String) {
    let kind = match target {
        EntityRef::Force(_) => "force",
        EntityRef::Rocu(_) => "ROCU",
        EntityRef::Inspection(_) => "inspection",
        EntityRef::Recommendation(_) => "recommendation",
        EntityRef::Response(_) => "response",
        EntityRef::Source { .. } => "source",
        EntityRef::Page(_) => "page",
    };
    (kind, target_id(target))
}

fn target_id(target: &EntityRef) -> String {
    match target {
        EntityRef::Force(id)
        | EntityRef::Rocu(id)
        | EntityRef::Inspection(id)
        | EntityRef::Response(id)
        | EntityRef::Page(id) => id.clone(),
        EntityRef::Recommendation(key) => format!("{}/{}", key.inspection, key.number),
        EntityRef::Source { slug, .. } => slug.clone(),
    }
}

/// A new page's text: front matter whose comments say what goes where.
pub fn page(role: &PageRole) -> String {
    let mut t = String::from("+++\n");
    match role {
        PageRole::Page(slug) => {
            comment(
                &mut t,
                &format!(
                    "The page at /{slug}/. Write it in markdown below the closing +++. Started by `answerable new page`: `answerable check` reports the title until it is written."
                ),
            );
            comment(&mut t, "The page's title, shown as its heading.");
            line(&mut t, "title = \"\"");
            comment(
                &mut t,
                "One sentence for search engines and link previews (optional).",
            );
            line(&mut t, "# description = \"\"");
            comment(
                &mut t,
                "The page's place in the navigation, lowest first (optional): a page without a weight is not in it.",
            );
            line(&mut t, "# weight = 10");
        }
        PageRole::Home => comment(
            &mut t,
            "The introduction on the home page. Write it in markdown below the closing +++.",
        ),
        PageRole::Commentary(target) => {
            let (kind, id) = describe(target);
            comment(
                &mut t,
                &format!(
                    "Commentary shown on the page of the {kind} `{id}`. Write it in markdown below the closing +++."
                ),
            );
        }
    }
    t.push_str("+++\n\n");
    t
}

fn directive(file: &str) -> String {
    answerable_data::schemas::directive(file).expect("a data file has a schema")
}

fn line(t: &mut String, text: &str) {
    t.push_str(text);
    t.push('\n');
}

/// Adds `text` as `#` comment lines of at most 78 characters.
fn comment(t: &mut String, text: &str) {
    const WIDTH: usize = 78;
    let mut current = String::from("#");
    for word in text.split_whitespace() {
        if current.len() > 1 && current.chars().count() + 1 + word.chars().count() > WIDTH {
            line(t, &current);
            current = String::from("#");
        }
        current.push(' ');
        current.push_str(word);
    }
    line(t, &current);
}

/// A TOML string holding `text`, escaped as needed.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_wrap_at_78_characters_and_never_split_a_word() {
        let mut t = String::new();
        comment(&mut t, &"word ".repeat(40));
        assert!(
            t.lines().all(|l| l.len() <= 78 && l.starts_with("# ")),
            "{t}"
        );
        assert_eq!(t.split_whitespace().filter(|w| *w == "word").count(), 40);
        let mut t = String::new();
        comment(&mut t, "a text\nwith a line break");
        assert_eq!(t, "# a text with a line break\n");
    }

    #[test]
    fn values_are_quoted_and_escaped_as_toml() {
        let text = format!("name = {}\n", quoted("Say \"hello\"\\ now"));
        let value: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(value["name"].as_str(), Some("Say \"hello\"\\ now"));
    }

    #[test]
    fn a_new_inspection_reads_but_lists_every_value_still_to_write() {
        let text = inspection("new-report", None);
        assert!(
            text.starts_with("#:schema ../../schemas/inspection.schema.json\n"),
            "{text}"
        );
        let problems = load::parse_toml::<toml::Table>("f.toml", &text);
        assert!(problems.is_err());
        let fields: Vec<String> = problems
            .unwrap_err()
            .into_iter()
            .map(|d| d.field.unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "title",
                "inspectorate",
                "subject",
                "section_55",
                "source",
                "summary",
                "text",
                "due_text",
                "addressees",
                "applies_to"
            ]
        );
        // Once they are written, the file is a valid inspection.
        let filled = text
            .replace("title = \"\"", "title = \"T\"")
            .replace("inspectorate = \"\"", "inspectorate = \"I\"")
            .replace("subject = \"\"", "subject = \"S\"")
            .replace("section_55 = \"\"", "section_55 = \"applies\"")
            .replace("source = \"\"", "source = \"r.txt\"")
            .replace("summary = \"\"\"\n\"\"\"", "summary = \"Sum\"")
            .replace("text = \"\"", "text = \"Do it.\"")
            .replace("due_text = \"\"", "due_text = \"Now\"")
            .replace("[\"\"]", "[\"forces\"]");
        assert!(
            load::check_shape(
                answerable_data::schemas::Kind::Inspection,
                "f.toml",
                &filled
            )
            .is_ok()
        );
    }

    #[test]
    fn a_new_force_is_one_table_that_reads_once_its_source_is_written() {
        let text = force("kent", "Kent", "seroc");
        let filled = text.replace("source = \"\"", "source = \"s.txt\"");
        assert!(
            load::check_shape(answerable_data::schemas::Kind::Forces, "f.toml", &filled).is_ok()
        );
        assert_eq!(text.matches("[[force]]").count(), 1, "{text}");
    }

    #[test]
    fn pages_and_commentary_are_told_apart_by_their_path() {
        let (file, role) = page_file("about-us").unwrap();
        assert_eq!(file, "content/about-us.md");
        assert_eq!(role, PageRole::Page("about-us".into()));
        assert_eq!(page_file("content/about-us.md").unwrap().0, file);
        let (file, role) = page_file("forces/essex").unwrap();
        assert_eq!(file, "content/forces/essex.md");
        assert!(matches!(role, PageRole::Commentary(EntityRef::Force(_))));
        assert!(matches!(page_file("search"), Err(Error::BadName { .. })));
        assert!(matches!(page_file("About Us"), Err(Error::BadName { .. })));
        assert!(matches!(page_file("a/b/c/d"), Err(Error::BadName { .. })));
        let text = page(&PageRole::Page("about-us".into()));
        let (front, body) = load::split_front_matter(
            "content/a.md",
            &text.replace("title = \"\"", "title = \"A\""),
        )
        .unwrap();
        assert_eq!(front.title.as_deref(), Some("A"));
        assert!(text[body..].trim().is_empty());
    }
}
