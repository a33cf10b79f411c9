//! Synthetic sites for benchmarks: a complete site folder in the project's
//! own format (site.toml, data/, seeds/, content/), made up from a seed, of
//! about the number of pages asked for.
//!
//! The real ten ROCUs and 44 forces; many inspections, each with 3 to 12
//! numbered recommendations, causes of concern and deadlines, and its report
//! as a source document; responses from many forces to each, every
//! position quoting a sentence of its own generated letter (so quotation
//! checking does real work); and markdown commentary with headings, lists,
//! tables, footnotes, code blocks and short links to records. The prose is
//! composed from a policing vocabulary with Zipf-like word frequencies, so a
//! search index built from it has a realistic shape.
//!
//! Pure: [`generate`] returns the files; [`write`] puts them in a folder.
//! The same pages and seed always give the same bytes. [`hugo`] writes the
//! same pages as a Hugo site, and [`bench`] holds what the benchmarks and
//! tests share. The `answerable-synth` binary writes both sites.
//!
//! *Never:* a dependency of the product. This crate is for measuring it;
//! nothing users download contains it.

pub mod bench;
pub mod hugo;
mod prose;
mod words;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use time::{Date, Duration, Month};

use prose::{Stance, Writer, sentence_case, typeset, wrap};
use words::*;

/// The most pages a synthetic site has within GitHub Pages' 1 GB with room
/// to spare (about 48 kB a page); a larger one raises `host_size_limit`.
pub const SITES_WITHIN_THE_HOST_LIMIT: usize = 15_000;

/// Pages every synthetic site has whatever its size: home, 404, search,
/// the data page, six indexes, about and methodology, the ROCUs, the forces
/// and the source document that lists them.
pub const FIXED_PAGES: usize = 10 + 2 + ROCUS.len() + FORCES.len() + 1;

/// A generated site.
pub struct Site {
    /// Paths relative to the site's folder (with `/`) and their contents,
    /// sorted by path.
    pub files: Vec<(String, String)>,
    /// The HTML pages a build of it writes.
    pub pages: usize,
    pub inspections: usize,
    pub recommendations: usize,
    pub responses: usize,
}

/// A site of about `pages` HTML pages (never fewer than [`FIXED_PAGES`]
/// and one inspection).
pub fn generate(pages: usize, seed: u64) -> Site {
    let mut g = Generator {
        w: Writer::new(seed),
        seed,
        files: Vec::new(),
        sources: Vec::new(),
        forces: Vec::new(),
        inspections: Vec::new(),
        responses: Vec::new(),
        commented_responses: BTreeSet::new(),
    };
    let shapes = plan(&mut g.w, pages);
    g.people();
    let network = g.network();
    g.rocus_and_forces(&network);
    let count = shapes.len();
    for (i, shape) in shapes.iter().enumerate() {
        g.inspection(i, count, shape);
    }
    g.force_commentary();
    g.rocu_commentary();
    g.pages();
    g.site_files(pages);
    let recommendations = g.inspections.iter().map(|i| i.recs.len()).sum::<usize>();
    let site_pages =
        FIXED_PAGES + 2 * g.inspections.len() + recommendations + 2 * g.responses.len();
    let mut files = g.files;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Site {
        files,
        pages: site_pages,
        inspections: g.inspections.len(),
        recommendations,
        responses: g.responses.len(),
    }
}

/// Writes a site into `dir`, which must not exist or be empty (so a
/// mistyped path never mixes a synthetic site into real data).
pub fn write(site: &Site, dir: &Path) -> io::Result<()> {
    write_files(&site.files, dir)
}

/// Writes files (paths relative to `dir`, with `/`) into `dir`, which
/// must not exist or be empty.
pub fn write_files(files: &[(String, String)], dir: &Path) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the folder is not empty",
        ));
    }
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    Ok(())
}

/// The size of one inspection: its recommendations and how many forces
/// responded.
struct Shape {
    recs: usize,
    responders: usize,
    /// Every recommendation is for national bodies, so few forces respond,
    /// as for a real inspection of the National Crime Agency.
    national: bool,
}

/// Inspections until the pages add up to `target`. Each costs its page,
/// its report's page, a page per recommendation and two per response (the
/// response and its letter); the last is cut to fit.
fn plan(w: &mut Writer, target: usize) -> Vec<Shape> {
    let mut left = target.saturating_sub(FIXED_PAGES);
    let mut shapes = Vec::new();
    loop {
        let national = w.dice.chance(15);
        let mut recs = w.dice.between(3, 12);
        let mut responders = if national {
            w.dice.between(0, 5)
        } else {
            w.dice.between(4, 36)
        };
        let cost = 2 + recs + 2 * responders;
        if cost < left {
            left -= cost;
            shapes.push(Shape {
                recs,
                responders,
                national,
            });
            continue;
        }
        if left < 3 && !shapes.is_empty() {
            break;
        }
        let room = left.saturating_sub(2).max(1);
        recs = recs.min(room);
        if (room - recs) % 2 == 1 && recs < 12 {
            recs += 1;
        }
        recs = recs.min(room);
        responders = ((room - recs) / 2).min(FORCES.len());
        shapes.push(Shape {
            recs,
            responders,
            national,
        });
        break;
    }
    shapes
}

struct Generator {
    w: Writer,
    seed: u64,
    files: Vec<(String, String)>,
    sources: Vec<SourceEntry>,
    forces: Vec<ForcePeople>,
    inspections: Vec<InspectionInfo>,
    responses: Vec<ResponseInfo>,
    commented_responses: BTreeSet<usize>,
}

struct SourceEntry {
    file: String,
    title: String,
    author: String,
    /// A TOML value, as written.
    date: Option<String>,
    kind: &'static str,
    description: String,
}

struct ForcePeople {
    commissioner: String,
    role: &'static str,
    chief_constable: String,
    /// Whether forces.toml names them (the real data names only some).
    named: bool,
}

struct InspectionInfo {
    id: String,
    title: String,
    slug: String,
    published: Date,
    recs: Vec<RecInfo>,
    /// Sentences of the report and the paragraphs they are in, for quoting.
    excerpts: Vec<(usize, String)>,
    /// The ids of its causes of concern.
    causes: Vec<String>,
}

struct RecInfo {
    due_text: String,
    addressees: &'static str,
    concerns_forces: bool,
}

struct ResponseInfo {
    id: String,
    force: usize,
    inspection: usize,
    slug: String,
    positions: Vec<PositionInfo>,
}

struct PositionInfo {
    number: u32,
    stance: &'static str,
    quote: String,
    paragraph: usize,
}

struct Cause {
    id: String,
    title: &'static str,
    text: String,
}

/// What an inspection report says, for writing it out.
struct Report<'a> {
    title: &'a str,
    inspectorate: &'a str,
    published: Date,
    /// Indexes into `CHAPTERS`.
    chapters: &'a [usize],
    causes: &'a [Cause],
    /// Number, text and the index of the cause of concern it is under.
    recs: &'a [(u32, String, Option<usize>)],
    areas: &'a [String],
    fieldwork: Option<&'a str>,
}

