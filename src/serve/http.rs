//! What the preview server answers to one request, decided without any
//! socket so that every rule (traversal, redirects, 404, content types,
//! the live-reload script and the error overlay) is testable directly.

use std::collections::HashMap;
use std::sync::Arc;

use percent_encoding::percent_decode_str;

use answerable_base::html::escape_html;
use answerable_base::packed::Packed;

/// Where the preview's own files live; no site path starts with `__`.
pub const PREFIX: &str = "/__answerable/";
/// The long-poll endpoint the live-reload script waits on.
pub const CHANGES: &str = "/__answerable/changes";
const LIVE_JS: &str = "/__answerable/live.js";

/// One published state of the preview: the files of the last good build,
/// and the errors of the latest build if it failed.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Counts builds, good or bad; pages reload when it changes.
    pub version: u64,
    /// Output files by path relative to the site root
    /// (`forces/essex/index.html`), as published, packed.
    pub files: Arc<HashMap<String, Packed>>,
    /// The latest build's errors as the CLI prints them (no colour).
    pub errors: Option<String>,
    /// While a build has made only the open pages, those pages (by output
    /// path), served over `files`, which are then the build before's.
    pub only_fresh: Option<Arc<HashMap<String, Packed>>>,
}

impl Snapshot {
    /// The file at an output path, as this snapshot serves it.
    fn get(&self, key: &str) -> Option<&Packed> {
        (self.only_fresh.as_ref())
            .and_then(|fresh| fresh.get(key))
            .or_else(|| self.files.get(key))
    }

    /// Whether a request for `url` should wait for the rest of the build:
    /// it asks for a page this snapshot holds only from the build before.
    /// Other files (styles, data, the search index) are served at once.
    pub fn is_stale(&self, url: &str) -> bool {
        let Some(fresh) = &self.only_fresh else {
            return false;
        };
        request_path(url)
            .map(|path| output_path(&path))
            .is_some_and(|key| key.ends_with(".html") && !fresh.contains_key(&key))
    }
}

/// An answer, ready to send.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// Answers a request for anything but the long-poll endpoint.
pub fn respond(snapshot: &Snapshot, method: &str, url: &str) -> Reply {
    if method != "GET" && method != "HEAD" {
        let mut reply = text(405, "Only GET and HEAD are allowed.\n");
        reply.headers.push(("Allow", "GET, HEAD".into()));
        return reply;
    }
    let Some(path) = request_path(url) else {
        return text(
            400,
            "Bad request: the path is not a plain path inside the site.\n",
        );
    };
    if path == LIVE_JS {
        return Reply {
            status: 200,
            headers: vec![("Content-Type", "text/javascript; charset=utf-8".into())],
            body: include_bytes!("live.js").to_vec(),
        };
    }
    let key = output_path(&path);
    if let Some(bytes) = snapshot.get(&key) {
        return file(snapshot, 200, &key, bytes.unpack());
    }
    // Like GitHub Pages: a folder asked for without its slash redirects.
    if snapshot.get(&format!("{key}/index.html")).is_some() {
        let query = url.find('?').map_or("", |i| &url[i..]);
        return Reply {
            status: 301,
            headers: vec![("Location", format!("{path}/{query}"))],
            body: Vec::new(),
        };
    }
    match snapshot.get("404.html") {
        Some(page) => file(snapshot, 404, "404.html", page.unpack()),
        None => file(
            snapshot,
            404,
            "404.html",
            b"<!doctype html><title>Not found</title><body><h1>Not found</h1></body>".to_vec(),
        ),
    }
}

/// The decoded path of a request URL, or `None` when it could name
/// something outside the site (`..`, `.`, backslashes, NUL) or is not
/// UTF-8. Refusing these outright, rather than normalising them, means no
/// spelling of a path can reach a file the build did not write.
pub fn request_path(url: &str) -> Option<String> {
    let raw = url.split(['?', '#']).next().unwrap_or_default();
    if !raw.starts_with('/') {
        return None;
    }
    let path = percent_decode_str(raw).decode_utf8().ok()?;
    let unsafe_segment = path
        .split('/')
        .any(|segment| segment == ".." || segment == ".");
    if unsafe_segment || path.contains(['\\', '\0']) || path.contains("//") {
        return None;
    }
    Some(path.into_owned())
}

/// The file a request path names: `/forces/essex/` is
/// `forces/essex/index.html`.
pub fn output_path(path: &str) -> String {
    let key = path.trim_start_matches('/');
    if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_string()
    }
}

