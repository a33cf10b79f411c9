//! What each new file says: every field under a comment, prefilled only
//! with what the loaded data knows, blanks for the rest.

use super::*;

pub(crate) const PREAMBLE: &str = "Every \"\" is a value still to write: `answerable check` lists each one until it is filled in. Optional fields are commented out: remove the `#` to use one.";

/// The text of a new response of `force` to `inspection`.
pub fn response(dataset: &Dataset, inspection: &str, force: &str) -> Result<String, Error> {
    let Some(found) = dataset
        .inspections
        .iter()
        .find(|i| i.id.value == inspection)
    else {
        let ids: Vec<&str> = dataset
            .inspections
            .iter()
            .map(|i| i.id.value.as_str())
            .collect();
        return Err(Error::Unknown {
            kind: "inspection",
            id: inspection.to_string(),
            hint: suggest(inspection, &ids),
        });
    };
    let Some(the_force) = dataset.forces.iter().find(|f| f.id.value == force) else {
        let ids: Vec<&str> = dataset.forces.iter().map(|f| f.id.value.as_str()).collect();
        return Err(Error::Unknown {
            kind: "force",
            id: force.to_string(),
            hint: suggest(force, &ids),
        });
    };
    if let Some(existing) = dataset
        .responses
        .iter()
        .find(|r| r.inspection.value == inspection && r.force.value == force)
    {
        return Err(Error::Exists {
            file: format!(
                "a response from `{force}` to `{inspection}` ({})",
                existing.origin.file
            ),
            hint: "a force's response to an inspection is recorded once: edit that file".into(),
        });
    }
    let file = format!("data/responses/{force}-{inspection}.toml");
    let mut t = String::new();
    line(&mut t, &directive(&file));
    comment(
        &mut t,
        &format!(
            "The response of {}'s commissioner to \"{}\" ({inspection}). Started by `answerable new response`.",
            the_force.name, found.title
        ),
    );
    comment(&mut t, PREAMBLE);
    comment(
        &mut t,
        "Format: docs/data-format.md (section \"data/responses/<id>.toml\").",
    );
    line(&mut t, "");
    line(&mut t, &format!("inspection = {}", quoted(inspection)));
    line(&mut t, &format!("force = {}", quoted(force)));
    line(&mut t, "");
    let commissioner = the_force.commissioner.as_ref();
    match commissioner {
        Some(_) => comment(
            &mut t,
            "Who signed the response, and their title, as written in it. Filled in from data/forces.toml: check them against the document.",
        ),
        None => comment(
            &mut t,
            "Who signed the response, and their title, as written in it (e.g. \"Police and Crime Commissioner\").",
        ),
    }
    let author = commissioner.map(|c| c.name.as_str()).unwrap_or_default();
    let role = commissioner
        .and_then(|c| c.role.as_deref())
        .unwrap_or_default();
    line(&mut t, &format!("author = {}", quoted(author)));
    line(&mut t, &format!("role = {}", quoted(role)));
    comment(
        &mut t,
        "The date on the document, without quotes (2021-04-07), or in quotes if it gives only a month (\"2021-04\"). Leave it out if the document is undated.",
    );
    line(&mut t, "# date = YYYY-MM-DD");
    comment(
        &mut t,
        "The document's reference and whom it is addressed to, as written in it.",
    );
    line(&mut t, "# reference = \"\"");
    line(&mut t, "# addressee = \"\"");
    comment(
        &mut t,
        "The file in seeds/ holding the response, as listed in data/sources.toml.",
    );
    unused_sources(&mut t, dataset, SourceKind::Response);
    line(&mut t, "source = \"\"");
    comment(
        &mut t,
        "A neutral summary of what the response says; markdown allowed.",
    );
    line(&mut t, "summary = \"\"\"\n\"\"\"");
    line(&mut t, "");
    positions(&mut t, dataset, found);
    points(&mut t, found);
    Ok(t)
}

