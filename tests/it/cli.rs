//! The `answerable` command as a user runs it: output and exit codes.

use std::process::Command;

use crate::common::*;

fn answerable(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_answerable"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn build_prints_one_line_and_exits_0() {
    let site = copy_fixture("minimal");
    let root = site.path().to_str().unwrap();
    let out = answerable(&["--root", root, "build"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        // 87 files, the deadline calendars of the site and its 3 forces,
        // the history and deadline revisions as JSON and CSV, the
        // search's overdue filter, the search page's layout script, the
        // favicon and the link-preview picture.
        stdout.starts_with("Built 23 pages (99 files, ") && stdout.contains(" kB) into "),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(" s, 2 warning(s)"), "{stdout}");
    assert!(site.path().join("public/index.html").is_file());
}

#[test]
fn warnings_are_shown_but_fail_only_with_strict() {
    let site = copy_fixture("minimal");
    let root = site.path().to_str().unwrap();
    let out = answerable(&["--root", root, "check"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning[no-response]: 2 of 3 forces have no response on record to `test-inspection` (field `id`)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning[no-commentary]: 2 of 3 recommendations of `test-inspection` have no commentary"
        ),
        "{stderr}"
    );

    let out = answerable(&["--root", root, "build", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("error[no-response]: "), "{stderr}");
    assert!(
        stderr.contains("error: the site has 2 error(s) (--strict: warnings count as errors); nothing was written"),
        "{stderr}"
    );
    assert!(!site.path().join("public").exists());

    edit(
        site.path(),
        "site.toml",
        "as_of = 2021-06-15",
        "as_of = 2021-06-15\n\n[warnings]\nallow = [\"no-response\", \"no-commentary\"]",
    );
    let out = answerable(&["--root", root, "build", "--strict"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}

#[test]
fn out_and_base_url_flags_are_honoured() {
    let site = copy_fixture("minimal");
    let elsewhere = tempfile::tempdir().unwrap();
    let root = site.path().to_str().unwrap();
    let target = elsewhere.path().join("site");
    let out = answerable(&[
        "--root",
        root,
        "build",
        "--out",
        target.to_str().unwrap(),
        "--base-url",
        "https://org.github.io/repo/",
        "--as-of",
        "2030-01-01",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = read(&target, "index.html");
    assert!(has_href(&home, "/repo/forces/"));
    assert!(text_of(&home).contains("Data as of 1 January 2030"));
}

#[test]
fn check_exits_0_and_writes_nothing() {
    let site = copy_fixture("minimal");
    let out = answerable(&["--root", site.path().to_str().unwrap(), "check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("Checked 23 pages in ")
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn data_errors_exit_1_with_every_error_on_stderr() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/responses/north-test.toml",
        "force = \"north\"",
        "force = \"nort\"",
    );
    edit(
        site.path(),
        "data/forces.toml",
        "rocu = \"alpha\"",
        "rocu = \"alfa\"",
    );
    let out = answerable(&["--root", site.path().to_str().unwrap(), "build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error: unknown force `nort` (field `force`)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> data/responses/north-test.toml:3:9"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `north`?"), "{stderr}");
    assert!(stderr.contains("--> data/forces.toml:5:8"), "{stderr}");
    assert!(
        stderr.contains("error: the site has 2 error(s); nothing was written"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn usage_errors_exit_2() {
    let empty = tempfile::tempdir().unwrap();
    let out = answerable(&["--root", empty.path().to_str().unwrap(), "build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no site.toml in")
    );
    let out = answerable(&["build", "--as-of", "2021-02"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("is not a date in the form YYYY-MM-DD")
    );
}

#[test]
fn a_mistyped_command_or_base_url_is_a_usage_error_with_a_suggestion() {
    let site = copy_fixture("minimal");
    let root = site.path().to_str().unwrap();
    let out = answerable(&["--root", root, "biuld"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("similar subcommand exists: 'build'"),
        "{stderr}"
    );

    let out = answerable(&["--root", root, "build", "--base-url", "org.github.io/repo"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("invalid value 'org.github.io/repo' for '--base-url <URL>'"),
        "{stderr}"
    );
    assert!(stderr.contains("must start with `https://`"), "{stderr}");
    assert!(
        !stderr.contains("site.toml"),
        "not site.toml's fault: {stderr}"
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn a_failed_check_does_not_talk_of_writing() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "data/forces.toml",
        "rocu = \"alpha\"",
        "rocu = \"alfa\"",
    );
    let out = answerable(&["--root", site.path().to_str().unwrap(), "check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .trim_end()
            .ends_with("error: the site has 1 error(s)"),
        "{stderr}"
    );
}

/// The output folder a user names is replaced only if a build wrote it or
/// it is empty; their own files are never deleted without `--force`, and
/// the site's own folders not even then.
#[test]
fn build_never_replaces_a_folder_of_someone_elses_files() {
    let site = copy_fixture("minimal");
    let root = site.path().to_str().unwrap();
    write(site.path(), "docs/guide.md", "# Our own notes\n");
    let out = answerable(&["--root", root, "build", "--out", &format!("{root}/docs")]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("docs: it already holds files that answerable did not write (guide.md); nothing was written"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: choose a new or empty folder with --out"),
        "{stderr}"
    );
    assert_eq!(read(site.path(), "docs/guide.md"), "# Our own notes\n");

    // Once a build has written the folder, the next build may replace it.
    let out = answerable(&[
        "--root",
        root,
        "build",
        "--out",
        &format!("{root}/docs"),
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!site.path().join("docs/guide.md").exists());
    write(site.path(), "docs/stale.html", "from an earlier build");
    let out = answerable(&["--root", root, "build", "--out", &format!("{root}/docs")]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(site.path().join("docs/index.html").is_file());
    assert!(!site.path().join("docs/stale.html").exists());

    let before = tree(&site.path().join("content"));
    for (out, expected) in [
        (
            format!("{root}/content"),
            "it is the site's content/ folder",
        ),
        (format!("{root}/data/"), "it is the site's data/ folder"),
        (
            format!("{root}/docs/../seeds"),
            "it is the site's seeds/ folder",
        ),
        (root.to_string(), "it is the site's own folder"),
        (format!("{root}/.."), "it holds the site's own folder"),
    ] {
        let run = answerable(&["--root", root, "build", "--out", &out, "--force"]);
        assert_eq!(run.status.code(), Some(2), "{out}");
        let stderr = String::from_utf8(run.stderr).unwrap();
        assert!(stderr.contains(expected), "{out}: {stderr}");
        assert!(stderr.contains("--force does not change this"), "{stderr}");
    }
    assert!(
        tree(&site.path().join("content")) == before,
        "content/ changed"
    );
    assert!(site.path().join("site.toml").is_file());
}

/// The progress bar is drawn on a terminal only: `script` gives the build a
/// pseudo-terminal, as a person's shell would.
#[test]
fn progress_shows_on_a_terminal_and_never_in_logs() {
    let site = copy_fixture("minimal");
    let root = site.path().to_str().unwrap();
    let logged = answerable(&["--root", root, "build"]);
    let stderr = String::from_utf8(logged.stderr).unwrap();
    assert!(!stderr.contains("Rendering pages"), "{stderr}");
    assert!(!stderr.contains('\r'), "{stderr}");

    let command = format!("{} --root {root} build", env!("CARGO_BIN_EXE_answerable"));
    let terminal = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .output()
        .expect("script(1), from util-linux");
    let shown = String::from_utf8_lossy(&terminal.stdout);
    assert_eq!(terminal.status.code(), Some(0), "{shown}");
    assert!(shown.contains("Rendering pages"), "{shown}");
    assert!(shown.contains("Built 23 pages"), "{shown}");
}

#[test]
fn new_writes_a_file_says_what_next_and_never_overwrites() {
    let site = copy_fixture("minimal");
    let root = site.path().to_str().unwrap();
    let args = [
        "--root",
        root,
        "new",
        "response",
        "--inspection",
        "test-inspection",
        "--force",
        "east",
    ];
    let out = answerable(&args);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("Wrote ")
            && stdout.contains("data/responses/east-test-inspection.toml\nNext: "),
        "{stdout}"
    );
    // The fixture has no schemas/ of its own.
    assert!(stdout.contains("run `answerable schemas`"), "{stdout}");

    let out = answerable(&args);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "error: data/responses/east-test-inspection.toml already exists\n  help: "
        ),
        "{stderr}"
    );

    let out = answerable(&[
        "--root", root, "new", "force", "--id", "west", "--name", "West", "--rocu", "alfa",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: there is no ROCU `alfa`\n  help: did you mean `alpha`?\n"
    );

    // Files it is made from must read; the errors are shown (exit 1).
    edit(
        site.path(),
        "data/forces.toml",
        "id = \"east\"",
        "id = \"east",
    );
    let out = answerable(&["--root", root, "new", "page", "forces/east"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--> data/forces.toml:"), "{stderr}");
    assert!(!site.path().join("content/forces/east.md").exists());
}

#[test]
fn schemas_writes_one_schema_per_kind_of_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = answerable(&["schemas", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let mut written: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "forces.schema.json",
            "inspection.schema.json",
            "response.schema.json",
            "rocus.schema.json",
            "site.schema.json",
            "sources.schema.json",
            "tiles.schema.json",
            "vocabulary.schema.json"
        ]
    );
}

/// Pages are rendered, minified and written in parallel; the site must not
/// depend on how many threads did it.
#[test]
fn the_site_is_the_same_bytes_on_one_thread_or_many() {
    let root = env!("CARGO_MANIFEST_DIR");
    let outs = tempfile::tempdir().unwrap();
    let trees: Vec<_> = ["1", "7"]
        .iter()
        .map(|threads| {
            let out = outs.path().join(threads);
            let status = Command::new(env!("CARGO_BIN_EXE_answerable"))
                .args(["--root", root, "build", "--out", out.to_str().unwrap()])
                .env("RAYON_NUM_THREADS", threads)
                .status()
                .unwrap();
            assert!(status.success());
            tree(&out)
        })
        .collect();
    assert!(trees[0].len() > 300, "{} files", trees[0].len());
    assert!(trees[0] == trees[1], "the builds differ");
}
