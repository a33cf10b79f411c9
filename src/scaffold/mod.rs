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

mod texts;

pub use texts::*;

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
