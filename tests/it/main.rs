//! The whole-site tests, in one binary so that it links once: each module
//! builds small fixture sites (`tests/fixtures/`) or the bundled dataset
//! and checks what a reader, editor or journalist relies on.

mod answers;
mod architecture;
mod charts;
mod cli;
mod common;
mod editing;
mod errors;
mod escaping;
mod history;
mod open_data;
mod permalinks;
mod properties;
mod real_dataset;
mod search;
mod serve;
mod session;
mod site;
mod synth;
mod workflow;
