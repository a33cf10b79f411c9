//! The incremental engine behind `serve` must never show a page that a
//! fresh build would not make: after every edit, a session's rebuild is
//! compared, file by file, with a one-off build of the same folder.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::common::*;
use answerable::cache::Cache;
use answerable::progress::Silent;
use answerable::session::Session;
use answerable::{Options, check};
use answerable::{Overrides, load, resolve};

fn fresh(options: &Options) -> BTreeMap<String, Vec<u8>> {
    let built = check(options).unwrap_or_else(|e| panic!("{e}"));
    built
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect()
}

fn rebuilt(session: &mut Session) -> BTreeMap<String, Vec<u8>> {
    let site = session.rebuild().unwrap_or_else(|e| panic!("{e}"));
    (site.files.into_iter())
        .map(|(path, packed)| (path, packed.unpack()))
        .collect()
}

fn assert_same(session: BTreeMap<String, Vec<u8>>, fresh: BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        session.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &fresh {
        assert!(session[path] == *bytes, "{path} differs from a fresh build");
    }
}

#[test]
fn every_rebuild_equals_a_fresh_build() {
    let site = copy_fixture("minimal");
    let root = site.path();
    let options = Options::new(root);
    let mut session = Session::new(options.clone());
    assert_same(rebuilt(&mut session), fresh(&options));

    let edits: [&dyn Fn(); 5] = [
        &|| {
            edit(
                root,
                "data/forces.toml",
                "name = \"North\"",
                "name = \"Northmost\"",
            )
        },
        &|| std::fs::write(root.join("content/forces/north.md"), "New *commentary*.\n").unwrap(),
        &|| {
            std::fs::write(
                root.join("content/help.md"),
                "+++\ntitle = \"Help\"\n+++\nHelp.\n",
            )
            .unwrap()
        },
        &|| {
            std::fs::create_dir_all(root.join("templates")).unwrap();
            std::fs::write(
                root.join("templates/404.html"),
                "{% extends \"base.html\" %}{% block main %}<h1>Lost?</h1>{% endblock main %}",
            )
            .unwrap()
        },
        &|| std::fs::remove_file(root.join("content/help.md")).unwrap(),
    ];
    for apply in edits {
        apply();
        assert_same(rebuilt(&mut session), fresh(&options));
    }
}

#[test]
fn a_failed_rebuild_leaves_the_session_able_to_rebuild() {
    let site = copy_fixture("minimal");
    let root = site.path();
    let options = Options::new(root);
    let mut session = Session::new(options.clone());
    rebuilt(&mut session);
    edit(
        root,
        "data/forces.toml",
        "rocu = \"alpha\"",
        "rocu = \"alpah\"",
    );
    let broken = session.rebuild();
    assert!(broken.is_err());
    edit(
        root,
        "data/forces.toml",
        "rocu = \"alpah\"",
        "rocu = \"alpha\"",
    );
    assert_same(rebuilt(&mut session), fresh(&options));
}

/// `serve` renders the open pages on their own before the rest; each must
/// be exactly the page the whole build makes, after an edit too.
#[test]
fn pages_made_alone_equal_the_whole_build() {
    let site = copy_fixture("minimal");
    let root = site.path();
    let options = Options::new(root);
    let mut session = Session::new(options.clone());
    session.rebuild().unwrap();
    edit(
        root,
        "data/forces.toml",
        "name = \"North\"",
        "name = \"Northmost\"",
    );
    let prepared = session.prepare(&Silent).unwrap();
    let alone = session
        .pages(
            &prepared,
            &HashSet::from(["forces/north/index.html".into()]),
        )
        .unwrap();
    assert_eq!(alone.len(), 1);
    assert!(alone[0].1.unpack_text().contains("Northmost"));
    assert_pages_alone_match(&mut session, &options);
}

#[test]
fn pages_of_the_bundled_site_made_alone_equal_the_whole_build() {
    let options = Options::new(env!("CARGO_MANIFEST_DIR"));
    assert_pages_alone_match(&mut Session::new(options.clone()), &options);
}

