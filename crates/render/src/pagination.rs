//! Long lists over numbered pages, as GOV.UK's pagination pattern does it:
//! "Previous" and "Next", the first and last page numbers, the current one
//! and its neighbours, gaps between, and `rel="prev"`/`rel="next"` links in
//! the head. Plain links, so it needs no script. A page of a force lists
//! at most 100 recommendations, and a page of the inspections,
//! recommendations, responses or source documents at most 100 records
//! (`answerable_resolve::paging` says which go where), so those pages do
//! not grow with the size of the site (at 10,000 pages a force's page was
//! 1.5 MB).

use serde::Serialize;

use answerable_data::urls;
use answerable_resolve::{ForceRow, ForceView, Link};

/// Where a page stands among its list's pages, for the `pagination` macro
/// and the head's `rel` links.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// From 1.
    pub current: usize,
    pub total: usize,
    pub previous: Option<PageLink>,
    pub next: Option<PageLink>,
    /// The numbers to show, with gaps.
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Item {
    Page {
        number: usize,
        url: String,
        current: bool,
    },
    /// Pages left out between two numbers.
    Gap,
}

impl Pagination {
    /// Page `current` of `total`, each page's address from `url_of`.
    pub fn new(current: usize, total: usize, url_of: impl Fn(usize) -> String) -> Self {
        let link = |number| PageLink {
            number,
            url: url_of(number),
        };
        // The first, the last, and the current page with its neighbours.
        let shown = |n: usize| n == 1 || n == total || n.abs_diff(current) <= 1;
        let mut items = Vec::new();
        for number in (1..=total).filter(|n| shown(*n)) {
            if let Some(Item::Page { number: last, .. }) = items.last()
                && number > last + 1
            {
                items.push(Item::Gap);
            }
            items.push(Item::Page {
                number,
                url: url_of(number),
                current: number == current,
            });
        }
        Pagination {
            current,
            total,
            previous: (current > 1).then(|| link(current - 1)),
            next: (current < total).then(|| link(current + 1)),
            items,
        }
    }

    /// Page `current` of `total` of the list whose first page is at
    /// `first` (`forces/essex/`), its pages where
    /// [`urls::numbered_page`] puts them under `base_path`.
    pub fn of_list(base_path: &str, first: &str, current: usize, total: usize) -> Self {
        Self::new(current, total, |n| {
            format!("{base_path}{}", urls::numbered_page(first, n))
        })
    }

    /// A page's title: the list's own on its first page, and
    /// "<title>: page n of N" on the others, so that no two share one.
    pub fn title(&self, title: &str) -> String {
        match self.current {
            1 => title.to_string(),
            n => format!("{title}: page {n} of {}", self.total),
        }
    }
}

/// Part of one inspection's group of a force's rows, as one page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct GroupPart<'a> {
    pub inspection: &'a Link,
    pub responses_expected: bool,
    pub rows: &'a [ForceRow],
    /// Whether the group began on an earlier page.
    pub continued: bool,
}

/// A force's groups of rows over its numbered pages ([`ForceView::pages`]).
pub fn paginate_groups(force: &ForceView) -> Vec<Vec<GroupPart<'_>>> {
    let groups = &force.groups;
    (force.pages().into_iter())
        .map(|page| {
            (page.into_iter())
                .map(|(index, part)| {
                    let group = &groups[index];
                    GroupPart {
                        inspection: &group.inspection,
                        responses_expected: group.responses_expected,
                        continued: part.start > 0,
                        rows: &group.rows[part],
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(p: &Pagination) -> String {
        (p.items.iter())
            .map(|i| match i {
                Item::Page {
                    number,
                    current: true,
                    ..
                } => format!("[{number}]"),
                Item::Page { number, .. } => number.to_string(),
                Item::Gap => "…".to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_first_last_and_neighbours_are_shown_with_gaps_between() {
        let url = |n: usize| format!("/p/{n}/");
        assert_eq!(numbers(&Pagination::new(1, 1, url)), "[1]");
        assert_eq!(numbers(&Pagination::new(1, 10, url)), "[1] 2 … 10");
        assert_eq!(numbers(&Pagination::new(5, 10, url)), "1 … 4 [5] 6 … 10");
        assert_eq!(numbers(&Pagination::new(3, 10, url)), "1 2 [3] 4 … 10");
        assert_eq!(numbers(&Pagination::new(10, 10, url)), "1 … 9 [10]");
        let p = Pagination::new(5, 10, url);
        assert_eq!(p.previous.as_ref().map(|l| l.url.as_str()), Some("/p/4/"));
        assert_eq!(p.next.as_ref().map(|l| l.number), Some(6));
        let first = Pagination::new(1, 10, url);
        assert!(first.previous.is_none());
    }
}
