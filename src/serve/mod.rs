//! `answerable serve`: a live preview for the people editing the site.
//!
//! It builds the site in memory, serves it on loopback, watches the
//! site's files and rebuilds through a [`Session`] (so only what changed is
//! read and rendered again), and tells open pages to reload. A build that
//! fails keeps the last good site served, with its errors laid over every
//! page. Nothing is written to disk: `public/` is left as it was. The
//! files served are kept in memory packed (see [`Session`]) and unpacked
//! for each request.

pub mod http;
pub mod watch;

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use crate::{Error, Options, Prepared, Report, Session};
use answerable_base::packed::Packed;
use answerable_base::progress::Silent;
use http::{Poll, Snapshot};
use watch::{Changes, Watcher};

/// How long a page's wait for the next build is held open; the script asks
/// again at once, so this only bounds how long a dead tab holds a thread.
const LONG_POLL: Duration = Duration::from_secs(20);
/// Requests answered at the same time, beyond which the server says it is
/// busy rather than start ever more threads.
const MAX_IN_FLIGHT: usize = 256;
/// Quiet time after a file event before rebuilding: saving is often
/// several events.
const SETTLE: Duration = Duration::from_millis(15);
/// How long a page still counts as open after its long poll ended: time
/// enough to reload and ask again.
const RELOAD_GAP: Duration = Duration::from_secs(5);
/// The longest a request for a page waits for the build to finish it.
const STALE_WAIT: Duration = Duration::from_secs(30);
/// The port tried first, as Zola does; any free port if it is taken.
pub const DEFAULT_PORT: u16 = 1111;

/// Where to listen.
#[derive(Debug, Clone)]
pub struct Listen {
    pub address: IpAddr,
    /// `None`: [`DEFAULT_PORT`], or any free one.
    pub port: Option<u16>,
}

