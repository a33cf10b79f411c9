//! The checks on what has become of recommendations: the delivery words
//! and duties of the vocabulary, and each history entry and deadline
//! revision (the body it names, its delivery word, its source and its
//! quotation, checked like every other).

use super::*;

/// The ids a history entry may name: delivery words, forces and ROCUs.
pub(crate) struct HistoryIds<'k> {
    deliveries: Known<'k>,
    forces: Known<'k>,
    rocus: Known<'k>,
}

impl<'a> Validator<'a> {
    pub(crate) fn delivery_vocabulary(&mut self) {
        let vocabulary = &self.dataset.vocabulary;
        self.unique("delivery", vocabulary.deliveries.iter().map(|d| &d.term.id));
        self.unique("duty", vocabulary.duties.iter().map(|d| &d.id));
        for d in &vocabulary.deliveries {
            self.id_format(&d.term.id);
        }
        let laws = Known::new(
            (self.dataset.sources.iter())
                .filter(|s| s.kind == SourceKind::Legislation)
                .map(|s| s.file.value.as_str()),
        )
        .unless_broken(self.broken, |f| f == SOURCES);
        for duty in &vocabulary.duties {
            self.id_format(&duty.id);
            if let Some(law) = &duty.law {
                self.reference(law, "law", "legislation", &laws);
            }
        }
    }

    /// The duty whose window an inspection's page shows: the one it names,
    /// or the vocabulary's only one.
    pub(crate) fn inspection_duty(&mut self, inspection: &Inspection) {
        let vocabulary = &self.dataset.vocabulary;
        if self.waits_on(|f| f == VOCABULARY) {
            return;
        }
        let duties = Known::new(vocabulary.duties.iter().map(|d| d.id.value.as_str()));
        match &inspection.duty {
            Some(named) => self.reference(named, "duty", "duty", &duties),
            None if inspection.section_55 == Section55::NotApplicable => {}
            None if vocabulary.duties.len() > 1 => self.out.push(
                Diagnostic::at(&inspection.id.origin, "duty", "this inspection does not say which duty its window follows")
                    .with_hint(format!("data/vocabulary.toml has several duties: add `duty = \"…\"`, one of {}", choices(&duties.ids))),
            ),
            None if vocabulary.duties.is_empty() => self.out.push(
                Diagnostic::at(&inspection.id.origin, "section_55", "the duty to publish comments is not in data/vocabulary.toml")
                    .with_hint("add a [[duty]] to data/vocabulary.toml (docs/data-format.md shows the 56-day duty), or set `section_55 = \"not-applicable\"`"),
            ),
            None => {}
        }
    }

    /// What history entries may name, made once for every recommendation.
    pub(crate) fn history_ids(&self) -> HistoryIds<'a> {
        let dataset: &'a Dataset = self.dataset;
        HistoryIds {
            deliveries: Known::new(
                (dataset.vocabulary.deliveries.iter()).map(|d| d.term.id.value.as_str()),
            )
            .unless_broken(self.broken, |f| f == VOCABULARY),
            forces: self.force_ids(),
            rocus: Known::new(dataset.rocus.iter().map(|r| r.id.value.as_str()))
                .unless_broken(self.broken, |f| f == ROCUS),
        }
    }

    pub(crate) fn history(&mut self, recommendation: &Recommendation, ids: &HistoryIds) {
        let HistoryIds {
            deliveries,
            forces,
            rocus,
        } = ids;
        for entry in &recommendation.history {
            self.reference(&entry.delivery, "delivery", "delivery status", deliveries);
            let body = &entry.body;
            let named = |id: &String| Located {
                value: id.clone(),
                origin: body.origin.clone(),
            };
            match &body.value {
                Body::Force(id) => self.reference(&named(id), "body", "force", forces),
                Body::Rocu(id) => self.reference(&named(id), "body", "ROCU", rocus),
                Body::Named(name) if is_blank(name) => self.out.push(
                    Diagnostic::at(&body.origin, "body", "`body` is empty")
                        .with_hint("write whose delivery this is: `force:<id>`, `rocu:<id>`, or the name of another body as the source gives it"),
                ),
                Body::Named(_) => {}
            }
            self.quoted_from(&entry.source, &entry.quote);
        }
        self.repeated_entries(recommendation);
        for revision in &recommendation.revisions {
            self.quoted_from(&revision.source, &revision.quote);
        }
    }

    /// Two entries of one body, date and delivery word are one event
    /// written twice: the open data counts each entry as a change.
    fn repeated_entries(&mut self, recommendation: &Recommendation) {
        let mut seen: BTreeMap<(&Body, String, &str), &Origin> = BTreeMap::new();
        for entry in &recommendation.history {
            let key = (
                &entry.body.value,
                entry.date.iso(),
                entry.delivery.value.as_str(),
            );
            let Some(first) = seen.insert(key, &entry.body.origin) else {
                continue;
            };
            let hint = format!(
                "the same body, date and status are already recorded {}; delete one of the two, or correct its date or status",
                self.on_line(first)
            );
            self.out.push(
                Diagnostic::at(
                    &entry.body.origin,
                    "body",
                    "this history entry repeats an earlier one",
                )
                .with_hint(hint),
            );
        }
    }

    /// A record's source exists and its quotation is in it.
    fn quoted_from(&mut self, source: &Located<String>, quote: &Located<String>) {
        self.source_exists(source);
        self.quotation(quote, &source.value);
    }
}
