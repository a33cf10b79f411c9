//! What many views show alike, made once per resolve and shared.

use super::*;

/// What many views show alike, made on first use and shared (serialised
/// as if each view had its own copy). At 10,000 pages the forces' rows
/// alone held 46,000 copies of 1,733 recommendations' texts and deadlines,
/// and each position copied its recommendation's text and its stance.
pub(crate) struct Shared<'d> {
    /// By inspection id, then number.
    recommendations: HashMap<&'d str, HashMap<u32, RecommendationParts>>,
    /// The statuses a force's row can have ([`ROW_STATUSES`]).
    pub(crate) statuses: HashMap<&'static str, Arc<Term>>,
    stances: HashMap<&'d str, Arc<Term>>,
}

/// A recommendation as every force's row and every position shows it.
pub(crate) struct RecommendationParts {
    pub(crate) link: Arc<Link>,
    pub(crate) text: Arc<str>,
    pub(crate) deadline: Arc<Deadline>,
}

/// What is on record from a force about a recommendation asked of it.
pub(crate) const ROW_STATUSES: [&str; 3] = ["position-recorded", "no-position", "no-response"];

impl<'d> Shared<'d> {
    /// The recommendation `number` of `inspection`, if it has one.
    pub(crate) fn recommendation(
        &self,
        inspection: &Inspection,
        number: u32,
    ) -> Option<&RecommendationParts> {
        self.recommendations
            .get(inspection.id.value.as_str())?
            .get(&number)
    }

    /// The stance with this id (validation guarantees it is in the
    /// vocabulary; a bare id otherwise, as [`term_with_id`] gives).
    pub(crate) fn stance(&self, id: &str, vocabulary: &Vocabulary) -> Arc<Term> {
        match self.stances.get(id) {
            Some(stance) => Arc::clone(stance),
            None => Arc::new(term_with_id(&vocabulary.stances, id)),
        }
    }
}

impl<'d> Resolver<'d> {
    /// The shared parts, made by the first view that asks.
    pub(crate) fn shared(&self) -> &Shared<'d> {
        self.shared.get_or_init(|| self.make_shared())
    }

    fn make_shared(&self) -> Shared<'d> {
        let dataset: &'d Dataset = self.dataset;
        let recommendations = (dataset.inspections.iter())
            .map(|inspection| {
                let parts = (inspection.recommendations.iter())
                    .map(|recommendation| {
                        let number = recommendation.number.value;
                        let parts = RecommendationParts {
                            link: Arc::new(self.recommendation_link(inspection, number)),
                            text: Arc::from(recommendation.text.as_str()),
                            deadline: Arc::new(self.deadline(inspection, recommendation)),
                        };
                        (number, parts)
                    })
                    .collect();
                (inspection.id.value.as_str(), parts)
            })
            .collect();
        let statuses = (ROW_STATUSES.iter())
            .map(|id| (*id, Arc::new(self.status(id))))
            .collect();
        let stances = (dataset.vocabulary.stances.iter())
            .map(|t| (t.id.value.as_str(), Arc::new(term(t))))
            .collect();
        Shared {
            recommendations,
            statuses,
            stances,
        }
    }
}
