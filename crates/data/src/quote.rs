//! Finding quotations in source documents, and the paragraphs they sit in.
//!
//! A quotation matches when it is in the source word for word, tolerating
//! only what copying from a PDF or letter changes without changing the words:
//! line breaks and runs of spaces, curly versus straight quote marks, and the
//! different dashes. Nothing else (not case, not punctuation) is forgiven.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::model::SourceDoc;

/// A source document's text, normalised once so that many quotations can be
/// looked up in it.
pub struct QuoteIndex {
    normalised: String,
    /// Where each byte of `normalised` is in the original text.
    offsets: Offsets,
    paragraphs: Vec<Paragraph>,
    /// Quotations already looked up: `validate` and `resolve` both look up
    /// every one, and `serve` keeps the index from build to build.
    found: Mutex<foldhash::HashMap<String, Option<Range<usize>>>>,
}

impl QuoteIndex {
    pub fn new(text: &str) -> Self {
        let (normalised, offsets) = normalise_with_offsets(text);
        QuoteIndex {
            normalised,
            offsets,
            paragraphs: paragraphs(text),
            found: Mutex::default(),
        }
    }

    /// The byte range in the original text where the quotation occurs first.
    pub fn find(&self, quote: &str) -> Option<Range<usize>> {
        // A panic elsewhere cannot leave the map half-changed.
        let found = || self.found.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(range) = found().get(quote) {
            return range.clone();
        }
        let range = self.search(quote);
        found().insert(quote.to_string(), range.clone());
        range
    }

    /// The offset in the original text of byte `at` of `normalised`.
    fn offset(&self, at: usize) -> usize {
        self.offsets.get(at)
    }

    fn search(&self, quote: &str) -> Option<Range<usize>> {
        let needle = normalise(quote);
        let needle = needle.trim();
        if needle.is_empty() {
            return None;
        }
        let start = self.normalised.find(needle)?;
        let end = start + needle.len();
        Some(self.offset(start)..self.offset(end - 1) + 1)
    }

    /// Where a quotation that is not in the source comes closest to it:
    /// the longest stretch of its beginning (or else of its end) that the
    /// source has, and what each says where they part. None when no
    /// stretch of a few words matches.
    pub fn closest(&self, quote: &str) -> Option<Closest> {
        let needle = normalise(quote);
        let needle = needle.trim();
        let prefix = self.longest(needle, |len| &needle[..len]);
        let suffix = self.longest(needle, |len| &needle[needle.len() - len..]);
        let (len, from_start) = if prefix >= suffix {
            (prefix, true)
        } else {
            (suffix, false)
        };
        if len < MIN_CLOSE.min(needle.len()) || len == needle.len() {
            return None;
        }
        let (at, source_side, quote_side) = if from_start {
            let matched = &needle[..len];
            let at = self.normalised.find(matched)?;
            let shared = tail(matched, CONTEXT);
            (
                at + len,
                format!("{shared}{}", head(&self.normalised[at + len..], CONTEXT)),
                format!("{shared}{}", head(&needle[len..], CONTEXT)),
            )
        } else {
            let matched = &needle[needle.len() - len..];
            let at = self.normalised.find(matched)?;
            let shared = head(matched, CONTEXT);
            (
                at,
                format!("{}{shared}", tail(&self.normalised[..at], CONTEXT)),
                format!("{}{shared}", tail(&needle[..needle.len() - len], CONTEXT)),
            )
        };
        let last = self.normalised.len().checked_sub(1)?;
        let offset = self.offsets.get(at.min(last));
        Some(Closest {
            paragraph: self.paragraph_of(offset),
            source: source_side,
            quotation: quote_side,
        })
    }

    /// The longest `len` (at a character boundary) for which `part(len)`
    /// is in the source. A part that is in it has every shorter part in
    /// it too, so a binary search finds it.
    fn longest<'n>(&self, needle: &'n str, part: impl Fn(usize) -> &'n str) -> usize {
        let bounds: Vec<usize> = (needle.char_indices().map(|(i, _)| i).skip(1))
            .chain([needle.len()])
            .collect();
        let found = bounds.partition_point(|&len| {
            let boundary = needle.is_char_boundary(needle.len() - len);
            boundary && self.normalised.contains(part(len))
        });
        found.checked_sub(1).map_or(0, |i| bounds[i])
    }

    /// The number of the paragraph containing `offset`: its first block's
    /// (see [`Paragraph`]), the one its anchor is named by.
    pub fn paragraph_of(&self, offset: usize) -> Option<usize> {
        // Paragraphs are in order and do not overlap.
        let i = self.paragraphs.partition_point(|p| p.range.end <= offset);
        let paragraph = self.paragraphs.get(i)?;
        (paragraph.range.start <= offset).then_some(paragraph.first)
    }

    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }
}