impl Default for Listen {
    fn default() -> Self {
        Listen {
            address: IpAddr::from([127, 0, 0, 1]),
            port: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {address}: {message}")]
    Listen { address: String, message: String },
    #[error(transparent)]
    Watch(#[from] watch::WatchError),
}

/// What a rebuild did, for the terminal.
#[derive(Debug)]
pub enum Outcome {
    /// A good build is now served. `changed_files` counts output files
    /// that differ from the previous build; `reloaded_after` is when open
    /// pages were told to reload (none if nothing they show changed).
    Built {
        took: Duration,
        reloaded_after: Option<Duration>,
        pages: usize,
        changed_files: usize,
        warnings: Report,
    },
    /// The build failed; the last good site stays served, with these errors.
    Failed { took: Duration, report: Report },
}

/// A running preview: the server is answering from the moment this exists.
pub struct Preview {
    session: Session,
    shared: Arc<Shared>,
    address: SocketAddr,
    watcher: Watcher,
}

#[derive(Default)]
struct Shared {
    snapshot: Mutex<Arc<Snapshot>>,
    rebuilt: Condvar,
    in_flight: AtomicUsize,
    /// Pages open in a browser, by output path: how many of their long
    /// polls are waiting, and when one last came or went.
    open: Mutex<HashMap<String, (usize, Instant)>>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Arc<Snapshot>> {
        // A handler thread that panicked cannot leave a half-made snapshot
        // (it is replaced whole), so a poisoned lock is still good.
        self.snapshot.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn current(&self) -> Arc<Snapshot> {
        self.lock().clone()
    }

    fn publish(&self, snapshot: Snapshot) {
        *self.lock() = Arc::new(snapshot);
        self.rebuilt.notify_all();
    }

    /// The snapshot to answer `url` from: at once, unless it asks for a
    /// page still being made (see [`Snapshot::is_stale`]).
    fn serving(&self, url: &str) -> Arc<Snapshot> {
        let guard = self.lock();
        let (guard, _) = self
            .rebuilt
            .wait_timeout_while(guard, STALE_WAIT, |s| s.is_stale(url))
            .unwrap_or_else(|e| e.into_inner());
        guard.clone()
    }

    /// Waits, as a page's long poll, until the version differs from
    /// `poll.since`, or the time is up; meanwhile the page counts as open.
    fn wait_for_change_on(&self, poll: &Poll) -> u64 {
        self.heard_from(poll.page.as_deref(), 1);
        let version = self.wait_for_change(poll.since);
        self.heard_from(poll.page.as_deref(), -1);
        version
    }

    fn heard_from(&self, page: Option<&str>, waiting: isize) {
        let Some(page) = page else { return };
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        open.retain(|_, (count, last)| *count > 0 || now - *last < RELOAD_GAP);
        if open.len() >= MAX_IN_FLIGHT && !open.contains_key(page) {
            return;
        }
        let entry = open.entry(page.to_string()).or_insert((0, now));
        entry.0 = entry.0.saturating_add_signed(waiting);
        entry.1 = now;
    }

    /// The pages open now: waiting for a build, or reloading after one.
    fn open_pages(&self) -> HashSet<String> {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        (open.iter())
            .filter(|(_, (count, last))| *count > 0 || now - *last < RELOAD_GAP)
            .map(|(page, _)| page.clone())
            .collect()
    }

    /// Waits until the version differs from `since`, or the time is up.
    fn wait_for_change(&self, since: u64) -> u64 {
        let guard = self.lock();
        let (guard, _) = self
            .rebuilt
            .wait_timeout_while(guard, LONG_POLL, |s| s.version == since)
            .unwrap_or_else(|e| e.into_inner());
        guard.version
    }
}

impl Preview {
    /// Starts listening and builds the site once. The site's base URL
    /// becomes the server's address, so every link stays in the preview.
    pub fn start(mut options: Options, listen: &Listen) -> Result<(Preview, Outcome), ServeError> {
        let server = bind(listen)?;
        let address = server
            .server_addr()
            .to_ip()
            .expect("a TCP listener has an IP address");
        options.overrides.base_url = Some(format!("http://{address}/"));
        // Watching starts before the first build, so that nothing saved
        // while it runs is missed.
        let watcher = Watcher::new(&options.root).map_err(watch::WatchError::Notify)?;
        let shared = Arc::new(Shared::default());
        let accepting = shared.clone();
        thread::spawn(move || accept(&server, &accepting));
        let mut preview = Preview {
            session: Session::new(options),
            shared,
            address,
            watcher,
        };
        let outcome = preview.rebuild();
        Ok((preview, outcome))
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Rebuilds and publishes the result in steps, so that the page being
    /// read reloads as soon as it can:
    ///
    /// 1. once the site is read and checked, the open pages alone (those
    ///    whose live-reload script is waiting) are resolved and rendered,
    ///    served with the rest of the last build, and reload; any other
    ///    page asked for meanwhile waits for step 2;
    /// 2. every page and data file (reloading now if step 1 did not);
    /// 3. the search index and the link check, whose errors (if any) then
    ///    show over the page.
    ///
    /// On a large site step 1 takes a fraction of the whole
    /// (docs/performance.md).
    pub fn rebuild(&mut self) -> Outcome {
        let started = Instant::now();
        let previous = self.shared.current();
        let prepared = match self.session.prepare(&Silent) {
            Ok(prepared) => prepared,
            Err(error) => return self.failed(error, &previous, started),
        };
        let open = self.shared.open_pages();
        let mut reloaded_after = None;
        if !open.is_empty() && previous.version > 0 {
            match self.show_open_pages(&prepared, &open, &previous) {
                Ok(true) => reloaded_after = Some(started.elapsed()),
                Ok(false) => {}
                Err(error) => return self.failed(error, &previous, started),
            }
        }
        let mut rendered = match self.session.render(prepared, &Silent) {
            Ok(rendered) => rendered,
            Err(error) => return self.failed(error, &previous, started),
        };
        // Every page and data file, with the last search index for now.
        let made = std::mem::take(&mut rendered.files);
        let shown = self.shared.current();
        let changed = added_or_changed(&shown.files, &made) > 0;
        let reload =
            reloaded_after.is_none() && (changed || shown.errors.is_some() || shown.version == 0);
        let version = shown.version + u64::from(reload);
        if changed || reload || shown.only_fresh.is_some() {
            self.shared.publish(Snapshot {
                version,
                files: Arc::new(made),
                errors: None,
                only_fresh: None,
            });
        }
        if reload {
            reloaded_after = Some(started.elapsed());
        }
        let built = match self.session.finish(rendered, &Silent) {
            Ok(built) => built,
            Err(error) => return self.failed(error, &previous, started),
        };
        let files = built.files;
        let changed_files = count_changed(&previous.files, &files);
        // The page has already reloaded, unless only a removal changed the
        // site: the rest arrives without another.
        let version = if reloaded_after.is_none() && changed_files > 0 {
            version + 1
        } else {
            version
        };
        self.shared.publish(Snapshot {
            version,
            files: Arc::new(files),
            errors: None,
            only_fresh: None,
        });
        Outcome::Built {
            took: started.elapsed(),
            reloaded_after,
            pages: built.pages,
            changed_files,
            warnings: built.report,
        }
    }

    /// Step 1 of [`Preview::rebuild`]: renders the open pages and, if any
    /// changed (or the last build had failed), serves them with the rest
    /// of the last good build and tells them to reload.
    fn show_open_pages(
        &mut self,
        prepared: &Prepared,
        open: &HashSet<String>,
        previous: &Snapshot,
    ) -> Result<bool, Error> {
        let pages = self.session.pages(prepared, open)?;
        let changed = (pages.iter()).any(|(path, bytes)| previous.files.get(path) != Some(bytes));
        if !changed && previous.errors.is_none() {
            return Ok(false);
        }
        self.shared.publish(Snapshot {
            version: previous.version + 1,
            files: Arc::clone(&previous.files),
            errors: None,
            only_fresh: Some(Arc::new(pages.into_iter().collect())),
        });
        Ok(true)
    }

    /// Serves the last good build (`last_good`) again, with the errors
    /// over it, and reloads open pages to show them.
    fn failed(&mut self, error: Error, last_good: &Snapshot, started: Instant) -> Outcome {
        let Error::Invalid(report) = error else {
            unreachable!("a preview writes nothing")
        };
        self.shared.publish(Snapshot {
            // Past the version of the pages just shown, if any were.
            version: self.shared.current().version + 1,
            files: last_good.files.clone(),
            errors: Some(report.render(false)),
            only_fresh: None,
        });
        Outcome::Failed {
            took: started.elapsed(),
            report,
        }
    }

    /// Watches the site's files and rebuilds on every change, forever
    /// (until the watcher fails). `report` hears of each rebuild.
    pub fn watch(mut self, mut report: impl FnMut(&Changes, &Outcome)) -> Result<(), ServeError> {
        loop {
            let changes = self.watcher.next_changes(SETTLE)?;
            if !changes.everything {
                (self.session).files_changed(changes.paths.iter().map(String::as_str));
            }
            let outcome = self.rebuild();
            report(&changes, &outcome);
        }
    }
}

/// Returns to the system the memory a build used and freed. mimalloc keeps
/// freed memory for the thread that freed it, and gives it back only when
/// that thread allocates again; the threads of a finished build are idle
/// until the next save, so without this `serve` stayed at its peak between
/// builds (1.2 GiB at 10,000 pages, where it keeps 0.7 GiB), and the next
/// save paid for the giving back (about 40 ms there) before its page could
/// reload. The binary calls it after each build, as the rebuild bench
/// does; under another allocator it has nothing to give back.
pub fn give_back_memory() {
    // SAFETY: mi_collect only frees what the calling thread's heap no
    // longer uses; it is safe to call at any time from any thread.
    let collect = || unsafe { libmimalloc_sys::mi_collect(true) };
    rayon::broadcast(|_| collect());
    collect();
}

fn bind(listen: &Listen) -> Result<tiny_http::Server, ServeError> {
    let attempt = |port: u16| tiny_http::Server::http(SocketAddr::new(listen.address, port));
    let server = match listen.port {
        Some(port) => attempt(port),
        None => attempt(DEFAULT_PORT).or_else(|_| attempt(0)),
    };
    server.map_err(|e| ServeError::Listen {
        address: format!("{}:{}", listen.address, listen.port.unwrap_or(DEFAULT_PORT)),
        message: e.to_string(),
    })
}

fn accept(server: &tiny_http::Server, shared: &Arc<Shared>) {
    for request in server.incoming_requests() {
        if shared.in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
            shared.in_flight.fetch_sub(1, Ordering::SeqCst);
            let busy = tiny_http::Response::from_string("Busy: try again.\n").with_status_code(503);
            let _ = request.respond(busy);
            continue;
        }
        let handler = shared.clone();
        // A thread that cannot be started must not take the accepting loop
        // (and so the whole server) down with it; tiny_http answers a
        // request dropped unanswered with a 500.
        let started = thread::Builder::new().spawn(move || {
            answer(&handler, request);
            handler.in_flight.fetch_sub(1, Ordering::SeqCst);
        });
        if started.is_err() {
            shared.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn answer(shared: &Shared, request: tiny_http::Request) {
    let url = request.url().to_string();
    let reply = match http::poll(&url) {
        Some(poll) => http::changes(shared.wait_for_change_on(&poll)),
        None => http::respond(&shared.serving(&url), request.method().as_str(), &url),
    };
    let length = reply.body.len();
    let headers = reply
        .headers
        .iter()
        .filter_map(|(name, value)| tiny_http::Header::from_bytes(*name, value.as_bytes()).ok())
        .collect();
    let body = Cursor::new(reply.body);
    let response = tiny_http::Response::new(reply.status.into(), headers, body, Some(length), None);
    // The browser may have gone (a reload cancels its requests): nothing to do.
    let _ = request.respond(response);
}

fn count_changed(before: &HashMap<String, Packed>, after: &HashMap<String, Packed>) -> usize {
    let removed = before.keys().filter(|k| !after.contains_key(*k)).count();
    removed + added_or_changed(before, after)
}

fn added_or_changed(before: &HashMap<String, Packed>, after: &HashMap<String, Packed>) -> usize {
    after
        .iter()
        .filter(|(path, packed)| {
            before
                .get(*path)
                .is_none_or(|old| !old.ptr_eq(packed) && old != *packed)
        })
        .count()
}