/// A long poll: a page waiting for the next build.
#[derive(Debug, PartialEq, Eq)]
pub struct Poll {
    /// The build version the page shows.
    pub since: u64,
    /// The page's output path (`forces/essex/index.html`), if it said
    /// which page it is.
    pub page: Option<String>,
}

/// The long poll a request URL is, if it is one.
pub fn poll(url: &str) -> Option<Poll> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path != CHANGES {
        return None;
    }
    let value = |name: &str| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    };
    let since = value("since").and_then(|v| v.parse().ok());
    Some(Poll {
        since: since.unwrap_or(u64::MAX),
        page: value("page")
            .and_then(|v| percent_decode_str(v).decode_utf8().ok())
            .and_then(|path| request_path(&path))
            .map(|path| output_path(&path)),
    })
}

/// The answer to a long poll: the current version, as text.
pub fn changes(version: u64) -> Reply {
    Reply {
        status: 200,
        headers: vec![
            ("Content-Type", "text/plain; charset=utf-8".into()),
            ("Cache-Control", "no-store".into()),
        ],
        body: version.to_string().into_bytes(),
    }
}

fn file(snapshot: &Snapshot, status: u16, path: &str, body: Vec<u8>) -> Reply {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let content_type = match mime.type_() {
        mime_guess::mime::TEXT => format!("{}; charset=utf-8", mime.essence_str()),
        _ if mime.subtype() == mime_guess::mime::JAVASCRIPT || mime.subtype() == "json" => {
            format!("{}; charset=utf-8", mime.essence_str())
        }
        _ => mime.essence_str().to_string(),
    };
    let body = if is_html {
        with_live_reload(&body, snapshot)
    } else {
        body
    };
    Reply {
        status,
        headers: vec![
            ("Content-Type", content_type),
            // A preview must never show yesterday's page from the cache.
            ("Cache-Control", "no-store".into()),
            ("X-Content-Type-Options", "nosniff".into()),
        ],
        body,
    }
}

fn text(status: u16, message: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
        body: message.as_bytes().to_vec(),
    }
}

