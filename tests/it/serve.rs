//! `answerable serve` over real HTTP: a preview on loopback, files changed
//! in a temporary site, and the pages that a browser would get back.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::Duration;

use crate::common::*;
use answerable::Options;
use answerable::serve::{Listen, Outcome, Preview};

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends `request` as it is (so that paths reach the server unnormalised)
/// and reads the whole answer.
fn raw(address: SocketAddr, request: &str) -> Reply {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("reading the answer to {request:?}: {e}"));
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn get(address: SocketAddr, path: &str) -> Reply {
    raw(
        address,
        &format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"),
    )
}

/// The build version the pages were given, from the live-reload script.
fn version(address: SocketAddr) -> u64 {
    let page = get(address, "/").body;
    let at = page
        .find("data-version=\"")
        .expect("the live-reload script")
        + 14;
    page[at..].split('"').next().unwrap().parse().unwrap()
}

/// Waits, as an open page does, until the preview has rebuilt.
fn wait_for_rebuild(address: SocketAddr, since: u64) -> u64 {
    for _ in 0..10 {
        let latest: u64 = get(address, &format!("/__answerable/changes?since={since}"))
            .body
            .trim()
            .parse()
            .unwrap();
        if latest != since {
            return latest;
        }
    }
    panic!("no rebuild after a change");
}

/// A preview of a private copy of the fixture site, watching for changes.
fn preview() -> (tempfile::TempDir, SocketAddr) {
    let site = copy_fixture("minimal");
    let listen = Listen {
        port: Some(0),
        ..Listen::default()
    };
    let (preview, first) = Preview::start(Options::new(site.path()), &listen).unwrap();
    assert!(
        matches!(first, Outcome::Built { pages: 23, .. }),
        "{first:?}"
    );
    let address = preview.address();
    thread::spawn(move || preview.watch(|_, _| {}));
    (site, address)
}

