//! Watches a site's folders and reports which files changed, once an
//! editor has finished saving.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use answerable_data::config;

/// The folders a build reads. The root itself is watched without its
/// subfolders, for `site.toml` and for one of these appearing later;
/// watching it whole would also watch `public/` and `target/`.
pub const FOLDERS: [&str; 6] = ["data", "content", "seeds", "templates", "static", "themes"];

/// What changed between two builds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Paths relative to the site root, with `/` separators.
    pub paths: BTreeSet<String>,
    /// The watcher lost track (too many events); anything may have changed.
    pub everything: bool,
}

pub struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    watching: BTreeSet<&'static str>,
}

impl Watcher {
    pub fn new(root: &Path) -> notify::Result<Self> {
        let root = root.canonicalize()?;
        let (sender, events) = channel();
        let mut inner = notify::recommended_watcher(sender)?;
        inner.watch(&root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            root,
            inner,
            events,
            watching: BTreeSet::new(),
        };
        watcher.watch_new_folders(&mut Changes::default())?;
        Ok(watcher)
    }

    /// Starts watching any of the build's folders made since the last look.
    /// Files written into a new folder before its watch began send no
    /// events, so all of its files count as changed.
    fn watch_new_folders(&mut self, changes: &mut Changes) -> notify::Result<()> {
        for folder in FOLDERS {
            let path = self.root.join(folder);
            if !self.watching.contains(folder) && path.is_dir() {
                self.inner.watch(&path, RecursiveMode::Recursive)?;
                self.watching.insert(folder);
                let files = walkdir::WalkDir::new(&path).into_iter().flatten();
                for file in files.filter(|f| f.file_type().is_file()) {
                    if let Some(relative) = self.relative(file.path()) {
                        changes.paths.insert(relative);
                    }
                }
            }
        }
        Ok(())
    }

    /// Blocks until a file the build reads changes, then gathers further
    /// changes until none has come for `settle`: saving one file is often
    /// several events (write, rename, attribute change).
    pub fn next_changes(&mut self, settle: Duration) -> Result<Changes, WatchError> {
        let mut changes = Changes::default();
        while changes.paths.is_empty() && !changes.everything {
            let event = self.events.recv().map_err(|_| WatchError::Stopped)?;
            self.take(event, &mut changes)?;
        }
        loop {
            match self.events.recv_timeout(settle) {
                Ok(event) => self.take(event, &mut changes)?,
                Err(RecvTimeoutError::Timeout) => return Ok(changes),
                Err(RecvTimeoutError::Disconnected) => return Err(WatchError::Stopped),
            }
        }
    }

    fn take(
        &mut self,
        event: notify::Result<Event>,
        changes: &mut Changes,
    ) -> Result<(), WatchError> {
        let event = event.map_err(WatchError::Notify)?;
        if event.need_rescan() {
            changes.everything = true;
        }
        let kind_matters = matches!(
            event.kind,
            EventKind::Create(_)
                | EventKind::Remove(_)
                | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
                | EventKind::Any
        );
        // Merely opening or reading a file is an event on Linux; reacting to
        // it would rebuild (and reload) in a loop.
        if !kind_matters {
            return Ok(());
        }
        for path in &event.paths {
            if let Some(relative) = self.relative(path) {
                changes.paths.insert(relative);
            }
        }
        // A folder such as `templates/` may have just been made.
        self.watch_new_folders(changes).map_err(WatchError::Notify)
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let relative = path.strip_prefix(&self.root).ok()?;
        read_by_build(relative).then(|| {
            relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
    }
}

/// Whether a change to this path (relative to the root) can change the
/// site: `site.toml` and anything in the build's folders except editors'
/// temporary files. A file the build does not read but reports (a
/// response saved as `x.toml.txt`) counts too, so that the preview shows
/// its error; the loader passes over the same files by the same rule.
pub fn read_by_build(relative: &Path) -> bool {
    let Some(name) = relative.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if answerable_data::load::is_clutter(name) {
        return false;
    }
    let mut components = relative.components();
    match (components.next(), components.next()) {
        (Some(Component::Normal(only)), None) => only == config::FILE,
        (Some(Component::Normal(first)), Some(_)) => FOLDERS.iter().any(|f| first == *f),
        _ => false,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch the site's files: {0}")]
    Notify(notify::Error),
    #[error("the file watcher stopped")]
    Stopped,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_the_build_reads_count() {
        for path in [
            "site.toml",
            "data/forces.toml",
            "data/responses/essex-x.toml",
            "content/about.md",
            "seeds/report.txt",
            "templates/base.html",
            "static/logo.svg",
            "data/responses/essex-x.toml.txt",
            "data/response/essex-x.toml",
            "content/about.markdown",
        ] {
            assert!(read_by_build(Path::new(path)), "{path}");
        }
        for path in [
            "public/index.html",
            "target/debug/answerable",
            "README.md",
            "data/.forces.toml.swp",
            "data/forces.toml~",
            "content/#about.md#",
            "data/4913",
            "seeds/.DS_Store",
            "content/Thumbs.db",
            ".git/index",
        ] {
            assert!(!read_by_build(Path::new(path)), "{path}");
        }
    }

    /// The file is written before the watcher has seen its folder appear,
    /// as when a folder is copied in, so no event ever names the file.
    #[test]
    fn files_in_a_folder_made_after_the_start_count_as_changed() {
        let site = tempfile::tempdir().unwrap();
        let mut watcher = Watcher::new(site.path()).unwrap();
        std::fs::create_dir(site.path().join("templates")).unwrap();
        std::fs::write(site.path().join("templates/404.html"), "gone").unwrap();

        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            let _ = sender.send(watcher.next_changes(Duration::from_millis(15)));
        });
        let changes = receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("a change is reported")
            .unwrap();
        assert!(changes.paths.contains("templates/404.html"), "{changes:?}");
    }
}
