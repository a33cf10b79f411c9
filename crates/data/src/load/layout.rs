//! Which files under `data/`, `content/` and `seeds/` the site reads, in
//! one place: one walk of the three folders sorts every file into what the
//! loader reads and what it does not, and each file not read is reported
//! (a response saved as `north-test.toml.txt` must not vanish without a
//! word). Only editors' temporary files and the operating system's clutter
//! are passed over, by the rule in [`is_clutter`].

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, closest};

/// The files directly in `data/`, by name.
pub(crate) const DATA_FILES: [&str; 5] = [
    "vocabulary.toml",
    "sources.toml",
    "rocus.toml",
    "forces.toml",
    "tiles.toml",
];

/// The folders in `data/` and the records each holds, one `.toml` file each.
const DATA_FOLDERS: [(&str, &str); 2] = [("inspections", "inspection"), ("responses", "response")];

/// The file in `seeds/` that describes the documents, for people: read by
/// no one but allowed there.
pub(crate) const SEEDS_README: &str = "README.md";

/// Every file of the three folders, sorted by what the loader does with it.
/// Paths are relative to the site root, with `/` separators, sorted so
/// that loading never depends on the order the file system lists them in.
/// Shared, so that a `serve` session keeps one from save to save while no
/// file is added or removed (see [`Layout::still_holds`]).
#[derive(Debug, Default, Clone)]
pub(crate) struct Layout {
    pub inspections: Arc<[String]>,
    pub responses: Arc<[String]>,
    pub pages: Arc<[String]>,
    /// Every file in `seeds/` but its README, named relative to `seeds/`:
    /// each should be a source document listed in `data/sources.toml`.
    pub seeds: Arc<[String]>,
    /// One error for each file that is not read.
    pub unread: Vec<Diagnostic>,
}

impl Layout {
    /// Whether this layout, sorted before these paths changed, still holds
    /// after: none was added or removed (`added_or_removed`, from
    /// [`update`]) and none is a file not read, whose error may quote it.
    pub(crate) fn still_holds(&self, changed: &BTreeSet<String>, added_or_removed: bool) -> bool {
        !added_or_removed && !self.unread.iter().any(|d| changed.contains(&d.file))
    }
}

/// Editors' temporary files (`.x.swp`, `x~`, `#x#`, vim's `4913` probe)
/// and the operating system's clutter (`.DS_Store`, `Thumbs.db`): never
/// part of a site, so neither read nor reported. A folder whose name
/// starts with `.` is passed over whole.
pub fn is_clutter(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

/// The folders whose files the loader reads or reports.
const FOLDERS: [&str; 3] = ["data", "content", "seeds"];

/// Every file of `data/`, `content/` and `seeds/` below `root` that is not
/// clutter, relative to `root`.
pub(crate) fn find(root: &Path) -> BTreeSet<String> {
    (FOLDERS.iter())
        .flat_map(|folder| files_below(root, folder))
        .collect()
}

/// Brings the files `find` found up to date with these changed paths: each
/// is added if it is a file now, and removed if not. Paths outside the
/// three folders, and clutter, are passed over as `find` passes them over.
/// Returns whether any file was added or removed.
pub(crate) fn update(
    root: &Path,
    found: &mut BTreeSet<String>,
    changed: &BTreeSet<String>,
) -> bool {
    let mut added_or_removed = false;
    for path in changed {
        let in_folder = (path.split_once('/')).is_some_and(|(folder, _)| FOLDERS.contains(&folder));
        if !in_folder || path.split('/').any(is_clutter) {
            continue;
        }
        added_or_removed |= if root.join(path).is_file() {
            found.insert(path.clone())
        } else {
            found.remove(path)
        };
    }
    added_or_removed
}

/// Sorts the files found into what the loader does with each, folder by
/// folder.
pub(crate) fn sort(root: &Path, found: &BTreeSet<String>) -> Layout {
    let (mut inspections, mut responses, mut pages, mut seeds) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut unread = Vec::new();
    for folder in FOLDERS {
        let prefix = format!("{folder}/");
        let files = (found.range(prefix.clone()..)).take_while(|f| f.starts_with(&prefix));
        for relative in files {
            match place(relative) {
                Place::Passed | Place::DataFile => {}
                Place::Inspection => inspections.push(relative.clone()),
                Place::Response => responses.push(relative.clone()),
                Place::Page => pages.push(relative.clone()),
                Place::Seed(name) => seeds.push(name),
                Place::Unread(why) => unread.push(why.diagnostic(root, relative)),
            }
        }
    }
    Layout {
        inspections: inspections.into(),
        responses: responses.into(),
        pages: pages.into(),
        seeds: seeds.into(),
        unread,
    }
}

/// Every file below `root/folder` that is not clutter.
fn files_below(root: &Path, folder: &str) -> Vec<String> {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(&dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_clutter))
        .filter_map(Result::ok)
        // `path().is_file()` follows a link to a file, which is read like one.
        .filter(|e| !e.file_type().is_dir() && e.path().is_file())
        .filter_map(|e| {
            let relative = e.path().strip_prefix(root).ok()?.to_string_lossy();
            Some(relative.replace(std::path::MAIN_SEPARATOR, "/"))
        })
        .collect()
}

