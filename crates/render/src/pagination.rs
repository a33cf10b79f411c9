//! Long lists over numbered pages, as GOV.UK's pagination pattern does it:
//! "Previous" and "Next", the first and last page numbers, the current one
//! and its neighbours, gaps between, and `rel="prev"`/`rel="next"` links in
//! the head. Plain links, so it needs no script. A page of a force lists
//! at most [`FORCE_ROWS_PER_PAGE`] recommendations, and a page of the
//! inspections, recommendations, responses or source documents at most 100
//! (`INDEX_ITEMS_PER_PAGE`), so those pages do not grow with the size of
//! the site (at 10,000 pages a force's page was 1.5 MB).

use std::ops::Range;

use serde::Serialize;

use answerable_data::urls;
use answerable_resolve::{ForceGroup, ForceRow, Link};

/// The most recommendations one page of a force lists.
pub const FORCE_ROWS_PER_PAGE: usize = 100;

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

/// A force's groups of rows over pages of at most `per_page` rows (see
/// [`split`]).
pub fn paginate_groups(groups: &[ForceGroup], per_page: usize) -> Vec<Vec<GroupPart<'_>>> {
    let sizes: Vec<usize> = groups.iter().map(|g| g.rows.len()).collect();
    (split(&sizes, per_page).into_iter())
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

/// Groups of `sizes` items over pages of at most `per_page` items: each
/// page a list of (group, range of its items). A group that does not fit
/// in what is left of a page starts the next one rather than being split;
/// only a group larger than a page is split, over as many as it needs.
/// There is always at least one page.
pub fn split(sizes: &[usize], per_page: usize) -> Vec<Vec<(usize, Range<usize>)>> {
    let per_page = per_page.max(1);
    let mut pages: Vec<Vec<(usize, Range<usize>)>> = vec![Vec::new()];
    let mut used = 0;
    for (index, &size) in sizes.iter().enumerate() {
        let mut start = 0;
        loop {
            let rest = size - start;
            if rest > per_page - used && used > 0 {
                pages.push(Vec::new());
                used = 0;
                continue;
            }
            let take = rest.min(per_page - used);
            pages
                .last_mut()
                .expect("a page")
                .push((index, start..start + take));
            used += take;
            start += take;
            if start == size {
                break;
            }
            pages.push(Vec::new());
            used = 0;
        }
    }
    pages
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

    #[test]
    fn groups_fill_pages_whole_and_only_an_oversized_one_is_split() {
        assert_eq!(split(&[], 10), vec![vec![]]);
        assert_eq!(split(&[3, 4], 10), vec![vec![(0, 0..3), (1, 0..4)]]);
        // The second group does not fit in what is left: the next page.
        assert_eq!(
            split(&[6, 6, 4], 10),
            vec![vec![(0, 0..6)], vec![(1, 0..6), (2, 0..4)]]
        );
        // Larger than a page: split, starting on a page of its own.
        assert_eq!(
            split(&[2, 25, 1], 10),
            vec![
                vec![(0, 0..2)],
                vec![(1, 0..10)],
                vec![(1, 10..20)],
                vec![(1, 20..25), (2, 0..1)]
            ]
        );
        // Every item is on exactly one page, in order, none over the limit.
        let sizes = [7, 0, 13, 100, 3, 9, 1];
        let pages = split(&sizes, 10);
        assert!(
            pages
                .iter()
                .all(|p| p.iter().map(|(_, r)| r.len()).sum::<usize>() <= 10)
        );
        let mut seen = vec![0; sizes.len()];
        for (index, part) in pages.iter().flatten() {
            assert_eq!(part.start, seen[*index]);
            seen[*index] = part.end;
        }
        assert_eq!(seen, sizes);
    }
}
