//! When each data file last changed, from git, for "last changed" dates.
//!
//! Optional and isolated: if `git` is missing, the site is not in a git
//! repository, the clone is shallow, or a file is new or has uncommitted
//! changes, that file has
//! no date here and pages fall back to a date from the data (see
//! docs/urls.md). The dates are commit dates (`%cs`), so two builds of the
//! same commit give the same pages. One `git log` reads the whole history
//! (remembered by `serve` while the commit checked out stays the same);
//! one `git diff` finds the files changed since the last commit.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

/// The date of the last commit that touched each file, by path relative to
/// `root` (`data/forces.toml`), leaving out files changed since.
pub fn last_changed(root: &Path) -> BTreeMap<String, time::Date> {
    last_changed_with(root, |_, read| read())
}

/// [`last_changed`], with the committed history (the costly part: one
/// `git log` over every commit) asked of `remembered`, keyed by the
/// commit checked out, so that a session rebuilding the same commit reads
/// it once. Files changed since the commit are asked of git every time.
pub fn last_changed_with(
    root: &Path,
    remembered: impl FnOnce(
        &str,
        &dyn Fn() -> Arc<BTreeMap<String, time::Date>>,
    ) -> Arc<BTreeMap<String, time::Date>>,
) -> BTreeMap<String, time::Date> {
    // A shallow clone (CI's default) makes its oldest commit look as if it
    // added every file: no date from it can be trusted. One call answers
    // both questions: `serve` asks on every save, and each call costs a
    // process.
    let Some(answer) = git(root, &["rev-parse", "--is-shallow-repository", "HEAD"]) else {
        return BTreeMap::new();
    };
    let mut lines = answer.lines().map(str::trim);
    let (Some("false"), Some(head)) = (lines.next(), lines.next()) else {
        return BTreeMap::new();
    };
    let committed = remembered(head, &|| Arc::new(committed(root)));
    let mut dates = (*committed).clone();
    if let Some(changed) = git(
        root,
        &["diff", "--name-only", "--relative", "HEAD", "--", "."],
    ) {
        for file in changed.lines() {
            dates.remove(file);
        }
    } else {
        // Without a diff we cannot tell which files are modified, so no
        // date is trustworthy.
        return BTreeMap::new();
    }
    dates
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
