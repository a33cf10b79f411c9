//! Which folders a build may replace.
//!
//! A build replaces its output folder whole, so a mistyped `--out` must
//! never cost anyone their files. A folder the build wrote carries a
//! marker file; any other folder is replaced only if it is empty, or with
//! `--force`. The site's own folder, a folder holding it, and the folders
//! the site is read from are refused even with `--force`.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file that says "answerable wrote this folder, and may replace it".
pub const MARKER: &str = ".answerable-output";

/// What the marker file says, for someone who finds it.
pub const MARKER_TEXT: &str = "This folder was written by `answerable build`.\n\
The next build replaces everything in it, so do not keep your own files here.\n";

/// The folders a site is read from (or kept in), relative to its root.
pub const SOURCE_FOLDERS: &[&str] = &[
    "data",
    "content",
    "seeds",
    "templates",
    "static",
    "schemas",
    "themes",
    ".git",
    ".github",
];

/// Why a build will not write into a folder.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("it is the site's own folder, which holds site.toml and the data")]
    IsTheRoot,
    #[error("it holds the site's own folder ({})", .root.display())]
    HoldsTheRoot { root: PathBuf },
    #[error("it is the site's {folder}/ folder, which the build reads from")]
    IsASource { folder: &'static str },
    #[error("it is inside the site's {folder}/ folder, which the build reads from")]
    InsideASource { folder: &'static str },
    #[error("it is a file, not a folder")]
    NotAFolder,
    #[error("it already holds files that answerable did not write ({})", .examples.join(", "))]
    NotOurs { examples: Vec<String> },
    #[error("it cannot be read: {0}")]
    Unreadable(#[from] io::Error),
}

impl Refusal {
    /// What to do instead, in an editor's words.
    pub fn hint(&self) -> &'static str {
        match self {
            Refusal::NotOurs { .. } => {
                "choose a new or empty folder with --out; if it really is an old copy of the \
                 site that you want replaced, pass --force and everything in it will be deleted"
            }
            Refusal::NotAFolder | Refusal::Unreadable(_) => {
                "choose a new or empty folder with --out"
            }
            _ => {
                "choose a folder of its own, such as public (the default) or docs; \
                 --force does not change this"
            }
        }
    }

    /// Whether `--force` may override this refusal.
    pub fn can_be_forced(&self) -> bool {
        matches!(self, Refusal::NotOurs { .. })
    }
}

/// Checks that a build of the site in `root` may replace `out`, and
/// returns the folder `out` names, links followed. `force` lets it
/// replace a folder it did not write, never a source folder.
pub fn check(root: &Path, out: &Path, force: bool) -> Result<PathBuf, Refusal> {
    let root = resolve(root)?;
    let out = resolve(out)?;
    check_place(&root, &out)?;
    match fs::metadata(&out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e.into()),
        Ok(meta) if !meta.is_dir() => return Err(Refusal::NotAFolder),
        Ok(_) => {}
    }
    if force {
        return Ok(out);
    }
    match foreign_files(&out)? {
        examples if examples.is_empty() => Ok(out),
        examples => Err(Refusal::NotOurs { examples }),
    }
}

/// The refusals no `--force` overrides: where `out` is, not what it holds.
fn check_place(root: &Path, out: &Path) -> Result<(), Refusal> {
    if out == root {
        return Err(Refusal::IsTheRoot);
    }
    if root.starts_with(out) {
        return Err(Refusal::HoldsTheRoot {
            root: root.to_path_buf(),
        });
    }
    for &folder in SOURCE_FOLDERS {
        let source = resolve(&root.join(folder))?;
        if out == source {
            return Err(Refusal::IsASource { folder });
        }
        if out.starts_with(&source) {
            return Err(Refusal::InsideASource { folder });
        }
    }
    Ok(())
}

