//! The `answerable` command: parses arguments, runs the library, reports.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use answerable::scaffold::{self, Template};
use answerable::serve::watch::Changes;
use answerable::serve::{self, Listen, Outcome, Preview};
use answerable::{Error, Options, Overrides, schemas};

/// A build allocates millions of small strings from several threads at
/// once; glibc's allocator spent a fifth of a large build's time in
/// malloc and free (perf, 100,000 pages), mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Build the site into public/ (or --out), replacing what an earlier build wrote there.
    Build {
        /// Where to write the site: a new or empty folder, or one an earlier build wrote.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace the --out folder even though it holds files a build did not write
        /// (they are deleted). The site's own and source folders are never replaced.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        settings: Settings,
    },
    /// Check the data, content and templates without writing anything.
    Check {
        #[command(flatten)]
        settings: Settings,
    },
    /// Preview the site while editing: serve it on this computer and rebuild
    /// and reload the page on every change.
    Serve {
        /// Port to listen on (default: 1111, or any free port if it is taken).
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on. Only this computer can reach the default;
        /// 0.0.0.0 lets every device on the network see the preview.
        #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Compare deadlines with this date instead of site.toml's as_of (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<time::Date>,
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
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    base_url: Option<String>,
    /// Compare deadlines with this date instead of site.toml's as_of (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<time::Date>,
    /// Where readers report a mistake, instead of site.toml's report_mistakes
    /// (e.g. https://github.com/org/repo/issues/new, or mailto:…).
    #[arg(long, value_name = "URL", value_parser = parse_report_mistakes)]
    report_mistakes: Option<String>,
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

fn parse_report_mistakes(text: &str) -> Result<String, String> {
    answerable::config::check_report_mistakes(text)
        .map(|()| text.to_string())
        .map_err(|problem| format!("{problem} (e.g. https://github.com/org/repo/issues/new)"))
}

fn parse_base_url(text: &str) -> Result<String, String> {
    answerable::config::check_base_url(text)
        .map(|()| text.to_string())
        .map_err(|problem| format!("{problem} (e.g. https://org.github.io/repo/)"))
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
    match cli.command {
        Command::Build {
            out,
            force,
            settings,
        } => build(root, settings, Some(Output { out, force })),
        Command::Check { settings } => build(root, settings, None),
        Command::Serve { port, bind, as_of } => serve(root, port, bind, as_of),
        Command::New { what } => new(&root, what),
        Command::Schemas { .. } => unreachable!("handled above"),
    }
}

/// A progress bar on stderr when it is a terminal; indicatif draws
/// nothing otherwise, so CI logs and pipes stay clean.
struct Bar(indicatif::ProgressBar);

impl Bar {
    fn on_stderr() -> Self {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Bar(bar)
    }
}

impl answerable::progress::Progress for Bar {
    fn stage(&self, name: &'static str, total: usize) {
        let template = if total > 0 {
            "{spinner} {msg} [{bar:30}] {pos}/{len}"
        } else {
            "{spinner} {msg}"
        };
        let style = indicatif::ProgressStyle::with_template(template)
            .expect("a valid template")
            .progress_chars("=> ");
        self.0.set_style(style);
        self.0.set_message(name);
        self.0.set_position(0);
        self.0.set_length(total as u64);
    }

    fn step(&self) {
        self.0.inc(1);
    }
}

fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Where `build` writes; `check` writes nothing.
struct Output {
    out: Option<PathBuf>,
    force: bool,
}

fn build(root: PathBuf, settings: Settings, output: Option<Output>) -> ExitCode {
    let write = output.is_some();
    let (out, force) = output.map_or((None, false), |o| (o.out, o.force));
    let options = Options {
        root,
        out,
        overrides: Overrides {
            base_url: settings.base_url,
            as_of: settings.as_of,
            report_mistakes: settings.report_mistakes,
        },
        strict: settings.strict,
        force,
    };
    let colour = colour();
    let started = Instant::now();
    let bar = Bar::on_stderr();
    let result = if write {
        answerable::build_with(&options, &bar)
    } else {
        answerable::check_with(&options, &answerable::cache::Cache::one_off(), &bar).map(|built| {
            answerable::Published {
                pages: built.pages,
                files: built.files.len(),
                // Not minified in memory: the size that counts is the build's.
                bytes: 0,
                report: built.report,
            }
        })
    };
    bar.0.finish_and_clear();
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
                    "Built {} pages ({} files, {}) into {} in {seconds:.2} s{warned}",
                    built.pages,
                    built.files,
                    answerable_base::output::human_size(built.bytes),
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
            // A check never writes, so saying so would only puzzle.
            let written = if write { "; nothing was written" } else { "" };
            eprintln!(
                "error: the site has {} error(s){because}{written}",
                report.errors().count()
            );
            ExitCode::from(1)
        }
        Err(e @ Error::Write { .. }) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(Error::OutputRefused { path, refusal }) => {
            eprintln!(
                "error: will not build into {}: {refusal}; nothing was written\n  help: {}",
                path.display(),
                refusal.hint()
            );
            ExitCode::from(2)
        }
    }
}

fn serve(
    root: PathBuf,
    port: Option<u16>,
    address: std::net::IpAddr,
    as_of: Option<time::Date>,
) -> ExitCode {
    let mut options = Options::new(root);
    options.overrides.as_of = as_of;
    let listen = Listen { address, port };
    let (preview, first) = match Preview::start(options, &listen) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("error: {e}\n  help: pass --port with a free port");
            return ExitCode::from(2);
        }
    };
    let mut shown_warnings = String::new();
    print_outcome(&first, None, &mut shown_warnings);
    serve::give_back_memory();
    if !address.is_loopback() {
        eprintln!(
            "warning: listening on {address}: other devices on the network can see this preview"
        );
    }
    println!(
        "Serving the preview at http://{}/ (Ctrl-C to stop). Edit a file and the page reloads.",
        preview.address()
    );
    let result = preview.watch(|changes, outcome| {
        print_outcome(outcome, Some(changes), &mut shown_warnings);
        serve::give_back_memory();
    });
    if let Err(e) = result {
        eprintln!("error: {e}");
    }
    ExitCode::from(2)
}

/// One line per rebuild, the errors in full as `build` shows them, and the
/// warnings when they differ from the last ones shown (the same forty
/// "no response" lines after every save would bury what matters).
fn print_outcome(outcome: &Outcome, changes: Option<&Changes>, shown_warnings: &mut String) {
    let because = changes.map_or_else(String::new, |c| {
        if c.everything {
            " (everything)".to_string()
        } else {
            let mut paths = c.paths.iter().map(String::as_str).collect::<Vec<_>>();
            if paths.len() > 3 {
                paths.truncate(3);
                paths.push("…");
            }
            format!(" ({})", paths.join(", "))
        }
    });
    match outcome {
        Outcome::Built {
            took,
            reloaded_after,
            pages,
            changed_files,
            warnings,
        } => {
            let text = warnings.render(colour());
            if text != *shown_warnings {
                eprint!("{text}");
                *shown_warnings = text;
            }
            let reloaded = reloaded_after
                .map(|t| format!(", page reloaded after {} ms", t.as_millis()))
                .unwrap_or_default();
            println!(
                "Built {pages} pages in {} ms{because}: {changed_files} file(s) changed{reloaded}",
                took.as_millis()
            );
        }
        Outcome::Failed { took, report } => {
            eprint!("{}", report.render(colour()));
            println!(
                "Build failed in {} ms{because} with {} error(s); still serving the last good build",
                took.as_millis(),
                report.errors().count()
            );
        }
    }
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
            eprint!("{}", report.render(colour()));
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
