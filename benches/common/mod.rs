//! What the benchmarks share beyond `answerable_bench_tools::bench`: a
//! rebuild by the `Session` behind `serve`, which only this crate knows.

use answerable::Built;
use answerable::progress::Progress as _;
use answerable::session::Session;
use answerable_bench_tools::bench::Timings;

/// One rebuild by the `Session` behind `serve`, minifying included, each
/// stage's time added to `timings`.
pub fn rebuild(session: &mut Session, timings: &Timings) -> Built {
    let built = session.rebuild_with(timings).expect("the site builds");
    timings.stage("Minifying", 0);
    session.minified(&built.files);
    timings.stage("", 0);
    built
}
