//! The same site as a Hugo site, so a benchmark can build the same pages
//! with Hugo and compare (docs/performance.md, "Against Hugo").
//!
//! Made from a loaded [`Dataset`], so it holds exactly what our build
//! reads: a page per inspection, recommendation, response and source
//! document; the forces and ROCUs as the terms of the taxonomies `forces`
//! and `rocus` (so each one's page is Hugo's list of the pages tagged with
//! it, as ours lists its records); a list page per section; the home
//! page, the free-standing pages, and `search/` and `data/`, which our
//! build also writes. Commentary markdown goes into the page it is about,
//! unchanged; a record's own text is written as markdown in the page's
//! body, its other fields as front matter (TOML) that the templates show.
//! The templates (in `hugo/`) are about as heavy as ours: a base with
//! header, navigation, breadcrumbs and footer, and a page, a list, a
//! taxonomy and a term template; a render hook resolves short references
//! (`force:essex`) as our markdown does.
//!
//! Pure, like the rest of `synth`: the same dataset gives the same files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use answerable_data::model::{Actor, Dataset, EntityRef, PageRole, RecommendationKey, SourceKind};
use answerable_data::quote;
use answerable_data::urls;

/// The templates, at the paths Hugo looks for them.
const LAYOUTS: [(&str, &str); 8] = [
    ("layouts/baseof.html", include_str!("hugo/baseof.html")),
    ("layouts/home.html", include_str!("hugo/home.html")),
    ("layouts/single.html", include_str!("hugo/single.html")),
    ("layouts/list.html", include_str!("hugo/list.html")),
    ("layouts/taxonomy.html", include_str!("hugo/taxonomy.html")),
    ("layouts/term.html", include_str!("hugo/term.html")),
    ("layouts/404.html", include_str!("hugo/404.html")),
    (
        "layouts/_markup/render-link.html",
        include_str!("hugo/render-link.html"),
    ),
];

/// Sections (folders of `content/`) with a list page each, and their titles.
const SECTIONS: [(&str, &str); 4] = [
    ("inspections", "Inspections"),
    ("recommendations", "Recommendations"),
    ("responses", "Responses"),
    ("sources", "Source documents"),
];

/// A Hugo site's files.
pub struct HugoSite {
    /// Paths relative to the site's folder (with `/`) and their contents,
    /// sorted by path.
    pub files: Vec<(String, String)>,
    /// The HTML pages `hugo` writes for it, counting the 404 page.
    pub pages: usize,
}

/// What Hugo reads between the `+++` lines of a content file.
#[derive(Serialize, Default)]
struct FrontMatter {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    forces: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rocus: Vec<String>,
    /// Shown as a definition list by the templates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    facts: Vec<Fact>,
}

#[derive(Serialize)]
struct Fact {
    label: &'static str,
    value: String,
}

fn fact(label: &'static str, value: impl Into<String>) -> Fact {
    Fact {
        label,
        value: value.into(),
    }
}

/// The Hugo site with the same pages as the site in `folder`, read as a
/// build reads it, so that the Hugo site holds exactly what ours does;
/// `None` if the site has any problem.
pub fn from_site_folder(folder: &std::path::Path) -> Option<HugoSite> {
    let loaded = answerable_data::load::load_site(folder, &Default::default());
    let dataset = loaded.dataset.filter(|_| loaded.diagnostics.is_empty())?;
    Some(from_dataset(&dataset))
}

