//! What the benchmarks and whole-site tests share: the time of each stage
//! of a build, medians, a copy of a site to edit, and an edit that keeps it
//! valid. They panic on any failure: they are for measuring and testing.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use answerable_base::progress::Progress;

/// The time from each stage's start to the next's.
#[derive(Default)]
pub struct Timings {
    current: Mutex<Option<(&'static str, Instant)>>,
    spent: Mutex<Vec<(&'static str, Duration)>>,
}

impl Progress for Timings {
    fn stage(&self, name: &'static str, _: usize) {
        let now = Instant::now();
        let mut current = self.current.lock().unwrap();
        if let Some((previous, since)) = current.take() {
            self.spent.lock().unwrap().push((previous, now - since));
        }
        if !name.is_empty() {
            *current = Some((name, now));
        }
    }

    fn step(&self) {}
}

impl Timings {
    pub fn print(&self) {
        println!("  where the time went (median per stage):");
        for (stage, time) in self.medians() {
            println!("  {stage:<22} {:>8.1} ms", ms(time));
        }
    }

    pub fn medians(&self) -> Vec<(&'static str, Duration)> {
        let spent = self.spent.lock().unwrap();
        let mut stages: Vec<&'static str> = Vec::new();
        for (stage, _) in spent.iter() {
            if !stages.contains(stage) {
                stages.push(stage);
            }
        }
        stages
            .into_iter()
            .map(|stage| {
                let mut times: Vec<Duration> = spent
                    .iter()
                    .filter(|(s, _)| *s == stage)
                    .map(|(_, t)| *t)
                    .collect();
                times.sort();
                (stage, times[times.len() / 2])
            })
            .collect()
    }
}

/// A file to edit and a change that keeps the site valid (a word of the
/// first commentary page under `content/<kind>/`), saved alternately
/// changed and as it was, so that every save is a change.
pub struct Edit {
    /// The file, relative to the site's folder.
    pub file: String,
    pub path: PathBuf,
    original: String,
    changed: String,
    was_changed: bool,
}

impl Edit {
    pub fn of(root: &Path) -> Edit {
        let mut candidates: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        candidates.sort();
        let path = candidates
            .into_iter()
            .find(|p| p.components().count() > root.components().count() + 2)
            .expect("a commentary page under content/<kind>/");
        Edit::at(root, path)
    }

    /// An edit of the site's home page text, `content/index.md`.
    pub fn of_home_page(root: &Path) -> Edit {
        Edit::at(root, root.join("content/index.md"))
    }

    /// An edit of the title of a page in the site's menu (a content page
    /// with a `weight`): every page shows the menu, an index among them.
    pub fn of_menu_title(root: &Path) -> Edit {
        let path = first_with_line(&root.join("content"), "md", "weight =")
            .expect("a page in the menu: content/<slug>.md with a `weight`");
        let mut edit = Edit::at(root, path);
        edit.changed = edit.original.replacen("title = \"", "title = \"The ", 1);
        assert_ne!(edit.changed, edit.original, "{} has no title", edit.file);
        edit
    }

    /// An edit of a response's first position's stance (between two the
    /// vocabularies of the bundled and synthetic sites both have), which
    /// the page of the response's inspection charts.
    pub fn of_stance(root: &Path) -> Edit {
        let path = first_with_line(&root.join("data/responses"), "toml", "stance = ")
            .expect("a response with a position");
        let mut edit = Edit::at(root, path);
        let stance = edit.value_of("stance").expect("a stance").to_string();
        let other = if stance == "under-review" {
            "acknowledged"
        } else {
            "under-review"
        };
        edit.changed = edit.original.replacen(
            &format!("stance = \"{stance}\""),
            &format!("stance = \"{other}\""),
            1,
        );
        edit
    }

    /// The value of the first `key = "value"` line of the file as it was.
    pub fn value_of(&self, key: &str) -> Option<&str> {
        let prefix = format!("{key} = \"");
        (self.original.lines())
            .find_map(|l| l.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix('"'))
    }

    fn at(root: &Path, path: PathBuf) -> Edit {
        let original = std::fs::read_to_string(&path).unwrap();
        let word = original
            .split_whitespace()
            .rev()
            .find(|w| w.len() > 4 && w.chars().all(char::is_alphabetic))
            .expect("a word to change")
            .to_string();
        let file = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        Edit {
            file,
            changed: original.replacen(&word, &format!("{word}s"), 1),
            original,
            path,
            was_changed: false,
        }
    }

    /// The file's next text: changed, then as it was, and so on.
    pub fn next_text(&mut self) -> &str {
        self.was_changed = !self.was_changed;
        if self.was_changed {
            &self.changed
        } else {
            &self.original
        }
    }

    /// Writes the next text.
    pub fn save(&mut self) {
        let text = self.next_text().to_string();
        std::fs::write(&self.path, text).unwrap();
    }
}

/// The first file (by name) in `folder` ending in `.ext` with a line
/// that starts with `start`.
fn first_with_line(folder: &Path, ext: &str, start: &str) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files.into_iter().find(|p| {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        text.lines().any(|l| l.starts_with(start))
    })
}

pub fn median(runs: usize, mut run: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1)).map(|_| run()).collect();
    times.sort();
    times[times.len() / 2]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The site's own files, without `public/`, `target/` or `.git/`.
pub fn copy_site(from: &Path, to: &Path) {
    for name in [
        "site.toml",
        "data",
        "content",
        "seeds",
        "templates",
        "static",
    ] {
        let source = from.join(name);
        if source.is_file() {
            std::fs::copy(&source, to.join(name)).unwrap();
        } else if source.is_dir() {
            copy_dir(&source, &to.join(name));
        }
    }
}

/// Commits everything in `dir` to a new git repository, so that `serve`
/// on it asks git when each file last changed on every save, as it does
/// in an editor's checkout (a copy outside a repository skips that).
/// False if git is not there.
pub fn commit_all(dir: &Path) -> bool {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args([
                "-c",
                "user.name=Bench",
                "-c",
                "user.email=bench@example.org",
            ])
            .args(args)
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    git(&["init", "-q"]) && git(&["add", "."]) && git(&["commit", "-q", "-m", "site"])
}

/// What [`commit_all`] did, for a benchmark's report.
pub fn in_git_says(in_git: bool) -> &'static str {
    if in_git {
        "the copy committed to a git repository, as an editor's checkout is"
    } else {
        "git not found, so no file's date is asked of it"
    }
}

/// Everything below `from`, copied to the same places below `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
