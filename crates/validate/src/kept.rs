//! What checking each response found, kept from one check of a site to the
//! next (`serve`), so that a save checks again only the responses it can
//! have changed.
//!
//! A response's checks depend on the response, the quotation index of the
//! document it cites, and the ids of the forces, inspections, stances and
//! source documents (with the numbers and causes of concern of its own
//! inspection). An unchanged response file gives the very same record
//! (the loader keeps it), and an unchanged document the very same index,
//! so each is recognised by its allocation; the ids are hashed, once per
//! check. Checking every response again was about half of the CPU time
//! a save spent checking a 10,000-page site, most of it their 23,654
//! quotations.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use answerable_base::memo;
use answerable_data::diagnostics::Diagnostic;
use answerable_data::model::{Inspection, Response};
use answerable_data::quote::QuoteIndex;

/// Each response's findings from the last check, when remembering.
pub struct Kept {
    remember: bool,
    /// By the address of the response's record, which the entry holds, so
    /// that no other record can take its address while it is kept.
    last: Mutex<HashMap<usize, Checked>>,
}

struct Checked {
    response: Arc<Response>,
    source: Option<Arc<QuoteIndex>>,
    /// The hash of the ids its checks looked up.
    context: u64,
    found: Vec<Diagnostic>,
}

impl Kept {
    pub fn new(remember: bool) -> Self {
        Kept {
            remember,
            last: Mutex::default(),
        }
    }

    pub(crate) fn remembers(&self) -> bool {
        self.remember
    }

    /// Starts a check of every response: what the last check found is
    /// taken, and what this one finds replaces it when it is
    /// [`Checking::finish`]ed.
    pub(crate) fn begin(&self, context: u64) -> Checking<'_> {
        let last = std::mem::take(&mut *self.last.lock().unwrap_or_else(|e| e.into_inner()));
        Checking {
            kept: self,
            context,
            last,
            now: HashMap::new(),
        }
    }
}

/// One check of every response, finding what the last one kept.
pub(crate) struct Checking<'k> {
    kept: &'k Kept,
    /// The hash of every id a response's checks may look up.
    context: u64,
    last: HashMap<usize, Checked>,
    now: HashMap<usize, Checked>,
}

impl Checking<'_> {
    /// What checking `response` finds: kept from the last check when
    /// nothing it depends on changed, else `check`'s findings.
    pub(crate) fn response(
        &mut self,
        response: &Arc<Response>,
        inspection: Option<&Inspection>,
        source: Option<&Arc<QuoteIndex>>,
        check: impl FnOnce() -> Vec<Diagnostic>,
    ) -> &[Diagnostic] {
        let context = memo::key(&(self.context, inspection.map(numbers_and_causes)));
        let address = Arc::as_ptr(response) as usize;
        let checked = match self.last.remove(&address) {
            Some(last)
                if last.context == context
                    && same(last.source.as_ref(), source)
                    && Arc::ptr_eq(&last.response, response) =>
            {
                last
            }
            _ => Checked {
                response: Arc::clone(response),
                source: source.cloned(),
                context,
                found: check(),
            },
        };
        &self
            .now
            .entry(address)
            .insert_entry(checked)
            .into_mut()
            .found
    }

    /// Keeps this check's findings for the next.
    pub(crate) fn finish(self) {
        *self.kept.last.lock().unwrap_or_else(|e| e.into_inner()) = self.now;
    }
}

fn same(a: Option<&Arc<QuoteIndex>>, b: Option<&Arc<QuoteIndex>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// What of its inspection a response's checks look up.
fn numbers_and_causes(inspection: &Inspection) -> impl Hash + '_ {
    let numbers: Vec<u32> = (inspection.recommendations.iter())
        .map(|r| r.number.value)
        .collect();
    let causes: Vec<&str> = (inspection.causes_of_concern.iter())
        .map(|c| c.id.value.as_str())
        .collect();
    (&inspection.id.value, numbers, causes)
}