/// A plain-text source document, built paragraph by paragraph so that
/// each paragraph's number (its `#p` anchor) is known.
#[derive(Default)]
struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    /// Adds a paragraph of prose; returns its number.
    fn para(&mut self, text: &str) -> usize {
        self.paragraphs.push(wrap(&typeset(text), 78));
        self.paragraphs.len()
    }

    /// Adds lines kept as they are (headings, addresses, signatures).
    fn lines(&mut self, lines: &[&str]) -> usize {
        self.paragraphs.push(typeset(&lines.join("\n")));
        self.paragraphs.len()
    }

    fn text(&self) -> String {
        let mut text = self.paragraphs.join("\n\n");
        text.push('\n');
        text
    }
}

/// Markdown, with footnotes collected and put at the end.
#[derive(Default)]
struct Md {
    out: String,
    notes: Vec<String>,
}

impl Md {
    fn heading(&mut self, level: usize, text: &str) {
        let _ = writeln!(self.out, "{} {text}\n", "#".repeat(level));
    }

    fn para(&mut self, text: &str) {
        self.out.push_str(&wrap(text, 78));
        self.out.push_str("\n\n");
    }

    fn list(&mut self, items: &[String], numbered: bool) {
        for (i, item) in items.iter().enumerate() {
            let marker = if numbered {
                format!("{}. ", i + 1)
            } else {
                "- ".to_string()
            };
            let indent = " ".repeat(marker.len());
            let body = wrap(item, 78 - marker.len()).replace('\n', &format!("\n{indent}"));
            let _ = writeln!(self.out, "{marker}{body}");
        }
        self.out.push('\n');
    }

    fn table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        let _ = writeln!(self.out, "| {} |", header.join(" | "));
        let _ = writeln!(self.out, "|{}", " --- |".repeat(header.len()));
        for row in rows {
            let _ = writeln!(self.out, "| {} |", row.join(" | "));
        }
        self.out.push('\n');
    }

    fn quote(&mut self, text: &str) {
        for line in wrap(text, 76).lines() {
            let _ = writeln!(self.out, "> {line}");
        }
        self.out.push('\n');
    }

    fn code(&mut self, language: &str, text: &str) {
        let _ = writeln!(self.out, "```{language}\n{}```\n", text);
    }

    /// A footnote marker for `text`, to put after a word.
    fn note(&mut self, text: String) -> String {
        self.notes.push(text);
        format!("[^{}]", self.notes.len())
    }

    fn words(&self) -> usize {
        prose::words(&self.out)
    }

    fn finish(mut self) -> String {
        for (i, note) in self.notes.iter().enumerate() {
            let _ = writeln!(self.out, "[^{}]: {note}", i + 1);
        }
        let trimmed = self.out.trim_end().len();
        self.out.truncate(trimmed);
        self.out.push('\n');
        self.out
    }
}

impl Generator {
    fn add(&mut self, path: String, text: String) {
        self.files.push((path, text));
    }

    /// A new source document's file name, numbered in order of creation
    /// and with a random tail, like the real seeds' names.
    fn source_file(&mut self) -> String {
        let n = self.sources.len();
        let tail = self.w.dice.raw();
        format!("{n:05}_{tail:016x}.txt")
    }

    fn people(&mut self) {
        for _ in FORCES {
            let commissioner = self.w.person();
            let role = *self.w.dice.pick(&COMMISSIONER_ROLES);
            let chief_constable = self.w.person();
            let named = self.w.dice.chance(60);
            self.forces.push(ForcePeople {
                commissioner,
                role,
                chief_constable,
                named,
            });
        }
    }

    /// The document that says which ROCU serves each force and who leads
    /// each force, the source of data/rocus.toml and data/forces.toml.
    fn network(&mut self) -> String {
        let file = self.source_file();
        let mut doc = Doc::default();
        doc.lines(&["The ROCU network and the forces it serves"]);
        doc.para(&self.w.paragraph(4..=4, |w| w.finding()));
        for (id, name, region) in ROCUS {
            doc.lines(&[&format!("{name} ({region})")]);
            let served: Vec<&str> = FORCES.iter().filter(|f| f.2 == id).map(|f| f.1).collect();
            doc.para(&format!(
                "{name} serves {}. {}",
                join_and(&served),
                self.w.paragraph(2..=2, |w| w.finding())
            ));
        }
        doc.lines(&["Force leaders"]);
        for (i, (_, name, _)) in FORCES.iter().enumerate() {
            let p = &self.forces[i];
            if p.named {
                doc.para(&format!(
                    "{name}: {} is the {}, and {} is the Chief Constable.",
                    p.commissioner, p.role, p.chief_constable
                ));
            }
        }
        self.add(format!("seeds/{file}"), doc.text());
        self.sources.push(SourceEntry {
            file: file.clone(),
            title: "The ROCU network and the forces it serves".into(),
            author: "Synthetic inspectorate".into(),
            date: None,
            kind: "report",
            description: "Lists the regional organised crime units, the forces each serves and who leads each force.".into(),
        });
        file
    }

    fn rocus_and_forces(&mut self, network: &str) {
        let mut rocus = String::from(
            "# Synthetic: the real ROCUs, with invented notes. See `answerable-synth`.\n",
        );
        for (id, name, region) in ROCUS {
            let _ = write!(
                rocus,
                "\n[[rocu]]\nid = {}\nname = {}\nregion = {}\n",
                q(id),
                q(name),
                q(region)
            );
            if id != "london" {
                rocus.push_str("established = \"2010\"\n");
            }
            let _ = writeln!(rocus, "source = {}", q(network));
            if self.w.dice.chance(40) {
                let note = self.w.finding();
                let _ = writeln!(rocus, "notes = [{}]", q(&note));
            }
        }
        self.add("data/rocus.toml".into(), rocus);

        let mut forces =
            String::from("# Synthetic: the real forces and their ROCUs, with invented people.\n");
        for (i, (id, name, rocu)) in FORCES.iter().enumerate() {
            let _ = write!(
                forces,
                "\n[[force]]\nid = {}\nname = {}\nrocu = {}\nsource = {}\n",
                q(id),
                q(name),
                q(rocu),
                q(network)
            );
            if self.w.dice.chance(20) {
                let note = self.w.finding();
                let _ = writeln!(forces, "notes = [{}]", q(&note));
            }
            let p = &self.forces[i];
            if p.named {
                let _ = write!(
                    forces,
                    "\n[force.commissioner]\nname = {}\nrole = {}\nsource = {}\n\n[force.chief_constable]\nname = {}\nsource = {}\n",
                    q(&p.commissioner),
                    q(p.role),
                    q(network),
                    q(&p.chief_constable),
                    q(network)
                );
            }
        }
        self.add("data/forces.toml".into(), forces);
    }