/// Every page made alone, and all of them made together, are the pages of
/// the whole build (as published), but for the one made from the open data.
fn assert_pages_alone_match(session: &mut Session, options: &Options) {
    let whole = fresh(options);
    let pages: HashSet<String> = (whole.keys())
        .filter(|path| path.ends_with(".html"))
        .cloned()
        .collect();
    let prepared = session.prepare(&Silent).unwrap();
    for page in &pages {
        let made = session
            .pages(&prepared, &HashSet::from([page.clone()]))
            .unwrap();
        for (path, packed) in &made {
            assert_eq!(path, page);
            assert!(packed.unpack() == whole[page], "{page} made alone differs");
        }
    }
    let made = session.pages(&prepared, &pages).unwrap();
    for (path, packed) in &made {
        assert!(packed.unpack() == whole[path], "{path} differs");
    }
    let made: HashSet<&String> = made.iter().map(|(path, _)| path).collect();
    let left: Vec<&String> = pages.iter().filter(|p| !made.contains(p)).collect();
    assert_eq!(
        left,
        ["data/index.html"],
        "only pages made from the open data wait for the whole build"
    );
}

/// The bundled site, loaded.
fn load_bundled() -> load::Loaded {
    load::load_site(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &Overrides::default(),
    )
}

/// The view of `dataset` that making `pages` alone needs, as `serve`
/// resolves it for the pages open in a browser.
fn resolved_for(
    dataset: &answerable::model::Dataset,
    files: &answerable::diagnostics::SourceFiles,
    pages: &[&str],
) -> resolve::SiteView {
    let outputs = pages.iter().map(|p| p.to_string()).collect();
    let cache = Cache::one_off();
    let quote_indexes = cache.quotes.of(&dataset.sources);
    resolve::resolve_for_pages(
        dataset,
        files,
        &quote_indexes,
        &cache.markup,
        &cache.resolved,
        &outputs,
    )
}

/// Made alone, a force page resolves its own force and nothing else; with
/// a page that lists every record, everything is resolved.
#[test]
fn a_page_made_alone_resolves_only_its_own_record() {
    let loaded = load_bundled();
    let dataset = loaded.dataset.unwrap();
    let force_page = format!("forces/{}/index.html", dataset.forces[0].id.value);
    let resolve_for = |pages: &[&str]| resolved_for(&dataset, &loaded.files, pages);
    let alone = resolve_for(&[&force_page]);
    assert_eq!(alone.forces.len(), 1);
    assert_eq!(alone.forces[0].id, dataset.forces[0].id.value);
    assert!(alone.inspections.is_empty() && alone.responses.is_empty());
    assert!(alone.rocus.is_empty() && alone.sources.is_empty());

    let with_home = resolve_for(&[&force_page, "index.html"]);
    assert_eq!(with_home.forces.len(), dataset.forces.len());
    assert_eq!(with_home.rocus.len(), dataset.rocus.len());
    assert_eq!(with_home.responses.len(), dataset.responses.len());
}

/// A position is resolved once, for its response's page, and that one
/// value is shared by its recommendation's page and its force's rows:
/// three copies of every quotation were a large part of a big build's
/// memory.
#[test]
fn each_position_is_resolved_once_and_shared() {
    let loaded = load_bundled();
    let dataset = loaded.dataset.unwrap();
    // The home page lists every record, so everything is resolved.
    let view = resolved_for(&dataset, &loaded.files, &["index.html"]);
    let address = |p: &std::sync::Arc<resolve::Position>| std::sync::Arc::as_ptr(p) as usize;
    let made: HashSet<usize> = (view.responses.iter())
        .flat_map(|r| r.positions.iter().map(address))
        .collect();
    let on_recommendations: Vec<usize> = (view.recommendations())
        .flat_map(|r| r.positions.iter().map(address))
        .collect();
    let in_force_rows: Vec<usize> = (view.forces.iter())
        .flat_map(|f| f.groups.iter().flat_map(|g| &g.rows))
        .filter_map(|row| row.position.as_ref().map(address))
        .collect();
    assert!(made.len() > 10, "the bundled site has positions");
    assert_eq!(on_recommendations.len(), made.len());
    assert!(on_recommendations.iter().all(|p| made.contains(p)));
    assert!(!in_force_rows.is_empty());
    assert!(in_force_rows.iter().all(|p| made.contains(p)));
}