/// The Hugo site with the same pages as `dataset`'s.
pub fn from_dataset(dataset: &Dataset) -> HugoSite {
    let mut out = Out::default();
    let commentary: BTreeMap<&EntityRef, &str> = dataset
        .pages
        .iter()
        .filter_map(|p| match &p.role {
            PageRole::Commentary(target) => Some((target, p.body.as_str())),
            _ => None,
        })
        .collect();
    let comment = |target: EntityRef| commentary.get(&target).copied();
    let rocu_of: BTreeMap<&str, &str> = dataset
        .forces
        .iter()
        .map(|f| (f.id.value.as_str(), f.rocu.value.as_str()))
        .collect();
    let force_name: BTreeMap<&str, &str> = dataset
        .forces
        .iter()
        .map(|f| (f.id.value.as_str(), f.name.as_str()))
        .collect();
    let all_forces: Vec<String> = dataset.forces.iter().map(|f| f.id.value.clone()).collect();
    let all_rocus: Vec<String> = dataset.rocus.iter().map(|r| r.id.value.clone()).collect();
    let source_title: BTreeMap<&str, &str> = dataset
        .sources
        .iter()
        .map(|s| (s.file.value.as_str(), s.title.as_str()))
        .collect();
    let source_link = |file: &str| {
        let slug = file.strip_suffix(".txt").unwrap_or(file);
        let title = source_title.get(file).copied().unwrap_or(slug);
        format!("[{}](/{})", title, urls::source(slug))
    };
    let mut responses_to: BTreeMap<&str, Vec<&answerable_data::model::Response>> = BTreeMap::new();
    for r in &dataset.responses {
        responses_to.entry(&r.inspection.value).or_default().push(r);
    }

    // The home page, free-standing pages, search and data.
    for page in &dataset.pages {
        let (path, front) = match &page.role {
            PageRole::Home => ("content/_index.md".to_string(), FrontMatter::default()),
            PageRole::Page(slug) => (format!("content/{slug}.md"), FrontMatter::default()),
            PageRole::Commentary(_) => continue,
        };
        let front = FrontMatter {
            title: page
                .title
                .clone()
                .unwrap_or_else(|| dataset.config.title.clone()),
            description: page.description.clone(),
            weight: page.weight,
            ..front
        };
        out.page(path, &front, &page.body);
    }
    for (slug, title, body) in [
        (
            "search",
            "Search",
            "Search every inspection, recommendation, response and commentary.",
        ),
        (
            "data",
            "Open data",
            "Every record on this site as JSON and CSV, with a schema.",
        ),
    ] {
        let front = FrontMatter {
            title: title.into(),
            ..FrontMatter::default()
        };
        out.page(format!("content/{slug}.md"), &front, body);
    }
    for (section, title) in SECTIONS {
        let front = FrontMatter {
            title: title.into(),
            ..FrontMatter::default()
        };
        out.page(format!("content/{section}/_index.md"), &front, "");
    }

    // The taxonomies' own pages, and a term page per force and per ROCU.
    for (taxonomy, title) in [("forces", "Forces"), ("rocus", "Regional units")] {
        let front = FrontMatter {
            title: title.into(),
            ..FrontMatter::default()
        };
        out.page(format!("content/{taxonomy}/_index.md"), &front, "");
    }
    for rocu in &dataset.rocus {
        let mut facts = vec![fact("Region", rocu.region.clone())];
        if let Some(established) = &rocu.established {
            facts.push(fact("Established", established.clone()));
        }
        if !rocu.aliases.is_empty() {
            facts.push(fact("Also known as", rocu.aliases.join(", ")));
        }
        let front = FrontMatter {
            title: rocu.name.clone(),
            facts,
            ..FrontMatter::default()
        };
        let mut body = notes(&rocu.notes);
        let _ = writeln!(body, "Source: {}\n", source_link(&rocu.source.value));
        push_commentary(&mut body, comment(EntityRef::Rocu(rocu.id.value.clone())));
        out.page(
            format!("content/rocus/{}/_index.md", rocu.id.value),
            &front,
            &body,
        );
    }
    for force in &dataset.forces {
        let mut facts = vec![fact(
            "Regional organised crime unit",
            force.rocu.value.clone(),
        )];
        for (label, person) in [
            ("Commissioner", &force.commissioner),
            ("Chief constable", &force.chief_constable),
        ] {
            if let Some(p) = person {
                let role = p
                    .role
                    .as_deref()
                    .map_or(String::new(), |r| format!(", {r}"));
                facts.push(fact(label, format!("{}{role}", p.name)));
            }
        }
        let front = FrontMatter {
            title: force.name.clone(),
            facts,
            ..FrontMatter::default()
        };
        let mut body = notes(&force.notes);
        let _ = writeln!(body, "Source: {}\n", source_link(&force.source.value));
        push_commentary(&mut body, comment(EntityRef::Force(force.id.value.clone())));
        out.page(
            format!("content/forces/{}/_index.md", force.id.value),
            &front,
            &body,
        );
    }

    for inspection in &dataset.inspections {
        let id = &inspection.id.value;
        let responses = responses_to.get(id.as_str()).map_or(&[][..], Vec::as_slice);
        let date = inspection
            .published
            .and_then(|d| d.earliest())
            .map(|d| d.to_string());
        let forces: BTreeSet<&str> = responses.iter().map(|r| r.force.value.as_str()).collect();
        let rocus: BTreeSet<&str> = forces
            .iter()
            .filter_map(|f| rocu_of.get(f).copied())
            .collect();
        let mut facts = vec![
            fact("Inspectorate", inspection.inspectorate.clone()),
            fact("Subject", inspection.subject.clone()),
        ];
        if let Some(fieldwork) = &inspection.fieldwork {
            facts.push(fact("Fieldwork", fieldwork.clone()));
        }
        let front = FrontMatter {
            title: inspection.title.clone(),
            description: Some(inspection.subject.clone()),
            date: date.clone(),
            forces: forces.iter().map(|s| s.to_string()).collect(),
            rocus: rocus.iter().map(|s| s.to_string()).collect(),
            facts,
            ..FrontMatter::default()
        };
        let mut body = format!(
            "{}\n\nThe report: {}\n\n",
            inspection.summary.value,
            source_link(&inspection.source.value)
        );
        if !inspection.causes_of_concern.is_empty() {
            body.push_str("## Causes of concern\n\n");
            for cause in &inspection.causes_of_concern {
                let _ = write!(body, "### {}\n\n{}\n\n", cause.title, cause.text);
            }
        }
        if !inspection.areas_for_improvement.is_empty() {
            body.push_str("## Areas for improvement\n\n");
            for area in &inspection.areas_for_improvement {
                let _ = writeln!(body, "- {}", area.text);
            }
            body.push('\n');
        }
        body.push_str("## Recommendations\n\n");
        for rec in &inspection.recommendations {
            let n = rec.number.value;
            let _ = writeln!(
                body,
                "{n}. [Recommendation {n}](/{}): {} ({})",
                urls::recommendation(id, n),
                rec.text,
                rec.due_text
            );
        }
        body.push_str("\n## Published responses\n\n");
        for r in responses {
            let name = force_name.get(r.force.value.as_str()).copied();
            let _ = writeln!(
                body,
                "- [{}](/{})",
                name.unwrap_or(&r.force.value),
                urls::response(&r.id)
            );
        }
        body.push('\n');
        push_commentary(&mut body, comment(EntityRef::Inspection(id.clone())));
        out.page(format!("content/inspections/{id}.md"), &front, &body);

        for rec in &inspection.recommendations {
            let n = rec.number.value;
            let for_forces = rec.concerns_forces();
            let mut facts = vec![fact("Due", rec.due_text.clone())];
            if !rec.addressees.is_empty() {
                facts.push(fact("For", rec.addressees.join(", ")));
            }
            let applies: Vec<&str> = rec.applies_to.iter().map(|a| Actor::label(*a)).collect();
            facts.push(fact("Applies to", applies.join(", ")));
            if !rec.themes.is_empty() {
                facts.push(fact("Themes", rec.themes.join(", ")));
            }
            let front = FrontMatter {
                title: format!("Recommendation {n}: {}", inspection.title),
                description: Some(rec.text.clone()),
                date: date.clone(),
                url: Some(format!("/{}", urls::recommendation(id, n))),
                forces: if for_forces {
                    all_forces.clone()
                } else {
                    Vec::new()
                },
                rocus: if for_forces {
                    all_rocus.clone()
                } else {
                    Vec::new()
                },
                facts,
                ..FrontMatter::default()
            };
            let mut body = format!(
                "{}\n\nFrom [{}](/{}).\n\n",
                rec.text,
                inspection.title,
                urls::inspection(id)
            );
            body.push_str(&notes(&rec.notes));
            body.push_str("## What the responses say\n\n");
            for r in responses {
                for p in r.positions.iter().filter(|p| p.recommendation.value == n) {
                    let name = force_name.get(r.force.value.as_str()).copied();
                    let _ = write!(
                        body,
                        "### [{}](/{}): {}\n\n> {}\n\n",
                        name.unwrap_or(&r.force.value),
                        urls::response(&r.id),
                        p.stance.value,
                        p.quote.value
                    );
                }
            }
            push_commentary(
                &mut body,
                comment(EntityRef::Recommendation(RecommendationKey {
                    inspection: id.clone(),
                    number: n,
                })),
            );
            out.page(
                format!("content/recommendations/{id}/{n}.md"),
                &front,
                &body,
            );
        }
    }

    for response in &dataset.responses {
        let force = response.force.value.as_str();
        let name = force_name.get(force).copied().unwrap_or(force);
        let mut facts = vec![fact(
            "Author",
            format!("{}, {}", response.author, response.role),
        )];
        if let Some(addressee) = &response.addressee {
            facts.push(fact("Addressed to", addressee.clone()));
        }
        if let Some(reference) = &response.reference {
            facts.push(fact("Reference", reference.clone()));
        }
        let front = FrontMatter {
            title: format!("{name}: response to {}", response.inspection.value),
            description: Some(format!("{}, {}", response.author, response.role)),
            date: response
                .date
                .and_then(|d| d.earliest())
                .map(|d| d.to_string()),
            forces: vec![force.to_string()],
            rocus: rocu_of
                .get(force)
                .map(|r| vec![r.to_string()])
                .unwrap_or_default(),
            facts,
            ..FrontMatter::default()
        };
        let mut body = format!(
            "{}\n\nThe letter: {}\n\n",
            response.summary.value,
            source_link(&response.source.value)
        );
        if !response.positions.is_empty() {
            body.push_str("## Positions\n\n");
            for p in &response.positions {
                let n = p.recommendation.value;
                let _ = write!(
                    body,
                    "### [Recommendation {n}](/{}): {}\n\n> {}\n\n",
                    urls::recommendation(&response.inspection.value, n),
                    p.stance.value,
                    p.quote.value
                );
                if let Some(note) = &p.note {
                    let _ = write!(body, "{note}\n\n");
                }
            }
        }
        if !response.points.is_empty() {
            body.push_str("## Other points\n\n");
            for p in &response.points {
                let _ = write!(body, "### {}\n\n> {}\n\n", p.topic, p.quote.value);
            }
        }
        push_commentary(&mut body, comment(EntityRef::Response(response.id.clone())));
        out.page(
            format!("content/responses/{}.md", response.id),
            &front,
            &body,
        );
    }

    for source in &dataset.sources {
        let front = FrontMatter {
            title: source.title.clone(),
            description: source.description.clone(),
            date: source
                .date
                .and_then(|d| d.earliest())
                .map(|d| d.to_string()),
            facts: vec![
                fact("Author", source.author.clone()),
                fact(
                    "Kind",
                    match source.kind {
                        SourceKind::Report => "report",
                        SourceKind::Response => "response",
                        SourceKind::Legislation => "legislation",
                    },
                ),
            ],
            ..FrontMatter::default()
        };
        // Numbered paragraphs, as our source pages show them.
        let text = source.text.as_deref().unwrap_or_default();
        let mut body = String::new();
        for paragraph in quote::paragraphs(text) {
            let _ = write!(
                body,
                "**{}.** {}\n\n",
                paragraph.first,
                text[paragraph.range].trim()
            );
        }
        out.page(
            format!("content/sources/{}.md", source.slug()),
            &front,
            &body,
        );
    }

    out.files.push(("hugo.toml".into(), config(dataset)));
    out.files.push((
        "static/assets/style.css".into(),
        include_str!("../../../themes/default/static/style.css").into(),
    ));
    for (path, text) in LAYOUTS {
        out.files.push((path.into(), text.into()));
    }
    out.files.sort_by(|a, b| a.0.cmp(&b.0));
    HugoSite {
        files: out.files,
        // The 404 page is the one page without a content file.
        pages: out.pages + 1,
    }
}