    fn inspection(&mut self, index: usize, count: usize, shape: &Shape) {
        let (topic_id, topic) = *self.w.dice.pick(&TOPICS);
        let start = Date::from_calendar_date(2014, Month::January, 1).expect("a date");
        // Spread over 2014 to 2026 in order, so earlier inspections are
        // older and later ones can repeat their recommendations.
        let day = (index * 4500 / count.max(1)) as i64 + self.w.dice.below(60) as i64;
        let published = start + Duration::days(day);
        let mut id = format!("{topic_id}-{}", published.year());
        let mut n = 2;
        while self.inspections.iter().any(|i| i.id == id) {
            id = format!("{topic_id}-{}-{n}", published.year());
            n += 1;
        }
        let title = match self.w.dice.below(4) {
            0 => format!("An inspection of {topic}"),
            1 => format!("A joint thematic inspection of {topic}"),
            2 => sentence_case(&format!("{topic}: an inspection"))
                .trim_end_matches('.')
                .to_string(),
            _ => format!("An inspection of {topic} in England and Wales"),
        };
        let inspectorate = *self.w.dice.pick(&INSPECTORATES);
        let (subject, section_55) = if shape.national {
            SUBJECTS[NATIONAL_SUBJECT]
        } else {
            let others: Vec<usize> = (0..SUBJECTS.len())
                .filter(|s| *s != NATIONAL_SUBJECT)
                .collect();
            SUBJECTS[*self.w.dice.pick(&others)]
        };
        let source = self.source_file();
        let slug = source.trim_end_matches(".txt").to_string();
        let published_value = match self.w.dice.below(20) {
            0..=10 => Some(format!("\"{}\"", &iso(published)[..7])),
            11..=16 => Some(iso(published)),
            17..=18 => Some(format!("\"{}\"", published.year())),
            _ => None,
        };

        // Causes of concern and areas for improvement.
        let chapters = {
            let k = self.w.dice.between(3, 6);
            self.w.dice.choose(CHAPTERS.len(), k)
        };
        let mut causes: Vec<Cause> = (0..self.w.dice.weighted(&[5, 4, 1]))
            .map(|_| {
                let chapter = CHAPTERS[*self.w.dice.pick(&chapters)];
                let text = format!(
                    "{} This is a cause of concern.",
                    self.w.paragraph(2..=4, |w| w.finding())
                );
                Cause {
                    id: slugify(chapter),
                    title: chapter,
                    text,
                }
            })
            .collect();
        // A cause takes its id from its chapter: one per chapter.
        causes.dedup_by(|a, b| a.id == b.id);
        let areas: Vec<String> = (0..self.w.dice.between(0, 3))
            .map(|_| {
                let actor = self.w.word(ACTORS);
                let ask = self.w.word(ASKS);
                let object = self.w.word(OBJECTS);
                sentence_case(&format!("{actor} should {ask} {object}"))
            })
            .collect();

        // Recommendations.
        let mut recs = Vec::new();
        let mut rec_toml = String::new();
        let mut rec_texts = Vec::new();
        for number in 1..=shape.recs as u32 {
            let choices: Vec<usize> = (0..ADDRESSEES.len())
                .filter(|a| !shape.national || ADDRESSEES[*a].2 == "n")
                .collect();
            let (sentence, list, applies) = ADDRESSEES[*self.w.dice.pick(&choices)];
            let months = self.w.dice.between(3, 30) as i64;
            let (due_year, due_month) = add_months(published, months);
            let month_name = MONTHS[due_month as usize - 1];
            let (due, due_text) = match self.w.dice.below(20) {
                0..=11 => (
                    Some(format!("\"{due_year}-{due_month:02}\"")),
                    format!("By {month_name} {due_year}"),
                ),
                12..=14 => {
                    let last = Month::try_from(due_month)
                        .expect("a month")
                        .length(due_year);
                    (
                        Some(format!("{due_year}-{due_month:02}-{last:02}")),
                        format!("By {last} {month_name} {due_year}"),
                    )
                }
                15..=16 if published_value.is_some() => {
                    (Some("\"immediate\"".into()), "With immediate effect".into())
                }
                _ => (
                    None,
                    self.w
                        .word(&[
                            "Within six months",
                            "As soon as possible",
                            "Within 12 months",
                        ])
                        .to_string(),
                ),
            };
            let ask = self.w.word(ASKS);
            let object = self.w.word(OBJECTS);
            let qualifier = self.w.word(QUALIFIERS);
            let text = format!("{due_text}, {sentence} should {ask} {object} {qualifier}.");
            let applies_to: Vec<String> = applies
                .chars()
                .map(|c| match c {
                    'n' => q("national"),
                    'r' => q("regions"),
                    _ => q("forces"),
                })
                .collect();
            let _ = write!(
                rec_toml,
                "\n[[recommendation]]\nnumber = {number}\ntext = {}\n",
                q(&text)
            );
            if let Some(due) = &due {
                let _ = writeln!(rec_toml, "due = {due}");
            }
            let _ = writeln!(
                rec_toml,
                "due_text = {}\naddressees = [{}]\napplies_to = [{}]",
                q(&due_text),
                list.iter().map(|a| q(a)).collect::<Vec<_>>().join(", "),
                applies_to.join(", ")
            );
            let themes = {
                let k = self.w.dice.between(0, 3);
                self.w.dice.choose(THEMES.len(), k)
            };
            if !themes.is_empty() {
                let themes: Vec<String> = themes.iter().map(|t| q(THEMES[*t])).collect();
                let _ = writeln!(rec_toml, "themes = [{}]", themes.join(", "));
            }
            let cause = if !causes.is_empty() && self.w.dice.chance(25) {
                let c = self.w.dice.below(causes.len());
                let _ = writeln!(rec_toml, "cause_of_concern = {}", q(&causes[c].id));
                Some(c)
            } else {
                None
            };
            if !self.inspections.is_empty() && self.w.dice.chance(5) {
                let earlier = self.w.dice.below(self.inspections.len());
                let other = &self.inspections[earlier];
                let repeated = self.w.dice.between(1, other.recs.len());
                let _ = writeln!(
                    rec_toml,
                    "repeats = [{}]",
                    q(&format!("{}/{repeated}", other.id))
                );
            }
            if self.w.dice.chance(10) {
                let note = match self.w.dice.below(3) {
                    0 => "The report's summary words this recommendation slightly differently."
                        .to_string(),
                    1 => format!(
                        "The report sets this out under its chapter on {}.",
                        CHAPTERS[*self.w.dice.pick(&chapters)].to_lowercase()
                    ),
                    _ => self.w.finding(),
                };
                let _ = writeln!(rec_toml, "notes = [{}]", q(&note));
            }
            self.history(&mut rec_toml, published, applies, list, &source, &text);
            if due.as_deref().is_some_and(|d| d != "\"immediate\"") && self.w.dice.chance(8) {
                let (set, set_month) = add_months(published, months - 1);
                let (year, month) = add_months(published, months + 13);
                let _ = write!(
                    rec_toml,
                    "\n[[recommendation.deadline_revision]]\ndate = \"{set}-{set_month:02}\"\ndue = \"{year}-{month:02}\"\ndue_text = {}\nset_by = {}\nreason = {}\nsource = {}\nquote = {}\n",
                    q(&format!("By {} {year}", MONTHS[month as usize - 1])),
                    q(list[0]),
                    q("The work depends on funding not yet agreed."),
                    q(&source),
                    q(&text)
                );
            }
            rec_texts.push((number, text, cause));
            recs.push(RecInfo {
                due_text,
                addressees: sentence,
                concerns_forces: applies.contains(['r', 'f']),
            });
        }

        // The report.
        let fieldwork = if self.w.dice.chance(50) {
            let from = add_months(published, -9);
            let to = add_months(published, -6);
            Some(format!(
                "Fieldwork took place between {} {} and {} {}.",
                MONTHS[from.1 as usize - 1],
                from.0,
                MONTHS[to.1 as usize - 1],
                to.0
            ))
        } else {
            None
        };
        let report = Report {
            title: &title,
            inspectorate,
            published,
            chapters: &chapters,
            causes: &causes,
            recs: &rec_texts,
            areas: &areas,
            fieldwork: fieldwork.as_deref(),
        };
        let (doc, excerpts) = self.report(&report);
        self.add(format!("seeds/{source}"), doc.text());
        self.sources.push(SourceEntry {
            file: source.clone(),
            title: title.clone(),
            author: if inspectorate == "HMICFRS" {
                "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)"
                    .into()
            } else {
                inspectorate.into()
            },
            date: published_value.clone(),
            kind: "report",
            description: format!(
                "{}'s inspection of {topic}. {}.",
                inspectorate,
                sentence_case(&counted(shape.recs, "recommendation", "recommendations"))
                    .trim_end_matches('.')
            ),
        });

        // The inspection's data file.
        let mut toml = format!(
            "# Synthetic: generated by `answerable-synth` (seed {}). Not a real report.\n\n",
            self.seed
        );
        let summary = format!(
            "{} The report makes {} and raises {}.",
            self.w.paragraph(2..=4, |w| w.finding()),
            counted(shape.recs, "recommendation", "recommendations"),
            counted(causes.len(), "cause of concern", "causes of concern")
        );
        let _ = writeln!(toml, "id = {}", q(&id));
        let _ = writeln!(toml, "title = {}", q(&title));
        let _ = writeln!(toml, "inspectorate = {}", q(inspectorate));
        let _ = writeln!(toml, "subject = {}", q(subject));
        if let Some(value) = &published_value {
            let _ = writeln!(toml, "published = {value}");
        }
        if let Some(fieldwork) = &fieldwork {
            let _ = writeln!(toml, "fieldwork = {}", q(fieldwork));
        }
        let _ = writeln!(toml, "section_55 = {}", q(section_55));
        let _ = writeln!(toml, "source = {}", q(&source));
        let _ = writeln!(toml, "summary = {}", q(&summary));
        for cause in &causes {
            let _ = write!(
                toml,
                "\n[[cause_of_concern]]\nid = {}\ntitle = {}\ntext = {}\n",
                q(&cause.id),
                q(cause.title),
                q(&cause.text)
            );
        }
        for (k, text) in areas.iter().enumerate() {
            let _ = write!(
                toml,
                "\n[[area_for_improvement]]\nid = \"afi-{}\"\ntext = {}\n",
                k + 1,
                q(text)
            );
        }
        toml.push_str(&rec_toml);
        self.add(format!("data/inspections/{id}.toml"), toml);
        let inspection = self.inspections.len();
        self.inspections.push(InspectionInfo {
            id: id.clone(),
            title: title.clone(),
            slug,
            published,
            recs,
            excerpts,
            causes: causes.iter().map(|c| c.id.clone()).collect(),
        });

        let responders = self.w.dice.choose(FORCES.len(), shape.responders);
        let first_response = self.responses.len();
        for force in responders {
            self.response(inspection, force, inspectorate, published_value.is_some());
        }
        self.inspection_commentary(inspection, first_response);
        for number in 1..=shape.recs as u32 {
            if self.w.dice.chance(40) {
                self.recommendation_commentary(inspection, number, first_response);
            }
        }
    }