#[test]
fn what_many_views_show_alike_is_held_once() {
    use std::sync::Arc;
    let loaded = load_bundled();
    let dataset = loaded.dataset.unwrap();
    let view = resolved_for(&dataset, &loaded.files, &["index.html"]);
    // Every force's row on a recommendation shares one text, deadline,
    // link and status with the others.
    let rows: Vec<&resolve::ForceRow> = (view.forces.iter())
        .flat_map(|f| f.groups.iter().flat_map(|g| &g.rows))
        .collect();
    let mut texts: HashMap<&str, Vec<&resolve::ForceRow>> = HashMap::new();
    for row in &rows {
        texts.entry(&row.recommendation.url).or_default().push(row);
    }
    let shared_by_several = texts.values().filter(|rows| rows.len() > 1).count();
    assert!(
        shared_by_several > 5,
        "recommendations in several forces' rows"
    );
    for rows in texts.values() {
        let first = rows[0];
        for row in &rows[1..] {
            assert!(Arc::ptr_eq(&first.text, &row.text));
            assert!(Arc::ptr_eq(&first.deadline, &row.deadline));
            assert!(Arc::ptr_eq(&first.recommendation, &row.recommendation));
        }
    }
    let statuses: HashSet<usize> = (rows.iter())
        .map(|row| Arc::as_ptr(&row.status) as usize)
        .collect();
    assert!(
        statuses.len() <= 3,
        "one of each status: {}",
        statuses.len()
    );
    // A position shares its recommendation's text with the rows.
    for position in view.responses.iter().flat_map(|r| &r.positions) {
        if let Some(row) = texts.get(position.recommendation.url.as_str()) {
            assert!(Arc::ptr_eq(&position.recommendation_text, &row[0].text));
        }
    }
    // A source's paragraphs are parts of its text, not copies of it.
    let source = (view.sources.iter())
        .find(|s| s.paragraphs.len() > 1)
        .expect("a source with paragraphs");
    let text = source.raw_text.as_bytes().as_ptr_range();
    for paragraph in &source.paragraphs {
        assert!(
            text.contains(&paragraph.text.as_ptr()),
            "{}",
            paragraph.label()
        );
    }
}

