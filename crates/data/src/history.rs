//! When each data file last changed, from git, for "last changed" dates.
//!
//! Optional and isolated: if `git` is missing, the site is not in a git
//! repository, the clone is shallow, or a file is new or has uncommitted
//! changes, that file has
//! no date here and pages fall back to a date from the data (see
//! docs/urls.md). The dates are commit dates (`%cs`), so two builds of the
//! same commit give the same pages. One `git log` reads the whole history
//! (remembered by `serve` while the commit checked out stays the same);
//! one `git diff` finds the files changed since the last commit (which
//! `serve` adds to from the files it is told were saved: [`Kept`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

/// The date of the last commit that touched each file, by path relative to
/// `root` (`data/forces.toml`), leaving out files changed since.
pub fn last_changed(root: &Path) -> BTreeMap<String, time::Date> {
    Kept::new(false).last_changed(root)
}

/// What a `serve` session keeps of git's answers from one save to the
/// next: the history of the commit checked out (one `git log` over every
/// commit, the costly part) and which files differ from it. Told which
/// files were saved since ([`Kept::saved`], as the file watcher reports
/// them), a rebuild of the same commit adds those to the files that
/// differ rather than asking `git diff`, which looks at every tracked
/// file. A file saved back as it was committed keeps no date until the
/// next commit, as if it still differed: a date is left out rather than
/// given wrongly.
pub struct Kept {
    remember: bool,
    last: Mutex<Option<Known>>,
    /// Files saved since the last rebuild; `None` when that is not known.
    saved: Mutex<Option<BTreeSet<String>>>,
}

/// Git's answers for one commit.
struct Known {
    head: String,
    committed: Arc<BTreeMap<String, time::Date>>,
    /// Files that differ from the commit, or may.
    changed: BTreeSet<String>,
}

impl Kept {
    /// Keeping nothing between calls unless `remember`.
    pub fn new(remember: bool) -> Self {
        Kept {
            remember,
            last: Mutex::new(None),
            saved: Mutex::new(None),
        }
    }

    /// Tells the next call that only these files (relative to the site's
    /// folder) may have been saved since the last one. Said again before
    /// it, the lists add up.
    pub fn saved<'a>(&self, paths: impl IntoIterator<Item = &'a str>) {
        let mut saved = lock(&self.saved);
        let saved = saved.get_or_insert_default();
        saved.extend(paths.into_iter().map(str::to_string));
    }

    /// [`last_changed`], asking git no more than it must (see [`Kept`]).
    pub fn last_changed(&self, root: &Path) -> BTreeMap<String, time::Date> {
        let saved = lock(&self.saved).take();
        let mut last = lock(&self.last);
        let Some(head) = head(root) else {
            *last = None;
            return BTreeMap::new();
        };
        let known = match (last.take(), saved) {
            (Some(mut known), Some(saved)) if known.head == head => {
                known.changed.extend(saved);
                known
            }
            (kept, _) => {
                // Files changed since the commit are asked of git; without
                // that list no date is trustworthy.
                let Some(changed) = git(
                    root,
                    &["diff", "--name-only", "--relative", "HEAD", "--", "."],
                ) else {
                    return BTreeMap::new();
                };
                let committed = match kept {
                    Some(kept) if kept.head == head => kept.committed,
                    _ => Arc::new(committed(root)),
                };
                Known {
                    head,
                    committed,
                    changed: changed.lines().map(str::to_string).collect(),
                }
            }
        };
        let mut dates = (*known.committed).clone();
        for file in &known.changed {
            dates.remove(file);
        }
        if self.remember {
            *last = Some(known);
        }
        dates
    }
}

/// The commit checked out, unless the site is not in a repository or the
/// clone is shallow: a shallow clone (CI's default) makes its oldest
/// commit look as if it added every file, so no date from it can be
/// trusted. One process answers both.
fn head(root: &Path) -> Option<String> {
    let answer = git(root, &["rev-parse", "--is-shallow-repository", "HEAD"])?;
    let mut lines = answer.lines().map(str::trim);
    match (lines.next(), lines.next()) {
        (Some("false"), Some(head)) if !head.is_empty() => Some(head.to_string()),
        _ => None,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The date of the last commit that touched each file, from the history.
fn committed(root: &Path) -> BTreeMap<String, time::Date> {
    let log = git(
        root,
        &[
            "log",
            "--format=commit %cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            ".",
        ],
    );
    log.map(|log| parse_log(&log)).unwrap_or_default()
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}

/// Reads `git log --format='commit %cs' --name-only` output (newest commit
/// first): the first date seen for a file is its last change.
pub fn parse_log(log: &str) -> BTreeMap<String, time::Date> {
    let mut dates = BTreeMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix("commit ") {
            current = parse_date(date.trim());
        } else if let (Some(date), false) = (current, line.trim().is_empty()) {
            dates.entry(line.to_string()).or_insert(date);
        }
    }
    dates
}

/// `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<time::Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_touching_a_file_gives_its_date() {
        let log = "commit 2024-03-02\n\ndata/forces.toml\ncontent/about.md\n\
                   commit 2023-01-15\n\ndata/forces.toml\ndata/rocus.toml\n\
                   commit 2022-12-31\n\n\
                   commit not-a-date\n\ndata/vocabulary.toml\n";
        let dates = parse_log(log);
        let day = |y, m, d| {
            time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
        };
        assert_eq!(dates.get("data/forces.toml"), Some(&day(2024, 3, 2)));
        assert_eq!(dates.get("content/about.md"), Some(&day(2024, 3, 2)));
        assert_eq!(dates.get("data/rocus.toml"), Some(&day(2023, 1, 15)));
        assert_eq!(dates.get("data/vocabulary.toml"), None);
        assert_eq!(dates.len(), 3);
    }

    #[test]
    fn outside_a_repository_there_are_no_dates() {
        let dir = std::env::temp_dir().join("answerable-history-test-no-repo");
        std::fs::create_dir_all(&dir).unwrap();
        // Only meaningful when the temporary folder is not inside a
        // repository, as on every ordinary machine.
        if git(&dir, &["rev-parse", "--git-dir"]).is_none() {
            assert!(last_changed(&dir).is_empty());
        }
    }
}