    /// An inspection report as plain text, and some of its sentences with
    /// the paragraphs they are in (for commentary to quote).
    /// Now and then, what became of a recommendation: one to three dated
    /// entries, by each kind of asserter, quoting the report.
    fn history(
        &mut self,
        toml: &mut String,
        published: Date,
        applies: &str,
        addressees: &[&str],
        source: &str,
        text: &str,
    ) {
        if !self.w.dice.chance(20) {
            return;
        }
        for k in 0..self.w.dice.between(1, 3) {
            let (year, month) =
                add_months(published, 4 + 8 * k as i64 + self.w.dice.below(4) as i64);
            let body = if applies.contains('f') {
                format!("force:{}", FORCES[self.w.dice.below(FORCES.len())].0)
            } else {
                addressees[0].to_string()
            };
            let (delivery, by) = *self.w.dice.pick(&[
                ("in-progress", "body"),
                ("reported-complete", "body"),
                ("assessed-not-complete", "inspectorate"),
                ("assessed-complete", "inspectorate"),
                ("in-progress", "other"),
                ("superseded", "publisher"),
            ]);
            let _ = write!(
                toml,
                "\n[[recommendation.history]]\ndate = \"{year}-{month:02}\"\nbody = {}\ndelivery = {}\nasserted_by = {}\n",
                q(&body),
                q(delivery),
                q(by)
            );
            match by {
                "other" => {
                    let _ = writeln!(
                        toml,
                        "asserter = {}",
                        q("The National Police Chiefs' Council")
                    );
                }
                "publisher" => {
                    let _ = writeln!(
                        toml,
                        "reasoning = {}",
                        q("A later recommendation asks for the same change.")
                    );
                }
                _ => {}
            }
            let _ = writeln!(toml, "source = {}\nquote = {}", q(source), q(text));
        }
    }

    fn report(&mut self, r: &Report) -> (Doc, Vec<(usize, String)>) {
        let mut doc = Doc::default();
        let mut excerpts = Vec::new();
        doc.lines(&[if r.inspectorate == "HMICFRS" {
            "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services"
        } else {
            r.inspectorate
        }]);
        doc.lines(&[r.title]);
        let published_words = format!(
            "{} {}",
            MONTHS[r.published.month() as usize - 1],
            r.published.year()
        );
        doc.lines(&[&published_words]);
        let mut contents = vec!["Contents".to_string(), "Summary".to_string()];
        for (k, c) in r.chapters.iter().enumerate() {
            contents.push(format!("{}. {}", k + 1, CHAPTERS[*c]));
        }
        contents.push("Annex A: Methodology".into());
        doc.lines(&contents.iter().map(String::as_str).collect::<Vec<_>>());
        doc.lines(&["Summary"]);
        for _ in 0..self.w.dice.between(2, 3) {
            let text = self.w.paragraph(3..=6, |w| w.finding());
            let p = doc.para(&text);
            excerpts.push((p, first_sentence(&text)));
        }
        doc.para(&format!(
            "We make {} and raise {}.",
            counted(r.recs.len(), "recommendation", "recommendations"),
            counted(r.causes.len(), "cause of concern", "causes of concern")
        ));
        let mut placed = vec![false; r.recs.len()];
        for (k, c) in r.chapters.iter().enumerate() {
            doc.lines(&[&format!("{}. {}", k + 1, CHAPTERS[*c])]);
            for _ in 0..self.w.dice.between(2, 4) {
                let text = self.w.paragraph(3..=7, |w| w.finding());
                let p = doc.para(&text);
                if self.w.dice.chance(30) {
                    excerpts.push((p, first_sentence(&text)));
                }
            }
            for (ci, cause) in r.causes.iter().enumerate() {
                if cause.title != CHAPTERS[*c] {
                    continue;
                }
                doc.lines(&["Cause of concern"]);
                doc.para(&cause.text);
                for (i, (number, text, rc)) in r.recs.iter().enumerate() {
                    if *rc == Some(ci) && !placed[i] {
                        doc.lines(&[&format!("Recommendation {number}")]);
                        doc.para(text);
                        placed[i] = true;
                    }
                }
            }
            // Recommendations not under a cause of concern go in turn to
            // the chapters, the rest in the last.
            let share = r.recs.len().div_ceil(r.chapters.len());
            let last = k + 1 == r.chapters.len();
            let mut given = 0;
            for (i, (number, text, _)) in r.recs.iter().enumerate() {
                if placed[i] || (!last && given == share) {
                    continue;
                }
                doc.lines(&[&format!("Recommendation {number}")]);
                doc.para(text);
                placed[i] = true;
                given += 1;
            }
            if k < r.areas.len() {
                doc.lines(&["Area for improvement"]);
                doc.para(&r.areas[k]);
            }
        }
        doc.lines(&["Annex A: Methodology"]);
        doc.para(&format!(
            "{} {}",
            r.fieldwork.unwrap_or_default(),
            self.w.paragraph(3..=3, |w| w.finding())
        ));
        doc.lines(&[&format!(
            "{published_words} | \u{a9} HMICFRS {}",
            r.published.year()
        )]);
        (doc, excerpts)
    }

