//! The pages of each kind of record: one function per kind, reached
//! through one exhaustive `match` over `RecordKind`.

use super::*;
use pagination::Pagination;

impl<'a> Renderer<'a> {
    /// The pages of every record of `kind`. Every kind is named here, so
    /// a new kind of record does not compile until it has its pages.
    pub(crate) fn record_pages<F: FnOnce() -> answerable_charts::Index<'a>>(
        &mut self,
        kind: RecordKind,
        home: &Link,
        charts_index: &LazyCell<answerable_charts::Index<'a>, F>,
    ) {
        // When only some pages are wanted and none is in the kind's folder,
        // the kind's thousands of pages need not even be named.
        if urls::folder(kind).is_some_and(|folder| !self.wants_any_under(folder)) {
            return;
        }
        match kind {
            RecordKind::Inspection => self.inspection_pages(home, charts_index),
            // Made with their inspection's, in its order.
            RecordKind::Recommendation => {}
            RecordKind::Rocu => self.rocu_pages(home, charts_index),
            RecordKind::Force => self.force_pages(home),
            RecordKind::Response => self.response_pages(home),
            RecordKind::Source => self.source_pages(home),
            RecordKind::Page => self.content_pages(home),
        }
    }

    /// Each inspection's page, and its recommendations' after it.
    pub(crate) fn inspection_pages<F: FnOnce() -> answerable_charts::Index<'a>>(
        &mut self,
        home: &Link,
        charts_index: &LazyCell<answerable_charts::Index<'a>, F>,
    ) {
        let view = self.view;
        for inspection in &view.inspections {
            let path = urls::inspection(&inspection.id);
            let updated = self.updated(
                &inspection.record.file,
                (&inspection.published, &inspection.published_iso),
            );
            let output = format!("{path}index.html");
            if self.wants(&output) {
                let crumbs = vec![home.clone(), self.crumb("Inspections", "inspections/")];
                let meta = self
                    .meta(
                        &inspection.title,
                        &first_words(&inspection.summary_html),
                        &path,
                        "inspection",
                        crumbs,
                    )
                    .dated(updated.clone(), |modified| {
                        jsonld::inspection(&view.site, inspection, modified)
                    });
                let charts = answerable_charts::inspection(charts_index, inspection);
                self.page(&output, "inspection.html", meta, move |c| {
                    c.insert("charts", &charts);
                    c.insert("inspection", inspection);
                });
            }
            for recommendation in &inspection.recommendations {
                let path = urls::recommendation(&inspection.id, recommendation.number);
                let output = format!("{path}index.html");
                if !self.wants(&output) {
                    continue;
                }
                let title = format!("{}: {}", recommendation.title, inspection.title);
                let crumbs = vec![
                    home.clone(),
                    self.crumb("Inspections", "inspections/"),
                    Link::to_page(&inspection.title, &inspection.url),
                ];
                let meta = self
                    .meta(
                        &title,
                        &recommendation.text,
                        &path,
                        "recommendation",
                        crumbs,
                    )
                    .dated(updated.clone(), |modified| {
                        jsonld::recommendation(
                            &view.site,
                            inspection,
                            recommendation,
                            &title,
                            modified,
                        )
                    });
                self.page(&output, "recommendation.html", meta, |c| {
                    c.insert("recommendation", recommendation);
                    c.insert("deliveries", &view.deliveries);
                    c.insert("statuses", &view.statuses);
                });
            }
        }
    }

    /// Each ROCU's page.
    pub(crate) fn rocu_pages<F: FnOnce() -> answerable_charts::Index<'a>>(
        &mut self,
        home: &Link,
        charts_index: &LazyCell<answerable_charts::Index<'a>, F>,
    ) {
        let view = self.view;
        for rocu in &view.rocus {
            let path = urls::rocu(&rocu.id);
            let output = format!("{path}index.html");
            if !self.wants(&output) {
                continue;
            }
            let description = format!(
                "{}, the regional organised crime unit for {}, and the forces it serves.",
                rocu.name, rocu.region
            );
            let crumbs = vec![home.clone(), self.crumb("ROCUs", "rocus/")];
            let updated = self.updated(&rocu.record.file, (&None, &None));
            let meta = self
                .meta(&rocu.name, &description, &path, "rocu", crumbs)
                .dated(updated, |modified| jsonld::rocu(&view.site, rocu, modified));
            let charts = answerable_charts::rocu(charts_index, rocu);
            self.page(&output, "rocu.html", meta, move |c| {
                c.insert("charts", &charts);
                c.insert("rocu", rocu);
            });
        }
    }

    /// Each force's page.
    pub(crate) fn force_pages(&mut self, home: &Link) {
        let view = self.view;
        for force in &view.forces {
            // Page n of a long list of what the force was asked; the
            // first is the force's own page.
            let first = urls::force(&force.id);
            let pages = pagination::paginate_groups(force);
            let total = pages.len();
            for (number, groups) in (1..).zip(pages) {
                let path = urls::numbered_page(&first, number);
                let output = format!("{path}index.html");
                if !self.wants(&output) {
                    continue;
                }
                let pagination = Pagination::of_list(&view.site.base_path, &first, number, total);
                let description = format!(
                    "What {} was asked to do, and what its commissioner published in response.",
                    force.name
                );
                let mut crumbs = vec![home.clone(), self.crumb("Forces", "forces/")];
                let meta = if number == 1 {
                    let updated = self.updated(&force.record.file, (&None, &None));
                    self.meta(&force.name, &description, &path, "force", crumbs)
                        .dated(updated, |modified| {
                            jsonld::force(&view.site, force, modified)
                        })
                } else {
                    crumbs.push(self.crumb(&force.name, &first));
                    let title = pagination.title(&force.name);
                    self.meta(&title, &description, &path, "force", crumbs)
                };
                self.page(&output, "force.html", meta, move |c| {
                    if number == 1 {
                        c.insert("force", force);
                    } else {
                        c.insert("force", &ForceOnFurtherPage::of(force));
                    }
                    c.insert("groups", &groups);
                    c.insert("pagination", &pagination);
                    c.insert(
                        "pagination_size",
                        &answerable_resolve::paging::FORCE_ROWS_PER_PAGE,
                    );
                    c.insert("statuses", &view.statuses);
                });
            }
        }
    }

    /// Each response's page.
    pub(crate) fn response_pages(&mut self, home: &Link) {
        let view = self.view;
        for response in &view.responses {
            let path = urls::response(&response.id);
            let output = format!("{path}index.html");
            if !self.wants(&output) {
                continue;
            }
            let updated = self.updated(&response.record.file, (&response.date, &response.date_iso));
            let crumbs = vec![home.clone(), self.crumb("Responses", "responses/")];
            let meta = self
                .meta(
                    &response.title,
                    &first_words(&response.summary_html),
                    &path,
                    "response",
                    crumbs,
                )
                .dated(updated, |modified| {
                    jsonld::response(&view.site, response, modified)
                });
            self.page(&output, "response.html", meta, |c| {
                c.insert("response", response);
            });
        }
    }

    /// Each source document's page, and the document itself beside it.
    pub(crate) fn source_pages(&mut self, home: &Link) {
        let view = self.view;
        for source in &view.sources {
            let path = urls::source(&source.slug);
            // The document itself, unchanged, so a quotation can be traced
            // to the exact bytes it came from (legislation is linked instead).
            if source.kind != "legislation" {
                let file = format!("{path}{}", source.file);
                self.out
                    .push((file, Cow::Borrowed(source.raw_text.as_bytes())));
            }
            let output = format!("{path}index.html");
            if !self.wants(&output) {
                continue;
            }
            let crumbs = vec![home.clone(), self.crumb("Sources", "sources/")];
            let description = source
                .description
                .clone()
                .unwrap_or_else(|| source.title.clone());
            let updated = self.updated(&source.record.file, (&None, &None));
            // A report's document shares its title with the inspection's
            // page: the page's title says which of the two it is.
            let title = match source.kind {
                "legislation" => format!("{} (legislation)", source.title),
                _ => format!("{} (source document)", source.title),
            };
            let meta = self
                .meta(&title, &description, &path, "source", crumbs)
                .dated(updated, |modified| {
                    jsonld::source(&view.site, source, modified)
                });
            self.page(&output, "source.html", meta, |c| {
                c.insert("source", source);
            });
        }
    }

    /// Each content page's page.
    pub(crate) fn content_pages(&mut self, home: &Link) {
        let view = self.view;
        for page in &view.pages {
            let path = urls::page(&page.slug);
            let output = format!("{path}index.html");
            if !self.wants(&output) {
                continue;
            }
            let description = page.description.clone().unwrap_or_default();
            let meta = self.meta(&page.title, &description, &path, "page", vec![home.clone()]);
            let ld = jsonld::page(&view.site, page, &meta.description);
            let meta = meta.with_ld(ld);
            self.page(&output, "page.html", meta, |c| {
                c.insert("page", page);
            });
        }
    }
}

/// What a force's further pages (`/forces/<id>/page/2/` …) show of the
/// force itself; its own page has the rest. The whole force, its record
/// highlighted again and every response listed, was made into a template
/// value for each of those pages: 170 a force at 100,000 pages.
#[derive(Serialize)]
struct ForceOnFurtherPage<'v> {
    id: &'v str,
    name: &'v str,
    url: &'v str,
    rocu: &'v Link,
}

impl<'v> ForceOnFurtherPage<'v> {
    fn of(force: &'v answerable_resolve::ForceView) -> Self {
        ForceOnFurtherPage {
            id: &force.id,
            name: &force.name,
            url: &force.url,
            rocu: &force.rocu,
        }
    }
}
