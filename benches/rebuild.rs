//! How long `answerable serve` takes from saving a file to the page
//! reloading, on the bundled site or any site folder.
//!
//! ```text
//! cargo bench --bench rebuild                 # the bundled site
//! cargo bench --bench rebuild -- /tmp/synth10k --runs 3  # another site
//! ```
//!
//! For each site it reports the first build, a rebuild with nothing
//! changed, and a one-file edit two ways: the rebuild alone, and the whole
//! path a person sees (file saved → watcher → rebuild → the waiting page
//! told to reload, over real HTTP, each save after the last rebuild has
//! finished). Medians of several runs. The site is
//! copied to a temporary folder first; nothing in it is changed.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use answerable::Options;
use answerable::progress::Progress;
use answerable::serve::{Listen, Outcome, Preview};
use answerable::session::Session;

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
    let (file, from, to) = edit_of(site.path());
    println!("site: {} (editing {file})", source.display());

    let mut session = Session::new(Options::new(site.path()));
    let started = Instant::now();
    let first = Timings::default();
    let built = session.rebuild_with(&first).expect("the site builds");
    first.stage("Minifying", 0);
    session.minified(&built.files);
    first.stage("", 0);
    println!(
        "first build: {:>8.1} ms ({} pages, {} files)",
        ms(started.elapsed()),
        built.pages,
        built.files.len()
    );
    first.print();

    let no_op = median(runs, || {
        let started = Instant::now();
        let built = session.rebuild().unwrap();
        session.minified(&built.files);
        started.elapsed()
    });
    println!("no-op rebuild: {:>6.1} ms", ms(no_op));

    let path = site.path().join(&file);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut flip = false;
    let timings = Timings::default();
    let one_file = median(runs, || {
        flip = !flip;
        let text = if flip {
            original.replacen(&from, &to, 1)
        } else {
            original.clone()
        };
        std::fs::write(&path, text).unwrap();
        let started = Instant::now();
        let built = session.rebuild_with(&timings).unwrap();
        timings.stage("Minifying", 0);
        session.minified(&built.files);
        timings.stage("", 0);
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
    let address = preview.address();
    thread::spawn(move || preview.watch(|_, _| {}));
    let mut version = current_version(address);
    // serve reloads the page before it indexes for search and checks links
    // (docs/performance.md); a person reads the page before saving again,
    // so each save waits for the last rebuild to have finished.
    let pause = one_file * 2;
    let save_to_reload = median(runs, || {
        thread::sleep(pause);
        flip = !flip;
        let text = if flip {
            original.replacen(&from, &to, 1)
        } else {
            original.clone()
        };
        let started = Instant::now();
        std::fs::write(&path, text).unwrap();
        version = wait_for_version_after(address, version);
        started.elapsed()
    });
    println!(
        "one-file edit, save to reload: {:>6.1} ms",
        ms(save_to_reload)
    );
}

/// The time from each stage's start to the next's.
#[derive(Default)]
struct Timings {
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
    fn print(&self) {
        println!("  where the time went (median per stage):");
        for (stage, time) in self.medians() {
            println!("  {stage:<22} {:>8.1} ms", ms(time));
        }
    }

    fn medians(&self) -> Vec<(&'static str, Duration)> {
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

/// A file to edit and a change that keeps the site valid: the first
/// commentary page's text, or else a response's summary.
fn edit_of(root: &Path) -> (String, String, String) {
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
    let text = std::fs::read_to_string(&path).unwrap();
    let word = text
        .split_whitespace()
        .rev()
        .find(|w| w.len() > 4 && w.chars().all(char::is_alphabetic))
        .expect("a word to change")
        .to_string();
    let relative = path
        .strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    (relative, word.clone(), format!("{word}s"))
}

fn current_version(address: SocketAddr) -> u64 {
    let body = get(address, "/__answerable/changes?since=0");
    body.trim().parse().unwrap()
}

fn wait_for_version_after(address: SocketAddr, version: u64) -> u64 {
    loop {
        let latest: u64 = get(address, &format!("/__answerable/changes?since={version}"))
            .trim()
            .parse()
            .unwrap();
        if latest != version {
            return latest;
        }
    }
}

fn get(address: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    text.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

fn median(runs: usize, mut run: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1)).map(|_| run()).collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The site's own files, without `public/`, `target/` or `.git/`.
fn copy_site(from: &Path, to: &Path) {
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
            continue;
        }
        for entry in walkdir::WalkDir::new(&source)
            .into_iter()
            .filter_map(Result::ok)
        {
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
}
