//! The site's URL scheme, in one place.
//!
//! Journalists link to these paths, so they depend only on ids and numbers,
//! never on titles. Paths here are relative to the base path and end in `/`
//! (each page is written as `<path>index.html`). `docs/urls.md` documents
//! them; changing one breaks published links.

use std::collections::BTreeSet;

use crate::model::{Dataset, EntityRef, PageRole, RecommendationKey, RecordKind};

pub fn force(id: &str) -> String {
    format!("forces/{id}/")
}

/// Page `n` of a list that starts at `first` and runs over several pages:
/// the first page is `first` itself, the others `first` + `page/<n>/`
/// (`forces/essex/page/2/`, `responses/page/3/`).
pub fn numbered_page(first: &str, n: usize) -> String {
    match n {
        1 => first.to_string(),
        n => format!("{first}page/{n}/"),
    }
}

pub fn rocu(id: &str) -> String {
    format!("rocus/{id}/")
}

pub fn inspection(id: &str) -> String {
    format!("inspections/{id}/")
}

pub fn recommendation(inspection_id: &str, number: u32) -> String {
    format!("inspections/{inspection_id}/recommendations/{number}/")
}

pub fn response(id: &str) -> String {
    format!("responses/{id}/")
}

pub fn source(slug: &str) -> String {
    format!("sources/{slug}/")
}

pub fn page(slug: &str) -> String {
    format!("{slug}/")
}

/// The folder every page of a kind of record is under (a
/// recommendation's is under its inspection's); `None` for content pages,
/// which are at the top.
pub fn folder(kind: RecordKind) -> Option<&'static str> {
    match kind {
        RecordKind::Inspection | RecordKind::Recommendation => Some("inspections/"),
        RecordKind::Rocu => Some("rocus/"),
        RecordKind::Force => Some("forces/"),
        RecordKind::Response => Some("responses/"),
        RecordKind::Source => Some("sources/"),
        RecordKind::Page => None,
    }
}

/// `None` if a source document's file name can stand in its page's
/// address as it is (lowercase ASCII letters, digits, `-`, `_` and `.`,
/// which need no escaping and read the same wherever they are pasted);
/// else the nearest name that can: lowercased, with each run of other
/// characters made one `-`.
pub fn safe_file_name(name: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c);
    if !name.is_empty() && name.chars().all(allowed) {
        return None;
    }
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut safe = String::new();
    for c in stem.chars().map(|c| c.to_ascii_lowercase()) {
        if allowed(c) {
            safe.push(c);
        } else if !safe.is_empty() && !safe.ends_with('-') {
            safe.push('-');
        }
    }
    let mut safe = safe.trim_end_matches('-').to_string();
    if safe.is_empty() {
        safe.push_str("document");
    }
    let extension: String = (extension.chars())
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| allowed(*c))
        .collect();
    if !extension.is_empty() {
        safe.push('.');
        safe.push_str(&extension);
    }
    Some(safe)
}

/// The open-data folder: `data/<kind>.json`, `data/<kind>.csv`,
/// `data/all.json` and the data page.
pub const DATA: &str = "data/";

/// The JSON Schema every JSON file follows.
pub const DATA_SCHEMA: &str = "data/schema.json";

/// The JSON of a page (its own record and the records about it), beside it.
pub fn json(page_path: &str) -> String {
    format!("{page_path}index.json")
}