#[derive(Default)]
struct Out {
    files: Vec<(String, String)>,
    pages: usize,
}

impl Out {
    fn page(&mut self, path: String, front: &FrontMatter, body: &str) {
        let front = toml::to_string(front).expect("front matter is plain strings");
        self.files.push((path, format!("+++\n{front}+++\n{body}")));
        self.pages += 1;
    }
}

fn notes(notes: &[String]) -> String {
    notes.iter().map(|n| format!("{n}\n\n")).collect()
}

fn push_commentary(body: &mut String, commentary: Option<&str>) {
    if let Some(text) = commentary {
        body.push_str("## Commentary\n\n");
        body.push_str(text);
        body.push('\n');
    }
}

/// `hugo.toml`: the taxonomies, the menu, classes for highlighted code
/// (ours are class-based too) and a robots.txt (we write one). Hugo's
/// RSS feeds and sitemap stay on: we write a sitemap and Atom feeds.
fn config(dataset: &Dataset) -> String {
    let c = &dataset.config;
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut text = format!(
        "baseURL = {}\nlocale = {}\ntitle = {}\nenableRobotsTXT = true\n\n\
         [params]\nasOf = {}\npublisher = {}\n\n\
         [taxonomies]\nforce = \"forces\"\nrocu = \"rocus\"\n\n\
         [markup.highlight]\nnoClasses = false\n",
        quoted(&c.base_url),
        quoted(&c.language.to_lowercase()),
        quoted(&c.title),
        quoted(&c.as_of.to_string()),
        quoted(&c.publisher),
    );
    let menu = [
        ("Inspections", "inspections/"),
        ("Recommendations", "recommendations/"),
        ("Responses", "responses/"),
        ("Forces", "forces/"),
        ("Regional units", "rocus/"),
        ("Sources", "sources/"),
        ("Search", "search/"),
    ];
    for (i, (name, url)) in menu.iter().enumerate() {
        let _ = write!(
            text,
            "\n[[menus.main]]\nname = \"{name}\"\nurl = \"{url}\"\nweight = {}\n",
            i + 1
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use answerable_data::config::Overrides;

    fn hugo_site_of(pages: usize) -> (crate::Site, Dataset, HugoSite) {
        let site = crate::generate(pages, 3);
        let dir = tempfile::tempdir().unwrap();
        crate::write(&site, dir.path()).unwrap();
        let loaded = answerable_data::load::load_site(dir.path(), &Overrides::default());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let dataset = loaded.dataset.unwrap();
        let hugo = from_dataset(&dataset);
        (site, dataset, hugo)
    }

    fn front_matter(text: &str) -> toml::Table {
        let rest = text.strip_prefix("+++\n").expect("front matter first");
        let (front, _) = rest.split_once("+++\n").expect("front matter closed");
        front.parse().expect("front matter is TOML")
    }

    #[test]
    fn has_the_same_pages_as_ours() {
        let (site, dataset, hugo) = hugo_site_of(400);
        assert_eq!(hugo.pages, site.pages);
        let content: Vec<_> = hugo
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("content/"))
            .collect();
        // Every page but the 404 is a content file.
        assert_eq!(content.len() + 1, hugo.pages);
        let count = |prefix: &str| {
            content
                .iter()
                .filter(|(p, _)| p.starts_with(prefix))
                .count()
        };
        let recommendations: usize = dataset
            .inspections
            .iter()
            .map(|i| i.recommendations.len())
            .sum();
        assert_eq!(count("content/inspections/"), dataset.inspections.len() + 1);
        assert_eq!(count("content/recommendations/"), recommendations + 1);
        assert_eq!(count("content/responses/"), dataset.responses.len() + 1);
        assert_eq!(count("content/sources/"), dataset.sources.len() + 1);
        assert_eq!(count("content/forces/"), dataset.forces.len() + 1);
        assert_eq!(count("content/rocus/"), dataset.rocus.len() + 1);
    }

    #[test]
    fn front_matter_parses_and_every_force_and_rocu_is_a_used_term() {
        let (_, dataset, hugo) = hugo_site_of(400);
        let mut used: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for (path, text) in hugo.files.iter().filter(|(p, _)| p.ends_with(".md")) {
            let front = front_matter(text);
            assert!(front.contains_key("title"), "{path}");
            for taxonomy in ["forces", "rocus"] {
                for term in front
                    .get(taxonomy)
                    .and_then(|v| v.as_array())
                    .into_iter()
                    .flatten()
                {
                    used.entry(taxonomy)
                        .or_default()
                        .insert(term.as_str().unwrap().to_string());
                }
            }
        }
        let paths: BTreeSet<&str> = hugo.files.iter().map(|(p, _)| p.as_str()).collect();
        for force in &dataset.forces {
            let id = &force.id.value;
            assert!(used["forces"].contains(id), "no page tagged {id}");
            assert!(paths.contains(format!("content/forces/{id}/_index.md").as_str()));
        }
        for rocu in &dataset.rocus {
            let id = &rocu.id.value;
            assert!(used["rocus"].contains(id), "no page tagged {id}");
            assert!(paths.contains(format!("content/rocus/{id}/_index.md").as_str()));
        }
        let config: toml::Table = hugo
            .files
            .iter()
            .find(|(p, _)| p == "hugo.toml")
            .unwrap()
            .1
            .parse()
            .unwrap();
        assert_eq!(config["taxonomies"]["force"].as_str(), Some("forces"));
    }

    #[test]
    fn commentary_is_kept_as_written() {
        let (_, dataset, hugo) = hugo_site_of(400);
        let all: String = hugo.files.iter().map(|(_, t)| t.as_str()).collect();
        for page in &dataset.pages {
            assert!(all.contains(page.body.trim()), "{:?}", page.role);
        }
    }

    #[test]
    fn the_same_dataset_gives_the_same_files() {
        let (_, dataset, hugo) = hugo_site_of(200);
        assert!(from_dataset(&dataset).files == hugo.files);
    }
}
