//! What the benchmarks share beyond `answerable_bench_tools::bench`: a
//! rebuild by the `Session` behind `serve`, which only this crate knows.

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