    fn response(
        &mut self,
        inspection: usize,
        force: usize,
        inspectorate: &str,
        dated_report: bool,
    ) {
        let (force_id, force_name, _) = FORCES[force];
        let info = &self.inspections[inspection];
        let id = format!("{force_id}-{}", info.id);
        let title = info.title.clone();
        let published = info.published;
        let recs: Vec<bool> = info.recs.iter().map(|r| r.concerns_forces).collect();
        let author = self.forces[force].commissioner.clone();
        let role = self.forces[force].role;
        let service = if force_name.contains("Police") {
            format!("the {force_name}")
        } else {
            format!("{force_name} Police")
        };
        let source = self.source_file();
        let slug = source.trim_end_matches(".txt").to_string();
        let date = (self.w.dice.chance(85) || !dated_report)
            .then(|| published + Duration::days(self.w.dice.between(14, 160) as i64));
        let reference = self.w.dice.chance(60).then(|| {
            let year = date.unwrap_or(published).year() % 100;
            format!("OPCC/{year:02}/{:04}", self.w.dice.below(10_000))
        });
        let addressee = self
            .w
            .dice
            .chance(80)
            .then(|| *self.w.dice.pick(&ADDRESSEES_OF_LETTERS));

        let mut doc = Doc::default();
        doc.lines(&[&format!("Office of the {role} for {force_name}")]);
        let place = self.w.place();
        let street = self.w.place();
        doc.lines(&[&format!(
            "{} {street} Road, {place}",
            self.w.dice.between(1, 250)
        )]);
        if let Some(reference) = &reference {
            doc.lines(&[&format!("Our Ref: {reference}")]);
        }
        if let Some(date) = date {
            doc.lines(&[&format!("Date: {}", long_date(date))]);
        }
        doc.lines(&[&format!("Dear {},", addressee.unwrap_or("Sir or Madam"))]);
        doc.lines(&[&format!("Re: {title}")]);
        let general = format!(
            "I acknowledge the {} made in this {inspectorate} report.",
            counted(recs.len(), "recommendation", "recommendations")
        );
        let intro = format!(
            "Thank you for the opportunity to comment on the report, published in {} {}. {general} {}",
            MONTHS[published.month() as usize - 1],
            published.year(),
            self.w.paragraph(1..=3, |w| w.letter(&service))
        );
        let intro_paragraph = doc.para(&intro);

        let mut positions = Vec::new();
        for (i, concerns_forces) in recs.iter().enumerate() {
            let number = i as u32 + 1;
            if !self.w.dice.chance(if *concerns_forces { 75 } else { 45 }) {
                continue;
            }
            let Stance {
                id: stance,
                sentence,
            } = self.w.stance(number, &service);
            doc.lines(&[&format!("Recommendation {number}")]);
            let text = format!(
                "{} {sentence} {}",
                self.w.paragraph(0..=2, |w| w.letter(&service)),
                self.w.paragraph(0..=2, |w| w.letter(&service))
            );
            let paragraph = doc.para(text.trim());
            let (quote, paragraph) = if stance == "acknowledged" && self.w.dice.chance(30) {
                (general.clone(), intro_paragraph)
            } else if self.w.dice.chance(20) {
                // Part of the sentence, as quotations often are: what
                // follows its first comma, or its first words.
                let part = match sentence.split_once(", ") {
                    Some((_, rest)) if prose::words(rest) >= 5 => rest.to_string(),
                    _ => {
                        let words: Vec<&str> = sentence.split(' ').collect();
                        words[..(words.len() * 2).div_ceil(3)].join(" ")
                    }
                };
                (part, paragraph)
            } else {
                (sentence, paragraph)
            };
            positions.push(PositionInfo {
                number,
                stance,
                quote,
                paragraph,
            });
        }
        doc.lines(&["Other matters"]);
        let mut points = Vec::new();
        for _ in 0..self.w.dice.between(1, 3) {
            let sentences: Vec<String> = (0..self.w.dice.between(2, 5))
                .map(|_| self.w.letter(&service))
                .collect();
            doc.para(&sentences.join(" "));
            if self.w.dice.chance(50) {
                let topic = sentence_case(self.w.word(OBJECTS));
                points.push((
                    topic.trim_end_matches('.').to_string(),
                    sentences[0].clone(),
                ));
            }
        }
        doc.para(&self.w.paragraph(1..=1, |w| w.letter(&service)));
        doc.lines(&["Yours sincerely,"]);
        doc.lines(&[&author, &format!("{role} for {force_name}")].map(|l| l.as_str()));
        self.add(format!("seeds/{source}"), doc.text());
        self.sources.push(SourceEntry {
            file: source.clone(),
            title: format!("{force_name} commissioner's response to \u{201c}{title}\u{201d}"),
            author: format!("{role} for {force_name}"),
            date: date.map(iso),
            kind: "response",
            description: format!(
                "A letter from {author}, {role} for {force_name}, on the {inspectorate} report."
            ),
        });

        let mut toml = format!(
            "# Synthetic: generated by `answerable-synth` (seed {}). Not a real response.\n\n",
            self.seed
        );
        let _ = writeln!(toml, "inspection = {}", q(&self.inspections[inspection].id));
        let _ = writeln!(toml, "force = {}", q(force_id));
        let _ = writeln!(toml, "author = {}", q(&author));
        let _ = writeln!(toml, "role = {}", q(role));
        if let Some(date) = date {
            let _ = writeln!(toml, "date = {}", iso(date));
        }
        if let Some(reference) = &reference {
            let _ = writeln!(toml, "reference = {}", q(reference));
        }
        if let Some(addressee) = addressee {
            let _ = writeln!(toml, "addressee = {}", q(addressee));
        }
        let _ = writeln!(toml, "source = {}", q(&source));
        let _ = writeln!(
            toml,
            "summary = {}",
            q(&response_summary(&positions, recs.len()))
        );
        let causes = self.inspections[inspection].causes.clone();
        for p in &positions {
            let _ = write!(
                toml,
                "\n[[position]]\nrecommendation = {}\nstance = {}\nquote = {}\n",
                p.number,
                q(p.stance),
                q(&p.quote)
            );
            if self.w.dice.chance(15) {
                let note = *self.w.dice.pick(&[
                    "The letter says little on this; the stance follows its plain words.",
                    "The force's claim, not an assessment by the inspectorate.",
                    "The letter groups this with other recommendations.",
                ]);
                let _ = writeln!(toml, "note = {}", q(note));
            }
        }
        for (topic, quote) in &points {
            let _ = write!(
                toml,
                "\n[[point]]\ntopic = {}\nquote = {}\n",
                q(topic),
                q(quote)
            );
            if !causes.is_empty() && self.w.dice.chance(30) {
                let cause = self.w.dice.pick(&causes);
                let _ = writeln!(toml, "cause_of_concern = {}", q(cause));
            }
        }
        self.add(format!("data/responses/{id}.toml"), toml);
        self.responses.push(ResponseInfo {
            id,
            force,
            inspection,
            slug,
            positions,
        });
    }