/// The page with the live-reload script, and the error overlay when the
/// latest build failed, put before `</body>`.
fn with_live_reload(page: &[u8], snapshot: &Snapshot) -> Vec<u8> {
    let mut snippet = String::new();
    if let Some(errors) = &snapshot.errors {
        snippet.push_str(&overlay(errors));
    }
    snippet.push_str(&format!(
        r#"<script src="{LIVE_JS}" data-version="{}"></script>"#,
        snapshot.version
    ));
    let at = find_last(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + snippet.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// The build's errors over the page, as the terminal shows them, saying
/// that the page underneath is the last good build.
pub fn overlay(errors: &str) -> String {
    format!(
        concat!(
            r#"<div id="answerable-errors" role="alert" aria-labelledby="answerable-errors-title" "#,
            r#"style="position:fixed;top:0;left:0;right:0;max-height:75vh;z-index:2147483647;overflow:auto;margin:0;"#,
            r#"padding:1rem 1.5rem;background:#fff;color:#1a1a1a;border-top:0.5rem solid #b00020;"#,
            r#"box-shadow:0 0.5rem 2rem rgba(0,0,0,0.45);font:1rem/1.5 system-ui,sans-serif">"#,
            r#"<h2 id="answerable-errors-title" style="margin-top:0;color:#b00020">The last change broke the build</h2>"#,
            r#"<p>This preview still serves the last good build. Fix the file named below and save: "#,
            r#"the page reloads by itself.</p>"#,
            r#"<pre style="white-space:pre-wrap;font:0.9rem/1.4 ui-monospace,monospace;background:#f6f6f6;padding:1rem">{}</pre>"#,
            r#"<button type="button" id="answerable-errors-close">Hide until the next change</button></div>"#
        ),
        escape_html(errors)
    )
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Snapshot {
        let files = [
            ("index.html", "<html><body><h1>Home</h1></body></html>"),
            ("forces/essex/index.html", "<html><body>Essex</body></html>"),
            ("404.html", "<html><body>Missing</body></html>"),
            ("assets/style.css", "body{}"),
            ("data/forces.json", "[]"),
            ("data/forces.csv", "id\n"),
        ];
        Snapshot {
            version: 3,
            files: Arc::new(
                files
                    .iter()
                    .map(|(p, t)| (p.to_string(), Packed::new(t.as_bytes())))
                    .collect(),
            ),
            errors: None,
            only_fresh: None,
        }
    }

    fn body(reply: &Reply) -> String {
        String::from_utf8(reply.body.clone()).unwrap()
    }

    fn header<'r>(reply: &'r Reply, name: &str) -> &'r str {
        reply
            .headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }

    #[test]
    fn folders_serve_their_index_with_the_live_reload_script() {
        let reply = respond(&site(), "GET", "/forces/essex/");
        assert_eq!(reply.status, 200);
        assert_eq!(header(&reply, "Content-Type"), "text/html; charset=utf-8");
        assert_eq!(
            body(&reply),
            r#"<html><body>Essex<script src="/__answerable/live.js" data-version="3"></script></body></html>"#
        );
    }

    #[test]
    fn a_folder_without_its_slash_redirects_keeping_the_query() {
        let reply = respond(&site(), "GET", "/forces/essex?x=1");
        assert_eq!(reply.status, 301);
        assert_eq!(header(&reply, "Location"), "/forces/essex/?x=1");
    }

    #[test]
    fn missing_pages_get_the_sites_404_page() {
        let reply = respond(&site(), "GET", "/forces/nowhere/");
        assert_eq!(reply.status, 404);
        assert!(body(&reply).contains("Missing"));
    }

    #[test]
    fn content_types_follow_the_file_extension() {
        let s = site();
        let types = [
            ("/assets/style.css", "text/css; charset=utf-8"),
            ("/data/forces.json", "application/json; charset=utf-8"),
            ("/data/forces.csv", "text/csv; charset=utf-8"),
        ];
        for (path, expected) in types {
            assert_eq!(header(&respond(&s, "GET", path), "Content-Type"), expected);
        }
        assert_eq!(body(&respond(&s, "GET", "/assets/style.css")), "body{}");
    }

    #[test]
    fn paths_that_could_leave_the_site_are_bad_requests() {
        for url in [
            "/../Cargo.toml",
            "/forces/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/forces/%2E%2E/x",
            "/./index.html",
            "/..%5c..%5cetc/passwd",
            "/index.html%00.css",
            "//etc/passwd",
            "/%ff",
            "relative/path",
            "http://example.org/",
        ] {
            assert_eq!(respond(&site(), "GET", url).status, 400, "{url}");
        }
    }

    #[test]
    fn only_get_and_head_are_allowed() {
        assert_eq!(respond(&site(), "POST", "/").status, 405);
        assert_eq!(respond(&site(), "HEAD", "/").status, 200);
    }

    #[test]
    fn a_failed_build_shows_its_errors_escaped_over_the_last_good_page() {
        let mut s = site();
        s.errors = Some("error: unknown force `<essex>`\n --> data/x.toml:1:2".into());
        let page = body(&respond(&s, "GET", "/"));
        assert!(page.starts_with("<html><body><h1>Home</h1><div id=\"answerable-errors\""));
        assert!(page.contains("unknown force `&lt;essex&gt;`"), "{page}");
        assert!(page.ends_with("</body></html>"));
    }

    #[test]
    fn while_only_the_open_pages_are_made_other_pages_wait() {
        let mut s = site();
        assert!(!s.is_stale("/forces/essex/"));
        let essex = Packed::new(b"<html><body><h1>Essex, again</h1></body></html>");
        s.only_fresh = Some(Arc::new(HashMap::from([(
            "forces/essex/index.html".into(),
            essex,
        )])));
        assert!(!s.is_stale("/forces/essex/"));
        assert!(body(&respond(&s, "GET", "/forces/essex/")).contains("Essex, again"));
        assert!(s.is_stale("/"));
        assert!(s.is_stale("/404.html"));
        assert!(!s.is_stale("/assets/style.css"));
        assert!(!s.is_stale("/data/forces.json"));
    }

    #[test]
    fn long_polls_are_recognised_with_their_version() {
        let since = |url| poll(url).map(|p| p.since);
        assert_eq!(since("/__answerable/changes?since=7"), Some(7));
        assert_eq!(since("/__answerable/changes"), Some(u64::MAX));
        assert_eq!(since("/forces/"), None);
        let page = |url| poll(url).and_then(|p| p.page);
        assert_eq!(
            page("/__answerable/changes?since=7&page=%2Fforces%2Fessex%2F").as_deref(),
            Some("forces/essex/index.html")
        );
        assert_eq!(
            page("/__answerable/changes?page=/").as_deref(),
            Some("index.html")
        );
        assert_eq!(page("/__answerable/changes?since=7&page=%2F..%2Fx"), None);
    }
}