/// Where a quotation parts from the closest passage of its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closest {
    /// The source's paragraph (1-based) where they part.
    pub paragraph: Option<usize>,
    /// A few words of the source around where they part.
    pub source: String,
    /// The same stretch of the quotation.
    pub quotation: String,
}

/// Fewer matching bytes than this say nothing about where a quotation
/// came from.
const MIN_CLOSE: usize = 12;
/// How many characters each side of a difference to show.
const CONTEXT: usize = 24;

/// About the first `chars` characters of `text`, to the end of a word.
fn head(text: &str, chars: usize) -> &str {
    let cut = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i);
    let end = text[cut..].find(' ').map_or(text.len(), |i| cut + i);
    &text[..end]
}

/// About the last `chars` characters of `text`, from the start of a word.
fn tail(text: &str, chars: usize) -> &str {
    let count = text.chars().count();
    let cut = (text.char_indices().nth(count.saturating_sub(chars))).map_or(0, |(i, _)| i);
    let start = if text[cut..].starts_with(' ') {
        cut + 1
    } else {
        text[..cut].rfind(' ').map_or(0, |i| i + 1)
    };
    &text[start..]
}

/// A paragraph of a source document, rebuilt from the blocks its text is
/// split into at blank lines. A PDF's text breaks at its pages and lines,
/// not only between paragraphs, so a block that stops mid-sentence and
/// one that carries on in lower case are one paragraph. Blocks are
/// numbered 1, 2, 3 … in order, and a paragraph is named by its first
/// block: `#p9` for blocks 9 and 10, whose old address `#p10` still leads
/// to it. So no address ever given to a paragraph changes meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in the original text, trimmed of surrounding white space.
    pub range: Range<usize>,
    /// The 1-based numbers of its first and last block.
    pub first: usize,
    pub last: usize,
}

/// Splits a plain-text document into paragraphs: at blank lines, where the
/// text before ends a sentence or the text after begins one, a heading or
/// a list item.
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut result: Vec<Paragraph> = Vec::new();
    for (i, block) in blocks(text).into_iter().enumerate() {
        match result.last_mut() {
            Some(open) if carries_on(&text[open.range.clone()], &text[block.clone()]) => {
                open.range.end = block.end;
                open.last = i + 1;
            }
            _ => result.push(Paragraph {
                range: block,
                first: i + 1,
                last: i + 1,
            }),
        }
    }
    result
}

/// Whether `next` continues the sentence `before` leaves open: `before`
/// does not end a sentence, and `next` begins in lower case, not with a
/// list marker ("a)", "ii.").
fn carries_on(before: &str, next: &str) -> bool {
    let mut ending = before.trim_end().chars().rev();
    let last = ending.next();
    let ends_sentence = match last {
        Some('.' | '!' | '?' | ':') => true,
        Some('"' | '”' | '’' | '\'' | ')') => matches!(ending.next(), Some('.' | '!' | '?')),
        _ => false,
    };
    let first_word = next.split_whitespace().next().unwrap_or("");
    let lower = first_word.chars().next().is_some_and(char::is_lowercase);
    let marker = first_word.len() <= 5 && (first_word.ends_with(')') || first_word.ends_with('.'));
    !ends_sentence && lower && !marker
}

/// The blocks of a plain-text document, split at blank lines. Ranges are
/// byte ranges of the original text, trimmed of surrounding white space.
fn blocks(text: &str) -> Vec<Range<usize>> {
    let mut result = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                result.push(s..end);
            }
        } else {
            let leading = line.len() - line.trim_start().len();
            start.get_or_insert(offset + leading);
            end = offset + line.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        result.push(s..end);
    }
    result
}

/// The normalised form used for comparison.
pub fn normalise(text: &str) -> String {
    normalise_with_offsets(text).0
}