    fn inspection_commentary(&mut self, inspection: usize, first_response: usize) {
        let budget = self.w.dice.between(600, 1200);
        let info = &self.inspections[inspection];
        let id = info.id.clone();
        let title = info.title.clone();
        let slug = info.slug.clone();
        let published = info.published;
        let recs: Vec<(String, &'static str)> = info
            .recs
            .iter()
            .map(|r| (r.due_text.clone(), r.addressees))
            .collect();
        let excerpts = info.excerpts.clone();
        let responses: Vec<usize> = (first_response..self.responses.len()).collect();

        let mut md = Md::default();
        md.para(&format!(
            "[{title}](source:{slug}) was published in {} {}. {}",
            MONTHS[published.month() as usize - 1],
            published.year(),
            self.w.paragraph(2..=4, |w| w.commentary())
        ));
        md.heading(2, self.w.word(COMMENTARY_HEADINGS));
        md.para(&self.w.paragraph(3..=5, |w| w.commentary()));
        if !excerpts.is_empty() {
            let (p, sentence) = &excerpts[self.w.dice.below(excerpts.len())];
            let note = md.note(format!(
                "[Paragraph {p} of the report](source:{slug}#p{p})."
            ));
            md.quote(&format!("{sentence}{note}"));
        }
        md.heading(2, "Recommendations and deadlines");
        let rows: Vec<Vec<String>> = recs
            .iter()
            .enumerate()
            .map(|(i, (due, who))| {
                vec![
                    format!("[{}](recommendation:{id}/{})", i + 1, i + 1),
                    due.clone(),
                    sentence_case(who).trim_end_matches('.').to_string(),
                ]
            })
            .collect();
        md.table(&["Recommendation", "Deadline", "Who must act"], &rows);
        md.para(&self.w.paragraph(2..=4, |w| w.commentary()));
        md.heading(2, "Responses on record");
        if responses.is_empty() {
            md.para(&format!(
                "No force has published a response on record. See [how the records were made](page:methodology). {}",
                self.w.commentary()
            ));
        } else {
            md.para(&format!(
                "{} of the {} forces have a published response on record.",
                sentence_case(&counted_number(responses.len())).trim_end_matches('.'),
                FORCES.len()
            ));
            let items: Vec<String> = responses
                .iter()
                .take(8)
                .map(|r| {
                    let r = &self.responses[*r];
                    format!(
                        "[{}](force:{}): [its response](response:{}) takes a position on {}.",
                        FORCES[r.force].1,
                        FORCES[r.force].0,
                        r.id,
                        counted(r.positions.len(), "recommendation", "recommendations")
                    )
                })
                .collect();
            md.list(&items, false);
        }
        if self.w.dice.chance(20) {
            md.para("The first recommendation, as this site records it:");
            md.code(
                "toml",
                &format!(
                    "# data/inspections/{id}.toml\n[[recommendation]]\nnumber = 1\ndue_text = {}\n",
                    q(&recs[0].0)
                ),
            );
        }
        if self.w.dice.chance(30) {
            let questions: Vec<String> = (0..self.w.dice.between(3, 5))
                .map(|_| self.w.commentary())
                .collect();
            md.heading(3, "Questions this raises");
            md.list(&questions, true);
        }
        while md.words() < budget {
            md.heading(2, self.w.word(COMMENTARY_HEADINGS));
            for _ in 0..self.w.dice.between(1, 3) {
                let mut text = self.w.paragraph(3..=6, |w| w.commentary());
                if self.w.dice.chance(20) {
                    let note = md.note(self.w.commentary());
                    text.push_str(&note);
                }
                md.para(&text);
            }
        }
        self.add(format!("content/inspections/{id}.md"), md.finish());
    }

    fn recommendation_commentary(&mut self, inspection: usize, number: u32, first_response: usize) {
        let budget = self.w.dice.between(150, 900);
        let id = self.inspections[inspection].id.clone();
        let title = self.inspections[inspection].title.clone();
        let mut md = Md::default();
        md.para(&format!(
            "This recommendation is one of those made in [{title}](inspection:{id}). {}",
            self.w.paragraph(2..=4, |w| w.commentary())
        ));
        let said: Vec<(usize, &PositionInfo)> = self.responses[first_response..]
            .iter()
            .filter_map(|r| {
                r.positions
                    .iter()
                    .find(|p| p.number == number)
                    .map(|p| (r.force, p))
            })
            .take(6)
            .collect();
        let said: Vec<(usize, &'static str, String, usize, String)> = said
            .into_iter()
            .map(|(force, p)| {
                let response = self.responses[first_response..]
                    .iter()
                    .find(|r| r.force == force)
                    .expect("the response");
                (
                    force,
                    p.stance,
                    p.quote.clone(),
                    p.paragraph,
                    response.slug.clone(),
                )
            })
            .collect();
        if !said.is_empty() {
            md.heading(2, "What forces said");
            let items: Vec<String> = said
                .iter()
                .map(|(force, stance, quote, paragraph, slug)| {
                    let note = md.note(format!(
                        "[The letter, paragraph {paragraph}](source:{slug}#p{paragraph})."
                    ));
                    // Typeset, so that a dash cannot start a line, and
                    // with it a list.
                    format!(
                        "[{}](force:{}) ({}): \u{201c}{}\u{201d}{note}",
                        FORCES[*force].1,
                        FORCES[*force].0,
                        stance_words(stance),
                        typeset(quote)
                    )
                })
                .collect();
            md.list(&items, false);
        }
        if inspection > 0 && self.w.dice.chance(30) {
            let other = &self.inspections[self.w.dice.below(inspection)];
            let n = self.w.dice.between(1, other.recs.len());
            md.para(&format!(
                "Compare [recommendation {n} of an earlier inspection](recommendation:{}/{n}). {}",
                other.id,
                self.w.commentary()
            ));
        }
        while md.words() < budget {
            if self.w.dice.chance(30) {
                md.heading(2, self.w.word(COMMENTARY_HEADINGS));
            }
            md.para(&self.w.paragraph(3..=6, |w| w.commentary()));
        }
        self.add(
            format!("content/recommendations/{id}/{number}.md"),
            md.finish(),
        );
        let responses: Vec<usize> = (first_response..self.responses.len()).collect();
        if !responses.is_empty() && self.w.dice.chance(10) {
            let r = *self.w.dice.pick(&responses);
            self.response_commentary(r);
        }
    }

    fn response_commentary(&mut self, response: usize) {
        if !self.commented_responses.insert(response) {
            return;
        }
        let path = format!("content/responses/{}.md", self.responses[response].id);
        let r = &self.responses[response];
        let (force_id, force_name, _) = FORCES[r.force];
        let inspection = self.inspections[r.inspection].id.clone();
        let slug = r.slug.clone();
        let first = r.positions.first().map(|p| p.paragraph);
        let mut md = Md::default();
        let mut text = format!(
            "{force_name}'s [commissioner](force:{force_id}) answered [the inspection](inspection:{inspection}) in a letter."
        );
        if let Some(p) = first {
            let _ = write!(
                text,
                " Its first position is in [paragraph {p}](source:{slug}#p{p})."
            );
        }
        let _ = write!(text, " {}", self.w.paragraph(2..=5, |w| w.commentary()));
        md.para(&text);
        self.add(path, md.finish());
    }

    fn force_commentary(&mut self) {
        for (f, (id, name, rocu)) in FORCES.iter().enumerate() {
            if !self.w.dice.chance(35) {
                continue;
            }
            let budget = self.w.dice.between(300, 1000);
            let rocu_name = ROCUS.iter().find(|r| r.0 == *rocu).map_or("", |r| r.1);
            let mut md = Md::default();
            md.para(&format!(
                "{name} is served by [{rocu_name}](rocu:{rocu}). {}",
                self.w.paragraph(2..=4, |w| w.commentary())
            ));
            let rows: Vec<Vec<String>> = self
                .responses
                .iter()
                .filter(|r| r.force == f)
                .take(12)
                .map(|r| {
                    let inspection = &self.inspections[r.inspection];
                    vec![
                        format!("[{}](inspection:{})", inspection.title, inspection.id),
                        format!("[response](response:{})", r.id),
                        r.positions.len().to_string(),
                    ]
                })
                .collect();
            if !rows.is_empty() {
                md.heading(2, "Responses on record");
                md.table(&["Inspection", "Response", "Positions"], &rows);
            }
            while md.words() < budget {
                md.heading(2, self.w.word(COMMENTARY_HEADINGS));
                md.para(&self.w.paragraph(3..=6, |w| w.commentary()));
                if self.w.dice.chance(25) {
                    let items: Vec<String> = (0..self.w.dice.between(2, 4))
                        .map(|_| self.w.commentary())
                        .collect();
                    md.list(&items, false);
                }
            }
            self.add(format!("content/forces/{id}.md"), md.finish());
        }
    }

    fn rocu_commentary(&mut self) {
        for (id, name, region) in ROCUS {
            if !self.w.dice.chance(50) {
                continue;
            }
            let budget = self.w.dice.between(200, 500);
            let forces: Vec<String> = FORCES
                .iter()
                .filter(|f| f.2 == id)
                .map(|f| format!("[{}](force:{})", f.1, f.0))
                .collect();
            let mut md = Md::default();
            md.para(&format!(
                "{name} serves the {region} region: {}.",
                join_and(&forces.iter().map(String::as_str).collect::<Vec<_>>())
            ));
            while md.words() < budget {
                md.para(&self.w.paragraph(3..=6, |w| w.commentary()));
            }
            self.add(format!("content/rocus/{id}.md"), md.finish());
        }
    }

    /// The home page's introduction and the about and methodology pages.
    fn pages(&mut self) {
        let mut md = Md::default();
        let shown: Vec<String> = self
            .inspections
            .iter()
            .take(3)
            .map(|i| format!("[{}](inspection:{})", i.title, i.id))
            .collect();
        md.para(&format!(
            "This is a synthetic site, made up by `answerable-synth` to measure builds. It records {} with {} and {}, among them {}. See [about this site](page:about) and [how the records were made](page:methodology).",
            counted(self.inspections.len(), "inspection", "inspections"),
            counted(
                self.inspections.iter().map(|i| i.recs.len()).sum(),
                "recommendation",
                "recommendations"
            ),
            counted(self.responses.len(), "response", "responses"),
            join_and(&shown.iter().map(String::as_str).collect::<Vec<_>>())
        ));
        self.add("content/index.md".into(), md.finish());

        for (slug, title, weight) in [
            ("about", "About this site", 20),
            ("methodology", "Methodology", 10),
        ] {
            let mut md = Md::default();
            let _ = write!(
                md.out,
                "+++\ntitle = {}\ndescription = {}\nweight = {weight}\n+++\n\n",
                q(title),
                q("A synthetic page, made up to measure builds.")
            );
            md.para("Nothing on this site is real: the reports, responses and people are invented, from a seed, by `answerable-synth`.");
            for _ in 0..self.w.dice.between(2, 4) {
                md.heading(2, self.w.word(COMMENTARY_HEADINGS));
                md.para(&self.w.paragraph(3..=6, |w| w.commentary()));
                let items: Vec<String> = (0..3).map(|_| self.w.commentary()).collect();
                md.list(&items, false);
            }
            md.para("The inspectorate publishes its real reports at [justiceinspectorates.gov.uk](https://www.justiceinspectorates.gov.uk/hmicfrs/).");
            self.add(format!("content/{slug}.md"), md.finish());
        }
    }

    fn site_files(&mut self, pages: usize) {
        // Past about 16,000 pages the site nears GitHub Pages' 1 GB (see
        // "How many pages fit" in docs/performance.md), and the build would
        // refuse to publish it; a synthetic site is for measuring builds.
        let limit = if pages > SITES_WITHIN_THE_HOST_LIMIT {
            "# Larger than GitHub Pages publishes: made to measure builds.\n\
             host_size_limit = \"100 GB\"\n\n"
        } else {
            ""
        };
        let site = format!(
            "# Synthetic: generated by `answerable-synth --pages {pages} --seed {}`.\n\
             title = \"Synthetic site ({pages} pages, seed {})\"\n\
             description = \"Made-up inspections, recommendations and responses, to measure builds.\"\n\
             base_url = \"http://localhost:8000/\"\n\
             language = \"en-GB\"\n\
             publisher = \"The Answerable project (synthetic data)\"\n\
             as_of = 2026-11-23\n\n\
             {limit}\
             # Most forces have not responded to most inspections, and most\n\
             # recommendations have no commentary, as on a real site; one warning\n\
             # per inspection would bury the build's own output.\n\
             [warnings]\n\
             allow = [\"no-response\", \"no-commentary\"]\n",
            self.seed, self.seed
        );
        self.add("site.toml".into(), site);
        self.add(
            "data/vocabulary.toml".into(),
            // Its sources list no legislation for the duty to cite.
            include_str!("../../../data/vocabulary.toml")
                .replace("law = \"police-act-1996-s55\"\n", ""),
        );
        let mut sources = String::from("# Synthetic: the generated documents in seeds/.\n");
        for s in &self.sources {
            let _ = write!(
                sources,
                "\n[[source]]\nfile = {}\ntitle = {}\nauthor = {}\n",
                q(&s.file),
                q(&s.title),
                q(&s.author)
            );
            if let Some(date) = &s.date {
                let _ = writeln!(sources, "date = {date}");
            }
            let _ = writeln!(
                sources,
                "kind = {}\ndescription = {}",
                q(s.kind),
                q(&s.description)
            );
        }
        self.add("data/sources.toml".into(), sources);
    }
}

fn response_summary(positions: &[PositionInfo], recs: usize) -> String {
    if positions.is_empty() {
        return format!(
            "Comments on the report without taking a position on any of its {}.",
            counted(recs, "recommendation", "recommendations")
        );
    }
    let mut parts = Vec::new();
    for (stance, _) in STANCES {
        let n = positions.iter().filter(|p| p.stance == stance).count();
        if n == 0 {
            continue;
        }
        let n = counted_number(n);
        parts.push(match stance {
            "acknowledged" => format!("acknowledges {n}"),
            "action-planned" => format!("describes action on {n}"),
            "reports-met" => format!("says the force already meets {n}"),
            "supports" => format!("supports {n}"),
            "under-review" => format!("has {n} under review"),
            "supports-with-reservations" => format!("supports {n} with reservations"),
            _ => format!("disagrees with {n}"),
        });
    }
    format!(
        "Takes a position on {} of the {}: it {}.",
        counted_number(positions.len()),
        counted(recs, "recommendation", "recommendations"),
        join_and(&parts.iter().map(String::as_str).collect::<Vec<_>>())
    )
}

/// A stance as commentary names it.
fn stance_words(stance: &str) -> &'static str {
    match stance {
        "acknowledged" => "acknowledges it",
        "action-planned" => "action planned",
        "reports-met" => "says it already meets it",
        "supports" => "supports it",
        "under-review" => "under review",
        "supports-with-reservations" => "supports it, with reservations",
        _ => "disagrees",
    }
}

/// A TOML basic string.
fn q(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn slugify(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn iso(date: Date) -> String {
    format!(
        "{}-{:02}-{:02}",
        date.year(),
        date.month() as u8,
        date.day()
    )
}

fn long_date(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month() as usize - 1],
        date.year()
    )
}

/// The year and month `months` after (or before) the date's month.
fn add_months(date: Date, months: i64) -> (i32, u8) {
    let index = i64::from(date.year()) * 12 + i64::from(date.month() as u8 - 1) + months;
    ((index / 12) as i32, (index % 12 + 1) as u8)
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text.to_string(),
    }
}