/// After an edit to commentary or a response, a resolve that starts from
/// the last view (as `serve`'s do) makes the same view as a first
/// resolve, keeping every view the edit did not touch; after any other
/// edit it starts afresh.
#[test]
fn again_is_the_same_as_a_first_resolve() {
    use std::sync::Arc;
    let site = copy_fixture("minimal");
    let root = site.path();
    let commentary = [
        "content/forces/north.md",
        "content/rocus/alpha.md",
        "content/inspections/test-inspection.md",
        "content/recommendations/test-inspection/2.md",
        "content/responses/north-test.md",
    ];
    for file in &commentary[1..] {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "Commentary.\n").unwrap();
    }
    let cache = Cache::remembering();
    let mut memo = load::Memo::default();
    let mut quote_indexes = None;
    let mut resolve = || {
        let loaded = load::load_site_with(root, &Overrides::default(), Some(&mut memo));
        let dataset = resolve::known::as_known(loaded.dataset.unwrap());
        // Made once, as `serve` keeps them while the documents are unchanged
        // (the fixture's were copied just now, so a load reads them again).
        let quote_indexes = quote_indexes.get_or_insert_with(|| cache.quotes.of(&dataset.sources));
        let again = resolve::resolve_again(
            &dataset,
            &loaded.files,
            quote_indexes,
            &cache.markup,
            &cache.resolved,
        );
        let first = resolve::resolve(
            &dataset,
            &loaded.files,
            quote_indexes,
            &Cache::one_off().markup,
        );
        assert_eq!(format!("{again:#?}"), format!("{first:#?}"));
        again
    };
    // How many records' views are not the very views of `before`.
    let made_again = |before: &resolve::SiteView, after: &resolve::SiteView| {
        fn count<T>(a: &[Arc<T>], b: &[Arc<T>]) -> usize {
            a.iter().zip(b).filter(|(a, b)| !Arc::ptr_eq(a, b)).count()
        }
        count(&before.inspections, &after.inspections)
            + count(&before.rocus, &after.rocus)
            + count(&before.forces, &after.forces)
            + count(&before.responses, &after.responses)
            + count(&before.sources, &after.sources)
    };
    let mut view = resolve();
    let records = view.inspections.len()
        + view.rocus.len()
        + view.forces.len()
        + view.responses.len()
        + view.sources.len();
    for file in commentary {
        std::fs::write(root.join(file), "Commentary, *edited*.\n").unwrap();
        let edited = resolve();
        assert_eq!(made_again(&view, &edited), 1, "{file}");
        view = edited;
    }
    for file in ["content/index.md", "content/about.md"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        std::fs::write(root.join(file), format!("{text}\nEdited.\n")).unwrap();
        let edited = resolve();
        assert_eq!(made_again(&view, &edited), 0, "{file}");
        view = edited;
    }
    // A response is shown by its own page and those of its force, the
    // force's ROCU, its inspection and the source it quotes.
    let response = "data/responses/north-test.toml";
    edit(root, response, "Accepts recommendation 2.", "Accepts it.");
    let edited = resolve();
    assert_eq!(made_again(&view, &edited), 5, "a response's summary");
    view = edited;
    // Moved to a force of another ROCU: both forces and ROCUs.
    edit(root, response, "force = \"north\"", "force = \"south\"");
    let edited = resolve();
    assert_eq!(made_again(&view, &edited), 7, "a response's force");
    view = edited;
    edit(
        root,
        "data/forces.toml",
        "name = \"North\"",
        "name = \"Northmost\"",
    );
    let edited = resolve();
    assert_eq!(made_again(&view, &edited), records, "a data file");
}

/// A session keeps what checking each response found and checks again
/// only those whose inputs changed: after each edit it reports exactly
/// what a first check of the same files reports, including for a response
/// left unchanged while what it names changed around it.
#[test]
fn each_check_in_a_session_finds_what_a_first_check_finds() {
    let site = copy_fixture("minimal");
    let root = site.path();
    let options = Options::new(root);
    let mut session = Session::new(options.clone());
    let report = |result: Result<(), answerable::Error>| match result {
        Ok(()) => "no errors".to_string(),
        Err(answerable::Error::Invalid(report)) => report.render(false),
        Err(other) => panic!("{other}"),
    };
    // Told which files changed, as `serve` is by its watcher, the session
    // keeps every other file's record as it was.
    let mut agree = |step: &str, changed: &[&str]| {
        session.files_changed(changed.iter().copied());
        let again = report(session.rebuild().map(drop));
        let first = report(check(&options).map(drop));
        assert_eq!(again, first, "after {step}");
        again
    };
    assert_eq!(agree("the first build", &[]), "no errors");
    let response = "data/responses/north-test.toml";
    let inspection = "data/inspections/test-inspection.toml";
    let misquoted = "Dear Home Secretary, and hello";
    edit(root, response, "Dear Home Secretary,", misquoted);
    let found = agree("a misquotation", &[response]);
    assert!(found.contains("this quotation is not in"), "{found}");
    // The response is as it was; the document it quotes is not.
    edit(root, "seeds/letter.txt", "Dear Home Secretary,", misquoted);
    assert_eq!(
        agree("the quotation put in the source", &["seeds/letter.txt"]),
        "no errors"
    );
    edit(root, inspection, "number = 2", "number = 9");
    let found = agree("the recommendation renumbered", &[inspection]);
    assert!(found.contains("has no recommendation 2"), "{found}");
    edit(root, inspection, "number = 9", "number = 2");
    assert_eq!(agree("the number put back", &[inspection]), "no errors");
    append(root, response, "cause_of_concern = \"law\"\n");
    assert_eq!(agree("a point on a cause", &[response]), "no errors");
    edit(root, inspection, "id = \"law\"", "id = \"lore\"");
    edit(root, inspection, "= \"law\"", "= \"lore\"");
    let found = agree("the cause renamed", &[inspection]);
    assert!(found.contains("unknown cause of concern `law`"), "{found}");
    edit(
        root,
        "data/vocabulary.toml",
        "id = \"reports-met\"",
        "id = \"says-met\"",
    );
    let found = agree("a stance renamed", &["data/vocabulary.toml"]);
    assert!(found.contains("unknown stance `reports-met`"), "{found}");
}

