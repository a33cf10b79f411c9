//! What the benchmarks share beyond `answerable_bench_tools::bench`: a
//! rebuild by the `Session` behind `serve`, which only this crate knows,
//! and the requests an open page makes of a preview.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use answerable::progress::Progress as _;
use answerable::session::{Session, Site};
use answerable_bench_tools::bench::Timings;

/// One rebuild by the `Session` behind `serve` (which minifies each file
/// as it is made), each stage's time added to `timings`.
pub fn rebuild(session: &mut Session, timings: &Timings) -> Site {
    let site = session.rebuild_with(timings).expect("the site builds");
    timings.stage("", 0);
    site
}

/// The address of the page that shows a file: commentary at
/// `content/forces/essex.md` is shown at `/forces/essex/`.
pub fn page_showing(file: &str) -> String {
    let path = file.trim_start_matches("content/");
    format!("/{}/", path.trim_end_matches(".md"))
}

pub fn current_version(address: SocketAddr, page: &str) -> u64 {
    let body = get(
        address,
        &format!("/__answerable/changes?since=0&page={page}"),
    );
    body.trim().parse().unwrap()
}

pub fn wait_for_version_after(address: SocketAddr, version: u64, page: &str) -> u64 {
    loop {
        let poll = format!("/__answerable/changes?since={version}&page={page}");
        let latest: u64 = get(address, &poll).trim().parse().unwrap();
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
