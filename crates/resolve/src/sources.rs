//! The views of source documents, pages and the records shown in "data
//! behind this page".

use super::*;

impl Resolver<'_> {
    pub(crate) fn source(&self, source: &SourceDoc) -> SourceView {
        let text: Arc<str> = source.text.clone().unwrap_or_default();
        let file = &source.file.value;
        let mut quoted_by: BTreeMap<usize, Vec<Link>> = BTreeMap::new();
        let mut used_by = Vec::new();
        if self.quote_indexes.contains_key(file) {
            for response in self.lookup.responses_from(file) {
                used_by.push(self.response_link(response));
                let quotes = response
                    .positions
                    .iter()
                    .map(|p| &p.quote.value)
                    .chain(response.points.iter().map(|p| &p.quote.value));
                for quote in quotes {
                    if let Some(n) = self.lookup.paragraph(file, quote) {
                        let entry = quoted_by.entry(n).or_default();
                        let link = self.response_link(response);
                        if !entry.iter().any(|l| l.url == link.url) {
                            entry.push(link);
                        }
                    }
                }
            }
        }
        for inspection in self.lookup.inspections_from(file) {
            used_by.push(self.inspection_link(inspection));
        }
        for &(inspection, recommendation) in self.lookup.followed_up_from(file) {
            let link = Link {
                title: format!(
                    "What has become of recommendation {} of {}",
                    recommendation.number.value, inspection.title
                ),
                ..self.recommendation_link(inspection, recommendation.number.value)
            };
            let quotes = (recommendation.history.iter().map(|e| (&e.source, &e.quote)))
                .chain(
                    recommendation
                        .revisions
                        .iter()
                        .map(|r| (&r.source, &r.quote)),
                )
                .filter(|(source, _)| source.value == *file);
            for (_, quote) in quotes {
                if let Some(n) = self.lookup.paragraph(file, &quote.value) {
                    let entry = quoted_by.entry(n).or_default();
                    if !entry.iter().any(|l| l.url == link.url) {
                        entry.push(link.clone());
                    }
                }
            }
            used_by.push(link);
        }
        let paragraphs = self
            .quote_indexes
            .get(file)
            .map(|index| {
                (index.paragraphs().iter())
                    .map(|p| Paragraph {
                        number: p.first,
                        last: p.last,
                        text: Excerpt::new(Arc::clone(&text), p.range.clone()),
                        quoted_by: fitted(quoted_by.remove(&p.first).unwrap_or_default()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        SourceView {
            slug: source.slug().to_string(),
            file: file.clone(),
            url: self.url(&urls::source(source.slug())),
            // Legislation is linked where it is published, not copied.
            raw_url: match &source.url {
                Some(url) => url.clone(),
                None => self.url(&format!("{}{file}", urls::source(source.slug()))),
            },
            published_at: source.published_at.as_ref().map(|p| p.value.clone()),
            title: source.title.clone(),
            untitled: source.untitled,
            author: source.author.clone(),
            date: source.date.map(|d: PartialDate| d.to_string()),
            kind: match source.kind {
                SourceKind::Report => "report",
                SourceKind::Response => "response",
                SourceKind::Legislation => "legislation",
            },
            description: source.description.clone(),
            paragraphs,
            used_by: fitted(used_by),
            record: self.record(&source.origin, Some("source")),
            raw_text: text,
        }
    }

    pub(crate) fn pages(&self) -> Vec<PageView> {
        self.dataset
            .pages
            .iter()
            .filter_map(|p| match &p.role {
                PageRole::Page(slug) => {
                    let rendered = self.anchored(&p.body, "p");
                    Some(PageView {
                        slug: slug.clone(),
                        url: self.url(&urls::page(slug)),
                        title: p.title.clone().unwrap_or_else(|| slug.replace('-', " ")),
                        description: p.description.clone(),
                        html: rendered.html,
                        headings: rendered.headings,
                        weight: p.weight,
                    })
                }
                _ => None,
            })
            .collect()
    }

    /// The exact TOML text of a record, highlighted. For an entry of an array
    /// of tables (`[[force]]`), that is the text from its header up to the
    /// next table that is not one of its sub-tables.
    pub(crate) fn record(&self, origin: &Origin, table: Option<&str>) -> Record {
        let text = self
            .files
            .shared(&origin.file)
            .unwrap_or_else(|| Arc::from(""));
        let (slice, start) = match table {
            Some(name) => {
                let start = origin.span.start.min(text.len());
                (record_text(&text, start, name), start)
            }
            None => without_directives(&text),
        };
        let line = self.lookup.line_of(&origin.file, &text, start);
        let range = start..start + slice.len();
        Record {
            file: origin.file.clone(),
            line,
            html: HighlightedToml {
                text: Excerpt::new(text, range),
                highlighting: Arc::clone(&self.memos.highlighting),
            },
        }
    }
}

impl Resolver<'_> {
    /// Notes as a reader sees them: a source document named by its file
    /// name (`004_4571b315a901994e.txt`) is named by its title instead.
    pub(crate) fn readable_notes(&self, notes: &[String]) -> Vec<String> {
        notes.iter().map(|n| self.titles_for_files(n)).collect()
    }

    fn titles_for_files(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find(".txt") {
            let end = at + ".txt".len();
            let start = rest[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || "_-.".contains(c)))
                .map_or(0, |i| i + 1);
            match self.source_doc(&rest[start..end]) {
                Some(source) => {
                    out.push_str(&rest[..start]);
                    out.push_str(&format!("“{}”", source.title));
                }
                None => out.push_str(&rest[..end]),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}