/// What the loader does with one file.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    /// Clutter or the README of `seeds/`.
    Passed,
    /// One of [`DATA_FILES`].
    DataFile,
    Inspection,
    Response,
    /// A markdown file under `content/` (the loader checks where it sits).
    Page,
    /// A file in `seeds/`, named relative to it.
    Seed(String),
    Unread(Unread),
}

/// Why a file is not read.
#[derive(Debug, PartialEq, Eq)]
enum Unread {
    /// Data or a page whose name does not end as the loader expects
    /// (`x.toml.txt`, `x.TOML`, `x.markdown`): the path it should have.
    Misnamed(String),
    /// A file in a folder of `data/` the loader does not know: the folder,
    /// and the path the file should have if a known folder is close.
    UnknownFolder {
        folder: String,
        near: Option<String>,
    },
    /// A TOML file straight in `data/` that is none of [`DATA_FILES`]:
    /// its name (with `.toml`), to guess where it belongs.
    Stray(String),
    /// Not TOML, in `data/`.
    NotToml,
    /// Not markdown, in `content/`.
    NotMarkdown,
}

fn place(relative: &str) -> Place {
    let parts: Vec<&str> = relative.split('/').collect();
    if parts.iter().any(|part| is_clutter(part)) {
        return Place::Passed;
    }
    match parts.as_slice() {
        ["data", rest @ ..] => data_place(rest),
        ["content", .., name] => match renamed(name, "md", &["md", "markdown"]) {
            None => Place::Page,
            Some(Some(name)) => Place::Unread(Unread::Misnamed(sibling(relative, &name))),
            Some(None) => Place::Unread(Unread::NotMarkdown),
        },
        ["seeds", name] if *name == SEEDS_README => Place::Passed,
        ["seeds", rest @ ..] => Place::Seed(rest.join("/")),
        _ => Place::Passed,
    }
}

fn data_place(parts: &[&str]) -> Place {
    let Some((name, folders)) = parts.split_last() else {
        return Place::Passed;
    };
    let toml_name = renamed(name, "toml", &["toml"]);
    let Some(folder) = folders.first() else {
        return match toml_name {
            None if DATA_FILES.contains(name) => Place::DataFile,
            None => Place::Unread(Unread::Stray(name.to_string())),
            Some(Some(better)) if DATA_FILES.contains(&better.as_str()) => {
                Place::Unread(Unread::Misnamed(format!("data/{better}")))
            }
            Some(Some(better)) => Place::Unread(Unread::Stray(better)),
            Some(None) => Place::Unread(Unread::NotToml),
        };
    };
    let known = DATA_FOLDERS.iter().find(|(known, _)| known == folder);
    match (known, toml_name) {
        (Some(("inspections", _)), None) => Place::Inspection,
        (Some(_), None) => Place::Response,
        (Some(_), Some(Some(better))) => {
            let path = [&["data"], folders, &[better.as_str()]].concat().join("/");
            Place::Unread(Unread::Misnamed(path))
        }
        (Some(_), Some(None)) => Place::Unread(Unread::NotToml),
        (None, toml_name) => {
            let lowercase = folder.to_ascii_lowercase();
            let near = closest(&lowercase, DATA_FOLDERS.iter().map(|(known, _)| *known));
            let name = match toml_name {
                Some(Some(better)) => better,
                _ => name.to_string(),
            };
            Place::Unread(Unread::UnknownFolder {
                folder: folder.to_string(),
                near: near.map(|near| {
                    [&["data", near], &folders[1..], &[name.as_str()]]
                        .concat()
                        .join("/")
                }),
            })
        }
    }
}