/// In a session, git's history is read once per commit, and a save the
/// watcher reports takes its file's date away without `git diff`, which
/// looks at every tracked file; a rebuild not told what was saved asks it.
#[test]
fn git_dates_follow_the_saves_the_watcher_reports_and_each_commit() {
    let site = copy_fixture("minimal");
    let root = site.path();
    commit_all(root, "2024-03-02");
    let kept = answerable::history::Kept::new(true);
    let day = |dates: &std::collections::BTreeMap<String, time::Date>, file: &str| {
        dates.get(file).map(|d| d.to_string())
    };
    let first = kept.last_changed(root);
    assert_eq!(
        day(&first, "data/forces.toml").as_deref(),
        Some("2024-03-02")
    );
    assert_eq!(kept.last_changed(root), first);
    // A save the watcher reports loses its date at once.
    append(root, "data/forces.toml", "\n");
    kept.saved(["data/forces.toml"]);
    let after_save = kept.last_changed(root);
    assert_eq!(day(&after_save, "data/forces.toml"), None);
    assert_eq!(
        day(&after_save, "data/rocus.toml").as_deref(),
        Some("2024-03-02")
    );
    // Told what was saved, the session takes the list as it is: a file
    // changed behind the watcher's back keeps its date...
    append(root, "data/rocus.toml", "\n");
    kept.saved(["content/about.md"]);
    let told = kept.last_changed(root);
    assert_eq!(day(&told, "data/rocus.toml").as_deref(), Some("2024-03-02"));
    assert_eq!(day(&told, "data/forces.toml"), None);
    // ...until a rebuild that was told nothing asks git, as a build does.
    let asked = kept.last_changed(root);
    assert_eq!(day(&asked, "data/rocus.toml"), None);
    assert_eq!(asked, answerable::history::last_changed(root));
    // A new commit is a new history, whatever was saved.
    commit_all(root, "2024-04-01");
    kept.saved(["content/about.md"]);
    let committed = kept.last_changed(root);
    assert_eq!(
        day(&committed, "data/forces.toml").as_deref(),
        Some("2024-04-01")
    );
    assert_eq!(committed, answerable::history::last_changed(root));
}

/// A shallow clone (CI's default checkout) makes its one commit look as
/// if it added every file, so no date is taken from it.
#[test]
fn a_shallow_clone_gives_no_dates() {
    let site = copy_fixture("minimal");
    commit_all(site.path(), "2024-03-02");
    append(site.path(), "data/forces.toml", "\n");
    commit_all(site.path(), "2024-04-01");
    assert!(answerable::history::last_changed(site.path()).contains_key("data/forces.toml"));
    let clone = tempfile::tempdir().unwrap();
    let from = format!("file://{}", site.path().display());
    let status = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1", &from])
        .arg(clone.path().join("site"))
        .status()
        .expect("git runs");
    assert!(status.success());
    let shallow = clone.path().join("site");
    assert!(shallow.join("data/forces.toml").is_file());
    assert!(answerable::history::last_changed(&shallow).is_empty());
}

#[test]
fn serve_minifies_as_the_build_does_and_follows_the_setting() {
    let site = copy_fixture("minimal");
    let root = site.path();
    let options = Options::new(root);
    let mut session = Session::new(options.clone());
    for minify in [true, false] {
        let setting = format!("minify_html = {minify}\n");
        match minify {
            true => append(root, "site.toml", &setting),
            false => edit(
                root,
                "site.toml",
                "minify_html = true",
                "minify_html = false",
            ),
        }
        let out = build(root);
        let served = rebuilt(&mut session);
        for (path, bytes) in tree(&out) {
            if path.ends_with(".html") {
                assert!(served[&path] == bytes, "{path} with {setting}");
            }
        }
    }
}