/// "one", "twelve", "13".
fn counted_number(n: usize) -> String {
    NUMBER_WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// "one recommendation", "seven recommendations", "no causes of concern".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", counted_number(n), if n == 1 { one } else { many })
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_pages_and_seed_give_the_same_bytes() {
        let a = generate(400, 7);
        let b = generate(400, 7);
        assert_eq!(a.files, b.files);
        let c = generate(400, 8);
        assert_ne!(a.files, c.files);
    }

    #[test]
    fn the_page_count_is_close_to_the_target() {
        for (target, seed) in [(150, 1), (300, 2), (1000, 3), (3000, 4)] {
            let site = generate(target, seed);
            let off = site.pages.abs_diff(target);
            assert!(off <= 2, "{target} pages asked, {} planned", site.pages);
        }
        let tiny = generate(10, 1);
        assert_eq!(tiny.inspections, 1);
        assert!(tiny.pages > FIXED_PAGES);
    }

    /// A site too large for GitHub Pages still builds, so that it can be
    /// measured; one within its limit keeps the default.
    #[test]
    fn only_a_site_past_the_hosts_limit_raises_it() {
        let site_toml = |pages| {
            let site = generate(pages, 1);
            let (_, text) = (site.files.into_iter())
                .find(|(path, _)| path == "site.toml")
                .expect("a site.toml");
            text
        };
        assert!(!site_toml(1000).contains("host_size_limit"));
        let large = site_toml(SITES_WITHIN_THE_HOST_LIMIT + 1000);
        assert!(large.contains("host_size_limit = \"100 GB\""), "{large}");
        toml::from_str::<toml::Table>(&large).expect("valid TOML");
    }

    #[test]
    fn the_page_count_matches_the_files() {
        let site = generate(500, 5);
        let count = |prefix: &str| {
            site.files
                .iter()
                .filter(|(p, _)| p.starts_with(prefix))
                .count()
        };
        let recommendations: usize = site
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("data/inspections/"))
            .map(|(_, t)| t.matches("[[recommendation]]").count())
            .sum();
        assert_eq!(recommendations, site.recommendations);
        assert_eq!(count("data/inspections/"), site.inspections);
        assert_eq!(count("data/responses/"), site.responses);
        let seeds = count("seeds/");
        assert_eq!(seeds, 1 + site.inspections + site.responses);
        let pages_in_content = ["content/about.md", "content/methodology.md"].len();
        assert_eq!(
            site.pages,
            10 + pages_in_content
                + ROCUS.len()
                + FORCES.len()
                + site.inspections
                + recommendations
                + site.responses
                + seeds
        );
    }

    #[test]
    fn every_quotation_is_in_its_source() {
        let site = generate(300, 9);
        let file = |path: &str| {
            &site
                .files
                .iter()
                .find(|(p, _)| p == path)
                .unwrap_or_else(|| panic!("{path}"))
                .1
        };
        let mut checked = 0;
        for (path, text) in &site.files {
            if !path.starts_with("data/responses/") {
                continue;
            }
            let value: toml::Value = toml::from_str(text).unwrap();
            let source = value["source"].as_str().unwrap();
            let index = answerable_data::quote::QuoteIndex::new(file(&format!("seeds/{source}")));
            let quotes = ["position", "point"].into_iter().flat_map(|kind| {
                value
                    .get(kind)
                    .and_then(|v| v.as_array())
                    .into_iter()
                    .flatten()
                    .map(|p| p["quote"].as_str().unwrap().to_string())
            });
            for quote in quotes {
                assert!(index.find(&quote).is_some(), "{path}: {quote}");
                checked += 1;
            }
        }
        assert!(checked > 50, "only {checked} quotations");
    }

    #[test]
    fn the_prose_has_many_words_in_a_zipf_like_spread() {
        let site = generate(1000, 11);
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for (path, text) in &site.files {
            if path.starts_with("seeds/") || path.starts_with("content/") {
                for word in text.split(|c: char| !c.is_alphanumeric()) {
                    if !word.is_empty() {
                        *counts.entry(word.to_lowercase()).or_default() += 1;
                    }
                }
            }
        }
        let mut frequencies: Vec<usize> = counts.values().copied().collect();
        frequencies.sort_unstable_by(|a, b| b.cmp(a));
        assert!(
            frequencies.len() > 2000,
            "{} distinct words",
            frequencies.len()
        );
        // A long tail: many words are rare while the commonest are common.
        let rare = frequencies.iter().filter(|f| **f <= 3).count();
        assert!(rare * 10 > frequencies.len(), "{rare} rare words");
        assert!(frequencies[0] > 100 * frequencies[frequencies.len() / 2]);
    }

    #[test]
    fn a_folder_with_files_is_refused() {
        let site = generate(100, 1);
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        let error = write(&site, dir.path()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        let empty = dir.path().join("new");
        write(&site, &empty).unwrap();
        assert!(empty.join("site.toml").is_file());
    }
}