/// Whether `name` ends in `.{extension}`: `None` if it does, else the
/// name it should have if it looks like one of `looks_like` with its
/// extension in the wrong case or followed by another one (`x.toml.txt`,
/// `x.TOML`, `x.markdown`), else `Some(None)`.
fn renamed(name: &str, extension: &str, looks_like: &[&str]) -> Option<Option<String>> {
    if name
        .strip_suffix(extension)
        .is_some_and(|s| s.ends_with('.'))
    {
        return None;
    }
    // ASCII lowercase keeps every byte where it was, so the indices found
    // in it hold in `name`.
    let lowercase = name.to_ascii_lowercase();
    let found = looks_like.iter().find_map(|like| {
        let dotted = format!(".{like}");
        lowercase.match_indices(&dotted).map(|(i, _)| i).find(|&i| {
            let after = &lowercase[i + dotted.len()..];
            i > 0 && (after.is_empty() || after.starts_with('.'))
        })
    });
    Some(found.map(|i| format!("{}.{extension}", &name[..i])))
}

/// `relative` with its file name replaced by `name`.
fn sibling(relative: &str, name: &str) -> String {
    match relative.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{name}"),
        None => name.to_string(),
    }
}

const NOT_READ: &str = "this file is not read";

impl Unread {
    fn diagnostic(self, root: &Path, relative: &str) -> Diagnostic {
        let (message, hint) = match self {
            Unread::Misnamed(better) => (
                format!(
                    "{NOT_READ}: its name does not end in `.{}`",
                    extension_of(&better)
                ),
                format!("did you mean `{better}`? rename the file to that"),
            ),
            Unread::UnknownFolder { folder, near } => (
                format!("{NOT_READ}: the site has no folder `data/{folder}/`"),
                match near {
                    Some(better) => format!("did you mean `{better}`? move the file there"),
                    None => folders_hint(),
                },
            ),
            Unread::Stray(name) => (
                format!("{NOT_READ}: `data/` holds only the site's own files and folders"),
                stray_hint(root, relative, &name),
            ),
            Unread::NotToml => (
                format!("{NOT_READ}: `data/` holds TOML files (`.toml`) only"),
                "move it out of `data/`; a note about the data can go in a TOML comment (`# …`)"
                    .to_string(),
            ),
            Unread::NotMarkdown => (
                format!("{NOT_READ}: `content/` holds markdown pages (`.md`) only"),
                "put images and other files the site should publish in `static/`".to_string(),
            ),
        };
        Diagnostic::error(relative, message).with_hint(hint)
    }
}

fn extension_of(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(_, extension)| extension)
}

fn folders_hint() -> String {
    "inspections go in `data/inspections/`, responses in `data/responses/`".to_string()
}

/// Where a TOML file saved straight into `data/` belongs: a misspelt data
/// file (`force.toml`), or, from what it holds, an inspection or a response.
fn stray_hint(root: &Path, relative: &str, name: &str) -> String {
    if let Some(near) = closest(name, DATA_FILES) {
        return format!("did you mean `data/{near}`? rename the file to that");
    }
    let text = std::fs::read_to_string(root.join(relative)).unwrap_or_default();
    match record_in(&text) {
        Some((folder, record)) => format!(
            "it looks like {record}: did you mean `data/{folder}/{name}`? move the file there"
        ),
        None => format!(
            "the files directly in `data/` are {}; {}",
            DATA_FILES.join(", "),
            folders_hint()
        ),
    }
}