pub(crate) fn positions(t: &mut String, dataset: &Dataset, inspection: &Inspection) {
    let mut asked: Vec<_> = inspection
        .recommendations
        .iter()
        .filter(|r| r.concerns_forces())
        .collect();
    asked.sort_by_key(|r| r.number.value);
    if asked.is_empty() {
        comment(
            t,
            "The inspection asks no force or region to act, so there is no [[position]] here. Add one (recommendation, stance, quote) only where the response takes a position on a recommendation.",
        );
        line(t, "");
        return;
    }
    comment(
        t,
        "What the response says about each recommendation that asks forces or regions to act: one [[position]] each. Record a position only where the response's words support it, and delete the [[position]] of any recommendation it says nothing about (the site then shows \"no published position\").",
    );
    line(t, "#");
    comment(t, "`stance` is one of the stances in data/vocabulary.toml:");
    let stances = &dataset.vocabulary.stances;
    let width = stances
        .iter()
        .map(|s| s.id.value.len())
        .max()
        .unwrap_or_default();
    for stance in stances {
        let entry = format!("#   {:<width$}  {}", stance.id.value, stance.label);
        line(t, entry.trim_end());
    }
    comment(
        t,
        "`quote` is the response's words, copied exactly, that support the stance. `note` (optional) says why the stance was chosen, when it is not obvious.",
    );
    let others: Vec<String> = inspection
        .recommendations
        .iter()
        .filter(|r| !r.concerns_forces())
        .map(|r| r.number.value.to_string())
        .collect();
    if !others.is_empty() {
        comment(
            t,
            &format!(
                "Recommendations to national bodies only ({}) have no [[position]] here; add one for any the response takes a position on.",
                others.join(", ")
            ),
        );
    }
    for r in asked {
        line(t, "");
        let to = match r.addressees.as_slice() {
            [] => String::new(),
            [one] => format!(", addressed to {one}"),
            [init @ .., last] => format!(", addressed to {} and {last}", init.join(", ")),
        };
        comment(
            t,
            &format!(
                "Recommendation {}{to}: \"{}\"",
                r.number.value,
                r.text.trim()
            ),
        );
        line(t, "[[position]]");
        line(t, &format!("recommendation = {}", r.number.value));
        line(t, "stance = \"\"");
        line(t, "quote = \"\"");
        line(t, "# note = \"\"");
    }
    line(t, "");
}

pub(crate) fn points(t: &mut String, inspection: &Inspection) {
    let causes: Vec<&str> = inspection
        .causes_of_concern
        .iter()
        .map(|c| c.id.value.as_str())
        .collect();
    let cause = if causes.is_empty() {
        String::new()
    } else {
        format!(
            " `cause_of_concern` (optional) is the id of the inspection's cause of concern it is about: {}.",
            causes.join(", ")
        )
    };
    comment(
        t,
        &format!(
            "Points the response raises beyond the recommendations (optional), one [[point]] each: `topic` names it in a few words, `quote` is the response's own words.{cause}"
        ),
    );
    line(t, "# [[point]]");
    line(t, "# topic = \"\"");
    line(t, "# quote = \"\"");
    if !causes.is_empty() {
        line(t, "# cause_of_concern = \"\"");
    }
}

/// Lists the documents of `kind` no record of that kind uses yet: the
/// likely `source` of the new one.
pub(crate) fn unused_sources(t: &mut String, dataset: &Dataset, kind: SourceKind) {
    let used: Vec<&str> = match kind {
        SourceKind::Response => dataset
            .responses
            .iter()
            .map(|r| r.source.value.as_str())
            .collect(),
        SourceKind::Report => dataset
            .inspections
            .iter()
            .map(|i| i.source.value.as_str())
            .collect(),
        SourceKind::Legislation => Vec::new(),
    };
    let unused: Vec<&str> = dataset
        .sources
        .iter()
        .filter(|s| s.kind == kind && !used.contains(&s.file.value.as_str()))
        .map(|s| s.file.value.as_str())
        .collect();
    let (document, record) = match kind {
        SourceKind::Response => ("response", "response"),
        SourceKind::Report => ("report", "inspection"),
        SourceKind::Legislation => ("legislation", "record"),
    };
    if unused.is_empty() {
        comment(
            t,
            &format!(
                "(Every {document} listed there has its {record} file already: put the new document in seeds/ and list it in data/sources.toml first.)"
            ),
        );
    } else {
        comment(
            t,
            &format!(
                "Listed there with no {record} file yet: {}.",
                unused.join(", ")
            ),
        );
    }
}