#[test]
fn serves_the_site_on_loopback_with_its_own_links() {
    let (_site, address) = preview();
    assert!(address.ip().is_loopback());
    let home = get(address, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body.contains(&format!("http://{address}/")),
        "canonical links point at the preview"
    );
    assert!(home.body.contains("<script src=\"/__answerable/live.js\""));

    let css = get(address, "/assets/style.css");
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    let json = get(address, "/data/forces.json");
    assert_eq!(
        json.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert!(json.body.starts_with('{'), "{}", json.body);
    let script = get(address, "/__answerable/live.js");
    assert_eq!(
        script.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );

    let missing = get(address, "/forces/nowhere/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's own 404 page"
    );
    assert_eq!(get(address, "/forces").header("Location"), Some("/forces/"));

    let head = raw(
        address,
        "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[test]
fn never_serves_a_file_outside_the_site_and_refuses_bad_requests() {
    let (site, address) = preview();
    // A file that exists beside the output, which no request may reach.
    std::fs::write(site.path().join("secret.txt"), "do not serve").unwrap();
    for path in [
        "/../secret.txt",
        "/forces/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%5csecret.txt",
        "/site.toml",
        "/data/../site.toml",
        "//etc/passwd",
        "/index.html%00",
    ] {
        let reply = get(address, path);
        assert!(
            matches!(reply.status, 400 | 404),
            "{path}: {}",
            reply.status
        );
        assert!(!reply.body.contains("do not serve"), "{path}");
        assert!(!reply.body.contains("base_url"), "{path}");
    }
    assert_eq!(get(address, "/../secret.txt").status, 400);
    assert_eq!(raw(address, "NONSENSE\r\n\r\n").status, 400);
    let post = raw(
        address,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(post.status, 405);
}

#[test]
fn answers_many_concurrent_requests() {
    let (_site, address) = preview();
    let clients: Vec<_> = (0..16)
        .map(|i| {
            thread::spawn(move || {
                for j in 0..20 {
                    let path = ["/", "/forces/north/", "/data/forces.csv", "/nowhere"][(i + j) % 4];
                    let reply = get(address, path);
                    assert!(
                        matches!(reply.status, 200 | 404),
                        "{path}: {}",
                        reply.status
                    );
                }
            })
        })
        .collect();
    // Open pages waiting for a rebuild hold requests open meanwhile.
    let waiting: Vec<_> = (0..8)
        .map(|_| {
            thread::spawn(move || {
                let mut stream = TcpStream::connect(address).unwrap();
                let request = "GET /__answerable/changes?since=1 HTTP/1.1\r\nHost: x\r\n\r\n";
                stream.write_all(request.as_bytes()).unwrap();
                stream
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
    drop(waiting);
    assert_eq!(get(address, "/").status, 200);
}

#[test]
fn a_saved_change_is_rebuilt_and_reloaded() {
    let (site, address) = preview();
    let before = version(address);
    edit(
        site.path(),
        "data/forces.toml",
        "name = \"North\"",
        "name = \"Northmost Constabulary\"",
    );
    let after = wait_for_rebuild(address, before);
    assert!(after > before);
    let page = get(address, "/forces/north/").body;
    assert!(page.contains("Northmost Constabulary"), "{page}");
    assert!(!page.contains("answerable-errors"));
}

/// The page being read is made, served and reloaded before the rest of
/// the site; a page asked for before the rest is made waits for it, so
/// no page is ever served from before the change.
#[test]
fn the_open_page_reloads_first_and_no_page_is_served_stale() {
    let (site, address) = preview();
    let before = version(address);
    let open_page = thread::spawn(move || {
        let poll = format!("/__answerable/changes?since={before}&page=%2Fforces%2Fnorth%2F");
        get(address, &poll).body.trim().parse::<u64>().unwrap()
    });
    // The long poll is waiting (so the page counts as open) before the save.
    thread::sleep(Duration::from_millis(300));
    edit(
        site.path(),
        "data/forces.toml",
        "name = \"North\"",
        "name = \"Northmost Constabulary\"",
    );
    assert!(open_page.join().unwrap() > before);
    for page in ["/forces/north/", "/forces/", "/"] {
        let body = get(address, page).body;
        assert!(body.contains("Northmost Constabulary"), "{page}: {body}");
    }
}

#[test]
fn a_broken_file_shows_its_errors_over_the_last_good_site_until_fixed() {
    let (site, address) = preview();
    let before = version(address);
    edit(
        site.path(),
        "data/forces.toml",
        "rocu = \"",
        "rocu = \"nowhere-",
    );
    let broken = wait_for_rebuild(address, before);
    let page = get(address, "/forces/north/");
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(page.body.contains("North"));
    assert!(
        page.body.contains("id=\"answerable-errors\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("data/forces.toml:"),
        "the CLI's location"
    );
    assert!(
        page.body.contains("does not exist") || page.body.contains("unknown"),
        "{}",
        page.body
    );

    edit(
        site.path(),
        "data/forces.toml",
        "rocu = \"nowhere-",
        "rocu = \"",
    );
    wait_for_rebuild(address, broken);
    let page = get(address, "/forces/north/").body;
    assert!(
        !page.contains("answerable-errors"),
        "fixing the file clears the errors"
    );
}

/// The link check runs after the page has reloaded with the new pages; a
/// broken link it finds still brings back the last good site, with the
/// error over it.
#[test]
fn a_broken_link_found_after_the_reload_still_shows_its_error() {
    let (site, address) = preview();
    let mut seen = version(address);
    write(
        site.path(),
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<a href=\"{{ site.base_path }}missing/\">gone</a>{% endblock main %}",
    );
    let overlay = loop {
        seen = wait_for_rebuild(address, seen);
        let page = get(address, "/").body;
        if page.contains("id=\"answerable-errors\"") {
            break page;
        }
    };
    assert!(overlay.contains("broken link"), "{overlay}");
    assert!(overlay.contains("missing/"), "{overlay}");
    let not_found = get(address, "/404.html").body;
    assert!(
        !not_found.contains(">gone<"),
        "the last good 404 page is served"
    );

    // A second rebuild from the same save may still be under way, so wait
    // for the one that clears the errors rather than for the next one.
    std::fs::remove_file(site.path().join("templates/404.html")).unwrap();
    while get(address, "/").body.contains("answerable-errors") {
        seen = wait_for_rebuild(address, seen);
    }
}

#[test]
fn a_new_file_is_picked_up() {
    let (site, address) = preview();
    let before = version(address);
    std::fs::write(
        site.path().join("content/help.md"),
        "+++\ntitle = \"Help\"\n+++\nHow to read this site.\n",
    )
    .unwrap();
    wait_for_rebuild(address, before);
    let page = get(address, "/help/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("How to read this site."));
}

/// A rebuild looks only at the files the watcher names: a rename names
/// both, so the page moves, and a removal takes its page away.
#[test]
fn a_renamed_or_removed_file_is_seen() {
    let (site, address) = preview();
    let help = site.path().join("content/help.md");
    let before = version(address);
    std::fs::write(
        &help,
        "+++\ntitle = \"Help\"\n+++\nHow to read this site.\n",
    )
    .unwrap();
    let before = wait_for_rebuild(address, before);
    let guide = site.path().join("content/guide.md");
    std::fs::rename(&help, &guide).unwrap();
    let before = wait_for_rebuild(address, before);
    assert_eq!(get(address, "/help/").status, 404);
    assert!(
        get(address, "/guide/")
            .body
            .contains("How to read this site.")
    );
    std::fs::remove_file(&guide).unwrap();
    wait_for_rebuild(address, before);
    assert_eq!(get(address, "/guide/").status, 404);
}
