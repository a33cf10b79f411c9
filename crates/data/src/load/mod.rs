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
mod loader;
mod memo;
mod raw;

pub use loader::load_site_with;
pub use memo::Memo;
use memo::*;
pub use raw::*;

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

pub const VOCABULARY: &str = "data/vocabulary.toml";
pub const SOURCES: &str = "data/sources.toml";
pub const ROCUS: &str = "data/rocus.toml";
pub const FORCES: &str = "data/forces.toml";
const TILES: &str = "data/tiles.toml";

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

    /// Which of these pages a load read.
    fn pages_read<'p>(root: &Path, memo: &mut Memo, pages: &[&'p str]) -> Vec<&'p str> {
        let loaded = load_site_with(root, &Overrides::default(), Some(memo));
        (pages.iter().copied())
            .filter(|page| loaded.files.get(page).is_some())
            .collect()
    }

    #[test]
    fn told_what_changed_a_load_looks_at_those_files_alone() {
        let (site, write) = site_with_page("First text.\n");
        let mut memo = Memo::default();
        assert_eq!(page_text(site.path(), &mut memo), "First text.\n");

        // A save the watcher did not name is not seen, whatever its stamp:
        // no file but those named is looked at.
        write("Saved, unnamed.\n", None);
        memo.changed(["content/other.md"]);
        assert_eq!(page_text(site.path(), &mut memo), "First text.\n");
        // Named, it is read again.
        memo.changed(["content/about.md"]);
        assert_eq!(page_text(site.path(), &mut memo), "Saved, unnamed.\n");

        // A file added or removed is found from its name alone.
        let new = site.path().join("content/new.md");
        std::fs::write(&new, "+++\ntitle = \"New\"\n+++\nNew.\n").unwrap();
        memo.changed(["content/new.md"]);
        let both = ["content/about.md", "content/new.md"];
        assert_eq!(pages_read(site.path(), &mut memo, &both), both);
        std::fs::remove_file(&new).unwrap();
        memo.changed(["content/new.md"]);
        assert_eq!(pages_read(site.path(), &mut memo, &both), both[..1]);

        // A folder named (one copied in whole) is walked for its files.
        std::fs::create_dir(site.path().join("content/more")).unwrap();
        std::fs::write(
            site.path().join("content/more/page.md"),
            "+++\ntitle = \"More\"\n+++\nMore.\n",
        )
        .unwrap();
        memo.changed(["content/more"]);
        let both = ["content/about.md", "content/more/page.md"];
        assert_eq!(pages_read(site.path(), &mut memo, &both), both);
        // As is the folder removed whole.
        std::fs::remove_dir_all(site.path().join("content/more")).unwrap();
        memo.changed(["content/more"]);
        assert_eq!(pages_read(site.path(), &mut memo, &both), both[..1]);

        // Told nothing, a load looks at every file again.
        write("Seen by a full look.\n", None);
        assert_eq!(page_text(site.path(), &mut memo), "Seen by a full look.\n");
    }

    /// A site folder with two documents in `seeds/` and a `sources.toml`
    /// that lists those named, and a way to write any file of it.
    fn site_with_seeds() -> (tempfile::TempDir, impl Fn(&str, &str)) {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().to_path_buf();
        let write = move |relative: &str, text: &str| {
            let path = root.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("seeds/a.txt", "The first document.\n");
        write("seeds/b.txt", "The second document.\n");
        (site, write)
    }

    fn sources_listing(files: &[&str]) -> String {
        (files.iter())
            .map(|f| {
                format!(
                    "[[source]]\nfile = \"{f}\"\ntitle = \"T\"\nauthor = \"A\"\nkind = \"report\"\n"
                )
            })
            .collect()
    }

    /// Each listed document's text, as the dataset and the files hold it.
    fn documents(root: &Path, memo: &mut Memo) -> Vec<(String, String)> {
        let loaded = load_site_with(root, &Overrides::default(), Some(memo));
        let dataset = loaded.dataset.expect("site.toml is read");
        (dataset.sources.iter())
            .map(|s| {
                let text = s.text.as_deref().unwrap_or_default().to_string();
                let path = format!("seeds/{}", s.file.value);
                assert_eq!(loaded.files.get(&path), Some(text.as_str()));
                (s.file.value.clone(), text)
            })
            .collect()
    }

    #[test]
    fn the_documents_are_kept_until_the_sources_or_a_document_is_saved() {
        let (site, write) = site_with_seeds();
        let config = "title = \"T\"\nbase_url = \"https://example.org/\"\npublisher = \"P\"\nas_of = 2021-06-15\n";
        write("site.toml", config);
        write("data/sources.toml", &sources_listing(&["a.txt", "b.txt"]));
        let root = site.path();
        let mut memo = Memo::default();
        let pair = |a: &str, b: &str| vec![("a.txt".into(), a.into()), ("b.txt".into(), b.into())];
        let first = pair("The first document.\n", "The second document.\n");
        assert_eq!(documents(root, &mut memo), first);
        // Kept whole while neither is named: an unnamed save is not seen.
        write("seeds/a.txt", "Saved, unnamed.\n");
        memo.changed(["content/about.md"]);
        assert_eq!(documents(root, &mut memo), first);
        // Named, that document is read again, and the other kept.
        memo.changed(["seeds/a.txt"]);
        let saved = pair("Saved, unnamed.\n", "The second document.\n");
        assert_eq!(documents(root, &mut memo), saved);
        // The sources saved: their list is read again.
        write("data/sources.toml", &sources_listing(&["b.txt"]));
        memo.changed(["data/sources.toml"]);
        assert_eq!(documents(root, &mut memo), saved[1..]);
        // A document saved while no source lists it is read again when
        // one lists it again, though that save was told to a load that
        // did not read it.
        write("seeds/a.txt", "Saved while unlisted.\n");
        memo.changed(["seeds/a.txt"]);
        assert_eq!(documents(root, &mut memo), saved[1..]);
        write("data/sources.toml", &sources_listing(&["a.txt", "b.txt"]));
        memo.changed(["data/sources.toml"]);
        let relisted = pair("Saved while unlisted.\n", "The second document.\n");
        assert_eq!(documents(root, &mut memo), relisted);
        // And the same as a load that keeps nothing.
        assert_eq!(documents(root, &mut Memo::default()), relisted);
    }

    #[test]
    fn a_file_not_read_is_reported_from_what_it_holds_as_last_saved() {
        let (site, write) = site_with_page("A page.\n");
        let root = site.path();
        let stray = "data/north.toml";
        let hint = |memo: &mut Memo| {
            let loaded = load_site_with(root, &Overrides::default(), Some(memo));
            let problem = (loaded.diagnostics.iter()).find(|d| d.file == stray);
            problem.and_then(|d| d.hint.clone()).unwrap_or_default()
        };
        std::fs::create_dir(root.join("data")).unwrap();
        std::fs::write(root.join(stray), "title = \"Not a record\"\n").unwrap();
        let mut memo = Memo::default();
        assert!(hint(&mut memo).contains("the files directly in `data/`"));
        // Saved as a response: the files found are the same, but not what
        // the one file not read holds.
        std::fs::write(root.join(stray), "inspection = \"x\"\nforce = \"y\"\n").unwrap();
        memo.changed([stray]);
        assert!(
            hint(&mut memo).contains("data/responses/north.toml"),
            "{}",
            hint(&mut Memo::default())
        );
        // A page saved leaves it as it was.
        write("Saved.\n", None);
        memo.changed(["content/about.md"]);
        assert!(hint(&mut memo).contains("data/responses/north.toml"));
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
