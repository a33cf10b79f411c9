//! The `answerable` command: parses arguments, runs the library, reports.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use answerable::scaffold::{self, Template};
use answerable::{Error, Options, Overrides, schemas};

#[derive(Parser)]
#[command(
    name = "answerable",
    version,
    about = "Build a website of inspection reports, their recommendations and the published responses to them."
)]
struct Cli {
    /// The site's folder, holding site.toml (default: the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --out).
    Build {
        /// Where to write the site.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[command(flatten)]
        settings: Settings,
    },
    /// Check the data, content and templates without writing anything.
    Check {
        #[command(flatten)]
        settings: Settings,
    },
    /// Start a new data file or page with every field in place, never overwriting one.
    New {
        #[command(subcommand)]
        what: New,
    },
    /// Write the JSON Schemas of the data files (for VS Code) into schemas/ (or --out).
    Schemas {
        /// Where to write them.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum New {
    /// A force's response to an inspection: data/responses/<force>-<inspection>.toml.
    Response {
        /// The inspection's id (its file name in data/inspections/).
        #[arg(long, value_name = "ID")]
        inspection: String,
        /// The force's id (from data/forces.toml).
        #[arg(long, value_name = "ID")]
        force: String,
    },
    /// An inspection report and its recommendations: data/inspections/<id>.toml.
    Inspection {
        /// The new inspection's id, e.g. rocu-effectiveness-2021.
        #[arg(long, value_name = "ID")]
        id: String,
    },
    /// A police force, added at the end of data/forces.toml.
    Force {
        /// The new force's id, e.g. west-yorkshire.
        #[arg(long, value_name = "ID")]
        id: String,
        /// Its name, as the source gives it.
        #[arg(long)]
        name: String,
        /// The id of the ROCU that serves it (from data/rocus.toml).
        #[arg(long, value_name = "ID")]
        rocu: String,
    },
    /// A page (e.g. about-us) or commentary (e.g. forces/essex) under content/.
    Page {
        /// Its path under content/, with or without .md.
        path: String,
    },
}

#[derive(clap::Args)]
struct Settings {
    /// Publish under this URL instead of site.toml's base_url (e.g. https://org.github.io/repo/).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Compare deadlines with this date instead of site.toml's as_of (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<time::Date>,
    /// Fail on warnings too (for pull requests); site.toml's [warnings] allow = [...] exempts some.
    #[arg(long)]
    strict: bool,
}

fn parse_date(text: &str) -> Result<time::Date, String> {
    answerable::dates::PartialDate::parse(text)
        .filter(|d| d.is_exact())
        .and_then(|d| d.earliest())
        .ok_or_else(|| format!("`{text}` is not a date in the form YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(answerable::default_root);
    if let Command::Schemas { out } = &cli.command {
        return schemas(out.clone().unwrap_or_else(|| root.join(schemas::DIR)));
    }
    if !root.join("site.toml").is_file() {
        eprintln!(
            "error: no site.toml in {}\n  help: run answerable in a site's folder, or pass --root DIR",
            root.display()
        );
        return ExitCode::from(2);
    }
    let (settings, out, write) = match cli.command {
        Command::Build { out, settings } => (settings, out, true),
        Command::Check { settings } => (settings, None, false),
        Command::New { what } => return new(&root, what),
        Command::Schemas { .. } => unreachable!("handled above"),
    };
    let options = Options {
        root,
        out,
        overrides: Overrides {
            base_url: settings.base_url,
            as_of: settings.as_of,
        },
        strict: settings.strict,
    };
    let colour = use_colour();
    let started = Instant::now();
    let result = if write {
        answerable::build(&options)
    } else {
        answerable::check(&options)
    };
    let seconds = started.elapsed().as_secs_f64();
    match result {
        Ok(built) => {
            eprint!("{}", built.report.render(colour));
            let warnings = built.report.warnings().count();
            let warned = if warnings > 0 {
                format!(", {warnings} warning(s)")
            } else {
                String::new()
            };
            if write {
                println!(
                    "Built {} pages ({} files) into {} in {seconds:.2} s{warned}",
                    built.pages,
                    built.files.len(),
                    options.out_dir().display()
                );
            } else {
                println!(
                    "Checked {} pages in {seconds:.2} s: no errors{warned}",
                    built.pages
                );
            }
            ExitCode::SUCCESS
        }
        Err(Error::Invalid(report)) => {
            eprint!("{}", report.render(colour));
            let because = if options.strict {
                " (--strict: warnings count as errors)"
            } else {
                ""
            };
            eprintln!(
                "error: the site has {} error(s){because}; nothing was written",
                report.errors().count()
            );
            ExitCode::from(1)
        }
        Err(e @ Error::Write { .. }) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn use_colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn new(root: &std::path::Path, what: New) -> ExitCode {
    let template = match what {
        New::Response { inspection, force } => Template::Response { inspection, force },
        New::Inspection { id } => Template::Inspection { id },
        New::Force { id, name, rocu } => Template::Force { id, name, rocu },
        New::Page { path } => Template::Page { path },
    };
    match scaffold::scaffold(root, &template) {
        Ok(done) => {
            let verb = if done.added_to_existing {
                "Added to"
            } else {
                "Wrote"
            };
            println!("{verb} {}", root.join(&done.file).display());
            println!("Next: {}", done.next);
            ExitCode::SUCCESS
        }
        Err(scaffold::Error::Invalid(report)) => {
            eprint!("{}", report.render(use_colour()));
            eprintln!("error: {}", scaffold::Error::Invalid(report));
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(hint) = e.hint() {
                eprintln!("  help: {hint}");
            }
            ExitCode::from(2)
        }
    }
}

fn schemas(dir: PathBuf) -> ExitCode {
    match schemas::write_all(&dir) {
        Ok(files) => {
            for file in files {
                println!("Wrote {}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