fn normalise_with_offsets(text: &str) -> (String, Offsets) {
    let mut out = String::with_capacity(text.len());
    let mut offsets = Offsets::default();
    let mut in_space = false;
    for (offset, c) in text.char_indices() {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        if c.is_whitespace() {
            if !in_space && !out.is_empty() {
                offsets.push(out.len(), offset);
                out.push(' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let mapped = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => '-',
            other => other,
        };
        let before = out.len();
        out.push(mapped);
        for at in before..out.len() {
            offsets.push(at, offset);
        }
    }
    offsets.anchors.shrink_to_fit();
    (out, offsets)
}

/// Each source document's quotation index, by its file in `seeds/`.
pub type QuoteIndexes = BTreeMap<String, Arc<QuoteIndex>>;

/// Each source document's index, kept from one build to the next when
/// remembering (`serve`). An unchanged document is found by its text's
/// allocation, which the loader shares between loads, so it is neither
/// indexed nor even hashed again: hashing every document on every save was
/// a few milliseconds at 10,000 pages.
pub struct KeptIndexes {
    remember: bool,
    last: Mutex<LastIndexes>,
}

#[derive(Default)]
struct LastIndexes {
    /// The documents last indexed, as the loader shares them: held, so
    /// that no other text can be given their texts' allocations.
    sources: Vec<Arc<SourceDoc>>,
    indexes: Arc<QuoteIndexes>,
}

impl KeptIndexes {
    pub fn new(remember: bool) -> Self {
        KeptIndexes {
            remember,
            last: Mutex::default(),
        }
    }

    /// The index of each document of `sources` that has its text, by file.
    /// When remembering and the documents are the very ones of last time
    /// (the loader keeps them until one is saved), the very same indexes,
    /// so that what was made from them can be known to hold too.
    pub fn of(&self, sources: &[Arc<SourceDoc>]) -> Arc<QuoteIndexes> {
        // Each document is indexed on its own, so side by side: a tenth of
        // a second on one core at 10,000 pages.
        let with_text = || {
            (sources.par_iter())
                .filter_map(|source| Some((&source.file.value, source.text.as_ref()?)))
        };
        let by_file = |made: Vec<(String, Arc<QuoteIndex>)>| Arc::new(made.into_iter().collect());
        if !self.remember {
            let made = with_text()
                .map(|(file, text)| (file.clone(), Arc::new(QuoteIndex::new(text))))
                .collect();
            return by_file(made);
        }
        // A panic elsewhere cannot leave the memo half-changed: it is
        // replaced whole.
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let same_documents = last.sources.len() == sources.len()
            && (last.sources.iter().zip(sources)).all(|(was, is)| Arc::ptr_eq(was, is));
        if same_documents {
            return Arc::clone(&last.indexes);
        }
        let texts_were: HashMap<&str, &Arc<str>> = (last.sources.iter())
            .filter_map(|s| Some((s.file.value.as_str(), s.text.as_ref()?)))
            .collect();
        let made = with_text()
            .map(|(file, text)| {
                let kept = (texts_were.get(file.as_str()))
                    .filter(|was| Arc::ptr_eq(was, text))
                    .and_then(|_| last.indexes.get(file));
                let index = kept.map_or_else(|| Arc::new(QuoteIndex::new(text)), Arc::clone);
                (file.clone(), index)
            })
            .collect();
        let indexes = by_file(made);
        *last = LastIndexes {
            sources: sources.to_vec(),
            indexes: Arc::clone(&indexes),
        };
        indexes
    }
}

/// Where each byte of a normalised text is in the original: kept only
/// where the two do not step on together (a run of spaces made one, a
/// curly quote made straight, the second byte of a character beyond
/// ASCII), each such byte with its original offset; between two, both
/// advance a byte at a time. `serve` keeps an index of every source
/// document, and an offset for every byte was 80 MB at 10,000 pages, four
/// times the text. Offsets are `u32`: no document comes near 4 GiB (the
/// host takes 1 GB in all).
#[derive(Default)]
struct Offsets {
    /// (byte of the normalised text, its offset in the original), in order.
    anchors: Vec<(u32, u32)>,
}

impl Offsets {
    /// Byte `at` of the normalised text (each in turn) is at `offset`.
    fn push(&mut self, at: usize, offset: u32) {
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        let stepped =
            (self.anchors.last()).is_some_and(|&(n, o)| o.checked_add(at - n) == Some(offset));
        if !stepped {
            self.anchors.push((at, offset));
        }
    }

    /// The original offset of byte `at` of the normalised text (one that
    /// was pushed).
    fn get(&self, at: usize) -> usize {
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        let i = self.anchors.partition_point(|&(n, _)| n <= at);
        let (n, o) = self.anchors[i - 1];
        (o + (at - n)) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_normalised_byte_maps_to_where_it_was() {
        let texts = [
            SOURCE,
            "",
            "   ",
            "plain ascii text",
            "  lead\t\tand trail  ",
            "Ŵyn \u{2018}Cymru\u{2019} \u{2014} café, naïve\r\n\r\nend",
            "\u{201C}\u{201D}\u{2013}\u{2212}é",
        ];
        for text in texts {
            let (normalised, offsets) = normalise_with_offsets(text);
            // Each normalised byte comes from the character at its offset:
            // itself, or the one it was made from.
            let mut expected = Vec::new();
            let mut in_space = false;
            for (offset, c) in text.char_indices() {
                if c.is_whitespace() {
                    if !in_space && !expected.is_empty() {
                        expected.push(offset);
                    }
                    in_space = true;
                    continue;
                }
                in_space = false;
                let len = normalise(&c.to_string()).len();
                expected.extend(std::iter::repeat_n(offset, len));
            }
            assert_eq!(expected.len(), normalised.len(), "{text:?}");
            for (at, offset) in expected.into_iter().enumerate() {
                assert_eq!(offsets.get(at), offset, "{text:?} byte {at}");
            }
        }
    }

    const SOURCE: &str = "Dear Home Secretary,\n\nI have received assurance  from my Chief\nConstable that Essex Police are \u{2018}meeting\u{2019} the\n\nrequirements \u{2013} all of them.\n";

    #[test]
    fn tolerates_line_breaks_spaces_quote_marks_and_dashes() {
        let index = QuoteIndex::new(SOURCE);
        let found = index
            .find("assurance from my Chief Constable that Essex Police are 'meeting' the requirements - all")
            .expect("quotation should be found");
        assert!(SOURCE[found.clone()].starts_with("assurance"));
        assert!(SOURCE[found].ends_with("all"));
    }

    #[test]
    fn a_quotation_not_found_is_shown_where_it_parts_from_the_source() {
        let index = QuoteIndex::new(
            "Dear Home Secretary,\n\nWe have appointed a lead officer for serious crime already.\n",
        );
        let closest = index
            .closest("We have appointed a lead officers for serious crime")
            .unwrap();
        assert_eq!(closest.paragraph, Some(2));
        assert_eq!(
            closest.source,
            "appointed a lead officer for serious crime already."
        );
        assert_eq!(
            closest.quotation,
            "appointed a lead officers for serious crime"
        );
        // The end matches when the beginning does not.
        let closest = index
            .closest("They appointed a lead officer for serious crime already.")
            .unwrap();
        assert_eq!(
            closest.source,
            "Home Secretary, We have appointed a lead officer"
        );
        assert_eq!(closest.quotation, "They appointed a lead officer");
        assert_eq!(index.closest("Nothing like it at all"), None);
    }

    #[test]
    fn refuses_changed_words_case_or_punctuation() {
        let index = QuoteIndex::new(SOURCE);
        assert!(index.find("assurance from my chief constable").is_none());
        assert!(index.find("assurance from our Chief").is_none());
        assert!(index.find("Dear Home Secretary.").is_none());
        assert!(index.find("   ").is_none());
    }

    #[test]
    fn paragraphs_are_rebuilt_across_a_break_mid_sentence_and_keep_their_numbers() {
        let index = QuoteIndex::new(SOURCE);
        let found: Vec<(usize, usize)> = (index.paragraphs().iter())
            .map(|p| (p.first, p.last))
            .collect();
        // "… are both meeting the" / "requirements outlined …" is one.
        assert_eq!(found, [(1, 1), (2, 3)]);
        assert_eq!(
            &SOURCE[index.paragraphs()[0].range.clone()],
            "Dear Home Secretary,"
        );
        // A quotation in the second block is in paragraph 2, whose anchor
        // the old address of block 3 also leads to.
        let found = index.find("requirements").unwrap();
        assert_eq!(index.paragraph_of(found.start), Some(2));
        let found = index.find("I have received").unwrap();
        assert_eq!(index.paragraph_of(found.start), Some(2));
    }

    #[test]
    fn a_sentence_end_a_capital_or_a_list_marker_starts_a_paragraph() {
        let numbered = |text: &str| -> Vec<(usize, usize)> {
            paragraphs(text).iter().map(|p| (p.first, p.last)).collect()
        };
        assert_eq!(numbered("It ends.\n\nand this starts"), [(1, 1), (2, 2)]);
        assert_eq!(numbered("Appendix A\n\nRecommendations"), [(1, 1), (2, 2)]);
        assert_eq!(
            numbered("the force should:\n\na) appoint"),
            [(1, 1), (2, 2)]
        );
        assert_eq!(
            numbered("provides a lead; and\n\n- enables"),
            [(1, 1), (2, 2)]
        );
        assert_eq!(numbered("said “this.”\n\nand then"), [(1, 1), (2, 2)]);
        assert_eq!(
            numbered("a vital part of\n\npolicing. Then\n\nmore"),
            [(1, 3)]
        );
    }
}
