//! The views of responses: each position with its quotation found in the
//! response's source.

use super::*;

impl Resolver<'_> {
    pub(crate) fn response(&self, response: &Response) -> ResponseView {
        let inspection = self
            .inspection_of(&response.inspection.value)
            .expect("validated: the inspection exists");
        let positions: Vec<Arc<Position>> = response
            .positions
            .iter()
            .map(|p| Arc::new(self.position(response, inspection, p)))
            .collect();
        let silent_on = inspection
            .recommendations
            .iter()
            .filter(|r| r.concerns_forces())
            .filter(|r| {
                !response
                    .positions
                    .iter()
                    .any(|p| p.recommendation.value == r.number.value)
            })
            .map(|r| self.recommendation_link(inspection, r.number.value))
            .collect();
        let force = self.lookup.forces.get(response.force.value.as_str());
        let timing = self.window(inspection).map(|window| {
            let dated = match response.date {
                Some(date) => format!("Dated {date}."),
                None => "The response is undated.".to_string(),
            };
            let condition = if window.binding {
                String::new()
            } else {
                format!(" if {} applies", window.duty)
            };
            format!(
                "{dated} Comments on the report would be due {}{condition}.",
                window.due
            )
        });
        ResponseView {
            id: response.id.clone(),
            url: self.url(&urls::response(&response.id)),
            title: self.response_title(response),
            inspection: self.inspection_link(inspection),
            force: self.force_link(&response.force.value),
            rocu: force.map_or_else(
                || self.link("", "rocus/"),
                |f| self.rocu_link(&f.rocu.value),
            ),
            author: response.author.clone(),
            role: response.role.clone(),
            date: response.date.map(|d| d.to_string()),
            date_iso: response.date.map(|d| d.iso()),
            reference: response.reference.clone(),
            addressee: response.addressee.clone(),
            source: self.source_link(&response.source.value),
            summary_html: self.markdown(&response.summary.value),
            positions,
            points: response
                .points
                .iter()
                .map(|p| PointView {
                    topic: p.topic.clone(),
                    quote: self.quotation(&p.quote.value, &response.source.value),
                    cause_of_concern: p
                        .cause_of_concern
                        .as_ref()
                        .and_then(|c| {
                            inspection
                                .causes_of_concern
                                .iter()
                                .find(|x| x.id.value == c.value)
                        })
                        .map(|c| {
                            let cause = self.cause(inspection, c);
                            Link::to_page(cause.title, cause.url)
                        }),
                })
                .collect(),
            silent_on,
            timing,
            commentary_html: self.commentary(EntityRef::Response(response.id.clone())),
            record: self.record(&response.origin, None),
        }
    }
}