/// The text of a new inspection. `dataset`, when the site loads, adds the
/// report documents not used yet.
pub fn inspection(id: &str, dataset: Option<&Dataset>) -> String {
    let file = format!("data/inspections/{id}.toml");
    let mut t = String::new();
    line(&mut t, &directive(&file));
    comment(
        &mut t,
        "An inspection report and its recommendations. Started by `answerable new inspection`.",
    );
    comment(&mut t, PREAMBLE);
    comment(
        &mut t,
        "Format: docs/data-format.md (section \"data/inspections/<id>.toml\").",
    );
    line(&mut t, "");
    comment(
        &mut t,
        "The same as the file name. It is in the page's address: never change it once published.",
    );
    line(&mut t, &format!("id = {}", quoted(id)));
    comment(
        &mut t,
        "The report's title, who inspected (e.g. \"HMICFRS\") and what was inspected, in words (\"the National Crime Agency\").",
    );
    line(&mut t, "title = \"\"");
    line(&mut t, "inspectorate = \"\"");
    line(&mut t, "subject = \"\"");
    comment(
        &mut t,
        "When the report was published, as precise as it says: 2021-04-07 (no quotes), or \"2021-02\" or \"2021\" (in quotes) for a month or a year. Leave it out if no source gives it.",
    );
    line(&mut t, "# published = YYYY-MM-DD");
    comment(
        &mut t,
        "When the fieldwork took place, in the report's words.",
    );
    line(&mut t, "# fieldwork = \"\"");
    comment(
        &mut t,
        &format!(
            "Whether commissioners' 56-day duty to publish comments (Police Act 1996, s.55) applies: \"{}\", \"{}\" (e.g. a report on ROCUs, which are not forces) or \"{}\" (a report not about police forces).",
            SECTION_55[0].0, SECTION_55[1].0, SECTION_55[2].0
        ),
    );
    line(&mut t, "section_55 = \"\"");
    comment(
        &mut t,
        "The file in seeds/ holding the report, as listed in data/sources.toml.",
    );
    if let Some(dataset) = dataset {
        unused_sources(&mut t, dataset, SourceKind::Report);
    }
    line(&mut t, "source = \"\"");
    comment(&mut t, "A short summary of the report; markdown allowed.");
    line(&mut t, "summary = \"\"\"\n\"\"\"");
    line(&mut t, "");
    comment(
        &mut t,
        "The report's causes of concern (optional), one [[cause_of_concern]] each: a short `id` recommendations can name, a `title`, and the report's own words in `text`.",
    );
    line(&mut t, "# [[cause_of_concern]]");
    line(&mut t, "# id = \"\"");
    line(&mut t, "# title = \"\"");
    line(&mut t, "# text = \"\"");
    line(&mut t, "");
    comment(
        &mut t,
        "The report's areas for improvement (optional), one [[area_for_improvement]] each: a short `id` and the report's own words in `text`. They are not recommendations: no response is due to them.",
    );
    line(&mut t, "# [[area_for_improvement]]");
    line(&mut t, "# id = \"\"");
    line(&mut t, "# text = \"\"");
    line(&mut t, "");
    comment(
        &mut t,
        "The recommendations, in number order: copy this [[recommendation]] table for each one.",
    );
    line(&mut t, "[[recommendation]]");
    line(&mut t, "number = 1");
    comment(&mut t, "The report's own wording, verbatim.");
    line(&mut t, "text = \"\"");
    comment(
        &mut t,
        "The deadline: 2021-03-31 (no quotes), \"2021-03\" or \"2021\" (in quotes) for a month or a year, or \"immediate\" for \"with immediate effect\". Leave it out if there is none.",
    );
    line(&mut t, "# due = YYYY-MM-DD");
    comment(
        &mut t,
        "The report's own words for the deadline, e.g. \"By March 2021\".",
    );
    line(&mut t, "due_text = \"\"");
    comment(
        &mut t,
        "Whom it is addressed to, in the report's words: a list, e.g. [\"Home Office\", \"NCA\"].",
    );
    line(&mut t, "addressees = [\"\"]");
    comment(
        &mut t,
        &format!(
            "Who must act: any of {} (national bodies, regions through their ROCU, forces). Those only to be encouraged go in `encourages` instead (docs/data-format.md).",
            ACTORS
                .iter()
                .map(|(id, _)| format!("\"{id}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    line(&mut t, "applies_to = [\"\"]");
    comment(
        &mut t,
        "Optional: short lowercase tags; the id of the cause of concern it answers; earlier recommendations it repeats, as \"<inspection id>/<number>\"; notes giving context.",
    );
    line(&mut t, "# themes = [\"\"]");
    line(&mut t, "# cause_of_concern = \"\"");
    line(&mut t, "# repeats = [\"\"]");
    line(&mut t, "# notes = [\"\"]");
    line(&mut t, "");
    comment(
        &mut t,
        "Later, what has become of it: one [[recommendation.history]] per change, below its recommendation, with who says so (`body` for its own claim, `inspectorate`, `other` with `asserter`, `publisher` with `reasoning`) and the source's exact words. A moved deadline is a [[recommendation.deadline_revision]]. See docs/editing.md, \"Recording a status change\".",
    );
    line(&mut t, "# [[recommendation.history]]");
    line(&mut t, "# date = YYYY-MM-DD");
    line(&mut t, "# body = \"force:\"");
    line(&mut t, "# delivery = \"\"");
    line(&mut t, "# asserted_by = \"body\"");
    line(&mut t, "# source = \"\"");
    line(&mut t, "# quote = \"\"");
    t
}

/// The `[[force]]` table added to `data/forces.toml`.
pub fn force(id: &str, name: &str, rocu: &str) -> String {
    let mut t = String::new();
    line(&mut t, "");
    comment(
        &mut t,
        "Added by `answerable new force`: fill in every \"\", then run `answerable check`.",
    );
    line(&mut t, "[[force]]");
    line(&mut t, &format!("id = {}", quoted(id)));
    line(&mut t, &format!("name = {}", quoted(name)));
    line(&mut t, &format!("rocu = {}", quoted(rocu)));
    comment(
        &mut t,
        "The file in seeds/ that says which ROCU serves the force, as listed in data/sources.toml.",
    );
    line(&mut t, "source = \"\"");
    comment(
        &mut t,
        "The commissioner and the chief constable, only where a source names them (remove the `#`s to use): their name and title as written, and the file in seeds/ that names them.",
    );
    line(&mut t, "# [force.commissioner]");
    line(&mut t, "# name = \"\"");
    line(&mut t, "# role = \"\"");
    line(&mut t, "# source = \"\"");
    line(&mut t, "# [force.chief_constable]");
    line(&mut t, "# name = \"\"");
    line(&mut t, "# source = \"\"");
    t
}

pub(crate) fn describe(target: &EntityRef) -> (&'static str, String) {
    let kind = match target {
        EntityRef::Force(_) => "force",
        EntityRef::Rocu(_) => "ROCU",
        EntityRef::Inspection(_) => "inspection",
        EntityRef::Recommendation(_) => "recommendation",
        EntityRef::Response(_) => "response",
        EntityRef::Source { .. } => "source",
        EntityRef::Page(_) => "page",
    };
    (kind, target_id(target))
}

pub(crate) fn target_id(target: &EntityRef) -> String {
    match target {
        EntityRef::Force(id)
        | EntityRef::Rocu(id)
        | EntityRef::Inspection(id)
        | EntityRef::Response(id)
        | EntityRef::Page(id) => id.clone(),
        EntityRef::Recommendation(key) => format!("{}/{}", key.inspection, key.number),
        EntityRef::Source { slug, .. } => slug.clone(),
    }
}

/// A new page's text: front matter whose comments say what goes where.
pub fn page(role: &PageRole) -> String {
    let mut t = String::from("+++\n");
    match role {
        PageRole::Page(slug) => {
            comment(
                &mut t,
                &format!(
                    "The page at /{slug}/. Write it in markdown below the closing +++. Started by `answerable new page`: `answerable check` reports the title until it is written."
                ),
            );
            comment(&mut t, "The page's title, shown as its heading.");
            line(&mut t, "title = \"\"");
            comment(
                &mut t,
                "One sentence for search engines and link previews (optional).",
            );
            line(&mut t, "# description = \"\"");
            comment(
                &mut t,
                "The page's place in the navigation, lowest first (optional): a page without a weight is not in it.",
            );
            line(&mut t, "# weight = 10");
        }
        PageRole::Home => comment(
            &mut t,
            "The introduction on the home page. Write it in markdown below the closing +++.",
        ),
        PageRole::Commentary(target) => {
            let (kind, id) = describe(target);
            comment(
                &mut t,
                &format!(
                    "Commentary shown on the page of the {kind} `{id}`. Write it in markdown below the closing +++."
                ),
            );
        }
    }
    t.push_str("+++\n\n");
    t
}

pub(crate) fn directive(file: &str) -> String {
    answerable_data::schemas::directive(file).expect("a data file has a schema")
}

pub(crate) fn line(t: &mut String, text: &str) {
    t.push_str(text);
    t.push('\n');
}

/// Adds `text` as `#` comment lines of at most 78 characters.
pub(crate) fn comment(t: &mut String, text: &str) {
    const WIDTH: usize = 78;
    let mut current = String::from("#");
    for word in text.split_whitespace() {
        if current.len() > 1 && current.chars().count() + 1 + word.chars().count() > WIDTH {
            line(t, &current);
            current = String::from("#");
        }
        current.push(' ');
        current.push_str(word);
    }
    line(t, &current);
}

/// A TOML string holding `text`, escaped as needed.
pub(crate) fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
