//! `answerable serve`: a live preview for the people editing the site.
//!
//! It builds the site in memory, serves it on loopback, watches the
//! site's files and rebuilds through a [`Session`] (so only what changed is
//! read and rendered again), and tells open pages to reload. A build that
//! fails keeps the last good site served, with its errors laid over every
//! page. Nothing is written to disk: `public/` is left as it was.

pub mod http;
pub mod watch;

use std::collections::HashMap;
use std::io::Cursor;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use crate::progress::Silent;
use crate::{Error, Options, Report, Session};
use http::Snapshot;
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

    /// Rebuilds and publishes the result, in two steps: the pages and data
    /// first, which reloads the open page, then the search index and the
    /// link check, whose errors (if any) then show over the page. At a
    /// few thousand pages those two take about as long as all the rest.
    pub fn rebuild(&mut self) -> Outcome {
        let started = Instant::now();
        let previous = self.shared.current();
        let rendered = match self.session.render_with(&Silent) {
            Ok(rendered) => rendered,
            Err(error) => return self.failed(error, &previous, started),
        };
        let pages = self.session.minified(&rendered.files);
        let reload = added_or_changed(&previous.files, &pages) > 0
            || previous.errors.is_some()
            || previous.version == 0;
        let version = previous.version + u64::from(reload);
        if reload {
            // Until the search index is made again, the last one is served.
            let mut files = pages;
            for (path, bytes) in previous.files.iter() {
                files.entry(path.clone()).or_insert_with(|| bytes.clone());
            }
            self.shared.publish(Snapshot {
                version,
                files: Arc::new(files),
                errors: None,
            });
        }
        let reloaded_after = started.elapsed();
        let built = match self.session.finish(rendered, &Silent) {
            Ok(built) => built,
            Err(error) => return self.failed(error, &previous, started),
        };
        let files = self.session.minified(&built.files);
        let changed_files = count_changed(&previous.files, &files);
        // The page has already reloaded, unless only a removal changed the
        // site: the rest arrives without another.
        let version = if !reload && changed_files > 0 {
            version + 1
        } else {
            version
        };
        self.shared.publish(Snapshot {
            version,
            files: Arc::new(files),
            errors: None,
        });
        Outcome::Built {
            took: started.elapsed(),
            reloaded_after: reload.then_some(reloaded_after),
            pages: built.pages,
            changed_files,
            warnings: built.report,
        }
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
            let outcome = self.rebuild();
            report(&changes, &outcome);
        }
    }
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
    let reply = match http::changes_since(&url) {
        Some(since) => http::changes(shared.wait_for_change(since)),
        None => http::respond(&shared.current(), request.method().as_str(), &url),
    };
    let length = reply.body.bytes().len();
    let headers = reply
        .headers
        .iter()
        .filter_map(|(name, value)| tiny_http::Header::from_bytes(*name, value.as_bytes()).ok())
        .collect();
    let body = match reply.body {
        http::Body::Shared(bytes) => Cursor::new(bytes),
        http::Body::Owned(bytes) => Cursor::new(Arc::from(bytes)),
    };
    let response = tiny_http::Response::new(reply.status.into(), headers, body, Some(length), None);
    // The browser may have gone (a reload cancels its requests): nothing to do.
    let _ = request.respond(response);
}

fn count_changed(before: &HashMap<String, Arc<[u8]>>, after: &HashMap<String, Arc<[u8]>>) -> usize {
    let removed = before.keys().filter(|k| !after.contains_key(*k)).count();
    removed + added_or_changed(before, after)
}

fn added_or_changed(
    before: &HashMap<String, Arc<[u8]>>,
    after: &HashMap<String, Arc<[u8]>>,
) -> usize {
    after
        .iter()
        .filter(|(path, bytes)| {
            before
                .get(*path)
                .is_none_or(|old| !Arc::ptr_eq(old, bytes) && old[..] != bytes[..])
        })
        .count()
}