/// The anchor of a paragraph of a source document.
/// A text fragment directive (`:~:text=…`, appended to a fragment) that
/// has the browser highlight `passage` on the page, as the page shows it:
/// the whole passage when short, else its first and last words, so that
/// it also matches across the page's paragraphs. Browsers that do not know
/// it, or find no match, go to the fragment's element as before.
pub fn text_directive(passage: &str) -> String {
    let words: Vec<&str> = passage.split_whitespace().collect();
    let encode = |words: &[&str]| -> String {
        let text = words.join(" ");
        percent_encoding::utf8_percent_encode(&text, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    const ENDS: usize = 4;
    let spans_paragraphs = passage.contains("\n\n");
    if words.len() <= 2 * ENDS && !(spans_paragraphs && words.len() > 1) {
        return format!(":~:text={}", encode(&words));
    }
    let ends = ENDS.min(words.len() / 2);
    format!(
        ":~:text={},{}",
        encode(&words[..ends]),
        encode(&words[words.len() - ends..])
    )
}

/// The anchor of a position on its response's page: `#recommendation-4`
/// (a response takes one position on each recommendation).
pub fn position_on_response(recommendation: u32) -> String {
    format!("recommendation-{recommendation}")
}

/// The anchor of a position on its recommendation's page: `#force-essex`
/// (a force has one response to an inspection).
pub fn position_on_recommendation(force: &str) -> String {
    format!("force-{force}")
}

pub fn paragraph_anchor(number: usize) -> String {
    format!("p{number}")
}

/// Index pages, one per kind, with their titles.
pub const INDEXES: [(&str, &str); 6] = [
    ("inspections/", "Inspections"),
    ("recommendations/", "Recommendations"),
    ("rocus/", "Regional organised crime units"),
    ("forces/", "Police forces"),
    ("responses/", "Responses"),
    ("sources/", "Source documents"),
];

/// The search page, which is also the A–Z index.
pub const SEARCH: &str = "search/";

/// Page slugs the site itself uses, which a `content/<slug>.md` may not take.
pub const RESERVED: [&str; 11] = [
    "search",
    "data",
    "inspections",
    "recommendations",
    "rocus",
    "forces",
    "responses",
    "sources",
    "assets",
    "404",
    "index",
];

/// The ids that exist, so a short reference can be checked and turned into
/// a URL path.
#[derive(Debug, Default, Hash)]
pub struct Targets {
    forces: BTreeSet<String>,
    rocus: BTreeSet<String>,
    inspections: BTreeSet<String>,
    recommendations: BTreeSet<RecommendationKey>,
    responses: BTreeSet<String>,
    sources: BTreeSet<String>,
    pages: BTreeSet<String>,
}

impl Targets {
    pub fn of(dataset: &Dataset) -> Self {
        let mut inspections = BTreeSet::new();
        let mut recommendations = BTreeSet::new();
        for inspection in &dataset.inspections {
            inspections.insert(inspection.id.value.clone());
            for r in &inspection.recommendations {
                recommendations.insert(RecommendationKey {
                    inspection: inspection.id.value.clone(),
                    number: r.number.value,
                });
            }
        }
        Targets {
            forces: dataset.forces.iter().map(|f| f.id.value.clone()).collect(),
            rocus: dataset.rocus.iter().map(|r| r.id.value.clone()).collect(),
            inspections,
            recommendations,
            responses: dataset.responses.iter().map(|r| r.id.clone()).collect(),
            sources: dataset
                .sources
                .iter()
                .map(|s| s.slug().to_string())
                .collect(),
            pages: dataset
                .pages
                .iter()
                .filter_map(|p| match &p.role {
                    PageRole::Page(slug) => Some(slug.clone()),
                    _ => None,
                })
                .collect(),
        }
    }

    /// The path (relative to the base path, with any `#anchor`) of the page a
    /// reference points to, or `None` if no such record exists.
    pub fn path(&self, target: &EntityRef) -> Option<String> {
        let known = |set: &BTreeSet<String>, id: &str| set.contains(id);
        match target {
            EntityRef::Force(id) => known(&self.forces, id).then(|| force(id)),
            EntityRef::Rocu(id) => known(&self.rocus, id).then(|| rocu(id)),
            EntityRef::Inspection(id) => known(&self.inspections, id).then(|| inspection(id)),
            EntityRef::Recommendation(key) => self
                .recommendations
                .contains(key)
                .then(|| recommendation(&key.inspection, key.number)),
            EntityRef::Response(id) => known(&self.responses, id).then(|| response(id)),
            EntityRef::Page(slug) => known(&self.pages, slug).then(|| page(slug)),
            EntityRef::Source { slug, anchor } => {
                known(&self.sources, slug).then(|| match anchor {
                    Some(a) => format!("{}#{a}", source(slug)),
                    None => source(slug),
                })
            }
        }
    }

    /// Known ids of the same kind as `target`, for "did you mean" hints.
    pub fn ids_like(&self, target: &EntityRef) -> Vec<String> {
        match target {
            EntityRef::Force(_) => self.forces.iter().cloned().collect(),
            EntityRef::Rocu(_) => self.rocus.iter().cloned().collect(),
            EntityRef::Inspection(_) => self.inspections.iter().cloned().collect(),
            EntityRef::Recommendation(_) => self
                .recommendations
                .iter()
                .map(|k| format!("{}/{}", k.inspection, k.number))
                .collect(),
            EntityRef::Response(_) => self.responses.iter().cloned().collect(),
            EntityRef::Source { .. } => self.sources.iter().cloned().collect(),
            EntityRef::Page(_) => self.pages.iter().cloned().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_record_page_is_under_its_kinds_folder() {
        let paths = [
            (RecordKind::Inspection, inspection("i")),
            (RecordKind::Recommendation, recommendation("i", 2)),
            (RecordKind::Rocu, rocu("r")),
            (RecordKind::Force, force("f")),
            (RecordKind::Force, numbered_page(&force("f"), 2)),
            (RecordKind::Response, response("r")),
            (RecordKind::Source, source("s")),
        ];
        for (kind, path) in paths {
            let folder = folder(kind).unwrap();
            assert!(path.starts_with(folder), "{path} is not under {folder}");
        }
        assert_eq!(folder(RecordKind::Page), None);
    }

    #[test]
    fn a_text_directive_names_a_short_passage_whole_and_a_long_one_by_its_ends() {
        assert_eq!(
            text_directive("in line with\n  recommendation 4"),
            ":~:text=in%20line%20with%20recommendation%204"
        );
        assert_eq!(
            text_directive("one two three four five six seven eight nine"),
            ":~:text=one%20two%20three%20four,six%20seven%20eight%20nine"
        );
        // A comma, dash or ampersand would end the directive's text early.
        assert_eq!(
            text_directive("a, b - c & d"),
            ":~:text=a%2C%20b%20%2D%20c%20%26%20d"
        );
        // Across paragraphs, an exact match cannot reach: start and end.
        assert_eq!(
            text_directive("first part.\n\nSecond"),
            ":~:text=first,Second"
        );
    }

    #[test]
    fn source_file_names_that_break_when_pasted_get_a_safe_one() {
        assert_eq!(safe_file_name("000_db42d9bd31ac33d6.txt"), None);
        assert_eq!(safe_file_name("report-2021.v2.txt"), None);
        assert_eq!(
            safe_file_name("Essex Response (April).TXT").as_deref(),
            Some("essex-response-april.txt")
        );
        assert_eq!(
            safe_file_name("Ŵales—letter.txt").as_deref(),
            Some("ales-letter.txt")
        );
        assert_eq!(safe_file_name("%%.txt").as_deref(), Some("document.txt"));
    }
}
