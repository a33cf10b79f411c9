//! Which items of a long list go on which of its numbered pages. The
//! pages of a force and of the indexes (`render`), and the JSON beside
//! each of a force's pages (`export`), take their rows from here, so a
//! page and its data hold the same rows.

use std::ops::Range;

use crate::ForceView;

/// The most recommendations one page of a force lists.
pub const FORCE_ROWS_PER_PAGE: usize = 100;

impl ForceView {
    /// Its groups of rows over its numbered pages, at most
    /// [`FORCE_ROWS_PER_PAGE`] rows to a page: each page a list of (group,
    /// range of its rows), as [`split`] divides them.
    pub fn pages(&self) -> Vec<Vec<(usize, Range<usize>)>> {
        let sizes: Vec<usize> = self.groups.iter().map(|g| g.rows.len()).collect();
        split(&sizes, FORCE_ROWS_PER_PAGE)
    }
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