/// Up to three names in `folder` that show it is not a build's output:
/// none if it is empty or carries the marker.
pub fn foreign_files(folder: &Path) -> io::Result<Vec<String>> {
    if folder.join(MARKER).is_file() {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = fs::read_dir(folder)?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<io::Result<_>>()?;
    names.sort();
    let count = names.len();
    names.truncate(3);
    if count > names.len() {
        names.push(format!("and {} more", count - names.len()));
    }
    Ok(names)
}

/// `path` made absolute, with every symbolic link and `..` resolved as the
/// file system resolves them, even where the end of it does not exist yet.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut resolved = fs::canonicalize(std::env::current_dir()?)?;
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            // `resolved` has no links left in it, so its parent is the
            // folder `..` names.
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if fs::symlink_metadata(&resolved).is_ok() {
                    resolved = fs::canonicalize(&resolved)?;
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Site {
        _dir: tempfile::TempDir,
        root: PathBuf,
    }

    fn site() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for folder in ["data/responses", "content", "seeds"] {
            fs::create_dir_all(root.join(folder)).unwrap();
        }
        fs::write(root.join("site.toml"), "title = \"T\"\n").unwrap();
        fs::write(root.join("data/forces.toml"), "").unwrap();
        Site { _dir: dir, root }
    }

    fn refusal(site: &Site, out: &Path, force: bool) -> String {
        check(&site.root, out, force)
            .expect_err("refused")
            .to_string()
    }

    #[test]
    fn a_new_an_empty_or_a_marked_folder_may_be_replaced() {
        let site = site();
        check(&site.root, &site.root.join("public"), false).unwrap();
        fs::create_dir(site.root.join("docs")).unwrap();
        check(&site.root, &site.root.join("docs"), false).unwrap();
        fs::write(site.root.join("docs/index.html"), "old build").unwrap();
        fs::write(site.root.join("docs").join(MARKER), MARKER_TEXT).unwrap();
        check(&site.root, &site.root.join("docs"), false).unwrap();
    }

    #[test]
    fn a_folder_of_someone_elses_files_needs_force() {
        let site = site();
        let docs = site.root.join("docs");
        fs::create_dir(&docs).unwrap();
        for name in ["a.md", "b.md", "c.md", "d.md", "e.md"] {
            fs::write(docs.join(name), "mine").unwrap();
        }
        assert_eq!(
            refusal(&site, &docs, false),
            "it already holds files that answerable did not write (a.md, b.md, c.md, and 2 more)"
        );
        check(&site.root, &docs, true).unwrap();
    }

    #[test]
    fn the_root_and_its_source_folders_are_refused_even_with_force() {
        let site = site();
        let root = &site.root;
        let cases = [
            (root.clone(), "the site's own folder"),
            (root.join("."), "the site's own folder"),
            (root.join("data/.."), "the site's own folder"),
            (root.join("content/"), "the site's content/ folder"),
            (
                root.join("data/responses"),
                "inside the site's data/ folder",
            ),
            (
                root.join("seeds/new-folder"),
                "inside the site's seeds/ folder",
            ),
            (root.join("missing/../data"), "the site's data/ folder"),
            (
                root.parent().unwrap().to_path_buf(),
                "holds the site's own folder",
            ),
            (PathBuf::from("/"), "holds the site's own folder"),
        ];
        for (out, expected) in cases {
            let message = refusal(&site, &out, true);
            assert!(message.contains(expected), "{}: {message}", out.display());
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_judged_by_the_folder_it_points_to() {
        let site = site();
        let elsewhere = site.root.parent().unwrap().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(site.root.join("data"), elsewhere.join("out")).unwrap();
        std::os::unix::fs::symlink(&site.root, elsewhere.join("root")).unwrap();
        assert!(refusal(&site, &elsewhere.join("out"), true).contains("data/ folder"));
        assert!(refusal(&site, &elsewhere.join("root/public/.."), true).contains("own folder"));
        // The site reached through a link is still the same site.
        let message = check(&elsewhere.join("root"), &site.root.join("content"), true)
            .unwrap_err()
            .to_string();
        assert!(message.contains("content/ folder"), "{message}");
    }

    #[test]
    fn a_file_is_not_a_folder() {
        let site = site();
        let file = site.root.join("notes.txt");
        fs::write(&file, "mine").unwrap();
        assert_eq!(refusal(&site, &file, true), "it is a file, not a folder");
    }
}
