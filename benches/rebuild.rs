//! How long `answerable serve` takes from saving a file to the page
//! reloading, on the bundled site or any site folder.
//!
//! ```text
//! cargo bench --bench rebuild                 # the bundled site
//! cargo bench --bench rebuild -- /tmp/synth10k --runs 3  # another site
//! ```
//!
//! For each site it reports the first build, a rebuild with nothing
//! changed, and a one-file edit: the whole rebuild (every page, the data,
//! the search index, the link check), then, with the page that shows the
//! edited file open as it is for a person editing it, the path that person
//! sees (file saved → watcher → the open page made first → the waiting
//! page told to reload, over real HTTP, each save after the last rebuild
//! has finished) and, of that, the rebuild until the reload; then the
//! same with the home page open and its text (`content/index.md`) edited,
//! with an index (`/recommendations/`) open and the title of a page in
//! the menu edited (which every page shows), and with an inspection's page
//! open and the stance of a response to it edited (which its charts show):
//! the home page, the indexes and an inspection's page are made from every
//! record's view, the slowest kinds of page to show first. Medians of
//! several runs. The site is copied to a temporary folder first and the
//! copy committed to git, as an editor's checkout is, so each save asks
//! git for the files' dates as it does there; nothing in the site given
//! is changed.

use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use answerable::Options;
use answerable::serve::{self, Listen, Outcome, Preview};
use answerable::session::Session;

mod common;
use answerable_bench_tools::bench::{
    Edit, Timings, commit_all, copy_site, in_git_says, median, ms,
};
use common::{current_version, page_showing, rebuild, wait_for_version_after};

/// The allocator the `answerable` binary uses, so that the figures are
/// those of `answerable serve`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs of each measurement; `--runs N` changes it (fewer for big sites).
const DEFAULT_RUNS: usize = 7;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(DEFAULT_RUNS);
    let source = args
        .iter()
        .find(|a| !a.starts_with('-') && a.parse::<usize>().is_err())
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let site = tempfile::tempdir().unwrap();
    copy_site(&source, site.path());
    let in_git = commit_all(site.path());
    let mut edit = Edit::of(site.path());
    println!(
        "site: {} (editing {}; {})",
        source.display(),
        edit.file,
        in_git_says(in_git)
    );

    let mut session = Session::new(Options::new(site.path()));
    let started = Instant::now();
    let first = Timings::default();
    let built = rebuild(&mut session, &first);
    println!(
        "first build: {:>8.1} ms ({} pages, {} files)",
        ms(started.elapsed()),
        built.pages,
        built.files.len()
    );
    first.print();

    let no_op = median(runs, || {
        let started = Instant::now();
        session.rebuild().unwrap();
        started.elapsed()
    });
    println!("no-op rebuild: {:>6.1} ms", ms(no_op));

    let timings = Timings::default();
    let one_file = median(runs, || {
        edit.save();
        let started = Instant::now();
        rebuild(&mut session, &timings);
        started.elapsed()
    });
    println!("one-file edit, rebuild: {:>6.1} ms", ms(one_file));
    timings.print();
    drop(session);

    let listen = Listen {
        port: Some(0),
        ..Listen::default()
    };
    let (preview, first) = Preview::start(Options::new(site.path()), &listen).unwrap();
    assert!(matches!(first, Outcome::Built { .. }), "{first:?}");
    // As `answerable serve` does after each build.
    serve::give_back_memory();
    let address = preview.address();
    // Each rebuild as it finishes: how long it took until the open page
    // was told to reload, if it was.
    let (finished, rebuilds) = mpsc::channel();
    thread::spawn(move || {
        preview.watch(move |_, outcome| {
            serve::give_back_memory();
            let reloaded_after = match outcome {
                Outcome::Built { reloaded_after, .. } => *reloaded_after,
                Outcome::Failed { .. } => None,
            };
            let _ = finished.send(reloaded_after);
        })
    });
    // serve reloads the page before it indexes for search and checks links
    // (docs/performance.md); a person reads the page before saving again,
    // so each save waits for the last rebuild to have finished (an edit
    // every page shows, such as the menu's, rebuilds longer than most),
    // and a moment more.
    let pause = Duration::from_millis(500);
    // The page showing the edited file is open, as it is for a person
    // editing it, so its long poll says which page it is. The home page
    // (like an index) lists every record, so it is made from the whole
    // site's views, not its own record's alone.
    let page = page_showing(&edit.file);
    let kinds = [
        ("a record's page", edit, page),
        (
            "the home page",
            Edit::of_home_page(site.path()),
            "/".to_string(),
        ),
        (
            "an index",
            Edit::of_menu_title(site.path()),
            "/recommendations/".to_string(),
        ),
        {
            let edit = Edit::of_stance(site.path());
            let inspection = edit
                .value_of("inspection")
                .expect("a response's inspection");
            let page = format!("/inspections/{inspection}/");
            ("an inspection's page", edit, page)
        },
    ];
    for (kind, mut edit, page) in kinds {
        let mut version = current_version(address, &page);
        let mut reloads = Vec::new();
        let save_to_reload = median(runs, || {
            thread::sleep(pause);
            let text = edit.next_text().to_string();
            let started = Instant::now();
            std::fs::write(&edit.path, text).unwrap();
            version = wait_for_version_after(address, version, &page);
            let elapsed = started.elapsed();
            let rebuilt = rebuilds.recv().expect("the preview is watching");
            reloads.extend(rebuilt.into_iter().chain(rebuilds.try_iter().flatten()));
            elapsed
        });
        println!(
            "{kind} ({}) open, one-file edit ({}), save to reload: {:>6.1} ms",
            page,
            edit.file,
            ms(save_to_reload)
        );
        reloads.sort();
        if let Some(middle) = reloads.get(reloads.len() / 2) {
            println!(
                "  of which the rebuild until the open page reloads: {:>6.1} ms",
                ms(*middle)
            );
        }
    }
}