/// The folder and record a TOML text looks like, from its `#:schema` line
/// (files made by `answerable new` have one) or its fields.
fn record_in(text: &str) -> Option<(&'static str, &'static str)> {
    let (inspections, responses) = (DATA_FOLDERS[0], DATA_FOLDERS[1]);
    for (folder, record) in DATA_FOLDERS {
        if text.contains(&format!("schemas/{record}.schema.json")) {
            return Some((folder, article(record)));
        }
    }
    let table: toml::Table = text.parse().ok()?;
    if table.contains_key("force") && table.contains_key("inspection") {
        Some((responses.0, article(responses.1)))
    } else if table.contains_key("recommendation") || table.contains_key("section_55") {
        Some((inspections.0, article(inspections.1)))
    } else {
        None
    }
}

fn article(record: &'static str) -> &'static str {
    match record {
        "inspection" => "an inspection",
        _ => "a response",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn misnamed(relative: &str) -> Option<String> {
        match place(relative) {
            Place::Unread(Unread::Misnamed(better)) => Some(better),
            _ => None,
        }
    }

    #[test]
    fn the_loader_reads_data_pages_and_seeds_where_they_belong() {
        assert_eq!(place("data/forces.toml"), Place::DataFile);
        assert_eq!(place("data/inspections/x.toml"), Place::Inspection);
        assert_eq!(place("data/responses/a-x.toml"), Place::Response);
        assert_eq!(place("content/forces/north.md"), Place::Page);
        assert_eq!(place("seeds/a.txt"), Place::Seed("a.txt".into()));
        assert_eq!(place("seeds/README.md"), Place::Passed);
    }

    #[test]
    fn a_data_file_or_page_with_the_wrong_ending_gets_its_right_name() {
        assert_eq!(
            misnamed("data/responses/a-x.toml.txt").as_deref(),
            Some("data/responses/a-x.toml")
        );
        assert_eq!(
            misnamed("data/inspections/x.TOML").as_deref(),
            Some("data/inspections/x.toml")
        );
        assert_eq!(
            misnamed("data/forces.Toml").as_deref(),
            Some("data/forces.toml")
        );
        assert_eq!(
            misnamed("content/about.markdown").as_deref(),
            Some("content/about.md")
        );
        assert_eq!(
            misnamed("content/forces/north.MD").as_deref(),
            Some("content/forces/north.md")
        );
        assert_eq!(
            place("content/logo.png"),
            Place::Unread(Unread::NotMarkdown)
        );
        assert_eq!(place("data/notes.txt"), Place::Unread(Unread::NotToml));
        // A name that only starts like an extension is not one.
        assert_eq!(
            place("content/mdguide.txt"),
            Place::Unread(Unread::NotMarkdown)
        );
    }

    #[test]
    fn a_misspelt_folder_gets_the_nearest_known_one() {
        for (path, near) in [
            ("data/response/a-x.toml", "data/responses/a-x.toml"),
            ("data/Responses/a-x.toml", "data/responses/a-x.toml"),
            ("data/inspection/x.TOML", "data/inspections/x.toml"),
        ] {
            let Place::Unread(Unread::UnknownFolder { near: found, .. }) = place(path) else {
                panic!("{path} should be reported");
            };
            assert_eq!(found.as_deref(), Some(near), "{path}");
        }
    }

    #[test]
    fn a_record_saved_straight_into_data_is_recognised_by_what_it_holds() {
        let made_by_new = "#:schema ../../schemas/response.schema.json\nforce = \"\"\n";
        assert_eq!(record_in(made_by_new), Some(("responses", "a response")));
        let response = "inspection = \"x\"\nforce = \"north\"\n";
        assert_eq!(record_in(response), Some(("responses", "a response")));
        let inspection = "id = \"x\"\n[[recommendation]]\nnumber = 1\n";
        assert_eq!(
            record_in(inspection),
            Some(("inspections", "an inspection"))
        );
        assert_eq!(record_in("title = \"x\"\n"), None);
    }

    #[test]
    fn editors_temporary_files_and_os_clutter_are_passed_over() {
        for path in [
            "data/.forces.toml.swp",
            "data/forces.toml~",
            "content/#about.md#",
            "content/.DS_Store",
            "seeds/Thumbs.db",
            "data/.git/config",
        ] {
            assert_eq!(place(path), Place::Passed, "{path}");
        }
    }
}
