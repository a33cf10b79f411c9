//! `answerable-synth`: writes a made-up site of about N pages, and the same
//! pages as a Hugo site, for the benchmarks (docs/performance.md). A tool for
//! measuring the build, never part of what users download:
//! `cargo run --release -p answerable-synth -- --pages 10000 --seed 7 --out DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Write a made-up site of about N pages, for benchmarks.
#[derive(Parser)]
#[command(name = "answerable-synth", version)]
struct Args {
    /// About how many HTML pages the built site should have.
    #[arg(long, value_name = "N")]
    pages: usize,
    /// The same pages and seed always give the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// An empty or new folder to write the site's files into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Also write the same pages as a Hugo site into this empty or new
    /// folder, to compare builds (docs/performance.md).
    #[arg(long, value_name = "DIR")]
    hugo: Option<PathBuf>,
}

fn main() -> ExitCode {
    let Args {
        pages,
        seed,
        out,
        hugo,
    } = Args::parse();
    let (out, hugo) = (out.as_path(), hugo.as_deref());
    let site = answerable_bench_tools::generate(pages, seed);
    if let Err(e) = answerable_bench_tools::write(&site, out) {
        eprintln!(
            "error: cannot write the site to {}: {e}\n  help: give a new or empty folder",
            out.display()
        );
        return ExitCode::from(2);
    }
    println!(
        "Wrote {} files into {}: {} inspections, {} recommendations, {} responses; a build will write {} pages",
        site.files.len(),
        out.display(),
        site.inspections,
        site.recommendations,
        site.responses,
        site.pages
    );
    let Some(hugo) = hugo else {
        return ExitCode::SUCCESS;
    };
    let Some(hugo_site) = answerable_bench_tools::hugo::from_site_folder(out) else {
        eprintln!(
            "error: the synthetic site did not load; run `answerable --root {} check` on it",
            out.display()
        );
        return ExitCode::from(1);
    };
    if let Err(e) = answerable_bench_tools::write_files(&hugo_site.files, hugo) {
        eprintln!(
            "error: cannot write the Hugo site to {}: {e}\n  help: give a new or empty folder",
            hugo.display()
        );
        return ExitCode::from(2);
    }
    println!(
        "Wrote {} files into {}: a Hugo site of {} pages (ours: {})",
        hugo_site.files.len(),
        hugo.display(),
        hugo_site.pages,
        site.pages
    );
    ExitCode::SUCCESS
}
