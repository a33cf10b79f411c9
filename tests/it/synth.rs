//! The synthetic sites benchmarks are run on (`answerable-synth`): one
//! builds without errors or warnings, has the pages it was planned to have,
//! really has its quotations checked, and comes out the same every time.

use std::path::Path;
use std::process::Command;

use crate::common::*;
use answerable::Options;
use answerable_bench_tools::{self as synth, Site};

const PAGES: usize = 300;

fn written(site: &Site, dir: &Path) -> Vec<(String, Vec<u8>)> {
    synth::write(site, dir).unwrap();
    tree(dir)
}

#[test]
fn a_synthetic_site_builds_cleanly_with_the_pages_planned() {
    let site = synth::generate(PAGES, 1);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    synth::write(&site, &root).unwrap();
    let options = Options {
        out: Some(dir.path().join("public")),
        ..Options::new(&root)
    };
    let built = answerable::build(&options).unwrap_or_else(|e| match e {
        answerable::Error::Invalid(report) => panic!("{}", report.render(false)),
        other => panic!("{other}"),
    });
    // The gaps every real site has are allowed in its site.toml; anything
    // else (raw HTML, say) would be a fault of the generator.
    assert!(
        built.report.diagnostics.is_empty(),
        "{}",
        built.report.render(false)
    );
    assert_eq!(built.pages, site.pages);
    assert!(
        site.pages.abs_diff(PAGES) <= PAGES / 10,
        "{} pages for {PAGES} asked",
        site.pages
    );
    assert!(
        site.inspections >= 3 && site.responses >= 10,
        "too small to measure anything"
    );
}

#[test]
fn its_quotations_are_really_checked() {
    let site = synth::generate(PAGES, 2);
    let dir = tempfile::tempdir().unwrap();
    synth::write(&site, dir.path()).unwrap();
    let (response, _) = site
        .files
        .iter()
        .find(|(path, text)| path.starts_with("data/responses/") && text.contains("quote = "))
        .unwrap();
    // A word the source does not have, before the first quotation.
    edit(dir.path(), response, "quote = \"", "quote = \"Altered ");
    let report = errors_of(dir.path());
    let errors = error_lines(&report);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with(response.as_str()), "{errors:#?}");
    assert!(
        errors[0].contains("this quotation is not in"),
        "{errors:#?}"
    );
}

#[test]
fn the_same_pages_and_seed_write_the_same_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let first = written(&synth::generate(PAGES, 3), a.path());
    let second = written(&synth::generate(PAGES, 3), b.path());
    assert!(first.len() > 100);
    assert!(first == second, "two generations differ");
}

#[test]
fn the_product_has_no_synth_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_answerable"))
        .args(["synth", "--pages", "100", "--out", "x"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("unrecognized subcommand 'synth'"),
        "{stderr}"
    );
}
