//! How far a build has got, for a progress bar. The library only reports;
//! the CLI decides whether to draw (on a terminal) or not (in CI logs).

/// Hears of each stage of a build and each step within it.
pub trait Progress: Sync {
    /// A stage begins; `total` is its number of steps, or 0 when unknown.
    fn stage(&self, name: &'static str, total: usize);
    /// One more step of the current stage is done.
    fn step(&self);
}

/// Hears nothing: for tests, `serve` and anything else without a terminal.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &'static str, _: usize) {}
    fn step(&self) {}
}
